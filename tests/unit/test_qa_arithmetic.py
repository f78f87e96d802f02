"""Arithmetic on cited figures (qa/arithmetic.py): figures read from report text as written
("859.463", "74,8%", "17,4 tỷ đồng"), compared or added with each operand's citation, and
never compared across units, measures or periods."""

from __future__ import annotations

import datetime as dt

import pytest

from hoidap.text import find_numbers
from qa.arithmetic import (
    Operand,
    amount,
    comparison_line,
    days_between,
    differs,
    format_number,
    sum_line,
)


def _op(label: str, text: str, marker: int) -> Operand:
    """An operand as the answerer makes it: the first figure of a report's phrase."""
    return Operand(label, text, find_numbers(text)[0], marker)


def test_vietnamese_figures_are_read_and_the_gap_written_in_vietnamese() -> None:
    a, b = _op("Cà Mau", "859.463 người", 1), _op("Bạc Liêu", "712.000 người", 2)
    assert (a.figure.value, b.figure.value) == (859463.0, 712000.0)
    line = comparison_line([a, b])
    assert line == (
        "Cà Mau 859.463 người [1], Bạc Liêu 712.000 người [2]: Cà Mau nhiều hơn 147.463 người"
    )


def test_the_larger_side_wins_whichever_comes_first() -> None:
    a, b = _op("Cà Mau", "96 trạm", 1), _op("Lạng Sơn", "162 trạm", 2)
    assert comparison_line([a, b]).endswith(": Lạng Sơn nhiều hơn 66 trạm")
    assert comparison_line([a, _op("Sóc Trăng", "96 trạm", 2)]).endswith(": bằng nhau")


def test_percentages_differ_by_percentage_points() -> None:
    a, b = _op("Sóc Trăng", "74,8%", 1), _op("Lạng Sơn", "43,58%", 2)
    assert a.figure.is_percent and a.figure.value == pytest.approx(74.8)
    assert comparison_line([a, b]).endswith("Sóc Trăng cao hơn 31,22 điểm phần trăm")
    english = comparison_line([a, b], english=True)
    assert english.endswith("Sóc Trăng is higher by 31.22 percentage points")


def test_a_scale_word_is_kept_in_the_result() -> None:
    a, b = _op("Cà Mau", "17,4 tỷ đồng", 1), _op("Bắc Giang", "14,5 tỷ đồng", 2)
    assert a.figure.value == pytest.approx(17.4e9)
    assert amount(a.figure.value - b.figure.value, [a, b]) == "2,9 tỷ đồng"
    # Different scale words: the result in the unit itself.
    c = _op("Lạng Sơn", "229.601 triệu đồng", 3)
    assert amount(1.5e9, [a, c]) == "1.500.000.000 đồng"


def test_other_units_are_shown_without_a_verdict() -> None:
    a, b = _op("Cà Mau", "5.861 tổ", 1), _op("Lạng Sơn", "11.540 người", 2)
    assert differs([a, b]) == "unit"
    line = comparison_line([a, b])
    assert line.startswith("Cà Mau 5.861 tổ [1], Lạng Sơn 11.540 người [2]: ")
    assert "không so sánh trực tiếp" in line and "nhiều hơn" not in line
    assert sum_line([a, b]) == ""
    # A count is not a percentage either.
    assert differs([_op("A", "40 ca", 1), _op("B", "10,8%", 2)]) == "unit"


def test_a_measure_or_period_the_caller_found_different_gives_no_verdict() -> None:
    a, b = _op("Cà Mau", "859.463 người", 1), _op("Lạng Sơn", "512.000 người", 2)
    line = comparison_line([a, b], reason="measure", detail="mũi 1 / mũi 2")
    assert line.endswith("khác chỉ tiêu (mũi 1 / mũi 2), không so sánh trực tiếp")
    english = comparison_line([a, b], english=True, reason="period", detail="2020 / 2021")
    assert english.endswith("different periods (2020 / 2021), not directly comparable")


def test_a_total_leads_with_the_sum_then_its_cited_terms() -> None:
    new = _op("đầu tư mới", "26 trạm", 1)
    converted = _op("chuyển đổi", "47 trạm", 2)
    assert sum_line([new, converted]) == "Tổng 73 trạm = 26 trạm [1] + 47 trạm [2]"
    three = [_op("a", "8 điểm", 1), _op("b", "3 điểm", 1), _op("c", "07 điểm", 2)]
    assert sum_line(three, english=True) == "Total 18 điểm = 8 điểm [1] + 3 điểm [1] + 07 điểm [2]"
    assert sum_line([new]) == ""


def test_numbers_are_written_for_the_reader() -> None:
    assert format_number(1571463) == "1.571.463"
    assert format_number(1571463, english=True) == "1,571,463"
    assert format_number(2.5) == "2,5" and format_number(2.5, english=True) == "2.5"
    assert format_number(1 / 3) == "0,33"


def test_days_between_two_dates() -> None:
    assert days_between(dt.date(2025, 11, 18), dt.date(2025, 11, 25)) == 7
    assert days_between(dt.date(2025, 11, 25), dt.date(2025, 11, 18)) == 7
    assert days_between(dt.date(2025, 12, 31), dt.date(2026, 3, 31)) == 90


def _english_operands(*written: str) -> list[Operand]:
    """Sides A, B, … of the report's figures, each shown in English as a lead is."""
    from qa.english import english_lead

    return [
        Operand(label, english_lead(text), find_numbers(text)[0], i, text)
        for i, (label, text) in enumerate(zip("ABCD", written, strict=False), start=1)
    ]


def test_an_english_comparison_reads_the_unit_of_the_result_from_the_report() -> None:
    # The sides are shown in English; the gap is composed from the report's words and put
    # in English whole, as the figures are ("17,4 tỷ" is longer than "17.4 billion").
    from qa.english import english_lead

    ops = _english_operands("17,4 tỷ đồng", "12,1 tỷ đồng")
    line = comparison_line(ops, english=True, translate=english_lead)
    assert line == "A 17.4 billion VND [1], B 12.1 billion VND [2]: A has 5.3 billion VND more"
    total = sum_line(ops, english=True, translate=english_lead)
    assert total == "Total 29.5 billion VND = 17.4 billion VND [1] + 12.1 billion VND [2]"


def test_an_english_gap_counted_in_times_is_not_said_as_a_multiple() -> None:
    # "lượt" reads "times" in English: "A has 500 times more" would say a multiple, so the
    # gap is a bare count and the sides keep their unit.
    from qa.english import english_lead

    ops = _english_operands("2.600 lượt", "2.100 lượt")
    line = comparison_line(ops, english=True, translate=english_lead)
    assert line.startswith("A 2,600 times [1], B 2,100 times [2]: ")
    assert line.endswith("A has 500 more")
    vi = comparison_line(ops, english=False)
    assert vi.endswith("A nhiều hơn 500 lượt")
