"""Hostile articles and templates: rendering the PDF neither reads local files nor connects out.

A real listening socket on 127.0.0.1 stands in for a remote server: after rendering, a
non-blocking accept() finds no connection waiting. A control case shows the same secret file does
reach the PDF when it sits inside the template folder, so the checks can see a leak.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.render import render_formats
from briefgen.render.specimen import specimen_brief, specimen_config

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

SECRET = "SECRET-7f3a91"


@pytest.fixture
def server():
    """A listening socket nobody should ever connect to."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


def connections(sock: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


@pytest.fixture
def secret_css(tmp_path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    css = outside / "secret.css"
    css.write_text(f'.colophon::after {{ content: "{SECRET}"; }}')
    return css


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return out.stdout


def refused(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "briefgen.render.fetcher" and r.levelno == logging.WARNING
    ]


def test_template_references_are_refused(tmp_path, server, secret_css, caplog):
    port = server.getsockname()[1]
    templates = tmp_path / "templates"
    templates.mkdir()
    urls = [
        secret_css.as_uri(),
        "file:///etc/passwd",
        f"http://127.0.0.1:{port}/x.png",
        f"http://127.0.0.1:{port}/a.css",
        f"https://127.0.0.1:{port}/font.woff2",
    ]
    (templates / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n'
        f'{{% block head_extra %}}<link rel="stylesheet" href="{urls[0]}">'
        f'<style>@import url("{urls[3]}"); body {{ background: url("file:///etc/passwd"); }}'
        f'@font-face {{ font-family: X; src: url("{urls[4]}"); }} h1 {{ font-family: X; }}</style>'
        "{% endblock %}\n"
        f'{{% block masthead_extra %}}<img src="{urls[1]}" alt=""><img src="{urls[2]}" alt="">'
        '<object data="file:///etc/passwd"></object>{% endblock %}\n'
    )
    config = specimen_config(str(templates))
    with caplog.at_level(logging.WARNING):
        data = render_formats(specimen_brief(), config, ["pdf"])["pdf"]
    assert connections(server) == 0
    text = pdf_text(data, tmp_path)
    assert SECRET not in text and "root:" not in text
    assert b"root:x:0" not in data
    messages = refused(caplog)
    for url in urls:
        assert any(url in m for m in messages), f"no refusal logged for {url}"
    assert "Morning Brief" in text  # the PDF is still made, without the refused resources


def test_control_the_same_file_inside_the_template_folder_is_used(tmp_path, secret_css, caplog):
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(secret_css, templates / "inside.css")
    (templates / "brief.html").write_text(
        '{% extends "default:brief.html" %}'
        '{% block head_extra %}<link rel="stylesheet" href="inside.css">{% endblock %}'
    )
    with caplog.at_level(logging.WARNING):
        data = render_formats(specimen_brief(), specimen_config(str(templates)), ["pdf"])["pdf"]
    assert SECRET in pdf_text(data, tmp_path)
    assert refused(caplog) == []


def test_symlink_out_of_the_template_folder_is_refused(tmp_path, secret_css, caplog):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "inside.css").symlink_to(secret_css)
    (templates / "brief.html").write_text(
        '{% extends "default:brief.html" %}'
        '{% block head_extra %}<link rel="stylesheet" href="inside.css">{% endblock %}'
    )
    with caplog.at_level(logging.WARNING):
        data = render_formats(specimen_brief(), specimen_config(str(templates)), ["pdf"])["pdf"]
    assert SECRET not in pdf_text(data, tmp_path)
    assert any("inside.css" in m for m in refused(caplog))


def test_article_references_stay_text(tmp_path, server, caplog):
    port = server.getsockname()[1]
    b = specimen_brief()
    hostile = (
        f'<img src="file:///etc/passwd"><link rel="stylesheet" '
        f'href="http://127.0.0.1:{port}/y.css"> <style>@import "http://127.0.0.1:{port}/z";'
        "</style>"
    )
    section = replace(b.sections[0], items=(replace(b.sections[0].items[0], text=hostile),))
    arts = tuple(
        replace(a, url=f"http://127.0.0.1:{port}/story", title=hostile) if a.id == "a03" else a
        for a in b.articles
    )
    b = replace(b, sections=(section,) + b.sections[1:], articles=arts)
    with caplog.at_level(logging.WARNING):
        out = render_formats(b, specimen_config(), ["pdf", "html"])
    assert connections(server) == 0
    text = " ".join(pdf_text(out["pdf"], tmp_path).split())
    assert '<img src="file:///etc/passwd">' in text  # printed, not loaded
    assert "root:" not in text
    assert refused(caplog) == []  # escaped text never even asks the fetcher
    assert b"<img" not in out["html"] and b"<style>@import" not in out["html"]
