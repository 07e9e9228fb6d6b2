"""The template context: typed, frozen views of a Brief, shaped for reading rather than storage.

Templates receive one ``BriefContext`` as ``b``. Every field of every class here is listed in
docs/templates.md (a test checks it), so a template author never has to read this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..model import Article, Brief, Item

Output = Literal["html", "pdf", "md", "txt"]


@dataclass(frozen=True)
class Citation:
    """One citation marker, ``[n]``, pointing at an entry of the Sources list."""

    number: int  # the n a reader sees
    article: str  # Article.id
    anchor: str  # id of the Sources entry, e.g. "src-3"
    label: str  # "Outlet: Title, 12 Apr 2026", for link titles and screen readers
    outlet: str  # the source's outlet, "Outlet unknown" when it does not say (SourceView.name)
    published: str  # ISO date, "" when unknown
    published_display: str  # "12 Apr 2026", "" when unknown


@dataclass(frozen=True)
class GlossaryEntry:
    """An acronym the statement uses, expanded as its article defines it."""

    term: str  # "JWG"
    expansion: str  # "Joint Working Group"


@dataclass(frozen=True)
class VersionView:
    """One version of a disputed detail, with the sources that state it."""

    value: str  # the details of this version, joined: "$2.9 trillion"
    values: tuple[str, ...]
    text: str  # the verbatim sentence of the version's first source
    citations: tuple[Citation, ...]  # the sources stating this version, numbered like any citation
    own: bool  # the item's own version (the first); the others are what other sources say


@dataclass(frozen=True)
class DiscrepancyView:
    """Sources that state the item's detail differently: every version, each with its sources."""

    kind: str  # "number", "date" or "name"
    title: str  # "Sources differ on the number"
    versions: tuple[VersionView, ...]  # the item's own first; always two or more


@dataclass(frozen=True)
class ItemView:
    """One selected statement as printed: verbatim text, its citations and its corroboration."""

    anchor: str  # element id, e.g. "kp-1" or "s2-3"
    label: str  # paragraph number shown to the reader: "K1", "2.3"
    text: str
    theme: str
    theme_title: str
    citations: tuple[Citation, ...]
    reports: int  # articles that carry the statement
    independent: int  # independent reports among them (republished copies count once)
    badge: str  # "3 outlets · 2 independent", "3 reports"; "" when a single article carries it
    badge_title: str  # the badge in words, for hover text and screen readers
    kind: str  # "news" or "analysis" (hedged commentary)
    kind_label: str  # "Analysis · Northern Dispatch" for analysis, "" for news
    novelty: str  # "new", "developing" (an earlier brief carried it), "" without history
    novelty_label: str  # "New", "Developing · first briefed 28 Nov 2026", "" without history
    dated: str  # its sources' dates: "23 Nov 2026", "22 Nov 2026 – 23 Nov 2026"; "" if undated
    discrepancies: tuple[DiscrepancyView, ...]  # other sources' conflicting versions
    glossary: tuple[GlossaryEntry, ...]  # the acronyms the statement uses
    # key points: "confirmed: 3 independent reports", "single source, attributed", …; else ""
    confidence: str
    item: Item
    # its relative and vague dates resolved: "Saturday = 17 Jan 2026" (the text is unchanged)
    dates: tuple[DateNote, ...] = ()


@dataclass(frozen=True)
class DateNote:
    """A relative or vague date of a statement, and the date it resolves to."""

    expression: str  # as written in the statement: "on Saturday", "the first half of 2026"
    value: str  # normalised: "2026-01-17", "2026-H1"
    label: str  # "17 Jan 2026", "first half of 2026"


@dataclass(frozen=True)
class EventView:
    """One dated event of the Timeline block."""

    when: str  # normalised date: "2026-01-17", "2026-01-15/2026-01-17", "2026-H1"
    label: str  # "17 Jan 2026", "15–17 Jan 2026", "first half of 2026"
    text: str  # verbatim sentence from its first source
    citations: tuple[Citation, ...]
    upcoming: bool  # after the brief's date
    upcoming_label: str  # "Next" for an upcoming event, else ""


@dataclass(frozen=True)
class EntityView:
    """One entry of the People or Organizations block."""

    name: str  # as the first source spells it: "S Jaishankar", "Joint Working Group on …"
    role: str  # the role the articles give a person ("External Affairs Minister"); else ""
    aliases: tuple[str, ...]  # the other spellings and acronyms the sources use
    mentions: tuple[ItemRef, ...]  # the items that name it, in brief order
    citations: tuple[Citation, ...]  # the sources that name it


@dataclass(frozen=True)
class QuoteVersionView:
    """Another outlet's wording of a quote."""

    text: str  # verbatim
    change: str  # "trimmed", "longer" or "altered"
    change_label: str  # "trimmed in", "longer in", "words changed in": before its citations
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class QuoteView:
    """One entry of the quotes ledger."""

    text: str  # verbatim, without its quotation marks
    speaker: str  # "Randhir Jaiswal", or a description as written ("a senior official")
    role: str  # "MEA Spokesperson"; "" when unknown
    citations: tuple[Citation, ...]  # the outlets carrying these exact words
    versions: tuple[QuoteVersionView, ...]  # other wordings; a non-empty tuple flags the quote
    flag: str  # "Outlets differ on the wording", "" when all carry the same words


@dataclass(frozen=True)
class SectionView:
    """A theme section, in config order; ``items`` is empty when nothing covered the theme."""

    anchor: str  # element id, e.g. "sec-critical_minerals"
    number: int  # from 1, in document order
    theme: str
    title: str
    description: str
    items: tuple[ItemView, ...]
    # the key points on this theme: what an empty section points to instead of "no coverage"
    key_points: tuple[ItemView, ...] = ()


