"""Dense search over L2-normalised passage vectors (inner products are cosines).

Exact search is never wrong, and up to ``FLAT_LIMIT`` vectors it is a single
matrix-vector product over a memory-mapped ``vectors.npy`` (no FAISS copy: the vectors
are stored once). Beyond that an HNSW graph (FAISS, whose storage then holds the only
copy of the vectors) keeps queries fast.

How wide the graph search must be (``ef_search``) depends on the corpus: report corpora
repeat template paragraphs across provinces and years with small edits, and among a few
hundred near-identical vectors the graph easily misses the exact best five (real
question vectors on 300k synthetic near-duplicates: recall@5 0.88 at ef 400, 0.975 at
1600, 0.993 at 3200; bench/bench_store.py ``--recall``). So each build measures it on its
own vectors: probe queries that each mix three random chunks (they fall between groups
of near-duplicates, where a graph search goes wrong most; on those corpora they needed
the same ef as real questions or one step more), their exact top 5, and the smallest
``ef`` in ``EF_CHOICES`` whose recall@5 reaches ``RECALL_TARGET``. The choice and its
recall are recorded in the manifest.

A filtered search (``rows``) scores the allowed rows exactly when there are at most
``exact_limit`` of them, so it cannot lose its own province's chunks; above that it walks
the graph with a FAISS ID selector.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from index.chunkstore import top_k

# Exact search up to here: 100k x 384 floats is 150 MB and one product takes ~15 ms on
# one core; HNSW at ef 64 found only 0.82 of the exact top-5 among near-duplicates.
FLAT_LIMIT = 100_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
# For a graph whose manifest records no choice.
HNSW_EF_SEARCH = 400
RECALL_TARGET = 0.98
EF_CHOICES = (64, 128, 256, 400, 800, 1600, 3200, 6400)
PROBES = 100
PROBE_NOISE = 0.02  # per dimension, on top of the mix of three chunks
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"


class DenseIndex:
    """Row ``i`` is chunk ``i``: a float32 matrix (``flat``) or a FAISS HNSW graph."""

    def __init__(self, vectors: np.ndarray, kind: str, index: Any = None) -> None:
        self.vectors = vectors
        self.kind = kind
        self.index = index
        self.ef_search = HNSW_EF_SEARCH
        # Recall@5 against exact search measured at ``ef_search`` when the graph was built.
        self.recall: float | None = None

    @property
    def size(self) -> int:
        return int(self.vectors.shape[0])

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1]) if self.vectors.ndim == 2 else 0

    @classmethod
    def build(cls, vectors: np.ndarray, flat_limit: int = FLAT_LIMIT) -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) <= flat_limit:
            return cls(vectors, "flat")
        import faiss

        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(vectors)
        dense = cls(_storage_view(index), "hnsw", index)
        dense.ef_search, dense.recall = dense.choose_ef()
        return dense

    def choose_ef(
        self, target: float = RECALL_TARGET, choices: tuple[int, ...] = EF_CHOICES, seed: int = 0
    ) -> tuple[int, float]:
        """The smallest ``ef_search`` in ``choices`` whose recall@5 against exact search
        reaches ``target`` on probe queries near this index's own vectors, with that
        recall (the largest choice and its recall when none does)."""
        import faiss

        probes = probe_queries(self.vectors, PROBES, seed)
        exact = exact_top(self.vectors, probes, 5)
        recall = 0.0
        for ef in choices:
            params = faiss.SearchParametersHNSW(efSearch=ef)  # type: ignore[attr-defined]
            scores, found = self.index.search(probes, 5, params=params)
            recall = recall_at(exact, found, scores)
            if reaches(recall, 5 * len(probes), target):
                return ef, recall
        return choices[-1], recall

    def save(self, folder: Path) -> None:
        if self.index is None:
            np.save(folder / VECTORS_FILE, self.vectors, allow_pickle=False)
        else:
            import faiss

            faiss.write_index(self.index, str(folder / DENSE_FILE))

    @classmethod
    def load(cls, folder: Path) -> DenseIndex:
        if (folder / DENSE_FILE).is_file():
            import faiss

            index = faiss.read_index(str(folder / DENSE_FILE))
            return cls(_storage_view(index), "hnsw", index)
        vectors = np.load(folder / VECTORS_FILE, mmap_mode="r", allow_pickle=False)
        return cls(vectors, "flat")

    def search_rows(
        self,
        vector: np.ndarray,
        k: int,
        rows: np.ndarray | None = None,
        exact_limit: int = FLAT_LIMIT,
    ) -> list[tuple[int, float]]:
        """(row, cosine) pairs best first, only among ``rows`` when given."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if query.shape[0] != self.dim:
            raise ValueError(
                f"query vectors have {query.shape[0]} dimensions, the index {self.dim}"
            )
        if k <= 0 or self.size == 0 or (rows is not None and len(rows) == 0):
            return []
        if self.index is None or (rows is not None and len(rows) <= exact_limit):
            if rows is None:
                scores = self.vectors @ query
                best = top_k(scores, k)
                return [(int(r), float(scores[r])) for r in best]
            scores = self.vectors[rows] @ query
            best = top_k(scores, k)
            return [(int(rows[i]), float(scores[i])) for i in best]
        return self._hnsw(query, k, rows)

    def _hnsw(self, query: np.ndarray, k: int, rows: np.ndarray | None) -> list[tuple[int, float]]:
        import faiss

        k = min(k, self.size if rows is None else len(rows))
        # Missing from faiss' type stubs, present in the library since 1.7.3.
        params = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
            efSearch=max(self.ef_search, k)
        )
        if rows is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
            params.sel = selector
        scores, found = self.index.search(query[None, :], k, params=params)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0], strict=True) if int(r) >= 0]


