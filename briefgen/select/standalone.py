"""Does a sentence stand alone? Leading connectives, unresolved references, defined acronyms.

A brief shows one sentence out of its article, so it must be readable without the sentence
before it. Four pure functions, on plain strings:

- ``connective``: where to start a sentence that opens with "However," or "In addition,": the
  rest is the statement (the shown text stays an exact substring of the article);
- ``references``: what a sentence leans on that only the article before it says: a leading
  pronoun or demonstrative, a leading "The <noun>" naming something introduced earlier, a
  surname whose full name came before, an acronym nobody spelled out;
- ``acronyms``: the acronyms an article defines ("Joint Working Group (JWG)");
- ``glossary``: the defined acronyms a sentence uses without spelling them out, for the brief's
  glossary line (an acronym the article defines is not an unresolved reference).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

# Connectives that tie a sentence to the one before and may be dropped with their comma: what
# follows is a statement of its own ("However, both sides agreed ..." -> "both sides agreed ...").
CONNECTIVES = (
    "In addition",
    "In response",
    "In response to this",
    "In reaction to this",
    "In a separate development",
    "However",
    "Meanwhile",
    "Moreover",
    "Furthermore",
    "Separately",
    "Also",
    "Additionally",
    "Besides",
    "Still",
    "Nonetheless",
    "Nevertheless",
    "Likewise",
    "Similarly",
)
_CONNECTIVE = re.compile(r"(?:" + "|".join(re.escape(c) for c in CONNECTIVES) + r"),[^\S\n]+(?=\w)")
# Opening words that point back at the sentence before (pronouns, demonstratives, "such",
# "both"), or join to it (conjunctions, connectives without their comma). Compared
# case-insensitively, since a trimmed connective leaves a lower-case start.
PRONOUNS = frozenset(
    "it its they them their theirs this these that those he she his her him such both".split()
)
LINKING_WORDS = frozenset(
    "but and or so yet also however meanwhile moreover besides furthermore additionally "
    "nonetheless nevertheless instead thus therefore hence consequently likewise similarly "
    "separately still then".split()
)
# "Second, ..." or "Third came ...": a list item whose first entry is in an earlier sentence.
# Followed by a capitalized word it is a name ("First Quantum Minerals said ...").
ORDINALS = frozenset("first second third fourth fifth finally".split())
# "The <noun>" at the start, anchored by what follows within this many words: "The price of
# copper" (of-phrase), "The companies that signed" (relative clause), "The regulator Ofcom"
# (a name). Further away, the words are the predicate, not the description.
DESCRIPTION_WORDS = 3
ANCHORS = frozenset("of that which who whose".split())
# "The talks in Geneva", "The deal with Canada": a preposition anchors when a name follows.
PREPOSITIONS = frozenset("in at on for from with between against over by".split())
# Words that end the description: once the verb comes, nothing later anchors it ("The company
# said part of ..." is not "The company ... of ...").
VERBS = frozenset(
    "is are was were be been has have had will would can could may might must should shall "
    "do does did said says told added sold made took gave met won lost rose fell grew saw set "
    "put cut hit led held left kept paid sent spent built bought brought found got began "
    "became came went ran wrote plans expects wants needs also not".split()
)
# Honorifics make no full name: "Mr Hall" is as unresolved as "Hall".
HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame".split())
# First words of two-word places: "New Delhi" gives no surname "Delhi".
PLACE_WORDS = frozenset(
    "new north south east west central upper lower saint st san santa los las hong sri costa "
    "puerto abu".split()
)
NOT_GIVEN = HONORIFICS | PLACE_WORDS | {"the"}  # "The Philippines" is no full name either
# A surname alone counts when it is used as a person: before a reporting verb, after an
# honorific or "said", or followed by ", who". "Delhi" after "New Delhi" is no person.
SPEECH = (
    "said|says|told|added|noted|warned|argued|stated|wrote|explained|insisted|announced|urged|"
    "stressed|asked|replied|confirmed|denied|acknowledged|called|described|suggested|believes|"
    "thinks|declined|spoke|insists|adds|notes|warns"
)
# Acronyms any reader of the news knows: no glossary, no penalty.
COMMON_ACRONYMS = frozenset(
    "AI US USA UN EU UK G7 G20 NATO GDP GPU CEO CFO CTO IMF WTO WHO OPEC ASEAN BRICS NASA FBI CIA "
    "UAE BBC CNN AP AFP TV PM AM IPO ETF VAT EV EVs LNG GMT UTC DNA HIV COVID IT ID OK PhD "
    "UNESCO UNICEF OECD NGO NGOs USD EUR GBP".split()
)
# Small words an expansion may contain without an initial: "Ministry of External Affairs (MEA)".
SKIPPABLE = frozenset("of and for the on in to de &".split())
MAX_ACRONYM = 8  # longer all-capital runs are shouting, not acronyms

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# "JWG", "NGOs", "JWG's", "JWG-led"; not "U.S." (dotted), "US-China" or "COVID-19" (compounds)
_ACRONYM = re.compile(
    r"(?<![\w.&-])([A-Z][A-Za-z0-9&]*[A-Z0-9])(?:s|['’]s)?(?![\w&]|-(?![a-z])|\.\w)"
)
_ROMAN = re.compile(r"[IVXLC]+")
# "Expansion Words (ACR)" and "ACR (Expansion Words)"
_PAREN_AFTER = re.compile(r"\(\s*([A-Z][A-Za-z0-9&]*[A-Z0-9])s?\s*\)")
_PAREN_BEFORE = re.compile(
    r"(?<![\w.&-])([A-Z][A-Za-z0-9&]*[A-Z0-9])s?\s*\(\s*([^()]{3,120}?)\s*\)"
)
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:[^\S\n]+[A-Z][\w'’-]*)+")
_POSSESSIVE = re.compile(r"['’]s$")
# two or more all-capital words in a row: a shouted headline or a dateline, not acronyms
_CAPS_RUN = re.compile(r"(?<![\w&-])[A-Z]{2,}(?:[^\S\n]+[A-Z]{2,})+(?![\w&-])")
_OPENING = re.compile(r"[\"“‘'(\[]*([^\W_]+)")


def connective(text: str) -> int:
    """The offset where ``text`` starts once a leading "However," or "In addition," is dropped.

    0 when it does not start with one of ``CONNECTIVES`` and a comma; otherwise the offset of the
    next word, so ``text[offset:]`` is an exact substring starting at a word character.
    """
    m = _CONNECTIVE.match(text)
    return m.end() if m else 0


def _initials_match(words: list[str], acronym: str) -> bool:
    """True when the capitalized ``words`` spell the capitals of ``acronym``, small words skipped.

    Hyphenated words give one initial per part ("Anti-Money Laundering" -> AML); a small word of
    ``SKIPPABLE`` may give none. Every other word must be capitalized and match, in order.
    """
    letters = [c for c in acronym if c.isupper() or c.isdigit()]
    parts = [p for w in words for p in w.split("-") if p]
    i = 0
    for p in parts:
        if i < len(letters) and p[0] == letters[i] and p[0].isupper():
            i += 1
        elif p.lower() not in SKIPPABLE:
            return False
    return i == len(letters) and bool(parts) and parts[0][0].isupper()


def _expansion_before(text: str, end: int, acronym: str) -> str:
    """The capitalized words right before ``end`` whose initials spell ``acronym``, else ""."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text, max(0, end - 200), end)]
    capitals = sum(1 for c in acronym if c.isupper() or c.isdigit())
    # shortest run of words ending at ``end`` that spells it: "the Joint Working Group (JWG)"
    for n in range(1, min(len(words), 2 * capitals + 2) + 1):
        run = words[-n:]
        if _initials_match([w for _, w in run], acronym):
            start = run[0][0]
            if text[start:end].count("\n") == 0 and not re.search(r"[.;:,!?]", text[start:end]):
                return text[start:end].rstrip()
    return ""


