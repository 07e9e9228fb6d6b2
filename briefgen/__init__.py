"""briefgen: sourced, extractive briefing documents from a day's news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from .config import BriefConfig
    from .pipeline import BuildResult


def build(config: BriefConfig, *, write: bool = True) -> BuildResult:
    """Library entry point: run the whole pipeline for ``config`` (see briefgen.pipeline.build)."""
    from .pipeline import build as _build

    return _build(config, write=write)


def load_config(path=None, **overrides) -> BriefConfig:
    from .config import load_config as _load

    return _load(path, **overrides)


__all__ = ["__version__", "build", "load_config"]
