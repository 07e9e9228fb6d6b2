"""Do two aligned sentences state the same claim? Their numbers, dates and names must agree.

``details`` reads the checkable details of a sentence with regular expressions (no tagger):
quantities with their unit ("$1.9 trillion" -> 1.9e12 usd; "12 people" -> 12 of "people"),
dates at their granularity (a day, a month, a year, a half or quarter, a weekday) and names
(runs of capitalized words, titles split off as the name's role). ``compare`` calls two
sentences a conflict only when both fill the same *slot* (both give money in dollars, both
count people, both give a day, both name the foreign minister) and the values cannot be the
same: a detail only one side gives is coverage, not a conflict.

Each number is an interval of the values it can mean: its rounding ("1.9 trillion" is 1.85 to
1.95 trillion), widened by a hedge ("about 2,000") or opened by a bound ("more than 2,000").
Two numbers agree when their intervals overlap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal, TypeVar

from .. import memo
from ..text import STOPWORDS, content_terms, stem
from .names import ORG_HEADS

DetailKind = Literal["number", "date", "name"]
Verdict = Literal["agree", "conflict", "different"]

# "about 2,000" may mean 1,800-2,200: reporters who hedge round to the leading digit or two,
# and a tenth either way is the spread between outlets rounding one official figure.
APPROX_TOLERANCE = 0.1
# Two sentences naming different speakers ("X said" / "Y said") conflict only when the rest
# is nearly the same: this share of their content words, names left out (Jaccard).
NEAR_IDENTICAL = 0.75
NOUN_WINDOW = 3  # words after a number searched for the noun it counts ("3,200 new jobs")
ROLE_WINDOW = 4  # lower-case title words before a name read as its role ("foreign minister X")
_DETAILS_CACHE = 100_000  # sentences kept parsed: a build compares each one many times
_MAX_RANGE_DAYS = 31  # a day range longer than a month is a misreading, not a range

# ------------------------------------------------------------------ vocabularies

_CURRENCY_SIGNS = {
    "us$": "usd", "$": "usd", "a$": "aud", "c$": "cad", "s$": "sgd", "hk$": "hkd",
    "nz$": "nzd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr", "rs": "inr", "rs.": "inr",
}  # fmt: skip
_CURRENCY_WORDS = {
    "dollar": "usd", "dollars": "usd", "euro": "eur", "euros": "eur", "pound": "gbp",
    "pounds": "gbp", "yen": "jpy", "yuan": "cny", "renminbi": "cny", "rupee": "inr",
    "rupees": "inr", "usd": "usd", "eur": "eur", "gbp": "gbp", "jpy": "jpy", "inr": "inr",
    "cny": "cny", "aud": "aud", "cad": "cad", "chf": "chf",
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "mn": 1e6, "m": 1e6,
    "crore": 1e7, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
    "trn": 1e12,
}  # fmt: skip
_AMBIGUOUS_SCALES = frozenset({"m", "k", "b"})  # "5m" is metres unless it is money
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
_LOWER_BOUND = frozenset({"over", "more than", "at least", "upwards of", "above", "just over"})
_UPPER_BOUND = frozenset({"under", "less than", "fewer than", "below", "up to", "just under"})
_NEAR_BELOW = frozenset({"nearly", "almost", "close to"})  # "nearly 2,000": a little under
# plurals without an -s, and counted nouns that are the same slot under two names
_IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "police", "staff", "crew"})
_NOUN_ALIASES = {"person": "people", "persons": "people"}

_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12, "Jan": 1,
    "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
    "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Capitalized words that are never names (``_capitalized``): months and weekdays.
_NOT_NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS)
_PARTS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# Title heads end a role ("Foreign Minister"); modifiers may precede a head in lower case.
_TITLE_HEADS = frozenset(
    "minister president premier chancellor secretary spokesperson spokesman spokeswoman "
    "ambassador envoy governor senator mayor king queen prince princess pope general admiral "
    "commander chief chairman chairwoman chairperson chair director ceo counterpart leader "
    "secretary-general head".split()
)
_TITLE_MODIFIERS = frozenset(
    "prime foreign external affairs defence defense finance home interior trade commerce "
    "vice deputy state junior senior chief executive general foreign-affairs".split()
)
_HONORIFICS = frozenset("mr mrs ms dr prof sir dame lord lady sheikh shri smt".split())
_CONNECTORS = frozenset("of for the de da del du der van von bin al el la".split())
# Capitalized sentence openers that say who spoke without naming anyone
_GENERIC_SPEAKERS = frozenset(
    "police officials authorities sources analysts experts witnesses residents officers "
    "government ministry spokesperson spokesman spokeswoman reports".split()
)
_ATTRIBUTION = (
    r"said|says|told|stated|announced|added|noted|stressed|emphasi[sz]ed|warned|confirmed"
)

# ------------------------------------------------------------------ the details


@dataclass(frozen=True)
class Quantity:
    """A number with what it measures: money in a currency, a percentage, or a count of a noun."""

    text: str  # as the sentence writes it: "$1.9 trillion", "12 people"
    key: str  # normalized: "1.9e+12 usd", "12 count people"
    value: float
    unit: str  # a currency code ("usd"), "percent", "points", "ordinal" or "count"
    noun: str  # for counts and ordinals, the stem of the counted noun ("peopl"); else ""
    low: float  # the interval of values the text can mean (rounding, hedges, bounds)
    high: float

    @property
    def slot(self) -> str:
        return f"{self.unit}:{self.noun}"


@dataclass(frozen=True)
class DateRef:
    """A date at the granularity the sentence gives it; unknown fields are 0."""

    text: str  # "17 January 2026", "on Tuesday" -> "Tuesday", "first half of 2026"
    key: str  # "2026-01-17", "01-17", "2026-01", "2026", "2026-H1", "tuesday"
    granularity: Literal["day", "month", "year", "half", "quarter", "weekday"]
    year: int = 0
    month: int = 0
    day: int = 0
    last_day: int = 0  # a day range ("15 to 17 January") ends here; else == day
    part: int = 0  # which half or quarter, or the weekday (Monday = 1)

    @property
    def slot(self) -> str:
        return self.granularity


@dataclass(frozen=True)
class Name:
    """A named person, place or organization, with the role a title before it gives."""

    text: str  # "Toshimitsu Motegi"
    key: str  # "toshimitsu motegi"
    role: str = ""  # "foreign minister", "japanese prime minister"; "" without a title
    speaker: bool = False  # subject of an attribution verb ("X said", "according to X")


@dataclass(frozen=True)
class Details:
    """What ``details`` found in one sentence, each kind in order of appearance."""

    numbers: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    names: tuple[Name, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """``compare``'s answer: agree, or the first slot both sentences fill with different values."""

    # "different": not the same claim at all (``_swapped``), so neither support nor a version
    verdict: Verdict
    kind: DetailKind | None = None  # which detail conflicts (None when they agree or differ)
    a_values: tuple[str, ...] = ()  # the conflicting values as each sentence writes them
    b_values: tuple[str, ...] = ()


