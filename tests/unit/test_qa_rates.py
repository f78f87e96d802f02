"""A cue of the 2025 plans the learned scorer reads: a figure per period ("đồng/năm",
"đợt/tháng") answers a question per that period, not one about the total or another period."""

from __future__ import annotations

from hoidap.text import find_numbers, fold
from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import FEATURES, candidates
from qa.coverage import TermWeights
from qa.query import understand
from qa.rates import ANY, asked_period, figure_period, rate_features
from tests.unit.qa_fakes import make_chunk


def test_a_figure_per_period_and_the_asked_period() -> None:
    quote = "Dự toán 2026 - 2030: 1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng."
    periods = {m.text: figure_period(quote, m.start, m.end) for m in find_numbers(quote)}
    assert periods["1.500.000.000"] == "nam"
    assert periods["05"] == "" and periods["7.500.000.000"] == ""
    quote = "tần suất quan trắc 04 đợt/tháng (26 đợt/năm)."
    assert [figure_period(quote, m.start, m.end) for m in find_numbers(quote)] == ["thang", "nam"]
    assert asked_period(fold("Được quan trắc bao nhiêu đợt mỗi năm?")) == "nam"
    assert asked_period(fold("What does the SMS service cost per year?")) == "nam"
    assert asked_period(fold("Công suất xét nghiệm bao nhiêu mẫu 1 ngày?")) == "ngay"
    assert asked_period(fold("Tần suất quan trắc nước cấp là bao nhiêu?")) == ANY
    assert asked_period(fold("Tổng kinh phí cả giai đoạn là bao nhiêu?")) == ""
    assert rate_features("nam", quote, 19, 21) == {"rate_conflict": 1.0}  # 04 đợt/tháng
    # The period word must follow a whole connector word: "ca" is not "a", "của" not "a".
    for text in ("52 ca ngày 20/11", "5 xã năm nay", "30 tỷ đồng nợ của năm 2024", "4 và tháng 9"):
        m = find_numbers(text)[0]
        assert figure_period(text, m.start, m.end) == "", text
    assert figure_period("1,500 a year", 0, 5) == "nam"
    assert rate_features(ANY, quote, 19, 21) == {"rate_match": 1.0}


BUDGET = make_chunk(
    "Dự toán kinh phí quan trắc giai đoạn 2026 - 2030: 1.500.000.000 đồng/năm x 05 năm = "
    "7.500.000.000 đồng.",
    path=("III. DỰ TOÁN KINH PHÍ",),
    line_start=190,
)


def test_candidates_say_whether_their_figure_is_per_the_asked_period() -> None:
    assert {"rate_match", "rate_conflict"} <= set(FEATURES)
    answerer = Answerer(TermWeights([BUDGET]))
    q = understand("Tổng kinh phí quan trắc giai đoạn 2026 - 2030 là bao nhiêu?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(BUDGET, 1.0, 1)]))
    by_figure = {c.figure.text: c.features for c in cands if c.figure is not None}
    assert by_figure["1.500.000.000"].get("rate_conflict") == 1.0
    assert not by_figure["7.500.000.000"].get("rate_conflict")
    q = understand("Kinh phí quan trắc mỗi năm là bao nhiêu?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(BUDGET, 1.0, 1)]))
    by_figure = {c.figure.text: c.features for c in cands if c.figure is not None}
    assert by_figure["1.500.000.000"].get("rate_match") == 1.0
