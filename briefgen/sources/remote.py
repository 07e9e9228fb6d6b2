"""URL and feed inputs: the only network access at build time, and only when the user names one."""

from __future__ import annotations

import urllib.request

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import InputError
from ..model import Document
from .formats import read_html

TIMEOUT = 20
MAX_BYTES = 10 * 1024 * 1024
MAX_FEED_ITEMS = 50


def _get(url: str) -> tuple[bytes, str]:
    req = urllib.request.Request(url, headers={"User-Agent": "briefgen"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:  # noqa: S310 - user-named URL
            return r.read(MAX_BYTES + 1)[:MAX_BYTES], r.headers.get_content_type()
    except OSError as e:
        raise InputError(f"{url}: cannot fetch: {getattr(e, 'reason', e)}") from None


def read_url(url: str, warnings: list[str]) -> list[Document]:
    """An article page, or an RSS/Atom feed whose item links are fetched in feed order."""
    data, ctype = _get(url)
    if ctype in ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"):
        return [d for link in _feed_links(data, url) for d in _page(link, warnings)]
    return _page_from(data, url, warnings)


def _page(url: str, warnings: list[str]) -> list[Document]:
    try:
        data, _ = _get(url)
    except InputError as e:
        warnings.append(str(e))
        return []
    return _page_from(data, url, warnings)


def _page_from(data: bytes, url: str, warnings: list[str]) -> list[Document]:
    try:
        return [read_html(data.decode("utf-8", errors="replace"), url, url=url)]
    except InputError as e:
        warnings.append(str(e))
        return []


def _feed_links(data: bytes, url: str) -> list[str]:
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as e:
        raise InputError(f"{url}: invalid or unsafe feed XML: {e}") from None
    links = [el.text.strip() for el in root.iter("link") if el.text and el.text.strip()]
    atom = "{http://www.w3.org/2005/Atom}link"
    links += [el.get("href") for el in root.iter(atom) if el.get("href")]
    channel_link = links[0] if root.tag == "rss" and links else None
    return [x for x in links if x != channel_link][:MAX_FEED_ITEMS]
