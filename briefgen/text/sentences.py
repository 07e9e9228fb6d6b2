"""Sentence boundaries with NLTK's Punkt and parameters shipped in the package (no downloads).

INTERIM: bare Punkt; to be replaced by tuned, shipped parameters.
"""

from __future__ import annotations

from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer


@lru_cache(maxsize=1)
def _tokenizer() -> PunktSentenceTokenizer:
    return PunktSentenceTokenizer(PunktParameters())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, trimmed of white space."""
    return list(_tokenizer().span_tokenize(text))
