"""`briefgen verify`: a built brief checked against its sources, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_cli

from briefgen.errors import InputError
from briefgen.verify import pdf_attachment

# the CLI tests' articles: a chip-rules story and a lithium deal
ARTICLE = test_cli.ARTICLE
BODIES = test_cli.BODIES[:2]

JSON = "out/brief-2026-11-23.json"


@pytest.fixture
def built(tmp_path: Path, briefgen_main) -> Path:
    """A project built to out/brief-2026-11-23.json."""
    (tmp_path / "articles").mkdir()
    for i, (title, source, body) in enumerate(BODIES):
        (tmp_path / "articles" / f"{i}.md").write_text(
            ARTICLE.format(title=title, source=source, body=body)
        )
    (tmp_path / "briefgen.yaml").write_text(
        "title: Test Brief\ninputs: [articles]\nformats: [json]\ndate: 2026-11-23\n"
        "sections:\n  - {theme: ai, max_items: 2}\n  - {theme: critical_minerals, max_items: 2}\n"
    )
    ran = briefgen_main("build", "-q", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    return tmp_path


def _first_key_point(project: Path) -> tuple[str, str]:
    """The first key point's text and the path of the article its first span is in."""
    brief = json.loads((project / JSON).read_text())
    kp = brief["key_points"][0]
    paths = {a["id"]: a["path"] for a in brief["articles"]}
    return kp["text"], paths[kp["spans"][0]["article"]]


def _quoting(brief: dict) -> list[dict]:
    """Everything in a brief's JSON that quotes its sources by spans."""
    items = brief["key_points"] + [i for s in brief["sections"] for i in s["items"]]
    versions = [v for it in items for d in it["discrepancies"] for v in d["versions"]]
    return items + versions + brief.get("timeline", [])


def test_a_fresh_brief_verifies(built, briefgen_main):
    ran = briefgen_main("verify", JSON, cwd=built)
    brief = json.loads((built / JSON).read_text())
    assert all(len(a["content_hash"]) == 64 for a in brief["articles"])
    quoting = _quoting(brief)
    spans = sum(len(q["spans"]) for q in quoting)
    assert (ran.returncode, ran.stdout) == (
        0,
        f"verify: ok: {len(quoting)} items, {spans} spans, {len(brief['articles'])} articles\n",
    )
    assert briefgen_main("verify", "-q", JSON, cwd=built).stdout == ""


def test_a_timeline_event_is_checked_too(built, briefgen_main):
    data = json.loads((built / JSON).read_text())
    kp = data["key_points"][0]
    event = {"when": "2026-11-23", "label": "23 Nov 2026", "text": kp["text"] + " Extra."}
    data["timeline"] = [{**event, "sources": kp["sources"][:1], "spans": kp["spans"][:1]}]
    (built / JSON).write_text(json.dumps(data))
    _, path = _first_key_point(built)
    ran = briefgen_main("verify", JSON, cwd=built)
    assert ran.returncode == 1
    assert ran.stdout.startswith(f"timeline 1: {path}: text at ")


