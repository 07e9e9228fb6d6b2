"""Render one Brief into every requested format, in memory (the build writes the files).

INTERIM: minimal HTML/PDF; the full design, template overrides and safe fetcher replace it.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..config import BriefConfig
from ..model import Brief
from .brief_json import brief_to_json, citation_numbers


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("briefgen", "templates/default"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
    )


def render_html(brief: Brief, config: BriefConfig) -> str:
    return _env().get_template("brief.html").render(brief=brief, cite=citation_numbers(brief))


def render_formats(brief: Brief, config: BriefConfig, formats: Sequence[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    html = render_html(brief, config) if {"html", "pdf"} & set(formats) else ""
    for fmt in formats:
        if fmt == "json":
            out[fmt] = brief_to_json(brief).encode()
        elif fmt == "html":
            out[fmt] = html.encode()
        elif fmt == "pdf":
            from weasyprint import HTML

            out[fmt] = HTML(string=html).write_pdf()
    return out
