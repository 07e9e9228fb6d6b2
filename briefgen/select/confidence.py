"""A key point's confidence label, from its independent reports and whether it is attributed.

The rule is printed once in the brief's footer (``RULE``), so the labels and the rule a reader
sees come from the same constants. The label counts independent *reports* (republished copies
of a wire story count once), not outlets: two reports may come from one outlet.
"""

from __future__ import annotations

from ..model import Item
from .stance import attributed as is_attributed

# three independent reports or more: the claim stands on its own, whoever carried it
CONFIRMED_REPORTS = 3
# two: corroborated, but one report retracting it would leave a single source
CORROBORATED_REPORTS = 2

CONFIRMED = "confirmed"
CORROBORATED = "corroborated"
SINGLE = "single source"
ATTRIBUTED = "attributed"

RULE = (
    f"Confidence: {CONFIRMED} = {CONFIRMED_REPORTS} or more independent reports; "
    f"{CORROBORATED} = {CORROBORATED_REPORTS}; {SINGLE} = 1 "
    f"({ATTRIBUTED} when the statement names who said it)."
)


def label(item: Item, attributed: bool) -> str:
    """ "confirmed: 4 independent reports", "corroborated: 2 independent reports", "single
    source, attributed" or "single source", by ``RULE``."""
    reports = max(1, min(item.independent, len(item.sources)))
    if reports >= CONFIRMED_REPORTS:
        return f"{CONFIRMED}: {reports} independent reports"
    if reports >= CORROBORATED_REPORTS:
        return f"{CORROBORATED}: {reports} independent reports"
    return f"{SINGLE}, {ATTRIBUTED}" if attributed else SINGLE


def confidence(item: Item) -> str:
    """``item``'s label, attribution read from its verbatim text."""
    return label(item, is_attributed(item.text))
