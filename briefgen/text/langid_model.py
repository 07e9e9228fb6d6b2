"""py3langid's model, unpacked once per machine: a cold start maps it instead of decompressing it.

py3langid ships its model as an xz-compressed npz; ``LanguageIdentifier.from_model_file``
decompresses all 68 MB of it on every load, about 0.5 s of CPU, which is half a small build.
The first load here does the same, then saves the arrays it got, uncompressed, under the
user's cache folder (a folder named by py3langid's version and the model file's sha256, written
under a temporary name and renamed, so a reader never sees half of one). Later loads map those
files: the classifier is built from the same numbers, so it gives the same answers; only the
pages a text's n-grams touch are read. When the cache cannot be read or written, the model is
loaded as py3langid loads it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..paths import CACHE_ENV, cache_root

log = logging.getLogger(__name__)

__all__ = ["CACHE_ENV", "cache_root", "load_identifier"]

SUBDIR = "langid"
META = "meta.json"
# the DFA and output tables are read by index, one n-gram at a time: a memoryview over the
# mapped file reads as py3langid's own stdlib arrays do (Python ints)
_INDEXED = ("nextmove", "row", "out")


def _key(model: Path, version: str) -> str:
    digest = hashlib.sha256(model.read_bytes()).hexdigest()[:16]
    return f"py3langid-{version}-{digest}"


def load_identifier(**kwargs: Any) -> Any:
    """``LanguageIdentifier.from_model_file(MODEL_FILE, **kwargs)``, from the cache when it can."""
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        folder = cache_root() / SUBDIR / _key(MODEL_DIR / MODEL_FILE, py3langid.__version__)
    except RuntimeError as e:  # no home folder to keep a cache in
        log.debug("language model cache not used: %s", e)
        return LanguageIdentifier.from_model_file(MODEL_FILE, **kwargs)
    if (folder / META).is_file():
        try:
            return _from_cache(folder, LanguageIdentifier, kwargs)
        except (OSError, ValueError, KeyError) as e:  # damaged: loaded around, then replaced
            log.debug("language model cache not read: %s", e)
            shutil.rmtree(folder, ignore_errors=True)
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, **kwargs)
    try:
        _save(folder, identifier)
    except OSError as e:
        log.debug("language model cache not written: %s", e)
    return identifier


def _from_cache(folder: Path, cls: Any, kwargs: dict[str, Any]) -> Any:
    import numpy as np

    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in meta["arrays"]}
    ptc, pc, classes = arrays["ptc"], arrays["pc"], meta["classes"]
    states = len(arrays["row"])
    if ptc.shape[1] != len(classes) or pc.shape != (len(classes),) or len(arrays["out"]) != states:
        raise ValueError(f"{folder}: tables of mismatched sizes")
    nextmove, row, out = (memoryview(arrays[name]) for name in _INDEXED)
    return cls(ptc, pc, classes, nextmove, out, tk_row=row, **kwargs)


def _save(folder: Path, identifier: Any) -> None:
    import numpy as np

    arrays = {
        "ptc": np.asarray(identifier.nb_ptc),
        "pc": np.asarray(identifier.nb_pc),
        # py3langid's stdlib arrays ('H'/'I'/'L'): numpy reads their C type from the buffer
        "nextmove": np.asarray(identifier.tk_nextmove),
        "row": np.asarray(identifier.tk_row),
        "out": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array)
        meta = {"arrays": list(arrays), "classes": list(identifier.nb_classes)}
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / META).is_file():  # another build's copy won the race: keep it
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
