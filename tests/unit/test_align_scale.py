"""Copy detection without N x N matrices finds exactly the copies the dense algorithm found.

``dense_find_copies`` below is the algorithm as it was before it was made near-linear (issue 12),
kept verbatim as the reference: old and new are compared on the seeds, the bundled samples,
every fixture folder of articles and generated days with wire copies, edited endings and
credited rewrites.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.config import SAMPLES_DIR
from briefgen.model import Article, Document
from briefgen.select import align
from briefgen.select.align import find_copies
from briefgen.select.features import analyse, incidence
from briefgen.sources import read_inputs
from briefgen.text import content_terms, prepare_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path(os.environ.get("BRIEFGEN_SEEDS", "/work/shared/seeds"))


# --- the reference: find_copies as it was, dense ------------------------------------------


def _dense_keys(text: str) -> list[str]:
    stems, stops = analyse(text)
    content = [s for s, st in zip(stems, stops, strict=True) if not st]
    if len(content) < 5:
        return []
    return ["=" + " ".join(content), "<" + " ".join(content[:8]), ">" + " ".join(content[-8:])]


def _dense_origin(articles: Sequence[Article], group: Sequence[int]) -> int:
    counts = Counter(c for i in group for c in set(articles[i].credits))

    def key(i: int) -> tuple[bool, bool, date, int]:
        a = articles[i]
        carrier = not a.retold and any(counts[c] > 1 for c in a.credits)
        return (not carrier, a.published is None, a.published or date.min, i)

    return min(group, key=key)


def _dense_retellings(articles: Sequence[Article]) -> np.ndarray:
    n = len(articles)
    credits, _ = incidence([a.credits for a in articles])
    same_agency = (credits @ credits.T).toarray() > 0
    np.fill_diagonal(same_agency, False)
    if not same_agency.any():
        return same_agency
    words, _ = incidence([content_terms(a.text) for a in articles])
    overlap = (words @ words.T).toarray().astype(np.float64)
    sizes = np.sqrt(np.diag(overlap))
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.nan_to_num(overlap / np.outer(sizes, sizes))
    return same_agency & (cosine >= 0.45) & ~np.eye(n, dtype=bool)


def dense_find_copies(articles: Sequence[Article]) -> dict[str, str]:
    if len(articles) < 2:
        return {}
    per_article = []
    for a in articles:
        keys = [_dense_keys(s.text) for s in a.sentences if s.kind != "heading"]
        per_article.append([k for k in keys if k])
    sizes = np.array([len(k) for k in per_article], dtype=np.float64)
    overlaps = []
    for kind in range(3):
        rows = [[keys[kind] for keys in art] for art in per_article]
        h, _ = incidence(rows)
        overlaps.append((h @ h.T).toarray())
    shared = np.maximum.reduce(overlaps)
    np.fill_diagonal(shared, 0)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    need = np.maximum(np.minimum(2.0, smaller), np.ceil(0.5 * smaller))
    is_copy = (shared >= need) & (smaller > 0)
    is_copy |= _dense_retellings(articles)
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(is_copy)), strict=True):
        ri, rj = root(int(i)), root(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        origin = _dense_origin(articles, group)
        out.update({articles[i].id: articles[origin].id for i in group if i != origin})
    return {a.id: out[a.id] for a in articles if a.id in out}


# --- real folders ---------------------------------------------------------------------------


def _folder(path: Path) -> list[Article]:
    """The folder's articles as the pipeline prepares them, before copies are marked."""
    docs = read_inputs([str(path)], path).documents
    arts = [prepare_article(d, f"a{i:02d}") for i, d in enumerate(docs, 1)]
    return [a for a in arts if a.sentences]


def _article_folders() -> list[Path]:
    folders = {SAMPLES_DIR}
    for base in (ROOT / "tests" / "fixtures", ROOT / "examples"):
        for f in base.rglob("*"):
            if f.is_file() and f.suffix in {".md", ".txt", ".html", ".json", ".jsonl"}:
                if "bad" not in f.parts and f.name != "README.md" and "refs" not in f.parts:
                    folders.add(f.parent)
    return sorted(folders)


FOLDERS = _article_folders()


@pytest.mark.parametrize("folder", FOLDERS, ids=[str(f.relative_to(ROOT)) for f in FOLDERS])
def test_same_copies_as_the_dense_algorithm_on_every_fixture_folder(folder):
    arts = _folder(folder)
    assert find_copies(arts) == dense_find_copies(arts)


