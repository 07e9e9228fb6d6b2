"""CI: is the lock current? Every distribution installed in this venv is pinned, at the version
installed, by the constraints file; a dependency added to pyproject.toml without regenerating
the lock (README, "Dependencies") would be installed unpinned and fails here.

Usage: ``python .ci/check_lock.py constraints.txt`` inside the venv installed from it.
"""

from __future__ import annotations

import sys
from importlib.metadata import distributions
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

# The installer's own tools are not the project's dependencies.
NOT_LOCKED = {"pip", "briefgen"}


def pins(path: Path) -> dict[str, str]:
    """name -> version for the lines of ``path`` whose markers apply to this interpreter."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker is not None and not Marker(str(req.marker)).evaluate():
            continue
        (spec,) = req.specifier
        out[canonicalize_name(req.name)] = spec.version
    return out


def main(path: str) -> int:
    locked = pins(Path(path))
    problems = []
    for dist in sorted(distributions(), key=lambda d: canonicalize_name(d.metadata["Name"])):
        name = canonicalize_name(dist.metadata["Name"])
        if name in NOT_LOCKED:
            continue
        if name not in locked:
            problems.append(f"{name} {dist.version} is installed but not in {path}")
        elif locked[name] != dist.version:
            problems.append(f"{name} {dist.version} is installed but {path} pins {locked[name]}")
    for p in problems:
        print(f"lock: {p}")
    if problems:
        print("lock: regenerate it with the command at the top of the file (README: Dependencies)")
        return 1
    print(f"lock: ok: every installed distribution is pinned by {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "constraints.txt"))
