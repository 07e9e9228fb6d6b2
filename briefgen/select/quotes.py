"""The quotes ledger: direct quotes, who said each, and the outlets that carry it.

A quote is the text between quotation marks (curly, or straight ones paired within a
paragraph) of at least ``QUOTE_MIN_WORDS`` words; shorter quoted phrases are names and slogans
("Free and Open Indo-Pacific"). Its speaker comes from the attribution around it, in the same
sentence: ``<speaker> said, "..."``, ``"...," <speaker> stated``, ``"...," said <speaker>``,
``according to <speaker>``, with the speech verbs in ``SPEECH_VERBS``. The speaker is the
person or organization of the who's-who index the attribution names; else a description ending
in a speaker noun ("a senior official"); else a capitalized name, which joins the index. "he
said" is the previous quote's speaker when that quote is in the same or the previous paragraph;
a quote with no speaker is not listed.

The same quote in several outlets is one entry citing them all. Wordings are compared word by
word (case and punctuation aside): one that leaves words out is "trimmed", one that adds words
is "longer", one that changes them (``ALTERED_SIMILARITY``) is "altered"; each is kept as a
version with its sources, so a reader sees both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..model import Article, Quote, QuoteChange, QuoteVersion, Span
from .entities import Cluster, Index, best_role
from .names import NOT_NAMES, role_and_name

QUOTE_MIN_WORDS = 6  # fewer quoted words are a name, a slogan or a scare-quoted term
# Two wordings by one speaker are one quote when this share of their words line up
# (difflib's ratio): an outlet that changes a word or two, not a different remark.
ALTERED_SIMILARITY = 0.6
SPEECH_VERBS = (
    "said|says|stated|states|noted|notes|added|adds|told|tells|remarked|declared|stressed|"
    "emphasised|emphasized|asserted|explained|wrote|observed|commented|warned|announced"
)
_MAX_GAP_WORDS = 6  # words between the verb and the quote: "noted during his opening remarks,"
SPEAKER_NOUNS = frozenset(
    "official officials spokesperson spokesman spokeswoman minister ministry source sources "
    "diplomat diplomats analyst analysts expert experts statement government embassy".split()
)
_PRONOUNS = frozenset({"he", "she", "they"})
_OPEN = {"“": "”", '"': '"'}
_WORD = re.compile(r"[\w'’-]+")
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
_SPEAKER_WORDS = 10  # an attribution longer than this is a clause, not a speaker
# after the quote: '"...," Randhir Jaiswal said', '"...," said Coral Bay's director, Fiona Alder'
_AFTER_SPEAKER_VERB = re.compile(
    rf"^[,.!?]?\s*(?P<speaker>(?:[\w'’.\-–]+,?\s){{1,{_SPEAKER_WORDS}}}?)(?:{SPEECH_VERBS})\b"
)
_AFTER_VERB_SPEAKER = re.compile(
    r"^[,.!?]?\s*(?:said|says|added|noted|stated)\s(?P<speaker>[^.;:\"“”()]{1,120}?)\s*(?=[.;:\"“]|$)"
)
_ACCORDING = re.compile(r"according\sto\s(?P<speaker>[^.;:,\"“”()]{1,80})", re.IGNORECASE)
# a full stop after these ends no sentence: "Dr. Anna Berg", "Gen. Piet Holm"
_ABBREVIATED_TITLES = frozenset("mr mrs ms dr prof st gen lt col capt sen rep gov jr sr".split())
_WORD_BEFORE_STOP = re.compile(r"([\w'’-]+)\.\s")
_CONTEXT = 200  # characters of attribution looked at on each side, within the paragraph


@dataclass(frozen=True)
class _Found:
    """One quote in one article, with its speaker."""

    article: str
    position: tuple[int, int]  # (article position, start): reading order
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    speaker: str
    role: str


def quote_spans(text: str) -> list[tuple[int, int, int]]:
    """(open mark, inner start, inner end) of each quote in ``text``, paragraph by paragraph;
    the inner span leaves out a trailing comma or colon the quote marks enclose."""
    out = []
    offset = 0
    for para in text.split("\n"):
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in _OPEN:
                close = para.find(_OPEN[ch], i + 1)
                if close < 0:
                    break
                lo, hi = i + 1, close
                while hi > lo and para[hi - 1] in ",;: ":
                    hi -= 1
                out.append((offset + i, offset + lo, offset + hi))
                i = close + 1
            else:
                i += 1
        offset += len(para) + 1
    return out


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold().replace("’", "'") for w in _WORD.findall(text))


class _Speakers:
    """Resolves attribution text to a speaker, adding the names it spells to the index."""

    def __init__(self, index: Index) -> None:
        self.index = index

    def resolve(self, text: str) -> Cluster | str | None:
        """The person or organization the attribution ``text`` names, else a description as
        written ("a senior official"), None when it names nobody. A name is read off its
        cluster only once every quote is resolved (``_speaker``): a later, fuller spelling
        ("Dr. Oren Talvik") is then the one shown, as in the people list."""
        text = " ".join(text.split()).strip(" ,")
        person = self.index.person(text)
        if person is not None:
            return person
        titled = role_and_name(text)
        if titled is not None:
            cluster = self.index.add_person(titled[1], titled[0])
            if cluster is not None:
                return cluster
        org = self.index.organization(text)
        if org is not None:
            return org
        words = text.split()
        while words and words[0].lower() in {"the", "a", "an", "of", "for"}:
            words = words[1:]
        if not words:
            return None
        if words[-1].lower() in SPEAKER_NOUNS:  # "A senior official" -> "a senior official"
            said = text.split()
            if said[0].lower() in {"a", "an", "the"}:
                said[0] = said[0].lower()
            return " ".join(said)
        capitalized = [w for w in words if w[:1].isupper() and w not in NOT_NAMES]
        if 2 <= len(words) <= 3 and len(capitalized) == len(words):
            return self.index.add_person(" ".join(words))
        return None


def _speaker(who: Cluster | str) -> tuple[str, str]:
    """(speaker, role) as shown: a cluster's best spelling and role, or the description."""
    if isinstance(who, str):
        return who, ""
    return who.best(), best_role(who) if who.kind == "person" else ""


