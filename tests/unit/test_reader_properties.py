"""Issue 13: any bytes as an article file of each text format, and any bytes as a file name.

Contract: ``read_file`` gives Documents, each of which ``prepare_article`` turns into an
Article, or skips the file with a warning ("...: skipped: ..." / "...; skipped"); it never
raises. The YAML front matter's own property is in test_yamlsafe.py. Example counts are small
so the file runs in seconds; hypothesis keeps no database here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.paths import printable
from briefgen.sources.reader import count_skipped, read_file
from briefgen.sources.readers import by_suffix
from briefgen.text import prepare_article

FORMATS = [".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"]


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Openings each reader parses differently, so generated bodies reach past the first check.
OPENINGS = [
    b"",
    b"---\n",
    b"---\ntitle: x\n---\n",
    b"# Heading\n",
    b"{",
    b'{"text": "',
    b"[",
    b"<html><body><p>",
    b"<?xml version='1.0'?>",
    b"\xef\xbb\xbf",  # a UTF-8 byte order mark
    b"\xff\xfe",  # UTF-16 LE
    b"\x00\x00\xfe\xff",  # UTF-32 BE
]
PIECES = [
    "Port workers ended their strike on Tuesday. ",
    "\n",
    "\n\n",
    "\r\n",
    "- ",
    "1. ",
    "**",
    "[a](",
    "![x](y)",
    "<p>",
    "</p>",
    "<script>",
    '"',
    "“",
    "...",
    "…",
    "\u2028",
    "\x00",
    "\x1b[31m",
    '", "published": "2026-02-30", "title": ',
    "}",
    "]",
    "---\n",
    "&amp;",
    "é",
    "\ud800",
]


def _encoded(pieces: list[str], encoding: str) -> bytes:
    """The pieces in ``encoding``; in UTF-8 a lone surrogate is kept as its (invalid) bytes."""
    errors = "surrogatepass" if encoding == "utf-8" else "replace"
    return "".join(pieces).encode(encoding, errors=errors)


file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.tuples(
        st.sampled_from(OPENINGS),
        st.lists(st.sampled_from(PIECES), max_size=40),
        st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]),
    ).map(lambda t: t[0] + _encoded(t[1], t[2])),
    st.tuples(st.sampled_from(OPENINGS), st.binary(max_size=500)).map(lambda t: t[0] + t[1]),
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """One folder for the module: hypothesis runs many examples per test call."""
    return tmp_path_factory.mktemp("props")


def _read(folder: Path, suffix: str, data: bytes) -> tuple[list, list[str]]:
    path = folder / f"article{suffix}"
    path.write_bytes(data)
    warnings: list[str] = []
    docs = read_file(path, f"in/article{suffix}", warnings, by_suffix())
    return docs, warnings


@pytest.mark.parametrize("suffix", FORMATS)
@examples(40)
@given(data=file_bytes)
def test_any_bytes_are_an_article_or_a_clean_skip(folder: Path, suffix: str, data: bytes) -> None:
    docs, warnings = _read(folder, suffix, data)
    if not docs:
        assert count_skipped(warnings) >= 1, warnings
    for w in warnings:  # each warning is one line that names the file
        assert w.startswith("in/article") and "\n" not in w
    for i, doc in enumerate(docs):
        assert doc.path.startswith(f"in/article{suffix}")
        article = prepare_article(doc, f"a{i:02d}")
        for s in article.sentences:
            assert article.text[s.start : s.end] == s.text


@examples(60)
@given(name=st.binary(min_size=1, max_size=40))
def test_a_file_name_of_any_bytes_is_read_and_shown_printable(folder: Path, name: bytes) -> None:
    """Any bytes a POSIX file name can hold: the document's path is one printable UTF-8 line."""
    raw = name.replace(b"/", b"_").replace(b"\x00", b"_") + b".txt"
    if raw in (b".txt", b"..txt") or raw.startswith(b"."):
        raw = b"x" + raw
    path = folder / os.fsdecode(raw)
    try:
        path.write_bytes(b"Port workers ended their strike on Tuesday, the union said.\n")
    except OSError:  # a file system that refuses the name (not POSIX bytes)
        return
    shown = printable(f"in/{os.fsdecode(raw)}")
    warnings: list[str] = []
    docs = read_file(path, shown, warnings, by_suffix())
    path.unlink()
    assert [d.path for d in docs] == [shown]
    assert shown.isprintable() and shown.encode("utf-8")
    assert os.fsdecode(raw).isprintable() or "\\" in shown
