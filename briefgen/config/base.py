"""Shared pieces of the config schema: the strict base model and package paths."""

from __future__ import annotations

from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
)

DATA_DIR = Path(__file__).parent.parent / "data"
SAMPLES_DIR = Path(__file__).parent.parent / "samples" / "articles"
FORMATS = ("html", "pdf", "json", "md", "txt")
CONFIG_CANDIDATES = ("briefgen.yaml", "briefgen.yml", "config/daily.yaml")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
