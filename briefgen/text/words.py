"""Words, stems and stopwords. Stopwords are the team's own list shipped as package data.

INTERIM: minimal version.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
STOPWORDS: frozenset[str] = frozenset(
    (Path(__file__).parent.parent / "data" / "stopwords_en.txt").read_text(encoding="utf-8").split()
)
_stemmer = SnowballStemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stem(word)


def content_terms(text: str) -> list[str]:
    """Stemmed tokens with stopwords removed: what similarity and coverage count."""
    return [stem(w) for w in tokenize(text) if w not in STOPWORDS]
