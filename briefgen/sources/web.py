"""The HTTP client for URL and feed inputs (httpx): the only network access a build makes.

A URL comes from the config or from a feed, and a feed is untrusted text: a link in it must not
make briefgen read a local file (file:), an FTP server or a data: URL. The scheme is checked
before every request and at every redirect hop (redirects are followed here, not by httpx, so
each hop is seen). Bodies are streamed and refused past ``max_bytes`` (decompressed), a whole
fetch has a deadline, and failures are retried with backoff only when a retry can help.

Every fetch, good or failed, is logged in the fetch cache (cache.py) when there is one; the next
fetch of a URL is conditional (ETag / Last-Modified), and ``--offline`` replays the log with no
network at all.
"""

from __future__ import annotations

import logging
import time
import urllib.parse
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from .cache import FetchCache, Record, stamp
from .fetch import Fetched, FetchError, FetchSettings, check_scheme, media_type

log = logging.getLogger(__name__)

ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/*;q=0.8"
)
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5  # more hops than a link shortener and a paywall need: a loop or a tracker chain
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})  # the server may answer if asked again
BACKOFF = 0.5  # seconds before the first retry, doubled before each next one ...
BACKOFF_MAX = 8.0  # ... up to this: a cron run should not stall on one site
RETRY_AFTER_MAX = 30.0  # a server that asks for a longer wait is not retried: the build moves on
# A whole fetch (every hop and retry) may last this many timeouts: a server dripping a byte just
# inside the timeout cannot hold the build for hours.
DEADLINE_TIMEOUTS = 4
# What a page or feed may be served as, besides text/* and *+xml; anything else (images, PDFs,
# archives) is not downloaded.
TEXT_TYPES = frozenset({"", "application/xhtml+xml", "application/xml"})


@dataclass(frozen=True)
class _Answer:
    status: int  # 200 or 304
    body: bytes
    content_type: str  # the header as sent
    final_url: str
    etag: str
    last_modified: str


class _Retry(Exception):
    """A failure worth asking again: after ``wait`` seconds (None: the backoff decides)."""

    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait = wait


def _is_text(kind: str) -> bool:
    return kind in TEXT_TYPES or kind.startswith("text/") or kind.endswith("+xml")


def _now(clock: datetime | None = None) -> datetime:
    return (clock or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class Fetcher:
    """The fetches of one build: one HTTP client (connections reused), one cache."""

    def __init__(self, settings: FetchSettings | None = None) -> None:
        self.settings = settings or FetchSettings()
        root = self.settings.cache_dir
        self.cache = FetchCache(root) if root is not None else None
        self._client: httpx.Client | None = None
        self._cache_broken = False

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str) -> Fetched:
        """The body at ``url``: fetched (conditionally, when the cache has a copy), or replayed
        from the cache when offline. FetchError names the URL and the problem."""
        check_scheme(url)
        if self.settings.offline:
            return self._replay(url)
        known = self.cache.latest_body(url) if self.cache else None
        try:
            answer = self._fetch(url, known)
            cached = None
            if answer.status == 304:
                cached = self.cache.read_blob(known.sha256) if self.cache and known else None
                if cached is None:
                    raise FetchError(url, "cannot fetch: HTTP 304 for a body not in the cache")
        except FetchError as e:
            self._log(Record(url=url, fetched_at=stamp(_now(self.settings.clock)), error=e.problem))
            raise
        if cached is not None and known is not None:
            body = cached
            rec = replace(
                known,  # the same body, so the same content type
                fetched_at=stamp(_now(self.settings.clock)),
                status=304,
                etag=answer.etag or known.etag,
                last_modified=answer.last_modified or known.last_modified,
                final_url=answer.final_url,
            )
        else:
            body = answer.body
            rec = Record(
                url=url,
                fetched_at=stamp(_now(self.settings.clock)),
                status=200,
                sha256=self._store(body),
                content_type=answer.content_type,
                etag=answer.etag,
                last_modified=answer.last_modified,
                final_url=answer.final_url,
            )
        self._log(rec)
        return self._fetched(rec, body)

    def _fetched(self, rec: Record, body: bytes) -> Fetched:
        kind, charset = media_type(rec.content_type)
        first = self.cache.first_seen(rec) if self.cache and rec.sha256 else rec.when
        return Fetched(
            url=rec.url,
            final_url=rec.final_url or rec.url,
            body=body,
            content_type=kind,
            charset=charset,
            fetched_at=rec.when,
            first_seen=first,
        )

    def _replay(self, url: str) -> Fetched:
        """--offline: the fetch of ``url`` the cache holds for the brief's day; no network."""
        rec = self.cache.as_of(url, self.settings.before) if self.cache else None
        if rec is None:
            raise FetchError(url, "skipped: not in the fetch cache (--offline)")
        if rec.error:
            raise FetchError(url, f"{rec.error} (fetched {rec.fetched_at}, replayed offline)")
        body = self.cache.read_blob(rec.sha256) if self.cache else None
        if body is None:
            raise FetchError(url, f"skipped: cached body {rec.sha256[:12]} is missing or damaged")
        return self._fetched(rec, body)

    def _store(self, body: bytes) -> str:
        if self.cache is None or self._cache_broken:
            return ""
        try:
            return self.cache.put_blob(body)
        except OSError as e:
            self._broken(e)
            return ""

    def _log(self, rec: Record) -> None:
        if self.cache is None or self._cache_broken:
            return
        try:
            self.cache.add(rec)
        except OSError as e:
            self._broken(e)

    def _broken(self, e: OSError) -> None:
        """A cache that cannot be written costs later --offline rebuilds, not this build."""
        self._cache_broken = True
        log.warning("%s: fetch cache not written: %s", self.settings.cache_dir, e.strerror or e)

    # ----------------------------------------------------------------------- the network

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.settings.timeout),
                follow_redirects=False,  # _follow follows them, checking every hop
                headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
            )
        return self._client

    def _fetch(self, url: str, known: Record | None) -> _Answer:
        """One fetch with retries; a conditional request when ``known`` has validators."""
        headers = {}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        deadline = time.monotonic() + DEADLINE_TIMEOUTS * self.settings.timeout
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, deadline)
            except _Retry as r:
                wait = r.wait if r.wait is not None else min(BACKOFF * 2**attempt, BACKOFF_MAX)
                if (
                    attempt >= self.settings.retries
                    or wait > RETRY_AFTER_MAX
                    or time.monotonic() + wait > deadline
                ):
                    raise FetchError(url, f"cannot fetch: {r.problem}") from None
                log.info("%s: %s; retrying in %.1f s", url, r.problem, wait)
                time.sleep(wait)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str], deadline: float) -> _Answer:
        """GET ``url``, following up to MAX_REDIRECTS redirects, to http(s) URLs only."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with self._http().stream("GET", current, headers=headers) as resp:
                    location = resp.headers.get("location")
                    if resp.status_code not in REDIRECTS or not location:
                        return self._answer(url, resp, deadline)
                    nxt = urllib.parse.urljoin(current, location.strip())
            except httpx.TimeoutException as e:
                if isinstance(e, httpx.ConnectTimeout):
                    raise _Retry("timed out connecting") from None
                raise FetchError(url, "cannot fetch: timed out") from None
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as e:
                raise _Retry(str(e) or type(e).__name__) from None
            except (httpx.HTTPError, httpx.InvalidURL) as e:  # bad URL, bad encoding, …
                raise FetchError(url, f"cannot fetch: {e}") from None
            try:
                check_scheme(nxt)
            except FetchError:
                raise FetchError(
                    url, f"not fetched: redirect to a non-http URL refused: {nxt}"
                ) from None
            current = nxt
        raise FetchError(url, f"cannot fetch: more than {MAX_REDIRECTS} redirects")

    def _answer(self, url: str, resp: httpx.Response, deadline: float) -> _Answer:
        """The body of a final (non-redirect) response, or the error, retry or refusal."""
        code = resp.status_code
        reason = f"HTTP {code} {resp.reason_phrase}".rstrip()
        if code in RETRY_STATUS:
            raise _Retry(reason, _retry_after(resp.headers.get("retry-after")))
        etag = resp.headers.get("etag", "")
        modified = resp.headers.get("last-modified", "")
        if code == 304:
            return _Answer(304, b"", "", str(resp.url), etag, modified)
        if not 200 <= code < 300:
            raise FetchError(url, f"cannot fetch: {reason}")
        ctype = resp.headers.get("content-type", "")
        kind, _ = media_type(ctype)
        if not _is_text(kind):
            raise FetchError(url, f"skipped: not a web page or feed ({kind})")
        limit = self.settings.max_bytes
        too_big = FetchError(url, f"skipped: larger than {limit} bytes")
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        # as they arrive (a chunk size would buffer); decompressed, so a gzip bomb counts as
        # what it unpacks to
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_big
            if time.monotonic() > deadline:
                raise FetchError(url, "cannot fetch: timed out (the body came too slowly)")
            chunks.append(chunk)
        return _Answer(200, b"".join(chunks), ctype, str(resp.url), etag, modified)
