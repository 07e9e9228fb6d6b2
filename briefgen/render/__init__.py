"""Stage ``render``: Jinja environment, template lookup, HTML/PDF/Markdown/text/JSON writers."""

from .brief_json import PREVIOUS_BRIEF, brief_to_dict, brief_to_json, items_to_json
from .context import BriefContext
from .views import build_context
from .writers import render_formats

__all__ = [
    "PREVIOUS_BRIEF",
    "BriefContext",
    "brief_to_dict",
    "brief_to_json",
    "items_to_json",
    "build_context",
    "render_formats",
]
