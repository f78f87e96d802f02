"""Hybrid retrieval: BM25 (segmented and unaccented fields) and dense search, fused.

Each retriever runs over the whole index on its own, so neither can hide what the
other found; the lists are then fused (reciprocal rank by default, or normalised
scores), filtered by province / report, and nudged towards chunks that carry the
asked date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from hoidap.text import dates_in
from hoidap.types import Chunk, Hit
from qa.query import Query

# How much each list counts, by the question's language: unaccented questions cannot be
# word-segmented meaningfully, and English ones share few words with the reports (their
# BM25 terms are the Vietnamese glosses). Chosen on eval/gold.jsonl with score fusion:
# hit@1 / hit@5 vi 86.1% / 98.2%, vi-noaccent 82.6% / 95.7%, en 57.6% / 84.8%.
WEIGHTS: dict[str, dict[str, float]] = {
    "vi": {"dense": 1.0, "bm25": 1.0, "bm25_unaccented": 0.7},
    "vi-noaccent": {"dense": 0.5, "bm25": 0.35, "bm25_unaccented": 1.0},
    "en": {"dense": 1.5, "bm25": 1.0, "bm25_unaccented": 0.7},
}
RRF_K = 60
DATE_BOOST = 1.25
DATE_MONTH_BOOST = 1.08


class SearchIndexLike(Protocol):
    chunks: list[Chunk]

    def dense_search(self, query: Any, k: int) -> list[tuple[int, float]]: ...

    def embed_query(self, text: str) -> Any: ...

    def sparse_search(
        self, query: str, k: int, field: str = "segmented"
    ) -> list[tuple[int, float]]: ...


@dataclass(frozen=True)
class Filters:
    """Hard limits from the question or the caller: allowed provinces and report files."""

    provinces: frozenset[str] = frozenset()
    reports: frozenset[str] = frozenset()

    def allows(self, chunk: Chunk) -> bool:
        if self.provinces and chunk.province not in self.provinces:
            return False
        return not (self.reports and chunk.source not in self.reports)


def fuse_rrf(
    ranked: dict[str, list[tuple[int, float]]], weights: dict[str, float]
) -> dict[int, float]:
    """Weighted reciprocal-rank fusion: robust to the retrievers' different score scales."""
    fused: dict[int, float] = {}
    for name, hits in ranked.items():
        w = weights.get(name, 1.0)
        for rank, (pos, _score) in enumerate(hits):
            fused[pos] = fused.get(pos, 0.0) + w / (RRF_K + rank + 1)
    return fused


def fuse_scores(
    ranked: dict[str, list[tuple[int, float]]], weights: dict[str, float]
) -> dict[int, float]:
    """Weighted sum of min-max normalised scores (per query, per retriever)."""
    fused: dict[int, float] = {}
    for name, hits in ranked.items():
        if not hits:
            continue
        scores = [s for _, s in hits]
        lo, hi = min(scores), max(scores)
        span = (hi - lo) or 1.0
        w = weights.get(name, 1.0)
        for pos, score in hits:
            fused[pos] = fused.get(pos, 0.0) + w * (score - lo) / span
    return fused


FUSIONS = {"rrf": fuse_rrf, "score": fuse_scores}


class HybridRetriever:
    """Dense + BM25 retrieval over a loaded index, with filters and date boosts."""

    def __init__(
        self,
        index: SearchIndexLike,
        fusion: str = "rrf",
        candidates: int = 100,
        reranker: Any = None,
    ) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}: choose one of {sorted(FUSIONS)}")
        self.index = index
        self.fusion = fusion
        self.candidates = candidates
        self.reranker = reranker
        self._chunk_dates: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
        self._vectors: dict[str, Any] = {}

    def ranked_lists(self, query: Query, k: int) -> dict[str, list[tuple[int, float]]]:
        text = query.search_text
        return {
            "dense": self.index.dense_search(self.query_vector(text), k),
            "bm25": self.index.sparse_search(text, k, field="segmented"),
            "bm25_unaccented": self.index.sparse_search(text, k, field="unaccented"),
        }

    def query_vector(self, text: str) -> Any:
        """The encoder's vector for a question, remembered: embedding is most of a query's
        time, and a comparison or a repeated question asks for the same text again."""
        vector = self._vectors.get(text)
        if vector is None:
            if len(self._vectors) >= 1024:
                self._vectors.pop(next(iter(self._vectors)))
            vector = self._vectors[text] = self.index.embed_query(text)
        return vector

    def forget_questions(self) -> None:
        """Drop the remembered question vectors (benchmarks time questions as first seen)."""
        self._vectors.clear()

    def retrieve(self, query: Query, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        filters = filters or Filters()
        if query.allowed_provinces:
            allowed = frozenset(query.allowed_provinces)
            provinces = filters.provinces & allowed if filters.provinces else allowed
            filters = Filters(provinces or frozenset({"\x00none"}), filters.reports)
        n = len(self.index.chunks)
        # Filtered searches look deeper so that the allowed chunks are all seen.
        depth = n if (filters.provinces or filters.reports) else min(n, max(self.candidates, k))
        ranked = self.ranked_lists(query, depth)
        ranked = {
            name: [(p, s) for p, s in hits if filters.allows(self.index.chunks[p])]
            for name, hits in ranked.items()
        }
        weights = WEIGHTS.get(query.language, WEIGHTS["vi"])
        fused = FUSIONS[self.fusion](ranked, weights)
        for pos in fused:
            fused[pos] *= self._date_factor(self.index.chunks[pos], query)
        order = sorted(fused, key=lambda p: (-fused[p], p))
        if self.reranker is not None:
            order = self._rerank(query, order[: max(20, k)])
        per = {name: dict(hits) for name, hits in ranked.items()}
        return [
            Hit(
                self.index.chunks[pos],
                fused[pos],
                rank,
                {name: float(per[name][pos]) for name in per if pos in per[name]},
            )
            for rank, pos in enumerate(order[:k], start=1)
        ]

    def _rerank(self, query: Query, order: list[int]) -> list[int]:
        pairs = [(query.text, self.index.chunks[p].clean) for p in order]
        scores = self.reranker.predict(pairs)
        return [p for _, p in sorted(zip(scores, order, strict=True), key=lambda t: -float(t[0]))]

    def chunk_dates(self, chunk: Chunk) -> list[tuple[dt.date, dt.date, str]]:
        """Dates written in a chunk (cached): what a date question is checked against."""
        cached = self._chunk_dates.get(chunk.chunk_id)
        if cached is None:
            year = chunk.report_issued.year if chunk.report_issued else None
            cached = [(d.first, d.last, d.granularity) for d in dates_in(chunk.clean, year)]
            self._chunk_dates[chunk.chunk_id] = cached
        return cached

    def _date_factor(self, chunk: Chunk, query: Query) -> float:
        asked = [d for d in query.dates if d.granularity in {"day", "month"}]
        if not asked:
            return 1.0
        written = self.chunk_dates(chunk)
        if any(d.granularity == "day" and (d.first, d.first, "day") in written for d in asked):
            return DATE_BOOST
        if any(_overlaps(d.first, d.last, written) for d in asked):
            return DATE_MONTH_BOOST
        return 1.0


def _overlaps(
    first: dt.date, last: dt.date, written: Iterable[tuple[dt.date, dt.date, str]]
) -> bool:
    return any(a <= last and first <= b and g in {"day", "month"} for a, b, g in written)
