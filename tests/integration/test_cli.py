"""The CLI end to end, as a user runs it: exit codes, one-line errors, files written atomically.

Most tests call ``briefgen.cli.main()`` in this process (the ``briefgen_main`` fixture in
conftest.py): same code path, same exit codes and messages as the console script, without a new
interpreter for each run. The tests at the end start real processes, where a fresh process is the
point: the installed console script, and the umask a new process inherits.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefgen
from briefgen.cli import cli
from briefgen.config import SAMPLES_DIR

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
    """``python -m briefgen ARGS`` in a new interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
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


def assert_one_line_error(p, code: int, *needles: str) -> str:
    """``p`` (a Ran or a CompletedProcess) failed with ``code`` and one ``briefgen: error:`` line."""
    assert p.returncode == code, p.stderr
    assert "Traceback" not in p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("briefgen: error:")]
    assert len(lines) == 1, p.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


def outputs(project: Path) -> dict[str, bytes]:
    """The files a build wrote (not its hidden lock file)."""
    return {
        p.name: p.read_bytes()
        for p in (project / "out").iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def test_build_writes_json_and_html_and_prints_paths(project, briefgen_main):
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 0, p.stderr
    written = [project / x for x in p.stdout.split()]
    assert [x.name for x in written] == ["brief-2026-11-23.json", "brief-2026-11-23.html"]
    brief = json.loads(written[0].read_text())
    assert brief["title"] == "Test Brief" and brief["date"] == "2026-11-23"
    arts = {a["id"]: a for a in brief["articles"]}
    items = [it for s in brief["sections"] for it in s["items"]]
    # both themes are covered by the fixture: one section each, within max_items
    assert [s["theme"] for s in brief["sections"]] == ["ai", "critical_minerals"]
    assert all(1 <= len(s["items"]) <= 2 for s in brief["sections"]), brief["sections"]
    for it in items:
        first = it["spans"][0]["article"]
        assert it["text"] in (project / arts[first]["path"]).read_text()
        assert {sp["article"] for sp in it["spans"]} == set(it["sources"])
    # the republished lithium sentence is one item citing both outlets
    lith = [
        it
        for it in items + brief["key_points"]
        if it["text"].startswith("Two companies signed a lithium")
    ]
    assert len(lith) == 1 and len(lith[0]["sources"]) == 2
    assert not list(project.glob("out/.*tmp"))


def test_flags_override_config(project, briefgen_main):
    p = briefgen_main(
        "build", "--format", "json", "--out", "elsewhere", "--date", "2026-01-02", cwd=project
    )
    assert p.returncode == 0, p.stderr
    assert [Path(x).name for x in p.stdout.split()] == ["brief-2026-01-02.json"]
    assert (project / "elsewhere" / "brief-2026-01-02.json").is_file()


def test_unknown_config_key_is_exit_2_one_line(project, briefgen_main):
    (project / "briefgen.yaml").write_text("title: T\ninputs: [articles]\nformat: [json]\n")
    assert_one_line_error(
        briefgen_main("build", cwd=project),
        2,
        "briefgen.yaml:3",
        "unknown key 'format'",
        "did you mean 'formats'?",
    )


def test_unknown_theme_is_exit_2(project, briefgen_main):
    (project / "briefgen.yaml").write_text("inputs: [articles]\nsections:\n  - theme: minerals\n")
    assert_one_line_error(
        briefgen_main("validate", cwd=project),
        2,
        "briefgen.yaml:3",
        "sections[0].theme",
        "critical_minerals",
    )


def test_missing_input_folder_is_exit_1(project, briefgen_main):
    assert_one_line_error(
        briefgen_main("build", "--input", "nope", cwd=project), 1, "nope: input not found"
    )


def test_bad_format_flag_is_exit_2(project, briefgen_main):
    assert_one_line_error(
        briefgen_main("build", "--format", "html,docx", cwd=project), 2, "--format", "docx"
    )


def test_malformed_article_is_skipped_with_a_warning_naming_file_and_line(project, briefgen_main):
    (project / "articles" / "bad.md").write_text("---\ntitle: x\nsource: [oops\n---\nBody.\n")
    p = briefgen_main("build", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "briefgen: WARNING: articles/bad.md:3: front matter: " in p.stderr
    assert_one_line_error(briefgen_main("build", "--strict", cwd=project), 1, "bad.md:3:")


def test_failed_build_keeps_previous_good_brief(project, briefgen_main):
    assert briefgen_main("build", cwd=project).returncode == 0
    before = outputs(project)
    assert sorted(before) == ["brief-2026-11-23.html", "brief-2026-11-23.json", "index.html"]
    (project / "articles" / "bad.json").write_text('{"text": "truncated')
    assert_one_line_error(briefgen_main("build", "--strict", cwd=project), 1, "bad.json")
    assert before == outputs(project)


def test_strict_turns_skipped_file_into_failure(project, briefgen_main):
    (project / "articles" / "empty.txt").write_text("")
    assert briefgen_main("build", cwd=project).returncode == 0
    line = assert_one_line_error(
        briefgen_main("build", "--strict", cwd=project), 1, "--strict", "empty.txt"
    )
    assert "empty" in line


def test_validate_reports_counts(project, briefgen_main):
    p = briefgen_main("validate", cwd=project)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "ok: 3 articles, 2 sections, 0 warnings\n"
    assert not (project / "out").exists()  # validate writes nothing


def test_init_scaffolds_a_folder_that_builds(tmp_path, briefgen_main):
    p = briefgen_main("init", "desk", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    for sub in ("config/daily.yaml", "templates/brief.html", "articles", "out"):
        assert (tmp_path / "desk" / sub).exists()
    samples = sorted(
        f.name for f in SAMPLES_DIR.iterdir() if f.is_file() and not f.name.startswith(("_", "."))
    )
    assert len(samples) >= 8
    assert sorted(f.name for f in (tmp_path / "desk" / "articles").iterdir()) == samples
    assert p.stdout.splitlines() == [
        "desk/config/daily.yaml",
        "desk/templates/brief.html",
        *(f"desk/articles/{name}" for name in samples),
    ]
    assert_one_line_error(  # refuses to overwrite
        briefgen_main("init", "desk", cwd=tmp_path), 2, "daily.yaml: already exists", "--force"
    )
    b = briefgen_main("build", "-c", "config/daily.yaml", "--format", "json", cwd=tmp_path / "desk")
    assert b.returncode == 0, b.stderr
    assert b.stdout.split() == ["out/daily-2026-11-23.json"]


def test_help_lists_every_command_and_version_is_the_package_version(tmp_path, briefgen_main):
    h = briefgen_main("--help", cwd=tmp_path)
    assert h.returncode == 0 and h.stdout.startswith("Usage: briefgen [OPTIONS] COMMAND")
    listed = {ln.split()[0] for ln in h.stdout.split("Commands:\n", 1)[1].splitlines() if ln}
    assert listed == {name for name, c in cli.commands.items() if not c.hidden}
    assert {"build", "eval", "init", "send", "summarize", "validate"} <= listed
    v = briefgen_main("--version", cwd=tmp_path)
    assert (v.returncode, v.stdout) == (0, f"briefgen, version {briefgen.__version__}\n")


def test_validate_finds_a_broken_template_override(project, briefgen_main):
    (project / "templates").mkdir()
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block masthead_extra %}{{ b.no_such_field }}{% endblock %}\n'
    )
    line = assert_one_line_error(briefgen_main("validate", cwd=project), 1, "brief.html")
    assert "no_such_field" in line
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block x %}\n'
    )
    assert_one_line_error(briefgen_main("validate", cwd=project), 1, "brief.html:")


