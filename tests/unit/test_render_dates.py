"""Dates as the brief shows them: the window in the masthead, stand-in dates named in the
Sources list, an article's time as its day in the brief's timezone."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from briefgen.render import render_formats
from briefgen.render.context import Output
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.views import build_context, window_display

UTC = timezone.utc
WINDOW = ("2026-04-11T07:00:00+00:00", "2026-04-12T07:00:00+00:00")


def brief_with_dates():
    b = specimen_brief()
    a1, a2, a3, *rest = b.articles
    arts = (
        # listed by a feed that gave no time of its own for the item: the feed's date stands in
        replace(a1, published_at=datetime(2026, 4, 12, 6, 0, tzinfo=UTC), date_origin="feed"),
        replace(a2, published_at=datetime(2026, 4, 12, 6, 5, tzinfo=UTC), date_origin="fetched"),
        replace(a3, date_origin="article"),
        *rest,
    )
    return replace(b, articles=arts, window=WINDOW)


def rendered(brief, config=None) -> dict[str, str]:
    out = render_formats(brief, config or specimen_config(), ["html", "md", "txt"])
    return {fmt: data.decode() for fmt, data in out.items()}


def test_the_masthead_shows_the_window_in_every_format():
    out = rendered(brief_with_dates())
    line = "Articles from 11 Apr 07:00 to 12 Apr 07:00 UTC"
    assert '<p class="window">' + line + "</p>" in out["html"]
    assert line + "\\\n" in out["md"]
    assert "\n" + line + "\n" in out["txt"]


def test_without_a_window_the_masthead_says_nothing_of_one():
    out = rendered(specimen_brief())
    assert not any("Articles from" in text for text in out.values())


def test_stand_in_dates_say_so_in_the_sources_and_an_articles_own_date_does_not():
    out = rendered(brief_with_dates())
    assert '<time datetime="2026-04-12">12 Apr 2026 (date from feed)</time>' in out["html"]
    assert '<time datetime="2026-04-12">fetched 12 Apr 2026</time>' in out["html"]
    assert '<time datetime="2026-04-11">11 Apr 2026</time>' in out["html"]
    assert ", 12 Apr 2026 (date from feed)" in out["md"]
    assert "group, fetched 12 Apr 2026 (republished copy of [1])" in " ".join(out["txt"].split())


@pytest.mark.parametrize("output", ["html", "md", "txt"])
def test_the_context_fields(output: Output):
    b = build_context(brief_with_dates(), specimen_config(), output)
    assert (b.window_start, b.window_end) == WINDOW
    s1, s2, s3, s4, *_ = b.sources
    assert [(s.date_label, s.date_origin) for s in (s1, s2, s3, s4)] == [
        ("12 Apr 2026 (date from feed)", "feed"),
        ("fetched 12 Apr 2026", "fetched"),
        ("11 Apr 2026", "article"),
        ("", ""),  # undated: nothing said
    ]
    cite = b.key_points[0].citations[0]
    assert cite.label.endswith(", 12 Apr 2026 (date from feed)")
    assert cite.published_display == "12 Apr 2026"


def test_an_articles_time_is_shown_as_its_day_in_the_briefs_timezone():
    config = specimen_config().model_copy(update={"timezone": "America/New_York"})
    b = build_context(brief_with_dates(), config, "html")
    # 06:00 UTC on 12 April is 02:00 in New York: still the 12th; the window is shown there too
    assert b.sources[0].published == "2026-04-12"
    early = replace(
        brief_with_dates().articles[0], published_at=datetime(2026, 4, 12, 2, 0, tzinfo=UTC)
    )
    brief = replace(brief_with_dates(), articles=(early, *brief_with_dates().articles[1:]))
    assert build_context(brief, config, "html").sources[0].published == "2026-04-11"
    assert b.window_display == "Articles from 11 Apr 03:00 to 12 Apr 03:00 America/New_York"


@pytest.mark.parametrize(
    ("window", "shown"),
    [
        (("", ""), ""),
        (
            ("2026-12-31T07:00:00+00:00", "2027-01-01T07:00:00+00:00"),
            "Articles from 31 Dec 2026 07:00 to 1 Jan 2027 07:00 UTC",
        ),
        (("not a time", "2027-01-01T07:00:00+00:00"), ""),
    ],
)
def test_window_display_gives_the_years_only_when_they_differ(window, shown):
    assert window_display(window, "UTC") == shown
