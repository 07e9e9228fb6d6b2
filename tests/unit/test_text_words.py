"""Words, stems and stopwords: exact tokens and terms on small built inputs."""

from __future__ import annotations

from pathlib import Path

from briefgen.text import STOPWORDS, content_terms, stem, tokenize
from briefgen.text.words import load_stopwords


def test_tokenize_keeps_inner_hyphens_and_apostrophes() -> None:
    assert tokenize("The port’s people-to-people deal: 5G, café & R&D!") == [
        "the",
        "port’s",
        "people-to-people",
        "deal",
        "5g",
        "café",
        "r",
        "d",
    ]


def test_tokenize_edge_cases() -> None:
    assert tokenize("") == []
    assert tokenize("  \n\t ... !!! ") == []
    assert tokenize("\x00Berths\x07reopen") == ["berths", "reopen"]
    assert tokenize("snake_case") == ["snake", "case"]


def test_stem() -> None:
    assert [stem(w) for w in ("ministers", "minerals", "economies", "economy", "port’s")] == [
        "minist",
        "miner",
        "economi",
        "economi",
        "port",
    ]


def test_content_terms_drop_stopwords_and_stem() -> None:
    text = "The ministers said it’s their first dialogue on critical minerals, and they'll meet."
    assert content_terms(text) == ["minist", "first", "dialogu", "critic", "miner", "meet"]
    assert content_terms("") == []
    assert content_terms("the and of it") == []


def test_stopwords_are_function_words_not_topics() -> None:
    assert {"the", "of", "said", "it's", "it’s", "s", "don’t"} <= STOPWORDS
    assert not {"india", "japan", "minerals", "trade", "security", "new", "#"} & STOPWORDS
    assert all(w == w.lower() and " " not in w for w in STOPWORDS)


def test_stopword_file_comments(tmp_path: Path) -> None:
    f = tmp_path / "stop.txt"
    f.write_text("# a comment line\nThe of\n  # indented comment\nwe're\n", encoding="utf-8")
    assert load_stopwords(f) == frozenset({"the", "of", "we're", "we’re"})
