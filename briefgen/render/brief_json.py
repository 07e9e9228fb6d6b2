"""The machine-readable brief: every item with its sources and character spans."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date as Date
from datetime import datetime
from typing import Any, TypeVar

from ..model import (
    Article,
    Brief,
    DateOrigin,
    Discrepancy,
    Entity,
    EntityKind,
    Event,
    Item,
    ItemKind,
    Novelty,
    Quote,
    QuoteChange,
    QuoteVersion,
    Section,
    SourceOrigin,
    Span,
    Version,
)

ITEM_KINDS: tuple[ItemKind, ...] = ("news", "analysis")
SOURCE_ORIGINS: tuple[SourceOrigin, ...] = ("metadata", "credit", "unknown")
DATE_ORIGINS: tuple[DateOrigin, ...] = ("article", "feed", "fetched", "")
NOVELTIES: tuple[Novelty, ...] = ("new", "developing", "")
QUOTE_CHANGES: tuple[QuoteChange, ...] = ("trimmed", "longer", "altered")
# Brief.meta key (and the JSON's top-level key) of the date of the brief before this one in its
# history: what "New since <date>" counts from. Absent without history.
PREVIOUS_BRIEF = "previous_brief"


def _spans(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"article": s.article, "start": s.start, "end": s.end} for s in spans]


def _provenance(item: Item) -> dict[str, Any]:
    """Where an item's text stands in its sources, and why it was chosen."""
    return {
        "spans": _spans(item.spans),
        "score": round(item.score, 6),
        "components": {k: round(v, 6) for k, v in item.components},
    }


def _item(item: Item, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "text": item.text,
        "theme": item.theme,
        "kind": item.kind,
        # against the earlier briefs: "new", "developing" (first briefed on ``seen``), or ""
        # when there was no history to compare with
        "novelty": item.novelty,
        "seen": item.seen or None,
        # "confirmed: 3 independent reports", "single source", …: key points only, else ""
        "confidence": item.confidence,
        "sources": list(item.sources),
        "citations": [numbers[a] for a in item.sources],
        "corroboration": len(item.sources),
        "independent": item.independent,
        **_provenance(item),
        # why the item was chosen, beside the score components: the theme's terms it contains
        # and how relevant its whole article is to the theme
        "relevance": {
            "matched": list(item.matched),
            "article_relevance": round(item.article_relevance, 6),
        },
        "discrepancies": [
            {"kind": d.kind, "versions": [_version(v, numbers) for v in d.versions]}
            for d in item.discrepancies
        ],
        "glossary": [{"term": t, "expansion": e} for t, e in item.glossary],
        # relative and vague dates of the text, resolved: {"expression": "on Saturday",
        # "value": "2026-01-17"}
        "dates": [{"expression": e, "value": v} for e, v in item.dates],
    }


def _event(e: Event, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "when": e.when,
        "label": e.label,
        "text": e.text,
        "upcoming": e.upcoming,
        "sources": list(e.sources),
        "citations": [numbers[a] for a in e.sources if a in numbers],
        "spans": _spans(e.spans),
    }


def _entity(e: Entity, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "name": e.name,
        "role": e.role,
        "aliases": list(e.aliases),
        # positions (from 0) among the key points, then the sections' items, in this order
        "items": list(e.items),
        "sources": list(e.sources),
        "citations": [numbers[a] for a in e.sources if a in numbers],
        "spans": _spans(e.spans),
    }


def _quote(q: Quote, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "text": q.text,
        "speaker": q.speaker,
        "role": q.role,
        "sources": list(q.sources),
        "citations": [numbers[a] for a in q.sources if a in numbers],
        "spans": _spans(q.spans),
        # other outlets' wordings: "trimmed" (fewer words), "longer", "altered"
        "versions": [
            {
                "text": v.text,
                "change": v.change,
                "sources": list(v.sources),
                "citations": [numbers[a] for a in v.sources if a in numbers],
                "spans": _spans(v.spans),
            }
            for v in q.versions
        ],
    }


def _version(v: Version, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "values": list(v.values),
        "text": v.text,
        "sources": list(v.sources),
        # a version's sources are listed like any item's; one that is not gets no number
        "citations": [numbers[a] for a in v.sources if a in numbers],
        "spans": _spans(v.spans),
    }


