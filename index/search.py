"""The loaded index: chunks and reports, plus dense and BM25 search over them.

Every search answers with chunk positions (indexes into ``SearchIndex.chunks``) and the
retriever's own score, best first; fusing and filtering are qa's job.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from hoidap.errors import IndexMismatchError
from hoidap.types import Chunk, Report
from index.dense import DenseIndex
from index.encoders import Encoder
from index.sparse import SparseIndex, analyze_segmented

REBUILD_HINT = "chạy / run `hoidap index --rebuild`"


class SearchIndex:
    """Dense (FAISS) and sparse (BM25, two fields) search over one set of chunks.

    >>> hits = index.sparse_search("Cà Mau tiêm bao nhiêu người", k=3)  # doctest: +SKIP
    >>> index.chunks[hits[0][0]].province                               # doctest: +SKIP
    'Cà Mau'
    """

    def __init__(
        self,
        chunks: list[Chunk],
        reports: list[Report],
        manifest: dict[str, Any],
        encoder: Encoder,
        dense: DenseIndex,
        sparse: SparseIndex,
        path: Path,
    ) -> None:
        self.chunks = chunks
        self.reports = reports
        self.manifest = manifest
        self.encoder = encoder
        self.dense = dense
        self.sparse = sparse
        self.path = path
        self._positions = {c.chunk_id: i for i, c in enumerate(chunks)}

    def __len__(self) -> int:
        return len(self.chunks)

    def chunk_by_id(self, chunk_id: str) -> Chunk:
        """The chunk with this id; ``KeyError`` names it when the index has no such chunk."""
        return self.chunks[self.position(chunk_id)]

    def position(self, chunk_id: str) -> int:
        try:
            return self._positions[chunk_id]
        except KeyError:
            raise KeyError(f"no chunk {chunk_id!r} in the index at {self.path}") from None

    def embed_query(self, text: str) -> np.ndarray:
        """The query vector (float32, normalised) in the index's vector space."""
        vector = self.encoder.encode_queries([text])[0]
        if vector.shape[0] != self.dense.dim:
            raise IndexMismatchError(
                f"encoder {self.encoder.name!r} makes {vector.shape[0]}-dimensional vectors, "
                f"the index at {self.path} holds {self.dense.dim}",
                REBUILD_HINT,
            )
        return vector

    def dense_search(self, query: str | np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top ``k`` chunks by cosine similarity to the query (text or vector)."""
        vector = self.embed_query(query) if isinstance(query, str) else np.asarray(query)
        return self.dense.search_one(vector, k)

    def sparse_search(
        self, query: str, k: int, field: str = "segmented"
    ) -> list[tuple[int, float]]:
        """Top ``k`` chunks by BM25 on ``field`` ("segmented" or "unaccented"); chunks that
        share no term with the query are left out, so there may be fewer than ``k``."""
        return self.sparse.search(query, k, field)

    def warm_up(self) -> None:
        """Load the encoder and underthesea now, so a server's first question is not slow."""
        self.encoder.encode_queries(["khởi động"])
        analyze_segmented("khởi động")
