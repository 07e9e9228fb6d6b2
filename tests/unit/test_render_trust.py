"""What lets a reader trust a brief: honest outlets, wire direction, analysis labels,
discrepancies, glossaries and dates, in every format, with hostile text still only text."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from test_properties import URL_ATTRIBUTES, Page, examples, hostile, oneline, unescaped

from briefgen.config import BriefConfig
from briefgen.model import Article, Brief, Discrepancy, Item, Section, Span, Version
from briefgen.render import render_formats
from briefgen.render.environment import md_escape
from briefgen.render.outlets import agency_name, based_on
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.views import build_context


def art(
    id_: str,
    source: str = "",
    origin: str = "metadata",
    *,
    copy_of: str = "",
    credits: tuple[str, ...] = (),
    retold: bool = False,
    published: date | None = date(2026, 1, 2),
) -> Article:
    return Article(
        id_,
        f"in/{id_}.txt",
        f"Title {id_}",
        source,
        "",
        published,
        "",
        "Some text.",
        copy_of=copy_of,
        credits=credits,
        source_origin=origin if source else "unknown",  # type: ignore[arg-type]
        retold=retold,
    )


def item(*sources: str, independent: int = 1, **more) -> Item:
    return Item(
        "Some text.",
        "ai",
        sources,
        tuple(Span(s, 0, 10) for s in sources),
        independent=independent,
        **more,
    )


def context(articles, *items: Item, key_points=(), output="html"):
    b = Brief(
        "T", date(2026, 1, 2), (Section("ai", "AI", items),), tuple(articles), tuple(key_points)
    )
    return build_context(b, BriefConfig(), output)


def render(fmt: str, brief: Brief | None = None) -> str:
    return render_formats(brief or specimen_brief(), specimen_config(), [fmt])[fmt].decode()


# --------------------------------------------------------------------------- outlets


def test_an_outlet_of_unknown_origin_is_not_named_even_when_the_input_has_a_string():
    a = replace(art("a1", "Guessed From A Path"), source_origin="unknown")
    ctx = context([a, art("a2", "Named By Credit", "credit")], item("a1", "a2"))
    assert [(s.outlet, s.name, s.origin) for s in ctx.sources] == [
        ("", "Outlet unknown", "unknown"),
        ("Named By Credit", "Named By Credit", "credit"),
    ]
    assert ctx.outlet_count == 1 and ctx.unknown_outlets == 1


@pytest.mark.parametrize(
    "sources, independent, badge",
    [
        (["A", "B", "C"], 3, "3 outlets"),
        (["A", "B", "C"], 2, "3 outlets · 2 independent"),
        (["A", "B", ""], 3, "3 reports"),  # one outlet unknown: not "outlets"
        (["A", "a", "B", "C", ""], 4, "5 reports · 4 independent"),
        (["", ""], 2, "2 reports"),
        (["A"], 1, ""),
    ],
)
def test_badges_say_outlets_only_when_every_report_has_a_known_distinct_outlet(
    sources, independent, badge
):
    arts = [art(f"a{i}", s) for i, s in enumerate(sources)]
    ctx = context(arts, item(*(a.id for a in arts), independent=independent))
    assert ctx.sections[0].items[0].badge == badge


def test_badge_title_says_how_many_reports_have_no_known_outlet():
    ctx = context([art("a1", "A"), art("a2", "")], item("a1", "a2", independent=2))
    assert ctx.sections[0].items[0].badge_title == (
        "Carried by 2 reports: 1 from 1 outlet, 1 of unknown outlet."
    )


@pytest.mark.parametrize(
    "sources, expected",
    [
        ([], (0, 0, "0 articles")),
        (["A"], (1, 0, "1 article from 1 outlet")),
        (["A", "a", "B"], (2, 0, "3 articles from 2 outlets")),
        (["A", "B", ""], (2, 1, "3 articles: 2 from 2 outlets, 1 of unknown outlet")),
        ([""], (0, 1, "1 article of unknown outlet")),
        (["", ""], (0, 2, "2 articles of unknown outlet")),
    ],
)
def test_based_on_counts_known_outlets_only(sources, expected):
    assert based_on([art(f"a{i}", s) for i, s in enumerate(sources)]) == expected


def test_every_format_says_outlet_unknown_and_keeps_the_file_name_as_location():
    ctx = build_context(specimen_brief(), specimen_config(), "html")
    desk = ctx.sources[3]
    assert (desk.name, desk.outlet, desk.location) == ("Outlet unknown", "", "desk-note-0412.txt")
    assert ctx.based_on == "7 articles: 6 from 6 outlets, 1 of unknown outlet"
    for fmt in ("html", "md", "txt"):
        out = render(fmt)
        assert "7 articles: 6 from 6 outlets, 1 of unknown outlet" in out, fmt
        assert "Outlet unknown" in out and "desk-note-0412.txt" in out, fmt
        assert "desk-note-0412.txt [4]" not in out and "desk-note-0412.txt \\[4\\]" not in out


# --------------------------------------------------------------------------- wire direction


def test_wire_direction_in_the_sources_list():
    arts = [
        art("a1", "Carrier", credits=("ani",)),
        art("a2", "Copy", copy_of="a1", credits=("ani",)),
        art("a3", "Rewrite", copy_of="a1", credits=("ani",), retold=True),
        art("a4", "Alone", credits=("ani",)),  # credits an agency, but nobody copies it
    ]
    ctx = context(arts, item("a1", "a2", "a3", "a4", independent=2))
    got = [(s.wire, s.wire_note, s.copy_of, s.agency) for s in ctx.sources]
    assert got == [
        ("carrier", "carries the ANI wire story", None, "ANI"),
        ("copy", "republished copy of", 1, "ANI"),
        ("rewrite", "rewrite of the ANI story in", 1, "ANI"),
        ("", "", None, ""),
    ]
    assert [s.republished for s in ctx.sources] == [False, True, False, False]
    md, txt = render("md", ctx.brief), render("txt", ctx.brief)
    assert "(rewrite of the ANI story in \\[1\\])" in md and "(republished copy of \\[1\\])" in md
    assert "(rewrite of the ANI story in [1])" in txt and "(carries the ANI wire story)" in txt


def test_nothing_is_called_a_copy_of_a_rewrite():
    arts = [
        art("a1", "Rewrite", credits=("reuters",), retold=True),
        art("a2", "Copy", copy_of="a1"),
    ]
    ctx = context(arts, item("a1", "a2"))
    assert (ctx.sources[1].wire, ctx.sources[1].wire_note) == (
        "carrier",
        "carries the Reuters wire story",
    )
    assert ctx.sources[1].copy_of is None and not ctx.sources[1].republished
    assert ctx.sources[0].wire_note == "rewrite of the Reuters story"  # no [n]: none listed


def test_a_copy_of_an_unlisted_article_has_no_number():
    ctx = context([art("a2", "Copy", copy_of="a9")], item("a2"))
    assert (ctx.sources[0].wire_note, ctx.sources[0].copy_of) == ("republished copy", None)


@pytest.mark.parametrize(
    "credits, name",
    [
        (("ani",), "ANI"),
        (("reuters",), "Reuters"),
        (("press trust of india",), "Press Trust of India"),
        (("ani", "pti"), "ANI/PTI"),
        ((), ""),
    ],
)
def test_agency_names(credits, name):
    assert agency_name(credits) == name


# --------------------------------------------------------------------------- analysis


def test_analysis_is_labelled_with_its_representative_sources_outlet():
    arts = [art("a1", ""), art("a2", "Second Paper")]
    commentary = replace(item("a2", "a1"), kind="analysis")
    ctx = context(arts, commentary, replace(item("a1", "a2"), kind="analysis"), item("a2"))
    assert [i.kind_label for i in ctx.sections[0].items] == [
        "Analysis · Second Paper",
        "Analysis · outlet unknown",
        "",
    ]


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_analysis_label_is_shown_in_every_format(fmt):
    assert "Analysis · Northern Dispatch" in render(fmt)


def test_analysis_label_is_a_styled_tag_before_the_statement_in_html():
    html = render("html")
    tag = '<span class="kind-tag kind-analysis">Analysis · Northern Dispatch</span> <span class="text">'
    assert tag in html and ".kind-tag {" in html


# --------------------------------------------------------------------------- discrepancies


def differs(*versions: tuple[str, tuple[str, ...]]) -> Discrepancy:
    return Discrepancy(
        "number",
        tuple(
            Version((v,), f"It cost {v}.", src, tuple(Span(s, 0, 5) for s in src))
            for v, src in versions
        ),
    )


def test_each_version_cites_its_own_sources_with_dates():
    arts = [art("a1", "A"), art("a2", "B", published=None), art("a3", "C")]
    it = item(
        "a1",
        "a2",
        discrepancies=(differs(("$1.9 trillion", ("a1", "a2")), ("$2.9 trillion", ("a3",))),),
    )
    ctx = context(arts, it)
    view = ctx.sections[0].items[0].discrepancies[0]
    assert view.title == "Sources differ on the number"
    assert [(v.value, [c.number for c in v.citations], v.own) for v in view.versions] == [
        ("$1.9 trillion", [1, 2], True),
        ("$2.9 trillion", [3], False),
    ]
    assert [c.label for c in view.versions[0].citations] == [
        "A: Title a1, 2 Jan 2026",
        "B: Title a2",
    ]
    assert ctx.discrepancies == ctx.sections[0].items
    assert [r.label for r in ctx.sources[2].differs_in] == ["1.1"] and ctx.sources[2].cited_by == ()


def test_a_version_citing_no_listed_source_is_dropped_and_one_version_is_no_discrepancy():
    arts = [art("a1", "A")]
    it = item("a1", discrepancies=(differs(("1", ("a1",)), ("2", ("a9",))),))
    ctx = context(arts, it)
    assert ctx.sections[0].items[0].discrepancies == () and ctx.discrepancies == ()


@pytest.mark.parametrize(
    "fmt, line, quote",
    [
        (
            "html",
            '<span class="differs-title">Sources differ on the number:</span> <span class="version">40%</span>',
            "<p>“The national AI plan allocates 30% of new compute to public research.” <span",
        ),
        (
            "md",
            "   Sources differ on the number: 40% \\[3\\]\\[4\\] · 30% \\[7\\]\\\n",
            "   “The national AI plan allocates 30% of new compute to public research.” \\[7\\]\n",
        ),
        (
            "txt",
            "      Sources differ on the number: 40% [3][4] · 30% [7]\n",
            "          “The national AI plan allocates 30% of new compute to public\n          research.” [7]\n",
        ),
    ],
)
def test_discrepancy_beside_the_item_and_the_other_version_quoted(fmt, line, quote):
    out = render(fmt)
    assert line in out and quote in out


@pytest.mark.parametrize(
    "fmt, before, heading, version, after",
    [
        (
            "html",
            '<h2 id="key-points-h">',
            '<h2 id="discrepancies-h">Discrepancies</h2>',
            '[3]</a> <span class="outlet">Northern Dispatch</span>, '
            '<time datetime="2026-04-11">11 Apr 2026</time>',
            '<h2 id="sec-ai-h">',
        ),
        (
            "md",
            "## Key points",
            "## Discrepancies",
            "  - 40%: \\[3\\] Northern Dispatch, 11 Apr 2026; \\[4\\] Outlet unknown\n",
            "## 1. Artificial Intelligence",
        ),
        (
            "txt",
            "\nKEY POINTS\n",
            "\nDISCREPANCIES\n",
            "        40%: [3] Northern Dispatch, 11 Apr 2026; [4] Outlet unknown\n",
            "\n1. ARTIFICIAL INTELLIGENCE\n",
        ),
    ],
)
def test_discrepancies_box_after_the_key_points_lists_versions_with_sources_and_dates(
    fmt, before, heading, version, after
):
    out = render(fmt)
    assert out.index(before) < out.index(heading) < out.index(version) < out.index(after)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_no_discrepancies_box_when_sources_agree(fmt):
    b = specimen_brief()
    agree = replace(
        b,
        key_points=tuple(replace(i, discrepancies=()) for i in b.key_points),
        sections=tuple(
            replace(s, items=tuple(replace(i, discrepancies=()) for i in s.items))
            for s in b.sections
        ),
    )
    out = render(fmt, agree)
    assert "Discrepancies" not in out and "DISCREPANCIES" not in out
    assert 'id="discrepancies"' not in out and "Sources differ" not in out
    toc = [e.anchor for e in build_context(agree, specimen_config(toc_min_sections=3), "pdf").toc]
    assert toc[0] == "key-points" and "discrepancies" not in toc


# --------------------------------------------------------------------------- glossary, dates


@pytest.mark.parametrize(
    "fmt, line",
    [
        (
            "html",
            '<p class="glossary"><abbr title="Joint Working Group">JWG</abbr>: Joint Working Group</p>',
        ),
        ("md", "\\\n  *JWG: Joint Working Group*"),
        ("txt", "\n      JWG: Joint Working Group\n"),
    ],
)
def test_glossary_line_under_the_item(fmt, line):
    assert line in render(fmt)


def test_citation_hover_text_and_screen_reader_label_carry_the_date():
    html = render("html")
    assert 'title="Coastal Ledger: Compute plan and boundary talks, 12 Apr 2026"' in html
    assert (
        'aria-label="Source 7: Coastal Ledger: Compute plan and boundary talks, 12 Apr 2026"'
        in html
    )
    assert 'title="Outlet unknown (desk-note-0412.txt)"' in html  # no date known: none shown


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_sources_entries_carry_the_date(fmt):
    out = render(fmt)
    assert "Compute plan and boundary talks, 12 Apr 2026" in out


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_empty_section_keeps_saying_no_coverage(fmt):
    assert render(fmt).count("No coverage of this theme in today’s articles.") == 1


# --------------------------------------------------------------------------- hostile text


def hostile_notes_brief(value: str, sentence: str, term: str, expansion: str, source: str) -> Brief:
    """The specimen with K2's other version, K1's glossary and a03's outlet (which labels the
    analysis item) replaced by the given strings."""
    b = specimen_brief()
    k1, k2 = b.key_points
    d = k2.discrepancies[0]
    other = replace(d.versions[1], values=(value,), text=sentence)
    k2 = replace(k2, discrepancies=(replace(d, versions=(d.versions[0], other)),))
    k1 = replace(k1, glossary=((term, expansion),))
    arts = tuple(replace(a, source=source) if a.id == "a03" else a for a in b.articles)
    return replace(b, key_points=(k1, k2), articles=arts)


@functools.cache
def benign_notes_tags() -> list[tuple[str, tuple[str, ...]]]:
    benign = hostile_notes_brief("12%", "Plain words.", "ABC", "A Big Committee", "Plain Outlet")
    return Page(render("html", benign)).tags


@examples(25)
@given(value=hostile, sentence=hostile, term=hostile, expansion=hostile, source=hostile)
def test_hostile_versions_glossary_and_outlets_render_as_text(
    value, sentence, term, expansion, source
):
    brief = hostile_notes_brief(value, sentence, term, expansion, source)
    out = render_formats(brief, specimen_config(), ["html", "md"])
    html, md = out["html"].decode(), out["md"].decode()
    page = Page(html)
    assert page.tags == benign_notes_tags()  # no element or attribute came from the text
    for field in (value, sentence, term, expansion, f"Analysis · {source.strip()}"):
        assert any(oneline(field) in oneline(chunk) for chunk in page.text), field
    for name, v in page.attrs:
        if name in URL_ATTRIBUTES:
            assert v.startswith("#") or v.startswith("https://"), (name, v)
    for field in (value, sentence, term, expansion):
        assert md_escape(field) in md
    bare = md
    for a in brief.articles:
        bare = bare.replace(f"<{a.url}>", "")
    assert unescaped(bare, "<") == [] and unescaped(md, "[") == []


@examples(15)
@given(agency=hostile)
def test_hostile_agency_credit_in_a_wire_note_is_text(agency):
    b = specimen_brief()
    arts = tuple(replace(a, credits=(agency,)) if a.credits else a for a in b.articles)
    brief = replace(b, articles=arts)
    html = render("html", brief)
    benign = replace(
        b, articles=tuple(replace(a, credits=("plain",)) if a.credits else a for a in b.articles)
    )
    assert Page(html).tags == Page(render("html", benign)).tags
    md = render("md", brief)
    bare = md
    for a in arts:
        bare = bare.replace(f"<{a.url}>", "")
    assert unescaped(bare, "<") == [] and unescaped(md, "[") == []


def test_the_specimen_exercises_every_new_field():
    b = specimen_brief()
    items = [*b.key_points, *(i for s in b.sections for i in s.items)]
    assert any(i.kind == "analysis" for i in items)
    assert any(
        d.kind == "number"
        and len(d.versions) == 2
        and set(d.versions[0].sources).isdisjoint(d.versions[1].sources)
        for i in items
        for d in i.discrepancies
    )
    assert any(i.glossary for i in items)
    assert {a.source_origin for a in b.articles} == {"metadata", "credit", "unknown"}
    ctx = build_context(b, specimen_config(), "html")
    assert {s.wire for s in ctx.sources} >= {"carrier", "copy", "rewrite"}
