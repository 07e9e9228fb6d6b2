"""The output folder's journal: a write is all or nothing, whatever step it stops at.

A crash is simulated in-process by raising a BaseException at the Nth filesystem step (the
write path's ``_step`` hook): no except clause of the write path catches it, as none runs when
the process is killed. tests/integration/test_kill.py does the same with real SIGKILLs.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen import outfolder
from briefgen.errors import BuildError, DeliveryError

OLD = {"daily.html": b"<p>old</p>", "daily.json": b'{"v": "old"}', "daily.pdf": b"%PDF old"}
NEW = {"daily.html": b"<p>new</p>", "daily.json": b'{"v": "new"}', "daily.pdf": b"%PDF new!"}


class Crash(BaseException):
    """The process dies here."""


def crash_at(monkeypatch, n: int) -> None:
    steps = iter(range(1, 10_000))

    def step() -> None:
        if next(steps) == n:
            raise Crash

    monkeypatch.setattr(outfolder, "_step", step)


def state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def brief_files(folder: Path, names) -> dict[str, bytes]:
    return {n: (folder / n).read_bytes() for n in names if (folder / n).exists()}


def steps_of_a_write(tmp_path: Path, monkeypatch, files) -> int:
    count = 0

    def step() -> None:
        nonlocal count
        count += 1

    monkeypatch.setattr(outfolder, "_step", step)
    outfolder.commit(tmp_path, files, {"daily": list(files)})
    monkeypatch.undo()
    for p in tmp_path.iterdir():
        p.unlink()
    return count


def test_a_write_puts_every_file_and_its_list_in_place_and_nothing_else(tmp_path):
    placed = outfolder.commit(tmp_path, NEW, {"daily": list(NEW)})
    assert placed == tuple(tmp_path / n for n in NEW)
    listed = json.loads((tmp_path / ".daily.files").read_bytes())
    assert listed["files"] == {n: hashlib.sha256(b).hexdigest() for n, b in NEW.items()}
    assert sorted(state(tmp_path)) == sorted([*NEW, ".daily.files"])
    assert brief_files(tmp_path, NEW) == NEW


def test_files_get_the_mode_a_plain_open_gives(tmp_path):
    old = os.umask(0o027)
    try:
        outfolder.commit(tmp_path, NEW)
    finally:
        os.umask(old)
    assert {(tmp_path / n).stat().st_mode & 0o777 for n in NEW} == {0o640}


@pytest.mark.parametrize("n", range(1, 16))
def test_a_crash_at_any_step_leaves_the_old_or_the_new_brief(tmp_path, monkeypatch, n):
    total = steps_of_a_write(tmp_path, monkeypatch, NEW)
    assert total == 15  # 4 files (3 + the list) created, then written; the journal written,
    # renamed in; 4 renames; the journal removed
    outfolder.commit(tmp_path, OLD, {"daily": list(OLD)})
    crash_at(monkeypatch, n)
    with pytest.raises(Crash):
        outfolder.commit(tmp_path, NEW, {"daily": list(NEW)})
    monkeypatch.undo()
    outfolder.recover(tmp_path)
    got = brief_files(tmp_path, NEW)
    # renaming the journal in (after step 10) is the commit point
    assert got == (NEW if n > 10 else OLD)
    assert sorted(state(tmp_path)) == sorted([*NEW, ".daily.files"])  # no temporaries left
    outfolder.check_set(tmp_path, "daily", got)  # and the list matches what is there


@settings(max_examples=60, deadline=None)
@given(
    old=st.dictionaries(st.sampled_from(["a.html", "a.json", "a.md", "index.html"]), st.binary()),
    new=st.dictionaries(
        st.sampled_from(["a.html", "a.json", "a.md", "index.html"]), st.binary(), min_size=1
    ),
    n=st.integers(1, 30),
    second=st.integers(1, 30),
)
def test_any_crash_during_a_write_or_its_roll_forward_is_all_or_nothing(
    tmp_path_factory, old, new, n, second
):
    folder = tmp_path_factory.mktemp("out")
    if old:
        outfolder.commit(folder, old)
    before = state(folder)
    count = iter(range(1, 10_000))

    def step(at: int):
        def hook() -> None:
            if next(count) == at:
                raise Crash

        return hook

    real = outfolder._step
    try:
        outfolder._step = step(n)
        try:
            outfolder.commit(folder, new)
        except Crash:
            pass
        count = iter(range(1, 10_000))
        outfolder._step = step(second)  # the roll forward may be killed too
        try:
            outfolder.recover(folder)
        except Crash:
            pass
    finally:
        outfolder._step = real
    outfolder.recover(folder)
    after = state(folder)
    assert after in ({**before, **new}, before)


def test_a_legacy_backup_whose_file_is_missing_is_restored_and_stale_temporaries_go(tmp_path):
    (tmp_path / "daily.json").write_bytes(b"{}")
    (tmp_path / ".daily.pdf.previous").write_bytes(b"%PDF kept")  # old swap killed mid-way
    (tmp_path / ".daily.json.previous").write_bytes(b"{old}")  # its file is back: a leftover
    (tmp_path / ".daily.html.k2j_9x0a.tmp").write_bytes(b"half")  # an old mkstemp name
    (tmp_path / ".daily.html.0123456789abcdef.tmp").write_bytes(b"")  # ours, never committed
    (tmp_path / ".build.lock").write_bytes(b"")
    (tmp_path / ".notes.tmp").write_bytes(b"mine")  # not a name of ours: kept
    outfolder.recover(tmp_path)
    assert state(tmp_path) == {
        ".build.lock": b"",
        ".notes.tmp": b"mine",
        "daily.json": b"{}",
        "daily.pdf": b"%PDF kept",
    }


def test_a_mixed_set_is_refused_in_one_line(tmp_path):
    outfolder.commit(tmp_path, NEW, {"daily": list(NEW)})
    outfolder.check_set(tmp_path, "daily", NEW)
    with pytest.raises(DeliveryError) as e:
        outfolder.check_set(
            tmp_path, "daily", {**NEW, "daily.pdf": OLD["daily.pdf"]}, DeliveryError
        )
    assert str(e.value) == (
        f"{tmp_path / 'daily.pdf'}: not from the same build as the rest of daily "
        "(see .daily.files): run briefgen build again"
    )
    outfolder.check_set(tmp_path, "weekly", {"weekly.pdf": b"x"})  # no list (older briefgen)
    outfolder.commit(tmp_path, {"daily.json": b"{}"}, {"daily": ["daily.json"]})  # no PDF now
    with pytest.raises(DeliveryError) as e:
        outfolder.check_set(tmp_path, "daily", NEW, DeliveryError)
    assert str(e.value) == (
        f"{tmp_path / 'daily.html'}: left by an earlier build (the last build of daily did not "
        "write it): add html to formats and run briefgen build"
    )


def test_a_full_disk_leaves_the_old_brief_and_no_temporary(tmp_path):
    """RLIMIT_FSIZE stands in for a full disk: the write fails part way through a file."""
    outfolder.commit(tmp_path, OLD, {"daily": list(OLD)})
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from briefgen import outfolder\n"
        "from briefgen.errors import BuildError\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "big = {'daily.html': b'x' * 100_000, 'daily.json': b'{}'}\n"
        "try:\n"
        "    outfolder.commit(Path(sys.argv[1]), big, {'daily': list(big)})\n"
        "except BuildError as e:\n"
        "    print(e.format_message()); sys.exit(1)\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert p.returncode == 1, p.stderr
    assert p.stdout == (
        f"{tmp_path}: cannot write the brief: File too large (the previous brief is untouched)\n"
    )
    assert brief_files(tmp_path, OLD) == OLD
    assert sorted(state(tmp_path)) == sorted([*OLD, ".daily.files"])


def test_a_committed_write_that_cannot_finish_says_the_next_build_will(tmp_path, monkeypatch):
    outfolder.commit(tmp_path, OLD)
    real = os.replace
    calls = []

    def refuse_third(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the journal, then the first file, then this one
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(outfolder.os, "replace", refuse_third)
    with pytest.raises(BuildError) as e:
        outfolder.commit(tmp_path, NEW)
    assert "the new brief is committed but not all in place: No space left on device" in str(
        e.value
    )
    monkeypatch.undo()
    outfolder.recover(tmp_path)
    assert brief_files(tmp_path, NEW) == NEW and sorted(state(tmp_path)) == sorted(NEW)


def test_reading_a_folder_that_does_not_exist_creates_nothing(tmp_path):
    with outfolder.reading(tmp_path / "out"):
        pass
    assert not (tmp_path / "out").exists()
