"""Shared test helpers: where ../shared is, and small builders for inputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"


def needs_seeds():
    return pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")


def needs_pdftotext():
    return pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")


@pytest.fixture
def write(tmp_path):
    """write('a/b.md', text) -> Path: create a file under tmp_path."""

    def _write(rel: str, text: str | bytes) -> Path:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return _write
