"""Where the per-article stage runs: in this process, a local process pool, or a Dask cluster.

An executor has one method, ``map_articles(fn, items)``: ``fn`` applied to every item, results
in input order, whatever order the workers finish in, so a build's output is the same bytes
with any executor and any number of jobs. ``fn`` must be picklable (a module-level function, or
a ``functools.partial`` of one) and so must the items and results (frozen dataclasses).
Executors are an extension point (``registry.EXECUTORS``, entry-point group
``briefgen.executors``): a factory taking ``(jobs, scheduler)`` and returning an object with
``map_articles`` and ``close``. Built-ins: ``local`` (a process pool of ``jobs`` workers) and
``dask`` (an existing ``distributed`` cluster at ``scheduler``).

What workers log (a reader's notice, say) is captured with the result and logged again in the
parent, in input order: the terminal and the log file see one ordered stream, and a worker
never writes to the terminal itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .errors import BuildError, ConfigError, memory_error, missing_extra

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from .config import BriefConfig

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Below this many items the work stays in this process: starting a pool (a fork server that
# imports the readers and the text stage, then one fork per worker) costs about 0.25 s, and
# two jobs save about 1.1 ms an article (2.2 ms to read and clean one on one core:
# benchmarks/bench_jobs.py), so a smaller day would wait longer for the pool than it saves.
POOL_MIN_ITEMS = 250
# Items per task sent to a worker: big enough that pickling and the round trip are a small
# part of each task (an article takes about 1 ms to read, 1 ms to clean), small enough that
# both cores finish together and the progress bar moves.
CHUNK = 16
# The modules a pool worker needs, imported once by the fork server and inherited by every
# worker it forks (the per-article stage: readers, cleaning, sentence splitting, the units filter).
WORKER_MODULES = (
    "briefgen.executors",
    "briefgen.sources.reader",
    "briefgen.text.prepare",
    "briefgen.select.filters",
)
# How long to wait, after a worker died, for the pool to learn how (its exit status).
WORKER_EXIT_WAIT = 5.0
# How long to wait for a Dask scheduler to answer before the build fails with one line.
SCHEDULER_TIMEOUT = 10.0
# distributed's loggers, which have handlers of their own: at CRITICAL, a failure reaches the
# user as the one line this module raises, not as the client's retry tracebacks
QUIET_LOGGERS = ("distributed", "tornado")


class Executor(Protocol):
    """The per-article stage's map: ``fn`` over ``items``, results in input order."""

    def map_articles(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        done: Callable[[int], None] | None = None,
    ) -> list[R]:
        """``[fn(x) for x in items]``; ``done(k)`` is called as each k more are finished."""
        ...

    def close(self) -> None: ...


