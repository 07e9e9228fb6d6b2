"""Cleaning and block structure: boilerplate rules, headings, bullets, paragraphs, seeds."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import SEEDS, needs_seeds

from briefgen.model import Document
from briefgen.text import Block, Cleaned, clean_text, prepare_article
from briefgen.text.clean import clean_line, default_rules, load_rules

ARTICLE = """\
LISBON, Mar 3 (Reuters) - Port workers ended a two-week strike on Tuesday after the harbour board \
agreed to new   shift rules.

Also Read: Ferry Fares Rise Again
What Changes for Shippers
The agreement covers:
Longer night shifts
A second pilot boat
- Faster customs checks
- A new berth by 2027
Officials said the first ships would dock on Wednesday. (Reuters)
![Cranes at dawn](https://example.org/c.png)
cdn/uploads/cranes.jpg)
Share this article
(Except for the headline, this story has not been edited by Example Times staff and is published \
from a syndicated feed.)
"""


def blocks(cleaned: Cleaned) -> list[tuple[str, str]]:
    return [(b.kind, cleaned.text[b.start : b.end]) for b in cleaned.blocks]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()


def test_article_blocks_and_removed_lines() -> None:
    cleaned = clean_text(ARTICLE)
    assert blocks(cleaned) == [
        (
            "paragraph",
            "Port workers ended a two-week strike on Tuesday after the harbour board agreed to "
            "new shift rules.",
        ),
        ("heading", "What Changes for Shippers"),
        ("paragraph", "The agreement covers:"),
        ("bullet", "Longer night shifts"),
        ("bullet", "A second pilot boat"),
        ("bullet", "Faster customs checks"),
        ("bullet", "A new berth by 2027"),
        ("paragraph", "Officials said the first ships would dock on Wednesday."),
    ]
    assert cleaned.text == "\n\n".join(text for _, text in blocks(cleaned))
    assert cleaned.removed == (
        "LISBON, Mar 3 (Reuters) -",
        "Also Read: Ferry Fares Rise Again",
        "(Reuters)",
        "![Cranes at dawn](https://example.org/c.png)",
        "cdn/uploads/cranes.jpg)",
        "Share this article",
        "(Except for the headline, this story has not been edited by Example Times staff and is "
        "published from a syndicated feed.)",
    )


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\n", "Also Read: Nothing Else\n.jpg)"])
def test_empty_results(raw: str) -> None:
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.blocks) == ("", ())


def test_one_line() -> None:
    assert clean_text("Berths reopen today.") == Cleaned(
        "Berths reopen today.", (Block(0, 20, "paragraph"),), ()
    )


def test_white_space_and_control_characters_collapse() -> None:
    cleaned = clean_text("Berths\x00 reopen\t\ttoday,\u200b  said   the board.\r\n")
    assert cleaned.text == "Berths reopen today, said the board."


def test_hard_wrapped_paragraph_is_rejoined() -> None:
    raw = (
        "The harbour board met on Tuesday and after a long debate\n"
        "agreed to new rules for the night shift, the\n"
        "Dock Workers Union and the pilots.\nNext line."
    )
    assert blocks(clean_text(raw)) == [
        (
            "paragraph",
            "The harbour board met on Tuesday and after a long debate agreed to new rules for "
            "the night shift, the Dock Workers Union and the pilots.",
        ),
        ("paragraph", "Next line."),
    ]


def test_heading_needs_a_body_and_title_case() -> None:
    raw = "Harbour Board Approves New Berths\nThe vote was unanimous.\nLooking Ahead"
    assert [k for k, _ in blocks(clean_text(raw))] == ["heading", "paragraph", "paragraph"]
    raw = "the board met on tuesday and said nothing new about berths or cranes at all\nBody."
    assert blocks(clean_text(raw))[0][0] == "paragraph"


def test_numbered_and_symbol_bullets_lose_their_markers() -> None:
    raw = "Steps agreed:\n1. Sign the pact\n2) Form a group\n• Meet again\n(a) Report back"
    assert blocks(clean_text(raw)) == [
        ("paragraph", "Steps agreed:"),
        ("bullet", "Sign the pact"),
        ("bullet", "Form a group"),
        ("bullet", "Meet again"),
        ("bullet", "Report back"),
    ]


def test_a_line_starting_with_an_initial_is_no_bullet() -> None:
    raw = "S. Rao chaired the meeting.\nA. K. Menon spoke next."
    assert [k for k, _ in blocks(clean_text(raw))] == ["paragraph", "paragraph"]


def test_lower_case_colon_list_is_not_rejoined() -> None:
    raw = "The talks covered:\nport fees\npilot training\nThe board meets in May."
    assert blocks(clean_text(raw)) == [
        ("paragraph", "The talks covered:"),
        ("bullet", "port fees"),
        ("bullet", "pilot training"),
        ("paragraph", "The board meets in May."),
    ]


def test_colon_list_ends_at_a_sentence() -> None:
    raw = "The talks covered:\nPort fees\nPilot training\nThe board will meet again in May."
    assert [k for k, _ in blocks(clean_text(raw))] == ["paragraph", "bullet", "bullet", "paragraph"]


def test_user_patterns_and_defaults_switch() -> None:
    raw = "Sponsored by Example Bank\nAlso Read: Other Story\nBerths reopen today."
    assert clean_text(raw, patterns=[r"^Sponsored by\b"]).text == "Berths reopen today."
    kept = clean_text(raw, defaults=False).text
    assert "Also Read: Other Story" in kept and "Sponsored" in kept
    assert clean_text(raw, patterns=[r"^Sponsored"], defaults=False).text.startswith("Also Read")


def test_cleaning_strips_only_line_ends() -> None:
    line = "OSLO: The central bank, citing (Reuters) data, held rates. (Reuters)"
    assert clean_line(line, default_rules()) == (
        "The central bank, citing (Reuters) data, held rates.",
        ["(Reuters)", "OSLO:"],  # in rule order
    )


@pytest.mark.parametrize("rule", [r for r in default_rules() if r.example], ids=lambda r: r.id)
def test_each_default_rule_removes_its_example(rule) -> None:
    out, removed = clean_line(rule.example, [rule])
    line = " ".join(rule.example.split())
    if rule.action == "drop":  # the whole line goes
        assert (out, removed) == ("", [line])
    else:  # one fragment at its end goes; the sentence it was attached to stays, verbatim
        (cut,) = removed
        assert out and cut
        kept = f"{cut} {out}" if rule.action == "prefix" else f"{out} {cut}"
        assert kept == line


@pytest.mark.parametrize("rule", [r for r in default_rules() if r.keep], ids=lambda r: r.id)
def test_default_rules_keep_their_counter_examples(rule) -> None:
    assert clean_line(rule.keep, default_rules()) == (rule.keep, [])


def test_every_default_rule_is_documented_by_an_example() -> None:
    assert all(r.example for r in default_rules())


def test_bad_rule_file_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    bad.write_text("patterns:\n  - pattern: x\n  - pattern: y\n    action: delete\n")
    with pytest.raises(ValueError, match=r"rules.yaml: patterns\[1\]: unknown action 'delete'"):
        load_rules(bad)
    bad.write_text("patterns:\n  - pattern: '('\n")
    with pytest.raises(ValueError, match=r"patterns\[0\]: bad or missing pattern"):
        load_rules(bad)


def test_huge_input_cleans() -> None:
    # 1.5 MB, tens of thousands of blocks: every one is kept or removed, none lost (how the
    # time grows is for benchmarks/, not a test)
    raw = ("Berths reopen today, the board said.\nAlso Read: Other Story\n\n") * 25_000
    cleaned = clean_text(raw)
    assert len(cleaned.blocks) == 25_000
    assert len(cleaned.removed) == 25_000
    assert cleaned.removed == ("Also Read: Other Story",) * 25_000
    assert cleaned.text == "\n\n".join(["Berths reopen today, the board said."] * 25_000)


# ------------------------------------------------------------------ real articles (../shared)

BOILERPLATE = ("also read", "syndicated feed", "except for the headline", ".jpg", "based on ani")


def seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


@needs_seeds()
def test_seed_boilerplate_is_removed() -> None:
    for name, raw in seed_texts():
        cleaned = clean_text(raw)
        for b in cleaned.blocks:
            body = cleaned.text[b.start : b.end]
            assert not any(word in body.lower() for word in BOILERPLATE), (name, body)
            assert not re.search(r"\((ANI|PTI|Reuters)\)$", body), (name, body)


@needs_seeds()
def test_seed_headings_and_bullets() -> None:
    counts = {}
    for name, raw in seed_texts():
        cleaned = clean_text(raw)
        raw_lines = {" ".join(line.split()) for line in raw.splitlines()}
        kinds = [b.kind for b in cleaned.blocks]
        counts[name[:3]] = (kinds.count("heading"), kinds.count("bullet"))
        for b in cleaned.blocks:
            body = cleaned.text[b.start : b.end]
            if b.kind == "heading":  # a whole line of the source, standing alone
                assert body in raw_lines, (name, body)
    assert counts == {"000": (0, 0), "001": (2, 0), "002": (1, 3), "003": (5, 5), "004": (5, 8)}


@needs_seeds()
def test_seed_units_are_verbatim_spans() -> None:
    for name, raw in seed_texts():
        article = prepare_article(Document(path=name, text=raw), "a00")
        assert article.sentences
        source = norm(raw)
        for unit in article.sentences:
            assert article.text[unit.start : unit.end] == unit.text == unit.text.strip()
            assert norm(unit.text) in source, (name, unit.text)
            if unit.kind == "sentence":  # no heading glued onto a sentence
                heading_blocks = [b for b in clean_text(raw).blocks if b.kind == "heading"]
                assert all(unit.start > b.end or unit.end < b.start for b in heading_blocks)