def acronyms(article_text: str) -> dict[str, str]:
    """Acronyms ``article_text`` defines, each with its expansion as written (first definition).

    "Joint Working Group (JWG)" and "JWG (Joint Working Group)" both give {"JWG": "Joint Working
    Group"}; the expansion's capitalized words must spell the acronym (see ``_initials_match``),
    so an agency tag after any phrase ("... on Tuesday (ANI)") defines nothing.
    """
    found: dict[str, tuple[int, str]] = {}
    for m in _PAREN_AFTER.finditer(article_text):
        acronym = m.group(1)
        expansion = _expansion_before(article_text, m.start(), acronym)
        if expansion and acronym not in found:
            found[acronym] = (m.start(), expansion)
    for m in _PAREN_BEFORE.finditer(article_text):
        acronym, inner = m.group(1), m.group(2)
        words = _WORD.findall(inner)
        if acronym not in found or found[acronym][0] > m.start():
            if len(words) >= 2 and _initials_match(words, acronym):
                found[acronym] = (m.start(), inner)
    return {a: e for a, (_, e) in sorted(found.items(), key=lambda kv: kv[1][0])}


def _used_acronyms(text: str) -> list[str]:
    """Acronyms in ``text``, in order of first use, without repeats; plurals folded ("NGOs")."""
    shouted = [m.span() for m in _CAPS_RUN.finditer(text)]
    out: list[str] = []
    for m in _ACRONYM.finditer(text):
        a = m.group(1)
        capitals = sum(1 for c in a if c.isupper())
        if capitals < 2 or len(a) > MAX_ACRONYM or _ROMAN.fullmatch(a) or a in out:
            continue
        if sum(1 for c in a if c.islower()) >= capitals:  # "McDonald"-like names, not acronyms
            continue
        if any(lo <= m.start() < hi for lo, hi in shouted):
            continue
        out.append(a)
    return out


