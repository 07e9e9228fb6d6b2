"""Walk the configured inputs (files, folders, URLs) in a stable order and read each by format."""

from __future__ import annotations

import codecs
import logging
import os
import posixpath
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Document
from ..paths import printable
from .dates import DEFAULT_RULES, DateRules
from .formats import load_yaml, read_published, with_text
from .readers import by_suffix, read_text

if TYPE_CHECKING:
    from .fetch import FetchSettings
    from .web import Fetcher

log = logging.getLogger(__name__)

SIDECAR = "sources.yaml"
MAX_BYTES = 20 * 1024 * 1024  # one article file; larger is almost certainly not an article
# One article's text, in characters: a long report is well under a million; cleaning is linear,
# but a 20 MB file of hostile text would still cost a minute (see benchmarks/bench_text_linear).
MAX_TEXT_CHARS = 5 * 1024 * 1024
SIDECAR_KEYS = ("source", "url", "published", "title", "author")
_DATE_FIELDS = ("published", "published_at", "date_origin")  # what a sidecar's date sets
URL_LIST = ".urls"  # a file named in inputs that lists URLs, one a line
_TWICE = "already read (listed twice in inputs)"
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...]


def decode(data: bytes, path: str, warnings: list[str]) -> str | None:
    """UTF-8 when it is; otherwise the detected encoding, with a warning; None for binary."""
    for bom, encoding in _BOMS:  # before the NUL test: UTF-16/32 text is full of NULs
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            warnings.append(f"{path}: not UTF-8; read as {encoding}")
            return text
    if b"\x00" in data[:8192]:
        warnings.append(f"{path}: skipped: binary file")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        warnings.append(f"{path}: skipped: not text in any known encoding")
        return None
    best = matches[0]
    # Short texts fit many code pages equally well; news in Latin script is far more often
    # Windows-1252 / Latin-1 than a DOS or Baltic page, so prefer it when it is as clean.
    for m in matches:
        if "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos + 0.01:
            warnings.append(f"{path}: not UTF-8; read as cp1252")
            return data.decode("cp1252", errors="replace")
    warnings.append(f"{path}: not UTF-8; read as {best.encoding}")
    return str(best)


def count_skipped(warnings: Sequence[str]) -> int:
    """How many inputs the warnings skip: each says "<where>: skipped: <why>" or, for a
    malformed file, "<its error>; skipped"."""
    return sum(1 for w in warnings if ": skipped: " in w or w.endswith("; skipped"))


def _sidecar(
    folder: Path, shown: str, warnings: list[str], dates: DateRules = DEFAULT_RULES
) -> dict[str, dict[str, Any]]:
    """sources.yaml beside plain files: file name -> metadata. ``shown`` names the file.

    A malformed one is ignored with a warning: the files beside it are still read, without it.
    """
    try:
        return _read_sidecar(folder, shown, warnings, dates)
    except InputError as e:
        warnings.append(f"{e.message}; ignored: the files beside it are read without it")
        return {}


def _read_sidecar(
    folder: Path, shown: str, warnings: list[str], dates: DateRules
) -> dict[str, dict[str, Any]]:
    f = folder / SIDECAR
    if not f.is_file():
        return {}
    try:
        raw = f.read_bytes()
    except OSError as e:
        raise InputError(f"{shown}: cannot read: {e.strerror or e}") from None
    text = decode(raw, shown, warnings)
    if text is None:
        return {}
    data = load_yaml(text, shown, "invalid YAML") or {}
    files = data.get("files", data) if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise InputError(f"{shown}:1: expected 'files:' mapping file names to metadata")
    out = {}
    for name, meta in files.items():
        where = f"{shown}: files.{name}"
        if not isinstance(meta, dict):
            raise InputError(f"{where}: expected a mapping (source, url, published, title)")
        bad = [k for k in meta if k not in SIDECAR_KEYS]
        if bad:
            raise InputError(f"{where}.{bad[0]}: unknown key; known: {', '.join(SIDECAR_KEYS)}")
        out[str(name)] = {k: v for k, v in meta.items() if k != "published"}
        out[str(name)].update(read_published(meta.get("published"), where, warnings, dates))
    return out


