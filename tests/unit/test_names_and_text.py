"""Issue 13 units: printable names, file names from escaped paths, the folder walk's symlink
rules, and the linear cleaning and joining giving exactly what the old code gave."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.paths import display_path, printable
from briefgen.render.views import file_name
from briefgen.sources.reader import _walk
from briefgen.text.clean import _compile, clean_line, default_rules
from briefgen.text.structure import Line, _continues, _join_wrapped

EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# ------------------------------------------------------------------ printable names


def test_printable_escapes_undecodable_bytes_and_control_characters():
    assert printable(os.fsdecode(b"in/caf\xe9.md")) == "in/caf\\xe9.md"
    assert printable("a\n<b>\r\t.md") == "a\\n<b>\\r\\t.md"
    assert printable("x\x1b[2J\x7f\u202eevil\u200b\U000e0001") == (
        "x\\x1b[2J\\x7f\\u202eevil\\u200b\\U000e0001"
    )
    assert printable("Café – 2026 ✓.md") == "Café – 2026 ✓.md"  # printable text is untouched


@EXAMPLES
@given(name=st.binary(max_size=60))
def test_printable_of_any_file_name_is_one_utf8_line_and_stable(name: bytes) -> None:
    shown = printable(os.fsdecode(name))
    assert shown.isprintable() and "\n" not in shown
    shown.encode("utf-8")  # never a UnicodeEncodeError
    assert printable(shown) == shown


def test_display_path_is_printable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert display_path(os.fsdecode(b"out/caf\xe9\n.md")) == "out/caf\\xe9\\n.md"


def test_file_name_keeps_an_escaped_backslash_in_a_posix_name():
    assert file_name("in/caf\\xe9.md") == "caf\\xe9.md"
    assert file_name("/data/in/0042_story.txt") == "0042_story.txt"
    assert file_name("C:\\news\\a.md") == "a.md"
    assert file_name("\\\\server\\share\\b.md") == "b.md"


# ------------------------------------------------------------------ the walk and symlinks


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "o.md").write_text("x", encoding="utf-8")
    (root / "a.md").write_text("x", encoding="utf-8")
    (root / "sub" / "b.md").write_text("x", encoding="utf-8")
    (root / "link-in.md").symlink_to("a.md")
    (root / "link-out.md").symlink_to(tmp_path / "outside" / "o.md")
    (root / "dir-out").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "sub" / "dir-in").symlink_to("..", target_is_directory=True)
    (root / "dangling.md").symlink_to("nowhere.md")
    return root


def test_walk_skips_links_out_and_broken_links_and_reads_links_in(tmp_path):
    root = _tree(tmp_path)
    files, skipped = _walk(root, [], {".md"})
    assert [f.relative_to(root).as_posix() for f in files] == ["a.md", "link-in.md", "sub/b.md"]
    assert [(p.relative_to(root).as_posix(), why.split(" (")[0]) for p, why in skipped] == [
        ("dangling.md", "a broken symlink or a symlink loop"),
        ("dir-out", "a symlink to a folder outside the input folder"),
        ("link-out.md", "a symlink to a file outside the input folder"),
    ]


def test_walk_with_follow_symlinks_reads_out_and_walks_each_real_folder_once(tmp_path):
    root = _tree(tmp_path)
    files, skipped = _walk(root, [], {".md"}, follow_symlinks=True)
    assert [f.relative_to(root).as_posix() for f in files] == [
        "a.md",
        "dir-out/o.md",
        "link-in.md",
        "link-out.md",
        "sub/b.md",
    ]
    assert [p.name for p, _ in skipped] == ["dangling.md"]


# ------------------------------------------------------------------ linear, and the same output


def _join_reference(lines: list[Line]) -> list[str]:
    """The joining as it was before issue 13 (quadratic on one long paragraph)."""
    out: list[str] = []
    prev = ""
    for line in lines:
        if out and not line.after_break and _continues(prev, line.text):
            out[-1] = out[-1] + " " + line.text
        else:
            out.append(line.text)
        prev = line.text
    return out


WORDS = ["the", "ministry", "said", "Exports", "rose,", "of", "1.", "-", "Talks:", "end.", "a"]


@EXAMPLES
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.booleans()),
        max_size=30,
    )
)
def test_joining_is_what_it_was(raw: list[tuple[list[str], bool]]) -> None:
    lines = [Line(" ".join(words), brk) for words, brk in raw]
    assert _join_wrapped(lines) == _join_reference(lines)


def _clean_reference(line: str, rules) -> tuple[str, list[str]]:
    """clean_line spelled out: a line any drop rule finds is dropped, then the affixes."""
    s = " ".join(
        re.sub(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]", " ", line).split()
    )
    if not s:
        return "", []
    if any(r.action == "drop" and r.regex.search(s) for r in rules):
        return "", [s]
    return clean_line(s, [r for r in rules if r.action != "drop"])


LINES = [r.example for r in default_rules() if r.example] + [
    r.keep for r in default_rules() if r.keep
]


@EXAMPLES
@given(
    base=st.sampled_from(LINES),
    cut=st.integers(0, 200),
    extra=st.text(alphabet=st.sampled_from(list("aA .:()[]-—©|»0 \t")), max_size=20),
)
def test_the_drop_rules_drop_exactly_what_each_rule_does(base: str, cut: int, extra: str):
    rules = default_rules()
    for line in (base, base[:cut] + extra, extra + base[cut:]):
        assert clean_line(line, rules) == _clean_reference(line, rules)


def test_each_drop_rule_is_its_own_search_in_order():
    """Not one alternation of every rule: on its own a rule keeps its anchor and literals,
    which let the engine skip ahead (twice as fast on news lines: see clean._compile)."""
    compiled = _compile(default_rules())
    assert compiled.drop == tuple(r.regex for r in default_rules() if r.action == "drop")
    assert len(compiled.affixes) == sum(1 for r in default_rules() if r.action != "drop")
