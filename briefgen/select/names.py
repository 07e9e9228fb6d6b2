"""Names in text: the patterns that find people with their roles and bodies with their head
words, how spellings of one name compare, and a matcher that finds many names in one pass.

Used by select/entities.py (who's who) and select/quotes.py (speakers); no state here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..text import STOPWORDS

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
# A capitalized name word: "Motegi", "Jean-Luc", "O'Brien", "D’Souza"
_CAP = rf"[{_UP}][{_LO}]+(?:[-'’][{_UP}]?[{_LO}]+)*"
HONORIFICS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "Sir", "Dame", "Shri", "Smt", "Gen", "Adm")
_NAME = (
    rf"(?:(?:{'|'.join(HONORIFICS)})\.?\s)?"  # "Dr. "
    rf"(?:[{_UP}]\.?\s){{0,2}}"  # initials: "S ", "S. "
    rf"{_CAP}(?:\s{_CAP}){{0,2}}"
)
# The word a role ends with: "... Minister", "... spokesperson", "... CEO"
ROLE_HEADS = (
    "Minister|Spokesperson|Spokesman|Spokeswoman|Secretary|President|Vice[- ]President|"
    "Chancellor|Premier|PM|Ambassador|Envoy|Governor|Senator|Chairman|Chairwoman|Chairperson|"
    "Chair|CEO|Chief Executive|Director|Director[- ]General|Commissioner|Mayor|Adviser|Advisor|"
    "Minister of State|Secretary[- ]General|Speaker|King|Queen|Prince|General|Admiral|"
    "Governor|Constable|MP|Professor|Chief"
)
_LOWER_HEADS = (
    "minister|spokesperson|spokesman|spokeswoman|secretary|president|ambassador|envoy|director|"
    "chairman|chief executive|analyst|economist|professor|governor|mayor|senator|commissioner"
)
# the single words of the heads, for telling a role from a name ("Minister of State" gives
# "minister"; its "of" and "state" are no role on their own)
HEAD_WORDS = frozenset(
    w.casefold() for w in re.split(r"[|\s\-]|\[- \]", ROLE_HEADS + "|" + _LOWER_HEADS) if w
) - {"of", "state", "vice"}
# Words that may precede the head inside a role: capitalized words, acronyms, possessives,
# and "of"/"for" joining them ("Ministry of External Affairs spokesperson")
_ROLE_WORD = rf"(?:[{_UP}][\w'’\-–]*|of|for)"
_ROLE_THEN_NAME = re.compile(
    rf"(?<![\w'’])(?P<role>(?:{_ROLE_WORD}\s){{0,5}}(?:{ROLE_HEADS}|{_LOWER_HEADS}))"
    rf"\s(?P<name>{_NAME})(?![\w])"
)
# after a role and name: "... Kwame Ansah of Ebberton University"
_AFFILIATION = re.compile(r"\s(?:of|at|from)\s(?:the\s)?([A-Z][^,;]*)")
_NAME_THEN_ROLE = re.compile(
    rf"(?P<name>{_CAP}(?:\s{_CAP}){{1,2}})(?:,\s(?P<role>.+)|\s(?:of|at|from)\s(?:the\s)?(?P<org>[A-Z].*))"
)
# Capitalized words that are never part of a person's name
NOT_NAMES = frozenset(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The This That These Those "
    "Government Administration Ministry Office House Department Council Parliament Cabinet "
    "Minister Spokesperson President Secretary Committee Said Says Also But And However "
    "Meanwhile Today Yesterday Tomorrow".split()
)
# Organizations: the head word a body's or agreement's name ends with
ORG_HEADS = frozenset(
    "Group Force Taskforce Initiative Dialogue Ministry Council Commission Agency "
    "Organization Organisation Forum Partnership Agreement Treaty Framework Committee Bank "
    "Fund Union Association Alliance Office Department Authority Institute Corporation "
    "Parliament Court Board Pact Accord Coalition Programme Program Mechanism Secretariat "
    "Summit Conference Federation Consortium Foundation Exchange Reserve Service "
    "Administration Party Assembly".split()
)
_ORG_WORD = rf"(?:[{_UP}][\w'’\-–]*|[{_UP}]{{2,}}|\d+(?:st|nd|rd|th))"
_ORG_RUN = re.compile(
    rf"(?<![\w'’])(?:{_ORG_WORD})(?:\s(?:of|for|and|on)\s{_ORG_WORD}|\s{_ORG_WORD})*(?![\w])"
)
# "... Group on critical minerals": a complement of up to three non-stopwords after the head
_COMPLEMENT = re.compile(
    rf"\s(?:on|for)(?:\s(?!(?:{'|'.join(sorted(STOPWORDS))})\b)[\w\-]+){{1,3}}"
)
_COMPLEMENT_WORDS = 3
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)$")
_PAIR = re.compile(rf"[{_UP}][\w]*[-–][{_UP}][\w]*$")  # "India-Japan", "US–China"
_POSSESSIVE = re.compile(r"['’]s$")


def name_words(name: str) -> list[str]:
    """A person's name without honorifics and dots: "Dr. S. Jaishankar" -> ["S", "Jaishankar"]."""
    words = name.replace(".", " ").split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return words


