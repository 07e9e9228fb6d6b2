"""Stage ``select``: theme scoring, redundancy control, corroboration, the summarizers.

INTERIM: a simple keyword + overlap selector so the pipeline runs end to end; the real selection
(issue 3) replaces the internals behind these three functions.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import BriefConfig, ThemeConfig
from ..model import Article, Item, Section, Span
from ..text import content_terms


def find_copies(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> id of the earlier article it republishes (same wire story)."""
    return {}


def _sim(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _theme_score(text: str, theme: ThemeConfig) -> float:
    low = f" {text.lower()} "
    return sum(w for k, w in theme.keywords.items() if f" {k.lower()} " in low)


def select_brief(articles: Sequence[Article], config: BriefConfig) -> tuple[tuple[Item, ...], tuple[Section, ...]]:
    """Key points and one Section per configured section; no sentence appears twice."""
    units = [s for a in articles for s in a.sentences if s.kind == "sentence"]
    terms = {(s.article, s.index): set(content_terms(s.text)) for s in units}
    used: list[set[str]] = []
    sections = []
    themes = config.all_themes
    for sec in config.effective_sections:
        theme = themes[sec.theme]
        scored = sorted(((_theme_score(s.text, theme), -s.index, s) for s in units), key=lambda t: (-t[0], -t[1], t[2].article))
        items = []
        for score, _, s in scored:
            if score <= 0 or len(items) >= sec.max_items:
                break
            t = terms[(s.article, s.index)]
            if any(_sim(t, u) >= config.selection.near_duplicate for u in used):
                continue
            group = [o for o in units if _sim(t, terms[(o.article, o.index)]) >= config.selection.near_duplicate]
            sources = tuple(sorted({o.article for o in group}))
            spans = (Span(s.article, s.start, s.end),) + tuple(Span(o.article, o.start, o.end) for o in group if o is not s)
            items.append(Item(s.text, sec.theme, sources, spans, score, (("relevance", score),), len(sources)))
            used.append(t)
        sections.append(Section(sec.theme, sec.title or theme.display_title, tuple(items), theme.description))
    return (), tuple(sections)


def summarize(articles: Sequence[Article], words: int, query: str | None = None, algorithm: str = "coverage") -> list[Item]:
    raise NotImplementedError
