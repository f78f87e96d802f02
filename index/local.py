"""The ``local`` ChunkStore: one folder of FAISS / numpy vectors, bm25s arrays and JSON.

What ranking needs sits in RAM as arrays (each chunk's id, province, source, report row;
its dates; the BM25 matrices; the vectors, memory-mapped when searched exactly). Chunk
texts stay on disk in ``chunks.jsonl`` and are read by byte offset when a hit is shown,
so memory grows with the number of chunks, not with their text. They are read with
``os.pread``, not through a memory map: a page fault on a mapped file maps the pages
around it too (the kernel's fault-around, 64 KB), so after 252 questions at 30,700
chunks 49 MB of ``chunks.jsonl`` sat in the process's RSS for a few KB of text read
each time; a positional read copies only the chunk's bytes (the file's pages stay in
the kernel's page cache, shared and dropped when memory is short).

Filters are applied inside each search: a province or report limit becomes a set of
allowed rows, dense search scores only those rows exactly (or, above
``FILTERED_EXACT_LIMIT`` allowed rows, walks the HNSW graph with a FAISS ID selector),
and BM25 scores are cut to those rows before the top ``k`` is taken with argpartition.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import weakref
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from hoidap.errors import IndexMismatchError
from hoidap.memo import bytes_cache
from hoidap.types import Chunk, Report
from index.chunkstore import (
    TIE_SLACK,
    DateSpan,
    Scored,
    TermStats,
    Where,
    best_first,
    dates_from_json,
    rebuild_hint,
    report_periods,
    top_k,
)
from index.dense import FILTERED_EXACT_LIMIT, DenseIndex
from index.encoders import Encoder
from index.sparse import ANALYZERS, FIELDS, SparseIndex, analyze_segmented

CHUNKS = "chunks.jsonl"
OFFSETS = "chunk_offsets.npy"
TABLE = "chunk_table.json"
DATES = "chunk_dates.json"
TERMS = "term_stats.json"
REPORTS = "reports.json"

# The bundled corpus's 307 chunks take ~4 MB; answers read a few dozen a question.
CHUNK_CACHE_BYTES = 16 << 20


class LocalStore:
    """Dense (FAISS HNSW or exact numpy) and BM25 (two fields) search over one folder.

    >>> store = load_index(config)                                           # doctest: +SKIP
    >>> cid, score = store.sparse_search("Cà Mau tiêm bao nhiêu người", k=3)[0]  # doctest: +SKIP
    >>> store.chunk_by_id(cid).province                                     # doctest: +SKIP
    'Cà Mau'
    """

    kind = "local"

    def __init__(
        self,
        folder: Path,
        manifest: dict[str, Any],
        encoder: Encoder,
        reports: list[Report],
        table: dict[str, list[str]],
        dates: ChunkDates,
        terms: TermStats,
        dense: DenseIndex,
        sparse: SparseIndex,
        vector_keys: list[str],
        command: str = "hoidap index",
    ) -> None:
        self.path = folder
        # What rebuilds this folder (``hoidap.config.index_command``), for the errors
        # met after opening: with the --index-dir and --config it was opened with.
        self.command = command
        self.location = str(folder)
        self.manifest = manifest
        self.encoder = encoder
        self.reports = reports
        self.dense = dense
        self.sparse = sparse
        self._ids: list[str] = table["chunk_id"]
        self._rows = {cid: i for i, cid in enumerate(self._ids)}
        self._dates = dates
        self._terms = terms
        self._vector_keys = vector_keys
        # Codes per row for the filters: small integer arrays, not strings.
        self._province_names, province_codes = np.unique(table["province"], return_inverse=True)
        self._source_names, source_codes = np.unique(table["source"], return_inverse=True)
        self._province_codes = province_codes.astype(np.int32)
        self._source_codes = source_codes.astype(np.int32)
        periods = report_periods(reports)
        starts = np.full(len(self._ids), np.iinfo(np.int32).min, dtype=np.int64)
        ends = np.full(len(self._ids), np.iinfo(np.int32).max, dtype=np.int64)
        for row, report_id in enumerate(table["report_id"]):
            start, end = periods.get(report_id, (None, None))
            if start:
                starts[row] = start.toordinal()
            if end:
                ends[row] = end.toordinal()
        self._starts, self._ends = starts, ends
        # Rows per report: questions about one document read only its chunks.
        report_codes = np.unique(table["report_id"], return_inverse=True)
        self._report_names, self._report_codes = report_codes[0], report_codes[1].astype(np.int32)
        self._offsets = np.load(folder / OFFSETS, allow_pickle=False)
        # A descriptor, not a file object: positional reads from many threads at once, and
        # it stays valid when a rebuild renames a new folder into place.
        self._fd = os.open(folder / CHUNKS, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        weakref.finalize(self, os.close, self._fd)
        self._seek_lock = threading.Lock()  # only where os.pread is missing (Windows)
        # The chunks last read, up to a size in bytes (four text fields each, ~10-25 KB).
        self._chunk_at = bytes_cache(CHUNK_CACHE_BYTES)(self._read_chunk)
        self._allowed = lru_cache(maxsize=256)(self._allowed_rows)

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self._ids)

    def _row(self, chunk_id: str) -> int:
        try:
            return self._rows[chunk_id]
        except KeyError:
            raise KeyError(f"no chunk {chunk_id!r} in the index at {self.path}") from None

    def _line(self, row: int) -> bytes:
        """The JSON line of one chunk, read from ``chunks.jsonl`` by its byte offsets."""
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        if hasattr(os, "pread"):
            data = os.pread(self._fd, end - start, start)
        else:  # pragma: no cover - Windows
            with self._seek_lock:
                os.lseek(self._fd, start, os.SEEK_SET)
                data = os.read(self._fd, end - start)
        if len(data) != end - start:
            raise IndexMismatchError(
                f"chỉ mục bị hỏng / the index is damaged: {self.path / CHUNKS} is shorter "
                "than its chunk offsets",
                rebuild_hint(self.command),
            )
        return data

    def _read_chunk(self, row: int) -> Chunk:
        return Chunk.from_dict(json.loads(self._line(row)))

    def chunk_by_id(self, chunk_id: str) -> Chunk:
        """The chunk with this id; ``KeyError`` names it when the index has no such chunk."""
        return self._chunk_at(self._row(chunk_id))

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        return [self.chunk_by_id(cid) for cid in chunk_ids]

    def iter_chunks(self) -> Iterator[Chunk]:
        """Every chunk in index order (read from disk; for rebuilds, not for questions)."""
        for row in range(len(self._ids)):
            yield Chunk.from_dict(json.loads(self._line(row)))

    def report_chunks(self, report_id: str) -> list[Chunk]:
        """One report's chunks in index order, read from disk (not kept in memory)."""
        if not len(self._report_names):
            return []
        code = np.searchsorted(self._report_names, report_id)
        if code >= len(self._report_names) or self._report_names[code] != report_id:
            return []
        rows = np.flatnonzero(self._report_codes == code)
        return [Chunk.from_dict(json.loads(self._line(int(row)))) for row in rows]

    @property
    def chunks(self) -> list[Chunk]:
        """All chunks as a list (reads every one: tests and tools, not the question path)."""
        return list(self.iter_chunks())

    @property
    def chunk_ids(self) -> list[str]:
        return list(self._ids)

    def dates_of(self, chunk_ids: Sequence[str]) -> dict[str, list[DateSpan]]:
        return {cid: self._dates[self._row(cid)] for cid in chunk_ids}

    def provinces(self) -> frozenset[str]:
        return frozenset(str(p) for p in self._province_names)

    def term_stats(self) -> TermStats:
        return self._terms

    def known_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors this index holds for the given cache keys (index/cache.py)."""
        rows = {k: i for i, k in enumerate(self._vector_keys)}
        found = [k for k in keys if k in rows]
        vectors = self.dense.row_vectors(np.array([rows[k] for k in found], dtype=np.int64))
        return {k: np.array(v) for k, v in zip(found, vectors, strict=True)}

    # ---------------------------------------------------------------- filtering
    def _allowed_rows(self, where: Where) -> np.ndarray | None:
        """Rows ``where`` allows (sorted), or None for every row."""
        if where.empty:
            return None
        mask = np.ones(len(self._ids), dtype=bool)
        if where.provinces:
            codes = np.flatnonzero(np.isin(self._province_names, list(where.provinces)))
            mask &= np.isin(self._province_codes, codes)
        if where.reports:
            codes = np.flatnonzero(np.isin(self._source_names, list(where.reports)))
            mask &= np.isin(self._source_codes, codes)
        if where.since:
            mask &= self._ends >= where.since.toordinal()
        if where.until:
            mask &= self._starts <= where.until.toordinal()
        return np.flatnonzero(mask)

    # ---------------------------------------------------------------- searching
    def embed_query(self, text: str) -> np.ndarray:
        """The query vector (float32, normalised) in the index's vector space."""
        vector = self.encoder.encode_queries([text])[0]
        if vector.shape[0] != self.dense.dim:
            raise IndexMismatchError(
                f"bộ mã hoá không khớp chỉ mục / encoder {self.encoder.name!r} makes "
                f"{vector.shape[0]}-dimensional vectors, the index at {self.path} holds "
                f"{self.dense.dim}",
                rebuild_hint(self.command),
            )
        return vector

    def dense_search(
        self, query: str | np.ndarray, k: int, where: Where | None = None
    ) -> list[Scored]:
        """Top ``k`` chunks by cosine similarity to the query (text or vector)."""
        vector = self.embed_query(query) if isinstance(query, str) else np.asarray(query)
        rows = self._allowed(where) if where is not None else None
        hits = self.dense.search_rows(vector, k + TIE_SLACK, rows, FILTERED_EXACT_LIMIT)
        ids = self._ids
        return best_first([(ids[r], s) for r, s in hits], k)

    def sparse_search(
        self, query: str, k: int, field: str = "segmented", where: Where | None = None
    ) -> list[Scored]:
        """Top ``k`` chunks by BM25 on ``field`` ("segmented" or "unaccented"); chunks that
        share no term with the query are left out, so there may be fewer than ``k``."""
        if field not in FIELDS:
            raise ValueError(f"unknown BM25 field {field!r}; use one of {FIELDS}")
        return self.sparse_search_terms(ANALYZERS[field](query), k, field, where)

    def sparse_search_terms(
        self, terms: list[str], k: int, field: str, where: Where | None = None
    ) -> list[Scored]:
        scores = self.sparse.scores(terms, field)
        if scores is None or k <= 0:
            return []
        rows = self._allowed(where) if where is not None else None
        depth = k + TIE_SLACK
        if rows is not None:
            best = rows[top_k(scores[rows], depth, positive=True)]
        else:
            best = top_k(scores, depth, positive=True)
        ids, rows_of = self._ids, best.tolist()
        return best_first(zip([ids[r] for r in rows_of], scores[best].tolist(), strict=True), k)

    def warm_up(self) -> None:
        """Load the encoder and underthesea now, so a server's first question is not slow."""
        self.encoder.encode_queries(["khởi động"])
        analyze_segmented("khởi động")


