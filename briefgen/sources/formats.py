"""One reader per input format. Each takes bytes already decoded to text and returns Documents."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from .. import yamlsafe
from ..errors import InputError
from ..model import Document
from .dates import DEFAULT_RULES, DateRules, parse_date

log = logging.getLogger(__name__)

META_KEYS = ("title", "source", "url", "published", "author")


def load_yaml(
    text: str,
    path: str,
    what: str,
    first_line: int = 1,
    max_chars: int = yamlsafe.MAX_SIDECAR_CHARS,
) -> Any:
    """Untrusted YAML from a file's text (front matter, a sidecar): no aliases, at most
    ``max_chars``, dates kept as text (dates.parse_date reads them; a bad one is a warning).
    Errors name ``path`` and the line (the text begins on ``first_line`` of the file)."""
    try:
        return yamlsafe.load(text, trusted=False, max_chars=max_chars, dates_as_text=True)
    except yamlsafe.YamlError as e:
        line = f":{e.line + first_line - 1}" if e.line else ""
        raise InputError(f"{path}{line}: {what}: {e.problem}") from None


def read_published(
    value: Any, where: str, warnings: list[str] | None, dates: DateRules = DEFAULT_RULES
) -> dict[str, Any]:
    """The Document's date fields for a metadata ``published`` value (text, or a YAML/JSON
    scalar). One that is not a date is a warning (logged when ``warnings`` is None) and no
    date: the article is still read, undated."""
    if value is None or value == "":
        return {}
    found = parse_date(value, dates)
    if found is None:
        shown = yamlsafe.shown(_as_text(value))
        warn(warnings, f"{where}: published: not a date: {shown}; read as undated")
        return {}
    return {"published": found.day, "published_at": found.at, "date_origin": "article"}


def _as_text(value: Any) -> Any:
    """A number as the text it was written as (``20261301`` is shown as '20261301'); anything
    else as it is, for yamlsafe.shown to echo without walking it."""
    if isinstance(value, float) or (isinstance(value, int) and value.bit_length() <= 128):
        return str(value)
    return value


def warn(warnings: list[str] | None, message: str) -> None:
    """Add ``message`` to the read's warnings; a reader called on its own logs it instead."""
    if warnings is None:
        log.warning(message)
    else:
        warnings.append(message)


def _meta(
    record: dict, where: str, warnings: list[str] | None, dates: DateRules = DEFAULT_RULES
) -> dict:
    unknown = [k for k in record if k not in (*META_KEYS, "text", "body", "id", "tags", "summary")]
    if unknown:
        raise InputError(
            f"{where}: unknown key {yamlsafe.shown(unknown[0])}; "
            f"known: {', '.join(META_KEYS)}, text"
        )
    out: dict[str, Any] = {}
    for k in META_KEYS:
        v = record.get(k)
        if k == "published":
            out.update(read_published(v, where, warnings, dates))
        elif v is not None:
            if not isinstance(v, (str, int, float)):
                raise InputError(f"{where}: {k}: expected text, got {type(v).__name__}")
            out[k] = str(v).strip()
    return out


# --------------------------------------------------------------------------- plain text

_HEADLINE_MAX_WORDS = 16


def looks_like_headline(line: str) -> bool:
    """A short line without sentence-final punctuation reads as a headline."""
    s = line.strip()
    if not s or len(s.split()) > _HEADLINE_MAX_WORDS or s.startswith(("-", "*", "•")):
        return False
    return not s.endswith((".", "!", "?", ":", ";", ",", '"', "”"))


def read_txt(text: str, path: str) -> Document:
    lines = text.splitlines()
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    title = ""
    if first is not None and looks_like_headline(lines[first]):
        rest = [ln for ln in lines[first + 1 :] if ln.strip()]
        if rest:  # a lone line is the article, not its title
            title = " ".join(lines[first].split())
            lines = lines[first + 1 :]
    return Document(path=path, text="\n".join(lines), title=title)


# --------------------------------------------------------------------------- markdown

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*$\r?\n?", re.S | re.M)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def _md_inline(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPH.sub(lambda m: m.group(2) or m.group(3) or "", line)


