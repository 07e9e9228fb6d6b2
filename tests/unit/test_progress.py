"""Progress on the terminal: a bar per stage on a TTY, none off one or with -q; -v logs times."""

from __future__ import annotations

import io
import logging
import os
import re
import select
import struct
import sys

import pytest

from briefgen import console

fcntl = pytest.importorskip("fcntl")  # a pseudo-terminal: not on Windows
termios = pytest.importorskip("termios")


@pytest.fixture
def bars(monkeypatch):
    """Bars on, as the CLI's build asks; the console's levels put back afterwards."""
    console.show_progress(True)
    console.set_verbosity(0, False)
    yield
    console.show_progress(False)
    console.set_verbosity(0, False)


class Terminal:
    """A pseudo-terminal 100 columns wide whose slave side becomes stderr at ``attach()``
    (in the test body: pytest puts its own capture back on sys.stderr between phases)."""

    def __init__(self, monkeypatch) -> None:
        self.monkeypatch = monkeypatch
        self.master, self.slave = os.openpty()
        # a fresh pty has no size, and a bar needs one
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
        self.stream = open(self.slave, "w", encoding="utf-8", closefd=False)  # noqa: SIM115

    def attach(self) -> None:
        self.monkeypatch.setattr(sys, "stderr", self.stream)

    def read(self) -> str:
        """What reached the terminal so far."""
        self.stream.flush()
        chunks = []
        while select.select([self.master], [], [], 0.2)[0]:
            chunks.append(os.read(self.master, 65536))
        return b"".join(chunks).decode("utf-8", "replace")

    def close(self) -> None:
        self.stream.close()
        os.close(self.slave)
        os.close(self.master)


@pytest.fixture
def terminal(monkeypatch):
    term = Terminal(monkeypatch)
    yield term
    term.close()


def _run(name: str, total: int, unit: str = "file", articles: int | None = None) -> None:
    with console.stage(name, total, unit, articles) as done:
        for _ in range(total):
            done(1)


def test_a_long_stage_draws_its_bar_on_a_terminal(bars, terminal):
    terminal.attach()
    _run("read", 120)
    shown = terminal.read()
    assert re.search(r"read:\s+0%\|\s*\| 0/120 \[", shown), shown
    assert "file/s" in shown or "s/file" in shown  # the stage's unit


def test_a_stage_over_few_units_of_a_long_build_still_draws_one(bars, terminal):
    terminal.attach()
    _run("render", 3, "format", articles=console.PROGRESS_MIN)
    assert re.search(r"render:\s+0%\|\s*\| 0/3 \[", terminal.read())


def test_no_bar_when_stderr_is_not_a_terminal(bars, monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    _run("read", 120)
    assert stream.getvalue() == ""


def test_no_bar_with_quiet(bars, terminal):
    terminal.attach()
    console.set_verbosity(0, True)
    _run("read", 120)
    assert terminal.read() == ""


def test_no_bar_for_a_small_build(bars, terminal):
    terminal.attach()
    _run("read", console.PROGRESS_MIN - 1)
    _run("render", 3, "format", articles=console.PROGRESS_MIN - 1)
    assert terminal.read() == ""


def test_no_bar_unless_a_command_asks_for_them(terminal):
    terminal.attach()
    console.set_verbosity(0, False)  # the library, embedded: bars are the CLI's choice
    _run("read", 120)
    assert terminal.read() == ""


def test_verbose_logs_each_stage_count_and_time(caplog):
    with caplog.at_level(logging.INFO, logger="briefgen"):
        _run("clean", 7, "article")
        _run("render", 1, "format")
    lines = [r.getMessage() for r in caplog.records if r.name == "briefgen"]
    assert len(lines) == 2, lines
    assert re.fullmatch(r"clean: 7 articles in \d+\.\d\d s", lines[0]), lines
    assert re.fullmatch(r"render: 1 format in \d+\.\d\d s", lines[1]), lines


def test_a_failed_stage_logs_no_time_and_removes_its_bar(bars, terminal, caplog):
    terminal.attach()
    with caplog.at_level(logging.INFO, logger="briefgen"):
        with pytest.raises(RuntimeError):
            with console.stage("select", 200) as done:
                done(5)
                raise RuntimeError("boom")
    assert console._bar == []
    assert not [r for r in caplog.records if r.getMessage().startswith("select:")]
    assert "select:" in terminal.read()


def test_a_warning_during_a_bar_gets_a_line_of_its_own(bars, terminal):
    terminal.attach()
    handler = console._Terminal(sys.stderr)  # the CLI's; pytest's own handlers stand in here
    handler.setFormatter(logging.Formatter(console.TERMINAL_FORMAT))
    logging.getLogger().addHandler(handler)
    try:
        with console.stage("read", 150, "file") as done:
            done(10)
            logging.getLogger("briefgen.sources").warning("x.md: skipped: empty file")
            done(140)
    finally:
        logging.getLogger().removeHandler(handler)
    shown = terminal.read()
    # the bar is wiped, the line written whole, then the bar drawn again below it
    line = "\rbriefgen: WARNING: x.md: skipped: empty file\r\n"
    assert line in shown, shown
    assert re.search(r"read:\s+\d+%\|", shown.split(line)[1]), shown