@dataclass(frozen=True)
class ItemRef:
    """A back-link from a source to an item that cites it."""

    anchor: str
    label: str


@dataclass(frozen=True)
class SourceView:
    """One numbered entry of the Sources list."""

    number: int
    anchor: str  # element id, "src-<number>"
    id: str  # Article.id
    outlet: str  # outlet name; "" when it is not known (no metadata or credit names it)
    name: str  # the outlet, else "Outlet unknown": never a file name or URL host
    origin: str  # where the outlet came from: "metadata", "credit" or "unknown"
    title: str
    author: str
    published: str  # ISO date, "" when unknown
    published_display: str  # "23 Nov 2026", "" when unknown
    # the date as the Sources list prints it, saying when it is a stand-in: "23 Nov 2026",
    # "23 Nov 2026 (date from feed)", "fetched 30 Nov 2026"; "" when unknown
    date_label: str
    date_origin: str  # where the date came from: "article", "feed", "fetched"; "" for none
    url: str  # http(s) URL, "" when there is none (other schemes are never linked)
    location: str  # the URL, else the file name
    copy_of: int | None  # the source this one republishes or rewrites, when it is listed
    republished: bool  # a republished copy of another article (a wire story)
    wire: str  # "copy", "rewrite", "carrier" (others copy or rewrite it) or ""
    agency: str  # the credited news agency, "ANI"; "" when none
    wire_note: str  # "republished copy of", "rewrite of the ANI story in" (then [copy_of]) …
    cited_by: tuple[ItemRef, ...]
    differs_in: tuple[ItemRef, ...]  # items where this source gives another version
    article: Article


@dataclass(frozen=True)
class CoverageCell:
    count: int  # items of the theme that cite the outlet
    level: int  # 0 (none) to 4 (the most in the table): shading


@dataclass(frozen=True)
class CoverageColumn:
    theme: str
    title: str
    total: int  # items of the theme in the brief


@dataclass(frozen=True)
class CoverageRow:
    name: str  # outlet, as SourceView.name; "Outlet unknown" groups every unnamed source
    known: bool  # False for "Outlet unknown" and "N other outlets", which are not one outlet
    sources: tuple[int, ...]  # the outlet's source numbers
    cells: tuple[CoverageCell, ...]  # one per column
    total: int


@dataclass(frozen=True)
class Coverage:
    """Who covered what: outlets (rows) by themes (columns), counting cited items.

    Sources of unknown outlet share one last row: they are not counted as outlets."""

    columns: tuple[CoverageColumn, ...]
    rows: tuple[CoverageRow, ...]
    max_count: int
    folded: int = 0  # outlets not named, counted together in the "N other outlets" row


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    number: str  # "1", "2", … for sections; "" for key points, discrepancies, coverage, sources


@dataclass(frozen=True)
class BriefContext:
    """Everything a template may use, passed as ``b``."""

    output: Output  # the format being rendered
    title: str
    date: date
    date_iso: str  # "2026-11-23"
    date_display: str  # "Monday 23 November 2026"
    audience: str
    handling: str  # handling / classification marking; "" for none
    build_id: str
    generated: str  # ISO timestamp from SOURCE_DATE_EPOCH, "" when unset
    edition: str  # "2026-11-23 · build 6d6e94171440"
    # "Articles from 29 Nov 07:00 to 30 Nov 07:00 UTC" when a window (config window, --since)
    # chose the articles; "" when every article read was used
    window_display: str
    window_start: str  # ISO datetime with offset, "" without a window
    window_end: str  # ISO datetime (exclusive), "" without a window
    key_points_title: str
    key_points: tuple[ItemView, ...]
    discrepancies: tuple[ItemView, ...]  # the items with a discrepancy, in document order
    # "New since": the previous brief's date ("28 Nov 2026") when this brief lists what no
    # earlier brief carried (history.new_since, and some item is developing); else ""
    new_since: str
    new_items: tuple[ItemView, ...]  # the items marked new, in document order
    sections: tuple[SectionView, ...]
    sources: tuple[SourceView, ...]
    coverage: Coverage
    toc: tuple[TocEntry, ...]  # empty unless the brief has more than pdf.toc_min_sections
    item_count: int  # key points plus section items
    outlet_count: int  # distinct known outlets; sources of unknown outlet are not counted
    unknown_outlets: int  # sources whose outlet is unknown
    based_on: str  # "7 articles from 6 outlets; outlet unknown for 1"
    # how key points' confidence labels are given, for the footer; "" when none carries one
    confidence_rule: str
    page_size: str  # "A4" or "Letter"
    author: str  # PDF author
    subject: str  # PDF subject
    keywords: tuple[str, ...]  # PDF keywords: the section titles
    created: str  # PDF creation date, ISO 8601: SOURCE_DATE_EPOCH, else the brief date
    generator: str  # "briefgen 0.1.0"
    brief: Brief  # the model object itself, for anything not covered above
    timeline: tuple[EventView, ...] = ()  # dated events, in date order; empty: no block
    people: tuple[EntityView, ...] = ()  # who's who, the most named first; empty: no block
    organizations: tuple[EntityView, ...] = ()
    quotes: tuple[QuoteView, ...] = ()  # the quotes ledger; empty: no block


CONTEXT_CLASSES = (
    BriefContext,
    ItemView,
    Citation,
    DiscrepancyView,
    VersionView,
    GlossaryEntry,
    SectionView,
    SourceView,
    ItemRef,
    Coverage,
    CoverageColumn,
    CoverageRow,
    CoverageCell,
    TocEntry,
    DateNote,
    EventView,
    EntityView,
    QuoteView,
    QuoteVersionView,
)
