"""Republished copies are found once per build, in pipeline.load_articles; select trusts the marks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from select_builders import brief_config, raw_news_day, theme

import briefgen
import briefgen.select
import briefgen.select.align
from briefgen.select import mark_copies, select_brief, summarize

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic"
COPY = "a4-valley-times-lithium.md"  # republishes a3-ridge-wire-lithium.md


@pytest.fixture
def find_copies_calls(monkeypatch) -> list[int]:
    """Count every call of find_copies, however it is looked up (align's or select's name)."""
    calls: list[int] = []
    real = briefgen.select.align.find_copies

    def counting(articles):
        calls.append(len(articles))
        return real(articles)

    monkeypatch.setattr(briefgen.select.align, "find_copies", counting)
    monkeypatch.setattr(briefgen.select, "find_copies", counting)
    return calls


def _project(tmp_path: Path, with_copy: bool) -> Path:
    project = tmp_path / "basic"
    shutil.copytree(BASIC, project)
    if not with_copy:
        (project / "articles" / COPY).unlink()
    return project / "briefgen.yaml"


@pytest.mark.parametrize("with_copy", [True, False], ids=["a-day-with-a-copy", "a-day-without"])
def test_a_build_looks_for_copies_exactly_once(tmp_path, find_copies_calls, with_copy):
    config = briefgen.load_config(_project(tmp_path, with_copy))
    result = briefgen.build(config, write=False)
    assert find_copies_calls == [4 if with_copy else 3]
    copies = {a.id: a.copy_of for a in result.brief.articles if a.copy_of}
    assert copies == ({"a04": "a03"} if with_copy else {})


def test_selection_uses_the_marks_it_is_given(find_copies_calls):
    day = mark_copies(raw_news_day())
    assert [a.copy_of for a in day] == ["", "a01", "", ""]
    assert find_copies_calls == [4]
    ports = theme("ports", "Ports and dock strikes.", {"port": 2, "dockworkers": 3, "strike": 3})
    _, (section,) = select_brief(day, brief_config(ports))
    (lead,) = summarize(day, words=25)
    assert find_copies_calls == [4]  # neither looked again
    assert section.items[0].independent == 2 and lead.independent == 2


def test_unmarked_articles_are_taken_as_independent_stories():
    (lead,) = summarize(raw_news_day(), words=25)
    assert lead.sources == ("a01", "a02", "a03") and lead.independent == 3
