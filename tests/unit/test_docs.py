"""The README's examples are what briefgen accepts: the config loads, the commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.cli import cli
from briefgen.config import load_config

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_config_example_loads(tmp_path):
    section = README.split("\n## Config\n", 1)[1]
    (example,) = re.findall(r"```yaml\n(.*?)```", section, re.S)[:1]
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    path = config_dir / "daily.yaml"
    path.write_text(example, encoding="utf-8")
    cfg = load_config(path)
    assert [s.theme for s in cfg.effective_sections] == ["ai", "critical_minerals", "energy"]
    assert cfg.selection.algorithm == "coverage"
    assert cfg.channels == ["email"]


def test_every_command_the_readme_shows_exists():
    shown = set(re.findall(r"^briefgen (\w+)", README, re.M))
    assert {"build", "validate", "init", "send", "summarize", "eval"} <= shown
    assert shown <= set(cli.commands), shown - set(cli.commands)
