"""Issue 13, rows 3 and 12 (templates and subjects): hostile templates as the command line meets them.

A project folder with a user template override (``templates/`` beside the config) or a hostile
``email.subject`` is built or validated by ``briefgen`` in a child process whose address space is
capped (``RLIMIT_AS``, 1 GiB) under a generous timeout. Before the sandbox, the override ran a
shell command, an include of a symlink put a file from outside into the brief, and the subjects
ended in tracebacks or ran out of memory; now each is one ``briefgen: error:`` line with exit 1,
no command runs, and the brief already in the output folder is left exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from limited import run

ARTICLE = (
    "---\ntitle: {title}\nsource: {source}\npublished: 2026-11-23\n---\n"
    "The port authority opened a second container terminal on the east quay this week. "
    "Shipping lines said the {what} would cut waiting times for vessels by half. "
    "The terminal cost $400 million and employs three hundred dock workers.\n"
)

CONFIG = (
    "title: Harbour Brief\ninputs: [articles]\nformats: [json, html, md]\n"
    "sections:\n  - {theme: economic_security, max_items: 2}\n"
)

EMAIL = (
    "email:\n"
    "  smtp: {{host: 127.0.0.1, port: 2525, security: none}}\n"
    '  sender: "Desk <desk@example.org>"\n'
    "  subject: {subject}\n"
    "  recipients:\n    - {{name: Analyst, email: analyst@example.org}}\n"
)


def error_line(ran: subprocess.CompletedProcess) -> str:
    """The one line a failed run printed (exit 1: a build or delivery error), no traceback."""
    assert ran.returncode == 1, ran.stderr
    assert "Traceback" not in ran.stderr
    (line,) = [ln for ln in ran.stderr.splitlines() if ln.startswith("briefgen: error:")]
    return line


def outputs(project: Path) -> dict[str, bytes]:
    out = project / "out"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder that builds; then a good brief is built into out/ (the one that must survive)."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for i, (source, what) in enumerate([("Port Gazette", "terminal"), ("Quay Times", "quay")]):
        text = ARTICLE.format(title=f"New terminal {i}", source=source, what=what)
        (articles / f"{i}.md").write_text(text, encoding="utf-8")
    (tmp_path / "briefgen.yaml").write_text(CONFIG, encoding="utf-8")
    ran = run("build", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    (tmp_path / "templates").mkdir()
    return tmp_path


def override(project: Path, block: str) -> None:
    """templates/brief.html: the built-in brief with one block replaced (docs/templates.md)."""
    text = (
        '{% extends "default:brief.html" %}\n{% block colophon %}\n' + block + "\n{% endblock %}\n"
    )
    (project / "templates" / "brief.html").write_text(text, encoding="utf-8")


def test_row3_override_calling_popen_is_refused_and_the_command_never_runs(project):
    before = outputs(project)
    marker = project / "pwned"
    override(project, f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}")
    line = error_line(run("build", cwd=project))
    assert line.startswith(
        "briefgen: error: templates/brief.html:3: refused by the template sandbox: "
    )
    assert "'__init__'" in line
    assert not marker.exists()
    assert outputs(project) == before  # every format of the previous brief, byte for byte


def test_row3_include_of_a_symlink_out_of_the_folder_is_refused(project):
    before = outputs(project)
    secret = project / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-5c1e:/root:/bin/sh\n", encoding="utf-8")
    os.symlink(secret, project / "templates" / "passwd.html")
    override(project, '{% include "passwd.html" %}')
    line = error_line(run("build", cwd=project))
    assert line == (
        "briefgen: error: templates/brief.html:3: refused by the template sandbox: "
        "templates/passwd.html: refused: a symlink to a file outside the template folder templates"
    )
    assert outputs(project) == before
    assert not any(b"SECRET-5c1e" in data for data in outputs(project).values())


def test_row3_a_symlink_that_stays_inside_the_folder_is_followed(project):
    (project / "templates" / "parts").mkdir()
    (project / "templates" / "parts" / "note.html").write_text("<p>Desk note 7731</p>")
    os.symlink(project / "templates" / "parts" / "note.html", project / "templates" / "note.html")
    override(project, '{% include "note.html" %}')
    ran = run("build", cwd=project)
    assert ran.returncode == 0, ran.stderr
    assert "<p>Desk note 7731</p>" in (project / "out" / "brief-2026-11-23.html").read_text()


@pytest.mark.parametrize(
    ("expr", "needle"),
    [
        ("range(100001)|list", "range of 100,001 numbers; a template may use at most 100,000"),
        ("'a'*10**15", "'*' would make 1,000,000,000,000,000 characters"),
        ("b.title*3000000", "'*' would make 39,000,000 characters"),  # "Harbour Brief"
    ],
)
def test_row12_template_expressions_are_one_line_in_bounded_memory(project, expr, needle):
    before = outputs(project)
    override(project, f"{{{{ {expr} }}}}")
    line = error_line(run("build", cwd=project))
    assert line.startswith(
        "briefgen: error: templates/brief.html:3: refused by the template sandbox: "
    )
    assert needle in line
    assert outputs(project) == before


@pytest.mark.parametrize(
    ("subject", "needle"),
    [
        (
            "{{ range(100001)|list }}",
            "range of 100,001 numbers; a template may use at most 100,000",
        ),
        ("{{ 'a'*10**15 }}", "'*' would make 1,000,000,000,000,000 characters"),
        ("{{ brief.title*3000000 }}", "'*' would make 39,000,000 characters"),  # "Morning Brief"
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "'__init__'"),
    ],
)
def test_row12_subject_expressions_are_one_line_in_bounded_memory(project, subject, needle):
    """``validate`` renders the subject with the specimen brief, as ``send`` renders it."""
    quoted = "'" + subject.replace("'", "''") + "'"
    config = project / "briefgen.yaml"
    config.write_text(CONFIG + EMAIL.format(subject=quoted), encoding="utf-8")
    line = error_line(run("validate", cwd=project))
    assert line.startswith("briefgen: error: email.subject: refused by the template sandbox: ")
    assert needle in line
