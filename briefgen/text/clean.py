"""Boilerplate removal and block structure (paragraph / heading / bullet).

INTERIM: minimal version; to be replaced by the full cleaner (data-driven patterns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["paragraph", "heading", "bullet"]


@dataclass(frozen=True)
class Block:
    start: int  # offsets into Cleaned.text
    end: int
    kind: BlockKind


@dataclass(frozen=True)
class Cleaned:
    text: str  # blocks joined by "\n\n"; every span in a brief indexes this string
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = ()  # lines dropped as boilerplate, for logging


DEFAULT_PATTERNS = (
    r"(?i)^also read\b",
    r"(?i)syndicated feed",
    r"(?i)^based on \w+ report$",
    r"\.(jpe?g|png|gif|webp)\)?$",
)


def clean_text(raw: str, patterns: Sequence[str] = (), defaults: bool = True) -> Cleaned:
    pats = [re.compile(p) for p in (list(DEFAULT_PATTERNS) if defaults else []) + list(patterns)]
    parts: list[tuple[str, BlockKind]] = []
    removed = []
    for line in raw.splitlines():
        s = " ".join(line.split())
        if not s:
            continue
        if any(p.search(s) for p in pats):
            removed.append(s)
            continue
        if s.startswith(("- ", "* ", "• ")):
            parts.append((s[2:].strip(), "bullet"))
        elif len(s.split()) <= 10 and not s.endswith((".", "!", "?", '"', "”")):
            parts.append((s, "heading"))
        else:
            parts.append((s, "paragraph"))
    text, blocks, pos = "", [], 0
    for s, kind in parts:
        if text:
            text += "\n\n"
        start = len(text)
        text += s
        blocks.append(Block(start, len(text), kind))
    return Cleaned(text, tuple(blocks), tuple(removed))
