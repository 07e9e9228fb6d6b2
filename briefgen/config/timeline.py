"""The ``timeline:`` section: the dated events block, and the resolved dates beside items."""

from __future__ import annotations

from pydantic import Field

from .base import Strict


class TimelineConfig(Strict):
    """Whether the brief lists its sources' dated events, and how many at most."""

    # a "Timeline" block after the key points, and "(Saturday = 17 Jan 2026)" beside items
    enabled: bool = True
    # a reader scans a timeline, not reads it: the best-attested events, in date order
    max: int = Field(default=8, ge=1, le=50)