AGREE = Comparison("agree")
DIFFERENT = Comparison("different")

# ------------------------------------------------------------------ dates

_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in {"May", "June", "July"}]
# an abbreviation may take a dot ("Jan. 17"); a full name's dot ends the sentence
_MONTH_RE = "|".join(
    rf"{m}\b" + ("" if m in _FULL_MONTHS else r"\.?")
    for m in sorted(_MONTHS, key=len, reverse=True)
)
_FULL_MONTH_RE = "|".join(_FULL_MONTHS)
_YEAR_RE = r"(?:19|20)\d\d"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "part",
        re.compile(
            rf"\b(?P<part>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<what>half|quarter)"
            rf"\s+of\s+(?P<y>{_YEAR_RE})\b|\b(?P<code>[HQ][1-4])\s+(?P<y2>{_YEAR_RE})\b",
            re.I,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<d>{_DAY_RE})(?:\s*(?:-|–|to|and)\s*(?P<d2>{_DAY_RE}))?\s+(?:of\s+)?"
            rf"(?P<m>{_MONTH_RE})(?:,?\s+(?P<y>{_YEAR_RE})\b)?"
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>{_DAY_RE})(?:\s*(?:-|–|to)\s*(?P<d2>{_DAY_RE}))?"
            rf"\b(?:,?\s+(?P<y>{_YEAR_RE})\b)?"
        ),
    ),
    ("my", re.compile(rf"\b(?P<m>{_MONTH_RE}),?\s+(?P<y>{_YEAR_RE})\b")),
    # a month alone only after a preposition: "May" opening a sentence is the verb
    (
        "m",
        re.compile(
            rf"\b(?:in|since|until|till|by|from|during|early|late|mid|last|next|this|of|before|"
            rf"after)[\s-]+(?P<m>{_FULL_MONTH_RE})\b"
        ),
    ),
    ("weekday", re.compile(rf"\b(?P<w>{'|'.join(_WEEKDAYS)})\b(?!s)")),
    (
        "year",
        re.compile(
            rf"(?<![\w$€£¥₹.,])(?P<y>{_YEAR_RE})(?![\d,.]\d|\w)"
            r"(?!\s?(?:%|per\s?cent|percent|trillion|billion|million|bn|tn|mn)\b)"
        ),
    ),
)


def _date(shape: str, m: re.Match[str]) -> DateRef | None:
    text = m.group(0)
    g = m.groupdict()
    year = int(g.get("y") or g.get("y2") or 0)
    if shape == "part":
        code = g.get("code")
        if code:
            what: Literal["half", "quarter"] = "half" if code[0] in "Hh" else "quarter"
            part = int(code[1])
        else:
            what = "half" if g["what"].lower() == "half" else "quarter"
            part = _PARTS[g["part"].lower()]
        if what == "half" and part > 2:
            return None
        return DateRef(text, f"{year}-{what[0].upper()}{part}", what, year=year, part=part)
    if shape == "weekday":
        w = _WEEKDAYS.index(g["w"]) + 1
        return DateRef(g["w"], g["w"].lower(), "weekday", part=w)
    if shape == "year":
        return DateRef(text, str(year), "year", year=year)
    month = _MONTHS[g["m"].rstrip(".")]
    if shape in ("my", "m"):
        text = text if shape == "my" else g["m"]
        key = f"{year}-{month:02d}" if year else f"{month:02d}"
        return DateRef(text, key, "month", year=year, month=month)
    day = int(re.sub(r"\D", "", g["d"]))
    last = int(re.sub(r"\D", "", g["d2"])) if g.get("d2") else day
    if not day <= last <= day + _MAX_RANGE_DAYS:
        last = day
    key = f"{month:02d}-{day:02d}" + (f"/{last:02d}" if last != day else "")
    key = f"{year}-{key}" if year else key
    return DateRef(text, key, "day", year=year, month=month, day=day, last_day=last)


def _dates(text: str) -> tuple[list[DateRef], list[tuple[int, int]]]:
    found: list[tuple[int, DateRef]] = []
    taken: list[tuple[int, int]] = []
    for shape, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            d = _date(shape, m)
            if d is not None:
                found.append((m.start(), d))
                taken.append(m.span())
    return [d for _, d in sorted(found, key=lambda x: x[0])], taken


def _same_date(a: DateRef, b: DateRef) -> bool:
    """Could ``a`` and ``b`` (of one granularity) be the same date? Missing fields match."""
    if a.year and b.year and a.year != b.year:
        return False
    if a.granularity == "day":
        return a.month == b.month and a.day <= b.last_day and b.day <= a.last_day
    if a.granularity == "month":
        return a.month == b.month
    return a.part == b.part  # year: parts are 0; half, quarter, weekday: the part


# ------------------------------------------------------------------ numbers

_NUM_RE = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORD_NUM_RE = "|".join(_NUMBER_WORDS)
_QUANTITY = re.compile(
    rf"(?<![\w.,/])(?<![^\W\d_]-)(?P<n1>{_NUM_RE}|(?i:\b(?:{_WORD_NUM_RE})\b))"
    rf"(?:(?P<sep>\s?[-–]\s?|\s+to\s+|\s+and\s+)(?P<n2>{_NUM_RE}|(?i:\b(?:{_WORD_NUM_RE})\b)))?"
)
_BEFORE = re.compile(
    r"(?i:\b(?P<approx>about|around|roughly|nearly|almost|approximately|some|over|more than|"
    r"at least|upwards of|up to|less than|under|fewer than|below|above|close to|"
    r"an estimated|estimated|just over|just under)\s+)?"
    r"(?P<between>(?i:between)\s+)?"
    r"(?P<cur>(?i:us|a|c|s|hk|nz)?\$|€|£|¥|₹|(?i:\b(?:rs\.?|inr|usd|eur|gbp|jpy|cny|aud|cad|chf)"
    r"\s?))?\s?$"
)
_AFTER = re.compile(
    r"(?i:(?P<ord>st|nd|rd|th)\b"
    r"|(?P<glued>bn|tn|trn|mn|m|k|b)?\b"
    r"(?:\s?(?P<scale>trillion|billion|million|thousand|crore|lakh|bn|tn|mn)\b)?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b|percentage\s+points?\b))?"
    r"(?:\s(?P<cur>(?:us\s)?dollars?|euros?|pounds?|yen|yuan|renminbi|rupees?|usd|eur|gbp|jpy|"
    r"inr|cny|aud|cad|chf)\b)?)"
)
_NEXT_WORD = re.compile(r"(?:\s*-\s*|\s+)([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)")


