"""Key points and themed sections for ``briefgen build``.

Every eligible sentence gets, per theme, a score from four parts (all kept on the Item):
- ``relevance``: to the theme's query and keywords (``relevance.theme_relevance``);
- ``centrality``: the configured summarizer's salience, by default its concept coverage;
- ``corroboration``: how many independent stories state the same thing;
- ``redundancy``: the largest similarity r to anything already in the brief, which scales the
  score by 1 - (r / near_duplicate) ** REDUNDANCY_POWER (a near paraphrase loses most, an
  unrelated sentence nothing); a sentence that states what an item already states (similarity
  at least ``near_duplicate``), that shares most of its words with one (word Jaccard at least
  ``WORD_JACCARD``) or that already supports an item is never chosen.

A candidate's score for a theme is relevance x prior x corroborated, where prior is
(CENTRALITY_FLOOR + (1 - CENTRALITY_FLOOR) * centrality) x quality (``QUOTE_ONLY_QUALITY``,
``UNRESOLVED_QUALITY`` for sentences that do not stand alone) x reported (news before
commentary: ``STANCE_FLOOR``) and corroborated is
1 + CORROBORATION_GAIN * log2(1 + corroboration). In a section the score is further scaled by
the sentence's affinity, AFFINITY_FLOOR + (1 - AFFINITY_FLOOR) * (relevance here / its best
relevance to any theme), so a sentence two sections want goes to the one it fits best.
With a history of earlier briefs (``briefed``), a candidate whose claim one of them carried
(``novelty.first_briefed``) is scaled by ``REPEAT_FACTOR`` so fresh news wins the slots, and
every chosen item is marked "new" or "developing" (with the date it was first briefed).

Key points are chosen first, across themes, favouring corroborated facts and spreading over
themes; sections then take turns choosing their best remaining sentence, so one theme cannot
take every sentence it shares with another.

Corroboration counts twice for key points, on purpose. Every candidate's base score already
carries the factor 1 + CORROBORATION_GAIN * log2(1 + corroboration); a key point's importance
multiplies that score once more by 1 + KEY_POINT_CORROBORATION_GAIN * log2(1 + corroboration).
Sections rank sentences within one theme, where relevance should lead and corroboration is one
factor among several; key points are the "if you read nothing else" list, meant to be the facts
several independent outlets report, so there corroboration weighs (roughly) squared. The two
gains are separate constants so either can be tuned without moving the other.

The articles come with their republished copies already marked (``Article.copy_of``, as
``pipeline.load_articles`` or ``select.mark_copies`` leave them): selection never looks for
copies itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from functools import partial

import numpy as np
import scipy.sparse as sp

from ..config import BriefConfig
from ..errors import memory_error
from ..model import Article, Item, Section
from .agreement import (
    CLAIM_COVERAGE,
    SUPPORT_SIMILARITY_SHARE,
    agree,
    coverage,
    discrepancies,
    same_claim,
)
from .align import against_all, similarity
from .confidence import confidence
from .coverage import diverse
from .items import make_item
from .novelty import first_briefed
from .order import section_order
from .relevance import theme_relevance, word_index
from .stance import stance
from .standalone import acronyms, glossary, introduced, references
from .summarizers import Problem, get_summarizer

PRESELECT = 150  # candidates per theme kept for alignment and selection
# ... or this many per item the brief can hold (sections' largest max_items plus key points),
# when that is more: enough near-misses to replace what redundancy control rules out
PRESELECT_PER_ITEM = 10
WORD_JACCARD = 0.5  # two items sharing this share of their words read as the same sentence
THEME_REPEAT = 0.8  # each key point already taken from a theme scales that theme's next by this
QUOTE_ONLY = re.compile(r"^[\"“][^\"“”]*[.!?][\"”]$")  # all one quotation, unattributed
QUOTE_ONLY_QUALITY = 0.6  # an unattributed quotation still states something: a mild penalty
# a sentence leaning on the one before ("They also agreed", "The company said", "Hall said"
# before Hall is introduced, an acronym never expanded) is hard to read out of its article
UNRESOLVED_QUALITY = 0.3
CENTRALITY_FLOOR = 0.35  # a peripheral but relevant sentence keeps ~1/3: relevance leads a theme
CORROBORATION_GAIN = 0.3  # x1.3 for one confirming story, x1.6 for three: log, so no swamping
KEY_POINT_CORROBORATION_GAIN = 0.3  # again for key points: the headline list wants confirmed facts
AFFINITY_FLOOR = 0.5  # x1/2..1 by fit here vs its best theme: a shared sentence goes where it fits
REDUNDANCY_POWER = 2  # quadratic: half-way to a near duplicate keeps 3/4, a near one almost nothing
# News before commentary: a sentence's prior is scaled by STANCE_FLOOR + (1 - STANCE_FLOOR) x
# its news score (``stance.stance``): a dated, attributed fact (0.9) keeps ~0.93, a hedged
# forecast (0.2) ~0.44, so one outlet's speculation ranks under any reported fact of the theme.
STANCE_FLOOR = 0.3
# A candidate whose claim an earlier brief already carried (``novelty.first_briefed``) keeps a
# quarter of its score: fresh news of the theme wins the slots unless the repeat scores four
# times higher (relevance and corroboration rarely spread that far), and a repeat still fills
# a slot nothing fresh wants, marked "developing".
REPEAT_FACTOR = 0.25
ALIGN_BLOCK = 16  # candidates aligned with every unit at once: bounded memory on a large day
_NO_RELEVANCE = 1e-9  # divisor floor for a candidate relevant to no theme (its affinity is moot)


def _quality(text: str, surnames: AbstractSet[str], definitions: dict[str, str]) -> float:
    """How well a sentence stands alone: leaning on the sentence before (``standalone.
    references``; ``surnames`` are those its article introduced before it), or a quotation
    with no one to attribute it to, reads badly out of its article. An acronym the article
    defines is no obstacle: the item's glossary expands it."""
    if QUOTE_ONLY.match(text):
        return QUOTE_ONLY_QUALITY
    return UNRESOLVED_QUALITY if references(text, "", definitions, surnames) else 1.0


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _corroborated(corroboration: np.ndarray, gain: float) -> np.ndarray:
    """The score factor for ``corroboration`` other independent stories (see the constants)."""
    return 1.0 + gain * np.log2(1.0 + corroboration)