def glossary(text: str, definitions: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(acronym, expansion) for each acronym of ``text`` that ``definitions`` (the article's
    ``acronyms``) defines and ``text`` does not spell out itself, in order of appearance."""
    own = acronyms(text)
    used = _used_acronyms(text)
    return tuple((a, definitions[a]) for a in used if a in definitions and a not in own)


def _leading(text: str) -> list[str]:
    """The first words of ``text`` (an opening quote or bracket skipped), as written."""
    m = _OPENING.match(text)
    if not m:
        return []
    return _WORD.findall(text, m.start(1), m.start(1) + 120)


def _definite(words: list[str]) -> bool:
    """True for a leading "The <noun> ..." that nothing after the noun identifies."""
    if len(words) < 2 or words[0].lower() != "the" or not words[1][0].islower():
        return False  # "The United States", "The Ministry of External Affairs": a name
    for i, w in enumerate(words[2 : 2 + DESCRIPTION_WORDS], start=2):
        lower = w.lower()
        if lower in ANCHORS:
            return False
        if lower in PREPOSITIONS:
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt[:1].isupper():
                return False
            break
        if w[0].isupper():  # "The regulator Ofcom", "The supplement maker Herbalife"
            return False
        if lower in VERBS or lower.endswith("ed"):
            break
    return True


def introduced(article_text: str) -> tuple[tuple[int, str], ...]:
    """(end offset, surname) of every full name (two or more capitalized words) in
    ``article_text``, in order: one pass gives every sentence the surnames introduced before it
    (those ending at or before its start), where scanning each sentence's prefix is quadratic."""
    out: list[tuple[int, str]] = []
    for m in _NAME_RUN.finditer(article_text):
        words = m.group().split()
        last = _POSSESSIVE.sub("", words[-1])
        given = words[-2].lower().rstrip(".")
        if given not in NOT_GIVEN and last[1:].islower():
            out.append((m.end(), last))
    return tuple(out)


def _surnames(article_before: str) -> set[str]:
    """Last words of the full names in the earlier text."""
    return {name for _, name in introduced(article_before)}


def _full_name(text: str, surname: str) -> bool:
    """True when ``text`` itself names ``surname`` with a given name ("Maria Hall")."""
    for run in _NAME_RUN.findall(text):
        words = run.split()
        for given, last in zip(words, words[1:], strict=False):
            if _POSSESSIVE.sub("", last) == surname and given.lower().rstrip(".") not in HONORIFICS:
                return True
    return False


# What makes a bare surname a person, read around each place the text has it (one set of
# patterns for every name, not one compiled per surname): "Hall said", "Hall's ... said",
# "Hall, who", "Mr Hall", "said Hall", "according to Hall".
_SPEAKS_AFTER = re.compile(rf"(?:['’]s)?\s+(?:{SPEECH})\b|,\s+who\b")
_TITLE_BEFORE = re.compile(rf"\b(?i:{'|'.join(sorted(HONORIFICS))})\.?\s+$")
_SPEECH_BEFORE = re.compile(rf"\b(?:{SPEECH}|(?i:according to))\s+$")
_LOOK_BACK = 40  # characters before a surname searched for a title or a speech verb


def _alone(text: str, surname: str) -> bool:
    """True when ``text`` names ``surname`` as a person ("Hall said", "said Mr Hall", "Hall,
    who") with no given name anywhere in it."""
    if _full_name(text, surname):
        return False
    at = text.find(surname)
    while at >= 0:
        end = at + len(surname)
        word_start = at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")
        word_end = end == len(text) or not (text[end].isalnum() or text[end] == "_")
        article = text[max(0, at - 4) : at] in ("the ", "The ")  # "the Philippines said"
        if word_start and not article:
            if _SPEAKS_AFTER.match(text, end):
                return True
            before = text[max(0, at - _LOOK_BACK) : at]
            if word_end and (_TITLE_BEFORE.search(before) or _SPEECH_BEFORE.search(before)):
                return True
        at = text.find(surname, at + 1)
    return False


def references(
    text: str,
    article_before: str,
    definitions: Mapping[str, str] | None = None,
    surnames: AbstractSet[str] | None = None,
) -> tuple[str, ...]:
    """What ``text`` refers to that only ``article_before`` (its article up to it) can resolve.

    Reasons, in this order: "pronoun 'They'", "connective 'But'", "ordinal 'Second'",
    "definite 'The company'", "surname 'Hall'", "acronym 'JWG'". ``definitions`` are the
    article's ``acronyms`` (computed from ``article_before`` when not given): an acronym the
    article defines goes to the glossary and is not a reference. ``surnames`` are those the
    article introduced before ``text`` (from ``introduced``; computed from ``article_before``
    when not given). Never raises; () for a sentence that stands alone.
    """
    out: list[str] = []
    words = _leading(text)
    first = words[0] if words else ""
    lower = first.lower()
    if lower in PRONOUNS:
        out.append(f"pronoun '{first}'")
    elif lower in LINKING_WORDS:
        out.append(f"connective '{first}'")
    elif lower in ORDINALS and len(words) > 1 and not words[1][0].isupper():
        out.append(f"ordinal '{first}'")
    elif _definite(words):
        out.append(f"definite '{first} {words[1]}'")
    # '"We will respond," he said.': a quotation given to a pronoun
    said = re.search(rf"[,.!?][\"”’']?\s+(he|she|they)\s+(?:{SPEECH})\b", text)
    if said and not out:
        out.append(f"pronoun '{said.group(1)}'")
    known = _surnames(article_before) if surnames is None else surnames
    for surname in sorted(known, key=lambda n: (text.find(n), n)):
        if surname in text and _alone(text, surname):
            out.append(f"surname '{surname}'")
    defined = acronyms(article_before) if definitions is None else definitions
    own = acronyms(text)
    for a in _used_acronyms(text):
        if a not in COMMON_ACRONYMS and a not in defined and a not in own:
            out.append(f"acronym '{a}'")
    return tuple(out)
