"""Words, stems and stopwords. Stopwords are the team's own list shipped as package data.

Stemming is NLTK's Snowball (English): an algorithm, no downloaded data.
"""

from __future__ import annotations

import re
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer

from .. import memo

STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "stopwords_en.txt"
# Letters/digits of any script; inner hyphens and apostrophes stay ("india's", "people-to-people"):
# callers that want the parts split them.
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def load_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """Words of a stopword file (``#`` starts a comment line); curly-apostrophe forms added."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            words.update(w.lower() for w in line.split())
    return frozenset(words | {w.replace("'", "’") for w in words if "'" in w})


STOPWORDS: frozenset[str] = load_stopwords()
_stemmer = SnowballStemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, in order."""
    return [w.lower() for w in _WORD.findall(text)]


@memo.per_text(65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-case word ("ministers" -> "minist"); cached, words repeat."""
    return _stemmer.stem(word)


def content_terms(text: str) -> list[str]:
    """Stemmed tokens with stopwords removed: what similarity and coverage count."""
    return [stem(w) for w in tokenize(text) if w not in STOPWORDS]
