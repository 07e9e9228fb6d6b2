"""Input formats as registered readers: the built-ins here, plugins through ``briefgen.readers``.

A reader claims file suffixes and turns a file's decoded text into Documents. The walk of an
input folder reads every file whose suffix some reader claims; a plugin reader joins the same
table the built-ins are in (see docs/plugins.md).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, cast

from ..errors import BriefgenError
from ..model import Document
from ..registry import READERS, PluginError
from .dates import DEFAULT_RULES, DateRules
from .formats import read_html, read_json, read_jsonl, read_markdown, read_txt

log = logging.getLogger(__name__)


class Reader(Protocol):
    """What a reader plugin implements.

    ``suffixes``: the lower-case file suffixes it reads, with the dot (``(".rst",)``).
    ``read(text, path)``: the file's text (already decoded, size-checked, non-empty) and the path
    to name it by in documents and messages; returns its Documents (one per article; an article
    with empty ``text`` is skipped with a warning). Raise ``briefgen.errors.InputError`` with a
    ``path:line: problem`` message for a malformed file.
    """

    suffixes: tuple[str, ...]

    def read(self, text: str, path: str) -> list[Document]: ...


class BuiltinReader(Reader, Protocol):
    """The built-ins also take the read's warnings (a bad date is one) and its date rules."""

    def read(
        self,
        text: str,
        path: str,
        *,
        warnings: list[str] | None = None,
        dates: DateRules = DEFAULT_RULES,
    ) -> list[Document]: ...


class TextReader:
    suffixes = (".txt",)

    def read(self, text: str, path: str, **_: object) -> list[Document]:
        return [read_txt(text, path)]


class MarkdownReader:
    suffixes = (".md", ".markdown")

    def read(self, text: str, path: str, **kw: Any) -> list[Document]:
        return [read_markdown(text, path, **kw)]


class HtmlReader:
    suffixes = (".html", ".htm")

    def read(self, text: str, path: str, **kw: Any) -> list[Document]:
        return [read_html(text, path, **kw)]


class JsonReader:
    suffixes = (".json",)

    def read(self, text: str, path: str, **kw: Any) -> list[Document]:
        return read_json(text, path, **kw)


class JsonLinesReader:
    suffixes = (".jsonl",)

    def read(self, text: str, path: str, **kw: Any) -> list[Document]:
        return read_jsonl(text, path, **kw)


def by_suffix() -> dict[str, str]:
    """Suffix -> the name of the reader that claims it; the first claim wins (built-ins first)."""
    table: dict[str, str] = {}
    for name, reader in READERS.all().items():
        for suffix in reader.suffixes:
            suffix = suffix.lower()
            if suffix in table:
                log.warning(
                    "reader '%s' from %s: %s is already read by '%s'; ignored",
                    name,
                    READERS.origin(name),
                    suffix,
                    table[suffix],
                )
                continue
            table[suffix] = name
    return table


def read_text(
    name: str,
    text: str,
    path: str,
    warnings: list[str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> list[Document]:
    """The documents reader ``name`` finds in ``text``; a plugin's crash names the plugin.

    A built-in reader adds its warnings (a bad date) to ``warnings`` and reads dates by
    ``dates``; a plugin's read(text, path) is called as docs/plugins.md describes it.
    """
    reader = READERS.get(name)
    if READERS.origin(name) == "briefgen":
        return cast(BuiltinReader, reader).read(text, path, warnings=warnings, dates=dates)
    try:
        return list(reader.read(text, path))
    except BriefgenError:
        raise
    except Exception as e:  # noqa: BLE001 - a plugin's bug is reported as the plugin's
        raise PluginError(
            f"reader '{name}' from {READERS.origin(name)} failed on {path}: {type(e).__name__}: {e}"
        ) from e
