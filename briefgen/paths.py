"""How a path is shown to the user in messages and briefs: printable, and relative to the
working folder when inside it."""

from __future__ import annotations

import os
from pathlib import Path

# $BRIEFGEN_CACHE_DIR, else $XDG_CACHE_HOME/briefgen, else ~/.cache/briefgen
CACHE_ENV = "BRIEFGEN_CACHE_DIR"


def cache_root() -> Path:
    """The folder briefgen keeps machine-local caches in (nothing in it is precious: the
    language model unpacked, compiled templates, WeasyPrint's C declarations). RuntimeError
    when there is no home folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "briefgen"


# os.fsdecode turns each byte of a file name that is not UTF-8 into a lone surrogate U+DC80-DCFF
_SURROGATE_BYTES = range(0xDC80, 0xDD00)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character that is not printable written as a backslash escape: a
    file name's undecodable bytes as ``\\xe9``, newlines as ``\\n``, other control and format
    characters (bidi overrides, zero-width spaces) as ``\\x1b`` / ``\\u202e``.

    The result encodes as UTF-8 and holds no line break or control character, so a file name
    of any bytes is one safe line in a log, a warning, a brief or a JSON field.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(c: str) -> str:
    o = ord(c)
    if o in _SURROGATE_BYTES:
        return f"\\x{o - 0xDC00:02x}"
    if c in _NAMED:
        return _NAMED[c]
    if o <= 0xFF:
        return f"\\x{o:02x}"
    return f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}"


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the current folder when it lies below it, else as given; printable."""
    p = Path(path)
    try:
        return printable(str(p.resolve().relative_to(Path.cwd().resolve())))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return printable(str(p))
