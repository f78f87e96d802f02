"""A figure's lead keeps the bound the report writes with it ("ít nhất 10%") and says when
the figure is an aim ("mục tiêu"), in Vietnamese and English; real sentences, the real
number reader, sentence splitter and word segmentation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hoidap.text import find_numbers
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.leads import scoped_figure
from qa.query import understand
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk


def _lead(text: str, figure: str, title: str = "Kế hoạch", english: bool = False) -> str:
    chunk = replace(make_chunk(text, path=("II. MỤC TIÊU",)), report_title=title)
    sentence = split_sentences(chunk)[0]
    m = next(n for n in find_numbers(sentence.quote) if n.text.startswith(figure))
    return scoped_figure(sentence, m, english)


@pytest.mark.parametrize(
    ("text", "figure", "lead"),
    [
        (
            "Giai đoạn 2026 - 2030 phấn đấu có ít nhất 10% đội ngũ cán bộ xây dựng pháp luật.",
            "10%",
            "ít nhất 10% (mục tiêu)",
        ),
        (
            "(2) Ít nhất 85% người hưởng trợ cấp mở mới tài khoản ngân hàng;",
            "85%",
            "Ít nhất 85% (mục tiêu)",
        ),
        ("Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên;", "98%", "từ 98% trở lên (mục tiêu)"),
        ("Kinh phí dự kiến 1.500 triệu đồng.", "1.500", "1.500 triệu đồng (dự kiến)"),
        # A plan's sum with no aim stated, and a result, are led as written.
        ("Nhu cầu: 402.776 triệu đồng;", "402.776", "402.776 triệu đồng"),
        ("Năm 2025 ước đạt 82% số hộ dùng nước sạch.", "82%", "82%"),
        # A bound of a result is kept too; a range is led whole, without its "khoảng".
        ("Đã có hơn 1.000 người dân tham gia.", "1.000", "hơn 1.000 người"),
        ("Tốc độ tăng trưởng khoảng từ 10 - 10,5%/năm.", "10,5%", "10 - 10,5%"),
    ],
)
def test_a_lead_keeps_its_bound_and_says_an_aim(text: str, figure: str, lead: str) -> None:
    assert _lead(text, figure).startswith(lead)


def test_an_english_lead_says_both_in_english() -> None:
    text = "(2) Ít nhất 85% người hưởng trợ cấp mở mới tài khoản ngân hàng;"
    assert _lead(text, "85%", english=True) == "at least 85% (target)"
    assert _lead("Có tỷ lệ cử tri đi bầu cử đạt từ 98% trở lên;", "98%", english=True) == (
        "98% or more (target)"
    )


def test_both_figures_of_a_two_figure_answer_keep_their_bounds() -> None:
    chunk = make_chunk("Tỉnh có trên 20 máy xét nghiệm với công suất khoảng 9.200 mẫu/ngày.")
    answerer = Answerer(TermWeights([chunk]))
    query = understand("Tỉnh có bao nhiêu máy xét nghiệm và công suất bao nhiêu mẫu mỗi ngày?")
    lead = answerer.two_figures(query, split_sentences(chunk)[0].quote)
    assert lead.startswith("trên 20 máy, khoảng 9.200 mẫu")


@pytest.mark.parametrize(
    ("lead", "english"),
    [
        ("tối đa 3 ngày", "at most 3 days"),
        ("gần 8,1 triệu lượt khách", "nearly 8.1 million tourist arrivals"),
        ("không vượt quá 5%", "at most 5%"),
    ],
)
def test_a_bounded_lead_reads_its_unit_in_english(lead: str, english: str) -> None:
    # The bound opens the lead: its figure's unit and scale are still read ("3 days", not
    # "3 daily"; "tourist arrivals", not "tourist").
    from qa.english import english_lead

    assert english_lead(lead) == english


def test_a_bound_asked_is_found_in_the_reports_words_for_the_same_bound() -> None:
    """ "tối đa bao nhiêu cá nhân" is answered by "Không quá 05 cá nhân": the bounds of one
    direction (``qa.bound_words``) are one another's paraphrase; a bound of the other
    direction, or "khoảng", is not."""
    q = understand("Ban Chỉ đạo bầu cử tỉnh được đề nghị tối đa bao nhiêu cá nhân?")
    assert set(q.alternatives("tối_đa")) == {"không_quá", "không_vượt_quá"}
    q = understand("Tỷ lệ hộ dùng dịch vụ tối thiểu là bao nhiêu phần trăm?")
    alternatives = set(q.alternatives("tối_thiểu"))
    assert {"ít_nhất", "không_dưới"} <= alternatives
    assert not alternatives & {"không_quá", "khoảng", "trên"}
