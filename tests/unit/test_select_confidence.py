"""A key point's confidence label: exact answers for the rule the footer prints."""

from __future__ import annotations

import pytest
from select_builders import PORTS, STRIKE_LEAD, WEATHER, brief_config, news_day

from briefgen.model import Item, Span
from briefgen.select import select_brief
from briefgen.select.confidence import RULE, confidence, label


def item(text: str = "Two firms signed a deal.", sources: int = 1, independent: int = 1) -> Item:
    ids = tuple(f"a{i:02d}" for i in range(1, sources + 1))
    return Item(text, "ai", ids, tuple(Span(a, 0, len(text)) for a in ids), independent=independent)


@pytest.mark.parametrize(
    "sources, independent, attributed, expected",
    [
        (4, 4, False, "confirmed: 4 independent reports"),
        (3, 3, True, "confirmed: 3 independent reports"),
        (2, 2, False, "corroborated: 2 independent reports"),
        (2, 2, True, "corroborated: 2 independent reports"),
        # a wire story and its copy are one independent report
        (2, 1, False, "single source"),
        (5, 2, False, "corroborated: 2 independent reports"),
        (1, 1, True, "single source, attributed"),
        (1, 1, False, "single source"),
        # more independent reports than sources cannot be: the sources bound the count
        (1, 3, False, "single source"),
    ],
)
def test_the_label_follows_the_rule(sources, independent, attributed, expected):
    assert label(item(sources=sources, independent=independent), attributed) == expected


def test_attribution_is_read_from_the_text():
    said = "The AI office will employ forty engineers, officials said."
    assert confidence(item(said)) == "single source, attributed"
    assert confidence(item("The AI office will employ forty engineers.")) == "single source"
    # hearsay names nobody
    assert confidence(item("The office is said to employ forty engineers.")) == "single source"


def test_the_rule_names_every_threshold():
    assert RULE == (
        "Confidence: confirmed = 3 or more independent reports; corroborated = 2; "
        "single source = 1 (attributed when the statement names who said it)."
    )


def test_key_points_carry_their_label_and_section_items_none():
    key_points, sections = select_brief(news_day(), brief_config(PORTS, WEATHER, key_points=2))
    lead = key_points[0]
    assert (lead.text, lead.independent) == (STRIKE_LEAD, 2)  # a02 republishes a01
    assert lead.confidence == "corroborated: 2 independent reports"
    assert all(kp.confidence == confidence(kp) for kp in key_points)
    assert all(it.confidence == "" for s in sections for it in s.items)
