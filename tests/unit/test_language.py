"""The language filter: sentences not in the brief's language never become units."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from select_builders import article

from briefgen.config import SelectionConfig, parse_config
from briefgen.config.schema import LANGUAGES
from briefgen.errors import ConfigError
from briefgen.select.filters import units
from briefgen.text.language import (
    ARTICLE_CONFIDENCE,
    FOLD_EXACT_ABOVE,
    MIN_SENTENCE_CHARS,
    SENTENCE_CONFIDENCE,
    VARIETIES,
    Guess,
    article_in,
    detect,
    known_languages,
    plainly_english,
    sentence_in,
)

GERMAN = (
    "Die Bundesregierung hat am Dienstag ein neues Förderprogramm für Batteriefabriken vorgestellt.",
    "Wirtschaftsminister Jonas Weber sagte, das Programm solle bis zum Jahr 2030 laufen.",
    "Insgesamt stehen dafür rund drei Milliarden Euro zur Verfügung.",
    # names and a few German words: unsure alone, German by its article
    "Toshimitsu Motegi traf am Mittwoch in Tokio ein.",
)
ENGLISH = (
    "Japan and Canada agreed on Tuesday to set up a joint working group on battery minerals.",
    'Canadian officials described the plan as a "Zeitenwende" in their trade policy.',
    'One delegate summed up the mood with a German phrase: "Wir schaffen das."',
    # names and little else: unsure alone, English by its article
    "Toshimitsu Motegi said on Tuesday that the group would meet in Ottawa.",
)


def texts(us) -> list[str]:
    return [u.text for u in us]


def test_a_german_article_gives_an_english_brief_no_units():
    de, en = article("a01", *GERMAN), article("a02", *ENGLISH)
    assert texts(units([de, en])) == list(ENGLISH)
    assert {u.article for u in units([de, en])} == {1}


def test_an_english_article_quoting_german_keeps_its_english_sentences():
    assert texts(units([article("a01", *ENGLISH)], language="en")) == list(ENGLISH)


def test_a_german_sentence_in_an_english_article_is_no_unit():
    german = "Die Regierung in Berlin hat am Dienstag neue Zölle auf Stahl angekündigt."
    en = article("a01", ENGLISH[0], german, ENGLISH[3])
    assert texts(units([en])) == [ENGLISH[0], ENGLISH[3]]


def test_a_german_brief_keeps_the_german_and_drops_the_english():
    de, en = article("a01", *GERMAN), article("a02", *ENGLISH)
    assert texts(units([de, en], language="de")) == list(GERMAN)


def test_no_language_keeps_every_sentence():
    de, en = article("a01", *GERMAN), article("a02", *ENGLISH)
    assert texts(units([de, en], language=None)) == [*GERMAN, *ENGLISH]


def test_units_refuse_an_unknown_language():
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        units([article("a01", *ENGLISH)], language="xx")


def test_names_alone_decide_nothing():
    names = "Toshimitsu Motegi said on Tuesday."
    assert detect(names).confidence < 0.9
    assert sentence_in(names, "en") and sentence_in(names, "de")


def test_a_short_text_is_never_judged_on_its_own():
    short = "Über Zölle geführt."  # a few words are names and loanwords as often as language
    assert len(short) < MIN_SENTENCE_CHARS
    assert detect(short).other_than("en", 0.9)
    assert sentence_in(short, "en")


def test_detect_is_sure_of_a_plain_sentence():
    g = detect("Der Minister sagte, die Gespräche würden im Januar fortgesetzt.")
    assert g.language == "de" and g.confidence > 0.9
    assert detect(" ".join(GERMAN)) == detect(" ".join(GERMAN))  # deterministic
    assert not article_in(" ".join(GERMAN), "en") and article_in(" ".join(GERMAN), "de")


@pytest.mark.parametrize(
    "guess, other",
    [
        (Guess("de", 0.95), True),
        (Guess("de", 0.5), False),  # unsure
        (Guess("en", 0.99), False),
        (Guess("zxx", 0.99), False),  # no linguistic content is no other language
    ],
)
def test_a_guess_is_another_language_only_when_sure(guess, other):
    assert guess.other_than("en", 0.9) is other


def test_varieties_count_as_their_language():
    assert not Guess("sr", 0.95).other_than("hr", 0.9)  # one group, named by its first code
    assert not Guess("ar", 0.95).other_than("arz", 0.9)
    assert Guess("sr", 0.95).other_than("sl", 0.9)


CROATIAN = "Vlada je u utorak najavila nove carine na čelik i aluminij."


def test_varieties_share_their_probability():
    # no single label is sure (hr 0.48, bs 0.35, sr 0.14): together they are
    assert detect(CROATIAN) == Guess("sr", pytest.approx(0.97, abs=0.01))
    assert not sentence_in(CROATIAN, "en")
    assert sentence_in(CROATIAN, "hr") and sentence_in(CROATIAN, "sr")


@pytest.mark.parametrize(
    "text", [*GERMAN, *ENGLISH, CROATIAN, "Regjeringa kunngjorde nye tollsatsar på stål tysdag."]
)
@pytest.mark.parametrize("language", ["en", "de", "hr", "no"])
def test_the_fast_path_agrees_with_detect(text, language):
    expected = len(text) < MIN_SENTENCE_CHARS or not detect(text).other_than(
        language, SENTENCE_CONFIDENCE
    )
    assert sentence_in(text, language) is expected


def test_thresholds_keep_the_fast_path_exact():
    assert min(ARTICLE_CONFIDENCE, SENTENCE_CONFIDENCE) > FOLD_EXACT_ABOVE
    assert max(len(group) for group in VARIETIES) <= 3


def test_the_config_list_is_what_the_detector_knows():
    assert set(known_languages()) == LANGUAGES


def test_selection_language_defaults_to_english_and_is_normalized():
    assert SelectionConfig().language == "en"
    assert parse_config("selection:\n  language: DE\n", "c.yaml").selection.language == "de"


def test_an_unknown_language_is_a_config_error_listing_known_codes():
    with pytest.raises(ConfigError) as e:
        parse_config("title: x\nselection:\n  language: english\n", "config/daily.yaml")
    msg = e.value.format_message()
    assert msg.startswith(
        "config/daily.yaml:3: selection.language: unknown language 'english'; known: en, de, fr,"
    )
    assert f"({len(LANGUAGES)} two-letter ISO 639-1 codes)" in msg


def test_help_and_imports_never_load_the_detector():
    code = (
        "import sys\n"
        "sys.argv = ['briefgen', '--help']\n"
        "import briefgen.select, briefgen.text.language\n"
        "from briefgen.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('py3langid' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().endswith("False")


def _fixture_sentences() -> list[str]:
    root = Path(__file__).resolve().parents[1] / "fixtures"
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    files = [*root.glob("*_day/articles/*"), *(seeds.glob("*") if seeds.is_dir() else [])]
    out = []
    for f in sorted(files):
        text = f.read_text(encoding="utf-8", errors="replace")
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20]
    return out


def test_the_plain_english_shortcut_never_keeps_what_the_model_drops():
    """Every fixture sentence (the mixed day's German and French articles included) the
    shortcut calls English is one the model does not call another language."""
    sentences = _fixture_sentences()
    plain = [s for s in sentences if plainly_english(s)]
    assert len(plain) > len(sentences) / 2  # it saves most of the model's work
    assert not [s for s in plain if detect(s).other_than("en", SENTENCE_CONFIDENCE)]
    assert not any(plainly_english(s) for s in GERMAN)


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre a dit que the deal était une bonne nouvelle pour la région.",
        "Der Minister sagte, the agreement sei ein Erfolg für beide Länder gewesen.",
        "El gobierno anunció que the plan entrará en vigor el próximo mes de marzo.",
    ],
)
def test_a_foreign_sentence_quoting_english_is_not_plainly_english(text):
    assert not plainly_english(text)
    assert not sentence_in(text, "en")


def test_the_plain_english_shortcut_decides_articles_the_model_would_keep():
    root = Path(__file__).resolve().parents[1] / "fixtures"
    for f in sorted(root.glob("*_day/articles/*")):
        text = f.read_text(encoding="utf-8", errors="replace")
        if plainly_english(text):
            assert not detect(text).other_than("en", ARTICLE_CONFIDENCE), f.name
