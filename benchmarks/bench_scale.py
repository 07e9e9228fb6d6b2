"""A newsroom's day at scale: CPU, wall time and peak memory per stage, and how they grow.

    python benchmarks/bench_scale.py [--sizes 200,2000,20000] [--lexrank 200,300] [--jobs N]
                                     [--formats html,pdf,json] [--work DIR] [--no-build]

For each size N, ``synth.py`` writes N articles (seeded: the same N gives the same files) into
a project with all four themes and HTML, PDF and JSON output, then two child processes run it:
- stages: the library called stage by stage (read and clean, copy detection, selection, render
  html / pdf / json), each with its CPU time (this process's, plus its worker processes',
  which the multiprocessing fork server forks and reaps: ``_fork_server_cpu``), wall time and
  the process's
  peak RSS when the stage ends (getrusage: peak so far, so it never goes down);
- build: the whole ``python -m briefgen build`` as a user runs it, timed from outside (wall, CPU
  and peak RSS of that child via os.wait4; its CPU includes the worker processes, whose fork
  server this process reaps as a subreaper on Linux).
Then sumy's LexRank summarizes the same prepared articles at the --lexrank sizes (its offline
tokenizer as in bench_select.py), beside briefgen's selection stage on those articles, and the
ratio is printed. Growth exponents are log-log slopes between consecutive sizes: 1.0 is linear.
The machine is shared and noisy: read the ratios and exponents, not the seconds. The PDF's
cost follows the number of articles the brief cites (its source list), not the day's size:
``--formats html,json`` leaves it out at the largest sizes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402  (benchmarks/ is not a package)

CONFIG = synth.config("Scale benchmark", "html, pdf, json")


def _cpu() -> float:
    """CPU seconds of this process, of its finished children and of the pool's workers.

    The pool's workers are not this process's children: the multiprocessing fork server
    forks them and reaps them, so their CPU is the fork server's children's CPU
    (``/proc/PID/stat``: its own and its reaped children's clock ticks)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime + _fork_server_cpu()


def _fork_server_cpu() -> float:
    """CPU seconds of the running fork server and the workers it has reaped (0 when none)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _rss_mib() -> float:
    """Peak RSS of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


def project(work: Path, n: int) -> Path:
    """A project folder with ``n`` synthetic articles (written once, reused by later runs)."""
    root = work / f"day-{n}"
    done = root / ".complete"
    if not done.exists():
        synth.write(root / "articles", n)
        (root / "briefgen.yaml").write_text(CONFIG, encoding="utf-8")
        done.write_text("ok")
    return root / "briefgen.yaml"


# --------------------------------------------------------------------------- child: stages


def child_stages(config_path: str, lexrank: bool, sentences: int, formats: list[str]) -> dict:
    """Run the pipeline stage by stage in this process; the figures as a dict."""
    stages: list[dict] = []
    clock = [_cpu(), time.perf_counter()]

    def mark(name: str, extra_cpu: float = 0.0, extra_wall: float = 0.0) -> None:
        cpu, wall = _cpu(), time.perf_counter()
        stages.append(
            {
                "stage": name,
                "cpu": cpu - clock[0] - extra_cpu,
                "wall": wall - clock[1] - extra_wall,
                "rss": _rss_mib(),
            }
        )
        clock[:] = [_cpu(), time.perf_counter()]

    import briefgen
    import briefgen.select.align as align
    from briefgen import memo, pipeline, render

    mark("import")
    copies = {"cpu": 0.0, "wall": 0.0}
    real = align.find_copies

    def timed(articles):  # copy detection is timed on its own, inside the read
        c, w = _cpu(), time.perf_counter()
        try:
            return real(articles)
        finally:
            copies["cpu"] += _cpu() - c
            copies["wall"] += time.perf_counter() - w

    align.find_copies = timed
    config = briefgen.load_config(Path(config_path))
    corpus = pipeline.corpus_for(config)
    mark("read+clean", copies["cpu"], copies["wall"])
    stages.append({"stage": "copies", **copies, "rss": _rss_mib()})
    brief, _ = pipeline.make_brief(config, corpus)
    memo.release()  # as a build does before rendering
    mark("selection")
    for fmt in formats:
        render.render_formats(brief, config, [fmt])
        mark(f"render {fmt}")
    out: dict = {"articles": len(corpus.articles), "cited": len(brief.articles), "stages": stages}
    if lexrank:
        out["lexrank"] = _lexrank(corpus.articles, sentences)
    return out


def _lexrank(articles, sentences: int) -> dict | None:
    """sumy's LexRank on the same prepared articles: CPU and wall of the summarization."""
    from bench_select import _sumy

    run = _sumy(list(articles), sentences)
    if run is None:
        return None
    cpu, wall = _cpu(), time.perf_counter()
    run()
    return {"cpu": _cpu() - cpu, "wall": time.perf_counter() - wall}


# --------------------------------------------------------------------------- parent


def _child(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"child failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _has_jobs() -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--help"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return "--jobs" in help_text


def _reap_orphans() -> tuple[float, float]:
    """Wait for the descendants orphaned to this process (``_subreaper``): the CPU seconds
    (user + system) and the largest peak RSS (MiB) among them and what they reaped."""
    cpu = rss = 0.0
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return cpu, rss
        cpu += usage.ru_utime + usage.ru_stime
        rss = max(rss, usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10))


def _subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux): the build's fork
    server outlives the build by a moment and is orphaned, and its CPU holds the workers'."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    pr_set_child_subreaper = 36
    return ctypes.CDLL(None).prctl(pr_set_child_subreaper, 1, 0, 0, 0) == 0


