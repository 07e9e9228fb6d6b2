"""Which units may be selected: complete declarative sentences, datelines and agency tags trimmed.

News text carries much that is not a statement a reader wants in a brief or a summary: datelines
("GENEVA, Nov 23 (Wire) - "), agency tags ("(ANI)"), bylines, photo captions, questions to the
reader, quote fragments left by sentence splitting, headlines. A unit that is one of those is not a
candidate; a sentence that only starts with a dateline is a candidate once the dateline is trimmed
off its span (the item text stays verbatim: it is the article's text between the new offsets). A
leading connective ("However, ") is trimmed the same way (``standalone.connective``).

Sentences in another language than the brief's (``text.language``) are no units at all: they are
neither selected nor counted as support.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from ..model import Article, Sentence, UnitPlan
from ..text.language import article_in, sentence_in
from .standalone import connective

log = logging.getLogger(__name__)

# An all-caps place, optional region or [Country], optional date, optional (Agency), then a dash,
# an underscore (AP style) or a colon.
_DATELINE_CAPS = re.compile(
    r"^[A-Z][A-Z.'’\- ]{1,30}[A-Z.]"
    r"(?:,\s*[A-Z][a-z.]+(?: [A-Z][a-z.]+){0,2}(?=[\s,(]))?"
    r"(?:\s*\[[^\]\n]{1,30}\])?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?"
    r"(?:\s*\([^()\n]{1,40}\))?"
    r"\s*[-–—_:]{1,2}\s+"
)
# A Title-case place and a date (and optional agency): "New Delhi [India], January 17 (ANI):".
_DATELINE_DATE = re.compile(
    r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,3}(?:\s*\[[^\]\n]{1,30}\])?,\s*"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"(?:\s*\([^()\n]{1,40}\))?\s*[-–—_:]{1,2}\s+"
)
# "(Meridian Wire)" or "(ANI)" closing a sentence.
_TRAILING_TAG = re.compile(r"(?<=[.!?\"”’'])\s*\((?:[A-Z][\w.&' -]{0,30})\)\s*$")
_LETTERS = re.compile(r"[^\W\d_]")
_TERMINAL = re.compile(r"[.!?][\"”’')\]]*$")
_CAPTION = re.compile(
    r"(?i)^(?:photo|image|picture|file photo|credit|graphic|video)s?\s*(?:[:/|]|by\b)"
)
_JUNK = re.compile(
    r"(?i)\b(?:also read|read more|click here|subscribe to|sign up for|follow us|share this|"
    r"all rights reserved|syndicated feed|auto-generated|has not been edited|"
    r"(?:reporting|writing|editing|additional reporting) by)\b"
)
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|]|$)")
MIN_LETTER_SHARE = 0.6  # a statement is mostly letters; tables, scores and codes are not
MIN_UNIT_WORDS = 3  # shorter lines ("Reuters.", "Page 2") cannot even support another unit


@dataclass(frozen=True)
class Unit:
    """A sentence as selection sees it: its trimmed span and a few facts about its place."""

    article: int  # index into the articles being summarized
    sentence: Sentence
    start: int  # offsets into Article.text after trimming; text == Article.text[start:end]
    end: int
    text: str
    words: int  # whitespace-separated tokens, the unit of every length budget
    position: int  # rank among the article's sentence units, 0 = lead
    eligible: bool  # may be selected (otherwise it only supports and counts content)


def trim(text: str) -> tuple[int, int]:
    """Offsets within ``text`` after removing a leading dateline and a trailing agency tag."""
    start, end = 0, len(text)
    m = _DATELINE_CAPS.match(text) or _DATELINE_DATE.match(text)
    if m and (text[m.end() : m.end() + 1].isupper() or text[m.end() : m.end() + 1] in '"“`'):
        start = m.end()
    t = _TRAILING_TAG.search(text, start)
    if t:
        end = t.start()
    return start, end


def is_statement(text: str, min_words: int, max_words: int, continued: bool = False) -> bool:
    """True for a complete declarative sentence of a useful length (text already trimmed).

    ``continued``: ``text`` follows a trimmed leading connective, so it may start lower-case.
    """
    n = len(text.split())
    if n < min_words or n > max_words or not text:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'(`" or continued):
        return False  # a fragment: starts mid-sentence or with a closing quote
    if text.rstrip("\"”’')] ").endswith("?") or not _TERMINAL.search(text):
        return False  # a question to the reader, or a headline without a full stop
    if _CAPTION.search(text) or _JUNK.search(text) or _BYLINE.match(text):
        return False
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return False  # an open or closing quote without its partner: part of a longer quotation
    letters = len(_LETTERS.findall(text))
    return letters >= MIN_LETTER_SHARE * len(text.replace(" ", ""))


def _caption_paragraphs(article: Article) -> set[int]:
    """Paragraphs holding a photo credit: every unit in them is a caption."""
    return {s.paragraph for s in article.sentences if _CAPTION.search(s.text)}


def plan(
    article: Article,
    min_words: int = 8,
    max_words: int = 80,
    language: str | None = "en",
) -> UnitPlan:
    """Which of ``article``'s sentences and bullets are units in ``language``, trimmed, with
    their eligibility decided (``language`` None: every language). Per article and pure, so
    the per-article stage runs it in its workers (``pipeline.load_articles``)."""
    rules = (min_words, max_words, language or "")
    if language and not article_in(article.text, language):
        log.info(
            "%s (%s): left out: not in the brief's language (%s)",
            article.id,
            article.path,
            language,
        )
        return UnitPlan(rules, False)
    captions = _caption_paragraphs(article)
    position = 0
    spans = []
    for si, s in enumerate(article.sentences):
        if s.kind == "heading":
            continue
        here = position
        if s.kind == "sentence":
            position += 1
        a, b = trim(s.text)
        text = s.text[a:b].strip()
        a += len(s.text[a:b]) - len(s.text[a:b].lstrip())
        c = connective(text)  # "However, both sides agreed": the statement starts at "both"
        text, a = text[c:], a + c
        if len(text.split()) < MIN_UNIT_WORDS:
            continue
        if language and not sentence_in(text, language):
            continue
        eligible = (
            s.kind == "sentence"
            and s.paragraph not in captions
            and is_statement(text, min_words, max_words, continued=c > 0)
        )
        spans.append((si, s.start + a, s.start + a + len(text), here, eligible))
    return UnitPlan(rules, True, tuple(spans))


def planned(article: Article, rules: tuple[int, int, str | None]) -> Article:
    """``article`` carrying its ``plan`` under ``rules`` (min_words, max_words, language)."""
    return replace(article, units=plan(article, *rules)) if article.sentences else article


def units(
    articles: list[Article] | tuple[Article, ...],
    min_words: int = 8,
    max_words: int = 80,
    language: str | None = "en",
) -> list[Unit]:
    """Every sentence and bullet of every article in ``language``, trimmed, with its eligibility
    decided (``language`` None: every language): each article's ``plan``, read from the
    article when the per-article stage made it under these rules, else made here."""
    rules = (min_words, max_words, language or "")
    out: list[Unit] = []
    for ai, article in enumerate(articles):
        made = article.units
        if made is None or made.rules != rules:
            made = plan(article, min_words, max_words, language)
        for si, start, end, here, eligible in made.spans:
            text = article.text[start:end]
            s = article.sentences[si]
            out.append(Unit(ai, s, start, end, text, len(text.split()), here, eligible))
    return out
