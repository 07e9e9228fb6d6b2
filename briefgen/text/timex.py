"""Time expressions in a sentence, normalised against a reference date (the article's own).

``find(text, reference)`` returns every expression with its offsets and a normalised value:

=========================  ===========================  ==================================
kind                       example                      value
=========================  ===========================  ==================================
day                        "17 January 2026", "today"   ``2026-01-17``
range of days              "from 15 to 17 January"      ``2026-01-15/2026-01-17``
month                      "January 2026", "this month"  ``2026-01``
ISO week                   "next week"                  ``2026-W03``
year                       "in 2026", "last year"       ``2026``
half, quarter              "the first half of 2026"     ``2026-H1``, ``2026-Q3``
vague part of a year       "early 2026", "mid-2026"     ``2026-early``/``-mid``/``-late``
=========================  ===========================  ==================================

Rules (the reference is the article's publication date, else the brief's):
- a day or month written without a year takes the reference's year, or the next year's when
  its clause says it is ahead (``FUTURE``) and the reference's would be already past;
- a weekday name resolves to the most recent such day on or before the reference, unless the
  clause before it says it is ahead (``FUTURE``: "will", "next", "is scheduled", "to be held",
  "agreed to", …; the clause runs back to the last comma, so in "X will share Y, the ministry
  said on Sunday" Sunday is past),
  then to the first such day after it; "last Saturday"/"next Saturday" say so themselves;
- "earlier this year" and "later this year" are the reference's year.

python-dateutil reads the explicit dates, only ever on the span a pattern matched (its fuzzy
mode would invent dates from any number). ``find`` never raises: a span it cannot read is
skipped. Callers pass one sentence at a time: the tense rule reads the whole ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as _parser

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)
}
MONTHS["sept"] = 9
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()

# Month and weekday names must be capitalised ("May 5", not "may"), other words any case.
_MON = (
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d\d\b"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_REL_YEAR = r"(?i:this\s+year|next\s+year|last\s+year|the\s+year)"
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_PART = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
}
# A vague part of a year, in months: early = Jan–Apr, mid = May–Aug, late = Sep–Dec.
PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

# Words that put a weekday ahead of the reference rather than behind it.
FUTURE = re.compile(
    r"\b(?:will|shall|next|upcoming|to\s+be\s+held|(?:is|are|was|were)\s+"
    r"(?:scheduled|due|expected|set|slated|planned)"
    r"|(?:decided|agreed|plans?|planned|aims?|intends?)\s+to)\b",
    re.IGNORECASE,
)

# where a clause ends, for the tense of the expression that follows
_CLAUSE_BREAK = re.compile(r"[,;:()—]|\s–\s")

_SIDE = rf"(?:{_DAY}(?:\s+(?:of\s+)?{_MON})?|{_MON}\s+{_DAY})"
# (name, pattern), tried in this order; where two overlap, the longer match wins.
_PATTERNS = [
    (
        "range",
        rf"(?:(?i:from|between)\s+)?(?P<a>{_SIDE})\s*(?:–|—|-|(?i:to|until|till|through|and))\s*"
        rf"(?P<b>{_DAY}\s+(?:of\s+)?{_MON}|{_MON}\s+{_DAY}|{_DAY})(?:,?\s+(?P<y>{_YEAR}))?",
    ),
    ("iso", r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"),
    ("day", rf"\b(?:{_DAY}\s+(?:of\s+)?{_MON}|{_MON}\s+{_DAY})(?:,?\s+{_YEAR})?"),
    ("month", rf"\b(?P<m>{_MON})(?:\s+(?i:of\s+))?,?\s+(?P<y>{_YEAR})"),
    (
        "month_alone",
        rf"\b(?i:in|by|since|until|till|during|before|after|from|through)\s+(?P<m>{_MON})"
        rf"(?!\s*(?:\d|{_YEAR}))",
    ),
    (
        "half",
        rf"\b(?:(?i:the)\s+)?(?P<o>(?i:first|second|1st|2nd))\s+(?i:half)\s+(?i:of)\s+"
        rf"(?P<y>{_YEAR}|{_REL_YEAR})",
    ),
    ("half_code", rf"\bH(?P<o>[12])(?:\s+(?i:of\s+)?|-|\s*)(?P<y>{_YEAR})"),
    (
        "quarter",
        rf"\b(?:(?i:the)\s+)?(?P<o>(?i:first|second|third|fourth|1st|2nd|3rd|4th))\s+"
        rf"(?i:quarter)\s+(?i:of)\s+(?P<y>{_YEAR}|{_REL_YEAR})",
    ),
    ("quarter_code", rf"\bQ(?P<o>[1-4])(?:\s+(?i:of\s+)?|-|\s*)(?P<y>{_YEAR})"),
    (
        "part",
        rf"\b(?:(?i:the)\s+)?(?P<p>(?i:early|mid|late|beginning|start|middle|end))"
        rf"(?:\s*-\s*|\s+(?i:of\s+)?)(?P<y>{_YEAR}|{_REL_YEAR})",
    ),
    ("year_within", r"\b(?i:earlier|later)\s+(?i:this)\s+(?i:year)\b"),
    ("year", rf"\b(?i:in|by|since|until|till|before|after|during|from|through)\s+(?P<y>{_YEAR})"),
    ("rel_year", r"\b(?i:this|next|last|past)\s+(?i:year)\b"),
    ("rel_month", r"\b(?P<w>(?i:this|next|last|past))\s+(?i:month)\b"),
    ("rel_week", r"\b(?P<w>(?i:this|next|last|past))\s+(?i:week)\b"),
    ("rel_day", r"\b(?i:yesterday|today|tomorrow)\b"),
    ("weekday", rf"\b(?:(?P<w>(?i:on|last|next|this))\s+)?(?P<d>{_WEEKDAY})"),
]
_COMPILED = [(name, re.compile(p)) for name, p in _PATTERNS]
# Every pattern needs one of these: a sentence without any is skipped in one search.
_ANY = re.compile(rf"\d|{_MON}|{_WEEKDAY}|(?i:\b(?:yesterday|today|tomorrow|year|month|week)\b)")
_REL_YEAR_RE = re.compile(_REL_YEAR)

# What a well-formed value looks like (the tests check every value against it).
VALUE = re.compile(
    r"\d{4}(?:-\d\d(?:-\d\d(?:/\d{4}-\d\d-\d\d)?)?|-H[12]|-Q[1-4]|-W\d\d|-(?:early|mid|late))?"
)


@dataclass(frozen=True)
class Timex:
    """One time expression: ``text == source[start:end]`` and its normalised ``value``."""

    start: int
    end: int
    text: str
    value: str
    kind: str  # the pattern that matched: "day", "range", "half", "weekday", …

    @property
    def relative(self) -> bool:
        """Whether a reader needs the resolved value: the text is relative or vague."""
        return self.kind not in ("day", "iso", "range", "month", "year") or (
            self.kind in ("day", "range", "month") and not re.search(_YEAR, self.text)
        )


def find(text: str, reference: date) -> list[Timex]:
    """Every time expression of ``text`` (one sentence), resolved against ``reference``."""
    if _ANY.search(text) is None:
        return []
    found: list[tuple[int, int, int, Timex]] = []
    for rank, (name, pattern) in enumerate(_COMPILED):
        for m in pattern.finditer(text):
            value = _resolve(name, m, text, reference)
            if value is not None and name in _YEARLESS and not re.search(_YEAR, m[0]):
                value = _ahead(value, says_ahead(text, m.start()), reference)
            if value is not None and VALUE.fullmatch(value):
                found.append(
                    (m.start(), m.end(), rank, Timex(m.start(), m.end(), m[0], value, name))
                )
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    kept: list[Timex] = []
    for start, end, _, t in found:
        if all(end <= k.start or start >= k.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)


# kinds whose written form may leave the year out ("17 January", "in March")
_YEARLESS = frozenset({"day", "range", "month_alone"})


def says_ahead(text: str, start: int) -> bool:
    """Whether the clause before offset ``start`` of ``text`` puts what follows in the future."""
    clause = _CLAUSE_BREAK.split(text[:start])[-1]
    return FUTURE.search(clause) is not None


def _ahead(value: str, ahead: bool, ref: date) -> str:
    """A yearless date its clause says is ahead, but that the reference's year puts behind it
    ("will meet in March", written in April), is next year's."""
    span = bounds(value)
    if span is None or span[1] >= ref or not ahead:
        return value
    return re.sub(r"\d{4}", lambda y: str(int(y[0]) + 1), value)


