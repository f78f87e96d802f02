"""Periods with their role: plan horizons, result periods, deadlines."""

from __future__ import annotations

import datetime as dt

from hoidap.types import Section
from ingest.periods import deadlines, horizon, section_periods, since_periods, title_periods

ISSUED = dt.date(2025, 11, 20)


def test_horizons() -> None:
    assert horizon("giai đoạn 2026 - 2030", ISSUED)[:2] == (
        dt.date(2026, 1, 1),
        dt.date(2030, 12, 31),
    )
    assert horizon("TÀI CHÍNH 03 NĂM 2026 - 2028", ISSUED)[:2] == (
        dt.date(2026, 1, 1),
        dt.date(2028, 12, 31),
    )
    assert horizon("lộ trình đổi mới công nghệ đến năm 2035", ISSUED)[:2] == (
        ISSUED,
        dt.date(2035, 12, 31),
    )
    assert horizon("nhiệm vụ trọng tâm cuối năm 2025", ISSUED)[:2] == (
        ISSUED,
        dt.date(2025, 12, 31),
    )
    assert horizon("đại biểu HĐND nhiệm kỳ 2026 - 2031", ISSUED) is None
    assert horizon("5G, IoT, tầm nhìn đến năm 2045", ISSUED) is None


def test_cited_dates_are_not_a_horizon() -> None:
    title = "Kế hoạch triển khai Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025"
    assert title_periods(title, ISSUED) == []
    assert title_periods("Kế hoạch công tác năm 2026", ISSUED)[0].end == dt.date(2026, 12, 31)
    assert title_periods("Báo cáo kết quả năm 2021", None, "báo cáo") == []


def test_since_until_now_is_a_result_period() -> None:
    found = since_periods("việc sắp xếp (từ ngày 01/7 đến nay) trên địa bàn", ISSUED)
    assert [(p.role, p.start, p.end) for p in found] == [("result", dt.date(2025, 7, 1), ISSUED)]


def test_deadlines_need_a_year() -> None:
    text = "Hoàn thành trước ngày 31/12/2025; báo cáo trước ngày 30/11 hằng năm."
    found = deadlines(text, "s")
    assert [(p.role, p.end, p.section_id) for p in found] == [
        ("deadline", dt.date(2025, 12, 31), "s")
    ]


def test_section_periods() -> None:
    lines = [
        "I. TÌNH HÌNH THỰC HIỆN NĂM 2025",
        "Thu ngân sách đạt 100%.",
        "II. NHIỆM VỤ GIAI ĐOẠN 2026 - 2030",
        "Thời gian thực hiện: Từ năm 2026 - 2028.",
        "Hoàn thành trước ngày 30/6/2026.",
    ]
    sections = [
        Section("a", "I", lines[0], 1, (lines[0],), 1, 2),
        Section("b", "II", lines[2], 1, (lines[2],), 3, 5),
    ]
    got = [(p.role, p.start, p.end, p.section_id) for p in section_periods(sections, lines, ISSUED)]
    assert got == [
        ("result", dt.date(2025, 1, 1), ISSUED, "a"),
        ("plan", dt.date(2026, 1, 1), dt.date(2030, 12, 31), "b"),
        ("plan", dt.date(2026, 1, 1), dt.date(2028, 12, 31), "b"),
        ("deadline", None, dt.date(2026, 6, 30), "b"),
    ]
