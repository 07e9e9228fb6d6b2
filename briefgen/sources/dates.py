"""Dates as articles, sidecars and feeds write them, read leniently with python-dateutil.

One parser for every input: ISO 8601 (``2026-11-23``, ``2026-11-23T08:30:00Z``), RFC 2822
(``Tue, 01 Dec 2026 07:30:00 +0000``), and the ways people write dates (``17 January 2026``,
``Jan. 17, 2026``, ``08/12/1998``). A text it cannot read is ``None``: the caller warns and the
article is undated; a bad date never fails a build.

Rules, each a decision a reader of a brief depends on:
- a date must say its year, month and day: ``17 Jan``, ``Monday`` or ``2026`` is not a date, and
  a bare number is never epoch seconds (only eight digits, ``20261123``, read as ISO 8601);
- ``08/12/1998`` (both numbers 12 or under) is month first, 12 August, as in US and feed usage,
  unless ``day_first`` (config ``dates.day_first: true``) makes it 8 December; ``13/12/1998`` is
  unambiguous and read either way, and a text that starts with the year is always year-month-day;
- a time without a zone is in ``DateRules.tz`` (config ``timezone``, default UTC); the RFC 2822
  zone names (GMT, EST, PDT, …) are known, any other zone name (IST, CET) is ignored;
- with a time, the article's day is that instant's date in ``DateRules.tz``, so it agrees with
  the window the brief shows; without one, it is the date as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo

from dateutil import parser as _parser

UTC = timezone.utc
MAX_CHARS = 100  # a longer text is a sentence, not a date: never handed to the parser
# Before spaces are collapsed, a text this long cannot shrink to MAX_CHARS unless it is mostly
# whitespace, which no real date is: refused without reading it (a scraped field may be 20 MB).
MAX_RAW_CHARS = 4 * MAX_CHARS

# The zone names RFC 2822 (section 4.3) defines, in seconds east of UTC. Any other name is
# ignored; dateutil alone would read a name that matches the machine's zone ("IST" in India) as
# that zone, so the same article would be dated differently on another machine.
_HOUR = 3600
_RFC2822_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "EST": -5 * _HOUR,
    "EDT": -4 * _HOUR,
    "CST": -6 * _HOUR,
    "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR,
    "MDT": -6 * _HOUR,
    "PST": -8 * _HOUR,
    "PDT": -7 * _HOUR,
}


def _zone(name: str | None, offset: int | None) -> int | None:
    """dateutil's tzinfos hook: a written offset, else an RFC 2822 name's, else none (naive)."""
    if offset is not None:
        return offset
    return _RFC2822_ZONES.get(name.upper()) if name else None


# Two defaults that differ in every field: a field the text leaves out comes back different from
# each, which is how a missing year, month or day (or time) is told from one that is written.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 1, 1)
_YEAR_FIRST = re.compile(r"\d{4}[-/.]")
_ISO_BASIC = re.compile(r"\d{8}")


@dataclass(frozen=True)
class DateRules:
    """How to read what a date leaves unsaid: its timezone, and day-month or month-day order."""

    tz: tzinfo = UTC  # a time written without a zone is in this one (config ``timezone``)
    day_first: bool = False  # 08/12/1998 is 8 December when True (config ``dates.day_first``)


DEFAULT_RULES = DateRules()


@dataclass(frozen=True)
class Published:
    """A date as read: the day, and the instant when the text gave a time of day too."""

    day: date
    at: datetime | None = None  # timezone-aware; None when only a date was written


def parse_date(value: object, rules: DateRules = DEFAULT_RULES) -> Published | None:
    """``value`` (text, a date or a datetime) as a Published; None when it is not a whole date.

    Never raises: whatever a scraped page or a hand-written front matter holds, the worst
    answer is None.
    """
    if isinstance(value, datetime):
        return _published(value, rules.tz)
    if isinstance(value, date):
        return Published(value)
    if not isinstance(value, str):
        return None  # a number is not a date: epoch seconds and bare years are refused
    if len(value) > MAX_RAW_CHARS:
        return None
    text = " ".join(value.split())
    if not text or len(text) > MAX_CHARS:
        return None
    if text.isdigit() and not _ISO_BASIC.fullmatch(text):
        return None
    year_first = bool(_YEAR_FIRST.match(text)) or text.isdigit()
    day_first = rules.day_first and not year_first
    try:
        a, b = (
            _parser.parse(
                text, default=default, dayfirst=day_first, yearfirst=year_first, tzinfos=_zone
            )
            for default in (_DEFAULT_A, _DEFAULT_B)
        )
        if a.date() != b.date():
            return None  # the year, month or day is missing
        if a.hour != b.hour:  # no time of day: the date as written
            return Published(a.date())
        return _published(a, rules.tz)
    except (ValueError, OverflowError):  # dateutil's ParserError is a ValueError
        return None


def _published(when: datetime, tz: tzinfo) -> Published | None:
    """A datetime (naive: in ``tz``) as a Published whose day is its date in ``tz``."""
    try:
        offset = when.utcoffset()
        if offset is None:
            at = when.replace(tzinfo=tz)
        else:  # a fixed offset: dateutil may answer tzlocal(), which is the machine's zone
            at = when.replace(tzinfo=timezone(offset) if offset else UTC)
        return Published(at.astimezone(tz).date(), at)
    except (ValueError, OverflowError):  # an instant beyond year 1 or 9999 in tz
        return None
