"""Who an article credits, read from the credit lines and fragments cleaning removed.

"Based On ANI Report", "(Reuters)", "GENEVA, Nov 23 (Meridian Wire) -": the credit is boilerplate
in the brief, but it is evidence that two articles are one agency's story retold, which matters
when counting independent reports, and a syndication disclaimer ("... not been edited by <X>
staff and is published from a syndicated feed") names the outlet that published the text.

Only fragments shaped as a credit count: a whole tag, a dateline ending in a tag, a signed line,
a "based on" / "with inputs from" line, a disclaimer. A removed "Also Read: ... (AI) ..." line or
a photo caption credits nobody, and "Artificial Intelligence (AI)" defines an acronym.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Full names agencies sign with -> the short name they are known by (the key credits use).
AGENCY_ALIASES = {
    "press trust of india": "pti",
    "asian news international": "ani",
    "indo-asian news service": "ians",
    "united news of india": "uni",
    "agence france-presse": "afp",
    "agence france presse": "afp",
    "associated press": "ap",
    "the associated press": "ap",
    "deutsche presse-agentur": "dpa",
    "xinhua news agency": "xinhua",
    "kyodo news": "kyodo",
    "yonhap news agency": "yonhap",
    "emirates news agency": "wam",
    "saudi press agency": "spa",
    "anadolu agency": "anadolu",
    "thomson reuters": "reuters",
}
# Agencies recognised without brackets ("-- IANS", a line "Reuters"): the shipped cleaning
# rules' list (data/boilerplate_en.yaml), where a bare word could be anything else.
KNOWN_AGENCIES = frozenset(
    {"ani", "pti", "ians", "uni", "reuters", "ap", "afp", "dpa", "xinhua", "bloomberg", "wam"}
    | {"spa", "kyodo", "yonhap", "bernama", "efe", "ansa", "anadolu"}
)
_GENERIC = {"agencies", "agency", "wires", "wire services", "news agencies", "agency reports"}
# Words that make a bracketed name a photo credit or a byline, not a news agency.
_NOT_AGENCY_WORDS = {"photo", "photos", "image", "images", "file", "video", "getty", "istock"}
_NOT_AGENCY_WORDS |= {"shutterstock", "representational", "representative", "graphic"}
_NOT_AGENCY = re.compile(r"(?i)^(?:reporting|writing|editing|additional|with|except|this|our)\b")
# Lower-case words skipped when reading an acronym's initials ("Ministry of External Affairs").
_MINOR_WORDS = {"of", "and", "for", "the", "on", "in", "to", "&"}

_NAME = r"[A-Za-z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}"
# "(ANI)", "[Reuters]", "-- IANS", "— (PTI)", "Reuters.": the whole fragment is the credit
_LONE = re.compile(
    rf"^(?P<dash>[-–—]+\s*)?(?P<open>[(\[])?\s*(?P<name>{_NAME})\s*(?P<close>[)\]])?\.?$"
)
# "LISBON, Mar 3 (Reuters) -", "New Delhi [India], January 17 (ANI):"
_DATELINE = re.compile(rf"^(?P<place>.*?)\s*[(\[]\s*(?P<name>{_NAME})\s*[)\]]\s*[-–—:]+$")
_BASED_ON = re.compile(r"(?i)^\(?\s*based on (?:an? |the )?(.+?)\s+(?:reports?|inputs?)\s*\.?\)?$")
# "(With inputs from PTI)", "(Reporting by A; additional inputs from Reuters)"
_INPUTS = re.compile(
    r"(?i)(?:^\(?|;)\s*(?:with\s+)?(?:additional\s+)?inputs?\s+from\s+(?:the\s+)?([^()]+?)\s*\)?\.?$"
)
_LIST = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*")
_DISCLAIMER = re.compile(r"(?i)\b(?:syndicated|agency|wire) feed\b|\bnot been edited by\b")
_PUBLISHER = re.compile(
    r"(?i)\bnot been edited by (?-i:the )?(.{1,60}?)\s+(?:editorial\s+)?(?:staff|team|editors)\b"
)


@dataclass(frozen=True)
class Credits:
    """What an article's removed credit lines say about where its text came from."""

    agencies: tuple[str, ...] = ()  # agencies credited, normalized (see agency_key), in order
    publisher: str = ""  # the outlet a syndication disclaimer names, as written; "" for none
    # True when the agencies are credited only as the basis of the article's own text ("Based
    # on ANI report", "with inputs from PTI"); False when the article carries an agency's text
    retold: bool = False


