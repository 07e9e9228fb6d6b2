"""WeasyPrint's C declarations are parsed once per machine (render/ffi_cache.py): later PDFs
build WeasyPrint's ffi from the cached tables, never start pycparser, and write the same bytes.

WeasyPrint is imported once per interpreter, so every PDF here is made in a fresh one."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import cffi
import pytest

from briefgen.render import ffi_cache

# A fresh interpreter renders the specimen brief's PDF and says how WeasyPrint's ffi was made.
CHILD = """
import hashlib, json, os, sys
os.environ["BRIEFGEN_CACHE_DIR"] = sys.argv[1]
from briefgen.render.specimen import specimen_brief, specimen_config
from briefgen.render.writers import Renderer
pdf = Renderer(specimen_brief(), specimen_config()).pdf()
import weasyprint.text.ffi as wffi
print(json.dumps({
    "sha": hashlib.sha256(pdf).hexdigest(),
    "pdf": pdf.startswith(b"%PDF-") and len(pdf) > 10_000,
    "ffi": type(wffi.ffi).__name__,
    "pycparser": "pycparser" in sys.modules,
}))
"""


def pdf_in_child(cache: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(cache)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def kept(cache: Path) -> list[Path]:
    return sorted((cache / ffi_cache.CACHE_FOLDER).glob("*.py"))


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> dict:
    """The PDF made the way WeasyPrint makes it alone: the cache folder cannot be made."""
    blocker = tmp_path_factory.mktemp("nocache") / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    made = pdf_in_child(blocker)
    assert made["ffi"] != "_Precompiled" and made["pycparser"]
    return made


def test_the_first_pdf_keeps_the_declarations_and_the_next_never_parses_them(tmp_path, parsed):
    cache = tmp_path / "cache"
    first = pdf_in_child(cache)
    assert first["ffi"] == "FFI" and first["pycparser"]
    (module,) = kept(cache)
    assert ffi_cache.EMITTED_CALL in module.read_text(encoding="utf-8")
    second = pdf_in_child(cache)
    assert second["ffi"] == "_Precompiled"
    assert not second["pycparser"], "a PDF from the cache still started the C parser"
    assert first["sha"] == second["sha"] == parsed["sha"]
    assert second["pdf"]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\xff\xfe not text",
        b"ffi = None\n",
        b"import _cffi_backend\n\nffi = _cffi_backend.FFI('x', _version=0x2601, _types=b'\\x00'",
        b"import _cffi_backend\n\nffi = _cffi_backend.FFI(open('/etc/passwd'))\n",
        b"import _cffi_backend\nimport os\n\nffi = _cffi_backend.FFI('x', _version=0x2601)\n"
        b"os.system('touch pwned')\n",
    ],
    ids=["empty", "binary", "no-call", "truncated", "calls-a-builtin", "imports"],
)
def test_a_damaged_cache_file_is_parsed_around_and_replaced(tmp_path, parsed, damage):
    cache = tmp_path / "cache"
    pdf_in_child(cache)
    (module,) = kept(cache)
    good = module.read_bytes()
    module.write_bytes(damage)
    again = pdf_in_child(cache)
    assert again["sha"] == parsed["sha"]
    assert again["ffi"] == "FFI"
    assert module.read_bytes() == good
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_a_cache_folder_that_cannot_be_made_costs_the_parsing_not_the_pdf(tmp_path, parsed):
    """The cache root exists but its ``cffi`` entry is a file: nothing can be kept there."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / ffi_cache.CACHE_FOLDER).write_text("in the way", encoding="utf-8")
    made = pdf_in_child(cache)
    assert made["sha"] == parsed["sha"] and made["ffi"] == "FFI"
    assert (cache / ffi_cache.CACHE_FOLDER).read_text(encoding="utf-8") == "in the way"


def test_only_the_named_module_gets_a_precompiled_ffi(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    real = cffi.FFI
    with ffi_cache.precompiled("briefgen_test_not_a_module"):
        assert cffi.FFI is not real
        mine = cffi.FFI()
        assert type(mine) is real
        mine.cdef("int abs(int);")
    assert cffi.FFI is real
    assert kept(tmp_path / "cache") == []


def test_cffi_is_given_back_when_the_import_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    real = cffi.FFI
    with pytest.raises(ImportError), ffi_cache.precompiled("briefgen_test_missing"):
        import briefgen_test_missing  # type: ignore[import-not-found]  # noqa: F401
    assert cffi.FFI is real


def test_a_module_declaring_c_is_served_from_the_cache_once_it_loaded(tmp_path, monkeypatch):
    """The mechanism on a module of our own: declarations, a type, a constant, a libc call."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "briefgen_test_decl.py").write_text(
        textwrap.dedent(
            """
            import cffi
            ffi = cffi.FFI()
            ffi.cdef('''
                typedef struct { int x; int y; } point_t;
                enum colour { RED, GREEN = 5 };
                size_t strlen(const char *s);
            ''')
            libc = ffi.dlopen(None)
            """
        ),
        encoding="utf-8",
    )
    kinds = []
    for _ in range(2):
        sys.modules.pop("briefgen_test_decl", None)
        with ffi_cache.precompiled("briefgen_test_decl"):
            import briefgen_test_decl as decl
        kinds.append(type(decl.ffi).__name__)
        point = decl.ffi.new("point_t *", {"x": 3, "y": 4})
        assert (point.x, point.y) == (3, 4)
        assert decl.ffi.sizeof("point_t") == 8
        assert decl.libc.strlen(b"briefing") == 8
        assert decl.libc.GREEN == 5
    sys.modules.pop("briefgen_test_decl", None)
    assert kinds == ["FFI", "_Precompiled"]
    assert len(kept(tmp_path / "cache")) == 1
