"""Time and peak memory of briefgen's selection against sumy's LexRank on the same articles.

    python benchmarks/bench_select.py [--sizes 50,200,1000] [--sumy-max 200] [--words 100]

Articles are synthetic but shaped like a news day: the bundled sample articles are the stories;
every article retells one of them with names, numbers and a third of its sentences varied, and
articles come in events of five that share names (so there is real cross-source overlap). The
generator is seeded: the same sizes give the same articles. Both systems get articles already
split into sentences (ours: prepared Articles; sumy: a parsed document, made with an offline
tokenizer built on briefgen's sentence splitter) and only the summarization is timed: for
briefgen that includes copy detection, features, alignment and the exact solver. Peak memory is
tracemalloc's, measured in a second run so tracing does not slow the timed one. sumy needs the
``bench`` extra (``pip install -e '.[bench]'``); sizes above ``--sumy-max`` skip it, since its
LexRank compares every pair of sentences in Python.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

from briefgen import select
from briefgen.config import SAMPLES_DIR
from briefgen.model import Article, Document
from briefgen.pipeline import load_articles
from briefgen.text import prepare_article, split_sentences

SYLLABLES = "ka lo mi ra ven tor sa li dun mar bel os ti qua ner fa ro zel han pi".split()
_NAME = re.compile(r"\b[A-Z][a-z]{3,}\b")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _vary(sent: str, names: dict[str, str], erng: random.Random, rng: random.Random) -> str:
    """``sent`` with some names swapped for the event's invented ones and some numbers changed."""

    def name(m: re.Match) -> str:
        return names.setdefault(m.group(), _word(erng)) if erng.random() < 0.4 else m.group()

    def number(m: re.Match) -> str:
        return str(rng.randint(2, 990)) if rng.random() < 0.5 else m.group()

    return _NUMBER.sub(number, _NAME.sub(name, sent))


def synthetic_articles(n: int, seed: int = 7) -> list[Article]:
    """``n`` news-like articles, deterministic for a given ``n`` and ``seed``."""
    stories = [a for a in load_articles([str(SAMPLES_DIR)], Path.cwd()).articles]
    bodies = [[s.text for s in a.sentences if s.kind == "sentence"] for a in stories]
    every = [t for b in bodies for t in b]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        event = i // 5
        erng = random.Random(seed * 1_000_003 + event)
        story = bodies[event % len(bodies)]
        names: dict[str, str] = {}
        lines = []
        for k, sent in enumerate(story):
            if k and rng.random() < 0.33:
                sent = rng.choice(every)
            lines.append(_vary(sent, names, erng, rng))
        head, tail = lines[:2], lines[2:]
        rng.shuffle(tail)
        paragraphs = [" ".join(head)] + [" ".join(tail[j : j + 2]) for j in range(0, len(tail), 2)]
        doc = Document(
            path=f"synthetic/{i:04d}.txt",
            text="\n\n".join(paragraphs),
            title=f"Story {event}",
            source=f"Outlet {i % 37}",
        )
        out.append(prepare_article(doc, f"s{i:04d}"))
    return out


def _measure(fn: Callable[[], object]) -> tuple[float, float]:
    """Seconds for one call, then peak MiB (tracemalloc) for another."""
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def _sumy(articles: list[Article], sentences: int) -> Callable[[], object] | None:
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError:
        return None

    class OfflineTokenizer(Tokenizer):
        """sumy's tokenizer without NLTK downloads: briefgen's splitter and a regex for words."""

        def __init__(self, language: str = "english") -> None:
            self._language = language

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(paragraph[a:b].strip() for a, b in split_sentences(paragraph))

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", sentence))

    text = "\n\n".join(a.text for a in articles)
    document = PlaintextParser.from_string(text, OfflineTokenizer()).document
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return lambda: summarizer(document, sentences)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50,200,1000")
    ap.add_argument("--sumy-max", type=int, default=200)
    ap.add_argument("--words", type=int, default=100)
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    header = (
        f"{'articles':>8} {'sentences':>9} | {'briefgen s':>10} {'MiB':>7} | "
        f"{'sumy s':>8} {'MiB':>7} | {'speed-up':>8} {'memory':>7}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        articles = synthetic_articles(n)
        count = sum(1 for a in articles for s in a.sentences if s.kind == "sentence")
        ours_s, ours_m = _measure(partial(select.summarize, articles, words=args.words))
        row = f"{n:>8} {count:>9} | {ours_s:>10.3f} {ours_m:>7.1f} | "
        run = _sumy(articles, max(1, args.words // 25)) if n <= args.sumy_max else None
        if run is None:
            why = "skipped" if n > args.sumy_max else "no sumy"
            row += f"{why:>8} {'-':>7} | {'-':>8} {'-':>7}"
        else:
            theirs_s, theirs_m = _measure(run)
            row += (
                f"{theirs_s:>8.2f} {theirs_m:>7.1f} | {theirs_s / ours_s:>7.1f}x "
                f"{theirs_m / max(ours_m, 1e-9):>6.1f}x"
            )
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
