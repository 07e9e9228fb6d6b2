"""Per-text caches: registered, counted, emptied by ``release``; other caches left alone."""

from __future__ import annotations

from briefgen import memo
from briefgen.select import claims, features, relevance
from briefgen.text import punkt

SENTENCE = "The trade ministry of Indonesia blocked a bid by Runerro Holdings on Tuesday."


def test_release_empties_the_selection_caches_and_says_how_many_entries_went():
    memo.release()
    features.analyse(SENTENCE)
    relevance.words(SENTENCE)
    claims.names_in(SENTENCE)
    held = memo.cached_entries()
    assert held >= 3
    assert features.analyse.cache_info().currsize == 1
    assert memo.release() == held
    assert memo.cached_entries() == 0
    assert features.analyse.cache_info().currsize == 0
    # a released cache still answers, the same as before
    assert features.analyse(SENTENCE)[0][:2] == ("the", "trade")


def test_data_read_once_is_not_a_per_text_cache():
    punkt.parameters()
    memo.release()
    assert punkt.parameters.cache_info().currsize == 1


def test_a_registered_function_is_cached_until_released():
    calls: list[str] = []

    @memo.per_text(8)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("a") == shout("a") == "A" and calls == ["a"]
    memo.release()
    assert shout("a") == "A" and calls == ["a", "a"]
