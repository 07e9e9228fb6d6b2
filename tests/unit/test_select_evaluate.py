"""ROUGE scoring as `briefgen eval` does it."""

from __future__ import annotations

import pytest

from briefgen.evaluate import cut, rouge_recall


def test_a_summary_equal_to_its_reference_recalls_everything():
    assert rouge_recall(
        "The port strike ended on Friday.", ("The port strike ended on Friday.",)
    ) == (100.0, 100.0)


def test_recall_is_averaged_over_references_with_stemming_and_stopwords():
    r1, r2 = rouge_recall("strikes ended", ("the strike ended", "rain fell"))
    assert r1 == pytest.approx(100 * (2 / 3 + 0) / 2)
    assert r2 == pytest.approx(100 * (1 / 2 + 0) / 2)


def test_cut_keeps_the_first_words():
    assert cut("one two  three\nfour", 3) == "one two three"
