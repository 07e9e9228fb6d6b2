"""Frozen data objects passed between pipeline stages.

sources -> Document; text -> Article (cleaned text + Sentence units); select -> Item/Section;
build -> Brief. Provenance (article id, character span in the cleaned text) rides on every object
so each sentence in a brief can cite all of its sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

UnitKind = Literal["sentence", "heading", "bullet"]
ItemKind = Literal["news", "analysis"]  # reported fact, or hedged commentary (labelled as such)
SourceOrigin = Literal["metadata", "credit", "unknown"]  # where an article's outlet name came from
# where an article's date came from: its own metadata or text, the feed that listed it, the time
# it was fetched (a stand-in the brief says it is), or nowhere
DateOrigin = Literal["article", "feed", "fetched", ""]
Novelty = Literal["new", "developing", ""]  # against earlier briefs; "" when there is no history


@dataclass(frozen=True)
class Document:
    """One input as read from disk or the network, before cleaning (stage: sources)."""

    path: str  # file path (relative to the input root when possible) or URL
    text: str  # raw body text, title line already removed when it was recognised as one
    title: str = ""
    source: str = ""  # outlet name
    url: str = ""
    published: date | None = None
    author: str = ""
    published_at: datetime | None = None  # timezone-aware, when the time is known too
    date_origin: DateOrigin = ""
    summary: str = ""  # a feed item's own summary: the text when the page yields none


@dataclass(frozen=True)
class Sentence:
    """A unit of an article's cleaned text: a sentence, a heading or a bullet item."""

    article: str  # Article.id
    index: int  # position of the unit within its article, from 0
    start: int  # character offsets into Article.text; text == Article.text[start:end]
    end: int
    text: str
    kind: UnitKind = "sentence"
    paragraph: int = 0  # index of the block (paragraph/heading/bullet) holding the unit


@dataclass(frozen=True)
class UnitPlan:
    """Which of an article's sentences selection may use, trimmed how (``select.filters.plan``).

    A pure function of the article's text and ``rules``, so the per-article stage computes it
    in its workers and selection only reads it back; a plan made under other rules is ignored.
    """

    rules: tuple[int, int, str]  # (min_words, max_words, language or "" for every language)
    in_language: bool  # False: the article is in another language and gives no units at all
    # per unit: (index into Article.sentences, start, end into Article.text, position, eligible)
    spans: tuple[tuple[int, int, int, int, bool], ...] = ()


@dataclass(frozen=True)
class Article:
    """A cleaned article (stage: text). ``text`` is what every span indexes."""

    id: str  # short stable id, e.g. "a03"
    path: str
    title: str
    source: str
    url: str
    published: date | None
    author: str
    text: str
    sentences: tuple[Sentence, ...] = ()
    # id of the article this one republishes (same wire story); "" when it is original.
    copy_of: str = ""
    # news agencies the article credits ("ani", "reuters"), from the credit lines cleaning removed
    credits: tuple[str, ...] = ()
    # where ``source`` came from: the input's metadata, a credit in the text (the publisher a
    # syndication disclaimer names), or nowhere ("", counted as no outlet at all)
    source_origin: SourceOrigin = "unknown"
    # True when the article retells an agency's story in its own words ("Based on ANI report"),
    # False when it carries the agency's text (a "(ANI)" tag, "published from a syndicated feed")
    retold: bool = False
    published_at: datetime | None = None  # timezone-aware, when the time is known too
    date_origin: DateOrigin = ""
    content_hash: str = ""  # sha256 of ``text``, so `briefgen verify` can tell it has changed
    units: UnitPlan | None = None  # selection's units, when the per-article stage planned them


@dataclass(frozen=True)
class Span:
    article: str
    start: int
    end: int


@dataclass(frozen=True)
class Version:
    """One version of a disputed detail: what these sources say, in their own verbatim sentence."""

    values: tuple[str, ...]  # the details as this version states them, e.g. ("$2.9 trillion",)
    text: str  # the verbatim sentence of the first source below
    sources: tuple[str, ...]  # article ids that state this version
    spans: tuple[Span, ...]  # one per source, in the order of ``sources``


@dataclass(frozen=True)
class Discrepancy:
    """Sources that state the same thing with different numbers, dates or names."""

    kind: str  # "number", "date" or "name"
    versions: tuple[Version, ...]  # versions[0] is the item's own (its sources agree with it)


