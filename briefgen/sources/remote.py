"""URL inputs: a page, or a feed whose entries' pages are read; and ``.urls`` list files.

Fetching and its safety (http(s) only, at every redirect too; size limit; timeouts; the cache)
is web.py's; feeds.py says what a feed's entries are. This module turns both into Documents: a
page's own metadata first, its feed entry's for what the page lacks, the entry's summary when
the page yields no text. Each document says where its date came from (``date_origin``). A URL
that gives nothing is a warning naming it, never a failed build.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Document
from .dates import DEFAULT_RULES, DateRules, Published
from .feeds import Entry, Feed, parse_feed
from .fetch import Fetched, FetchError
from .formats import read_html, with_text
from .reader import decode
from .web import Fetcher

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_COMMENT = re.compile(r"(?:^|\s)#.*$")  # a '#' inside a URL (a fragment) is not a comment
_SUMMARY_USED = "used the feed item's summary instead"
# a page's text shorter than this, and than its feed item's summary, is not the article
MIN_PAGE_WORDS = 25


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def url_lines(text: str, display: str, warnings: list[str]) -> list[str]:
    """The URLs a ``.urls`` file lists: one a line; blank lines and '#' comments ignored."""
    urls = []
    for n, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", line).strip()
        if not line:
            continue
        if is_url(line) and len(line.split()) == 1:
            urls.append(line)
        else:
            warnings.append(f"{display}:{n}: skipped: not an http(s) URL: {line[:80]!r}")
    if not urls:
        warnings.append(f"{display}: no URLs listed")
    return urls


def read_url(
    url: str,
    fetcher: Fetcher,
    warnings: list[str],
    seen: set[str],
    dates: DateRules = DEFAULT_RULES,
) -> list[Document]:
    """An article page, or a feed's entries (newest first, at most ``max_feed_items``).

    Entry links already in ``seen`` (read through another input or feed) are skipped; dates
    are read by ``dates`` (the config's timezone and day-month order).
    """
    with fetcher.scope(url) as scope:  # the feed and its items: one host, one deadline
        try:
            got = fetcher.get(url, scope)
            feed = parse_feed(got.body, url, got.content_type, got.charset, dates)
        except InputError as e:
            warnings.append(_skipped(str(e)))
            return []
        if feed is None:
            page, problem = _page(got, warnings, dates)
            if problem:
                warnings.append(problem)
                return []
            return with_text([dated(page, None, got.first_seen, dates)], warnings)
        if not feed.entries:
            warnings.append(f"{url}: feed has no items")
        entries = []
        for entry in feed.entries[: fetcher.settings.max_feed_items]:
            if entry.link in seen:
                continue
            if entry.link:
                seen.add(entry.link)
            entries.append(entry)
        pages = fetcher.get_all((e.link for e in entries if e.link), scope)
    docs = []
    for entry in entries:
        page_got = pages[entry.link] if entry.link else None
        doc = _entry_document(entry, feed, got, page_got, warnings, dates)
        if doc is not None:
            docs.append(doc)
    return docs


def _entry_document(
    entry: Entry,
    feed: Feed,
    got: Fetched,
    page_got: Fetched | FetchError | None,
    warnings: list[str],
    dates: DateRules,
) -> Document | None:
    """The entry's page (``page_got``, as fetched) with the entry's metadata filling its gaps;
    else the entry's summary. None for ``page_got``: the entry has no link."""
    if page_got is None:
        problem = f"{got.url}: feed item {entry.index + 1} has no link"
    elif isinstance(page_got, FetchError):
        problem = str(page_got)
    else:
        page, problem = _page(page_got, warnings, dates)
        if not problem and not _remnant(page.text, entry):
            filled = _filled(page, entry, feed)
            return dated(filled, entry.published, page_got.first_seen, dates)
        problem = problem or f"{entry.link}: skipped: no article text"
    text = max(entry.content, entry.summary, key=len)
    if not text.strip():
        warnings.append(_skipped(problem))
        return None
    # not skipped: the summary stands in for the page
    warnings.append(f"{problem.replace(': skipped: ', ': ', 1)}; {_SUMMARY_USED}")
    doc = Document(
        path=entry.link or f"{got.url}#item-{entry.index + 1}",
        text=text,
        url=entry.link,
    )
    return dated(_filled(doc, entry, feed), entry.published, got.first_seen, dates)


def _remnant(text: str, entry: Entry) -> bool:
    """A page that gave no article: no text, or fewer than ``MIN_PAGE_WORDS`` words and fewer
    than its own feed item says (a paywall, a consent wall, a navigation bar)."""
    words = len(text.split())
    if not words:
        return True
    told = len(max(entry.content, entry.summary, key=len).split())
    return words < MIN_PAGE_WORDS and words < told


def _skipped(message: str) -> str:
    """The warning for an input that gives nothing, worded as every skipped input's is:
    "<where>: skipped: <why>" or "<problem>; skipped"."""
    return message if ": skipped: " in message else f"{message}; skipped"


def _filled(doc: Document, entry: Entry, feed: Feed) -> Document:
    """``doc`` with what it lacks (title, author, outlet) from its feed entry and feed."""
    return replace(
        doc,
        title=doc.title or entry.title,
        author=doc.author or entry.author,
        source=feed.title if feed.title and _no_outlet(doc) else doc.source,
        url=doc.url or entry.link,
        summary=entry.summary or entry.content,
    )


def _no_outlet(doc: Document) -> bool:
    """Does the page name no outlet? trafilatura names the host when the page does not."""
    host = urlsplit(doc.url).netloc.lower()
    return doc.source.lower() in ("", host, host.removeprefix("www."))


def dated(
    doc: Document, feed_date: Published | None, fetched: datetime, dates: DateRules
) -> Document:
    """``doc`` with its date and where it came from: the page's own ("article"), its feed
    entry's ("feed"), or the time its body was first fetched ("fetched", a stand-in)."""
    if doc.published is not None:
        at = doc.published_at
        if at is None and feed_date is not None and feed_date.day == doc.published:
            at = feed_date.at  # the same day: the feed may know the time as well
        return replace(doc, published_at=at, date_origin=doc.date_origin or "article")
    if feed_date is not None:
        return replace(doc, published=feed_date.day, published_at=feed_date.at, date_origin="feed")
    day = fetched.astimezone(dates.tz).date()
    return replace(doc, published=day, published_at=fetched, date_origin="fetched")


def _page(got: Fetched, warnings: list[str], dates: DateRules) -> tuple[Document, str]:
    """The page's document (its text may be empty), or the warning that it is not text."""
    notes: list[str] = []
    text = _decode(got, notes)
    if text is None:
        warnings += notes[:-1]
        return Document(path=got.url, text="", url=got.url), notes[-1]
    warnings += notes
    return read_html(text, got.url, url=got.url, warnings=warnings, dates=dates), ""


def _decode(got: Fetched, notes: list[str]) -> str | None:
    """The body as text: the charset the server or the page declares, else detected."""
    m = _META_CHARSET.search(got.body[:4096])
    for charset in (got.charset, m.group(1).decode("ascii").lower() if m else ""):
        if charset:
            try:
                return got.body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return decode(got.body, got.url, notes)
