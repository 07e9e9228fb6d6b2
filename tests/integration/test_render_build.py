"""End to end through briefgen.pipeline.build: a small project with a template override, hostile input."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefgen.config import builtin_config, load_config
from briefgen.errors import TemplateError
from briefgen.pipeline import build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALL = ["html", "pdf", "json", "md", "txt"]


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "basic"
    shutil.copytree(FIXTURES / "projects" / "basic", root)
    (root / "templates").mkdir()
    return root


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_override_beside_the_config_is_used_in_every_html_output(project):
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}'
        '{% block masthead_extra %}<p class="desk">DESK-MARKER {{ b.title }}</p>{% endblock %}'
    )
    result = build(load_config(project / "briefgen.yaml", formats=ALL))
    assert [p.suffix for p in result.written] == [".html", ".pdf", ".json", ".md", ".txt"]
    page = result.written[0].read_text()
    assert '<p class="desk">DESK-MARKER Basic Test Brief</p>' in page
    data = json.loads(result.written[2].read_text())
    items = data["key_points"] + [it for s in data["sections"] for it in s["items"]]
    # both themes of the fixture have news: each section has items, within its max_items
    assert [len(s["items"]) > 0 for s in data["sections"]] == [True, True]
    assert all(len(s["items"]) <= 3 for s in data["sections"])
    for it in items:
        assert html.escape(it["text"], quote=False) in page
    md, txt = result.written[3].read_text(), result.written[4].read_text()
    for s in data["sections"]:
        assert s["title"] in md and s["title"].upper() in txt
    text = subprocess.run(
        ["pdftotext", str(result.written[1]), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "DESK-MARKER" in text
    for s in data["sections"]:
        assert s["title"] in text


def test_broken_override_fails_the_build_and_writes_nothing(project):
    (project / "templates" / "brief.html").write_text(
        '{% extends "default:brief.html" %}\n{% block colophon %}{% if %}{% endblock %}\n'
    )
    with pytest.raises(TemplateError, match=r"templates/brief\.html:2: template syntax error"):
        build(load_config(project / "briefgen.yaml", formats=ALL))
    assert not (project / "out").exists() or not any((project / "out").iterdir())


def test_hostile_articles_render_as_text(tmp_path, caplog):
    config = builtin_config(
        inputs=[str(FIXTURES / "hostile")], out=str(tmp_path / "out"), formats=["html", "md", "pdf"]
    )
    with caplog.at_level(logging.WARNING):
        result = build(config)
    page = result.written[0].read_text()
    body = page.split("<body", 1)[1]
    assert not re.search(r"<(script|img|iframe|object)\b", body)
    assert not re.search(r"<[^>]*\s(href|src)=\"(javascript|file|data):", page)
    assert not re.search(r"<[^>]*\sonerror=", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Hostile &lt;b&gt;Outlet&lt;/b&gt;" in page
    # template syntax in article text is text: never evaluated, never a syntax error
    md = result.written[1].read_text()
    assert "score above {{ 7*7 }} on" in page and "score above {{ 7\\*7 }} on" in md
    assert "workable {% raw %} but" in page and "workable {% raw %} but" in md
    assert "above 49" not in page + md
    assert not re.search(r"(?<!\\)<(script|img|b)\b", md)
    refused = [r for r in caplog.records if r.name == "briefgen.render.fetcher"]
    assert refused == []  # escaped article text never reaches the PDF renderer's fetcher
