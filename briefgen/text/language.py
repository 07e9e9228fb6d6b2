"""Which language a text is in: the one module that imports py3langid.

py3langid is a naive Bayes classifier over byte n-grams whose model ships inside the package
(no download, no network), so a guess is offline and the same on every run. Its
probabilities are normalized (``norm_probs=True``: a softmax tempered by the text's length), so
the thresholds below mean "this sure": a 3,000-character article scores 0.99+ for its
language, while a short line of names ("Toshimitsu Motegi said on Tuesday.") spreads its mass
over many languages and decides nothing.

A sentence is judged together with its article, since short sentences are noisy: a sentence is
left out when its article is confidently another language, or when the sentence itself is; in
every other case (confidently the language, or unsure, or short) it is kept. Each article and
each sentence is classified once (cached: a republished copy costs nothing), about 60 µs a
sentence. The model is loaded on first use, never at import: ``briefgen --help`` does not pay
for it. The first load on a machine decompresses it (about half a second) and keeps it
unpacked in the user's cache; later ones map it from there (``langid_model``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import memo
from ..config.schema import LANGUAGES

# An article of a few paragraphs is 0.99+ sure of its language; 0.9 leaves out only articles
# that are plainly another language, never a mixed or a very short one.
ARTICLE_CONFIDENCE = 0.9
# English sentences crowded with German or Japanese names and words peak near 0.7 for the other
# language ("The Bundesverband der Deutschen Industrie welcomed ..." is 0.68 German); a real
# German sentence of ten words is 0.97+. 0.9 sits between the two.
SENTENCE_CONFIDENCE = 0.9
# Below this many characters a sentence's own guess is not trusted at all, however sure it is:
# a few words ("Danke.", "Gracias, Madrid.") are loanwords or names more often than language.
MIN_SENTENCE_CHARS = 20
# Labels the model tells apart that a reader does not: regional varieties, scripts of one
# language, and the model's nearest neighbour of a language (news English gives some of its
# probability to Nigerian Pidgin, "pcm"). A guess within the brief's group is the brief's
# language. The first code names the group.
VARIETIES: tuple[tuple[str, ...], ...] = (
    ("en", "pcm"),
    ("ar", "ary", "arz"),
    ("zh", "yue", "wuu"),
    ("no", "nn"),
    ("sr", "hr", "bs"),
    ("ms", "id"),
    ("uz", "uzs"),
)
NO_LANGUAGE = "zxx"  # the model's label for text with no linguistic content: never "another"
_GROUP = {code: group[0] for group in VARIETIES for code in group}
# cache sizes: every sentence of a large day, and the articles of one (their texts are long)
_SENTENCE_CACHE = 1 << 16
_ARTICLE_CACHE = 1 << 10
# ``_other_language`` adds up a group's probabilities only when the group holds the model's
# best label. For thresholds above this that is exact: a group of three labels, none the best,
# holds at most 3 x (1 - the threshold), short of the threshold when it is above 3/4.
FOLD_EXACT_ABOVE = 0.75


@dataclass(frozen=True)
class Guess:
    """A text's most likely language (varieties folded into their group) and its probability."""

    language: str  # ISO 639 code: the group's first code for a variety (see VARIETIES)
    confidence: float  # normalized probability, 0..1

    def other_than(self, language: str, threshold: float) -> bool:
        """True when this guess is at least ``threshold`` sure of a language not ``language``."""
        return (
            self.confidence >= threshold
            and self.language != NO_LANGUAGE
            and self.language != _GROUP.get(language, language)
        )


_MODEL: list[Any] = []  # the classifier, once loaded
_MODEL_LOCK = threading.Lock()  # one load, even when ``preload``'s thread is still at it


def _identifier() -> Any:
    """py3langid's classifier with normalized probabilities, loaded once (~0.5 s the first
    time on a machine, then mapped from the cache: see langid_model)."""
    with _MODEL_LOCK:
        if not _MODEL:
            from .langid_model import load_identifier

            _MODEL.append(load_identifier(norm_probs=True))
        return _MODEL[0]


