"""What a fetch is: the build's fetch settings, the fetched body, the error, the scheme gate.

Kept apart from the HTTP client (web.py) so that a build from files alone never imports it.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..config import BriefConfig
from ..config.fetch import FetchConfig
from ..errors import ConfigError, InputError
from ..version import __version__
from .window import build_end

PROJECT_URL = "https://pypi.org/project/briefgen/"
USER_AGENT = f"briefgen/{__version__} (+{PROJECT_URL})"
SCHEMES = ("http", "https")
_DEFAULTS = FetchConfig()
# a URL from a feed may be any length: a warning shows this much of it, enough to recognise it
URL_SHOWN = 200


def shown_url(url: str) -> str:
    """``url`` as a warning shows it: at most URL_SHOWN characters, printable."""
    text = url if len(url) <= URL_SHOWN else f"{url[: URL_SHOWN - 1]}…"
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class FetchError(InputError):
    """A URL that gave no body: a warning naming the URL (the build goes on without it)."""

    def __init__(self, url: str, problem: str) -> None:
        super().__init__(f"{shown_url(url)}: {problem}")
        self.url = url
        self.problem = problem


@dataclass(frozen=True)
class FetchSettings:
    """FetchConfig resolved for one build: the cache folder as a path, offline or not."""

    timeout: float = _DEFAULTS.timeout
    max_bytes: int = _DEFAULTS.max_bytes
    retries: int = _DEFAULTS.retries
    max_feed_items: int = _DEFAULTS.max_feed_items
    user_agent: str = USER_AGENT
    allow_hosts: tuple[str, ...] = ()  # reachable from feed links and redirects, whatever address
    input_deadline: float = _DEFAULTS.input_deadline  # seconds for a page, or a feed and its items
    build_deadline: float = _DEFAULTS.build_deadline  # seconds for every fetch of the build
    max_concurrent: int = _DEFAULTS.max_concurrent
    max_fetches: int = _DEFAULTS.max_fetches
    cache_dir: Path | None = None  # None: no cache (summarize, library calls without a config)
    offline: bool = False
    # offline: replay the newest fetch made before this moment (the end of the brief's day)
    before: datetime | None = None
    # the build's clock for fetch records: SOURCE_DATE_EPOCH when set (a reproducible build is
    # one moment, its fetches included), else the wall clock
    clock: datetime | None = None


def fetch_settings(config: BriefConfig, epoch: datetime | None = None) -> FetchSettings:
    """The build's fetch settings. --offline replays the brief's day: the config's date, else
    ``epoch``'s (SOURCE_DATE_EPOCH), in the config's timezone; with neither, the newest fetch
    of every URL."""
    f = config.fetch
    cache = config.resolve(f.cache_dir) if f.cache_dir else None
    if config.offline and cache is None:
        raise ConfigError("--offline reads only the fetch cache, but fetch.cache_dir is null")
    day = config.date or (epoch.astimezone(config.zone).date() if epoch else None)
    return FetchSettings(
        timeout=f.timeout,
        max_bytes=f.max_bytes,
        retries=f.retries,
        max_feed_items=f.max_feed_items,
        user_agent=f"{USER_AGENT} {f.user_agent}" if f.user_agent else USER_AGENT,
        allow_hosts=tuple(f.allow_hosts),
        input_deadline=f.input_deadline,
        build_deadline=f.build_deadline,
        max_concurrent=f.max_concurrent,
        max_fetches=f.max_fetches,
        cache_dir=cache,
        offline=config.offline,
        before=build_end(day, datetime.now(timezone.utc), config.timezone) if day else None,
        clock=epoch,
    )


@dataclass(frozen=True)
class Fetched:
    """A body as fetched, or as replayed from the cache."""

    url: str  # as asked for
    final_url: str  # after redirects
    body: bytes
    content_type: str  # media type, lower case, without parameters ("" when not sent)
    charset: str  # the content type's charset parameter, "" when none
    fetched_at: datetime  # UTC, to the second
    first_seen: datetime  # when this same body was first fetched from this URL


def check_scheme(url: str) -> None:
    """FetchError unless ``url`` is an http(s) URL: the one gate before any request."""
    try:
        scheme = urllib.parse.urlsplit(url).scheme.lower()
    except ValueError as e:
        raise FetchError(url, f"not a valid URL: {e}") from None
    if scheme not in SCHEMES:
        raise FetchError(url, "not fetched: only http and https URLs are read")


def media_type(header: str) -> tuple[str, str]:
    """(media type, charset) of a Content-Type header, both lower case."""
    kind, _, params = header.partition(";")
    charset = ""
    for p in params.split(";"):
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset
