"""Cleaning, line joining and sentence splitting stay linear in the size of an article.

    python benchmarks/bench_text_linear.py [--sizes 1 4 16] [--shapes wrapped prose ...]

Each shape is hostile or odd text of the given sizes (MB of characters):
- ``wrapped``: a paragraph hard-wrapped over hundreds of thousands of lines ending in ","
  (line joining was quadratic on it: 4 MB took 17 s);
- ``prose``: hard-wrapped sentences with abbreviations, so Punkt has real work;
- ``longline``: one line without a space; ``tinylines``: a million-odd two-character lines;
- ``dots``: one line of full stops; ``nested``: brackets and quotes opened, then closed.

Timed (CPU time of this process, so other jobs on the machine count less): ``prepare_article``
(title line, boilerplate cleaning, line joining, blocks, sentences, credits, content hash), and
the peer in the same run, a plain pass over the same text (``splitlines`` + white space
collapsed + ``" ".join``), which is linear by construction. Printed per shape and size: seconds,
seconds per MB and the ratio to the peer; then the growth exponent (slope of log time over log
size, 1 = linear, 2 = quadratic) of both. The ratio and the exponent are the result, not the
lone times.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from functools import partial

from briefgen.model import Document
from briefgen.text.prepare import prepare_article

MB = 2**20


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


def _nested(n: int) -> str:
    half = n // 2
    return _repeat('("[')(half) + _repeat(']")')(n - half)


SHAPES: dict[str, Callable[[int], str]] = {
    "wrapped": _repeat("the ministry of mines will review exports of critical minerals,\n"),
    "prose": _repeat(
        "Officials met on Monday. The ministry said exports of lithium would\n"
        "rise by 4 per cent. Mr. Lee of the port authority said the plan was sound.\n"
    ),
    "longline": _repeat("minerals"),
    "tinylines": _repeat("a\n"),
    "dots": _repeat("."),
    "nested": _nested,
}


def peer(text: str) -> str:
    """A linear pass over every line: what any reader of the text must at least spend."""
    return " ".join(" ".join(line.split()) for line in text.splitlines())


def timed(fn: Callable[[], object]) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def slope(sizes: list[float], times: list[float]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-6)) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 4, 16], help="MB of text")
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    args = ap.parse_args(argv)
    prepare_article(Document(path="warm.txt", text="Warm up. Load Punkt."), "warm")
    print(f"{'shape':10} {'MB':>5} {'prepare s':>10} {'s/MB':>7} {'peer s':>8} {'ratio':>7}")
    summary = []
    for name in args.shapes:
        t_prep, t_peer = [], []
        for size in args.sizes:
            text = SHAPES[name](int(size * MB))
            doc = Document(path=f"{name}.txt", text=text)
            tp = timed(partial(prepare_article, doc, name))
            tq = timed(partial(peer, text))
            t_prep.append(tp)
            t_peer.append(tq)
            ratio = tp / max(tq, 1e-6)
            print(
                f"{name:10} {size:5g} {tp:10.2f} {tp / size:7.2f} {tq:8.3f} {ratio:7.1f}",
                flush=True,
            )
        summary.append((name, slope(args.sizes, t_prep), slope(args.sizes, t_peer)))
    if len(args.sizes) > 1:
        print("\ngrowth exponent (log-log slope; 1 = linear, 2 = quadratic)")
        for name, s_prep, s_peer in summary:
            print(f"{name:10} prepare {s_prep:5.2f}   peer {s_peer:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
