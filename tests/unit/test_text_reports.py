"""Every number and date written in the bundled reports is parsed, and a hand-checked
sample has the right value."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hoidap.text import dates_in, find_numbers, nfc, strip_markdown

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"


def _text(name: str) -> str:
    return strip_markdown(nfc((REPORTS / name).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def all_text() -> str:
    return "\n".join(_text(p.name) for p in sorted(REPORTS.glob("*.txt")))


# (report, the exact phrase, value, unit or "%")
NUMBER_SAMPLE = [
    ("001_fa29380e2daf4212.txt", "tiêm vắc xin cho 859.463 người", 859463, "người"),
    ("001_fa29380e2daf4212.txt", "1.045.397 ca mắc", 1045397, "ca"),
    ("001_fa29380e2daf4212.txt", "chiếm tỷ lệ 10,8%", 10.8, "%"),
    ("004_8e7d0687179e8b09.txt", "tổng số trường hợp 5.779 F0", 5779, "f0"),
    ("004_8e7d0687179e8b09.txt", "43.469 F1", 43469, "f1"),
    ("003_ab47fa1bd8ede6ab.txt", "Đã thành lập 2.161 Tổ COVID", 2161, "tổ"),
    ("003_ab47fa1bd8ede6ab.txt", "quản lý 181.261 hộ", 181261, "hộ"),
]


@pytest.mark.parametrize(("report", "phrase", "value", "unit"), NUMBER_SAMPLE)
def test_hand_checked_numbers(report: str, phrase: str, value: float, unit: str) -> None:
    text = _text(report)
    assert phrase in text
    found = [m for m in find_numbers(phrase) if m.value == pytest.approx(value)]
    assert found and found[0].unit == unit


DATE_SAMPLE = [
    ("000_3a8c0decba8df780.txt", "Từ ngày 22/01/2020 đến ngày 22/7/2020", dt.date(2020, 1, 22)),
    ("001_fa29380e2daf4212.txt", "Tính đến hết ngày 30/9/2021", dt.date(2021, 9, 30)),
    ("002_b58efc9185625b5d.txt", "ngày 13 tháng 5 năm 2022", dt.date(2022, 5, 13)),
    (
        "003_ab47fa1bd8ede6ab.txt",
        "Công văn số 9731/BYT-VPB1 ngày 17/11/2021",
        dt.date(2021, 11, 17),
    ),
    ("004_8e7d0687179e8b09.txt", "Từ ngày 07/5/2021 đến ngày 17/8/2021", dt.date(2021, 5, 7)),
]


@pytest.mark.parametrize(("report", "phrase", "first"), DATE_SAMPLE)
def test_hand_checked_dates(report: str, phrase: str, first: dt.date) -> None:
    assert phrase in _text(report)
    assert dates_in(phrase)[0].first == first


def test_every_grouped_number_in_the_reports_parses(all_text: str) -> None:
    """Each "1.234.567" or "12,5" written in the reports becomes exactly one figure."""
    pattern = r"(?<![\w/.,\-])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w/]|[.,]\d)"
    written = {m.start(): m.group() for m in re.finditer(pattern, all_text)}
    assert len(written) > 300
    parsed = {m.start: m for m in find_numbers(all_text)}
    for start, tok in written.items():
        assert start in parsed, tok
        if not re.search(r"(triệu|tỷ|tỉ|nghìn|ngàn)$", parsed[start].text):
            assert parsed[start].value == float(tok.replace(".", "").replace(",", "."))


def test_every_full_date_in_the_reports_parses(all_text: str) -> None:
    written = re.findall(r"(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?!\d)", all_text)
    assert len(written) > 150
    parsed = {d.text for d in dates_in(all_text)}
    missing = [w for w in written if w not in parsed]
    assert missing == []


def test_every_percentage_in_the_reports_parses(all_text: str) -> None:
    written = re.findall(r"(?<![\w.,])\d+(?:[.,]\d+)?\s?%", all_text)
    got = [m for m in find_numbers(all_text) if m.is_percent]
    assert len(got) == len(written) > 40
    assert all(0 <= m.value <= 100 for m in got)
