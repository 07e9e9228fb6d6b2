"""Sources of a claim are the articles that carry *that* claim, not another story in its words.

Newsrooms write to formulas: two unrelated stories of one day can share every word of a
sentence but the place, the company or the metal ("The company plans to open a second lithium
refinery near Ostrava next year" / "... nickel refinery near Pilsen ..."). A brief that cites
the other story for it, counts it as corroboration, files it under the same timeline event or
credits one person's words to another misleads its reader. The day below (our own writing) has
four stories told by several outlets each, all in the same formulas.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.config import builtin_config
from briefgen.model import Brief
from briefgen.pipeline import build

# story -> (place, metal, company, its director, days of stock left)
STORIES = {
    "ostrava": ("Ostrava", "lithium", "Halvard Mining", "Dana Kovar", 40),
    "pilsen": ("Pilsen", "nickel", "Corvin Metals", "Tomas Rehak", 25),
    "gdansk": ("Gdansk", "graphite", "Baltic Anode Works", "Ewa Lis", 60),
    "tartu": ("Tartu", "cobalt", "Emajogi Resources", "Mart Kask", 90),
}
REMARK = "We are confident the refinery will be running before the end of next year"


def _article(story: str, outlet: int) -> str:
    place, metal, company, person, days = STORIES[story]
    lead = [
        f"The company plans to open a second {metal} refinery near {place} next year.",
        f"{company} plans to open a second {metal} refinery near {place} next year, the "
        "critical minerals ministry said.",
        f"Officials said the company plans to open a second {metal} refinery near {place} "
        "next year.",
    ][outlet % 3]
    return (
        f"---\ntitle: {company} expands {metal} refining\nsource: Outlet {story} {outlet}\n"
        f"published: 2026-03-03\n---\n\n{lead} Stockpiles of {metal} held by battery makers "
        f"have fallen to about {days} days of use, according to {company}.\n\n"
        f'"{REMARK}," said {person}, the director of {company}.\n\n'
        f"The critical minerals plant near {place} will process ore from mines in the region, "
        f"and {company} said the {metal} would go to battery makers in Europe."
    )


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Brief, dict[str, str]]:
    folder = tmp_path_factory.mktemp("formula_day")
    for story in STORIES:
        for outlet in range(3):
            (folder / f"{story}-{outlet}.md").write_text(_article(story, outlet), "utf-8")
    files = sorted(str(f) for f in folder.glob("*.md"))
    brief = build(builtin_config(inputs=files, formats=["json"]), write=False).brief
    story_of = {a.id: Path(a.path).name.split("-")[0] for a in brief.articles}
    return brief, story_of


def test_an_item_cites_only_articles_of_its_own_story(day):
    brief, story_of = day
    items = list(brief.key_points) + [it for s in brief.sections for it in s.items]
    assert items
    for item in items:
        stories = {story_of[a] for a in item.sources}
        assert len(stories) == 1, (item.text, sorted(stories))
        # three outlets tell each story: no more independent reports than that
        assert item.independent <= 3, item.text
        # another story's figure is not another outlet's version of this one
        for d in item.discrepancies:
            for version in d.versions:
                assert {story_of[a] for a in version.sources} == stories, (item.text, d)


def test_a_timeline_event_and_a_quote_belong_to_one_story(day):
    brief, story_of = day
    for event in brief.timeline:
        assert len({story_of[a] for a in event.sources}) == 1, event.text
    remarks = [q for q in brief.quotes if q.text.startswith("We are confident")]
    assert {q.speaker for q in remarks} <= {s[3] for s in STORIES.values()}
    for q in remarks:
        assert len({story_of[a] for a in q.sources}) == 1, (q.speaker, q.sources)
