"""Which figure of a real report sentence answers, and which words qualify it."""

from __future__ import annotations

from hoidap.text import find_numbers
from qa.figures import figure_phrase, pick_figure, range_phrase, rank_figures
from qa.qualifiers import find_qualifiers
from qa.query import understand

BEDS = (
    "trong đó: 130 giường điều trị bệnh nhân tầng 3, 200 giường điều trị bệnh nhân tầng 2 "
    "và 1.790 giường điều trị bệnh nhân tầng 1."
)


def _best(question: str, quote: str) -> str:
    figure, _agrees, _described = pick_figure(understand(question), quote)
    assert figure is not None
    return figure.text


def test_a_qualifier_after_a_figure_is_that_figures_own() -> None:
    # "tầng 3" follows 130 and comes before the comma; 200 belongs to "tầng 2".
    assert _best("Cà Mau có bao nhiêu giường điều trị bệnh nhân tầng 3?", BEDS) == "130"
    assert _best("Cà Mau có bao nhiêu giường điều trị bệnh nhân tầng 2?", BEDS) == "200"
    assert _best("Cà Mau có bao nhiêu giường điều trị bệnh nhân tầng 1?", BEDS) == "1.790"


def test_tong_so_before_a_figure_is_a_count_not_a_designation() -> None:
    quote = "Đến nay, đã được Bộ Y tế phân bổ vắc xin phòng COVID-19 tổng số 458.090 liều các loại."
    assert _best("Bắc Giang được phân bổ bao nhiêu liều vắc xin?", quote) == "458.090"
    # "số 128" after a document name is still a designation, never the answer.
    quote = "Thực hiện Nghị quyết số 128/NQ-CP, tỉnh đã tiêm 12.000 liều."
    assert _best("Tỉnh đã tiêm bao nhiêu liều?", quote) == "12.000"


def test_dong_chi_counts_people_not_money() -> None:
    quote = (
        "Bộ Tư lệnh Quân khu 9 tăng cường hỗ trợ cho tỉnh Sóc Trăng với 619 đồng chí "
        "(trong đó: Học viện Quân y: 39 đồng chí)"
    )
    q = understand("Quân khu 9 tăng cường bao nhiêu cán bộ, chiến sĩ cho Sóc Trăng?")
    figure, agrees, _ = pick_figure(q, quote)
    assert figure is not None and figure.text == "619" and agrees


def test_a_place_the_question_names_says_which_figure() -> None:
    quote = (
        "Trong đó: từ thành phố Hồ Chí Minh (2.251 người), thành phố Hà Nội (4.902 người), "
        "Bắc Ninh (1.974 người), các tỉnh khác (5.050 người)."
    )
    q = understand("Có bao nhiêu người từ thành phố Hà Nội về Bắc Giang?")
    assert rank_figures(q, quote)[0][1].text == "4.902"


def test_the_words_of_a_list_item_are_not_the_next_figures() -> None:
    # Kế hoạch 552/KH-UBND of Đồng Tháp (eval/corpus/dev): what 100 counts stands between it
    # and the comma, right before 50; it said "khởi nghiệp sáng tạo" of 50 too.
    quote = (
        "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, "
        "50 doanh nghiệp khoa học công nghệ;"
    )
    q = "Mục tiêu đến năm 2030 về số doanh nghiệp khởi nghiệp sáng tạo là bao nhiêu?"
    assert _best(q, quote) == "100"
    assert _best("Mục tiêu về số doanh nghiệp khoa học công nghệ là bao nhiêu?", quote) == "50"


def test_a_rate_asked_is_not_the_count_it_is_of() -> None:
    # Sóc Trăng's report (data/reports): the count named by the question's word
    # ("smartphone") is what the rate is of, not the rate asked.
    quote = (
        "Việc cài đặt ứng dụng PC-COVID: Có 314.960/645.918 Smartphone cài đặt ứng dụng, "
        "tỷ lệ đạt 48,76%."
    )
    rate = "Tỷ lệ smartphone đã cài đặt ứng dụng PC-COVID là bao nhiêu?"
    assert _best(rate, quote) == "48,76%"
    # Asked for the count, the part of the whole answers.
    count = "Có bao nhiêu smartphone đã cài đặt ứng dụng PC-COVID?"
    assert _best(count, quote) == "314.960/645.918"


def test_current_stock_and_running_total_are_told_apart() -> None:
    assert ("status", "current") in find_qualifiers("hien con 1.113 nguoi dang cach ly")
    assert ("status", "total") in find_qualifiers("luy tich den nay da co 46.527 nguoi")
    assert not any(k == "status" for k, _ in find_qualifiers("so nguoi cach ly tap trung"))


def test_english_shots_and_ages_are_qualifiers() -> None:
    asked = find_qualifiers("how many adults aged 18+ have had their fourth covid-19 shot")
    assert asked == {("dose", "4"), ("age", "18+")}
    # The report's wording for the same: the same qualifiers.
    assert find_qualifiers("tiem mui 4 cho nguoi tu 18 tuoi tro len") == asked
    assert find_qualifiers("second jabs") == {("dose", "2")}


def test_an_english_head_agrees_with_a_figure_in_any_of_its_glosses() -> None:
    # "projects" are "dự án" or "đề án": a figure counted in either is counted in the
    # asked unit, one counted in another unit is not.
    quote = "Năm 2025 tỉnh thu hút 12 đề án mới với tổng vốn 3.500 tỷ đồng."
    q = understand("How many new projects did Cà Mau attract in 2025?")
    figure, agrees, _ = pick_figure(q, quote)
    assert figure is not None and figure.text == "12" and agrees
    others = [agrees for _s, m, agrees, _d in rank_figures(q, quote) if m.text != "12"]
    assert others and not any(others)
    # "adolescents" glossed only as an age group count people: "91.190 người".
    quote = "Tiêm mũi 3 cho trẻ từ 12 đến dưới 18 tuổi được 91.190 người."
    q = understand("How many adolescents aged 12 to under 18 received the third dose?")
    figure, agrees, _ = pick_figure(q, quote)
    assert figure is not None and figure.text == "91.190" and agrees


