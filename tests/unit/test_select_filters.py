"""Which units selection may use: datelines trimmed, fragments and non-statements dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from select_builders import article

from briefgen.select.filters import is_statement, plan, planned, trim, units


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "GENEVA, Nov 23 (Meridian Wire) - Japan and Canada agreed on a deal.",
            "Japan and Canada agreed on a deal.",
        ),
        (
            "PHNOM PENH, Cambodia (AP) _ The king returned on Monday.",
            "The king returned on Monday.",
        ),
        (
            "WASHINGTON - The United States raised its tariff.",
            "The United States raised its tariff.",
        ),
        ("New Delhi [India], January 17 (ANI): India and Japan met.", "India and Japan met."),
        ("The talks ended without a deal. (Meridian Wire)", "The talks ended without a deal."),
        ("U.S. officials said the talks went well.", "U.S. officials said the talks went well."),
        ("The ceasefire held - for now.", "The ceasefire held - for now."),
    ],
)
def test_trim_removes_datelines_and_agency_tags(text, expected):
    a, b = trim(text)
    assert text[a:b] == expected


@pytest.mark.parametrize(
    "text, ok",
    [
        ("The ministers agreed to set up a working group on critical minerals.", True),
        ('"We are not against machines," the union secretary told reporters on Monday.', True),
        ("Will the talks succeed where the last three rounds of negotiations failed?", False),
        ("and then the ministers agreed to set up a working group on minerals.", False),
        ("The ministers agreed to set up a working group on critical minerals", False),
        ("Photo: delegates at the signing ceremony in Geneva on Monday morning.", False),
        ('Today, the ministers launched the dialogue to give a push to "cooperation.', False),
        ("Also Read: the ministers agreed to set up a working group on minerals.", False),
        ("The talks ended.", False),
    ],
)
def test_is_statement(text, ok):
    assert is_statement(text, 8, 80) is ok


def test_units_keep_exact_spans_and_skip_headings_and_captions():
    a = article(
        "a01",
        "Talks in Geneva",
        "A caption line shows the ministers shaking hands in Geneva on Monday. Photo: J. Doe",
        "GENEVA - Japan and Canada agreed on Monday to set up a working group on rare earths.",
        "The group will meet for the first time in Ottawa in January next year.",
    )
    us = units([a])
    assert [u.text for u in us if u.eligible] == [
        "Japan and Canada agreed on Monday to set up a working group on rare earths.",
        "The group will meet for the first time in Ottawa in January next year.",
    ]
    for u in us:
        assert a.text[u.start : u.end] == u.text
    assert [u.position for u in us if u.eligible] == [2, 3]


def test_units_of_nothing():
    assert units([]) == []


def _fixture_articles():
    """Every article of the fixture days (the mixed day's German and French ones included)."""
    from briefgen.pipeline import load_articles

    root = Path(__file__).resolve().parents[1] / "fixtures"
    days = sorted(str(d / "articles") for d in root.glob("*_day"))
    return load_articles(days, root).articles


@pytest.mark.parametrize("rules", [(8, 80, "en"), (4, 40, None), (12, 60, "de")])
def test_units_read_from_a_plan_are_the_units_made_afresh(rules):
    articles = _fixture_articles()
    assert len(articles) > 20
    planned_articles = [planned(a, rules) for a in articles]
    assert all(a.units is not None and a.units.rules[:2] == rules[:2] for a in planned_articles)
    fresh = units(list(articles), *rules)
    assert units(planned_articles, *rules) == fresh
    assert fresh  # every rule set finds units in these days
    for u in fresh:
        assert articles[u.article].text[u.start : u.end] == u.text


def test_a_plan_made_under_other_rules_is_not_used():
    articles = _fixture_articles()
    strict = [planned(a, (30, 80, "en")) for a in articles]
    assert units(strict, 8, 80, "en") == units(list(articles), 8, 80, "en")
    # the plan itself is what the rules say: longer minimum, fewer eligible units
    eligible = sum(s[4] for a in strict for s in a.units.spans)
    assert 0 < eligible < sum(u.eligible for u in units(list(articles), 8, 80, "en"))


def test_an_article_in_another_language_plans_no_units():
    german = [a for a in _fixture_articles() if not plan(a, 8, 80, "en").in_language]
    assert german  # the mixed day has some
    for a in german:
        assert plan(a, 8, 80, "en").spans == ()
        assert plan(a, 8, 80, None).spans  # every language: the same article has units
