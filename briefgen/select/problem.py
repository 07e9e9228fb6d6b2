"""What every summarizer reads (Problem) and returns (Pick), and the interface they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .features import Pool

ON_TOPIC = 0.05  # with a query, units less relevant than this (the best scores 1) are not chosen


@dataclass(frozen=True)
class Problem:
    """What every summarizer reads: the pool, the query relevance, and the tuning knobs."""

    pool: Pool
    relevance: np.ndarray | None  # per unit in [0, 1]; None for a generic summary
    lead_bias: float = 1.0
    near_duplicate: float = 0.45
    time_limit: float = 60.0

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
