"""Dates read leniently (sources/dates.py): every common form, one rule for 08/12/1998, never
an exception, and the same answer on every machine."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefgen.sources import read_inputs
from briefgen.sources.dates import DateRules, Published, parse_date

UTC = timezone.utc
NEW_YORK = ZoneInfo("America/New_York")


def at(*args: int, offset: float = 0) -> datetime:
    return datetime(*args, tzinfo=timezone(timedelta(hours=offset)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601: a day, a time with Z or an offset, the basic form
        ("2026-11-23", Published(date(2026, 11, 23))),
        ("2026-11-03", Published(date(2026, 11, 3))),
        ("20261123", Published(date(2026, 11, 23))),
        ("2026-11-23T08:30:00Z", Published(date(2026, 11, 23), at(2026, 11, 23, 8, 30))),
        ("2026-11-23 08:30", Published(date(2026, 11, 23), at(2026, 11, 23, 8, 30))),
        (
            "2026-11-23T08:30:00+05:30",
            Published(date(2026, 11, 23), at(2026, 11, 23, 8, 30, offset=5.5)),
        ),
        # RFC 2822, with an offset or one of its zone names
        (
            "Tue, 01 Dec 2026 07:30:00 +0000",
            Published(date(2026, 12, 1), at(2026, 12, 1, 7, 30)),
        ),
        ("Tue, 01 Dec 2026 07:30:00 GMT", Published(date(2026, 12, 1), at(2026, 12, 1, 7, 30))),
        (
            "Tue, 01 Dec 2026 07:30:00 EST",
            Published(date(2026, 12, 1), at(2026, 12, 1, 7, 30, offset=-5)),
        ),
        # as people write them
        ("17 January 2026", Published(date(2026, 1, 17))),
        ("Jan. 17, 2026", Published(date(2026, 1, 17))),
        ("January 17, 2026, 8:05 p.m.", Published(date(2026, 1, 17), at(2026, 1, 17, 20, 5))),
        ("  17   January\n2026 ", Published(date(2026, 1, 17))),
        # ambiguous: month first by default (12 August); unambiguous either way
        ("08/12/1998", Published(date(1998, 8, 12))),
        ("13/12/1998", Published(date(1998, 12, 13))),
        ("12/13/1998", Published(date(1998, 12, 13))),
        ("2026/11/03", Published(date(2026, 11, 3))),
    ],
)
def test_the_forms_a_date_comes_in(text, expected):
    assert parse_date(text) == expected


def test_day_first_reads_the_ambiguous_date_the_other_way_but_never_iso():
    rules = DateRules(day_first=True)
    assert parse_date("08/12/1998", rules) == Published(date(1998, 12, 8))
    assert parse_date("13/12/1998", rules) == Published(date(1998, 12, 13))
    # a text that starts with the year is year-month-day whatever the rule
    assert parse_date("2026-11-03", rules) == Published(date(2026, 11, 3))
    assert parse_date("2026/11/03 10:00", rules) == Published(
        date(2026, 11, 3), datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "next Tuesday",
        "Monday",
        "17 Jan",  # no year
        "January 2026",  # no day
        "2026",  # a year alone
        "1700000000",  # epoch seconds are never guessed
        "08:30",
        "2026-02-30",
        "2026-13-01",
        "31/31/2026",
        "12 August 1998 25:00",
        "the 17 January 2026 edition, " * 5,  # longer than a date ever is
        "\x00\x01",
    ],
)
def test_what_is_not_a_whole_date_is_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("value", [None, 20261123, 2026.5, True, ["2026-11-23"], {"d": 1}])
def test_a_value_that_is_not_text_is_none(value):
    assert parse_date(value) is None


def test_a_time_without_a_zone_is_in_the_configured_timezone():
    found = parse_date("2026-11-23 23:30", DateRules(tz=NEW_YORK))
    assert found is not None and found.at is not None
    assert found.at.astimezone(UTC) == datetime(2026, 11, 24, 4, 30, tzinfo=UTC)
    assert found.day == date(2026, 11, 23)


def test_with_a_time_the_day_is_the_instants_day_in_the_configured_timezone():
    # 23:30 in UTC-5 is 04:30 the next day in UTC
    assert parse_date("2026-11-23T23:30:00-05:00").day == date(2026, 11, 24)
    assert parse_date("2026-11-23T23:30:00-05:00", DateRules(tz=NEW_YORK)).day == date(2026, 11, 23)


def test_dates_and_datetimes_from_yaml_or_a_plugin():
    assert parse_date(date(2026, 11, 23)) == Published(date(2026, 11, 23))
    naive = parse_date(datetime(2026, 11, 23, 8, 30), DateRules(tz=NEW_YORK))
    assert naive == Published(date(2026, 11, 23), datetime(2026, 11, 23, 8, 30, tzinfo=NEW_YORK))


def test_an_unknown_zone_name_is_ignored_even_where_it_is_the_machines(monkeypatch):
    """dateutil alone reads "IST" as the local zone on an Indian machine, UTC elsewhere."""
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        found = parse_date("1 Dec 2026 07:30 IST")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert found == Published(date(2026, 12, 1), datetime(2026, 12, 1, 7, 30, tzinfo=UTC))


def test_an_instant_beyond_what_datetime_holds_is_none():
    assert parse_date("0001-01-01T00:30+05:00") is None


zones = st.sampled_from([UTC, NEW_YORK, ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Kiritimati")])


@given(st.text(max_size=120), zones, st.booleans())
def test_any_text_gives_a_date_or_none_and_never_raises(text, tz, day_first):
    found = parse_date(text, DateRules(tz=tz, day_first=day_first))
    assert found is None or isinstance(found.day, date)
    if found is not None and found.at is not None:
        assert found.at.utcoffset() is not None  # always timezone-aware


date_parts = st.tuples(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%d %B %Y", "%b. %d, %Y", "%a, %d %b %Y 07:30:00 +0000"]),
)


@given(date_parts)
def test_a_date_written_out_reads_back_as_that_date(parts):
    day, fmt = parts
    found = parse_date(day.strftime(fmt))
    assert found is not None and found.day == day


# --------------------------------------------------------------------------- in the readers


def test_every_reader_dates_its_articles_by_the_rules(tmp_path, write):
    write("d/a.md", "---\npublished: 08/12/1998 23:30\n---\nBody text here.\n")
    write("d/b.json", '{"text": "Body.", "published": "Tue, 01 Dec 2026 07:30:00 +0000"}')
    write("d/c.txt", "Body text of a plain file.\n")
    write("d/sources.yaml", "files:\n  c.txt: {published: 17 January 2026}\n")
    res = read_inputs(["d"], tmp_path, dates=DateRules(tz=NEW_YORK, day_first=True))
    assert res.warnings == ()
    assert [(d.path, d.published, d.published_at, d.date_origin) for d in res.documents] == [
        (
            "d/a.md",
            date(1998, 12, 8),
            datetime(1998, 12, 8, 23, 30, tzinfo=NEW_YORK),
            "article",
        ),
        ("d/b.json", date(2026, 12, 1), datetime(2026, 12, 1, 7, 30, tzinfo=UTC), "article"),
        ("d/c.txt", date(2026, 1, 17), None, "article"),
    ]


def test_a_sidecar_date_never_replaces_the_files_own(tmp_path, write):
    write("d/a.md", "---\npublished: 2026-11-23\n---\nBody text here.\n")
    write("d/sources.yaml", "files:\n  a.md: {published: 2026-11-20T08:00Z, source: Post}\n")
    (d,) = read_inputs(["d"], tmp_path).documents
    assert (d.published, d.published_at, d.source) == (date(2026, 11, 23), None, "Post")
