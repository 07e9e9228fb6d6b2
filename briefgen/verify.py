"""`briefgen verify`: re-read a built brief's sources and check that every span still holds.

The brief's JSON (or the copy a briefgen PDF carries as its attachment) names each cited
article's path and the sha256 of its cleaned text. Verify reads those files again exactly as
build does (pipeline.load_articles), compares the hashes, and checks every item, discrepancy
version, timeline event, quote and listed name: ``spans[0]`` must cover exactly its text, every
other span must lie within its article. URLs are not fetched again: they are a warning, not a
mismatch.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefgenError, InputError
from .model import Article, Brief, Span
from .pipeline import load_articles
from .render.brief_json import BriefJsonError, brief_from_json
from .sources.remote import is_url

log = logging.getLogger(__name__)

# how much of a differing text a mismatch line quotes, each side
QUOTE_CHARS = 60


@dataclass(frozen=True)
class Report:
    """What verify found: one line per mismatch (empty: the brief holds) and the counts."""

    mismatches: tuple[str, ...]
    warnings: tuple[str, ...]
    items: int  # items, discrepancy versions, timeline events, quotes and names checked
    spans: int
    articles: int  # articles re-read and compared

    @property
    def ok(self) -> bool:
        return not self.mismatches

    def summary(self) -> str:
        return f"verify: ok: {self.items} items, {self.spans} spans, {self.articles} articles"


@dataclass(frozen=True)
class _Cited:
    """One thing in the brief that quotes its sources: its label, its text and its spans."""

    label: str  # "K1", "2.3", "2.3 version 2", "timeline 4"
    text: str
    spans: tuple[Span, ...]


def verify(
    brief_path: Path,
    inputs: Sequence[Path] = (),
    patterns: Sequence[str] = (),
    defaults: bool = True,
) -> Report:
    """Check the brief at ``brief_path`` (.json, or a briefgen .pdf) against its sources.

    Article paths are looked up under each of ``inputs``; without any, under the brief's own
    folder, then its parent (the project folder, for a brief in the default ``out/``), then
    the current folder. An absolute path is used as it is. ``patterns`` and ``defaults``: the
    boilerplate rules the build cleaned with (the config's ``boilerplate``), so the text is
    cleaned the same way again.
    """
    brief = load_brief(brief_path)
    folder = brief_path.resolve().parent
    roots = list(inputs) or [folder, folder.parent, Path.cwd()]
    mismatches: list[str] = []
    warnings: list[str] = []
    reread: dict[str, Article] = {}  # brief's article id -> the article as it reads today
    for a in brief.articles:
        found = _reread(a, brief.articles, roots, (patterns, defaults), mismatches, warnings)
        if found is not None:
            reread[a.id] = found
    cited = list(_cited(brief))
    listed = {a.id: a for a in brief.articles}
    spans = 0
    for c in cited:
        for i, span in enumerate(c.spans):
            spans += 1
            if span.article not in listed:
                mismatches.append(f"{c.label}: cites {span.article}, which the brief does not list")
                continue
            current = reread.get(span.article)
            if current is not None:
                problem = _span_problem(current.text, span, c.text if i == 0 else None)
                if problem:
                    mismatches.append(f"{c.label}: {listed[span.article].path}: {problem}")
    for w in warnings:
        log.warning(w)
    return Report(tuple(mismatches), tuple(warnings), len(cited), spans, len(reread))


def load_brief(path: Path) -> Brief:
    """The Brief a .json file holds, or the JSON a briefgen PDF carries as its attachment."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None
    if path.suffix.lower() == ".pdf":
        data = pdf_attachment(data, str(path))
    try:
        return brief_from_json(data.decode("utf-8"))
    except (UnicodeDecodeError, BriefJsonError) as e:
        raise InputError(f"{path}: not a brief's JSON: {e}") from None


_EMBEDDED = re.compile(rb"/Type\s*/EmbeddedFile\b")
_STREAM = re.compile(rb"stream\r?\n")
_CHECKSUM = re.compile(rb"/CheckSum\s*<([0-9a-fA-F]{32})>")


def pdf_attachment(pdf: bytes, where: str) -> bytes:
    """The one embedded file of a PDF as WeasyPrint writes it (a Flate-compressed stream with
    an MD5 checksum); anything else is an error rather than a guess."""
    found = list(_EMBEDDED.finditer(pdf))
    if len(found) != 1:
        raise InputError(
            f"{where}: expected one attached file (the brief's JSON), found {len(found)}; "
            "verify the .json instead"
        )
    start = found[0].end()
    stream = _STREAM.search(pdf, start)
    if stream is None:
        raise InputError(f"{where}: the attached file has no stream")
    header = pdf[start : stream.start()]
    if b"/FlateDecode" not in header:
        raise InputError(f"{where}: the attached file is not Flate-compressed; verify the .json")
    try:
        data = zlib.decompressobj().decompress(pdf[stream.end() :])
    except zlib.error as e:
        raise InputError(f"{where}: the attached file does not decompress: {e}") from None
    checksum = _CHECKSUM.search(header)
    if checksum is None or hashlib.md5(data).hexdigest() != checksum.group(1).decode().lower():
        raise InputError(f"{where}: the attached file fails its checksum; verify the .json")
    return data


def _cited(brief: Brief) -> Iterator[_Cited]:
    """Everything with spans, labelled as the reader sees it (K1, 2.3)."""
    labelled = [(f"K{i}", it) for i, it in enumerate(brief.key_points, 1)]
    labelled += [
        (f"{n}.{i}", it) for n, s in enumerate(brief.sections, 1) for i, it in enumerate(s.items, 1)
    ]
    for label, it in labelled:
        yield _Cited(label, it.text, it.spans)
        for d in it.discrepancies:
            for j, v in enumerate(d.versions, 1):
                yield _Cited(f"{label} version {j}", v.text, v.spans)
    for i, e in enumerate(brief.timeline, 1):
        yield _Cited(f"timeline {i}", e.text, e.spans)
    for i, q in enumerate(brief.quotes, 1):
        yield _Cited(f"quote {i}", q.text, q.spans)
        for j, qv in enumerate(q.versions, 2):
            yield _Cited(f"quote {i} version {j}", qv.text, qv.spans)
    for kind, entities in (("person", brief.people), ("organization", brief.organizations)):
        for i, en in enumerate(entities, 1):
            yield _Cited(f"{kind} {i} ({en.name})", en.name, en.spans)


def _span_problem(text: str, span: Span, expected: str | None) -> str:
    """What is wrong with ``span`` in today's ``text``; "" when it holds. ``expected``: the
    text the span must cover exactly (the representative span), None for other spans."""
    if not 0 <= span.start <= span.end <= len(text):
        return f"span {span.start}-{span.end} lies outside the article ({len(text)} characters)"
    found = text[span.start : span.end]
    if expected is not None and found != expected:
        at = next(
            (i for i, (x, y) in enumerate(zip(expected, found, strict=False)) if x != y), None
        )
        at = min(len(expected), len(found)) if at is None else at
        return (
            f"text at {span.start}-{span.end} differs: brief has {_quote(expected, at)}, "
            f"source has {_quote(found, at)}"
        )
    return ""


def _quote(text: str, at: int) -> str:
    """``text`` around ``at`` (where it first differs), at most QUOTE_CHARS of it."""
    start = max(0, at - QUOTE_CHARS // 3)
    shown = text[start : start + QUOTE_CHARS]
    return repr(("…" if start else "") + shown + ("…" if start + QUOTE_CHARS < len(text) else ""))


def _reread(
    a: Article,
    listed: Sequence[Article],
    roots: Sequence[Path],
    cleaning: tuple[Sequence[str], bool],
    mismatches: list[str],
    warnings: list[str],
) -> Article | None:
    """``a`` read again from its file, its hash compared; None when it cannot be re-read (the
    reason is a mismatch line, or a warning for a URL)."""
    if is_url(a.path) or (not a.path and a.url):
        warnings.append(f"{a.path or a.url}: not re-read (URL); its spans are not checked")
        return None
    # a path the build saw as absolute (an input outside the project) is looked for by its name
    # under the roots first: `--inputs COPY` checks the copy, not the original
    names = [Path(a.path).name, a.path] if Path(a.path).is_absolute() else [a.path]
    place = next(((r, n) for n in names for r in roots if (r / n).is_file()), None)
    if place is None:
        where = ", ".join(str(r) for r in roots)
        mismatches.append(f"{a.path}: no longer exists (looked under {where})")
        return None
    root, name = place
    try:
        corpus = load_articles([name], root, *cleaning)
    except BriefgenError as e:
        mismatches.append(f"{a.path}: cannot be read again: {e.format_message()}")
        return None
    found = _match(a, [r for r in corpus.articles if r.path == name], listed)
    if found is None:
        mismatches.append(f"{a.path}: the article '{a.title}' is no longer in it")
        return None
    if a.content_hash and found.content_hash != a.content_hash:
        mismatches.append(f"{a.path}: content hash differs: the text changed since the build")
    elif not a.content_hash:
        warnings.append(f"{a.path}: the brief has no content hash (built before verify)")
    return found


def _match(a: Article, candidates: Sequence[Article], listed: Sequence[Article]) -> Article | None:
    """Which re-read article is ``a``: the only one in its file, else the one with its hash,
    else the one with its title (a JSON or feed file holds several)."""
    if len(candidates) == 1 and sum(b.path == a.path for b in listed) == 1:
        return candidates[0]
    for same in (
        lambda r: bool(a.content_hash) and r.content_hash == a.content_hash,
        lambda r: r.title == a.title,
    ):
        hits = [r for r in candidates if same(r)]
        if hits:
            return hits[0]
    return None
