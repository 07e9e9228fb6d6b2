"""Cross-source alignment: republished copies, and sentences that state the same thing.

Two measures, both sparse and vectorized:
- ``find_copies`` decides at article level, by hashing each sentence's stemmed content words
  (whole, first eight, last eight: robust to an edited ending or a removed dateline) and counting
  shared hashes per article pair with one sparse product; no sentence pairs are enumerated, and
  no article x article matrix is ever dense: time and memory grow with the pairs that share
  something, near-linearly in the articles of a day.
- ``similarity`` compares units for alignment and redundancy: the larger of the idf-weighted
  cosine of content unigrams + bigrams and, for units of six content words or more, the
  containment of the shorter unit's weighted terms in the longer one, so a paraphrase that adds
  a clause still matches the plain statement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import scipy.sparse as sp

from ..errors import memory_error
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
# A sentence key carried by more than this many of the day's articles is boilerplate (a
# newsletter pitch, a standard disclaimer), not a story: left out of the copy count, it cannot
# make thousands of articles copies of each other, and one key costs at most 200^2 / 2 pairs.
# The widest wire pickup in a day of news runs to a few dozen outlets, well under it.
MAX_KEY_CARRIERS = 200
# Among the articles crediting one agency, a content word in more than this many is common
# vocabulary: pairs are found through the rarer words they share (``_similar_sets``, exact),
# so the candidate product costs at most this many times the articles' words.
COMMON_WORD_CARRIERS = 100
_ROW_BLOCK = 256  # rows compared with all at once (``_similar_sets``): bounded memory
_PAIR_CHUNK = 20_000  # candidate pairs whose overlap is computed at once
_ROUNDING = 1e-9  # the exact filters' bounds are widened by this: floating point never drops a pair


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


def _shared_keys(per_article: Sequence[Sequence[list[str]]]) -> sp.coo_matrix:
    """Article pairs i < j sharing sentence keys: the largest count over the key kinds.

    Sparse throughout: a key carried by more than ``MAX_KEY_CARRIERS`` articles is left out,
    so no key's carriers can turn the product into the N x N matrix.
    """
    best: sp.csr_matrix | None = None
    for kind in range(_KEY_KINDS):
        h, vocab = incidence([[keys[kind] for keys in art] for art in per_article])
        carriers = np.bincount(h.indices, minlength=len(vocab))
        h = sp.csr_matrix(h[:, np.flatnonzero(carriers <= MAX_KEY_CARRIERS)])
        shared = sp.csr_matrix(sp.triu(h @ h.T, k=1))
        best = shared if best is None else sp.csr_matrix(best.maximum(shared))
    assert best is not None
    return best.tocoo()


def _set_cosine(w: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of the binary rows ``rows[k]`` and ``cols[k]`` of ``w``, pair by pair, in chunks."""
    norm = np.sqrt(np.diff(w.indptr).astype(np.float64))
    out = np.zeros(len(rows))
    for start in range(0, len(rows), _PAIR_CHUNK):
        r, c = rows[start : start + _PAIR_CHUNK], cols[start : start + _PAIR_CHUNK]
        both = np.asarray(w[r].multiply(w[c]).sum(axis=1)).ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            out[start : start + len(r)] = np.nan_to_num(both / (norm[r] * norm[c]))
    return out


