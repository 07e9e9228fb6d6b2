"""The ``fetch:`` section of briefgen.yaml: how URL and feed inputs are fetched and cached."""

from __future__ import annotations

import ipaddress
import re

from pydantic import Field, field_validator

from .base import PathText, Strict

MIB = 1024 * 1024
# a host name as DNS spells it (letters, digits, hyphens, dots), or an IP literal
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_HOST_NAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")


class FetchConfig(Strict):
    """Limits for every HTTP fetch, and where the fetch cache lives (see docs/inputs.md)."""

    # seconds to connect, and to wait for each part of the answer (not for the whole body)
    timeout: float = Field(default=20.0, gt=0, le=600)
    # a larger body is refused: no news page or feed is anywhere near 10 MiB
    max_bytes: int = Field(default=10 * MIB, ge=1024)
    # tries after the first, on a connection failure, a 5xx or a 429 (with backoff)
    retries: int = Field(default=2, ge=0, le=10)
    max_feed_items: int = Field(default=50, ge=1, le=1000)  # newest first
    # relative to the config file's folder; null: no cache (then --offline cannot work)
    cache_dir: PathText | None = ".briefgen/cache"
    # appended to "briefgen/<version> (+url)": a contact address lets a site owner reach you
    user_agent: str = ""
    # hosts a feed's links and redirects may reach although they resolve to a loopback, private
    # or link-local address (an intranet server): exact host names or IP literals, no ports
    allow_hosts: list[str] = Field(default_factory=list, max_length=1000)
    # one input (a page, or a feed and all its items) gets this many seconds, retries included:
    # a feed of 50 links that never answer costs this, not 50 timeouts
    input_deadline: float = Field(default=120.0, gt=0, le=3600)
    # every fetch of one build together: a cron run ends even when every site is slow
    build_deadline: float = Field(default=600.0, gt=0, le=24 * 3600)
    # fetches in flight at once: a feed's item pages are read side by side, politely few
    max_concurrent: int = Field(default=4, ge=1, le=32)
    # fetches one build may make: 20 feeds of 50 items is 1,020; a runaway list stops here
    max_fetches: int = Field(default=2000, ge=1, le=100_000)

    @field_validator("allow_hosts")
    @classmethod
    def _hosts(cls, v: list[str]) -> list[str]:
        hosts = []
        for raw in v:
            host = raw.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
            try:
                host = str(ipaddress.ip_address(host))
            except ValueError:
                if not _HOST_NAME.match(host):
                    raise ValueError(
                        f"{raw[:80]!r} is not a host name or IP address "
                        "(no scheme, port or path: 'intranet.example' or '10.0.0.5')"
                    ) from None
            hosts.append(host)
        return hosts

    @field_validator("user_agent")
    @classmethod
    def _one_header_line(cls, v: str) -> str:
        if any(not (" " <= c <= "~") for c in v):
            raise ValueError("user_agent must be printable ASCII on one line")
        return v.strip()
