"""Document -> Article: clean, then split blocks into sentence units with exact spans."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..model import Article, Document, Sentence, SourceOrigin, UnitKind
from .clean import Cleaned, clean_text
from .credits import Credits, read_credits
from .sentences import split_sentences


def segment(article_id: str, cleaned: Cleaned) -> tuple[Sentence, ...]:
    """Headings and bullets are one unit each; paragraphs are split into sentences.

    Every unit satisfies ``cleaned.text[unit.start:unit.end] == unit.text``.
    """
    units: list[Sentence] = []
    for bi, block in enumerate(cleaned.blocks):
        kind: UnitKind
        if block.kind == "paragraph":
            body = cleaned.text[block.start : block.end]
            spans = [(block.start + s, block.start + e) for s, e in split_sentences(body)]
            kind = "sentence"
        else:
            spans = [(block.start, block.end)]
            kind = block.kind
        for s, e in spans:
            units.append(Sentence(article_id, len(units), s, e, cleaned.text[s:e], kind, bi))
    return tuple(units)


def drop_title_line(text: str, title: str) -> str:
    """``text`` without its first line when that line repeats the title (web pages often do)."""
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not title or " ".join(lines[first].split()) != " ".join(title.split()):
        return text
    return "".join(lines[:first] + lines[first + 1 :])


def outlet(doc: Document, credits: Credits) -> tuple[str, SourceOrigin]:
    """The outlet and where its name came from: the input's metadata, else the publisher a
    syndication disclaimer names, else none (a file name is never an outlet)."""
    if doc.source.strip():
        return doc.source.strip(), "metadata"
    if credits.publisher:
        return credits.publisher, "credit"
    return "", "unknown"


def prepare_article(
    doc: Document, article_id: str, patterns: Sequence[str] = (), defaults: bool = True
) -> Article:
    """Clean ``doc`` (user ``patterns`` plus, if ``defaults``, the shipped ones) and segment it."""
    cleaned = clean_text(drop_title_line(doc.text, doc.title), patterns, defaults)
    credits = read_credits(cleaned.removed)
    source, origin = outlet(doc, credits)
    return Article(
        id=article_id,
        path=doc.path,
        title=doc.title,
        source=source,
        url=doc.url,
        published=doc.published,
        author=doc.author,
        text=cleaned.text,
        sentences=segment(article_id, cleaned),
        credits=credits.agencies,
        source_origin=origin,
        retold=credits.retold,
        published_at=doc.published_at,
        date_origin=doc.date_origin,
        content_hash=hashlib.sha256(cleaned.text.encode()).hexdigest(),
    )
