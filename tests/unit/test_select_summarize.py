"""select.summarize: the budget contract, verbatim citing items, determinism, the registry."""

from __future__ import annotations

import pytest
from select_builders import (
    STRIKE_LEAD,
    STRIKE_MINISTER,
    STRIKE_WHY,
    article,
    marked,
    news_day,
)

from briefgen.errors import ConfigError
from briefgen.registry import SUMMARIZERS
from briefgen.select import summarize

NAMES = SUMMARIZERS.names()


def test_nothing_in_nothing_out():
    assert summarize([], words=100) == []


def test_a_single_sentence_fits_or_is_left_out():
    one = [article("a01", STRIKE_WHY)]
    assert [it.text for it in summarize(one, words=100)] == [STRIKE_WHY]
    assert summarize(one, words=len(STRIKE_WHY.split()) - 1) == []


@pytest.mark.parametrize("algorithm", NAMES)
def test_a_budget_smaller_than_any_sentence_returns_nothing(algorithm):
    assert summarize(news_day(), words=7, algorithm=algorithm) == []


@pytest.mark.parametrize("algorithm", NAMES)
@pytest.mark.parametrize("budget", [20, 45, 60, 100, 250])
def test_every_algorithm_quotes_verbatim_and_cites_each_sentence_once(algorithm, budget):
    # (summarize() itself cuts the picks to the budget; the property tests check the budget
    # over random inputs. Here: what that cut cannot guarantee.)
    day = news_day()
    items = summarize(day, words=budget, algorithm=algorithm)
    texts = {a.id: a.text for a in day}
    for it in items:
        for span in it.spans[:1]:
            assert texts[span.article][span.start : span.end] == it.text
        assert it.sources == tuple(sorted({s.article for s in it.spans}))
    cited = [(s.article, s.start) for it in items for s in it.spans]
    assert len(cited) == len(set(cited)), "one sentence stands behind two items"
    if algorithm != "lead":  # lead only quotes the newest article's opening (23 words)
        assert items, "every budget here fits a sentence of the day (the shortest has 17 words)"


@pytest.mark.parametrize("algorithm", [n for n in NAMES if n != "lead"])
def test_a_budget_for_the_whole_day_leaves_no_statement_out(algorithm):
    day = news_day()  # 6 distinct statements in about 124 words
    items = summarize(day, words=250, algorithm=algorithm)
    cited = {(s.article, s.start, s.end) for it in items for s in it.spans}
    assert cited == {(s.article, s.start, s.end) for a in day for s in a.sentences}
    assert len(items) == 6


def test_lead_is_the_opening_of_the_newest_article():
    day = news_day()
    newest = day[2]  # a03, 3 March
    assert [it.text for it in summarize(day, words=250, algorithm="lead")] == [
        s.text for s in newest.sentences
    ]
    assert summarize(day, words=22, algorithm="lead") == []  # its first sentence has 23 words


def test_coverage_picks_the_fact_every_outlet_reports_and_cites_them_all():
    items = summarize(news_day(), words=25)
    assert [it.text for it in items] == [STRIKE_LEAD]
    (item,) = items
    # the wire story, its republished copy and the local paraphrase; the copy is not independent
    assert item.sources == ("a01", "a02", "a03")
    assert item.independent == 2
    assert dict(item.components)["corroboration"] == 2.0


def test_a_generic_summary_covers_both_stories_in_reading_order():
    day = news_day()
    items = summarize(day, words=60)
    dates = {a.id: a.published for a in day}
    firsts = [dates[it.spans[0].article] for it in items]
    assert firsts == sorted(firsts)  # the storm (1 March) is told before the strike
    storm = [it for it in items if it.sources == ("a04",)]
    strike = [it for it in items if "a03" in it.sources or "a01" in it.sources]
    assert storm and strike and len(storm) + len(strike) == len(items)


def test_a_query_focuses_the_summary():
    items = summarize(news_day(), words=30, query="state mediator for the port talks")
    assert [it.text for it in items] == [STRIKE_MINISTER]


def test_json_explains_each_choice():
    (item,) = summarize(news_day(), words=25)
    assert {"coverage", "redundancy", "lead", "relevance", "corroboration"} <= set(
        dict(item.components)
    )


def test_same_input_same_output():
    runs = [summarize(news_day(), words=60, query="port strike") for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_unknown_algorithm_names_the_known_ones():
    with pytest.raises(
        ConfigError,
        match=r"^unknown algorithm 'textrank' \(did you mean 'lexrank'\?\); known: coverage, "
        r"lexrank, centroid, mmr, lead$",
    ):
        summarize(news_day(), words=50, algorithm="textrank")
    with pytest.raises(ConfigError, match=r"^unknown algorithm 'zzz'; known: coverage, lexrank"):
        summarize(news_day(), words=50, algorithm="zzz")


def test_every_builtin_is_a_registered_summarizer():
    from briefgen.select import get_summarizer

    for name in ("coverage", "lexrank", "centroid", "mmr", "lead"):
        assert SUMMARIZERS.origin(name) == "briefgen"
        assert get_summarizer(name).name == name


def test_thousands_of_sentences():
    topics = ["harbour", "railway", "election", "drought", "museum", "satellite", "vaccine"]
    arts = []
    for i in range(300):
        t = topics[i % len(topics)]
        body = [
            f"The {t} report number {i} was published by officials in the capital on "
            f"day {j} of the month, and it described plans in detail."
            for j in range(12)
        ]
        arts.append(article(f"a{i:03d}", *body))
    items = summarize(marked(arts), words=100)
    # every sentence has 24 words: four fit in 100, and near-copies are not repeated, so the
    # four come from four different topics
    assert {len(it.text.split()) for it in items} == {24}
    assert len(items) == 100 // 24
    assert len({it.text.split()[1] for it in items}) == len(items)


def test_short_sentences_are_used_when_there_is_nothing_else():
    short = [article("a01", "Rain fell all day. The river rose fast.")]
    assert [it.text for it in summarize(short, words=20)] == [
        "Rain fell all day.",
        "The river rose fast.",
    ]
