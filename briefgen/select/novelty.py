"""What earlier briefs already said: which of today's sentences state a claim briefed before.

"The same claim" is the test corroboration uses (``agreement.states_claim``) with a higher bar:
an earlier item's sentence aligned with today's (similarity at least
``SUPPORT_SIMILARITY_SHARE`` x ``near_duplicate``), covering ``REPEAT_COVERAGE`` of today's
claim and agreeing on its details. So a sentence that only repeats yesterday's ("Two companies
signed a $2 billion lithium deal") is a repeat, while one that adds to it (a new figure, a later
step: coverage falls under the bar) or changes a detail (the toll rose from 8 to 12: a
discrepancy, not agreement) is news.

Today's sentences and the earlier items share one small pool of their own, one unit each, so
the day's pool (its idf, stories and centrality) is the same with history as without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..model import Article, Item, Sentence
from .agreement import SUPPORT_SIMILARITY_SHARE, states_claim
from .align import similarity
from .features import Pool, build_pool
from .filters import Unit

# Share of today's idf-weighted content words an earlier item must contain for today's sentence
# to repeat it. Higher than support's CLAIM_COVERAGE (0.4): a source supports an item when it
# carries the claim, but a repeat must carry little else. A paraphrase adding a day or a word
# keeps ~0.75; a sentence on the same subject saying something else ("the AI office will publish
# a safety report" after "developers must report safety tests to the office": ~0.45), or the old
# claim with a clause of news added (~0.5), stays under it and is new.
REPEAT_COVERAGE = 0.6


def _pool(texts: Sequence[str]) -> Pool:
    """One article of one unit per text: independent stories, each text its own claim."""
    articles, units = [], []
    for i, text in enumerate(texts):
        s = Sentence(f"n{i}", 0, 0, len(text), text)
        articles.append(Article(f"n{i}", "", "", "", "", None, "", text, (s,)))
        units.append(Unit(i, s, 0, len(text), text, len(text.split()), 0, True))
    return build_pool(articles, units)


def first_briefed(
    texts: Sequence[str], briefed: Sequence[Item], near_duplicate: float
) -> list[str]:
    """Per text, the ISO date an earlier brief first stated its claim; "" when none did.

    ``briefed`` are the earlier briefs' items, each with ``seen`` set to the date it was first
    briefed (its own brief's date, or the earlier one it repeated): a claim repeated three days
    running was first briefed on the first day. ``near_duplicate`` is the selection's.
    """
    out = [""] * len(texts)
    if not texts or not briefed:
        return out
    pool = _pool([*texts, *(it.text for it in briefed)])
    today = np.arange(len(texts))
    earlier = np.arange(len(texts), pool.size)
    coo = similarity(pool, today, earlier).tocoo()
    keep = coo.data >= SUPPORT_SIMILARITY_SHARE * near_duplicate
    rows, cols = coo.row[keep], coo.col[keep]
    same = states_claim(pool, today[rows], earlier[cols], REPEAT_COVERAGE)
    for r, c in zip(rows[same].tolist(), cols[same].tolist(), strict=True):
        day = briefed[c].seen
        if day and (not out[r] or day < out[r]):
            out[r] = day
    return out


def mark(
    items: Sequence[Item], briefed: Sequence[Item] | None, near_duplicate: float
) -> tuple[Item, ...]:
    """``items`` marked "developing" (with ``seen``) when an earlier brief stated their claim,
    else "new"; unchanged (novelty "") when there is no history (``briefed`` None)."""
    if briefed is None:
        return tuple(items)
    seen = first_briefed([it.text for it in items], briefed, near_duplicate)
    return tuple(
        replace(it, novelty="developing" if day else "new", seen=day)
        for it, day in zip(items, seen, strict=True)
    )