def test_verify_from_another_folder_with_inputs(built, briefgen_main, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    ran = briefgen_main("verify", str(built / JSON), "--inputs", str(built), cwd=elsewhere)
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_one_word_changed_in_a_cited_sentence_names_the_item_and_the_file(built, briefgen_main):
    text, path = _first_key_point(built)
    source = built / path
    word = text.split()[1]
    source.write_text(source.read_text().replace(text, text.replace(word, "CHANGED", 1)))
    ran = briefgen_main("verify", JSON, cwd=built)
    lines = ran.stdout.splitlines()
    assert ran.returncode == 1
    assert f"{path}: content hash differs: the text changed since the build" in lines
    assert any(line.startswith(f"K1: {path}: text at ") and "CHANGED" in line for line in lines), (
        lines
    )


def test_a_deleted_source_is_a_mismatch(built, briefgen_main):
    _, path = _first_key_point(built)
    (built / path).unlink()
    ran = briefgen_main("verify", JSON, cwd=built)
    assert ran.returncode == 1
    assert any(line.startswith(f"{path}: no longer exists") for line in ran.stdout.splitlines())


def test_a_tampered_span_is_a_mismatch(built, briefgen_main):
    data = json.loads((built / JSON).read_text())
    span = data["key_points"][0]["spans"][0]
    span["start"] += 1
    (built / JSON).write_text(json.dumps(data))
    _, path = _first_key_point(built)
    ran = briefgen_main("verify", JSON, cwd=built)
    assert ran.returncode == 1
    assert ran.stdout.startswith(f"K1: {path}: text at {span['start']}-{span['end']} differs")
    assert len(ran.stdout.splitlines()) == 1


def test_a_span_outside_its_article_is_a_mismatch(built, briefgen_main):
    data = json.loads((built / JSON).read_text())
    data["key_points"][0]["spans"].append(
        {"article": data["articles"][0]["id"], "start": 5, "end": 100_000}
    )
    (built / JSON).write_text(json.dumps(data))
    ran = briefgen_main("verify", JSON, cwd=built)
    assert ran.returncode == 1
    assert "span 5-100000 lies outside the article" in ran.stdout


def test_a_file_that_is_not_a_brief_is_one_error_line(built, briefgen_main):
    (built / "x.json").write_text("[]")
    ran = briefgen_main("verify", "x.json", cwd=built)
    assert ran.returncode == 1
    assert ran.stderr.strip() == (
        "briefgen: error: x.json: not a brief's JSON: the brief: expected an object, got a list"
    )


def test_a_pdf_is_verified_by_its_attached_json(built, briefgen_main):
    assert briefgen_main("build", "-q", "--format", "json,pdf", cwd=built).returncode == 0
    _, path = _first_key_point(built)
    ok = briefgen_main("verify", "out/brief-2026-11-23.pdf", cwd=built)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("verify: ok: ")
    (built / path).unlink()
    gone = briefgen_main("verify", "out/brief-2026-11-23.pdf", cwd=built)
    assert gone.returncode == 1
    assert gone.stdout.startswith(f"{path}: no longer exists")


def test_a_pdf_without_one_attachment_is_refused():
    with pytest.raises(InputError, match="expected one attached file"):
        pdf_attachment(b"%PDF-1.7\n%%EOF\n", "b.pdf")


def test_the_config_s_boilerplate_rules_clean_the_text_again(built, briefgen_main):
    config = built / "briefgen.yaml"
    config.write_text(config.read_text() + "boilerplate:\n  patterns: ['^Filed by desk nine']\n")
    for f in (built / "articles").glob("*.md"):
        f.write_text(f.read_text() + "\nFiled by desk nine on the quay.\n")
    assert briefgen_main("build", "-q", cwd=built).returncode == 0
    without = briefgen_main("verify", JSON, cwd=built)
    assert without.returncode == 1 and "content hash differs" in without.stdout
    ran = briefgen_main("verify", JSON, "-c", "briefgen.yaml", cwd=built)
    assert (ran.returncode, ran.stdout.startswith("verify: ok: ")) == (0, True), ran.stdout


def test_inputs_outside_the_project_are_checked_in_the_copy_named_by_inputs(
    tmp_path_factory, briefgen_main
):
    news = tmp_path_factory.mktemp("news")
    (news / "port.md").write_text(
        "---\ntitle: Minerals group\nsource: Harbour Times\npublished: 2026-11-23\n---\n"
        "Canada and Japan agreed on Monday to set up a joint working group on critical minerals "
        "and rare earth processing that will meet nine times a year, the trade ministry said.\n",
        encoding="utf-8",
    )
    desk = tmp_path_factory.mktemp("desk")
    ran = briefgen_main("build", "-q", "-i", str(news), "--format", "json", cwd=desk)
    assert ran.returncode == 0, ran.stderr
    (brief,) = (desk / "out").glob("*.json")
    copy = tmp_path_factory.mktemp("copy")
    (copy / "port.md").write_text(
        (news / "port.md").read_text(encoding="utf-8").replace("nine times", "ten times"),
        encoding="utf-8",
    )
    same = briefgen_main("verify", str(brief), "--inputs", str(news), cwd=desk)
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.startswith("verify: ok: 2 items")  # the key point and its timeline event
    edited = briefgen_main("verify", str(brief), "--inputs", str(copy), cwd=desk)
    assert edited.returncode == 1
    assert "port.md: content hash differs" in edited.stdout
