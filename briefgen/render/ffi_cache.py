"""WeasyPrint's C declarations, parsed once per machine instead of at every PDF.

WeasyPrint talks to Pango, HarfBuzz and fontconfig through cffi's in-line ABI mode: each
import parses about 450 lines of C declarations with pycparser, and the first ``ffi.new`` of
each type string parses them again (19 types in a small brief). That was about 0.2 s of CPU
in every build that made a PDF, a fifth of what the PDF adds to a five-article build.

cffi's out-of-line ABI mode does the parsing ahead of time: ``FFI.emit_python_code`` writes a
module holding the declarations as compact type tables, and an FFI built from them answers
``new``, ``cast``, ``gc``, ``string``, ``dlopen`` and the rest without a parser. Here the first
PDF on a machine parses as before and keeps that module in the cache folder (named by cffi's
version and the declaring file's bytes, so an upgrade of either parses again); later PDFs
build WeasyPrint's ``ffi`` from it. The C functions called and the PDF written are the same
(tests/unit/test_ffi_cache.py). A damaged, foreign or unwritable cache costs the parsing,
never the build.

Only an ``FFI()`` made by the module named in :func:`precompiled` is replaced; any other
caller of ``cffi.FFI`` in the meantime gets cffi's own.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _cffi_backend
import cffi

from ..paths import cache_root

log = logging.getLogger(__name__)

CACHE_FOLDER = "cffi"
# The module name cffi writes into the emitted code; only a label (the code is never imported).
MODULE_NAME = "_briefgen_precompiled_ffi"
# The one line of emitted code that builds the FFI; replaced by a call to _Precompiled.
EMITTED_CALL = "ffi = _cffi_backend.FFI("
EMITTED_IMPORT = "import _cffi_backend\n"


class _Precompiled(_cffi_backend.FFI):
    """An out-of-line FFI whose ``cdef`` is a no-op: its declarations are already in it."""

    def cdef(
        self, csource: str, override: bool = False, packed: bool = False, pack: Any = None
    ) -> None:
        return None


def _cache_file(declaring_file: str) -> Path | None:
    try:
        source = Path(declaring_file).read_bytes()
        root = cache_root()
    except (OSError, RuntimeError):
        return None
    key = hashlib.sha256()
    for part in (cffi.__version__.encode(), _cffi_backend.__version__.encode(), source):
        key.update(len(part).to_bytes(8, "big") + part)
    return root / CACHE_FOLDER / f"{key.hexdigest()[:24]}.py"


def _load(path: Path) -> _Precompiled | None:
    """The FFI the emitted code at ``path`` describes, or None when there is none to trust."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.count(EMITTED_CALL) != 1 or EMITTED_IMPORT not in text:
        return None
    code = text.replace(EMITTED_IMPORT, "", 1).replace(EMITTED_CALL, "ffi = _Precompiled(", 1)
    namespace: dict[str, Any] = {"_Precompiled": _Precompiled, "__builtins__": {}}
    try:
        exec(compile(code, str(path), "exec"), namespace)  # noqa: S102 - our own cache file
    except Exception as exc:  # noqa: BLE001 - any damage means: parse instead
        log.debug("precompiled C declarations %s unusable (%s): parsing them", path, exc)
        return None
    ffi = namespace.get("ffi")
    return ffi if isinstance(ffi, _Precompiled) else None


def _store(path: Path, ffi: Any) -> None:
    """Emit the declarations ``ffi`` (cffi's in-line FFI, as the module left it) was given to
    ``path``, atomically; a failure only logs. ``set_source`` only names the emitted module."""
    try:
        ffi.set_source(MODULE_NAME, None)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".py")
        os.close(fd)
        try:
            with contextlib.redirect_stdout(io.StringIO()):  # cffi prints "generating <file>"
                ffi.emit_python_code(tmp)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
    except (OSError, ValueError, cffi.CDefError) as exc:
        log.debug("could not keep precompiled C declarations in %s: %s", path, exc)


@contextlib.contextmanager
def precompiled(module: str) -> Iterator[None]:
    """While the body runs (it imports ``module``), ``cffi.FFI()`` called by ``module`` returns
    an FFI built from the cached declarations, or cffi's own, whose declarations are then kept."""
    if module in sys.modules:
        yield
        return
    made: list[tuple[Path, Any]] = []
    real = cffi.FFI

    def factory(*args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_globals
        if args or kwargs or caller.get("__name__") != module or "__file__" not in caller:
            return real(*args, **kwargs)
        path = _cache_file(caller["__file__"])
        ffi = None if path is None else _load(path)
        if ffi is not None:
            return ffi
        parsing = real()  # cffi's own, as without a cache; emitted once the module loaded
        if path is not None:
            made.append((path, parsing))
        return parsing

    cffi.FFI = factory
    try:
        yield
    finally:
        cffi.FFI = real
    if module in sys.modules:
        for path, parsing in made:
            _store(path, parsing)