def _number(s: str) -> tuple[float, float]:
    """Value and rounding place of a numeral ("1.90" -> 1.9, 0.01; "six" -> 6, 1)."""
    w = _NUMBER_WORDS.get(s.lower())
    if w is not None:
        return float(w), 1.0
    digits = s.replace(",", "")
    decimals = len(digits.partition(".")[2])
    return float(digits), 10.0**-decimals


def _counted_noun(text: str, pos: int, taken: Sequence[tuple[int, int]]) -> tuple[str, int]:
    """Stem of the noun a number counts, and where it ends; ("", pos) when none follows."""
    words: list[tuple[str, int]] = []
    while len(words) < NOUN_WINDOW:
        m = _NEXT_WORD.match(text, pos)
        if m is None or m.group(1).lower() in STOPWORDS:
            break
        if any(s <= m.start(1) < e for s, e in taken):
            break  # a date ("12 killed Tuesday")
        words.append((m.group(1), m.end()))
        pos = m.end()
    if not words:
        return "", pos
    caps = [w[0].isupper() for w, _ in words]
    if caps[0] and not all(caps):  # a name's head is its last capitalized word: "18th Summit"
        words = words[: caps.index(False)]
    past = [i for i, (w, _) in enumerate(words) if i and w.endswith("ed")]
    if past:  # "15th annual summit held": the participle is the next clause
        words = words[: past[0]]
    plural = [
        (w, e)
        for w, e in words
        if w.lower() in _IRREGULAR_PLURALS or (w.endswith("s") and w[-2:] != "ss")
    ]
    word, end = plural[0] if plural else words[-1]
    word = _NOUN_ALIASES.get(word.lower(), word.lower())
    return stem(word), end


def _interval(value: float, place: float, approx: str) -> tuple[float, float]:
    low, high = value - place / 2, value + place / 2
    spread = value * APPROX_TOLERANCE
    if approx in _LOWER_BOUND:
        return low, math.inf
    if approx in _UPPER_BOUND:
        return -math.inf, high
    if approx in _NEAR_BELOW:
        return min(low, value - spread), high
    if approx:
        return min(low, value - spread), max(high, value + spread)
    return low, high


def _quantity(
    text: str, m: re.Match[str], before: re.Match[str] | None, taken: Sequence[tuple[int, int]]
) -> Quantity | None:
    n1, n2 = m.group("n1"), m.group("n2")
    end = m.end("n2") if n2 is not None else m.end("n1")
    after = _AFTER.match(text, end)
    if after is None:
        return None  # glued to letters: a label ("5G", "3D"), not a quantity
    start = before.start("approx") if before and before.group("approx") else m.start()
    if before and before.group("cur") and not before.group("approx"):
        start = before.start("cur")
    sign = (before.group("cur") or "").strip().lower() if before else ""
    word = (after.group("cur") or "").lower().removeprefix("us ")
    currency = _CURRENCY_SIGNS.get(sign) or _CURRENCY_WORDS.get(sign) or _CURRENCY_WORDS.get(word)
    scale_word = (after.group("glued") or after.group("scale") or "").lower()
    if scale_word in _AMBIGUOUS_SCALES and not currency:
        return None
    scale = _SCALES.get(scale_word, 1.0)
    value, place = _number(n1)
    if n2 is not None:
        value2, place2 = _number(n2)
        if value2 < value:  # "2025-26", "5-3": a label or a score, not a range
            return None
    approx = (before.group("approx") or "").lower() if before else ""
    end = after.end()
    noun = ""
    if after.group("ord"):
        unit = "ordinal"
        noun, end = _counted_noun(text, end, taken)
    elif currency:
        unit = currency
    elif after.group("pct"):
        unit = "points" if "point" in after.group("pct").lower() else "percent"
    else:
        unit = "count"
        noun, end = _counted_noun(text, end, taken)
    if unit in ("count", "ordinal") and not noun:
        return None  # a bare number: nothing says what it measures
    if any(m.start() < e and s < end for s, e in taken):
        return None
    low, high = _interval(value * scale, place * scale, approx)
    if n2 is not None:
        high = _interval(value2 * scale, place2 * scale, approx)[1]
    v = value * scale
    key = f"{v:g} {unit}" + (f" {noun}" if noun else "")
    return Quantity(text[start:end].strip(), key, v, unit, noun, low, high)


def _numbers(text: str, taken: Sequence[tuple[int, int]]) -> list[Quantity]:
    out = []
    pos = 0
    while (m := _QUANTITY.search(text, pos)) is not None:
        pos = m.end()
        before = _BEFORE.search(text, max(0, m.start() - 24), m.start())
        if m.group("n2") is not None and "and" in m.group("sep"):
            if not (before and before.group("between")):  # "12 and 14": two numbers, no range
                pos = m.end("n1")
                m = _QUANTITY.match(text, m.start(), pos)
                assert m is not None  # the first number alone matches again
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        q = _quantity(text, m, before, taken)
        if q is not None:
            out.append(q)
    return out


# ------------------------------------------------------------------ names

_TOKEN = re.compile(r"[^\W_][\w'’]*(?:[-.][^\W_][\w'’]*)*")
_SPEAKER_AFTER = re.compile(rf",?\s+(?:{_ATTRIBUTION})\b")
# '..., said Jaiswal', 'according to Jaiswal'; not 'told Reuters' (the addressee) nor 'said
# Japan would' (the subject of the reported clause)
_SPEAKER_BEFORE = re.compile(r"(?:[,\"”]\s*(?:said|says|added|noted)|\baccording to)\s+$")
_INITIAL_DOT = re.compile(r"\.\s+")  # "S. Jaishankar", "Mr. Motegi": a name goes on after the dot


@memo.per_text(1 << 17)
def _fold(word: str) -> str:
    """Casefolded, accents and a possessive 's dropped: "Müller's" -> "muller"."""
    if word.isascii():
        word = word.lower()
    else:
        word = unicodedata.normalize("NFKD", word.casefold())
        word = "".join(c for c in word if not unicodedata.combining(c))
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _stop(word: str) -> bool:
    """A capitalized stopword ("The", "In") starts no name; an acronym ("US", "IT") may."""
    return word.lower() in STOPWORDS and not (word.isupper() and len(word) > 1)


