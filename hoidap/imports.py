"""Importing a library without the optional parts it would pull in on import.

underthesea imports its translation, classification and other pipelines, and bm25s
imports scipy.sparse, whenever they can; hoidap uses none of those on the paths that
load these libraries, and together they cost seconds of start-up. Making the optional
module fail to import while the library loads lets the library take its own "not
installed" branch, and restoring it afterwards keeps an explicit import of it working.
A part the library imports unconditionally is stood in for instead (``deferred``).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any


def import_without(
    name: str,
    hidden: Iterable[str],
    deferred: Mapping[str, Sequence[str]] | None = None,
) -> ModuleType:
    """``import name`` with each module of ``hidden`` that is not imported yet made to fail
    fast (``sys.modules[m] = None``) while it loads; the hidden modules stay importable
    afterwards. Each module of ``deferred`` (-> the functions the library takes from it) is
    stood in for while it loads by one whose functions import the real module on their
    first call: for a part the library imports unconditionally (a failed import would fail
    the library) and builds tables for at import time. Should the library take anything
    else from a stand-in, it is imported again without them. A library already imported is
    returned as it is."""
    if name in sys.modules:
        return sys.modules[name]
    hidden = tuple(hidden)
    try:
        return _import(name, hidden, deferred or {})
    except (ImportError, AttributeError):
        if not deferred:
            raise
        return _import(name, hidden, {})


def _import(name: str, hidden: Iterable[str], deferred: Mapping[str, Sequence[str]]) -> ModuleType:
    blocked = [m for m in hidden if m not in sys.modules]
    for module in blocked:
        sys.modules[module] = None  # type: ignore[assignment]  # `import module` fails fast
    stand_ins = {m: _stand_in(m, f) for m, f in deferred.items() if m not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module(name)
    finally:
        for module in blocked:
            if module in sys.modules and sys.modules[module] is None:
                del sys.modules[module]
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


def _stand_in(name: str, functions: Sequence[str]) -> ModuleType:
    """A module ``name`` whose ``functions`` import the real module when first called."""
    module = ModuleType(name, f"{name}: imported on first use (hoidap.imports)")

    def deferred(function: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            return getattr(importlib.import_module(name), function)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    for function in functions:
        setattr(module, function, deferred(function))
    return module
