"""Stage ``text``, the one place that imports nltk: cleaning, sentences, words, stopwords."""

from . import lazy_nltk  # first: NLTK's packages deferred before any module imports NLTK
from .clean import Block, Cleaned, clean_text
from .credits import agency_credits
from .prepare import prepare_article, segment
from .sentences import split_sentences
from .words import STOPWORDS, content_terms, stem, tokenize

lazy_nltk.withdraw_stand_ins()  # Snowball is imported: nltk.corpus.stopwords is the real one

__all__ = [
    "Block",
    "Cleaned",
    "STOPWORDS",
    "agency_credits",
    "clean_text",
    "content_terms",
    "prepare_article",
    "segment",
    "split_sentences",
    "stem",
    "tokenize",
]
