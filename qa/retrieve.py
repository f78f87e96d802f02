"""Hybrid retrieval: BM25 (segmented and unaccented fields) and dense search, fused.

Each retriever runs on its own, so neither can hide what the other found; province and
report filters go down into the store's searches (index/chunkstore.py ``Where``), each
list is cut at a fixed candidate depth, and the lists are fused here (reciprocal rank
or normalised scores) and nudged towards chunks that carry the asked date. The store is
read only through the ``ChunkStore`` interface, so the local folder and Qdrant answer
alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from hoidap.cores import usable_cores
from hoidap.types import Chunk, Hit, Report
from index.chunkstore import DateSpan, Scored, Where
from qa.merged import MergerTable
from qa.query import Query

# How much each list counts, by the question's language: unaccented questions cannot be
# word-segmented meaningfully. Chosen on eval/gold.jsonl with score fusion: hit@1 / hit@5
# vi 86.1% / 98.2%, vi-noaccent 82.6% / 95.7%. English questions share few words with
# the reports (their BM25 terms are the Vietnamese glosses): their weights are fitted
# (``FUSION_PATH``, see :func:`fusion_table`).
WEIGHTS: dict[str, dict[str, float]] = {
    "vi": {"dense": 1.0, "bm25": 1.0, "bm25_unaccented": 0.7},
    "vi-noaccent": {"dense": 0.5, "bm25": 0.35, "bm25_unaccented": 1.0},
    "en": {"dense": 1.5, "bm25": 1.0, "bm25_unaccented": 0.7},
}
# Fitted fusion weights by language (``python -m eval.fit_fusion``); a language it leaves
# out keeps ``WEIGHTS``.
FUSION_PATH = Path(__file__).resolve().parent / "data" / "fusion.json"
# The BM25 lists, whose weight an English question scales by its gloss share.
SPARSE_LISTS = ("bm25", "bm25_unaccented")
RRF_K = 60
# Candidates per list, filtered or not: fixed, so a question costs the same however large
# the corpus. Score fusion min-max normalises each list, so the depth shapes the scores:
# 200 is above the largest province of the bundled reports (111 chunks), so a filtered
# list is the one the old read-every-allowed-chunk search gave (100 cost one gold question).
CANDIDATES = 200
DATE_BOOST = 1.25
DATE_MONTH_BOOST = 1.08


class SearchIndexLike(Protocol):
    """The part of :class:`index.chunkstore.ChunkStore` retrieval reads."""

    def dense_search(self, query: Any, k: int, where: Where | None = None) -> list[Scored]: ...

    def embed_query(self, text: str) -> Any: ...

    def sparse_search(
        self, query: str, k: int, field: str = "segmented", where: Where | None = None
    ) -> list[Scored]: ...

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]: ...

    def dates_of(self, chunk_ids: Sequence[str]) -> dict[str, list[DateSpan]]: ...

    @property
    def reports(self) -> Sequence[Report]: ...


@dataclass(frozen=True)
class Filters:
    """Hard limits from the question or the caller: allowed provinces and report files."""

    provinces: frozenset[str] = frozenset()
    reports: frozenset[str] = frozenset()

    def allows(self, chunk: Chunk) -> bool:
        if self.provinces and chunk.province not in self.provinces:
            return False
        return not (self.reports and chunk.source not in self.reports)

    def where(self) -> Where:
        """The same limits, for the store to apply inside its searches."""
        return Where(provinces=self.provinces, reports=self.reports)


def fuse_rrf(
    ranked: dict[str, list[tuple[Any, float]]], weights: dict[str, float]
) -> dict[Any, float]:
    """Weighted reciprocal-rank fusion: robust to the retrievers' different score scales."""
    fused: dict[Any, float] = {}
    for name, hits in ranked.items():
        w = weights.get(name, 1.0)
        for rank, (pos, _score) in enumerate(hits):
            fused[pos] = fused.get(pos, 0.0) + w / (RRF_K + rank + 1)
    return fused


def fuse_scores(
    ranked: dict[str, list[tuple[Any, float]]], weights: dict[str, float]
) -> dict[Any, float]:
    """Weighted sum of min-max normalised scores (per query, per retriever)."""
    fused: dict[Any, float] = {}
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


