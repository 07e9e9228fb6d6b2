"""The machine-readable brief: every item with its sources and character spans."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Article, Brief, Item


def _provenance(item: Item) -> dict[str, Any]:
    """Where an item's text stands in its sources, and why it was chosen."""
    return {
        "spans": [{"article": s.article, "start": s.start, "end": s.end} for s in item.spans],
        "score": round(item.score, 6),
        "components": {k: round(v, 6) for k, v in item.components},
    }


def _item(item: Item, numbers: dict[str, int]) -> dict[str, Any]:
    return {
        "text": item.text,
        "theme": item.theme,
        "sources": list(item.sources),
        "citations": [numbers[a] for a in item.sources],
        "corroboration": len(item.sources),
        "independent": item.independent,
        **_provenance(item),
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
        "url": a.url,
        "path": a.path,
        "published": a.published.isoformat() if a.published else None,
        "author": a.author,
        "copy_of": a.copy_of or None,
        "credits": list(a.credits),
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
        "key_points": [_item(i, numbers) for i in brief.key_points],
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