def _apply_sidecar(doc: Document, meta: dict[str, Any] | None) -> Document:
    """Sidecar values fill what the file itself lacks (its date only when the file has none)."""
    changes: dict[str, Any] = {}
    for k, v in (meta or {}).items():
        if k in _DATE_FIELDS:
            if doc.published is not None or doc.published_at is not None:
                continue
        elif v is not None:
            v = str(v)
        if v and not getattr(doc, k):
            changes[k] = v
    return replace(doc, **changes) if changes else doc


def read_file(
    path: Path,
    display: str,
    warnings: list[str],
    readers: dict[str, str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> list[Document]:
    """The documents in one article file; ``display`` names it in documents and messages.

    ``readers`` maps suffixes to reader names (readers.by_suffix(), computed once per walk).
    A file that cannot be read or parsed is skipped with a warning naming file, line and key:
    one bad article never fails the whole day's brief (--strict makes it fail).
    """
    kind = (by_suffix() if readers is None else readers).get(path.suffix.lower())
    if kind is None:
        return []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            warnings.append(f"{display}: skipped: {size} bytes is larger than {MAX_BYTES}")
            return []
        data = path.read_bytes()
    except OSError as e:
        warnings.append(f"{display}: cannot read: {e.strerror or e}; skipped")
        return []
    if not data.strip():
        warnings.append(f"{display}: skipped: empty file")
        return []
    text = decode(data, display, warnings)
    if text is None:
        return []
    try:
        docs = read_text(kind, text, display, warnings, dates)
    except InputError as e:
        warnings.append(f"{e.message}; skipped")
        return []
    if not docs:  # "[]" in a .json file, a .jsonl of blank lines: said, never silent
        warnings.append(f"{display}: skipped: no articles in it")
        return []
    return [d for d in with_text(docs, warnings) if _not_too_long(d, warnings)]


def _not_too_long(doc: Document, warnings: list[str]) -> bool:
    if len(doc.text) <= MAX_TEXT_CHARS:
        return True
    warnings.append(
        f"{doc.path}: skipped: {len(doc.text)} characters of text is more than {MAX_TEXT_CHARS}"
    )
    return False


@dataclass(frozen=True)
class FileTask:
    """One article file to read, here or in a worker process (it pickles)."""

    path: Path
    display: str  # the path as the user named it (see _shown)
    readers: dict[str, str]  # suffix -> reader name (readers.by_suffix())
    dates: DateRules
    meta: dict[str, Any] | None  # the file's sources.yaml entry


FileResult = tuple[tuple[Document, ...], tuple[str, ...]]
# how a read's file tasks are run: [read_task(t) for t in tasks], in order (executors.py)
FileMap = Callable[[Callable[[FileTask], FileResult], Sequence[FileTask]], Sequence[FileResult]]


def read_task(task: FileTask) -> FileResult:
    """The documents in one file, its sidecar applied, and the warnings reading it raised."""
    warnings: list[str] = []
    docs = read_file(task.path, task.display, warnings, task.readers, task.dates)
    return tuple(_apply_sidecar(d, task.meta) for d in docs), tuple(warnings)


def _serial(fn: Callable[[FileTask], FileResult], tasks: Sequence[FileTask]) -> list[FileResult]:
    return [fn(t) for t in tasks]


def _shown(raw: str, rel: str = "") -> str:
    """A file's path as the user named it: the input as given, joined with the path below it;
    printable (paths.printable): a name's undecodable bytes and control characters escaped."""
    return printable(posixpath.normpath(posixpath.join(raw, rel) if rel else raw))


def _under(path: Path, folders: Sequence[Path]) -> bool:
    """Is ``path`` (unresolved) inside one of ``folders`` (resolved)? Symlinks count."""
    return bool(folders) and any(path.resolve().is_relative_to(f) for f in folders)


_OUTSIDE = "a symlink to a {} outside the input folder (follow_symlinks: true reads it)"


def _walk(
    folder: Path,
    exclude: Sequence[Path],
    suffixes: Collection[str],
    follow_symlinks: bool = False,
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Article files below ``folder``, sorted, and the symlinks skipped with why.

    Names starting with '_' or '.' are skipped, and so is everything under an ``exclude``
    folder (resolved paths) inside ``folder``: an excluded folder that holds the input itself
    (``out: .``) excludes nothing of it. A symlink (to a file or a folder) that leads out of
    ``folder`` is skipped unless ``follow_symlinks``; a symlinked folder inside it is walked
    where it really is. Each real folder is walked once, so a symlink loop ends.
    """
    exclude = [e for e in exclude if not _under(folder, [e])]
    root = Path(os.path.realpath(folder))
    walked = {root}  # real folders walked or queued
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for here, dirs, names in os.walk(folder, followlinks=follow_symlinks):
        if _under(Path(here), exclude):
            dirs[:] = []
            continue
        keep = []
        for d in sorted(dirs):
            p = Path(here, d)
            if d.startswith(("_", ".")):
                continue
            real = Path(os.path.realpath(p))
            if p.is_symlink() and not follow_symlinks:
                if not real.is_relative_to(root):
                    skipped.append((p, _OUTSIDE.format("folder")))
                continue  # one inside: its files are read where they are
            if real not in walked:
                walked.add(real)
                keep.append(d)
        dirs[:] = keep
        for n in names:
            p = Path(here, n)
            if n.startswith(("_", ".")) or p.suffix.lower() not in suffixes:
                continue
            if p.is_symlink():
                real = Path(os.path.realpath(p))
                if not real.is_file():
                    skipped.append((p, "a broken symlink or a symlink loop"))
                    continue
                if not follow_symlinks and not real.is_relative_to(root):
                    skipped.append((p, _OUTSIDE.format("file")))
                    continue
            if p.is_file() and not _under(p, exclude):
                files.append(p)
    return sorted(files), sorted(skipped)


class _Reading:
    """One read_inputs call: what was read so far, so an input listed twice is read once."""

    def __init__(
        self,
        base: Path,
        exclude: Sequence[Path],
        fetch: FetchSettings | None = None,
        dates: DateRules = DEFAULT_RULES,
        follow_symlinks: bool = False,
    ) -> None:
        self.dates = dates  # how the files' metadata dates are read
        self.follow_symlinks = follow_symlinks  # into files and folders outside an input folder
        self.fetch = fetch
        self._fetcher: Fetcher | None = None  # at the first URL: files alone import no HTTP
        self.exclude = [(e if e.is_absolute() else base / e).resolve() for e in map(Path, exclude)]
        self.docs: list[Document] = []
        self.warnings: list[str] = []
        self.seen: set[str] = set()
        self.readers = by_suffix()  # suffix -> reader name, plugins included
        # files to read, each with where its documents and warnings go in docs and warnings:
        # the walk is here, the reading (the costly part) is mapped over them at the end
        self.tasks: list[tuple[int, int, FileTask]] = []

    def defer(self, path: Path, display: str, meta: dict[str, Any] | None) -> None:
        task = FileTask(path, display, self.readers, self.dates, meta)
        self.tasks.append((len(self.docs), len(self.warnings), task))

    def read_files(self, map_files: FileMap) -> None:
        """Read the deferred files with ``map_files``; their documents and warnings take the
        places they would have had if each had been read when the walk reached it."""
        results = map_files(read_task, [t for _, _, t in self.tasks])
        for (at_doc, at_warning, _), (docs, warnings) in reversed(
            list(zip(self.tasks, results, strict=True))
        ):
            self.docs[at_doc:at_doc] = docs
            self.warnings[at_warning:at_warning] = warnings
        self.tasks = []

    def first_time(self, key: str) -> bool:
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def url(self, raw: str) -> None:
        from .remote import read_url
        from .web import Fetcher

        if not self.first_time(raw):
            self.warnings.append(f"{raw}: {_TWICE}")
            return
        if self._fetcher is None:
            self._fetcher = Fetcher(self.fetch)
        self.docs.extend(read_url(raw, self._fetcher, self.warnings, self.seen, self.dates))

    def url_list(self, raw: str, path: Path) -> None:
        """A ``.urls`` file: each URL it lists is read as if it were listed in inputs."""
        from .remote import url_lines

        display = _shown(raw)
        if not self.first_time(str(path.resolve())):
            self.warnings.append(f"{display}: {_TWICE}")
            return
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                self.warnings.append(f"{display}: skipped: {size} bytes is larger than {MAX_BYTES}")
                return
            data = path.read_bytes()
        except OSError as e:
            self.warnings.append(f"{display}: cannot read: {e.strerror or e}; skipped")
            return
        text = decode(data, display, self.warnings)
        for url in url_lines(text, display, self.warnings) if text is not None else ():
            self.url(url)

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    def folder(self, raw: str, folder: Path) -> None:
        found, skipped = _walk(folder, self.exclude, self.readers, self.follow_symlinks)
        for link, why in skipped:
            rel = link.relative_to(folder).as_posix()
            self.warnings.append(f"{_shown(raw, rel)}: skipped: {why}")
        if not found:
            self.warnings.append(f"{raw}: no article files ({' '.join(self.readers)})")
            return
        new = {f for f in found if self.first_time(str(f.resolve()))}
        if not new:
            self.warnings.append(f"{raw}: {_TWICE}")
            return
        sidecars: dict[Path, dict] = {}
        for f in found:
            rel = f.relative_to(folder).as_posix()
            if f not in new:
                self.warnings.append(f"{_shown(raw, rel)}: {_TWICE}")
                continue
            if f.parent not in sidecars:
                shown = _shown(raw, posixpath.join(posixpath.dirname(rel), SIDECAR))
                sidecars[f.parent] = _sidecar(f.parent, shown, self.warnings, self.dates)
            self.defer(f, _shown(raw, rel), sidecars[f.parent].get(f.name))

    def file(self, raw: str, path: Path) -> None:
        display = _shown(raw)
        if path.suffix.lower() == URL_LIST:
            self.url_list(raw, path)
            return
        if path.suffix.lower() not in self.readers:
            raise InputError(
                f"{display}: not an article file; briefgen reads {' '.join(sorted(self.readers))}"
            )
        if not self.first_time(str(path.resolve())):
            self.warnings.append(f"{display}: {_TWICE}")
            return
        shown = _shown(posixpath.join(posixpath.dirname(raw), SIDECAR))
        meta = _sidecar(path.parent, shown, self.warnings, self.dates).get(path.name)
        self.defer(path, display, meta)


def read_inputs(
    inputs: Sequence[str],
    base: Path,
    exclude: Sequence[Path] = (),
    fetch: FetchSettings | None = None,
    dates: DateRules = DEFAULT_RULES,
    map_files: FileMap = _serial,
    follow_symlinks: bool = False,
) -> ReadResult:
    """Read every input in order. Folders are walked in sorted order; URLs are fetched.

    Relative inputs are relative to ``base``; a document's path is the input as given joined
    with the file's path below it. Files under an ``exclude`` folder (the output and template
    folders) are never read by a folder walk; a file or URL listed twice is read once. URLs
    (given, or listed in a ``.urls`` file) are fetched with ``fetch`` (default: no cache).
    Metadata dates are read by ``dates`` (the config's timezone and day-month order).
    The files found are read by ``map_files`` (an executor's map: worker processes), which
    changes nothing in the result. A symlink in a folder that leads out of it is skipped with a
    warning unless ``follow_symlinks``. Paths are shown printable (paths.printable).
    """
    if not inputs:
        raise InputError("no inputs: give --input DIR or 'inputs:' in the config")
    reading = _Reading(base, exclude, fetch, dates, follow_symlinks)
    try:
        for raw in inputs:
            if raw.lower().startswith(("http://", "https://")):
                reading.url(raw)
                continue
            p = Path(raw).expanduser()
            p = p if p.is_absolute() else base / p
            shown = printable(raw)  # names the input in documents and messages
            if p.is_dir():
                reading.folder(shown, p)
            elif p.is_file():
                reading.file(shown, p)
            else:
                raise InputError(f"{shown}: input not found (looked in {printable(str(p.parent))})")
        reading.read_files(map_files)
    finally:
        reading.close()
    for w in reading.warnings:
        log.warning(w)
    return ReadResult(tuple(reading.docs), tuple(reading.warnings))
