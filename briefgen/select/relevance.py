"""Relevance of every unit to a query or a theme (title + description + weighted keywords).

A query is compared with each unit by idf-weighted cosine in the pool's term space, after the
words that only phrase a request ("describe", "discuss", "information") are dropped. A theme adds
weighted keywords and multi-word phrases, matched on stems over the full word sequence (so
"joint working group" matches "Joint Working Groups"), and exclusion terms that veto a unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np

from ..config import ThemeConfig
from .features import Pool, analyse

# Words that phrase a request rather than name its topic (DUC-style narratives use them a lot).
REQUEST_WORDS = frozenset(
    "describe describes discuss discusses discussed identify include including includes "
    "information explain explains provide provides detail details specific specifically "
    "regarding related concerning aspects aspect issues issue question questions report "
    "reports reported summary summarize mention mentioned list find know want interested "
    "kind kinds type types example examples various different".split()
)
KEYWORD_SHARE = 0.6  # a theme's relevance: this much from keywords, the rest from its query text
KEYWORD_SATURATION = 3.0  # match 1 - exp(-weight / 3): one strong keyword 0.63, two 0.86, then flat


def query_text(text: str) -> str:
    """``text`` without request words, for projection into the pool's term space."""
    return " ".join(w for w in re.findall(r"[\w'’-]+", text) if w.lower() not in REQUEST_WORDS)


def query_similarity(pool: Pool, text: str) -> np.ndarray:
    """Cosine of each unit with ``text``, scaled so the best unit scores 1 (zeros if none match)."""
    if pool.size == 0:
        return np.zeros(0)
    q = pool.project(query_text(text))
    sims = np.asarray((pool.terms @ q.T).todense()).ravel()
    top = sims.max() if sims.size else 0.0
    return sims / top if top > 0 else sims


def _phrase(text: str) -> tuple[str, ...]:
    return analyse(text)[0]


StemIndex = dict[str, list[int]]


def stem_index(pool: Pool) -> StemIndex:
    """Stem -> the units using it, in unit order: keyword lookups touch only those units."""
    index: StemIndex = {}
    for i, u in enumerate(pool.units):
        for s in dict.fromkeys(analyse(u.text)[0]):
            index.setdefault(s, []).append(i)
    return index


def _matches(pool: Pool, phrase: tuple[str, ...], index: StemIndex) -> list[int]:
    """Units whose stem sequence contains ``phrase`` contiguously."""
    units = index.get(phrase[0], [])
    if len(phrase) == 1:
        return units
    n = len(phrase)
    out = []
    for i in units:
        stems = analyse(pool.units[i].text)[0]
        if any(stems[j : j + n] == phrase for j in range(len(stems) - n + 1)):
            out.append(i)
    return out


def keyword_scores(
    pool: Pool,
    keywords: Mapping[str, float],
    exclude: Iterable[str] = (),
    index: StemIndex | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Summed weight of the distinct keywords each unit contains, and a mask of excluded units."""
    index = stem_index(pool) if index is None else index
    table: dict[tuple[str, ...], float] = {}
    for k, w in keywords.items():
        p = _phrase(k)
        if p:
            table[p] = max(table.get(p, 0.0), float(w))
    scores = np.zeros(pool.size)
    for p, w in table.items():
        scores[_matches(pool, p, index)] += w
    vetoed = np.zeros(pool.size, dtype=bool)
    for e in exclude:
        p = _phrase(e)
        if p:
            vetoed[_matches(pool, p, index)] = True
    return scores, vetoed


def theme_relevance(pool: Pool, theme: ThemeConfig, index: StemIndex | None = None) -> np.ndarray:
    """Relevance in [0, 1] of each unit to ``theme``; 0 for units that match an exclusion."""
    index = stem_index(pool) if index is None else index
    query = " ".join([theme.display_title, theme.description, *theme.keywords])
    similar = query_similarity(pool, query)
    if not theme.keywords:
        rel = similar
    else:
        scores, _ = keyword_scores(pool, theme.keywords, (), index)
        matched = 1.0 - np.exp(-scores / KEYWORD_SATURATION)
        rel = KEYWORD_SHARE * matched + (1 - KEYWORD_SHARE) * similar
    if theme.exclude:
        _, vetoed = keyword_scores(pool, {}, theme.exclude, index)
        rel = np.where(vetoed, 0.0, rel)
    return rel
