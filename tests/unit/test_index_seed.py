"""Vectors shipped with the bundled reports seed a fresh index; --rebuild ignores them."""

from __future__ import annotations

import shutil
from pathlib import Path

from hoidap.config import Config
from hoidap.types import Chunk
from index.cache import KEYS_FILE, VECTORS_FILE, VectorCache
from index.store import build_index
from tests.unit.qa_fakes import make_chunk


def _chunks() -> list[Chunk]:
    texts = [
        "Cà Mau tiêm 859.463 người",
        "Sóc Trăng ghi nhận 34.659 ca mắc",
        "Lạng Sơn có 2.161 tổ",
    ]
    return [make_chunk(t, ordinal=i, line_start=i + 1) for i, t in enumerate(texts)]


def test_seed_vectors_fill_a_fresh_index(tmp_path: Path) -> None:
    first = Config(
        home=tmp_path, index_dir=tmp_path / "a", encoder="fake", vector_seed=tmp_path / "none"
    )
    assert build_index(first, [], _chunks()).embedded == 3
    seed = tmp_path / "seed"
    seed.mkdir()
    for name in (VECTORS_FILE, KEYS_FILE):
        shutil.copy(tmp_path / "a" / name, seed / name)
    fresh = first.replace(index_dir=tmp_path / "b", vector_seed=seed)
    stats = build_index(fresh, [], _chunks())
    assert (stats.embedded, stats.reused, stats.removed) == (0, 3, 0)
    assert build_index(fresh, [], _chunks(), rebuild=True).embedded == 3


def test_merged_cache_prefers_its_own_rows() -> None:
    import numpy as np

    a = VectorCache(["k1"], np.ones((1, 2), dtype=np.float32))
    b = VectorCache(["k1", "k2"], np.zeros((2, 2), dtype=np.float32))
    m = a.merged(b)
    assert m.keys == ["k1", "k2"] and m.vectors[0].tolist() == [1.0, 1.0]
    other_dim = VectorCache(["k3"], np.zeros((1, 3), dtype=np.float32))
    assert a.merged(other_dim) is a
    assert VectorCache.empty().merged(b) is b