def agency_key(name: str) -> str:
    """The key an agency is credited by: case-folded, spaces collapsed, full names aliased."""
    key = " ".join(name.split()).strip(".").casefold()
    return AGENCY_ALIASES.get(key, key)


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0] for w in words if w.casefold() not in _MINOR_WORDS).upper()


def defines_acronym(before: str, name: str) -> bool:
    """Does ``before (name)`` define an acronym ("Joint Working Group (JWG)", "AI (Artificial
    Intelligence)") rather than credit a source?"""
    words = re.findall(r"[\w&][\w&'’-]*", before)
    inner = name.split()
    if len(inner) == 1 and name.isupper():
        significant = [w for w in words if w.casefold() not in _MINOR_WORDS]
        return len(significant) >= len(name) and _initials(significant[-len(name) :]) == name
    return bool(words) and words[-1].isupper() and _initials(inner) == words[-1].upper()


def _agency(name: str, bracketed: bool) -> str:
    """``name``'s key if it can be an agency: bracketed and capitalised, or a known agency."""
    key = agency_key(name)
    if not key or key in _GENERIC or _NOT_AGENCY.match(key):
        return ""
    if _NOT_AGENCY_WORDS.intersection(key.split()):
        return ""
    if key in KNOWN_AGENCIES or (bracketed and name[0].isupper()):
        return key
    return ""


def _named(names: str) -> list[str]:
    """The agencies of a "with inputs from" list: "PTI and Reuters" -> pti, reuters."""
    out = []
    for part in _LIST.split(names):
        part = part.strip()
        if part.casefold().startswith("the "):
            part = part[4:]
        if part and len(part.split()) <= 4 and (key := _agency(part, bracketed=True)):
            out.append(key)
    return out


def _read(fragment: str) -> tuple[str, list[str]]:
    """(kind, agencies) of one removed fragment; kind is "carrier", "basis" or ""."""
    text = " ".join(fragment.split())
    m = _BASED_ON.match(text) or _INPUTS.search(text)
    if m:
        return "basis", _named(m.group(1))
    if _DISCLAIMER.search(text):
        return "carrier", []
    m = _LONE.match(text)
    if m:
        bracketed = bool(m["open"] and m["close"])
        key = _agency(m["name"], bracketed)
        if key or (bracketed or m["dash"]) and agency_key(m["name"]) in _GENERIC:
            return "carrier", [key] if key else []
        return "", []
    m = _DATELINE.match(text)
    if m and not defines_acronym(m["place"], m["name"]):
        key = _agency(m["name"], bracketed=True)
        return ("carrier", [key]) if key else ("", [])
    return "", []


def read_credits(removed: Sequence[str]) -> Credits:
    """The agencies, publisher and retelling that ``removed`` lines and fragments credit."""
    found: dict[str, None] = {}
    carried = based = False
    publisher = ""
    for fragment in removed:
        kind, names = _read(fragment)
        carried |= kind == "carrier"
        based |= kind == "basis" and bool(names)
        found.update(dict.fromkeys(names))
        m = _PUBLISHER.search(fragment)
        if m and not publisher:
            publisher = " ".join(m.group(1).split())
    return Credits(tuple(found), publisher, retold=based and not carried)


def agency_credits(removed: Sequence[str]) -> tuple[str, ...]:
    """Agency names credited by removed lines and fragments, normalized, in order, unique."""
    return read_credits(removed).agencies
