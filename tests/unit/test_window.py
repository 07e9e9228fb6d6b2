"""The day's articles by publication time: the window's forms, its ends (timezones, DST), which
articles it keeps, what it says about the others, and the brief dated by it."""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefgen.config import load_config, parse_config
from briefgen.config.dates import WindowSpec, parse_window
from briefgen.errors import BuildError, ConfigError
from briefgen.model import Document
from briefgen.pipeline import article_window, corpus_for, make_brief
from briefgen.sources.window import Window, build_end, in_window, resolve_window, select_window

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")
SDE_30_NOV_0700 = str(int(datetime(2026, 11, 30, 7, 0, tzinfo=UTC).timestamp()))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def doc(path: str = "a.md", **kw) -> Document:
    return Document(path=path, text="Body.", **kw)


# --------------------------------------------------------------------------- the forms


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("24h", WindowSpec(hours=24)),
        ("2d", WindowSpec(days=2)),
        (" 7D ", WindowSpec(days=7)),
        ("2026-11-30", WindowSpec(first=date(2026, 11, 30), last=date(2026, 11, 30))),
        ("2026-11-28..2026-11-30", WindowSpec(first=date(2026, 11, 28), last=date(2026, 11, 30))),
        ("2026-11-28..", WindowSpec(first=date(2026, 11, 28))),
        (
            "2026-11-29T07:00..2026-11-30T07:00",
            WindowSpec(first=datetime(2026, 11, 29, 7), last=datetime(2026, 11, 30, 7)),
        ),
    ],
)
def test_window_forms(text, spec):
    assert parse_window(text) == spec


@pytest.mark.parametrize(
    ("yaml", "message"),
    [
        (
            "window: yesterday",
            "c.yaml:1: window: not a window: 'yesterday'; use 24h, 2d, YYYY-MM-DD, "
            "YYYY-MM-DD..YYYY-MM-DD or YYYY-MM-DD..",
        ),
        ("window: 0h", "c.yaml:1: window: '0h' is empty; use at least 1h"),
        (
            "window: 2026-11-30..2026-11-28",
            "c.yaml:1: window: '2026-11-30..2026-11-28' starts after it ends",
        ),
        (
            "window: 2026-11-29T07:00",
            "c.yaml:1: window: '2026-11-29T07:00' has one end: add '..' and the other, or "
            "write '2026-11-29T07:00..' to end it at the build",
        ),
        (
            "title: x\ntimezone: Europe/Pariss",
            "c.yaml:2: timezone: unknown timezone 'Europe/Pariss'; did you mean 'Europe/Paris'? "
            "use an IANA name such as UTC, Europe/London, America/New_York, Asia/Kolkata",
        ),
        (
            "dates: {dayfirst: true}",
            "c.yaml:1: dates.dayfirst: unknown key 'dayfirst'; did you mean 'day_first'?",
        ),
    ],
)
def test_a_bad_window_or_timezone_is_a_config_error_naming_line_and_key(yaml, message):
    with pytest.raises(ConfigError) as e:
        parse_config(yaml, "c.yaml")
    assert e.value.format_message() == message


def test_the_config_keys_and_their_defaults():
    cfg = parse_config("window: 2026-11-30\ntimezone: America/New_York\ndates: {day_first: true}")
    assert (cfg.window, cfg.timezone, cfg.zone, cfg.dates.day_first) == (
        "2026-11-30",  # YAML's date, as the user wrote it
        "America/New_York",
        NEW_YORK,
        True,
    )
    default = parse_config("title: x")
    assert (default.window, default.timezone, default.dates.day_first) == (None, "UTC", False)


# --------------------------------------------------------------------------- the ends


def test_24h_ends_at_the_build_time():
    w = resolve_window("24h", "UTC", utc(2026, 11, 30, 7, 0))
    assert (w.start, w.end) == (utc(2026, 11, 29, 7, 0), utc(2026, 11, 30, 7, 0))
    assert w.label == "2026-11-29 07:00 – 2026-11-30 07:00 UTC"
    assert w.iso() == ("2026-11-29T07:00:00+00:00", "2026-11-30T07:00:00+00:00")
    assert w.day == date(2026, 11, 30)


