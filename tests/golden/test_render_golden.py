"""Golden output (pelican style): the specimen brief must render byte for byte as stored.

After an intended change: python tests/golden/regenerate.py, then review git diff tests/golden.
"""

from __future__ import annotations

import difflib

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


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(rendered, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # rendering never reads the clock
    assert outputs()[fmt] == rendered[fmt]
