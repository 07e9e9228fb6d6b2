"""Stage ``text``, the one place that imports nltk: cleaning, sentences, words, stopwords."""

from .clean import Block, Cleaned, clean_text
from .credits import agency_credits
from .prepare import prepare_article, segment
from .sentences import split_sentences
from .words import STOPWORDS, content_terms, stem, tokenize

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
