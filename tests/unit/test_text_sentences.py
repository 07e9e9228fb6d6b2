"""Sentence spans: exact splits on built inputs, the span contract, odd inputs, the Golden Rules."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SEEDS, SHARED, needs_seeds

from briefgen.text import punkt as punkt_module
from briefgen.text import split_sentences

GOLDEN = SHARED / "eval" / "sbd" / "golden_rules_en.json"


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def assert_spans_verbatim(text: str) -> None:
    spans = split_sentences(text)
    prev_end = 0
    for s, e in spans:
        assert prev_end <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        prev_end = e
    # nothing but white space is left out
    bounds = [(0, 0), *spans, (len(text), len(text))]
    gaps = [text[a:b] for (_, a), (b, _) in zip(bounds, bounds[1:], strict=False)]
    assert all(not g.strip() for g in gaps)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("   \n\t  ", []),
        ("One sentence only.", ["One sentence only."]),
        ("no punctuation at all here", ["no punctuation at all here"]),
        ("  Leading and trailing space.  ", ["Leading and trailing space."]),
        (
            "The U.S. Treasury sold bonds on Monday. Yields fell.",
            ["The U.S. Treasury sold bonds on Monday.", "Yields fell."],
        ),
        (
            "Talks began at 10 a.m. on Friday. They ended at 4 p.m. The ministers then left.",
            [
                "Talks began at 10 a.m. on Friday.",
                "They ended at 4 p.m.",
                "The ministers then left.",
            ],
        ),
        (
            "Mr. Osei met Dr. Lind at No. 4 Quay Road. Sen. Ruiz, D-Calif., joined them.",
            ["Mr. Osei met Dr. Lind at No. 4 Quay Road.", "Sen. Ruiz, D-Calif., joined them."],
        ),
        (
            "Freight rose 2.5% to $13.20. Brokers had expected more.",
            ["Freight rose 2.5% to $13.20.", "Brokers had expected more."],
        ),
        (
            "The port signed with Harbour Cranes Inc. The deal runs ten years.",
            ["The port signed with Harbour Cranes Inc.", "The deal runs ten years."],
        ),
        (
            "A. K. Menon chaired the panel. J.R. Okafor spoke next.",
            ["A. K. Menon chaired the panel.", "J.R. Okafor spoke next."],
        ),
        (
            "“We will build it,” she said. “It is overdue.” Nobody objected.",
            ["“We will build it,” she said.", "“It is overdue.”", "Nobody objected."],
        ),
        (
            "He called the plan “a first step.” Critics were unconvinced.",
            ["He called the plan “a first step.”", "Critics were unconvinced."],
        ),
        (
            'She looked up, "That is settled." she said, and closed the file.',
            ['She looked up, "That is settled." she said, and closed the file.'],
        ),
        (
            "The depot (opened in 2019.) is full. Trucks now queue.",
            ["The depot (opened in 2019.) is full.", "Trucks now queue."],
        ),
        (
            "She works at Yahoo! in sales. Sales grew!! Why? Nobody knows.",
            ["She works at Yahoo! in sales.", "Sales grew!!", "Why?", "Nobody knows."],
        ),
        (
            "Prices rose… The bank acted. Then … it waited.",
            ["Prices rose…", "The bank acted.", "Then … it waited."],
        ),
        (
            "The plan covers: 1) New berths 2) Longer hours 3) More pilots",
            ["The plan covers:", "1) New berths", "2) Longer hours", "3) More pilots"],
        ),
        (
            "Talks covered (a) trade, (b) shipping and (c) energy.",
            ["Talks covered (a) trade, (b) shipping and (c) energy."],
        ),
        (
            "• Berths reopen • Pilots return • Cranes restart",
            ["• Berths reopen", "• Pilots return", "• Cranes restart"],
        ),
        (
            "First paragraph without a stop\n\nSecond paragraph.",
            ["First paragraph without a stop", "Second paragraph."],
        ),
        (
            "Visit www.harbour.example/news. It has the timetable.",
            ["Visit www.harbour.example/news.", "It has the timetable."],
        ),
    ],
)
def test_exact_splits(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_control_characters_and_odd_punctuation() -> None:
    text = "\x00\x07Berths reopen.\x1b Pilots return!?\x7f ...\n\n\x0b!!! ???"
    assert_spans_verbatim(text)
    assert sents("Cranes\x00stop. Trucks\x07wait.") == ["Cranes\x00stop.", "Trucks\x07wait."]


@pytest.mark.parametrize(
    "text",
    [
        "." * 10_000,
        "!? " * 5_000,
        ". " * 5_000,
        "1. " * 5_000,
        "a. b. c. d. e. f.",
        "…" * 5_000,
        "(" * 5_000 + ")" * 5_000,
        "“" * 3_000 + "”." * 3_000,
        "x" * 50_000,
    ],
)
def test_malformed_input_keeps_the_span_contract(text: str) -> None:
    assert_spans_verbatim(text)


def test_huge_input_splits() -> None:
    # a megabyte, far beyond any article: the splitter has no size limit or per-call state
    # that a long text would exhaust (how its time grows is for benchmarks/, not a test)
    paragraph = (
        "The harbour board met on Tuesday. It approved two new berths, said Dr. A. Lind. "
        "Work starts in Jan. 2027 at 6 a.m. “It is overdue,” she said.\n\n"
    )
    text = paragraph * (1_000_000 // len(paragraph) + 1)
    spans = split_sentences(text)
    assert len(spans) == 4 * text.count("\n\n")
    s, e = spans[-1]
    assert text[s:e] == "“It is overdue,” she said."


def test_uses_no_downloaded_nltk_data(monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk.data

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("NLTK data lookup")

    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(nltk.data, "load", refuse)
    caches = (punkt_module.parameters, punkt_module.tokenizer, punkt_module.starter_words)
    for cached in caches:
        cached.cache_clear()
    try:
        assert sents("It works. Offline too.") == ["It works.", "Offline too."]
    finally:
        for cached in caches:
            cached.cache_clear()


@needs_seeds()
def test_seed_spans_are_verbatim() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert_spans_verbatim(text)


@pytest.mark.skipif(not GOLDEN.is_file(), reason="../shared/eval/sbd not present")
def test_golden_rules_score() -> None:
    cases = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    hits = [c["id"] for c in cases if sents(c["text"]) == c["expected"]]
    assert len(hits) >= 44, f"only {len(hits)}/48 golden rules; passed {hits}"


def test_abbreviation_file_words_are_strings() -> None:
    params = punkt_module.parameters()
    assert {"no", "mr", "u.s", "a.m"} <= set(params.abbrev_types)
    assert "on" in params.sent_starters
    assert "w.h.s" in params.abbrev_types  # any dotted run of single letters
    assert not any(re.search(r"\s", a) for a in params.abbrev_types)
