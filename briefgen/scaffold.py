"""`briefgen init`: a new briefing folder with a config, sample articles and a template override."""

from __future__ import annotations

import shutil
from pathlib import Path

from .config import SAMPLES_DIR
from .errors import ConfigError

CONFIG = """\
# briefgen config. Paths are relative to this file. Run: briefgen build -c config/daily.yaml
title: Daily Strategic Brief
audience: ""
handling: ""
name: daily
inputs:
  - ../articles          # put the day's articles here (.md .txt .html .json .jsonl)
  # - https://news.example.org/world/rss.xml   # RSS/Atom feeds and pages (docs/inputs.md)
# window: 24h            # only articles published in the last 24 hours (or 2d, or 2026-11-30)
out: ../out
formats: [html, pdf, json]
templates_dir: ../templates   # your overrides, searched before the built-in templates
# past briefs, remembered so each item is marked new or developing and out/index.html lists them
history:
  path: ../.briefgen/history.sqlite

key_points:
  count: 4
# Beside the key points: dated events, who's who (your gazetteer of names, always recognised)
# and the quotes ledger. `false` turns a block off (docs/templates.md, docs/selection.md).
# timeline: {enabled: true, max: 8}
# people: [{name: Mira Castell, role: Harbour Commissioner}]
# organizations: {max: 8}
# quotes: {enabled: true, max: 8}

# Built-in themes: ai, critical_minerals, economic_security, geopolitics.
# Add your own under `themes:` (name, title, description, keywords: {phrase: weight}, exclude).
sections:
  - theme: ai
  - theme: critical_minerals
  - theme: economic_security
  - theme: geopolitics
"""

STARTER_TEMPLATE = """\
{#- Your override of the built-in brief template (searched before briefgen's own).
    Replace a block, keep the rest: blocks and the context `b` are listed in briefgen's
    docs/templates.md. Delete this file to go back to the built-in look. -#}
{% extends "default:brief.html" %}

{% block masthead_extra %}
{#- e.g. <p>Prepared by the strategy desk. Questions: desk@example.org</p> -#}
{% endblock %}
"""


def init_project(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Create config/, templates/, articles/ (the sample articles), out/; return files written."""
    root = Path(directory)
    target = root / "config" / "daily.yaml"
    if target.exists() and not force:
        raise ConfigError(f"{target}: already exists (use --force to overwrite)")
    written: list[Path] = []
    for sub in ("config", "templates", "articles", "out"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    target.write_text(CONFIG, encoding="utf-8")
    written.append(target)
    starter = root / "templates" / "brief.html"
    if force or not starter.exists():
        starter.write_text(STARTER_TEMPLATE, encoding="utf-8")
        written.append(starter)
    for src in sorted(SAMPLES_DIR.iterdir()):
        if src.is_file() and not src.name.startswith(("_", ".")):
            dst = root / "articles" / src.name
            if force or not dst.exists():
                shutil.copyfile(src, dst)
                written.append(dst)
    return written
