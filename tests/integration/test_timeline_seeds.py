"""The seeds' timeline: the dialogue, the visit, the security dialogue and the working group.

The seeds carry no publication dates, so the brief is dated (``--date``) the day after the
dialogue: yearless and vague dates resolve against it (relative ones, "this week", are not
guessed for an undated article). Built in this process (``briefgen_main``), as a user runs it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent")


def test_seeds_timeline_holds_the_four_events_each_cited(tmp_path, briefgen_main):
    out = tmp_path / "out"
    build = briefgen_main(
        *("build", "--input", str(SEEDS), "--out", str(out)),
        *("--date", "2026-01-18", "--format", "json,md"),
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    (brief,) = out.glob("*.json")
    data = json.loads(brief.read_text(encoding="utf-8"))
    events = {e["when"]: e for e in data["timeline"]}
    expected = {
        "2026-01-17": ("17 Jan 2026", "Strategic Dialogue", False),
        "2026-01-15/2026-01-17": ("15–17 Jan 2026", "Motegi", False),
        "2026-H1": ("first half of 2026", "Economic Security Dialogue", True),
        "2026-early": ("early 2026", "Working Group", True),
    }
    for when, (label, words, upcoming) in expected.items():
        e = events[when]
        assert (e["label"], words in e["text"], e["upcoming"]) == (label, True, upcoming)
        assert e["citations"] and len(e["citations"]) == len(e["sources"])
    # three outlets tell of the security dialogue: one event citing them all
    assert len(events["2026-H1"]["sources"]) >= 3
    whens = [e["when"] for e in data["timeline"]]
    assert whens.index("2026-01-17") < whens.index("2026-early") < whens.index("2026-H1")
    (md,) = out.glob("*.md")
    assert "## Timeline" in md.read_text(encoding="utf-8")
