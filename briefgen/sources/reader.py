"""Walk the configured inputs (files, folders, URLs) in a stable order and read each by format."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..model import Document
from .formats import parse_date, read_html, read_json, read_jsonl, read_markdown, read_txt

log = logging.getLogger(__name__)

READERS = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}
SIDECAR = "sources.yaml"
MAX_BYTES = 20 * 1024 * 1024  # one article file; larger is almost certainly not an article


@dataclass(frozen=True)
class ReadResult:
    documents: tuple[Document, ...]
    warnings: tuple[str, ...]


def decode(data: bytes, path: str, warnings: list[str]) -> str | None:
    """UTF-8 when it is; otherwise the detected encoding, with a warning; None for binary."""
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


def _sidecar(folder: Path, warnings: list[str]) -> dict[str, dict[str, Any]]:
    """sources.yaml beside plain files: file name -> metadata."""
    f = folder / SIDECAR
    if not f.is_file():
        return {}
    try:
        data = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        raise InputError(f"{f}{f':{mark.line + 1}' if mark else ''}: invalid YAML") from None
    files = data.get("files", data) if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise InputError(f"{f}:1: expected 'files:' mapping file names to metadata")
    out = {}
    for name, meta in files.items():
        if not isinstance(meta, dict):
            raise InputError(
                f"{f}: files.{name}: expected a mapping (source, url, published, title)"
            )
        bad = [k for k in meta if k not in ("source", "url", "published", "title", "author")]
        if bad:
            raise InputError(
                f"{f}: files.{name}.{bad[0]}: unknown key; "
                "known: source, url, published, title, author"
            )
        out[str(name)] = meta
    return out


def _apply_sidecar(doc: Document, meta: dict[str, Any], where: str) -> Document:
    """Sidecar values fill what the file itself lacks."""
    changes: dict[str, Any] = {}
    for k, v in meta.items():
        if k == "published":
            v = parse_date(v, where)
        elif v is not None:
            v = str(v)
        if v and not getattr(doc, k):
            changes[k] = v
    return replace(doc, **changes) if changes else doc


def read_file(path: Path, display: str, warnings: list[str]) -> list[Document]:
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        return []
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            warnings.append(f"{display}: skipped: {size} bytes is larger than {MAX_BYTES}")
            return []
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{display}: cannot read: {e.strerror or e}") from None
    if not data.strip():
        warnings.append(f"{display}: skipped: empty file")
        return []
    text = decode(data, display, warnings)
    if text is None:
        return []
    if kind == "txt":
        docs = [read_txt(text, display)]
    elif kind == "md":
        docs = [read_markdown(text, display)]
    elif kind == "html":
        docs = [read_html(text, display)]
    elif kind == "json":
        docs = read_json(text, display)
    else:
        docs = read_jsonl(text, display)
    out = []
    for d in docs:
        if not d.text.strip():
            warnings.append(f"{d.path}: skipped: no article text")
        else:
            out.append(d)
    return out


def _walk(folder: Path) -> list[Path]:
    """Article files below ``folder``, sorted; names starting with '_' or '.' are skipped."""
    files = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).parts
        if any(part.startswith(("_", ".")) for part in rel):
            continue
        if p.is_file() and p.suffix.lower() in READERS:
            files.append(p)
    return files


def read_inputs(inputs: Sequence[str], base: Path) -> ReadResult:
    """Read every input in order. Folders are walked in sorted order; URLs are fetched."""
    warnings: list[str] = []
    docs: list[Document] = []
    if not inputs:
        raise InputError("no inputs: give --input DIR or 'inputs:' in the config")
    for raw in inputs:
        if raw.startswith(("http://", "https://")):
            from .remote import read_url

            docs.extend(read_url(raw, warnings))
            continue
        p = Path(raw).expanduser()
        p = p if p.is_absolute() else base / p
        if p.is_dir():
            found = _walk(p)
            if not found:
                warnings.append(f"{raw}: no article files (.txt .md .html .json .jsonl)")
            sidecars: dict[Path, dict] = {}
            for f in found:
                if f.name == SIDECAR:
                    continue
                if f.parent not in sidecars:
                    sidecars[f.parent] = _sidecar(f.parent, warnings)
                display = _display(f, base)
                for d in read_file(f, display, warnings):
                    meta = sidecars[f.parent].get(f.name)
                    docs.append(_apply_sidecar(d, meta, display) if meta else d)
        elif p.is_file():
            display = _display(p, base)
            if p.suffix.lower() not in READERS:
                raise InputError(
                    f"{display}: not an article file; briefgen reads "
                    f"{' '.join(sorted(set(READERS)))}"
                )
            meta = _sidecar(p.parent, warnings).get(p.name)
            for d in read_file(p, display, warnings):
                docs.append(_apply_sidecar(d, meta, display) if meta else d)
        else:
            raise InputError(f"{raw}: input not found (looked in {p.parent})")
    for w in warnings:
        log.warning(w)
    return ReadResult(tuple(docs), tuple(warnings))


def _display(p: Path, base: Path) -> str:
    try:
        return str(p.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(p)