def find_quotes(articles: Sequence[Article], index: Index) -> list[_Found]:
    """Every attributed quote of ``articles``, in reading order.

    Two passes: a bare surname ("Talvik stated") resolves against speakers that later articles
    name in full, so an attribution no one could resolve is tried again once all are read.
    """
    speakers = _Speakers(index)
    pending: list[tuple[Article, int, int, int, str]] = []
    for a in articles:
        for mark, lo, hi in quote_spans(a.text):
            if len(_words(a.text[lo:hi])) >= QUOTE_MIN_WORDS:
                who = _attribution(a.text, mark, hi)
                if who is not None:
                    pending.append((a, mark, lo, hi, who))
    named: dict[int, Cluster | str] = {}
    for _ in range(2):
        for n, (_a, _mark, _lo, _hi, who) in enumerate(pending):
            if n not in named and who.split()[-1].lower() not in _PRONOUNS:
                r = speakers.resolve(who)
                if r is not None:
                    named[n] = r
    resolved = {n: _speaker(r) for n, r in named.items()}
    position = {a.id: pos for pos, a in enumerate(articles)}
    found: list[_Found] = []
    last: dict[str, tuple[str, str, int]] = {}  # article -> speaker, role, paragraph of its last
    for n, (a, mark, lo, hi, who) in enumerate(pending):
        para = a.text.count("\n\n", 0, mark)
        speaker = resolved.get(n)
        if who.split()[-1].lower() in _PRONOUNS:  # "he said": the previous quote's speaker
            prev = last.get(a.id)
            speaker = (prev[0], prev[1]) if prev is not None and para - prev[2] <= 1 else None
        if speaker is None:
            continue
        last[a.id] = (speaker[0], speaker[1], para)
        text = a.text[lo:hi]
        found.append(
            _Found(a.id, (position[a.id], lo), lo, hi, text, _words(text), speaker[0], speaker[1])
        )
    return found


