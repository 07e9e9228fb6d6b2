"""Issue 13, rows 1, 2, 12 (config part) and 13: hostile YAML as the command line meets it.

Each test writes the attack as real files and runs ``briefgen`` in a child process whose
address space is capped (``RLIMIT_AS``, 1 GiB: a full build needs about half of that) under a
generous timeout. Before the fix every one of them ended in a traceback, a MemoryError or the
secret in the message; after it, each is one line and the exit code says what happened. The cap
is the bound on memory (an alias bomb expanded needs gigabytes); no test measures time.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from limited import run

# 1 GiB: twice what a build of a small folder maps (PDF and NLP libraries included); an
# expanded billion-laughs bomb needs several.


BODY = (
    "The harbour authority said container volumes rose for a third month, helped by new "
    "shipping routes to the south. Dock workers agreed a two-year pay deal on Tuesday. "
) * 4


def laughs(levels: int = 9) -> str:
    """A flow list of a billion-laughs bomb: each level is ten aliases of the one before."""
    out = ["&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]"]
    out += [f"&a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return f"[{','.join(out)},*a{levels - 1}]"


def error_line(ran: subprocess.CompletedProcess) -> str:
    """The one line a failed run printed, with its exit code checked (2: config error)."""
    assert ran.returncode == 2, ran.stderr
    (line,) = ran.stderr.splitlines()
    return line


def article(folder: Path, name: str, title: str, published: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = f"---\ntitle: {title}\npublished: {published}\n---\n{BODY}\n"
    (folder / name).write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ row 1: untrusted files


def test_row1_front_matter_alias_bomb_skips_that_article_with_one_warning(tmp_path):
    article(tmp_path / "articles", "bomb.md", "Port volumes rise", laughs())
    article(tmp_path / "articles", "grain.md", "Grain exports steady", "2026-11-30")
    assert (tmp_path / "articles" / "bomb.md").stat().st_size < 6000  # 5.6 KB in the issue
    ran = run("build", "-i", "articles", "-o", "out", "--format", "json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    bad = [ln for ln in ran.stderr.splitlines() if "bomb.md" in ln]
    assert bad == [
        "briefgen: WARNING: articles/bomb.md:3: front matter: YAML aliases (*name) are not "
        "allowed in this file; skipped"
    ]
    assert ": 1 article read, 1 skipped," in ran.stderr.splitlines()[-1]
    (brief,) = (tmp_path / "out").glob("*.json")
    assert json.loads(brief.read_text())["date"] == "2026-11-30"  # the grain article's day


def test_row1_sources_yaml_alias_bomb_is_ignored_with_one_warning(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "port.txt").write_text(BODY, encoding="utf-8")
    (folder / "sources.yaml").write_text(
        f"files:\n  port.txt:\n    source: Harbour Gazette\n    published: {laughs()}\n",
        encoding="utf-8",
    )
    ran = run("validate", "-i", "articles", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr.splitlines() == [
        "briefgen: WARNING: articles/sources.yaml:4: invalid YAML: YAML aliases (*name) are "
        "not allowed in this file; ignored: the files beside it are read without it"
    ]
    assert ran.stdout.startswith("ok: 1 articles")


# ------------------------------------------------------------------ row 2: the operator's config


def test_row2_config_alias_bomb_in_title_with_an_impossible_date_is_one_line(tmp_path):
    config = tmp_path / "briefgen.yaml"
    config.write_text(f"title: {laughs()}\ndate: 2026-02-30\n", encoding="utf-8")
    assert config.stat().st_size < 480  # the 470 bytes
    line = error_line(run("validate", "-c", "briefgen.yaml", cwd=tmp_path))
    assert line == (
        "briefgen: error: briefgen.yaml:1: YAML aliases expand this document past 100000 "
        "values (an alias bomb?)"
    )


def test_row2_a_small_alias_tree_in_a_bad_value_is_echoed_bounded(tmp_path):
    # three levels (1,111 values) is within the budget: the type error shows a bounded repr
    (tmp_path / "briefgen.yaml").write_text(f"title: {laughs(3)}\n", encoding="utf-8")
    line = error_line(run("validate", "-c", "briefgen.yaml", cwd=tmp_path))
    assert line.startswith("briefgen: error: briefgen.yaml:1: title: Input should be a valid ")
    assert len(line) < 250


# ------------------------------------------------------------------ row 12: impossible keys/paths


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('out: "out\\0x"\n', "c.yaml:1: out: contains a NUL character, which no path can hold"),
        ("title: Daily\n?\n: x\n", "c.yaml:2: key ? is empty (null); config keys are names"),
        ("title: Daily\n1: x\n", "c.yaml:2: key 1 is a number; config keys are names"),
    ],
    ids=["nul-in-out", "null-key", "int-key"],
)
def test_row12_impossible_config_keys_and_paths_are_one_line(tmp_path, text, message):
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    line = error_line(run("validate", "-c", "c.yaml", cwd=tmp_path))
    assert line.startswith(f"briefgen: error: {message}")


# ------------------------------------------------------------------ row 13: secrets


def test_row13_a_password_in_password_env_is_never_echoed(tmp_path):
    (tmp_path / "c.yaml").write_text(
        "email:\n"
        "  smtp: {host: mail.example.org, username: desk, password_env: 84736251}\n"
        "  sender: Desk <desk@example.org>\n"
        "  recipients: [{email: one@example.org}]\n",
        encoding="utf-8",
    )
    line = error_line(run("validate", "-c", "c.yaml", cwd=tmp_path))
    assert line.startswith(
        "briefgen: error: c.yaml:2: email.smtp.password_env: must be the NAME of an "
        "environment variable"
    )
    assert "84736251" not in line
