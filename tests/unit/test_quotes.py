"""The quotes ledger: speakers from attribution patterns, outlets per quote, altered wordings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from select_builders import article

from briefgen.select import entities, quotes

BEFORE = article(
    "a1",
    'At a briefing, Ports Ministry Spokesperson Oren Talvik said, "The new terminal will open to '
    'all shipping lines on equal terms."',
    "Talvik noted during the briefing, “We expect the first cargo ships before the end of March.”",
)
AFTER = article(
    "a2",
    '"The new terminal will open to all shipping lines on equal terms," Oren Talvik said.',
    '"Dredging of the second berth is already finished," said Harbour Commissioner Mira Castell.',
    '"We will publish the tariff schedule next week," she added.',
)
TRIMMED = article(
    "a3",
    '"The new terminal will open to all shipping lines," Talvik stated after the briefing.',
    'According to Mira Castell, "dredging of the second berth is already finished and paid for".',
)
ALTERED = article(
    "a4",
    '"The new terminal will open to every shipping line on fair terms," Oren Talvik said.',
    "In a statement, the ministers welcomed “a new chapter for trade across the northern sea.” "
    "Talvik added that talks would go on.",
)


def _found(*arts):
    index = entities.gather(list(arts))
    return quotes.find_quotes(list(arts), index)


@pytest.mark.parametrize(
    ("art", "expected"),
    [
        (
            BEFORE,
            [
                ("Oren Talvik", "Ports Ministry Spokesperson", "The new terminal will open"),
                ("Oren Talvik", "Ports Ministry Spokesperson", "We expect the first cargo"),
            ],
        ),
        (
            AFTER,
            [
                ("Oren Talvik", "", "The new terminal will open"),
                ("Mira Castell", "Harbour Commissioner", "Dredging of the second berth"),
                ("Mira Castell", "Harbour Commissioner", "We will publish the tariff"),
            ],
        ),
    ],
    ids=["speaker-before", "speaker-after-and-pronoun"],
)
def test_speakers_from_attribution_patterns(art, expected):
    got = [(f.speaker, f.role, f.text[:26].rstrip()) for f in _found(art)]
    assert got == [(s, r, t[:26].rstrip()) for s, r, t in expected]


def test_quote_spans_hold_exactly_the_quoted_words():
    for f in _found(BEFORE, AFTER, TRIMMED, ALTERED):
        art = next(a for a in (BEFORE, AFTER, TRIMMED, ALTERED) if a.id == f.article)
        assert art.text[f.start : f.end] == f.text
        assert not f.text.endswith(",")  # the comma before the closing mark stays outside


def test_according_to_and_a_stop_after_the_quote():
    found = _found(TRIMMED, ALTERED)
    speakers = [(f.article, f.speaker) for f in found]
    assert ("a3", "Mira Castell") in speakers
    # "... sea." Talvik added ...: the next sentence, not the attribution; nobody is named
    assert all("northern sea" not in f.text for f in found)


def test_ledger_cites_every_outlet_and_flags_trimmed_and_altered_wordings():
    arts = (BEFORE, AFTER, TRIMMED, ALTERED)
    ledger = quotes.ledger(_found(*arts), limit=8)
    terminal = ledger[0]
    assert terminal.speaker == "Oren Talvik"
    assert terminal.text == "The new terminal will open to all shipping lines on equal terms."
    assert terminal.sources == ("a1", "a2")
    changes = {v.change: (v.text, v.sources) for v in terminal.versions}
    assert changes == {
        "trimmed": ("The new terminal will open to all shipping lines", ("a3",)),
        "altered": ("The new terminal will open to every shipping line on fair terms", ("a4",)),
    }
    dredging = next(q for q in ledger if q.text.lower().startswith("dredging"))
    assert dredging.sources == ("a3",)  # the fuller wording carried by one outlet each: longer wins
    assert [(v.change, v.sources) for v in dredging.versions] == [("trimmed", ("a2",))]


def test_different_remarks_by_one_speaker_stay_apart():
    ledger = quotes.ledger(_found(BEFORE), limit=8)
    assert len(ledger) == 2 and all(not q.versions for q in ledger)


def test_an_attribution_ends_with_its_sentence():
    a = article(
        "s1",
        '"We will not accept any delay to the harbour works," said Oren Talvik of Coral Bay. '
        "Officials said the works would resume in May.",
        '"The dredging contract will be signed before the summer," Dr. Mira Castell said.',
    )
    assert [(f.speaker, f.text[:12]) for f in _found(a)] == [
        ("Oren Talvik", "We will not "),
        ("Dr. Mira Castell", "The dredging"),
    ]


def test_one_sentence_from_two_named_people_is_two_quotes_but_a_description_joins_a_name():
    words = "We are monitoring the situation very closely with our partners"
    arts = (
        article("p1", f'"{words}," said Port Director Oren Talvik.'),
        article("p2", f'"{words}," Harbour Commissioner Mira Castell told reporters.'),
        article("p3", f'"{words}," a senior port official said.'),
        article("p4", f'"{words}," Oren Talvik said on Tuesday.'),
    )
    ledger = quotes.ledger(_found(*arts), limit=8)
    by_speaker = {q.speaker: q.sources for q in ledger}
    assert len(ledger) == 2
    assert by_speaker["Mira Castell"] == ("p2",)
    # the described official is not known to be someone else: the first named speaker's quote
    assert by_speaker["Oren Talvik"] == ("p1", "p3", "p4")


def test_short_quoted_phrases_and_unattributed_quotes_are_not_listed():
    a = article(
        "a1",
        'The pact speaks of a "free and open sea" for all.',
        '"Nobody here knows what the next shipment will cost," one trader complained to friends.',
    )
    assert _found(a) == []


@pytest.mark.parametrize(
    ("version", "main", "change"),
    [
        (("a", "b", "c"), ("a", "b", "c", "d"), "trimmed"),
        (("a", "b", "c", "d"), ("a", "b", "c"), "longer"),
        (("a", "x", "c", "d", "e"), ("a", "b", "c", "d", "e"), "altered"),
        (("p", "q", "r"), ("a", "b", "c", "d", "e"), None),
    ],
)
def test_change_between_wordings(version, main, change):
    assert quotes._change(version, main) == change


def test_empty_articles_give_an_empty_ledger():
    assert quotes.ledger(_found(), limit=8) == ()
    assert quotes.quote_spans("") == []
    assert quotes.quote_spans('an "unclosed quote') == []


_WORDS = ["the", "minister", "said", "port", "will", "open", "Talvik", "Oren", "Mira", "Castell"]
_PIECES = st.sampled_from(
    _WORDS + ['"', "“", "”", ",", ".", "\n\n", "Harbour Commissioner", "Ministry of Ports", "’s"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_spans_index_their_text_for_any_text(pieces):
    # two articles (a name in both is listed), the second with the pieces reversed
    arts = [article("a1", " ".join(pieces) or "x"), article("a2", " ".join(pieces[::-1]) or "x")]
    text = {a.id: a.text for a in arts}
    index = entities.gather(arts)
    found = quotes.find_quotes(arts, index)
    for f in found:
        assert text[f.article][f.start : f.end] == f.text
    for q in quotes.ledger(found, limit=8):
        assert text[q.sources[0]][q.spans[0].start : q.spans[0].end] == q.text
        for v in q.versions:
            assert text[v.sources[0]][v.spans[0].start : v.spans[0].end] == v.text
    for kind in ("person", "organization"):
        for e in entities.entity_list(index, kind, (), arts, 10):
            assert text[e.sources[0]][e.spans[0].start : e.spans[0].end] == e.name
            assert all(0 <= sp.start < sp.end <= len(text[sp.article]) for sp in e.spans)


def test_a_speaker_is_shown_by_the_fullest_spelling_any_quote_gives():
    first = article(
        "a1",
        "Harbour Commissioner Oren Talvik toured the quay on Monday.",
        '"The quay will take the largest ships by the spring," Talvik said.',
    )
    later = article(
        "a2",
        '"Every berth will be dredged before the new tariffs apply," said Port Director Oren '
        "Aksel Talvik.",
    )
    index = entities.gather([first, later])
    found = quotes.find_quotes([first, later], index)
    assert [f.speaker for f in found] == ["Oren Aksel Talvik", "Oren Aksel Talvik"]
    (person,) = entities.entity_list(index, "person", (), [first, later], 10)
    assert person.name == "Oren Aksel Talvik"


def _groups_by_definition(found):
    """Every wording against every group member: what ``_groups`` computes with its index."""
    groups = []
    for f in found:
        group = next((g for g in groups if any(quotes._same_quote(f, o) for o in g)), None)
        if group is None:
            groups.append([f])
        elif all(o.article != f.article or o.words != f.words for o in group):
            group.append(f)
    return groups


QUOTE_WORDS = st.lists(
    st.sampled_from("we will open the new port to all ships on equal fair terms soon".split()),
    min_size=6,
    max_size=12,
).map(tuple)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a1", "a2", "a3", "a4"]),
            QUOTE_WORDS,
            st.sampled_from(["Oren Talvik", "Mira Castell", "a port official"]),
        ),
        max_size=14,
    )
)
def test_the_indexed_grouping_is_the_grouping_by_definition(rows):
    found = [
        quotes._Found(a, (k, 0), 0, 1, " ".join(w), w, speaker, "")
        for k, (a, w, speaker) in enumerate(rows)
    ]
    assert quotes._groups(found) == _groups_by_definition(found)
