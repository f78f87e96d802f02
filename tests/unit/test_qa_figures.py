"""Which figure of a real report sentence answers, and which words qualify it."""

from __future__ import annotations

from hoidap.text import find_numbers
from qa.figures import figure_agreement, figure_phrase, pick_figure, range_phrase, rank_figures
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


def test_an_increase_or_a_level_is_an_amount_however_it_folds() -> None:
    # Folded, "tăng" is "tầng" (a floor) and "mức" is "mục" (an item): both designations,
    # never an answer. Written with their accents they say how much.
    jobs = "Số lao động có việc làm tăng 6.393 lao động so với năm 2024."
    assert _best("Số lao động có việc làm tăng bao nhiêu người?", jobs) == "6.393"
    births = "Chỉ tiêu 1: Tỷ số giới tính khi sinh ở mức 107 trẻ sơ sinh trai/100 trẻ sơ sinh gái."
    assert _best("Chỉ tiêu tỷ số giới tính khi sinh là bao nhiêu?", births) == "107"
    # A floor, an item or a level without a unit still says which, not how much.
    assert pick_figure(understand("Có bao nhiêu giường?"), "Bố trí ở tầng 3.")[0] is None
    assert pick_figure(understand("Đạt bao nhiêu?"), "Dịch vụ công trực tuyến mức 4.")[0] is None


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


def test_the_words_before_a_bracket_are_the_previous_figures() -> None:
    # Cà Mau's report (data/reports): "chốt kiểm soát" counts 108, the total; the bracket
    # opens its breakdown, and 07 is what the bracket says ("chốt cấp tỉnh").
    quote = (
        "Ban Chỉ đạo đã bố trí lực lượng và xây dựng kế hoạch ngăn chặn theo 03 vòng khép kín "
        "với 108 chốt kiểm soát (07 chốt cấp tỉnh và 101 chốt cấp huyện)."
    )
    assert _best("Cà Mau bố trí tổng cộng bao nhiêu chốt kiểm soát?", quote) == "108"
    assert _best("Cà Mau bố trí bao nhiêu chốt cấp tỉnh?", quote) == "07"


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


CA_MAU_DOSES = (
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người, chiếm tỷ lệ 74,8% dân số, trong đó có 373.388 người hoàn thành tiêm mũi 2, "
    "chiếm tỷ lệ 32,5% dân số;"
)


def test_a_rate_beside_a_count_is_of_that_counts_dose() -> None:
    # Cà Mau's report (data/reports): "chiếm tỷ lệ 32,5%" is the share of those who had dose
    # 2, the count before it; 74,8% is the share of everyone vaccinated.
    assert _best("Tỷ lệ dân số Cà Mau hoàn thành mũi 2 là bao nhiêu?", CA_MAU_DOSES) == "32,5%"
    assert _best("What share of Cà Mau had the second dose?", CA_MAU_DOSES) == "32,5%"
    # Asked for no dose, the headline rate comes first.
    assert _best("Tỷ lệ dân số Cà Mau đã tiêm vắc xin là bao nhiêu?", CA_MAU_DOSES) == "74,8%"


def test_a_rate_in_a_clause_of_its_own_is_not_the_counts() -> None:
    # "tỷ lệ tiêm mũi 1 đạt 95%" says its own dose: the clause before it is not its; "đạt
    # 60%" beside the dose-2 count is that count's rate.
    quote = "Đã tiêm 120.000 người mũi 2, đạt 60%, tỷ lệ tiêm mũi 1 đạt 95%."
    assert _best("Tỷ lệ tiêm mũi 1 là bao nhiêu?", quote) == "95%"
    assert _best("Tỷ lệ tiêm mũi 2 là bao nhiêu?", quote) == "60%"


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


def test_english_doses_in_other_forms_are_qualifiers() -> None:
    # A bracketed ordinal, a numeral ordinal, a dose named by its number: each is one dose.
    assert find_qualifiers("people who had a booster (third) dose") == {("dose", "3")}
    assert find_qualifiers("a third (booster) covid-19 dose") == {("dose", "3")}
    assert find_qualifiers("how many got the 3rd shot") == {("dose", "3")}
    assert find_qualifiers("how many received dose 1") == find_qualifiers("tiem mui 1")
    # Counts of doses are figures, not a dose's order.
    assert find_qualifiers("the first 500 doses") == set()
    assert find_qualifiers("dose 1,200 people") == set()


def test_an_age_range_is_one_group_however_written() -> None:
    # "to under 12" is up to 11: the English "5-11 year olds" is the report's "từ 5 đến dưới
    # 12 tuổi"; a range's dash may be an en dash.
    group = {("age", "5-11")}
    assert find_qualifiers("tre tu 5 den duoi 12 tuoi") == group
    assert find_qualifiers("children aged 5 to under 12") == group
    assert find_qualifiers("5–11 year olds") == group
    assert find_qualifiers("tre em 12 – 17 tuoi") == find_qualifiers("tu 12 den 17 tuoi")
    assert find_qualifiers("people over 18 in ca mau") == {("age", "18+")}
    # A bare "over 50" may be a count.
    assert find_qualifiers("districts with over 50 cases") == set()