def read_markdown(
    text: str,
    path: str,
    *,
    warnings: list[str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> Document:
    """Front matter (a bad date in it is a warning in ``warnings``) and the body as text."""
    meta: dict[str, Any] = {}
    body = text
    m = _FRONT.match(text)
    if m:
        front = m.group(1)
        data = load_yaml(front, path, "front matter", 2, yamlsafe.MAX_FRONT_MATTER_CHARS) or {}
        if not isinstance(data, dict):
            raise InputError(f"{path}:2: front matter must be a mapping of keys")
        meta = _meta(data, f"{path}: front matter", warnings, dates)
        body = text[m.end() :]
    elif text.startswith("---"):
        raise InputError(f"{path}:1: front matter opened with '---' is never closed")
    out_lines = []
    for line in body.splitlines():
        h = _MD_HEADING.match(line)
        if h:
            # a heading stands alone: blank lines around it keep it its own block
            out_lines += ["", _md_inline(h.group(1)), ""]
        else:
            out_lines.append(_md_inline(line))
    title = meta.pop("title", "")
    if not title:
        lines = [ln for ln in out_lines if ln.strip()]
        if (
            lines
            and looks_like_headline(lines[0])
            and _MD_HEADING.match(body.lstrip().split("\n", 1)[0])
        ):
            title = lines[0].strip()
            out_lines.remove(lines[0])
    return Document(path=path, text="\n".join(out_lines), title=title, **meta)


# --------------------------------------------------------------------------- json / jsonl


def _record_doc(
    rec: Any, path: str, where: str, warnings: list[str] | None, dates: DateRules
) -> Document:
    if not isinstance(rec, dict):
        raise InputError(f"{where}: expected an object with 'text', got {type(rec).__name__}")
    body = rec.get("text", rec.get("body"))
    if not isinstance(body, str):
        raise InputError(f"{where}: text: required key is missing or not a string")
    meta = _meta(rec, where, warnings, dates)
    title = meta.pop("title", "")
    return Document(path=path, text=body, title=title, **meta)


def _load_json(text: str, path: str, line: int | None = None) -> Any:
    """JSON text (the file's, or its ``line``); errors name the file and line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{line or e.lineno}: invalid JSON: {e.msg}") from None
    except ValueError:  # a number past Python's 4,300-digit limit for int()
        where = f"{path}:{line}" if line else path
        raise InputError(f"{where}: invalid JSON: a number too long to read") from None
    except RecursionError:
        where = f"{path}:{line}" if line else path
        raise InputError(f"{where}: JSON nested too deeply") from None


def read_json(
    text: str,
    path: str,
    *,
    warnings: list[str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> list[Document]:
    data = _load_json(text, path)
    records = data if isinstance(data, list) else [data]
    multi = len(records) > 1
    return [
        _record_doc(
            r,
            f"{path}#{i}" if multi else path,
            f"{path}[{i}]" if multi else path,
            warnings,
            dates,
        )
        for i, r in enumerate(records)
    ]


def read_jsonl(
    text: str,
    path: str,
    *,
    warnings: list[str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> list[Document]:
    docs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        rec = _load_json(line, path, n)
        docs.append(_record_doc(rec, f"{path}#{n}", f"{path}:{n}", warnings, dates))
    return docs


# --------------------------------------------------------------------------- html


def read_html(
    text: str,
    path: str,
    url: str = "",
    *,
    warnings: list[str] | None = None,
    dates: DateRules = DEFAULT_RULES,
) -> Document:
    """Main text and metadata via trafilatura (boilerplate-aware extraction).

    A page with no extractable text (or one trafilatura cannot parse) comes back with empty
    ``text``; the caller skips it with a warning, as it does an empty file.
    """
    import trafilatura

    extracted = trafilatura.bare_extraction(
        text,
        url=url or None,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
        output_format="python",
    )
    if extracted is None:
        return Document(path=path, text="", url=url)
    get = (
        (lambda k: getattr(extracted, k, None))
        if not isinstance(extracted, dict)
        else extracted.get
    )
    body = get("text") or ""
    return Document(
        path=path,
        text=body,
        title=(get("title") or "").strip(),
        source=(get("sitename") or "").strip(),
        url=url or (get("url") or ""),
        author=(get("author") or "").strip(),
        **read_published(get("date"), path, warnings, dates),
    )


def with_text(docs: list[Document], warnings: list[str]) -> list[Document]:
    """Documents that have a body; the others are skipped with a warning (--strict fails)."""
    for d in docs:
        if not d.text.strip():
            warnings.append(f"{d.path}: skipped: no article text")
    return [d for d in docs if d.text.strip()]