@functools.lru_cache(maxsize=1)
def fusion_table() -> dict[str, dict[str, float]]:
    """Weights by language: ``WEIGHTS`` with the fitted languages of ``FUSION_PATH`` over
    them. A fitted entry may hold ``gloss_power``: the BM25 lists of an English question
    count ``gloss_share ** gloss_power`` times their weight (see :func:`weights_for`)."""
    table = {lang: dict(w) for lang, w in WEIGHTS.items()}
    if FUSION_PATH.is_file():
        fitted = json.loads(FUSION_PATH.read_text(encoding="utf-8"))
        table.update({lang: dict(w) for lang, w in fitted.get("weights", {}).items()})
    return table


def weights_for(query: Query, table: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """The lists' weights for one question. An English question reaches BM25 only through
    its glossed words, so with a fitted ``gloss_power`` its BM25 lists count as much as the
    glossary covers the question, and the multilingual dense list carries the rest."""
    base = table.get(query.language) or table["vi"]
    weights = {name: float(w) for name, w in base.items() if name != "gloss_power"}
    power = float(base.get("gloss_power", 0.0))
    if power and query.language == "en":
        scale = max(0.0, min(1.0, query.gloss_share)) ** power
        for name in SPARSE_LISTS:
            if name in weights:
                weights[name] *= scale
    return weights


class HybridRetriever:
    """Dense + BM25 retrieval over a loaded store, with filters and date boosts.

    Every list is cut at ``candidates`` (at least ``k``) whether or not the question is
    filtered: the filter is applied by the store inside the search, so the depth never has
    to grow with the corpus to keep a province's own chunks.
    """

    def __init__(
        self,
        index: SearchIndexLike,
        fusion: str = "rrf",
        candidates: int = CANDIDATES,
        reranker: Any = None,
        weights: Mapping[str, Mapping[str, float]] | None = None,
        mergers: MergerTable | None = None,
    ) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"unknown fusion {fusion!r}: choose one of {sorted(FUSIONS)}")
        self.index = index
        self.fusion = fusion
        self.candidates = candidates
        self.reranker = reranker
        self.weights = {k: dict(v) for k, v in (weights or fusion_table()).items()}
        self._mergers = mergers
        self._vectors: dict[str, Any] = {}
        # Question vectors being computed by :meth:`prefetch`, by text.
        self._pending: dict[str, Future[Any]] = {}
        self._pending_lock = threading.Lock()
        _RETRIEVERS.add(self)

    def with_weights(self, weights: Mapping[str, Mapping[str, float]]) -> HybridRetriever:
        """The same retriever (index, remembered question vectors) fusing with ``weights``
        for the languages they name (a fold's fitted weights in cross-validation)."""
        import copy

        other = copy.copy(self)
        other.weights = {**self.weights, **{k: dict(v) for k, v in weights.items()}}
        return other

    def ranked_lists(
        self,
        query: Query,
        k: int,
        where: Where | None = None,
        meanwhile: Callable[[dict[str, list[Scored]]], None] | None = None,
    ) -> dict[str, list[Scored]]:
        """The ranked list of each retriever. ``meanwhile`` is given the BM25 lists before
        the dense search, which may still wait for the question's vector (:meth:`prefetch`)."""
        text, sparse = query.search_text, query.sparse_text
        # BM25 first: a prefetched question vector is still being computed meanwhile.
        bm25 = self.index.sparse_search(sparse, k, "segmented", where)
        unaccented = self.index.sparse_search(sparse, k, "unaccented", where)
        if meanwhile is not None:
            meanwhile({"bm25": bm25, "bm25_unaccented": unaccented})
        return {
            "dense": self.index.dense_search(self.query_vector(text), k, where),
            "bm25": bm25,
            "bm25_unaccented": unaccented,
        }

    def query_vector(self, text: str) -> Any:
        """The encoder's vector for a question, remembered: embedding is most of a query's
        time, and a comparison or a repeated question asks for the same text again. A
        vector :meth:`prefetch` is computing is waited for (or, not yet begun, computed
        here), never computed twice."""
        vector = self._vectors.get(text)
        if vector is None:
            with self._pending_lock:
                future = self._pending.pop(text, None)
            if future is not None and not future.cancel():
                vector = future.result()
            else:
                vector = self.index.embed_query(text)
            with self._pending_lock:
                if len(self._vectors) >= 1024:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[text] = vector
        return vector

    def prefetch(self, text: str) -> bool:
        """Begin embedding ``text`` on a helper thread, when a core is free for it, and
        return at once. Embedding is most of a question's time and holds no GIL (the engine
        is C behind ctypes), so the asking thread reads the question and runs both BM25
        searches (word segmentation included, ~2 ms) meanwhile; :meth:`query_vector` then
        takes the vector, the one the asking thread would compute (one OpenMP thread
        either way). True when the helper is embedding it now (or it is known already);
        False when it is not: every helper busy with other questions, a process with one
        usable core (:func:`_spare_core`), or a helper slow to start (:meth:`query_vector`
        then embeds it here if it still has not started). The caller decides whether a
        core is free of its own work (``Pipeline.ask``: only a question alone in flight)."""
        started = threading.Event()

        def embed() -> Any:
            started.set()
            return self.index.embed_query(text)

        with self._pending_lock:
            if text in self._vectors or text in self._pending:
                return True
            if not _spare_core() or not _POOL_SLOTS.acquire(blocking=False):
                return False
            if len(self._pending) >= _PENDING:
                # Prefetched texts nobody asked for (a follow-up read differently).
                self._pending.pop(next(iter(self._pending))).cancel()
            future = self._pending[text] = _embedding_pool().submit(embed)
            # Done or cancelled, the helper is free again.
            future.add_done_callback(lambda _f: _POOL_SLOTS.release())
        # Until the helper is in the engine this thread keeps the GIL, and a thread waiting
        # for it is let in only after the switch interval (5 ms): so wait for it here.
        return started.wait(_HANDOFF_S)

    def vector_ready(self, text: str) -> bool:
        """Whether the vector of ``text`` is known or being computed no longer."""
        if text in self._vectors:
            return True
        future = self._pending.get(text)
        return future is None or future.done()

    def forget_questions(self) -> None:
        """Drop the remembered question vectors and word segmentations (benchmarks time
        questions as first seen)."""
        from ingest.nlp import segment_question
        from qa.document import asked_fields
        from qa.roles import asked_role

        segment_question.cache_clear()
        asked_fields.cache_clear()
        asked_role.cache_clear()
        with self._pending_lock:
            self._vectors.clear()
            for future in self._pending.values():
                future.cancel()
            self._pending.clear()

    @property
    def mergers(self) -> MergerTable:
        """The index's reports by province for the merger rules (``qa.merged``): the
        pipeline's, made once per index, else made here at first need (a retriever of its
        own never changes index)."""
        if self._mergers is None:
            self._mergers = MergerTable.of(self.index.reports)
        return self._mergers

    def where(self, query: Query, filters: Filters | None = None) -> Where | None:
        """The caller's limits narrowed to the provinces the question names."""
        filters = filters or Filters()
        if query.allowed_provinces:
            allowed = frozenset(query.allowed_provinces)
            provinces = filters.provinces & allowed if filters.provinces else allowed
            reports = filters.reports
            mergers = self.mergers
            before = mergers.merged_before(query)
            if before:
                # A member's report from before the merger answers nothing about the
                # merged province the question names (qa.merged).
                kept = {f for f in mergers.of_provinces(provinces) if f not in before}
                reports = frozenset(reports & kept if reports else kept) or frozenset({"\x00none"})
            filters = Filters(provinces or frozenset({"\x00none"}), reports)
        where = filters.where()
        return None if where.empty else where

    def date_factors(self, query: Query, chunk_ids: Sequence[str]) -> dict[str, float]:
        """How much each chunk's score is nudged for holding the asked date (empty: none)."""
        if not any(d.granularity in {"day", "month"} for d in query.dates):
            return {}
        dates = self.index.dates_of(list(chunk_ids))
        return {cid: _date_factor(dates[cid], query) for cid in chunk_ids}

    def fuse(
        self,
        query: Query,
        ranked: Mapping[str, Sequence[tuple[str, float]]],
        factors: Mapping[str, float] | None = None,
        weights: Mapping[str, Mapping[str, float]] | None = None,
    ) -> tuple[dict[str, float], list[str]]:
        """The fused score of every listed chunk and the chunks best first (ties by chunk
        id: the same order from every store). ``factors`` are the date nudges
        (:meth:`date_factors`, looked up when None); ``weights`` replace this retriever's
        table (``eval/fit_fusion.py`` tries weights on the same lists)."""
        chosen = weights_for(query, weights or self.weights)
        fused = FUSIONS[self.fusion]({k: list(v) for k, v in ranked.items()}, chosen)
        if factors is None:
            factors = self.date_factors(query, list(fused))
        for cid, factor in factors.items():
            if cid in fused:
                fused[cid] *= factor
        return fused, sorted(fused, key=lambda c: (-fused[c], c))

    def retrieve(
        self,
        query: Query,
        k: int = 5,
        filters: Filters | None = None,
        meanwhile: Callable[[dict[str, list[Scored]]], None] | None = None,
    ) -> list[Hit]:
        """The best ``k`` chunks, fused; ``meanwhile`` as in :meth:`ranked_lists`."""
        where = self.where(query, filters)
        ranked = self.ranked_lists(query, max(self.candidates, k), where, meanwhile)
        fused, order = self.fuse(query, ranked)
        if self.reranker is not None:
            order = self._rerank(query, order[: max(20, k)])
        top = order[:k]
        per = {name: dict(hits) for name, hits in ranked.items()}
        return [
            Hit(
                chunk,
                fused[chunk.chunk_id],
                rank,
                {
                    name: float(per[name][chunk.chunk_id])
                    for name in per
                    if chunk.chunk_id in per[name]
                },
            )
            for rank, chunk in enumerate(self.index.get_chunks(top), start=1)
        ]

    def _rerank(self, query: Query, order: list[str]) -> list[str]:
        pairs = [(query.text, c.clean) for c in self.index.get_chunks(order)]
        scores = self.reranker.predict(pairs)
        return [c for _, c in sorted(zip(scores, order, strict=True), key=lambda t: -float(t[0]))]