def fullness(name: str) -> int:
    """Given names spelled out count more than initials: "Toshimitsu Motegi" > "T Motegi"."""
    words = name_words(name)
    return sum(2 if len(w) > 1 else 1 for w in words[:-1])


def compatible(a: list[str], b: list[str]) -> bool:
    """Same surname, and each given name of the shorter matches the longer (an initial matches
    any name with that first letter)."""
    if not a or not b or a[-1] != b[-1]:
        return False
    ga, gb = a[:-1], b[:-1]
    if not ga or not gb:
        return True
    if len(ga) > len(gb):
        ga, gb = gb, ga
    return all(
        x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))
        for x, y in zip(ga, gb, strict=False)
    )


def clean_role(text: str) -> str:
    """A role as shown: sentence-case words dropped, and a leading possessive when a formal
    title follows ("India's External Affairs Minister" -> "External Affairs Minister"; "Coral
    Bay's managing director" keeps its company)."""
    words = text.replace(",", " ").split()
    while words and words[0].lower() in STOPWORDS:
        words = words[1:]
    if len(words) > 1 and _POSSESSIVE.search(words[0]) and words[1][:1].isupper():
        words = words[1:]
    return " ".join(words)


def role_and_name(text: str) -> tuple[str, str] | None:
    """(role, name) when ``text`` is a role followed by a name: "MEA Spokesperson Randhir
    Jaiswal", "Minister for Public Administration Lucia Varga", "Coral Bay's managing director,
    Fiona Aldridge"; None otherwise."""
    text = text.rstrip(" ,")
    m = _ROLE_THEN_NAME.search(text)
    if m:
        rest = _AFFILIATION.fullmatch(text[m.end() :])
        if m.end() == len(text) or rest:
            role = clean_role(m.group("role")) + (f", {rest.group(1)}" if rest else "")
            return role, trim_name(m.group("name"))
    # a name first: "Arjun Mehta, head of policy at Lumen", "Annette Kerr of the Campaign"
    m = _NAME_THEN_ROLE.fullmatch(text)
    if m and not any(w in NOT_NAMES for w in m.group("name").split()):
        return clean_role(m.group("role") or m.group("org")), m.group("name")
    words = text.split()
    # a trailing full name, after a role that holds a head word; two words first, the commonest
    # shape ("Minister for Public Works Lucia Varga" is no "Works Lucia Varga")
    for n in (2, 3):
        if len(words) <= n:
            continue
        given, title = words[-n:], words[:-n]
        if (
            all(re.fullmatch(_CAP, w) and w not in NOT_NAMES for w in given)
            and any(w.strip(",").casefold() in HEAD_WORDS for w in title)
            and not any(w.casefold() in HEAD_WORDS for w in given)
        ):
            return clean_role(" ".join(title)), " ".join(given)
    return None


def trim_name(name: str) -> str:
    """Drop a possessive and trailing words that are never names ("Modi Tuesday")."""
    words = name.split()
    words[-1] = _POSSESSIVE.sub("", words[-1])
    while len(words) > 1 and words[-1] in NOT_NAMES:
        words.pop()
    return " ".join(words)


