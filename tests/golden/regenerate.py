"""Regenerate the golden files:  python tests/golden/regenerate.py

Two goldens: the specimen brief (rendering alone, every template feature) and the basic sample
project built end to end (reading, cleaning, selection and rendering together). Run this after an
intended change, then read the diff (git diff tests/golden) before committing it: the diff is the
change a reader will see.
"""

from __future__ import annotations

import sys
from pathlib import Path

from briefgen.render import render_formats
from briefgen.render.specimen import specimen_brief, specimen_config

GOLDEN_DIR = Path(__file__).resolve().parent / "specimen"
PROJECT_GOLDEN_DIR = Path(__file__).resolve().parent / "basic"
PROJECT = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic" / "briefgen.yaml"
FORMATS = ("html", "md", "txt", "json")


def outputs() -> dict[str, bytes]:
    """The specimen brief in every byte-compared format, using only the built-in templates."""
    return render_formats(specimen_brief(), specimen_config(), list(FORMATS))


def project_outputs() -> dict[str, bytes]:
    """The basic fixture project through the whole pipeline, nothing written to disk."""
    from briefgen.config import load_config
    from briefgen.pipeline import build

    config = load_config(PROJECT, formats=list(FORMATS))
    return render_formats(build(config, write=False).brief, config, list(FORMATS))


def main() -> int:
    for folder, files in ((GOLDEN_DIR, outputs()), (PROJECT_GOLDEN_DIR, project_outputs())):
        folder.mkdir(exist_ok=True)
        for fmt, data in files.items():
            path = folder / f"brief.{fmt}"
            changed = not path.exists() or path.read_bytes() != data
            path.write_bytes(data)
            print(f"{'updated ' if changed else 'same    '} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
