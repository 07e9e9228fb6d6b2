"""The classic baselines: lead, centroid, LexRank and MMR (for comparison with ``briefgen eval``).

Each scores units, then fills the budget greedily with the best-scored units that fit and do not
repeat one already chosen.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .align import similarity
from .features import article_order
from .problem import Pick, Problem

GREEDY_POOL = 200  # baselines consider this many best-scored units: far more than a budget needs
# with a query, a unit of no relevance keeps 30% of its salience: the query steers, salience counts
BASELINE_QUERY_FLOOR = 0.3
CENTROID_LEAD_SHARE = 0.5  # a lead sentence adds half a top centroid score: position only helps
LEXRANK_THRESHOLD = 0.1  # weaker cosines (a shared common word) are noise, not graph edges
LEXRANK_DAMPING = 0.85  # PageRank's usual damping: 15% of each step teleports
LEXRANK_UNIFORM_TELEPORT = 0.2  # with a query: the teleport share still spread over every unit,
LEXRANK_QUERY_TELEPORT = 0.8  # and the share sent by relevance, so the walk favours the topic
LEXRANK_ITERATIONS = 100  # error shrinks x0.85 a step: 100 leave < 1e-7 (days converge in 60-80)
LEXRANK_TOLERANCE = 1e-9  # L1 change of the ranks at which the walk has converged
MMR_TRADE_OFF = 0.7  # MMR's lambda: relevance weighs 0.7, redundancy 0.3, so relevance leads


def scaled(x: np.ndarray) -> np.ndarray:
    """``x`` divided by its maximum (zeros when nothing is positive)."""
    top = x.max() if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x, dtype=float)


def _greedy(problem: Problem, scores: np.ndarray, budget: int, name: str) -> list[Pick]:
    """Best-scored eligible units that fit, skipping any that repeats one already chosen."""
    pool = problem.pool
    ok = np.flatnonzero(problem.candidates & (pool.words <= budget) & (scores > 0))
    ranked = ok[np.lexsort((ok, -scores[ok]))][:GREEDY_POOL]
    if not len(ranked):
        return []
    sims = similarity(pool, ranked, ranked).toarray()
    chosen: list[int] = []
    picks: list[Pick] = []
    used = 0
    for k, u in enumerate(ranked):
        if used + pool.words[u] > budget:
            continue
        overlap = float(sims[k, chosen].max()) if chosen else 0.0
        if overlap >= problem.near_duplicate:
            continue
        chosen.append(k)
        used += int(pool.words[u])
        picks.append(
            Pick(int(u), float(scores[u]), ((name, float(scores[u])), ("redundancy", overlap)))
        )
    return picks


def _centroid_scores(problem: Problem) -> np.ndarray:
    terms = problem.pool.terms
    if terms.shape[0] == 0:  # no unit at all: no centroid to measure against
        return np.zeros(0)
    centroid = np.asarray(terms.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return terms @ (centroid / norm) if norm > 0 else np.zeros(terms.shape[0])


def _with_query(problem: Problem, base: np.ndarray) -> np.ndarray:
    if problem.relevance is None:
        return base
    return scaled(base) * (BASELINE_QUERY_FLOOR + (1 - BASELINE_QUERY_FLOOR) * problem.relevance)


class Lead:
    """The first sentences of the most recent article (the DUC baseline)."""

    name = "lead"

    def salience(self, problem: Problem) -> np.ndarray:
        return problem.lead * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        pool = problem.pool
        if not pool.size:
            return []
        latest = article_order(pool.articles)[-1]
        picks, used = [], 0
        for u in np.flatnonzero((pool.article == latest) & pool.eligible):
            if used + pool.words[u] > budget:
                break
            used += int(pool.words[u])
            picks.append(Pick(int(u), float(problem.lead[u]), (("lead", float(problem.lead[u])),)))
        return picks


class Centroid:
    """Radev et al. (2004): similarity to the cluster's tf-idf centroid plus a position prior."""

    name = "centroid"

    def salience(self, problem: Problem) -> np.ndarray:
        base = (
            scaled(_centroid_scores(problem))
            + problem.lead_bias * CENTROID_LEAD_SHARE * problem.lead
        )
        return _with_query(problem, base) * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        return _greedy(problem, self.salience(problem), budget, "centrality")


class LexRank:
    """Erkan & Radev (2004), continuous LexRank; query-biased teleport when there is a query."""

    name = "lexrank"
    threshold = LEXRANK_THRESHOLD
    damping = LEXRANK_DAMPING

    def salience(self, problem: Problem) -> np.ndarray:
        pool = problem.pool
        n = pool.size
        if n == 0:
            return np.zeros(0)
        graph = sp.csr_matrix(pool.terms @ pool.terms.T)
        graph.data[graph.data < self.threshold] = 0.0
        graph.eliminate_zeros()
        degree = np.asarray(graph.sum(axis=1)).ravel()
        degree[degree == 0] = 1.0
        walk = sp.csr_matrix(sp.diags(1.0 / degree) @ graph).T.tocsr()
        teleport = np.full(n, 1.0 / n)
        if problem.relevance is not None and problem.relevance.sum() > 0:
            teleport = (
                LEXRANK_UNIFORM_TELEPORT * teleport
                + LEXRANK_QUERY_TELEPORT * problem.relevance / problem.relevance.sum()
            )
        rank = np.full(n, 1.0 / n)
        for _ in range(LEXRANK_ITERATIONS):
            nxt = (1 - self.damping) * teleport + self.damping * (walk @ rank)
            if np.abs(nxt - rank).sum() < LEXRANK_TOLERANCE:
                rank = nxt
                break
            rank = nxt
        return scaled(rank) * pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        return _greedy(problem, self.salience(problem), budget, "centrality")


class MMR:
    """Carbonell & Goldstein (1998): relevance minus redundancy with what is already chosen."""

    name = "mmr"
    trade_off = MMR_TRADE_OFF

    def salience(self, problem: Problem) -> np.ndarray:
        base = scaled(_centroid_scores(problem))
        if problem.relevance is not None:
            base = problem.relevance
        return base * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        pool, rel = problem.pool, self.salience(problem)
        ok = np.flatnonzero(problem.candidates & (pool.words <= budget) & (rel > 0))
        ranked = ok[np.lexsort((ok, -rel[ok]))][:GREEDY_POOL]
        sims = similarity(pool, ranked, ranked).toarray() if len(ranked) else np.zeros((0, 0))
        chosen: list[int] = []
        picks: list[Pick] = []
        used = 0
        skipped: set[int] = set()
        while True:
            fits = [
                k
                for k in range(len(ranked))
                if k not in chosen and k not in skipped and used + pool.words[ranked[k]] <= budget
            ]
            if not fits:
                return picks
            redundancy = sims[np.ix_(fits, chosen)].max(axis=1) if chosen else np.zeros(len(fits))
            value = self.trade_off * rel[ranked[fits]] - (1 - self.trade_off) * redundancy
            best = int(np.argmax(value))
            k = fits[best]
            if redundancy[best] >= problem.near_duplicate:
                skipped.add(k)  # it repeats a chosen sentence
                continue
            chosen.append(k)
            used += int(pool.words[ranked[k]])
            picks.append(
                Pick(
                    int(ranked[k]),
                    float(value[best]),
                    (("relevance", float(rel[ranked[k]])), ("redundancy", float(redundancy[best]))),
                )
            )