# Prefetched question vectors not yet taken, at most (each is one question's embedding).
_PENDING = 64
_POOL: tuple[int, ThreadPoolExecutor] | None = None
_POOL_LOCK = threading.Lock()
_POOL_SIZE = usable_cores()
# Helpers free to take a prefetch: with all of them busy a question is embedded inline.
_POOL_SLOTS = threading.BoundedSemaphore(_POOL_SIZE)
# How long the asking thread waits for a helper to begin (a free core takes ~0.1 ms).
_HANDOFF_S = 0.002


# Every retriever, so that a forked child can forget the prefetches of its parent.
_RETRIEVERS: weakref.WeakSet[HybridRetriever] = weakref.WeakSet()


def _forget_parent_prefetches() -> None:
    """In a forked child the parent's helper threads do not exist: a prefetch they were
    running would never finish (its question would wait for it for ever) and the helper
    permits it held would never come back. The child starts with none."""
    global _POOL_SLOTS
    _POOL_SLOTS = threading.BoundedSemaphore(_POOL_SIZE)
    for retriever in list(_RETRIEVERS):
        retriever._pending = {}
        retriever._pending_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parent_prefetches)


def _spare_core() -> bool:
    """Whether this process has a second core for a helper: its affinity and its cgroup's
    CPU quota (``hoidap.cores``), fixed for the process. Whether that core is free of this
    process's own work is the caller's part (``Pipeline.ask`` hands a question to a
    helper only while it is the only one in flight). The machine's load average is not
    read: it lags by a minute, other people's jobs move it (two runs of one benchmark gave
    the helper to one scale's questions and not to the other's), and in a CPU-quota
    container it counts the host's cores, not the ones this process may use."""
    return _POOL_SIZE >= 2


def _embedding_pool() -> ThreadPoolExecutor:
    """The threads that embed prefetched questions, one per core (as many embeddings run
    at once as the encoder allows); made again in a forked child, whose copy has none."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None or _POOL[0] != os.getpid():
            _POOL = (os.getpid(), ThreadPoolExecutor(_POOL_SIZE, thread_name_prefix="hoidap-query"))
        return _POOL[1]


def _date_factor(written: list[DateSpan], query: Query) -> float:
    asked = [d for d in query.dates if d.granularity in {"day", "month"}]
    if not asked:
        return 1.0
    if any(d.granularity == "day" and (d.first, d.first, "day") in written for d in asked):
        return DATE_BOOST
    if any(_overlaps(d.first, d.last, written) for d in asked):
        return DATE_MONTH_BOOST
    return 1.0


def _overlaps(
    first: dt.date, last: dt.date, written: Iterable[tuple[dt.date, dt.date, str]]
) -> bool:
    return any(a <= last and first <= b and g in {"day", "month"} for a, b, g in written)