def _similar_sets(w: sp.csr_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pair i < j of binary rows of ``w`` whose set cosine is at least ``threshold``:
    exact, without comparing all pairs.

    For such a pair with |x| <= |y|, |x & y| >= threshold * |x|. Either they share a word
    carried by at most ``COMMON_WORD_CARRIERS`` rows (found by one sparse product over those
    words, whose cost is bounded by the cap), or x draws at least ``threshold`` of its words
    from the common ones ("heavy"), and heavy rows are compared with every row, in blocks.
    """
    n = w.shape[0]
    size = np.diff(w.indptr).astype(np.float64)
    carriers = np.bincount(w.indices, minlength=w.shape[1])
    rare = sp.csr_matrix(w[:, np.flatnonzero(carriers <= COMMON_WORD_CARRIERS)])
    common = np.diff(w.indptr) - np.diff(rare.indptr)
    heavy = np.flatnonzero(common >= threshold * size * (1 - _ROUNDING))
    is_heavy = np.zeros(n, dtype=bool)
    is_heavy[heavy] = True
    norm = np.sqrt(size)
    found_i, found_j = [], []
    for start in range(0, len(heavy), _ROW_BLOCK):  # a heavy row against all, exactly
        block = heavy[start : start + _ROW_BLOCK]
        hit = sp.coo_matrix(w[block] @ w.T)
        a, b = block[hit.row], hit.col.astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            ok = (a != b) & (np.nan_to_num(hit.data / (norm[a] * norm[b])) >= threshold)
        found_i.append(np.minimum(a, b)[ok])
        found_j.append(np.maximum(a, b)[ok])
    cand = sp.triu(rare @ rare.T, k=1).tocoo()
    i, j = cand.row.astype(np.int64), cand.col.astype(np.int64)
    # pairs with a heavy member are done; the rest must reach the threshold with their shared
    # rare words plus at most all the common words of the one with fewer, and their sizes
    with np.errstate(divide="ignore", invalid="ignore"):
        most = cand.data + np.minimum(common[i], common[j])
        need = threshold * norm[i] * norm[j] * (1 - _ROUNDING)
        ok = ~(is_heavy[i] | is_heavy[j]) & (most >= need)
        ok &= np.minimum(size[i], size[j]) >= need
    i, j = i[ok], j[ok]
    same = _set_cosine(w, i, j) >= threshold
    keys = np.unique(np.concatenate([*found_i, i[same]]) * n + np.concatenate([*found_j, j[same]]))
    return keys // n, keys % n


def _credited_retellings(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    """Pairs i < j of articles that credit one agency and tell the same story (see
    CREDITED_RETELLING), compared within each agency's articles only."""
    n = len(articles)
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        for c in dict.fromkeys(a.credits):
            groups.setdefault(c, []).append(i)
    groups = {c: g for c, g in groups.items() if len(g) > 1}
    if not groups:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    credited = sorted({i for g in groups.values() for i in g})
    words, _ = incidence([content_terms(articles[i].text) for i in credited])
    local = {i: k for k, i in enumerate(credited)}
    keys = []
    for group in groups.values():
        index = np.array([local[i] for i in group], dtype=np.int64)
        left, right = _similar_sets(sp.csr_matrix(words[index]), CREDITED_RETELLING)
        members = np.array(group, dtype=np.int64)
        keys.append(members[left] * n + members[right])
    pairs = np.unique(np.concatenate(keys))
    return pairs // n, pairs % n


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> id of the origin of its story (see ``_origin``: the wire carrier, else the
    earliest), for articles that republish it (most sentences near-identical) or credit the
    same agency for the same story (carriers and rewrites alike), in input order.

    Near-linear in the number of articles: only pairs that share a sentence key or an
    agency's uncommon words are ever compared (see ``_shared_keys``, ``_similar_sets``).
    """
    if len(articles) < 2:
        return {}
    per_article = []
    for a in articles:
        keys = [_sentence_keys(s.text) for s in a.sentences if s.kind != "heading"]
        per_article.append([k for k in keys if k])
    sizes = np.array([len(k) for k in per_article], dtype=np.float64)
    shared = _shared_keys(per_article)
    smaller = np.minimum(sizes[shared.row], sizes[shared.col])
    need = np.maximum(np.minimum(MIN_SHARED, smaller), np.ceil(COPY_SHARE * smaller))
    copy = (shared.data >= need) & (smaller > 0)
    told_i, told_j = _credited_retellings(articles)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = zip(
        np.concatenate([shared.row[copy], told_i]).tolist(),
        np.concatenate([shared.col[copy], told_j]).tolist(),
        strict=True,
    )
    for i, j in pairs:  # the components do not depend on the order pairs are joined in
        ri, rj = root(i), root(j)
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
    expects; ``pipeline.load_articles`` returns articles already through it. A day too large
    for memory is a one-line BuildError (``errors.memory_error``)."""
    try:
        copies = find_copies(articles)
    except MemoryError:
        raise memory_error(len(articles)) from None
    return tuple(replace(a, copy_of=copies[a.id]) if a.id in copies else a for a in articles)


@dataclass(frozen=True)
class Everyone:
    """Every unit's terms transposed (term x unit): what aligning rows with all units
    multiplies by. Made once for a stage that aligns many blocks of rows (``against_all``);
    scipy would otherwise transpose the whole pool for each block. It is as large as the
    pool's matrices (about 95 MiB for 20,000 articles), so it lives only for that stage."""

    terms: sp.csr_matrix
    weighted: sp.csr_matrix


def against_all(pool: Pool) -> Everyone:
    return Everyone(sp.csr_matrix(pool.terms.T), sp.csr_matrix(pool.weighted.T))


def similarity(
    pool: Pool,
    rows: np.ndarray,
    cols: np.ndarray | None = None,
    everyone: Everyone | None = None,
) -> sp.csr_matrix:
    """Alignment similarity of units ``rows`` x ``cols`` (all units when ``cols`` is None,
    through ``everyone`` when the caller made it)."""
    if cols is None:
        cols = np.arange(pool.size)
        everyone = everyone or against_all(pool)
        terms_t, weighted_t = everyone.terms, everyone.weighted
    else:
        terms_t, weighted_t = pool.terms[cols].T, pool.weighted[cols].T
    cosine = sp.csr_matrix(pool.terms[rows] @ terms_t)
    binary = pool.weighted[rows].copy()
    binary.data[:] = 1.0
    overlap = sp.coo_matrix(binary @ weighted_t)
    mass, content = pool.mass, pool.content_words
    r, c = rows[overlap.row], cols[overlap.col]
    denom = np.minimum(mass[r], mass[c])
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
