"""Builders for selection tests: Articles from strings, the way the pipeline makes them.

The pipeline marks republished copies once, in ``load_articles``; selection trusts those marks.
``marked`` does the same for a test's articles; ``news_day`` returns them marked, as
``select_brief`` and ``summarize`` receive them, and ``raw_news_day`` unmarked, as the sources
read them.
"""

from __future__ import annotations

from datetime import date

from briefgen.config import BriefConfig, KeyPointsConfig, SectionConfig, ThemeConfig
from briefgen.model import Article, Document
from briefgen.select import mark_copies
from briefgen.text import prepare_article


def article(
    aid: str, *paragraphs: str, published: date | None = None, source: str = "", title: str = ""
) -> Article:
    """An Article whose paragraphs are ``paragraphs`` (one string each)."""
    doc = Document(
        path=f"{aid}.txt",
        text="\n\n".join(paragraphs),
        title=title,
        source=source or f"Outlet {aid}",
        published=published,
    )
    return prepare_article(doc, aid)


def marked(articles: list[Article]) -> list[Article]:
    """``articles`` with their republished copies marked, as ``pipeline.load_articles`` does."""
    return list(mark_copies(articles))


def words(items) -> int:
    return sum(len(it.text.split()) for it in items)


def brief_config(
    *themes: ThemeConfig, key_points: int = 0, max_items: int = 5, max_words: int | None = None
) -> BriefConfig:
    """A config whose only themes and sections are ``themes``, in order."""
    return BriefConfig(
        themes=list(themes),
        sections=[
            SectionConfig(theme=t.name, max_items=max_items, max_words=max_words) for t in themes
        ],
        key_points=KeyPointsConfig(count=key_points),
    )


def theme(
    name: str, description: str, keywords: dict[str, float], exclude: tuple[str, ...] = ()
) -> ThemeConfig:
    return ThemeConfig(
        name=name,
        title=name.title(),
        description=description,
        keywords=keywords,
        exclude=list(exclude),
    )


# A small news day: a port strike told by three outlets (one a wire copy), and a storm story.
STRIKE_LEAD = (
    "Dockworkers at the port of Lindqvist walked off the job on Monday over plans to "
    "install automated cranes, halting most cargo traffic."
)
STRIKE_WHY = (
    "The union says the port authority broke a 2024 promise that automation would not "
    "cost any jobs before 2030."
)
STRIKE_SHIPS = (
    "By Monday evening, nineteen container ships were waiting at anchor outside the "
    "harbour, according to the port's tracking page."
)
STRIKE_MINISTER = (
    "The transport minister offered on Tuesday to send a state mediator to the "
    "talks between the union and the port authority."
)
STORM_LEAD = (
    "A powerful storm brought heavy rain and winds of 120 kilometres an hour to the "
    "northern coast on Sunday, cutting power to forty thousand homes."
)
STORM_ROADS = (
    "Several mountain roads were closed by landslides, and the regional railway "
    "suspended all services until Tuesday morning."
)


def news_day() -> list[Article]:
    """The day as selection receives it: a02 marked as a copy of a01."""
    return marked(raw_news_day())


def raw_news_day() -> list[Article]:
    """The day as the sources read it: no copies marked yet."""
    wire = article(
        "a01",
        f"LINDQVIST, March 2 (Harbour Wire) - {STRIKE_LEAD}",
        STRIKE_WHY,
        STRIKE_SHIPS,
        published=date(2026, 3, 2),
        source="Harbour Wire",
    )
    copy = article(
        "a02",
        f"LINDQVIST, March 2 (Harbour Wire) - {STRIKE_LEAD}",
        STRIKE_WHY,
        STRIKE_SHIPS,
        published=date(2026, 3, 2),
        source="Coastal Gazette",
    )
    local = article(
        "a03",
        "Port workers in Lindqvist walked off the job on Monday in protest against "
        "automated cranes, and most cargo traffic came to a halt.",
        STRIKE_MINISTER,
        published=date(2026, 3, 3),
        source="Lindqvist Herald",
    )
    storm = article(
        "a04", STORM_LEAD, STORM_ROADS, published=date(2026, 3, 1), source="Weather Desk"
    )
    return [wire, copy, local, storm]


# Themes for news_day: its port strike, and its storm
PORTS = theme(
    "ports",
    "Ports, shipping and dock labour disputes.",
    {"port": 2, "dockworkers": 3, "strike": 3, "cranes": 1.5, "cargo": 1.5, "union": 1.5},
)
WEATHER = theme(
    "weather",
    "Storms, floods and extreme weather.",
    {"storm": 3, "rain": 2, "landslides": 2, "winds": 1.5, "power": 1},
)