def test_hours_are_elapsed_and_days_are_calendar_days_across_dst():
    # New York springs forward at 02:00 on 8 March 2026: 07:00 EDT is 11:00 UTC
    end = datetime(2026, 3, 8, 7, 0, tzinfo=NEW_YORK)
    hours = resolve_window("24h", "America/New_York", end)
    days = resolve_window("1d", "America/New_York", end)
    assert hours.start.astimezone(UTC) == utc(2026, 3, 7, 11, 0)  # 06:00 EST
    assert days.start.astimezone(UTC) == utc(2026, 3, 7, 12, 0)  # 07:00 EST
    assert days.end.astimezone(UTC) - days.start.astimezone(UTC) == timedelta(hours=23)
    assert days.label == "2026-03-07 07:00 – 2026-03-08 07:00 America/New_York"
    # and falls back at 02:00 on 1 November 2026: a day is 25 hours
    back = resolve_window("1d", "America/New_York", datetime(2026, 11, 1, 7, 0, tzinfo=NEW_YORK))
    assert back.end.astimezone(UTC) - back.start.astimezone(UTC) == timedelta(hours=25)
    assert back.start.astimezone(UTC) == utc(2026, 10, 31, 11, 0)  # 07:00 EDT


def test_a_date_window_is_that_whole_day_in_the_timezone():
    w = resolve_window("2026-11-30", "America/New_York", utc(2027, 1, 1))
    assert (w.start.astimezone(UTC), w.end.astimezone(UTC)) == (
        utc(2026, 11, 30, 5, 0),
        utc(2026, 12, 1, 5, 0),
    )
    assert w.day == date(2026, 11, 30)


def test_a_range_of_days_and_an_open_one():
    w = resolve_window("2026-11-28..2026-11-30", "UTC", utc(2027, 1, 1))
    assert (w.start, w.end, w.day) == (utc(2026, 11, 28), utc(2026, 12, 1), date(2026, 11, 30))
    since = resolve_window("2026-11-28..", "UTC", utc(2026, 11, 30, 7, 0))
    assert (since.start, since.end) == (utc(2026, 11, 28), utc(2026, 11, 30, 7, 0))


def test_a_window_that_starts_after_the_build_is_an_error():
    with pytest.raises(ConfigError) as e:
        resolve_window("2026-12-05..", "UTC", utc(2026, 11, 30, 7, 0))
    assert e.value.format_message() == (
        "window: '2026-12-05..' starts after it ends (2026-12-05 00:00 – 2026-11-30 07:00 UTC)"
    )


def test_a_configured_date_ends_the_window_at_its_midnight():
    assert build_end(date(2026, 11, 30), utc(2030, 1, 1), "America/New_York") == datetime(
        2026, 12, 1, tzinfo=NEW_YORK
    )
    assert build_end(None, utc(2026, 11, 30, 7), "UTC") == utc(2026, 11, 30, 7)


def test_the_pipeline_window_ends_at_source_date_epoch_or_the_configured_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SDE_30_NOV_0700)
    assert article_window(parse_config("title: x")) is None
    assert article_window(parse_config("window: 24h")).start == utc(2026, 11, 29, 7)
    dated = article_window(parse_config("window: 24h\ndate: 2026-11-23"))
    assert (dated.start, dated.end) == (utc(2026, 11, 23), utc(2026, 11, 24))


# --------------------------------------------------------------------------- which articles

DAY_30 = Window(utc(2026, 11, 30), utc(2026, 12, 1), "UTC")
LAST_24H = Window(utc(2026, 11, 29, 7), utc(2026, 11, 30, 7), "UTC")


