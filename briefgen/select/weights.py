"""Concept weights for the coverage summarizer: position-aware story frequency, query-boosted.

A concept (a stemmed bigram; content unigrams at a smaller share) weighs the number of
independent stories that use it, each story counting ``1 + lead_bias * lead`` where ``lead`` is the
position prior of the earliest sentence using it: what several outlets say, and say early, is what
the day's news is about. Rare concepts (fewer stories than ``min_story_frequency``) weigh nothing.
With a query, a concept's weight is scaled by the relevance of the most relevant sentence using it
(down to ``QUERY_FLOOR`` for a concept only irrelevant sentences use).
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from .problem import Problem

UNIGRAM_SHARE = 0.25  # weight of a content word relative to a bigram with the same frequency
QUERY_FLOOR = 0.5  # with a query: the share of its weight a concept of no relevant sentence keeps
SENTENCE_BONUS = 1.0  # scale of the per-sentence lead and relevance bonus, in mean concept weights
WORD_BONUS = 0.02  # per word, in mean concept weights: of two equal answers, the fuller one
STORIES_PER_REQUIRED = 4  # a concept must be in one story of every four (rounded up) to count,
MAX_REQUIRED_STORIES = 3  # but never more than three: a big day still counts a 3-outlet fact


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
    plain = pool.story_frequency(m)
    weighted = pool.story_frequency(m, 1.0 + problem.lead_bias * problem.lead)
    weighted[plain < min_story_frequency(pool.n_stories)] = 0.0
    if problem.relevance is not None:
        weighted *= QUERY_FLOOR + (1 - QUERY_FLOOR) * _max_by_column(m, problem.relevance)
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
