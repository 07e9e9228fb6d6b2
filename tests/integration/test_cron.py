"""`briefgen build` run from cron: silent when it works, one summary line, a log file, a skipped
bad article instead of a failed morning, the bundled sample only when asked for, one build of a
project at a time, and the same bytes when it is run again.

Most runs are in this process (the ``briefgen_main`` fixture); the lock tests start real
processes, since two builds racing for one folder is the point.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen import lock
from briefgen.config import SAMPLE_WARNING

ROOT = Path(__file__).resolve().parents[2]
BASIC = ROOT / "tests" / "fixtures" / "projects" / "basic"
BAD = ROOT / "tests" / "fixtures" / "bad"
STEM = "brief-2026-11-23"  # the basic project's fixed date, and the default name
SUMMARY = re.compile(
    r"^briefgen: built (?P<stem>\S+) \(config: (?P<config>[^)]*)\): (?P<read>\d+) articles? read, "
    r"(?P<skipped>\d+) skipped, (?P<cited>\d+) cited, (?P<items>\d+) items?(?:, \d+ new)?; "
    r"(?P<warnings>\d+) warnings?$"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The basic sample project (four articles, two sections, fixed date), JSON and HTML."""
    shutil.copytree(BASIC, tmp_path / "desk")
    return tmp_path / "desk"


def brief_files(project: Path, out: str = "out") -> dict[str, bytes]:
    """The brief's own files in the out folder (not the lock, the history or the archive)."""
    folder = project / out
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.glob(f"{STEM}.*"))}


def summary(stderr: str) -> re.Match:
    lines = stderr.splitlines()
    assert lines, "nothing on stderr"
    m = SUMMARY.match(lines[-1])
    assert m, f"last line is not the summary: {lines[-1]!r}"
    return m


# --------------------------------------------------------------------------- -q, the summary


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_prints_nothing_at_all_on_success(project, briefgen_main, where):
    (project / "articles" / "bad.json").write_text('{"text": "truncated')  # a warning, too
    args = ["-q", "build"] if where == "before" else ["build", "-q"]
    p = briefgen_main(*args, cwd=project)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    assert sorted(brief_files(project)) == [f"{STEM}.html", f"{STEM}.json"]


def test_quiet_still_shows_the_error_that_fails_the_build(project, briefgen_main):
    p = briefgen_main("-q", "build", "--input", "nowhere", cwd=project)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.startswith("briefgen: error: nowhere: input not found")


def test_a_build_ends_with_one_summary_line_after_every_warning(project, briefgen_main):
    shutil.copy(BAD / "bad-front-matter.md", project / "articles")
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == [f"out/{STEM}.html", f"out/{STEM}.json"]
    m = summary(p.stderr)
    assert m["stem"] == STEM and m["config"] == "briefgen.yaml"
    assert (m["read"], m["skipped"]) == ("4", "1")
    brief = json.loads((project / "out" / f"{STEM}.json").read_text())
    assert int(m["cited"]) == len(brief["articles"])
    assert int(m["items"]) == len(brief["key_points"]) + sum(
        len(s["items"]) for s in brief["sections"]
    )
    # every warning counted is shown, each on its own line, before the summary
    warnings = [ln for ln in p.stderr.splitlines() if ln.startswith("briefgen: WARNING: ")]
    assert len(warnings) == int(m["warnings"]) >= 1
    assert warnings[0].startswith("briefgen: WARNING: articles/bad-front-matter.md:4: front matter")
    assert warnings[0].endswith("; skipped")


def test_verbose_names_the_config_in_use(project, briefgen_main):
    p = briefgen_main("build", "-v", cwd=project)
    assert "briefgen: INFO: config: briefgen.yaml (found in the current folder)\n" in p.stderr
    (project / "config").mkdir()
    (project / "briefgen.yaml").rename(project / "config" / "daily.yaml")
    p = briefgen_main("-v", "build", "-c", "config/daily.yaml", "-i", "articles", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "briefgen: INFO: config: config/daily.yaml\n" in p.stderr
    assert summary(p.stderr)["config"] == "config/daily.yaml"


# --------------------------------------------------------------------------- bad articles


@pytest.mark.parametrize(
    ("name", "text", "named"),
    [
        ("x.md", "---\ntitle: x\nsource: [oops\n---\nBody.\n", "articles/x.md:3: front matter"),
        ("x.md", "---\ntitel: x\n---\nBody.\n", "articles/x.md: front matter: unknown key"),
        ("x.json", '{"title": "no text"}', "articles/x.json: text: required key"),
        ("x.jsonl", '{"text": "fine."}\n{"text": \n', "articles/x.jsonl:2: invalid JSON"),
    ],
)
def test_one_bad_article_is_a_warning_and_strict_makes_it_fatal(
    project, briefgen_main, name, text, named
):
    (project / "articles" / name).write_text(text)
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 0, p.stderr
    assert summary(p.stderr)["read"] == "4"
    (warning,) = [ln for ln in p.stderr.splitlines() if named in ln]
    assert warning.startswith(f"briefgen: WARNING: {named}")
    strict = briefgen_main("build", "--strict", cwd=project)
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1].startswith(f"briefgen: error: --strict: {named}")


