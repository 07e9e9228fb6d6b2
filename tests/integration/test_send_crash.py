"""Email at most once under crashes (issue 13, row 9), against a real SMTP server on loopback.

The sender is killed after the server has the message but before the sender logged the
server's answer; the send log is made unwritable (RLIMIT_FSIZE stands in for a full disk)
before the intent, and between the intent and the answer. In each case nobody gets a message
twice, and a message that may have arrived is reported, then sent once more, with the same
Message-ID, only on --resend-uncertain.
"""

from __future__ import annotations

import asyncio
import json
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import test_email_smtp as smtp_tests
from limited import unmeasured_env
from test_email_smtp import PEOPLE, Recorder, make_config, sent_log

from briefgen.deliver import send_brief

# the SMTP tests' fixtures: a built brief, and a loopback aiosmtpd server
built_out, smtp_server = smtp_tests.built_out, smtp_tests.smtp_server

TO = [p["email"] for p in PEOPLE[:3]]


@dataclass
class AcceptsThenHangs(Recorder):
    """Takes the ``count``-th message (it is the server's now), then holds its "250" until
    released: the sender dies in between."""

    count: int = 2
    reached: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == self.count:
            self.reached.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return reply


def cli(cfg, *args: str, limit: int | None = None) -> subprocess.CompletedProcess:
    """`briefgen send` in a child; ``limit``: the largest file it may write (a full disk)."""

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past the limit a write fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "briefgen", "send", "-c", cfg.source_path, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(cfg.source_path).parent,
        preexec_fn=full_disk if limit is not None else None,
        env=unmeasured_env() if limit is not None else None,
    )


def message_ids(server) -> list[tuple[str, str]]:
    return [(m.rcpt_tos[0], m.message["Message-ID"]) for m in server.handler.messages]


def test_a_sender_killed_before_logging_the_servers_answer_never_sends_a_second_copy(
    tmp_path, built_out, smtp_server
):
    server = smtp_server(AcceptsThenHangs(count=2))
    cfg = make_config(tmp_path, built_out, server.port, recipients=PEOPLE[:3])
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "send", "-c", cfg.source_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.handler.reached.wait(60), "the server never got the second message"
        proc.send_signal(signal.SIGKILL)  # the server has it; the sender never hears so
        proc.wait(10)
    finally:
        server.handler.release.set()
        if proc.poll() is None:
            proc.kill()
    first = message_ids(server)
    assert [to for to, _ in first] == TO[:2]
    assert [e["recipient"] for e in sent_log(cfg)] == TO[:1]  # the second is not logged

    rerun = cli(cfg)
    assert rerun.returncode == 1
    lines = rerun.stdout.splitlines()
    assert lines[0].startswith(f"skipped   {TO[0]}")
    assert lines[1].startswith(f"uncertain {TO[1]}  daily-2026-11-23  uncertain: {TO[1]} “Basic")
    assert lines[1].endswith("it may have arrived — use --resend-uncertain")
    assert lines[2].startswith(f"sent      {TO[2]}")
    assert lines[-1] == "1 sent, 1 skipped, 1 uncertain"
    assert [to for to, _ in message_ids(server)] == TO  # no second copy for analyst2

    again = cli(cfg, "--resend-uncertain")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[-1] == "1 sent, 2 skipped"
    got = message_ids(server)
    assert [to for to, _ in got] == [*TO, TO[1]]
    assert got[-1][1] == first[1][1]  # the same Message-ID: the reader can tell it is a copy

    settled = cli(cfg)
    assert (settled.returncode, settled.stdout.splitlines()[-1]) == (0, "3 skipped")
    assert len(server.handler.messages) == 4


def test_a_send_log_that_cannot_be_written_sends_nothing_and_says_why(
    tmp_path, built_out, smtp_server
):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port, recipients=PEOPLE[:3])
    p = cli(cfg, limit=100)  # the lock files' pids fit; no intent line does
    assert (p.returncode, p.stdout) == (1, "")
    assert p.stderr == (
        "briefgen: error: out/sent.jsonl: cannot write the send log: File too large; "
        f"{TO[0]} not sent: nothing was sent\n"
    )
    assert server.handler.messages == []
    ok = cli(cfg)  # room again: the torn line is skipped, and everyone is served once
    assert ok.returncode == 0 and ok.stdout.splitlines()[-1] == "3 sent"
    assert [to for to, _ in message_ids(server)] == TO


def test_a_message_sent_but_not_logged_is_uncertain_never_sent_again(
    tmp_path, built_out, smtp_server
):
    server = smtp_server()
    for sub in ("probe", "p"):
        (tmp_path / sub).mkdir()
    probe = make_config(tmp_path / "probe", built_out, server.port, recipients=PEOPLE[:1])
    send_brief(probe)  # the same brief and recipient: the same intent line, the same length
    intent = (probe.out_dir / "sent.jsonl").read_bytes().splitlines(keepends=True)[0]
    assert json.loads(intent)["state"] == "intent"
    server.handler.messages.clear()

    cfg = make_config(tmp_path / "p", built_out, server.port, recipients=PEOPLE[:3])
    p = cli(cfg, limit=len(intent) + 40)  # the intent fits; the answer after it does not
    assert p.returncode == 1
    msgid = server.handler.messages[0].message["Message-ID"]
    assert p.stderr == (
        "briefgen: error: out/sent.jsonl: cannot write the send log: File too large; "
        f"{TO[0]} was sent {msgid} but it is not logged: stopped (a rerun reports it as "
        "uncertain)\n"
    )
    assert [to for to, _ in message_ids(server)] == TO[:1]
    rerun = cli(cfg)
    assert rerun.returncode == 1 and rerun.stdout.splitlines()[-1] == "2 sent, 1 uncertain"
    assert [to for to, _ in message_ids(server)] == TO  # analyst1 got one copy, not two


def test_under_quiet_an_uncertain_message_still_reaches_stderr(tmp_path, built_out, smtp_server):
    server = smtp_server()
    cfg = make_config(tmp_path, built_out, server.port, recipients=PEOPLE[:1])
    log = cfg.out_dir / "sent.jsonl"
    send_brief(cfg, dry_run=True)  # nothing logged by a dry run
    assert not log.exists()
    send_brief(cfg)
    lines = log.read_text().splitlines()
    log.write_text(lines[0] + "\n")  # as if the sender died before logging the answer
    p = subprocess.run(
        [sys.executable, "-m", "briefgen", "-q", "send", "-c", cfg.source_path],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (p.returncode, p.stdout) == (1, "")
    assert p.stderr.startswith(f"briefgen: error: uncertain: {TO[0]} “Basic Test Brief")
    assert p.stderr.endswith("— use --resend-uncertain\n") and p.stderr.count("\n") == 1
    assert len(server.handler.messages) == 1