def test_an_article_at_2330_in_utc_minus_5_is_the_next_day_in_utc():
    late = doc(
        published=date(2026, 11, 29),
        published_at=datetime(2026, 11, 29, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
        date_origin="article",
    )
    assert in_window(late, DAY_30) is True
    assert in_window(late, Window(utc(2026, 11, 29), utc(2026, 11, 30), "UTC")) is False


def test_the_start_is_in_the_window_and_the_end_is_not():
    assert in_window(doc(published_at=utc(2026, 11, 29, 7)), LAST_24H) is True
    assert in_window(doc(published_at=utc(2026, 11, 30, 7)), LAST_24H) is False


@pytest.mark.parametrize(
    ("day", "inside"),
    [(date(2026, 11, 28), False), (date(2026, 11, 29), True), (date(2026, 11, 30), True)],
)
def test_a_date_without_a_time_is_in_when_its_day_overlaps_the_window(day, inside):
    assert in_window(doc(published=day, date_origin="article"), LAST_24H) is inside


def test_a_feed_or_fetch_time_places_an_item_like_its_own_date():
    fetched = doc(published=date(2026, 11, 30), published_at=utc(2026, 11, 30, 6, 59))
    stale = doc(published=date(2026, 11, 20), published_at=utc(2026, 11, 20, 6), date_origin="feed")
    assert in_window(fetched, LAST_24H) is True
    assert in_window(stale, LAST_24H) is False
    assert in_window(doc(), LAST_24H) is None  # no date at all


def test_selection_skips_the_outside_keeps_the_undated_and_says_so(caplog):
    caplog.set_level(logging.INFO, logger="briefgen.sources.window")
    docs = [
        doc("old-1.md", published=date(2013, 5, 1), date_origin="article"),
        doc("today.md", published_at=utc(2026, 11, 30, 6), date_origin="article"),
        doc("dropped-in.txt"),
        doc("old-2.md", published=date(2026, 11, 20), date_origin="article"),
    ]
    kept, warnings = select_window(docs, LAST_24H)
    assert [d.path for d in kept] == ["today.md", "dropped-in.txt"]
    assert warnings == (
        "2 articles outside the window 2026-11-29 07:00 – 2026-11-30 07:00 UTC skipped",
        "1 article without a date kept in the window 2026-11-29 07:00 – 2026-11-30 07:00 UTC: "
        "dropped-in.txt (date unknown; give it a published: date to place it)",
    )
    infos = [r.getMessage() for r in caplog.records if r.levelname == "INFO"]
    assert "old-1.md: published 2013-05-01, outside the window; skipped" in infos


def test_the_undated_warning_names_three_and_counts_the_rest():
    docs = [doc(f"u{i}.txt") for i in range(5)]
    kept, (warning,) = select_window(docs, LAST_24H)
    assert len(kept) == 5
    assert warning.endswith(
        ": u0.txt, u1.txt, u2.txt and 2 more (date unknown; give them a published: date to "
        "place them)"
    )
    assert warning.startswith("5 articles without a date kept in the window")


def test_without_a_window_everything_is_kept_silently():
    docs = (doc("x.md"), doc("y.md", published=date(2013, 1, 1)))
    assert select_window(docs, None) == (docs, ())


# --------------------------------------------------------------------------- end to end

BODY = (
    "The national AI office will review every artificial intelligence system used by "
    "ministries before it goes live.\n\nThe minister said the AI office would start with a "
    "staff of 40 and a budget of $18 million for machine learning oversight.\n"
)


def article(published: str) -> str:
    front = f"published: {published}\n" if published else ""
    return f"---\ntitle: AI office opens\nsource: Courier\n{front}---\n\n{BODY}"


@pytest.fixture
def project(tmp_path, write, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SDE_30_NOV_0700)
    write("articles/a-today.md", article("2026-11-30T06:00:00Z"))
    write("articles/b-late-new-york.md", article("2026-11-29T23:30:00-05:00"))
    write("articles/c-2013.md", article("2013-05-01"))
    write("articles/d-bad-date.md", article("'sometime last week'"))
    write("articles/e-us-style.md", article("'11/29/2026'"))

    def config(extra: str = ""):
        path = write("briefgen.yaml", f"inputs: [articles]\nformats: [json]\n{extra}")
        return load_config(path)

    return config


def test_the_brief_is_the_windows_articles_and_is_dated_by_its_end(project):
    corpus = corpus_for(project("window: 24h\n"))
    assert [a.path for a in corpus.articles] == [
        "articles/a-today.md",
        "articles/b-late-new-york.md",
        "articles/d-bad-date.md",
        "articles/e-us-style.md",
    ]
    assert corpus.warnings == (
        "articles/d-bad-date.md: front matter: published: not a date: 'sometime last week'; "
        "read as undated",
        "1 article outside the window 2026-11-29 07:00 – 2026-11-30 07:00 UTC skipped",
        "1 article without a date kept in the window 2026-11-29 07:00 – 2026-11-30 07:00 UTC: "
        "articles/d-bad-date.md (date unknown; give it a published: date to place it)",
    )
    late = corpus.articles[1]
    assert (late.published, late.date_origin) == (date(2026, 11, 30), "article")
    assert late.published_at == utc(2026, 11, 30, 4, 30)
    brief, _ = make_brief(project("window: 24h\n"), corpus)
    assert brief.date == date(2026, 11, 30)
    assert brief.window == ("2026-11-29T07:00:00+00:00", "2026-11-30T07:00:00+00:00")


def test_a_date_window_dates_the_brief_by_its_day_not_the_clock(project):
    cfg = project("window: 2026-11-29\ntimezone: America/New_York\n")
    corpus = corpus_for(cfg)
    # 23:30 New York time on the 29th; the 29th (date only, overlapping); the undated one
    assert [a.path for a in corpus.articles] == [
        "articles/b-late-new-york.md",
        "articles/d-bad-date.md",
        "articles/e-us-style.md",
    ]
    assert corpus.articles[0].published == date(2026, 11, 29)  # its day in New York
    assert make_brief(cfg, corpus)[0].date == date(2026, 11, 29)


def test_no_article_in_the_window_is_a_build_error_naming_the_window(project, write):
    write("articles/d-bad-date.md", article("2026-11-01"))  # none undated: none kept
    with pytest.raises(BuildError) as e:
        corpus_for(project("window: 2026-11-15..2026-11-16\n"))
    assert e.value.format_message() == (
        "no articles to brief from in the window 2026-11-15 00:00 – 2026-11-17 00:00 UTC: articles"
    )


def test_since_2d_on_the_command_line_overrides_the_config(project, tmp_path, briefgen_main):
    project("window: 2026-11-01\n")
    ran = briefgen_main("-q", "build", "--since", "2d", "-o", "out", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert [p.name for p in (tmp_path / "out").glob("brief-*")] == ["brief-2026-11-30.json"]
    data = json.loads((tmp_path / "out" / "brief-2026-11-30.json").read_text())
    assert data["window"] == {
        "start": "2026-11-28T07:00:00+00:00",
        "end": "2026-11-30T07:00:00+00:00",
    }


def test_since_a_day_runs_from_its_midnight_to_the_build(project, tmp_path, briefgen_main):
    project()
    ran = briefgen_main("-q", "build", "--since", "2026-11-29", "-o", "out", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    text = (tmp_path / "out" / "brief-2026-11-30.json").read_text()
    assert '"start": "2026-11-29T00:00:00+00:00"' in text


@pytest.mark.parametrize("bad", ["yesterday", "2026-11-28..2026-11-30", "0h"])
def test_a_bad_since_is_a_usage_error(project, tmp_path, briefgen_main, bad):
    project()
    ran = briefgen_main("build", "--since", bad, cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr.strip() == (
        f"briefgen: error: --since: not a span or a date: {bad!r} (use 24h, 2d or YYYY-MM-DD)"
    )