def test_a_date_briefgen_cannot_read_does_not_fail_the_morning(project, briefgen_main):
    (project / "articles" / "x.md").write_text(
        "---\ntitle: Port reopens\npublished: 08/12/1998\n---\n"
        "The port reopened on Monday after the lithium refinery strike ended.\n"
    )
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 0, p.stderr
    summary(p.stderr)


def test_no_usable_article_at_all_fails_the_build(project, briefgen_main):
    shutil.rmtree(project / "articles")
    (project / "articles").mkdir()
    shutil.copy(BAD / "bad.json", project / "articles")
    shutil.copy(BAD / "empty.txt", project / "articles")
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 1
    assert p.stderr.splitlines()[-1] == (
        "briefgen: error: no articles to brief from: articles; 2 skipped (see the warnings)"
    )
    assert brief_files(project) == {}


def test_validate_shows_each_warning_not_just_a_count(project, briefgen_main):
    shutil.copy(BAD / "bad.jsonl", project / "articles")
    shutil.copy(BAD / "empty.txt", project / "articles")
    p = briefgen_main("validate", cwd=project)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "ok: 4 articles, 2 sections, 2 warnings\n"
    first, second = p.stderr.splitlines()
    assert first.startswith("briefgen: WARNING: articles/bad.jsonl:2: invalid JSON: ")
    assert first.endswith("; skipped")
    assert second == "briefgen: WARNING: articles/empty.txt: skipped: empty file"
    q = briefgen_main("validate", "-q", cwd=project)
    assert (q.returncode, q.stdout, q.stderr) == (0, "", "")


# --------------------------------------------------------------------------- which config


