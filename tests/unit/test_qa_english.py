"""English short answers: the figure in English format, scope and unit in English."""

from __future__ import annotations

import pytest

from eval.metrics import strict_lead
from qa import glossary
from qa.english import english_lead, whole_unit


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("859.463 người (mũi 1, đến 16/11/2021)", "859,463 people (dose 1, as of 16 Nov 2021)"),
        (
            "153.810 người (từ 5 đến dưới 12 tuổi, mũi 1, đến 11/10/2021)",
            "153,810 people (aged 5 to under 12, dose 1, as of 11 Oct 2021)",
        ),
        (
            "1.200 ca mắc (từ 27/4/2021 đến 11/10/2021)",
            "1,200 cases (from 27 Apr 2021 to 11 Oct 2021)",
        ),
        ("74,8%", "74.8%"),
        ("ngày 27/4/2021", "27 Apr 2021"),
        ("500 tỷ đồng", "500 billion VND"),
        # A year and a plain count keep their digits ("năm 2025" is a year: "in 2025");
        # words without a gloss stay as written.
        ("năm 2025", "in 2025"),
        ("3 chương", "3 chương"),
        # A range keeps both ends; its unit is counted by the second ("đến" is "to").
        ("50 - 100 hộ gia đình", "50 - 100 households"),
        ("3 đến 5 ngày", "3 to 5 days"),
    ],
)
def test_english_lead(vietnamese: str, english: str) -> None:
    assert english_lead(vietnamese) == english


def test_english_lead_states_the_same_value_for_the_metrics() -> None:
    lead = english_lead("859.463 người (mũi 1, đến 16/11/2021)")
    assert strict_lead(["859463"], f"{lead} — quote", "number", "en") == 1.0
    date = english_lead("ngày 16/11/2021")
    assert strict_lead(["2021-11-16"], f"{date} — quote", "date", "en") == 1.0


def test_units_follow_the_restricted_glossary() -> None:
    # Cross-validation's vocabulary fitter drops glosses seen only in held-out reports;
    # the English lead then keeps the Vietnamese word.
    try:
        glossary.restrict(lambda vi: vi != "người")
        assert english_lead("859.463 người") == "859,463 người"
    finally:
        glossary.restrict(None)
    assert english_lead("859.463 người") == "859,463 people"


@pytest.mark.parametrize(
    ("vietnamese", "segmented", "english"),
    [
        # One syllable of the unit is read as the whole word the passage writes.
        ("382 bị", "bắt khởi_tố 136 vụ , 382 bị_can về hành_vi", "382 suspects"),
        ("228.600 điện", "có 228.600 điện_thoại smartphone", "228,600 phones"),
        # A compound the segmentation left in pieces is the glossary's phrase when its
        # first syllable is no word of the glossary alone ("thuê" of "thuê bao").
        ("1.000 thuê", "khoảng 1.000 thuê bao di_động", "1,000 subscribers"),
        ("1.000 thuê", "khoảng 1.000 thuê", "1,000 thuê"),
        # The longest glossary phrase the passage writes after the figure, even where its
        # first syllable is a unit of its own ("lượt", times), as the glossary reads a lead;
        # a number after the syllable is a qualifier, not part of the unit ("mũi 2").
        ("1.200 lượt", "đón 1.200 lượt khách du_lịch", "1,200 tourist arrivals"),
        ("647 ca", "ghi_nhận 647 ca mắc mới", "647 new cases"),
        # After a scale word too, and a million of one thing are many ("1 million doses").
        ("8,1 triệu lượt", "thu_hút gần 8,1 triệu lượt khách ,", "8.1 million tourist arrivals"),
        ("1 triệu liều", "", "1 million doses"),
        # No gloss translates half of a word: "trường" alone is a school, "trường hợp" a
        # case (the table of every genre), with or without the passage's segmentation.
        ("7.114 trường hợp", "có 7.114 trường_hợp dương_tính", "7,114 cases"),
        ("7.114 trường hợp", "", "7,114 cases"),
        ("3 trường học", "", "3 schools"),
        # The unit after a count is plural where the table has the plural.
        ("35.833 mũi (mũi 2)", "35.833 mũi 2 cho", "35,833 doses (dose 2)"),
        ("01 mũi", "", "01 dose"),
        # The plural is English grammar's (lemminflect), not the table's: a word already
        # plural or the same in the plural ("people") stays as it is.
        ("12 người", "", "12 people"),
        ("3 điện thoại", "", "3 phones"),
    ],
)
def test_the_unit_is_a_whole_word_of_the_passage(
    vietnamese: str, segmented: str, english: str
) -> None:
    assert english_lead(vietnamese, segmented) == english