def bounds(value: str) -> tuple[date, date] | None:
    """The first and last day a normalised value covers; None for a malformed one."""
    try:
        return _bounds(value)
    except ValueError:
        return None


def _bounds(value: str) -> tuple[date, date] | None:
    if "/" in value:
        a, b = (bounds(v) for v in value.split("/", 1))
        return (a[0], b[1]) if a and b else None
    if not VALUE.fullmatch(value):
        return None
    year, _, rest = value.partition("-")
    y = int(year)
    if not rest:
        return date(y, 1, 1), date(y, 12, 31)
    if rest.isdigit():
        return _month(y, int(rest))
    if rest[0] == "H":
        first = 1 if rest == "H1" else 7
        return date(y, first, 1), _month(y, first + 5)[1]
    if rest[0] == "Q":
        first = 3 * int(rest[1]) - 2
        return date(y, first, 1), _month(y, first + 2)[1]
    if rest[0] == "W":
        monday = date.fromisocalendar(y, int(rest[1:]), 1)
        return monday, monday + timedelta(days=6)
    if rest in PART_MONTHS:
        first, last = PART_MONTHS[rest]
        return date(y, first, 1), _month(y, last)[1]
    day = date.fromisoformat(value)
    return day, day


def _month(year: int, month: int) -> tuple[date, date]:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), nxt - timedelta(days=1)


