"""Time expressions, normalised against a reference date: exact answers, and a property."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.text.timex import VALUE, bounds, describe, find

REF = date(2026, 1, 20)  # a Tuesday

CASES = [
    ("held on 17 January 2026, the", "17 January 2026", "2026-01-17"),
    ("on January 17, 2026 they", "January 17, 2026", "2026-01-17"),
    ("on 17th January they", "17th January", "2026-01-17"),
    ("dated 2026-01-17.", "2026-01-17", "2026-01-17"),
    ("on Sept. 9 it", "Sept. 9", "2026-09-09"),
    ("on May 5 it", "May 5", "2026-05-05"),
    ("the visit, from 15 to 17 January, was", "from 15 to 17 January", "2026-01-15/2026-01-17"),
    (
        "is here from January 15 to January 17, as",
        "from January 15 to January 17",
        "2026-01-15/2026-01-17",
    ),
    ("on 15–17 January 2026", "15–17 January 2026", "2026-01-15/2026-01-17"),
    ("on January 15-17, 2026", "January 15-17, 2026", "2026-01-15/2026-01-17"),
    ("between 3 and 5 March", "between 3 and 5 March", "2026-03-03/2026-03-05"),
    ("from 28 December to 3 January", "from 28 December to 3 January", "2026-12-28/2027-01-03"),
    ("in January 2026", "January 2026", "2026-01"),
    ("due in March.", "in March", "2026-03"),
    ("The group will meet in January.", "in January", "2026-01"),  # not past yet: this year's
    ("It met in January.", "in January", "2026-01"),
    ("The group will meet on 5 January.", "5 January", "2027-01-05"),  # ahead: next year's
    ("will be held in the first half of 2026.", "the first half of 2026", "2026-H1"),
    ("in the second half of next year", "the second half of next year", "2027-H2"),
    ("in the first half of the year", "the first half of the year", "2026-H1"),
    ("by H2 2026", "H2 2026", "2026-H2"),
    ("in the third quarter of 2026", "the third quarter of 2026", "2026-Q3"),
    ("in Q1 2027", "Q1 2027", "2027-Q1"),
    ("to convene in early 2026.", "early 2026", "2026-early"),
    ("by mid-2026", "mid-2026", "2026-mid"),
    ("in late 2025", "late 2025", "2025-late"),
    ("by the end of 2026", "the end of 2026", "2026-late"),
    ("early next year", "early next year", "2027-early"),
    ("in 2027", "in 2027", "2027"),
    ("as happened last year", "last year", "2025"),
    ("expected next year", "next year", "2027"),
    ("earlier this year", "earlier this year", "2026"),
    ("later this year", "later this year", "2026"),
    ("this month", "this month", "2026-01"),
    ("last month", "last month", "2025-12"),
    ("next week", "next week", "2026-W05"),
    ("last week", "last week", "2026-W03"),
    ("yesterday", "yesterday", "2026-01-19"),
    ("today", "today", "2026-01-20"),
    ("tomorrow", "tomorrow", "2026-01-21"),
    ("They met on Saturday.", "on Saturday", "2026-01-17"),  # past: the Saturday before
    ("They will meet on Saturday.", "on Saturday", "2026-01-24"),  # future: the one after
    ("The talks are scheduled for Tuesday.", "Tuesday", "2026-01-27"),
    ("They met on Tuesday.", "on Tuesday", "2026-01-20"),  # on or before: the day itself
    ("since last Saturday", "last Saturday", "2026-01-17"),
    ("until next Monday", "next Monday", "2026-01-26"),
]


@pytest.mark.parametrize(("sentence", "expression", "value"), CASES)
def test_expression_resolves_exactly(sentence, expression, value):
    (t,) = find(sentence, REF)
    assert (t.text, t.value) == (expression, value)
    assert sentence[t.start : t.end] == expression


def test_at_least_thirty_cases():
    assert len(CASES) >= 30


@pytest.mark.parametrize(
    "sentence",
    ["he may go", "rose 5 to 17 percent", "the 2026 budget", "a march on the capital", ""],
)
def test_not_a_date(sentence):
    assert find(sentence, REF) == []


def test_relative_means_the_reader_needs_the_value():
    flags = {t.text: t.relative for t in find("On 17 January 2026 and on Saturday, in 2027.", REF)}
    assert flags == {"17 January 2026": False, "on Saturday": True, "in 2027": False}


def test_several_expressions_in_document_order():
    found = find("From 15 to 17 January, then in the first half of 2026.", REF)
    assert [t.value for t in found] == ["2026-01-15/2026-01-17", "2026-H1"]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2026-01-17", date(2026, 1, 17), date(2026, 1, 17)),
        ("2026-01-15/2026-01-17", date(2026, 1, 15), date(2026, 1, 17)),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-early", date(2026, 1, 1), date(2026, 4, 30)),
        ("2026-W05", date(2026, 1, 26), date(2026, 2, 1)),
    ],
)
def test_bounds(value, first, last):
    assert bounds(value) == (first, last)


def test_bounds_of_a_malformed_value_is_none():
    assert bounds("2026-13") is None and bounds("soon") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -–/,.ofJanuryMySthQHlwk")), max_size=60))
def test_any_text_gives_valid_offsets_and_well_formed_values(text):
    for t in find(text, REF):
        assert text[t.start : t.end] == t.text
        assert VALUE.fullmatch(t.value) and bounds(t.value) is not None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 1)))
def test_any_unicode_and_reference_never_raises(text, ref):
    for t in find(text, ref):
        assert text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2026-01-17", "17 Jan 2026"),
        ("2026-01-15/2026-01-17", "15–17 Jan 2026"),
        ("2026-02-27/2026-03-02", "27 Feb – 2 Mar 2026"),
        ("2026-12-28/2027-01-03", "28 Dec 2026 – 3 Jan 2027"),
        ("2026-01", "Jan 2026"),
        ("2026", "2026"),
        ("2026-H1", "first half of 2026"),
        ("2026-Q3", "third quarter of 2026"),
        ("2026-early", "early 2026"),
        ("2026-mid", "mid-2026"),
        ("2026-W05", "week of 26 Jan 2026"),
        ("soon", "soon"),
    ],
)
def test_describe(value, label):
    assert describe(value) == label


def test_the_tense_is_the_clause_before_the_weekday():
    (t,) = find("Universities will share a cluster, the ministry said on Sunday.", REF)
    assert t.value == "2026-01-18"  # said: the Sunday before, though the sentence has "will"
