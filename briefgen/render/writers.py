"""Render one Brief into every requested format, in memory (the build writes the files).

HTML, PDF, Markdown and text come from templates (user folders first, then the built-ins), each
given the same typed BriefContext; JSON is the fixed machine-readable schema of brief_json.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment

from ..config import BriefConfig
from ..model import Brief
from .brief_json import brief_to_json
from .context import BriefContext, Output
from .environment import TEMPLATES_DIR, make_environment, render_template, template_name
from .views import build_context


class Renderer:
    """A Brief, its config and one template environment, shared by every format."""

    def __init__(self, brief: Brief, config: BriefConfig) -> None:
        self.brief = brief
        self.config = config
        self.user_dirs: list[Path] = list(config.template_dirs)
        self.env: Environment = make_environment(self.user_dirs)

    def context(self, output: Output) -> BriefContext:
        return build_context(self.brief, self.config, output)

    def text(self, output: Output) -> str:
        """The brief through the ``output`` template (html, pdf's html, md or txt)."""
        name = template_name(self.config.template, output)
        return render_template(self.env, name, b=self.context(output))

    def json(self) -> str:
        return brief_to_json(self.brief)

    def pdf(self) -> bytes:
        from .pdf import write_pdf  # WeasyPrint costs ~0.8 s to import: only for a PDF

        ctx = self.context("pdf")
        html = render_template(self.env, template_name(self.config.template, "pdf"), b=ctx)
        return write_pdf(
            html,
            roots=[*self.user_dirs, TEMPLATES_DIR],
            base_dir=self.user_dirs[0] if self.user_dirs else TEMPLATES_DIR / "default",
            created=ctx.created,
            variant=self.config.pdf.variant,
            attachment=self.json().encode(),
        )


def render_formats(brief: Brief, config: BriefConfig, formats: Sequence[str]) -> dict[str, bytes]:
    """``{format: bytes}`` for each requested format, in the order asked."""
    r = Renderer(brief, config)
    out: dict[str, bytes] = {}
    for fmt in formats:
        if fmt == "json":
            out[fmt] = r.json().encode()
        elif fmt == "pdf":
            out[fmt] = r.pdf()
        elif fmt in ("html", "md", "txt"):
            out[fmt] = r.text(fmt).encode()  # type: ignore[arg-type]
        else:
            raise ValueError(f"unknown format {fmt!r}")
    return out