def test_usage_errors_are_one_line_and_flags_work_after_the_command(project, briefgen_main):
    line = assert_one_line_error(briefgen_main("build", "--bogus", cwd=project), 2, "--bogus")
    assert "briefgen build --help" in line
    p = briefgen_main("build", "-v", "--format", "json", cwd=project)
    assert p.returncode == 0, p.stderr
    assert "INFO: read 3 articles" in p.stderr
    q = briefgen_main("build", "-q", "--format", "json", cwd=project)
    assert q.returncode == 0 and q.stderr == ""


def test_inputs_named_after_the_command_are_read_as_input_flags_are(project, briefgen_main):
    """``briefgen build news/`` is ``briefgen build --input news/``: it replaces the config's
    inputs, and INPUTs and --input add up."""
    (project / "briefgen.yaml").write_text("title: Test Brief\ninputs: [nowhere]\n")
    (project / "more").mkdir()
    (project / "articles" / "2.md").rename(project / "more" / "2.md")
    by_flag = briefgen_main(
        "build", "--format", "json", "-o", "a", "-i", "articles", "-i", "more", cwd=project
    )
    by_name = briefgen_main("build", "articles", "more", "--format", "json", "-o", "b", cwd=project)
    mixed = briefgen_main(
        "build", "-i", "articles", "more", "--format", "json", "-o", "c", cwd=project
    )
    for p in (by_flag, by_name, mixed):
        assert p.returncode == 0, p.stderr
    name = "brief-2026-11-23.json"
    brief = json.loads((project / "a" / name).read_text())
    assert len(brief["articles"]) == 3  # both folders were read
    assert (project / "b" / name).read_bytes() == (project / "a" / name).read_bytes()
    assert (project / "c" / name).read_bytes() == (project / "a" / name).read_bytes()
    p = briefgen_main("validate", "articles", "more", cwd=project)
    assert p.returncode == 0 and p.stdout.startswith("ok: 3 articles"), p.stderr


