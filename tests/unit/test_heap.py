"""``hoidap.heap.release_free_heap``: glibc's malloc_trim where the process has it, and a
quiet False where it has none (musl, macOS, a C library that cannot be loaded); a server's
frozen objects (``freeze_survivors``) and the index swap that thaws them, so the old
pipeline is still freed."""

from __future__ import annotations

import ctypes
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

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


class _Cyclic:
    """Holds a reference cycle, as a loaded pipeline does (so only the cyclic collector
    frees it)."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture()
def _unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()


@pytest.mark.usefixtures("_unfrozen")
def test_frozen_cycles_survive_until_thawed() -> None:
    alive = _Cyclic()
    gone = weakref.ref(alive)
    assert heap.freeze_survivors() > 0
    del alive
    gc.collect()
    assert gone() is not None  # frozen: a full collection does not walk it (can fail)
    heap.thaw()
    gc.collect()
    assert gone() is None


@pytest.mark.usefixtures("_unfrozen")
def test_freezing_again_first_collects_what_was_dropped() -> None:
    alive = _Cyclic()
    gone = weakref.ref(alive)
    heap.freeze_survivors()
    del alive
    kept = _Cyclic()
    heap.freeze_survivors()  # an answer worker's index swap
    assert gone() is None
    assert gc.get_freeze_count() > 0 and kept.me is kept


@pytest.mark.usefixtures("_unfrozen")
def test_an_index_swap_frees_the_old_pipeline(tmp_path: Path) -> None:
    from hoidap.config import Config
    from tests.ui_fakes import FakePipeline
    from ui.service import Service

    old, new = FakePipeline.from_reports(), FakePipeline.from_reports()
    old.cycle = old  # type: ignore[attr-defined]
    gone = weakref.ref(old)
    (tmp_path / "data" / "index").mkdir(parents=True)
    manifest = tmp_path / "data" / "index" / "manifest.json"
    manifest.write_text("{}", encoding="utf-8")
    service = Service(old, Config(home=tmp_path), reload=lambda _old: new)
    del old
    heap.freeze_survivors()  # the server is up
    manifest.write_text('{"built_at": "later"}', encoding="utf-8")
    assert service.refresh() is True and service.pipeline is new
    gc.collect()
    assert gone() is None
