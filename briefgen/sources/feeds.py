"""RSS and Atom feeds (feedparser): is a body a feed, and what does each entry say.

No network here: remote.py fetches the feed and each entry's page. feedparser only ever gets
bytes already fetched (given a string it would fetch a URL or open a file itself); it drops
DOCTYPE entities that could expand or reach outside the document, and sanitizes entry HTML.
"""

from __future__ import annotations

import io
import re
from calendar import timegm
from dataclasses import dataclass
from datetime import datetime, time, timezone
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

from ..errors import InputError
from .dates import DEFAULT_RULES, DateRules, Published, parse_date

# Served as one of these, a body must be a feed; served as anything else it may still be one
# (many feeds are text/xml or even text/html), which sniffing the body decides.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
    }
)
_FEED_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml|<rss|<feed|<rdf:RDF)", re.I)
_DATE_KEYS = ("published", "updated", "created")


@dataclass(frozen=True)
class Entry:
    """What a feed says about one item; every field may be empty."""

    index: int  # position in the feed, from 0
    link: str  # absolute
    title: str
    author: str
    published: Published | None  # the day, and the time when the feed gives one
    summary: str  # plain text
    content: str  # plain text of the entry's full content, when the feed carries it


@dataclass(frozen=True)
class Feed:
    title: str
    entries: tuple[Entry, ...]  # newest first; undated ones after, in feed order


def parse_feed(
    body: bytes, url: str, content_type: str, charset: str = "", dates: DateRules = DEFAULT_RULES
) -> Feed | None:
    """The feed ``body`` holds; None when it is not a feed (then it is a page).

    InputError for a body served as a feed that no feed parser can read.
    """
    declared = content_type in FEED_TYPES
    if not declared and not _FEED_START.match(body[:512]):
        return None
    import feedparser  # type: ignore[import-untyped]

    # the real type when it is XML; otherwise (text/html, none) let the body decide
    ctype = content_type if content_type.endswith("xml") else "application/xml"
    parsed = feedparser.parse(
        io.BytesIO(body),  # bytes in a stream: never a URL or a file name
        response_headers={
            "content-location": url,  # relative links resolve against the feed's URL
            "content-type": f"{ctype}; charset={charset}" if charset else ctype,
        },
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.get("version"):
        if declared:
            problem = parsed.get("bozo_exception") or "no RSS or Atom feed found"
            raise InputError(f"{url}: skipped: not a readable feed: {problem}")
        return None
    entries = [_entry(i, e, url, dates) for i, e in enumerate(parsed.get("entries", []))]
    return Feed(title=_text(parsed.get("feed", {}), "title"), entries=tuple(newest_first(entries)))


def newest_first(entries: list[Entry]) -> list[Entry]:
    """Dated entries newest first, then undated ones in feed order: the same feed gives the
    same order, whatever order it lists its entries in."""

    def key(e: Entry) -> tuple[int, float, int]:
        if e.published is None:
            return (1, 0.0, e.index)
        at = e.published.at or datetime.combine(e.published.day, time(), tzinfo=timezone.utc)
        return (0, -at.timestamp(), e.index)

    return sorted(entries, key=key)


def _entry(index: int, e: Any, feed_url: str, dates: DateRules) -> Entry:
    link = (e.get("link") or "").strip()
    contents = [c for c in e.get("content", []) or [] if isinstance(c, dict)]
    texts = [_plain(c.get("value", ""), c.get("type", "")) for c in contents]
    detail = e.get("summary_detail") or {}
    return Entry(
        index=index,
        link=urljoin(feed_url, link) if link else "",
        title=_text(e, "title"),
        author=_text(e, "author"),
        published=entry_date(e, dates),
        summary=_plain(e.get("summary", ""), detail.get("type", "text/html")),
        content=max(texts, key=len, default=""),
    )


def _text(d: Any, key: str) -> str:
    """A one-line text field: a title or author, as plain text (a title may be HTML)."""
    detail = d.get(f"{key}_detail")
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    return " ".join(_plain(d.get(key) or "", kind).split())


def entry_date(e: Any, dates: DateRules = DEFAULT_RULES) -> Published | None:
    """The entry's date as written (its own UTC offset, so its own calendar day), read like
    every other date (sources/dates.py); else feedparser's reading of it, which is UTC."""
    for key in _DATE_KEYS:
        raw = e.get(key)
        if not raw:
            continue
        found = parse_date(str(raw), dates)
        if found is None and e.get(f"{key}_parsed"):
            at = datetime.fromtimestamp(timegm(e[f"{key}_parsed"]), tz=timezone.utc)
            found = parse_date(at, dates)
        if found is not None:
            return found
    return None


# ----------------------------------------------------------------------------- HTML to text

_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIP = frozenset({"script", "style", "template", "noscript"})


class _TextParser(HTMLParser):
    """Paragraph text of an HTML fragment: block elements break paragraphs, scripts vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._words: list[str] = []
        self._skipping = 0

    def _break(self) -> None:
        line = " ".join(" ".join(self._words).split())
        if line:
            self.paragraphs.append(line)
        self._words = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self._skipping += 1
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._words.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), paragraphs separated by blank lines."""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    parser._break()
    return "\n\n".join(parser.paragraphs)


def _plain(value: str, kind: str) -> str:
    if "html" in (kind or "") or "xml" in (kind or ""):
        return html_to_text(value)
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip())
