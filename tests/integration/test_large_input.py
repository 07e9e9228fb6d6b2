"""The huge and the empty, end to end: a large day's pile builds; an all-boilerplate pile fails cleanly."""

from __future__ import annotations

import json
import re

import pytest

from briefgen.config import SAMPLES_DIR, builtin_config
from briefgen.errors import BuildError
from briefgen.pipeline import build
from briefgen.sources.formats import read_markdown


def _variants(n: int) -> list[dict]:
    """``n`` article records made from the bundled samples: each outlet's copy renamed, so the
    pile has many near-identical reports as a wire-heavy day does."""
    bodies = [
        read_markdown(path.read_text(encoding="utf-8"), path.name).text
        for path in sorted(SAMPLES_DIR.glob("*.md"))
        if not path.name.startswith("_")
    ]
    records = []
    for i in range(n):
        body = bodies[i % len(bodies)]
        # vary numbers so that not every copy is byte-identical
        body = re.sub(r"\b(\d{2,3})\b", lambda m, i=i: str(int(m.group(1)) + i % 7), body)
        records.append(
            {
                "title": f"Story {i}",
                "source": f"Outlet {i % 40}",
                "published": "2026-11-23",
                "text": body,
            }
        )
    return records


def test_three_hundred_articles_build_with_every_item_verbatim(tmp_path):
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(json.dumps(r) for r in _variants(300)), encoding="utf-8")
    config = builtin_config(inputs=[str(pile)], out=str(tmp_path / "out"), formats=["json"])
    result = build(config)
    brief = result.brief
    texts = {a.id: a.text for a in brief.articles}
    assert len(texts) == len(brief.articles)  # ids are unique
    items = list(brief.key_points) + [it for s in brief.sections for it in s.items]
    # the brief lists exactly the articles its items cite: none missing, none uncited
    assert {a for it in items for a in it.sources} == set(texts)
    # the samples cover every built-in theme: each section has news, and no more than allowed
    limits = {s.theme: s.max_items for s in config.effective_sections}
    assert [s.theme for s in brief.sections] == list(limits)
    for s in brief.sections:
        assert 1 <= len(s.items) <= limits[s.theme], (s.theme, len(s.items))
    assert len(brief.key_points) == config.key_points.count
    sentences = {a.id: [s.text for s in a.sentences] for a in brief.articles}
    for it in items:
        sp = it.spans[0]
        assert texts[sp.article][sp.start : sp.end] == it.text
        for other in it.spans[1:]:  # each further source's own sentence stating the same thing
            quoted = texts[other.article][other.start : other.end]
            assert quoted and any(quoted in s for s in sentences[other.article])
    # no statement twice, even with 300 near-copies to choose from
    assert len({it.text for it in items}) == len(items)
    spans = [(sp.article, sp.start) for it in items for sp in it.spans]
    assert len(spans) == len(set(spans)), "one sentence stands behind two items"


def test_a_pile_of_only_boilerplate_is_a_clear_build_error(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Also Read: Markets rally\n\nShare this article\n")
    with pytest.raises(BuildError, match="no articles to brief from"):
        build(builtin_config(inputs=[str(folder)], out=str(tmp_path / "out")))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_build_runs_without_the_cyclic_collector_and_restores_it(tmp_path, monkeypatch, enabled):
    """The day's objects live until the files are written: the collector stays off while a
    build reads, selects and renders, and is as it was afterwards, after a failure too."""
    import gc

    from briefgen import pipeline, render

    seen: list[bool] = []
    for module, name in ((pipeline, "corpus_for"), (pipeline.select, "select_brief")):
        real = getattr(module, name)

        def spy(*args, _real=real, **kwargs):
            seen.append(gc.isenabled())
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    real_render = render.render_formats
    monkeypatch.setattr(
        render,
        "render_formats",
        lambda *a, **k: (seen.append(gc.isenabled()), real_render(*a, **k))[1],
    )
    if enabled:
        gc.enable()
    else:
        gc.disable()
    try:
        config = builtin_config(out=str(tmp_path / "out"), formats=["html", "json"])
        result = build(config)
        assert result.written and seen == [False, False, False]
        assert gc.isenabled() is enabled
        empty = tmp_path / "empty"
        empty.mkdir()
        with pytest.raises(BuildError):
            build(builtin_config(inputs=[str(empty)], out=str(tmp_path / "out2")))
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_build_drops_its_text_analyses_before_rendering(tmp_path, monkeypatch):
    """Selection memoizes each sentence's words, stems and names (``briefgen.memo``); they
    are worth nothing to the layout, so the render starts with every per-text cache empty,
    and the brief is the same as one built with them kept."""
    from briefgen import memo, pipeline, render

    held: dict[str, int] = {}
    real_select, real_render = pipeline.select.select_brief, render.render_formats

    def select_spy(*args, **kwargs):
        out = real_select(*args, **kwargs)
        held["after selection"] = memo.cached_entries()
        return out

    def render_spy(*args, **kwargs):
        held["at render"] = memo.cached_entries()
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pipeline.select, "select_brief", select_spy)
    monkeypatch.setattr(render, "render_formats", render_spy)
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(json.dumps(r) for r in _variants(60)), encoding="utf-8")
    config = builtin_config(inputs=[str(pile)], out=str(tmp_path / "out"), formats=["json"])
    released = build(config)
    assert held["after selection"] > 1000 and held["at render"] == 0

    monkeypatch.setattr(memo, "release", lambda: 0)  # the same build, caches kept throughout
    kept = build(builtin_config(inputs=[str(pile)], out=str(tmp_path / "kept"), formats=["json"]))
    assert held["at render"] > 1000
    assert (tmp_path / "out").joinpath(released.written[0].name).read_bytes() == (
        tmp_path / "kept"
    ).joinpath(kept.written[0].name).read_bytes()
