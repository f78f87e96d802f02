"""Fusion and filters of the hybrid retriever."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hoidap.types import Chunk
from qa.query import Query, understand
from qa.retrieve import (
    WEIGHTS,
    Filters,
    HybridRetriever,
    fuse_rrf,
    fuse_scores,
    fusion_table,
    weights_for,
)
from tests.unit.qa_fakes import SOC_TRANG, WordIndex, make_chunk


def test_rrf_rewards_agreement() -> None:
    ranked = {"dense": [(1, 0.9), (2, 0.8)], "bm25": [(2, 12.0), (3, 11.0)]}
    fused = fuse_rrf(ranked, {"dense": 1.0, "bm25": 1.0})
    assert max(fused, key=lambda p: fused[p]) == 2
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)


def test_rrf_weights_scale_a_list() -> None:
    ranked = {"dense": [(1, 0.9)], "bm25": [(2, 12.0)]}
    fused = fuse_rrf(ranked, {"dense": 1.0, "bm25": 0.2})
    assert fused[1] > fused[2]


def test_score_fusion_normalises_each_list() -> None:
    ranked = {"dense": [(1, 0.9), (2, 0.1)], "bm25": [(2, 30.0), (1, 10.0)]}
    fused = fuse_scores(ranked, {"dense": 1.0, "bm25": 1.0})
    assert fused[1] == pytest.approx(1.0) and fused[2] == pytest.approx(1.0)
    assert fuse_scores({"dense": []}, {}) == {}


def test_filters() -> None:
    ca_mau = make_chunk("Cà Mau tiêm 859.463 người")
    soc_trang = make_chunk("Sóc Trăng tiêm", source=SOC_TRANG, province="Sóc Trăng")
    only_ca_mau = Filters(frozenset({"Cà Mau"}))
    assert only_ca_mau.allows(ca_mau) and not only_ca_mau.allows(soc_trang)
    by_report = Filters(reports=frozenset({SOC_TRANG}))
    assert by_report.allows(soc_trang) and not by_report.allows(ca_mau)
    assert Filters().allows(ca_mau)


def _english(question: str) -> Query:
    query = understand(question)
    assert query.language == "en"
    return query


def test_english_bm25_counts_as_much_as_the_glossary_covers() -> None:
    table = {
        "vi": {"dense": 1.0, "bm25": 1.0, "bm25_unaccented": 0.7},
        "en": {"dense": 1.0, "bm25": 0.8, "bm25_unaccented": 0.4, "gloss_power": 1.0},
    }
    query = replace(_english("How many people were vaccinated in Cà Mau?"), gloss_share=0.25)
    weights = weights_for(query, table)
    assert weights == pytest.approx({"dense": 1.0, "bm25": 0.2, "bm25_unaccented": 0.1})
    # Without a gloss power, or for a Vietnamese question, the table is used as it is.
    flat = {**table, "en": {"dense": 1.0, "bm25": 0.8, "bm25_unaccented": 0.4}}
    assert weights_for(query, flat) == pytest.approx(flat["en"])
    assert weights_for(understand("Cà Mau tiêm bao nhiêu người?"), table) == table["vi"]


def test_the_shipped_fusion_table_names_english_weights() -> None:
    table = fusion_table()
    assert set(table) >= {"vi", "vi-noaccent", "en"}
    assert table["vi"] == WEIGHTS["vi"]
    assert {"dense", "bm25", "bm25_unaccented"} <= set(table["en"])


class _ChunkIndex(WordIndex):
    """The word-overlap index answering by chunk id, as a store does."""

    def dense_search(self, query: Any, k: int, where: Any = None) -> list[tuple[str, float]]:
        return [(self.chunks[i].chunk_id, s * 0.1) for i, s in self._search(str(query), k)]

    def sparse_search(
        self, query: str, k: int, field: str = "segmented", where: Any = None
    ) -> list[tuple[str, float]]:
        return [(self.chunks[i].chunk_id, s) for i, s in self._search(query, k)]

    def get_chunks(self, ids: Any) -> list[Chunk]:
        by_id = {c.chunk_id: c for c in self.chunks}
        return [by_id[i] for i in ids]

    def dates_of(self, ids: Any) -> dict[str, list[Any]]:
        return {i: [] for i in ids}


def _retriever() -> HybridRetriever:
    chunks = [
        make_chunk("Cà Mau tiêm vắc xin cho 859.463 người", ordinal=0),
        make_chunk("Cà Mau xây dựng trạm 5G tại khu công nghiệp", ordinal=1),
        make_chunk("Cà Mau tổ chức hội nghị tuyên truyền về tiêm", ordinal=2),
    ]
    return HybridRetriever(_ChunkIndex(chunks), fusion="score")


def test_other_weights_leave_the_retriever_as_it_was() -> None:
    retriever = _retriever()
    before = {k: dict(v) for k, v in retriever.weights.items()}
    other = retriever.with_weights({"en": {"dense": 1.0, "bm25": 0.0, "bm25_unaccented": 0.0}})
    assert retriever.weights == before
    assert other.weights["en"]["bm25"] == 0.0 and other.weights["vi"] == before["vi"]
    assert other.index is retriever.index


def test_fuse_orders_as_retrieve_does() -> None:
    retriever = _retriever()
    query = understand("Cà Mau tiêm vắc xin cho bao nhiêu người?")
    ranked = retriever.ranked_lists(query, 10, retriever.where(query))
    _, order = retriever.fuse(query, ranked)
    hits = retriever.retrieve(query, k=3)
    assert [h.chunk.chunk_id for h in hits] == order[:3]


def test_the_fitted_weights_are_the_grid_point_that_finds_the_evidence() -> None:
    from eval.fit_fusion import GRID, Sample, fit_weights, score

    retriever = _retriever()
    query = replace(_english("How many people were vaccinated in Cà Mau?"), gloss_share=0.0)
    ids = [c.chunk_id for c in retriever.index.chunks]
    # BM25 puts a wrong chunk first by far; dense puts the evidence just ahead of it, so
    # only weights that silence BM25 for an unglossed question find it first.
    ranked = {
        "dense": [(ids[0], 0.9), (ids[2], 0.85), (ids[1], 0.1)],
        "bm25": [(ids[2], 30.0), (ids[1], 29.0), (ids[0], 1.0)],
        "bm25_unaccented": [(ids[2], 30.0), (ids[1], 29.0), (ids[0], 1.0)],
    }
    samples = [Sample(query, ranked, {}, frozenset({ids[0]}))]
    fitted = fit_weights(retriever, samples)
    chosen = fitted["weights"]["en"]
    assert chosen in GRID and chosen["gloss_power"] > 0
    assert score(retriever, samples, chosen) == (1.0, 1.0)
    assert fitted["fitted_on"] == {"questions": 1, "hit5": 1.0, "mrr10": 1.0}
