"""Update summaries: what the new articles add for a reader who has read the seen ones.

The update task of TAC 2008/2009: summarize the later batch of a story (set B) for a reader who
has read the earlier one (set A). ``summarize(new, words, seen=old)`` answers it with the same
summarizer as a plain summary, over one ``Pool`` of seen and new articles, so both share one term
space (idf, similarity, concepts):
- seen units are never eligible and never support an item: an item cites only new articles;
- a new sentence that restates a seen one (``repeats``) is not eligible either: it is the seen
  sentence verbatim, or the seen sentence holds ``SEEN_COVERAGE`` of its idf-weighted content
  words, agrees on its details (``claims.compare``) and gives every number it gives. Novelty is
  one-way: what matters is how much of the *new* sentence the seen one says. So the test is
  neither ``align.similarity`` (symmetric, and its containment of the *shorter* unit makes "the
  minister announced a relief fund" a near-duplicate of a seen "the minister said"; its cosine
  calls a seen sentence plus a new clause one too) nor ``agreement.states_claim`` (its
  ``CLAIM_COVERAGE`` asks whether a sentence *supports* a claim, and a sentence sharing the
  story's names and one new fact passes it). A sentence with a number the seen one does not give
  is news, whether ``compare`` finds a conflict ("the toll rose to 11", seen "the toll rose to
  7") or not ("killed 23", seen "killing at least 14": consistent, and still a new figure);
- the concepts (``weights.py``) count only the new stories, and a concept loses
  ``weights.SEEN_DISCOUNT`` of its weight times the share of the seen stories that use it.
With nothing seen, ``summarize`` never comes here and is the plain summary exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from ..model import Article
from .claims import compare, details
from .features import Pool

SEEN_PREFIX = "seen:"  # seen articles' ids in the joint pool: no clash with the new ones' ids
# A recap restates a seen sentence with a clause dropped or a date reworded: the seen one holds
# most of its weighted words (0.73 and up on tests/fixtures/update); a sentence that adds a new
# fact to recalled ones ("the last evacuees returned ... a week after the fire forced 6,000 to
# flee") keeps a third of its weight outside the seen sentence (0.66 at most there)
SEEN_COVERAGE = 0.7


def _as_seen(article: Article) -> Article:
    """``article`` under a seen id (its sentences and copy mark too)."""
    aid = SEEN_PREFIX + article.id
    return replace(
        article,
        id=aid,
        sentences=tuple(replace(s, article=aid) for s in article.sentences),
        copy_of=SEEN_PREFIX + article.copy_of if article.copy_of else "",
    )


def join(new: Sequence[Article], seen: Sequence[Article]) -> tuple[tuple[Article, ...], np.ndarray]:
    """The articles of the joint pool, seen first (they were read first), and per article
    whether it is seen. Each side comes with its own copies marked (``mark_copies``)."""
    articles = tuple(_as_seen(a) for a in seen) + tuple(new)
    return articles, np.arange(len(articles)) < len(seen)


def repeats(pool: Pool, seen: np.ndarray) -> np.ndarray:
    """Per unit: a new eligible unit that restates some seen unit (see the module docstring);
    ``seen`` is per article of ``pool``."""
    out = np.zeros(pool.size, dtype=bool)
    read = seen[pool.article]
    new = np.flatnonzero(pool.eligible & ~read)
    old = np.flatnonzero(read)
    if not len(new) or not len(old):
        return out
    verbatim = {pool.units[u].text for u in old}  # a copy is a repeat, content words or none
    out[[u for u in new if pool.units[u].text in verbatim]] = True
    # agreement.coverage for every new x seen pair at once, as one sparse product
    weights = pool.word_weights[new]
    present = pool.word_weights[old].copy()
    present.data[:] = 1.0
    mass = np.asarray(weights.sum(axis=1)).ravel()
    held = sp.csr_matrix(sp.diags(1.0 / np.where(mass > 0, mass, 1.0)) @ (weights @ present.T))
    close = sp.coo_matrix(held >= SEEN_COVERAGE)
    for i, j in sorted(zip(close.row.tolist(), close.col.tolist(), strict=True)):
        u = int(new[i])
        if not out[u] and restates(pool.units[old[j]].text, pool.units[u].text):
            out[u] = True
    return out


def _figures(text: str) -> set[tuple[float, str]]:
    # value and unit, not the counted noun: "the four St Aldric hospitals" counts "St" to the
    # reader of ``claims`` and "four hospitals" counts hospitals, and both are the seen figure
    return {(q.value, q.unit) for q in details(text).numbers}


def restates(seen: str, new: str) -> bool:
    """``seen`` gives all of ``new``'s details: agrees on them and states each of its numbers
    (how much of its wording ``seen`` holds is the caller's test)."""
    return compare(new, seen).verdict == "agree" and _figures(new) <= _figures(seen)


def unseen(pool: Pool, seen: np.ndarray) -> Pool:
    """``pool`` with only the new units that say something new eligible."""
    eligible = pool.eligible & ~seen[pool.article] & ~repeats(pool, seen)
    return replace(pool, eligible=eligible)
