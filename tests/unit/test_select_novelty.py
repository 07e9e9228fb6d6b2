"""select.novelty and select_brief(briefed=...): what an earlier brief said is developing, and
loses to fresh news."""

from __future__ import annotations

from datetime import date

from select_builders import article, brief_config, marked, theme

from briefgen.model import Item
from briefgen.select import select_brief
from briefgen.select.brief import REPEAT_FACTOR
from briefgen.select.novelty import first_briefed, mark

NEAR = 0.45  # selection.near_duplicate's default
DEAL = "Two companies signed a lithium supply agreement worth $2 billion."
MINERALS = theme(
    "minerals",
    "Lithium, graphite and other critical minerals.",
    {"lithium": 3, "graphite": 3, "critical minerals": 3, "mine": 1},
)


def briefed(text: str, seen: str) -> Item:
    """An earlier brief's item, as history.recall gives it: ``seen`` is when it was first briefed."""
    return Item(text, "minerals", ("a01",), (), novelty="new", seen=seen)


def test_a_paraphrase_of_an_earlier_item_was_first_briefed_on_its_day():
    texts = [
        "Two mining companies signed a lithium supply agreement worth $2 billion on Monday.",
        DEAL,
    ]
    assert first_briefed(texts, [briefed(DEAL, "2026-11-23")], NEAR) == [
        "2026-11-23",
        "2026-11-23",
    ]


def test_news_on_the_same_subject_is_not_a_repeat():
    texts = [
        # the old claim with a clause of news: it says more than the earlier item
        "Two companies signed a lithium supply agreement worth $2 billion, adding a third mine "
        "and a port terminal in the south.",
        # another number for the same deal: a discrepancy, not agreement
        "Two companies signed a lithium supply agreement worth $3 billion.",
        # the same subject, another claim
        "A graphite mine in the south began production on Tuesday after a decade of delays.",
    ]
    assert first_briefed(texts, [briefed(DEAL, "2026-11-23")], NEAR) == ["", "", ""]


def test_a_claim_repeated_for_days_was_first_briefed_on_the_first():
    earlier = [briefed(DEAL, "2026-11-23"), briefed(DEAL, "2026-11-21"), briefed(DEAL, "")]
    assert first_briefed([DEAL], earlier, NEAR) == ["2026-11-21"]


def test_nothing_to_compare_marks_nothing():
    assert first_briefed([], [briefed(DEAL, "2026-11-23")], NEAR) == []
    assert first_briefed([DEAL], [], NEAR) == [""]
    item = Item(DEAL, "minerals", ("a01",), ())
    assert mark([item], None, NEAR) == (item,)  # no history: novelty stays ""
    (fresh,) = mark([item], [], NEAR)  # history, but nothing earlier carried anything
    assert (fresh.novelty, fresh.seen) == ("new", "")
    (again,) = mark([item], [briefed(DEAL, "2026-11-23")], NEAR)
    assert (again.novelty, again.seen) == ("developing", "2026-11-23")


def _day():
    """A repeated story two outlets tell, and a single-source new one, on the same theme."""
    day = date(2026, 11, 24)
    return marked(
        [
            article(
                "a01",
                DEAL + " The critical minerals deal covers a refinery and two mines in the north. "
                "Shares in both firms rose sharply in early trading.",
                published=day,
            ),
            article(
                "a02",
                "Two mining companies signed a lithium supply agreement worth $2 billion on "
                "Monday. The critical minerals pact covers a refinery and two mines in the north "
                "of the country, officials said.",
                published=day,
            ),
            article(
                "a03",
                "A graphite mine in the south began production on Tuesday after a decade of "
                "delays. The critical minerals project will supply graphite to battery makers in "
                "three countries.",
                published=day,
            ),
        ]
    )


def test_a_repeat_loses_its_slots_to_fresh_news():
    config = brief_config(MINERALS, key_points=1, max_items=1)
    # without history the deal two outlets report is the key point
    (kp,), (sec,) = select_brief(_day(), config)
    assert kp.text.startswith("Two") and (kp.novelty, kp.seen) == ("", "")
    assert [it.text[:9] for it in sec.items] == ["A graphit"]
    # briefed yesterday, it keeps a quarter of its score: both slots go to fresh news
    (kp,), (sec,) = select_brief(_day(), config, [briefed(DEAL, "2026-11-23")])
    assert kp.text.startswith("A graphite") and (kp.novelty, kp.seen) == ("new", "")
    assert [(it.text[:9], it.novelty) for it in sec.items] == [("The criti", "new")]


def test_a_repeat_still_fills_a_slot_nothing_fresh_wants_and_comes_last():
    config = brief_config(MINERALS, max_items=4)
    ((), (sec,)) = select_brief(_day(), config, [briefed(DEAL, "2026-11-23")])
    assert [it.novelty for it in sec.items] == ["new", "new", "new", "developing"]
    deal = sec.items[-1]
    assert deal.text.startswith("Two") and deal.seen == "2026-11-23"
    assert dict(deal.components)["repeat"] == REPEAT_FACTOR
    assert {dict(it.components)["repeat"] for it in sec.items[:-1]} == {1.0}
    # without history: nothing marked, no repeat factor, the most reported first
    ((), (sec,)) = select_brief(_day(), config)
    assert sec.items[0].text.startswith("Two")
    assert all(it.novelty == "" and "repeat" not in dict(it.components) for it in sec.items)
