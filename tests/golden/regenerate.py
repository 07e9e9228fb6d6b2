"""Regenerate the golden files from the specimen brief:  python tests/golden/regenerate.py

Run it after an intended change to the templates or the context, then read the diff
(git diff tests/golden) before committing it: the diff is the change a reader will see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.render import render_formats
from briefgen.render.specimen import specimen_brief, specimen_config

GOLDEN_DIR = Path(__file__).resolve().parent / "specimen"
FORMATS = ("html", "md", "txt", "json")


def outputs() -> dict[str, bytes]:
    """The specimen brief in every byte-compared format, using only the built-in templates."""
    return render_formats(specimen_brief(), specimen_config(), list(FORMATS))


def main() -> int:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for fmt, data in outputs().items():
        path = GOLDEN_DIR / f"brief.{fmt}"
        changed = not path.exists() or path.read_bytes() != data
        path.write_bytes(data)
        print(f"{'updated ' if changed else 'same    '} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
