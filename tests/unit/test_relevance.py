"""Theme relevance: whole-word keywords, ambiguous terms that need context, article-level
evidence, and an absolute floor under which a section stays empty."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from select_builders import article, marked

from briefgen.config import BriefConfig, SelectionConfig, ThemeConfig
from briefgen.config.schema import default_themes
from briefgen.select import make_pool, select_brief
from briefgen.select.relevance import phrase_forms, theme_relevance, words

MINERALS = default_themes()["critical_minerals"]
SECURITY = default_themes()["economic_security"]
AI = default_themes()["ai"]


def _relevance(theme: ThemeConfig, *arts):
    pool = make_pool(marked(list(arts)), SelectionConfig())
    judged = theme_relevance(pool, theme)
    return {
        u.text: (float(r), m)
        for u, r, m in zip(pool.units, judged.relevance, judged.matched, strict=True)
    }


CAR = article(
    "c1",
    "The 2009 Chevrolet Cobalt coupe remains one of the cheapest used cars on dealer lots "
    "this winter, according to a pricing survey.",
    "Owners praise the Cobalt for its fuel economy and its surprisingly roomy boot.",
    "Mechanics warn that early Cobalt models need their ignition switches checked.",
)
MINES = article(
    "m1",
    "Zambia signed a critical minerals agreement with Korea on Tuesday covering copper and "
    "cobalt exports for the next decade.",
    "The deal gives Korean refiners first call on cobalt from two new mines in the north.",
    "Officials said the cobalt output of the region could double by 2030.",
)
MATCH = article(
    "s1",
    "The visitors secured a 2-1 win at Ashdown Park on Saturday with a late header from "
    "their captain, Tomas Brennan.",
    "Security staff cleared the stands for twenty minutes after a flare was thrown.",
    "The league said it would review the incident before deciding on any sanctions.",
)


def test_an_ambiguous_keyword_without_theme_context_counts_for_nothing():
    rel = _relevance(MINERALS, CAR)
    assert all(r == 0.0 and m == () for r, m in rel.values())


def test_the_same_ambiguous_keyword_counts_in_an_article_about_the_theme():
    rel = _relevance(MINERALS, MINES)
    deal = rel[
        "The deal gives Korean refiners first call on cobalt from two new mines in the north."
    ]
    assert deal[1] == ("cobalt", "mine")
    assert deal[0] >= SelectionConfig().min_relevance


def test_keywords_match_whole_words_not_stems():
    rel = _relevance(SECURITY, MATCH)
    # "secured" is not "security", "sanctions" in sport has no economic-security context
    assert all(r == 0.0 for r, _ in rel.values())


def test_a_keyword_inside_a_longer_one_is_one_mention():
    theme = ThemeConfig(name="m", keywords={"critical minerals": 3, "minerals": 2, "cobalt": 3})
    rel = _relevance(theme, MINES)
    zambia = next(m for t, (_, m) in rel.items() if t.startswith("Zambia"))
    assert zambia == ("critical minerals", "cobalt")


def test_plural_and_singular_match_but_verb_forms_do_not():
    assert ("rare", "earth") in phrase_forms("rare earths")
    assert ("rare", "earths") in phrase_forms("rare earth")
    assert ("chips",) in phrase_forms("chip")
    assert ("batteries",) in phrase_forms("battery")
    assert ("secured",) not in phrase_forms("security")
    assert ("securing",) not in phrase_forms("secure")
    assert words("Japan's rare-earth magnets") == ("japan", "rare", "earth", "magnets")


def test_one_strong_phrase_counts_less_in_an_article_about_something_else():
    stray = "Critical minerals were mentioned by the club chairman, who owns a mining firm."
    sport = article(
        "s2",
        "Harbour City beat Eastvale 3-0 on Sunday to go top of the table.",
        stray,
        "The club's next home game is against Riverside on Friday.",
    )
    topic = article(
        "m2",
        "Canada and Chile agreed to coordinate their critical minerals strategies.",
        stray,
        "Both governments will fund rare earth processing plants and lithium refining.",
    )
    in_sport = _relevance(MINERALS, sport)[stray][0]
    in_topic = _relevance(MINERALS, topic)[stray][0]
    assert 0 < in_sport < in_topic


def test_one_strong_phrase_once_does_not_make_an_article_about_the_theme():
    stray = "The striker's father once worked on critical minerals policy in the capital."
    sport = article(
        "s3",
        "Harbour City beat Eastvale 3-0 on Sunday to go top of the table.",
        stray,
        "The club's next home game is against Riverside on Friday.",
    )
    assert _relevance(MINERALS, sport)[stray] == (0.0, ("critical minerals",))


def test_an_off_theme_day_gives_empty_sections_and_no_key_points():
    day = marked(
        [
            CAR,
            MATCH,
            article(
                "w1",
                "The winemaker described the 2024 vintage as having a striking minerality and a "
                "long, saline finish.",
                "A new mineral water brand from the Alps goes on sale in supermarkets next month, "
                "the company said on Monday.",
                "The actress joined a rare group of performers who have won all four major awards.",
            ),
        ]
    )
    config = BriefConfig()  # the four built-in themes, key points on
    key_points, sections = select_brief(day, config)
    assert key_points == ()
    assert [len(s.items) for s in sections] == [0, 0, 0, 0]


def test_items_explain_their_relevance():
    key_points, sections = select_brief(marked([MINES]), BriefConfig())
    items = [*key_points, *(it for s in sections for it in s.items)]
    first = next(it for it in items if it.text.startswith("Zambia"))
    assert first.theme == "critical_minerals"
    assert "critical minerals" in first.matched
    assert 0.5 < first.article_relevance <= 1.0


def test_exclusions_match_whole_words():
    theme = ThemeConfig(name="m", keywords={"critical minerals": 3, "cobalt": 3}, exclude=["mine"])
    rel = _relevance(theme, MINES)
    assert (
        rel[
            "Zambia signed a critical minerals agreement with Korea on Tuesday covering copper and "
            "cobalt exports for the next decade."
        ][0]
        > 0
    )  # "minerals" is not "mine"
    assert (
        rel["The deal gives Korean refiners first call on cobalt from two new mines in the north."][
            0
        ]
        == 0
    )


def test_ambiguous_terms_must_be_keywords_and_not_all_of_them():
    with pytest.raises(ValidationError, match="ambiguous term 'chip' is not one of"):
        ThemeConfig(name="t", keywords={"ai": 3}, ambiguous=["chip"])
    with pytest.raises(ValidationError, match="every keyword is ambiguous"):
        ThemeConfig(name="t", keywords={"chip": 1}, ambiguous=["chip"])


def test_a_theme_without_keywords_is_judged_on_a_fixed_scale():
    theme = ThemeConfig(name="harbours", description="harbour dockworkers strike cranes")
    assert all(r == 0.0 for r, _ in _relevance(theme, CAR).values())


@given(st.text(max_size=40))
def test_a_keyword_always_matches_itself(keyword):
    ws = words(keyword)
    forms = phrase_forms(keyword)
    assert (ws in forms) if ws else forms == frozenset()
    assert all(len(f) == len(ws) for f in forms)


FILM = article(
    "f1",
    "The film follows two foreign ministers trying to stop a war over a disputed strait.",
    "Its alliance politics feel thin, but the naval battle scenes are thrilling, and the cast "
    "is excellent.",
    "The director keeps the plot moving for two hours.",
    title="Iron Strait review: a naval thriller with heart",
)
SUMMIT = article(
    "g1",
    "Foreign ministers from six countries met in Lisbon on Monday to ease tensions over a "
    "disputed strait, and agreed to a naval hotline.",
    "The alliance will hold a defence review next spring, officials said.",
    title="Ministers agree hotline at strait summit; defence review due",
)


def test_a_review_of_a_work_is_relevant_to_no_theme():
    geo = default_themes()["geopolitics"]
    assert all(r == 0.0 for r, _ in _relevance(geo, FILM).values())
    # "defence review" in a news headline is news about a review, not a review
    assert max(r for r, _ in _relevance(geo, SUMMIT).values()) >= SelectionConfig().min_relevance


def test_review_cues_decide_without_a_review_headline():
    from briefgen.select.genre import is_review

    game = article(
        "t1",
        "The game lets you run a medieval kingdom, and the gameplay rewards patience.",
        "In my testing the sequel's trade sanctions system was the best part.",
        title="Crowns of Ember 2 is the strategy sequel fans wanted",
    )
    assert is_review(game) and is_review(FILM) and not is_review(SUMMIT)


_VOCAB = ["critical", "minerals", "mineral", "rare", "earth", "earths", "supply", "chain", "the"]
_KEYWORDS = ["critical minerals", "minerals", "rare earths", "earth", "supply chain", "chain"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), max_size=30),
    st.lists(st.sampled_from(_KEYWORDS), min_size=1, unique=True),
)
def test_nested_keywords_match_the_pairwise_definition(seq, keywords):
    """The sort-and-sweep ``_nested`` (linear on a huge sentence) agrees with the definition:
    every occurrence of the keyword lies strictly inside a longer occurrence of another."""
    from briefgen.select.relevance import _nested, _occurrences, phrase_forms

    spans = {k: _occurrences(seq, phrase_forms(k)) for k in keywords}

    def inside(k, a, b):
        return any(
            o != k and s <= a and b <= e and e - s > b - a for o in spans for s, e in spans[o]
        )

    expected = {k for k, mine in spans.items() if mine and all(inside(k, a, b) for a, b in mine)}
    assert _nested(seq, keywords) == expected


_TEXTS = st.lists(
    st.sampled_from(list("aZİß’'- ‑_s.9é") + ["India's", "IT'S", "rock'n'roll", "co-op"]),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None, database=None)
@given(_TEXTS)
def test_words_are_the_lower_case_words_with_possessives_dropped(text):
    """``words`` keeps its definition: each word lower-cased, then a final 's or ’s dropped
    (the regular expression it used to apply to every word)."""
    import re

    word = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
    possessive = re.compile(r"['’]s?$")
    spaced = text.replace("-", " ").replace("‑", " ")
    expected = [possessive.sub("", w.lower()) for w in word.findall(spaced)]
    words.cache_clear()
    assert words(text) == tuple(w for w in expected if w)


# Letters whose case mapping is special (Greek sigmas, dotted and dotless i, long s, Kelvin
# sign, a combining dot), hyphens of both kinds and apostrophes of both kinds: where lowering
# a whole string could differ from lowering each word, and where a case-insensitive pattern
# matches more than the ASCII letters.
_CASE_EDGES = st.lists(
    st.sampled_from([*"aSsΣσςΑΒİIıKkſ'’-‑ .,\u0307ßǅ", "'s", "’S", "ΟΔΟΣ", "the ", "The "]),
    max_size=30,
).map("".join)


def _words_word_by_word(text: str) -> tuple[str, ...]:
    """The definition ``words`` implements: each word lowered, a final possessive dropped."""
    from briefgen.select.relevance import _WORD

    lowered = (w.lower() for w in _WORD.findall(text.replace("-", " ").replace("‑", " ")))
    return tuple(w[:-2] if w.endswith(("'s", "’s")) else w for w in lowered)


@settings(max_examples=500, deadline=None)
@given(_CASE_EDGES | st.text(max_size=60))
def test_words_lowers_as_each_word_would_be_lowered(text):
    assert words.__wrapped__(text) == _words_word_by_word(text)


def test_words_of_special_cases():
    assert words("The EU’s rare-earths, İstanbul's port") == (
        "the", "eu", "rare", "earths", "i̇stanbul", "port",
    )  # fmt: skip
    assert words("ΟΔΟΣ ΑΣ.Β") == ("οδος", "ας", "β") and words("...") == ()


_CUE_TEXT = st.lists(
    st.sampled_from(
        [
            "the ",
            "The ",
            "THE ",
            "film",
            "game",
            "gameplay",
            "series",
            "ſeries",
            "İ ",
            "ı ",
            "played ",
            "by",
            " ",
            ".",
            "box office",
            "i have used",
            "stars as",
            "x",
        ]
    ),  # fmt: skip
    max_size=25,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_CUE_TEXT | st.text(max_size=60))
def test_the_review_cue_pattern_finds_what_the_plain_alternation_finds(text):
    import re

    from briefgen.select.genre import _CUES, REVIEW_CUES

    plain = re.compile(r"(?i)\b(?:" + "|".join(re.escape(c) for c in REVIEW_CUES) + r")\b")
    assert [m.span() for m in _CUES.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_cue_pattern_keeps_the_order_of_cues_sharing_a_first_word():
    import re

    from briefgen.select.genre import cue_pattern

    found = re.compile(cue_pattern(("foo", "foo bar", "a.b c"))).findall("Foo bar, a.b c, axb c")
    assert found == ["Foo", "a.b c"]  # "foo" first, as in the plain alternation
