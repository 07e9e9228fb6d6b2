"""The library API: briefgen.build(config) stays the function even after the pipeline module loads."""

from __future__ import annotations

from pathlib import Path

import briefgen
import briefgen.pipeline  # noqa: F401 - importing the module must not shadow briefgen.build

BASIC = Path(__file__).resolve().parents[1] / "fixtures" / "projects" / "basic" / "briefgen.yaml"


def test_build_function_returns_result_with_written_files(tmp_path):
    cfg = briefgen.load_config(BASIC, out=str(tmp_path), formats=["json"])
    result = briefgen.build(cfg)
    assert callable(briefgen.build)
    assert [p.name for p in result.written] == ["brief-2026-11-23.json"]
    assert result.written[0].parent == tmp_path.resolve()
    assert result.brief.title == "Basic Test Brief"


def test_build_without_writing(tmp_path):
    cfg = briefgen.load_config(BASIC, out=str(tmp_path / "o"))
    result = briefgen.build(cfg, write=False)
    assert result.written == () and not (tmp_path / "o").exists()
    assert [s.theme for s in result.brief.sections] == ["ai", "critical_minerals"]