def whole_build(config: Path, jobs: int | None, formats: list[str]) -> dict:
    """``briefgen build`` in a child: wall, CPU (user + system) and peak RSS of that child.

    CPU counts the worker processes too: they are forked by a fork server the build starts,
    which this process reaps once the build has ended (``_subreaper``); RSS is the largest
    single process's peak (the build's own, nearly always)."""
    out = config.parent / "out"
    cmd = [sys.executable, "-m", "briefgen", "build", "-q", "-c", str(config), "-o", str(out)]
    cmd += ["--fresh", "--format", ",".join(formats)]
    _reap_orphans()  # an earlier child's fork server: its CPU is not this build's
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"briefgen build failed ({proc.returncode}): {stderr.strip()[-2000:]}")
    rss = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    workers, worker_rss = _reap_orphans()
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime + workers,
        "rss": max(rss, worker_rss),
    }


def _slope(a: tuple[int, float], b: tuple[int, float]) -> str:
    if a[1] <= 0 or b[1] <= 0:
        return "-"
    return f"{math.log(b[1] / a[1]) / math.log(b[0] / a[0]):.2f}"


def _figure(stats: dict, build: dict | None, what: str) -> float:
    """Whole-process figures from the build when there is one; a stage's wall time by name."""
    if build and what in ("wall", "cpu", "rss"):
        return build[what]
    if what == "rss":
        return max(s["rss"] for s in stats["stages"])
    if what in ("wall", "cpu"):
        return sum(s[what] for s in stats["stages"])
    return next(s["wall"] for s in stats["stages"] if s["stage"] == what)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,2000,20000")
    ap.add_argument("--lexrank", default="200,300", help="sizes at which sumy LexRank runs")
    ap.add_argument("--sentences", type=int, default=10, help="LexRank summary length")
    ap.add_argument("--jobs", type=int, default=None, help="passed to briefgen build --jobs")
    ap.add_argument("--work", type=Path, default=None, help="keep the corpora here")
    ap.add_argument("--formats", default="html,pdf,json", help="formats rendered and built")
    ap.add_argument("--no-build", action="store_true", help="skip the whole-process builds")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-lexrank", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        formats = args.formats.split(",")
        print(json.dumps(child_stages(args.child, args.child_lexrank, args.sentences, formats)))
        return 0

    if not args.no_build and not _subreaper():
        print("note: no subreaper here: the build's CPU leaves out its worker processes")
    work = args.work or Path(tempfile.mkdtemp(prefix="briefgen-scale-"))
    sizes = [int(s) for s in args.sizes.split(",") if s]
    lex_sizes = [int(s) for s in args.lexrank.split(",") if s]
    jobs = args.jobs
    if jobs is not None and not _has_jobs():
        print("note: this briefgen has no build --jobs yet; building without it")
        jobs = None
    print(f"corpora in {work}; {os.cpu_count()} cores; jobs={jobs if jobs is not None else '-'}")
    totals: list[tuple[int, dict, dict | None]] = []
    for n in sizes:
        config = project(work, n)
        stats = _child([f"--child={config}", f"--formats={args.formats}"])
        build = None if args.no_build else whole_build(config, jobs, args.formats.split(","))
        totals.append((n, stats, build))
        kept, cited = stats["articles"], stats["cited"]
        print(f"\n== {n} articles ({kept} kept after cleaning, {cited} cited by the brief)")
        print(f"{'stage':<12} {'cpu s':>8} {'wall s':>8} {'peak RSS MiB':>13}")
        for s in stats["stages"]:
            print(f"{s['stage']:<12} {s['cpu']:>8.2f} {s['wall']:>8.2f} {s['rss']:>13.0f}")
        wall = sum(s["wall"] for s in stats["stages"])
        cpu = sum(s["cpu"] for s in stats["stages"])
        peak = max(s["rss"] for s in stats["stages"])
        print(f"{'all stages':<12} {cpu:>8.2f} {wall:>8.2f} {peak:>13.0f}")
        if build:
            print(
                f"{'build (cli)':<12} {build['cpu']:>8.2f} {build['wall']:>8.2f} "
                f"{build['rss']:>13.0f}"
            )
    if len(totals) > 1:
        print("\ngrowth exponents (log-log slope; 1.0 = linear)")
        print(
            f"{'from':>7} {'to':>7} {'wall':>6} {'cpu':>6} {'rss':>6} {'select':>7} {'copies':>7}"
        )
        for (n1, s1, b1), (n2, s2, b2) in zip(totals, totals[1:], strict=False):
            row = [
                _slope((n1, _figure(s1, b1, w)), (n2, _figure(s2, b2, w)))
                for w in ("wall", "cpu", "rss", "selection", "copies")
            ]
            print(f"{n1:>7} {n2:>7} {row[0]:>6} {row[1]:>6} {row[2]:>6} {row[3]:>7} {row[4]:>7}")
    if lex_sizes:
        print(f"\nselection vs sumy LexRank ({args.sentences} sentences), same articles")
        print(f"{'articles':>8} {'selection s':>12} {'lexrank s':>10} {'ratio':>7}")
        for n in lex_sizes:
            stats = _child([f"--child={project(work, n)}", "--child-lexrank", "--formats=json"])
            sel = next(s["cpu"] for s in stats["stages"] if s["stage"] == "selection")
            lex = stats.get("lexrank")
            if lex is None:
                print(f"{n:>8} {sel:>12.3f} {'no sumy':>10} {'-':>7}")
                continue
            print(f"{n:>8} {sel:>12.3f} {lex['cpu']:>10.2f} {lex['cpu'] / sel:>6.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
