"""Sparse term matrices and document-frequency weights over the day's sentence units.

Every unit becomes three sparse rows, built once and shared by all summarizers:
- ``terms``: stemmed content unigrams and content bigrams, idf-weighted, L2-normalized, so that
  ``terms @ terms.T`` is the cosine similarity used for alignment and redundancy;
- ``bigrams``: binary incidence of stemmed word bigrams (stopword pairs excluded), the concepts
  the coverage summarizer maximizes; they follow the token stream a ROUGE scorer sees;
- ``unigrams``: binary incidence of stemmed content words.
Document frequencies count *stories*, not articles: a republished copy is the same story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import chain

import numpy as np
import scipy.sparse as sp

from .. import memo
from ..model import Article
from ..text import STOPWORDS, stem, tokenize
from .filters import Unit

_PARTS = re.compile(r"[-'’]")
BIGRAM_SHARE = 0.5  # weight of a content bigram relative to a content word in similarity
_ANALYSE_CACHE = 200_000  # texts kept analysed: more than the units of a very large day


@memo.per_text(_ANALYSE_CACHE)
def analyse(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Stems of ``text``'s words (hyphenated words split, as ROUGE splits them), stopword flags."""
    words = [p for t in tokenize(text) for p in _PARTS.split(t) if p]
    return tuple(stem(w) for w in words), tuple(w in STOPWORDS for w in words)


def _content(stems: Sequence[str], stops: Sequence[bool]) -> list[str]:
    return [s for s, st in zip(stems, stops, strict=True) if not st]


def similarity_terms(text: str) -> list[str]:
    """Content unigrams and bigrams of adjacent content words: what cosine similarity compares."""
    content = _content(*analyse(text))
    return content + [f"{a} {b}" for a, b in zip(content, content[1:], strict=False)]


def concept_bigrams(text: str) -> list[str]:
    """Adjacent word bigrams, stemmed, unless both words are stopwords."""
    stems, stops = analyse(text)
    return [
        f"{stems[i]} {stems[i + 1]}"
        for i in range(len(stems) - 1)
        if not (stops[i] and stops[i + 1])
    ]


class _Numbering(dict[str, int]):
    """Term -> number, a new term getting the next one as it is first looked up."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


def incidence(
    rows: Sequence[Sequence[str]], vocab: dict[str, int] | None = None, grow: bool = True
) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Binary row x term matrix; terms are numbered in order of first appearance (deterministic)."""
    if not grow:
        vocab = {} if vocab is None else vocab
        known = [sorted({j for j in map(vocab.get, row) if j is not None}) for row in rows]
        return _binary(known, len(vocab)), vocab
    # every term looked up once, in row order, at C speed (a new one numbered by __missing__)
    numbering = _Numbering(vocab or {})
    flat = list(map(numbering.__getitem__, chain.from_iterable(rows)))
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    m = sp.csr_matrix(
        (
            np.ones(len(flat), dtype=np.float64),
            np.array(flat, dtype=np.int64),
            np.concatenate(([0], np.cumsum(lengths))),
        ),
        shape=(len(rows), len(numbering)),
    )
    m.sum_duplicates()  # sorts each row's terms and merges repeats
    m.data[:] = 1.0
    # a plain dict out: a lookup of an unknown term must fail, never number it
    if vocab is None:
        return m, dict(numbering)
    vocab.update(numbering)  # the caller's vocabulary, grown in place
    return m, vocab


def _binary(rows: Sequence[Sequence[int]], width: int) -> sp.csr_matrix:
    indptr = np.concatenate(([0], np.cumsum([len(r) for r in rows], dtype=np.int64)))
    indices = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(indptr[-1]))
    return sp.csr_matrix(
        (np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(rows), width)
    )


def normalize_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ m)


def story_ids(articles: Sequence[Article]) -> np.ndarray:
    """Per article, the index of its independent story: a copy shares its original's."""
    index = {a.id: i for i, a in enumerate(articles)}
    out = np.arange(len(articles))
    for i in range(len(articles)):
        j, hops = i, 0
        while articles[j].copy_of in index and hops < len(articles):
            j, hops = index[articles[j].copy_of], hops + 1
        out[i] = j
    _, dense = np.unique(out, return_inverse=True)
    return dense.astype(np.int64)


