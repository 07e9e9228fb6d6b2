"""Config keys about time: ``timezone``, ``window`` (which articles are the day's) and ``dates``.

A window is written ``24h`` (the 24 hours before the build), ``2d`` (from the same local time
two days before), ``2026-11-30`` (that day), ``2026-11-28..2026-11-30`` (those days, both whole),
``2026-11-28..`` (from that day to the build) or with times, ``2026-11-29T07:00..2026-11-30T07:00``.
Days and times without an offset are in the config's ``timezone``. What "the build" is (the
configured ``date:``, ``SOURCE_DATE_EPOCH`` or now) is decided by the pipeline, not here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, BeforeValidator

from .base import Strict

WINDOW_FORMS = "24h, 2d, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD or YYYY-MM-DD.."
_RELATIVE = re.compile(r"(\d+)\s*([hd])", re.I)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ZONE_EXAMPLES = "UTC, Europe/London, America/New_York, Asia/Kolkata"


class DatesConfig(Strict):
    """How article dates that leave something unsaid are read (briefgen/sources/dates.py)."""

    # 08/12/1998: 12 August (month first, US and feed usage) unless true (8 December)
    day_first: bool = False


@dataclass(frozen=True)
class WindowSpec:
    """A parsed ``window:``: relative to the build time (hours or days), or between two ends."""

    hours: int = 0  # "24h": the elapsed hours before the build time
    days: int = 0  # "2d": from the same local time that many calendar days before
    first: date | datetime | None = None  # from that day's midnight, or that time
    last: date | datetime | None = None  # to that day's end, or that time; None: the build time

    @property
    def relative(self) -> bool:
        return bool(self.hours or self.days)


def parse_window(text: str) -> WindowSpec:
    """The window ``text`` describes; ValueError naming the forms when it is none of them."""
    s = text.strip()
    m = _RELATIVE.fullmatch(s)
    if m:
        n = int(m[1])
        if n == 0:
            raise ValueError(f"{text!r} is empty; use at least 1{m[2].lower()}")
        return WindowSpec(hours=n) if m[2].lower() == "h" else WindowSpec(days=n)
    if ".." not in s:
        first = _end(s, text)
        if isinstance(first, datetime):
            raise ValueError(
                f"{text!r} has one end: add '..' and the other, "
                f"or write '{s}..' to end it at the build"
            )
        return WindowSpec(first=first, last=first)
    head, _, tail = s.partition("..")
    first = _end(head.strip(), text)
    last = _end(tail.strip(), text) if tail.strip() else None
    if type(first) is type(last) and _naive(first) == _naive(last):
        if first > last:  # same type, same awareness: comparable
            raise ValueError(f"{text!r} starts after it ends")
    return WindowSpec(first=first, last=last)


def _naive(value: date | datetime | None) -> bool:
    return not isinstance(value, datetime) or value.utcoffset() is None


def _end(s: str, text: str) -> date | datetime:
    """One end of a window: a YYYY-MM-DD day, or an ISO date and time."""
    try:
        if _DAY.fullmatch(s):
            return date.fromisoformat(s)
        if _DAY.match(s):
            return datetime.fromisoformat(s)
    except ValueError:
        pass
    raise ValueError(f"not a window: {text!r}; use {WINDOW_FORMS}")


def _window_text(value: Any) -> Any:
    """``window:`` as the user wrote it (YAML reads 2026-11-30 as a date), checked."""
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    if isinstance(value, str):
        parse_window(value)
    return value


def check_timezone(name: str) -> str:
    """An IANA timezone name (``Europe/London``) that zoneinfo knows; else a ValueError."""
    try:
        ZoneInfo(name)
        return name
    except (ZoneInfoNotFoundError, ValueError):
        pass
    close = difflib.get_close_matches(name, sorted(available_timezones()), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise ValueError(f"unknown timezone {name!r}; {hint}use an IANA name such as {_ZONE_EXAMPLES}")


TimezoneName = Annotated[str, AfterValidator(check_timezone)]
WindowText = Annotated[str | None, BeforeValidator(_window_text)]