class ChunkDates:
    """Every chunk's dates (``chunk_dates.json``) as flat integer arrays, read back as the
    same ``DateSpan`` lists on demand: a list of tuples of ``date`` objects per chunk held
    3.5 MB at 30,700 chunks (78,000 objects), the arrays hold 0.3 MB; only date questions
    read a few dozen chunks' dates (``dates_of``).

    >>> dates = ChunkDates([[["2021-07-01", "2021-07-31", "month"]], []])
    >>> dates[0], dates[1], len(dates)
    ([(datetime.date(2021, 7, 1), datetime.date(2021, 7, 31), 'month')], [], 2)
    """

    def __init__(self, rows: Sequence[Sequence[Sequence[str]]]) -> None:
        spans = [dates_from_json(row) for row in rows]
        self._offsets = np.zeros(len(spans) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in spans], out=self._offsets[1:])
        flat = [span for row in spans for span in row]
        self._grains = sorted({g for _, _, g in flat})
        code = {g: i for i, g in enumerate(self._grains)}
        self._starts = np.array([a.toordinal() for a, _, _ in flat], dtype=np.int32)
        self._ends = np.array([b.toordinal() for _, b, _ in flat], dtype=np.int32)
        self._codes = np.array([code[g] for _, _, g in flat], dtype=np.int16)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, row: int) -> list[DateSpan]:
        a, b = int(self._offsets[row]), int(self._offsets[row + 1])
        grains, day = self._grains, dt.date.fromordinal
        return [
            (day(s), day(e), grains[g])
            for s, e, g in zip(
                self._starts[a:b].tolist(),
                self._ends[a:b].tolist(),
                self._codes[a:b].tolist(),
                strict=True,
            )
        ]


def read_dates(path: Path) -> ChunkDates:
    return ChunkDates(json.loads(path.read_text(encoding="utf-8")))
