"""No traceback ever reaches a user: an unexpected failure is one line, exit 3, a log file."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from briefgen import cli
from briefgen.crash import EXIT_INTERNAL

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "briefgen" / "samples" / "articles"
EVAL = ROOT / "tests" / "fixtures" / "eval"


def run_main(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """The console script's main() in this process: exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["briefgen", *args])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    return int(ended.value.code or 0), capsys.readouterr().err


@pytest.fixture(autouse=True)
def log_dir(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv("BRIEFGEN_LOG_DIR", str(folder))
    return folder


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_missing_module_is_one_line_naming_it_and_the_install(
    tmp_path, monkeypatch, capsys, log_dir
):
    """trafilatura gone (what a broken install looks like): an HTML input fails cleanly."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` now fails
    html = SAMPLES / "05-circuit-review-ai-testing.html"
    code, err = run_main(
        monkeypatch, capsys, "build", "-i", str(html), "-o", str(tmp_path / "out"), "-q"
    )
    line = _one_line(err)
    assert code == EXIT_INTERNAL == 3
    assert line.startswith("briefgen: internal error: ModuleNotFoundError:")
    assert "incomplete install (module 'trafilatura' cannot be imported)" in line
    where = re.search(r"full traceback in (\S+)$", line)
    assert where, line
    log = Path(where[1])
    assert log.parent == log_dir
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "trafilatura" in text
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_missing_eval_extra_names_the_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "rouge_score", None)
    from briefgen import evaluate

    evaluate._scorer.cache_clear()
    try:
        code, err = run_main(monkeypatch, capsys, "eval", str(EVAL), "--words", "50")
    finally:
        evaluate._scorer.cache_clear()
    line = _one_line(err)
    assert code == 3
    assert line == (
        "briefgen: error: briefgen eval needs the 'eval' extra (module 'rouge_score' is not "
        "installed): pip install 'briefgen[eval]'"
    )


def test_a_bug_is_one_line_with_the_traceback_in_the_log(tmp_path, monkeypatch, capsys):
    def broken(config, *, write=True):
        raise ZeroDivisionError("division by zero in a stage")

    monkeypatch.setattr("briefgen.pipeline.build", broken)
    code, err = run_main(monkeypatch, capsys, "build", "-i", str(SAMPLES), "-o", str(tmp_path))
    line = _one_line(err)
    assert code == 3
    assert line.startswith(
        "briefgen: internal error: ZeroDivisionError: division by zero in a stage; "
        "this is a bug in briefgen; full traceback in "
    )
    log = Path(line.rsplit(" ", 1)[1])
    assert "in broken" in log.read_text(encoding="utf-8")


def test_vv_also_prints_the_traceback(tmp_path, monkeypatch, capsys):
    def broken(config, *, write=True):
        raise KeyError("lost")

    monkeypatch.setattr("briefgen.pipeline.build", broken)
    code, err = run_main(
        monkeypatch, capsys, "-vv", "build", "-i", str(SAMPLES), "-o", str(tmp_path)
    )
    assert code == 3
    assert "Traceback (most recent call last)" in err
    assert err.strip().splitlines()[-1].startswith("briefgen: internal error: KeyError: 'lost'")


def test_an_unwritable_log_folder_still_gives_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIEFGEN_LOG_DIR", str(blocker / "logs"))
    monkeypatch.setattr("tempfile.gettempdir", lambda: str(blocker / "tmp"))

    def broken(config, *, write=True):
        raise RuntimeError("x" * 5000)

    monkeypatch.setattr("briefgen.pipeline.build", broken)
    code, err = run_main(monkeypatch, capsys, "build", "-i", str(SAMPLES), "-o", str(tmp_path))
    line = _one_line(err)
    assert code == 3
    assert line.endswith("run with -vv for the full traceback")
    assert len(line) < 600  # a huge message is cut, not echoed
