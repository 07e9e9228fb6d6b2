"""News or commentary: reported facts are news, unattributed hedged or evaluative claims analysis."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.select.stance import NEWS_THRESHOLD, Stance, stance

NEWS = [
    "The central bank raised its benchmark rate to 6.5% on Wednesday.",
    "Ruritania and Freedonia signed a fisheries pact in Osterport on 3 March.",
    "Twelve people were killed when the bridge collapsed.",
    "The ferry operator cancelled 40 sailings and the port closed for two days.",
    # a reported plan: "will" is no hedge
    "The two leaders will hold talks on Friday.",
    "The summit is scheduled for the second half of 2027.",
    # the month, not the modal
    "Parliament approved the budget in May by 210 votes to 95.",
    # attributed hedges are reported statements
    "Exports could fall by a tenth this year, the trade ministry said.",
    "According to the port authority, the strike may last a week.",
    "Ms Holm told parliament that prices were likely to rise.",
    # quotations by a named speaker
    "“We may need more time,” said Foreign Minister Anna Berg.",
    "Health Minister Piet Holm: “This might be the worst season in a decade.”",
    # the hedge is outside the main clause, which reports an event
    "The company launched a platform that could cut delivery times.",
    "Although the deal may take years to implement, both governments signed it on Monday.",
    "The envoys unveiled a joint fund, potentially worth more than the last one.",
    # colour around an event
    "The ministers signed a landmark accord in Osterport.",
    # plain, unhedged statements
    "The bridge links the two halves of the old town.",
]

ANALYSIS = [
    "The agreement could pave the way for deeper trade ties.",
    "The new corridor promises to transform regional commerce.",
    "Prices are expected to climb further next year.",
    "The plan is likely to face resistance from farmers.",
    "The new rules might slow lending to small firms.",
    "Closer cooperation may further bolster the region's defences.",
    "Such a partnership would give both economies a stronger hand.",
    "The fund aims to attract private investors to clean energy.",
    "The storm is said to have destroyed 200 homes.",  # hearsay, not a source
    "May the reforms succeed where others failed.",  # the modal opening a sentence
    "The visit marks a pivotal moment for relations between the neighbours.",
    "This decision signals a new phase in the bloc's climate policy.",
    "The investment underscores the growing importance of battery supply chains.",
    "The shift reflects a broader realignment in the region.",
    "The accord is more than a trade deal; it is a bet on shared prosperity.",
    "In an era of rising tariffs, the pact positions both countries as reliable partners.",
    "The summit was a watershed moment for the alliance.",
    # an evaluative tail on a claim with no fact in it
    "Cultural links also featured, reflecting the depth of the friendship.",
]


@pytest.mark.parametrize("text", NEWS)
def test_reported_facts_are_news(text):
    s = stance(text)
    assert s.kind == "news"
    assert s.news_score >= NEWS_THRESHOLD


@pytest.mark.parametrize("text", ANALYSIS)
def test_hedged_or_evaluative_claims_are_analysis(text):
    s = stance(text)
    assert s.kind == "analysis"
    assert s.news_score < NEWS_THRESHOLD


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Exports could fall by a tenth this year, the trade ministry said.",
            Stance("news", ("could",), ("said",), 0.5 + 0.5 * 2.5 / 4.5),
        ),
        (
            "Parliament approved the budget in May by 210 votes to 95.",
            Stance("news", (), ("approved", "May", "210 votes"), 0.5 + 0.5 * 2.7 / 3.7),
        ),
        (
            "The agreement could pave the way for deeper trade ties.",
            Stance("analysis", ("could", "pave the way"), (), 0.5 * 0.5 / 2.5),
        ),
        (
            "The visit marks a pivotal moment for relations between the neighbours.",
            Stance("analysis", ("marks a pivotal moment", "pivotal"), (), 0.5 * 0.5 / 2.0),
        ),
        (
            "Health Minister Piet Holm: “This might be the worst season in a decade.”",
            Stance("news", ("might",), ("health minister piet holm:",), 0.5 + 0.5 * 2.5 / 4.5),
        ),
        ("", Stance("news", (), (), 0.5 + 0.5 * 0.5 / 1.5)),
    ],
)
def test_the_cues_and_the_score(text, expected):
    got = stance(text)
    assert (got.kind, got.hedges, got.facts) == (expected.kind, expected.hedges, expected.facts)
    assert got.news_score == pytest.approx(expected.news_score)


def test_reported_facts_rank_above_plain_statements_above_commentary():
    dated = stance("The ministers signed the accord on 3 March.").news_score
    plain = stance("The bridge links the two halves of the old town.").news_score
    hedged = stance("The accord could transform the harbour.").news_score
    very_hedged = stance("The accord could potentially pave the way for change.").news_score
    assert dated > plain > NEWS_THRESHOLD > hedged > very_hedged


def test_could_not_is_a_fact_not_a_hedge():
    s = stance("Rescuers could not reach the village.")
    assert (s.kind, s.hedges) == ("news", ())


# ------------------------------------------------------------------ properties

FRAGMENTS = st.sampled_from(
    [
        "could",
        "may",
        "May",
        "will",
        "said",
        "is expected to",
        "marks a pivotal moment",
        "signed",
        "on 3 March",
        "12 people",
        ",",
        "which",
        "Although",
        "“",
        ":",
        "Anna Berg",
        "the",
        "potentially",
        "is said to",
    ]
)
TEXTS = st.one_of(st.text(max_size=160), st.lists(FRAGMENTS, max_size=16).map(" ".join))


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(TEXTS)
def test_stance_never_raises_and_its_kind_follows_its_score(text):
    s = stance(text)
    assert 0.0 <= s.news_score <= 1.0
    assert (s.kind == "news") == (s.news_score >= NEWS_THRESHOLD)
    assert stance(text) == s
