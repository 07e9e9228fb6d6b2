"""select.summarize(..., seen=...): what new articles add for a reader who has read the seen ones.

Exact answers on small piles built with select_builders, and one property over generated piles:
verbatim, within the budget, citing only new articles, never repeating a seen sentence.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from select_builders import STRIKE_LEAD, STRIKE_WHY, article, marked, news_day

from briefgen.config import SelectionConfig
from briefgen.model import Item
from briefgen.registry import SUMMARIZERS
from briefgen.select import make_pool, summarize, update
from briefgen.select.problem import Problem
from briefgen.select.weights import SEEN_DISCOUNT, concept_weights

NAMES = SUMMARIZERS.names()
DEAL = (
    "The union and the port authority signed a deal on Friday that ends the strike and "
    "delays the new cranes until 2030."
)
DEAL_TOO = (
    "A deal signed on Friday by the union and the port authority ends the strike, with the "
    "new cranes delayed until 2030."
)


def earlier() -> list:
    """What the reader has read: Monday's strike story."""
    return marked(
        [article("a01", STRIKE_LEAD, STRIKE_WHY, published=date(2026, 3, 2), source="Wire")]
    )


def later() -> list:
    """Friday's stories: three outlets recall the walkout (verbatim or nearly), two report the
    deal. The ids clash with the seen article's on purpose, as two ``load_articles`` give."""
    recap = "Dockworkers at the port of Lindqvist walked off the job on Monday over plans to "
    return marked(
        [
            article("a01", STRIKE_LEAD, DEAL, published=date(2026, 3, 6), source="Herald"),
            article("a02", recap + "install automated cranes.", DEAL_TOO, source="Gazette"),
            article("a03", STRIKE_LEAD, published=date(2026, 3, 6), source="Post"),
        ]
    )


def texts(items: list[Item]) -> list[str]:
    return [it.text for it in items]


def test_plain_summary_of_the_later_batch_repeats_the_walkout_the_update_tells_the_deal():
    assert texts(summarize(later(), words=25)) == [STRIKE_LEAD]
    (item,) = summarize(later(), words=25, seen=earlier())
    assert item.text == DEAL
    assert item.sources == ("a01", "a02")  # both outlets that report the deal, no seen article


def test_nothing_seen_is_the_plain_summary_exactly():
    for algorithm in NAMES:
        for words in (20, 60, 250):
            for query in (None, "What did the dockworkers do?"):
                plain = summarize(news_day(), words, query, algorithm)
                assert summarize(news_day(), words, query, algorithm, seen=()) == plain
                assert summarize(news_day(), words, query, algorithm, seen=[]) == plain


SHIPS = "19 container ships were waiting at anchor outside the harbour"


def test_seen_articles_are_never_cited_nor_versions_of_a_discrepancy():
    seen = marked(
        [
            # states part of the new sentence's claim: support, were it a new article
            article("a01", f"By Monday evening, {SHIPS}."),
            # the new sentence's claim with another number: a discrepancy, were it new
            article(
                "a02",
                f"With {SHIPS.replace(' were', '').replace('19', '21')}, shipping lines said "
                "they would send vessels elsewhere.",
            ),
        ]
    )
    new_text = (
        f"With {SHIPS.replace(' were', '')}, two shipping lines said they would go to Ostrand."
    )
    new = marked([article("a01", new_text, source="Herald")])
    (item,) = summarize(new, words=100, seen=seen)
    assert item.text == new_text
    assert item.sources == ("a01",) and [s.article for s in item.spans] == ["a01"]
    assert item.discrepancies == ()
    # were the seen articles new ones (a02, a03), the item would cite them both
    unread = [article(f"a0{i}", a.text) for i, a in enumerate(seen, 2)]
    (plain,) = [it for it in summarize(marked([*new, *unread]), 100) if it.text == new_text]
    assert plain.sources == ("a01", "a02")
    assert [v.sources for d in plain.discrepancies for v in d.versions] == [
        ("a01", "a02"),
        ("a03",),
    ]


def test_a_batch_that_only_repeats_gives_no_update():
    seen = earlier()
    again = marked([article("a01", STRIKE_LEAD), article("a02", STRIKE_WHY, STRIKE_LEAD)])
    assert summarize(again, words=100, seen=seen) == []
    assert texts(summarize(again, words=100)) == [STRIKE_LEAD, STRIKE_WHY]


def test_the_budget_holds_with_seen_articles():
    for words in (7, 20, 25, 40, 60):
        items = summarize(later(), words=words, seen=earlier())
        assert sum(len(it.text.split()) for it in items) <= words
    assert summarize(later(), words=7, seen=earlier()) == []  # no new sentence is that short


# ------------------------------------------------------------------ what counts as a repeat


def _repeats(new_texts: list[str], seen_texts: list[str]) -> list[bool]:
    """Per new sentence (one article each): whether it repeats the seen articles."""
    new = [article(f"n{i}", t) for i, t in enumerate(new_texts)]
    seen = [article(f"s{i}", t) for i, t in enumerate(seen_texts)]
    joint, read = update.join(new, seen)
    pool = make_pool(joint, SelectionConfig())
    rep = update.repeats(pool, read)
    return [bool(rep[np.flatnonzero(pool.article == len(seen) + i)].any()) for i in range(len(new))]


