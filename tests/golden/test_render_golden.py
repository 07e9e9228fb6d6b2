"""Golden output (pelican style): the specimen brief must render byte for byte as stored.

After an intended change: python tests/golden/regenerate.py, then review git diff tests/golden.
"""

from __future__ import annotations

import difflib

import pytest
from regenerate import FORMATS, GOLDEN_DIR, outputs


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return outputs()


@pytest.mark.parametrize("fmt", FORMATS)
def test_matches_golden(rendered, fmt):
    expected = (GOLDEN_DIR / f"brief.{fmt}").read_bytes()
    if rendered[fmt] != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.decode().splitlines(keepends=True),
                rendered[fmt].decode().splitlines(keepends=True),
                f"golden/brief.{fmt}",
                f"rendered brief.{fmt}",
                n=2,
            )
        )
        pytest.fail(
            f"brief.{fmt} differs from tests/golden/specimen "
            f"(regenerate: python tests/golden/regenerate.py)\n{diff[:4000]}"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(rendered, fmt, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")  # rendering never reads the clock
    assert outputs()[fmt] == rendered[fmt]