def test_a_dose_written_as_a_count_of_doses_is_that_dose() -> None:
    # "tiêm đủ 2 mũi" (fully, two doses) is dose 2, as "mũi 2" is; "ít nhất 1 mũi" dose 1.
    assert find_qualifiers("nguoi da tiem du 2 mui vac xin") == {("dose", "2")}
    assert find_qualifiers("hoan thanh tiem mui 2") == {("dose", "2")}
    assert find_qualifiers("tiem it nhat 1 mui") == {("dose", "1")}
    assert find_qualifiers("people who received two doses") == {("dose", "2")}
    # A count of shots given is a figure, not a dose.
    assert not find_qualifiers("da tiem 1.200 mui")
    # Lạng Sơn's report (data/reports): the rate of those with both doses is the answer.
    quote = (
        "495.909 người trên 18 tuổi được tiêm mũi 1 đạt 95% và 450.905 người được tiêm "
        "đủ 2 mũi đạt 80,77%;"
    )
    assert _best("Tỷ lệ người trên 18 tuổi đã tiêm đủ 2 mũi là bao nhiêu?", quote) == "80,77%"
    assert _best("Có bao nhiêu người đã tiêm đủ 2 mũi?", quote) == "450.905"


def test_over_an_age_is_that_age_and_older() -> None:
    assert find_qualifiers("nguoi tren 18 tuoi") == {("age", "18+")}
    assert find_qualifiers("nguoi ≥ 18 tuoi") == find_qualifiers("tu 18 tuoi tro len")
    assert find_qualifiers("people over 65 years old") == {("age", "65+")}
    # Not a count above a number, nor an age range.
    assert not find_qualifiers("tren 100 ca mac")
    assert not find_qualifiers("over 10 cases")
    assert find_qualifiers("tren 50 tuoi den 65 tuoi") != {("age", "50+")}


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


def test_a_contact_tier_asked_is_the_figure_counted_in_it() -> None:
    """ "5.779 F0; 43.469 F1; 117.679 F2": F0 is a case, as "trường hợp" is, but a question
    asking F2s is answered by the F2 figure, and a question asking no tier keeps F0's
    agreement with "ca"."""
    quote = "Đợt dịch thứ 4 ghi nhận tổng số trường hợp 5.779 F0; 43.469 F1; 117.679 F2."
    assert _best("Bắc Giang đã quản lý bao nhiêu trường hợp F2 trong đợt dịch thứ 4?", quote) == (
        "117.679"
    )
    assert _best("Có bao nhiêu trường hợp F1 trong đợt dịch thứ 4?", quote) == "43.469"
    agrees = {m.text: a for _s, m, a, _d in rank_figures(understand("Có bao nhiêu ca F0?"), quote)}
    assert agrees == {"5.779": True, "43.469": False, "117.679": False}
    agrees = {m.text: a for _s, m, a, _d in rank_figures(understand("Có bao nhiêu ca mắc?"), quote)}
    assert agrees["5.779"] and not agrees["117.679"]
    assert ("contact", "2") in find_qualifiers("bao nhieu truong hop f2")


def test_a_bare_figure_named_by_la_is_counted_in_its_clauses_subject() -> None:
    # The unit asked ("ca") stands 55 characters before the figure, beyond the 40 read
    # before every figure: the clause's subject says what "là 34.659" counts.
    q = understand("Tổng số ca mắc COVID-19 của Sóc Trăng tính đến ngày 27/3/2023 là bao nhiêu?")
    quote = (
        "Tổng số ca mắc trên địa bàn tỉnh tính đến ngày 27/3/2023 là 34.659, trong đó: "
        "Số bệnh nhân COVID-19 đã điều trị khỏi là 34.012"
    )
    agreed = {m.text: a for m, a in figure_agreement(q, quote)}
    assert agreed == {"34.659": True, "34.012": False}
    # A clause break before the "là" ends the subject: "ca" of another clause is not read.
    other = "Đã có 5 ca được đưa đi cách ly, trong khi số người được theo dõi tại nhà là 340"
    assert dict((m.text, a) for m, a in figure_agreement(q, other)).get("340") is False


def test_a_part_labelled_by_the_documents_topic_alone_is_not_the_part_asked() -> None:
    # "COVID-19" is the only word of the question the part's label says; the label names a
    # narrower measure (patients recovered), and the question asks the total.
    quote = (
        "Tổng số ca mắc trên địa bàn tỉnh tính đến ngày 27/3/2023 là 34.659, trong đó: "
        "Số bệnh nhân COVID-19 đã điều trị khỏi là 34.012;"
    )
    question = "Tổng số ca mắc COVID-19 của Sóc Trăng tính đến ngày 27/3/2023 là bao nhiêu?"
    assert _best(question, quote) == "34.659"
    # A part labelled by the name the question asks about is still that part.
    stations = "Chuyển đổi 125 trạm (Trong đó: MobiFone: 22 trạm, VNPT: 56 trạm)."
    assert _best("MobiFone chuyển đổi bao nhiêu trạm?", stations) == "22"