class _Brief:
    """Selection state shared by key points and sections: what is taken, what it blocks."""

    def __init__(
        self,
        articles: Sequence[Article],
        config: BriefConfig,
        briefed: Sequence[Item] | None = None,
    ) -> None:
        from . import make_pool

        sel = config.selection
        self.config = config
        self.pool = pool = make_pool(articles, sel)
        self.threshold = sel.near_duplicate
        self.names = list(dict.fromkeys(s.theme for s in config.effective_sections))
        themes = config.all_themes
        index = word_index(pool)
        judged = [theme_relevance(pool, themes[t], index) for t in self.names]
        rel = (
            np.column_stack([j.relevance for j in judged])
            if pool.size and self.names
            else np.zeros((pool.size, len(self.names)))
        )
        self.judged = judged
        problem = Problem(pool, None, sel.lead_bias, sel.near_duplicate, sel.time_limit)
        centrality = get_summarizer(sel.algorithm).salience(problem)
        self.definitions = [acronyms(a.text) for a in pool.articles]
        # quality and stance are read for candidates only, and a candidate is an eligible unit
        # relevant to some theme (``_preselect``): on a large day most units are neither
        relevant = rel >= sel.min_relevance
        judge = np.flatnonzero(pool.eligible & relevant.any(axis=1)) if pool.size else ()
        names: dict[int, tuple[tuple[int, str], ...]] = {}  # per article, one pass
        quality = np.ones(pool.size)
        self.analysis = np.zeros(pool.size, dtype=bool)
        news = np.zeros(pool.size)
        for i in judge:
            u = pool.units[i]
            if u.article not in names:
                names[u.article] = introduced(pool.articles[u.article].text)
            surnames = {name for end, name in names[u.article] if end <= u.start}
            quality[i] = _quality(u.text, surnames, self.definitions[u.article])
            st = stance(u.text)
            self.analysis[i], news[i] = st.kind == "analysis", st.news_score
        reported = STANCE_FLOOR + (1 - STANCE_FLOOR) * news
        prior = (CENTRALITY_FLOOR + (1 - CENTRALITY_FLOOR) * centrality) * quality * reported
        self.cand = self._preselect(rel * prior[:, None], relevant, config)
        self.rel = rel[self.cand]
        self.centrality = centrality[self.cand]
        self.quality = quality[self.cand]
        self.reported = reported[self.cand]
        self.analysis = self.analysis[self.cand]
        self.sims = self._aligned()  # candidates x all units, where they align
        self.corroboration = self._corroboration()
        # per candidate, the date an earlier brief first carried its claim ("" when none did);
        # None without history: nothing is demoted and no item is marked
        self.seen = (
            None
            if briefed is None
            else first_briefed([pool.units[u].text for u in self.cand], briefed, self.threshold)
        )
        self.repeat = np.array(
            [REPEAT_FACTOR if day else 1.0 for day in self.seen or [""] * len(self.cand)]
        )
        self.base = (
            prior[self.cand] * _corroborated(self.corroboration, CORROBORATION_GAIN) * self.repeat
        )
        self.score = self.rel * self.base[:, None]
        self.redundancy = np.zeros(len(self.cand))
        self.open = np.ones(len(self.cand), dtype=bool)
        self.taken: list[frozenset[str]] = []

    def _preselect(
        self, score: np.ndarray, relevant: np.ndarray, config: BriefConfig
    ) -> np.ndarray:
        """The best-scored eligible units of each theme: the only ones that can be chosen.

        Near-duplicates of one sentence are kept only twice, so a story many outlets repeat
        cannot fill the list; alignment is then computed for these units alone, which keeps a
        large day's work near-linear.
        """
        pool = self.pool
        most = max((s.max_items for s in config.effective_sections), default=0)
        limit = max(PRESELECT, PRESELECT_PER_ITEM * (most + config.key_points.count))
        keep: set[int] = set()
        for t in range(score.shape[1]):
            ok = np.flatnonzero(pool.eligible & relevant[:, t])
            order = ok[np.lexsort((ok, -score[ok, t]))]
            keep.update(diverse(order, partial(similarity, pool), self.threshold, limit, []))
        return np.array(sorted(keep), dtype=np.int64)

    def _aligned(self) -> sp.csr_matrix:
        """``similarity`` of the candidates with every unit, only where it reaches the support
        floor (all that ``agree`` and ``_corroboration`` read), computed ``ALIGN_BLOCK``
        candidates at a time: on a large day the full matrix holds most units for every
        candidate. Redundancy, which needs every value, asks for its few columns (``take``)."""
        floor = SUPPORT_SIMILARITY_SHARE * self.threshold
        blocks = []
        everyone = against_all(self.pool)  # transposed once for all blocks, freed after
        for start in range(0, len(self.cand), ALIGN_BLOCK):
            rows = self.cand[start : start + ALIGN_BLOCK]
            block = similarity(self.pool, rows, everyone=everyone).tocoo()
            keep = block.data >= floor
            blocks.append(
                sp.csr_matrix(
                    (block.data[keep], (block.row[keep], block.col[keep])), shape=block.shape
                )
            )
        if not blocks:
            return sp.csr_matrix((0, self.pool.size))
        return sp.csr_matrix(sp.vstack(blocks))

    def _corroboration(self) -> np.ndarray:
        """Per candidate: other independent stories with a unit stating the same claim
        (aligned, covering it and agreeing on its details: ``agreement.states_claim``).

        A story counts once, so its units are checked until one states the claim. A verdict
        depends only on the four texts (both sentences, both articles): a wire copy repeating a
        sentence in the same article text is not judged again (a quarter of the pairs of a
        20,000-article day)."""
        coo = self.sims.tocoo()
        keep = coo.data >= SUPPORT_SIMILARITY_SHARE * self.threshold
        rows, cols = coo.row[keep], coo.col[keep]
        stories = self.pool.story[cols]
        other = stories != self.pool.story[self.cand][rows]
        rows, cols, stories = rows[other], cols[other], stories[other]
        covered = coverage(self.pool, self.cand[rows], cols) >= CLAIM_COVERAGE
        found: set[tuple[int, int]] = set()
        units, articles, article = self.pool.units, self.pool.articles, self.pool.article
        verdicts: dict[tuple[int, str, str], bool] = {}
        for r, c, story in zip(
            rows[covered].tolist(), cols[covered].tolist(), stories[covered].tolist(), strict=True
        ):
            if (r, story) in found:
                continue
            texts = (r, units[c].text, articles[article[c]].text)
            agrees = verdicts.get(texts)
            if agrees is None:
                agrees = verdicts[texts] = same_claim(self.pool, int(self.cand[r]), c) == "agree"
            if agrees:
                found.add((r, story))
        return np.bincount(
            np.array([r for r, _ in found], dtype=np.int64), minlength=len(self.cand)
        ).astype(float)

    def best(self, values: np.ndarray) -> int | None:
        """The open candidate with the highest value that passes the word-overlap check."""
        values = np.where(self.open & (values > 0), values, -np.inf)
        for k in np.lexsort((self.cand, -values)):
            if not np.isfinite(values[k]):
                return None
            words = _words(self.pool.units[self.cand[k]].text)
            if all(_jaccard(words, t) < WORD_JACCARD for t in self.taken):
                return int(k)
            self.open[k] = False
        return None

    def take(self, k: int, theme: str, value: float, components: list) -> Item:
        """Make candidate ``k`` an item and block everything that repeats it or its sources."""
        unit = int(self.cand[k])
        agreement = agree(self.pool, unit, self.sims[k].toarray().ravel(), self.threshold)
        group = list(agreement.units)
        t = self.names.index(theme)
        item = replace(
            make_item(self.pool, list(agreement.support), theme, value, components),
            kind="analysis" if self.analysis[k] else "news",
            glossary=glossary(
                self.pool.units[unit].text, self.definitions[self.pool.units[unit].article]
            ),
            discrepancies=discrepancies(self.pool, agreement),
            matched=self.judged[t].matched[unit],
            article_relevance=round(float(self.judged[t].article[unit]), 4),
            novelty="" if self.seen is None else ("developing" if self.seen[k] else "new"),
            seen="" if self.seen is None else self.seen[k],
        )
        near = similarity(self.pool, self.cand, np.array(group, dtype=np.int64))
        block = np.asarray(near.max(axis=1).todense()).ravel()
        self.redundancy = np.maximum(self.redundancy, block)
        self.open &= self.redundancy < self.threshold
        self.open[np.isin(self.cand, group)] = False
        self.taken.append(_words(item.text))
        return item

    def fresh(self) -> np.ndarray:
        """Per candidate, the share of its score left after the redundancy penalty."""
        return np.clip(1.0 - (self.redundancy / self.threshold) ** REDUNDANCY_POWER, 0.0, 1.0)

    def components(self, k: int, t: int) -> list[tuple[str, float]]:
        return [
            ("relevance", float(self.rel[k, t])),
            ("centrality", float(self.centrality[k])),
            ("corroboration", float(self.corroboration[k])),
            ("redundancy", float(self.redundancy[k])),
            ("quality", float(self.quality[k])),
            ("reported", float(self.reported[k])),
        ] + ([] if self.seen is None else [("repeat", float(self.repeat[k]))])