def _attribution(text: str, mark: int, inner_end: int) -> str | None:
    """The speaker words the sentence around a quote gives, else None."""
    para_start = text.rfind("\n", 0, mark) + 1
    para_end = text.find("\n", inner_end)
    para_end = len(text) if para_end < 0 else para_end
    before = text[max(para_start, mark - _CONTEXT) : mark]
    # only the sentence the quote is in: after the last sentence end before it
    cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "), before.rfind("” "))
    before = before[cut + 2 :] if cut >= 0 else before
    close = inner_end
    while close < para_end and text[close] not in '”"':
        close += 1
    after = text[close + 1 : min(para_end, close + 1 + _CONTEXT)]
    # a quote closed by a full stop ends its sentence: "...growth." Motegi noted ... is the
    # next sentence, not the attribution ("...growth," Motegi noted / "..." he said would be)
    ended = text[close - 1 : close] == "." and after.lstrip()[:1].isupper()
    for pattern in () if ended else (_AFTER_SPEAKER_VERB, _AFTER_VERB_SPEAKER):
        m = pattern.match(after)
        if m and _one_speaker(m.group("speaker")):
            return m.group("speaker")
    speaker = _speaker_before(before)
    if speaker:
        return speaker
    m = _ACCORDING.search(before) or _ACCORDING.match(after.lstrip(" ,"))
    if m:
        return m.group("speaker")
    return None


def _one_speaker(words: str) -> bool:
    """Attribution words that name one speaker: they neither open with a speech verb ('said X
    of Y. Officials said' is 'said <speaker>') nor run past a sentence's end (a full stop after
    a word that is not an initial or an abbreviated title)."""
    if _SPEECH.match(words.lstrip()):
        return False
    return all(
        len(w) == 1 or w.lower() in _ABBREVIATED_TITLES for w in _WORD_BEFORE_STOP.findall(words)
    )


def _speaker_before(before: str) -> str:
    """The speaker of ``... <speaker> said[ a few words][,:] "``: the words back to the clause
    start before the verb, when at most ``_MAX_GAP_WORDS`` words follow it."""
    for m in reversed(list(_SPEECH.finditer(before))):
        gap = before[m.end() :].strip(" ,:")
        if len(gap.split()) > _MAX_GAP_WORDS or re.search(r"[.;!?]", gap):
            continue
        clause = re.split(r"[,;:]\s", before[: m.start()])[-1].strip()
        words = clause.split()
        if 0 < len(words) <= _SPEAKER_WORDS:
            return clause
        return ""
    return ""


def _change(version: tuple[str, ...], main: tuple[str, ...]) -> QuoteChange | None:
    """How ``version`` differs from ``main``: None when it is not the same quote."""
    matcher = SequenceMatcher(None, version, main, autojunk=False)
    common = sum(b.size for b in matcher.get_matching_blocks())
    if common == len(version) < len(main):
        return "trimmed"
    if common == len(main) < len(version):
        return "longer"
    if matcher.ratio() >= ALTERED_SIMILARITY:
        return "altered"
    return None


