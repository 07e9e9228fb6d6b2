"""The per-article stage (read, clean, segment) on 1 and 2 local jobs, and on a Dask cluster.

    python benchmarks/bench_jobs.py [--articles 2000] [--repeat 3] [--html 0.3] [--no-dask]
                                    [--work DIR]

``synth.py`` writes the day (seeded: the same N gives the same files); ``--html`` turns that
share of them into web pages (navigation, footer and all) as a fetched day has, since pages
cost most to read. Each run is a fresh child process that imports briefgen and calls
``pipeline.load_articles`` with one executor, so the pool's start is paid as in a real build;
the stage times are the pipeline's own (``read`` and ``clean`` stages as logged at -v), and
"client CPU" is the child's own (os.wait4), imports included; the pool's workers (the fork
server's children) are read from /proc before the pool closes: "worker CPU" is each one's, which
shows how evenly the work splits whatever the machine's load. Runs are interleaved and the
fastest of ``--repeat`` is kept. The Dask cluster (a scheduler and two single-thread worker
processes on loopback) is started before the runs: an existing cluster, as ``--executor dask``
expects.
The machine is shared and noisy: read the ratios, not the seconds. A control row maps pure
arithmetic (no I/O, no pickling to speak of) over the same pool in the same run: its speed-up
is what the machine gave two processes at that moment (on Linux, processes of one session
share one scheduling group, so while another session keeps a core busy two jobs get one
core between them and the control, like the stage, stays near 1.0x).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{day}T07:30:00+00:00"></head>
<body><header><a href="/">{outlet}</a><nav><ul><li><a href="/world/">World</a></li>
<li><a href="/business/">Business</a></li><li><a href="/tech/">Technology</a></li>
<li><a href="/subscribe/">Subscribe</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{paragraphs}
</article><aside><h2>Most read</h2><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather warning for the coast</a></li></ul></aside></main>
<footer><p>&copy; 2026 {outlet}. All rights reserved.</p><p><a href="/privacy">Privacy</a></p>
</footer></body></html>
"""
_FRONT = re.compile(r'^---\ntitle: "(.*)"\nsource: (.*)\npublished: (.*)\n---\n\n', re.S)


def write_day(folder: Path, n: int, html_share: float) -> Path:
    """synth.py's ``n`` articles; ``html_share`` of them (chosen by a seeded draw) as pages."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    for name, text in synth.articles(n):
        m = _FRONT.match(text)
        if m and rng.random() < html_share:
            paragraphs = "\n".join(f"<p>{p}</p>" for p in text[m.end() :].split("\n\n"))
            page = PAGE.format(
                title=m.group(1), outlet=m.group(2), day=m.group(3), paragraphs=paragraphs
            )
            (folder / name).with_suffix(".html").write_text(page, encoding="utf-8")
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return folder


def child(day: str, executor: str, jobs: int, scheduler: str | None) -> int:
    """One run: the per-article stage of ``day`` on the executor; prints its stage times."""
    from briefgen import executors
    from briefgen.pipeline import load_articles

    times: dict[str, float] = {}

    class Stages(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            m = re.fullmatch(r"(read|clean): .* in ([\d.]+) s", record.getMessage())
            if m:
                times[m.group(1)] = float(m.group(2))

    logging.getLogger("briefgen").addHandler(Stages(logging.INFO))
    logging.getLogger("briefgen").setLevel(logging.INFO)
    ex = executors.Dask(scheduler) if executor == "dask" else executors.Local(jobs)
    start = time.perf_counter()
    try:
        corpus = load_articles([day], Path.cwd(), executor=ex)
        workers = _worker_cpu(ex)
    finally:
        ex.close()
    total = time.perf_counter() - start
    print(
        json.dumps({**times, "total": total, "articles": len(corpus.articles), "workers": workers})
    )
    return 0


def _worker_cpu(ex: object) -> list[float]:
    """CPU seconds of each live pool worker (Linux /proc; ProcessPoolExecutor's own table)."""
    pool = getattr(ex, "_pool", None)
    tick = os.sysconf("SC_CLK_TCK")
    out = []
    for pid in sorted(getattr(pool, "_processes", None) or {}):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out.append((int(fields[11]) + int(fields[12])) / tick)  # utime + stime
    return out


def _spin(n: int) -> int:
    """The control's work: arithmetic only, about 2 ms a call."""
    return sum(i * i for i in range(n))


def control(jobs: int) -> int:
    """The control run: 2,000 calls of pure arithmetic on ``jobs`` local workers."""
    from functools import partial

    from briefgen import executors

    ex = executors.Local(jobs)
    start = time.perf_counter()
    try:
        ex.map_articles(partial(_spin), [20_000] * 2000)
    finally:
        ex.close()
    seconds = time.perf_counter() - start
    print(
        json.dumps({"read": 0.0, "clean": seconds, "total": seconds, "articles": 0, "workers": []})
    )
    return 0


def run(day: Path, executor: str, jobs: int, scheduler: str | None) -> dict[str, float]:
    """A child for one run: its stage times, and its CPU with every descendant's."""
    command = [sys.executable, __file__, "--child", str(day), executor, str(jobs)]
    proc = subprocess.Popen(
        command + ([scheduler] if scheduler else []), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"run failed: {' '.join(command)}")
    result = json.loads(out.strip().splitlines()[-1])
    result["stage"] = result["read"] + result["clean"]
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--child":
        day, executor, jobs, *scheduler = sys.argv[2:]
        if executor == "control":
            return control(int(jobs))
        return child(day, executor, int(jobs), scheduler[0] if scheduler else None)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--html", type=float, default=0.3, help="share of the day as web pages")
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--work", type=Path)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    day = work / f"day-{args.articles}"
    if not day.exists():
        write_day(day, args.articles, args.html)
    setups = [("local", 1), ("local", 2), ("control", 1), ("control", 2)]
    cluster = None
    if not args.no_dask:
        try:
            from distributed import LocalCluster
        except ImportError:
            print("(no Dask: pip install -e '.[dask]'; its row is left out)")
        else:
            cluster = LocalCluster(
                n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
            )
            setups.append(("dask", 2))
    scheduler = cluster.scheduler_address if cluster is not None else None
    best: dict[tuple[str, int], dict[str, float]] = {}
    try:
        for _ in range(args.repeat):
            for setup in setups:
                r = run(day, setup[0], setup[1], scheduler if setup[0] == "dask" else None)
                if setup not in best or r["stage"] < best[setup]["stage"]:
                    best[setup] = r
    finally:
        if cluster is not None:
            cluster.close()
    print(f"{args.articles} articles ({args.html:.0%} HTML pages), best of {args.repeat}")
    header = f"{'executor':<9} {'jobs':>4} | {'read s':>7} {'clean s':>7} {'stage s':>7} | "
    print(header + f"{'client CPU s':>12} | {'worker CPU s':>13} | {'speed-up':>8}")
    print("-" * (len(header) + 39))
    for (executor, jobs), r in best.items():
        base = best[("control" if executor == "control" else "local", 1)]["stage"]
        print(
            f"{executor:<9} {jobs:>4} | {r['read']:>7.2f} {r['clean']:>7.2f} {r['stage']:>7.2f} | "
            f"{r['cpu']:>12.2f} | {' '.join(f'{w:.2f}' for w in r['workers']) or '-':>13} | "
            f"{base / r['stage']:>7.2f}x"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