def test_a_recap_repeats_and_a_new_fact_in_the_story_s_names_does_not():
    seen = [
        "A span of the Ostbro bridge in Tolvik collapsed into the Aske river on Tuesday "
        "evening, killing at least 14 people, police said.",
        "Interior Minister Clara Voss said the government would help the families.",
    ]
    assert _repeats(
        [
            # a recap: the seen sentence with a clause dropped
            "A span of the Ostbro bridge in Tolvik collapsed into the Aske river on Tuesday "
            "evening, police said.",
            # an updated number disagrees with the seen one: news
            "The Ostbro bridge collapse in Tolvik on Tuesday evening killed 23 people, police "
            "said.",
            # contains the short seen sentence's names and adds a fact: news (align.similarity
            # calls it a near-duplicate, by containment of the shorter sentence)
            "Interior Minister Clara Voss announced a relief fund of 25 million euros for the "
            "families of the victims.",
        ],
        seen,
    ) == [True, False, False]


def test_a_seen_sentence_with_a_new_clause_is_news():
    seen = f"By Monday evening, {SHIPS}."
    assert _repeats(
        [
            f"By Monday evening, {SHIPS}, and shipping lines began sending cargo to Ostrand.",
            f"{SHIPS.capitalize()} by Monday evening.",
        ],
        [seen],
    ) == [False, True]


def test_a_verbatim_copy_repeats_even_without_content_words():
    filler = "And then it was all that they had, and so it is."
    assert _repeats([filler, STRIKE_WHY], [filler]) == [True, False]


# ------------------------------------------------------------------ concept weights


def _columns(pool, *units: int) -> set[int]:
    return set.intersection(*(set(pool.bigrams[u].indices.tolist()) for u in units))


def test_a_concept_every_seen_story_used_loses_seen_discount_of_its_weight():
    seen = [article("s1", "Automated cranes arrived at the harbour of Lindqvist last month.")]
    new = [
        article("n1", "The union rejected the automated cranes at the Lindqvist docks."),
        article("n2", "Talks about automated cranes failed again at the Lindqvist docks."),
    ]
    joint, read = update.join(new, seen)
    pool = make_pool(joint, SelectionConfig())
    s1, n1, n2 = (int(np.flatnonzero(pool.article == a)[0]) for a in range(3))
    problem = Problem(pool, None, seen=read)
    _, w = concept_weights(problem)
    both_new = 2 * (1 + 1.0)  # two new stories, each leading with it (lead_bias 1, lead 1)
    shared = _columns(pool, n1, n2, s1)  # "automat crane"
    only_new = _columns(pool, n1, n2) - shared  # "the lindqvist", "lindqvist dock"
    assert len(shared) == 1 and len(only_new) == 2
    assert w[shared.pop()] == pytest.approx(both_new * (1 - SEEN_DISCOUNT))
    assert w[sorted(only_new)] == pytest.approx([both_new, both_new])
    assert (w[sorted(set(pool.bigrams[s1].indices) - _columns(pool, s1, n1))] == 0).all()


def test_a_mask_with_nothing_seen_weighs_like_no_mask():
    pool = make_pool(news_day(), SelectionConfig())
    none = np.zeros(len(pool.articles), dtype=bool)
    assert np.array_equal(
        concept_weights(Problem(pool, None))[1], concept_weights(Problem(pool, None, seen=none))[1]
    )


# ------------------------------------------------------------------ property

VOCAB = (
    "the port union board ministers agreed on Tuesday to open talks about cranes wages ships "
    "waited outside harbour officials said strike ended after deal storm closed roads railway"
).split()
sentence = st.lists(st.sampled_from(VOCAB), min_size=3, max_size=20).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
pile = st.lists(st.lists(sentence, min_size=1, max_size=5), min_size=1, max_size=4)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    new=pile,
    seen=pile,
    shared=st.lists(sentence, max_size=3),
    words=st.integers(1, 150),
    algorithm=st.sampled_from(NAMES),
)
def test_any_update_is_verbatim_within_budget_and_cites_only_new_articles(
    new, seen, shared, words, algorithm
):
    # ``shared`` sentences are in both piles, as a recap is
    new_arts = marked([article(f"a{i:02d}", *p, *shared) for i, p in enumerate(new, 1)])
    seen_arts = marked([article(f"a{i:02d}", *p, *shared) for i, p in enumerate(seen, 1)])
    items = summarize(new_arts, words, algorithm=algorithm, seen=seen_arts)
    assert sum(len(it.text.split()) for it in items) <= words
    by_id = {a.id: a for a in new_arts}
    seen_texts = {s.text for a in seen_arts for s in a.sentences}
    for it in items:
        assert {span.article for span in it.spans} <= set(by_id)
        first = it.spans[0]
        assert by_id[first.article].text[first.start : first.end] == it.text
        assert set(it.sources) <= set(by_id)
        assert it.text not in seen_texts
