"""Header facts: kind, title, number, issue date, period rules and the main province."""

from __future__ import annotations

import datetime as dt

from ingest.metadata import (
    document_number,
    issue_date,
    kind_and_title,
    main_province,
    period,
    report_dates,
)


def test_number_with_emphasis_inside() -> None:
    assert document_number("Số: **855** /QĐ-UBND\n") == "855/QĐ-UBND"
    assert document_number("Số: 51/BC-UBND") == "51/BC-UBND"
    assert document_number("BÁO CÁO\nKết quả") == ""
    assert document_number("Số: 03 /2025/QĐ-UBND") == "03/2025/QĐ-UBND"


def test_issue_date_from_place_and_date_line() -> None:
    header = "Số: **855** /QĐ-UBND\n\nTrà Vinh, ngày **13** tháng **5** năm 2022\n"
    assert issue_date(header) == dt.date(2022, 5, 13)
    assert issue_date("Kết quả đến ngày 16 tháng 11 năm 2021") is None


def test_kind_and_title() -> None:
    assert kind_and_title(["", "## **BÁO CÁO**", "", "### **Kết quả năm 2021 tỉnh Cà Mau**"]) == (
        "báo cáo",
        "Báo cáo kết quả năm 2021 tỉnh Cà Mau",
    )
    lines = ["**QUYẾT ĐỊNH**", "", "**Ban hành Kế hoạch thực hiện  ", "trên địa bàn tỉnh**"]
    assert kind_and_title(lines) == (
        "quyết định",
        "Quyết định ban hành Kế hoạch thực hiện trên địa bàn tỉnh",
    )
    assert kind_and_title([" BÁO CÁO", "Tổng kết công tác", "Thực hiện Thông báo số 10"]) == (
        "báo cáo",
        "Báo cáo tổng kết công tác",
    )
    assert kind_and_title(["V/v tăng cường phòng dịch"])[0] == "công văn"


def test_cited_document_dates_are_not_report_dates() -> None:
    text = (
        "Thực hiện Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ, "
        "Luật Tổ chức chính quyền địa phương ngày 19/6/2015; đến ngày 16/11/2021 tỉnh đã tiêm."
    )
    assert [d[0] for d in report_dates(text)] == [dt.date(2021, 11, 16)]


def test_period_rules() -> None:
    plan = "II. THỜI GIAN THỰC HIỆN: Năm 2022 - 2023.\nTrước tháng 9/2022."
    assert period(plan, "Kế hoạch", None) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    # Any of the three dashes (hoidap.text.DASH).
    for dash in "–—":
        written = plan.replace(" - ", f" {dash} ")
        assert period(written, "Kế hoạch", None) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))
    year = "Lũy kế đến hết ngày 16/11/2021 ... Từ ngày 01/10/2021 ..."
    assert period(year, "Báo cáo kết quả năm 2021", None) == (
        dt.date(2021, 1, 1),
        dt.date(2021, 11, 16),
    )
    span = "Từ ngày 22/01/2020 đến ngày 22/7/2020 ... đến ngày 27/3/2023, dự kiến ngày 01/01/2030"
    assert period(span, "Báo cáo 03 năm", dt.date(2023, 4, 1)) == (
        dt.date(2020, 1, 22),
        dt.date(2023, 3, 27),
    )
    assert period("Không có ngày nào.", "Báo cáo", None) == (None, None)


def test_main_province_is_the_salient_one() -> None:
    text = (
        "trên địa bàn tỉnh, tỉnh Bắc Giang đã đón công dân từ TP Hồ Chí Minh, Bình Dương, "
        "Đồng Nai, Long An, Bình Dương và Đồng Nai; UBND tỉnh Bắc Giang chỉ đạo."
    )
    assert main_province(text, "BÁO CÁO tổng kết trên địa bàn tỉnh") == "Bắc Giang"
    assert main_province("Không nhắc tỉnh nào.", "") == ""
    assert main_province("Hỗ trợ Bình Dương.", "Báo cáo tỉnh Lạng Sơn") == "Lạng Sơn"
