"""NLTK's Punkt and Snowball modules without NLTK's package initialisers.

``import nltk.tokenize.punkt`` first runs ``nltk/__init__.py``, which imports every NLTK
subpackage and, through ``nltk.metrics``, scipy.stats: about 0.8 s of CPU for two modules that
need a dozen small ones of NLTK's own. Importing this module enters NLTK's packages in
``sys.modules`` as *deferred* packages: each has its ``__path__``, so ``nltk.tokenize.punkt``
and ``nltk.stem.snowball`` import as usual (with exactly the modules they import), and each
runs its own ``__init__``, in place, the first time anything else is asked of it
(``nltk.word_tokenize``, ``from nltk.corpus import wordnet``): other NLTK users in the process
(sumy, a plugin) still see the whole library, with the same module objects.

``text/__init__.py`` imports this module before any module that imports NLTK.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

# The packages on the way to the modules text/ imports (nltk.tokenize.punkt,
# nltk.stem.snowball, and nltk.corpus, which nltk.stem.snowball imports for its stopwords).
DEFERRED = ("nltk", "nltk.tokenize", "nltk.stem", "nltk.corpus")
# nltk.stem.snowball runs ``from nltk.corpus import stopwords`` at import and reads it only for
# ``ignore_stopwords=True``, which briefgen never asks: a stand-in that completes nltk.corpus
# on first use spares the import of every corpus reader. text/__init__.py withdraws it once
# Snowball is imported (``withdraw_stand_ins``): any later importer gets the real object.
STAND_INS = {"nltk.corpus": ("stopwords",)}

_LOCK = threading.RLock()  # one completion of a package, whichever thread asks first


def complete(module: ModuleType) -> None:
    """Run a deferred package's own ``__init__`` in its module (once; no-op when done).

    ``nltk`` goes first, as in a plain ``import nltk``: its ``__init__`` imports the
    subpackages in the order their circular imports need (completing each on the way).
    """
    with _LOCK:
        top = sys.modules.get(DEFERRED[0])
        if top is not None and top is not module and "__getattr__" in top.__dict__:
            complete(top)
        if module.__dict__.pop("__getattr__", None) is None:
            return
        spec = module.__spec__
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(module)


class _StandIn:
    """``package.name`` until the package is complete; then the real object, looked up."""

    def __init__(self, package: str, name: str) -> None:
        self._package = package
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        module = sys.modules[self._package]
        complete(module)
        return getattr(getattr(module, self._name), attr)


def _defer(name: str) -> bool:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # not installed: the imports fail as usual
        return False
    module = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str) -> Any:  # PEP 562: called only for names not yet set
        if not attr.startswith("__") and importlib.util.find_spec(f"{name}.{attr}"):
            return importlib.import_module(f"{name}.{attr}")  # a submodule: just that one
        complete(module)
        return getattr(module, attr)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    for stand_in in STAND_INS.get(name, ()):
        setattr(module, stand_in, _StandIn(name, stand_in))
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return True


def withdraw_stand_ins() -> None:
    """Take the STAND_INS off their packages (the modules that imported one keep it)."""
    with _LOCK:
        for name, attrs in STAND_INS.items():
            module = sys.modules.get(name)
            for attr in attrs:
                if isinstance(getattr(module, "__dict__", {}).get(attr), _StandIn):
                    delattr(module, attr)


def defer_packages() -> None:
    """Enter NLTK's DEFERRED packages in ``sys.modules``; none when NLTK is already imported."""
    with _LOCK:
        if "nltk" in sys.modules:
            return
        for name in DEFERRED:
            if not _defer(name):
                return


defer_packages()
