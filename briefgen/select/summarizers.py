"""The summarizers, one interface and a registry by name (``--algorithm``, ``selection.algorithm``).

Each summarizer gives every unit a salience (``salience``: what ``briefgen build`` uses as
centrality) and picks units under a word budget (``select``: what ``briefgen summarize`` prints).
``coverage`` is the default and the strongest; ``lexrank``, ``centroid``, ``mmr`` and ``lead`` are
the classic baselines, kept for comparison with ``briefgen eval``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from .align import similarity
from .coverage import CoverageProblem, best_selection, prune, undominated
from .features import Pool, article_order
from .weights import concept_weights, sentence_bonus

GREEDY_POOL = 200  # baselines consider this many best-scored units
ON_TOPIC = 0.1  # with a query, units less relevant than this (the best scores 1) are not chosen


@dataclass(frozen=True)
class Problem:
    """What every summarizer reads: the pool, the query relevance, and the tuning knobs."""

    pool: Pool
    relevance: np.ndarray | None  # per unit in [0, 1]; None for a generic summary
    lead_bias: float = 1.0
    near_duplicate: float = 0.45
    time_limit: float = 5.0

    @property
    def candidates(self) -> np.ndarray:
        """Mask of the units a summary may use: eligible and, with a query, on its topic."""
        ok = self.pool.eligible
        if self.relevance is not None and (ok & (self.relevance >= ON_TOPIC)).any():
            ok = ok & (self.relevance >= ON_TOPIC)
        return ok

    @property
    def lead(self) -> np.ndarray:
        """Position prior: 1 for an article's first sentence, decaying with its rank."""
        return 1.0 / (1.0 + self.pool.position / 2.0)


@dataclass(frozen=True)
class Pick:
    unit: int
    score: float
    components: tuple[tuple[str, float], ...]


class Summarizer(Protocol):
    name: str

    def salience(self, problem: Problem) -> np.ndarray: ...

    def select(self, problem: Problem, budget: int) -> list[Pick]: ...


def _scaled(x: np.ndarray) -> np.ndarray:
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
        picks.append(Pick(int(u), float(scores[u]), ((name, float(scores[u])),
                                                     ("redundancy", overlap))))
    return picks


def _centroid_scores(problem: Problem) -> np.ndarray:
    terms = problem.pool.terms
    centroid = np.asarray(terms.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return terms @ (centroid / norm) if norm > 0 else np.zeros(terms.shape[0])


def _with_query(problem: Problem, base: np.ndarray) -> np.ndarray:
    if problem.relevance is None:
        return base
    return _scaled(base) * (0.3 + 0.7 * problem.relevance)


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
        base = _scaled(_centroid_scores(problem)) + problem.lead_bias * 0.5 * problem.lead
        return _with_query(problem, base) * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        return _greedy(problem, self.salience(problem), budget, "centrality")


class LexRank:
    """Erkan & Radev (2004), continuous LexRank; query-biased teleport when there is a query."""

    name = "lexrank"
    threshold = 0.1
    damping = 0.85

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
            teleport = 0.2 * teleport + 0.8 * problem.relevance / problem.relevance.sum()
        rank = np.full(n, 1.0 / n)
        for _ in range(100):
            nxt = (1 - self.damping) * teleport + self.damping * (walk @ rank)
            if np.abs(nxt - rank).sum() < 1e-9:
                rank = nxt
                break
            rank = nxt
        return _scaled(rank) * pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        return _greedy(problem, self.salience(problem), budget, "centrality")


class MMR:
    """Carbonell & Goldstein (1998): relevance minus redundancy with what is already chosen."""

    name = "mmr"
    trade_off = 0.7

    def salience(self, problem: Problem) -> np.ndarray:
        base = _scaled(_centroid_scores(problem))
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
        while True:
            fits = [k for k in range(len(ranked)) if k not in chosen
                    and used + pool.words[ranked[k]] <= budget]
            if not fits:
                return picks
            redundancy = sims[np.ix_(fits, chosen)].max(axis=1) if chosen else np.zeros(len(fits))
            value = self.trade_off * rel[ranked[fits]] - (1 - self.trade_off) * redundancy
            best = int(np.argmax(value))
            if redundancy[best] >= problem.near_duplicate:
                return picks
            k = fits[best]
            chosen.append(k)
            used += int(pool.words[ranked[k]])
            picks.append(Pick(int(ranked[k]), float(value[best]),
                              (("relevance", float(rel[ranked[k]])),
                               ("redundancy", float(redundancy[best])))))


class Coverage:
    """Concept (bigram) coverage under the budget, weighted by position-aware story frequency."""

    name = "coverage"

    def salience(self, problem: Problem) -> np.ndarray:
        concepts, w = concept_weights(problem)
        value = concepts @ w
        return _scaled(value / np.sqrt(np.maximum(problem.pool.words, 1))) * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        pool = problem.pool
        concepts, w = concept_weights(problem)
        cand = np.flatnonzero(problem.candidates & (pool.words <= budget))
        if not len(cand) or budget <= 0:
            return []
        bonus = sentence_bonus(problem, w)
        full = CoverageProblem(sp.csr_matrix(concepts[cand]), w, bonus[cand],
                               pool.words[cand], np.zeros((0, 2), dtype=np.int64))
        def similar(rows: np.ndarray, cols: np.ndarray) -> sp.spmatrix:
            return similarity(pool, cand[rows], cand[cols])

        keep = cand[prune(full, budget, similar, problem.near_duplicate)]
        keep = keep[undominated(CoverageProblem(sp.csr_matrix(concepts[keep]), w, bonus[keep],
                                                pool.words[keep], np.zeros((0, 2), np.int64)))]
        sims = similarity(pool, keep, keep)
        upper = sp.triu(sims, k=1).tocoo()
        conflicts = np.column_stack([upper.row, upper.col])[upper.data >= problem.near_duplicate]
        sub = CoverageProblem(sp.csr_matrix(concepts[keep]), w, bonus[keep], pool.words[keep],
                              conflicts.astype(np.int64))
        chosen = [int(keep[i]) for i in best_selection(sub, budget, problem.time_limit)]
        return self._explain(problem, concepts, w, bonus, chosen)

    @staticmethod
    def _explain(problem: Problem, concepts: sp.csr_matrix, w: np.ndarray, bonus: np.ndarray,
                 chosen: list[int]) -> list[Pick]:
        if not chosen:
            return []
        rows = concepts[chosen]
        carriers = np.asarray(rows.sum(axis=0)).ravel()
        picks = []
        for k, u in enumerate(chosen):
            cols = rows[k].indices
            total = float(w[cols].sum())
            shared = float(w[cols][carriers[cols] > 1].sum())
            rel = float(problem.relevance[u]) if problem.relevance is not None else 1.0
            comps = (("coverage", total - shared), ("redundancy", shared / total if total else 0.0),
                     ("lead", float(problem.lead[u])), ("relevance", rel))
            picks.append(Pick(u, total - shared + float(bonus[u]), comps))
        return picks


SUMMARIZERS: dict[str, Summarizer] = {
    s.name: s for s in (Coverage(), LexRank(), Centroid(), MMR(), Lead())
}
NAMES = tuple(SUMMARIZERS)
