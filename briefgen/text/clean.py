"""Boilerplate removal, line by line, with patterns kept as data (``data/boilerplate_en.yaml``).

Cleaning may drop a whole line or cut a leading/trailing fragment (a dateline, an agency tag) and
collapses white space; it never rewrites text inside a sentence, so every sentence of a brief can
still be found verbatim in its source. Block structure is then read by ``structure.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .. import yamlsafe
from ..yamlsafe import MAX_CONFIG_CHARS
from .structure import BlockKind, Line, build_blocks

PATTERNS_FILE = Path(__file__).resolve().parent.parent / "data" / "boilerplate_en.yaml"
Action = Literal["drop", "prefix", "suffix"]
ACTIONS: tuple[Action, ...] = ("drop", "prefix", "suffix")
# Control characters and invisible spaces count as white space; str.split() does the rest.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b\u2060\ufeff]")


@dataclass(frozen=True)
class Block:
    start: int  # offsets into Cleaned.text
    end: int
    kind: BlockKind


@dataclass(frozen=True)
class Cleaned:
    text: str  # blocks joined by "\n\n"; every span in a brief indexes this string
    blocks: tuple[Block, ...]
    removed: tuple[str, ...] = ()  # lines and fragments dropped as boilerplate, for logging


@dataclass(frozen=True)
class Rule:
    """One boilerplate pattern: what it matches and what it removes."""

    id: str
    action: Action
    regex: re.Pattern[str]
    example: str = ""  # a line the rule must remove
    keep: str = ""  # a line the rule must leave alone


def load_rules(path: Path = PATTERNS_FILE) -> tuple[Rule, ...]:
    """Read a boilerplate pattern file (format: see the header of ``boilerplate_en.yaml``)."""
    text = path.read_text(encoding="utf-8")
    data = yamlsafe.load(text, trusted=True, max_chars=MAX_CONFIG_CHARS) or {}
    rules = []
    for i, entry in enumerate(data.get("patterns") or ()):
        where = f"{path.name}: patterns[{i}]"
        action = entry.get("action", "drop")
        if action not in ACTIONS:
            raise ValueError(f"{where}: unknown action {action!r}; known: {', '.join(ACTIONS)}")
        try:
            regex = re.compile(entry["pattern"])
        except (KeyError, re.error) as e:
            raise ValueError(f"{where}: bad or missing pattern: {e}") from None
        rules.append(
            Rule(
                str(entry.get("id", i)),
                action,
                regex,
                entry.get("example", ""),
                entry.get("keep", ""),
            )
        )
    return tuple(rules)


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    """The shipped rules, read once per process."""
    return load_rules()


@lru_cache(maxsize=32)
def _rules(patterns: tuple[str, ...], defaults: bool) -> tuple[Rule, ...]:
    user = tuple(Rule(f"user[{i}]", "drop", re.compile(p)) for i, p in enumerate(patterns))
    return (default_rules() if defaults else ()) + user


def clean_line(line: str, rules: Sequence[Rule]) -> tuple[str, list[str]]:
    """One line with white space collapsed and boilerplate removed, plus what was removed.

    Returns ``("", [line])`` when the whole line is boilerplate.
    """
    return _clean_line(line, _compile(tuple(rules)))


@dataclass(frozen=True)
class _Compiled:
    """Rules ready to apply: the drop rules, then the prefix/suffix rules, each in order."""

    drop: tuple[re.Pattern[str], ...]
    affixes: tuple[Rule, ...]


@lru_cache(maxsize=32)
def _compile(rules: tuple[Rule, ...]) -> _Compiled:
    """Each drop rule is searched on its own, never merged into one alternation. On its own a
    rule keeps what lets the regex engine skip ahead (an anchor at the start, a literal to look
    for): an alternation of every rule tries each of them at every position of the line, which
    took twice as long on news text (the seeds, the fixtures, the samples: 27 µs against 61 µs
    a line of the seeds)."""
    return _Compiled(
        tuple(r.regex for r in rules if r.action == "drop"),
        tuple(r for r in rules if r.action != "drop"),
    )


def _clean_line(line: str, rules: _Compiled) -> tuple[str, list[str]]:
    s = " ".join(_INVISIBLE.sub(" ", line).split())
    if not s:
        return "", []
    for drop in rules.drop:
        if drop.search(s):
            return "", [s]
    removed = []
    for rule in rules.affixes:
        m = rule.regex.search(s)
        if not m or not m.group():
            continue
        if rule.action == "prefix" and m.start() == 0:
            removed.append(m.group().strip())
            s = s[m.end() :].strip()
        elif rule.action == "suffix" and m.end() == len(s):
            removed.append(m.group().strip())
            s = s[: m.start()].strip()
    return s, removed


def clean_text(raw: str, patterns: Sequence[str] = (), defaults: bool = True) -> Cleaned:
    """Drop boilerplate lines and fragments, then read headings, bullets and paragraphs.

    ``patterns`` are the user's extra regular expressions (a matching line is dropped);
    ``defaults`` adds briefgen's own patterns from ``data/boilerplate_en.yaml``.
    """
    rules = _compile(_rules(tuple(patterns), defaults))
    lines: list[Line] = []
    removed: list[str] = []
    broken = True  # a blank or dropped line came before the next kept line
    for raw_line in raw.splitlines():
        s, gone = _clean_line(raw_line, rules)
        removed.extend(gone)
        if s:
            lines.append(Line(s, after_break=broken))
            broken = False
        else:
            broken = True
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for body, kind in build_blocks(lines):
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(body)
        blocks.append(Block(pos, pos + len(body), kind))
        pos += len(body)
    return Cleaned("".join(parts), tuple(blocks), tuple(removed))