def preload() -> None:
    """Start loading the model in a background thread. Reading and cleaning a day's articles
    takes longer than the load (mostly xz decompression, which releases the GIL), so the first
    sentence checked rarely waits; the answers are the same either way."""
    if not _MODEL:
        threading.Thread(target=_identifier, name="briefgen-langid", daemon=True).start()


def known_languages() -> tuple[str, ...]:
    """The two-letter ISO 639-1 codes the model can recognize, sorted (loads the model)."""
    return tuple(sorted(code for code in _identifier().labels if len(code) == 2))


def detect(text: str) -> Guess:
    """The language of ``text``: the best group, its labels' probabilities added up (exact;
    the filters below take a faster path to the same answers)."""
    folded: dict[str, float] = {}
    for code, p in _identifier().rank(text):
        group = _GROUP.get(code, code)
        folded[group] = folded.get(group, 0.0) + p
    best = max(folded, key=lambda code: (folded[code], code))
    return Guess(best, folded[best])


def _classify(text: str) -> tuple[str, float]:
    """The model's best label and its probability (half the cost of a full ``rank``)."""
    code, p = _identifier().classify(text)
    return str(code), float(p)


_classify_sentence = memo.per_text(_SENTENCE_CACHE)(_classify)
_classify_article = memo.per_text(_ARTICLE_CACHE)(_classify)


def _other_language(
    text: str, language: str, threshold: float, classify: Callable[[str], tuple[str, float]]
) -> bool:
    """``detect(text).other_than(language, threshold)``, ranking all labels only when a variety
    group's best label is not sure enough alone (see FOLD_EXACT_ABOVE)."""
    code, p = classify(text)
    group = _GROUP.get(code, code)
    if code == NO_LANGUAGE or group == _GROUP.get(language, language):
        return False
    if p < threshold and code in _GROUP:  # its varieties share the mass: add them up
        p = sum(q for c, q in _identifier().rank(text) if _GROUP.get(c) == group)
    return p >= threshold


def _check(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(sorted(LANGUAGES))}")


def article_in(text: str, language: str) -> bool:
    """False when the article ``text`` is confidently in another language than ``language``."""
    _check(language)
    if language == "en" and plainly_english(text):
        return True
    return not _other_language(text, language, ARTICLE_CONFIDENCE, _classify_article)


# Words only English writes, and as often as English does: a sentence of an English article
# with ``PLAIN_ENGLISH_MIN`` of them, making up ``PLAIN_ENGLISH_SHARE`` of its words, is
# English without asking the model (most sentences of a day; the model is the costly part of
# selection's filters). A French, German or Spanish sentence quoting "the" once never passes.
# (Not "is", "was", "over", "for", "will", "an", "he", "her": Dutch, German, Danish or Spanish
# words too.)
_ENGLISH_ONLY = frozenset(
    "the and of to were with that from which would has been said this their they its by are "
    "be it she his who but not than after into about could should there when what".split()
)
PLAIN_ENGLISH_MIN = 3
PLAIN_ENGLISH_SHARE = 0.12
_WORDS = re.compile(r"[^\W\d_]+")


def plainly_english(text: str) -> bool:
    """``text`` uses English's own function words as English does (see ``_ENGLISH_ONLY``)."""
    words = _WORDS.findall(text.lower())
    hits = [w for w in words if w in _ENGLISH_ONLY]
    return len(set(hits)) >= PLAIN_ENGLISH_MIN and len(hits) >= PLAIN_ENGLISH_SHARE * len(words)


def sentence_in(text: str, language: str) -> bool:
    """False when the sentence ``text`` is long enough and confidently in another language.

    Call it for the sentences of articles ``article_in`` kept: an unsure sentence is kept on
    the strength of its article.
    """
    _check(language)
    if len(text) < MIN_SENTENCE_CHARS or (language == "en" and plainly_english(text)):
        return True
    return not _other_language(text, language, SENTENCE_CONFIDENCE, _classify_sentence)
