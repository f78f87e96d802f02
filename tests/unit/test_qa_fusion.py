"""Fusion and filters of the hybrid retriever."""

from __future__ import annotations

import pytest

from qa.retrieve import Filters, fuse_rrf, fuse_scores
from tests.unit.qa_fakes import SOC_TRANG, make_chunk


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
