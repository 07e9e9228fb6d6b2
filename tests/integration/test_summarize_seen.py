"""`briefgen summarize NEW --seen OLD` and `briefgen eval` of an update dataset, end to end on
tests/fixtures/update (four stories, each an earlier batch A and a later batch B)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from briefgen.evaluate import cut, load_clusters, rouge_recall
from briefgen.pipeline import load_articles, summarize_paths

ROOT = Path(__file__).resolve().parents[2]
UPDATE = ROOT / "tests" / "fixtures" / "update"
BRIDGE = UPDATE / "clusters" / "bridge-collapse"


@pytest.fixture
def briefgen(briefgen_main):
    """briefgen(*args) -> Ran: ``briefgen ARGS`` from the repository root."""
    return functools.partial(briefgen_main, cwd=ROOT)


def _sentences(folder: Path) -> set[str]:
    return {s.text for a in load_articles([str(folder)], ROOT).articles for s in a.sentences}


def test_the_update_prints_new_sentences_of_b_and_the_plain_summary_repeats_a(briefgen):
    a, b = str(BRIDGE / "A"), str(BRIDGE / "B")
    r = briefgen("summarize", b, "--seen", a, "--words", "100")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines == [it.text for it in summarize_paths([b], words=100, seen=[a])]
    assert sum(len(line.split()) for line in lines) <= 100
    in_b, in_a = _sentences(BRIDGE / "B"), _sentences(BRIDGE / "A")
    assert all(any(line in s for s in in_b) for line in lines)
    # the recap B's wire stories repeat from A: the plain summary leads with it, the update not
    recap = (
        "A section of the Ostbro road bridge over the Aske river collapsed during the evening "
        "rush hour on April 7, sending cars and a city bus into the water."
    )
    assert recap in [it.text for it in summarize_paths([b], words=100)]
    assert recap not in lines
    assert not any(line in s for line in lines for s in in_a)
    # what B adds: the cause
    assert any("corroded" in line.lower() for line in lines)


def test_seen_is_repeatable_files_or_folders_alike(briefgen):
    b = str(BRIDGE / "B")
    files = sorted(str(p) for p in (BRIDGE / "A").glob("*.md"))
    folder = briefgen("summarize", b, "--seen", str(BRIDGE / "A"), "--format", "json")
    each = briefgen("summarize", b, *[x for f in files for x in ("--seen", f)], "--format", "json")
    assert folder.returncode == each.returncode == 0, folder.stderr + each.stderr
    assert json.loads(each.stdout) == json.loads(folder.stdout)
    # having read less of A leaves more of B new
    half = briefgen("summarize", b, "--seen", files[0], "--format", "json")
    assert json.loads(half.stdout) != json.loads(folder.stdout)


def test_json_items_cite_only_the_new_articles(briefgen):
    r = briefgen("summarize", str(BRIDGE / "B"), "--seen", str(BRIDGE / "A"), "--format", "json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    new_ids = {a.id for a in load_articles([str(BRIDGE / "B")], ROOT).articles}
    assert items
    for it in items:
        assert set(it["sources"]) <= new_ids
        assert {s["article"] for s in it["spans"]} <= new_ids


def test_a_seen_folder_without_articles_is_a_one_line_error(briefgen, tmp_path):
    r = briefgen("summarize", str(BRIDGE / "B"), "--seen", str(tmp_path))
    assert r.returncode == 1
    assert r.stdout == ""
    # the reader's warning for the empty folder, as for PATHs, then the one error line
    *_, line = r.stderr.strip().splitlines()
    assert line == f"briefgen: error: --seen: no articles in {tmp_path}"


def test_eval_of_the_update_dataset_beats_plain_summaries_of_b(briefgen):
    r = briefgen("eval", str(UPDATE), "--words", "100")
    assert r.returncode == 0, r.stderr
    rows = {
        line.split()[0]: [float(x) for x in line.split()[1:]] for line in r.stdout.splitlines()[2:]
    }
    assert set(rows) == {"bridge-collapse", "hospital-hack", "pill-recall", "wildfire", "mean"}
    clusters = load_clusters(UPDATE)
    plain = [
        rouge_recall(
            cut(" ".join(it.text for it in summarize_paths([str(c.docs)], 100, c.query)), 100),
            c.refs,
        )
        for c in clusters
    ]
    update_r1, update_r2 = rows["mean"]
    assert update_r2 > sum(r2 for _, r2 in plain) / len(plain)
    assert update_r1 > sum(r1 for r1, _ in plain) / len(plain)
