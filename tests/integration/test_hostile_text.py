"""Issue 13, rows 6, 10, 11 and 15: hostile text, file names and symlinks in the input folder.

Each test writes the attack as real files and runs ``briefgen`` on them. Row 6 runs the text
stage in a child process under ``RLIMIT_CPU`` and ``RLIMIT_AS``: a bound with a wide margin
(the linear code needs about a tenth of it, the quadratic one needed ten times more), never a
speed assertion; the speed itself is benchmarks/bench_text_linear.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.sources.reader import MAX_TEXT_CHARS

ARTICLE = (
    "Quay Minerals Signs Rare Earth Deal\n\n"
    "The port of Vell signed a rare earth processing deal with two refiners on Monday, the "
    "harbour board said. The deal covers critical minerals shipped through the new north "
    "quay, and the first cargo of rare earth oxide is due in March. Officials said the "
    "critical minerals terminal would employ four hundred people by next year.\n"
)
SECRET = "The vault combination is seven left, three right"


def _outputs(out: Path) -> dict[str, str]:
    return {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir() if p.is_file()}


def _build(briefgen_main, cwd: Path, *extra: str):
    return briefgen_main(
        "build", "-i", "in", "-o", "out", "--format", "md,txt,json,html", *extra, cwd=cwd
    )


# ------------------------------------------------------------------ row 6: linear text

CPU_SECONDS = 60  # the 12 MB text takes about 7 s of CPU now; quadratic joining took minutes
ADDRESS_SPACE = 2 * 1024**3
_CHILD = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
    "from briefgen.model import Document\n"
    "from briefgen.text import prepare_article\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "a = prepare_article(Document(path='in/wrapped.txt', text=text), 'a01')\n"
    "print(len(a.text), len(a.sentences))\n"
)
WRAPPED_LINE = "the ministry of mines will review the export rules for critical minerals,\n"


def test_hard_wrapped_megabytes_clean_within_a_cpu_and_memory_bound(tmp_path):
    lines = 12 * 1024 * 1024 // len(WRAPPED_LINE)
    f = tmp_path / "wrapped.txt"
    f.write_text(WRAPPED_LINE * lines, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _CHILD, str(f)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    chars, sentences = map(int, run.stdout.split())
    # one paragraph: every line joined with one space, the trailing comma kept
    assert chars == len(WRAPPED_LINE) * lines - 1 and sentences == 1


_BUILD = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_CPU, ({CPU_SECONDS}, {CPU_SECONDS}))\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
    "sys.argv[0] = 'briefgen'\n"
    "from briefgen.cli import main\n"
    "main()\n"
)


def test_a_whole_build_of_a_hard_wrapped_article_is_bounded_too(tmp_path):
    """Past cleaning, the article is one huge sentence: selection (keywords nested in longer
    ones, relevance.py) must not compare its thousands of keyword mentions pairwise."""
    (tmp_path / "in").mkdir()
    lines = 3 * 1024 * 1024 // len(WRAPPED_LINE)
    (tmp_path / "in" / "wrapped.txt").write_text(WRAPPED_LINE * lines, encoding="utf-8")
    (tmp_path / "in" / "quay.txt").write_text(ARTICLE, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _BUILD, "-q", "build", "-i", "in", "-o", "out", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    (brief,) = (tmp_path / "out").glob("*.json")
    assert '"path": "in/quay.txt"' in brief.read_text(encoding="utf-8")


def test_an_article_over_the_text_cap_is_skipped_with_one_warning(briefgen_main, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "quay.txt").write_text(ARTICLE, encoding="utf-8")
    lines = MAX_TEXT_CHARS // len(WRAPPED_LINE) + 2
    (tmp_path / "in" / "huge.txt").write_text(WRAPPED_LINE * lines, encoding="utf-8")
    ran = _build(briefgen_main, tmp_path)
    assert ran.returncode == 0, ran.stderr
    warned = [ln for ln in ran.stderr.splitlines() if "huge.txt" in ln]
    assert warned == [
        f"briefgen: WARNING: in/huge.txt: skipped: {len(WRAPPED_LINE) * lines - 1} characters "
        f"of text is more than {MAX_TEXT_CHARS}"
    ]
    assert "1 skipped" in ran.stderr


# ------------------------------------------------------------------ rows 10 and 11: file names


def _named(folder: Path, name: bytes, text: str) -> None:
    try:
        (Path(os.fsdecode(folder)) / os.fsdecode(name)).write_text(text, encoding="utf-8")
    except OSError:  # pragma: no cover - a file system that refuses such names
        pytest.skip("this file system refuses non-UTF-8 or control characters in names")


def test_a_non_utf8_file_name_is_read_and_shown_escaped(briefgen_main, tmp_path):
    (tmp_path / "in").mkdir()
    _named(tmp_path / "in", b"caf\xe9.txt", ARTICLE)
    _named(tmp_path / "in", b"vide\xff.txt", "")
    ran = _build(briefgen_main, tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "Traceback" not in ran.stderr and "internal error" not in ran.stderr
    assert "briefgen: WARNING: in/vide\\xff.txt: skipped: empty file" in ran.stderr.splitlines()
    out = _outputs(tmp_path / "out")
    brief = json.loads(out[".json"])
    assert [a["path"] for a in brief["articles"]] == ["in/caf\\xe9.txt"]
    assert "`caf\\xe9.txt`" in out[".md"]
    assert "      caf\\xe9.txt\n" in out[".txt"]
    valid = briefgen_main("validate", "-i", "in", cwd=tmp_path)
    assert valid.returncode == 0 and "vide\\xff.txt: skipped: empty file" in valid.stderr


def test_a_file_name_with_newlines_and_html_is_never_live_markup(briefgen_main, tmp_path):
    (tmp_path / "in").mkdir()
    name = "a\n<img src=x onerror=alert(1)>\x1b[2J\u202e.txt"
    _named(tmp_path / "in", os.fsencode(name), ARTICLE)
    ran = _build(briefgen_main, tmp_path)
    assert ran.returncode == 0, ran.stderr
    shown = "a\\n<img src=x onerror=alert(1)>\\x1b[2J\\u202e.txt"
    out = _outputs(tmp_path / "out")
    # Markdown: a code span on the source's own line, so no renderer reads the tag as HTML
    assert [ln for ln in out[".md"].splitlines() if "<img" in ln] == [f"   `{shown}`\\"]
    assert "<img" not in out[".md"].replace(f"`{shown}`", "")
    assert "<img" not in out[".html"] and "&lt;img src=x onerror=alert(1)&gt;" in out[".html"]
    assert f"      {shown}" in out[".txt"].splitlines()
    assert json.loads(out[".json"])["articles"][0]["path"] == f"in/{shown}"
    for text in [*out.values(), ran.stderr, ran.stdout]:
        assert "\x1b" not in text and "\u202e" not in text


# ------------------------------------------------------------------ row 15: symlinks


def _linked_folder(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "secret" / "dir").mkdir(parents=True)
    (tmp_path / "in" / "quay.txt").write_text(ARTICLE, encoding="utf-8")
    leak = ARTICLE.replace("The port of Vell", f"{SECRET}. The port of Vell")
    (tmp_path / "secret" / "s.txt").write_text(leak.replace("Quay", "Vault"), encoding="utf-8")
    (tmp_path / "secret" / "dir" / "d.txt").write_text(leak.replace("Quay", "Deep"), "utf-8")
    (tmp_path / "in" / "leak.txt").symlink_to("../secret/s.txt")
    (tmp_path / "in" / "leakdir").symlink_to("../secret/dir", target_is_directory=True)
    (tmp_path / "in" / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "in" / "loop2.txt").symlink_to("loop1.txt")
    (tmp_path / "in" / "sub" / "back").symlink_to("..", target_is_directory=True)
    (tmp_path / "in" / "up").symlink_to("..", target_is_directory=True)


def test_a_symlink_out_of_the_input_folder_is_skipped_with_one_warning(briefgen_main, tmp_path):
    _linked_folder(tmp_path)
    ran = _build(briefgen_main, tmp_path)
    assert ran.returncode == 0, ran.stderr
    outside = "skipped: a symlink to a {} outside the input folder (follow_symlinks: true reads it)"
    assert [ln for ln in ran.stderr.splitlines() if "symlink" in ln] == [
        f"briefgen: WARNING: in/leak.txt: {outside.format('file')}",
        f"briefgen: WARNING: in/leakdir: {outside.format('folder')}",
        "briefgen: WARNING: in/loop1.txt: skipped: a broken symlink or a symlink loop",
        "briefgen: WARNING: in/loop2.txt: skipped: a broken symlink or a symlink loop",
        f"briefgen: WARNING: in/up: {outside.format('folder')}",
    ]
    out = _outputs(tmp_path / "out")
    assert all(SECRET not in text for text in out.values())
    assert [a["path"] for a in json.loads(out[".json"])["articles"]] == ["in/quay.txt"]


def test_follow_symlinks_reads_them_and_a_loop_still_ends(tmp_path):
    _linked_folder(tmp_path)
    (tmp_path / "briefgen.yaml").write_text(
        "inputs: [in]\nfollow_symlinks: true\nformats: [json]\nout: out\n", encoding="utf-8"
    )
    run = subprocess.run(  # a child with a timeout: a walk that loops must fail, not hang
        [sys.executable, "-m", "briefgen", "build", "-c", "briefgen.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    brief = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    paths = sorted(a["path"] for a in brief["articles"])
    assert "in/leak.txt" in paths and "in/leakdir/d.txt" in paths
    assert "symlink loop" in run.stderr and "outside the input folder" not in run.stderr
