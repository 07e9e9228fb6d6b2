"""Same claim or a discrepancy: the numbers, dates and names two aligned sentences both give."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.select import claims
from briefgen.select.claims import Comparison, compare, details


def examples(n: int) -> settings:
    return settings(
        max_examples=n, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )


def number(text: str) -> tuple[str, float, str, str]:
    (q,) = details(text).numbers
    return q.text, q.value, q.unit, q.noun


# ------------------------------------------------------------------ details: numbers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The fund is worth $1.9 trillion.", ("$1.9 trillion", 1.9e12, "usd", "")),
        ("The fund is worth 1.9 trillion dollars.", ("1.9 trillion dollars", 1.9e12, "usd", "")),
        ("Brussels set aside €40bn for the grid.", ("€40bn", 4e10, "eur", "")),
        ("The bank lent Rs 5,000 crore to farmers.", ("Rs 5,000 crore", 5e10, "inr", "")),
        ("Turnout reached 45% in the capital.", ("45%", 45.0, "percent", "")),
        ("Turnout reached 45 per cent in the capital.", ("45 per cent", 45.0, "percent", "")),
        ("Support fell 3 percentage points.", ("3 percentage points", 3.0, "points", "")),
        ("The plant will add 3,200 jobs.", ("3,200 jobs", 3200.0, "count", "job")),
        ("The plant will add 3,200 new jobs.", ("3,200 new jobs", 3200.0, "count", "job")),
        ("The flood left six people dead.", ("six people", 6.0, "count", "peopl")),
        ("Two million people voted.", ("Two million people", 2e6, "count", "peopl")),
        ("The 12th Harbour Forum opened.", ("12th Harbour Forum", 12.0, "ordinal", "forum")),
    ],
)
def test_a_quantity_is_read_with_its_unit(text, expected):
    assert number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The score was 3.",  # nothing says what is counted
        "Article 370 of the charter was cited.",
        "The 5G rollout began.",  # a label
        "The COVID-19 wards were closed.",
        "One of the ferries sank.",  # "one of": no count
        "The 5m mast fell.",  # "m" is a scale only for money
    ],
)
def test_a_bare_number_or_label_is_no_quantity(text):
    assert details(text).numbers == ()


def test_a_number_is_the_interval_of_values_it_can_mean():
    exact, about, over, nearly = (
        details(t).numbers[0]
        for t in (
            "It cost $1.9 trillion.",
            "About 2,000 people fled.",
            "More than 2,000 people fled.",
            "Nearly 2,000 people fled.",
        )
    )
    assert (exact.low, exact.high) == pytest.approx((1.85e12, 1.95e12))
    assert (about.low, about.high) == pytest.approx((1800.0, 2200.0))
    assert (over.low, over.high) == (1999.5, math.inf)
    assert (nearly.low, nearly.high) == pytest.approx((1800.0, 2000.5))


def test_a_range_is_one_quantity():
    (q,) = details("Between 10 and 12 people were hurt.").numbers
    assert (q.low, q.high, q.noun) == (9.5, 12.5, "peopl")


def test_a_date_is_not_a_number():
    d = details("The 14 delegates met on 17 January 2026.")
    assert [q.text for q in d.numbers] == ["14 delegates"]
    assert [x.text for x in d.dates] == ["17 January 2026"]


# ------------------------------------------------------------------ details: dates


@pytest.mark.parametrize(
    "text, key, granularity",
    [
        ("Talks opened on 17 January 2026.", "2026-01-17", "day"),
        ("Talks opened on January 17.", "01-17", "day"),
        ("Talks opened on Jan. 17, 2026.", "2026-01-17", "day"),
        ("Talks opened on 17th January.", "01-17", "day"),
        ("The envoy stays from 15 to 17 January.", "01-15/17", "day"),
        ("Talks opened on Tuesday.", "tuesday", "weekday"),
        ("Talks open in March 2026.", "2026-03", "month"),
        ("Talks open in May.", "05", "month"),
        ("The plant opens in 2026.", "2026", "year"),
        ("The round is due in the first half of 2026.", "2026-H1", "half"),
        ("Output rose in Q3 2025.", "2025-Q3", "quarter"),
    ],
)
def test_a_date_is_read_at_its_granularity(text, key, granularity):
    (d,) = details(text).dates
    assert (d.key, d.granularity) == (key, granularity)


@pytest.mark.parametrize(
    "text",
    [
        "May the talks succeed.",  # the verb, not the month
        "Officials may meet again.",
        "The march was peaceful.",
        "Fridays are quiet here.",  # habitual, no date
        "The fund holds $2026 in cash.",
    ],
)
def test_no_date_is_read_where_there_is_none(text):
    assert details(text).dates == ()


# ------------------------------------------------------------------ details: names


def test_names_are_capitalized_runs_with_titles_as_roles():
    names = details("Foreign Minister Anna Berg met Mr. Piet Holm in New Delhi.").names
    assert [(n.text, n.key, n.role) for n in names] == [
        ("Anna Berg", "anna berg", "foreign minister"),
        ("Piet Holm", "piet holm", ""),
        ("New Delhi", "new delhi", ""),
    ]


def test_a_lower_case_title_before_a_name_is_its_role():
    (name,) = details("The talks were led by finance minister Anna Berg.").names
    assert (name.text, name.role) == ("Anna Berg", "finance minister")


def test_an_organization_keeps_its_connectors():
    names = details("The Ministry of Coastal Affairs issued a notice.").names
    assert [n.text for n in names] == ["Ministry of Coastal Affairs"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Officials in Ruritania said the port reopened.", ["Ruritania"]),  # first word: no name
        ("Analysts said the port reopened.", []),
        ("Ruritania's port reopened.", ["Ruritania's"]),  # a possessive is clearly a name
        ("NATO said the port reopened.", ["NATO"]),  # so is an acronym
        ("Holm said the port reopened.", ["Holm"]),  # so is a single speaker
        ("The Freedonia Port Authority said it reopened.", ["Freedonia Port Authority"]),
    ],
)
def test_a_sentence_opening_is_a_name_only_when_it_clearly_is_one(text, expected):
    assert [n.text for n in details(text).names] == expected


def test_speakers_are_marked():
    names = details("“We will return,” said Anna Berg, according to Piet Holm.").names
    assert [(n.text, n.speaker) for n in names] == [("Anna Berg", True), ("Piet Holm", True)]


def test_the_subject_of_a_reported_clause_is_no_speaker():
    names = details("Anna Berg said Ruritania would invest more.").names
    assert [(n.text, n.speaker) for n in names] == [("Anna Berg", True), ("Ruritania", False)]


# ------------------------------------------------------------------ compare


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (
            "The fund is worth $1.9 trillion.",
            "The fund is worth $2.9 trillion.",
            Comparison("conflict", "number", ("$1.9 trillion",), ("$2.9 trillion",)),
        ),
        (
            "Turnout was 45%.",
            "Turnout was 48 per cent.",
            Comparison("conflict", "number", ("45%",), ("48 per cent",)),
        ),
        (
            "The storm killed 12 people.",
            "The storm killed 14 people.",
            Comparison("conflict", "number", ("12 people",), ("14 people",)),
        ),
        (
            "More than 2,000 people fled the valley.",
            "Some 1,500 people fled the valley.",
            Comparison("conflict", "number", ("More than 2,000 people",), ("Some 1,500 people",)),
        ),
        (
            "Talks were held on 17 January 2026.",
            "Talks were held on January 18.",
            Comparison("conflict", "date", ("17 January 2026",), ("January 18",)),
        ),
        (
            "The plant opens in 2026.",
            "The plant opens in 2027.",
            Comparison("conflict", "date", ("2026",), ("2027",)),
        ),
        (
            "Foreign Minister Anna Berg met the delegation.",
            "Foreign Minister Piet Holm met the delegation.",
            Comparison("conflict", "name", ("Anna Berg",), ("Piet Holm",)),
        ),
        (
            "Berg said the harbour talks were constructive and would resume in March.",
            "Holm said the harbour talks were constructive and would resume in March.",
            Comparison("conflict", "name", ("Berg",), ("Holm",)),
        ),
    ],
)
def test_a_conflict_names_its_kind_and_both_versions(a, b, expected):
    assert compare(a, b) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("The fund is worth 1.9 trillion dollars.", "The fund is worth $1.9 trillion."),
        ("The fund is worth $1.9 trillion.", "The fund is worth $1.94 trillion."),  # rounding
        ("The fund is worth $2 trillion.", "The fund is worth $1.9 trillion."),
        ("Turnout was 45%.", "Turnout was 45 per cent."),
        ("The storm killed about 2,000 people.", "The storm killed 1,950 people."),
        ("The storm killed more than 2,000 people.", "The storm killed 5,000 people."),
        ("Between 10 and 12 people were hurt.", "Eleven people were hurt."),
        # a detail only one side gives is coverage, not a conflict
        ("The storm killed 12 people.", "The storm killed 12 people and injured 30 people."),
        ("The storm killed 12 people.", "The storm destroyed 300 homes."),  # no shared slot
        ("The loan is $5 billion.", "The loan is €5 billion."),  # other currency, other slot
        ("Talks were held on 17 January 2026.", "Talks were held on Jan. 17."),
        ("Talks were held on Tuesday.", "Talks were held on 17 January."),  # not comparable
        ("Talks were held on 16 January.", "The envoy stayed from 15 to 17 January."),
        ("Talks were held in January.", "Talks were held on 18 January."),
        ("Foreign Minister Anna Berg met the envoy.", "Foreign Minister Berg met the envoy."),
        ("Ruritania said exports rose.", "Freedonia announced new tariffs on steel."),
        # the speakers differ, but so does what they said (coverage, not compare, rules it out)
        ("Berg said the talks were constructive.", "Holm said the port would close at dawn."),
        ("The Ministry of Coastal Affairs said so.", "The MCA said so."),
        ("", ""),
    ],
)
def test_these_agree(a, b):
    assert compare(a, b) == Comparison("agree")


@pytest.mark.parametrize(
    "a, b",
    [
        # the same wording with another name or subject in one slot: another story's sentence
        (
            "The company plans to open a second battery plant near Ostrava next year.",
            "The company plans to open a second battery plant near Pilsen next year.",
        ),
        (
            "Stockpiles of lithium held by manufacturers have fallen to about 40 days of use.",
            "Stockpiles of nickel held by manufacturers have fallen to about 42 days of use.",
        ),
        (
            "Ruritania restricted exports of gallium last week.",
            "Ruritania restricted exports of germanium last week.",
        ),
        (
            "Analysts said the move signalled a shift in Freedonia's regional strategy.",
            "Analysts said the move signalled a shift in Ruritania's regional strategy.",
        ),
        ("Foreign Minister Anna Berg met the delegation.", "Finance Minister Piet Holm met it."),
        # a sentence's first word when it is clearly a name: a possessive, an acronym, a longer name
        (
            "Freedonia's cabinet tightened export controls on semiconductor equipment.",
            "Ruritania's cabinet tightened export controls on semiconductor equipment.",
        ),
        (
            "New Carlsbad will host the summit in June.",
            "Port Strelsau will host the summit in June.",
        ),
        # a country is a name even as a sentence's first word; a two-word subject counts too
        (
            "Peru accounts for roughly 27 percent of global rare earths refining capacity.",
            "Ghana accounts for roughly 27 percent of global rare earths refining capacity.",
        ),
        (
            "The ministry curbed exports of rare earths last week.",
            "The ministry curbed exports of cobalt last week.",
        ),
        # an outlet's framing ("Officials said", "In a statement,") is not part of the slot
        (
            "Officials said Anna Berg of the port authority urged drivers to avoid the bridge.",
            "Piet Holm of the port authority urged drivers to avoid the bridge.",
        ),
        (
            "In a statement, Peru accounts for roughly 27 percent of global lithium refining.",
            "Ghana accounts for roughly 27 percent of global lithium refining.",
        ),
        # another story's figure: not a discrepancy, since the place and metal differ
        (
            "In Strelsau, Ruritania accounts for roughly 27 percent of global cobalt refining.",
            "In Carlsbad, Freedonia accounts for roughly 38 percent of global nickel refining.",
        ),
        # every name differs: a statement about someone else, not another version of this one
        (
            "Prime Minister Anna Berg said Ruritania would invest more.",
            "Prime Minister Piet Holm said Freedonia would invest more.",
        ),
        (
            "Lawmakers in Freedonia and Ruritania approved the treaty.",
            "Lawmakers in Freedonia and Borduria approved the treaty.",
        ),
        # another country in a slot longer than MAX_SWAP_WORDS: still another country's claim
        (
            "At Bellosa Holdings, Portugal tightened export controls on satellite parts citing "
            "national security, officials said.",
            "Around Torshi, Turkey tightened export controls on satellite parts citing "
            "national security.",
        ),
    ],
)
def test_a_swapped_name_or_subject_is_another_claim(a, b):
    assert compare(a, b) == Comparison("different")
    assert compare(b, a) == Comparison("different")


@pytest.mark.parametrize(
    "a, b",
    [
        # forms of one name, an acronym, a title shortened, words reordered: the same claim
        (
            "Ruritania's Foreign Minister Anna Berg met officials in New Carlsbad on Friday.",
            "Ruritanian Foreign Minister Anna Berg met officials in Carlsbad on Friday.",
        ),
        (
            "External Affairs Minister Anna Berg said the talks went well.",
            "EAM Berg said the talks went well.",
        ),
        (
            "The US and Ruritania signed the pact in Strelsau on Monday.",
            "The United States and Ruritania signed the pact in Strelsau on Monday.",
        ),
        ("Ruritania and Freedonia signed the pact.", "Freedonia and Ruritania signed the pact."),
        (
            "Officials said the port reopened on Friday.",
            "Authorities said the port reopened on Friday.",
        ),
        ("Separately, the port reopened on Friday.", "Meanwhile, the port reopened on Friday."),
        (
            "Parliament approved the budget on Thursday.",
            "Lawmakers approved the budget on Thursday.",
        ),
        # an acronym of a subject, another form of its word
        (
            "Ruritania and Freedonia launched an AI dialogue.",
            "Ruritania and Freedonia launched an artificial intelligence dialogue.",
        ),
        (
            "Both sides stepped up diplomacy over the strait.",
            "Both sides stepped up diplomatic efforts over the strait.",
        ),
        # another agency's dateline, another aside in brackets
        (
            "STRELSAU, Jan 17 (Reuters) - Ruritania and Freedonia launched an AI dialogue.",
            "STRELSAU, Jan 17 (PTI) - Ruritania and Freedonia launched an AI dialogue.",
        ),
        (
            "Ruritania (the larger partner) launched the dialogue.",
            "Ruritania (said Berg) launched the dialogue.",
        ),
        # a rewritten opening longer than a swap
        (
            "Berg, speaking in Strelsau, said the talks went well.",
            "Ruritania's foreign minister said the talks went well.",
        ),
        # plain words paraphrased, and an outlet's own attribution at the end
        (
            "The firm will cut 3,000 jobs in Ohio next year.",
            "The company is set to reduce 3,000 jobs in Ohio next year.",
        ),
        (
            "The refinery will process lithium from the Atacama, Anna Berg said.",
            "The refinery will process lithium from the Atacama, Reuters reported.",
        ),
        ("Exports of lithium rose sharply.", "Exports of lithium and nickel rose sharply."),
    ],
)
def test_a_paraphrase_keeps_its_names_and_subjects(a, b):
    assert compare(a, b) == Comparison("agree")


# ------------------------------------------------------------------ properties

FRAGMENTS = st.sampled_from(
    [
        "$1.9 trillion",
        "about 2,000",
        "12 people",
        "six",
        "45%",
        "per cent",
        "17 January 2026",
        "Jan. 17",
        "from 15 to 17",
        "May",
        "on Tuesday",
        "first half of 2026",
        "Foreign Minister",
        "Anna Berg",
        "said",
        "according to",
        "Mr.",
        "of",
        "the",
        ",",
        "-",
        "'s",
        "“",
        "2025-26",
        "COVID-19",
        "€40bn",
        "between 10 and",
    ]
)
SENTENCES = st.one_of(st.text(max_size=120), st.lists(FRAGMENTS, max_size=14).map(" ".join))


@examples(300)
@given(SENTENCES, SENTENCES)
def test_compare_never_raises_and_is_symmetric(a, b):
    ab, ba = compare(a, b), compare(b, a)
    assert (ab.verdict, ab.kind) == (ba.verdict, ba.kind)
    assert (ab.a_values, ab.b_values) == (ba.b_values, ba.a_values)
    assert (ab.kind is None) == (ab.verdict != "conflict")


@examples(200)
@given(SENTENCES)
def test_a_sentence_agrees_with_itself_and_parses_the_same_twice(text):
    assert compare(text, text) == Comparison("agree")
    first = details(text)
    details.cache_clear()
    assert details(text) == first
    for q in first.numbers:
        assert q.low <= q.value <= q.high


SLOT_WORDS = st.sampled_from(
    "the company plans to open a second refinery near Ostrava Pilsen next year lithium nickel "
    "rare earths cobalt Ruritania Freedonia Peru Ghana Anna Berg Piet Holm officials said In "
    "a statement , of AI artificial intelligence UN Japan Japanese Turkey turkey".split()
)
FORMULAS = st.lists(SLOT_WORDS, min_size=1, max_size=16).map(" ".join)


@examples(400)
@given(FORMULAS, FORMULAS)
def test_the_cheap_swap_answer_never_hides_a_swap(a, b):
    """``_may_swap`` only skips pairs that aligning them would also find unswapped."""
    pa, pb = claims._profile(a), claims._profile(b)
    if claims._slot_swapped(pa, pb):
        assert claims._may_swap(pa, pb)
    assert compare(a, b).verdict == compare(b, a).verdict


PORT_STORY = (
    "Trade unions in Ostrava want changes to the impact on prices, officials said.",
    "Halvard Mining will open a refinery in Ostrava. Trade unions in Ostrava want changes to "
    "the impact on prices, officials said. Dana Kovar runs the site.",
)


@pytest.mark.parametrize(
    ("other", "article", "expected"),
    [
        # another place and company, never mentioned by the first article, and the reverse
        (
            "Trade unions at Corvin Metals will publish the impact on prices within weeks.",
            "Corvin Metals expands in Pilsen. Trade unions at Corvin Metals will publish the "
            "impact on prices within weeks.",
            True,
        ),
        # the other outlet names the place elsewhere in its article: the same story
        (
            "Local unions want changes to the impact on prices, the Regional Herald said.",
            "The refinery in Ostrava faces questions. Local unions want changes to the impact "
            "on prices, the Regional Herald said.",
            False,
        ),
        # a sentence naming nobody decides nothing
        (
            "Unions want changes to the impact on prices.",
            "Unions want changes to the impact on prices.",
            False,
        ),
        # another form of a name (Ostrava's) counts as a mention
        (
            "Unions at Halvard's rival Kestrel want changes to the impact on prices.",
            "Ostrava's unions are restless. Unions at Halvard's rival Kestrel want changes.",
            False,
        ),
    ],
)
def test_another_story_is_told_by_names_the_other_article_never_mentions(other, article, expected):
    sentence, text = PORT_STORY
    assert claims.other_story(sentence, text, other, article) is expected
    assert claims.other_story(other, article, sentence, text) is expected


AUDIT = "An audit found the model failed 441 of the 53,995 tasks set by the regulator."
VELSTRA = f"Velstra Analytics was audited in Kaunas. {AUDIT} Velstra Analytics disputes it."
NAMED = "Velstra Analytics failed 441 of the 53,995 tasks set by the regulator."


@pytest.mark.parametrize(
    ("sentence", "article", "other", "other_article", "expected"),
    [
        # sentences that name nobody: the articles name two different audits
        (
            AUDIT,
            VELSTRA,
            "An audit found the model failed 531 of the 39,229 tasks set by the regulator.",
            "Tarsk Robotics faced questions in Porto. An audit found the model failed 531 of "
            "the 39,229 tasks set by the regulator.",
            True,
        ),
        # another outlet's report of the same audit names the same company: the same story
        (
            AUDIT,
            VELSTRA,
            AUDIT,
            f"The regulator's audit of Velstra's model is out. {AUDIT}",
            False,
        ),
        # an article naming nobody at all decides nothing
        (AUDIT, VELSTRA, AUDIT, f"The audit is out. {AUDIT}", False),
        # one sentence names the company, the other names nobody: the other's article counts
        (NAMED, f"Kaunas waits. {NAMED}", AUDIT, f"Tarsk Robotics faced questions. {AUDIT}", True),
        (NAMED, f"Kaunas waits. {NAMED}", AUDIT, f"Velstra's rival is Tarsk. {AUDIT}", False),
    ],
)
def test_a_sentence_naming_nobody_is_in_the_story_its_article_names(
    sentence, article, other, other_article, expected
):
    assert claims.other_story(sentence, article, other, other_article) is expected
    assert claims.other_story(other, other_article, sentence, article) is expected


def test_a_word_that_ends_many_names_is_no_mention():
    """ "Industries" in both articles does not make Osos Industries' story Doli Industries'."""
    sentence = "Osos Industries will publish the funding formula next Thursday."
    article = f"Osos Industries opened in Tifa. {sentence}"
    other = "Doli Industries will publish the funding formula next Thursday."
    other_article = f"Doli Industries waits in Mardun. {other}"
    assert claims.other_story(sentence, article, other, other_article)
    # the same company's name, though, is a mention
    same = "Osos will publish the funding formula next Thursday, its board said."
    assert not claims.other_story(sentence, article, same, f"Osos Industries again. {same}")


@pytest.mark.parametrize(
    "a, b",
    [
        # a country on one side only: a title for a name, not another country
        (
            "Jaishankar, speaking at a forum in Delhi, said the talks with Tokyo went well.",
            "India's foreign minister said the talks with Tokyo went well.",
        ),
        # both sentences name both countries, in another order or form
        (
            "Japan and Peru, meeting in Lima on Friday, agreed to widen lithium trade.",
            "Peru and Japan agreed to widen lithium trade, a Japanese official said.",
        ),
        (
            "Around Osaka, Japan tightened export controls on satellite parts.",
            "The Japanese government, according to a Tokyo memo, tightened export controls on "
            "satellite parts.",
        ),
    ],
)
def test_a_country_is_a_swap_only_when_each_side_names_one_the_other_never_does(a, b):
    assert compare(a, b).verdict != "different"
    assert compare(b, a).verdict != "different"


RBI = "The Reserve Bank of India raised its key rate by 25 basis points on Friday."
RBI_ARTICLE = f"Markets in Mumbai fell. {RBI} Governor Das spoke after the meeting."


@pytest.mark.parametrize(
    ("other", "other_article"),
    [
        # the other outlet writes only the acronym, and never "India" or "Reserve Bank"
        (
            "The RBI raised its key rate by 25 basis points on Friday, the central bank said.",
            "Lenders welcomed the move. The RBI raised its key rate by 25 basis points on "
            "Friday, the central bank said.",
        ),
        # the acronym is in the first article, the other spells the name out
        (
            "The central bank raised its key rate by 25 basis points on Friday.",
            "Lenders welcomed the move by the Reserve Bank of India on Friday. The central "
            "bank raised its key rate by 25 basis points on Friday.",
        ),
    ],
)
def test_an_acronym_is_a_mention_of_the_name_it_abbreviates(other, other_article):
    assert not claims.other_story(RBI, RBI_ARTICLE, other, other_article)
    assert not claims.other_story(other, other_article, RBI, RBI_ARTICLE)
    assert not claims.other_story(
        other, other_article, RBI, RBI_ARTICLE.replace("Governor", "RBI Governor")
    )


DODUN = "Dodun's copper mines are busy this season."
TORRA = "Torra Holdings raised its forecasts for copper mining in Dodun on Tuesday."


@pytest.mark.parametrize(
    ("other", "other_article", "expected"),
    [
        # a shared place is not a shared story: two companies' deeds, neither article names
        # the other company
        (
            "Saos Inc raised its forecasts for copper mining in Dodun on Tuesday.",
            f"{DODUN} Saos Inc raised its forecasts for copper mining in Dodun on Tuesday.",
            True,
        ),
        # the other outlet calls the company "the miner" and names it elsewhere
        (
            "The miner raised its forecasts for copper mining in Dodun on Tuesday.",
            f"Torra's shares rose. {DODUN} The miner raised its forecasts for copper mining "
            "in Dodun on Tuesday.",
            False,
        ),
        # the other names a second company too, and the first: one actor is known to both
        (
            "Torra Holdings, with partner Saos Inc, raised its forecasts for copper mining.",
            f"{DODUN} Torra Holdings, with partner Saos Inc, raised its forecasts for copper "
            "mining.",
            False,
        ),
    ],
)
def test_two_actors_in_one_place_are_two_stories(other, other_article, expected):
    article = f"{DODUN} {TORRA}"
    assert claims.other_story(TORRA, article, other, other_article) is expected
    assert claims.other_story(other, other_article, TORRA, article) is expected


def test_outlets_quoting_different_officials_tell_one_story():
    """The speaker is who an outlet asked, not who acted: it never makes another story."""
    said = "Copper exports from Dodun rose sharply this year, {} said."
    minister, analyst = said.format("Minister Elena Rojas"), said.format("analyst Marta Vidal")
    assert not claims.other_story(minister, f"{DODUN} {minister}", analyst, f"{DODUN} {analyst}")
    assert not claims.other_story(analyst, f"{DODUN} {analyst}", minister, f"{DODUN} {minister}")


@pytest.mark.parametrize(
    ("claim", "other", "expected"),
    [
        # the claim's figure is nowhere in the other sentence
        ("Lithium output in Chile rose 39 percent in May.", "Lithium output in Chile rose.", True),
        ("The fund will lend $2 billion to Zambian miners.", "The fund will lend to miners.", True),
        # the other gives the figure the claim leaves out: it carries the claim and more
        ("Lithium output in Chile rose in May.", "Lithium output in Chile rose 39 percent.", False),
        # another figure is a discrepancy for compare, not an omission
        ("Lithium output rose 39 percent.", "Lithium output rose 41 percent.", False),
        # a date is no figure
        ("Lithium output rose on Friday.", "Lithium output rose.", False),
    ],
)
def test_a_sentence_without_the_claims_figure_omits_it(claim, other, expected):
    assert claims.omits_figures(claim, other) is expected


TALKS = "Talks with {} on lithium exports resumed in Geneva this week."


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("China", "Chinese"),
        ("Britain", "British"),
        ("Ukraine", "Ukrainian"),
        ("Norway", "Norwegian"),
        ("Portugal", "Portuguese"),
        ("Argentina", "Argentine"),
        ("Nigeria", "Nigerian"),
        ("Niger", "Nigerien"),
        ("Iraq", "Iraqi"),
        ("Japan", "Japanese"),
        ("Germany", "German"),
        ("Peru", "Peruvian"),  # data/demonyms_en.txt
        ("France", "French"),
        ("Netherlands", "Dutch"),
        ("Greece", "Greek"),
    ],
)
def test_a_country_and_its_adjective_are_one_name(a, b):
    sentence, other = TALKS.format(a), TALKS.format(f"{b} officials")
    assert compare(sentence, other).verdict == "agree"
    assert not claims.other_story(sentence, sentence, other, other)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # two countries that share their first letters are two countries
        ("Niger", "Nigeria"),
        ("Austria", "Australia"),
        ("Slovakia", "Slovenia"),
        ("Iran", "Iraq"),
        # nor is one's adjective the other's
        ("Niger", "Nigerian"),
        ("Austria", "Australian"),
        ("Australia", "Austrian"),
        # companies sharing their first letters are two companies
        ("Micron", "Microsoft"),
        ("Samsung", "Samsonite"),
        # a name that begins another is no form of it unless what follows is an ending
        ("Xi", "Xiaomi"),
        ("India", "Indiana"),
        ("Ruan", "Ruanshi"),
        ("Qualo", "Quali"),
    ],
)
def test_names_that_only_begin_alike_are_two_names(a, b):
    sentence, other = TALKS.format(a), TALKS.format(b)
    assert compare(sentence, other).verdict == "different"
    assert compare(other, sentence).verdict == "different"
    # and an article naming only the one does not mention the other
    assert claims.other_story(sentence, f"{a} is busy. {sentence}", other, f"{b} is busy. {other}")


@given(st.from_regex(r"[a-z]{1,12}", fullmatch=True), st.from_regex(r"[a-z]{1,12}", fullmatch=True))
def test_being_one_names_forms_is_symmetric(a, b):
    assert claims._same_form(a, b) is claims._same_form(b, a)
    assert claims._same_form(a, a)


LOSSES = "Farmers reported losses of about $730 million after the storm."
STORM = f"A storm closed roads around Lige on Monday. {LOSSES} Mayor Anka Dorn toured farms."


@pytest.mark.parametrize(
    ("other", "other_article", "expected"),
    [
        # a round-up: the sentence before it tells of a truce near Titormar; Dorn turns up
        # only in another of its stories
        (
            "Farmers reported losses of about $800 million after the ceasefire.",
            "Dorn wins the cycling race. Kenya and Germany agreed a truce near Titormar. "
            "Farmers reported losses of about $800 million after the ceasefire.",
            True,
        ),
        # the sentence just before is a quote: who said it is not what the story is about
        (
            "Farmers reported losses of about $800 million after the ceasefire.",
            'Kenya and Germany agreed a truce near Titormar. "It holds," Anka Dorn said. '
            "Farmers reported losses of about $800 million after the ceasefire.",
            True,
        ),
        # another outlet's telling of the storm: the sentence before names Lige too
        (
            LOSSES,
            f"The storm that hit Lige closed its schools. {LOSSES}",
            False,
        ),
        # or names someone else in the story, whom the first article names further on
        (
            LOSSES,
            f"Mayor Anka Dorn ordered crews out overnight. {LOSSES}",
            False,
        ),
    ],
)
def test_a_sentence_naming_nobody_is_in_the_story_told_just_before_it(
    other, other_article, expected
):
    assert claims.other_story(LOSSES, STORM, other, other_article) is expected
    assert claims.other_story(other, other_article, LOSSES, STORM) is expected


@pytest.mark.parametrize("generic", ["United", "Airlines", "Electronics"])
def test_a_shared_generic_word_is_no_mention(generic):
    sentence = f"Trade unions of Dopi {generic} asked for the timetable once the figures are in."
    other = f"Trade unions of Gemar {generic} asked for the timetable once the figures are in."
    assert claims.other_story(sentence, f"Dopi waits. {sentence}", other, f"Gemar waits. {other}")


ARTICLES = st.lists(SENTENCES, min_size=1, max_size=5)


@examples(200)
@given(ARTICLES, ARTICLES, st.data())
def test_another_story_is_symmetric_and_never_ones_own(one, other, data):
    """Whatever the articles, other_story never raises, is the same both ways, and a
    sentence is never another story than itself in its own article."""
    article, other_article = " ".join(one), " ".join(other)
    sentence = data.draw(st.sampled_from(one))
    other_sentence = data.draw(st.sampled_from(other))
    assert claims.other_story(sentence, article, other_sentence, other_article) is (
        claims.other_story(other_sentence, other_article, sentence, article)
    )
    assert not claims.other_story(sentence, article, sentence, article)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # news writes a capital for its government: no discrepancy of names
        (
            "Washington added 14 Chinese firms to its entity list.",
            "The US added 14 Chinese firms to its entity list.",
        ),
        (
            "Moscow said the talks on grain exports had failed.",
            "Russia said the talks on grain exports had failed.",
        ),
        (
            "The U.S. imposed new tariffs on steel from Canada.",
            "Washington imposed new tariffs on steel from Canada.",
        ),
        (
            "The UK signed a minerals pact with Zambia.",
            "The United Kingdom signed a minerals pact with Zambia.",
        ),
    ],
)
def test_a_capital_speaks_for_its_country(a, b):
    assert compare(a, b).verdict == "agree"
    assert not claims.other_story(a, a, b, b)


def test_two_capitals_are_two_countries():
    a = "Beijing tightened export controls on gallium on Monday."
    assert compare(a, a.replace("Beijing", "Tokyo")).verdict == "different"
    assert compare(a, a.replace("Beijing", "China")).verdict == "agree"
    said = "Moscow said the talks on grain exports had failed."
    assert compare(said, said.replace("Moscow", "Kyiv")).kind == "name"  # another speaker


def test_a_pronoun_is_no_mention_of_a_country():
    """ "told us" in an article does not mention the United States."""
    sentence = "Washington added 14 firms to its entity list, a trade official said."
    other = "The Tarsk cabinet added 14 firms to its entity list, a trade official said."
    other_article = f"The Tarsk cabinet acts. It told us so. {other}"
    assert claims.other_story(sentence, f"Washington acts. {sentence}", other, other_article)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "China's exports of gallium rose 5% in March.",
            "China's exports of gallium fell 5% in March.",
        ),
        ("Inflation climbed to 3.2% in October.", "Inflation eased to 3.2% in October."),
        (
            "The senate approved the chips bill on Tuesday.",
            "The senate rejected the chips bill on Tuesday.",
        ),
        (
            "The ministry said it would lift the ban on nickel exports.",
            "The ministry said it would not lift the ban on nickel exports.",
        ),
        ("Zambia will sign the copper accord.", "Zambia won't sign the copper accord."),
    ],
)
def test_opposite_claims_are_not_the_same_claim(a, b):
    assert compare(a, b).verdict == "different"
    assert compare(b, a).verdict == "different"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same direction in other words
        (
            "China's exports of gallium rose 5% in March.",
            "Gallium exports from China increased 5% in March.",
        ),
        ("Prices fell after the ban was lifted.", "Prices dropped after the ban was lifted."),
        # both directions in one sentence decide nothing
        ("Exports rose 5% as prices fell.", "Exports rose 5% while prices dropped."),
        # a rewrite that drops a clause with a "not" in it
        (
            "The ministry announced the nickel export ban on Monday, though it did not give a "
            "date for it to start.",
            "The ministry announced the nickel export ban on Monday.",
        ),
    ],
)
def test_the_same_claim_told_either_way_agrees(a, b):
    assert compare(a, b).verdict == "agree"
