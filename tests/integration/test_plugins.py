"""The example plugin (examples/briefgen-eml), installed by pip as a user would, then used."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "briefgen-eml"

NEWSLETTER = """\
From: Strait Minerals Weekly <desk@strait-minerals.test>
To: subscribers@strait-minerals.test
Subject: Refinery deal for rare earths
Date: Mon, 23 Nov 2026 06:10:00 +0000
Content-Type: text/plain; charset=utf-8

A consortium of three mining companies agreed to build a rare earth refinery in the north.

The critical minerals plant will process lithium and cobalt concentrate from two new mines.

Officials said the refinery would reduce reliance on imported magnets by 2029.
"""

ARTICLE = """\
---
title: Chip export rules tightened
source: Harbour Ledger
published: 2026-11-23
---
The government tightened export controls on advanced AI chips and chip-making tools on Monday.

Firms must now apply for a licence before shipping accelerators to twelve countries.
"""


@pytest.fixture(scope="module")
def site_packages(tmp_path_factory) -> Path:
    """The plugin installed into its own folder by pip (no index, no build isolation)."""
    target = tmp_path_factory.mktemp("plugin-site")
    source = tmp_path_factory.mktemp("plugin-source") / PLUGIN.name
    shutil.copytree(PLUGIN, source)  # setuptools builds in place: keep the checkout clean
    run = subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
            "--no-build-isolation", "--target", str(target), str(source),
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert list(target.glob("briefgen_eml-1.0.0.dist-info"))
    return target


def briefgen(*args: str, cwd: Path, site: Path | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site) if site else ""}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "minerals-weekly.eml").write_text(NEWSLETTER, encoding="utf-8")
    (folder / "chips.md").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_the_plugin_is_listed_with_its_distribution(site_packages, tmp_path):
    run = briefgen("plugins", cwd=tmp_path, site=site_packages)
    assert run.returncode == 0, run.stderr
    assert "readers      eml          briefgen-eml" in run.stdout.splitlines()


def test_installed_reader_plugin_reads_newsletters_into_the_brief(site_packages, tmp_path):
    inputs = _inputs(tmp_path)
    run = briefgen(
        "build", "-i", str(inputs), "-o", "out", "--format", "json", cwd=tmp_path,
        site=site_packages,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    brief = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in brief["articles"]}
    newsletter = [a for a in by_id.values() if a["path"].endswith("minerals-weekly.eml")]
    assert newsletter, brief["articles"]
    (eml,) = newsletter
    assert eml["source"] == "Strait Minerals Weekly"
    assert eml["title"] == "Refinery deal for rare earths"
    assert eml["published"] == "2026-11-23"
    items = brief["key_points"] + [i for s in brief["sections"] for i in s["items"]]
    quoted = [i["text"] for i in items if eml["id"] in i["sources"]]
    assert quoted and all(q in NEWSLETTER for q in quoted)


def test_without_the_plugin_eml_files_are_not_articles(tmp_path, briefgen_main):
    inputs = _inputs(tmp_path)
    run = briefgen_main(
        "build", "-i", str(inputs / "minerals-weekly.eml"), "-o", "out", cwd=tmp_path
    )
    assert run.returncode == 1
    line = run.stderr.strip()
    assert line.startswith("briefgen: error: ") and "\n" not in line
    assert line.endswith(
        "articles/minerals-weekly.eml: not an article file; briefgen reads "
        ".htm .html .json .jsonl .markdown .md .txt"
    )
