"""The seeds' who's who and quotes ledger: the three officials once each, with their roles, and
the spokesperson's and the minister's quotes with the outlets that carry them; the blocks in
every format, verified, and off by config. Built in this process (``briefgen_main``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds absent")


@pytest.fixture
def built(tmp_path_factory, briefgen_main):
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, root / "in")
    out = root / "out"
    build = briefgen_main(
        *("build", "--input", str(root / "in"), "--out", str(out)),
        *("--date", "2026-01-18", "--format", "json,md,txt,html"),
        cwd=root,
    )
    assert build.returncode == 0, build.stderr
    (brief,) = out.glob("*.json")
    return root, out, json.loads(brief.read_text(encoding="utf-8"))


def test_people_name_the_three_officials_once_each_with_their_roles(built):
    _, _, data = built
    people = data["people"]
    roles = {p["name"]: p["role"] for p in people}
    assert roles["S Jaishankar"] == "External Affairs Minister"
    assert roles["Toshimitsu Motegi"] == "Japanese Foreign Minister"
    assert roles["Randhir Jaiswal"] == "MEA Spokesperson"
    for surname in ("Jaishankar", "Motegi", "Jaiswal"):
        assert sum(1 for p in people if surname in p["name"]) == 1
    jaishankar = next(p for p in people if p["name"] == "S Jaishankar")
    assert {"S. Jaishankar", "Dr. S. Jaishankar", "Jaishankar"} <= set(jaishankar["aliases"])
    assert len(jaishankar["sources"]) == 5 and jaishankar["citations"]


def test_organizations_hold_the_working_group_with_its_acronym(built):
    _, _, data = built
    orgs = {o["name"]: o for o in data["organizations"]}
    group = next(o for name, o in orgs.items() if name.startswith("Joint Working Group on"))
    assert "JWG" in group["aliases"] and len(group["sources"]) >= 4


def test_quotes_ledger_has_the_spokesperson_and_the_minister_with_outlets(built):
    _, _, data = built
    by_speaker: dict[str, list[dict]] = {}
    for q in data["quotes"]:
        by_speaker.setdefault(q["speaker"], []).append(q)
    assert any(
        q["text"].startswith("Today, the ministers launched") for q in by_speaker["Randhir Jaiswal"]
    )
    assert any(q["text"].startswith("Our partnership holds") for q in by_speaker["S Jaishankar"])
    for q in data["quotes"]:
        assert q["citations"] and len(q["citations"]) == len(q["sources"])
    listed = {a["id"] for a in data["articles"]}
    assert all(s in listed for q in data["quotes"] for s in q["sources"])


def test_every_format_shows_the_blocks(built):
    _, out, _ = built
    text = {p.suffix: p.read_text(encoding="utf-8") for p in out.glob("brief-*.*")}
    assert "## Who's who" in text[".md"] and "## Quotes" in text[".md"]
    assert "WHO'S WHO" in text[".txt"] and "QUOTES" in text[".txt"]
    assert 'id="whos-who"' in text[".html"] and 'id="quotes"' in text[".html"]
    assert "Randhir Jaiswal, MEA Spokesperson" in text[".txt"]


def test_verify_checks_quotes_and_names_and_names_the_edited_quote(built, briefgen_main, tmp_path):
    root, out, data = built
    (brief,) = out.glob("*.json")
    ok = briefgen_main("verify", str(brief), cwd=root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    # a copy of the inputs with the minister's quote reworded in its one source
    edited = tmp_path / "in"
    shutil.copytree(root / "in", edited)
    quote = next(q for q in data["quotes"] if q["text"].startswith("Our partnership holds"))
    path = next(a["path"] for a in data["articles"] if a["id"] == quote["sources"][0])
    target = edited / Path(path).name
    target.write_text(
        target.read_text(encoding="utf-8").replace("immense potential", "some potential"),
        encoding="utf-8",
    )
    bad = briefgen_main("verify", str(brief), "--inputs", str(edited), cwd=root)
    assert bad.returncode == 1
    number = data["quotes"].index(quote) + 1
    assert f"quote {number}" in bad.stdout + bad.stderr


def test_config_switches_turn_each_block_off(tmp_path, briefgen_main):
    shutil.copytree(SEEDS, tmp_path / "in")
    (tmp_path / "briefgen.yaml").write_text(
        "inputs: [in]\npeople: false\norganizations: {enabled: false}\nquotes: {enabled: false}\n"
        "formats: [json, md]\n",
        encoding="utf-8",
    )
    build = briefgen_main("build", "--date", "2026-01-18", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    (brief,) = (tmp_path / "out").glob("*.json")
    data = json.loads(brief.read_text(encoding="utf-8"))
    assert (data["people"], data["organizations"], data["quotes"]) == ([], [], [])
    (md,) = (tmp_path / "out").glob("*.md")
    assert "Who's who" not in md.read_text(encoding="utf-8")


def test_a_gazetteer_supplies_a_role_the_articles_do_not_give(tmp_path, briefgen_main):
    shutil.copytree(SEEDS, tmp_path / "in")
    (tmp_path / "briefgen.yaml").write_text(
        "inputs: [in]\nformats: [json]\n"
        "people: [{name: Toshihiro Kitamura, role: Press Secretary}, Sanae Takaichi]\n",
        encoding="utf-8",
    )
    build = briefgen_main("build", "--date", "2026-01-18", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    (brief,) = (tmp_path / "out").glob("*.json")
    people = {p["name"]: p for p in json.loads(brief.read_text(encoding="utf-8"))["people"]}
    # the articles' own role wins; the gazetteer's is a fallback
    assert people["Toshihiro Kitamura"]["role"] == "Japanese Foreign Ministry spokesperson"
    assert "Sanae Takaichi" in people
