"""Shared pieces of the config schema: the strict base model, path values and package paths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
)

DATA_DIR = Path(__file__).parent.parent / "data"
SAMPLES_DIR = Path(__file__).parent.parent / "samples" / "articles"
FORMATS = ("html", "pdf", "json", "md", "txt")
CONFIG_CANDIDATES = ("briefgen.yaml", "briefgen.yml", "config/daily.yaml")

# Linux's PATH_MAX and NAME_MAX (macOS and Windows allow less): a longer path or name cannot
# be opened anywhere, so it is a mistake in the config, not a file to look for.
PATH_MAX = 4096
NAME_MAX = 255


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def path_problem(value: str) -> str | None:
    """Why no file could have the path ``value`` (a NUL, unencodable, too long), else None.

    A URL (an input may be one) is checked for what no URL may hold either: a NUL.
    """
    if "\x00" in value:
        return "contains a NUL character, which no path can hold"
    if "://" in value:
        return None
    try:
        raw = os.fsencode(value)
    except UnicodeEncodeError:
        return "contains a character this system cannot put in a file name"
    if len(raw) > PATH_MAX:
        return f"is {len(raw)} bytes long; no path can be longer than {PATH_MAX}"
    if any(len(part) > NAME_MAX for part in raw.split(b"/")):
        return f"has a part longer than {NAME_MAX} bytes, which no file system accepts"
    return None


def _possible_path(value: str) -> str:
    problem = path_problem(value)
    if problem:
        raise ValueError(problem)  # the value is never echoed: it may be megabytes
    return value


# A config value that names a file or folder: one the system could open, checked when the
# config is read, so an impossible path is a config error and never an OSError mid-build.
PathText = Annotated[str, AfterValidator(_possible_path)]
