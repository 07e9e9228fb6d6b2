"""One complete brief in the output folder, whatever kills the build: a journal rolled forward.

A write (``commit``) goes in three steps.

1. Every new file is written beside its final name as ``.<name>.<write id>.tmp`` and fsynced.
2. The journal, ``.briefgen-journal``, is written: the write id and each temporary -> final
   pair. It is itself written to a temporary, fsynced, renamed into place and the folder fsynced:
   that rename is the commit point.
3. Each temporary is renamed over its final name, the folder is fsynced, the journal removed.

Why this is enough. Before the commit no final file has changed: a crash leaves the previous
brief whole, and the temporaries are litter the next write removes. After the commit every
temporary is complete and durable (fsynced before the journal existed), so the new brief can
always be finished: ``recover`` renames the temporaries the journal lists that are still there (a
rename that already happened left none), then removes the journal. It is idempotent, so a crash
during a roll forward is finished by the next one. Nothing committed is ever rolled back, so no
``.previous`` backups are kept (an older briefgen's are restored or removed by ``recover``).

Between the commit and the end of the roll forward the files on disk mix two builds. Every
briefgen reader and writer holds the folder's build lock and recovers first (``locked``,
``reading``), so none of them ever sees the mix: for briefgen, the folder holds either the previous
brief or the new one. A program that reads the folder without the lock (a web server) can see a
mix for the few milliseconds of step 3, or until the next briefgen command after a crash there.

Each brief's files are listed with their SHA-256 in ``.<stem>.files``, written in the same
commit. ``check_set`` compares the files a reader uses against it, so a set mixed by hand, by an
older briefgen or on a system without locks is refused with one line instead of being mailed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import signal
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from . import lock
from .errors import BriefgenError, BuildError
from .paths import display_path

log = logging.getLogger(__name__)

JOURNAL = ".briefgen-journal"
JOURNAL_VERSION = 1
# our temporaries: ".<name>.<16 hex>.tmp" (this module), ".<name>.<8 chars>.tmp" (the mkstemp
# names of briefgen before the journal); ".<name>.previous": that version's backups
_TEMP = re.compile(r"^\..+\.(?:[0-9a-f]{16}|[a-z0-9_]{8})\.tmp$")
_BACKUP = re.compile(r"^\.(?P<name>.+)\.previous$")
# Test-only fault injection (tests/integration/test_kill.py): with this variable set to N, the
# process SIGKILLs itself at the Nth filesystem step of a write or a roll forward. Unset (always,
# outside that test), ``_step`` does nothing.
KILL_AT_ENV = "BRIEFGEN_TEST_KILL_AT"
_steps = 0


def _step() -> None:
    """A named point in the write path where the kill test can crash the process; a no-op."""
    at = os.environ.get(KILL_AT_ENV)
    if not at:
        return
    global _steps
    _steps += 1
    if str(_steps) == at.strip():
        os.kill(os.getpid(), signal.SIGKILL)


def set_name(stem: str) -> str:
    """The file listing one brief's files and their hashes: ``.<stem>.files``."""
    return f".{stem}.files"


