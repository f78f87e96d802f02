"""Give the C heap's free memory back to the operating system after a large load.

Opening an index parses several JSON files (at 30,700 chunks the reports' section trees
alone are 15 MB of text) into far more short-lived dicts and strings than the objects
kept. Python frees them, but glibc keeps the freed blocks of its heap for reuse, so the
process stayed 26 MB larger than what it holds (RSS 205 MB after opening the 100x
synthetic index, 179 MB after ``malloc_trim``). ``malloc_trim(0)`` returns every free
page of the heap, not only its top, to the kernel; it changes nothing the program holds.
Elsewhere (macOS, musl, Windows) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import functools
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
