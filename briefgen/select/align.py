"""Cross-source alignment: republished copies, and sentences that state the same thing.

Two measures, both sparse and vectorized:
- ``find_copies`` decides at article level, by hashing each sentence's stemmed content words
  (whole, first eight, last eight: robust to an edited ending or a removed dateline) and counting
  shared hashes per article pair with one sparse product; no sentence pairs are enumerated.
- ``similarity`` compares units for alignment and redundancy: the larger of the idf-weighted
  cosine of content unigrams + bigrams and, for units of six content words or more, the
  containment of the shorter unit's weighted terms in the longer one, so a paraphrase that adds
  a clause still matches the plain statement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import scipy.sparse as sp

from ..model import Article
from ..text import content_terms
from .features import Pool, analyse, incidence

COPY_SHARE = 0.5  # share of the shorter article's sentences found in the other one
MIN_SHARED = 2.0  # ... and at least this many (fewer if it is shorter): one shared quote is no copy
# Two articles crediting the same agency whose vocabularies overlap this much (cosine of their
# content-word sets) retell one agency story: a rewrite "based on ANI report" is no more an
# independent confirmation than a verbatim copy.
CREDITED_RETELLING = 0.45
_HASH_TERMS = 8  # content words hashed at each end of a sentence
_KEY_KINDS = 3  # keys per sentence (see _sentence_keys): whole, first words, last words
_MIN_TERMS = 5  # sentences with fewer content words are too generic to reveal a copy
_CONTAIN_TERMS = 6  # containment is trusted only when both units have this many content words


def _sentence_keys(text: str) -> list[str]:
    stems, stops = analyse(text)
    content = [s for s, st in zip(stems, stops, strict=True) if not st]
    if len(content) < _MIN_TERMS:
        return []
    return [
        "=" + " ".join(content),
        "<" + " ".join(content[:_HASH_TERMS]),
        ">" + " ".join(content[-_HASH_TERMS:]),
    ]


def _origin(articles: Sequence[Article], group: Sequence[int]) -> int:
    """The member of a group of copies and retellings that the others point at.

    A wire carrier first (not retold, and crediting an agency another member also credits: the
    agency's text, which the others republish or retell), then dated before undated, older
    first, then input order.
    """
    counts = Counter(c for i in group for c in set(articles[i].credits))

    def key(i: int) -> tuple[bool, bool, date, int]:
        a = articles[i]
        carrier = not a.retold and any(counts[c] > 1 for c in a.credits)
        return (not carrier, a.published is None, a.published or date.min, i)

    return min(group, key=key)


def _credited_retellings(articles: Sequence[Article]) -> np.ndarray:
    """Pairs of articles that credit one agency and tell the same story (see CREDITED_RETELLING)."""
    n = len(articles)
    credits, _ = incidence([a.credits for a in articles])
    same_agency = (credits @ credits.T).toarray() > 0
    np.fill_diagonal(same_agency, False)
    if not same_agency.any():
        return same_agency
    words, _ = incidence([content_terms(a.text) for a in articles])
    overlap = (words @ words.T).toarray().astype(np.float64)
    sizes = np.sqrt(np.diag(overlap))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.nan_to_num(overlap / np.outer(sizes, sizes))
    return same_agency & (cosine >= CREDITED_RETELLING) & ~np.eye(n, dtype=bool)


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> id of the origin of its story (see ``_origin``: the wire carrier, else the
    earliest), for articles that republish it (most sentences near-identical) or credit the
    same agency for the same story (carriers and rewrites alike), in input order."""
    if len(articles) < 2:
        return {}
    per_article = []
    for a in articles:
        keys = [_sentence_keys(s.text) for s in a.sentences if s.kind != "heading"]
        per_article.append([k for k in keys if k])
    sizes = np.array([len(k) for k in per_article], dtype=np.float64)
    overlaps = []
    for kind in range(_KEY_KINDS):
        rows = [[keys[kind] for keys in art] for art in per_article]
        h, _ = incidence(rows)
        overlaps.append((h @ h.T).toarray())
    shared = np.maximum.reduce(overlaps)
    np.fill_diagonal(shared, 0)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    need = np.maximum(np.minimum(MIN_SHARED, smaller), np.ceil(COPY_SHARE * smaller))
    is_copy = (shared >= need) & (smaller > 0)
    is_copy |= _credited_retellings(articles)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(is_copy)), strict=True):
        ri, rj = root(int(i)), root(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        origin = _origin(articles, group)
        out.update({articles[i].id: articles[origin].id for i in group if i != origin})
    return {a.id: out[a.id] for a in articles if a.id in out}


def mark_copies(articles: Sequence[Article]) -> tuple[Article, ...]:
    """``articles`` with ``copy_of`` set by ``find_copies`` (run once, here): what selection
    expects; ``pipeline.load_articles`` returns articles already through it."""
    copies = find_copies(articles)
    return tuple(replace(a, copy_of=copies[a.id]) if a.id in copies else a for a in articles)


def similarity(pool: Pool, rows: np.ndarray, cols: np.ndarray | None = None) -> sp.csr_matrix:
    """Alignment similarity of units ``rows`` x ``cols`` (all units when ``cols`` is None)."""
    cols = np.arange(pool.size) if cols is None else cols
    t_r, t_c = pool.terms[rows], pool.terms[cols]
    cosine = sp.csr_matrix(t_r @ t_c.T)
    binary = pool.weighted[rows].copy()
    binary.data[:] = 1.0
    overlap = sp.coo_matrix(binary @ pool.weighted[cols].T)
    mass = np.asarray(pool.weighted.sum(axis=1)).ravel()
    r, c = rows[overlap.row], cols[overlap.col]
    denom = np.minimum(mass[r], mass[c])
    content = np.diff(pool.unigrams.indptr)
    trusted = np.minimum(content[r], content[c]) >= _CONTAIN_TERMS
    data = np.where(trusted & (denom > 0), overlap.data / np.where(denom > 0, denom, 1.0), 0.0)
    contain = sp.csr_matrix((data, (overlap.row, overlap.col)), shape=cosine.shape)
    return sp.csr_matrix(cosine.maximum(contain))


def support(pool: Pool, rep: int, sims: np.ndarray, threshold: float) -> list[int]:
    """Units that state what unit ``rep`` states: the best match in every other article.

    ``sims`` is ``rep``'s row of ``similarity`` against all units. The representative comes first,
    then one unit per other article, in article order.
    """
    ok = (sims >= threshold) & (pool.article != pool.article[rep])
    out = [rep]
    for art in np.unique(pool.article[ok]):
        idx = np.flatnonzero(ok & (pool.article == art))
        out.append(int(idx[np.argmax(sims[idx])]))
    return out
