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
own vectors with probe queries, their exact top 5, and keeps the smallest ``ef`` in
``EF_CHOICES`` whose recall@5 surely reaches ``RECALL_TARGET`` on every probe set. Two
kinds of probe: question-like ones (a few words in a row from one of the index's own
chunks, embedded as a query by the index's encoder: like a real question, each lands near
one group of near-duplicates and far from any single vector) and mixes of three chunks
(they fall between groups). Which is harder depends on the corpus, so both must pass.
The choice and its recall are recorded in the manifest.

A filtered search (``rows``) scores the allowed rows exactly when there are at most
``exact_limit`` of them, so it cannot lose its own province's chunks; above that it walks
the graph with a FAISS ID selector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.chunkstore import top_k

if TYPE_CHECKING:
    from index.encoders import Encoder

# Exact search up to here: 100k x 384 floats is 150 MB and one product takes ~15 ms on
# one core; HNSW at ef 64 found only 0.82 of the exact top-5 among near-duplicates.
FLAT_LIMIT = 100_000
# Above this many allowed rows a filtered dense search walks the HNSW graph with an ID
# selector instead of scoring every allowed row (a gather + one matrix-vector product);
# the Qdrant store asks its engine for exact search below it too.
FILTERED_EXACT_LIMIT = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
# For a graph whose manifest records no choice.
HNSW_EF_SEARCH = 400
RECALL_TARGET = 0.98
EF_CHOICES = (64, 128, 256, 400, 800, 1600, 3200, 6400)
PROBES = 100
PROBE_NOISE = 0.02  # per dimension, on top of the mix of three chunks
# A question-like probe: this many words in a row from one chunk (gold questions'
# search texts are 5-25 words).
PROBE_WORDS = (6, 20)
VECTORS_FILE = "vectors.npy"
DENSE_FILE = "dense.faiss"
NODES_FILE = "dense_nodes.npy"  # row -> graph node, when rows share a vector


class DenseIndex:
    """Row ``i`` is chunk ``i``: a float32 matrix (``flat``) or a FAISS HNSW graph.

    The graph holds each distinct vector once (``vectors``, its nodes) and ``nodes`` maps
    a row to its node: identical texts (boilerplate repeated across reports) share a
    vector, and a graph of copies spends its links and its search width on points that
    are one answer (bench_store.py's 307,000-chunk corpus has 229,112 distinct vectors).
    That alone did not lift that corpus's recall (0.69 either way: 40% of the vectors
    were unreachable); what does is giving way to exact search (``build``)."""

    def __init__(
        self, vectors: np.ndarray, kind: str, index: Any = None, nodes: np.ndarray | None = None
    ) -> None:
        self.vectors = vectors
        self.kind = kind
        self.index = index
        # Row -> row of ``vectors``; None when row i is vectors[i].
        self.nodes = nodes
        self._members: tuple[np.ndarray, np.ndarray] | None = None
        self.ef_search = HNSW_EF_SEARCH
        # Recall@5 against exact search measured at ``ef_search`` when the graph was built.
        self.recall: float | None = None
        # A graph that was built and given up for exact search: its widest ef and recall.
        self.graph: tuple[int, float] | None = None

    @property
    def size(self) -> int:
        return int(len(self.nodes) if self.nodes is not None else self.vectors.shape[0])

    def row_vectors(self, rows: np.ndarray | None = None) -> np.ndarray:
        """Rows' vectors (every row's when None): a view when no row shares a node."""
        if self.nodes is None:
            return self.vectors if rows is None else self.vectors[rows]
        return self.vectors[self.nodes if rows is None else self.nodes[rows]]

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1]) if self.vectors.ndim == 2 else 0

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        flat_limit: int = FLAT_LIMIT,
        questions: Callable[[], np.ndarray] | None = None,
        choices: tuple[int, ...] = EF_CHOICES,
    ) -> DenseIndex:
        """``questions`` makes question-like probe vectors (``question_probes``); it is
        called only when a graph is built. A graph whose widest ``choices`` fall short of
        the target recall is given up for exact search (``graph`` records why)."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) <= flat_limit:
            return cls(vectors, "flat")
        import faiss

        distinct, nodes = _distinct(vectors)
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(np.ascontiguousarray(distinct))
        del distinct
        dense = cls(_storage_view(index), "hnsw", index, nodes)
        probes = [probe_queries(dense.vectors, PROBES)]
        if questions is not None:
            probes.append(questions())
        dense.ef_search, dense.recall = dense.choose_ef(probes, choices=choices)
        if not reaches(dense.recall, 5 * min(len(p) for p in probes)):
            # No width reaches the target: an approximate index would drop answers the
            # exact one finds, so search exactly (slower, never wrong).
            flat = cls(vectors, "flat")
            flat.graph = (dense.ef_search, dense.recall)
            return flat
        return dense

    def choose_ef(
        self,
        probes: Sequence[np.ndarray],
        target: float = RECALL_TARGET,
        choices: tuple[int, ...] = EF_CHOICES,
    ) -> tuple[int, float]:
        """The smallest ``ef_search`` in ``choices`` whose recall@5 against exact search
        surely reaches ``target`` on every set of ``probes``, with the lowest of their
        recalls (the largest choice and that recall when none does)."""
        import faiss

        def search(queries: np.ndarray, ef: int) -> tuple[np.ndarray, np.ndarray]:
            params = faiss.SearchParametersHNSW(efSearch=ef)  # type: ignore[attr-defined]
            scores, found = self.index.search(queries, 5, params=params)
            return found, scores

        return choose_ef(search, self.vectors, probes, target, choices)

    def save(self, folder: Path) -> None:
        if self.index is None:
            np.save(folder / VECTORS_FILE, self.vectors, allow_pickle=False)
        else:
            import faiss

            faiss.write_index(self.index, str(folder / DENSE_FILE))
            if self.nodes is not None:
                np.save(folder / NODES_FILE, self.nodes, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> DenseIndex:
        if (folder / DENSE_FILE).is_file():
            import faiss

            index = faiss.read_index(str(folder / DENSE_FILE))
            nodes = None
            if (folder / NODES_FILE).is_file():
                nodes = np.load(folder / NODES_FILE, allow_pickle=False)
            return cls(_storage_view(index), "hnsw", index, nodes)
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
            # Python ints and floats by ``tolist`` (one call, not two per hit).
            if rows is None:
                scores = self.vectors @ query
                best = top_k(scores, k)
                return list(zip(best.tolist(), scores[best].tolist(), strict=True))
            scores = self.row_vectors(rows) @ query
            best = top_k(scores, k)
            return list(zip(rows[best].tolist(), scores[best].tolist(), strict=True))
        if self.nodes is not None:
            return self._shared(query, k, rows)
        return self._hnsw(query, k, rows)

    def _shared(
        self, query: np.ndarray, k: int, rows: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """The graph search when rows share nodes: the best ``k`` nodes (among those of
        ``rows``), each given back as its rows (among ``rows``), best first."""
        assert self.nodes is not None
        allowed = None
        nodes = None
        if rows is not None:
            allowed = np.zeros(self.size, dtype=bool)
            allowed[rows] = True
            nodes = np.unique(self.nodes[rows])
        order, starts = self._member_rows()
        out: list[tuple[int, float]] = []
        for node, score in self._hnsw(query, k, nodes):
            members = order[starts[node] : starts[node + 1]]
            if allowed is not None:
                members = members[allowed[members]]
            out.extend((int(r), score) for r in members[: k - len(out)])
            if len(out) >= k:
                break
        return out

    def _member_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows grouped by node: node n's rows are ``order[starts[n]:starts[n + 1]]``."""
        if self._members is None:
            assert self.nodes is not None
            order = np.argsort(self.nodes, kind="stable")
            counts = np.bincount(self.nodes, minlength=len(self.vectors))
            starts = np.concatenate([[0], np.cumsum(counts)])
            self._members = (order, starts)
        return self._members

    def _hnsw(self, query: np.ndarray, k: int, rows: np.ndarray | None) -> list[tuple[int, float]]:
        import faiss

        k = min(k, len(self.vectors) if rows is None else len(rows))
        # Missing from faiss' type stubs, present in the library since 1.7.3.
        params = faiss.SearchParametersHNSW(  # type: ignore[attr-defined]
            efSearch=max(self.ef_search, k)
        )
        if rows is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(rows, dtype=np.int64))
            params.sel = selector
        scores, found = self.index.search(query[None, :], k, params=params)
        return [(int(r), float(s)) for r, s in zip(found[0], scores[0], strict=True) if int(r) >= 0]


