"""The Jinja environment: user template folders first, then the built-ins (also as ``default:``).

Article text is untrusted scraped input: HTML templates autoescape and every undefined name is an
error. Templates may come from someone else too: the environment is the sandbox of ``sandbox``
(no access to Python internals, bounded size and time), and a template is read only from inside
its search folder, never through a symlink that leaves it. Template mistakes and refusals
surface as one-line TemplateErrors naming the template file and line.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
import os
import pickle
import re
import sys
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
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError

from ..errors import TemplateError
from ..paths import cache_root, display_path
from .sandbox import SUBJECT_LIMITS, SandboxEnvironment

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_DIR = TEMPLATES_DIR / "default"
EXTENSIONS = {"html": "html", "pdf": "html", "md": "md", "txt": "txt"}

log = logging.getLogger(__name__)


def make_environment(user_dirs: Sequence[Path] = ()) -> Environment:
    """Search ``user_dirs`` in order, then the built-ins; ``default:NAME`` is the built-in."""
    for d in user_dirs:
        if not d.is_dir():
            raise TemplateError(f"{d}: templates folder not found (templates_dir in the config)")
    builtin = ConfinedLoader(str(DEFAULT_DIR))
    loader = ChoiceLoader(
        [
            ConfinedLoader([str(d) for d in user_dirs]),
            builtin,
            PrefixLoader({"default": builtin}, delimiter=":"),
        ]
    )
    env = SandboxEnvironment(
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
        bytecode_cache=template_cache(),
    )
    env.filters.update(md=md_escape, wrap=wrap, oneline=oneline, cite_runs=cite_runs)
    env.guard_filters()
    env.globals["asset"] = _asset_function([*user_dirs, DEFAULT_DIR])
    return env


# Compiled templates are kept under the cache folder (``paths.cache_root``), in a folder named
# by what compiling depends on: compiling the built-in brief templates is about a tenth of a
# five-article build, loading them compiled a few milliseconds.
TEMPLATE_CACHE = "templates"
# The modules whose code decides how a template compiles: the sandbox's code generator and
# this environment's options. An edit to either (or another Jinja, another Python) names
# another folder, so a cache never hands back code compiled by other rules.
_COMPILER_MODULES = ("sandbox.py", "environment.py")


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates (each written under a temporary name and
    renamed, checked against the template's source), keyed by the template's name and file
    and by every option of the environment that changes its compiled code (``_compiled_by``:
    an overlay that does not autoescape compiles the same file otherwise). A file that cannot
    be read, written or unpickled means compiling again, never a failed build."""

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        options = repr((self.get_cache_key(name, filename), _compiled_by(environment, name)))
        bucket = Bucket(
            environment,
            hashlib.sha256(options.encode()).hexdigest(),
            self.get_source_checksum(source),
        )
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError) as e:
            log.debug("compiled template not read: %s", e)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as e:
            log.debug("compiled template not kept: %s", e)


def _compiled_by(env: Environment, name: str) -> tuple[Any, ...]:
    """What a template's compiled code depends on besides its source and the compiler's code:
    whether it autoescapes, how it is read (delimiters, white space), the extensions, and the
    filter and test names (an unknown one fails compiling)."""
    escape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return (
        bool(escape),
        type(env).__qualname__,
        env.code_generator_class.__qualname__,
        env.optimized,
        env.is_async,
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        sorted(env.extensions),
        sorted(env.filters),
        sorted(env.tests),
    )


def template_cache() -> FileSystemBytecodeCache | None:
    """The machine's cache of compiled templates; None when there is no folder for one."""
    digest = hashlib.sha256(f"{jinja2.__version__} {sys.version}".encode())
    here = Path(__file__).resolve().parent
    try:
        for name in _COMPILER_MODULES:
            digest.update((here / name).read_bytes())
        folder = cache_root() / TEMPLATE_CACHE / digest.hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (OSError, RuntimeError) as e:  # RuntimeError: no home folder
        log.debug("compiled templates not cached: %s", e)
        return None
    return _TemplateCache(str(folder))


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that reads a template only from inside the folder it was found in:
    a symlink resolving outside that folder (``passwd.html -> /etc/passwd``) is refused, one
    pointing elsewhere inside it is followed."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." segments
        for searchpath in self.searchpath:
            found = Path(searchpath, *pieces)
            if not found.is_file():
                continue
            real = found.resolve()
            if not real.is_relative_to(Path(searchpath).resolve()):
                link = os.path.join(display_path(found.parent), found.name)  # not its target
                raise SecurityError(
                    f"{link}: refused: a symlink to a file outside the template "
                    f"folder {display_path(searchpath)}"
                )
            contents = real.read_text(encoding=self.encoding)
            mtime = real.stat().st_mtime

            def uptodate(real: Path = real, mtime: float = mtime) -> bool:
                try:
                    return real.stat().st_mtime == mtime
                except OSError:
                    return False

            return contents, os.path.normpath(found), uptodate
        raise jinja2.TemplateNotFound(template)


