"""Caches bounded by bytes, not by entries.

Answer selection reads the same sentences question after question, so what it derives
from a sentence (its words, folded form, dates, figures) is remembered. Bounded by a
number of entries (``functools.lru_cache(maxsize=65536)``), such a cache is small on the
bundled corpus and grows without a useful limit on a large one: after 252 questions
over 30,700 chunks the word sets of whole chunks alone held 47.5 MB, and a server
answering many different questions would go on growing until every cache held 65,536
entries. :func:`bytes_cache` drops the least recently used entries once the entries'
estimated size passes a budget in bytes, so the memory of a long-running server is
bounded whatever the corpus.

Written here rather than taken from ``cachetools`` (``LRUCache(maxsize, getsizeof)`` does
the same bookkeeping): a hit runs thousands of times a question, and cachetools' locked
hit path costs several times this one's (~125 ns, no lock on a hit), and it is one
dependency less.

The sizes are estimates (``sys.getsizeof`` of the key and the value and of what they
hold, each object counted once per entry): objects shared with other entries or with the
rest of the program are counted again, so the real memory stays below the budget.

>>> @bytes_cache(1 << 20)
... def gấp_đôi(text: str) -> str:
...     return text * 2
>>> gấp_đôi("Cà Mau"), gấp_đôi.cache_info().misses
('Cà MauCà Mau', 1)
"""

from __future__ import annotations

import functools
import inspect
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, NamedTuple, ParamSpec, Protocol, TypeVar

P = ParamSpec("P")
R = TypeVar("R", covariant=True)

# What one entry of an OrderedDict costs besides its key and value (its node and its
# slot in the table), measured on CPython 3.11: about 100 bytes.
ENTRY_OVERHEAD = 100
_ATOMS = frozenset({str, bytes, int, float, bool, type(None), complex})
_CONTAINERS = frozenset({tuple, list, frozenset, set})


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    currsize: int
    nbytes: int
    max_bytes: int


class BytesCached(Protocol[P, R]):
    """A function remembered by :func:`bytes_cache`."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...

    def cache_info(self) -> CacheInfo: ...

    def cache_clear(self) -> None: ...


def approx_size(obj: object) -> int:
    """Bytes held by ``obj`` and what it holds (strings, numbers, tuples, lists, sets,
    dicts, objects with a ``__dict__`` such as dataclasses), each object counted once;
    other objects by their own size. Every miss of a cache pays it: kept cheap."""
    kind = type(obj)
    if kind in _ATOMS:
        return sys.getsizeof(obj)
    getsize = sys.getsizeof
    seen: set[int] = set()
    total = 0
    stack = [obj]
    while stack:
        item = stack.pop()
        key = id(item)
        if key in seen:
            continue
        seen.add(key)
        total += getsize(item)
        kind = type(item)
        if kind in _ATOMS:
            continue
        if kind in _CONTAINERS:
            stack.extend(item)  # type: ignore[arg-type]
        elif kind is dict:
            stack.extend(item.keys())  # type: ignore[attr-defined]
            stack.extend(item.values())  # type: ignore[attr-defined]
        else:
            fields = getattr(item, "__dict__", None)
            if fields is not None:
                stack.extend(fields.values())
    return total


def entry_size(entry: tuple[object, object]) -> int:
    """:func:`approx_size` of a ``(key, value)`` pair, at once when both are strings or
    numbers (most of qa's caches)."""
    key, value = entry
    if type(key) in _ATOMS and type(value) in _ATOMS:
        return sys.getsizeof(key) + sys.getsizeof(value)
    return approx_size(entry)


def text_words_size(entry: tuple[str, frozenset[str]]) -> int:
    """The size of a text and of the set of its words, the words themselves not counted:
    they are interned (``sys.intern``), one copy of each word for every set that holds it.
    Quicker than :func:`approx_size` (every miss of a word-set cache pays it)."""
    text, words = entry
    return sys.getsizeof(text) + sys.getsizeof(words)


def _one_argument(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` takes exactly one argument, positional, without a default."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    return (
        len(params) == 1
        and params[0].kind in {params[0].POSITIONAL_ONLY, params[0].POSITIONAL_OR_KEYWORD}
        and params[0].default is params[0].empty
    )


def bytes_cache(
    max_bytes: int, size: Callable[[Any], int] = entry_size
) -> Callable[[Callable[P, R]], BytesCached[P, R]]:
    """Remember a function's results (positional, hashable arguments) up to ``max_bytes``
    of keys and values, least recently used dropped first. ``size`` estimates the bytes
    of one ``(key, value)`` pair (the key is the argument, or the tuple of several).
    A result larger than the budget is returned but not kept. Safe to call from several
    threads (a result may then be computed twice)."""

    def decorate(fn: Callable[P, R]) -> BytesCached[P, R]:
        data: OrderedDict[Any, tuple[R, int]] = OrderedDict()
        lock = threading.Lock()
        counts = [0, 0, 0]  # hits, misses, bytes
        missing = object()
        call: Callable[..., R] = fn  # called with positional arguments only

        get, move_to_end = data.get, data.move_to_end

        def wrapper(*args: Any) -> R:
            key = args[0] if len(args) == 1 else args
            found = get(key, missing)
            if found is not missing:
                counts[0] += 1
                # A hit is the common case and runs thousands of times a question: no
                # context manager here (``contextlib.suppress`` tripled its cost).
                try:  # noqa: SIM105
                    move_to_end(key)
                except KeyError:  # dropped by another thread meanwhile
                    pass
                return found[0]  # type: ignore[index]
            value = call(*args)
            nbytes = size((key, value)) + ENTRY_OVERHEAD
            with lock:
                counts[1] += 1
                if nbytes > max_bytes or key in data:
                    return value
                data[key] = (value, nbytes)
                counts[2] += nbytes
                while counts[2] > max_bytes:
                    _, (_, dropped) = data.popitem(last=False)
                    counts[2] -= dropped
            return value

        def one(key: Any) -> R:
            # ``wrapper`` for a function of one argument: the argument is the key, with no
            # tuple of arguments to build and unpack (a hit runs ~1,200 times a question).
            found = get(key, missing)
            if found is not missing:
                counts[0] += 1
                try:  # noqa: SIM105
                    move_to_end(key)
                except KeyError:
                    pass
                return found[0]  # type: ignore[index]
            return wrapper(key)

        def cache_info() -> CacheInfo:
            return CacheInfo(counts[0], counts[1], len(data), counts[2], max_bytes)

        def cache_clear() -> None:
            with lock:
                data.clear()
                counts[:] = [0, 0, 0]

        outer: Any = one if _one_argument(fn) else wrapper
        functools.update_wrapper(outer, fn)
        outer.cache_info = cache_info
        outer.cache_clear = cache_clear
        return outer

    return decorate