def _key_points(state: _Brief, count: int, min_relevance: float) -> list[Item]:
    """The day's headline facts across themes: relevant, and news, never commentary."""
    items: list[Item] = []
    if not len(state.cand) or not state.names:
        return items
    best_theme = np.argmax(state.rel, axis=1)
    rows = np.arange(len(state.cand))
    importance = state.score[rows, best_theme] * _corroborated(
        state.corroboration, KEY_POINT_CORROBORATION_GAIN
    )
    eligible = (state.rel[rows, best_theme] >= min_relevance) & ~state.analysis
    importance = np.where(eligible, importance, 0.0)
    per_theme = np.zeros(len(state.names))
    while len(items) < count:
        values = importance * state.fresh() * THEME_REPEAT ** per_theme[best_theme]
        k = state.best(values)
        if k is None:
            break
        t = int(best_theme[k])
        item = state.take(k, state.names[t], float(values[k]), state.components(k, t))
        items.append(replace(item, confidence=confidence(item)))  # rule: confidence.RULE
        per_theme[t] += 1
    return items


def select_brief(
    articles: Sequence[Article],
    config: BriefConfig,
    briefed: Sequence[Item] | None = None,
) -> tuple[tuple[Item, ...], tuple[Section, ...]]:
    """Key points and one Section per configured section; no sentence appears twice.

    ``articles`` come with their republished copies marked (``pipeline.load_articles`` output,
    or ``mark_copies(raw)``): a copy left unmarked would corroborate its own original.
    ``briefed``: the items of earlier briefs (each ``seen`` = the date first briefed), or None
    without history; a candidate repeating one is demoted (``REPEAT_FACTOR``) and every item
    is marked "new" or "developing". A day too large for memory is a one-line BuildError
    (``errors.memory_error``), never a traceback.
    """
    try:
        return _select(articles, config, briefed)
    except MemoryError:
        raise memory_error(len(articles)) from None