def _resolve(name: str, m: re.Match[str], text: str, ref: date) -> str | None:
    """The value of one match, or None when it does not read as a date."""
    try:
        return _RESOLVERS[name](m, text, ref)
    except (ValueError, OverflowError, KeyError):  # dateutil's ParserError is a ValueError
        return None


def _parse_day(written: str, ref: date) -> date:
    """An explicit day, read by dateutil on the matched span alone (never fuzzy)."""
    written = re.sub(r"\bof\b", " ", written)
    return _parser.parse(written, default=datetime(ref.year, 1, 1)).date()


def _year(written: str, ref: date) -> int:
    if not _REL_YEAR_RE.fullmatch(written):
        return int(written)
    word = written.split()[0].lower()
    return ref.year + {"next": 1, "last": -1}.get(word, 0)


def _range(m: re.Match[str], text: str, ref: date) -> str | None:
    a, b = m["a"], m["b"]
    month_a = re.search(_MON, a)
    month_b = re.search(_MON, b)
    if not (month_a or month_b):
        return None
    year = f" {m['y']}" if m["y"] else ""
    first = _parse_day(f"{a} {month_b[0] if not month_a and month_b else ''}{year}", ref)
    last = _parse_day(f"{b} {month_a[0] if not month_b and month_a else ''}{year}", ref)
    if last < first:  # "28 December to 3 January": the range crosses a new year
        if m["y"]:
            first = first.replace(year=first.year - 1)
        else:
            last = last.replace(year=last.year + 1)
    if first == last:
        return None
    return f"{first.isoformat()}/{last.isoformat()}"


def _weekday(m: re.Match[str], text: str, ref: date) -> str:
    target = _WEEKDAYS.index(m["d"].lower())
    word = (m["w"] or "").lower()
    ahead = word == "next" or (word != "last" and says_ahead(text, m.start()))
    if ahead:
        day = ref + timedelta(days=(target - ref.weekday() - 1) % 7 + 1)
    else:
        day = ref - timedelta(days=(ref.weekday() - target) % 7)
        if word == "last" and day == ref:
            day -= timedelta(days=7)
    return day.isoformat()


