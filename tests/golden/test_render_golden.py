"""Golden output (pelican style): the specimen brief must render byte for byte as stored.

After an intended change: python tests/golden/regenerate.py, then review git diff tests/golden.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from regenerate import FORMATS, GOLDEN_DIR, PROJECT_GOLDEN_DIR, outputs, project_outputs


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return outputs()


@pytest.fixture(scope="module")
def project_rendered() -> dict[str, bytes]:
    return project_outputs()


@pytest.mark.parametrize("fmt", FORMATS)
def test_matches_golden(rendered, fmt):
    _compare(rendered[fmt], GOLDEN_DIR, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_basic_project_built_end_to_end_matches_golden(project_rendered, fmt):
    _compare(project_rendered[fmt], PROJECT_GOLDEN_DIR, fmt)


def _compare(got: bytes, folder, fmt: str) -> None:
    expected = (folder / f"brief.{fmt}").read_bytes()
    if got != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.decode().splitlines(keepends=True),
                got.decode().splitlines(keepends=True),
                f"golden/{folder.name}/brief.{fmt}",
                f"rendered brief.{fmt}",
                n=2,
            )
        )
        pytest.fail(
            f"brief.{fmt} differs from tests/golden/{folder.name} "
            f"(regenerate: python tests/golden/regenerate.py)\n{diff[:4000]}"
        )


# In a new interpreter under another PYTHONHASHSEED, with SOURCE_DATE_EPOCH set for the
# specimen (rendering never reads the clock): set and dict iteration order must not leak into
# the bytes. A pytest run has one hash seed; this makes a second one certain.
RENDER_ELSEWHERE = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from regenerate import outputs, project_outputs
out = Path(sys.argv[2])
os.environ["SOURCE_DATE_EPOCH"] = "1"
for fmt, data in outputs().items():
    (out / f"specimen.{fmt}").write_bytes(data)
del os.environ["SOURCE_DATE_EPOCH"]
for fmt, data in project_outputs().items():
    (out / f"basic.{fmt}").write_bytes(data)
"""


@pytest.fixture(scope="module")
def rendered_elsewhere(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hashseed")
    seed = "1" if os.environ.get("PYTHONHASHSEED") == "4242" else "4242"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run(
        [sys.executable, "-c", RENDER_ELSEWHERE, str(GOLDEN_DIR.parent), str(out)],
        env={**env, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_under_another_hash_seed_in_a_fresh_process(rendered_elsewhere, fmt):
    _compare((rendered_elsewhere / f"specimen.{fmt}").read_bytes(), GOLDEN_DIR, fmt)
    _compare((rendered_elsewhere / f"basic.{fmt}").read_bytes(), PROJECT_GOLDEN_DIR, fmt)
