"""Caches of what a build computes once per text: a sentence's words, stems, names, details.

Selection compares each sentence with many others, so its per-text analyses are memoized
(``functools.lru_cache``, bounded by entry count). They pay only within one build: on a
20,000-article day they hold some 600,000 entries, a few hundred MiB. ``release`` empties
them once the brief is selected, so WeasyPrint's layout of the brief reuses that memory
instead of adding to the build's peak, and a process that builds many briefs (a backfill, a
library caller, the tests) holds at most one build's worth.

A cache of data read once (the Punkt parameters, the boilerplate rules) is an
``lru_cache(maxsize=1)`` and stays: it is not per text, and reading it again would cost every
build.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from functools import _lru_cache_wrapper

_T = TypeVar("_T")

_CACHES: list[_lru_cache_wrapper[Any]] = []


def per_text(maxsize: int) -> Callable[[Callable[..., _T]], _lru_cache_wrapper[_T]]:
    """``functools.lru_cache(maxsize)``, registered so that ``release`` empties it."""

    def register(fn: Callable[..., _T]) -> _lru_cache_wrapper[_T]:
        cached = lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached

    return register


def cached_entries() -> int:
    """Entries held by every per-text cache now."""
    return sum(c.cache_info().currsize for c in _CACHES)


def release() -> int:
    """Empty every per-text cache; returns how many entries were dropped."""
    dropped = cached_entries()
    for cache in _CACHES:
        cache.cache_clear()
    return dropped
