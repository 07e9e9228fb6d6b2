"""Do a big day's citations stay within their story? briefgen against alignment alone.

    python benchmarks/bench_citations.py [--articles 2000] [--seed 12] [--work DIR]

``synth.py`` writes a day whose every article tells one known story (its own telling, a wire
copy, a rewrite), with stories written to shared formulas: "X tightened export controls on
Y", "an audit found the model failed N of M tasks". So sentences of different stories often
read alike but for a name, a subject or a number, as market reports and policy news do.

briefgen builds the day's brief in this process (all four themes). For every item, the
item's story is its representative's (the first span); a citation is *in story* when its
article tells that story. Reported for briefgen and, on the very same items, for the peer:
alignment alone, which cites every article with a sentence as similar to the item's as
``selection.near_duplicate`` (``align.support``, what a summarizer that clusters by similarity
cites). Also reported for briefgen:
- discrepancy versions credited to articles of other stories (another audit's number shown
  as a version of this one);
- carriers missed: articles of the item's story whose text holds the item's sentence word
  for word but that the item does not cite (what being strict could cost).
The ideal is 100% in story, 0 versions from other stories, 0 carriers missed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

CONFIG = synth.config("Citations benchmark", "json", history=False)


def _project(work: Path, n: int, seed: int) -> tuple[Path, dict[str, int]]:
    """The day's project folder (written once per size and seed) and each file's story."""
    root = work / f"citations-{n}-{seed}"
    day = synth.day(n, seed)
    articles = root / "articles"
    if not (root / "briefgen.yaml").is_file():
        articles.mkdir(parents=True, exist_ok=True)
        for name, text, _ in day:
            (articles / name).write_text(text, encoding="utf-8")
        (root / "briefgen.yaml").write_text(CONFIG, encoding="utf-8")
    return root, {f"articles/{name}": story for name, _, story in day}


def _share(good: int, total: int) -> str:
    return f"{100 * good / total:5.1f}%" if total else "    –"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench")
    args = ap.parse_args(argv)

    import numpy as np

    from briefgen.config import load_config
    from briefgen.pipeline import corpus_for, make_brief
    from briefgen.select import make_pool
    from briefgen.select.align import similarity, support

    root, story_of = _project(args.work, args.articles, args.seed)
    config = load_config(root / "briefgen.yaml")
    corpus = corpus_for(config)
    start = time.perf_counter()
    brief, _ = make_brief(config, corpus)
    took = time.perf_counter() - start
    by_id = {a.id: a for a in corpus.articles}
    story = {a.id: story_of[Path(a.path).as_posix()] for a in corpus.articles}
    pool = make_pool(corpus.articles, config.selection)
    unit_at = {(pool.articles[u.article].id, u.start): i for i, u in enumerate(pool.units)}

    items = list(brief.key_points) + [it for s in brief.sections for it in s.items]
    ours = [0, 0]  # citations in story, all
    peer = [0, 0]
    items_out = [0, 0]  # items citing another story: ours, peer's
    versions_out = versions = 0
    missed = carriers = 0
    for it in items:
        rep = it.spans[0]
        home = story[rep.article]
        cited = list(it.sources)
        inside = sum(story[a] == home for a in cited)
        ours[0] += inside
        ours[1] += len(cited)
        items_out[0] += inside < len(cited)
        unit = unit_at.get((rep.article, rep.start))
        if unit is not None:
            sims = similarity(pool, np.array([unit])).toarray().ravel()
            found = support(pool, unit, sims, config.selection.near_duplicate)
            arts = list(dict.fromkeys(pool.articles[pool.units[u].article].id for u in found))
            good = sum(story[a] == home for a in arts)
            peer[0] += good
            peer[1] += len(arts)
            items_out[1] += good < len(arts)
        for d in it.discrepancies:
            for v in d.versions:
                versions += len(v.sources)
                versions_out += sum(story[a] != home for a in v.sources)
        text = by_id[rep.article].text[rep.start : rep.end]
        for a in corpus.articles:
            if story[a.id] == home and text in a.text:
                carriers += 1
                missed += a.id not in cited

    print(f"{args.articles} synthetic articles, {len(items)} items; selection {took:.1f} s")
    print(f"{'':38s} | {'briefgen':>9s} | {'peer':>9s}")
    print("-" * 64)
    print(f"{'citations':38s} | {ours[1]:9d} | {peer[1]:9d}")
    in_story = f"{_share(*ours):>9s} | {_share(*peer):>9s}"
    print(f"{'citations in the item story':38s} | {in_story}")
    print(f"{'items citing another story':38s} | {items_out[0]:9d} | {items_out[1]:9d}")
    print(f"{'version sources from other stories':38s} | {versions_out:9d} | {'–':>9s}")
    print(f"{'story carriers of the exact sentence':38s} | {carriers:9d} |")
    print(f"{'... of them not cited':38s} | {missed:9d} |")
    if ours[1] and peer[1] and peer[0] < peer[1]:
        off = (1 - ours[0] / ours[1]) / (1 - peer[0] / peer[1])
        print(f"citations outside the story, briefgen / peer: {off:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
