"""Support that really agrees: the same claim with the same details, or a discrepancy."""

from __future__ import annotations

import numpy as np
from select_builders import article, brief_config, marked, theme

from briefgen.config import SelectionConfig
from briefgen.select import make_pool, select_brief, summarize
from briefgen.select.agreement import CLAIM_COVERAGE, SUPPORT_SIMILARITY_SHARE, agree, coverage
from briefgen.select.align import similarity

BUDGET = theme("budget", "The national budget.", {"budget": 3, "parliament": 1})
CRASH = theme("crash", "Air accidents.", {"crash": 3, "plane": 2, "engines": 1})


def _budget_day():
    return marked(
        [
            article(
                "a1",
                "Parliament approved a budget of $1.9 trillion for next year on Thursday, the "
                "finance ministry said.",
                "Opposition members walked out before the vote in protest at cuts to rail "
                "maintenance.",
                "The speaker called the session the longest since the chamber was rebuilt.",
            ),
            article(
                "a2",
                "Parliament approved a budget of $2.9 trillion for next year on Thursday, the "
                "finance ministry said.",
                "Farm groups welcomed higher spending on irrigation in the southern provinces.",
                "Bond yields barely moved after the announcement, traders in Kestrel Bay noted.",
            ),
            article(
                "a3",
                "Lawmakers approved a budget of $1.9 trillion for next year on Thursday, the "
                "finance ministry said.",
                "Teachers' unions said the education allocation still fell short of inflation.",
                "Defence spending rises for a fourth year under the plan, to pay for new frigates.",
            ),
        ]
    )


def _all(key_points, sections):
    return [*key_points, *(it for s in sections for it in s.items)]


def test_a_different_number_is_a_discrepancy_not_support():
    items = _all(*select_brief(_budget_day(), brief_config(BUDGET)))
    (item,) = [it for it in items if "approved a budget" in it.text]
    assert "$1.9 trillion" in item.text
    assert set(item.sources) == {"a1", "a3"}  # the two that agree
    assert item.independent == 2
    (d,) = item.discrepancies
    assert d.kind == "number"
    mine, other = d.versions
    assert mine.values == ("$1.9 trillion",) and set(mine.sources) == {"a1", "a3"}
    assert other.values == ("$2.9 trillion",) and other.sources == ("a2",)
    assert "$2.9 trillion" in other.text
    (span,) = other.spans
    a2 = next(a for a in _budget_day() if a.id == "a2")
    assert a2.text[span.start : span.end] == other.text


def test_summarize_reports_the_same_discrepancy():
    items = summarize(_budget_day(), 40)
    (item,) = [it for it in items if "approved a budget" in it.text]
    assert [v.values for v in item.discrepancies[0].versions] == [
        ("$1.9 trillion",),
        ("$2.9 trillion",),
    ]


CAUSE = (
    "Investigators said the crash was caused by a flock of geese that disabled both engines "
    "shortly after take-off from Eastvale."
)
ONLY_CRASHED = "A passenger plane crashed shortly after take-off from Eastvale on Monday."


def _crash_day():
    return marked(
        [
            article(
                "c1",
                CAUSE,
                "The airline grounded its two other jets of the same type for inspection.",
                "Relatives gathered at the terminal late into the evening.",
            ),
            article(
                "c2",
                ONLY_CRASHED,
                "Emergency crews reached the field within twelve minutes, the fire service said.",
                "Flights from the regional airport were suspended until Tuesday.",
            ),
        ]
    )


def test_a_sentence_that_states_only_part_of_the_claim_does_not_count():
    day = _crash_day()
    pool = make_pool(day, SelectionConfig())
    texts = [u.text for u in pool.units]
    a, b = texts.index(CAUSE), texts.index(ONLY_CRASHED)
    # aligned (so alignment alone would have cited it) but covering only a fragment of the claim
    sim = similarity(pool, np.array([a])).toarray()[0, b]
    assert sim >= SUPPORT_SIMILARITY_SHARE * SelectionConfig().near_duplicate
    assert coverage(pool, np.array([a]), np.array([b]))[0] < CLAIM_COVERAGE
    items = _all(*select_brief(day, brief_config(CRASH)))
    (cause,) = [it for it in items if it.text == CAUSE]
    assert cause.sources == ("c1",) and cause.independent == 1
    assert cause.discrepancies == ()