@dataclass(frozen=True)
class Item:
    """One selected statement: verbatim text from an article, citing every article carrying it."""

    text: str
    theme: str
    sources: tuple[str, ...]  # article ids, all that carry the statement
    spans: tuple[Span, ...]  # one per supporting sentence; spans[0] is the representative
    score: float = 0.0
    components: tuple[tuple[str, float], ...] = ()  # score breakdown, name -> value
    independent: int = 1  # number of independent reports (republished copies count once)
    kind: ItemKind = "news"  # "analysis": hedged commentary, labelled with its outlet
    discrepancies: tuple[Discrepancy, ...] = ()  # other sources' conflicting versions
    # term -> expansion for the acronyms the text uses, as the article defines them
    glossary: tuple[tuple[str, str], ...] = ()
    matched: tuple[str, ...] = ()  # the theme's keywords and phrases the sentence contains
    article_relevance: float = 0.0  # the source article's relevance to the item's theme
    novelty: Novelty = ""  # "developing": an earlier brief carried the same claim
    seen: str = ""  # ISO date of the earliest earlier brief that carried it ("" when new)
    # "confirmed: 4 independent outlets", "single source", … (key points; rule in the footer)
    confidence: str = ""
    # time expressions in the text and what they resolve to against the article's date:
    # (("on Saturday", "2026-11-21"), ("the first half of 2026", "2026-H1"))
    dates: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Event:
    """A dated event of the timeline: a verbatim clause or sentence, with its sources."""

    when: str  # normalised: "2026-01-17", "2026-01-15/2026-01-17", "2026-H1", "2026-early"
    label: str  # as a reader reads it: "17 Jan 2026", "first half of 2026"
    text: str  # verbatim: Article.text[spans[0].start:spans[0].end]
    sources: tuple[str, ...]
    spans: tuple[Span, ...]
    upcoming: bool = False  # after the brief's date: flagged "Next"


EntityKind = Literal["person", "organization"]


@dataclass(frozen=True)
class Entity:
    """A person or organization the cited articles name, merged across spellings."""

    kind: EntityKind
    name: str  # a spelling as written: Article.text[spans[0].start:spans[0].end]
    role: str = ""  # the role the articles give a person: "External Affairs Minister"
    aliases: tuple[str, ...] = ()  # the other spellings and acronyms: "Dr. S. Jaishankar", "JWG"
    sources: tuple[str, ...] = ()  # article ids that name it, in brief order
    spans: tuple[Span, ...] = ()  # one mention per source, in the order of ``sources``
    # positions (from 0) of the items that name it, among the key points then the sections'
    # items in brief order: what "mentioned in K1, 2.3" points to
    items: tuple[int, ...] = ()


QuoteChange = Literal["trimmed", "longer", "altered"]


@dataclass(frozen=True)
class QuoteVersion:
    """Another outlet's wording of a quote: fewer words (trimmed), more, or different ones."""

    text: str  # verbatim: Article.text[spans[0].start:spans[0].end]
    change: QuoteChange
    sources: tuple[str, ...]
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Quote:
    """A direct quote with its speaker and every outlet that carries it."""

    text: str  # verbatim, inside the quotation marks: Article.text[spans[0].start:spans[0].end]
    speaker: str  # a person's name, an organization, or a description as written ("an official")
    role: str  # the speaker's role, "" when none is known
    sources: tuple[str, ...]  # article ids carrying these exact words
    spans: tuple[Span, ...]  # one per source, in the order of ``sources``
    versions: tuple[QuoteVersion, ...] = ()  # the same quote worded otherwise elsewhere


@dataclass(frozen=True)
class Section:
    theme: str
    title: str
    items: tuple[Item, ...]
    description: str = ""


@dataclass(frozen=True)
class Brief:
    title: str
    date: date
    sections: tuple[Section, ...]
    articles: tuple[Article, ...]
    key_points: tuple[Item, ...] = ()
    audience: str = ""
    handling: str = ""  # classification / handling banner, "" for none
    build_id: str = ""  # content hash of inputs + config: same input, same id
    generated: str = ""  # ISO timestamp (honours SOURCE_DATE_EPOCH)
    window: tuple[str, str] = ("", "")  # ISO datetimes the articles were selected between
    timeline: tuple[Event, ...] = ()  # past and upcoming events, in date order
    people: tuple[Entity, ...] = ()  # who's who, the most mentioned first
    organizations: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()  # the quotes ledger, the most widely carried first
    meta: tuple[tuple[str, str], ...] = field(default=())
