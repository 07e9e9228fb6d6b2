"""Who's who: names with their roles, merged across spellings; bodies and their acronyms."""

from __future__ import annotations

import pytest
from select_builders import article

from briefgen.model import Item, Span
from briefgen.select import entities, names

# Fictional outlets telling one story, each spelling the minister differently.
A = article(
    "a1",
    "Trade Minister Dr. K. Valdemar Ostrova met Finance Secretary Imre Kalnay in Tarnow on Monday.",
    "The ministers agreed to set up a Joint Task Force on battery metals before the summer.",
)
B = article(
    "a2",
    "Norvanian Trade Minister K. Ostrova said the Joint Task Force on Battery Metals would meet "
    "monthly.",
    "Ostrova also praised the Harbour Export Initiative, which the Ministry of Ports runs.",
)
C = article(
    "a3",
    "Trade Minister K Ostrova spoke to reporters after the talks.",
    "The Joint Task Force (JTF) will report to the Ministry of Ports by June.",
    "Ministry of Ports spokesperson Lena Marsh confirmed the timetable.",
)


def _people(*arts, items=(), limit=10, known=()):
    index = entities.gather(list(arts), known)
    return entities.entity_list(index, "person", items, list(arts), limit)


def test_spellings_merge_into_one_person_with_the_commonest_role():
    people = {p.name: p for p in _people(A, B, C)}
    ostrova = people["Dr. K. Valdemar Ostrova"]
    assert ostrova.role == "Trade Minister"  # twice, against "Norvanian Trade Minister" once
    assert ostrova.aliases == ("K Ostrova", "K. Ostrova", "Ostrova")
    assert ostrova.sources == ("a1", "a2", "a3")
    # spans[0] covers the shown spelling; every span lies on a mention
    (first, *rest) = ostrova.spans
    assert A.text[first.start : first.end] == "Dr. K. Valdemar Ostrova"
    assert [C.text[s.start : s.end] for s in rest if s.article == "a3"] == ["K Ostrova"]
    # named once, in no item: in the index, not in the list
    assert set(people) == {"Dr. K. Valdemar Ostrova"}
    index = entities.gather([A, B, C])
    roles = {c.best(): entities.best_role(c) for c in index.people}
    assert roles == {
        "Dr. K. Valdemar Ostrova": "Trade Minister",
        "Imre Kalnay": "Finance Secretary",
        "Lena Marsh": "Ministry of Ports spokesperson",
    }


def test_compatibility_of_given_names():
    assert names.compatible(["K", "Ostrova"], ["Karl", "Ostrova"])
    assert names.compatible(["Ostrova"], ["Karl", "Ostrova"])
    assert not names.compatible(["Karl", "Ostrova"], ["Mira", "Ostrova"])
    assert not names.compatible(["K", "Ostrova"], ["K", "Ostrov"])
    assert names.name_words("Dr. S. Jaiswar") == ["S", "Jaiswar"]


def test_two_people_sharing_a_surname_keep_the_bare_surname_apart():
    a = article(
        "a1",
        "Energy Minister Paula Brenner met Harbour Commissioner Tomas Brenner in Lyss.",
        "Brenner said the port would be ready.",
    )
    index = entities.gather([a])
    assert sorted(c.best() for c in index.people) == ["Paula Brenner", "Tomas Brenner"]
    assert all("Brenner" not in index.person_forms(c) for c in index.people)
    assert index.person("Brenner said") is None
    assert index.person("Paula Brenner said").best() == "Paula Brenner"


def test_a_role_before_a_sentence_word_is_no_person():
    a = article(
        "a1",
        "The Foreign Minister said on Monday that talks would resume.",
        "Later the Prime Minister Office issued a statement.",
    )
    assert _people(a) == ()


def test_items_that_name_a_person_are_listed_by_position():
    items = (
        Item(
            "K. Ostrova said the task force would meet monthly.", "t", ("a2",), (Span("a2", 0, 1),)
        ),
        Item("The ports ministry confirmed the date.", "t", ("a3",), (Span("a3", 0, 1),)),
        Item("Ostrova praised the initiative.", "t", ("a2",), (Span("a2", 0, 1),)),
    )
    people = {p.name: p for p in _people(A, B, C, items=items)}
    assert people["Dr. K. Valdemar Ostrova"].items == (0, 2)
    assert "Lena Marsh" not in people  # one article, no item


def test_a_gazetteer_name_is_recognised_without_a_role_pattern():
    a = article("a1", "Mira Castell opened the Lyss port on Tuesday.")
    assert _people(a) == ()
    (mira,) = _people(a, known=[("Mira Castell", "Harbour Commissioner", ())])
    assert (mira.name, mira.role, mira.sources) == ("Mira Castell", "Harbour Commissioner", ("a1",))


def test_organizations_merge_case_and_short_forms_and_take_acronyms():
    index = entities.gather([A, B, C])
    orgs = {o.name: o for o in entities.entity_list(index, "organization", (), [A, B, C], 10)}
    # one spelling each: the longer, then the first in code-point order
    task_force = orgs["Joint Task Force on Battery Metals"]
    assert task_force.aliases == ("Joint Task Force", "JTF")
    assert task_force.sources == ("a2", "a1", "a3")  # first: the one spelling it so
    assert orgs["Ministry of Ports"].sources == ("a2", "a3")
    # named in one article only and in no item: not listed
    assert "Harbour Export Initiative" not in orgs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MEA Spokesperson Randa Jaiwal", ("MEA Spokesperson", "Randa Jaiwal")),
        ("India's External Affairs Minister S. Jaikar", ("External Affairs Minister", "S. Jaikar")),
        ("Minister for Public Works Lucia Varga", ("Minister for Public Works", "Lucia Varga")),
        (
            "Coral Bay's managing director, Fiona Alder",
            ("Coral Bay's managing director", "Fiona Alder"),
        ),
        ("Arjun Mehr, head of policy at Lumen", ("head of policy at Lumen", "Arjun Mehr")),
        ("Annette Kerr of the Fair Bills Campaign", ("Fair Bills Campaign", "Annette Kerr")),
        ("the minister", None),
        ("Brussels", None),
    ],
)
def test_role_and_name(text, expected):
    assert names.role_and_name(text) == expected
