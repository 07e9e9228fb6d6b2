"""build_context(brief, config, output) -> BriefContext: numbering, badges, back-links, coverage."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote, urlsplit

from ..config import BriefConfig
from ..model import Article, Brief, Item
from ..version import __version__
from .brief_json import citation_numbers
from .context import (
    BriefContext,
    Citation,
    Coverage,
    CoverageCell,
    CoverageColumn,
    CoverageRow,
    ItemRef,
    ItemView,
    Output,
    SectionView,
    SourceView,
    TocEntry,
)

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


def web_url(url: str) -> str:
    """``url`` when it is http(s), else "": a scraped javascript: or file: URL is never linked.

    Spaces, quotes and angle brackets are percent-encoded so the URL stays one token everywhere.
    """
    url = _UNSAFE_URL_CHARS.sub(lambda m: quote(m[0]), url.strip())
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def file_name(path: str) -> str:
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


def _outlet(a: Article) -> str:
    """The outlet's name, else its URL's host, else ""."""
    host = urlsplit(web_url(a.url)).hostname or ""
    return a.source.strip() or host.removeprefix("www.")


def source_name(a: Article) -> str:
    """What to call an article's source: its outlet, else its file name."""
    return _outlet(a) or file_name(a.path) or a.id


def _outlet_key(a: Article) -> str:
    """Articles with the same outlet share a key; unattributed articles each stand alone."""
    return _outlet(a).casefold() or f"\0{a.id}"


class _Builder:
    """Numbers items and sources once, so citations and back-links agree."""

    def __init__(self, brief: Brief, config: BriefConfig) -> None:
        self.brief = brief
        self.numbers = citation_numbers(brief)
        self.articles = {a.id: a for a in brief.articles}
        self.theme_titles = {t: c.display_title for t, c in config.all_themes.items()}
        self.theme_titles.update({s.theme: s.title for s in brief.sections})
        self.cited_by: dict[str, list[ItemRef]] = {a.id: [] for a in brief.articles}

    def theme_title(self, theme: str) -> str:
        return self.theme_titles.get(theme) or theme.replace("_", " ").title()

    def item(self, item: Item, anchor: str, label: str) -> ItemView:
        cites = []
        for art_id in dict.fromkeys(item.sources):
            a = self.articles.get(art_id)
            if a is None:  # an item citing an article the brief does not list: show no marker
                continue
            n = self.numbers[art_id]
            title = f"{source_name(a)}: {a.title}" if a.title else source_name(a)
            cites.append(Citation(n, art_id, f"src-{n}", title))
            self.cited_by[art_id].append(ItemRef(anchor, label))
        reports = len(cites)
        independent = max(1, min(item.independent, reports)) if reports else 0
        badge, badge_title = _badge(
            reports, independent, len({_outlet_key(self.articles[c.article]) for c in cites})
        )
        return ItemView(
            anchor=anchor,
            label=label,
            text=item.text,
            theme=item.theme,
            theme_title=self.theme_title(item.theme),
            citations=tuple(cites),
            reports=reports,
            independent=independent,
            badge=badge,
            badge_title=badge_title,
            item=item,
        )

    def source(self, a: Article) -> SourceView:
        n = self.numbers[a.id]
        url = web_url(a.url)
        original = self.numbers.get(a.copy_of) if a.copy_of else None
        return SourceView(
            number=n,
            anchor=f"src-{n}",
            id=a.id,
            outlet=a.source.strip(),
            name=source_name(a),
            title=a.title,
            author=a.author,
            published=a.published.isoformat() if a.published else "",
            published_display=short_date(a.published) if a.published else "",
            url=url,
            location=url or file_name(a.path) or a.path,
            copy_of=original,
            republished=bool(a.copy_of),
            cited_by=tuple(self.cited_by[a.id]),
            article=a,
        )


def _badge(reports: int, independent: int, outlets: int) -> tuple[str, str]:
    if reports < 2:
        return "", ""
    noun = "outlets" if outlets == reports else "reports"
    badge = f"{reports} {noun}"
    title = f"Carried by {reports} {noun}"
    if independent < reports:
        copies = reports - independent
        badge += f" · {independent} independent"
        title += (
            f"; {independent} independent, {copies} republished "
            f"{'copy' if copies == 1 else 'copies'} of a wire story"
        )
    return badge, title + "."


def coverage_table(
    columns: Sequence[tuple[str, str]], items: Iterable[ItemView], sources: Sequence[SourceView]
) -> Coverage:
    """Outlets × themes: how many of the brief's items on each theme cite each outlet."""
    by_id = {s.id: s for s in sources}
    theme_index = {theme: i for i, (theme, _) in enumerate(columns)}
    rows: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    numbers: dict[str, list[int]] = {}
    for s in sources:
        key = _outlet_key(s.article)
        rows.setdefault(key, [0] * len(columns))
        names.setdefault(key, s.name)
        numbers.setdefault(key, []).append(s.number)
    totals = [0] * len(columns)
    for it in items:
        col = theme_index[it.theme]
        totals[col] += 1
        for key in dict.fromkeys(_outlet_key(by_id[c.article].article) for c in it.citations):
            rows[key][col] += 1
    peak = max((n for counts in rows.values() for n in counts), default=0)

    def cell(n: int) -> CoverageCell:
        return CoverageCell(n, math.ceil(4 * n / peak) if n else 0)

    ordered = sorted(rows, key=lambda k: (-sum(rows[k]), numbers[k][0]))
    return Coverage(
        columns=tuple(CoverageColumn(t, title, totals[i]) for i, (t, title) in enumerate(columns)),
        rows=tuple(
            CoverageRow(names[k], tuple(numbers[k]), tuple(cell(n) for n in rows[k]), sum(rows[k]))
            for k in ordered
        ),
        max_count=peak,
    )


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
        )
        for n, s in enumerate(brief.sections, 1)
    )
    sources = tuple(b.source(a) for a in brief.articles)  # after items: cited_by is complete
    items = key_points + tuple(it for s in sections for it in s.items)
    columns = {s.theme: s.title for s in sections}
    for it in items:
        columns.setdefault(it.theme, it.theme_title)
    coverage = coverage_table(list(columns.items()), items, sources)
    toc: tuple[TocEntry, ...] = ()
    if len(sections) > config.pdf.toc_min_sections:
        toc = (
            ((TocEntry("key-points", config.key_points.title, ""),) if key_points else ())
            + tuple(TocEntry(s.anchor, s.title, str(s.number)) for s in sections)
            + ((TocEntry("coverage", "Coverage", ""),) if coverage.rows else ())
            + ((TocEntry("sources", "Sources", ""),) if sources else ())
        )
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
        edition=" · ".join(
            x
            for x in (brief.date.isoformat(), f"build {brief.build_id}" if brief.build_id else "")
            if x
        ),
        key_points_title=config.key_points.title,
        key_points=key_points,
        sections=sections,
        sources=sources,
        coverage=coverage,
        toc=toc,
        item_count=len(items),
        outlet_count=len({_outlet_key(a) for a in brief.articles}),
        page_size=config.pdf.page_size,
        author=config.pdf.author or "briefgen",
        subject=_subject(brief, sections),
        keywords=tuple(s.title for s in sections),
        created=brief.generated or f"{brief.date.isoformat()}T00:00:00Z",
        generator=f"briefgen {__version__}",
        brief=brief,
    )


def _subject(brief: Brief, sections: Sequence[SectionView]) -> str:
    themes = ", ".join(s.title for s in sections)
    who = f" for {brief.audience}" if brief.audience else ""
    return f"Sourced news brief{who}, {long_date(brief.date)}: {themes}"