def _fsync_dir(folder: Path) -> None:
    """Make the folder's renames and removals durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):  # some file systems refuse fsync on a folder: nothing to do
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) with ``data``, durably. The mode is what a plain
    open() gives under the umask: the brief is meant for the web server or colleague reading it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        _step()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_journal(out_dir: Path) -> list[tuple[str, str]] | None:
    """The (temporary, final) names of a committed write; None when there is no journal."""
    path = out_dir / JOURNAL
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        moves = [(str(t), str(f)) for t, f in data["moves"]]
    except (ValueError, KeyError, TypeError) as e:
        # cannot happen short of disk corruption (the journal is renamed in only once complete)
        log.warning("%s: unreadable journal ignored: %s", display_path(path), e)
        return []
    # names only, inside this folder: a journal is ours, but a path is never taken from a file
    return [(t, f) for t, f in moves if "/" not in t + f and t and f and ".." not in (t, f)]


def recover(out_dir: Path, error: type[BriefgenError] = BuildError) -> None:
    """Finish a committed write a crash interrupted, then remove every stale temporary.

    Call it holding the folder's build lock (``locked``, ``reading`` do). A disk that refuses
    raises ``error`` (one line); the journal stays for the next attempt.
    """
    if not out_dir.is_dir():
        return
    try:
        _recover(out_dir)
    except OSError as e:
        raise error(
            f"{display_path(out_dir)}: cannot finish an interrupted build: {e.strerror or e}"
        ) from None


def _recover(out_dir: Path) -> None:
    moves = _read_journal(out_dir)
    if moves is not None:
        done = 0
        for tmp, final in moves:
            if (out_dir / tmp).exists():
                _step()
                os.replace(out_dir / tmp, out_dir / final)
                done += 1
        _fsync_dir(out_dir)
        _step()
        (out_dir / JOURNAL).unlink(missing_ok=True)
        _fsync_dir(out_dir)
        if done:
            log.warning(
                "%s: finished the brief an interrupted build had committed (%d files)",
                display_path(out_dir),
                done,
            )
    names = os.listdir(out_dir)
    for name in names:
        m = _BACKUP.match(name)
        if m and m.group("name") not in names:
            # an older briefgen died between moving the old file aside and the new one in
            os.replace(out_dir / name, out_dir / m.group("name"))
        elif m or _TEMP.match(name):
            (out_dir / name).unlink(missing_ok=True)


def commit(
    out_dir: Path, files: Mapping[str, bytes], sets: Mapping[str, Sequence[str]] | None = None
) -> tuple[Path, ...]:
    """Replace ``files`` (name -> bytes) in ``out_dir`` as one: after a crash at any moment,
    briefgen finds either all of them or all the files they replace. ``sets`` maps a brief's
    stem to the names of its files, listed with their hashes in ``set_name(stem)``.

    Call it holding the folder's build lock; raises BuildError (one line) when the disk refuses,
    leaving the previous files as they were and no temporary behind.
    """
    recover(out_dir)
    wid = secrets.token_hex(8)
    everything = dict(files)
    for stem, names in (sets or {}).items():
        listed = {n: hashlib.sha256(files[n]).hexdigest() for n in names}
        body = {"version": JOURNAL_VERSION, "write": wid, "files": listed}
        everything[set_name(stem)] = json.dumps(body, indent=1).encode() + b"\n"
    moves = [(f".{name}.{wid}.tmp", name) for name in everything]
    made: list[Path] = []
    journal_tmp = out_dir / f"{JOURNAL}.{wid}.tmp"
    try:
        for (tmp, _name), data in zip(moves, everything.values(), strict=True):
            _step()
            made.append(out_dir / tmp)
            _write_new(out_dir / tmp, data)
        journal = {"version": JOURNAL_VERSION, "write": wid, "moves": moves}
        made.append(journal_tmp)
        _write_new(journal_tmp, json.dumps(journal).encode())
        _step()
        os.replace(journal_tmp, out_dir / JOURNAL)  # the commit point
        _fsync_dir(out_dir)
    except OSError as e:
        for path in made:
            with suppress(OSError):
                path.unlink(missing_ok=True)
        with suppress(OSError):
            _fsync_dir(out_dir)
        raise BuildError(
            f"{display_path(out_dir)}: cannot write the brief: {e.strerror or e} "
            "(the previous brief is untouched)"
        ) from None
    try:
        for tmp, name in moves:
            _step()
            os.replace(out_dir / tmp, out_dir / name)
        _fsync_dir(out_dir)
        _step()
        (out_dir / JOURNAL).unlink()
        _fsync_dir(out_dir)
    except OSError as e:
        raise BuildError(
            f"{display_path(out_dir)}: the new brief is committed but not all in place: "
            f"{e.strerror or e} (the next build or send finishes it)"
        ) from None
    return tuple(out_dir / name for name in files)


def check_set(
    out_dir: Path,
    stem: str,
    contents: Mapping[str, bytes],
    error: type[BriefgenError] = BuildError,
) -> None:
    """A one-line ``error`` unless ``contents`` (name -> bytes read from ``out_dir``) are all
    files of the one write that ``set_name(stem)`` lists.

    A brief written before sets were recorded has no list and passes: there is nothing to
    compare it with.
    """
    path = out_dir / set_name(stem)
    try:
        listed = json.loads(path.read_bytes())["files"]
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise error(f"{display_path(path)}: unreadable list of the brief's files: {e}") from None
    for name, data in contents.items():
        if name not in listed:
            ext = name.rpartition(".")[2]
            raise error(
                f"{display_path(out_dir / name)}: left by an earlier build (the last build of "
                f"{stem} did not write it): add {ext} to formats and run briefgen build"
            )
        if listed[name] != hashlib.sha256(data).hexdigest():
            raise error(
                f"{display_path(out_dir / name)}: not from the same build as the rest of "
                f"{stem} (see {set_name(stem)}): run briefgen build again"
            )


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the folder's build lock for a write, with any interrupted write finished first."""
    with lock.build_lock(out_dir):
        recover(out_dir)
        yield


@contextmanager
def reading(out_dir: Path, error: type[BriefgenError] = BuildError) -> Iterator[None]:
    """Hold the folder's build lock while reading a brief: a build in progress is waited for
    (up to lock.LOCK_WAIT) and an interrupted one finished, so the files read are one brief.
    A folder that does not exist has nothing to read and is not created; one this process may
    not write (a read-only copy) is read as it is: nobody can be writing it through briefgen."""
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK):
        yield
        return
    path = out_dir / lock.BUILD_LOCK
    with lock.locked(path, what="build", wait=lock.LOCK_WAIT, error=error):
        recover(out_dir, error)
        yield
