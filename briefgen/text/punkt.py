"""NLTK's Punkt, configured from parameters we ship (``data/punkt_en.yaml``); never downloads.

Punkt decides whether a period ends a sentence from an abbreviation list, collocations,
sentence starters and each word's orthographic context (seen capitalised / lower case inside a
sentence). Those are normally learnt from a corpus and fetched as ``punkt_tab``; we state them
by hand instead, and compile Punkt's regular expressions ourselves so behaviour does not drift
with the NLTK version (some builds also put a wall-clock limit on each regex scan, which a long
article must never hit).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from nltk.tokenize.punkt import (
    _ORTHO_BEG_UC,
    _ORTHO_MID_LC,
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
)

from .. import yamlsafe
from ..yamlsafe import MAX_CONFIG_CHARS

PARAMS_FILE = Path(__file__).resolve().parent.parent / "data" / "punkt_en.yaml"

# Closing quotes and brackets that belong to the sentence they follow ('He said "no." Then').
CLOSERS = "\"')]}\u2019\u201d\u00bb"
# Opening quotes and brackets that may precede a sentence's first word.
OPENERS = "\"'([{\u2018\u201c\u00ab"
_NON_WORD = r"(?:[)\";}\]\*:@\'\({\[\u2018\u2019\u201c\u201d\xab\xbb!?])"


class NewsLanguageVars(PunktLanguageVars):
    """Punkt's English variables with curly quotes and guillemets, compiled with ``re``."""

    # compiled on first use, as Punkt's own class does
    _re_word_tokenizer: re.Pattern[str]
    _re_period_context: re.Pattern[str]

    re_boundary_realignment = re.compile(
        r"[" + re.escape(CLOSERS) + r"]+?(?:\s+|(?=--)|$)", re.MULTILINE
    )

    @property
    def _re_non_word_chars(self) -> str:
        return _NON_WORD

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        try:
            return self._re_word_tokenizer
        except AttributeError:
            self._re_word_tokenizer = re.compile(
                self._word_tokenize_fmt
                % {
                    "NonWord": _NON_WORD,
                    "MultiChar": self._re_multi_char_punct,
                    "WordStart": self._re_word_start,
                },
                re.UNICODE | re.VERBOSE,
            )
            return self._re_word_tokenizer

    def period_context_re(self) -> re.Pattern[str]:
        try:
            return self._re_period_context
        except AttributeError:
            self._re_period_context = re.compile(
                self._period_context_fmt
                % {"NonWord": _NON_WORD, "SentEndChars": self._re_sent_end_chars},
                re.UNICODE | re.VERBOSE,
            )
            return self._re_period_context


class _Abbreviations(set):
    """Listed abbreviations, plus any run of dotted single letters ("j.r.r", "w.h.s")."""

    _DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

    def __contains__(self, word: object) -> bool:
        return super().__contains__(word) or (
            isinstance(word, str) and self._DOTTED.fullmatch(word) is not None
        )


class NewsToken(PunktToken):
    """Punkt's token with its patterns compiled by ``re`` (same patterns, no per-call limit)."""

    __slots__ = ()
    _RE_ELLIPSIS = re.compile(r"\.\.+$")
    _RE_NUMERIC = re.compile(r"^-?[\.,]?\d[\d,\.-]*\.?$")
    _RE_INITIAL = re.compile(r"[^\W\d]\.$")
    _RE_ALPHA = re.compile(r"[^\W\d]+$")


def load_parameters(path: Path = PARAMS_FILE) -> PunktParameters:
    """Build Punkt parameters from our YAML file (see the file's header for its fields)."""
    data = yamlsafe.load(path.read_text(encoding="utf-8"), trusted=True, max_chars=MAX_CONFIG_CHARS)
    params = PunktParameters()
    abbrevs = data.get("abbreviations") or {}
    groups = abbrevs.values() if isinstance(abbrevs, dict) else [abbrevs]
    params.abbrev_types = _Abbreviations(
        _word(a, path, "abbreviations") for group in groups for a in group
    )
    starters = {_word(w, path, "starters") for w in data.get("starters") or ()}
    params.sent_starters = starters
    for word in starters:
        # "Seen capitalised only at a sentence start, lower case inside sentences": Punkt's
        # orthographic evidence that the capitalised word after a period starts a sentence.
        params.add_ortho_context(word, _ORTHO_BEG_UC | _ORTHO_MID_LC)
    params.collocations = {
        tuple(_word(pair, path, "collocations").split()) for pair in data.get("collocations") or ()
    }
    return params


def _word(value: object, path: Path, key: str) -> str:
    if not isinstance(value, str):  # e.g. a bare `no` that YAML read as False
        raise ValueError(f"{path.name}: {key}: {value!r} is not a string; quote it")
    return value.lower()


@lru_cache(maxsize=1)
def parameters() -> PunktParameters:
    """The shipped parameters, read once per process."""
    return load_parameters()


@lru_cache(maxsize=1)
def tokenizer() -> PunktSentenceTokenizer:
    """The shared Punkt tokenizer; given parameters, Punkt's constructor trains nothing."""
    return PunktSentenceTokenizer(parameters(), lang_vars=NewsLanguageVars(), token_cls=NewsToken)


@lru_cache(maxsize=1)
def starter_words() -> frozenset[str]:
    """Lower-case words that begin a sentence when capitalised after an ellipsis or abbreviation."""
    return frozenset(parameters().sent_starters)
