"""Support that really agrees: which aligned sentences state the same claim as an item.

Alignment (``align.similarity``) finds the sentences of other articles that resemble an item.
Similar is not the same claim. A further source counts only when its sentence
- **covers** the claim: at least ``CLAIM_COVERAGE`` of the item's content words, idf-weighted
  (a rare word says more of the claim than a common one), are in it, so "a plane crashed" does
  not support "the crash was caused by a bird strike" and a bullet heading does not support the
  whole sentence it abbreviates; and
- **agrees** on the details both mention (``claims.compare``: numbers, dates, names), and
  is the same story: not one whose sentence names what the item's article never mentions
  and the reverse (``claims.other_story``); and
- **gives a figure** when the claim does (``claims.omits_figures``): a sentence without the
  item's "39 percent" is not where a reader finds it.
A source that covers the claim but gives a different number, date or name is a **discrepancy**:
the item shows each version with its own sources. A source that only covers a fragment is not
counted at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..model import Discrepancy, Span, Version
from .claims import Verdict, compare, omits_figures, other_story
from .features import Pool

# Share of the item's idf-weighted content words a supporting sentence must contain. A
# paraphrase naming the same actors, action and object keeps well over 0.4 even when it drops
# a place or a time; a heading that names one of two outcomes, or a sentence sharing only the
# subject ("India and Japan ...") or the event ("the plane crashed"), stays well under it.
CLAIM_COVERAGE = 0.4
# Alignment for support looks this far below ``near_duplicate`` (2/3 of it: 0.3 by default):
# outlets paraphrase the day's main claim in words and orders that similarity scores low, and
# coverage, not similarity, decides whether a sentence states the claim.
SUPPORT_SIMILARITY_SHARE = 2 / 3


def coverage(pool: Pool, claims: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Per pair ``(claims[i], others[i])``: the share of the claim unit's weighted terms that the
    other unit contains (vectorized over pairs; no unit x unit matrix is built)."""
    if not len(claims):
        return np.zeros(0)
    weighted = pool.word_weights[claims]
    present = pool.word_weights[others].copy()
    present.data[:] = 1.0
    shared = np.asarray(sp.csr_matrix(weighted.multiply(present)).sum(axis=1)).ravel()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    return np.where(mass > 0, shared / np.where(mass > 0, mass, 1.0), 0.0)


def states_claim(
    pool: Pool, claims: np.ndarray, others: np.ndarray, share: float = CLAIM_COVERAGE
) -> np.ndarray:
    """Per pair: the other unit covers the claim unit's claim (``share`` of its weighted words)
    and agrees on its details (alignment is the caller's: pairs at least
    ``SUPPORT_SIMILARITY_SHARE`` x threshold)."""
    cover = coverage(pool, claims, others)
    out = cover >= share
    for i in np.flatnonzero(out):
        out[i] = same_claim(pool, int(claims[i]), int(others[i])) == "agree"
    return out


def same_claim(pool: Pool, u: int, v: int) -> Verdict:
    """``compare``'s verdict on units ``u`` (the claim) and ``v``, "different" as well when
    they are told in two different stories (``claims.other_story``: each names what the
    other's article never mentions) or ``v`` leaves out the claim's figures
    (``claims.omits_figures``: "The move follows 39 percent growth in AI rules" is not
    carried by "The group moved to restrict AI rules")."""
    a, b = pool.units[u], pool.units[v]
    art_a, art_b = pool.articles[pool.article[u]], pool.articles[pool.article[v]]
    if omits_figures(a.text, b.text) or other_story(a.text, art_a.text, b.text, art_b.text):
        return "different"
    return compare(a.text, b.text).verdict


@dataclass(frozen=True)
class Agreement:
    """How the aligned sentences of an item's group relate to its representative."""

    units: tuple[int, ...]  # every unit aligned with the claim: what the item blocks
    support: tuple[int, ...]  # the representative first, then the units that agree
    versions: tuple[tuple[str, tuple[str, ...], tuple[int, ...]], ...]  # kind, values, units
    own_values: tuple[tuple[str, tuple[str, ...]], ...]  # kind -> the item's own values


def agree(pool: Pool, rep: int, sims: np.ndarray, threshold: float) -> Agreement:
    """The sources of unit ``rep``'s claim: per other article, the unit that covers it best
    among those aligned with it (``sims``: rep's row of ``align.similarity``) and are not
    another story's sentence (``same_claim``), split into agreeing support and discrepancies.
    ``threshold`` is ``selection.near_duplicate``."""
    floor = SUPPORT_SIMILARITY_SHARE * threshold
    aligned = np.flatnonzero((sims >= floor) & (pool.article != pool.article[rep]))
    if not len(aligned):
        return Agreement((rep,), (rep,), (), ())
    cover = coverage(pool, np.full(len(aligned), rep), aligned)
    keep = cover >= CLAIM_COVERAGE
    aligned, cover = aligned[keep], cover[keep]
    # article -> its units, covering the claim best first, then the most similar, then the first
    ranked: dict[int, list[tuple[float, float, int]]] = {}
    for u, c in zip(aligned.tolist(), cover.tolist(), strict=True):
        ranked.setdefault(int(pool.article[u]), []).append((c, float(sims[u]), -u))
    best = {a: -max(keys)[2] for a, keys in ranked.items()}
    text = pool.units[rep].text
    support = [rep]
    versions: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    own: dict[str, tuple[str, ...]] = {}
    for a in sorted(ranked):
        # the best of the article's units that is not another story's sentence in the same
        # words (those are neither support nor a version: ``same_claim``)
        told = (-k[2] for k in sorted(ranked[a], reverse=True))
        u = next((v for v in told if same_claim(pool, rep, v) != "different"), None)
        if u is None:
            continue
        c = compare(text, pool.units[u].text)
        if c.verdict == "agree":
            support.append(u)
        elif c.kind is not None:
            versions.setdefault((c.kind, tuple(c.b_values)), []).append(u)
            own.setdefault(c.kind, tuple(c.a_values))
    return Agreement(
        (rep, *sorted(best.values())),
        tuple(support),
        tuple((kind, values, tuple(units)) for (kind, values), units in versions.items()),
        tuple(own.items()),
    )


def _span(pool: Pool, u: int) -> Span:
    unit = pool.units[u]
    return Span(pool.articles[pool.article[u]].id, unit.start, unit.end)


def discrepancies(pool: Pool, agreement: Agreement) -> tuple[Discrepancy, ...]:
    """The model's Discrepancy objects for ``agreement``: the item's version first."""
    own = dict(agreement.own_values)
    mine = agreement.support
    out = []
    for kind in dict.fromkeys(k for k, _, _ in agreement.versions):
        first = Version(
            own.get(kind, ()),
            pool.units[mine[0]].text,
            tuple(pool.articles[pool.article[u]].id for u in mine),
            tuple(_span(pool, u) for u in mine),
        )
        others = [
            Version(
                values,
                pool.units[units[0]].text,
                tuple(pool.articles[pool.article[u]].id for u in units),
                tuple(_span(pool, u) for u in units),
            )
            for k, values, units in agreement.versions
            if k == kind
        ]
        out.append(Discrepancy(kind, (first, *others)))
    return tuple(out)
