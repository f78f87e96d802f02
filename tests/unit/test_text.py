"""Numbers, dates and Vietnamese normalisation, on the forms the bundled reports use."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from hoidap.text import (
    dates_in,
    find_dates,
    find_numbers,
    fold,
    has_diacritics,
    nfc,
    number_values,
    parse_number_token,
    strip_diacritics,
    strip_markdown,
)


def test_nfc_joins_decomposed_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Bắc Giang tiêm vắc xin")
    assert decomposed != "Bắc Giang tiêm vắc xin"
    assert nfc(decomposed) == "Bắc Giang tiêm vắc xin"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cà Mau đã tiêm", "Ca Mau da tiem"),
        ("ĐIỀU TRỊ Đồng Nai", "DIEU TRI Dong Nai"),
        ("Sóc Trăng, Trà Vinh, Lạng Sơn", "Soc Trang, Tra Vinh, Lang Son"),
        (unicodedata.normalize("NFD", "Bắc Giang"), "Bac Giang"),
    ],
)
def test_strip_diacritics(text: str, expected: str) -> None:
    assert strip_diacritics(text) == expected


def test_fold_lowercases_and_collapses_space() -> None:
    assert fold("  Tỉnh  CÀ MAU\n tiêm ") == "tinh ca mau tiem"


def test_has_diacritics() -> None:
    assert has_diacritics("Cà Mau")
    assert not has_diacritics("ca mau tiem bao nhieu nguoi")
    assert not has_diacritics("How many people")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#### **I. DIỄN BIẾN DỊCH BỆNH**", "I. DIỄN BIẾN DỊCH BỆNH"),
        ("Số: **855** /QĐ-UBND", "Số: 855 /QĐ-UBND"),
        ("*Căn cứ Luật Tổ chức*", "Căn cứ Luật Tổ chức"),
        ("* Đợt dịch thứ 4: Từ ngày 07/5/2021", "* Đợt dịch thứ 4: Từ ngày 07/5/2021"),
        ("~~cũ~~ mới", "cũ mới"),
        ("1\\. Mục", "1. Mục"),
    ],
)
def test_strip_markdown_keeps_text_and_bullets(text: str, expected: str) -> None:
    assert strip_markdown(text) == expected


@pytest.mark.parametrize(
    ("token", "lang", "value"),
    [
        ("859.463", "vi", 859463),
        ("2.413.971.000.000", "vi", 2413971000000),
        ("74,8", "vi", 74.8),
        ("1,5", "vi", 1.5),
        ("10.000", "vi", 10000),
        ("1.045.397", "vi", 1045397),
        ("03", "vi", 3),
        ("859,463", "en", 859463),
        ("74.8", "en", 74.8),
        ("1.234.567,89", "vi", 1234567.89),
        ("1,234,567.89", "en", 1234567.89),
    ],
)
def test_parse_number_token(token: str, lang: str, value: float) -> None:
    assert parse_number_token(token, lang) == pytest.approx(value)


def test_parse_number_token_rejects_words() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number_token("mười")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "tiêm vắc xin cho 859.463 người (74,8% dân số)",
            [(859463, False, "người"), (74.8, True, "%")],
        ),
        ("tổng kinh phí 2.413.971.000.000 đồng", [(2413971000000, False, "đồng")]),
        ("khoảng 1,5 triệu liều", [(1500000, False, "liều")]),
        ("2 tỷ đồng", [(2e9, False, "đồng")]),
        ("ghi nhận 5.779 F0; 43.469 F1", [(5779, False, "f0"), (43469, False, "f1")]),
        ("tỷ lệ 10,8 % tổng số ca", [(10.8, True, "%")]),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[float, bool, str]]) -> None:
    got = [(m.value, m.is_percent, m.unit) for m in find_numbers(text)]
    assert got == [(pytest.approx(v), p, u) for v, p, u in expected]


@pytest.mark.parametrize(
    "text",
    [
        "dịch COVID-19 và SARS-CoV-2",
        "Quyết định số 855/QĐ-UBND",
        "Nghị quyết số 128/NQ-CP",
        "ngày 16/11/2021",
        "F0 và F1",
        "COVID -19",
        "trạm BTS 3G/4G và trạm 5G",
        "thông điệp 5K, mô hình 3D, Quốc lộ 1A",
    ],
)
def test_codes_dates_and_document_numbers_are_not_figures(text: str) -> None:
    assert find_numbers(text) == []


def test_number_spans_point_at_the_text() -> None:
    text = "Cà Mau đã tiêm cho 859.463 người"
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == "859.463"


def test_number_values_match_across_conventions() -> None:
    assert number_values("859.463 người") == number_values("859,463 people", lang="en")
    assert number_values("74,8%") == {74.8}


@pytest.mark.parametrize(
    ("text", "first", "last", "granularity"),
    [
        ("đến hết ngày 16/11/2021", "2021-11-16", "2021-11-16", "day"),
        ("Từ ngày 22/01/2020", "2020-01-22", "2020-01-22", "day"),
        ("ngày 16 tháng 11 năm 2021", "2021-11-16", "2021-11-16", "day"),
        ("Trà Vinh, ngày 13 tháng 5 năm 2022", "2022-05-13", "2022-05-13", "day"),
        ("trong tháng 10/2021", "2021-10-01", "2021-10-31", "month"),
        ("tháng 2 năm 2020", "2020-02-01", "2020-02-29", "month"),
        ("cuối tháng 5/2021", "2021-05-01", "2021-05-31", "month"),
        ("từ 3/2020", "2020-03-01", "2020-03-31", "month"),
        ("năm 2021", "2021-01-01", "2021-12-31", "year"),
        ("quý III/2021", "2021-07-01", "2021-09-30", "quarter"),
        ("by 16/11/2021", "2021-11-16", "2021-11-16", "day"),
        ("as of November 16, 2021", "2021-11-16", "2021-11-16", "day"),
        ("on 16 November 2021", "2021-11-16", "2021-11-16", "day"),
        ("in October 2021", "2021-10-01", "2021-10-31", "month"),
        ("in 2021", "2021-01-01", "2021-12-31", "year"),
        ("By 2025, what share", "2025-01-01", "2025-12-31", "year"),
        ("must be trained by 2030?", "2030-01-01", "2030-12-31", "year"),
        # A date typed into a template's dotted blanks (e01_ha-noi.txt, e02_ha-noi.txt).
        ("có hiệu lực thi hành từ ngày .27..tháng 01.năm 2025.", "2025-01-27", "2025-01-27", "day"),
        ("có hiệu lực từ ngày 27 tháng 01... năm 2025", "2025-01-27", "2025-01-27", "day"),
    ],
)
def test_find_dates(text: str, first: str, last: str, granularity: str) -> None:
    (d,) = dates_in(text)
    assert (d.first.isoformat(), d.last.isoformat(), d.granularity) == (first, last, granularity)


def test_day_without_year_takes_default_year() -> None:
    (d,) = dates_in("Lũy kế từ 18/8 đến nay", default_year=2021)
    assert d.first == dt.date(2021, 8, 18)
    assert not d.has_year
    assert dates_in("Lũy kế từ 18/8 đến nay") == []
    # ...but its digits are still not figures.
    assert find_numbers("Lũy kế từ 18/8 đến nay") == []


def test_invalid_dates_are_ignored() -> None:
    assert dates_in("ngày 31/02/2021") == []
    assert dates_in("tháng 13/2021") == []


def test_range_yields_both_ends() -> None:
    got = dates_in("Giai đoạn 1: Từ ngày 22/01/2020 đến ngày 22/7/2020")
    assert [d.first.isoformat() for d in got] == ["2020-01-22", "2020-07-22"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # The start's year is the end's (Lạng Sơn's report), whatever the document's year.
        ("riêng từ ngày 01/11 đến ngày 18/11/2021, ghi nhận 170 ca", "2021-11-01"),
        ("Từ ngày 01/11 đến hết ngày 18/11/2021", "2021-11-01"),
        ("từ 01/11-18/11/2021", "2021-11-01"),
        # Any of the three dashes (hoidap.text.DASH).
        ("từ 01/11 – 18/11/2021", "2021-11-01"),
        ("từ 01/11 — 18/11/2021", "2021-11-01"),
        # A start in a later month than the end is of the year before.
        ("từ 15/12 đến 10/01/2022", "2021-12-15"),
        ("from 15/12 to 10/01/2022", "2021-12-15"),
    ],
)
def test_a_range_start_without_year_takes_the_ends_year(text: str, first: str) -> None:
    start, end = find_dates(text, default_year=2020)
    assert (start.first.isoformat(), start.granularity, start.has_year) == (first, "day", True)
    assert text[start.start : start.end] == start.text and "/" in start.text
    assert end.has_year and end.first > start.first
    # Not an age range, nor a lone day without a year.
    assert dates_in("từ 12-17 tuổi") == []
    assert dates_in("từ ngày 01/11 đến nay") == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("từ ngày 08 đến ngày 10 tháng 12 năm 2025", "2025-12-08", "2025-12-10"),
        ("từ ngày 08 - 10 tháng 12 năm 2025", "2025-12-08", "2025-12-10"),
        ("vào ngày 28-29/7/2021", "2021-07-28", "2021-07-29"),
        ("ngày 5 và 29/6/2021", "2021-06-05", "2021-06-29"),
    ],
)
def test_a_ranges_first_day_takes_the_last_days_month_and_year(
    text: str, first: str, last: str
) -> None:
    start, end = find_dates(text)
    assert (start.first.isoformat(), end.first.isoformat()) == (first, last)
    assert start.granularity == end.granularity == "day"
    # A count before a date is no day of it.
    assert [d.first.isoformat() for d in find_dates("tăng 5 - 10/12/2025")] == ["2025-12-10"]


def test_date_spans_point_at_the_text() -> None:
    text = "Tính đến hết ngày 30/9/2021, tỉnh Cà Mau"
    (d,) = find_dates(text)
    assert text[d.start : d.end] == "30/9/2021"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Luỹ tích", "Lũy tích"),
        ("hoà bình", "hòa bình"),
        ("Uỷ ban", "Ủy ban"),
        ("Quý", "Quý"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("Thuý", "Thúy"),
        ("loại", "loại"),
    ],
)
def test_normalize_tones(old: str, new: str) -> None:
    from hoidap.text import normalize_tones

    assert normalize_tones(old) == new


def test_number_glued_to_its_unit() -> None:
    (m,) = find_numbers("đường biên giới dài 231,74km")
    assert (m.value, m.unit) == (231.74, "km")
    # A capital unit glued to its figure is still a figure; one capital letter alone
    # ("5G") names a thing.
    got = [(m.value, m.unit) for m in find_numbers("máy 1000W, điện 220V, 5G, 500g gạo")]
    assert got == [(1000, "w"), (220, "v"), (500, "g")]


def test_fast_folding_matches_the_general_one_on_every_report() -> None:
    """The translation-table path must give what decomposition gives, NFC or not."""
    import unicodedata

    from hoidap.text import _strip_slow, strip_diacritics

    reports = Path(__file__).resolve().parents[2] / "data" / "reports"
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(reports.iterdir()))
    for sample in (text, unicodedata.normalize("NFD", text), text.upper(), "Ñandú “x” Ξένη"):
        assert strip_diacritics(sample) == _strip_slow(sample)


def test_the_date_hint_skips_only_texts_without_a_date() -> None:
    """find_dates skips the patterns whose year, "d/d" or English month the text lacks:
    the full scan finds the same, on generated texts mixing the words, digits and
    separators of every date form, and on every line of the bundled reports."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from hoidap.text import _find_dates

    pieces = st.sampled_from(
        ["ngày ", "tháng ", "năm ", "quý ", "III", "Q", "November ", "nov. ", "MAY ", "Jan",
         "th ", "in ", "đến ", "hết ", "1", "2", "9", "0", "19", "20", "/", ".", "-", ",", " ",
         "x"]
    )  # fmt: skip

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(text=st.lists(pieces, max_size=14).map("".join), year=st.sampled_from([None, 2021]))
    def same(text: str, year: int | None) -> None:
        assert find_dates(text, year) == _find_dates(text, year)

    same()
    reports = Path(__file__).resolve().parents[2] / "data" / "reports"
    lines = [
        line for p in sorted(reports.glob("*.txt")) for line in p.read_text("utf-8").splitlines()
    ]
    assert all(find_dates(line, 2021) == _find_dates(line, 2021) for line in lines)
    assert sum(bool(find_dates(line, 2021)) for line in lines) > 100
    assert find_dates("từ ngày 18/8 đến nay", 2021)[0].first == dt.date(2021, 8, 18)