def _distinct(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Each distinct row once, in order of first appearance, and every row's position
    among them (None when all rows differ)."""
    _, first, inverse = np.unique(vectors, axis=0, return_index=True, return_inverse=True)
    if len(first) == len(vectors):
        return vectors, None
    keep = np.argsort(first)  # distinct rows by first appearance
    position = np.empty(len(first), dtype=np.int32)
    position[keep] = np.arange(len(first), dtype=np.int32)
    return np.ascontiguousarray(vectors[first[keep]]), position[inverse.reshape(-1)]


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


def question_probes(
    encoder: Encoder, texts: Sequence[str], n: int = PROBES, seed: int = 0
) -> np.ndarray:
    """``n`` question-like probe vectors: ``PROBE_WORDS`` words in a row from random
    ``texts`` (the index's own chunks), embedded as queries. Mixes of chunk vectors alone
    chose an ef that real questions needed more of (bench_store.py, 300k chunks)."""
    rng = np.random.default_rng(seed)
    low, high = PROBE_WORDS
    fragments = []
    for row in rng.integers(0, len(texts), n):
        words = texts[int(row)].split()
        size = int(rng.integers(low, high + 1))
        start = int(rng.integers(0, max(1, len(words) - size + 1)))
        fragments.append(" ".join(words[start : start + size]) or texts[int(row)])
    vectors = np.asarray(encoder.encode_queries(fragments), dtype=np.float32)
    return np.ascontiguousarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))


def choose_ef(
    search: Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]],
    vectors: np.ndarray,
    probes: Sequence[np.ndarray],
    target: float = RECALL_TARGET,
    choices: tuple[int, ...] = EF_CHOICES,
) -> tuple[int, float]:
    """The smallest ef in ``choices`` at which ``search(queries, ef)`` (rows and scores of
    each query's top 5) surely reaches ``target`` recall@5 against exact search over
    ``vectors`` on every probe set; with the lowest recall of the sets at that ef (the
    largest choice when none does). Shared by the local graph and Qdrant's."""
    sets = [(p, exact_top(vectors, p, 5)) for p in probes if len(p)]
    recall = 0.0
    for ef in choices:
        recalls = []
        for queries, exact in sets:
            found, scores = search(queries, ef)
            recalls.append((recall_at(exact, found, scores), 5 * len(queries)))
            if not reaches(*recalls[-1], target):
                break  # the wider ef is needed anyway
        recall = min(r for r, _ in recalls) if recalls else 1.0
        if all(reaches(r, n, target) for r, n in recalls) and len(recalls) == len(sets):
            return ef, recall
    return choices[-1], recall


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
