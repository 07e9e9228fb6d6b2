"""Extension points: one registry per family, which built-ins and plugins join the same way.

A family is a name -> object table. Built-ins are listed here as ``"module:attribute"`` strings;
third-party packages add theirs through an entry-point group (``briefgen.summarizers``,
``briefgen.readers``, ``briefgen.channels``), the way mkdocs finds plugins. Nothing is imported
until it is used: the config validates names against ``names()``, which reads only metadata, so
this module sits below every stage and imports none of them.

A plugin whose name is already taken (by a built-in or an earlier plugin) is ignored with a
warning: a package cannot silently replace the summarizer or reader an operator relies on.
"""

from __future__ import annotations

import difflib
import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from .deliver.channel import Channel
    from .executors import Executor
    from .select.problem import Summarizer
    from .sources.readers import Reader

log = logging.getLogger(__name__)

T = TypeVar("T")


class UnknownName(LookupError):
    """A name no built-in or installed plugin registers; the message lists the known ones."""


class PluginError(RuntimeError):
    """A registered plugin that cannot be loaded (import error, bad object)."""


@dataclass(frozen=True)
class _Entry:
    name: str
    target: str  # "module:attribute"
    origin: str  # "briefgen" for built-ins, else the distribution that registered it


class Registry(Generic[T]):
    """Built-ins first (in their given order), then installed plugins by name."""

    def __init__(self, family: str, what: str, builtins: Mapping[str, str]) -> None:
        self.family = family
        self.group = f"briefgen.{family}"
        self.what = what  # how a message names one member: "algorithm", "reader", "channel"
        self._builtins = dict(builtins)
        self._entries: dict[str, _Entry] | None = None
        self._loaded: dict[str, T] = {}

    def _discover(self) -> dict[str, _Entry]:
        if self._entries is None:
            entries = {n: _Entry(n, t, "briefgen") for n, t in self._builtins.items()}
            plugins: list[EntryPoint] = sorted(
                entry_points(group=self.group), key=lambda ep: (ep.name, ep.value)
            )
            for ep in plugins:
                origin = ep.dist.name if ep.dist is not None else "unknown distribution"
                if ep.name in entries:
                    if entries[ep.name].target != ep.value:
                        log.warning(
                            "%s plugin %r from %s ignored: the name is taken by %s",
                            self.what,
                            ep.name,
                            origin,
                            entries[ep.name].origin,
                        )
                    continue
                entries[ep.name] = _Entry(ep.name, ep.value, origin)
            self._entries = entries
        return self._entries

    def names(self) -> tuple[str, ...]:
        """Every registered name, built-ins first; reads metadata only, imports nothing."""
        return tuple(self._discover())

    def origin(self, name: str) -> str:
        """Who registered ``name``: "briefgen" or the plugin's distribution."""
        return self._entry(name).origin

    def unknown(self, name: str) -> str:
        """The message for a name nobody registered: the close match, then every known name."""
        known = self.names()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown {self.what} '{name}'{hint}; known: {', '.join(known)}"

    def check(self, name: str) -> str:
        """``name`` when registered, else ValueError (for pydantic validators)."""
        if name not in self._discover():
            raise ValueError(self.unknown(name))
        return name

    def _entry(self, name: str) -> _Entry:
        try:
            return self._discover()[name]
        except KeyError:
            raise UnknownName(self.unknown(name)) from None

    def get(self, name: str) -> T:
        """The member registered as ``name``, imported on first use; a class is instantiated."""
        if name not in self._loaded:
            entry = self._entry(name)
            module, _, attr = entry.target.partition(":")
            try:
                obj: Any = importlib.import_module(module)
                for part in attr.split(".") if attr else ():
                    obj = getattr(obj, part)
                if isinstance(obj, type):
                    obj = obj()
            except Exception as e:  # noqa: BLE001 - a plugin's failure is reported, not raised raw
                raise PluginError(
                    f"{self.what} '{name}' from {entry.origin} cannot be loaded "
                    f"({entry.target}): {type(e).__name__}: {e}"
                ) from e
            self._loaded[name] = obj
        return self._loaded[name]

    def all(self) -> dict[str, T]:
        """Every member, loaded; for callers that must see them all (readers by suffix)."""
        return {name: self.get(name) for name in self.names()}

    def reset(self) -> None:
        """Forget discovered entry points and loaded members (tests that install plugins)."""
        self._entries = None
        self._loaded = {}


SUMMARIZERS: Registry[Summarizer] = Registry(
    "summarizers",
    "algorithm",
    {
        "coverage": "briefgen.select.summarizers:Coverage",
        "lexrank": "briefgen.select.baselines:LexRank",
        "centroid": "briefgen.select.baselines:Centroid",
        "mmr": "briefgen.select.baselines:MMR",
        "lead": "briefgen.select.baselines:Lead",
    },
)

READERS: Registry[Reader] = Registry(
    "readers",
    "reader",
    {
        "txt": "briefgen.sources.readers:TextReader",
        "md": "briefgen.sources.readers:MarkdownReader",
        "html": "briefgen.sources.readers:HtmlReader",
        "json": "briefgen.sources.readers:JsonReader",
        "jsonl": "briefgen.sources.readers:JsonLinesReader",
    },
)

CHANNELS: Registry[Channel] = Registry(
    "channels",
    "channel",
    {"email": "briefgen.deliver.channel:EmailChannel"},
)

# where the per-article stage runs (executors.py): a factory taking (jobs, scheduler)
EXECUTORS: Registry[Callable[[int | None, str | None], Executor]] = Registry(
    "executors",
    "executor",
    {"local": "briefgen.executors:local", "dask": "briefgen.executors:dask"},
)

FAMILIES: dict[str, Registry[Any]] = {
    r.family: r for r in (SUMMARIZERS, READERS, CHANNELS, EXECUTORS)
}
