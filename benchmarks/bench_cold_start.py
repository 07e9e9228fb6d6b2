"""CPU of whole briefgen processes from a cold start, beside peers measured in the same run.

    python benchmarks/bench_cold_start.py [--input DIR] [--runs 7]

Each command runs ``--runs`` times as a fresh process; its CPU (user + system, the process and
its children, from ``getrusage(RUSAGE_CHILDREN)``) is the median of the runs. The commands:
``briefgen --help``, and a build of five articles as ``html,json`` and as ``html,json,pdf``
(the first five article files of ``--input``: default the bundled samples). The peers run in
the same way on the same machine, so a busy machine moves both: ``python -c pass`` (the
interpreter's own start) and ``python -c "import nltk"`` (NLTK's full import, what every build
paid before text/lazy_nltk.py), and sumy's LexRank import when sumy is installed.

The language model cache (text/langid_model.py) lives in a temporary folder: the first build
fills it (shown apart, as "first build on a machine"); the timed runs read it, as every build
on a machine after its first does. Targets: --help <= 0.1 s, html,json <= 1.0 s,
html,json,pdf <= 1.6 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from briefgen.config import SAMPLES_DIR

ARTICLES = 5
TARGETS = {"briefgen --help": 0.1, "build html,json": 1.0, "build html,json,pdf": 1.6}
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".json")


def child_cpu(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    """CPU seconds (user + system) of one run of ``argv`` and everything it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(argv: list[str], env: dict[str, str], cwd: Path, runs: int) -> float:
    return statistics.median(child_cpu(argv, env, cwd) for _ in range(runs))


def five_articles(source: Path, into: Path) -> Path:
    files = sorted(p for p in source.iterdir() if p.suffix in ARTICLE_SUFFIXES)[:ARTICLES]
    if len(files) < ARTICLES:
        sys.exit(f"{source}: fewer than {ARTICLES} article files")
    into.mkdir()
    for f in files:
        shutil.copy(f, into / f.name)
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", type=Path, default=SAMPLES_DIR, help="folder of articles")
    ap.add_argument("--runs", type=int, default=7, help="runs of each command (median)")
    args = ap.parse_args()
    py = sys.executable
    briefgen = [py, "-m", "briefgen"]
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        work = Path(tmp)
        articles = five_articles(args.input, work / "articles")
        env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(work / "cache")}

        def build(formats: str) -> list[str]:
            out = work / f"out-{formats.replace(',', '-')}"
            return [*briefgen, "build", "-q", "-i", str(articles), "-o", str(out),
                    "--format", formats, "--date", "2026-01-15", "--fresh"]  # fmt: skip

        first = child_cpu(build("html,json"), env, work)
        peers = {
            "python -c pass": [py, "-c", "pass"],
            "python -c 'import nltk'": [py, "-c", "import nltk"],
        }
        if subprocess.run([py, "-c", "import sumy"], capture_output=True).returncode == 0:
            peers["import sumy LexRank"] = [py, "-c", "import sumy.summarizers.lex_rank"]
        ours = {
            "briefgen --help": [*briefgen, "--help"],
            "build html,json": build("html,json"),
            "build html,json,pdf": build("html,json,pdf"),
        }
        cpu = {name: median_cpu(argv, env, work, args.runs) for name, argv in peers.items()}
        cpu.update({name: median_cpu(argv, env, work, args.runs) for name, argv in ours.items()})

    base, nltk = cpu["python -c pass"], cpu["python -c 'import nltk'"]
    print(f"{ARTICLES} articles from {args.input}; median CPU of {args.runs} runs, whole process\n")
    print(f"{'command':<26}{'CPU s':>8}{'/ pass':>9}{'/ nltk':>9}{'target':>9}")
    for name, seconds in cpu.items():
        target = TARGETS.get(name)
        mark = "" if target is None else f"{target:>6.1f} {'ok' if seconds <= target else 'OVER'}"
        print(f"{name:<26}{seconds:>8.3f}{seconds / base:>8.1f}x{seconds / nltk:>8.2f}x {mark}")
    print(f"\nfirst build on a machine (fills the language model cache): {first:.3f} s")


if __name__ == "__main__":
    main()
