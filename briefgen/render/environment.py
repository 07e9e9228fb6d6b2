"""The Jinja environment: user template folders first, then the built-ins (also as ``default:``).

Article text is untrusted scraped input: HTML templates autoescape and every undefined name is an
error. Template mistakes surface as one-line TemplateErrors naming the template file and line.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import re
import textwrap
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)

from ..errors import TemplateError
from ..paths import display_path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_DIR = TEMPLATES_DIR / "default"
EXTENSIONS = {"html": "html", "pdf": "html", "md": "md", "txt": "txt"}


def make_environment(user_dirs: Sequence[Path] = ()) -> Environment:
    """Search ``user_dirs`` in order, then the built-ins; ``default:NAME`` is the built-in."""
    for d in user_dirs:
        if not d.is_dir():
            raise TemplateError(f"{d}: templates folder not found (templates_dir in the config)")
    builtin = FileSystemLoader(str(DEFAULT_DIR))
    loader = ChoiceLoader(
        [
            FileSystemLoader([str(d) for d in user_dirs]),
            builtin,
            PrefixLoader({"default": builtin}, delimiter=":"),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "svg"),
            disabled_extensions=("md", "txt", "css"),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(md=md_escape, wrap=wrap, oneline=oneline)
    env.globals["asset"] = _asset_function([*user_dirs, DEFAULT_DIR])
    return env


def template_name(stem: str, output: str) -> str:
    """config.template ("brief", or "brief.html") -> the template file for ``output``."""
    base = re.sub(r"\.(html?|md|txt)$", "", stem)
    return f"{base}.{EXTENSIONS[output]}"


def render_template(env: Environment, name: str, **context: Any) -> str:
    """Render ``name``; any failure inside a template becomes a TemplateError naming file:line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as e:  # in this template or one it extends or includes
        where = _where(e.filename or e.name or name, e.lineno)
        raise TemplateError(f"{where}: template syntax error: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise TemplateError(_not_found(env, str(e.name or name), name)) from None
    except Exception as e:  # noqa: BLE001 - errors raised by template code are the user's
        frame = _template_frame(e)
        if frame is None:
            raise
        detail = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise TemplateError(f"{_where(*frame)}: error in template: {detail}") from None


def _not_found(env: Environment, missing: str, wanted: str) -> str:
    searched = []
    for loader in env.loader.loaders:  # type: ignore[union-attr]
        if isinstance(loader, FileSystemLoader):
            searched += [display_path(p) for p in loader.searchpath]
    via = "" if missing == wanted else f" (needed by '{wanted}')"
    return f"template '{missing}' not found{via}; searched: {', '.join(searched)}"


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost traceback frame that Jinja mapped back to a template file."""
    found = None
    for fs in traceback.extract_tb(exc.__traceback__):
        if fs.filename and not fs.filename.endswith(".py") and os.path.isfile(fs.filename):
            found = (fs.filename, fs.lineno or 0)
    return found


def _where(filename: str, line: int | None) -> str:
    return f"{display_path(filename)}:{line}" if line else display_path(filename)


# --------------------------------------------------------------------------- filters

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\d*)([#+\-=.)])")


def oneline(text: str) -> str:
    """Collapse every run of whitespace to one space: a statement never spans lines."""
    return " ".join(str(text).split())


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, raw HTML or entities."""
    out = _MD_SPECIAL.sub(r"\\\1", oneline(text))
    out = _MD_ENTITY.sub(r"\\&", out)
    return _MD_LINE_START.sub(r"\1\\\2", out)


def wrap(text: str, width: int = 72, indent: str = "", first: str | None = None) -> str:
    """Fill ``text`` to ``width`` columns; ``first`` prefixes the first line (default ``indent``).

    Long words (URLs) are never broken.
    """
    return textwrap.fill(
        oneline(text),
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _asset_function(dirs: Sequence[Path]) -> Callable[[str], str]:
    roots = [d.resolve() for d in dirs]

    def asset(name: str) -> str:
        """A file from the template folders as a data: URI, so HTML stays self-contained."""
        for root in roots:
            path = (root / name).resolve()
            if path.is_relative_to(root) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"
        raise jinja2.TemplateRuntimeError(f"asset '{name}' not found in the template folders")

    return asset
