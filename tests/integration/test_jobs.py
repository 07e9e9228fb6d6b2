"""Both cores: the per-article stage in a process pool gives the same brief, byte for byte.

Reading, cleaning and segmenting run in worker processes (``--jobs N``); what they produce,
the warnings they raise and the records they log come back in input order, so a build with
any number of jobs writes the files and says the warnings a one-job build does.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import executors
from briefgen.config import SAMPLES_DIR, builtin_config
from briefgen.errors import BriefgenError
from briefgen.pipeline import build, load_articles
from briefgen.select.filters import plan, units

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FORMATS = ["html", "json", "md", "txt"]


def write_day(folder: Path, variants: int) -> Path:
    """A day's folder: the bundled samples (md, txt, html, json), the malformed and oddly
    encoded files of tests/fixtures/bad (skipped or read with a warning), a file that is all
    boilerplate, a sidecar giving one file its outlet, and ``variants`` retellings of the
    samples (numbers and outlets varied) in a folder of their own."""
    shutil.copytree(SAMPLES_DIR, folder / "samples")
    shutil.copytree(FIXTURES / "bad", folder / "bad")
    wire = folder / "wire"
    wire.mkdir()
    (wire / "all-boilerplate.md").write_text(
        "---\ntitle: Subscribe\n---\n\nAdvertisement\n\nShare this article\n", encoding="utf-8"
    )
    bodies = [
        p.read_text(encoding="utf-8").split("---", 2)[2]
        for p in sorted(SAMPLES_DIR.glob("*.md"))
        if not p.name.startswith("_")
    ]
    for i in range(variants):
        body = re.sub(r"\b(\d{2,3})\b", lambda m, i=i: str(int(m.group(1)) + i % 9), bodies[i % 7])
        meta = f"title: Retold story {i}\npublished: 2026-11-23\n"
        (wire / f"retold-{i:03d}.md").write_text(f"---\n{meta}---\n{body}", encoding="utf-8")
    (wire / "sources.yaml").write_text(
        "files:\n  retold-001.md:\n    source: Sidecar Wire\n", encoding="utf-8"
    )
    return folder


def _build(day: Path, out: Path, jobs: int):
    config = builtin_config(inputs=[str(day)], out=str(out), formats=FORMATS, jobs=jobs)
    return build(
        config.model_copy(update={"history": config.history.model_copy(update={"enabled": False})})
    )


def _files(out: Path) -> dict[str, bytes]:
    """The brief's files (not the folder's own journal, which names each write at random)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(out.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture
def small_pool(monkeypatch):
    """The pool for a few dozen articles, in chunks of five: the test's day is small."""
    monkeypatch.setattr(executors, "POOL_MIN_ITEMS", 4)
    monkeypatch.setattr(executors, "CHUNK", 5)


def test_two_jobs_write_the_same_brief_and_warnings_as_one(tmp_path, small_pool, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    day = write_day(tmp_path / "day", variants=30)
    one = _build(day, tmp_path / "one", jobs=1)
    two = _build(day, tmp_path / "two", jobs=2)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert sorted(_files(tmp_path / "one")) == [f"brief-2026-11-23.{f}" for f in sorted(FORMATS)]
    assert two.warnings == one.warnings
    # the workers' warnings, in the order the walk met their files, then the parent's own
    assert [w.removeprefix(f"{day}/") for w in two.warnings] == [
        "bad/bad-front-matter.md:4: front matter: expected ',' or ']', but got ':'; skipped",
        "bad/bad.json:5: invalid JSON: Expecting property name enclosed in double quotes; skipped",
        "bad/bad.jsonl:2: invalid JSON: Unterminated string starting at; skipped",
        "bad/binary.txt: skipped: binary file",
        "bad/empty.txt: skipped: empty file",
        "bad/latin1.txt: not UTF-8; read as cp1252",
        "wire/all-boilerplate.md: skipped: nothing left after removing boilerplate",
    ]
    assert (two.read, two.skipped) == (one.read, one.skipped) == (46, 6)
    assert [a.id for a in two.brief.articles] == [a.id for a in one.brief.articles]


def test_the_pooled_corpus_equals_the_serial_one_article_for_article(tmp_path, small_pool):
    day = write_day(tmp_path / "day", variants=12)
    pool = executors.Local(2)
    try:
        pooled = load_articles([str(day)], tmp_path, executor=pool)
    finally:
        pool.close()
    serial = load_articles([str(day)], tmp_path)
    assert pooled == serial  # every field of every Article, sentence spans included
    (retold,) = [a for a in pooled.articles if a.path.endswith("wire/retold-001.md")]
    assert retold.source == "Sidecar Wire"  # the sidecar read in the parent, applied in a worker


def test_workers_plan_each_articles_units_as_selection_would(tmp_path, small_pool):
    """The units filter (language, trimming, statements) runs in the workers: each article
    comes back with the plan selection would make of it in this process."""
    day = write_day(tmp_path / "day", variants=12)
    rules = (8, 80, "en")
    pool = executors.Local(2)
    try:
        pooled = load_articles([str(day)], tmp_path, executor=pool, unit_rules=rules)
    finally:
        pool.close()
    assert pooled == load_articles([str(day)], tmp_path, unit_rules=rules)
    plain = load_articles([str(day)], tmp_path).articles
    assert all(a.units is None for a in plain)
    assert [a.units for a in pooled.articles] == [plan(a, *rules) for a in plain]
    assert units(list(pooled.articles), *rules) == units(list(plain), *rules)
    assert sum(len(a.units.spans) for a in pooled.articles) > 100


def test_results_come_back_in_input_order_from_other_processes(small_pool):
    pool = executors.Local(2)
    try:
        pids = pool.map_articles(executors.starred(os.getpid), [()] * 40)
        squares = pool.map_articles(executors.starred(pow), [(i, 2) for i in range(40)])
    finally:
        pool.close()
    assert os.getpid() not in pids and len(set(pids)) <= 2
    assert squares == [i * i for i in range(40)]


def test_a_small_input_stays_in_this_process():
    pool = executors.Local(2)
    try:
        pids = pool.map_articles(
            executors.starred(os.getpid), [()] * (executors.POOL_MIN_ITEMS - 1)
        )
    finally:
        pool.close()
    assert set(pids) == {os.getpid()}


def test_the_guess_of_a_large_day_counts_folder_entries_and_big_files(tmp_path):
    """``start_early``'s guess: files of the input folders (hidden ones left out), a large
    file (a feed, a JSON Lines file) by its size, URLs not at all."""
    day = tmp_path / "day"
    (day / "sub").mkdir(parents=True)
    for i in range(6):
        (day / "sub" / f"{i}.md").write_text("An article.\n", encoding="utf-8")
    (day / ".hidden.md").write_text("x", encoding="utf-8")
    (day / "_draft.md").write_text("x", encoding="utf-8")
    for hidden in (".git", "_drafts"):
        (day / hidden).mkdir()
        for i in range(10):
            (day / hidden / f"{i}.md").write_text("x", encoding="utf-8")
    assert executors._likely_many(["day"], tmp_path, 6)
    assert not executors._likely_many(["day"], tmp_path, 7)
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"text": "An article."}\n' * 8000)  # 200 KB: about 48 articles
    expected = feed.stat().st_size // executors.BYTES_PER_ARTICLE
    assert executors._likely_many([str(feed)], tmp_path, expected)
    assert not executors._likely_many([str(feed)], tmp_path, expected + 1)
    assert not executors._likely_many(["https://example.org/feed.xml", "missing"], tmp_path, 1)


def test_a_large_day_starts_the_fork_server_before_the_pipeline_needs_it(tmp_path):
    """A day the pool will read is met by a running fork server (its imports already under
    way); a small day, one job or another executor start nothing."""
    from multiprocessing import forkserver

    small = write_day(tmp_path / "small", variants=3)
    large = write_day(tmp_path / "large", variants=executors.POOL_MIN_ITEMS)

    def config(day: Path, **scale):
        return builtin_config(inputs=[str(day)], out=str(tmp_path / "out"), **scale)

    assert not executors.start_early(config(small, jobs=2))
    assert not executors.start_early(config(large, jobs=1))
    assert not executors.start_early(config(large, jobs=2, executor="dask", scheduler="x:1"))
    assert executors.start_early(config(large, jobs=2))
    pid = forkserver._forkserver._forkserver_pid  # the standard library keeps it here
    assert pid is not None
    assert "forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    pool = executors.Local(2)
    try:  # the pool forks its workers from that server
        pids = pool.map_articles(executors.starred(os.getppid), [()] * executors.POOL_MIN_ITEMS)
    finally:
        pool.close()
    assert set(pids) == {pid}


def test_a_fork_server_that_cannot_start_early_leaves_the_start_to_the_pool(tmp_path, monkeypatch):
    from multiprocessing import forkserver

    def refuse():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(forkserver, "ensure_running", refuse)
    large = write_day(tmp_path / "large", variants=executors.POOL_MIN_ITEMS)
    config = builtin_config(inputs=[str(large)], out=str(tmp_path / "out"), jobs=2)
    assert executors.start_early(config) is False


def test_what_workers_log_is_logged_here_in_input_order(small_pool, caplog):
    messages = [f"notice {i}" for i in range(23)]
    pool = executors.Local(2)
    try:
        with caplog.at_level(logging.INFO, logger="briefgen.readers"):
            pool.map_articles(logging.getLogger("briefgen.readers").warning, messages)
    finally:
        pool.close()
    records = [r for r in caplog.records if r.name == "briefgen.readers"]
    assert [r.getMessage() for r in records] == messages
    assert {r.process for r in records} - {os.getpid()}  # logged by the workers, shown here


def test_a_workers_error_is_raised_here(small_pool):
    pool = executors.Local(2)
    try:
        with pytest.raises(ValueError, match="invalid literal for int"):
            pool.map_articles(int, ["1"] * 20 + ["one"])
    finally:
        pool.close()


def test_jobs_is_typed_in_the_config(tmp_path):
    from briefgen.config import parse_config
    from briefgen.errors import ConfigError

    assert parse_config("jobs: 3\n", where="b.yaml").jobs == 3
    assert parse_config("title: x\n", where="b.yaml").jobs == executors_cores()
    with pytest.raises(ConfigError, match=r"^b\.yaml:2: jobs: .*greater than or equal to 1"):
        parse_config("title: x\njobs: 0\n", where="b.yaml")
    with pytest.raises(ConfigError, match=r"unknown executor 'dusk' \(did you mean 'dask'\?\)"):
        parse_config("executor: dusk\n", where="b.yaml")


def executors_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_command_line_shows_bars_on_a_terminal_and_builds_the_same_with_one_job(tmp_path):
    """The real thing: ``briefgen build`` at its own thresholds, stderr a terminal (bars) or a
    pipe (none), --jobs 2 and --jobs 1 writing the same files."""
    import fcntl
    import struct
    import termios

    day = write_day(tmp_path / "day", variants=executors.POOL_MIN_ITEMS)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "BRIEFGEN_LOG_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "briefgen", "build", "-i", str(day), "--format", "html,json"]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    try:
        proc = subprocess.Popen(
            [*command, "-o", str(tmp_path / "two"), "--jobs", "2", "--fresh"],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=slave,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        assert proc.wait(timeout=600) == 0, shown.decode()
    finally:
        os.close(master)
    terminal = shown.decode("utf-8", "replace")
    for stage in ("read", "clean", "copies", "select", "render"):
        assert re.search(rf"\r{stage}:\s+\d+%\|", terminal), (stage, terminal)
    piped = subprocess.run(
        [*command, "-o", str(tmp_path / "one"), "--jobs", "1", "--fresh"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert piped.returncode == 0, piped.stderr
    assert "%|" not in piped.stderr and "\r" not in piped.stderr
    assert piped.stderr.splitlines()[-1].startswith("briefgen: built brief-2026-11-23")
    assert _files(tmp_path / "two") == _files(tmp_path / "one")


def test_summarize_reads_with_jobs_too(tmp_path, small_pool, briefgen_main):
    day = write_day(tmp_path / "day", variants=12)
    one = briefgen_main("summarize", str(day), "--words", "80", "--jobs", "1", cwd=tmp_path)
    two = briefgen_main("summarize", str(day), "--words", "80", "--jobs", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    assert two.stdout == one.stdout and len(one.stdout.split()) >= 40
    assert two.stderr == one.stderr


def _killed_for_memory(_: object) -> None:
    """What the kernel's out-of-memory killer does to a worker."""
    os.kill(os.getpid(), signal.SIGKILL)


MEMORY_LINE = (
    "briefgen: error: out of memory building from {n} articles: brief fewer at once "
    "(--since 24h), run fewer workers (--jobs 1), or run the per-article stage on a Dask "
    "cluster (--executor dask --scheduler ADDRESS; see docs/scale.md)"
)


def test_a_worker_killed_for_memory_is_one_line_naming_the_count(small_pool):
    pool = executors.Local(2)
    try:
        with pytest.raises(BriefgenError) as e:
            pool.map_articles(_killed_for_memory, list(range(30)))
    finally:
        pool.close()
    assert f"briefgen: error: {e.value.format_message()}" == MEMORY_LINE.format(n=30)


def test_a_selection_out_of_memory_is_one_line_and_exit_1(tmp_path, briefgen_main, monkeypatch):
    """The day read, then selection cannot allocate (the N x N matrix of issue 12)."""
    from briefgen import select

    def too_big(*args, **kwargs):
        raise MemoryError("Unable to allocate 3.60 GiB for an array with shape (21994, 21994)")

    monkeypatch.setattr(select, "select_brief", too_big)
    day = write_day(tmp_path / "day", variants=3)
    ran = briefgen_main("build", "-i", str(day), "-o", "out", cwd=tmp_path)
    assert ran.returncode == 1
    assert ran.stderr.splitlines()[-1] == MEMORY_LINE.format(n=19)
    assert "Traceback" not in ran.stderr and not (tmp_path / "out").exists()