def _groups(found: Sequence[_Found]) -> list[list[_Found]]:
    """``found`` in groups of one quote: each joins the first group holding a wording it is
    the same quote as (``_same_quote``), an article's repeat of a wording once.

    Only wordings sharing enough words can be the same quote (``_could_match``), so each is
    compared with those alone, found through a word index, not with every group."""
    groups: list[list[_Found]] = []
    carried: list[set[tuple[str, tuple[str, ...]]]] = []  # (article, wording) already in it
    # each group's distinct (wording, speaker) -- all ``_same_quote`` reads of a member
    keys: set[tuple[int, tuple[str, ...], str]] = set()
    members: list[_Found] = []  # one per key
    group_of: list[int] = []
    counts: list[Counter[str]] = []
    by_word: dict[str, list[int]] = {}
    for f in found:
        mine = Counter(f.words)
        shared: dict[int, int] = {}
        for w, c in mine.items():
            for k in by_word.get(w, ()):
                shared[k] = shared.get(k, 0) + min(c, counts[k][w])
        near: dict[int, list[int]] = {}
        for k, n in shared.items():
            if _could_match(n, len(f.words), len(members[k].words)):
                near.setdefault(group_of[k], []).append(k)
        gi = next(
            (g for g in sorted(near) if any(_same_quote(f, members[k]) for k in near[g])), None
        )
        if gi is None:
            gi = len(groups)
            groups.append([])
            carried.append(set())
        elif (f.article, f.words) in carried[gi]:
            continue
        groups[gi].append(f)
        carried[gi].add((f.article, f.words))
        if (gi, f.words, f.speaker) not in keys:
            keys.add((gi, f.words, f.speaker))
            for w in mine:
                by_word.setdefault(w, []).append(len(members))
            members.append(f)
            group_of.append(gi)
            counts.append(mine)
    return groups


def _could_match(shared: int, a: int, b: int) -> bool:
    """Wordings of ``a`` and ``b`` words with ``shared`` words in common (as multisets) can be
    one quote: a trimmed or longer one holds every word of the shorter, an altered one lines
    up ``ALTERED_SIMILARITY`` of both (difflib's ratio, 2 x matched / (a + b))."""
    return shared >= min(a, b) or 2 * shared >= ALTERED_SIMILARITY * (a + b)


def ledger(found: Sequence[_Found], limit: int) -> tuple[Quote, ...]:
    """One entry per quote: the wording most outlets carry (the longer on a tie) with its
    sources, the other wordings as versions; the most widely carried first, at most ``limit``."""
    entries = []
    for g in _groups(found):
        wordings: dict[tuple[str, ...], list[_Found]] = {}
        for f in g:
            wordings.setdefault(f.words, []).append(f)
        main_words = min(
            wordings, key=lambda w: (-len(wordings[w]), -len(w), wordings[w][0].position)
        )
        main = _dedupe(wordings[main_words])
        versions = []
        for words, carriers in wordings.items():
            if words == main_words:
                continue
            carriers = [c for c in _dedupe(carriers) if c.article not in {m.article for m in main}]
            change = _change(words, main_words)
            if carriers and change is not None:
                versions.append(
                    QuoteVersion(
                        carriers[0].text,
                        change,
                        tuple(c.article for c in carriers),
                        tuple(Span(c.article, c.start, c.end) for c in carriers),
                    )
                )
        first = main[0]
        quote = Quote(
            text=first.text,
            speaker=first.speaker,
            role=first.role,
            sources=tuple(f.article for f in main),
            spans=tuple(Span(f.article, f.start, f.end) for f in main),
            versions=tuple(versions),
        )
        carried = len({f.article for f in g})
        entries.append(((-carried, first.position), quote))
    entries.sort(key=lambda e: e[0])
    return tuple(q for _, q in entries[:limit])


def _same_quote(a: _Found, b: _Found) -> bool:
    """The same words (or a trimmed or extended copy) from the same speaker or from one an
    outlet only describes ("a senior official"); changed words only from the same speaker. Two
    people named as saying one sentence ("We are monitoring the situation") said it twice."""
    change = a.words == b.words or _change(a.words, b.words)
    if change in (True, "trimmed", "longer"):
        return a.speaker == b.speaker or not (_named(a.speaker) and _named(b.speaker))
    return change == "altered" and a.speaker == b.speaker


def _named(speaker: str) -> bool:
    """A speaker shown by name (a cluster's spelling), not by a description."""
    return speaker[:1].isupper()


def _dedupe(found: Sequence[_Found]) -> list[_Found]:
    """One per article (its first), in reading order."""
    seen: set[str] = set()
    out = []
    for f in sorted(found, key=lambda f: f.position):
        if f.article not in seen:
            seen.add(f.article)
            out.append(f)
    return out
