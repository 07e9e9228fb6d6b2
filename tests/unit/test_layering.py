"""Stages import downward only: sources -> text -> select -> render -> deliver, over a shared base.

A module may import its own stage and any stage below it, never one above; the top (pipeline,
CLI, eval, scaffold) may import everything. Imports under ``if TYPE_CHECKING:`` are type hints,
not dependencies, and are allowed in any direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "briefgen"

LEVELS = {
    # the base every stage shares: data objects, errors, names
    "version": 0,
    "errors": 0,
    "paths": 0,
    "lock": 0,
    "outfolder": 0,  # the output folder's journal: writes and reads under the build lock
    "model": 0,
    "registry": 0,
    "yamlsafe": 0,  # the one YAML loader, and the bounded echo of values in errors
    "memo": 0,  # per-text caches (text and select fill them), released by the pipeline
    "config": 1,
    "sources": 2,
    "text": 3,
    "select": 4,
    "render": 5,
    "deliver": 6,
    # the memory of past briefs: reads model objects, renders the archive, used by the pipeline
    "history": 6,
    # the top: orchestration and the command line
    "pipeline": 7,
    "evaluate": 7,
    "scaffold": 7,
    "crash": 7,
    "console": 7,
    "executors": 7,  # where the per-article stage runs: this process, a pool, a cluster
    "verify": 7,
    "cli": 8,
    "__init__": 8,
    "__main__": 8,
}


def _stage(module: str) -> str:
    """briefgen.select.brief -> "select"; briefgen -> "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module_name(path: Path, root: Path = PACKAGE) -> str:
    rel = path.relative_to(root.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute briefgen module) for every runtime import in ``path``."""
    me = _module_name(path, root)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for stmt in node.body
        for n in ast.walk(stmt)
    }
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            elif node.module and node.module.split(".")[0] == "briefgen":
                targets = [node.module]
            else:
                continue
            out += [(node.lineno, t) for t in targets]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("briefgen")]
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_level():
    assert {_stage(_module_name(p)) for p in MODULES} <= set(LEVELS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    here = _stage(_module_name(path))
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {target}"
        for line, target in _imports(path)
        if LEVELS[_stage(target)] > LEVELS[here]
    ]
    assert not upward, "\n".join(upward)


def test_the_checker_sees_a_backward_import(tmp_path):
    """Guards the checker: a stage importing the pipeline, even inside a function, is caught."""
    path = tmp_path / "briefgen" / "select" / "x.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ..render import Renderer\n"
        "def f():\n    from ..pipeline import build\n"
    )
    assert _imports(path, tmp_path / "briefgen") == [(5, "briefgen.pipeline")]
