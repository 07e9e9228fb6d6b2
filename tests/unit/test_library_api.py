"""The library API: briefgen.load_config + briefgen.build(config), as a program calls them."""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import briefgen
import briefgen.pipeline  # noqa: F401 - importing the module must not shadow briefgen.build

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic" / "briefgen.yaml"


def test_build_is_still_the_function_after_the_pipeline_module_loads():
    # a submodule named like the function would replace it on import: briefgen.build(...)
    # would then be "module object is not callable"
    assert inspect.isfunction(briefgen.build)
    assert briefgen.build.__module__ == "briefgen"
    params = inspect.signature(briefgen.build).parameters
    assert list(params)[0] == "config" and params["write"].kind is inspect.Parameter.KEYWORD_ONLY


def test_build_function_returns_result_with_written_files(tmp_path):
    project = tmp_path / "basic"  # a copy: the build keeps its history beside the config
    shutil.copytree(BASIC.parent, project)
    out = tmp_path / "out"
    cfg = briefgen.load_config(project / "briefgen.yaml", out=str(out), formats=["json"])
    result = briefgen.build(cfg)
    assert [p.name for p in result.written] == ["brief-2026-11-23.json"]
    assert result.written[0].parent == out.resolve()
    assert result.brief.title == "Basic Test Brief"
    assert result.archive == out.resolve() / "index.html"
    # no temporary file left behind: the brief, the list of its files (send checks it), the
    # archive page and the build lock
    assert sorted(p.name for p in out.iterdir()) == [
        ".brief-2026-11-23.files",
        ".build.lock",
        "brief-2026-11-23.json",
        "index.html",
    ]


def test_build_without_writing_returns_a_brief_quoting_its_articles(tmp_path):
    cfg = briefgen.load_config(BASIC, out=str(tmp_path / "o"))
    result = briefgen.build(cfg, write=False)
    assert result.written == () and not (tmp_path / "o").exists()
    brief = result.brief
    assert [s.theme for s in brief.sections] == ["ai", "critical_minerals"]
    assert all(1 <= len(s.items) <= 3 for s in brief.sections)  # both covered, max_items: 3
    articles = {a.id: a for a in brief.articles}
    # the four fixture articles, each cited by its path relative to the config
    assert sorted(a.path for a in articles.values()) == [
        "articles/a1-lakeside-ai-office.md",
        "articles/a2-harbourline-ai-compute.md",
        "articles/a3-ridge-wire-lithium.md",
        "articles/a4-valley-times-lithium.md",
    ]
    items = list(brief.key_points) + [it for s in brief.sections for it in s.items]
    for it in items:
        first = it.spans[0]
        assert articles[first.article].text[first.start : first.end] == it.text
        assert it.sources == tuple(sorted({sp.article for sp in it.spans}))
        for sp in it.spans:  # every source's own span lies within one of its sentences
            units = articles[sp.article].sentences
            assert any(u.start <= sp.start < sp.end <= u.end for u in units), sp
    # a4 republishes a3: the lithium statement they share is one item citing both
    copy = next(a for a in articles.values() if a.path.endswith("a4-valley-times-lithium.md"))
    original = next(a for a in articles.values() if a.path.endswith("a3-ridge-wire-lithium.md"))
    assert copy.copy_of == original.id
    assert any({original.id, copy.id} <= set(it.sources) for it in items)
