"""What the commands tell the terminal and the log file: -v/-q, --log-file, the summary lines.

The terminal shows WARNING and up (INFO at -v, DEBUG at -vv, ERROR only at -q); the log file,
when one is given, gets INFO and up with timestamps whatever the terminal shows. With -q a
successful run prints nothing at all, so cron mails nothing; errors still reach stderr.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

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


class _Terminal(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (click's test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


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
