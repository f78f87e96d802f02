"""FAISS inner-product search over L2-normalised vectors (so scores are cosines).

Exact search (``IndexFlatIP``) is fast enough for a province's worth of reports and is
never wrong, so it is used up to ``FLAT_LIMIT`` vectors; beyond that an HNSW graph keeps
queries in the millisecond range at a small recall cost. The choice is made here, from
the corpus size, and recorded in the manifest (``kind``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

FLAT_LIMIT = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 64


class DenseIndex:
    """A FAISS index whose ids are chunk positions (row ``i`` is chunk ``i``)."""

    def __init__(self, index: Any, kind: str) -> None:
        self.index = index
        self.kind = kind

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    @classmethod
    def build(cls, vectors: np.ndarray, flat_limit: int = FLAT_LIMIT) -> DenseIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        index: Any
        if len(vectors) <= flat_limit:
            index, kind = faiss.IndexFlatIP(dim), "flat"
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            kind = "hnsw"
        index.add(vectors)
        return cls(index, kind)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        kind = "hnsw" if hasattr(index, "hnsw") else "flat"
        return cls(index, kind)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and scores for each query row, best first; ``-1`` pads missing hits."""
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if queries.shape[1] != self.dim:
            raise ValueError(
                f"query vectors have {queries.shape[1]} dimensions, the index {self.dim}"
            )
        k = max(1, min(k, self.size))
        if self.kind == "hnsw":
            import faiss

            # Missing from faiss' type stubs, present in the library since 1.7.3.
            params = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
                efSearch=max(HNSW_EF_SEARCH, k)
            )
            scores, positions = self.index.search(queries, k, params=params)
        else:
            scores, positions = self.index.search(queries, k)
        return positions, scores

    def search_one(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """One query's hits as (position, cosine) pairs, best first."""
        if self.size == 0 or k <= 0:
            return []
        positions, scores = self.search(vector, k)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]
