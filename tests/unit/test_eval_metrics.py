"""Every eval metric on hand-built values, with the cases that would catch it being wrong."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from eval.metrics import (
    EvidenceSpan,
    aggregate,
    alias_found,
    alias_recall,
    answer_correct,
    answer_lead,
    answer_verdict,
    asked_figures,
    bootstrap_interval,
    breakdown,
    chunk_matches,
    citation_matches,
    contains_words,
    first_relevant_rank,
    hit_at,
    mrr_at_k,
    ndcg_at_k,
    parse_alias,
    percentile,
    quote_overlaps,
    recall_at_k,
    reciprocal_rank,
    retrieval_verdict,
    strict_lead,
)
from hoidap.types import Answer
from tests.unit.eval_fakes import EVIDENCE, REPORT, TEXT, answer, chunk, citation, hit

START = TEXT.index(EVIDENCE)
SPAN = EvidenceSpan(REPORT, START, START + len(EVIDENCE), 3, 3, EVIDENCE)

# ------------------------------------------------------------------------ retrieval


def test_chunk_must_overlap_the_evidence_span() -> None:
    assert chunk_matches(chunk(REPORT, START - 10, START + 5), [SPAN])
    assert chunk_matches(chunk(REPORT, SPAN.char_end - 1, SPAN.char_end + 50), [SPAN])
    # Touching ends share no character: half-open spans.
    assert not chunk_matches(chunk(REPORT, 0, START), [SPAN])
    assert not chunk_matches(chunk(REPORT, SPAN.char_end, SPAN.char_end + 100), [SPAN])


def test_chunk_from_another_report_never_matches() -> None:
    assert not chunk_matches(chunk("002_other.txt", START, SPAN.char_end), [SPAN])


def test_rank_hits_and_mrr() -> None:
    miss = chunk(REPORT, 0, 10)
    good = chunk(REPORT, START, SPAN.char_end)
    hits = [hit(miss, 1), hit(miss, 2), hit(good, 3)]
    assert first_relevant_rank(hits, [SPAN]) == 3
    assert retrieval_verdict(hits, [SPAN]) == {"rank": 3, "hit1": 0.0, "hit5": 1.0, "rr10": 1 / 3}
    assert first_relevant_rank([hit(miss, 1)], [SPAN]) is None
    assert (hit_at(1, 1), hit_at(2, 1), hit_at(5, 5), hit_at(6, 5), hit_at(None, 5)) == (
        1.0,
        0.0,
        1.0,
        0.0,
        0.0,
    )
    assert reciprocal_rank(4) == 0.25
    assert reciprocal_rank(11, k=10) == 0.0
    assert reciprocal_rank(None) == 0.0


def test_ir_metrics_against_hand_computed_values() -> None:
    ranked = ["d3", "d1", "d7", "d2"]
    assert recall_at_k(ranked, {"d1", "d2"}, 2) == 0.5
    assert recall_at_k(ranked, {"d1", "d2"}, 4) == 1.0
    assert recall_at_k(ranked, set(), 4) == 0.0
    assert mrr_at_k(ranked, {"d7"}, 10) == pytest.approx(1 / 3)
    assert mrr_at_k(ranked, {"d2"}, 3) == 0.0
    # One relevant doc at rank 2: DCG = 1/log2(3), ideal = 1.
    assert ndcg_at_k(ranked, {"d1"}, 10) == pytest.approx(1 / math.log2(3))
    # Two relevant at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3).
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(ranked, {"d1", "d2"}, 10) == pytest.approx(expected)
    assert ndcg_at_k(["d1"], {"d1"}, 10) == 1.0
    assert ndcg_at_k(ranked, {"zz"}, 10) == 0.0


# -------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("alias", "kind", "value"),
    [
        ("859463", "number", 859463.0),
        ("859.463", "number", 859463.0),  # a report form: dot groups thousands
        ("231.74", "number", 231.74),  # a normalised decimal
        ("74.8%", "number", 74.8),
        ("74,8%", "number", 74.8),
        ("10,3 tỷ", "number", 10.3e9),
        ("2.413.971.000.000", "number", 2413971000000.0),
        ("22 trường hợp", "number", 22.0),
        ("109/162", "text", None),
        ("Cà Mau", "text", None),
    ],
)
def test_parse_alias_numbers(alias: str, kind: str, value: float | None) -> None:
    form = parse_alias(alias)
    assert form.kind == kind
    if value is not None:
        assert form.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("alias", "first", "granularity"),
    [
        ("2021-11-16", dt.date(2021, 11, 16), "day"),
        ("16/11/2021", dt.date(2021, 11, 16), "day"),
        ("ngày 13 tháng 5 năm 2022", dt.date(2022, 5, 13), "day"),
        ("2022-09", dt.date(2022, 9, 1), "month"),
        ("9/2022", dt.date(2022, 9, 1), "month"),
        ("quý I/2022", dt.date(2022, 1, 1), "quarter"),
    ],
)
def test_parse_alias_dates(alias: str, first: dt.date, granularity: str) -> None:
    form = parse_alias(alias)
    assert (form.kind, form.first, form.granularity) == ("date", first, granularity)


def test_numbers_compare_as_values_not_strings() -> None:
    assert alias_found("859463", "Đã tiêm cho 859.463 người [1].")
    assert alias_found("859.463", "đã tiêm 859463 người")
    assert alias_found("2413971000000", "tổng kinh phí 2.413.971.000.000 đồng")
    assert not alias_found("859463", "Đã tiêm cho 859.464 người")
    # A substring of a bigger figure is not the figure.
    assert not alias_found("859", "Đã tiêm cho 859.463 người")
    assert not alias_found("2519", "ghi nhận 12.519 ca")


def test_percent_alias_needs_a_percent() -> None:
    assert alias_found("74.8%", "chiếm tỷ lệ 74,8% dân số")
    assert alias_found("74.8%", "chiếm 74,8 % dân số")
    assert not alias_found("74.8%", "74,8 người")
    assert not alias_found("74.8%", "chiếm tỷ lệ 74,9% dân số")


def test_unit_alias_needs_its_unit_and_whole_number() -> None:
    assert alias_found("22 trường hợp", "có 22 trường hợp tử vong")
    assert alias_found("04 trường hợp", "ghi nhận 4 trường hợp")
    assert not alias_found("22 trường hợp", "có 22 giường bệnh")
    assert not alias_found("22 ca", "có 122 ca")


def test_scaled_figures() -> None:
    assert alias_found("10.3 tỷ", "khoảng 10,3 tỷ đồng")
    assert alias_found("10300000000", "khoảng 10,3 tỷ đồng")
    assert not alias_found("10.3 tỷ", "khoảng 10,3 triệu đồng")
    # The figure as written before its scale word: the gold "856786" (million đồng).
    assert alias_found("856786", "Kinh phí đã sử dụng: 856.786 triệu đồng")
    assert not alias_found("856787", "Kinh phí đã sử dụng: 856.786 triệu đồng")


def test_dates_compare_as_days() -> None:
    assert alias_found("2021-11-16", "đến hết ngày 16/11/2021")
    assert alias_found("2021-11-16", "đến ngày 16 tháng 11 năm 2021")
    # The year is implicit in a quoted "ngày 16/11": the alias supplies it.
    assert alias_found("2021-11-16", "tính đến ngày 16/11")
    assert not alias_found("2021-11-16", "đến hết ngày 17/11/2021")
    assert not alias_found("2021-11-16", "đến hết ngày 16/11/2022")
    # A date's digits are not a figure: "16" alone does not make the day.
    assert not alias_found("2021-11-16", "có 16 ca, 11 xã")
    assert alias_found("2022-09", "trước tháng 9/2022")
    assert not alias_found("2022-09", "trước tháng 10/2022")
    assert alias_found("quý I/2022", "đến hết quý I năm 2022")


def test_figure_glued_to_its_unit() -> None:
    assert alias_found("231.74", "tổng chiều dài 231,74km đường biên giới")
    assert alias_found("231,74", "dài 231,74km")
    assert not alias_found("231.75", "dài 231,74km")
    # Codes are still not figures.
    assert not alias_found("19", "dịch COVID-19 và F0")
    assert not alias_found("0", "số F0 tăng")


def test_markdown_in_the_answer_is_ignored() -> None:
    assert alias_found("2022-05-13", "Trà Vinh, ngày **13** tháng **5** năm 2022")
    assert alias_found("859463", "tiêm cho **859.463** người")


def test_bare_year_alias_matches_a_written_year() -> None:
    assert alias_found("2022", "trong năm 2022")
    assert not alias_found("2022", "trong năm 2023")


def test_text_aliases_are_folded_whole_words() -> None:
    assert alias_found("Cà Mau", "tinh CA MAU da tiem")
    assert alias_found("Sở Y tế", "giao **Sở Y tế** chủ trì")
    assert not alias_found("Sở Y", "giao Sở Ytế")
    assert alias_found("Bệnh viện 30/4", "tại Bệnh viện 30/4 tỉnh")
    # Folding is loose on purpose: an unaccented answer still names the district.
    assert alias_found("Kế Sách", "huyen ke sach")
    assert contains_words("ca mau.", "ca mau")
    assert not contains_words("camau", "ca mau")
    assert not contains_words("x", "")


def test_english_question_reads_english_figures() -> None:
    assert alias_found("859463", "859,463 people were vaccinated", lang="en")
    assert not alias_found("859463", "859,463 people were vaccinated", lang="vi")


# -------------------------------------------------------------------------- answers


def test_any_alias_is_enough_outside_comparisons() -> None:
    assert answer_correct(["2519", "2.519"], "ghi nhận 2.519 ca", "number")
    assert answer_correct(["AstraZeneca", "Pfizer"], "vắc xin Pfizer", "list")
    assert not answer_correct(["2519"], "ghi nhận 2.518 ca", "number")
    assert not answer_correct([], "anything", "number")


def test_comparison_needs_every_figure_once() -> None:
    aliases = ["4923", "425"]
    assert answer_correct(aliases, "Cà Mau 4.923 ca, Lạng Sơn 425 ca", "comparison")
    assert not answer_correct(aliases, "Cà Mau 4.923 ca nhiều hơn", "comparison")
    # Two spellings of one figure are one figure, not two to find.
    assert answer_correct(["48.76%", "48,76%"], "Sóc Trăng 48,76%", "comparison")
    # Text aliases do not decide a comparison that has figures...
    assert answer_correct(["Trà Vinh sớm hơn", "13/5/2022"], "ngày 13/5/2022", "comparison")
    # ...but do when it has none.
    assert answer_correct(["Trà Vinh"], "Trà Vinh sớm hơn", "comparison")
    assert not answer_correct(["Trà Vinh"], "Sóc Trăng sớm hơn", "comparison")


def test_lead_is_what_is_read_first() -> None:
    text = "700 giường — xây dựng bệnh viện 500 giường (cũ) [1]"
    assert answer_lead(text) == "700 giường"
    assert answer_correct(["500 giường"], text, "number")
    assert not answer_correct(["500 giường"], answer_lead(text), "number")
    both = "Sóc Trăng: 1.706 trường hợp — xử lý [1]\nCà Mau: 7.114 trường hợp — xử phạt [2]"
    assert answer_lead(both) == "Sóc Trăng: 1.706 trường hợp\nCà Mau: 7.114 trường hợp"
    assert answer_lead("Không tìm thấy thông tin.") == "Không tìm thấy thông tin."
    v = answer_verdict(answer(text), ["500 giường"], "number", [SPAN])
    assert (v["answer_accuracy"], v["lead_accuracy"]) == (1.0, 0.0)


def test_alias_recall_counts_distinct_facts() -> None:
    aliases = ["Trần Đề", "Tran De", "Vĩnh Châu", "Vinh Chau"]
    assert alias_recall(aliases, "huyện Trần Đề") == 0.5
    assert alias_recall(aliases, "Trần Đề và Vĩnh Châu") == 1.0
    assert alias_recall([], "x") == 0.0


# ------------------------------------------------------------------------ citations


def test_quote_overlap_needs_a_substantial_shared_run() -> None:
    assert quote_overlaps("đã tổ chức tiêm vắc xin cho 859.463 người", EVIDENCE)
    # The quote comes from the Markdown-free text; the evidence may carry emphasis.
    assert quote_overlaps("tiêm vắc xin cho 859.463 người", "tiêm vắc xin cho **859.463 người**")
    assert quote_overlaps("CHIẾM TỶ LỆ 74,8% DÂN SỐ", "chiếm tỷ lệ 74,8% dân số")
    # Two sentences that share a stock phrase are two places, not one.
    other = "Ngày 20/11/2021, tỉnh Cà Mau đã tổ chức họp báo về tình hình dịch bệnh trên địa bàn"
    assert not quote_overlaps(other, EVIDENCE)
    # Overlapping sentence spans: the shared clause is long enough.
    assert quote_overlaps(EVIDENCE[30:] + ". Ghi nhận 4.923 trường hợp dương tính.", EVIDENCE)
    assert not quote_overlaps("x", EVIDENCE)
    assert not quote_overlaps("", EVIDENCE)


def test_citation_by_lines_or_by_quote_but_in_the_right_report() -> None:
    assert citation_matches(citation(REPORT, (2, 4), "không liên quan"), [SPAN])
    assert citation_matches(citation(REPORT, (40, 41), EVIDENCE), [SPAN])
    assert not citation_matches(citation(REPORT, (4, 5), "Ghi nhận 4.923 trường hợp"), [SPAN])
    assert not citation_matches(citation("002_other.txt", (3, 3), EVIDENCE), [SPAN])


def test_answer_verdict_answerable() -> None:
    right = answer("859.463 người [1]", (citation(REPORT, (3, 3), EVIDENCE),))
    v = answer_verdict(right, ["859463"], "number", [SPAN])
    assert v == {
        "correct": 1.0,
        "answer_accuracy": 1.0,
        "lead_accuracy": 1.0,
        "strict_lead": 1.0,
        "first_lead": 1.0,
        "alias_recall": 1.0,
        "false_abstention": 0.0,
        "coverage": 1.0,
        "precision": 1.0,
        "citation_correct": 1.0,
        "citation_precision": 1.0,
    }
    uncited = answer_verdict(answer("859.463 người"), ["859463"], "number", [SPAN])
    assert (uncited["answer_accuracy"], uncited["citation_correct"]) == (1.0, 0.0)
    two = answer(
        "859.463 người [1][2]", (citation(REPORT, (3, 3), EVIDENCE), citation(REPORT, (9, 9), "x"))
    )
    assert answer_verdict(two, ["859463"], "number", [SPAN])["citation_precision"] == 0.5


def test_answer_verdict_abstentions() -> None:
    # An abstention that happens to repeat the figure is still not an answer.
    abstain = answer("Không tìm thấy 859.463", abstained=True)
    v = answer_verdict(abstain, ["859463"], "number", [SPAN])
    assert (v["correct"], v["false_abstention"]) == (0.0, 1.0)
    assert "citation_correct" not in v
    assert answer_verdict(abstain, [], "unanswerable", []) == {
        "correct": 1.0,
        "abstention_accuracy": 1.0,
    }
    said = answer_verdict(answer("có 12 ca"), [], "unanswerable", [])
    assert said == {"correct": 0.0, "abstention_accuracy": 0.0, "precision": 0.0}
    trap = answer_verdict(answer("có 12 ca"), [], "unanswerable", [], trap="other-period")
    assert trap["abstention_trap"] == 0.0 and "abstention_plain" not in trap
    plain = answer_verdict(abstain, [], "unanswerable", [], trap="plain")
    assert plain["abstention_plain"] == 1.0 and "precision" not in plain


def test_first_lead_reads_an_abstention_closest_candidate_as_a_lead() -> None:
    # Ranking measured apart from the threshold: an abstention scores nothing on the strict
    # lead, but its closest candidate ("có thể là 859.463 người") is the first candidate.
    right = Answer("q", "Không tìm được …", abstained=True, closest_lead="859.463 người")
    other = Answer("q", "Không tìm được …", abstained=True, closest_lead="74,8%")
    none = Answer("q", "Không tìm được …", abstained=True)
    assert answer_verdict(right, ["859463"], "number", [SPAN])["strict_lead"] == 0.0
    assert answer_verdict(right, ["859463"], "number", [SPAN])["first_lead"] == 1.0
    assert answer_verdict(other, ["859463"], "number", [SPAN])["first_lead"] == 0.0
    assert answer_verdict(none, ["859463"], "number", [SPAN])["first_lead"] == 0.0
    # A name's lead ends at " — " in an asserted answer; the closest name is read alike.
    body = Answer("q", "Không tìm được …", abstained=True, closest_lead="Sở Y tế")
    assert answer_verdict(body, ["Sở Y tế"], "entity", [SPAN])["first_lead"] == 1.0
    # Kinds the strict lead does not read (lists, explanations) have no first lead either.
    assert answer_verdict(right, ["859463"], "list", [SPAN])["first_lead"] is None


# ------------------------------------------------------------------- strict lead


@pytest.mark.parametrize(
    ("alias", "text", "qtype", "lang", "expected"),
    [
        ("859463", "859.463 người — đã tiêm cho 859.463 người [1]", "number", "vi", 1.0),
        ("859.463", "859463 người — x", "number", "vi", 1.0),
        ("859,463", "859,463 people — x", "number", "en", 1.0),
        ("859463", "859,463 people — x", "number", "en", 1.0),
        # The figure is only in the quote: the official reads another one first.
        ("859463", "74,8% — đã tiêm cho 859.463 người, 74,8% dân số", "number", "vi", 0.0),
        ("859463", "4.923 trường hợp, 859.463 người — x", "number", "vi", 0.0),
        ("74.8%", "74,8% — x", "number", "vi", 1.0),
        ("74.8%", "74,8 người — x", "number", "vi", 0.0),
        ("17,4 tỷ", "khoảng 17,4 tỷ đồng — x", "number", "vi", 1.0),
        ("856786", "856.786 triệu đồng — x", "number", "vi", 1.0),
        ("2025-12-31", "ngày 31/12/2025 — trước ngày 31/12/2025 [1]", "date", "vi", 1.0),
        ("31/12/2025", "ngày 31 tháng 12 năm 2025 — x", "date", "vi", 1.0),
        ("2026-03", "31/03/2026 — x", "date", "vi", 1.0),
        ("2026-03", "năm 2026 — x", "date", "vi", 0.0),
        ("2030", "năm 2030 — x", "date", "vi", 1.0),
        ("2025-12-31", "ngày 30/11/2025 — đến 31/12/2025", "date", "vi", 0.0),
        ("Sở Y tế", "Sở Y tế chủ trì — x", "entity", "vi", 1.0),
        ("Sở Y tế", "UBND tỉnh — Sở Y tế phối hợp", "entity", "vi", 0.0),
    ],
)
def test_strict_lead(alias: str, text: str, qtype: str, lang: str, expected: float) -> None:
    assert strict_lead([alias, "other"], text, qtype, lang) == expected


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("Cà Mau có bao nhiêu máy xét nghiệm và công suất bao nhiêu mẫu mỗi ngày?", 2),
        ("ca mau co bao nhieu doi tuong, tong kinh phi bao nhieu?", 2),
        ("How many beds and how many doctors does Ca Mau have?", 2),
        ("Lạng Sơn có bao nhiêu smartphone cài PC-Covid, xếp thứ mấy cả nước?", 2),
        ("Cà Mau đã tiêm cho bao nhiêu người?", 1),
        ("ca mau co bao nhieu may xet nghiem?", 1),
        ("Ai ký quyết định?", 1),
    ],
)
def test_asked_figures_counts_the_asks(question: str, asked: int) -> None:
    assert asked_figures(question) == asked


def test_a_two_part_lead_is_right_when_either_part_is_the_gold() -> None:
    lead = "10 máy; 9.200 mẫu/ngày — có 10 máy với công suất 9.200 mẫu/ngày [1]"
    assert strict_lead(["9200"], lead, "number", asked=2) == 1.0
    assert strict_lead(["10 máy"], lead, "number", asked=2) == 1.0
    # Read as one ask, only the first figure counts.
    assert strict_lead(["9200"], lead, "number") == 0.0
    # The quote is not the lead, and a part's later figure is not its figure.
    assert strict_lead(["9200"], "10 máy; 12 giờ — 9.200 mẫu [1]", "number", asked=2) == 0.0
    assert strict_lead(["9200"], "10 máy, 9.200 mẫu — x [1]", "number", asked=2) == 0.0
    # No more parts than the question asks.
    assert strict_lead(["3"], "1 máy; 2 mẫu; 3 ca — x", "number", asked=2) == 0.0


def test_strict_lead_applies_to_single_answers_only() -> None:
    assert strict_lead(["859463"], "859.463 — x", "list") is None
    assert strict_lead(["859463"], "859.463 — x", "comparison") is None
    # An abstention asserts nothing: verdicts pass it an empty text.
    assert strict_lead(["859463"], "", "number") == 0.0


def test_bootstrap_interval_brackets_the_mean() -> None:
    values = [1.0] * 70 + [0.0] * 30
    interval = bootstrap_interval(values)
    assert interval is not None
    lo, hi = interval
    assert 0.58 < lo < 0.7 < hi < 0.8
    assert bootstrap_interval(values) == interval  # seeded
    assert bootstrap_interval([]) is None
    out = aggregate([{"strict_lead": v} for v in values])
    assert out["strict_lead_lo"] == lo and out["strict_lead_hi"] == hi


# ---------------------------------------------------------------------- aggregation


def test_percentile_interpolates() -> None:
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([1.0], 95) == 1.0
    assert percentile(list(map(float, range(1, 101))), 95) == pytest.approx(95.05)
    assert math.isnan(percentile([], 50))


def test_aggregate_skips_what_does_not_apply() -> None:
    verdicts = [
        {"hit1": 1.0, "correct": 1.0, "latency_ms": 10.0},
        {"hit1": 0.0, "correct": 0.0, "latency_ms": 30.0},
        {"correct": 1.0, "abstention_accuracy": 1.0, "latency_ms": 20.0},
    ]
    out = aggregate(verdicts)
    assert out["n"] == 3
    assert (out["hit1"], out["n_hit1"]) == (0.5, 2)
    assert out["correct"] == pytest.approx(2 / 3)
    assert (out["abstention_accuracy"], out["n_abstention_accuracy"]) == (1.0, 1)
    assert out["citation_correct"] is None and out["n_citation_correct"] == 0
    assert out["latency_ms_p50"] == 20.0
    assert out["retrieve_ms_p50"] is None


def test_breakdown_counts_a_question_under_each_province() -> None:
    rows = [
        {"type": "number", "provinces": ["Cà Mau"], "verdict": {"correct": 1.0}},
        {"type": "comparison", "provinces": ["Cà Mau", "Lạng Sơn"], "verdict": {"correct": 0.0}},
    ]
    by_province = breakdown(rows, "provinces")
    assert by_province["Cà Mau"]["n"] == 2 and by_province["Cà Mau"]["correct"] == 0.5
    assert by_province["Lạng Sơn"]["correct"] == 0.0
    by_type = breakdown(rows, "type")
    assert list(by_type) == ["comparison", "number"]


def test_bounded_and_worded_aliases_are_figures_and_dates() -> None:
    """A gold written "tối thiểu 70%" is the figure 70% (the bound is its scope), and
    "14 tháng 6 năm 2025" is a date, not the figure 14 (a lead "14 người" is not it)."""
    from eval.metrics import strict_lead

    assert strict_lead(["tối thiểu 70%"], "70% — đạt tối thiểu 70% [1]", "number") == 1.0
    assert strict_lead(["tối thiểu 70%"], "50% — đạt tối thiểu 50% [1]", "number") == 0.0
    assert strict_lead(["trên 80%"], "80 người — có 80 người [1]", "number") == 0.0
    assert strict_lead(["14 tháng 6 năm 2025"], "14 June 2025 — “…” [1]", "date", "en") == 1.0
    assert strict_lead(["14 tháng 6 năm 2025"], "14 người — có 14 người [1]", "number") == 0.0
    assert strict_lead(["14 tháng 6 năm 2025"], "ngày 14/7/2025 — “…” [1]", "date") == 0.0


def test_text_aliases_read_dates_in_words_and_spans_with_any_dash() -> None:
    """A day and month written out ("ngày 30 tháng 11") is the alias "30/11"; a period is
    one however its dash is spaced; a figure glued to another is still not the alias."""
    from eval.metrics import strict_lead

    lead = "ngày 30 tháng 11 — hoàn thành trước ngày 30 tháng 11 [1]"
    assert strict_lead(["30/11"], lead, "date") == 1.0
    assert strict_lead(["30/12"], lead, "date") == 0.0
    assert strict_lead(["2025 - 2030"], "giai đoạn 2025-2030 — … [1]", "date") == 1.0
    assert strict_lead(["2025-2030"], "2025 – 2030 — … [1]", "date") == 1.0
    assert strict_lead(["2025-2030"], "2026 – 2030 — … [1]", "date") == 0.0
    assert alias_found("50 - 100", "mỗi tổ phụ trách từ 50-100 hộ")
    assert not alias_found("50 - 100", "mỗi tổ phụ trách từ 150-100 hộ")
