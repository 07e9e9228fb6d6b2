"""What the commands tell the terminal and the log file: -v/-q, --log-file, the summary lines.

The terminal shows WARNING and up (INFO at -v, DEBUG at -vv, ERROR only at -q); the log file,
when one is given, gets INFO and up with timestamps whatever the terminal shows. With -q a
successful run prints nothing at all, so cron mails nothing; errors still reach stderr.

A long build shows a progress bar per stage (read, clean, copies, select, render) on stderr
when stderr is a terminal and -q is not given; -v logs each stage's count and time.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import ConfigError

if TYPE_CHECKING:
    from .config import BriefConfig
    from .pipeline import BuildResult

log = logging.getLogger("briefgen")

TERMINAL_FORMAT = "briefgen: %(levelname)s: %(message)s"
FILE_FORMAT = "%(asctime)s briefgen[%(process)d] %(levelname)s: %(message)s"
FILE_LEVEL = logging.INFO
NOISY = ("weasyprint", "fontTools")  # the PDF engine's own chatter: shown only at -vv


# A stage shows a bar only in a build of this many articles or more: a smaller one is over
# in about a second, and a bar that flashes by is noise (the stages of 100 take 0.5-1 s).
PROGRESS_MIN = 100


class _Terminal(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (click's test runner swaps it).
    A progress bar on the screen is cleared for the line and drawn again after it."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        bar = _bar[0] if _bar else None
        if bar is not None:
            bar.clear()
        super().emit(record)
        if bar is not None:
            bar.refresh()


class _LogFile(logging.FileHandler):
    """Appends INFO and up of briefgen's own records; other libraries' from WARNING up."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and not record.name.startswith("briefgen"):
            return False
        return super().filter(record)


_terminal_level = logging.WARNING  # what -v/-q asked the terminal to show


def _terminal() -> None:
    """Our stderr handler at the terminal's level; as with logging.basicConfig, none is added
    when the program embedding briefgen set up logging itself (root has other handlers)."""
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h, _Terminal)]
    if not ours and not [h for h in root.handlers if not isinstance(h, _LogFile)]:
        handler = _Terminal(sys.stderr)
        handler.setFormatter(logging.Formatter(TERMINAL_FORMAT))
        root.addHandler(handler)
        ours = [handler]
    for h in ours:
        h.setLevel(_terminal_level)


_progress = False  # bars wanted: the CLI's commands ask for them (see show_progress)
_bar: list[Any] = []  # the bar on screen now (a tqdm), if any


def show_progress(on: bool = True) -> None:
    """Let long stages draw progress bars (when stderr is a terminal and not -q)."""
    global _progress
    _progress = on


def _bars_wanted(total: int, articles: int) -> bool:
    return (
        _progress and not quiet() and articles >= PROGRESS_MIN and total > 0 and sys.stderr.isatty()
    )


def _ignore(k: int) -> None:
    pass


@contextmanager
def stage(
    name: str, total: int, unit: str = "article", articles: int | None = None
) -> Iterator[Callable[[int], None]]:
    """Time one stage of ``total`` ``unit``s; the caller calls the yielded ``done(k)`` as k
    more are finished. -v logs the count and seconds; a bar is drawn on a terminal when the
    build has at least PROGRESS_MIN ``articles`` (default: ``total``)."""
    start = time.perf_counter()
    bar = None
    if _bars_wanted(total, total if articles is None else articles):
        from tqdm import tqdm

        bar = tqdm(total=total, desc=name, unit=unit, file=sys.stderr, leave=False)
        _bar.append(bar)
    done: Callable[[int], Any] = bar.update if bar is not None else _ignore
    try:
        yield done
    finally:
        if bar is not None:
            _bar.remove(bar)
            bar.close()
    log.info("%s: %s in %.2f s", name, _count(total, unit), time.perf_counter() - start)


def _log_files() -> list[_LogFile]:
    return [h for h in logging.getLogger().handlers if isinstance(h, _LogFile)]


def _apply_levels() -> None:
    """The root logger lets through what the most talkative handler wants."""
    _terminal()
    logging.getLogger().setLevel(min([_terminal_level] + [h.level for h in _log_files()]))


def set_verbosity(verbose: int, quiet: bool) -> None:
    """The terminal's level from -v/-q."""
    global _terminal_level
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    _terminal_level = level
    _apply_levels()
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(level if verbose >= 2 else max(level, logging.WARNING))


def add_log_file(path: str) -> None:
    """--log-file PATH: append INFO and up, with timestamps, whatever -q/-v say."""
    target = Path(path).expanduser().resolve()
    if any(Path(h.baseFilename) == target for h in _log_files()):
        return
    try:
        handler = _LogFile(target, mode="a", encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"--log-file: cannot open {path}: {e.strerror or e}") from None
    handler.setLevel(FILE_LEVEL)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    logging.getLogger().addHandler(handler)
    _apply_levels()


def close_log_files() -> None:
    for h in _log_files():
        logging.getLogger().removeHandler(h)
        h.close()


def quiet() -> bool:
    """-q: nothing but errors on the terminal."""
    return _terminal_level >= logging.ERROR


def log_only(message: str, level: int = logging.INFO) -> None:
    """A line for the log files only (the terminal got it another way, or must not)."""
    message = message.removeprefix("briefgen: ")  # the file's format names the program
    record = log.makeRecord(log.name, level, "(briefgen)", 0, message, (), None)
    for h in _log_files():
        if record.levelno >= h.level:
            h.handle(record)


def out(line: str) -> None:
    """A result line on stdout (a path written, a delivery), unless -q."""
    if not quiet():
        click.echo(line)


def say(line: str) -> None:
    """A closing line on stderr (the build's summary) unless -q; always in the log file."""
    if not quiet():
        click.echo(line, err=True)
    log_only(line)


def error(line: str) -> None:
    """An error line ("briefgen: error: …") on stderr, -q or not; in the log file too."""
    click.echo(line, err=True)
    log_only(line.replace("briefgen: error: ", "", 1), logging.ERROR)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def build_summary(config: BriefConfig, result: BuildResult) -> str:
    """The one line a build ends with: which brief, from which config, how many of what."""
    from .config import config_origin  # here: the CLI starts without the config's imports

    brief = result.brief
    parts = [
        f"{_count(result.read, 'article')} read",
        f"{result.skipped} skipped",
        f"{len(brief.articles)} cited",
        _count(len(brief.key_points) + sum(len(s.items) for s in brief.sections), "item"),
    ]
    if result.new is not None:  # the history's count: items no earlier brief carried
        parts.append(f"{result.new} new")
    return (
        f"briefgen: built {config.output_stem(brief.date)} (config: {config_origin(config)}): "
        f"{', '.join(parts)}; {_count(len(result.warnings), 'warning')}"
    )
