"""Stand-alone sentences: leading connectives, unresolved references, defined acronyms."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from select_builders import article
from test_properties import examples

from briefgen.select import standalone
from briefgen.select.filters import is_statement, units
from briefgen.select.standalone import acronyms, connective, glossary, references

BEFORE = (
    "Trade Minister Maria Hall met her Japanese counterpart in Ottawa on Monday. "
    "The two countries set up a Joint Working Group (JWG) on critical minerals. "
    "The Ministry of External Affairs (MEA) welcomed the step, Asian News International (ANI) "
    "reported from New Delhi."
)


# ------------------------------------------------------------------ connective


@pytest.mark.parametrize(
    "text, rest",
    [
        ("However, both sides agreed to meet again.", "both sides agreed to meet again."),
        ("In addition, the plan covers graphite.", "the plan covers graphite."),
        ("Meanwhile, Canada raised its tariff.", "Canada raised its tariff."),
        ("Still, 2024 was a record year.", "2024 was a record year."),
        ("Nonetheless,  the talks went on.", "the talks went on."),
        ("However the talks went on.", "However the talks went on."),  # no comma: no connective
        ('However, "we will respond," he said.', 'However, "we will respond," he said.'),
        ("However,", "However,"),
        ("Howevers, the talks went on.", "Howevers, the talks went on."),
        ("Separatists, the ministry said, attacked.", "Separatists, the ministry said, attacked."),
        ("", ""),
    ],
)
def test_connective(text, rest):
    assert text[connective(text) :] == rest


@examples(300)
@given(st.text())
def test_connective_keeps_an_exact_substring_starting_at_a_word(text):
    off = connective(text)
    assert off == 0 or (0 < off < len(text) and re.match(r"\w", text[off]))


@examples(200)
@given(
    st.sampled_from(["However", "In addition", "Also", "Besides", "Still"]),
    st.text(min_size=0, max_size=40),
)
def test_connective_after_any_connective(word, rest):
    text = f"{word}, {rest}"
    off = connective(text)
    assert off == 0 or text[off:] == rest.lstrip()


def test_a_trimmed_connective_moves_the_unit_start_and_stays_a_statement():
    a = article("a01", "However, both sides also agreed to meet again in Ottawa next January.")
    (u,) = units([a])
    assert u.text == "both sides also agreed to meet again in Ottawa next January."
    assert a.text[u.start : u.end] == u.text and u.eligible
    assert not is_statement(u.text, 8, 80)  # without the connective it would be a fragment
    assert is_statement(u.text, 8, 80, continued=True)


def test_a_dateline_then_a_connective_are_both_trimmed():
    a = article("a01", "OTTAWA - However, Japan and Canada agreed to meet again next January.")
    (u,) = units([a])
    assert u.text == "Japan and Canada agreed to meet again next January."
    assert a.text[u.start : u.end] == u.text


# ------------------------------------------------------------------ acronyms and glossary


def test_acronyms_an_article_defines():
    assert acronyms(BEFORE) == {
        "JWG": "Joint Working Group",
        "MEA": "Ministry of External Affairs",
        "ANI": "Asian News International",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Leaders discussed Artificial Intelligence (AI) at length.",
            {"AI": "Artificial Intelligence"},
        ),
        ("The JWG (Joint Working Group) meets in Ottawa.", {"JWG": "Joint Working Group"}),
        ("Rules on Anti-Money Laundering (AML) were tightened.", {"AML": "Anti-Money Laundering"}),
        (
            "They signed a Memorandum of Understanding (MoU).",
            {"MoU": "Memorandum of Understanding"},
        ),
        ("The ministers met in Delhi on Tuesday (ANI).", {}),  # an agency tag defines nothing
        ("A spokesman told a news item (ANI) it was over.", {}),  # lower-case: no expansion
        ("Officials from Japan, Canada (JC) met.", {}),  # punctuation inside: no expansion
        ("", {}),
    ],
)
def test_acronyms(text, expected):
    assert acronyms(text) == expected


def test_glossary_lists_defined_acronyms_in_order_unless_spelled_out():
    defs = acronyms(BEFORE)
    assert glossary("The MEA said the JWG and the MEA would meet.", defs) == (
        ("MEA", "Ministry of External Affairs"),
        ("JWG", "Joint Working Group"),
    )
    assert glossary("A Joint Working Group (JWG) will meet.", defs) == ()
    assert glossary("The ICRA report was delayed.", defs) == ()  # not defined: not a glossary


# ------------------------------------------------------------------ references


@pytest.mark.parametrize(
    "text, reasons",
    [
        ("They agreed to meet again in January.", ("pronoun 'They'",)),
        ("Its first meeting is in Ottawa.", ("pronoun 'Its'",)),
        ("both sides also agreed to meet again.", ("pronoun 'both'",)),  # after a connective
        ("But the talks ended without a deal.", ("connective 'But'",)),
        ("Second, the ministers agreed to share data.", ("ordinal 'Second'",)),
        ('"We will respond," she said.', ("pronoun 'she'",)),
        ("The company said output rose by 12 per cent.", ("definite 'The company'",)),
        ("The ministry welcomed the step on Tuesday.", ("definite 'The ministry'",)),
        ("The supplements contain lead, a toxic metal.", ("definite 'The supplements'",)),
        ("The deal was signed on Monday.", ("definite 'The deal'",)),
        ("the plan covers graphite and lithium.", ("definite 'the plan'",)),
        ("Hall said the group would meet in January.", ("surname 'Hall'",)),
        ("The talks went well, according to Hall.", ("definite 'The talks'", "surname 'Hall'")),
        ("Mr Hall, who chairs the panel, declined to comment.", ("surname 'Hall'",)),
        ("Officials said the ICRA report was delayed.", ("acronym 'ICRA'",)),
        ("Its JWG and the ICRA met.", ("pronoun 'Its'", "acronym 'ICRA'")),
    ],
)
def test_references(text, reasons):
    assert references(text, BEFORE) == reasons


@pytest.mark.parametrize(
    "text",
    [
        "The Ministry of External Affairs said the talks went well.",
        "The United States raised its tariff on graphite.",
        "The price of copper rose 3 per cent on Monday.",
        "The talks in Geneva ended without a deal.",
        "The companies that signed the pact will report yearly.",
        "The regulator Ofcom opened an inquiry.",
        "Maria Hall said the group would meet in January.",
        "Trade Minister Hall said the group would meet in January.",  # a title is a role
        "Delhi welcomed the step on Monday.",  # "New Delhi" gives no surname
        "First Quantum Minerals said output rose.",
        "Second-quarter profit rose 5 per cent.",
        "Japan and Canada agreed to share data with the EU, the UN and NATO.",
        "The JWG will meet in Ottawa.",  # defined by the article: a glossary entry instead
        "A Critical Minerals Council (CMC) will advise the CMC board.",  # defined here
        "OTTAWA SAYS YES TO THE PLAN.",  # shouting, not acronyms
        "",
    ],
)
def test_no_references(text):
    assert references(text, BEFORE) == ()


def test_a_surname_needs_its_full_name_before():
    assert references("Hall said the group would meet.", "") == ()
    assert references("Hall said the group would meet.", "Mr Hall arrived.") == ()


def test_definitions_given_are_used_instead_of_the_text_before():
    assert references("The JWG will meet.", "", {"JWG": "Joint Working Group"}) == ()
    assert references("The JWG will meet.", BEFORE, {}) == ("acronym 'JWG'",)


# The words select/brief.py's DANGLING pattern matched: references must catch each of them too.
DANGLING_WORDS = (
    "This These That Those It Its He She They Their His Her But And Also However Meanwhile "
    "Such Second Third First Moreover Besides"
).split()
DANGLING_NOUNS = (
    "decision move increase rise cut step announcement measure change news latter former same"
).split()
REST = st.lists(
    st.sampled_from("ministers agreed to share data next year with partners was welcomed".split()),
    min_size=1,
    max_size=8,
).map(" ".join)


@examples(200)
@given(st.sampled_from(DANGLING_WORDS), REST)
def test_references_catch_every_leading_word_dangling_caught(word, rest):
    assert references(f"{word} {rest}.", BEFORE)


@examples(200)
@given(st.sampled_from(DANGLING_NOUNS), REST)
def test_references_catch_every_description_dangling_caught(noun, rest):
    assert references(f"The {noun} {rest}.", BEFORE)


@examples(300)
@given(st.text(), st.text())
def test_references_never_raise(text, before):
    assert isinstance(references(text, before), tuple)
    assert isinstance(glossary(text, acronyms(before)), tuple)


@examples(200)
@given(st.text(alphabet=st.sampled_from(list("ABCJWGof and()MEA xyz-.,")), max_size=60))
def test_expansions_are_in_the_text(text):
    for acronym, expansion in acronyms(text).items():
        assert expansion in text and acronym in text


def test_introduced_names_at_a_sentence_start_are_those_of_the_text_before_it():
    from briefgen.select.standalone import _surnames, introduced

    text = (
        "Maria Hall met Tomas Brennan in Lisbon. Hall said the talks went well. "
        "Later, Dr. Ines Soto joined them. Brennan and Soto left on Friday."
    )
    names = introduced(text)
    for start in (0, text.index("Hall said"), text.index("Later"), text.index("Brennan and")):
        assert {n for end, n in names if end <= start} == _surnames(text[:start])
    assert [n for _, n in names] == ["Hall", "Brennan", "Soto"]


def _alone_by_definition(text: str, surname: str) -> bool:
    """The one-pattern-per-surname reading ``standalone._alone`` replaced (it compiled a regex
    for every surname): kept here as the definition the faster one must agree with."""
    if standalone._full_name(text, surname):
        return False
    s = rf"(?<!the )(?<!The ){re.escape(surname)}"
    person = re.compile(
        rf"\b{s}(?:['’]s)?\s+(?:{standalone.SPEECH})\b"
        rf"|\b(?i:{'|'.join(sorted(standalone.HONORIFICS))})\.?\s+{s}\b"
        rf"|\b(?:{standalone.SPEECH}|(?i:according to))\s+{s}\b"
        rf"|\b{s},\s+who\b"
    )
    return person.search(text) is not None


ALONE_PIECES = st.sampled_from(
    [
        "Hall",
        "Halls",
        "Hall's",
        "the",
        "The",
        "Mr",
        "Mrs.",
        "Dr",
        "said",
        "says",
        "told",
        "who",
        ",",
        "according to",
        "Maria",
        "Philippines",
        "Kim Hall",
        "xHall",
        "Hall_",
        ".",
        "  ",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALONE_PIECES, max_size=12), st.sampled_from(["Hall", "Philippines", "Kim"]))
def test_a_bare_surname_is_read_as_the_per_surname_pattern_read_it(pieces, surname):
    for text in (" ".join(pieces), "".join(pieces)):
        assert standalone._alone(text, surname) == _alone_by_definition(text, surname), text
