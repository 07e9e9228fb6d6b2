"""Two days of briefs end to end: the second knows what the first said (issue 10).

Day 1 briefs an AI rule and a lithium deal. Day 2 has the lithium deal again (two outlets
repeating it), a new graphite mine and news from the new AI office: the deal is developing and
demoted, everything else is new; ``--fresh`` forgets; a rebuild replaces its day; ``briefgen
history`` finds past items; out/index.html links both days.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

ARTICLE = """---
title: {title}
source: {source}
published: {day}
---
{body}
"""
DAY1 = {
    "ai": (
        "AI rules",
        "Tech Daily",
        "The government published new rules for artificial intelligence models on Monday. "
        "Developers of large AI systems must now report safety tests to a new office. "
        "The AI office will employ forty engineers, officials said.",
    ),
    "lithium": (
        "Lithium deal",
        "Mining Times",
        "Two companies signed a lithium supply agreement worth $2 billion. "
        "The critical minerals deal covers a refinery and two mines in the north. "
        "Rare earth processing will start in 2028, the firms said.",
    ),
}
DAY2 = {
    "ai2": (
        "AI office",
        "Tech Daily",
        "The new artificial intelligence office hired its first director on Tuesday. "
        "The AI office will publish its first safety report in March, the director said.",
    ),
    "graphite": (
        "Graphite mine",
        "Delta Post",
        "A graphite mine in the south began production on Tuesday after a decade of delays. "
        "The critical minerals project will supply graphite to battery makers in three countries.",
    ),
    "lithium-again": (
        "Lithium deal recap",
        "Coast Herald",
        "Two companies signed a lithium supply agreement worth $2 billion. "
        "The critical minerals deal covers a refinery and two mines in the north. "
        "Shares in both firms rose sharply in early trading.",
    ),
    "lithium-river": (
        "Lithium pact",
        "River Gazette",
        "Two mining companies signed a lithium supply agreement worth $2 billion on Monday. "
        "The critical minerals deal covers a refinery and two mines in the north of the country.",
    ),
}
DEAL = "Two mining companies signed a lithium supply agreement worth $2 billion on Monday."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder, day, articles in (("day1", "2026-11-23", DAY1), ("day2", "2026-11-24", DAY2)):
        (tmp_path / folder).mkdir()
        for name, (title, source, body) in articles.items():
            text = ARTICLE.format(title=title, source=source, day=day, body=body)
            (tmp_path / folder / f"{name}.md").write_text(text)
    (tmp_path / "briefgen.yaml").write_text(
        "title: Test Brief\nformats: [json, html, md, txt]\nkey_points: {count: 2}\n"
        "sections:\n  - {theme: ai, max_items: 2}\n  - {theme: critical_minerals, max_items: 2}\n"
    )
    return tmp_path


def build(briefgen_main, project: Path, day: str, *flags: str) -> dict:
    done = briefgen_main("build", "-i", day, *flags, cwd=project)
    assert done.returncode == 0, done.stderr
    (json_path,) = [p for p in done.stdout.split() if p.endswith(".json")]
    return json.loads((project / json_path).read_text())


def marks(brief: dict) -> list[tuple[str, str, str | None]]:
    items = brief["key_points"] + [it for s in brief["sections"] for it in s["items"]]
    return [(it["text"][:24], it["novelty"], it["seen"]) for it in items]


def test_the_second_day_marks_the_repeated_story_developing_and_demotes_it(project, briefgen_main):
    first = build(briefgen_main, project, "day1")
    # the first brief has nothing to compare with: no marks, no "New since"
    assert {m[1:] for m in marks(first)} == {("", None)} and first["previous_brief"] is None
    fresh = build(briefgen_main, project, "day2", "--fresh")
    assert {m[1:] for m in marks(fresh)} == {("", None)} and fresh["previous_brief"] is None
    # forgetting the history, the deal two outlets repeat is the first key point ...
    assert fresh["key_points"][0]["text"] == DEAL

    second = build(briefgen_main, project, "day2")
    assert second["previous_brief"] == "2026-11-23"
    # ... remembering it, the deal is developing since day 1, last, and everything else is new
    assert marks(second) == [
        ("A graphite mine in the s", "new", None),
        ("The AI office will publi", "new", None),
        ("The new artificial intel", "new", None),
        ("The critical minerals pr", "new", None),
        ("Two mining companies sig", "developing", "2026-11-23"),
    ]
    (deal,) = [it for s in second["sections"] for it in s["items"] if it["text"] == DEAL]
    assert deal["components"]["repeat"] == 0.25

    html = (project / "out" / "brief-2026-11-24.html").read_text()
    assert '<h2 id="new-since-h">New since 23 Nov 2026</h2>' in html
    assert "Developing · first briefed 23 Nov 2026</span>" in html
    txt = (project / "out" / "brief-2026-11-24.txt").read_text()
    assert (
        "NEW SINCE 23 NOV 2026" in txt
        and "(Critical Minerals · single source · 24 Nov 2026 · New)" in txt
    )
    md = (project / "out" / "brief-2026-11-24.md").read_text()
    assert "## New since 23 Nov 2026" in md and "*Developing · first briefed 23 Nov 2026*" in md


def test_a_rebuild_replaces_its_day_and_history_finds_past_items(project, briefgen_main):
    build(briefgen_main, project, "day1")
    build(briefgen_main, project, "day2")
    again = build(briefgen_main, project, "day2")  # the same day again: still compared to day 1
    assert marks(again)[-1] == ("Two mining companies sig", "developing", "2026-11-23")
    with sqlite3.connect(project / ".briefgen" / "history.sqlite") as conn:
        assert conn.execute("SELECT date FROM briefs ORDER BY date").fetchall() == [
            ("2026-11-23",),
            ("2026-11-24",),
        ]
    found = briefgen_main("history", "--search", "LITHIUM supply", cwd=project)
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines() == [
        f"2026-11-24  2.2  developing since 2026-11-23  {DEAL}",
        "2026-11-23  2.1  Two companies signed a lithium supply agreement worth $2 billion.",
    ]
    listed = briefgen_main("history", "--limit", "1", cwd=project).stdout.splitlines()
    assert listed[0] == (
        "2026-11-24  Test Brief  (5 items, 4 new, 1 developing)  out/brief-2026-11-24.json "
        "out/brief-2026-11-24.html out/brief-2026-11-24.md out/brief-2026-11-24.txt"
    )
    assert len(listed) == 6 and not any(line.startswith("2026-11-23") for line in listed)


def test_the_archive_lists_both_days_with_working_relative_links(project, briefgen_main):
    build(briefgen_main, project, "day1")
    build(briefgen_main, project, "day2")
    out = project / "out"
    page = (out / "index.html").read_text()
    days = re.findall(r'<time datetime="([\d-]+)">', page)
    assert days == ["2026-11-24", "2026-11-23"]  # newest first
    links = re.findall(r'<a href="([^"]+)">', page)
    assert links == [f"brief-{day}.{ext}" for day in days for ext in ("html", "md", "txt", "json")]
    assert all((out / href).is_file() for href in links)
    assert "A graphite mine in the south began production" in page  # day 2's first item


def test_a_broken_archive_override_fails_validate_and_build_before_anything_is_written(
    project, briefgen_main
):
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text(
        '{% extends "default:index.html" %}\n{% block masthead %}{{ a.no_such }}{% endblock %}\n'
    )
    checked = briefgen_main("validate", "-i", "day1", cwd=project)
    assert checked.returncode == 1 and "templates/index.html:2: error in template" in checked.stderr
    built = briefgen_main("build", "-i", "day1", cwd=project)
    assert built.returncode == 1 and "index.html" in built.stderr
    assert sorted(p.name for p in (project / "out").glob("*")) == []
    assert not (project / ".briefgen").exists()
