"""What a user sees when briefgen itself fails: one line, never a traceback on the terminal.

An exception that no stage turned into a BriefgenError is a bug or an incomplete install. The
full traceback goes to a log file (its path is on the line) and, at ``-vv``, to stderr as well.
"""

from __future__ import annotations

import os
import tempfile
import traceback
from datetime import datetime, timezone
from pathlib import Path

from .registry import PluginError
from .version import __version__

EXIT_INTERNAL = 3  # 0 ok, 1 build/input/delivery error, 2 config/usage error, 3 internal error
LOG_DIR_ENV = "BRIEFGEN_LOG_DIR"  # where tracebacks go; default: the user's state folder
_FIRST_LINE_MAX = 300  # an exception message can be huge (an expanded value): cut it


def log_dir() -> Path:
    """$BRIEFGEN_LOG_DIR, else $XDG_STATE_HOME/briefgen, else ~/.local/state/briefgen."""
    if os.environ.get(LOG_DIR_ENV):
        return Path(os.environ[LOG_DIR_ENV])
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "briefgen"


def write_traceback(exc: BaseException, argv: list[str]) -> Path | None:
    """The traceback in a new file under log_dir() (the temp folder if that fails); its path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    text = f"briefgen {__version__} crashed at {stamp}\ncommand: {' '.join(argv)}\n\n" + "".join(
        traceback.format_exception(exc)
    )
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as fh:
                fh.write(text)
            return Path(name)
        except OSError:
            continue
    return None


def _summary(exc: BaseException) -> str:
    first = (str(exc).splitlines() or [""])[0].strip()
    if len(first) > _FIRST_LINE_MAX:
        first = first[:_FIRST_LINE_MAX] + "…"
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _ours(module: str | None) -> bool:
    """Is ``module`` part of briefgen? A failed import of our own code is a bug, not an install."""
    return bool(module) and (module == "briefgen" or str(module).startswith("briefgen."))


def crash_line(exc: BaseException, where: Path | None) -> str:
    """The one line: what failed, whose fault it is, and where the full traceback is."""
    if isinstance(exc, PluginError):
        cause = "a broken plugin or an incomplete install"
    elif isinstance(exc, ImportError) and not _ours(exc.name):
        missing = f" (module '{exc.name}' cannot be imported)" if exc.name else ""
        cause = f"an incomplete install{missing}: reinstall with the README's install command"
    else:
        cause = "a bug in briefgen"
    trace = f"full traceback in {where}" if where else "run with -vv for the full traceback"
    return f"briefgen: internal error: {_summary(exc)}; this is {cause}; {trace}"
