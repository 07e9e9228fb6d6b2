"""select.select_brief: themed sections, promoted key points, no repeats, corroborated items."""

from __future__ import annotations

import itertools
import re

import pytest
from select_builders import PORTS, STRIKE_LEAD, WEATHER, brief_config, news_day, theme

from briefgen.config import SelectionConfig
from briefgen.select import select_brief

SPACE = theme("space", "Space launches and satellites.", {"satellite": 3, "rocket": 3})


def _items(key_points, sections):
    return list(key_points) + [it for s in sections for it in s.items]


def test_sections_follow_their_themes_and_a_theme_without_news_is_empty():
    key_points, sections = select_brief(news_day(), brief_config(PORTS, WEATHER, SPACE))
    assert key_points == ()
    assert [s.theme for s in sections] == ["ports", "weather", "space"]
    ports, weather, space = sections
    assert ports.items and all("a04" not in it.sources for it in ports.items)
    assert weather.items and all(it.sources == ("a04",) for it in weather.items)
    assert space.items == () and space.title == "Space"


def test_the_fact_all_outlets_report_is_one_item_citing_them_all():
    _, sections = select_brief(news_day(), brief_config(PORTS, WEATHER))
    ports = sections[0].items
    lead = [it for it in ports if it.text == STRIKE_LEAD]
    assert len(lead) == 1
    (item,) = lead
    assert item.sources == ("a01", "a02", "a03")
    assert item.independent == 2  # a02 republishes a01
    assert ports[0] is item  # the most corroborated item comes first
    assert dict(item.components)["corroboration"] == 2.0
    assert {"relevance", "centrality", "redundancy"} <= set(dict(item.components))


def test_no_sentence_or_paraphrase_appears_twice():
    day = news_day()
    key_points, sections = select_brief(day, brief_config(PORTS, WEATHER, key_points=2))
    items = _items(key_points, sections)
    reps = [(it.spans[0].article, it.spans[0].start) for it in items]
    assert len(set(reps)) == len(reps)
    supporting = [(s.article, s.start) for it in items for s in it.spans[1:]]
    assert not set(reps) & set(supporting)
    for a, b in itertools.combinations(items, 2):
        wa = set(re.findall(r"[a-z0-9]+", a.text.lower()))
        wb = set(re.findall(r"[a-z0-9]+", b.text.lower()))
        assert len(wa & wb) / len(wa | wb) < 0.5
    texts = {x.id: x.text for x in day}
    for it in items:
        assert texts[it.spans[0].article][it.spans[0].start : it.spans[0].end] == it.text


def test_key_points_are_promoted_out_of_their_sections():
    key_points, sections = select_brief(news_day(), brief_config(PORTS, WEATHER, key_points=2))
    assert len(key_points) == 2
    assert {kp.theme for kp in key_points} == {"ports", "weather"}  # spread over themes
    assert key_points[0].text == STRIKE_LEAD
    section_texts = {it.text for s in sections for it in s.items}
    assert not {kp.text for kp in key_points} & section_texts


def test_max_items_and_max_words_are_respected():
    _, sections = select_brief(news_day(), brief_config(PORTS, WEATHER, max_items=1))
    assert [len(s.items) for s in sections] == [1, 1]
    _, sections = select_brief(news_day(), brief_config(PORTS, WEATHER, max_words=30))
    for s in sections:
        assert sum(len(it.text.split()) for it in s.items) <= 30


def test_excluded_terms_veto_a_sentence():
    no_storms = theme("weather", WEATHER.description, dict(WEATHER.keywords), exclude=("storm",))
    _, sections = select_brief(news_day(), brief_config(no_storms))
    assert sections[0].items, "the exclusion vetoes storm sentences, not the whole theme"
    assert all("storm" not in it.text.lower() for it in sections[0].items)


def test_empty_input_gives_empty_sections():
    key_points, sections = select_brief([], brief_config(PORTS, WEATHER, key_points=3))
    assert key_points == () and [s.items for s in sections] == [(), ()]


def test_same_input_same_brief():
    config = brief_config(PORTS, WEATHER, key_points=1)
    assert select_brief(news_day(), config) == select_brief(news_day(), config)


def test_the_configured_algorithm_must_be_known():
    from briefgen.config import parse_config
    from briefgen.errors import ConfigError

    with pytest.raises(
        ConfigError,
        match=r"b.yaml:3: selection.algorithm: unknown algorithm "
        r"'textrank' \(did you mean 'lexrank'\?\); known: coverage, lexrank",
    ):
        parse_config("title: x\nselection:\n  algorithm: textrank\n", where="b.yaml")


@pytest.mark.parametrize("algorithm", ["coverage", "lexrank", "centroid", "mmr", "lead"])
def test_every_algorithm_can_rank_a_brief(algorithm):
    config = brief_config(PORTS, WEATHER, key_points=1)
    config = config.model_copy(update={"selection": SelectionConfig(algorithm=algorithm)})
    key_points, sections = select_brief(news_day(), config)
    assert len(key_points) == 1 and all(s.items for s in sections)


def test_sentences_leaning_on_the_one_before_score_lower_than_standalone_ones():
    from briefgen.select.brief import UNRESOLVED_QUALITY, _quality
    from briefgen.select.standalone import introduced

    before = {name for _, name in introduced("Trade minister Aiko Mori met officials in Manila.")}
    leaning = [
        "The decision was announced after a meeting in Manila on Monday.",
        "This marks the third such agreement this year, officials said.",
        "The JWG will meet again in May.",  # an acronym the article never defines
    ]
    for text in leaning:
        assert _quality(text, set(), {}) == UNRESOLVED_QUALITY, text
    # a surname alone needs the sentence before it, which named the person in full
    assert _quality("Mori said the plan would be published in March.", before, {}) == (
        UNRESOLVED_QUALITY
    )
    assert _quality("Aiko Mori said the plan would be published in March.", before, {}) == 1.0
    assert _quality("The JWG will meet again in May.", set(), {"JWG": "Joint Working Group"}) == 1.0
    assert (
        _quality("Japan and Canada agreed on Monday to set up a working group.", set(), {}) == 1.0
    )
    assert _quality("The Netherlands extended export controls on Monday.", set(), {}) == 1.0