def _capitalized(word: str) -> bool:
    return word[0].isupper() and word not in _NOT_NAMES


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalized tokens, joined by connectors ("Ministry of External Affairs")."""
    tokens = list(_TOKEN.finditer(text))
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    for i, t in enumerate(tokens):
        word = t.group(0)
        gap = text[run[-1].end() : t.start()] if run else ""
        prev = run[-1].group(0) if run else ""
        joined = gap.isspace() or (
            _INITIAL_DOT.fullmatch(gap) is not None
            and (len(prev) == 1 or _fold(prev) in _HONORIFICS)
        )
        if run and not joined:
            runs.append(run)
            run = []
        if _capitalized(word):
            run.append(t)
        elif (
            run
            and word in _CONNECTORS
            and i + 1 < len(tokens)
            and _capitalized(tokens[i + 1].group(0))
        ):
            run.append(t)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


_LOWER_WORDS_BEFORE = re.compile(rf"(?:\b[a-z][\w'’-]*\s+){{1,{ROLE_WINDOW}}}$")


def _lower_role(text: str, start: int) -> str:
    """Lower-case title words just before ``start`` ("foreign minister"), if they end in a head."""
    m = _LOWER_WORDS_BEFORE.search(text, max(0, start - 80), start)
    role: list[str] = []
    for w in reversed(m.group(0).split() if m else []):
        if w not in _TITLE_HEADS | _TITLE_MODIFIERS:
            break
        role.insert(0, w)
    return " ".join(role) if role and role[-1] in _TITLE_HEADS else ""


def _name(text: str, run: list[re.Match[str]], first: int) -> Name | None:
    words = [t.group(0) for t in run]
    while words and (_stop(words[0]) or _fold(words[0]) in _HONORIFICS):
        words.pop(0)
        run = run[1:]
    while words and words[-1] in _CONNECTORS:
        words.pop()
        run = run[:-1]
    heads = [i for i, w in enumerate(words) if w.lower() in _TITLE_HEADS]
    role = ""
    if heads:
        role = " ".join(_fold(w) for w in words[: heads[-1] + 1])
        run = run[heads[-1] + 1 :]
    while run and _fold(run[0].group(0)) in _HONORIFICS:
        run = run[1:]
    if not run:
        return None
    start, end = run[0].start(), run[-1].end()
    role = role or _lower_role(text, start)
    speaker = bool(_SPEAKER_AFTER.match(text, end) or _SPEAKER_BEFORE.search(text, 0, start))
    word = run[0].group(0)
    if run[0].start() == first and len(run) == 1 and not role:
        # a sentence's first word is capitalized anyway: a name only when it is clearly one
        clear = word.isupper() and len(word) > 1 or re.search(r"['’]s$", word) is not None
        generic = _fold(word) in _GENERIC_SPEAKERS or word.endswith("s")
        if not (clear or (speaker and not generic)):
            return None
    surface = text[start:end]
    return Name(surface, " ".join(_fold(t.group(0)) for t in run), role, speaker)


def _names(text: str, taken: Sequence[tuple[int, int]]) -> list[Name]:
    first = next((t.start() for t in _TOKEN.finditer(text)), -1)
    out = []
    for run in _runs(text):
        run = [t for t in run if not any(s <= t.start() < e for s, e in taken)]
        if run:
            n = _name(text, run, first)
            if n is not None:
                out.append(n)
    return out


def _same_name(a: Name, b: Name) -> bool:
    """One name, possibly shortened: "Motegi" ~ "Toshimitsu Motegi", "MEA" ~ its expansion,
    or another form of a place's ("Beijing" ~ "China")."""
    ta, tb = a.key.split(), b.key.split()
    if not (ta and tb):
        return a.key == b.key
    if (
        (ta[-1] == tb[-1] and ta[-1] not in GENERIC_NAME_WORDS)
        or set(ta) <= set(tb)
        or set(tb) <= set(ta)
    ):
        return True
    forms = _place_forms()  # "Beijing" ~ "China", "US" ~ "Washington": data/demonyms_en.txt
    place_a, place_b = (forms.get(k, k) for k in (a.key.replace(".", ""), b.key.replace(".", "")))
    if place_a == place_b:
        return True
    for short, long in ((a, tb), (b, ta)):
        if short.text.isupper() and short.key == "".join(
            w[0] for w in long if w not in _CONNECTORS
        ):
            return True
    return False


@memo.per_text(_DETAILS_CACHE)
def details(text: str) -> Details:
    """The numbers, dates and names ``text`` states, in order of appearance."""
    dates, taken = _dates(text)
    return Details(tuple(_numbers(text, taken)), tuple(dates), tuple(_names(text, taken)))


# ------------------------------------------------------------------ comparison

T = TypeVar("T")
Q = TypeVar("Q", Quantity, DateRef)  # details compared slot by slot


def _unmatched(
    a: Sequence[T], b: Sequence[T], same: Callable[[T, T], bool]
) -> tuple[list[T], list[T]]:
    """Values of each side that match none of the other side's."""
    return (
        [x for x in a if not any(same(x, y) for y in b)],
        [y for y in b if not any(same(x, y) for x in a)],
    )


def _texts(values: Sequence[Quantity] | Sequence[DateRef] | Sequence[Name]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.text for v in values))


def _overlap(a: Quantity, b: Quantity) -> bool:
    return a.low < b.high and b.low < a.high


def _slot_conflict(
    kind: Literal["number", "date"], a: Sequence[Q], b: Sequence[Q], same: Callable[[Q, Q], bool]
) -> Comparison | None:
    """The first slot (in sorted order) where each side has a detail the other cannot match."""
    for slot in sorted({x.slot for x in a} & {x.slot for x in b}):
        ua, ub = _unmatched(
            [x for x in a if x.slot == slot], [x for x in b if x.slot == slot], same
        )
        if ua and ub:
            return Comparison("conflict", kind, _texts(ua), _texts(ub))
    return None


def _number_conflict(a: Details, b: Details) -> Comparison | None:
    return _slot_conflict("number", a.numbers, b.numbers, _overlap)


def _date_conflict(a: Details, b: Details) -> Comparison | None:
    return _slot_conflict("date", a.dates, b.dates, _same_date)


def _roles(name: Name) -> list[str]:
    return ([name.role] if name.role else []) + (["(speaker)"] if name.speaker else [])


def _rest_alike(a: str, b: str, names: Sequence[Name]) -> bool:
    """The sentences' content words, names left out, are nearly the same (``NEAR_IDENTICAL``)."""
    drop = set(content_terms(" ".join(n.text for n in names)))
    ta, tb = set(content_terms(a)) - drop, set(content_terms(b)) - drop
    union = ta | tb
    return not union or len(ta & tb) / len(union) >= NEAR_IDENTICAL


def _name_conflict(a: str, b: str, da: Details, db: Details) -> Comparison | None:
    roles_a = {r for n in da.names for r in _roles(n)}
    roles_b = {r for n in db.names for r in _roles(n)}
    for role in sorted(roles_a & roles_b):
        ua, ub = _unmatched(
            [n for n in da.names if role in _roles(n)],
            [n for n in db.names if role in _roles(n)],
            _same_name,
        )
        # the other side names this person elsewhere: not a different person in the role
        ua = [n for n in ua if not any(_same_name(n, m) for m in db.names)]
        ub = [n for n in ub if not any(_same_name(n, m) for m in da.names)]
        if not (ua and ub):
            continue
        # more names differ than the role's: a statement about someone else, not a discrepancy
        oa, ob = _unmatched(
            [n for n in da.names if n not in ua], [n for n in db.names if n not in ub], _same_name
        )
        if oa and ob:
            continue
        if role == "(speaker)" and not _rest_alike(a, b, (*da.names, *db.names)):
            continue
        return Comparison("conflict", "name", _texts(ua), _texts(ub))
    return None


