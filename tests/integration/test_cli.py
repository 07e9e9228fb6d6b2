"""The CLI end to end, as a user runs it: exit codes, one-line errors, files written atomically."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = """---
title: {title}
source: {source}
published: 2026-11-23
---
{body}
"""

BODIES = [
    (
        "Chip rules",
        "Tech Daily",
        "The government published new rules for artificial intelligence models on Monday. "
        "Developers of large AI systems must now report safety tests to a new office. "
        "The AI office will employ forty engineers, officials said.",
    ),
    (
        "Lithium deal",
        "Mining Times",
        "Two companies signed a lithium supply agreement worth $2 billion. "
        "The critical minerals deal covers a refinery and two mines in the north. "
        "Rare earth processing will start in 2028, the firms said.",
    ),
    (
        "Lithium deal (wire)",
        "Coast Herald",
        "Two companies signed a lithium supply agreement worth $2 billion. "
        "The critical minerals deal covers a refinery and two mines in the north. "
        "Analysts said the mining sector welcomed the news.",
    ),
]


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    e = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=e,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for i, (title, source, body) in enumerate(BODIES):
        (tmp_path / "articles").mkdir(exist_ok=True)
        (tmp_path / "articles" / f"{i}.md").write_text(
            ARTICLE.format(title=title, source=source, body=body)
        )
    (tmp_path / "briefgen.yaml").write_text(
        "title: Test Brief\ninputs: [articles]\nformats: [json, html]\n"
        "sections:\n  - {theme: ai, max_items: 2}\n  - {theme: critical_minerals, max_items: 2}\n"
    )
    return tmp_path


def assert_one_line_error(p: subprocess.CompletedProcess, code: int, *needles: str) -> str:
    assert p.returncode == code, p.stderr
    assert "Traceback" not in p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("briefgen: error:")]
    assert len(lines) == 1, p.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


def test_build_writes_json_and_html_and_prints_paths(project):
    p = run("build", cwd=project)
    assert p.returncode == 0, p.stderr
    written = [project / x for x in p.stdout.split()]
    assert [x.name for x in written] == ["brief-2026-11-23.json", "brief-2026-11-23.html"]
    brief = json.loads(written[0].read_text())
    assert brief["title"] == "Test Brief" and brief["date"] == "2026-11-23"
    arts = {a["id"]: a for a in brief["articles"]}
    items = [it for s in brief["sections"] for it in s["items"]]
    assert items
    for it in items:
        first = it["spans"][0]["article"]
        assert it["text"] in (project / arts[first]["path"]).read_text()
        assert {sp["article"] for sp in it["spans"]} == set(it["sources"])
    # the republished lithium sentence is one item citing both outlets
    lith = [it for it in items if it["text"].startswith("Two companies signed a lithium")]
    assert len(lith) == 1 and len(lith[0]["sources"]) == 2
    assert not list(project.glob("out/.*tmp"))


def test_build_is_deterministic(project):
    assert run("build", cwd=project).returncode == 0
    first = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    assert run("build", cwd=project).returncode == 0
    assert first == {p.name: p.read_bytes() for p in (project / "out").iterdir()}


def test_flags_override_config(project, tmp_path):
    p = run("build", "--format", "json", "--out", "elsewhere", "--date", "2026-01-02", cwd=project)
    assert p.returncode == 0, p.stderr
    assert [Path(x).name for x in p.stdout.split()] == ["brief-2026-01-02.json"]
    assert (project / "elsewhere" / "brief-2026-01-02.json").is_file()


def test_unknown_config_key_is_exit_2_one_line(project):
    (project / "briefgen.yaml").write_text("title: T\ninputs: [articles]\nformat: [json]\n")
    assert_one_line_error(
        run("build", cwd=project),
        2,
        "briefgen.yaml:3",
        "unknown key 'format'",
        "did you mean 'formats'?",
    )


def test_unknown_theme_is_exit_2(project):
    (project / "briefgen.yaml").write_text("inputs: [articles]\nsections:\n  - theme: minerals\n")
    assert_one_line_error(
        run("validate", cwd=project), 2, "briefgen.yaml:3", "sections[0].theme", "critical_minerals"
    )


def test_missing_input_folder_is_exit_1(project):
    assert_one_line_error(run("build", "--input", "nope", cwd=project), 1, "nope: input not found")


def test_bad_format_flag_is_exit_2(project):
    assert_one_line_error(run("build", "--format", "html,docx", cwd=project), 2, "--format", "docx")


def test_malformed_article_is_exit_1_naming_file(project):
    (project / "articles" / "bad.md").write_text("---\ntitle: x\nsource: [oops\n---\nBody.\n")
    assert_one_line_error(run("build", cwd=project), 1, "bad.md:")


def test_failed_build_keeps_previous_good_brief(project):
    assert run("build", cwd=project).returncode == 0
    before = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    (project / "articles" / "bad.json").write_text('{"text": "truncated')
    assert run("build", cwd=project).returncode == 1
    assert before == {p.name: p.read_bytes() for p in (project / "out").iterdir()}


def test_strict_turns_skipped_file_into_failure(project):
    (project / "articles" / "empty.txt").write_text("")
    assert run("build", cwd=project).returncode == 0
    line = assert_one_line_error(run("build", "--strict", cwd=project), 1, "--strict", "empty.txt")
    assert "empty" in line


def test_validate_reports_counts(project):
    p = run("validate", cwd=project)
    assert p.returncode == 0 and p.stdout.startswith("ok: 3 articles, 2 sections")


def test_init_scaffolds_a_folder_that_builds(tmp_path):
    p = run("init", "desk", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    for sub in ("config/daily.yaml", "templates", "articles", "out"):
        assert (tmp_path / "desk" / sub).exists()
    assert len(list((tmp_path / "desk" / "articles").iterdir())) >= 8
    assert run("init", "desk", cwd=tmp_path).returncode == 2  # refuses to overwrite
    b = run("build", "-c", "config/daily.yaml", "--format", "json", cwd=tmp_path / "desk")
    assert b.returncode == 0, b.stderr
    assert b.stdout.split()[0] == "out/daily-2026-11-23.json"


def test_help_and_version(tmp_path):
    assert "build" in run("--help", cwd=tmp_path).stdout
    assert run("--version", cwd=tmp_path).stdout.startswith("briefgen, version ")


def test_validate_finds_a_broken_template_override(project):
    (project / "templates").mkdir()
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block masthead_extra %}{{ b.no_such_field }}{% endblock %}\n'
    )
    line = assert_one_line_error(run("validate", cwd=project), 1, "brief.html")
    assert "no_such_field" in line
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block x %}\n'
    )
    assert_one_line_error(run("validate", cwd=project), 1, "brief.html:")


def test_usage_errors_are_one_line_and_flags_work_after_the_command(project):
    line = assert_one_line_error(run("build", "--bogus", cwd=project), 2, "--bogus")
    assert "briefgen build --help" in line
    p = run("build", "-v", "--format", "json", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "INFO: read 3 articles" in p.stderr
    q = run("build", "-q", "--format", "json", cwd=project)
    assert q.returncode == 0 and q.stderr == ""


def test_outputs_are_readable_by_others_under_the_usual_umask(project):
    old = os.umask(0o022)
    try:
        assert run("build", cwd=project).returncode == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (project / "out").iterdir()}
    assert set(modes.values()) == {0o644}, modes


def test_flag_paths_are_relative_to_the_current_folder_not_the_config(project):
    (project / "config").mkdir()
    (project / "briefgen.yaml").rename(project / "config" / "daily.yaml")
    p = run(
        "build",
        "-c",
        "config/daily.yaml",
        "--input",
        "articles",
        "--out",
        "here",
        "--format",
        "json",
        cwd=project,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["here/brief-2026-11-23.json"]


def test_second_build_over_its_own_output_folder_does_not_read_the_brief_back(project):
    (project / "briefgen.yaml").write_text("inputs: [.]\nformats: [json, md, txt]\n")
    assert run("build", cwd=project).returncode == 0
    second = run("build", cwd=project)
    assert second.returncode == 0, second.stderr
    brief = json.loads(next((project / "out").glob("*.json")).read_text())
    assert all(not a["path"].startswith("out/") for a in brief["articles"])


def test_bad_source_date_epoch_is_one_line(project):
    assert_one_line_error(
        run("build", cwd=project, env={"SOURCE_DATE_EPOCH": "99999999999999"}),
        2,
        "SOURCE_DATE_EPOCH",
    )


def test_same_bytes_from_another_folder_and_another_hash_seed(project, tmp_path_factory):
    """Same input + config, same bytes: not just twice in one place, but in another checkout
    location and under another PYTHONHASHSEED (set iteration order)."""
    import shutil

    other = tmp_path_factory.mktemp("elsewhere") / "deep" / "copy"
    shutil.copytree(project, other)
    formats = ("--format", "json,html,md,txt")
    assert run("build", *formats, cwd=project, env={"PYTHONHASHSEED": "1"}).returncode == 0
    assert run("build", *formats, cwd=other, env={"PYTHONHASHSEED": "4242"}).returncode == 0
    first = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
    second = {p.name: p.read_bytes() for p in (other / "out").iterdir()}
    assert first.keys() == second.keys() and len(first) == 4
    for name in first:
        assert first[name] == second[name], name