def template_name(stem: str, output: str) -> str:
    """config.template ("brief", or "brief.html") -> the template file for ``output``."""
    base = re.sub(r"\.(html?|md|txt)$", "", stem)
    return f"{base}.{EXTENSIONS[output]}"


def render_template(env: Environment, name: str, **context: Any) -> str:
    """Render ``name``; any failure inside a template becomes a TemplateError naming file:line."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as e:  # in this template or one it extends or includes
        where = _where(e.filename or e.name or name, e.lineno)
        raise TemplateError(f"{where}: template syntax error: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise TemplateError(_not_found(env, str(e.name or name), name)) from None
    except SecurityError as e:  # the template itself is a symlink out of its folder
        raise TemplateError(_detail(e)) from None
    try:
        return template.render(**context)
    except jinja2.TemplateSyntaxError as e:  # in a template it includes
        where = _where(e.filename or e.name or name, e.lineno)
        raise TemplateError(f"{where}: template syntax error: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise TemplateError(_not_found(env, str(e.name or name), name)) from None
    except Exception as e:  # noqa: BLE001 - errors raised by template code are the user's
        frame = _template_frame(e)
        if frame is None and not isinstance(e, SecurityError):
            raise
        where = _where(*frame) if frame else display_path(template.filename or name)
        refused = isinstance(e, SecurityError)
        what = "refused by the template sandbox" if refused else "error in template"
        raise TemplateError(f"{where}: {what}: {_detail(e)}") from None


def render_string(env: Environment, source: str, **context: Any) -> str:
    """Render a one-line template from the config (an email subject) with SUBJECT_LIMITS and
    no autoescaping; any failure is a TemplateError whose message is one line."""
    assert isinstance(env, SandboxEnvironment)
    try:
        template = env.with_limits(SUBJECT_LIMITS, autoescape=False).from_string(source)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"template syntax error: {e.message}") from None
    except SecurityError as e:
        raise TemplateError(f"refused by the template sandbox: {_detail(e)}") from None
    except Exception as e:  # noqa: BLE001 - the template's own error, whatever its type
        raise TemplateError(f"error: {_detail(e)}") from None


def _detail(e: BaseException) -> str:
    text = str(e).splitlines()[0] if str(e) else ""
    return text or type(e).__name__


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


# This many citations of consecutive sources or more are shown as one range: "[4–9]".
CITE_RANGE_MIN = 3


def cite_runs(cites: Sequence[Any]) -> list[list[Any]]:
    """``cites`` (anything with a ``number``) in number order, in runs of consecutive numbers
    of ``CITE_RANGE_MIN`` or more, the rest one to a run: a claim forty outlets carry reads
    "[12–51]", not forty markers. Sources are numbered in order of first citation, so an item's
    sources are mostly one run."""
    ordered = sorted(cites, key=lambda c: c.number)
    runs: list[list[Any]] = []
    for c in ordered:
        if runs and runs[-1][-1].number + 1 == c.number:
            runs[-1].append(c)
        else:
            runs.append([c])
    out: list[list[Any]] = []
    for run in runs:
        out.extend([run] if len(run) >= CITE_RANGE_MIN else [[c] for c in run])
    return out


def md_escape(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, raw HTML or entities."""
    out = _MD_SPECIAL.sub(r"\\\1", oneline(text))
    out = _MD_ENTITY.sub(r"\\&", out)
    return _MD_LINE_START.sub(r"\1\\\2", out)


_CITE_MARKERS = re.compile(r"(?:\[\d+(?:–\d+)?\])+[.,;:)]?")
_ONE_MARKER = re.compile(r"\[\d+(?:–\d+)?\][.,;:)]?")


class _Wrapper(textwrap.TextWrapper):
    """Breaks lines at spaces, and between citation markers ("[50][52][54]"), never in a word."""

    def _split(self, text: str) -> list[str]:
        out: list[str] = []
        for chunk in super()._split(text):
            if _CITE_MARKERS.fullmatch(chunk):
                out.extend(_ONE_MARKER.findall(chunk))
            else:
                out.append(chunk)
        return out


def wrap(text: str, width: int = 72, indent: str = "", first: str | None = None) -> str:
    """Fill ``text`` to ``width`` columns; ``first`` prefixes the first line (default ``indent``).

    Long words (URLs) are never broken; a run of citation markers may break between markers.
    """
    return _Wrapper(
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ).fill(oneline(text))


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
