"""build_context(brief, config, output) -> BriefContext: numbering, badges, back-links, coverage,
discrepancies. Who an outlet is and how outlets count is outlets.py's business."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, tzinfo
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from ..config import BriefConfig
from ..model import Article, Brief, Discrepancy, Entity, Event, Item, Quote
from ..select.confidence import RULE as CONFIDENCE_RULE
from ..text.timex import describe
from ..version import __version__
from .brief_json import PREVIOUS_BRIEF, citation_numbers
from .context import (
    BriefContext,
    Citation,
    Coverage,
    CoverageCell,
    CoverageColumn,
    CoverageRow,
    DateNote,
    DiscrepancyView,
    EntityView,
    EventView,
    GlossaryEntry,
    ItemRef,
    ItemView,
    Output,
    QuoteVersionView,
    QuoteView,
    SectionView,
    SourceView,
    TocEntry,
    VersionView,
)
from .outlets import OUTLET_UNKNOWN, badge, based_on, outlet, outlet_key, wire

# English names, not strftime: output must not depend on the machine's locale.
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_UNSAFE_URL_CHARS = re.compile(r'[\s<>"`\\^{}|]')


def long_date(d: date) -> str:
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def short_date(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}"


def _dated(cites: Sequence[Citation]) -> str:
    """The day, or first and last day, its cited articles were published ("" if none says)."""
    days = sorted({c.published for c in cites if c.published})
    if not days:
        return ""
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return short_date(first) if first == last else f"{short_date(first)} – {short_date(last)}"


def web_url(url: str) -> str:
    """``url`` when it is http(s), else "": a scraped javascript: or file: URL is never linked.

    Spaces, quotes and angle brackets are percent-encoded so the URL stays one token everywhere.
    """
    url = _UNSAFE_URL_CHARS.sub(lambda m: quote(m[0]), url.strip())
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


_WINDOWS_PATH = re.compile(r"[A-Za-z]:[\\/]|\\\\")  # "C:\news", "\\server\share"


def file_name(path: str) -> str:
    """The last part of ``path``. A backslash in a POSIX path is part of the name: document
    paths write a file name's undecodable bytes as ``\\xe9`` (paths.printable)."""
    windows = os.name == "nt" or _WINDOWS_PATH.match(path)
    return PureWindowsPath(path).name if windows else PurePosixPath(path).name


def _describe(name: str, title: str, location: str, day: str, known: bool) -> str:
    """A source in one line, for link titles: "Outlet: Title, 12 Apr 2026"."""
    text = f"{name}: {title}" if title else name
    if not title and not known and location:
        text += f" ({location})"  # a source with neither outlet nor title: say where it is
    return f"{text}, {day}" if day else text


