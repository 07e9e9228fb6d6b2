"""Relevance of every unit to a query or a theme, on an absolute scale that can say "nothing".

Two uses, two measures:
- a **query** (``briefgen summarize --query``) is compared with each unit by idf-weighted cosine
  in the pool's term space, after the words that only phrase a request ("describe", "discuss")
  are dropped, and scaled so the best unit scores 1: a summary always answers its question;
- a **theme** (a brief's section) is judged on an absolute scale, because a day may have no news
  on it at all and the section must then come up empty rather than take the least bad sentence.

A theme's relevance comes from its keywords and phrases, matched as whole words: a phrase matches
a contiguous run of words, its last word in the singular or plural ("rare earths" matches "rare
earth"), nothing else ("secured" is not "security", "Cobalts" is not "cobalt" either way but
"chips" is "chip"). A keyword the theme marks ``ambiguous`` (cobalt, mineral, chip, trade)
counts only with theme context: an unambiguous keyword of the same theme in the same sentence or
anywhere in its article (title included). A sentence's own evidence is then scaled by its
article's relevance, so one stray phrase in a sports report is weak evidence, and the same
phrase in an article about the subject is strong; in an article that is not about the theme
(``ARTICLE_MIN``) only a sentence squarely on it by itself (``SENTENCE_ALONE``) counts at all.
A review of a film, game, book or product is about the work, so it is relevant to no theme
(``genre.is_review``). Exclusion phrases veto a unit.

A theme with no keywords falls back to the cosine of the unit with its title and description,
on a fixed scale (``QUERY_COSINE_FULL``), so it too can find nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import memo
from ..config import ThemeConfig
from .features import Pool
from .genre import is_review

# Words that phrase a request rather than name its topic (DUC-style narratives use them a lot).
REQUEST_WORDS = frozenset(
    "describe describes discuss discusses discussed identify include including includes "
    "information explain explains provide provides detail details specific specifically "
    "regarding related concerning aspects aspect issues issue question questions report "
    "reports reported summary summarize mention mentioned list find know want interested "
    "kind kinds type types example examples various different".split()
)
KEYWORD_SATURATION = 3.0  # 1 - exp(-weight / 3): one strong keyword (3) 0.63, a weak one (1) 0.28
# An article's relevance saturates slower: 1 - exp(-evidence / 6), where every keyword counts
# its weight x (1 + ln mentions). One strong mention: 0.39; an article about the subject: ~0.9.
ARTICLE_SATURATION = 6.0
# A sentence keeps this share of its own evidence even in an article about something else:
# a clear statement on the theme in a round-up still counts, a stray word in a match report not.
ARTICLE_FLOOR = 0.4
# ... but only if it is squarely on the theme by itself (two strong keywords: 1 - exp(-5/3)),
# when its article is not about the theme (evidence under ~3.6: one strong phrase, once).
SENTENCE_ALONE = 0.8
ARTICLE_MIN = 0.45
# A keyword-less theme: a cosine of 0.3 with its title and description is full relevance.
QUERY_COSINE_FULL = 0.3
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s(?= |\Z)")


def query_text(text: str) -> str:
    """``text`` without request words, for projection into the pool's term space."""
    return " ".join(w for w in re.findall(r"[\w'’-]+", text) if w.lower() not in REQUEST_WORDS)


def _cosine(pool: Pool, text: str) -> np.ndarray:
    if pool.size == 0:
        return np.zeros(0)
    q = pool.project(query_text(text))
    return np.asarray((pool.terms @ q.T).todense()).ravel()


def query_similarity(pool: Pool, text: str) -> np.ndarray:
    """Cosine of each unit with ``text``, scaled so the best unit scores 1 (zeros if none match)."""
    sims = _cosine(pool, text)
    top = sims.max() if sims.size else 0.0
    return sims / top if top > 0 else sims