def items_to_json(items: Sequence[Item]) -> str:
    """`briefgen summarize --format json`: the selected items in reading order."""
    records = [{"text": it.text, "sources": list(it.sources), **_provenance(it)} for it in items]
    return json.dumps(records, ensure_ascii=False, indent=2)


def _article(a: Article, n: int) -> dict[str, Any]:
    return {
        "id": a.id,
        "number": n,
        "title": a.title,
        "source": a.source,
        "source_origin": a.source_origin,
        "url": a.url,
        "path": a.path,
        "published": a.published.isoformat() if a.published else None,
        "published_at": a.published_at.isoformat() if a.published_at else None,
        # "article" (its own metadata), "feed" or "fetched" (stand-ins), null: no date
        "date_origin": a.date_origin or None,
        "author": a.author,
        "copy_of": a.copy_of or None,
        "retold": a.retold,
        "credits": list(a.credits),
        # sha256 of the cleaned text the spans index: `briefgen verify` re-reads and compares
        "content_hash": a.content_hash,
    }


def citation_numbers(brief: Brief) -> dict[str, int]:
    """Article id -> the [n] a reader sees; articles are numbered in brief order."""
    return {a.id: i for i, a in enumerate(brief.articles, 1)}


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    numbers = citation_numbers(brief)
    return {
        "title": brief.title,
        "date": brief.date.isoformat(),
        "audience": brief.audience,
        "handling": brief.handling,
        "build_id": brief.build_id,
        "generated": brief.generated,
        # the publication window the articles were selected by (ISO, end exclusive), or null
        "window": {"start": brief.window[0], "end": brief.window[1]} if any(brief.window) else None,
        PREVIOUS_BRIEF: dict(brief.meta).get(PREVIOUS_BRIEF),
        "key_points": [_item(i, numbers) for i in brief.key_points],
        # dated events in date order; "upcoming": after the brief's date
        "timeline": [_event(e, numbers) for e in brief.timeline],
        # who's who and the quotes ledger; spans[0] covers exactly the name or the quote
        "people": [_entity(e, numbers) for e in brief.people],
        "organizations": [_entity(e, numbers) for e in brief.organizations],
        "quotes": [_quote(q, numbers) for q in brief.quotes],
        "sections": [
            {
                "theme": s.theme,
                "title": s.title,
                "description": s.description,
                "items": [_item(i, numbers) for i in s.items],
            }
            for s in brief.sections
        ],
        "articles": [_article(a, numbers[a.id]) for a in brief.articles],
    }