def test_an_english_unit_from_a_gloss_agrees_only_with_that_syllable() -> None:
    # "companies" are "công ty" or "doanh nghiệp": "cong" is not "công nhân"'s people, and
    # "projects" ("dự án", "đề án") do not agree with "50 đến 100 MW" by the prefix "de".
    quote = "Tỉnh có 3.000 người lao động làm việc tại 40 công ty."
    agrees = {m.text: a for _s, m, a, _d in rank_figures(understand("How many companies?"), quote)}
    assert agrees["40"] and not agrees["3.000"]
    quote = "Công suất các dự án từ 50 đến 100 MW, 30 đều đã khởi công."
    q = understand("How many wind power projects does Cà Mau have?")
    assert not any(a for _s, m, a, _d in rank_figures(q, quote))
    # An English unit word ("people") still agrees through its group.
    q = understand("How many people in Cà Mau were vaccinated?")
    agrees = {m.text: a for _s, m, a, _d in rank_figures(q, "Đã tiêm cho 859.463 người.")}
    assert agrees["859.463"]


def test_an_english_term_describes_a_figure_in_any_of_its_glosses() -> None:
    # "lockdown" is glossed "giãn cách" first, "phong tỏa" next: the words after a
    # figure that say it the other way describe it all the same.
    quote = "Tỉnh có 1.200 hộ phong tỏa tại nhà, 300 hộ được hỗ trợ gạo."
    q = understand("How many households were under lockdown in Bắc Giang?")
    assert "phong_tỏa" in q.alternatives("giãn_cách")
    described = {m.text: d for _s, m, _a, d in rank_figures(q, quote)}
    assert described["1.200"] > described["300"] == 0.0


def test_an_answer_shows_a_figure_without_the_function_word_after_it() -> None:
    """ "(thuộc đối tượng 4 và đối tượng là cá nhân …)": the word after 4 is "và", which counts
    nothing, so the figure is shown alone; a unit word is still shown with its figure."""
    quote = (
        "cán bộ (thuộc đối tượng 4 và đối tượng là cá nhân tiêu biểu), 12 trong tổng số "
        "20 xã và 859.463 người"
    )
    shown = [figure_phrase(quote, m) for m in find_numbers(quote)]
    assert shown == ["4", "12", "20 xã", "859.463 người"]
    # An approximation word before the next figure counts nothing either: "2030 khoảng" of a
    # plan's period was shown as a figure with its unit, and as the range "2026 - 2030 khoảng".
    quote = "giai đoạn 2026 - 2030 khoảng từ 10 - 10,5%/năm, gần 5.000 hộ"
    shown = [figure_phrase(quote, m) for m in find_numbers(quote)]
    assert shown == ["2026", "2030", "10", "10,5%", "5.000 hộ"]
    assert range_phrase(quote, find_numbers(quote)[1]) == "2026 - 2030"


def test_a_range_is_shown_whole_from_either_end() -> None:
    """ "mỗi Tổ phụ trách từ 50 - 100 hộ gia đình": the lead "100 hộ gia đình" stated a figure
    the report does not; either end shows the whole range. Two figures each with its unit,
    a change ("từ 23 lên 25"), a descending pair and a count before a percentage are not
    ranges; a range of percentages is ("8 - 8,5%", "10% - 20%")."""
    for quote, ranges in (
        (
            "mỗi Tổ phụ trách từ 50 - 100 hộ gia đình, trong 3 đến 5 ngày, 50–100 người",
            ["50 - 100 hộ gia đình", "3 đến 5 ngày", "50–100 người"],
        ),
        (
            "tăng trưởng GRDP khoảng từ 10 - 10,5%/năm, tỷ lệ đạt 70% - 80%",
            ["10 - 10,5%", "70% - 80%"],
        ),
    ):
        # Each range twice: once from either end.
        expected = [r for r in ranges for _ in range(2)]
        assert [range_phrase(quote, m) for m in find_numbers(quote)] == expected
    # A target's growth is a range, not a change: no "từ" before it.
    for target, whole in (
        ("GRDP tăng 8 - 8,5%", "8 - 8,5%"),
        ("đạt từ 70% đến 80%", "70% đến 80%"),
    ):
        assert {range_phrase(target, m) for m in find_numbers(target)} == {whole}
    for other in (
        "02 đợt đến 03 đợt",
        "tăng từ 23 lên 25 ca",
        "giảm 100 - 50 ca",
        "20 xã - 30%",
        "30% - 20%",
        "tăng từ 10% đến 15%",
        "nâng tỷ lệ từ 10% đến 15%",
        # A number that names, not counts, before a percentage.
        "mũi 1 - 98,5%",
        "Quý 3 - 12% tổng thu",
        "tuần thứ 2 - 15%",
        "theo Nghị định 15 - 20%",
    ):
        assert [range_phrase(other, m) for m in find_numbers(other)] == [""] * len(
            find_numbers(other)
        ), other


def test_a_change_from_one_level_to_another_is_no_range() -> None:
    quote = "Số hộ nghèo giảm từ 500 đến 300 hộ, số hộ cận nghèo tăng từ 200 đến 700 hộ."
    assert [range_phrase(quote, m) for m in find_numbers(quote)] == ["", "", "", ""]
