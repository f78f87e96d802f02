"""A figure is stated with the scope its sentence gives it, copied as written."""

from __future__ import annotations

from hoidap.text import cached_numbers
from qa.scope import figure_scope


def _scope(quote: str, figure: str, english: bool = False, lead_in: str = "") -> list[str]:
    (m,) = [m for m in cached_numbers(quote) if m.text == figure]
    return figure_scope(quote, m, english, lead_in)


def test_dose_and_age_group_of_the_figures_own_clause() -> None:
    quote = (
        "Đến ngày 11/10/2021, đã tiêm cho trẻ từ 5 đến dưới 12 tuổi 153.810 người mũi 1 và "
        "35.833 người mũi 2."
    )
    assert _scope(quote, "153.810") == ["trẻ từ 5 đến dưới 12 tuổi", "mũi 1", "đến 11/10/2021"]
    # The next clause's dose belongs to the next figure.
    assert _scope(quote, "35.833") == ["mũi 2", "đến 11/10/2021"]


def test_a_list_lead_in_scopes_its_items() -> None:
    quote = "Tiêm mũi 1: 153.810 người (đạt 100%) ;"
    assert _scope(quote, "153.810", lead_in="Đối tượng từ 5 đến dưới 12 tuổi:") == [
        "từ 5 đến dưới 12 tuổi",
        "mũi 1",
    ]


def test_a_part_after_trong_do_says_so_without_a_second_figure() -> None:
    quote = (
        "Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người, "
        "trong đó có 373.388 người hoàn thành tiêm mũi 2;"
    )
    assert _scope(quote, "859.463") == ["đến 16/11/2021"]
    part = _scope(quote, "373.388")
    assert "mũi 2" in part and "một phần của tổng số nêu trong câu" in part
    assert not any("859" in p for p in part)


def test_a_period_and_english_wording() -> None:
    quote = "Từ 27/4/2021 đến 11/10/2021, trên địa bàn tỉnh ghi nhận 2.519 ca dương tính."
    assert _scope(quote, "2.519") == ["từ 27/4/2021 đến 11/10/2021"]
    assert _scope(quote, "2.519", english=True) == ["from 27/4/2021 to 11/10/2021"]


def test_each_figure_takes_the_period_of_its_own_words() -> None:
    # Lạng Sơn's report: 213 cases since 01/10/2021, of which 170 from 01/11 to 18/11/2021.
    # The sentence gives two starts, so only each figure's own words can date it.
    quote = (
        "Đợt dịch thứ 3, tính từ 01/10/2021 đến nay (trong thời gian thực hiện Nghị quyết 128 "
        "của Chính phủ) ghi nhận 213 ca mắc COVID-19 (riêng từ ngày 01/11 đến ngày 18/11/2021, "
        "ghi nhận 170 ca)."
    )
    assert _scope(quote, "170") == ["từ 01/11 đến 18/11/2021"]
    assert _scope(quote, "170", english=True) == ["from 01/11 to 18/11/2021"]
    assert _scope(quote, "213") == ["từ 01/10/2021"]
    assert _scope(quote, "213", english=True) == ["since 01/10/2021"]
    # A start the sentence gives without its end is no cut-off of a figure it does not lead.
    assert _scope("Từ 01/10/2021 đến nay, đã có 50 ca và 20 ca tử vong.", "20") == []


def test_no_scope_when_the_sentence_gives_none() -> None:
    assert _scope("Toàn tỉnh có 120 chốt kiểm soát dịch.", "120") == []


def test_a_rate_beside_a_count_takes_that_counts_scope() -> None:
    # Cà Mau's report: 32,5% is the share of the people who had dose 2, so it says "mũi 2";
    # 74,8% beside the whole count says no dose.
    quote = (
        "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
        "859.463 người, chiếm tỷ lệ 74,8% dân số, trong đó có 373.388 người hoàn thành tiêm "
        "mũi 2, chiếm tỷ lệ 32,5% dân số;"
    )
    assert _scope(quote, "32,5%") == ["mũi 2", "đến 16/11/2021"]
    assert _scope(quote, "74,8%") == ["đến 16/11/2021"]
    # A count beside a count is not a rate of it: its clause starts after the comma.
    quote = "Đã tiêm 153.810 người mũi 1, đạt 35.833 người."
    assert _scope(quote, "35.833") == []


def test_a_dose_and_an_age_as_the_report_writes_them() -> None:
    # Lạng Sơn's report: "đủ 2 mũi" and "≥ 18 tuổi" are the rate's scope, as written.
    quote = "Tỷ lệ người ≥ 18 tuổi được tiêm đủ 2 mũi đạt 80,77%;"
    assert _scope(quote, "80,77%") == ["người ≥ 18 tuổi", "đủ 2 mũi"]


def test_an_age_range_written_with_a_dash_alone_is_the_figures_scope() -> None:
    # "12 – 17 tuổi", with an en dash and no "từ": the range's bounds are not counts.
    quote = "Đã tiêm cho trẻ 12 – 17 tuổi được 45.000 người."
    assert _scope(quote, "45.000") == ["trẻ 12 – 17 tuổi"]
    assert _scope(quote.replace(" – ", " - "), "45.000") == ["trẻ 12 - 17 tuổi"]


def test_a_figure_after_tong_so_counts_and_a_numbered_thing_does_not() -> None:
    from qa.scope import counting

    quote = (
        "Luỹ tích đến nay có tổng số 14.177 người về từ các tỉnh, với số 20 giường bệnh, "
        "trong đó bệnh nhân số 1440 ở tầng 3."
    )
    assert [m.text for m in counting(quote)] == ["14.177", "20"]


def test_a_part_of_a_total_written_after_tong_so_is_stated_as_a_part() -> None:
    quote = (
        "Đến nay, toàn tỉnh đã tiếp nhận tổng cộng 71 đợt phân bổ vắc xin, với tổng số 3.687.024 "
        "liều vắc xin (trong đó 809.640 liều vắc xin AstraZeneca; 301.400 liều vắc xin Moderna)."
    )
    assert "một phần của tổng số nêu trong câu" in _scope(quote, "809.640")
    assert "một phần của tổng số nêu trong câu" not in _scope(quote, "3.687.024")
