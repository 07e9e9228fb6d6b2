"""Input formats as registered readers: the built-ins here, plugins through ``briefgen.readers``.

A reader claims file suffixes and turns a file's decoded text into Documents. The walk of an
input folder reads every file whose suffix some reader claims; a plugin reader joins the same
table the built-ins are in (see docs/plugins.md).
"""

from __future__ import annotations

import logging
from typing import Protocol

from ..errors import BriefgenError
from ..model import Document
from ..registry import READERS, PluginError
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


class TextReader:
    suffixes = (".txt",)

    def read(self, text: str, path: str) -> list[Document]:
        return [read_txt(text, path)]


class MarkdownReader:
    suffixes = (".md", ".markdown")

    def read(self, text: str, path: str) -> list[Document]:
        return [read_markdown(text, path)]


class HtmlReader:
    suffixes = (".html", ".htm")

    def read(self, text: str, path: str) -> list[Document]:
        return [read_html(text, path)]


class JsonReader:
    suffixes = (".json",)

    def read(self, text: str, path: str) -> list[Document]:
        return read_json(text, path)


class JsonLinesReader:
    suffixes = (".jsonl",)

    def read(self, text: str, path: str) -> list[Document]:
        return read_jsonl(text, path)


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


def read_text(name: str, text: str, path: str) -> list[Document]:
    """The documents reader ``name`` finds in ``text``; a plugin's crash names the plugin."""
    reader = READERS.get(name)
    if READERS.origin(name) == "briefgen":
        return reader.read(text, path)
    try:
        return list(reader.read(text, path))
    except BriefgenError:
        raise
    except Exception as e:  # noqa: BLE001 - a plugin's bug is reported as the plugin's
        raise PluginError(
            f"reader '{name}' from {READERS.origin(name)} failed on {path}: {type(e).__name__}: {e}"
        ) from e