@pytest.mark.parametrize(
    "segmented",
    [
        "bắt 382 bị_can ; 382 bị_can_tội",
        "1382 bị_can , 382 bị_can, 382 bị , 382 bị_can_phạm",
        "382\u00a0bị_can",
        "382 bị_can\u00a0và",
        "382 bị__",
        "382 bị_",
        "x382 bị_can 382  bị_cáo",
        "382 Bị_can 382 bị_can\x1c",
        "\u2028382 bị_can_",
    ],
)
def test_the_unit_word_is_the_patterns(segmented: str) -> None:
    """``unit_word`` finds what the pattern it stands for finds (qa/english.py)."""
    import re

    from qa.english import unit_word

    for figure, unit in [("382", "bị"), ("82", "bị"), ("382", "b")]:
        found = re.search(
            rf"(?<!\S){re.escape(figure)}\s+({re.escape(unit)}(?:_\w+)+)(?!\S)", segmented
        )
        assert unit_word(segmented, figure, unit) == (found and found.group(1))


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        # A counting unit the glossary glosses only inside phrases: the noun its phrases
        # agree on ("ca mắc", "ca bệnh", … are cases).
        ("647 ca", "647 cases"),
        ("1 ca", "1 case"),
        ("2.519 ca dương tính", "2,519 cases"),
        # Units of money and time, and counts the glossary has no word for.
        ("34.400.000.000 đồng", "34,400,000,000 VND"),
        ("63.950.757 đồng/năm", "63,950,757 VND/year"),
        ("8,1 triệu lượt", "8.1 million times"),
        ("12 lượt người", "12 person-times"),
        ("305 đồng chí", "305 comrades"),
        ("120 ngày", "120 days"),
        ("14 giường bệnh", "14 hospital beds"),
        ("1 chuyến", "1 trip"),
        ("06 tháng", "06 months"),
        # A date is no count, and a syllable of a longer word is not the unit ("đồng" of
        # "đồng bào" is no money).
        ("30 tháng 4 năm 2025", "30 Apr 2025"),
        ("305 đồng bào", "305 compatriots"),
        # Words of a sector's own table (glossary_sectors_en_vi.tsv); a syllable its
        # compounds open is still no unit of its own ("hồ" of "hồ sơ", records).
        ("1.000 thuê bao", "1,000 subscribers"),
        ("12 hồ", "12 hồ"),
        # A gloss another gloss of the phrase extends is its modifier: the unit is the
        # longer ("industrial" of "industrial parks" read "12 industrials").
        ("12 khu công nghiệp", "12 industrial parks"),
        ("1 khu công nghiệp", "1 industrial park"),
        ("7 đô thị", "7 urban areas"),
        # A range of percentages.
        ("70% đến 80%", "70% to 80%"),
        ("từ 70% tới 80%", "from 70% to 80%"),
    ],
)
def test_the_unit_after_a_figure_is_english(vietnamese: str, english: str) -> None:
    assert english_lead(vietnamese) == english


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("50 người (trẻ em dưới 12 tuổi)", "50 people (aged under 12)"),
        ("50 người (từ 5-dưới 12 tuổi)", "50 people (aged 5 to under 12)"),
        ("50 người (trẻ từ 12 tuổi trở lên)", "50 people (aged 12 and over)"),
        ("50 người (trẻ 12 – 17 tuổi)", "50 people (aged 12 to 17)"),
        ("50 người (mũi hai, đợt IV)", "50 people (dose 2, wave IV)"),
        ("50 người (giai đoạn thứ ba)", "50 people (phase 3)"),
        ("50 người (đến tháng 10/2021)", "50 people (as of Oct 2021)"),
        ("50 người (từ tháng 1 đến tháng 6/2022)", "50 people (from Jan to Jun 2022)"),
        # A period's start alone (qa.scope: "… tính từ 01/10/2021 đến nay … 213 ca …").
        ("213 ca mắc (từ 01/10/2021)", "213 cases (since 1 Oct 2021)"),
        ("170 ca (từ 01/11 đến 18/11/2021)", "170 cases (from 1 Nov 2021 to 18 Nov 2021)"),
    ],
)
def test_scope_words_are_english(vietnamese: str, english: str) -> None:
    assert english_lead(vietnamese) == english


@pytest.mark.parametrize(
    ("vietnamese", "english"),
    [
        ("quý I năm 2022", "Q1 2022"),
        ("quý II/2022", "Q2 2022"),
        ("6 tháng đầu năm 2022", "first 6 months of 2022"),
        ("cuối năm 2025", "end of 2025"),
        ("trước ngày 30/11 hằng năm", "before 30/11 every year"),
    ],
)
def test_date_wording_is_english(vietnamese: str, english: str) -> None:
    assert english_lead(vietnamese) == english


def test_a_lead_of_one_says_its_unit_in_the_singular() -> None:
    # The glossary says "hộ" as "households"; after 1 (or "01") it is one household.
    assert english_lead("1 hộ") == "1 household"
    assert english_lead("01 chốt") == "01 checkpoint"
    assert english_lead("2 hộ") == "2 households"
    assert english_lead("859.463 người") == "859,463 people"


def test_a_range_from_to_reads_from_to_and_keeps_its_whole_unit() -> None:
    assert english_lead("từ 3 đến 5 ngày") == "from 3 to 5 days"
    assert english_lead("300 hộ (từ 2021 đến 2025)") == "300 households (from 2021 to 2025)"
    # The unit after the second end is completed to the passage's whole word.
    assert english_lead("1.000 - 2.000 điện", "trang_bị 1.000 - 2.000 điện_thoại") == (
        "1,000 - 2,000 phones"
    )


def test_a_part_of_a_whole_keeps_its_whole_unit() -> None:
    # The segmenter writes the whole apart from its part: "109 / 162 gói_thầu".
    segmented = "thanh_tra phát_hiện 109 / 162 gói_thầu sai_phạm"
    assert whole_unit("109/162 gói", segmented) == "109/162 gói thầu"
    # The English lead keeps the part and its whole, each in English number format, and
    # counts the whole in its unit's plural.
    assert english_lead("109/162 gói", segmented) == "109/162 bidding packages"
    smartphones = "có 314.960 / 645.918 smartphone cài_đặt"
    assert english_lead("314.960/645.918 Smartphone", smartphones) == (
        "314,960/645,918 smartphones"
    )
