"""The order a reader meets the chosen sentences in (never raw score order).

- A summary reads chronologically: older articles first, and within a day the sentences that
  come earlier in their articles first (leads before details), then input order.
- A brief section puts what most outlets independently report first (the day's main facts), then
  follows the same chronological order; key points keep the order of importance they were chosen
  in, since they are the "if you read nothing else" list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .features import Pool


def _when(pool: Pool, unit: int) -> tuple:
    published = pool.articles[pool.article[unit]].published
    return (
        published or date.min,
        int(pool.position[unit]),
        int(pool.article[unit]),
        pool.units[unit].sentence.index,
    )


def reading_order(pool: Pool, units: Sequence[int]) -> list[int]:
    """``units`` in chronological reading order."""
    return sorted(units, key=lambda u: _when(pool, u))


def section_order(pool: Pool, units: Sequence[int], independent: Sequence[int]) -> list[int]:
    """Positions into ``units``: most independent reports first, then reading order."""
    return sorted(range(len(units)), key=lambda k: (-independent[k], _when(pool, units[k])))