def test_a_config_given_as_an_input_says_to_use_dash_c(project, briefgen_main):
    line = assert_one_line_error(
        briefgen_main("build", "briefgen.yaml", cwd=project), 2, "briefgen.yaml", "-c briefgen.yaml"
    )
    assert "briefgen build --help" in line
    assert not (project / "out").exists()


def test_flag_paths_are_relative_to_the_current_folder_not_the_config(project, briefgen_main):
    (project / "config").mkdir()
    (project / "briefgen.yaml").rename(project / "config" / "daily.yaml")
    p = briefgen_main(
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


def test_second_build_over_its_own_output_folder_does_not_read_the_brief_back(
    project, briefgen_main
):
    (project / "briefgen.yaml").write_text("inputs: [.]\nformats: [json, md, txt]\n")
    assert briefgen_main("build", cwd=project).returncode == 0
    second = briefgen_main("build", cwd=project)
    assert second.returncode == 0, second.stderr
    brief = json.loads(next((project / "out").glob("*.json")).read_text())
    assert all(not a["path"].startswith("out/") for a in brief["articles"])


def test_bad_source_date_epoch_is_one_line(project, briefgen_main):
    assert_one_line_error(
        briefgen_main("build", cwd=project, env={"SOURCE_DATE_EPOCH": "99999999999999"}),
        2,
        "SOURCE_DATE_EPOCH",
    )


def test_same_bytes_from_another_folder(project, tmp_path_factory, briefgen_main):
    """Same input + config, same bytes: not just twice in one place, but in another checkout
    location (no absolute path leaks into a brief). Under another PYTHONHASHSEED, in a new
    interpreter: tests/golden (the basic project and the specimen) and test_summarize_cli."""
    other = tmp_path_factory.mktemp("elsewhere") / "deep" / "copy"
    shutil.copytree(project, other)
    formats = ("--format", "json,html,md,txt")
    for folder in (project, other):
        done = briefgen_main("build", *formats, cwd=folder)
        assert done.returncode == 0, done.stderr
    first, second = outputs(project), outputs(other)
    assert first.keys() == second.keys() and len(first) == 5  # four formats and index.html
    for name in first:
        assert first[name] == second[name], name


# --------------------------------------------------------------- real processes


def test_installed_console_script_runs_and_fails_without_a_traceback(project):
    """The ``briefgen`` entry point exists beside this interpreter and is the CLI."""
    script = shutil.which("briefgen", path=str(Path(sys.executable).parent))
    assert script, "console script 'briefgen' is not installed next to " + sys.executable
    p = subprocess.run(
        [script, "build", "--bogus"], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert_one_line_error(p, 2, "--bogus", "(see 'briefgen build --help')")
    assert p.stdout == ""


def test_outputs_are_readable_by_others_under_the_usual_umask(project):
    old = os.umask(0o022)
    try:
        assert run("build", cwd=project).returncode == 0
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (project / "out").iterdir()}
    assert set(modes.values()) == {0o644}, modes