@memo.per_text(_DETAILS_CACHE)
def compare(a: str, b: str) -> Comparison:
    """Do ``a`` and ``b`` agree on every number, date and name they both give a value for, are
    they about the same things (no name or topic swapped for another: ``_swapped``), and do
    they say it the same way round (not "rose" against "fell", "approved" against "rejected",
    "will" against "will not": ``_opposed``)?"""
    if _opposed(a, b):
        return DIFFERENT  # "exports rose 5%" / "exports fell 5%": opposite claims
    da, db = details(a), details(b)
    conflict = _number_conflict(da, db) or _date_conflict(da, db) or _name_conflict(a, b, da, db)
    if conflict is not None and conflict.kind == "name":
        return conflict  # another person in the same role or as the speaker: a discrepancy
    # another place or subject: another story, whose numbers and dates are its own
    if _swapped(a, b) or _swapped(b, a):
        return DIFFERENT
    return conflict or AGREE


# ------------------------------------------------------------------ opposite claims

# Words that say which way something went or what a body decided. A sentence with words of
# one pole of an axis and none of the other states the opposite of one with only the other's:
# "exports rose 5%" is not carried by "exports fell 5%", whatever their shared words.
POLES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (
        frozenset(
            "rise rises rose risen rising increase increases increased increasing climb climbs "
            "climbed jump jumps jumped surge surges surged soar soars soared gain gains gained "
            "grow grows grew grown growth expand expands expanded higher raise raises raised "
            "hike hikes hiked boost boosts boosted rebound rebounded up".split()
        ),
        frozenset(
            "fall falls fell fallen falling drop drops dropped decline declines declined "
            "decrease decreases decreased slump slumped plunge plunged slide slid tumble "
            "tumbled sink sank shrink shrank shrunk contract contracted lower lowered ease "
            "eased dip dipped cut cuts slash slashed reduce reduced down".split()
        ),
    ),
    (
        frozenset("approve approves approved approval pass passes passed ratify ratified".split()),
        frozenset("reject rejects rejected rejection block blocks blocked veto vetoed".split()),
    ),
)
# Words that deny what the sentence says. Of two sentences alike but for them (``_rest_alike``)
# one with them states the opposite ("will lift the ban" / "will not lift the ban"); a
# rewrite that drops a clause ("..., though it did not give a date") is not denying anything.
NEGATIONS = frozenset("not never cannot".split())
_LOWER_TOKEN = re.compile(r"[a-z]+n['’]t|[a-z]+")  # "won't" is one word, a negated one


@memo.per_text(_DETAILS_CACHE)
def _polarity(text: str) -> tuple[tuple[bool, bool], ...]:
    """Per axis of ``POLES`` (and last, negation: (negated, not negated)): which poles
    ``text`` has words of."""
    words = frozenset(_LOWER_TOKEN.findall(text.lower()))
    negated = not words.isdisjoint(NEGATIONS) or any(w.endswith(("n't", "n’t")) for w in words)
    return (
        *((not words.isdisjoint(up), not words.isdisjoint(down)) for up, down in POLES),
        (negated, not negated),
    )


def _opposed(a: str, b: str) -> bool:
    """``a`` and ``b`` say opposite things: on some axis each has words of one pole only, and
    not the same one; or one denies what the other, alike but for that, does not."""
    pa, pb = _polarity(a), _polarity(b)
    axes = zip(pa[:-1], pb[:-1], strict=True)
    if any(ua != da and ub != db and ua != ub for (ua, da), (ub, db) in axes):
        return True
    return pa[-1] != pb[-1] and _rest_alike(a, b, ())


# ------------------------------------------------------------------ swapped words

# A swap is a run of at most this many words in each sentence, between words both share.
MAX_SWAP_WORDS = 3
# Keywords of the built-in themes this heavy name what a sentence is about ("lithium",
# "rare earth", "gallium", "tariff"): one in place of another is another subject.
TOPIC_MIN_WEIGHT = 2.0
# Folded words sharing this many first letters are one name's forms ("Japan", "Japanese").
NAME_STEM_LETTERS = 4
_OPENS_SENTENCE = frozenset("\"“‘'(:.!?[")


