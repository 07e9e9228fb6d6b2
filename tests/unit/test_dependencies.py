"""Every distribution briefgen imports is declared in pyproject.toml, in the right place."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "briefgen"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> set[str]:
    return {_canonical(re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0]) for r in requirements}


CORE = _declared(PYPROJECT["project"]["dependencies"])
EXTRAS = {k: _declared(v) for k, v in PYPROJECT["project"]["optional-dependencies"].items()}


def third_party_imports() -> dict[str, list[str]]:
    """Top-level module -> the files importing it, for every non-stdlib, non-briefgen import."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "briefgen" and top not in sys.stdlib_module_names:
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_the_scan_sees_the_imports_we_know_of():
    """Guards the scanner itself: a regression to finding nothing would pass everything."""
    found = third_party_imports()
    assert {"jinja2", "nltk", "yaml", "pydantic", "weasyprint", "trafilatura"} <= set(found)


@pytest.mark.parametrize("module", sorted(third_party_imports()))
def test_every_imported_distribution_is_declared(module):
    dists = packages_distributions().get(module)
    assert dists, f"{module}: imported by briefgen but no installed distribution provides it"
    declared = CORE | set().union(*EXTRAS.values())
    names = {_canonical(d) for d in dists}
    assert names & declared, (
        f"{module} (from {', '.join(sorted(names))}) is imported by "
        f"{third_party_imports()[module][0]} but not declared in pyproject.toml"
    )


def test_rouge_score_is_an_extra_only_briefgen_eval_uses():
    assert "rouge-score" not in CORE
    assert "rouge-score" in EXTRAS["eval"]
    users = third_party_imports()["rouge_score"]
    assert users == ["briefgen/evaluate.py"]


def test_lxml_html_clean_is_declared_directly():
    """trafilatura -> jusText needs it and no longer pulls it in (the fresh-install failure)."""
    assert "lxml-html-clean" in CORE


def test_punkt_internals_are_capped_at_the_tested_major_version():
    (nltk,) = [r for r in PYPROJECT["project"]["dependencies"] if r.startswith("nltk")]
    assert re.search(r"<\s*4\b", nltk), nltk


def test_the_lock_pins_every_declared_distribution():
    lock = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    pinned = {_canonical(m) for m in re.findall(r"^([A-Za-z0-9_.-]+)==", lock, re.M)}
    wanted = CORE | set().union(*EXTRAS.values())
    wanted.discard("briefgen")
    assert wanted - pinned == set()