class _Builder:
    """Numbers items and sources once, so citations and back-links agree."""

    def __init__(self, brief: Brief, config: BriefConfig) -> None:
        self.brief = brief
        self.numbers = citation_numbers(brief)
        self.articles = {a.id: a for a in brief.articles}
        self.theme_titles = {t: c.display_title for t, c in config.all_themes.items()}
        self.theme_titles.update({s.theme: s.title for s in brief.sections})
        self.cited_by: dict[str, list[ItemRef]] = {a.id: [] for a in brief.articles}
        self.differs_in: dict[str, list[ItemRef]] = {a.id: [] for a in brief.articles}
        self.pointed_to = {a.copy_of for a in brief.articles if a.copy_of}
        self.zone = config.zone  # article times are shown as dates in the brief's timezone

    def theme_title(self, theme: str) -> str:
        return self.theme_titles.get(theme) or theme.replace("_", " ").title()

    def citations(self, sources: Sequence[str]) -> tuple[Citation, ...]:
        """One Citation per listed article; an article the brief does not list gets no marker."""
        cites = []
        for art_id in dict.fromkeys(sources):
            a = self.articles.get(art_id)
            if a is None:
                continue
            n = self.numbers[art_id]
            name = outlet(a) or OUTLET_UNKNOWN
            published = article_day(a, self.zone)
            day = short_date(published) if published else ""
            label = _describe(name, a.title, _location(a), date_label(a, day), bool(outlet(a)))
            iso = published.isoformat() if published else ""
            cites.append(Citation(n, art_id, f"src-{n}", label, name, iso, day))
        return tuple(cites)

    def item(self, item: Item, anchor: str, label: str) -> ItemView:
        cites = self.citations(item.sources)
        ref = ItemRef(anchor, label)
        for c in cites:
            self.cited_by[c.article].append(ref)
        reports = len(cites)
        independent = max(1, min(item.independent, reports)) if reports else 0
        badge_text, badge_title = badge(
            reports, independent, [outlet_key(self.articles[c.article]) for c in cites]
        )
        discrepancies = tuple(
            d for d in (self.discrepancy(d, ref) for d in item.discrepancies) if d is not None
        )
        return ItemView(
            anchor=anchor,
            label=label,
            text=item.text,
            theme=item.theme,
            theme_title=self.theme_title(item.theme),
            citations=cites,
            reports=reports,
            independent=independent,
            badge=badge_text,
            badge_title=badge_title,
            kind=item.kind,
            kind_label=self.kind_label(item),
            novelty=item.novelty,
            novelty_label=novelty_label(item),
            dated=_dated(cites),
            discrepancies=discrepancies,
            glossary=tuple(
                GlossaryEntry(t.strip(), e.strip())
                for t, e in item.glossary
                if t.strip() and e.strip()
            ),
            confidence=item.confidence,
            item=item,
            dates=_date_notes(item),
        )

    def event(self, e: Event) -> EventView:
        """A Timeline entry; its citations are not back-links (the items' are)."""
        cites = tuple(sorted(self.citations(e.sources), key=lambda c: c.number))
        return EventView(e.when, e.label, e.text, cites, e.upcoming, "Next" if e.upcoming else "")

    def entity(self, e: Entity, refs: Sequence[ItemRef]) -> EntityView:
        """A People or Organizations entry; ``refs`` are the brief's items in order."""
        mentions = tuple(refs[i] for i in e.items if 0 <= i < len(refs))
        return EntityView(e.name, e.role, e.aliases, mentions, self._numbered(e.sources))

    def _numbered(self, sources: Sequence[str]) -> tuple[Citation, ...]:
        return tuple(sorted(self.citations(sources), key=lambda c: c.number))

    def quote(self, q: Quote) -> QuoteView:
        versions = []
        for v in q.versions:
            cites = self._numbered(v.sources)
            if not cites:
                continue
            label = QUOTE_CHANGE_LABELS.get(v.change, QUOTE_CHANGE_LABELS["altered"])
            versions.append(QuoteVersionView(v.text, v.change, label, cites))
        flag = "Outlets differ on the wording" if versions else ""
        return QuoteView(
            q.text, q.speaker, q.role, self._numbered(q.sources), tuple(versions), flag
        )

    def kind_label(self, item: Item) -> str:
        """ "Analysis · <outlet of the representative source>" for commentary, "" for news."""
        if item.kind != "analysis":
            return ""
        rep = item.spans[0].article if item.spans else (item.sources[0] if item.sources else "")
        a = self.articles.get(rep)
        return f"Analysis · {(outlet(a) if a else '') or 'outlet unknown'}"

    def discrepancy(self, d: Discrepancy, ref: ItemRef) -> DiscrepancyView | None:
        """The versions a reader can check: a version citing no listed source is left out, and
        a discrepancy left with fewer than two versions is not one."""
        versions = []
        for i, v in enumerate(d.versions):
            cites = self.citations(v.sources)
            if not cites:
                continue
            versions.append(
                VersionView(
                    ", ".join(v.values) or "another account", v.values, v.text, cites, i == 0
                )
            )
            if i:
                for c in cites:
                    if ref not in self.differs_in[c.article]:
                        self.differs_in[c.article].append(ref)
        if len(versions) < 2:
            return None
        what = " ".join(d.kind.replace("_", " ").split())  # "number", "date", "name"
        title = f"Sources differ on the {what}" if what else "Sources differ on a detail"
        return DiscrepancyView(d.kind, title, tuple(versions))

    def source(self, a: Article) -> SourceView:
        n = self.numbers[a.id]
        url = web_url(a.url)
        w = wire(a, self.articles, self.pointed_to)
        published = article_day(a, self.zone)
        day = short_date(published) if published else ""
        return SourceView(
            number=n,
            anchor=f"src-{n}",
            id=a.id,
            outlet=outlet(a),
            name=outlet(a) or OUTLET_UNKNOWN,
            origin=a.source_origin if outlet(a) else "unknown",
            title=a.title,
            author=a.author,
            published=published.isoformat() if published else "",
            published_display=day,
            date_label=date_label(a, day),
            date_origin=a.date_origin,
            url=url,
            location=_location(a),
            copy_of=self.numbers[w.of] if w.of else None,
            republished=w.relation == "copy",
            wire=w.relation,
            agency=w.agency,
            wire_note=w.note,
            cited_by=tuple(self.cited_by[a.id]),
            differs_in=tuple(self.differs_in[a.id]),
            article=a,
        )


def _date_notes(item: Item) -> tuple[DateNote, ...]:
    """The item's resolved dates a reader needs: not "early 2026 = early 2026"."""
    notes = (DateNote(e, v, describe(v)) for e, v in item.dates)
    return tuple(n for n in notes if n.label.lower() not in n.expression.lower())