@lru_cache(maxsize=1)
def _topics() -> frozenset[tuple[str, ...]]:
    """The built-in themes' keywords of ``TOPIC_MIN_WEIGHT`` or more, as word stems."""
    from ..config import default_themes  # noqa: PLC0415  (config reads package data once)

    return frozenset(
        tuple(stem(_fold(w)) for w in k.split())
        for theme in default_themes().values()
        for k, weight in theme.keywords.items()
        if weight >= TOPIC_MIN_WEIGHT
    )


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from ..config import DATA_DIR  # noqa: PLC0415

    lines = (DATA_DIR / "countries_en.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(_fold(line.strip()) for line in lines if line.strip()[:1].isalpha())


@lru_cache(maxsize=1)
def _topics_by_first() -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for t in sorted(_topics()):
        out.setdefault(t[0], []).append(t)
    return {k: tuple(v) for k, v in out.items()}


def _topics_in(words: Sequence[_Word]) -> set[tuple[str, ...]]:
    """The topic keywords (``_topics``) ``words`` spell, each as its stems."""
    stems = [stem(w.folded) for w in words]
    index = _topics_by_first()
    return {
        t
        for i, s in enumerate(stems)
        for t in index.get(s, ())
        if tuple(stems[i : i + len(t)]) == t
    }


@dataclass(frozen=True)
class _Profile:
    """What ``_swapped`` needs of one sentence, worked out once."""

    words: tuple[_Word, ...]
    proper: frozenset[str]
    initials: str  # of its proper words, in order: where an acronym of them is looked for
    topics: frozenset[tuple[str, ...]]


@memo.per_text(_DETAILS_CACHE)
def _profile(text: str) -> _Profile:
    words = _words(text)
    return _Profile(
        words,
        frozenset(w.folded for w in words if w.proper),
        "".join(w.folded[0] for w in words if w.proper and w.folded),
        frozenset(_topics_in(words)),
    )


@dataclass(frozen=True)
class _Word:
    folded: str  # casefolded, accents and a possessive 's dropped, dots removed
    proper: bool  # capitalized where the sentence does not capitalize anyway


# A dateline ("GEKA, Mar 2 (Kyodo) -") and asides in brackets are the outlet's, not the claim's.
_LEADING_DATELINE = re.compile(r"^\s*[^()\n]{0,60}?[(\[][^)\]]{1,40}[)\]]\s*[-–—:]+\s*")
_BRACKETED = re.compile(r"[(\[][^)\]]*[)\]]")


# An outlet's framing, left out before two sentences are aligned: a leading phrase ("In a
# statement,", "On Friday,", "Separately,") and the words of attribution ("Officials said").
_LEADING_FRAME = re.compile(
    rf"^\s*(?:in\s+a\s+statement|on\s+(?:{'|'.join(_WEEKDAYS)})|separately|meanwhile|"
    r"however|earlier|later|also)\s*,\s*",
    re.IGNORECASE,
)
_FRAME_WORDS = frozenset(
    {"said", "says", "told", "stated", "announced", "added", "noted", "according", "reporters"}
)


# Only this much of a sentence is aligned word by word: a longer "sentence" is a page without
# full stops (hostile or broken input), and aligning it would be quadratic.
MAX_ALIGNED_CHARS = 2000


@memo.per_text(_DETAILS_CACHE)
def _words(text: str) -> tuple[_Word, ...]:
    text = text[:MAX_ALIGNED_CHARS]
    m = _LEADING_DATELINE.match(text)
    text = " " * m.end() + text[m.end() :] if m else text
    m = _LEADING_FRAME.match(text)
    text = " " * m.end() + text[m.end() :] if m else text
    text = _BRACKETED.sub(lambda b: " " * len(b.group(0)), text)
    out = []
    tokens = list(_TOKEN.finditer(text))
    for i, t in enumerate(tokens):
        word = t.group(0)
        proper = word[0].isupper() and word not in _NOT_NAMES and not _stop(word)
        if proper and _opens_sentence(text, t.start()):
            # capitalized anyway ("Lawmakers approved"): a name only when it clearly is one,
            # as ``_name`` reads it: an acronym, a possessive, or the start of a longer name
            following = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            proper = (
                (word.isupper() and len(word) > 1)
                or word.endswith(("'s", "’s"))
                or (following[:1].isupper() and text[t.end() : tokens[i + 1].start()] == " ")
                or _fold(word) in _countries()
                or _fold(word) in _place_forms()  # "Beijing", "Dutch"
            )
        folded = _bare(word)
        # a generic speaker is framing too, unless it is part of a name ("the Ministry of ...")
        if folded not in _FRAME_WORDS and not (folded in _GENERIC_SPEAKERS and not proper):
            out.append(_Word(folded, proper))
    return tuple(out)


def _opens_sentence(text: str, start: int) -> bool:
    """The token at ``start`` is the first of ``text`` or follows (past white space) a
    character that opens a sentence or a quote, where any word is capitalized."""
    j = start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j < 0 or text[j] in _OPENS_SENTENCE


@memo.per_text(1 << 17)
def _bare(word: str) -> str:
    """``_fold(word)`` without its dots ("U.S." -> "us")."""
    return _fold(word).replace(".", "")


def _same_stem(a: str, b: str) -> bool:
    """Two folded words or stems share their first ``NAME_STEM_LETTERS`` letters, or one begins
    the other: forms of one subject ("diplomacy", "diplomatic"), and the cheap test of two
    names' forms (``_same_form``)."""
    n = min(len(a), len(b), NAME_STEM_LETTERS)
    return a.startswith(b) or b.startswith(a) or (n >= NAME_STEM_LETTERS and a[:n] == b[:n])


@memo.per_text(1 << 16)
def _same_form(a: str, b: str) -> bool:
    """Two folded words are one name's forms: one is the other with an ending ("Japan",
    "Japanese"; "Germany", "German"; "Nigeria", "Nigerians"), or the adjective of the other
    made from its stem ("China", "Chinese"; "Britain", "British"), or a form listed in
    ``data/demonyms_en.txt`` ("France", "French"). Two countries are never one name
    ("Niger", "Nigeria"; "Austria", "Australia"), nor are a word and one of another country
    ("Nigerian" and "Niger"), nor are two names that only begin alike ("Samsung",
    "Samsonite"; "Micron", "Microsoft"; "Xi", "Xiaomi"; "India", "Indiana")."""
    if a == b:
        return True
    forms = _place_forms()
    if forms.get(a, a) == forms.get(b, b):
        return True
    if not _same_stem(a, b):
        return False  # the cheap answer for most pairs
    country_a, country_b = _country_of(a), _country_of(b)
    if country_a and country_b and country_a != country_b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if long.startswith(short) and long[len(short) :].removesuffix("s") in NAME_ENDINGS:
        return True
    return _adjective_of(a, b) or _adjective_of(b, a)


# Endings of a place's adjective or people ("Chinese", "British", "Ukrainian", "Mexican",
# "Argentine"): a word that is a name's first letters (at least NAME_STEM_LETTERS of
# them, the name adding at most NAME_TAIL_LETTERS: "Brit|ain", "Brit|ish") with one of these
# is the name's adjective. Irregular ones are in ``data/demonyms_en.txt``.
DEMONYM_ENDINGS = ("ese", "ish", "ian", "ean", "an", "ine")
NAME_TAIL_LETTERS = 3
# What a name's other forms add to it whole ("Russia|n", "German|y", "Japan|ese", "Iraq|i").
NAME_ENDINGS = frozenset({"", "n", "y", "i", "ic", "ien", "ans", *DEMONYM_ENDINGS})


def _adjective_of(word: str, name: str) -> bool:
    for ending in DEMONYM_ENDINGS:
        base = word.removesuffix(ending)
        if (
            base != word
            and len(base) >= NAME_STEM_LETTERS
            and name.startswith(base)
            and len(name) - len(base) <= NAME_TAIL_LETTERS
        ):
            return True
    return False


@memo.per_text(1 << 12)
def _country_of(word: str) -> str:
    """The longest country (``data/countries_en.txt``) ``word`` begins with ("Nigerian":
    "nigeria", not "niger"), else the place it is a form of (``data/demonyms_en.txt``), else
    ""."""
    return max((c for c in _countries() if word.startswith(c)), key=len, default="") or (
        _place_forms().get(word, "")
    )


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """The folded places and forms ``data/demonyms_en.txt`` lists."""
    forms = _place_forms()
    return frozenset(forms) | frozenset(forms.values())


@lru_cache(maxsize=1)
def _place_forms() -> dict[str, str]:
    """Each folded form in ``data/demonyms_en.txt`` ("french") and the place it names."""
    from ..config import DATA_DIR  # noqa: PLC0415

    out: dict[str, str] = {}
    for line in (DATA_DIR / "demonyms_en.txt").read_text(encoding="utf-8").splitlines():
        place, sep, forms = line.partition(":")
        if sep and place.strip()[:1].isalpha():
            for form in forms.split(","):
                out[_fold(form.strip())] = _fold(place.strip())
    return out


def _different(one: Sequence[_Word], other: Sequence[_Word], whole: _Profile) -> bool:
    """``one`` names someone or something ``other`` replaces with a different one, and
    ``whole`` (the sentence ``other`` is in) names it nowhere else."""
    names = [w.folded for w in one if w.proper]
    if names and any(w.proper for w in other):  # ``other`` is in ``whole``: it has names too
        initials = "".join(w[0] for w in names if w)
        known = (
            any(len(n) > 1 and n in whole.initials for n in names)
            or any(len(w) > 1 and w in initials for w in whole.proper)
            or any(_same_form(n, w) for n in names for w in whole.proper)
        )
        if not known:
            return True
    mine, theirs = _topics_in(one), _topics_in(other)
    if not (mine and theirs) or mine & theirs or mine & whole.topics:
        return False
    # forms of one word ("diplomacy", "diplomatic") and an acronym ("AI", "artificial
    # intelligence") name one subject
    return not any(
        _same_stem(" ".join(m), " ".join(t))
        or "".join(w[0] for w in t) == "".join(m)
        or "".join(w[0] for w in m) == "".join(t)
        for m in mine
        for t in theirs
    )


def _swapped(a: str, b: str) -> bool:
    """``b`` follows ``a``'s wording but puts another name or topic in one of its slots ("a
    second site near Losa next year" / "near Dunzel next year"; "stockpiles of lithium" /
    "stockpiles of nickel"): another claim, however many words they share. A slot is a run of
    at most ``MAX_SWAP_WORDS`` words between words both sentences share; the ends of the
    sentences are not slots, since outlets end a sentence with their own attribution. (The
    alignment of ``a`` to ``b`` need not mirror ``b``'s to ``a``: ``compare`` asks both.)"""
    pa, pb = _profile(a), _profile(b)
    return _may_swap(pa, pb) and _slot_swapped(pa, pb)


def _may_swap(pa: _Profile, pb: _Profile) -> bool:
    """False when every name and subject of one sentence is also the other's: no slot can then
    hold another one (``_slot_swapped`` would say so after aligning them; this is the cheap
    answer for most pairs)."""
    return not (
        (pa.proper <= pb.proper and pa.topics <= pb.topics)
        or (pb.proper <= pa.proper and pb.topics <= pa.topics)
    )


def _slot_swapped(pa: _Profile, pb: _Profile) -> bool:
    wa, wb = pa.words, pb.words
    ops = SequenceMatcher(None, [w.folded for w in wa], [w.folded for w in wb], autojunk=False)
    for tag, i1, i2, j1, j2 in ops.get_opcodes():
        if tag != "replace" or i2 >= len(wa) or j2 >= len(wb):
            continue
        if _country_swapped(wa[i1:i2], wb[j1:j2], pa, pb):
            return True
        if i2 - i1 > MAX_SWAP_WORDS or j2 - j1 > MAX_SWAP_WORDS:
            continue
        if _different(wa[i1:i2], wb[j1:j2], pb) and _different(wb[j1:j2], wa[i1:i2], pa):
            return True
    return False


def _country_swapped(
    one: Sequence[_Word], other: Sequence[_Word], pa: _Profile, pb: _Profile
) -> bool:
    """Each slot names a country (``data/countries_en.txt``) that the other sentence names
    nowhere, in any form: another country's claim, however long the slot ("At Bellosa
    Holdings, Portugal tightened export controls ..." / "Around Torshi, Turkey tightened
    export controls ..."). A slot that only one side fills with a country ("India's foreign
    minister" / "Jaishankar, speaking in Delhi,") decides nothing here."""
    countries = _countries()
    mine = [w.folded for w in one if w.proper and w.folded in countries]
    theirs = [w.folded for w in other if w.proper and w.folded in countries]
    if not (mine and theirs):
        return False
    return not any(_same_form(c, w.folded) for c in mine for w in pb.words) and not any(
        _same_form(c, w.folded) for c in theirs for w in pa.words
    )


# ------------------------------------------------------------------ another story


@memo.per_text(_DETAILS_CACHE)
def names_in(sentence: str) -> frozenset[str]:
    """The folded words of the names ``sentence`` gives (capitalized where the sentence does
    not capitalize anyway; titles such as "Minister" left out)."""
    return frozenset(
        w.folded
        for w in _words(sentence)
        if w.proper and w.folded not in _TITLE_HEADS and w.folded not in _TITLE_MODIFIERS
    )


@dataclass(frozen=True)
class _Index:
    """What ``other_story`` looks up in an article, read in one pass over its words."""

    words: frozenset[str]  # folded
    stems: frozenset[str]  # their first NAME_STEM_LETTERS letters
    acronyms: frozenset[str]  # folded: "rbi"
    spelled: str  # the initials of its capitalized words in order ("Reserve Bank of India": "rbi")


# The longest acronym looked for ("RBI", "MEA", "ASEAN"): longer runs of capitals are words.
MAX_ACRONYM_LETTERS = 6


@memo.per_text(1 << 15)
def _article_index(text: str) -> _Index:
    tokens = _TOKEN.findall(text)
    distinct = set(tokens)
    words = frozenset(map(_bare, distinct))
    bare = (t.replace(".", "") for t in distinct if t.isupper())
    initials = "".join(t[0] for t in tokens if t[0].isupper())
    return _Index(
        words,
        frozenset(w[:NAME_STEM_LETTERS] for w in words if len(w) >= NAME_STEM_LETTERS),
        frozenset(_fold(t) for t in bare if 1 < len(t) <= MAX_ACRONYM_LETTERS),
        # each initial folded (what ``_fold`` does to an ASCII letter is lower-casing it)
        initials.lower() if initials.isascii() else "".join(map(_fold, initials)),
    )


@memo.per_text(1 << 16)
def _name_stems(names: frozenset[str]) -> frozenset[str]:
    return frozenset(n[:NAME_STEM_LETTERS] for n in names if len(n) >= NAME_STEM_LETTERS)


def _mentions(article: str, names: frozenset[str]) -> bool:
    """``article`` mentions one of ``names``, or another form of one ("Japan", "Japanese")."""
    index = _article_index(article)
    if not names.isdisjoint(index.words):
        return True
    stems = _name_stems(names) & index.stems
    if stems and any(
        _same_form(n, w)
        for w in index.words
        if w[:NAME_STEM_LETTERS] in stems
        for n in names
        if n[:NAME_STEM_LETTERS] == w[:NAME_STEM_LETTERS]
    ):
        return True
    # a place's irregular form ("French" of "France": data/demonyms_en.txt); not a pronoun
    # of the article's ("us" is "US" only where it is capitalized, as the names are)
    forms, place_words = _place_forms(), _place_words()
    places = {forms.get(n, n) for n in names & place_words}
    return bool(places) and any(
        forms.get(w, w) in places for w in index.words & place_words if w not in STOPWORDS
    )


# Words that end many names ("Osos Industries", "Faan Labs", "the Reserve Bank"): one shared
# tells nothing about whether two articles name the same body, so a mention never rests on one.
# The head words of bodies' and agreements' names (``names.ORG_HEADS``), and companies' own.
GENERIC_NAME_WORDS = frozenset(
    w.lower()
    for w in (
        *ORG_HEADS,
        *"Holdings Industries Systems Labs Laboratories Partners Resources Corp Inc Ltd Limited "
        "Co Company Companies Technologies Technology Energy Metals Mining Capital Motors "
        "Services International National Global University FC Club United Airlines Airways "
        "Electronics Pharmaceuticals Semiconductor Electric Chemicals Steel Oil Gas Power "
        "Financial Investments Ventures Media Trust Insurance Motor Brands Foods "
        "Communications Networks Telecom Petroleum Minerals Materials Solutions Enterprises "
        "Trading Logistics Shipping Aerospace Robotics Analytics Dynamics Therapeutics Health "
        # and the words many places' names share ("South Korea", "South Africa")
        "Republic Islands Island North South East West New Central".split(),
    )
)
# A sentence boundary, for reading an article sentence by sentence (``_article_names``,
# ``_before``): a quote's closing mark ends one only after a stop ('"It holds," Dorn said.').
_SENTENCE_GAP = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘'(]?[A-Z0-9])")


@memo.per_text(1 << 15)
def _article_names(text: str) -> frozenset[str]:
    """The folded words of every name an article gives (``names_in`` of each sentence)."""
    return frozenset().union(*(names_in(s) for s in _SENTENCE_GAP.split(text) if s.strip()))


@memo.per_text(1 << 17)
def _side(sentence: str, article: str) -> tuple[frozenset[str], str]:
    """What tells the story ``sentence`` is in: its own names, else those of the nearest
    sentence before it that names someone besides its speaker (``_before``), else its
    article's; with the initials of the capitalized words they come from (what an acronym of
    them spells)."""
    for told in (sentence, *_before(sentence, article)):
        own = names_in(told) - GENERIC_NAME_WORDS
        if told is not sentence:  # who is quoted before it is not what the story is about
            own -= {w for n in details(told).names if n.speaker for w in n.key.split()}
        if own:
            return own, "".join(w.folded[0] for w in _words(told) if w.proper and w.folded)
    return _article_names(article) - GENERIC_NAME_WORDS, _article_index(article).spelled


# A sentence that names nobody ("Farmers reported losses of $80 million") tells of what the
# sentences just before it name: the nearest of up to this many that names someone other than
# its speaker speaks for it, before its whole article does (which, in a round-up, names other
# stories too).
CONTEXT_SENTENCES = 2


def _before(sentence: str, article: str) -> list[str]:
    """The up to ``CONTEXT_SENTENCES`` sentences before ``sentence`` in ``article``, nearest
    first."""
    at = article.find(sentence)
    if at <= 0:
        return []
    start = max(0, at - CONTEXT_SENTENCES * MAX_CONTEXT_CHARS)
    return _SENTENCE_GAP.split(article[start:at].strip())[::-1][:CONTEXT_SENTENCES]


# How far back, per sentence, ``_before`` looks: a longer "sentence" is a page without stops.
MAX_CONTEXT_CHARS = 600


def _abbreviated(article: str, names: frozenset[str], initials: str) -> bool:
    """``article`` spells out one of ``names`` that is an acronym ("RBI" / "Reserve Bank of
    India"), or writes an acronym of the words ``initials`` come from."""
    index = _article_index(article)
    return any(n in index.spelled for n in _short(names)) or any(
        a in initials for a in index.acronyms
    )


@memo.per_text(1 << 16)
def _short(names: frozenset[str]) -> tuple[str, ...]:
    """Those of ``names`` short enough to be acronyms."""
    return tuple(sorted(n for n in names if 1 < len(n) <= MAX_ACRONYM_LETTERS))


def omits_figures(claim: str, other: str) -> bool:
    """``claim`` gives a figure ("39 percent", "$2 billion", "441 of 53,995 tasks") and
    ``other`` gives none: it may tell of the same thing, but not of the claim, whose figure a
    reader would not find in it. (Another figure is a discrepancy: ``compare``.)"""
    return bool(details(claim).numbers) and not details(other).numbers


def other_story(sentence: str, article: str, other_sentence: str, other_article: str) -> bool:
    """The two sentences belong to different stories: each names someone or something (a
    person, place, company) that the other's whole article never mentions, in any form
    (another form of the word, "Japanese"; or an acronym, "RBI" for "Reserve Bank of India").

    A sentence that names nobody ("An audit found the model failed 441 of 53,995 tasks") is
    in the story the sentence just before it names (``_before``), else the one its article
    names: then those names stand for the sentence's, so two articles that share no name at
    all (another audit, of another model) tell two stories, not two versions of one number.
    Words that end many names ("Industries", "Labs": ``GENERIC_NAME_WORDS``) are no name's
    mention. When neither side names anyone, this decides nothing; when an article mentions a
    name of the other side anywhere (an outlet that calls the minister by title but names him
    elsewhere), they are still two stories if each sentence names an actor the other's
    article never mentions (``_unknown_actor``); else ``compare`` alone decides."""
    mine, my_initials = _side(sentence, article)
    theirs, their_initials = _side(other_sentence, other_article)
    if not (mine and theirs):
        return False
    if not (
        _mentions(other_article, mine)
        or _mentions(article, theirs)
        or _abbreviated(other_article, mine, my_initials)
        or _abbreviated(article, theirs, their_initials)
    ):
        return True
    # a shared place or subject does not make one story of two actors' deeds: "Torra
    # Holdings raised forecasts for mining in Dodun" / "Saos Inc cut mining in Dodun"
    return _unknown_actor(sentence, other_article) and _unknown_actor(other_sentence, article)


def _unknown_actor(sentence: str, other_article: str) -> bool:
    """``sentence`` names someone (not its speaker: outlets quote different officials) whom
    ``other_article`` never mentions, in any form or as an acronym."""
    for name in details(sentence).names:
        keys = name.key.replace(".", "").split()  # as the article's words are read ("U.S.": "us")
        words = frozenset(keys) - GENERIC_NAME_WORDS - _TITLE_HEADS - _TITLE_MODIFIERS
        if name.speaker or not words:
            continue
        initials = "".join(w[0] for w in keys)
        if not (_mentions(other_article, words) or _abbreviated(other_article, words, initials)):
            return True
    return False
