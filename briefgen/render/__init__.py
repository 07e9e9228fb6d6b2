"""Stage ``render``: Jinja environment, template lookup, HTML/PDF/Markdown/text/JSON writers."""

from .brief_json import brief_to_dict, brief_to_json
from .writers import render_formats

__all__ = ["brief_to_dict", "brief_to_json", "render_formats"]
