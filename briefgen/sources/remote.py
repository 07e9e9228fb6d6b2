"""URL and feed inputs: the only network access at build time, and only when the user names one.

Only http and https are ever fetched. A feed is untrusted text, so a link in it must not make
briefgen read a local file (file:), an FTP server or a data: URL: the scheme is checked before
every fetch, and the opener has no handlers for anything but HTTP(S), redirects included.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ..errors import InputError
from ..model import Document
from .formats import read_html, with_text

TIMEOUT = 20
MAX_BYTES = 10 * 1024 * 1024
MAX_FEED_ITEMS = 50
SCHEMES = ("http", "https")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"  # RSS 1.0 (RDF) items


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) only; the standard handler would also follow ftp:."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise urllib.error.HTTPError(
                newurl, code, f"redirect to a non-http URL refused: {newurl}", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    """build_opener() would add file:, ftp: and data: handlers; this one speaks HTTP(S) only."""
    opener = urllib.request.OpenerDirector()
    proxies = {k: v for k, v in urllib.request.getproxies().items() if k in SCHEMES}
    for handler in (
        urllib.request.ProxyHandler(proxies),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _get(url: str) -> tuple[bytes, str]:
    """The body (up to MAX_BYTES) and content type of an http(s) URL; InputError otherwise."""
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as e:
        raise InputError(f"{url}: not a valid URL: {e}") from None
    if scheme not in SCHEMES:
        raise InputError(f"{url}: not fetched: only http and https URLs are read")
    req = urllib.request.Request(url, headers={"User-Agent": "briefgen"})
    try:
        with _opener().open(req, timeout=TIMEOUT) as r:
            return r.read(MAX_BYTES + 1)[:MAX_BYTES], r.headers.get_content_type()
    except urllib.error.HTTPError as e:
        raise InputError(f"{url}: cannot fetch: HTTP {e.code} {e.reason}") from None
    except (OSError, ValueError, http.client.HTTPException) as e:
        raise InputError(f"{url}: cannot fetch: {getattr(e, 'reason', None) or e}") from None


def read_url(url: str, warnings: list[str], seen: set[str] | None = None) -> list[Document]:
    """An article page, or an RSS/Atom feed whose item links are fetched in feed order.

    Item links already in ``seen`` (read through another input or feed) are skipped.
    """
    seen = set() if seen is None else seen
    data, ctype = _get(url)
    if ctype not in FEED_TYPES:
        return _page_from(data, url, warnings)
    links = _feed_links(data, url)
    if not links:
        warnings.append(f"{url}: feed has no item links")
    docs = []
    for link in links:
        if link not in seen:
            seen.add(link)
            docs += _page(link, warnings)
    return docs


def _page(url: str, warnings: list[str]) -> list[Document]:
    try:
        data, _ = _get(url)
    except InputError as e:
        warnings.append(str(e))
        return []
    return _page_from(data, url, warnings)


def _page_from(data: bytes, url: str, warnings: list[str]) -> list[Document]:
    return with_text([read_html(data.decode("utf-8", errors="replace"), url, url=url)], warnings)


def _feed_links(data: bytes, url: str) -> list[str]:
    """Item links, absolute, in feed order: RSS item/link and Atom entry alternate links only
    (never the feed's own self or home-page link)."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as e:
        raise InputError(f"{url}: invalid or unsafe feed XML: {e}") from None
    links: list[str] = []
    if root.tag == f"{ATOM}feed":
        for entry in root.findall(f"{ATOM}entry"):
            hrefs = [
                el.get("href", "").strip()
                for el in entry.findall(f"{ATOM}link")
                if el.get("rel", "alternate") == "alternate"
            ]
            links += [h for h in hrefs if h][:1]
    else:
        items = root.findall("channel/item") + root.findall(f"{RSS1}item")
        for item in items:
            texts = [el.text or "" for el in (*item.findall("link"), *item.findall(f"{RSS1}link"))]
            links += [t.strip() for t in texts if t.strip()][:1]
    return [urllib.parse.urljoin(url, link) for link in links][:MAX_FEED_ITEMS]
