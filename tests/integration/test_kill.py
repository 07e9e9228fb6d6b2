"""A build SIGKILLed at the moment its output folder changes, many times over.

Each round rewrites the config with a new title and runs `briefgen build` in a child process
that dies: deterministically, at the Nth filesystem step of its write (the write path's
test-only hook, outfolder.KILL_AT_ENV), for every step that changes the folder; and a few times
at a random moment after the parent, polling the folder, sees it change. After each kill the
folder, as briefgen reads it (the next command finishes a committed write first), holds one
brief: every format (HTML, PDF, Markdown, text, JSON, the archive page) with one title, the
previous round's or this one's; `send --dry-run` mails that brief's PDF; and no temporary is left.
Row 7 of issue 13 (two builds of one folder at once) and row 14 (a full disk) are here too.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import yaml
from limited import unmeasured_env

from briefgen import outfolder
from briefgen.config import load_config
from briefgen.deliver import send_brief
from briefgen.deliver.latest import latest_brief
from briefgen.pipeline import build
from briefgen.render.brief_json import brief_from_json
from briefgen.verify import load_brief, pdf_attachment

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "projects" / "basic" / "articles"
STEM = "daily-2026-11-23"
FORMATS = ["html", "pdf", "md", "txt", "json"]
BRIEF = [f"{STEM}.{f}" for f in FORMATS]
# what a settled folder holds: the brief, the archive page, the list of the brief's files, the
# build lock; outbox/ once a dry run wrote there
SETTLED = {*BRIEF, "index.html", f".{STEM}.files", ".build.lock"}
TITLE = re.compile(r"Kill Brief (\d+)x", re.IGNORECASE)  # brief.txt shouts its title


def write_config(project: Path, n: int, file: str = "briefgen.yaml") -> Path:
    config = {
        "title": f"Kill Brief {n}x",
        "name": "daily",
        "date": "2026-11-23",
        "inputs": ["articles"],
        "out": "out",
        "formats": FORMATS,
        "email": {
            "smtp": {"host": "127.0.0.1", "port": 9, "security": "none"},  # never dialled
            "sender": "Desk <desk@example.org>",
            "subject": "{{ brief.title }}",
            "recipients": [{"name": "Reader", "email": "reader@example.org"}],
        },
    }
    path = project / file
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    write_config(tmp_path, 0)
    build(load_config(tmp_path / "briefgen.yaml"))
    return tmp_path


def child(
    project: Path,
    env: dict[str, str] | None = None,
    config: str = "briefgen.yaml",
    measured: bool = True,
    **kwargs,
) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "-q", "build", "-c", config],
        cwd=project,
        env={**(os.environ if measured else unmeasured_env()), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def titles(out: Path) -> dict[str, int]:
    """File name -> the number in its title ("Kill Brief 7x" -> 7); each file has one."""
    found: dict[str, int] = {}
    for name in [*BRIEF, "index.html"]:
        path = out / name
        if name.endswith(".pdf"):
            numbers = {int(TITLE.fullmatch(load_brief(path).title).group(1))}
        elif name.endswith(".json"):
            numbers = {int(TITLE.fullmatch(brief_from_json(path.read_text()).title).group(1))}
        else:
            numbers = {int(n) for n in TITLE.findall(path.read_text(encoding="utf-8"))}
        assert len(numbers) == 1, f"{name}: titles {sorted(numbers)}"
        found[name] = numbers.pop()
    return found


def check_one_brief(project: Path, allowed: set[int]) -> int:
    """Read the folder as briefgen does and check it holds one brief of ``allowed``; its n."""
    out = project / "out"
    journal = (out / outfolder.JOURNAL).exists()
    if not journal:  # nothing committed is pending: the files on disk are one brief already
        assert len(set(titles(out).values())) == 1, titles(out)
    cfg = load_config(project / "briefgen.yaml")
    report = send_brief(cfg, dry_run=True)  # finishes a committed write under the lock
    assert [o.status for o in report.outcomes] == ["written"]
    assert not (out / outfolder.JOURNAL).exists()
    found = titles(out)
    assert len(set(found.values())) == 1, found
    n = found[BRIEF[0]]
    assert n in allowed
    eml = next((out / "outbox" / STEM).glob("*.eml"))
    msg = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert next(msg.iter_attachments()).get_content() == (out / f"{STEM}.pdf").read_bytes()
    assert msg["Subject"] == f"Kill Brief {n}x"
    assert {p.name for p in out.iterdir()} == SETTLED | {"outbox"}  # no temporary left
    shutil.rmtree(out / "outbox")
    return n


def steps_of_a_build() -> int:
    """Filesystem steps of one write of this project (outfolder.commit): for each of its
    files (5 formats, index.html, the list) a create and a write, the journal written and
    renamed in, one rename per file, the journal removed."""
    files = len(BRIEF) + 2
    return 2 * files + 2 + files + 1


def kill_steps() -> list[int]:
    """Each step that changes the folder from the last temporary on, the first temporary's
    two: the steps between repeat those for the other files (tests/unit/test_outfolder.py
    crashes at every step of a write, in-process)."""
    temps = 2 * (len(BRIEF) + 2)
    return [1, 2, *range(temps - 1, steps_of_a_build() + 1)]


def test_a_build_killed_at_each_step_of_its_write_leaves_one_brief(project):
    current = 0
    total = steps_of_a_build()
    commit_point = 2 * (len(BRIEF) + 2) + 2  # the step before the journal is renamed in
    for n in kill_steps():
        write_config(project, n)
        p = child(project, env={outfolder.KILL_AT_ENV: str(n)})
        p.communicate(timeout=300)
        assert p.returncode == -signal.SIGKILL, f"step {n}: the build was not killed"
        got = check_one_brief(project, {current, n})
        assert got == (n if n > commit_point else current), f"step {n}"
        current = got
    write_config(project, total + 1)  # one past the last step: the build runs to its end
    p = child(project, env={outfolder.KILL_AT_ENV: str(total + 1)})
    assert p.communicate(timeout=300) == ("", "") and p.returncode == 0
    assert check_one_brief(project, {total + 1}) == total + 1


def test_a_build_killed_when_the_parent_sees_its_folder_change_leaves_one_brief(project):
    rng = random.Random(13)
    out = project / "out"
    current = 0
    for n in range(1, 5):
        write_config(project, n)
        before = {e.name for e in os.scandir(out)}
        p = child(project)
        while p.poll() is None and {e.name for e in os.scandir(out)} == before:
            pass  # a tight loop: the kill lands within microseconds of the first change
        time.sleep(rng.choice([0, 0, 0.001, 0.005, 0.02]))
        p.send_signal(signal.SIGKILL)
        p.communicate(timeout=60)
        current = check_one_brief(project, {current, n})
    write_config(project, 99)  # the next build runs over whatever the kills left
    build(load_config(project / "briefgen.yaml"))
    assert check_one_brief(project, {99}) == 99


def test_two_builds_of_one_folder_at_once_are_serialized_never_mixed(project):
    """Row 7: two processes build the same out folder at once while this one keeps reading it
    through the library; each read is one brief, both builds succeed, and none sees a
    FileNotFoundError."""
    cfg = load_config(project / "briefgen.yaml")
    for n in (1, 2):  # one config file each, one out folder (and history) for both
        write_config(project, n, f"briefgen-{n}.yaml")
    first, second = (child(project, config=f"briefgen-{n}.yaml") for n in (1, 2))
    reads = []
    while first.poll() is None or second.poll() is None:
        brief = latest_brief(cfg)  # under the lock: one whole brief, never half of each
        attached = json.loads(pdf_attachment(brief.pdf, "pdf"))
        assert attached["build_id"] == brief.brief.build_id
        reads.append(brief.brief.title)
    for p in (first, second):
        assert p.communicate(timeout=300) == ("", "") and p.returncode == 0
    assert set(reads) <= {"Kill Brief 0x", "Kill Brief 1x", "Kill Brief 2x"}
    assert check_one_brief(project, {1, 2}) in (1, 2)


def test_two_library_builds_in_threads_wait_for_each_other(project):
    """The lock is the library's, not the CLI's: two threads calling build() for one folder
    are serialized (flock locks per open file, so threads of one process exclude each other)."""
    configs = []
    for n in (1, 2):
        write_config(project, n)
        configs.append(load_config(project / "briefgen.yaml"))
    errors: list[BaseException] = []

    def run(cfg) -> None:
        try:
            build(cfg)
        except BaseException as e:  # noqa: BLE001 - the test reports whatever a thread raised
            errors.append(e)

    threads = [threading.Thread(target=run, args=(c,)) for c in configs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert errors == []
    assert check_one_brief(project, {1, 2}) in (1, 2)


# room for the history's 32 KiB shared-memory file (reading it makes one), none for the PDF
FULL_AT = 40_000


def _full_disk() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (FULL_AT, FULL_AT))


def test_a_full_disk_fails_in_one_line_and_leaves_the_previous_brief(project):
    """Row 14: RLIMIT_FSIZE stands in for a full disk (no root, no tmpfs of our own)."""
    before = {p.name: p.read_bytes() for p in (project / "out").iterdir() if p.is_file()}
    assert (project / "out" / f"{STEM}.pdf").stat().st_size > FULL_AT
    write_config(project, 1)
    p = child(project, preexec_fn=_full_disk, measured=False)
    stdout, stderr = p.communicate(timeout=300)
    assert p.returncode == 1 and stdout == ""
    assert stderr == (
        "briefgen: error: out: cannot write the brief: File too large "
        "(the previous brief is untouched)\n"
    )
    after = {p.name: p.read_bytes() for p in (project / "out").iterdir() if p.is_file()}
    assert after == before  # no temporary, nothing replaced
    assert check_one_brief(project, {0}) == 0
