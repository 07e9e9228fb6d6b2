"""What every summarizer reads (Problem) and returns (Pick), and the interface they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..config import SelectionConfig
from .features import Pool

ON_TOPIC = 0.05  # with a query, units less relevant than this (the best scores 1) are not chosen
LEAD_HALVING_RANK = 2.0  # the position prior halves by this rank: 1, 2/3, 1/2, 2/5, ... (lead = 0)

_DEFAULTS = SelectionConfig.model_fields  # a Problem's knobs default to the config's


@dataclass(frozen=True)
class Problem:
    """What every summarizer reads: the pool, the query relevance, and the tuning knobs."""

    pool: Pool
    relevance: np.ndarray | None  # per unit in [0, 1]; None for a generic summary
    lead_bias: float = _DEFAULTS["lead_bias"].default
    near_duplicate: float = _DEFAULTS["near_duplicate"].default
    time_limit: float = _DEFAULTS["time_limit"].default
    # per article of ``pool``: already read (an update summary, select/update.py); their units
    # are never eligible, and what they say is worth little. None: nothing has been read
    seen: np.ndarray | None = None

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
        return 1.0 / (1.0 + self.pool.position / LEAD_HALVING_RANK)


@dataclass(frozen=True)
class Pick:
    """One chosen unit (an index into ``Problem.pool.units``), its score and what made it up."""

    unit: int
    score: float
    components: tuple[tuple[str, float], ...]  # (name, value) pairs, shown by --format json


class Summarizer(Protocol):
    """What a summarizer implements, built-in or plugin (entry-point group
    ``briefgen.summarizers``, see ``briefgen.registry``); the registry instantiates a class
    with no arguments.

    ``briefgen build`` calls ``salience`` (as each sentence's centrality in the themed brief);
    ``briefgen summarize`` and ``briefgen eval`` call ``select``. Both receive the same
    ``Problem``; neither may change it. Same problem, same answer: no randomness, no clock.
    """

    name: str
    """The registered name (``--algorithm``, ``selection.algorithm``)."""

    def salience(self, problem: Problem) -> np.ndarray:
        """Per unit of ``problem.pool`` (an array of ``pool.size``), how central it is to the
        articles, in [0, 1]; 0 for units that are not ``pool.eligible``."""
        ...

    def select(self, problem: Problem, budget: int) -> list[Pick]:
        """The units to print: each at most once, eligible ones only (``problem.candidates``
        also applies the query), their ``pool.words`` summing to at most ``budget``; an empty
        list when nothing fits. Any order: the caller restores reading order (and drops
        whatever would overrun the budget)."""
        ...