def test_same_copies_on_all_fixtures_read_as_one_day():
    arts = [a for f in FOLDERS for a in _folder(f)]
    arts = [replace(a, id=f"a{i:03d}") for i, a in enumerate(arts)]
    copies = find_copies(arts)
    assert copies == dense_find_copies(arts)
    assert len(copies) >= 5  # the fixtures' wire copies and retellings are among them


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder is not on this machine")
def test_same_copies_on_the_seeds_and_their_republications():
    seeds = _folder(SEEDS)
    assert find_copies(seeds) == dense_find_copies(seeds)
    # each seed republished under another outlet, one with its last paragraph cut
    again = [replace(a, id=f"b{i}", source="Other Outlet") for i, a in enumerate(seeds)]
    again[0] = replace(again[0], sentences=again[0].sentences[:-1])
    day = seeds + again
    assert find_copies(day) == dense_find_copies(day)
    before = find_copies(seeds)  # a01 retells a02 (both credit ANI)
    assert before == {"a01": "a02"}
    origins = [find_copies(day)[f"b{i}"] for i in range(len(seeds))]
    assert origins == [before.get(a.id, a.id) for a in seeds]


# --- generated days ---------------------------------------------------------------------------

# Sentences of my own, five content words or more each, on a few subjects.
BANK = [
    "The port authority said container traffic rose sharply in the third quarter.",
    "Dockworkers voted to extend their strike over pay and night shifts.",
    "Shipping lines rerouted vessels around the closed northern terminal.",
    "The central bank raised its benchmark rate by a quarter point on Tuesday.",
    "Mortgage lenders expect higher monthly repayments for variable loans next year.",
    "Economists had forecast the increase after inflation stayed above target.",
    "A magnitude six earthquake struck the coastal province before dawn.",
    "Rescue teams searched collapsed apartment blocks through the night.",
    "The regional governor declared three days of mourning for the victims.",
    "Lithium prices fell for a fourth week as new mines started production.",
    "Battery makers signed long supply contracts with two refiners in Chile.",
    "The ministry published export rules for graphite and rare earth magnets.",
    "Chip equipment suppliers warned that the new controls would cut their sales.",
    "The laboratory released an open language model trained on public records.",
    "Regulators asked developers to test frontier models before public release.",
    "Farmers blocked motorways with tractors to protest falling milk prices.",
    "The football club appointed a former goalkeeper as its new head coach.",
    "Heavy rain flooded railway lines and closed schools across the valley.",
    "The minister said negotiations on the maritime border would resume in spring.",
    "Naval patrols increased near the disputed islands after a collision last month.",
]
ENDINGS = [
    "Readers can follow live updates on our website throughout the evening.",
    "The newsroom will publish a full analysis of the figures tomorrow morning.",
]


@st.composite
def days(draw) -> list[Article]:
    n_stories = draw(st.integers(1, 8))
    stories = [
        draw(st.lists(st.sampled_from(range(len(BANK))), min_size=1, max_size=6, unique=True))
        for _ in range(n_stories)
    ]
    arts: list[Article] = []
    n = draw(st.integers(2, 14))
    for i in range(n):
        story = list(stories[draw(st.integers(0, n_stories - 1))])
        how = draw(st.sampled_from(["copy", "cut", "edited", "mixed"]))
        if how == "cut" and len(story) > 1:
            story = story[:-1]
        elif how == "mixed":
            story = story[: draw(st.integers(0, len(story)))] + draw(
                st.lists(st.sampled_from(range(len(BANK))), max_size=3)
            )
        text = "\n\n".join(BANK[k] for k in story)
        if how == "edited":
            text += "\n\n" + ENDINGS[i % 2]
        if not text:
            text = ENDINGS[i % 2]
        doc = Document(
            path=f"g/{i}.txt",
            text=text,
            title=f"Story {i}",
            source=f"Outlet {i}",
            published=draw(st.sampled_from([None, date(2026, 3, 2), date(2026, 3, 3)])),
        )
        a = prepare_article(doc, f"g{i:02d}")
        credits = draw(st.sampled_from([(), ("reuters",), ("ani",), ("reuters", "ani")]))
        arts.append(replace(a, credits=credits, retold=draw(st.booleans())))
    return [a for a in arts if a.sentences]


@settings(max_examples=150, deadline=None)
@given(days())
def test_same_copies_as_the_dense_algorithm_on_generated_days(arts):
    assert find_copies(arts) == dense_find_copies(arts)