def _select(
    articles: Sequence[Article],
    config: BriefConfig,
    briefed: Sequence[Item] | None,
) -> tuple[tuple[Item, ...], tuple[Section, ...]]:
    state = _Brief(articles, config, briefed)
    key_points = _key_points(state, config.key_points.count, config.selection.min_relevance)
    sections = config.effective_sections
    chosen: list[list[tuple[int, Item]]] = [[] for _ in sections]
    words = [0] * len(sections)
    active = [True] * len(sections)
    min_rel = config.selection.min_relevance
    while any(active):
        for i, sec in enumerate(sections):
            if not active[i]:
                continue
            t = state.names.index(sec.theme)
            affinity = (
                AFFINITY_FLOOR
                + (1 - AFFINITY_FLOOR)
                * state.rel[:, t]
                / np.maximum(state.rel.max(axis=1), _NO_RELEVANCE)
                if len(state.cand)
                else np.zeros(0)
            )
            room = (
                np.ones(len(state.cand), dtype=bool)
                if sec.max_words is None
                else state.pool.words[state.cand] <= sec.max_words - words[i]
            )
            values = (
                np.where(
                    (state.rel[:, t] >= min_rel) & room,
                    state.score[:, t] * affinity * state.fresh(),
                    0.0,
                )
                if len(state.cand)
                else np.zeros(0)
            )
            k = state.best(values)
            if k is None:
                active[i] = False
                continue
            item = state.take(k, sec.theme, float(values[k]), state.components(k, t))
            chosen[i].append((int(state.cand[k]), item))
            words[i] += int(state.pool.words[state.cand[k]])
            active[i] = len(chosen[i]) < sec.max_items
    themes = config.all_themes
    out = []
    for sec, picked in zip(sections, chosen, strict=True):
        order = section_order(
            state.pool, [u for u, _ in picked], [it.independent for _, it in picked]
        )
        # what is new leads its section; what repeats an earlier brief follows (stable sort)
        order = sorted(order, key=lambda k: picked[k][1].novelty == "developing")
        theme = themes[sec.theme]
        out.append(
            Section(
                sec.theme,
                sec.title or theme.display_title,
                tuple(picked[k][1] for k in order),
                theme.description,
            )
        )
    return tuple(key_points), tuple(out)
