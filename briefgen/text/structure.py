"""Block structure of cleaned lines: headings, bullet items and paragraphs.

A heading or a list item is a unit of its own: gluing "Looking Ahead" onto the sentence after it
would put a false sentence into a brief. Hard-wrapped paragraphs are re-joined first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "bullet"]

# "- x", "• x", "1. x", "2) x", "(3) x", "a) x", "(b) x", "A) x": the marker is cut from the item.
_MARKER = re.compile(r"^(?:[-*+•◦▪‣⁃●■▸►–]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[A-Z]\))\s+(?=\S)")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSED = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
# Words a title-case heading leaves in lower case.
_SMALL = frozenset(
    "a an the and or nor but of in on at to for with by from as via vs into onto over per up "
    "amid about after before between under upon than off out its is are be".split()
)
MAX_HEADING_WORDS = 14
MAX_ITEM_WORDS = 25
MIN_WRAP_WIDTH = 30  # characters: a hard-wrapped line is at least this long


@dataclass(frozen=True)
class Line:
    """A cleaned, non-empty input line; ``after_break`` when a blank/dropped line preceded it."""

    text: str
    after_break: bool = False


def build_blocks(lines: Sequence[Line]) -> Iterable[tuple[str, BlockKind]]:
    """Yield ``(text, kind)`` per block, in order."""
    joined = _join_wrapped(lines)
    in_list = False  # after a line ending in ":", until a line that is no list item
    marked = False  # the current list uses explicit markers ("- ", "1. ")
    for i, text in enumerate(joined):
        m = _MARKER.match(text)
        if m:
            in_list, marked = True, True
            yield text[m.end() :], "bullet"
            continue
        if in_list and not marked and _item_like(text):
            yield text, "bullet"
            continue
        in_list, marked = text.endswith(":"), False
        if i + 1 < len(joined) and _heading_like(text):
            yield text, "heading"
        else:
            yield text, "paragraph"


def _join_wrapped(lines: Sequence[Line]) -> list[str]:
    """Re-join a paragraph hard-wrapped over several lines (next line continues in lower case)."""
    # Each paragraph's lines are gathered and joined once: growing a string line by line is
    # quadratic in a paragraph of a million hard-wrapped lines.
    paragraphs: list[list[str]] = []
    prev = ""
    for line in lines:
        text = line.text
        if paragraphs and not line.after_break and _continues(prev, text):
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        prev = text
    return [" ".join(parts) for parts in paragraphs]


def _continues(prev: str, nxt: str) -> bool:
    """``nxt`` goes on with ``prev``'s sentence: ``prev`` stops mid-phrase ("..., the"), or is a
    full-width line (a short line before a lower-case one is more likely a list item)."""
    if _TERMINAL.search(prev) or prev.endswith(":") or _MARKER.match(nxt):
        return False
    if prev[-1] in ",;-–—(&/" or prev.rsplit(None, 1)[-1].lower() in _SMALL:
        return True
    return nxt[0].islower() and len(prev) >= MIN_WRAP_WIDTH


def _item_like(text: str) -> bool:
    """An unmarked list item: short and without sentence-final punctuation."""
    return not _TERMINAL.search(text) and len(text.split()) <= MAX_ITEM_WORDS


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation, capitalised, mostly in title case."""
    words = text.split()
    if len(words) > MAX_HEADING_WORDS or _CLOSED.search(text):
        return False
    first = text.lstrip("\"'“‘(")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    significant = [w for w in words if w.lower().strip("\"'“”‘’(),") not in _SMALL]
    if not significant:
        return False
    capitalised = sum(1 for w in significant if w.lstrip("\"'“‘(")[:1].isupper())
    return capitalised / len(significant) >= 0.6 or len(words) <= 8