def novelty_label(item: Item) -> str:
    """ "New", "Developing · first briefed 28 Nov 2026", or "" when there was no history."""
    if item.novelty == "new":
        return "New"
    if item.novelty != "developing":
        return ""
    try:
        first = short_date(date.fromisoformat(item.seen))
    except ValueError:  # a brief read back from a JSON someone edited
        first = item.seen.strip()
    return f"Developing · first briefed {first}" if first else "Developing"


def _new_since(brief: Brief, config: BriefConfig, items: Sequence[ItemView]) -> str:
    """The previous brief's date for the "New since" list, or "" when there is none to show:
    no history, ``history.new_since`` off, nothing new, or nothing developing (then every item
    is new and its mark says so)."""
    previous = dict(brief.meta).get(PREVIOUS_BRIEF, "")
    if not (config.history.new_since and previous):
        return ""
    if not any(it.novelty == "new" for it in items):
        return ""
    if not any(it.novelty == "developing" for it in items):
        return ""
    try:
        return short_date(date.fromisoformat(previous))
    except ValueError:
        return ""


def article_day(a: Article, zone: tzinfo) -> date | None:
    """The article's date in the brief's timezone: its time's day there, when it has a time."""
    if a.published_at is not None:
        try:
            return a.published_at.astimezone(zone).date()
        except OverflowError:  # a time at the edge of year 1 or 9999: its own date
            return a.published_at.date()
    return a.published


def date_label(a: Article, day: str) -> str:
    """``day`` as a Sources entry says it, naming a stand-in: the feed's date, the fetch's."""
    if not day:
        return ""
    if a.date_origin == "fetched":
        return f"fetched {day}"
    if a.date_origin == "feed":
        return f"{day} (date from feed)"
    return day


def window_display(window: tuple[str, str], zone: str) -> str:
    """ "Articles from 29 Nov 07:00 to 30 Nov 07:00 UTC" (years when they differ), or ""."""
    try:
        start, end = (datetime.fromisoformat(t).astimezone(ZoneInfo(zone)) for t in window)
    except ValueError:  # no window, or a brief read back from a JSON someone edited
        return ""

    def when(t: datetime) -> str:
        year = f" {t.year}" if start.year != end.year else ""
        return f"{t.day} {_MONTHS[t.month - 1][:3]}{year} {t:%H:%M}"

    return f"Articles from {when(start)} to {when(end)} {zone}"


def _location(a: Article) -> str:
    """Where the article was found: its http(s) URL, else its file name."""
    return web_url(a.url) or file_name(a.path) or a.path


# The coverage table names this many outlets, those cited by the most statements; the rest
# share one row ("312 other outlets"): a table of every outlet of a big day is unreadable.
COVERAGE_MAX_OUTLETS = 20


def coverage_table(
    columns: Sequence[tuple[str, str]], items: Iterable[ItemView], sources: Sequence[SourceView]
) -> Coverage:
    """Outlets × themes: how many of the brief's items on each theme cite each outlet.

    Sources of unknown outlet share one row, "Outlet unknown", listed last: it is not an outlet.
    Past ``COVERAGE_MAX_OUTLETS`` outlets, the least cited share a row before it.
    """
    by_id = {s.id: s for s in sources}
    theme_index = {theme: i for i, (theme, _) in enumerate(columns)}
    rows: dict[str | None, list[int]] = {}
    names: dict[str | None, str] = {}
    numbers: dict[str | None, list[int]] = {}
    for s in sources:
        key = outlet_key(s.article)
        rows.setdefault(key, [0] * len(columns))
        names.setdefault(key, s.name)
        numbers.setdefault(key, []).append(s.number)
    totals = [0] * len(columns)
    for it in items:
        col = theme_index[it.theme]
        totals[col] += 1
        for key in dict.fromkeys(outlet_key(by_id[c.article].article) for c in it.citations):
            rows[key][col] += 1
    peak = max((n for counts in rows.values() for n in counts), default=0)

    def cell(n: int) -> CoverageCell:
        return CoverageCell(n, math.ceil(4 * n / peak) if n else 0)

    ordered = sorted(rows, key=lambda k: (k is None, -sum(rows[k]), numbers[k][0]))

    def row(k: str | None) -> CoverageRow:
        counts = rows[k]
        return CoverageRow(
            names[k], k is not None, tuple(numbers[k]), tuple(cell(n) for n in counts), sum(counts)
        )

    named = [k for k in ordered if k is not None]
    shown, folded = named[:COVERAGE_MAX_OUTLETS], named[COVERAGE_MAX_OUTLETS:]
    table = [row(k) for k in shown]
    if folded:
        # one row for the rest: per theme, the statements citing any of them (not a sum, which
        # would count a statement once per outlet)
        rest = set(folded)
        counts = [0] * len(columns)
        for it in items:
            keys = {outlet_key(by_id[c.article].article) for c in it.citations}
            counts[theme_index[it.theme]] += bool(keys & rest)
        name = f"{len(folded)} other outlets"
        table.append(CoverageRow(name, False, (), tuple(cell(n) for n in counts), sum(counts)))
    if None in rows:
        table.append(row(None))
    return Coverage(
        columns=tuple(CoverageColumn(t, title, totals[i]) for i, (t, title) in enumerate(columns)),
        rows=tuple(table),
        max_count=peak,
        folded=len(folded),
    )


