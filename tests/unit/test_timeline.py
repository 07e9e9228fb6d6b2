"""The timeline: dated events from the cited sentences, one per event, in date order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from select_builders import article

from briefgen.config import BriefConfig, load_config
from briefgen.config.timeline import TimelineConfig
from briefgen.model import Article, Item, Section, Span
from briefgen.pipeline import build, build_id
from briefgen.render import render_formats
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.select.timeline import TIMELINE_MAX, build_timeline, date_items, item_dates

DAY = date(2026, 1, 18)  # a Sunday


def cite(*pairs: tuple[Article, int]) -> Item:
    """An item citing sentence ``i`` of each article, the first as its own text."""
    spans = tuple(Span(a.id, a.sentences[i].start, a.sentences[i].end) for a, i in pairs)
    return Item(pairs[0][0].sentences[pairs[0][1]].text, "t", tuple(a.id for a, _ in pairs), spans)


def test_events_are_dated_sorted_and_flagged_upcoming():
    a = article(
        "a01",
        "The dialogue was held in New Delhi on 17 January 2026. "
        "The envoy visited Tokyo from 12 to 14 January. "
        "The second round is scheduled for the first half of 2026.",
    )
    events = build_timeline([cite((a, 2)), cite((a, 0)), cite((a, 1))], [a], DAY)
    assert [(e.when, e.label, e.upcoming) for e in events] == [
        ("2026-01-12/2026-01-14", "12–14 Jan 2026", False),
        ("2026-01-17", "17 Jan 2026", False),
        ("2026-H1", "first half of 2026", True),
    ]
    for e in events:
        (span,) = e.spans
        assert a.text[span.start : span.end] == e.text and e.sources == ("a01",)


def test_the_same_event_told_by_two_outlets_is_one_event_citing_both():
    a = article(
        "a01", "The second round of the security dialogue is scheduled for the first half of 2026."
    )
    b = article(
        "a02", "The second round of the security dialogue will be held in the first half of 2026."
    )
    c = article("a03", "Elections are due in the first half of 2026 across the region.")
    events = build_timeline([cite((a, 0), (b, 0)), cite((c, 0))], [a, b, c], DAY)
    assert [e.sources for e in events] == [("a01", "a02"), ("a03",)]
    assert [len(e.spans) for e in events] == [2, 1]


def test_vague_periods_follow_the_days_they_contain():
    a = article(
        "a01",
        "A working group will convene in early 2026. "
        "A review is planned for mid-2026. "
        "Talks were held on 20 January 2026.",
    )
    events = build_timeline([cite((a, 0)), cite((a, 1)), cite((a, 2))], [a], DAY)
    assert [e.when for e in events] == ["2026-01-20", "2026-early", "2026-mid"]
    assert [e.upcoming for e in events] == [True, True, True]


def test_publication_lines_and_undated_sentences_are_not_events():
    a = article(
        "a01",
        "Published on 17 January 2026 by the desk. "
        "The ministers met earlier this year to talk. "
        "The ministers agreed to cooperate on minerals.",
    )
    assert build_timeline([cite((a, 0)), cite((a, 1)), cite((a, 2))], [a], DAY) == ()


def test_an_uncited_dated_sentence_about_an_item_joins():
    a = article(
        "a01",
        "Both nations agreed to set up a joint working group on critical minerals. "
        "The joint working group on critical minerals will convene in early 2026. "
        "The weather in Delhi will be cold in early 2026.",
    )
    (event,) = build_timeline([cite((a, 0))], [a], DAY)
    assert (event.when, event.text) == ("2026-early", a.sentences[1].text)


def test_the_limit_keeps_the_best_attested():
    texts = [
        f"Meeting number {n} of the council was held on {n} January 2026." for n in range(1, 12)
    ]
    arts = [article(f"a{i:02d}", t) for i, t in enumerate(texts, 1)]
    other = article("b01", "Meeting number 11 of the council was held on 11 January 2026.")
    items = [cite((a, 0)) for a in arts[:-1]] + [cite((arts[-1], 0), (other, 0))]
    events = build_timeline(items, [*arts, other], DAY, limit=3)
    assert len(events) == 3 and TIMELINE_MAX == 8
    assert events[-1].when == "2026-01-11" and events[-1].sources == ("a11", "b01")


def test_empty_brief_has_no_timeline():
    assert build_timeline([], [], DAY) == ()


def test_item_dates_resolve_against_the_article_date_and_never_guess_one():
    dated = article("a01", "They met on Saturday in Rome.", published=date(2026, 3, 4))
    undated = article("a02", "They met on Saturday in Rome.")
    by_id = {"a01": dated, "a02": undated}
    assert item_dates(cite((dated, 0)), by_id, DAY) == (("on Saturday", "2026-02-28"),)
    # which Saturday an undated article means, the brief's date cannot tell
    assert item_dates(cite((undated, 0)), by_id, DAY) == ()
    yearless = article("a03", "They will meet again on 3 March.")
    assert item_dates(cite((yearless, 0)), {"a03": yearless}, DAY) == (("3 March", "2026-03-03"),)


def test_item_dates_leave_explicit_dates_out_and_keep_the_text():
    a = article("a01", "On 17 January 2026 they met, and will meet again next week.", published=DAY)
    kps, sections = date_items([cite((a, 0))], [Section("t", "T", (cite((a, 0)),))], [a], DAY)
    assert kps[0].dates == (("next week", "2026-W04"),) == sections[0].items[0].dates
    assert kps[0].text == a.sentences[0].text


# --------------------------------------------------------------------------- rendered


def _render(fmt: str, brief=None) -> str:
    return render_formats(brief or specimen_brief(), specimen_config(), [fmt])[fmt].decode()


@pytest.mark.parametrize(
    ("fmt", "lines"),
    [
        (
            "md",
            [
                "## Timeline",
                "- **week of 13 Apr 2026** · **Next** — Talks on the maritime boundary resume next"
                " week in Geneva. \\[4\\]\\[5\\]",
                "  *(in March = Mar 2027)*",
            ],
        ),
        (
            "txt",
            ["TIMELINE", "      Mar 2027 · Next — The JWG will meet in Lisbon in March. [1][2][6]"],
        ),
        (
            "html",
            [
                '<section class="timeline" id="timeline"',
                '<span class="when">7 Apr 2026</span> — Ministers',
                '<p class="resolved-dates">(on Tuesday = <span class="resolved">7 Apr 2026</span>)</p>',
            ],
        ),
    ],
)
def test_the_timeline_and_resolved_dates_are_shown(fmt, lines):
    out = _render(fmt)
    for line in lines:
        assert line in out
    # the quoted statement keeps its own words
    assert "agreed on Tuesday to set up" in out and "agreed on 7 Apr 2026" not in out


def test_the_timeline_follows_the_discrepancies_box():
    out = _render("md")
    assert out.index("## Discrepancies") < out.index("## Timeline") < out.index("## 1.")


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_no_block_without_events(fmt):
    out = _render(fmt, replace(specimen_brief(), timeline=()))
    assert "Timeline" not in out and "TIMELINE" not in out


# --------------------------------------------------------------------------- config

PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic" / "briefgen.yaml"


def test_the_switch_turns_the_timeline_and_the_item_dates_off():
    on = build(load_config(PROJECT), write=False).brief
    off_config = load_config(PROJECT).model_copy(update={"timeline": TimelineConfig(enabled=False)})
    off = build(off_config, write=False).brief
    assert on.timeline and any(it.dates for it in on.key_points)
    assert off.timeline == () and not any(it.dates for it in off.key_points)
    assert [it.text for it in off.key_points] == [it.text for it in on.key_points]


def test_the_switch_counts_in_the_build_id_once_set():
    # unset, it is left out: the golden basic brief keeps the build id it had before timelines
    assert build_id(BriefConfig(timeline={"max": 3}), []) != build_id(BriefConfig(), [])


def test_a_bad_max_is_refused():
    with pytest.raises(ValueError, match="max"):
        TimelineConfig(max=0)


def test_an_undated_article_s_relative_dates_are_not_guessed_from_the_brief_s_date():
    from briefgen.model import Document
    from briefgen.select.timeline import item_dates
    from briefgen.text import prepare_article

    undated = prepare_article(
        Document(
            path="u.txt",
            text="The ministers met in Lisbon this week and will meet again on 3 March 2027.",
        ),
        "u1",
    )
    (s,) = undated.sentences
    item = Item(s.text, "t", ("u1",), (Span("u1", s.start, s.end),))
    # "this week" needs the day it was written; "3 March 2027" does not
    assert item_dates(item, {"u1": undated}, date(2026, 12, 1)) == ()
    events = build_timeline([item], [undated], date(2026, 12, 1))
    assert [e.when for e in events] == ["2027-03-03"]
