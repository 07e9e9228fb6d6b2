"""The budgeted coverage solver: exact where greedy is not, pruning, dominance, fallbacks."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from briefgen.select.coverage import (
    CoverageProblem,
    best_selection,
    greedy,
    prune,
    solve_ilp,
    undominated,
)


def problem(
    rows: list[list[int]],
    weights: list[float],
    lengths: list[int],
    bonus: list[float] | None = None,
    conflicts=(),
) -> CoverageProblem:
    m = sp.lil_matrix((len(rows), len(weights)))
    for i, row in enumerate(rows):
        for c in row:
            m[i, c] = 1.0
    return CoverageProblem(
        sp.csr_matrix(m),
        np.array(weights, dtype=float),
        np.array(bonus or [0.0] * len(rows)),
        np.array(lengths),
        np.array(list(conflicts), dtype=np.int64).reshape(-1, 2),
    )


# Greedy by gain per word takes the dense short sentence 0 first and then has no room for the
# two long ones that together cover more; the exact program finds them.
TRAP = problem(rows=[[0], [1, 2], [3, 4]], weights=[4, 4, 4, 4, 4], lengths=[4, 10, 10])


def test_the_exact_program_beats_greedy_where_greedy_is_short_sighted():
    assert greedy(TRAP, 20) == [0, 1]
    assert solve_ilp(TRAP, 20, time_limit=10) == [1, 2]
    assert best_selection(TRAP, 20, time_limit=10) == [1, 2]
    assert TRAP.value([1, 2]) == 16.0


def test_greedy_alone_when_the_solver_is_off():
    assert best_selection(TRAP, 20, time_limit=0) == [0, 1]


def test_greedy_falls_back_to_the_best_single_sentence():
    # density favours the cheap sentence 0, but sentence 1 alone is worth far more
    p = problem(rows=[[0], [1]], weights=[1, 10], lengths=[1, 10])
    assert greedy(p, 10) == [1]


def test_a_concept_counts_once_and_conflicting_pairs_are_never_both_chosen():
    p = problem(rows=[[0, 1], [0, 1], [2]], weights=[5, 5, 1], lengths=[5, 6, 5])
    assert best_selection(p, 10, time_limit=10) == [0, 2]
    q = problem(rows=[[0], [1]], weights=[5, 5], lengths=[5, 5], conflicts=[(0, 1)])
    assert len(best_selection(q, 10, time_limit=10)) == 1


def test_nothing_fits():
    assert best_selection(TRAP, 3, time_limit=10) == []
    assert best_selection(problem([], [], []), 100, time_limit=10) == []


def test_dominated_copies_are_dropped_keeping_the_first():
    p = problem(rows=[[0, 1], [0, 1], [0], [2]], weights=[1, 1, 1], lengths=[5, 5, 5, 5])
    assert list(undominated(p)) == [0, 3]


def test_pruning_keeps_few_copies_of_one_sentence():
    rows = [[0, 1, 2]] * 30 + [[3], [4]]
    p = problem(rows=rows, weights=[5, 5, 5, 1, 1], lengths=[10] * 32)

    def similar(a: np.ndarray, b: np.ndarray) -> sp.csr_matrix:
        same = (a[:, None] < 30) & (b[None, :] < 30) | (a[:, None] == b[None, :])
        return sp.csr_matrix(same.astype(float))

    kept = prune(p, 100, similar, threshold=0.5, limit=4)
    assert list(kept) == [0, 1, 30, 31]
