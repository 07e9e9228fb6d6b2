"""Stage ``select``: theme scoring, redundancy control, corroboration, the summarizers.

Three entry points:
- ``mark_copies`` (``find_copies`` underneath): which articles republish another. It runs once
  per build, in ``pipeline.load_articles``; everything below takes the articles as marked and
  never looks for copies again (a library caller with raw articles calls ``mark_copies`` first).
- ``select_brief``: key points and themed sections, for ``briefgen build``;
- ``summarize``: the best N words of a set of articles, optionally focused on a query, for
  ``briefgen summarize`` and ``briefgen eval``.

The two selection paths differ on purpose (docs/selection.md). Both read one ``Pool`` and ask the
configured summarizer (``selection.algorithm``, looked up in ``registry.SUMMARIZERS``), but a
summary is one budget and one question: the summarizer's own ``select`` answers it (for
``coverage``, an exact integer program over concept coverage), and that is what ``briefgen
eval`` scores against human summaries. A brief has no single budget to optimize: several themes
compete for the same sentences, each section has its own item and word limits, key points are
drawn across themes first, and a sentence is worth more when independent outlets corroborate it
and less when it does not stand alone. ``select_brief`` therefore uses only the summarizer's
``salience`` (as centrality, one factor of each sentence's score) and chooses greedily in
turns, with the same redundancy control and source alignment as ``summarize``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..config import SelectionConfig
from ..errors import memory_error
from ..model import Article, Item
from . import update
from .agreement import agree, discrepancies
from .align import find_copies, mark_copies, similarity
from .brief import select_brief
from .features import Pool, build_pool
from .filters import units
from .items import make_item
from .order import reading_order
from .relevance import query_similarity
from .summarizers import Problem, get_summarizer

__all__ = [
    "find_copies",
    "get_summarizer",
    "make_pool",
    "mark_copies",
    "select_brief",
    "summarize",
]

FALLBACK_MIN_WORDS = 3  # with only short lines, sentences this long are better than nothing


def make_pool(articles: Sequence[Article], config: SelectionConfig) -> Pool:
    """The units of ``articles`` (copies already marked: see ``mark_copies``) and their features."""
    arts = tuple(articles)
    return build_pool(arts, units(arts, config.min_words, config.max_words, config.language))


def summarize(
    articles: Sequence[Article],
    words: int,
    query: str | None = None,
    algorithm: str = "coverage",
    config: SelectionConfig | None = None,
    seen: Sequence[Article] = (),
) -> list[Item]:
    """At most ``words`` words of whole sentences from ``articles``, in reading order.

    Each item cites every article that states the same thing; ``query`` focuses the summary.
    ``articles`` come with their republished copies marked (``pipeline.load_articles`` output,
    or ``mark_copies(raw)``): a copy found here would count as an independent story.
    ``seen``: articles the reader has already read (copies marked too): the summary says what
    ``articles`` add to them and cites only ``articles`` (select/update.py). A day too large
    for memory is a one-line BuildError (``errors.memory_error``).
    """
    try:
        return _summarize(articles, words, query, algorithm, config, seen)
    except MemoryError:
        raise memory_error(len(articles) + len(seen)) from None


def _summarize(
    articles: Sequence[Article],
    words: int,
    query: str | None,
    algorithm: str,
    config: SelectionConfig | None,
    seen: Sequence[Article],
) -> list[Item]:
    summarizer = get_summarizer(algorithm)
    config = config or SelectionConfig()
    if words < 1 or not articles:
        return []
    joint, read = update.join(articles, seen) if seen else (tuple(articles), None)
    pool = make_pool(joint, config)
    new = pool.eligible if read is None else pool.eligible & ~read[pool.article]
    if not new.any():  # only short lines: better short sentences than nothing
        pool = make_pool(joint, config.model_copy(update={"min_words": FALLBACK_MIN_WORDS}))
    if read is not None:  # after the fallback: a batch that only repeats gives no update
        pool = update.unseen(pool, read)
    relevance = query_similarity(pool, query) if query and query.strip() else None
    problem = Problem(
        pool, relevance, config.lead_bias, config.near_duplicate, config.time_limit, read
    )
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
    if read is not None:  # a seen article is never cited, as support or as another version
        sims[:, read[pool.article]] = 0.0
    items = []
    for k, u in enumerate(ordered):
        agreement = agree(pool, u, sims[k], config.near_duplicate)
        item = make_item(pool, agreement.support, "", picks[u].score, picks[u].components)
        items.append(replace(item, discrepancies=discrepancies(pool, agreement)))
    return items