@dataclass(frozen=True)
class Pool:
    """The units of a set of articles with their sparse features (see the module docstring)."""

    articles: tuple[Article, ...]
    units: tuple[Unit, ...]
    article: np.ndarray  # article index per unit
    story: np.ndarray  # independent story index per unit
    n_stories: int
    position: np.ndarray  # rank of the unit among its article's sentences
    words: np.ndarray  # whitespace word count
    eligible: np.ndarray  # bool: may be selected
    terms: sp.csr_matrix  # idf-weighted, L2-normalized similarity terms
    weighted: sp.csr_matrix  # the same terms idf-weighted but not normalized (for containment)
    term_vocab: dict[str, int]
    idf: np.ndarray
    bigrams: sp.csr_matrix
    unigrams: sp.csr_matrix

    @property
    def size(self) -> int:
        return len(self.units)

    @cached_property
    def mass(self) -> np.ndarray:
        """Per unit, the sum of its ``weighted`` terms (containment's denominator)."""
        return np.asarray(self.weighted.sum(axis=1)).ravel()

    @cached_property
    def content_words(self) -> np.ndarray:
        """Per unit, its number of distinct content words."""
        return np.diff(self.unigrams.indptr)

    @cached_property
    def word_weights(self) -> sp.csr_matrix:
        """``weighted`` restricted to content unigrams: what a claim's coverage counts, since
        a paraphrase keeps a claim's words but not their order."""
        unigram = np.array([" " not in t for t in self.term_vocab], dtype=bool)
        return sp.csr_matrix(self.weighted[:, np.flatnonzero(unigram)])

    def project(self, text: str) -> sp.csr_matrix:
        """``text`` as one normalized row in the similarity space (unknown terms dropped)."""
        row, _ = incidence([similarity_terms(text)], dict(self.term_vocab), grow=False)
        return normalize_rows(sp.csr_matrix(row.multiply(self.idf[None, :])))

    def story_frequency(self, m: sp.csr_matrix, weight: np.ndarray | None = None) -> np.ndarray:
        """Per column of unit matrix ``m``: the number of stories using it.

        With ``weight`` (one value per unit), each story contributes the largest weight among its
        units that use the column instead of 1: position-weighted document frequency.
        """
        coo = m.tocoo()
        if coo.nnz == 0:
            return np.zeros(m.shape[1])
        vals = np.ones(coo.nnz) if weight is None else weight[coo.row]
        keys = self.story[coo.row] * m.shape[1] + coo.col
        order = np.lexsort((-vals, keys))
        keys, vals = keys[order], vals[order]
        first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        return np.bincount(keys[first] % m.shape[1], weights=vals[first], minlength=m.shape[1])


def _per_text(terms: Callable[[str], list[str]], texts: Sequence[str]) -> list[list[str]]:
    """``terms`` of each text, computed once per distinct text: a wire story's sentences recur
    word for word in every outlet that carries it (a third of a large day's units)."""
    once = {text: terms(text) for text in dict.fromkeys(texts)}
    return [once[text] for text in texts]


def build_pool(articles: Sequence[Article], units: Sequence[Unit]) -> Pool:
    """Tokenize once and build every matrix the summarizers share."""
    articles, units = tuple(articles), tuple(units)
    stories = story_ids(articles)
    article = np.array([u.article for u in units], dtype=np.int64)
    texts = [u.text for u in units]
    raw, vocab = incidence(_per_text(similarity_terms, texts))
    n = max(len(units), 1)
    sf = np.asarray(raw.sum(axis=0)).ravel()
    # smoothed idf (scikit-learn's): as if one more unit used every term, and +1 so that a term
    # every unit uses still counts
    idf = np.log((n + 1) / (sf + 1)) + 1.0
    # bigrams sharpen "same words, different fact" but paraphrases reorder words: half weight
    idf[[j for t, j in vocab.items() if " " in t]] *= BIGRAM_SHARE
    weighted = sp.csr_matrix(raw.multiply(idf[None, :]))
    terms = normalize_rows(weighted)
    bigrams, _ = incidence(_per_text(concept_bigrams, texts))
    unigrams, _ = incidence(_per_text(lambda text: _content(*analyse(text)), texts))
    return Pool(
        articles=articles,
        units=units,
        article=article,
        story=stories[article] if len(units) else np.zeros(0, dtype=np.int64),
        n_stories=int(stories.max()) + 1 if len(stories) else 0,
        position=np.array([u.position for u in units], dtype=np.int64),
        words=np.array([u.words for u in units], dtype=np.int64),
        eligible=np.array([u.eligible for u in units], dtype=bool),
        terms=terms,
        weighted=weighted,
        term_vocab=vocab,
        idf=idf,
        bigrams=bigrams,
        unigrams=unigrams,
    )


def article_order(articles: Sequence[Article]) -> list[int]:
    """Indexes of ``articles`` oldest first: by publication date when known, then input order."""
    return sorted(range(len(articles)), key=lambda i: (articles[i].published or date.min, i))