def _shift(m: re.Match[str], ref: date) -> int:
    return {"next": 1, "last": -1, "past": -1}.get(m["w"].lower(), 0)


def _rel_month(m: re.Match[str], text: str, ref: date) -> str:
    index = ref.year * 12 + ref.month - 1 + _shift(m, ref)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _rel_week(m: re.Match[str], text: str, ref: date) -> str:
    year, week, _ = (ref + timedelta(weeks=_shift(m, ref))).isocalendar()
    return f"{year:04d}-W{week:02d}"


def _rel_day(m: re.Match[str], text: str, ref: date) -> str:
    shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[m[0].lower()]
    return (ref + timedelta(days=shift)).isoformat()


def _rel_year(m: re.Match[str], text: str, ref: date) -> str:
    word = m[0].split()[0].lower()
    return str(ref.year + {"next": 1, "last": -1, "past": -1}.get(word, 0))


_RESOLVERS = {
    "range": _range,
    "iso": lambda m, text, ref: date.fromisoformat(m[0]).isoformat(),
    "day": lambda m, text, ref: _parse_day(m[0], ref).isoformat(),
    "month": lambda m, text, ref: f"{int(m['y']):04d}-{MONTHS[m['m'].rstrip('.').lower()]:02d}",
    "month_alone": lambda m, text, ref: f"{ref.year:04d}-{MONTHS[m['m'].rstrip('.').lower()]:02d}",
    "half": lambda m, text, ref: f"{_year(m['y'], ref)}-H{_ORD[m['o'].lower()]}",
    "half_code": lambda m, text, ref: f"{m['y']}-H{m['o']}",
    "quarter": lambda m, text, ref: f"{_year(m['y'], ref)}-Q{_ORD[m['o'].lower()]}",
    "quarter_code": lambda m, text, ref: f"{m['y']}-Q{m['o']}",
    "part": lambda m, text, ref: f"{_year(m['y'], ref)}-{_PART[m['p'].lower()]}",
    "year_within": lambda m, text, ref: str(ref.year),
    "year": lambda m, text, ref: m["y"],
    "rel_year": _rel_year,
    "rel_month": _rel_month,
    "rel_week": _rel_week,
    "rel_day": _rel_day,
    "weekday": _weekday,
}


_SHORT_MONTHS = [name[:3].title() for name in _MONTH_NAMES]
_HALVES = {"H1": "first half", "H2": "second half"}
_QUARTERS = {"Q1": "first quarter", "Q2": "second quarter", "Q3": "third quarter"}
_QUARTERS["Q4"] = "fourth quarter"


def describe(value: str) -> str:
    """A normalised value as a reader reads it: "17 Jan 2026", "15–17 Jan 2026",
    "first half of 2026", "early 2026"; a malformed value is returned as it is."""
    span = bounds(value)
    if span is None:
        return value
    first, last = span
    year, _, rest = value.partition("-")
    if "/" in value:
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day}–{last.day} {_SHORT_MONTHS[last.month - 1]} {last.year}"
        start = f"{first.day} {_SHORT_MONTHS[first.month - 1]}"
        start += "" if first.year == last.year else f" {first.year}"
        return f"{start} – {_day(last)}"
    if not rest:
        return year
    if rest in _HALVES:
        return f"{_HALVES[rest]} of {year}"
    if rest in _QUARTERS:
        return f"{_QUARTERS[rest]} of {year}"
    if rest in PART_MONTHS:
        return f"mid-{year}" if rest == "mid" else f"{rest} {year}"
    if rest[0] == "W":
        return f"week of {_day(first)}"
    if rest.isdigit():
        return f"{_SHORT_MONTHS[first.month - 1]} {year}"
    return _day(first)


def _day(d: date) -> str:
    return f"{d.day} {_SHORT_MONTHS[d.month - 1]} {d.year}"
