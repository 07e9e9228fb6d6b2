"""The timeline: the dated events the brief's sources state, past and upcoming, in date order.

Candidates are every sentence the brief cites (an item's own and its supporting sentences),
then the other sentences of the cited articles that are about an item (``RELATED_OVERLAP``).
A sentence with a time expression that dates an event becomes an event, dated by its most
precise expression; publication lines and "earlier this year" do not date one. The same event
told by several outlets (same normalised date, ``SAME_EVENT_OVERLAP``, no name or subject
swapped: ``claims.compare``) is one event citing them all. Events sort by the last day their
date covers, then the first: "15–17 Jan 2026" < "17 Jan 2026" < "early 2026" (Jan–Apr) <
"first half of 2026" < "mid-2026" < "late 2026".

Relative dates resolve against the article's publication date, else the brief's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from ..model import Article, Event, Item, Section, Span
from ..text import content_terms
from ..text.timex import Timex, bounds, describe, find, says_ahead
from .claims import compare, other_story

# A reader scans a timeline, not reads it: the eight best-attested events.
TIMELINE_MAX = 8
# Two sentences giving the same date tell the same event when a quarter of the shorter one's
# content words (the actors, the meeting) are shared: the date already says the most; outlets
# describe one visit in different words ("visit", "trip", "is in India").
SAME_EVENT_OVERLAP = 0.25
# An uncited sentence of a cited article joins only when half of its content words are an
# item's: it is about what the brief reports, not another story of the page.
RELATED_OVERLAP = 0.5
# Expressions that do not date an event: "earlier this year" says only "before now".
UNDATED_KINDS = frozenset({"year_within"})
# A dateline or "Published on 17 January 2026" dates the article, not an event.
PUBLICATION = re.compile(r"\b(?:published|updated|posted|last\s+modified)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Told:
    """One dated sentence of one article."""

    span: Span
    text: str
    timex: Timex
    terms: frozenset[str]


# Expressions that mean nothing without the day they were written ("on Saturday", "this week",
# "last year"): in an undated article they are not resolved against the brief's date, a guess
# that would put last January's Saturday in this week.
NEEDS_ARTICLE_DATE = frozenset({"weekday", "rel_day", "rel_week", "rel_month", "rel_year"})


def placeable(t: Timex, article: Article) -> bool:
    """Can ``t`` be dated honestly: the article has a date, or ``t`` does not need one."""
    return article.published is not None or t.kind not in NEEDS_ARTICLE_DATE


def reference(article: Article, day: date) -> date:
    """The date a relative expression in ``article`` resolves against."""
    return article.published or day


def item_dates(item: Item, articles: dict[str, Article], day: date) -> tuple[tuple[str, str], ...]:
    """``Item.dates``: the relative or vague expressions of the item's text, resolved against
    its representative article's date."""
    if not item.spans or item.spans[0].article not in articles:
        return ()
    art = articles[item.spans[0].article]
    return tuple(
        (t.text, t.value)
        for t in find(item.text, reference(art, day))
        if t.relative and placeable(t, art)
    )


def date_items(
    key_points: Sequence[Item], sections: Sequence[Section], articles: Sequence[Article], day: date
) -> tuple[tuple[Item, ...], tuple[Section, ...]]:
    """The key points and sections with each item's ``dates`` set (``item_dates``)."""
    by_id = {a.id: a for a in articles}

    def dated(it: Item) -> Item:
        return replace(it, dates=item_dates(it, by_id, day))

    return tuple(map(dated, key_points)), tuple(
        replace(s, items=tuple(map(dated, s.items))) for s in sections
    )


def build_timeline(
    items: Sequence[Item], articles: Sequence[Article], day: date, limit: int = TIMELINE_MAX
) -> tuple[Event, ...]:
    """At most ``limit`` events from ``items`` (brief order) and the cited ``articles``."""
    by_id = {a.id: a for a in articles}
    told = _cited(items, by_id, day) + _related(items, articles, day)
    groups: list[list[_Told]] = []
    for t in told:
        group = next((g for g in groups if _same_event(g[0], t, by_id)), None)
        if group is None:
            groups.append([t])
        elif all(o.span.article != t.span.article for o in group):
            group.append(t)
    # the best attested first (brief order breaks ties), then in date order
    kept = sorted(groups, key=lambda g: -len(g))[:limit]
    events = [_event(g, day) for g in kept]
    return tuple(sorted(events, key=_order))


def _cited(items: Sequence[Item], by_id: dict[str, Article], day: date) -> list[_Told]:
    spans = dict.fromkeys(sp for it in items for sp in it.spans if sp.article in by_id)
    return [t for sp in spans if (t := _dated(sp, by_id[sp.article], day)) is not None]


def _related(items: Sequence[Item], articles: Sequence[Article], day: date) -> list[_Told]:
    cited = {sp for it in items for sp in it.spans}
    topics = [frozenset(content_terms(it.text)) for it in items]
    out = []
    for a in articles:
        for s in a.sentences:
            span = Span(a.id, s.start, s.end)
            if span in cited or s.kind != "sentence":
                continue
            t = _dated(span, a, day)
            if t is not None and any(
                _overlap(t.terms, topic) >= RELATED_OVERLAP for topic in topics
            ):
                out.append(t)
    return out


def _dated(span: Span, article: Article, day: date) -> _Told | None:
    """The sentence at ``span`` with the expression that dates it; None when none does."""
    text = article.text[span.start : span.end]
    if PUBLICATION.search(text):
        return None
    found = [
        t
        for t in find(text, reference(article, day))
        if t.kind not in UNDATED_KINDS and placeable(t, article)
    ]
    found = [t for t in found if bounds(t.value) is not None]
    if not found:
        return None
    best = min(found, key=_width)
    rest = text[: best.start] + " " + text[best.end :]
    return _Told(span, text, best, frozenset(content_terms(rest)))


def _width(t: Timex) -> int:
    first, last = bounds(t.value) or (date.min, date.max)
    return (last - first).days


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _same_event(a: _Told, b: _Told, by_id: dict[str, Article]) -> bool:
    """Same date and actors, and not one wording with another name or subject in a slot
    ("a second plant near Ostrava next year" / "near Pilsen next year": two events), nor two
    stories' sentences (``claims.other_story``)."""
    return (
        a.timex.value == b.timex.value
        and _overlap(a.terms, b.terms) >= SAME_EVENT_OVERLAP
        and compare(a.text, b.text).verdict != "different"
        and not other_story(a.text, by_id[a.span.article].text, b.text, by_id[b.span.article].text)
    )


def _event(group: Sequence[_Told], day: date) -> Event:
    first = group[0]
    start, end = bounds(first.timex.value) or (day, day)
    # a period the brief's date falls in is ahead only when the sentence says so
    ahead = says_ahead(first.text, first.timex.start)
    upcoming = start > day or (end > day and ahead)
    return Event(
        when=first.timex.value,
        label=describe(first.timex.value),
        text=first.text,
        sources=tuple(t.span.article for t in group),
        spans=tuple(t.span for t in group),
        upcoming=upcoming,
    )


def _order(e: Event) -> tuple[date, date, int, str]:
    """Date order; on the same date the best attested first, then by text (deterministic)."""
    first, last = bounds(e.when) or (date.max, date.max)
    return last, first, -len(e.sources), e.text