@memo.per_text(200_000)
def words(text: str) -> tuple[str, ...]:
    """Lower-case words of ``text``: hyphenated words split, possessive endings dropped."""
    found = _WORD.findall(text.replace("-", " ").replace("‑", " "))
    if not found:
        return ()
    # Lowered as one string, not word by word: a space is neither cased nor case-ignorable,
    # so it bounds the context of the one context-sensitive mapping (a Greek final sigma) as
    # the end of a string does, and no word holds a space, so the split gives each word
    # exactly as ``word.lower()`` would. A word never ends in an apostrophe (_WORD), so the
    # possessive is a final "'s".
    return tuple(_POSSESSIVE.sub("", " ".join(found).lower()).split(" "))


def _number_forms(word: str) -> set[str]:
    """``word`` and its regular plural or singular: the only inflections that keep a noun's
    meaning ("earths"/"earth", "chips"/"chip", "batteries"/"battery"); verb forms never match."""
    forms = {word}
    if len(word) < 3 or not word.isalpha():
        return forms
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    elif word.endswith(("ches", "shes", "sses", "xes", "zes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        forms.add(word[:-1])
    if word.endswith("y") and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif word.endswith(("ch", "sh", "ss", "x", "z")):
        forms.add(word + "es")
    elif not word.endswith("s"):
        forms.add(word + "s")
    return forms


def phrase_forms(keyword: str) -> frozenset[tuple[str, ...]]:
    """The word sequences that count as ``keyword``: its last word in singular or plural."""
    ws = words(keyword)
    if not ws:
        return frozenset()
    return frozenset(ws[:-1] + (f,) for f in _number_forms(ws[-1]))


WordIndex = dict[str, list[int]]


def word_index(pool: Pool) -> WordIndex:
    """Word -> the units using it, in unit order: keyword lookups touch only those units."""
    index: WordIndex = defaultdict(list)  # read with .get only: a miss adds nothing
    for i, u in enumerate(pool.units):
        for w in dict.fromkeys(words(u.text)):
            index[w].append(i)
    return index


def _contains(seq: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(seq[j : j + n]) == phrase for j in range(len(seq) - n + 1))


def _occurrences(seq: Sequence[str], forms: frozenset[tuple[str, ...]]) -> set[tuple[int, int]]:
    """(start, end) word positions of every occurrence of any of ``forms`` in ``seq``."""
    out: set[tuple[int, int]] = set()
    for phrase in forms:
        n = len(phrase)
        out.update((j, j + n) for j in range(len(seq) - n + 1) if tuple(seq[j : j + n]) == phrase)
    return out


def _nested(seq: Sequence[str], keywords: Sequence[str]) -> set[str]:
    """Of ``keywords`` found in ``seq``, those found only inside a longer one found there:
    "minerals" within "critical minerals" is one mention, not two.

    One sort and a running maximum, not every occurrence against every other: a hard-wrapped
    page that reads as one huge sentence has thousands of occurrences. The forms of one keyword
    have one length, so a strictly longer occurrence that covers another is another keyword's.
    """
    spans = {k: _occurrences(seq, phrase_forms(k)) for k in keywords}
    every = sorted((a, -b) for mine in spans.values() for a, b in mine)  # by start, longest first
    starts = [a for a, _ in every]
    reach: list[int] = []  # reach[i]: the furthest end of occurrences every[:i + 1]
    for _, neg_end in every:
        reach.append(max(-neg_end, reach[-1] if reach else -1))

    def inside(a: int, b: int) -> bool:
        before = bisect_left(starts, a)  # occurrences starting before a
        if before and reach[before - 1] >= b:
            return True
        # starting at a: the longest is first; it covers (a, b) strictly when it ends later
        return before < len(every) and starts[before] == a and -every[before][1] > b

    return {k for k, mine in spans.items() if mine and all(inside(a, b) for a, b in mine)}


def _matches(pool: Pool, forms: frozenset[tuple[str, ...]], index: WordIndex) -> list[int]:
    """Units containing any of ``forms`` as a contiguous run of words, in unit order."""
    hits: set[int] = set()
    for phrase in forms:
        candidates = index.get(phrase[0], [])
        if len(phrase) == 1:
            hits.update(candidates)
        else:
            hits.update(i for i in candidates if _contains(words(pool.units[i].text), phrase))
    return sorted(hits)


@dataclass(frozen=True)
class ThemeRelevance:
    """A theme's relevance per unit, with what explains it."""

    relevance: np.ndarray  # per unit, in [0, 1], on the absolute scale the floor reads
    article: np.ndarray  # per unit: its article's relevance to the theme, in [0, 1]
    matched: tuple[tuple[str, ...], ...]  # per unit: the keywords that counted, in config order


def theme_relevance(
    pool: Pool, theme: ThemeConfig, index: WordIndex | None = None
) -> ThemeRelevance:
    """Relevance in [0, 1] of each unit to ``theme`` (see the module docstring)."""
    index = word_index(pool) if index is None else index
    n, n_articles = pool.size, len(pool.articles)
    if not theme.keywords:
        cos = _cosine(pool, " ".join([theme.display_title, theme.description]))
        rel = np.clip(cos / QUERY_COSINE_FULL, 0.0, 1.0)
        return ThemeRelevance(_vetoed(pool, theme, rel, index), np.zeros(n), ((),) * n)
    ambiguous = set(theme.ambiguous)
    hits = {k: _matches(pool, phrase_forms(k), index) for k in theme.keywords}
    per_unit: dict[int, list[str]] = {}
    for k, units in hits.items():
        for u in units:
            per_unit.setdefault(u, []).append(k)
    for u, ks in per_unit.items():
        if len(ks) > 1:
            for k in _nested(words(pool.units[u].text), ks):
                hits[k].remove(u)
    titles = [words(a.title) for a in pool.articles]
    title_index: WordIndex = {}  # word -> the articles whose title uses it
    for a, t in enumerate(titles):
        for word in dict.fromkeys(t):
            title_index.setdefault(word, []).append(a)
    in_title = {
        k: {
            a for f in phrase_forms(k) for a in title_index.get(f[0], ()) if _contains(titles[a], f)
        }
        for k in theme.keywords
    }
    # theme context: an unambiguous keyword in the unit, or anywhere in its article
    anchored_units = np.zeros(n, dtype=bool)
    anchored_articles = np.zeros(n_articles, dtype=bool)
    for k, units in hits.items():
        if k not in ambiguous:
            anchored_units[units] = True
            anchored_articles[pool.article[units]] = True
            anchored_articles[list(in_title[k])] = True
    context = anchored_units | anchored_articles[pool.article] if n else anchored_units
    sentence = np.zeros(n)
    evidence = np.zeros(n_articles)
    matched: list[list[str]] = [[] for _ in range(n)]
    for k, w in theme.keywords.items():
        found = np.array(hits[k], dtype=np.int64)
        if k in ambiguous:
            found = found[context[found]]
        for u in found:
            matched[int(u)].append(k)
        sentence[found] += w
        mentions = np.bincount(pool.article[found], minlength=n_articles).astype(float)
        titled = [a for a in sorted(in_title[k]) if k not in ambiguous or anchored_articles[a]]
        mentions[titled] += 1.0
        used = mentions > 0
        evidence[used] += w * (1.0 + np.log(mentions[used]))
    art = 1.0 - np.exp(-evidence / ARTICLE_SATURATION)
    unit_art = art[pool.article] if n else np.zeros(0)
    own = 1.0 - np.exp(-sentence / KEYWORD_SATURATION)
    rel = own * (ARTICLE_FLOOR + (1 - ARTICLE_FLOOR) * unit_art)
    rel[(unit_art < ARTICLE_MIN) & (own < SENTENCE_ALONE)] = 0.0
    reviews = np.array([is_review(a) for a in pool.articles], dtype=bool)
    if n and reviews.any():
        rel[reviews[pool.article]] = 0.0  # a review is about the work (``genre``)
    return ThemeRelevance(
        _vetoed(pool, theme, rel, index), unit_art, tuple(tuple(m) for m in matched)
    )


def _vetoed(pool: Pool, theme: ThemeConfig, rel: np.ndarray, index: WordIndex) -> np.ndarray:
    """``rel`` with units matching one of the theme's exclusion phrases set to 0."""
    if not theme.exclude:
        return rel
    vetoed = np.zeros(pool.size, dtype=bool)
    for e in theme.exclude:
        vetoed[_matches(pool, phrase_forms(e), index)] = True
    return np.where(vetoed, 0.0, rel)
