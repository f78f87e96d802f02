"""Give the C heap's free memory back to the operating system after a large load, and keep
a loaded server's objects out of the cyclic garbage collector's full passes.

Opening an index parses several JSON files (at 30,700 chunks the reports' section trees
alone are 15 MB of text) into far more short-lived dicts and strings than the objects
kept. Python frees them, but glibc keeps the freed blocks of its heap for reuse, so the
process stayed 26 MB larger than what it holds (RSS 205 MB after opening the 100x
synthetic index, 179 MB after ``malloc_trim``). ``malloc_trim(0)`` returns every free
page of the heap, not only its top, to the kernel; it changes nothing the program holds.
Elsewhere (macOS, musl, Windows) there is no such call and nothing is done.

A server's index, models and warm caches live as long as it does, yet every full pass of
the cyclic collector walks all of them: 115–120 ms of CPU a pass on a loaded pipeline,
landing on whichever question happens to allocate at that moment (two or three per 400
questions). :func:`freeze_survivors` moves everything alive after the warm-up to the
collector's permanent generation (``gc.freeze``), so a full pass walks only what questions
made since. Frozen objects are still freed by reference counting, but their reference
cycles never are: a pipeline swapped out at an index change holds cycles, so the swap
calls :func:`thaw` first (``ui.service.Service.refresh``; an answer worker, which answers
one question at a time, thaws, collects and freezes again at once).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` from the symbols already loaded in the process
    (``CDLL(None)``: no ``ldconfig`` subprocess as ``find_library`` runs); None elsewhere."""
    if sys.platform == "win32":
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
    return trim


def release_free_heap() -> bool:
    """Return the heap's free pages to the kernel (glibc); False where there is no way to."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


def freeze_survivors() -> int:
    """Collect, then freeze every object still alive (``gc.freeze``): call once a server
    is loaded and warm. Objects frozen earlier are thawed first, so what a swap left
    behind is collected now. The count of frozen objects."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def thaw() -> None:
    """Give every frozen object back to the collector (``gc.unfreeze``): at an index swap,
    so the swapped-out pipeline's reference cycles are collected once nothing uses it."""
    gc.unfreeze()
