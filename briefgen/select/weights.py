"""Concept weights for the coverage summarizer: position-aware story frequency, query-boosted.

A concept (a stemmed bigram; content unigrams at a smaller share) weighs the number of
independent stories that use it, each story counting ``1 + lead_bias * lead`` where ``lead`` is the
position prior of the earliest sentence using it: what several outlets say, and say early, is what
the day's news is about. Rare concepts (fewer stories than ``min_story_frequency``) weigh nothing.
With a query, a concept's weight is scaled by the relevance of the most relevant sentence using it
(down to ``QUERY_FLOOR`` for a concept only irrelevant sentences use).
For an update summary (``Problem.seen``), frequencies count the new stories only, and a concept
loses ``SEEN_DISCOUNT`` of its weight times the share of the seen stories that use it: the
discount of set A's concepts in ICSI's TAC update system, graded by how familiar each one is.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from .features import story_ids

if TYPE_CHECKING:
    from .problem import Problem

UNIGRAM_SHARE = 0.25  # weight of a content word relative to a bigram with the same frequency
QUERY_FLOOR = 0.5  # with a query: the share of its weight a concept of no relevant sentence keeps
SENTENCE_BONUS = 1.0  # scale of the per-sentence lead and relevance bonus, in mean concept weights
WORD_BONUS = 0.02  # per word, in mean concept weights: of two equal answers, the fuller one
STORIES_PER_REQUIRED = 4  # a concept must be in one story of every four (rounded up) to count,
MAX_REQUIRED_STORIES = 3  # but never more than three: a big day still counts a 3-outlet fact
# What a concept loses when every seen story used it (in proportion when fewer did): half, not
# all, because a new fact is told in the story's own names ("patient data", "the Ostbro
# bridge"), and near 1 the update prefers short quotes whose only merit is unseen words. On
# benchmarks/bench_update.py 0 to 0.5 tie (select/update.py's filter does the work there) and
# 0.75 to 1 lose up to 0.4 ROUGE-2 with the topic query and 0.9 without
SEEN_DISCOUNT = 0.5


def min_story_frequency(n_stories: int) -> int:
    """Concepts must appear in this many stories to count (3 for a 10-article cluster)."""
    return min(MAX_REQUIRED_STORIES, max(1, ceil(n_stories / STORIES_PER_REQUIRED)))


def _max_by_column(m: sp.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per column of binary ``m``: the largest ``values[row]`` over rows that use it."""
    coo = m.tocoo()
    out = np.zeros(m.shape[1])
    np.maximum.at(out, coo.col, values[coo.row])
    return out


def _weigh(problem: Problem, m: sp.csr_matrix) -> np.ndarray:
    pool = problem.pool
    lead = 1.0 + problem.lead_bias * problem.lead
    if problem.seen is None:
        plain = pool.story_frequency(m)
        weighted = pool.story_frequency(m, lead)
        n_stories = pool.n_stories
    else:  # a seen story contributes 0: only the new stories say what the news is
        new = ~problem.seen[pool.article]
        plain = pool.story_frequency(m, new.astype(np.float64))
        weighted = pool.story_frequency(m, lead * new)
        stories = story_ids(pool.articles)
        n_stories = len(np.unique(stories[~problem.seen]))
    weighted[plain < min_story_frequency(n_stories)] = 0.0
    if problem.relevance is not None:
        weighted *= QUERY_FLOOR + (1 - QUERY_FLOOR) * _max_by_column(m, problem.relevance)
    if problem.seen is not None:
        met = pool.story_frequency(m, (~new).astype(np.float64))  # seen stories using it
        weighted *= 1.0 - SEEN_DISCOUNT * met / max(len(np.unique(stories[problem.seen])), 1)
    return weighted


def concept_weights(problem: Problem) -> tuple[sp.csr_matrix, np.ndarray]:
    """Unit x concept incidence (bigrams, then content unigrams) and the concept weights."""
    pool = problem.pool
    concepts = sp.csr_matrix(sp.hstack([pool.bigrams, pool.unigrams]))
    w = np.concatenate(
        [_weigh(problem, pool.bigrams), UNIGRAM_SHARE * _weigh(problem, pool.unigrams)]
    )
    return concepts, w


def sentence_bonus(problem: Problem, weights: np.ndarray) -> np.ndarray:
    """A small per-sentence reward for leading an article (and, with a query, for relevance),
    and a smaller one per word, so the budget is used to the full when coverage ties."""
    positive = weights[weights > 0]
    scale = SENTENCE_BONUS * (float(positive.mean()) if positive.size else 1.0)
    bonus = problem.lead_bias * problem.lead
    if problem.relevance is not None:
        bonus = bonus + problem.relevance
    return scale * (bonus + WORD_BONUS * problem.pool.words)
