"""The `history:` section: the memory of past briefs that marks what is new, and the archive."""

from __future__ import annotations

from pydantic import field_validator

from .base import PathText, Strict

DEFAULT_HISTORY = ".briefgen/history.sqlite"  # beside the config file


class HistoryConfig(Strict):
    """Where past briefs are remembered, and what the brief shows of them."""

    # remember every brief built, mark each item new or developing, write out/index.html
    enabled: bool = True
    # the SQLite file, relative to the config file; default .briefgen/history.sqlite beside
    # it. A build with no config file (the bundled sample, or -i alone) keeps no history
    # unless this is set.
    path: PathText | None = None
    # a "New since <previous brief>" list of the items no earlier brief carried
    new_since: bool = True

    @field_validator("path")
    @classmethod
    def _not_empty(cls, v: str | None) -> str | None:
        if v is not None and not v.strip():
            raise ValueError(
                "path is empty (leave it out for the default, " + DEFAULT_HISTORY + ")"
            )
        return v
