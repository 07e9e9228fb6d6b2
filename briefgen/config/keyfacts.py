"""The ``people:``, ``organizations:`` and ``quotes:`` sections: the who's-who and quote blocks.

``people:`` and ``organizations:`` take either a mapping (``enabled``, ``max``, ``known``) or,
for short, the gazetteer list itself: ``people: ["S Jaishankar", {name: ..., role: ...}]``;
``false`` turns a block off.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from .base import Strict

# A who's-who a reader scans beside the brief: the names it turns on, not everyone quoted once.
PEOPLE_MAX = 10
ORGANIZATIONS_MAX = 8
# The quotes a reader may repeat: the most widely carried, a screen's worth.
QUOTES_MAX = 8


class KnownName(Strict):
    """A gazetteer entry: a name always recognised, with its other spellings and role."""

    name: str = Field(min_length=1, max_length=200)
    # shown when the articles give none ("External Affairs Minister")
    role: str = Field(default="", max_length=200)
    aliases: list[str] = Field(default_factory=list)  # other spellings: "Dr. S. Jaishankar"

    @field_validator("name", "role")
    @classmethod
    def _stripped(cls, v: str) -> str:
        return " ".join(v.split())

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: list[str]) -> list[str]:
        out = [" ".join(a.split()) for a in v]
        if any(not a for a in out):
            raise ValueError("an alias is empty")
        return out

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, v: Any) -> Any:
        return {"name": v} if isinstance(v, str) else v


def _shorthand(v: Any) -> Any:
    """A bare list is the gazetteer; a bare boolean is ``enabled``."""
    if isinstance(v, list):
        return {"known": v}
    if isinstance(v, bool):
        return {"enabled": v}
    return v


class _NamesConfig(Strict):
    """A who's-who list: on or off, how long, and its gazetteer (a bare list, or ``false``)."""

    enabled: bool = True
    known: list[KnownName] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, v: Any) -> Any:
        return _shorthand(v)


class PeopleConfig(_NamesConfig):
    """The "People" block: names with their roles, merged across spellings."""

    max: int = Field(default=PEOPLE_MAX, ge=1, le=100)


class OrganizationsConfig(_NamesConfig):
    """The "Organizations" block: bodies, agreements and initiatives the sources name."""

    max: int = Field(default=ORGANIZATIONS_MAX, ge=1, le=100)


class QuotesConfig(Strict):
    """The quotes ledger: direct quotes, their speakers and the outlets carrying each."""

    enabled: bool = True
    max: int = Field(default=QUOTES_MAX, ge=1, le=100)

    @model_validator(mode="before")
    @classmethod
    def _short(cls, v: Any) -> Any:
        return {"enabled": v} if isinstance(v, bool) else v
