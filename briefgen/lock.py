"""One process at a time per output folder: advisory file locks for builds and sends.

A lock is ``fcntl.flock`` on a small file in the out folder holding the holder's pid. The kernel
drops it when the process ends, however it ends, so a crashed build never blocks the next one.
On Windows there is no ``fcntl``: locking is a no-op there, and two builds or sends for the same
folder must not be started at the same time (docs/cron.md).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import BriefgenError, BuildError
from .paths import display_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks (see the module docstring)
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

BUILD_LOCK = ".build.lock"  # in the out folder: one build of a project at a time
# How long a build waits for another build of the same folder: a large day with a PDF takes a
# few minutes on a small machine; a build that holds the lock longer is stuck or run by hand.
LOCK_WAIT = 300.0
LOCK_POLL = 0.2  # seconds between attempts while waiting: short next to any build


def _holder(path: Path) -> str:
    """The pid written by the process holding ``path``, or "unknown" (between its writes)."""
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return "unknown"
    return text if text.isdigit() else "unknown"


@contextmanager
def locked(
    path: Path, *, what: str, wait: float, error: type[BriefgenError] = BuildError
) -> Iterator[None]:
    """Hold the lock file ``path`` (a ``what``, e.g. "build", of its folder) for the block.

    When another process holds it, wait up to ``wait`` seconds (0: not at all), then raise
    ``error`` naming the lock file and the holder's pid.
    """
    if fcntl is None:  # Windows: see the module docstring
        yield
        return
    fd = _acquire(path, what, wait, error)
    try:
        # the pid only helps a waiting process name the holder: a full disk must not turn a
        # held lock into a failure (the write that needs the room fails, in one line)
        with suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            with suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open(path: Path, error: type[BriefgenError]) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise error(f"{display_path(path)}: cannot open the lock file: {e.strerror or e}") from None


def _is_current(fd: int, path: Path) -> bool:
    """Is ``fd`` still the file at ``path``? A holder may remove the lock file (build_lock does,
    with the folder it made for a build that failed): a lock on the removed file locks nothing."""
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _acquire(path: Path, what: str, wait: float, error: type[BriefgenError]) -> int:
    """An open descriptor of ``path`` holding its lock."""
    busy = f"{display_path(path)}: another briefgen {what} is running for this folder"
    deadline = time.monotonic() + wait
    waiting = False
    while True:
        fd = _open(path, error)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
        else:
            if _is_current(fd, path):
                return fd
            os.close(fd)  # closing drops the lock too
            continue
        if time.monotonic() >= deadline:
            waited = f"; waited {wait:g} s" if wait > 0 else ""
            raise error(f"{busy} (pid {_holder(path)}){waited}")
        if not waiting:
            log.info("%s (pid %s); waiting up to %g s", busy, _holder(path), wait)
            waiting = True
        time.sleep(LOCK_POLL)


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """The lock a build holds on its out folder; a second build waits up to LOCK_WAIT.

    A build that made the out folder and then failed removes it again, lock file and all:
    a failed first build leaves nothing behind.
    """
    made = not out_dir.exists()
    path = out_dir / BUILD_LOCK
    with locked(path, what="build", wait=LOCK_WAIT, error=BuildError):
        try:
            yield
        finally:
            if made and [p.name for p in out_dir.iterdir()] == [BUILD_LOCK]:
                # a build starting this instant may have made a new lock file here: the
                # folder is its now, and stays
                with suppress(OSError):
                    path.unlink()
                    out_dir.rmdir()
