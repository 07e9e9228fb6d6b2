"""A mixed news day (tests/fixtures/mixed_day): only on-theme stories reach the themed sections.

The corpus is mostly sport, food, autos, entertainment and local news that use the themes'
words in other senses (a Chevrolet Cobalt, mineral water, a summit finish, a player traded,
a wine's minerality), a few articles in German and French, and 13 genuine stories on the four
built-in themes. ``subjects.yaml`` names each article's subject and the languages not English.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.config import builtin_config
from briefgen.model import Brief, Item
from briefgen.pipeline import build

DAY = Path(__file__).resolve().parents[1] / "fixtures" / "mixed_day"
ARTICLES = DAY / "articles"
META = yaml.safe_load((DAY / "subjects.yaml").read_text(encoding="utf-8"))
SUBJECTS: dict[str, str] = META["subjects"]
NOT_ENGLISH: dict[str, str] = META["languages"]
THEMES = ("ai", "critical_minerals", "economic_security", "geopolitics")  # the built-in four


def _items(brief: Brief) -> list[Item]:
    return list(brief.key_points) + [it for s in brief.sections for it in s.items]


def _file(brief: Brief, article_id: str) -> str:
    return Path(next(a.path for a in brief.articles if a.id == article_id)).name


@pytest.fixture(scope="module")
def mixed_day() -> Brief:
    """The brief of the whole day, built once for the module with the built-in config."""
    files = sorted(ARTICLES.glob("*.md"))
    config = builtin_config(inputs=[str(f) for f in files], formats=["json"])
    return build(config, write=False).brief


def test_the_fixture_names_a_subject_for_every_article():
    assert sorted(SUBJECTS) == sorted(f.name for f in ARTICLES.iterdir())
    assert set(NOT_ENGLISH) <= set(SUBJECTS)
    assert {s for s in SUBJECTS.values() if s in THEMES} == set(THEMES)


def test_an_off_theme_day_gives_empty_sections_and_a_warning_naming_each(briefgen_main, tmp_path):
    day = tmp_path / "articles"
    day.mkdir()
    for name, subject in SUBJECTS.items():
        if subject not in THEMES:
            shutil.copy(ARTICLES / name, day / name)
    ran = briefgen_main("build", "-i", "articles", "-o", "out", "--format", "json", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    (written,) = ran.stdout.split()
    brief = json.loads((tmp_path / written).read_text(encoding="utf-8"))
    assert [s["theme"] for s in brief["sections"]] == list(THEMES)
    assert {s["theme"]: [i["text"] for i in s["items"]] for s in brief["sections"]} == {
        t: [] for t in THEMES
    }
    assert [i["text"] for i in brief["key_points"]] == []
    warnings = [line for line in ran.stderr.splitlines() if "warning" in line.lower()]
    for section in brief["sections"]:
        assert any(section["title"] in line for line in warnings), (section["title"], warnings)


def test_every_item_of_the_mixed_day_comes_from_an_article_on_its_theme(mixed_day):
    off = [
        (it.theme, _file(mixed_day, it.spans[0].article), it.text)
        for it in _items(mixed_day)
        if SUBJECTS[_file(mixed_day, it.spans[0].article)] != it.theme
    ]
    assert off == []


def test_every_theme_has_an_item_on_the_mixed_day(mixed_day):
    assert {it.theme for it in _items(mixed_day)} == set(THEMES)


def test_no_item_of_the_mixed_day_quotes_or_cites_an_article_not_in_english(mixed_day):
    foreign = [
        (_file(mixed_day, span.article), it.text)
        for it in _items(mixed_day)
        for span in it.spans
        if _file(mixed_day, span.article) in NOT_ENGLISH
    ]
    assert foreign == []
