"""Sentence-boundary benchmark: briefgen's splitter against its peers, in one process.

usage: python benchmarks/sbd_eval.py [SBD_DIR] [--per-paragraph] [--show-failures]

SBD_DIR defaults to ../shared/eval/sbd beside the checkout. Prints, per splitter, exact matches
on the 48 English Golden Rules and sentence-level precision / recall / F1 on UD English Web
Treebank dev (a predicted sentence counts when its character span equals a gold sentence's).
Peers: bare ``PunktSentenceTokenizer()`` (no trained parameters) and pysbd when importable
(a benchmark-only dependency: ``pip install pysbd``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefgen.text import split_sentences  # noqa: E402

Span = tuple[int, int]
Splitter = Callable[[str], list[Span]]
DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "sbd"


def locate(text: str, pieces: Iterable[str]) -> list[Span]:
    """Spans of ``pieces`` found in order in ``text`` (pieces that cannot be found are skipped)."""
    spans, pos = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, pos)
        if at < 0:
            continue
        spans.append((at, at + len(piece)))
        pos = at + len(piece)
    return spans


def splitters() -> dict[str, Splitter]:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    bare = PunktSentenceTokenizer()
    found: dict[str, Splitter] = {
        "briefgen": split_sentences,
        "punkt (bare)": lambda t: list(bare.span_tokenize(t)),
    }
    try:
        import pysbd
    except ImportError:
        print("pysbd not installed: peer skipped (pip install pysbd)", file=sys.stderr)
    else:
        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd " + getattr(pysbd, "__version__", "")] = lambda t: locate(t, seg.segment(t))
    return found


def golden(split: Splitter, cases: list[dict], failures: list[str]) -> int:
    hits = 0
    for case in cases:
        text = case["text"]
        got = [text[s:e] for s, e in split(text)]
        if got == case["expected"]:
            hits += 1
        else:
            failures.append(f"  rule {case['id']} {case['rule']}: {got}")
    return hits


def ud_scores(split: Splitter, docs: list[dict], per_paragraph: bool) -> tuple[float, float, float]:
    tp = n_pred = n_gold = 0
    for doc in docs:
        text = doc["text"]
        gold = set(locate(text, doc["sentences"]))
        if per_paragraph:
            pred, pos = set(), 0
            for para in text.split("\n\n"):
                pred.update((pos + s, pos + e) for s, e in split(para))
                pos += len(para) + 2
        else:
            pred = set(split(text))
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sbd_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument(
        "--per-paragraph",
        action="store_true",
        help="split UD documents at blank lines before calling each splitter",
    )
    ap.add_argument("--show-failures", action="store_true", help="list failed golden rules")
    args = ap.parse_args(argv)
    if not (args.sbd_dir / "golden_rules_en.json").is_file():
        ap.error(
            f"no gold data in {args.sbd_dir}: pass the folder holding golden_rules_en.json "
            "and ud_ewt_dev.jsonl (the team's ../shared/eval/sbd)"
        )
    rules = json.loads((args.sbd_dir / "golden_rules_en.json").read_text(encoding="utf-8"))
    with (args.sbd_dir / "ud_ewt_dev.jsonl").open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh if line.strip()]

    n_gold = sum(len(d["sentences"]) for d in docs)
    mode = "per paragraph" if args.per_paragraph else "whole documents"
    print(
        f"golden rules: {len(rules['cases'])} cases; UD EWT dev: {len(docs)} documents, "
        f"{n_gold} sentences ({mode})\n"
    )
    header = f"{'splitter':<16} {'golden':>8} {'P':>7} {'R':>7} {'F1':>7} {'UD time':>9}"
    print(header)
    print("-" * len(header))
    for name, split in splitters().items():
        failures: list[str] = []
        hits = golden(split, rules["cases"], failures)
        t0 = time.perf_counter()
        p, r, f1 = ud_scores(split, docs, args.per_paragraph)
        secs = time.perf_counter() - t0
        print(
            f"{name:<16} {hits:>4}/{len(rules['cases']):<3} {p:7.3f} {r:7.3f} {f1:7.3f} "
            f"{secs:8.2f}s"
        )
        if args.show_failures and failures:
            print("\n".join(failures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
