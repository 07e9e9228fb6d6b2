"""Budgeted concept coverage: choose sentences that cover the most concept weight in N words.

The integer program of Gillick & Favre (2009): maximize the summed weight of the concepts
covered (plus a small per-sentence bonus) subject to the total length of the chosen sentences;
a concept counts once however many chosen sentences carry it, which is what controls redundancy.
Pairs of sentences that state the same thing are also excluded outright. The program is solved
exactly with HiGHS (``scipy.optimize.milp``) under a node and time cap; the budgeted greedy
algorithm with its approximation guarantee (the better of density-greedy and the best single
sentence, Khuller et al. 1999) runs too, and the better of the two answers wins, so a capped
solver can never do worse than greedy.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)

MAX_CANDIDATES = 200  # sentences given to the solver; the rest cannot matter at news budgets
NODE_LIMIT = 20_000  # deterministic cap on branch and bound; the time cap is only a safety net
PER_GROUP = 2  # near-duplicates of one sentence kept for the solver
GAP = 0.002  # stop when the best answer is provably within 0.2% of the optimum
BLOCK = 4  # ``diverse`` compares candidates in blocks of this many times its limit: few products
VALUE_SHARE = 2  # ``prune`` keeps 1/VALUE_SHARE of its limit by value, the rest by value per word
TIE = 1e-9  # the exact answer wins ties with greedy's within this (floating-point noise)


Similar = Callable[[np.ndarray, np.ndarray], sp.spmatrix]


@dataclass(frozen=True)
class CoverageProblem:
    """Candidates (rows of ``concepts``), their lengths, bonuses and the concept weights."""

    concepts: sp.csr_matrix  # candidate x concept, binary
    weights: np.ndarray  # per concept, >= 0
    bonus: np.ndarray  # per candidate, >= 0
    lengths: np.ndarray  # per candidate, words
    conflicts: np.ndarray  # (k, 2) pairs of candidates that must not both be chosen

    def value(self, chosen: list[int]) -> float:
        if not chosen:
            return 0.0
        covered = np.asarray(self.concepts[chosen].sum(axis=0)).ravel() > 0
        return float(self.weights[covered].sum() + self.bonus[chosen].sum())


def diverse(
    order: np.ndarray, similar: Similar, threshold: float, limit: int, kept: list[int]
) -> list[int]:
    """``kept`` plus the first of ``order`` (up to ``limit`` in all) that do not already have
    ``PER_GROUP`` near-duplicates kept."""
    kept = list(kept)
    if len(kept) >= limit:
        return kept
    step = BLOCK * max(limit, 1)
    for start in range(0, len(order), step):
        block = order[start : start + step]
        offset = len(kept)
        sims = sp.csr_matrix(similar(block, np.concatenate([np.array(kept, np.int64), block])))
        taken: set[int] = set()  # positions in ``block`` kept during this block
        for b, cand in enumerate(block):
            lo, hi = sims.indptr[b], sims.indptr[b + 1]
            hits = sims.indices[lo:hi][sims.data[lo:hi] >= threshold]
            near = sum(1 for h in hits if h < offset or (h - offset) in taken)
            if near < PER_GROUP:
                kept.append(int(cand))
                taken.add(b)
                if len(kept) >= limit:
                    return kept
    return kept


def prune(
    problem: CoverageProblem,
    budget: int,
    similar: Similar | None = None,
    threshold: float = 1.0,
    limit: int | None = None,
) -> np.ndarray:
    """Indexes of the candidates worth solving over: they fit, and have the best value or density.

    With ``similar`` (candidate indexes x candidate indexes -> similarity), no more than
    ``PER_GROUP`` near-duplicates (similarity >= ``threshold``) of one sentence are kept, so a
    story copied by many outlets cannot crowd every other sentence out of the solver.
    """
    limit = MAX_CANDIDATES if limit is None else limit
    fits = np.flatnonzero(problem.lengths <= budget)
    if len(fits) <= limit:
        return fits
    value = problem.concepts[fits] @ problem.weights + problem.bonus[fits]
    density = value / np.maximum(problem.lengths[fits], 1)
    by_value = fits[np.lexsort((fits, -value))]
    by_density = fits[np.lexsort((fits, -density))]
    if similar is None:
        keep = list(dict.fromkeys(list(by_value[: limit // VALUE_SHARE]) + list(by_density)))
        keep = keep[:limit]
    else:
        first = diverse(by_value, similar, threshold, limit // VALUE_SHARE, [])
        taken = set(first)
        rest = np.array([i for i in by_density if i not in taken], dtype=np.int64)
        keep = diverse(rest, similar, threshold, limit, first)
    return np.array(sorted(keep), dtype=np.int64)


def undominated(problem: CoverageProblem) -> np.ndarray:
    """Indexes of candidates no other candidate makes useless.

    Candidate i is dominated by j when j carries every weighted concept of i, is no longer and
    has at least its bonus: dropping i loses no optimum. Near-identical copies of one sentence
    dominate each other, and only the first is kept; this removes the symmetric alternatives that
    slow branch and bound down on news, where wire copies repeat whole sentences.
    """
    n = problem.concepts.shape[0]
    if n < 2:
        return np.arange(n)
    weighted = sp.csr_matrix(problem.concepts[:, problem.weights > 0])
    carried = np.asarray(weighted.sum(axis=1)).ravel()
    shared = sp.coo_matrix(weighted @ weighted.T)
    i, j = shared.row, shared.col
    covers = (shared.data >= carried[i]) & (i != j)
    no_longer = problem.lengths[j] <= problem.lengths[i]
    richer = problem.bonus[j] >= problem.bonus[i]
    strictly = (
        (shared.data > carried[j])
        | (problem.lengths[j] < problem.lengths[i])
        | (problem.bonus[j] > problem.bonus[i])
        | (j < i)
    )
    dominated = np.zeros(n, dtype=bool)
    dominated[i[covers & no_longer & richer & strictly]] = True
    return np.flatnonzero(~dominated)


def greedy(problem: CoverageProblem, budget: int) -> list[int]:
    """Budgeted greedy by gain per word, compared with the best single candidate."""
    n = problem.concepts.shape[0]
    conflicts: dict[int, set[int]] = {}
    for a, b in problem.conflicts:
        conflicts.setdefault(int(a), set()).add(int(b))
        conflicts.setdefault(int(b), set()).add(int(a))
    remaining = problem.weights.copy()
    open_ = problem.lengths <= budget
    chosen: list[int] = []
    used = 0
    while open_.any():
        gain = problem.concepts @ remaining + problem.bonus
        ratio = np.where(open_, gain / np.maximum(problem.lengths, 1), -np.inf)
        best = int(np.argmax(ratio))
        if gain[best] <= 0 or not np.isfinite(ratio[best]):
            break
        chosen.append(best)
        used += int(problem.lengths[best])
        remaining[problem.concepts[best].indices] = 0.0
        open_[best] = False
        for other in conflicts.get(best, ()):
            open_[other] = False
        open_ &= problem.lengths <= budget - used
    singles = np.flatnonzero(problem.lengths <= budget)
    if len(singles):
        single_value = problem.concepts[singles] @ problem.weights + problem.bonus[singles]
        top = int(singles[int(np.argmax(single_value))])
        if problem.value([top]) > problem.value(chosen):
            return [top]
    return chosen if n else []


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 while HiGHS runs: it can print debug lines straight to it,
    which would corrupt ``briefgen summarize`` output that benchmarks parse."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable stdout: nothing to protect
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def solve_ilp(problem: CoverageProblem, budget: int, time_limit: float) -> list[int] | None:
    """The exact optimum (or the solver's best within its caps); None if it found nothing."""
    # scipy.optimize costs ~0.27 s to import, and `briefgen build` never solves (it uses the
    # summarizers' salience): imported by the commands that do (summarize, eval)
    from scipy.optimize import Bounds, LinearConstraint, milp

    n, m = problem.concepts.shape
    if n == 0:
        return []
    used = np.flatnonzero(np.asarray(problem.concepts.sum(axis=0)).ravel() > 0)
    cover = sp.csr_matrix(problem.concepts[:, used])
    k = len(used)
    objective = -np.concatenate([problem.bonus, problem.weights[used]])
    rows = [
        sp.hstack([sp.csr_matrix(problem.lengths[None, :].astype(float)), sp.csr_matrix((1, k))])
    ]
    # z_c <= sum of the chosen sentences that carry concept c
    rows.append(sp.hstack([-cover.T, sp.identity(k)]))
    upper = [np.array([float(budget)]), np.zeros(k)]
    if len(problem.conflicts):
        c = problem.conflicts
        pairs = sp.csr_matrix(
            (np.ones(2 * len(c)), (np.repeat(np.arange(len(c)), 2), c.ravel())), shape=(len(c), n)
        )
        rows.append(sp.hstack([pairs, sp.csr_matrix((len(c), k))]))
        upper.append(np.ones(len(c)))
    matrix = sp.csr_matrix(sp.vstack(rows))
    constraint = LinearConstraint(matrix, -np.inf, np.concatenate(upper))
    integrality = np.concatenate([np.ones(n), np.zeros(k)])
    with _quiet_stdout():
        result = milp(
            objective,
            constraints=constraint,
            integrality=integrality,
            bounds=Bounds(0, 1),
            options={
                "time_limit": time_limit,
                "node_limit": NODE_LIMIT,
                "mip_rel_gap": GAP,
                "disp": False,
            },
        )
    if "time limit" in str(getattr(result, "message", "")).lower():
        # the node cap is deterministic, the clock is not: say when the clock decided
        log.warning(
            "selection: the exact solver hit its %.0f s time limit; on another machine the "
            "result may differ (raise selection.time_limit)",
            time_limit,
        )
    if result.x is None:
        return None
    return [int(i) for i in np.flatnonzero(result.x[:n] > 0.5)]  # round the 0/1 choices


def best_selection(problem: CoverageProblem, budget: int, time_limit: float) -> list[int]:
    """The better of the exact (capped) program and the greedy answer; candidate indexes."""
    quick = greedy(problem, budget)
    exact = solve_ilp(problem, budget, time_limit) if time_limit > 0 else None
    if exact is not None and problem.value(exact) >= problem.value(quick) - TIE:
        return exact
    return quick