def test_no_config_and_no_input_builds_the_sample_and_says_so(tmp_path, briefgen_main):
    p = briefgen_main("build", "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert f"briefgen: WARNING: {SAMPLE_WARNING}\n" in p.stderr
    assert summary(p.stderr)["config"] == "the bundled sample"
    (written,) = p.stdout.split()
    assert json.loads((tmp_path / written).read_text())["title"] == "Daily Brief (sample)"
    strict = briefgen_main("build", "--strict", "--format", "json", cwd=tmp_path)
    assert strict.returncode == 1 and "--strict: no config file and no --input" in strict.stderr
    # unattended, where nobody reads the warning, the sample is never built
    (tmp_path / "out").rename(tmp_path / "first")
    quiet = briefgen_main("-q", "build", "--format", "json", cwd=tmp_path)
    assert quiet.returncode == 2 and quiet.stdout == ""
    assert quiet.stderr == (
        "briefgen: error: no config file and no --input: with -q briefgen builds only a real "
        "brief, never the bundled sample (give -c CONFIG or --input DIR)\n"
    )
    assert not (tmp_path / "out").exists()


def test_input_without_a_config_is_not_the_sample(project, briefgen_main):
    (project / "briefgen.yaml").unlink()
    p = briefgen_main("build", "--input", "articles", "--format", "json", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "sample" not in p.stderr
    assert summary(p.stderr)["config"] == "none, built-in defaults"
    (written,) = p.stdout.split()
    brief = json.loads((project / written).read_text())
    assert brief["title"] == "Daily Brief"
    assert {a["path"] for a in brief["articles"]} <= {
        f"articles/{f.name}" for f in (project / "articles").iterdir()
    }
    # the default themes, not the basic project's two sections
    assert [s["theme"] for s in brief["sections"]] == [
        "ai",
        "critical_minerals",
        "economic_security",
        "geopolitics",
    ]


def test_an_empty_input_folder_is_an_error_and_builds_nothing(tmp_path, briefgen_main):
    (tmp_path / "today").mkdir()
    p = briefgen_main("build", "--input", "today", cwd=tmp_path)
    assert p.returncode == 1
    assert p.stderr.splitlines()[-1] == "briefgen: error: no articles to brief from: today"
    assert "sample" not in p.stderr
    assert not list(tmp_path.glob("out/*.json")) and not list(tmp_path.glob("out/*.html"))


# --------------------------------------------------------------------------- the log file


def test_log_file_gets_info_with_timestamps_whatever_the_terminal_shows(project, briefgen_main):
    shutil.copy(BAD / "empty.txt", project / "articles")
    p = briefgen_main("-q", "build", "--log-file", "build.log", cwd=project)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    lines = (project / "build.log").read_text().splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} briefgen\[\d+\] "
    assert all(re.match(stamp + r"(INFO|WARNING|ERROR): ", ln) for ln in lines), lines
    text = "\n".join(lines)
    assert "INFO: config: briefgen.yaml (found in the current folder)" in text
    assert "WARNING: articles/empty.txt: skipped: empty file" in text
    assert re.search(r"INFO: built brief-2026-11-23 \(config: briefgen.yaml\): 4 articles", text)
    # appended to, and a failure is in it too
    f = briefgen_main("build", "-q", "--log-file", "build.log", "--input", "nowhere", cwd=project)
    assert f.returncode == 1
    after = (project / "build.log").read_text().splitlines()
    assert after[: len(lines)] == lines
    assert "ERROR: nowhere: input not found" in after[-1]


def test_validate_takes_a_log_file_too(project, briefgen_main):
    p = briefgen_main("validate", "--log-file", "logs/validate.log", cwd=project)
    assert p.returncode == 2
    assert p.stderr.startswith("briefgen: error: --log-file: cannot open logs/validate.log: ")
    (project / "logs").mkdir()
    p = briefgen_main("validate", "--log-file", "logs/validate.log", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "INFO: read 4 articles" in (project / "logs" / "validate.log").read_text()


# --------------------------------------------------------------------------- rebuilds, the lock


def test_a_rebuild_of_the_same_day_is_the_same_bytes(project, briefgen_main):
    args = ("build", "-q", "--format", "html,json,md,txt,pdf")
    assert briefgen_main(*args, cwd=project).returncode == 0
    first = brief_files(project)
    assert len(first) == 5
    assert briefgen_main(*args, cwd=project).returncode == 0
    assert brief_files(project) == first


def test_a_build_waits_for_the_lock_then_gives_up_naming_it_and_its_holder(
    project, briefgen_main, monkeypatch
):
    monkeypatch.setattr(lock, "LOCK_WAIT", 0.3)
    with lock.locked(project / "out" / lock.BUILD_LOCK, what="build", wait=0):
        p = briefgen_main("build", cwd=project)
    assert p.returncode == 1
    assert p.stderr.splitlines()[-1] == (
        "briefgen: error: out/.build.lock: another briefgen build is running for this folder "
        f"(pid {os.getpid()}); waited 0.3 s"
    )
    assert brief_files(project) == {}
    assert briefgen_main("build", "-q", cwd=project).returncode == 0  # released: builds


def _start(project: Path, log: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "build", "-q", "--log-file", log, *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(path: Path, text: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and text in path.read_text():
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError(f"{text!r} never appeared in {path}")


def test_a_second_build_process_waits_while_another_holds_the_project(project):
    """The test holds the lock as a running build would; a real build waits, writes nothing
    meanwhile, and builds once the lock is free."""
    holder = lock.locked(project / "out" / lock.BUILD_LOCK, what="build", wait=0)
    holder.__enter__()
    try:
        proc = _start(project, "second.log")
        _wait_for(project / "second.log", "another briefgen build is running", proc)
        time.sleep(0.5)
        assert proc.poll() is None and brief_files(project) == {}  # waiting, not building
    finally:
        holder.__exit__(None, None, None)
    out, err = proc.communicate(timeout=300)
    assert (proc.returncode, out, err) == (0, "", "")
    assert sorted(brief_files(project)) == [f"{STEM}.html", f"{STEM}.json"]
    log = (project / "second.log").read_text()
    assert f"(pid {os.getpid()}); waiting up to {lock.LOCK_WAIT:g} s" in log


def _held(log: Path) -> tuple[str, str]:
    """When a build held the project, from its log: its read, to the files it wrote."""
    lines = log.read_text().splitlines()
    (start,) = [ln[:23] for ln in lines if "INFO: read " in ln]
    (end,) = [ln[:23] for ln in lines if "INFO: wrote " in ln]
    return start, end


def test_two_builds_started_together_do_not_interleave(project):
    args = ("--format", "html,json,pdf")
    procs = [_start(project, f"{n}.log", *args) for n in ("one", "two")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert (proc.returncode, out, err) == (0, "", "")
    one, two = sorted(_held(project / f"{n}.log") for n in ("one", "two"))
    assert one[1] <= two[0], (one, two)  # the second read only after the first had written
    together = brief_files(project)
    assert _build_alone(project, *args) == together


def _build_alone(project: Path, *args: str) -> dict[str, bytes]:
    """A third build on its own, in a new process: the racing pair left what it leaves."""
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "-q", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return brief_files(project)


def test_articles_spread_over_years_without_a_window_are_flagged(tmp_path, briefgen_main):
    for name, day in (("old", "2013-03-02"), ("new", "2026-11-30")):
        (tmp_path / f"{name}.md").write_text(
            f"---\ntitle: {name}\nsource: Desk\npublished: {day}\n---\n"
            "The port of Kestrel Bay reopened on Monday after a strike that lasted nine days, "
            "the port authority said in a statement.\n",
            encoding="utf-8",
        )
    done = briefgen_main("build", "-i", str(tmp_path), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "articles were published from 2013-03-02 to 2026-11-30; set window:" in done.stderr
    windowed = briefgen_main(
        "build", "-i", str(tmp_path), "--since", "2026-11-29", "--format", "json", cwd=tmp_path
    )
    assert "articles were published from" not in windowed.stderr
