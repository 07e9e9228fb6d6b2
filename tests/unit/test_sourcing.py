"""Honest sourcing: where an outlet's name comes from, and which article is a story's origin."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import SEEDS

from briefgen.model import Article, Document
from briefgen.select import find_copies, mark_copies
from briefgen.select.features import story_ids
from briefgen.sources import read_inputs
from briefgen.text import prepare_article

WIRE = (
    "MUMBAI, Mar 4 (PTI) - The harbour board of Kestrel Bay approved on Tuesday a plan to dredge "
    "the northern channel so that larger container ships can dock, officials said.\n\n"
    "The work will cost about 3.4 billion rupees and take eighteen months, the board said in a "
    "statement.\n\n"
    "Fishing groups said the dredging would harm breeding grounds and asked for an "
    "environmental review. (PTI)\n\n"
    "(Except for the headline, this story has not been edited by Coastline Daily staff and is "
    "published from a syndicated feed.)\n"
)
REWRITE = (
    "Larger container ships will soon be able to reach Kestrel Bay after its harbour board "
    "approved on Tuesday a plan to dredge the northern channel.\n\n"
    "The board said the eighteen-month project would cost about 3.4 billion rupees.\n\n"
    "Fishing groups warned that the dredging would harm breeding grounds and called for an "
    "environmental review before the work starts.\n\n"
    "Based On PTI Report\n"
)
# Same agency, another story: crediting one agency does not make two stories one.
OTHER_PTI_STORY = (
    "PUNE, Mar 4 (PTI) - The state railway will add four night trains between the hill towns "
    "from April, doubling seats on the route during the summer holidays.\n\n"
    "Tickets go on sale next week, a spokesperson said. (PTI)\n"
)
FEED_NOTE = (
    "This story has not been edited by {} staff and is auto-generated from a syndicated feed."
)


def prepared(*docs: Document) -> list[Article]:
    return [prepare_article(d, f"a{i}") for i, d in enumerate(docs, 1)]


def test_a_rewrite_points_at_the_wire_carrier_even_when_it_is_older_and_listed_first():
    arts = prepared(
        Document("rewrite.txt", REWRITE, published=date(2026, 3, 3)),
        Document("wire.txt", WIRE, published=date(2026, 3, 4)),
        Document("rail.txt", OTHER_PTI_STORY, published=date(2026, 3, 4)),
    )
    rewrite, wire, rail = arts
    assert [a.credits for a in arts] == [("pti",), ("pti",), ("pti",)]
    assert (rewrite.retold, wire.retold, rail.retold) == (True, False, False)
    assert find_copies(arts) == {"a1": "a2"}
    marked = mark_copies(arts)
    assert [a.copy_of for a in marked] == ["a2", "", ""]
    stories = story_ids(marked)
    assert stories[0] == stories[1] != stories[2]


def test_rewrites_without_a_carrier_still_tell_one_story_and_the_oldest_is_the_origin():
    other = (
        "Kestrel Bay's harbour board on Tuesday backed dredging the northern channel, a project "
        "of about 3.4 billion rupees meant to let larger container ships dock.\n\n"
        "The work is expected to last eighteen months.\n\n"
        "Fishing groups fear for breeding grounds and want an environmental review first.\n\n"
        "(With inputs from PTI)\n"
    )
    arts = prepared(
        Document("b.txt", REWRITE, published=date(2026, 3, 5)),
        Document("c.txt", other, published=date(2026, 3, 4)),
    )
    assert [(a.credits, a.retold) for a in arts] == [(("pti",), True), (("pti",), True)]
    assert find_copies(arts) == {"a1": "a2"}
    assert find_copies([replace(a, credits=()) for a in arts]) == {}  # linked by the credit


def test_the_publisher_named_by_a_syndication_disclaimer_is_the_outlet():
    (wire,) = prepared(Document("wire.txt", WIRE))
    assert (wire.source, wire.source_origin) == ("Coastline Daily", "credit")
    (auto,) = prepared(Document("x.txt", OTHER_PTI_STORY + "\n" + FEED_NOTE.format("Quay Post")))
    assert (auto.source, auto.source_origin, auto.retold) == ("Quay Post", "credit", False)
    assert "syndicated" not in auto.text


def test_without_metadata_or_disclaimer_the_outlet_is_unknown_not_the_file_name():
    (a,) = prepared(Document("in/harbour-times.txt", REWRITE))
    assert (a.source, a.source_origin) == ("", "unknown")


def test_metadata_wins_over_the_disclaimer_and_credits_are_still_read():
    (a,) = prepared(Document("wire.html", WIRE, source=" Harbour Times "))
    assert (a.source, a.source_origin, a.credits, a.retold) == (
        "Harbour Times",
        "metadata",
        ("pti",),
        False,
    )


def test_seeds_wire_carrier_and_its_rewrite():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    docs = read_inputs([str(SEEDS)], SEEDS).documents
    arts = mark_copies([prepare_article(d, f"a{i:02d}") for i, d in enumerate(docs)])
    by_name = {a.path.rsplit("/", 1)[-1][:3]: a for a in arts}
    assert sorted(by_name) == ["000", "001", "002", "003", "004"]
    wire, rewrite = by_name["001"], by_name["000"]
    assert (wire.source, wire.source_origin, wire.retold) == (
        "Asianet Newsable English",
        "credit",
        False,
    )
    assert wire.credits == rewrite.credits == ("ani",)  # "(AI)", "(MEA)" are no agencies
    assert (rewrite.copy_of, rewrite.retold, wire.copy_of) == (wire.id, True, "")
    for name in ("002", "003", "004"):
        assert (by_name[name].source, by_name[name].source_origin) == ("", "unknown")
        assert by_name[name].copy_of == ""