def _storage_view(index: Any) -> np.ndarray:
    """The HNSW index's own vectors as a read-only numpy view (no second copy)."""
    import faiss

    storage = faiss.downcast_index(index.storage)
    n, d = int(index.ntotal), int(index.d)
    if n == 0:
        return np.zeros((0, d), dtype=np.float32)
    view = faiss.rev_swig_ptr(storage.get_xb(), n * d).reshape(n, d)  # type: ignore[attr-defined]
    view.flags.writeable = False
    return view


def probe_queries(vectors: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """``n`` hard question-like vectors: each the sum of three random rows, plus noise."""
    rng = np.random.default_rng(seed)
    rows = rng.integers(0, len(vectors), 3 * n)
    probes = np.asarray(vectors[rows], dtype=np.float32).reshape(n, 3, -1).sum(axis=1)
    probes = probes + rng.normal(0, PROBE_NOISE, probes.shape).astype(np.float32)
    return np.ascontiguousarray(probes / np.linalg.norm(probes, axis=1, keepdims=True))


def exact_top(
    vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 16
) -> list[tuple[set[int], float]]:
    """Each query's exact top ``k`` rows and the ``k``-th score (blocks of queries, so
    the score matrix stays small at any corpus size)."""
    out = []
    for start in range(0, len(queries), block):
        scores = queries[start : start + block] @ np.asarray(vectors).T
        for row in scores:
            best = top_k(row, k)
            out.append((set(best.tolist()), float(row[best[-1]]) if len(best) else 0.0))
    return out


def reaches(recall: float, n: int, target: float = RECALL_TARGET) -> bool:
    """Whether a recall measured on ``n`` neighbour slots is surely at least ``target``:
    the lower end of its 95% Wilson interval must reach it. A bare ``recall >= target``
    on 100 probes took an ef that gave 0.967 on real questions (qdrant-edge, 30k chunks,
    bench_store.py), since 0.98 measured on 500 slots can be 0.97 in truth."""
    z = 1.96
    centre = recall + z * z / (2 * n)
    spread = z * ((recall * (1 - recall) + z * z / (4 * n)) / n) ** 0.5
    return (centre - spread) / (1 + z * z / n) >= target


def recall_at(exact: list[tuple[set[int], float]], found: np.ndarray, scores: np.ndarray) -> float:
    """Share of the exact top-k found; a row scoring at least the exact k-th counts too
    (identical texts share a vector, so exact ties are either one)."""
    hits = total = 0
    for (ids, kth), rows, row_scores in zip(exact, found, scores, strict=True):
        total += len(ids)
        hits += sum(
            int(r) in ids or float(s) >= kth - 1e-6
            for r, s in zip(rows, row_scores, strict=True)
            if int(r) >= 0
        )
    return hits / max(1, total)
