"""Update summarization: what the later articles add, for a reader who has read the earlier ones.

    python benchmarks/bench_update.py [--dataset tests/fixtures/update] [--words 100] [--no-topic]
                                      [--sweep 0,0.1,0.25,0.5,1]

Each cluster of the dataset (``clusters/<id>/A``, ``B``, ``refs``, ``topic.txt``: see its
README) is one developing story: A the earlier articles, B the later ones, and the references
say what B adds to A. Three summaries of ``--words`` words each, in the same run:
- ``seen A``: ``summarize(B, seen=A)`` (``briefgen summarize B --seen A``), the update summary;
- ``plain B``: ``summarize(B)``, as if the reader had read nothing;
- ``A+B``: ``summarize(A and B read together)``, the naive way.
Columns: ROUGE-1 and ROUGE-2 recall x100 against the update references (``briefgen eval``'s
scorer: rouge-score, Porter stemming, stopwords kept, summary cut at ``--words``); ``rep``, the
share of summary sentences that repeat A (a sentence of A itself, or one of B that
``select.update.repeats`` finds A restating: the very test ``--seen`` filters with, so the update
summary scores 0 there by construction); and ``A-bi``, an independent check, the share of the
summary's bigrams (ROUGE-2's tokens) that occur anywhere in A. ``--sweep`` reruns the update
summary with other values of ``weights.SEEN_DISCOUNT``, to show how much that constant decides.
Needs the ``eval`` extra (rouge-score).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from briefgen.config import SelectionConfig
from briefgen.evaluate import Cluster, cut, load_clusters, rouge_recall
from briefgen.model import Article, Item
from briefgen.pipeline import load_articles
from briefgen.select import make_pool, summarize, update, weights

ROOT = Path(__file__).resolve().parents[1]
MODES = ("seen A", "plain B", "A+B")


@dataclass(frozen=True)
class Score:
    r1: float
    r2: float
    sentences: int
    repeats: int
    a_bigrams: float  # share of the summary's bigrams found in A, x100


class Judge:
    """Whether a summary sentence repeats A, and how much of a summary's wording is A's."""

    def __init__(self, a: Sequence[Article], b: Sequence[Article], config: SelectionConfig):
        joint, read = update.join(b, a)
        pool = make_pool(joint, config)
        rep = update.repeats(pool, read)
        self.of_a = {u.text for u, r in zip(pool.units, read[pool.article], strict=True) if r}
        self.b_repeats = {
            u.text: bool(rep[i]) for i, u in enumerate(pool.units) if not read[pool.article[i]]
        }
        self.a_text = "\n".join(x.text for x in a)
        self.scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)

    def repeats(self, text: str) -> bool:
        return text in self.of_a or self.b_repeats.get(text, False)

    def a_bigrams(self, summary: str) -> float:
        return 100 * self.scorer.score(self.a_text, summary)["rouge2"].precision


def score(items: Sequence[Item], cluster: Cluster, judge: Judge, words: int) -> Score:
    text = cut("\n".join(it.text for it in items), words)
    r1, r2 = rouge_recall(text, cluster.refs)
    reps = sum(judge.repeats(it.text) for it in items)
    return Score(r1, r2, len(items), reps, judge.a_bigrams(text) if text else 0.0)


def run(dataset: Path, words: int, use_topic: bool, sweep: Sequence[float]) -> list[str]:
    config = SelectionConfig()
    clusters = [c for c in load_clusters(dataset) if c.seen is not None]
    if not clusters:
        sys.exit(f"{dataset}: no update clusters (clusters/<id>/A, B, refs)")
    rows: dict[str, dict[str, Score]] = {}
    swept: dict[float, list[Score]] = {d: [] for d in sweep}
    for c in clusters:
        a = load_articles([str(c.seen)], ROOT).articles
        b = load_articles([str(c.docs)], ROOT).articles
        both = load_articles([str(c.seen), str(c.docs)], ROOT).articles
        query = c.query if use_topic else None
        judge = Judge(a, b, config)
        rows[c.id] = {
            "seen A": score(summarize(b, words, query, seen=a), c, judge, words),
            "plain B": score(summarize(b, words, query), c, judge, words),
            "A+B": score(summarize(both, words, query), c, judge, words),
        }
        default = weights.SEEN_DISCOUNT
        for d in sweep:
            weights.SEEN_DISCOUNT = d
            try:
                swept[d].append(score(summarize(b, words, query, seen=a), c, judge, words))
            finally:
                weights.SEEN_DISCOUNT = default
    width = max(12, *(len(k) for k in rows))
    out = [
        f"{len(clusters)} update clusters, {words} words, ROUGE recall x100 against the update "
        f"references (stemmed, stopwords kept){'; topic.txt as query' if use_topic else ''}",
        f"{'':<{width}}" + "".join(f"  {m:<24}" for m in MODES),
        f"{'cluster':<{width}}" + f"  {'R-1':>5} {'R-2':>5} {'rep':>5} {'A-bi':>5}  " * 3,
    ]

    def cells(s: Score) -> str:
        rep = f"{s.repeats}/{s.sentences}"
        return f"  {s.r1:5.2f} {s.r2:5.2f} {rep:>5} {s.a_bigrams:5.1f}  "

    for cid, by_mode in rows.items():
        out.append(f"{cid:<{width}}" + "".join(cells(by_mode[m]) for m in MODES))
    mean = {m: _mean([rows[k][m] for k in rows]) for m in MODES}
    out.append(f"{'mean':<{width}}" + "".join(cells(mean[m]) for m in MODES))
    for other in ("plain B", "A+B"):
        s, o = mean["seen A"], mean[other]
        out.append(
            f"seen A / {other}: R-1 x{s.r1 / o.r1:.3f}, R-2 x{s.r2 / o.r2:.3f}; sentences "
            f"repeating A {s.repeats}/{s.sentences} vs {o.repeats}/{o.sentences}; "
            f"bigrams from A {s.a_bigrams:.1f}% vs {o.a_bigrams:.1f}%"
        )
    for d, scores in swept.items():
        m = _mean(scores)
        out.append(
            f"SEEN_DISCOUNT={d:<5g} seen A: R-1 {m.r1:5.2f} R-2 {m.r2:5.2f} "
            f"repeating A {m.repeats}/{m.sentences} bigrams from A {m.a_bigrams:.1f}%"
        )
    return out


def _mean(scores: Sequence[Score]) -> Score:
    """Mean ROUGE and bigram share; sentence and repeat counts summed."""
    return Score(
        float(np.mean([s.r1 for s in scores])),
        float(np.mean([s.r2 for s in scores])),
        sum(s.sentences for s in scores),
        sum(s.repeats for s in scores),
        float(np.mean([s.a_bigrams for s in scores])),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=ROOT / "tests" / "fixtures" / "update")
    ap.add_argument("--words", type=int, default=100)
    ap.add_argument("--no-topic", action="store_true", help="Summarize without topic.txt.")
    ap.add_argument("--sweep", default="", help="Comma-separated SEEN_DISCOUNT values to try.")
    args = ap.parse_args()
    sweep = [float(x) for x in args.sweep.split(",") if x.strip()]
    for line in run(args.dataset, args.words, not args.no_topic, sweep):
        print(line)


if __name__ == "__main__":
    main()
