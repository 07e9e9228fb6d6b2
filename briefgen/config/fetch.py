"""The ``fetch:`` section of briefgen.yaml: how URL and feed inputs are fetched and cached."""

from __future__ import annotations

from pydantic import Field, field_validator

from .base import Strict

MIB = 1024 * 1024


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
    cache_dir: str | None = ".briefgen/cache"
    # appended to "briefgen/<version> (+url)": a contact address lets a site owner reach you
    user_agent: str = ""

    @field_validator("user_agent")
    @classmethod
    def _one_header_line(cls, v: str) -> str:
        if any(not (" " <= c <= "~") for c in v):
            raise ValueError("user_agent must be printable ASCII on one line")
        return v.strip()
