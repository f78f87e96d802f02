"""``hoidap.heap.release_free_heap``: glibc's malloc_trim where the process has it, and a
quiet False where it has none (musl, macOS, a C library that cannot be loaded)."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pytest

from hoidap import heap


@pytest.fixture(autouse=True)
def _fresh_lookup() -> Iterator[None]:
    heap._malloc_trim.cache_clear()
    yield
    heap._malloc_trim.cache_clear()


def test_glibc_returns_the_free_heap() -> None:
    # The test machines run glibc (Debian); the call must reach it.
    assert heap.release_free_heap() is True


def test_no_c_library_is_a_quiet_false(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_args: object, **_kwargs: object) -> ctypes.CDLL:
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert heap.release_free_heap() is False


def test_a_c_library_without_malloc_trim_is_a_quiet_false(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Musl:
        def __getattr__(self, name: str) -> object:
            raise AttributeError(name)

    monkeypatch.setattr(ctypes, "CDLL", lambda *_a, **_k: Musl())
    assert heap.release_free_heap() is False