def brief_to_json(brief: Brief) -> str:
    """Deterministic JSON text (sorted keys are not used: field order is the schema's order)."""
    return json.dumps(brief_to_dict(brief), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- reading back


class BriefJsonError(ValueError):
    """A JSON text that is not a brief written by brief_to_json; the message names the key."""


def brief_from_json(text: str) -> Brief:
    """The inverse of brief_to_json, for later stages (delivery) that read a built brief."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise BriefJsonError(f"not JSON: {e}") from None
    return brief_from_dict(data)


def brief_from_dict(data: Any) -> Brief:
    """The inverse of brief_to_dict.

    What the JSON does not keep comes back empty: article ``text`` and ``sentences`` (spans still
    index the original text) and ``meta``, but for ``PREVIOUS_BRIEF``. Derived fields
    (``citations``, ``corroboration``, ``number``) are recomputed from the order of the articles,
    not read. Keys the model requires must be present with the right type; keys with a model
    default may be absent. A brief written before ``source_origin`` existed took ``source`` from
    metadata only, so that is its default.
    """
    d = _Reader(data, "")
    previous = d.optional_text(PREVIOUS_BRIEF)
    return Brief(
        title=d.text("title"),
        date=d.day("date"),
        audience=d.text("audience", ""),
        handling=d.text("handling", ""),
        build_id=d.text("build_id", ""),
        generated=d.text("generated", ""),
        key_points=tuple(_read_item(r) for r in d.objects("key_points", required=False)),
        sections=tuple(_read_section(r) for r in d.objects("sections")),
        articles=tuple(_read_article(r) for r in d.objects("articles")),
        window=_read_window(d),
        timeline=tuple(_read_event(r) for r in d.objects("timeline", required=False)),
        people=tuple(_read_entity(r, "person") for r in d.objects("people", required=False)),
        organizations=tuple(
            _read_entity(r, "organization") for r in d.objects("organizations", required=False)
        ),
        quotes=tuple(_read_quote(r) for r in d.objects("quotes", required=False)),
        meta=((PREVIOUS_BRIEF, previous),) if previous else (),
    )


def _read_spans(d: _Reader) -> tuple[Span, ...]:
    return tuple(
        Span(s.text("article"), s.integer("start"), s.integer("end")) for s in d.objects("spans")
    )


def _read_item(d: _Reader) -> Item:
    relevance = d.object("relevance")
    return Item(
        text=d.text("text"),
        theme=d.text("theme"),
        sources=tuple(d.texts("sources")),
        spans=_read_spans(d),
        score=d.number("score", 0.0),
        components=tuple(d.numbers("components").items()),
        independent=d.integer("independent", 1),
        kind=d.choice("kind", ITEM_KINDS, "news"),
        novelty=d.choice("novelty", NOVELTIES, ""),
        seen=d.optional_text("seen"),
        confidence=d.text("confidence", ""),
        discrepancies=tuple(
            Discrepancy(
                r.text("kind"),
                tuple(
                    Version(
                        tuple(v.texts("values")),
                        v.text("text"),
                        tuple(v.texts("sources")),
                        _read_spans(v),
                    )
                    for v in r.objects("versions")
                ),
            )
            for r in d.objects("discrepancies", required=False)
        ),
        glossary=tuple(
            (g.text("term"), g.text("expansion")) for g in d.objects("glossary", required=False)
        ),
        matched=tuple(relevance.texts("matched", required=False)),
        article_relevance=relevance.number("article_relevance", 0.0),
        dates=tuple(
            (r.text("expression"), r.text("value")) for r in d.objects("dates", required=False)
        ),
    )


def _read_event(d: _Reader) -> Event:
    return Event(
        when=d.text("when"),
        label=d.text("label"),
        text=d.text("text"),
        sources=tuple(d.texts("sources")),
        spans=_read_spans(d),
        upcoming=d.boolean("upcoming", False),
    )


def _read_entity(d: _Reader, kind: EntityKind) -> Entity:
    return Entity(
        kind=kind,
        name=d.text("name"),
        role=d.text("role", ""),
        aliases=tuple(d.texts("aliases", required=False)),
        sources=tuple(d.texts("sources")),
        spans=_read_spans(d),
        items=d.integers("items"),
    )


def _read_quote(d: _Reader) -> Quote:
    versions = []
    for v in d.objects("versions", required=False):
        versions.append(
            QuoteVersion(
                text=v.text("text"),
                change=v.choice("change", QUOTE_CHANGES, "altered"),
                sources=tuple(v.texts("sources")),
                spans=_read_spans(v),
            )
        )
    return Quote(
        text=d.text("text"),
        speaker=d.text("speaker"),
        role=d.text("role", ""),
        sources=tuple(d.texts("sources")),
        spans=_read_spans(d),
        versions=tuple(versions),
    )


def _read_section(d: _Reader) -> Section:
    return Section(
        theme=d.text("theme"),
        title=d.text("title"),
        items=tuple(_read_item(r) for r in d.objects("items")),
        description=d.text("description", ""),
    )


def _read_article(d: _Reader) -> Article:
    published = d.optional_day("published")
    source = d.text("source")
    return Article(
        id=d.text("id"),
        path=d.text("path"),
        title=d.text("title"),
        source=source,
        url=d.text("url"),
        published=published,
        author=d.text("author"),
        text="",  # not in the JSON: a brief carries its statements, not whole articles
        copy_of=d.optional_text("copy_of"),
        credits=tuple(d.texts("credits", required=False)),
        source_origin=d.choice(
            "source_origin", SOURCE_ORIGINS, "metadata" if source.strip() else "unknown"
        ),
        retold=d.boolean("retold", False),
        published_at=d.optional_time("published_at"),
        date_origin=d.choice("date_origin", DATE_ORIGINS, "", nullable=True),
        content_hash=d.text("content_hash", ""),
    )


def _read_window(d: _Reader) -> tuple[str, str]:
    """``window`` as Brief.window: ("", "") when it is null or absent."""
    if d.data.get("window") is None:
        return ("", "")
    w = d.object("window")
    start, end = w.optional_time("start"), w.optional_time("end")
    if start is None or end is None:
        raise BriefJsonError(f"{w.where}: expected a start and an end")
    return (start.isoformat(), end.isoformat())


_MISSING = object()
_T = TypeVar("_T", bound=str)


class _Reader:
    """One JSON object and where it sits (``sections[1].items[0]``), for error messages."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise BriefJsonError(f"{where or 'the brief'}: expected an object, got {_kind(data)}")
        self.data: dict[str, Any] = data
        self.where = where

    def _key(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, default: Any) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise BriefJsonError(f"{self._key(key)}: missing")
            return default
        return value

    def _bad(self, key: str, expected: str, value: Any) -> BriefJsonError:
        return BriefJsonError(f"{self._key(key)}: expected {expected}, got {_kind(value)}")

    def text(self, key: str, default: Any = _MISSING) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self._bad(key, "a string", value)
        return value

    def choice(self, key: str, choices: Sequence[_T], default: _T, nullable: bool = False) -> _T:
        """One of ``choices`` (a Literal's values), ``default`` when absent (or null)."""
        value = (self.optional_text(key) or default) if nullable else self.text(key, default)
        for c in choices:
            if value == c:
                return c
        known = ", ".join(repr(c) for c in choices)
        raise BriefJsonError(f"{self._key(key)}: expected one of {known}, got {value!r}")

    def boolean(self, key: str, default: Any = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self._bad(key, "true or false", value)
        return value

    def object(self, key: str) -> _Reader:
        """A nested object; an absent one reads as empty, so every key in it takes its default."""
        return _Reader(self._get(key, {}), self._key(key))

    def optional_text(self, key: str) -> str:
        """A string that the JSON writes as null when empty (``copy_of``)."""
        value = self._get(key, None)
        return "" if value is None else self.text(key)

    def integer(self, key: str, default: Any = _MISSING) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(key, "an integer", value)
        return value

    def number(self, key: str, default: Any = _MISSING) -> float:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._bad(key, "a number", value)
        return float(value)

    def day(self, key: str) -> Date:
        value = self.text(key)
        try:
            return Date.fromisoformat(value)
        except ValueError:
            raise BriefJsonError(f"{self._key(key)}: not a date: {value!r}") from None

    def optional_day(self, key: str) -> Date | None:
        return None if self._get(key, None) is None else self.day(key)

    def optional_time(self, key: str) -> datetime | None:
        """An ISO datetime with its offset (``published_at``); null or absent: None."""
        if self._get(key, None) is None:
            return None
        value = self.text(key)
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            raise BriefJsonError(f"{self._key(key)}: not a date and time: {value!r}") from None
        if when.utcoffset() is None:
            raise BriefJsonError(f"{self._key(key)}: no UTC offset: {value!r}")
        return when

    def _array(self, key: str, required: bool) -> list[Any]:
        value = self._get(key, _MISSING if required else [])
        if not isinstance(value, list):
            raise self._bad(key, "a list", value)
        return value

    def objects(self, key: str, *, required: bool = True) -> list[_Reader]:
        return [
            _Reader(v, f"{self._key(key)}[{i}]") for i, v in enumerate(self._array(key, required))
        ]

    def texts(self, key: str, *, required: bool = True) -> list[str]:
        values = self._array(key, required)
        for i, v in enumerate(values):
            if not isinstance(v, str):
                raise BriefJsonError(f"{self._key(key)}[{i}]: expected a string, got {_kind(v)}")
        return values

    def integers(self, key: str) -> tuple[int, ...]:
        """A list of integers; absent reads as empty."""
        value = self._get(key, [])
        if not isinstance(value, list):
            raise self._bad(key, "a list", value)
        for i, v in enumerate(value):
            if isinstance(v, bool) or not isinstance(v, int):
                raise BriefJsonError(f"{self._key(key)}[{i}]: expected an integer, got {_kind(v)}")
        return tuple(value)

    def numbers(self, key: str) -> dict[str, float]:
        value = self._get(key, {})
        if not isinstance(value, dict):
            raise self._bad(key, "an object", value)
        out = {}
        for k, v in value.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise BriefJsonError(f"{self._key(key)}.{k}: expected a number, got {_kind(v)}")
            out[k] = float(v)
        return out


def _kind(value: Any) -> str:
    """How an error names a JSON value: its JSON type, and the value when it is short."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    kind = next((k for t, k in kinds.items() if isinstance(value, t)), "a number")
    shown = repr(value) if isinstance(value, (str, int, float)) and len(repr(value)) <= 40 else ""
    return f"{kind} {shown}".strip()
