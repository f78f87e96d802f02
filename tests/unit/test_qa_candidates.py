"""Candidate features that tell a figure from its neighbours and a document's wording from
its letterhead (qa/candidates.py)."""

from __future__ import annotations

from hoidap.types import Hit
from qa.answer import Answerer, TermWeights
from qa.candidates import FEATURES, candidates, clause, document_kind
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

TARGETS = make_chunk(
    "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học "
    "công nghệ; tỷ trọng kinh tế số đạt 34,86% GRDP.",
    path=("II. MỤC TIÊU",),
    line_start=12,
)
LETTERHEAD = make_chunk("Bắc Ninh, ngày 20 tháng 11 năm 2025", line_start=3, ordinal=0)


def test_a_figure_clause_ends_at_a_comma_and_space_not_at_a_decimal_comma() -> None:
    quote = TARGETS.text
    at = quote.index("50 doanh")
    assert clause(quote, at, at + 2) == "50 doanh nghiệp khoa học công nghệ"
    at = quote.index("100")
    assert clause(quote, at, at + 3) == "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo"
    at = quote.index("34,86")
    assert clause(quote, at, at + 6) == " tỷ trọng kinh tế số đạt 34,86% GRDP."


def test_the_figure_whose_own_clause_speaks_to_the_question_leads_its_sentence() -> None:
    answerer = Answerer(TermWeights([TARGETS, LETTERHEAD]))
    q = understand("Có bao nhiêu doanh nghiệp khởi nghiệp sáng tạo được hình thành?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(TARGETS, 1.0, 1)]), answerer.sharer(q))
    by_figure = {c.figure.text: c.features for c in cands if c.figure is not None}
    assert by_figure["100"]["clause_in_sentence"] == 0.0
    assert by_figure["50"]["clause_in_sentence"] < 0.0
    assert by_figure["100"]["clause_coverage"] > by_figure["50"]["clause_coverage"]
    # The sentence's own share is the same for both of its figures.
    assert by_figure["100"]["sentence_coverage"] == by_figure["50"]["sentence_coverage"] > 0
    assert all(set(c.features) <= set(FEATURES) for c in cands)


def test_letterhead_lines_and_document_kinds_are_features() -> None:
    answerer = Answerer(TermWeights([TARGETS, LETTERHEAD]))
    q = understand("Kế hoạch của Bắc Ninh được ban hành ngày nào?")
    ranked = answerer.rank_sentences(q, [Hit(LETTERHEAD, 1.0, 1), Hit(TARGETS, 0.5, 2)])
    cands = candidates(q, ranked, answerer.sharer(q))
    marked = {c.scored.sentence.quote: c.features.get("letterhead", 0.0) for c in cands}
    assert marked["Bắc Ninh, ngày 20 tháng 11 năm 2025"] == 1.0
    assert all(v == 0.0 for quote, v in marked.items() if "doanh nghiệp" in quote)
    assert document_kind("Báo cáo kết quả 02 năm phòng, chống dịch") == {"document_report": 1.0}
    assert document_kind("Quyết định ban hành Kế hoạch triển khai") == {"document_plan": 1.0}
    assert document_kind("Quyết định quy định việc sử dụng kinh phí") == {
        "document_decision": 1.0
    }
    assert document_kind("Thông báo kết luận") == {}