# A word of a name: letters and digits with inner hyphens or apostrophes ("Jean-Luc", "O'Brien",
# "India–Japan"); "Motegi’s" is the word "Motegi" with a possessive
_TOKEN = re.compile(r"[^\W_](?:[\w\-–]|['’](?=[^\W_]))*")
# between the words of one name: "S. Jaishankar", "S Jaishankar", "G20 Leaders' Summit"
_GAP = re.compile(r"[.'’]?[ \t]+|\.")
Form = tuple[str, ...]


def words_of(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of each word, a possessive left off the word and its span."""
    out = []
    for m in _TOKEN.finditer(text):
        word, end = m.group(), m.end()
        bare = _POSSESSIVE.sub("", word)
        out.append((bare, m.start(), end - (len(word) - len(bare))))
    return out


def form_of(text: str, fold: bool) -> Form:
    return tuple(w.casefold() if fold else w for w, _, _ in words_of(text))


class Matcher:
    """Finds many names in a text in one pass over its words: at each word, the longest form
    starting there whose words follow one another (``_GAP``) wins."""

    def __init__(self, forms: dict[Form, int], fold: bool) -> None:
        self.fold = fold
        self.forms = forms
        self.by_first: dict[str, list[Form]] = {}
        for f in sorted(forms, key=lambda f: (-len(f), f)):
            if f:
                self.by_first.setdefault(f[0], []).append(f)

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, id) of each name found, in text order, never overlapping."""
        words = words_of(text)
        norm = [w.casefold() if self.fold else w for w, _, _ in words]
        out: list[tuple[int, int, int]] = []
        i = 0
        while i < len(words):
            for f in self.by_first.get(norm[i], ()):
                n = len(f)
                if tuple(norm[i : i + n]) == f and all(
                    _GAP.fullmatch(text[words[j][2] : words[j + 1][1]]) for j in range(i, i + n - 1)
                ):
                    out.append((words[i][1], words[i + n - 1][2], self.forms[f]))
                    i += n
                    break
            else:
                i += 1
        return out


AMBIGUOUS = -1  # a form two names share: it names neither


def add_form(forms: dict[Form, int], form: Form, ident: int) -> None:
    if form:
        forms[form] = ident if forms.get(form, ident) == ident else AMBIGUOUS


def org_key(name: str) -> str:
    """Case-insensitive, without a leading ordinal or country pair: "18th India-Japan Strategic
    Dialogue" and "Strategic Dialogue" are one body."""
    words = name.split()
    while len(words) > 2 and (_ORDINAL.fullmatch(words[0]) or _PAIR.fullmatch(words[0])):
        words = words[1:]
    return " ".join(words).lower()


def org_names(text: str) -> Iterable[tuple[str, int]]:
    """(name, offset) of each organization name ``text`` writes with capitals."""
    for m in _ORG_RUN.finditer(text):
        words = m.group().split(" ")
        start = m.start()
        # strip what only sentence case capitalized, and a possessive country ("India's")
        while words and (words[0].lower() in STOPWORDS or _POSSESSIVE.search(words[0])):
            start += len(words[0]) + 1
            words = words[1:]
        while words and words[-1] not in ORG_HEADS and words[-1] in {"of", "for", "and", "on"}:
            words.pop()
        # the name ends with its last head word ("Foreign Ministry spokesperson" is no body),
        # or with the capitalized words a head takes after "of"/"for" ("Ministry of Finance")
        heads = [i for i, w in enumerate(words) if w in ORG_HEADS]
        if not heads:
            continue
        h = heads[-1]
        if not (h + 2 < len(words) and words[h + 1] in {"of", "for"}):
            words = words[: h + 1]
        if len(words) < 2 or all(w in ORG_HEADS for w in words):
            continue
        name = " ".join(words)
        end = start + len(name)
        # a head-first name takes its complement: "Group on critical minerals"
        tail = _COMPLEMENT.match(text, end)
        if tail and words[-1] in ORG_HEADS and len(tail.group().split()) <= _COMPLEMENT_WORDS + 1:
            name += tail.group()
        yield name, start


def people_with_roles(text: str) -> Iterator[tuple[str, str, int]]:
    """(role, name, offset of the name) for each role written right before a name."""
    for m in _ROLE_THEN_NAME.finditer(text):
        yield clean_role(m.group("role")), trim_name(m.group("name")), m.start("name")
