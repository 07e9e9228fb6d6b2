"""The HTTP client for URL and feed inputs (httpx): the only network access a build makes.

A URL comes from the config or from a feed, and a feed is untrusted text: a link in it must not
make briefgen read a local file (file:), an FTP server or a data: URL, nor reach the machine's
own or private network (netguard.py). The scheme is checked before every request and at every
redirect hop (redirects are followed here, not by httpx, so each hop is seen), and every
connection goes through netguard's backend. Bodies are streamed and refused past ``max_bytes``
(decompressed); a fetch, an input (a page, or a feed and its items: one ``Scope``) and the build
each have a wall-clock deadline; a feed's item pages are fetched a few at a time; failures are
retried with backoff only when a retry can help.

Every fetch, good or failed, is logged in the fetch cache (cache.py) when there is one; the next
fetch of a URL is conditional (ETag / Last-Modified), and ``--offline`` replays the log with no
network at all.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpcore
import httpx

from .cache import FetchCache, Record, stamp
from .fetch import Fetched, FetchError, FetchSettings, check_scheme, media_type, shown_url
from .netguard import GuardedBackend, Policy, Refused

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
MIN_WAIT = 0.01  # seconds: a wait cut to nothing by a deadline still lets the request fail cleanly
# What a page or feed may be served as, besides text/* and *+xml; anything else (images, PDFs,
# archives) is not downloaded.
TEXT_TYPES = frozenset({"", "application/xhtml+xml", "application/xml"})
# the environment variables httpx honours for a proxy; through one, the address check is made
# just before each request (the proxy resolves the name, so rebinding is the proxy's to stop)
PROXY_KEYS = ("http", "https", "all")


class _Transport(httpx.HTTPTransport):
    """httpx's transport over a connection pool given whole: httpx has no parameter for a
    network backend, httpcore's pool has (tests/integration/test_ssrf.py fails if the pool
    given is not the one used)."""

    def __init__(self, pool: httpcore.ConnectionPool) -> None:
        self._pool = pool


@dataclass
class Scope:
    """The fetches of one input the user named (a page, or a feed and its items): the host
    they may reach whatever its address, the moment they must end by, their HTTP client."""

    origin: str  # the URL the user named
    policy: Policy
    end: float  # time.monotonic(): the input's deadline or the build's, whichever is first
    limit: str  # which one, as a warning says it: "the input's 120 s deadline"
    client: httpx.Client | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None


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
        self._cache_broken = False
        self._lock = threading.RLock()  # the cache and the count: item pages are fetched in threads
        self._fetches = 0
        self._build_end = time.monotonic() + self.settings.build_deadline
        proxies = urllib.request.getproxies()
        self._proxied = any(proxies.get(k) for k in PROXY_KEYS)
        self._ssl: ssl.SSLContext | None = None  # one for the build: loading CAs takes a while

    def close(self) -> None:
        """Nothing stays open between inputs (each input's client closes with it)."""

    @contextmanager
    def scope(self, origin: str) -> Iterator[Scope]:
        """The scope of one user-named input: its fetches share a client, a host, a deadline."""
        s = self.settings
        start = time.monotonic()
        if start + s.input_deadline <= self._build_end:
            end, limit = start + s.input_deadline, f"the input's {s.input_deadline:g} s deadline"
        else:
            end, limit = self._build_end, f"the build's {s.build_deadline:g} s deadline"
        try:
            host = httpx.URL(origin).host
        except (httpx.InvalidURL, TypeError):
            host = ""  # the fetch itself reports the bad URL
        scope = Scope(origin, Policy.for_input(host, s.allow_hosts), end, limit)
        try:
            yield scope
        finally:
            scope.close()

    def get(self, url: str, scope: Scope | None = None) -> Fetched:
        """The body at ``url``: fetched (conditionally, when the cache has a copy), or replayed
        from the cache when offline. FetchError names the URL and the problem.

        ``scope`` is the user-named input ``url`` came from (None: ``url`` is one itself).
        """
        if scope is None:
            with self.scope(url) as own:
                return self.get(url, own)
        self._admit(url)
        return self._obtain(url, scope)

    def get_all(self, urls: Iterable[str], scope: Scope) -> dict[str, Fetched | FetchError]:
        """Each URL's body or error, fetched up to ``max_concurrent`` at a time (a feed's item
        pages). Which URLs the build's fetch limit admits is decided in the order given, so the
        answers do not depend on the order the fetches finish in."""
        answers: dict[str, Fetched | FetchError] = {}
        admitted = []
        for url in dict.fromkeys(urls):
            try:
                self._admit(url)
            except FetchError as e:
                answers[url] = e
            else:
                admitted.append(url)

        def one(url: str) -> Fetched | FetchError:
            try:
                return self._obtain(url, scope)
            except FetchError as e:
                return e

        workers = min(self.settings.max_concurrent, len(admitted))
        if workers <= 1:
            answers.update((u, one(u)) for u in admitted)
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="briefgen-fetch") as pool:
                answers.update(zip(admitted, pool.map(one, admitted), strict=True))
        return answers

    def _admit(self, url: str) -> None:
        """FetchError for a URL that is not http(s), or past the build's limit of fetches."""
        check_scheme(url)
        if self.settings.offline:
            return
        with self._lock:
            if self._fetches >= self.settings.max_fetches:
                limit = self.settings.max_fetches
                raise FetchError(url, f"not fetched: the build's limit of {limit} fetches")
            self._fetches += 1

    def _obtain(self, url: str, scope: Scope) -> Fetched:
        """An admitted URL's body: replayed offline, else fetched if the scope has time left."""
        if self.settings.offline:
            return self._replay(url)
        if time.monotonic() >= scope.end:
            raise FetchError(url, f"not fetched: {scope.limit} passed")
        with self._lock:
            known = self.cache.latest_body(url) if self.cache else None
        try:
            answer = self._fetch(url, known, scope)
            cached = None
            if answer.status == 304:
                with self._lock:
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
        with self._lock:
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
        with self._lock:
            rec = self.cache.as_of(url, self.settings.before) if self.cache else None
        if rec is None:
            raise FetchError(url, "skipped: not in the fetch cache (--offline)")
        if rec.error:
            raise FetchError(url, f"{rec.error} (fetched {rec.fetched_at}, replayed offline)")
        with self._lock:
            body = self.cache.read_blob(rec.sha256) if self.cache else None
        if body is None:
            raise FetchError(url, f"skipped: cached body {rec.sha256[:12]} is missing or damaged")
        return self._fetched(rec, body)

    def _store(self, body: bytes) -> str:
        with self._lock:
            if self.cache is None or self._cache_broken:
                return ""
            try:
                return self.cache.put_blob(body)
            except OSError as e:
                self._broken(e)
                return ""

    def _log(self, rec: Record) -> None:
        with self._lock:
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

    def _http(self, scope: Scope) -> httpx.Client:
        """The input's client: every connection made through the address check, to the address
        checked, and ended at the scope's deadline (through a proxy, httpx's own transport)."""
        with scope.lock:
            if scope.client is None:
                transport = None
                if not self._proxied:
                    if self._ssl is None:
                        self._ssl = httpx.create_ssl_context()
                    backend = GuardedBackend(scope.policy, scope.end)
                    transport = _Transport(
                        httpcore.ConnectionPool(ssl_context=self._ssl, network_backend=backend)
                    )
                scope.client = httpx.Client(
                    timeout=httpx.Timeout(self.settings.timeout),
                    follow_redirects=False,  # _follow follows them, checking every hop
                    headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT},
                    transport=transport,
                )
            return scope.client

    def _fetch(self, url: str, known: Record | None, scope: Scope) -> _Answer:
        """One fetch with retries; a conditional request when ``known`` has validators."""
        headers = {}
        if known is not None and known.etag:
            headers["If-None-Match"] = known.etag
        if known is not None and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        deadline = min(time.monotonic() + DEADLINE_TIMEOUTS * self.settings.timeout, scope.end)
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, deadline, scope)
            except _Retry as r:
                wait = r.wait if r.wait is not None else min(BACKOFF * 2**attempt, BACKOFF_MAX)
                if (
                    attempt >= self.settings.retries
                    or wait > RETRY_AFTER_MAX
                    or time.monotonic() + wait > deadline
                ):
                    raise FetchError(url, f"cannot fetch: {r.problem}") from None
                log.info("%s: %s; retrying in %.1f s", shown_url(url), r.problem, wait)
                time.sleep(wait)
                attempt += 1

    def _timeout(self, deadline: float) -> httpx.Timeout:
        """The client's timeout, cut to what is left before ``deadline``."""
        left = max(deadline - time.monotonic(), MIN_WAIT)
        return httpx.Timeout(min(self.settings.timeout, left))

    def _follow(self, url: str, headers: dict[str, str], deadline: float, scope: Scope) -> _Answer:
        """GET ``url``, following up to MAX_REDIRECTS redirects, to http(s) URLs only, each hop
        to a host the scope's policy lets it reach."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                if self._proxied:
                    target = httpx.URL(current)
                    if not scope.policy.is_trusted(target.host):
                        scope.policy.vet(target.host, target.port or 0)
                timeout = self._timeout(deadline)
                with self._http(scope).stream(
                    "GET", current, headers=headers, timeout=timeout
                ) as resp:
                    location = resp.headers.get("location")
                    if resp.status_code not in REDIRECTS or not location:
                        return self._answer(url, resp, deadline, scope)
                    nxt = urllib.parse.urljoin(current, location.strip())
            except Refused as e:
                hop = "" if current == url else f"redirect to {shown_url(current)} refused: "
                raise FetchError(url, f"not fetched: {hop}{e.reason}") from None
            except httpx.TimeoutException as e:
                if time.monotonic() >= scope.end:
                    raise FetchError(url, f"cannot fetch: timed out ({scope.limit})") from None
                if isinstance(e, httpx.ConnectTimeout):
                    raise _Retry("timed out connecting") from None
                raise FetchError(url, "cannot fetch: timed out") from None
            except (
                httpx.ConnectError,
                httpx.RemoteProtocolError,
                httpx.ReadError,
                httpcore.ConnectError,  # a name that does not resolve, checked before a proxy
            ) as e:
                raise _Retry(str(e) or type(e).__name__) from None
            except (httpx.HTTPError, httpx.InvalidURL) as e:  # bad URL, bad encoding, …
                raise FetchError(url, f"cannot fetch: {e}") from None
            try:
                check_scheme(nxt)
            except FetchError:
                raise FetchError(
                    url, f"not fetched: redirect to a non-http URL refused: {shown_url(nxt)}"
                ) from None
            current = nxt
        raise FetchError(url, f"cannot fetch: more than {MAX_REDIRECTS} redirects")

    def _answer(self, url: str, resp: httpx.Response, deadline: float, scope: Scope) -> _Answer:
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
                why = scope.limit if deadline >= scope.end else "the body came too slowly"
                raise FetchError(url, f"cannot fetch: timed out ({why})")
            chunks.append(chunk)
        return _Answer(200, b"".join(chunks), ctype, str(resp.url), etag, modified)
