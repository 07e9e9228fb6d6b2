"""Which articles are the day's: a window of publication times, resolved against the build time.

The rules (docs and tests hold briefgen to them):
- an article with a time (``published_at``) is in the window when start <= time < end; so is a
  feed item or fetched page, whose ``published_at`` is the feed's or the fetch's time;
- an article with a date and no time is in when that day (midnight to midnight in the config's
  timezone) overlaps the window: without a time it cannot be shown to be outside;
- an article with no date at all is kept, and one warning names such articles: an analyst's
  hand-dropped file is never lost silently, and its date is said to be unknown;
- ``24h`` is elapsed time (24 hours, whatever the clocks do); ``2d`` is calendar days, from the
  same local time two days before, so across a DST change it is 47 or 49 hours.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from ..config.dates import parse_window
from ..errors import ConfigError
from ..model import Article, Document

log = logging.getLogger(__name__)

UTC = timezone.utc
_NAMED = 3  # undated articles the warning names before "and N more"


@dataclass(frozen=True)
class Window:
    """Articles published from ``start`` (inclusive) to ``end`` (exclusive), shown in ``zone``."""

    start: datetime  # timezone-aware, in ``zone``
    end: datetime
    zone: str  # IANA name, config ``timezone``

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def day(self) -> date:
        """The brief's date: the day of the window's last moment (a whole day ends at midnight)."""
        return (self.end - timedelta(microseconds=1)).astimezone(self.tz).date()

    @property
    def label(self) -> str:
        """For logs and warnings: ``2026-11-29 07:00 – 2026-11-30 07:00 UTC``."""
        fmt = "%Y-%m-%d %H:%M"
        return f"{self.start.strftime(fmt)} – {self.end.strftime(fmt)} {self.zone}"

    def iso(self) -> tuple[str, str]:
        """(start, end) as ISO datetimes with their offset: ``Brief.window``."""
        return self.start.isoformat(), self.end.isoformat()


def build_end(day: date | None, now: datetime, zone: str) -> datetime:
    """Where a relative window ends: the end of the configured ``date:`` (the next midnight in
    ``zone``), else ``now`` (SOURCE_DATE_EPOCH or the clock, chosen by the caller)."""
    if day is None:
        return now
    return _local(datetime.combine(day + timedelta(days=1), time()), ZoneInfo(zone))


def resolve_window(text: str, zone: str, end: datetime) -> Window:
    """The window ``text`` (config ``window``, already checked) describes, ending by ``end``."""
    spec = parse_window(text)
    tz = ZoneInfo(zone)
    try:
        until = _norm(end, tz) if spec.last is None else _bound(spec.last, tz, whole_day=True)
        if spec.hours:
            start = _norm(until.astimezone(UTC) - timedelta(hours=spec.hours), tz)  # elapsed
        elif spec.days:
            start = _local(until.replace(tzinfo=None) - timedelta(days=spec.days), tz)  # wall
        else:
            assert spec.first is not None  # parse_window: a window not relative has a start
            start = _bound(spec.first, tz, whole_day=False)
    except OverflowError:
        raise ConfigError(f"window: {text!r} reaches beyond the years 1 to 9999") from None
    window = Window(start, until, zone)
    if start.astimezone(UTC) >= until.astimezone(UTC):
        raise ConfigError(f"window: {text!r} starts after it ends ({window.label})")
    return window


def _local(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive wall-clock time in ``tz``; a time a DST change skips moves forward past it."""
    return _norm(wall.replace(tzinfo=tz), tz)


def _norm(when: datetime, tz: ZoneInfo) -> datetime:
    """``when`` in ``tz`` with the offset it really has there (through UTC)."""
    return when.astimezone(UTC).astimezone(tz)


def _bound(value: date | datetime, tz: ZoneInfo, *, whole_day: bool) -> datetime:
    """A window's end written as a day (its midnight, or the next one) or a time (naive: ``tz``)."""
    if isinstance(value, datetime):
        return _norm(value, tz) if value.utcoffset() is not None else _local(value, tz)
    return _local(datetime.combine(value + timedelta(days=whole_day), time()), tz)


def in_window(doc: Document | Article, window: Window) -> bool | None:
    """Whether ``doc``'s date places it in ``window``; None when it has no date at all."""
    # compared in UTC: datetimes that share a tzinfo would compare by wall clock, and a DST
    # change makes one wall-clock hour happen twice
    start, end = window.start.astimezone(UTC), window.end.astimezone(UTC)
    if doc.published_at is not None:
        return start <= doc.published_at.astimezone(UTC) < end
    if doc.published is None:
        return None
    try:
        day_start = _local(datetime.combine(doc.published, time()), window.tz)
        day_end = _local(datetime.combine(doc.published + timedelta(days=1), time()), window.tz)
    except OverflowError:  # the first or last day datetime can hold: nowhere near a window
        return False
    return day_start.astimezone(UTC) < end and start < day_end.astimezone(UTC)


def select_window(
    documents: Sequence[Document], window: Window | None
) -> tuple[tuple[Document, ...], tuple[str, ...]]:
    """The documents in ``window`` (all, when there is none) and the warnings saying what was
    skipped and what was kept without a date. Each skipped article is logged at INFO."""
    if window is None:
        return tuple(documents), ()
    kept: list[Document] = []
    outside = 0
    undated: list[str] = []
    for d in documents:
        placed = in_window(d, window)
        if placed is False:
            outside += 1
            log.info("%s: published %s, outside the window; skipped", d.path, _when(d, window))
            continue
        if placed is None:
            undated.append(d.path)
        kept.append(d)
    warnings = []
    if outside:
        warnings.append(f"{_count(outside)} outside the window {window.label} skipped")
    if undated:
        names = ", ".join(undated[:_NAMED])
        if len(undated) > _NAMED:
            names += f" and {len(undated) - _NAMED} more"
        them = "it" if len(undated) == 1 else "them"
        warnings.append(
            f"{_count(len(undated))} without a date kept in the window {window.label}: {names} "
            f"(date unknown; give {them} a published: date to place {them})"
        )
    for w in warnings:
        log.warning(w)
    return tuple(kept), tuple(warnings)


def _count(n: int) -> str:
    return f"{n} article{'s' * (n != 1)}"


def _when(doc: Document | Article, window: Window) -> str:
    if doc.published_at is not None:
        return _norm(doc.published_at, window.tz).strftime(f"%Y-%m-%d %H:%M {window.zone}")
    return doc.published.isoformat() if doc.published else "at an unknown time"
