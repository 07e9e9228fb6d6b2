"""The summarizers: one interface, looked up by name (``--algorithm``, ``selection.algorithm``).

Each summarizer gives every unit a salience (``salience``: what ``briefgen build`` uses as
centrality) and picks units under a word budget (``select``: what ``briefgen summarize`` prints);
the interface is ``problem.Summarizer``. Names resolve through ``briefgen.registry.SUMMARIZERS``,
which built-ins and plugins (entry-point group ``briefgen.summarizers``) join the same way.
``coverage`` is the default and the strongest; ``lexrank``, ``centroid``, ``mmr`` and ``lead`` are
the classic baselines, kept for comparison with ``briefgen eval``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .. import registry
from ..errors import ConfigError
from .align import similarity
from .baselines import scaled
from .coverage import CoverageProblem, best_selection, prune, undominated
from .problem import Pick, Problem, Summarizer
from .weights import concept_weights, sentence_bonus

__all__ = ["Coverage", "Pick", "Problem", "Summarizer", "get_summarizer"]


def get_summarizer(name: str) -> Summarizer:
    """The summarizer registered as ``name``: a ConfigError naming the known ones if there is
    none. A plugin that cannot be loaded raises registry.PluginError, which the CLI reports as
    an internal error (exit 3) with its traceback in the log."""
    try:
        return registry.SUMMARIZERS.get(name)
    except registry.UnknownName as e:
        raise ConfigError(str(e)) from None


class Coverage:
    """Concept (bigram) coverage under the budget, weighted by position-aware story frequency."""

    name = "coverage"

    def salience(self, problem: Problem) -> np.ndarray:
        concepts, w = concept_weights(problem)
        value = concepts @ w
        return scaled(value / np.sqrt(np.maximum(problem.pool.words, 1))) * problem.pool.eligible

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        pool = problem.pool
        concepts, w = concept_weights(problem)
        cand = np.flatnonzero(problem.candidates & (pool.words <= budget))
        if not len(cand) or budget <= 0:
            return []
        bonus = sentence_bonus(problem, w)
        full = CoverageProblem(
            sp.csr_matrix(concepts[cand]),
            w,
            bonus[cand],
            pool.words[cand],
            np.zeros((0, 2), dtype=np.int64),
        )

        def similar(rows: np.ndarray, cols: np.ndarray) -> sp.spmatrix:
            return similarity(pool, cand[rows], cand[cols])

        keep = cand[prune(full, budget, similar, problem.near_duplicate)]
        keep = keep[
            undominated(
                CoverageProblem(
                    sp.csr_matrix(concepts[keep]),
                    w,
                    bonus[keep],
                    pool.words[keep],
                    np.zeros((0, 2), np.int64),
                )
            )
        ]
        sims = similarity(pool, keep, keep)
        upper = sp.triu(sims, k=1).tocoo()
        conflicts = np.column_stack([upper.row, upper.col])[upper.data >= problem.near_duplicate]
        sub = CoverageProblem(
            sp.csr_matrix(concepts[keep]),
            w,
            bonus[keep],
            pool.words[keep],
            conflicts.astype(np.int64),
        )
        chosen = [int(keep[i]) for i in best_selection(sub, budget, problem.time_limit)]
        return self._explain(problem, concepts, w, bonus, chosen)

    @staticmethod
    def _explain(
        problem: Problem,
        concepts: sp.csr_matrix,
        w: np.ndarray,
        bonus: np.ndarray,
        chosen: list[int],
    ) -> list[Pick]:
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
            comps = (
                ("coverage", total - shared),
                ("redundancy", shared / total if total else 0.0),
                ("lead", float(problem.lead[u])),
                ("relevance", rel),
            )
            picks.append(Pick(u, total - shared + float(bonus[u]), comps))
        return picks