class _Captured(logging.Handler):
    """Collects the records a task logs, as plain messages that pickle."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _run_chunk(
    fn: Callable[[Any], Any], items: Sequence[Any], level: int
) -> tuple[list[Any], list[logging.LogRecord]]:
    """In a worker: ``fn`` over one chunk, with the records it logged at ``level`` and up."""
    root = logging.getLogger()
    handler = _Captured()
    handlers, saved = root.handlers[:], root.level
    root.handlers[:] = [handler]
    root.setLevel(level)
    try:
        return [fn(x) for x in items], handler.records
    finally:
        root.handlers[:] = handlers
        root.setLevel(saved)


def _star(fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    return fn(*args)


def starred(fn: Callable[..., R]) -> Callable[[tuple[Any, ...]], R]:
    """``fn`` taking its arguments as one tuple (a map's item), and still picklable."""
    return partial(_star, fn)


def _then(first: Callable[..., Any], second: Callable[[Any], R], x: Any) -> R:
    return second(first(x))


def then(first: Callable[[T], Any], second: Callable[[Any], R]) -> Callable[[T], R]:
    """``second(first(x))``: one map item through two steps, and still picklable."""
    return partial(_then, first, second)


def _replay(records: Sequence[logging.LogRecord]) -> None:
    """A worker's records, logged here through the parent's handlers."""
    for record in records:
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _level() -> int:
    """The most detailed level any logger here lets through: what workers must capture (a
    worker's loggers all defer to its root; here -v or a library may set one logger lower)."""
    levels = [logging.getLogger().getEffectiveLevel()]
    for logger in list(logging.Logger.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and logger.level:
            levels.append(logger.level)
    return min(levels)


class InProcess:
    """Everything in this process, one item after another (``--jobs 1``, small inputs)."""

    def map_articles(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        done: Callable[[int], None] | None = None,
    ) -> list[R]:
        out = []
        for x in items:
            out.append(fn(x))
            if done is not None:
                done(1)
        return out

    def close(self) -> None:
        pass


def _pool_context() -> BaseContext:
    """A fork server where the platform has one, else spawn.

    Plain fork is not safe here: the parent runs threads (text/language.py loads its model in
    one while articles are read), and a child forked while a thread holds a lock (the import
    lock, a logging lock) can hang forever. The fork server is a fresh single-threaded process
    that imports WORKER_MODULES once; each worker is forked from it, so workers start in a few
    milliseconds without importing them again. Spawn (Windows) imports in every worker. As
    with any start method but fork, a worker imports the main script, under its own name:
    the ``briefgen`` script imports only the CLI module, ``python -m briefgen`` nothing; a
    program embedding briefgen keeps its work under ``if __name__ == "__main__":``.
    """
    import multiprocessing  # here, as every heavy import: a small build never starts a pool

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(WORKER_MODULES))
        return ctx
    return multiprocessing.get_context("spawn")


class Local:
    """A pool of ``jobs`` worker processes on this machine, started at the first large map."""

    def __init__(self, jobs: int | None = None) -> None:
        from .config.scale import cores  # here: a worker imports this module, not the config

        self.jobs = jobs or cores()
        self._pool: ProcessPoolExecutor | None = None

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_pool_context())
        return self._pool

    def map_articles(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        done: Callable[[int], None] | None = None,
    ) -> list[R]:
        if self.jobs < 2 or len(items) < POOL_MIN_ITEMS:
            return InProcess().map_articles(fn, items, done)
        from concurrent.futures.process import BrokenProcessPool

        task = partial(_run_chunk, fn, level=_level())
        out: list[R] = []
        try:
            for results, records in self._workers().map(task, _chunks(items, CHUNK)):
                _replay(records)
                out += results
                if done is not None:
                    done(len(results))
        except BrokenProcessPool:
            killed = self._killed()
            self.close()
            if killed:  # SIGKILL: the kernel's out-of-memory killer, nearly always
                raise memory_error(len(items)) from None
            raise BuildError(
                f"a worker process stopped while reading and cleaning {len(items)} articles; "
                "run with --jobs 1 to see why"
            ) from None
        return out

    def _killed(self) -> bool:
        """Did a worker die of SIGKILL? (ProcessPoolExecutor keeps its processes by pid.)"""
        import signal

        # The pool can see a worker's end (its pipe closed) before the fork server has its
        # exit status; the pool's manager thread joins every worker once it marks the pool
        # broken, so after it ends each exit code is known.
        manager = getattr(self._pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(WORKER_EXIT_WAIT)
        processes = getattr(self._pool, "_processes", None) or {}
        return any(p.exitcode == -signal.SIGKILL for p in processes.values())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _answers(address: str) -> None:
    """Fail at once, in one line, when nothing listens at a TCP ``address`` (Dask's client
    would retry for SCHEDULER_TIMEOUT first). Other transports are left to Dask."""
    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return
    import socket

    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise BuildError(f"--scheduler {address}: not an address (e.g. tcp://10.0.0.5:8786)")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), SCHEDULER_TIMEOUT):
            pass
    except OSError as e:
        raise BuildError(
            f"--scheduler {address}: cannot reach the Dask scheduler: {e.strerror or e}"
        ) from None