@settings(max_examples=60, deadline=None)
@given(days(), st.integers(1, 3))
def test_same_copies_when_every_word_counts_as_common(arts, cap):
    """With the common-word cap near zero, retellings are found through the "heavy" path."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "COMMON_WORD_CARRIERS", cap)
        mp.setattr(align, "_ROW_BLOCK", 2)
        mp.setattr(align, "_PAIR_CHUNK", 3)
        assert find_copies(arts) == dense_find_copies(arts)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 11), max_size=9), min_size=2, max_size=14),
    st.integers(0, 6),
    st.sampled_from([0.2, 0.45, 0.7, 1.0]),
)
def test_similar_sets_is_exact(rows, cap, threshold):
    w, _ = incidence([[str(t) for t in r] for r in rows])
    size = np.diff(w.indptr).astype(float)
    overlap = (w @ w.T).toarray()
    with np.errstate(divide="ignore", invalid="ignore"):
        cosine = np.nan_to_num(overlap / np.outer(np.sqrt(size), np.sqrt(size)))
    want = {(i, j) for i, j in zip(*np.nonzero(np.triu(cosine >= threshold, k=1)), strict=True)}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(align, "COMMON_WORD_CARRIERS", cap)
        a, b = align._similar_sets(sp.csr_matrix(w), threshold)
    assert set(zip(a.tolist(), b.tolist(), strict=True)) == want


# --- what the caps do at scale ---------------------------------------------------------------


def _outlet_day(n_outlets: int, n_carriers: int, boilerplate: bool) -> list[Article]:
    """A wire story carried by ``n_carriers`` outlets, and one own story per outlet, each
    ending (with ``boilerplate``) on the same newsletter pitch."""
    pitch = "Subscribers receive morning newsletter briefings covering regional business markets."
    arts = []
    for i in range(n_outlets):
        if boilerplate:  # too short to count: the pitch is the one sentence they could share
            text = f"Lanes plan {i} backed.\n\n{pitch}"
        else:
            text = (
                f"Outlet {i} hears the council approved {i + 3} new cycle lanes near the harbour."
            )
        doc = Document(path=f"o/{i}.txt", text=text, title="", source=f"Outlet {i}")
        arts.append(prepare_article(doc, f"o{i:03d}"))
    wire = "\n\n".join(BANK[:4])
    for i in range(n_carriers):
        doc = Document(path=f"w/{i}.txt", text=wire, title="", source=f"Carrier {i}")
        arts.append(prepare_article(doc, f"w{i:03d}"))
    return arts


def test_a_wire_story_carried_by_dozens_of_outlets_is_one_story():
    arts = _outlet_day(60, 60, boilerplate=False)
    copies = find_copies(arts)
    assert copies == dense_find_copies(arts)
    assert copies == {f"w{i:03d}": "w000" for i in range(1, 60)}


def test_a_sentence_in_hundreds_of_articles_is_boilerplate_not_a_copy():
    n = align.MAX_KEY_CARRIERS + 10
    arts = _outlet_day(n, 60, boilerplate=True)
    copies = find_copies(arts)
    # the dense algorithm made every outlet's own story a copy of the first through the pitch
    assert dense_find_copies(arts)["o001"] == "o000"
    assert not any(k.startswith("o") for k in copies)
    assert copies == {f"w{i:03d}": "w000" for i in range(1, 60)}


# --- a day too large for memory -------------------------------------------------------------


def _out_of_memory(*args, **kwargs):
    raise MemoryError("Unable to allocate 3.60 GiB for an array with shape (21994, 21994)")


def test_running_out_of_memory_is_one_line_naming_the_articles_and_the_ways_out(monkeypatch):
    import briefgen.select
    import briefgen.select.brief
    from briefgen.config import BriefConfig
    from briefgen.errors import BuildError
    from briefgen.select import mark_copies, select_brief, summarize

    day = _folder(SAMPLES_DIR)
    marked = list(mark_copies(day))
    monkeypatch.setattr(align, "_shared_keys", _out_of_memory)
    monkeypatch.setattr(briefgen.select.brief, "similarity", _out_of_memory)
    monkeypatch.setattr(briefgen.select, "build_pool", _out_of_memory)
    calls = [
        lambda: mark_copies(day),
        lambda: select_brief(marked, BriefConfig()),
        lambda: summarize(marked, words=50),
    ]
    for call in calls:
        with pytest.raises(BuildError) as caught:
            call()
        message = caught.value.format_message()
        assert "\n" not in message and caught.value.__cause__ is None
        assert f"out of memory building from {len(day)} articles" in message
        assert all(hint in message for hint in ("--since", "--jobs", "dask"))
