"""A brief's items stand alone, explain themselves, and put news before commentary."""

from __future__ import annotations

from select_builders import article, brief_config, marked, theme

from briefgen.select import select_brief
from briefgen.select.brief import UNRESOLVED_QUALITY

PORTS = theme("ports", "Ports and shipping.", {"port": 3, "cargo": 2, "cranes": 1.5})

DAY = [
    article(
        "p1",
        "The port of Kestrel Bay and the rail operator set up a Joint Freight Council (JFC) "
        "on Monday to clear the cargo backlog.",
        "In addition, the port will hire sixty crane operators before the end of March.",
        "The JFC will publish weekly cargo figures for the port from January.",
        "They also promised to reopen the night shift at the cargo terminal.",
    ),
    article(
        "p2",
        "The port's cargo volumes could potentially double within a decade if the new "
        "cranes deliver what their makers promise.",
        "Cargo handled at the port fell 12% in October from a year earlier, the port "
        "authority said on Tuesday.",
    ),
]


def _items(key_points, sections):
    return [*key_points, *(it for s in sections for it in s.items)]


def test_a_trimmed_connective_keeps_an_exact_span():
    day = marked(DAY)
    items = _items(*select_brief(day, brief_config(PORTS, max_items=6)))
    (hire,) = [it for it in items if "sixty crane operators" in it.text]
    assert hire.text == "the port will hire sixty crane operators before the end of March."
    span = hire.spans[0]
    p1 = next(a for a in day if a.id == "p1")
    assert p1.text[span.start : span.end] == hire.text


def test_a_defined_acronym_is_glossed_and_a_leaning_sentence_loses_most_of_its_score():
    items = _items(*select_brief(marked(DAY), brief_config(PORTS, max_items=6)))
    (weekly,) = [it for it in items if it.text.startswith("The JFC will publish")]
    assert weekly.glossary == (("JFC", "Joint Freight Council"),)
    assert dict(weekly.components)["quality"] == 1.0  # the glossary resolves the acronym
    (leaning,) = [it for it in items if it.text.startswith("They also promised")]
    assert dict(leaning.components)["quality"] == UNRESOLVED_QUALITY


def test_commentary_is_labelled_ranks_below_news_and_is_never_a_key_point():
    key_points, sections = select_brief(marked(DAY), brief_config(PORTS, key_points=3, max_items=6))
    assert all(kp.kind == "news" for kp in key_points)
    items = _items(key_points, sections)
    (hedged,) = [it for it in items if "could potentially double" in it.text]
    assert hedged.kind == "analysis" and hedged not in key_points
    assert dict(hedged.components)["reported"] < min(
        dict(it.components)["reported"] for it in items if it.kind == "news"
    )


def test_items_say_which_keywords_made_them_relevant():
    items = _items(*select_brief(marked(DAY), brief_config(PORTS, max_items=6)))
    fell = next(it for it in items if it.text.startswith("Cargo handled"))
    assert fell.matched == ("port", "cargo")
    assert 0.5 < fell.article_relevance <= 1.0
