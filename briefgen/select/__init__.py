"""Stage ``select``: theme scoring, redundancy control, corroboration, the summarizers.

Three entry points: ``find_copies`` (which articles republish another), ``select_brief`` (key
points and themed sections for ``briefgen build``) and ``summarize`` (``briefgen summarize``: the
best N words of a set of articles, optionally focused on a query).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..config import SelectionConfig
from ..errors import ConfigError
from ..model import Article, Item
from .align import find_copies, similarity, support
from .brief import select_brief
from .features import Pool, build_pool
from .filters import units
from .items import make_item
from .order import reading_order
from .relevance import query_similarity
from .summarizers import NAMES, SUMMARIZERS, Problem, Summarizer

__all__ = ["NAMES", "find_copies", "get_summarizer", "select_brief", "summarize"]


def get_summarizer(name: str) -> Summarizer:
    """The summarizer registered as ``name``; a ConfigError naming the known ones otherwise."""
    try:
        return SUMMARIZERS[name]
    except KeyError:
        raise ConfigError(f"unknown algorithm '{name}'; known: {', '.join(NAMES)}") from None


def with_copies(articles: Sequence[Article]) -> tuple[Article, ...]:
    """``articles`` with ``copy_of`` filled in, unless the caller already marked copies."""
    if any(a.copy_of for a in articles):
        return tuple(articles)
    copies = find_copies(articles)
    return tuple(replace(a, copy_of=copies[a.id]) if a.id in copies else a for a in articles)


def make_pool(articles: Sequence[Article], config: SelectionConfig) -> Pool:
    arts = with_copies(articles)
    return build_pool(arts, units(arts, config.min_words, config.max_words))


def summarize(
    articles: Sequence[Article],
    words: int,
    query: str | None = None,
    algorithm: str = "coverage",
    config: SelectionConfig | None = None,
) -> list[Item]:
    """At most ``words`` words of whole sentences from ``articles``, in reading order.

    Each item cites every article that states the same thing; ``query`` focuses the summary.
    """
    summarizer = get_summarizer(algorithm)
    config = config or SelectionConfig()
    if words < 1 or not articles:
        return []
    pool = make_pool(articles, config)
    if not pool.eligible.any():  # only short lines: better short sentences than nothing
        pool = make_pool(articles, config.model_copy(update={"min_words": 3}))
    relevance = query_similarity(pool, query) if query and query.strip() else None
    problem = Problem(pool, relevance, config.lead_bias, config.near_duplicate, config.time_limit)
    picks = {p.unit: p for p in summarizer.select(problem, words)}
    chosen, total = [], 0
    for u in picks:  # the budget is a contract: never trust a summarizer to keep it
        if total + int(pool.words[u]) <= words:
            chosen.append(u)
            total += int(pool.words[u])
    ordered = reading_order(pool, chosen)
    if not ordered:
        return []
    sims = similarity(pool, np.array(ordered)).toarray()
    return [
        make_item(
            pool,
            support(pool, u, sims[k], config.near_duplicate),
            "",
            picks[u].score,
            picks[u].components,
        )
        for k, u in enumerate(ordered)
    ]
