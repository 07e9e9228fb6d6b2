"""News or commentary? A sentence reports when it states a fact; it comments when it hedges.

Reported facts are attributed statements ("..., the ministry said"), dated events, numbers and
concrete event verbs ("signed", "killed"). Commentary is a main claim that is hedged ("could",
"is expected to", "promises to") or evaluative ("marks a pivotal moment", "underscores",
"signals") with nobody it is attributed to. An attributed hedge is news: it reports what someone
said. A hedge outside the main clause (a trailing ", potentially ...", a relative "that could
...", a fronted "Although it may ...,") leaves a sentence whose main clause reports a fact news.

Cue lists, not a model: every cue is a regular expression with a reason, and ``stance`` returns
the cues it found so a reader can see why a sentence was labelled analysis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .. import memo
from .claims import details

StanceKind = Literal["news", "analysis"]

NEWS_THRESHOLD = 0.5  # news_score at or above this is news; ``stance`` keeps kind consistent
# Evidence that a sentence reports a fact, per cue. An attribution makes the whole sentence a
# reported statement, so it outweighs any hedge; an event verb is the claim itself; a date or
# a number anchors it; a plain unhedged declarative sentence starts with a little.
ATTRIBUTION_WEIGHT = 2.0
EVENT_WEIGHT = 1.0
DATE_WEIGHT = 0.7
NUMBER_WEIGHT = 0.5
NEUTRAL_EVIDENCE = 0.5
HEDGE_WEIGHT = 1.0  # doubt per hedge or evaluative framing in the main clause
# ... and per hedge outside it, or per evaluative word ("pivotal", "landmark"): colour around a
# claim weighs half a hedged claim
SUBORDINATE_WEIGHT = 0.5
# A news sentence's score is 0.5 + 0.5 * evidence / (evidence + doubt + NEWS_SCALE): with one
# unit of scale, a neutral sentence scores 0.67 and an attributed or dated event 0.84 or more.
NEWS_SCALE = 1.0
_STANCE_CACHE = 100_000  # sentences kept: ranking and rendering ask about the same ones


@dataclass(frozen=True)
class Stance:
    kind: StanceKind
    hedges: tuple[str, ...]  # hedging and evaluative cues found, lower case, in order
    facts: tuple[str, ...]  # attributions, dates, numbers and event verbs found, in order
    news_score: float  # in [0, 1]; >= NEWS_THRESHOLD exactly when kind == "news"


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# Possibility and prediction. Not "will" (a reported plan: "will hold talks on Friday") and not
# "could not" ("officials could not confirm" is a fact); "may" only in lower case or opening a
# sentence, never the month ("in May", "May 5").
_HEDGE = re.compile(
    r"(?i:\bcould\b(?!\s*(?:not|n't)\b)|\bmight\b|\bwould\b|\bshould\b"
    r"|\b(?:potentially|possibly|perhaps|presumably|arguably|conceivably|potential)\b"
    r"|\b(?:likely|unlikely)\b"
    r"|\b(?:expected|poised|tipped|believed|thought|seen)\s+(?:to|as)\b"
    r"|\b(?:is|are|was|were|be|been)\s+(?:said|reported)\s+to\b"
    r"|\b(?:promise|promises|promising|aim|aims|aiming|seek|seeks|seeking|stand|stands|appear|"
    r"appears|seem|seems)\s+to\b"
    r"|\bpav(?:e|es|ed|ing)\s+the\s+way\b|\bin\s+the\s+years\s+(?:ahead|to\s+come)\b)"
    r"|\bmay\b|^\W*May\b(?![\s,]*\d)"
)
# Framings that judge rather than report: the sentence's claim is an interpretation.
_EVALUATIVE = re.compile(
    r"(?i:\bmark(?:s|ed|ing)?\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:moment|milestone|step|chapter|turning\s+point|shift|phase|departure|era|watershed|juncture)\b"
    r"|\b(?:is|was|represents|constitutes|remains)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}"
    r"(?:moment|milestone|chapter|turning\s+point|departure|watershed|juncture|bet|testament)\b"
    r"|\bsignal(?:s|ling|ing)?\b|\bunderscor(?:e|es|ing)\b|\bunderlin(?:es|ing)\b"
    r"|\bhighlight(?:s|ing)\b|\breflect(?:s|ing)?\b|\bsuggest(?:s|ing)?\b"
    r"|\b(?:demonstrat|illustrat)(?:e|es|ing)\b|\bexemplif(?:y|ies|ying)\b"
    r"|\brepresent(?:s|ing)?\s+(?:a|an|another)\b|\barriv(?:e|es|ing)\s+at\s+(?:a|an)\b"
    r"|\bis\s+(?:much\s+|far\s+)?more\s+than\b|\ba\s+bet\s+(?:on|that)\b"
    r"|\bposition(?:s|ing)\s+(?:[\w'’-]+\s+){0,3}as\b|\bin\s+an\s+era\s+of\b"
    r"|\bat\s+a\s+time\s+(?:when|of)\b|\bsends?\s+a\s+(?:[\w-]+\s+)?(?:message|signal)\b"
    r"|\btestament\s+to\b)"
)
# Evaluative words that colour a claim without being it: "signed a landmark deal" is news.
_COLOUR = re.compile(
    r"(?i:\b(?:pivotal|landmark|watershed|historic|game[- ]changer|new\s+chapter|milestone)\b"
    r"|\b(?:strategic|broader|deeper)\s+(?:significance|implications|value)\b)"
)
# Reporting verbs: what follows is someone's statement. "is said to" is a hedge, not a source.
_ATTRIBUTION = re.compile(
    r"(?i:"
    + _words(
        "said",
        "says",
        "say",
        "told",
        "tells",
        "stated",
        "announced",
        "announces",
        "added",
        "adds",
        "noted",
        "stressed",
        "emphasi[sz]ed",
        "highlighted",
        "warned",
        "confirmed",
        "explained",
        "asserted",
        "declared",
        "remarked",
        "reiterated",
        "insisted",
        "argued",
        "claimed",
        "acknowledged",
        "wrote",
        "reported",
        "reportedly",
        "observed",
        "described",
        "hinted",
        "urged",
        "expressed",
        r"called\s+on",
        r"pointed\s+out",
        r"according\s+to",
        r"in\s+a\s+statement",
        r"agreed\s+that",
        "decided",
        "pledged",
        "vowed",
        "promised",
    )
    + ")"
)
_HEARSAY = re.compile(r"(?i:\b(?:is|are|was|were|be|been)\s+(?:said|reported)\s+to\b)")
# A quotation introduced by a capitalized speaker: 'Motegi: "We will ..."'
_QUOTE = re.compile(r"\b(?P<speaker>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s*:\s*[\"“]")
# Concrete events, as reported (past tense or participle): the sentence's claim happened.
_EVENT = re.compile(
    r"(?i:"
    + _words(
        "signed",
        "agreed",
        "launched",
        "imposed",
        "killed",
        "approved",
        "met",
        "held",
        "visited",
        "arrested",
        "elected",
        "voted",
        "passed",
        "unveiled",
        "established",
        "adopted",
        "began",
        "started",
        "ended",
        "resigned",
        "died",
        "won",
        "lost",
        "rose",
        "fell",
        "increased",
        "decreased",
        "declined",
        "cut",
        "raised",
        "fired",
        "attacked",
        "struck",
        "crashed",
        "injured",
        "wounded",
        "opened",
        "closed",
        "cancelled",
        "canceled",
        "postponed",
        "released",
        "published",
        "filed",
        "ruled",
        "sentenced",
        "charged",
        "convicted",
        "banned",
        "suspended",
        "withdrew",
        "deployed",
        "seized",
        "evacuated",
        "rescued",
        "collapsed",
        "erupted",
        "completed",
        "concluded",
        "inaugurated",
        "appointed",
        "formed",
        "created",
        "sold",
        "bought",
        "acquired",
        "invested",
        "exchanged",
        "discussed",
        "chaired",
        "co-chaired",
        "hosted",
        "attended",
        "addressed",
        "convened",
        "reaffirmed",
        "welcomed",
        "condemned",
        r"called\s+for",
        "scheduled",
    )
    + ")"
)
# "on established foundations", "a newly launched fund": the participle describes, no event
_ADJECTIVAL = re.compile(r"(?i:\b(?:a|an|the|on|of|in|with|for|from|newly|recently|well)\s+)$")
# Where the main clause ends: a trailing participle, relative or absolute clause, or a dash.
_TAIL = re.compile(
    r",\s+(?:which|who|with|as|while|whereas|where|amid|potentially|possibly|perhaps|likely|"
    r"a\s+move|a\s+step|in\s+a\s+move|and\s+(?:could|may|might|would)|[a-z]+ing\b)"
    r"|\s[—–]\s|\s-\s"
)
# A fronted clause or phrase ("Although it may take years, ...", "In a first, ..."): the main
# clause starts after its comma.
_FRONTED = re.compile(
    r"^\W*(?i:although|though|while|whereas|if|unless|as|because|since|after|before|when|once|"
    r"amid|despite|following|during|in|with|for|by|on|at|under|given|beyond|against|"
    r"[a-z]{3,}ing)\b[^,]*,"
)
# A hedge right after a relativizer belongs to a clause about the object: "launched a platform
# that could transform ...".
_RELATIVE_BEFORE = re.compile(r"(?i:\b(?:that|which|who)\s+(?:also\s+|further\s+)?)$")


def _main_clause(text: str) -> tuple[int, int]:
    """Character span of the main clause: after a fronted clause, before a trailing one."""
    m = _FRONTED.match(text)
    start = m.end() if m else 0
    tail = _TAIL.search(text, start)
    return start, tail.start() if tail else len(text)


def _cue(m: re.Match[str]) -> str:
    """A cue as reported: lower case, spaces collapsed; a quotation by its speaker ("holm:")."""
    found = m.group("speaker") + ":" if "speaker" in m.re.groupindex else m.group(0)
    return " ".join(found.lower().split())


def _unique(found: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for _, s in sorted(found)))


def _attributions(text: str) -> list[re.Match[str]]:
    """Who said it: "..., the ministry said", a quotation by its speaker; not hearsay ("is
    said to")."""
    hearsay = [m.span() for m in _HEARSAY.finditer(text)]
    attributions = [
        m for m in _ATTRIBUTION.finditer(text) if not any(s <= m.start() < e for s, e in hearsay)
    ]
    return attributions + list(_QUOTE.finditer(text))


def attributed(text: str) -> bool:
    """Does ``text`` name who said it (an attribution or a quotation by its speaker)?"""
    return bool(_attributions(text))


@memo.per_text(_STANCE_CACHE)
def stance(text: str) -> Stance:
    """Is ``text`` reported news or hedged commentary? With the cues that decided it."""
    attributions = _attributions(text)
    events = [m for m in _EVENT.finditer(text) if not _ADJECTIVAL.search(text, 0, m.start())]
    d = details(text)
    start, end = _main_clause(text)

    main_doubt = subordinate_doubt = 0
    hedges: list[tuple[int, str]] = []
    for m in (*_HEDGE.finditer(text), *_EVALUATIVE.finditer(text)):
        hedges.append((m.start(), _cue(m)))
        relative = _RELATIVE_BEFORE.search(text, 0, m.start()) is not None
        if start <= m.start() < end and not relative:
            main_doubt += 1
        else:
            subordinate_doubt += 1
    for m in _COLOUR.finditer(text):
        hedges.append((m.start(), _cue(m)))
        subordinate_doubt += 1

    facts = [(m.start(), _cue(m)) for m in attributions + events]
    facts += [(text.find(x.text), x.text) for x in d.dates]
    facts += [(text.find(q.text), q.text) for q in d.numbers]
    evidence = (
        NEUTRAL_EVIDENCE
        + ATTRIBUTION_WEIGHT * len(attributions)
        + EVENT_WEIGHT * len(events)
        + DATE_WEIGHT * len(d.dates)
        + NUMBER_WEIGHT * len(d.numbers)
    )
    doubt = HEDGE_WEIGHT * main_doubt + SUBORDINATE_WEIGHT * subordinate_doubt
    anchored = bool(events or d.dates or d.numbers)
    if attributions or not (main_doubt or (subordinate_doubt and not anchored)):
        score = NEWS_THRESHOLD + (1 - NEWS_THRESHOLD) * evidence / (evidence + doubt + NEWS_SCALE)
        kind: StanceKind = "news"
    else:
        score = NEWS_THRESHOLD * evidence / (evidence + doubt)  # doubt > 0: below threshold
        kind = "analysis"
    return Stance(kind, _unique(hedges), _unique(facts), score)