class Dask:
    """The per-article stage on an existing Dask ``distributed`` cluster at ``scheduler``.

    Workers need briefgen installed (the same version) and must see the input files at the
    same paths (shared storage, as for Dask's own readers). Selection and rendering stay here.
    """

    def __init__(self, scheduler: str | None) -> None:
        if not scheduler:
            raise ConfigError(
                "--executor dask needs --scheduler ADDRESS (or scheduler: in the config)"
            )
        try:
            from distributed import Client
        except ImportError:
            raise missing_extra("distributed", "dask", "--executor dask") from None
        self.scheduler = scheduler
        _answers(scheduler)
        for name in QUIET_LOGGERS:  # its own handlers print reconnection tracebacks
            logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            self.client = Client(scheduler, timeout=SCHEDULER_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            why = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise BuildError(
                f"--scheduler {scheduler}: cannot reach the Dask scheduler: {why}"
            ) from None

    def map_articles(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        done: Callable[[int], None] | None = None,
    ) -> list[R]:
        if not items:
            return []
        from distributed import as_completed

        task = partial(_run_chunk, fn, level=_level())
        futures = self.client.map(task, _chunks(items, CHUNK), pure=False)
        place = {f.key: i for i, f in enumerate(futures)}
        parts: list[Any] = [None] * len(futures)
        try:  # results as they come, for the progress bar; put back in input order
            for future, part in as_completed(futures, with_results=True, loop=self.client.loop):
                parts[place[future.key]] = part
                if done is not None:
                    done(len(part[0]))
        except (OSError, TimeoutError) as e:
            raise BuildError(f"--scheduler {self.scheduler}: the cluster failed: {e}") from None
        except MemoryError:
            raise memory_error(len(items)) from None
        except Exception as e:  # noqa: BLE001 - distributed's own failures, one line each
            if type(e).__name__ == "KilledWorker":  # workers died running it: their memory
                raise memory_error(len(items)) from None
            if type(e).__module__.startswith("distributed"):
                raise BuildError(f"--scheduler {self.scheduler}: {type(e).__name__}: {e}") from None
            raise
        out: list[R] = []
        for results, records in parts:
            _replay(records)
            out += results
        return out

    def close(self) -> None:
        self.client.close()


def start_early(config: BriefConfig) -> bool:
    """Start the local pool's fork server now when the build will likely use it, so its
    imports (``WORKER_MODULES``, about a second) run on another core while this process imports
    and walks the inputs, instead of after them; True when started. A guess from a quick count
    of the input folders' entries: a wrong one costs the other core that second, never the
    output, and a day too small for the pool (``POOL_MIN_ITEMS``) never starts it."""
    if config.executor != "local" or config.jobs < 2:
        return False
    if not _likely_many(config.inputs, config.base_dir, POOL_MIN_ITEMS):
        return False
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    _pool_context()  # the preload list, as the pool will ask for it
    try:
        forkserver.ensure_running()
    except OSError as e:  # no socket folder, no processes left: the pool's own start says so
        log.debug("fork server not started early: %s", e)
        return False
    return True


# A file this large is counted as this many bytes per article by ``start_early``'s guess: a
# feed or a JSON Lines file holds many articles, a Markdown article one.
LARGE_INPUT_BYTES = 64 * 1024
BYTES_PER_ARTICLE = 4 * 1024


def _likely_many(inputs: Sequence[str], base: Path, at_least: int) -> bool:
    """At least ``at_least`` articles are probably named by the local ``inputs`` (entries of
    their folders, stopping once the count is reached; URLs are not counted). Names starting
    with '.' or '_' are passed over, as the folder walk passes them (sources/reader.py)."""
    seen = 0

    def count(path: Path) -> int:
        try:
            size = path.stat().st_size
        except OSError:
            return 0
        return size // BYTES_PER_ARTICLE if size > LARGE_INPUT_BYTES else 1

    for raw in inputs:
        if raw.lower().startswith(("http://", "https://")):
            continue
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else base / path
        if path.is_file():
            seen += count(path)
        elif path.is_dir():
            for here, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
                seen += sum(count(Path(here, n)) for n in names if not n.startswith((".", "_")))
                if seen >= at_least:
                    return True
        if seen >= at_least:
            return True
    return False


def local(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """``executor: local``: a process pool of ``jobs`` workers (default: every core)."""
    return Local(jobs)


def dask(jobs: int | None = None, scheduler: str | None = None) -> Executor:
    """``executor: dask``: the cluster whose scheduler is at ``scheduler``."""
    return Dask(scheduler)


@contextmanager
def executor_for(config: BriefConfig) -> Iterator[Executor]:
    """The config's executor (``executor:``, ``jobs:``, ``scheduler:``), closed afterwards."""
    from .registry import EXECUTORS

    ex = EXECUTORS.get(config.executor)(config.jobs, config.scheduler)
    try:
        yield ex
    finally:
        ex.close()
