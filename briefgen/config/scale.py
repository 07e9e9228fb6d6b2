"""The scale keys of briefgen.yaml: ``jobs:``, ``executor:``, ``scheduler:``.

They say where the per-article stage (read, clean, segment) runs: in a pool of ``jobs`` local
worker processes, or on a Dask cluster (docs/scale.md). They change how fast a brief is made,
never what it says, so they stay out of the build id.
"""

from __future__ import annotations

import os
from typing import Annotated

from pydantic import AfterValidator, Field

# More workers than any machine briefgen runs on has cores: a larger number is a typo.
MAX_JOBS = 1024


def cores() -> int:
    """The CPUs this process may run on (its affinity mask, not the machine's total)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _known_executor(name: str) -> str:
    from ..registry import EXECUTORS

    return EXECUTORS.check(name)


def _address(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"not a scheduler address: {value!r} (e.g. tcp://10.0.0.5:8786)")
    return value


Jobs = Annotated[int, Field(ge=1, le=MAX_JOBS)]
ExecutorName = Annotated[str, AfterValidator(_known_executor)]
SchedulerAddress = Annotated[str | None, AfterValidator(_address)]
