"""Sentence spans: Punkt with shipped parameters, plus rules for what Punkt cannot see.

Punkt judges each period from word statistics; news text also has lists, bullets, ellipses and
quoted speech. Punkt runs on a *shadow* of the text (same length, so every offset carries over)
in which ellipses are rewritten, and its cuts are then adjusted:

- forced cuts: blank lines, list items at line starts, inline bullet glyphs, the items of a
  numbered or lettered list ("1) ... 2) ..."), a four-dot ellipsis before a capitalised word,
  "…" before a sentence starter;
- vetoed cuts: after "!"/"?" or a closing quote/bracket when the next word is lower case
  ('Yahoo! in', '"Great." she said', '(... engineer.) at'), and after a bare list marker ("1.").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .punkt import CLOSERS, OPENERS, starter_words, tokenizer

Span = tuple[int, int]

BULLETS = "•◦▪‣⁃●■▸►"
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_LINE_ITEM = re.compile(r"\n[^\S\n]*(?=(?:[-*+" + BULLETS + r"]|\(?(?:\d{1,3}|[a-z])[.)])\s)")
_INLINE_BULLET = re.compile(r"(?<=\s)[" + BULLETS + r"]")
_BRACKET_ELLIPSIS = re.compile(r"[\[(] ?(?:\. ?){3,}[\])]")
_ELLIPSIS = re.compile(r"\.(?:[ \u00a0]?\.){2,}")
_UNICODE_ELLIPSIS = re.compile("\u2026")
# A list marker ("1." "2)" "3.)" "(4)" "a." "b)") after space, a bullet or the text start, before
# a capitalised item: "(a) trade, (b) defence" inside a sentence is no list of sentences.
_MARKER = re.compile(
    r"(?<![^\s" + BULLETS + r"])(\()?(\d{1,3}|[a-z])(\.\)|\)|\.)(?=\s+[\"“‘(]?[A-Z0-9])"
)
_MARKER_ONLY = re.compile(
    r"\s*[-*" + BULLETS + r"]?\s*\(?(?:\d{1,3}|[A-Za-z]|[ivxlc]{1,5})(?:\.\)|\)|\.)\s*"
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A period, a closing or opening quote or bracket, a capital: '(... Ave.) Does', 'a.m. "It'.
_CLOSED_STOP = re.compile(
    r"\.([" + re.escape(CLOSERS) + r"]*)(?=\s+([" + re.escape(OPENERS) + r"]?)([A-Z][\w'’]*))"
)
_EMOTICON = re.compile(r"\s+[:;=]-?[()\[\]DPpOo/\\|]+(?=\s|$)")
_STOPS = ".!?"


def split_sentences(text: str) -> list[Span]:
    """Spans ``(start, end)`` of the sentences of ``text``: ``text[start:end]`` is the sentence
    verbatim, without surrounding white space."""
    if not text or text.isspace():
        return []
    forced: set[int] = set()
    shadow = _shadow(text, forced)
    _forced_cuts(text, forced)
    cuts = [end for _, end in tokenizer().span_tokenize(shadow)][:-1]
    cuts.extend(_closed_stops(text))
    return list(_spans(text, _accept(text, cuts, forced)))


def _shadow(text: str, forced: set[int]) -> str:
    """Rewrite ellipses for Punkt (same length) and record the cuts they force."""
    shadow = _BRACKET_ELLIPSIS.sub(lambda m: m.group().replace(".", "_"), text)

    def ellipsis(m: re.Match[str]) -> str:
        dots = m.group()
        if dots.count(".") < 4:
            return "." * len(dots)  # one Punkt ellipsis token: Punkt weighs the next word
        # Four dots are a full stop plus an ellipsis: a boundary if a capital follows.
        after = _skip_closers(text, m.end())
        if _capital_follows(text, after):
            attached = m.start() > 0 and not text[m.start() - 1].isspace()
            # "word. . . . Next": the period ends the sentence and ". . . Next" opens the next.
            forced.add(m.start() + 1 if attached and " " in dots else after)
        return "_" * len(dots)

    shadow = _ELLIPSIS.sub(ellipsis, shadow)
    starters = starter_words()
    for m in _UNICODE_ELLIPSIS.finditer(text):
        after = _skip_closers(text, m.end())
        word = _WORD.match(text, _skip_space(text, after))
        if after < len(text) and text[after].isspace() and word and word.group()[0].isupper():
            if word.group().lower() in starters:
                forced.add(after)
    return shadow


def _forced_cuts(text: str, forced: set[int]) -> None:
    """Cuts no statistics can overrule: paragraphs, bullets and list items."""
    forced.update(m.start() for m in _BLANK_LINE.finditer(text))
    forced.update(m.start() for m in _LINE_ITEM.finditer(text))
    forced.update(m.start() for m in _INLINE_BULLET.finditer(text))
    forced.update(_list_items(text))


def _list_items(text: str) -> Iterable[int]:
    """Starts of the items of inline enumerations "1. x 2. y" / "a) x b) y" (two items or more).

    A run opens with 1 or "a" (anywhere for a bare "1)"; otherwise at the text or a line start, or
    after ":" or a sentence end) and goes on only with the next number or letter in its style.
    """
    runs: dict[tuple[bool, str, bool], list[int]] = {}  # style -> marker starts of the open run
    values: dict[tuple[bool, str, bool], int] = {}
    for m in _MARKER.finditer(text):
        token = m.group(2)
        digit = token.isdigit()
        value = int(token) if digit else ord(token) - ord("a") + 1
        style = (bool(m.group(1)), m.group(3), digit)
        bare_paren = m.group(3) == ")" and not m.group(1)
        if value == 1 and (bare_paren or _opens_list(text, m.start())):
            if len(runs.get(style, ())) >= 2:
                yield from runs[style]
            runs[style], values[style] = [m.start()], 1
        elif style in runs and value == values[style] + 1:
            runs[style].append(m.start())
            values[style] = value
    for starts in runs.values():
        if len(starts) >= 2:
            yield from starts


def _opens_list(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].rstrip(" \t" + BULLETS)
    return not before or before[-1] in "\n:.!?" + CLOSERS


def _closed_stops(text: str) -> Iterable[int]:
    """Cuts Punkt misses: an abbreviation's period, a closing or opening quote or bracket, then a
    sentence starter ('(... Michigan Ave.) Does', 'at 6 a.m. “It'). Punkt looks at the next
    token only, and a quote is not a word."""
    starters = starter_words()
    for m in _CLOSED_STOP.finditer(text):
        if (m.group(1) or m.group(2)) and m.group(3).lower() in starters:
            yield m.end()


def _accept(text: str, cuts: list[int], forced: set[int]) -> Iterable[int]:
    """Candidate cuts minus the vetoed ones, merged with the forced cuts, in order."""
    prev = 0
    for cut in sorted(forced.union(_settle(text, c) for c in cuts)):
        if cut not in forced and (
            _MARKER_ONLY.fullmatch(text, prev, cut) or _continues_lower(text, prev, cut)
        ):
            continue
        yield cut
        prev = cut


def _settle(text: str, cut: int) -> int:
    """Move a cut past the rest of a run of stops ("!!|!"), its closing quotes and an emoticon."""
    n = len(text)
    while cut < n and text[cut] in _STOPS:
        cut += 1
    end = _skip_closers(text, cut)
    if end == n or text[end].isspace():
        cut = end
    m = _EMOTICON.match(text, cut)
    return m.end() if m else cut


def _continues_lower(text: str, prev: int, cut: int) -> bool:
    """True when a lower-case word follows a '!', '?' or closing quote/bracket: one sentence."""
    end = cut
    while end > prev and text[end - 1].isspace():
        end -= 1
    if end == prev or text[end - 1] not in "!?" + CLOSERS:
        return False
    nxt = _skip_space(text, cut)
    while nxt < len(text) and text[nxt] in OPENERS:
        nxt += 1
    return nxt < len(text) and text[nxt].islower()


def _spans(text: str, cuts: Iterable[int]) -> Iterable[Span]:
    """Cut ``text`` at ``cuts`` and trim each piece; empty pieces are dropped."""
    start = 0
    for cut in (*cuts, len(text)):
        s = _skip_space(text, start)
        e = cut
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield (s, e)
        start = cut


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i].isspace():
        i += 1
    return i


def _skip_closers(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in CLOSERS:
        i += 1
    return i


def _capital_follows(text: str, i: int) -> bool:
    j = _skip_space(text, i)
    if j == i or j >= len(text):
        return False
    if text[j] in OPENERS:
        j += 1
    return j < len(text) and text[j].isupper()