def test_a_paraphrase_of_the_whole_claim_counts():
    day = marked(
        [
            *_crash_day(),
            article(
                "c3",
                "The crash was caused by a flock of geese that disabled both engines after "
                "take-off from Eastvale, investigators said on Tuesday.",
                "The regional airport reopened on Wednesday morning.",
            ),
        ]
    )
    items = _all(*select_brief(day, brief_config(CRASH)))
    (cause,) = [it for it in items if "flock of geese" in it.text]
    assert set(cause.sources) == {"c1", "c3"}


def test_an_article_supports_with_its_sentence_of_the_claim_not_its_formula_twin():
    """An article's sentence closest in words to the claim can be another story's formula
    ("... near Pilsen ..."); the article still supports the claim with the sentence that is
    the same claim ("... near Ostrava ...")."""
    claim = "Halvard Mining plans to open a second lithium refinery near Ostrava next year."
    arts = marked(
        [
            article("a1", claim, "The Ostrava site will employ about 400 people."),
            article(
                "a2",
                "Halvard Mining plans to open a second lithium refinery near Pilsen next year.",
                "Separately, Halvard plans a second lithium refinery near Ostrava, it said.",
                "The Ostrava and Pilsen sites will be the group's largest.",
            ),
        ]
    )
    pool = make_pool(arts, SelectionConfig())
    rep = next(i for i, u in enumerate(pool.units) if u.text == claim)
    sims = similarity(pool, np.array([rep])).toarray().ravel()
    found = agree(pool, rep, sims, SelectionConfig().near_duplicate)
    texts = [pool.units[u].text for u in found.support]
    assert texts[0] == claim
    assert texts[1:] == ["Halvard plans a second lithium refinery near Ostrava, it said."]
    assert not found.versions


def test_a_sentence_without_the_claims_figure_is_no_source_of_it():
    """An outlet that reports the vote but not the $1.9 trillion is not where a reader checks
    the figure: it supports neither version of it."""
    day = marked(
        [
            *_budget_day(),
            article(
                "a4",
                "Parliament approved a budget for next year on Thursday, the finance ministry "
                "said.",
                "Pensioners' groups plan to march on the capital next week.",
            ),
        ]
    )
    items = _all(*select_brief(day, brief_config(BUDGET)))
    (item,) = [it for it in items if "$1.9 trillion" in it.text]
    assert set(item.sources) == {"a1", "a3"}
    assert all("a4" not in v.sources for d in item.discrepancies for v in d.versions)


def test_an_outlet_saying_the_opposite_is_no_source():
    claim = "Gallium exports from Kestrel Bay rose 12 percent in March, customs data showed."
    day = marked(
        [
            article("g1", claim, "Refiners expect more shipments to Europe later in the year."),
            article(
                "g2",
                "Gallium exports from Kestrel Bay rose 12 percent in March, the customs office said.",
                "Traders said the price of the metal was steady.",
            ),
            article(
                "g3",
                "Gallium exports from Kestrel Bay fell 12 percent in March, customs data showed.",
                "Analysts blamed lower demand from chipmakers.",
            ),
        ]
    )
    gallium = theme("gallium", "Gallium trade.", {"gallium": 3, "exports": 1})
    items = _all(*select_brief(day, brief_config(gallium)))
    (item,) = [it for it in items if "Kestrel Bay" in it.text and "12 percent" in it.text]
    assert "g3" not in item.sources and "g2" in item.sources
    assert all("g3" not in v.sources for d in item.discrepancies for v in d.versions)
