"""`briefgen eval`: ROUGE of the summarizer against human references, per cluster and on average.

Layout: ``DATASET/clusters/<id>/docs/*`` (articles, read as ``briefgen summarize`` reads them),
``DATASET/clusters/<id>/refs/*.txt`` (one reference summary each) and an optional
``DATASET/clusters/<id>/topic.txt`` (first line a title, the rest a narrative: the query).
An update cluster has ``A/`` (earlier articles, already read) and ``B/`` (later ones) instead of
``docs/``: its summary is of B for a reader who has read A (``summarize --seen``), and its
references say what B adds.
Peers, other systems' summaries, are scored alongside when ``DATASET/peers/<system>/<id>.txt``
exist. Scores are ROUGE-1 and ROUGE-2 recall x100 from the ``rouge-score`` library with Porter
stemming and stopwords kept, averaged over a cluster's references; every summary, ours or a
peer's, is cut at ``words`` words first, as the benchmarks this mirrors do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import InputError, missing_extra


@dataclass(frozen=True)
class Cluster:
    id: str
    docs: Path
    refs: tuple[str, ...]
    query: str | None
    seen: Path | None = None  # an update cluster's earlier articles (docs is then its B/)


def _read(path: Path) -> str:
    """A reference, topic or peer file; unreadable or non-UTF-8 is one clear error."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read as UTF-8 text: {e}") from None


def load_clusters(dataset: str | Path) -> list[Cluster]:
    """Every cluster of ``dataset`` in name order; an InputError when the layout is wrong."""
    root = Path(dataset) / "clusters"
    if not root.is_dir():
        raise InputError(
            f"{dataset}: no clusters/ folder (expected clusters/<id>/docs or A and B, refs)"
        )
    clusters = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        refs = tuple(_read(p) for p in sorted((folder / "refs").glob("*.txt")))
        update = (folder / "A").is_dir() and (folder / "B").is_dir()
        if not ((folder / "docs").is_dir() or update) or not refs:
            raise InputError(
                f"{folder}: needs a docs/ folder (or A/ and B/) and at least one refs/*.txt"
            )
        topic = folder / "topic.txt"
        query = _read(topic).strip() if topic.is_file() else None
        docs, seen = (folder / "B", folder / "A") if update else (folder / "docs", None)
        clusters.append(Cluster(folder.name, docs, refs, query or None, seen))
    if not clusters:
        raise InputError(f"{root}: no clusters")
    return clusters


def cut(text: str, words: int) -> str:
    """The first ``words`` whitespace-separated words of ``text``."""
    return " ".join(text.split()[:words])


@lru_cache(maxsize=1)
def _scorer() -> Any:
    """rouge-score's scorer, imported on first use: it ships in the ``eval`` extra only."""
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise missing_extra("rouge_score", "eval", "briefgen eval") from None
    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def rouge_recall(summary: str, refs: tuple[str, ...]) -> tuple[float, float]:
    """ROUGE-1 and ROUGE-2 recall x100, averaged over ``refs``."""
    scorer = _scorer()
    r1 = r2 = 0.0
    for ref in refs:
        s = scorer.score(ref, summary)
        r1 += s["rouge1"].recall
        r2 += s["rouge2"].recall
    return 100 * r1 / len(refs), 100 * r2 / len(refs)


def _peers(dataset: Path) -> dict[str, Path]:
    folder = dataset / "peers"
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_dir()}


def run_eval(
    dataset: str | Path, words: int = 100, algorithm: str = "coverage", use_topic: bool = True
) -> Iterator[str]:
    """Lines of the report: a header, one line per cluster, then the mean."""
    from .pipeline import summarize_paths
    from .select import get_summarizer

    get_summarizer(algorithm)  # an unknown name fails before any work
    _scorer()  # and so does a missing eval extra
    dataset = Path(dataset)
    clusters = load_clusters(dataset)
    peers = _peers(dataset)
    systems = [algorithm] + [p for p in peers if p != algorithm]
    width = max(12, *(len(c.id) for c in clusters))
    yield (
        f"{len(clusters)} clusters, {words} words, ROUGE recall x100 (stemmed, stopwords kept, "
        f"averaged over references){'; topic.txt as query' if use_topic else ''}"
    )
    yield f"{'cluster':<{width}}" + "".join(
        f"  {s[:12]:>12} {'R-1':>5} {'R-2':>5}" for s in systems
    )
    totals = {s: [0.0, 0.0, 0] for s in systems}
    for c in clusters:
        row = f"{c.id:<{width}}"
        for s in systems:
            if s == algorithm:
                items = summarize_paths(
                    [str(c.docs)],
                    words=words,
                    query=c.query if use_topic else None,
                    algorithm=algorithm,
                    seen=[str(c.seen)] if c.seen else (),
                )
                text = "\n".join(it.text for it in items)
            else:
                peer = peers[s] / f"{c.id}.txt"
                if not peer.is_file():
                    row += f"  {'':>12} {'-':>5} {'-':>5}"
                    continue
                text = _read(peer)
            r1, r2 = rouge_recall(cut(text, words), c.refs)
            totals[s][0] += r1
            totals[s][1] += r2
            totals[s][2] += 1
            row += f"  {'':>12} {r1:5.2f} {r2:5.2f}"
        yield row
    mean = f"{'mean':<{width}}"
    for s in systems:
        n = totals[s][2]
        mean += (
            f"  {'':>12} {totals[s][0] / n:5.2f} {totals[s][1] / n:5.2f}"
            if n
            else f"  {'':>12} {'-':>5} {'-':>5}"
        )
    yield mean
