"""The template context: numbering, badges, back-links, coverage, and its documentation."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from briefgen.config import BriefConfig
from briefgen.model import Article, Brief, Item, Section, Span
from briefgen.render.context import CONTEXT_CLASSES
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.views import build_context, long_date, web_url

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def art(id_: str, source: str = "", url: str = "", path: str = "", copy_of: str = "") -> Article:
    """An article whose outlet, when given, comes from its metadata."""
    return Article(
        id_,
        path or f"{id_}.txt",
        f"Title {id_}",
        source,
        url,
        date(2026, 1, 2),
        "",
        "Some text.",
        copy_of=copy_of,
        source_origin="metadata" if source else "unknown",
    )


def item(theme: str, *sources: str, independent: int = 1) -> Item:
    return Item(
        "Some text.",
        theme,
        sources,
        tuple(Span(s, 0, 10) for s in sources),
        independent=independent,
    )


def brief(articles, sections, key_points=()) -> Brief:
    return Brief("T", date(2026, 1, 2), tuple(sections), tuple(articles), tuple(key_points))


def test_specimen_numbers_items_and_links_sources_back_to_them():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    assert [k.label for k in ctx.key_points] == ["K1", "K2"]
    assert [i.label for i in ctx.sections[1].items] == ["2.1", "2.2"]
    assert [c.number for c in ctx.key_points[0].citations] == [1, 2, 3]
    assert ctx.key_points[0].citations[0].anchor == "src-1"
    assert ctx.key_points[0].theme_title == "Critical Minerals"
    src3 = ctx.sources[2]
    assert [r.label for r in src3.cited_by] == ["K1", "K2", "1.1"]
    assert [r.anchor for r in src3.cited_by] == ["kp-1", "kp-2", "s1-1"]


def test_badge_counts_outlets_and_discounts_republished_copies():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    wire = ctx.key_points[0]  # Harbour Times, its copy in Meridian Post, Northern Dispatch
    assert (wire.reports, wire.independent) == (3, 2)
    assert wire.badge == "3 outlets · 2 independent"
    assert "1 copy or rewrite of a wire story" in wire.badge_title
    assert ctx.sections[0].items[0].badge == ""  # one article: no badge


def test_two_articles_from_one_outlet_are_reports_not_outlets():
    a, b = art("a1", "Same Paper"), art("a2", "same paper")
    ctx = build_context(
        brief([a, b], [Section("ai", "AI", (item("ai", "a1", "a2", independent=2),))]),
        BriefConfig(),
        "html",
    )
    assert ctx.sections[0].items[0].badge == "2 reports"
    assert ctx.sections[0].items[0].badge_title == "Carried by 2 reports: 2 from 1 outlet."
    assert ctx.outlet_count == 1
    assert len(ctx.coverage.rows) == 1 and ctx.coverage.rows[0].sources == (1, 2)


def test_independent_is_clamped_to_the_reports_shown():
    ctx = build_context(
        brief([art("a1", "X")], [Section("ai", "AI", (item("ai", "a1", independent=5),))]),
        BriefConfig(),
        "html",
    )
    assert ctx.sections[0].items[0].independent == 1


def test_republished_copy_points_at_its_original_number():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    copy = ctx.sources[1]
    assert copy.republished and copy.copy_of == 1
    assert (copy.wire, copy.wire_note) == ("copy", "republished copy of")
    assert not ctx.sources[0].republished and ctx.sources[0].copy_of is None


def test_a_copy_of_an_unlisted_article_is_still_marked_republished():
    ctx = build_context(
        brief([art("a2", "Y", copy_of="a9")], [Section("ai", "AI", (item("ai", "a2"),))]),
        BriefConfig(),
        "html",
    )
    assert ctx.sources[0].republished and ctx.sources[0].copy_of is None


def test_a_url_host_or_file_name_is_a_location_never_an_outlet():
    arts = [
        art("a1", "Outlet"),
        art("a2", url="https://www.example.org/x"),
        art("a3", path="/data/in/0042_story.txt"),
    ]
    ctx = build_context(
        brief(arts, [Section("ai", "AI", (item("ai", "a1", "a2", "a3"),))]), BriefConfig(), "html"
    )
    assert [s.name for s in ctx.sources] == ["Outlet", "Outlet unknown", "Outlet unknown"]
    assert [s.outlet for s in ctx.sources] == ["Outlet", "", ""]
    assert ctx.sources[1].location == "https://www.example.org/x"
    assert ctx.sources[2].location == "0042_story.txt" and ctx.sources[2].url == ""


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org/a b", "http://example.org/a%20b"),
        ("javascript:alert(1)", ""),
        ("file:///etc/passwd", ""),
        ("data:text/html,<script>", ""),
        ("//example.org/x", ""),
        ("", ""),
    ],
)
def test_only_http_urls_are_linked(url, expected):
    assert web_url(url) == expected


def test_coverage_counts_statements_per_outlet_and_theme():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    cov = ctx.coverage
    assert [c.theme for c in cov.columns] == [
        "ai",
        "critical_minerals",
        "economic_security",
        "geopolitics",
    ]
    assert [c.total for c in cov.columns] == [2, 3, 0, 2]  # key points count under their theme
    rows = {r.name: [c.count for c in r.cells] for r in cov.rows}
    assert rows["Northern Dispatch"] == [2, 1, 0, 0]
    assert rows["Harbour Times"] == [0, 3, 0, 0]
    assert rows["Coastal Ledger"] == [0, 0, 0, 0]  # cited only for another version
    assert cov.max_count == 3
    levels = {r.name: [c.level for c in r.cells] for r in cov.rows}
    assert levels["Harbour Times"] == [0, 4, 0, 0] and levels["Northern Dispatch"][1] == 2
    known = [r for r in cov.rows if r.known]
    assert [r.total for r in known] == sorted((r.total for r in known), reverse=True)
    assert (cov.rows[-1].name, cov.rows[-1].known, cov.rows[-1].sources) == (
        "Outlet unknown",
        False,
        (4,),
    )


def test_empty_section_is_kept_with_no_items():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    assert ctx.sections[2].title == "Economic Security" and ctx.sections[2].items == ()


def test_toc_only_when_sections_exceed_the_threshold():
    assert build_context(specimen_brief(), specimen_config(), "pdf").toc == ()  # 4 <= 5
    toc = build_context(specimen_brief(), specimen_config(toc_min_sections=3), "pdf").toc
    assert [e.anchor for e in toc] == [
        "key-points",
        "discrepancies",
        "timeline",
        "whos-who",
        "quotes",
        "sec-ai",
        "sec-critical_minerals",
        "sec-economic_security",
        "sec-geopolitics",
        "coverage",
        "sources",
    ]
    assert toc[2].number == "" and toc[5].number == "1"


def test_creation_date_is_source_date_epoch_stamp_else_brief_date():
    b = specimen_brief()
    assert build_context(b, specimen_config(), "pdf").created == "2026-04-12T06:00:00Z"
    assert (
        build_context(replace(b, generated=""), specimen_config(), "pdf").created
        == "2026-04-12T00:00:00Z"
    )


def test_dates_are_english_whatever_the_locale():
    assert long_date(date(2026, 11, 23)) == "Monday 23 November 2026"
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    assert ctx.sources[0].published_display == "12 Apr 2026"


def test_pdf_metadata_fields():
    ctx = build_context(specimen_brief(), specimen_config(author="Strategy Unit"), "pdf")
    assert ctx.author == "Strategy Unit"
    assert ctx.keywords == (
        "Artificial Intelligence",
        "Critical Minerals",
        "Economic Security",
        "Geopolitics",
    )
    assert "Strategy unit" in ctx.subject and "12 April 2026" in ctx.subject


def _doc_sections() -> dict[str, str]:
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^### (\w+)\s*$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("cls", CONTEXT_CLASSES, ids=lambda c: c.__name__)
def test_docs_list_every_context_field(cls):
    sections = _doc_sections()
    assert cls.__name__ in sections, f"docs/templates.md has no '### {cls.__name__}' section"
    documented = set(re.findall(r"^\| `(\w+)` \|", sections[cls.__name__], flags=re.M))
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields - documented == set(), f"undocumented {cls.__name__} fields"
    assert documented - fields == set(), f"docs list {cls.__name__} fields that do not exist"


def test_coverage_names_the_most_cited_outlets_and_counts_the_rest_in_one_row():
    """30 outlets: the 20 cited by most statements are rows; the other 10 share one, whose cells
    count statements citing any of them (once each), before the "Outlet unknown" row."""
    arts = [art(f"o{i:02d}", source=f"Outlet {i:02d}") for i in range(30)] + [art("u1")]
    # outlets 0-19 are in three AI statements each; 20-29 in one AI and one minerals statement
    ai = [item("ai", *(a.id for a in arts[:20])) for _ in range(3)]
    ai.append(item("ai", *(a.id for a in arts[20:30]), "u1"))
    minerals = [item("critical_minerals", "o25", "o26")]
    b = brief(
        arts, [Section("ai", "AI", tuple(ai)), Section("critical_minerals", "CM", tuple(minerals))]
    )
    cov = build_context(b, BriefConfig(), "html").coverage
    named = [r for r in cov.rows if r.known]
    assert len(named) == 20 and {r.name for r in named} == {f"Outlet {i:02d}" for i in range(20)}
    assert cov.folded == 10
    rest, unknown = cov.rows[-2], cov.rows[-1]
    assert (rest.name, rest.known, rest.sources) == ("10 other outlets", False, ())
    assert [c.count for c in rest.cells] == [1, 1] and rest.total == 2
    assert (unknown.name, [c.count for c in unknown.cells]) == ("Outlet unknown", [1, 0])


def test_a_coverage_table_of_few_outlets_folds_nothing():
    cov = build_context(specimen_brief(), specimen_config(), "html").coverage
    assert cov.folded == 0 and not any(r.name.endswith("other outlets") for r in cov.rows)
