"""Selected units become Items: verbatim text, every supporting span, the sources they cite."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Item, Span
from .features import Pool


def make_item(
    pool: Pool,
    group: Sequence[int],
    theme: str,
    score: float,
    components: Sequence[tuple[str, float]],
) -> Item:
    """The Item for ``group[0]``, citing every article of ``group`` (see ``align.support``)."""
    unit = group[0]
    spans = tuple(
        Span(pool.articles[pool.article[u]].id, pool.units[u].start, pool.units[u].end)
        for u in group
    )
    arts = sorted({int(pool.article[u]) for u in group})
    independent = len({int(pool.story[u]) for u in group})
    comps = tuple(c for c in components if c[0] != "corroboration")
    return Item(
        text=pool.units[unit].text,
        theme=theme,
        sources=tuple(pool.articles[a].id for a in arts),
        spans=spans,
        score=float(score),
        components=comps + (("corroboration", float(independent)),),
        independent=independent,
    )
