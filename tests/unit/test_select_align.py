"""Republished copies and cross-source alignment of sentences that state the same thing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
from select_builders import (
    STORM_LEAD,
    STRIKE_LEAD,
    STRIKE_SHIPS,
    STRIKE_WHY,
    article,
    raw_news_day,
)

from briefgen.config import SelectionConfig
from briefgen.select import find_copies, make_pool
from briefgen.select.align import against_all, similarity


def test_a_wire_copy_is_found_and_points_at_the_original():
    assert find_copies(raw_news_day()) == {"a02": "a01"}


def test_the_earlier_article_is_the_original_whatever_the_input_order():
    day = raw_news_day()
    late = replace(day[0], published=date(2026, 3, 5))
    assert find_copies([late, day[1]]) == {"a01": "a02"}


def test_copies_of_copies_point_at_the_first():
    base = [STRIKE_LEAD, STRIKE_WHY, STRIKE_SHIPS]
    arts = [article(f"a0{i}", *base, published=date(2026, 3, i)) for i in (3, 1, 2)]
    assert find_copies(arts) == {"a03": "a01", "a02": "a01"}


def test_an_edited_copy_is_still_a_copy():
    edited = article(
        "a02",
        STRIKE_LEAD.replace("Monday", "Monday morning"),
        STRIKE_WHY,
        STRIKE_SHIPS + " (Harbour Wire)",
        "This story was published from a wire agency feed.",
    )
    assert find_copies([raw_news_day()[0], edited]) == {"a02": "a01"}


def test_articles_sharing_one_quote_are_not_copies():
    quote = '"No country can build a resilient supply chain on its own," the minister said.'
    a = article("a01", quote, STRIKE_LEAD, STRIKE_WHY, STRIKE_SHIPS)
    b = article(
        "a02",
        quote,
        STORM_LEAD,
        "Power was restored to most homes by Monday night.",
        "The regional railway suspended all services until Tuesday morning.",
    )
    assert find_copies([a, b]) == {}
    assert find_copies([]) == {} and find_copies([a]) == {}


def _sim(*texts: str) -> np.ndarray:
    arts = [article(f"a{i:02d}", t) for i, t in enumerate(texts, 1)]
    pool = make_pool(arts, SelectionConfig(min_words=3))
    return similarity(pool, np.arange(pool.size)).toarray()


def test_paraphrases_align_and_distinct_facts_do_not():
    threshold = SelectionConfig().near_duplicate
    sims = _sim(
        "The ministers decided to convene a Joint Working Group on Critical Minerals in 2026.",
        "Both sides also decided to convene a joint working group on critical minerals under "
        "the economic security initiative.",
        "The second round of the Economic Security Dialogue will be held in the first half "
        "of 2026.",
        "The ministers also agreed to hold a private-sector dialogue on economic security.",
    )
    assert sims[0, 1] >= threshold
    assert sims[0, 2] < threshold and sims[0, 3] < threshold and sims[1, 2] < threshold
    assert np.allclose(sims, sims.T)


def test_a_rewrite_crediting_the_same_agency_is_a_copy_but_another_agency_is_not():
    from briefgen.model import Document
    from briefgen.select import find_copies
    from briefgen.text import prepare_article

    story = (
        "The port authority and the rail operator agreed on Monday to build a freight terminal "
        "outside the city, with construction due to start in the spring. "
        "The terminal will handle containers moved inland from the harbour by night trains. "
        "Officials said the project would cost about $900 million and create 1,200 jobs."
    )
    rewrite = (
        "A new freight terminal outside the city will be built by the port authority and the "
        "rail operator, which agreed the plan on Monday; construction starts in the spring. "
        "Night trains will carry harbour containers inland to the terminal, which officials "
        "said would cost about $900 million and create 1,200 jobs."
    )
    docs = [
        Document("a.txt", story + "\n\n(Harbour Wire)\n"),
        Document("b.txt", rewrite + "\n\nBased on Harbour Wire report\n"),
        Document(
            "c.txt",
            "City planners welcomed a freight terminal deal struck on Monday between the port "
            "authority and the rail operator, saying night trains would take lorries off the "
            "ring road. The $900 million terminal is expected to open in three years.\n\n"
            "(Coast Agency)\n",
        ),
    ]
    arts = [prepare_article(d, f"a{i}") for i, d in enumerate(docs, 1)]
    assert [a.credits for a in arts] == [("harbour wire",), ("harbour wire",), ("coast agency",)]
    assert find_copies(arts) == {"a2": "a1"}


def test_aligning_with_every_unit_equals_aligning_with_each_one_named():
    """``similarity`` against all units multiplies by the pool transposed once
    (``against_all``): the same values, bit for bit, as naming every column, and as naming a
    few."""
    from pathlib import Path

    from briefgen.pipeline import load_articles

    root = Path(__file__).resolve().parents[1] / "fixtures"
    articles = load_articles([str(root / "mixed_day" / "articles")], root).articles
    pool = make_pool(articles, SelectionConfig())
    assert pool.size > 100
    rows = np.arange(0, pool.size, 7)
    every = similarity(pool, rows)
    assert (similarity(pool, rows, everyone=against_all(pool)) != every).nnz == 0
    named = similarity(pool, rows, np.arange(pool.size))
    assert every.shape == named.shape and every.nnz > len(rows)
    assert (every != named).nnz == 0
    cols = np.arange(3, pool.size, 5)
    assert (similarity(pool, rows, cols) != every[:, cols]).nnz == 0


def test_incidence_numbers_terms_by_first_use_and_marks_each_once():
    """One row per input, a column per term numbered in order of first use; with a fixed
    vocabulary (``grow=False``) unknown terms are dropped (hypothesis: any rows)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from briefgen.select.features import incidence

    @settings(max_examples=300, deadline=None, database=None)
    @given(st.lists(st.lists(st.sampled_from("abcdefg"), max_size=8), max_size=8))
    def check(rows):
        m, vocab = incidence(rows)
        first = list(dict.fromkeys(t for row in rows for t in row))
        assert list(vocab) == first and list(vocab.values()) == list(range(len(first)))
        for i, row in enumerate(rows):
            assert m[i].indices.tolist() == sorted({vocab[t] for t in row})
            assert m[i].data.tolist() == [1.0] * len(set(row))
        fixed = {t: j for j, t in enumerate("bdf")}
        f, same = incidence(rows, dict(fixed), grow=False)
        assert same == fixed and f.shape == (len(rows), 3)
        for i, row in enumerate(rows):
            assert f[i].indices.tolist() == sorted({fixed[t] for t in row if t in fixed})
        assert m.shape == (len(rows), len(first)) and m.has_canonical_format
        assert type(vocab) is dict  # an unknown term looked up is a KeyError, not a new number
        # a vocabulary given to grow: its numbers kept, new terms numbered after them, in place
        given_vocab = {"z": 0, "b": 1}
        g, grown = incidence(rows, given_vocab)
        assert grown is given_vocab
        new = [t for t in first if t not in ("z", "b")]
        assert list(grown) == ["z", "b", *new] and list(grown.values()) == list(range(len(grown)))
        for i, row in enumerate(rows):
            assert g[i].indices.tolist() == sorted({grown[t] for t in row})

    check()
