"""Shared test helpers: where ../shared is, small builders for inputs, the CLI in-process."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"

# Machine-local caches (the unpacked language model, text/langid_model.py) go to a folder of
# this test run, removed after it, not to the user's ~/.cache; child processes inherit it.
if "BRIEFGEN_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="briefgen-test-cache-")
    os.environ["BRIEFGEN_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


def needs_seeds():
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def needs_pdftotext():
    return pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")


@pytest.fixture
def write(tmp_path):
    """write('a/b.md', text) -> Path: create a file under tmp_path."""

    def _write(rel: str, text: str | bytes) -> Path:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write


@dataclass(frozen=True)
class Ran:
    """What a run of the command line gave: the fields of subprocess.CompletedProcess tests read."""

    returncode: int
    stdout: str
    stderr: str


# loggers the CLI sets levels on (briefgen.cli._set_verbosity), besides the root logger
_CLI_LOGGERS = ("", "weasyprint", "fontTools")


@pytest.fixture
def briefgen_main(monkeypatch, tmp_path_factory):
    """briefgen_main(*args, cwd=Path, env={}) -> Ran: the console script run in this process.

    It calls ``briefgen.cli.main()`` itself, so exit codes and the one-line ``briefgen: error:``
    messages come from the same code path as the installed ``briefgen`` command, without the
    second and a half of imports a new interpreter pays. What a fresh process would have is set
    up for the call: the argv and program name of the console script, the cwd and environment
    asked for, a root logger with no handlers (so ``-v``/``-q`` configure logging as they do in
    a real run); logging is put back afterwards. Crash logs (exit 3) go to a temporary folder.
    """
    from briefgen.cli import main

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Ran:
        monkeypatch.chdir(cwd)
        monkeypatch.setenv("BRIEFGEN_LOG_DIR", str(tmp_path_factory.mktemp("crash-logs")))
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        monkeypatch.setattr(sys, "argv", ["briefgen", *args])
        # the console script's __main__ is a plain script: click names the program "briefgen"
        monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
        loggers = [logging.getLogger(name) for name in _CLI_LOGGERS]
        saved = [(lg, lg.level, lg.handlers[:]) for lg in loggers]
        logging.getLogger().handlers = []
        try:
            with CliRunner().isolation() as (out, err, _):
                try:
                    main()
                    raise AssertionError("briefgen.cli.main() returned instead of exiting")
                except SystemExit as e:
                    if e.code is None or isinstance(e.code, int):
                        code = e.code or 0
                    else:  # sys.exit("message"): printed to stderr, status 1
                        print(e.code, file=sys.stderr)
                        code = 1
                sys.stdout.flush()
                sys.stderr.flush()
                return Ran(code, out.getvalue().decode(), err.getvalue().decode())
        finally:
            for lg, level, handlers in saved:
                lg.setLevel(level)
                lg.handlers = handlers

    return run
