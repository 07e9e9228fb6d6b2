"""Compiled templates are kept per machine (render/environment.py ``template_cache``): a later
build loads them instead of compiling, and gets exactly what compiling would have given."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from briefgen.paths import CACHE_ENV
from briefgen.render import environment
from briefgen.render.environment import make_environment, render_template
from briefgen.render.sandbox import BRIEF_LIMITS
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.writers import Renderer

SOURCE = "<p>{{ who }} said {{ what }}</p>\n{% for w in words %}{{ w }};{% endfor %}\n"
CONTEXT = {"who": "Ana <b>", "what": "a & b", "words": ["x", "<y>"]}


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(root))
    return root


def templates(tmp_path: Path, source: str = SOURCE) -> Path:
    d = tmp_path / "templates"
    d.mkdir(exist_ok=True)
    (d / "t.html").write_text(source, encoding="utf-8")
    return d


def kept(cache: Path) -> list[Path]:
    return sorted((cache / environment.TEMPLATE_CACHE).rglob("*.cache"))


def no_compiling(env: jinja2.Environment, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again: the cache was not used")

    monkeypatch.setattr(env, "compile", refuse)


def test_a_compiled_template_is_kept_and_the_next_build_loads_it(tmp_path, cache, monkeypatch):
    d = templates(tmp_path)
    first = render_template(make_environment([d]), "t.html", **CONTEXT)
    assert first == "<p>Ana &lt;b&gt; said a &amp; b</p>\nx;&lt;y&gt;;"
    assert len(kept(cache)) == 1
    again = make_environment([d])
    no_compiling(again, monkeypatch)
    assert render_template(again, "t.html", **CONTEXT) == first


def test_the_built_in_brief_renders_the_same_bytes_from_the_cache(cache, monkeypatch):
    config = specimen_config()
    brief = specimen_brief()
    compiled = Renderer(brief, config).text("html")
    assert kept(cache)  # brief.html and what it includes
    cached = Renderer(brief, config)
    no_compiling(cached.env, monkeypatch)
    assert cached.text("html") == compiled


def test_an_edited_template_is_compiled_again(tmp_path, cache):
    d = templates(tmp_path)
    render_template(make_environment([d]), "t.html", **CONTEXT)
    templates(tmp_path, "<i>{{ who }}</i>")
    assert render_template(make_environment([d]), "t.html", **CONTEXT) == "<i>Ana &lt;b&gt;</i>"


def test_an_environment_that_does_not_autoescape_never_gets_escaping_code(tmp_path, cache):
    """The same file compiles to other code without autoescaping: each has its own entry."""
    d = templates(tmp_path)
    escaped = render_template(make_environment([d]), "t.html", **CONTEXT)
    plain_env = make_environment([d]).with_limits(BRIEF_LIMITS, autoescape=False)
    plain = render_template(plain_env, "t.html", **CONTEXT)
    assert "&lt;" in escaped
    assert plain == "<p>Ana <b> said a & b</p>\nx;<y>;"
    assert len(kept(cache)) == 2


@pytest.mark.parametrize("damage", [b"", b"j2garbage", b"\x00" * 64])
def test_a_damaged_cache_file_means_compiling_again(tmp_path, cache, damage):
    d = templates(tmp_path)
    first = render_template(make_environment([d]), "t.html", **CONTEXT)
    (entry,) = kept(cache)
    entry.write_bytes(damage)
    assert render_template(make_environment([d]), "t.html", **CONTEXT) == first


def test_no_cache_folder_to_write_means_compiling_each_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    assert environment.template_cache() is None
    d = templates(tmp_path)
    assert render_template(make_environment([d]), "t.html", **CONTEXT).startswith("<p>Ana &lt;b")


def test_a_cache_that_cannot_be_written_never_fails_a_render(tmp_path, cache, monkeypatch):
    """A full disk (ENOSPC as the cache writes its entry) costs the entry, not the render."""
    import errno

    def full(self, bucket):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(environment.FileSystemBytecodeCache, "dump_bytecode", full)
    d = templates(tmp_path)
    assert render_template(make_environment([d]), "t.html", **CONTEXT).startswith("<p>Ana &lt;b")
    assert kept(cache) == []


def test_another_jinja_or_compiler_names_another_folder(cache, monkeypatch):
    here = environment.template_cache()
    assert here is not None
    monkeypatch.setattr(jinja2, "__version__", jinja2.__version__ + ".post1")
    other = environment.template_cache()
    assert other is not None and other.directory != here.directory
    assert (
        Path(here.directory).parent
        == Path(other.directory).parent
        == (cache / environment.TEMPLATE_CACHE)
    )