# how a quote version is introduced, before its citations: "trimmed in [3]"
QUOTE_CHANGE_LABELS = {
    "trimmed": "trimmed in",
    "longer": "longer in",
    "altered": "words changed in",
}


def build_context(brief: Brief, config: BriefConfig, output: Output) -> BriefContext:
    b = _Builder(brief, config)
    key_points = tuple(b.item(it, f"kp-{i}", f"K{i}") for i, it in enumerate(brief.key_points, 1))
    sections = tuple(
        SectionView(
            f"sec-{s.theme}",
            n,
            s.theme,
            s.title,
            s.description,
            tuple(b.item(it, f"s{n}-{i}", f"{n}.{i}") for i, it in enumerate(s.items, 1)),
            tuple(kp for kp in key_points if kp.theme == s.theme),
        )
        for n, s in enumerate(brief.sections, 1)
    )
    sources = tuple(b.source(a) for a in brief.articles)  # after items: cited_by is complete
    items = key_points + tuple(it for s in sections for it in s.items)
    refs = tuple(ItemRef(it.anchor, it.label) for it in items)  # what Entity.items index
    discrepancies = tuple(it for it in items if it.discrepancies)
    columns = {s.theme: s.title for s in sections}
    for it in items:
        columns.setdefault(it.theme, it.theme_title)
    coverage = coverage_table(list(columns.items()), items, sources)
    toc: tuple[TocEntry, ...] = ()
    if len(sections) > config.pdf.toc_min_sections:
        toc = (
            ((TocEntry("key-points", config.key_points.title, ""),) if key_points else ())
            + ((TocEntry("discrepancies", "Discrepancies", ""),) if discrepancies else ())
            + ((TocEntry("timeline", "Timeline", ""),) if brief.timeline else ())
            + (
                (TocEntry("whos-who", "Who's who", ""),)
                if brief.people or brief.organizations
                else ()
            )
            + ((TocEntry("quotes", "Quotes", ""),) if brief.quotes else ())
            + tuple(TocEntry(s.anchor, s.title, str(s.number)) for s in sections)
            + ((TocEntry("coverage", "Coverage", ""),) if coverage.rows else ())
            + ((TocEntry("sources", "Sources", ""),) if sources else ())
        )
    outlet_count, unknown_outlets, based_on_text = based_on(brief.articles)
    return BriefContext(
        output=output,
        title=brief.title,
        date=brief.date,
        date_iso=brief.date.isoformat(),
        date_display=long_date(brief.date),
        audience=brief.audience,
        handling=brief.handling.strip(),
        build_id=brief.build_id,
        generated=brief.generated,
        window_display=window_display(brief.window, config.timezone),
        window_start=brief.window[0],
        window_end=brief.window[1],
        edition=" · ".join(
            x
            for x in (brief.date.isoformat(), f"build {brief.build_id}" if brief.build_id else "")
            if x
        ),
        key_points_title=config.key_points.title,
        key_points=key_points,
        discrepancies=discrepancies,
        new_since=_new_since(brief, config, items),
        new_items=tuple(it for it in items if it.novelty == "new"),
        sections=sections,
        sources=sources,
        coverage=coverage,
        toc=toc,
        item_count=len(items),
        outlet_count=outlet_count,
        unknown_outlets=unknown_outlets,
        based_on=based_on_text,
        confidence_rule=CONFIDENCE_RULE if any(kp.confidence for kp in key_points) else "",
        page_size=config.pdf.page_size,
        author=config.pdf.author or "briefgen",
        subject=_subject(brief, sections),
        keywords=tuple(s.title for s in sections),
        created=brief.generated or f"{brief.date.isoformat()}T00:00:00Z",
        generator=f"briefgen {__version__}",
        brief=brief,
        timeline=tuple(b.event(e) for e in brief.timeline),
        people=tuple(b.entity(e, refs) for e in brief.people),
        organizations=tuple(b.entity(e, refs) for e in brief.organizations),
        quotes=tuple(b.quote(q) for q in brief.quotes),
    )


def _subject(brief: Brief, sections: Sequence[SectionView]) -> str:
    themes = ", ".join(s.title for s in sections)
    who = f" for {brief.audience}" if brief.audience else ""
    return f"Sourced news brief{who}, {long_date(brief.date)}: {themes}"
