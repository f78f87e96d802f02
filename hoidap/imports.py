"""Importing a library without the optional parts it would pull in on import.

underthesea imports its translation, classification and other pipelines, and bm25s
imports scipy.sparse, whenever they can; hoidap uses none of those on the paths that
load these libraries, and together they cost seconds of start-up. Making the optional
module fail to import while the library loads lets the library take its own "not
installed" branch, and restoring it afterwards keeps an explicit import of it working.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from types import ModuleType


def import_without(name: str, hidden: Iterable[str]) -> ModuleType:
    """``import name`` with each module of ``hidden`` that is not imported yet made to fail
    fast (``sys.modules[m] = None``) while it loads; the hidden modules stay importable
    afterwards. A library already imported is returned as it is."""
    if name in sys.modules:
        return sys.modules[name]
    blocked = [m for m in hidden if m not in sys.modules]
    for module in blocked:
        sys.modules[module] = None  # type: ignore[assignment]  # `import module` fails fast
    try:
        return importlib.import_module(name)
    finally:
        for module in blocked:
            if module in sys.modules and sys.modules[module] is None:
                del sys.modules[module]
