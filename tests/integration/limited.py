"""The briefgen command in a child process under an address-space limit: an attack that would
take gigabytes fails inside the child (MemoryError, our one line) instead of taking the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ADDRESS_SPACE = 1024**3  # twice what a build of a small folder maps; 'a'*10**15 needs a petabyte
TIMEOUT = 240  # seconds: a safety net for a hang, far above a normal run's few seconds

_LIMITED = (
    "import resource, sys\n"
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE}, {ADDRESS_SPACE}))\n"
    "sys.argv[0] = 'briefgen'\n"
    "from briefgen.cli import main\n"
    "main()\n"
)


def unmeasured_env() -> dict[str, str]:
    """This environment without coverage's: a child whose file writes are limited (a full disk
    played by RLIMIT_FSIZE) must not be measured, or coverage's own failing write at exit adds
    a line to the stderr the test reads."""
    return {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``briefgen *args`` in ``cwd``, limited; crash logs (if any) kept under ``cwd``."""
    env = {**os.environ, "BRIEFGEN_LOG_DIR": str(cwd / "crash-logs")}
    return subprocess.run(
        [sys.executable, "-c", _LIMITED, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
    )
