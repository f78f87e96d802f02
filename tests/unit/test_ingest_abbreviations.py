"""Abbreviations a document defines for itself (ingest/abbreviations.py), read as the
2025 plans write them, and only when the bracket's letters spell the words before it."""

from __future__ import annotations

import pytest

from ingest.abbreviations import defined_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The forms of the dev corpus's plans (Đồng Tháp, Đồng Nai, Cà Mau, Đắk Lắk).
        (
            "hỗ trợ doanh nghiệp nhỏ và vừa (DNNVV), hợp tác xã (HTX), hộ kinh doanh (HKD)",
            [
                ("DNNVV", "doanh nghiệp nhỏ và vừa"),
                ("HTX", "hợp tác xã"),
                ("HKD", "hộ kinh doanh"),
            ],
        ),
        (
            "Đẩy mạnh chuyển đổi số (CĐS) trong các khu công nghiệp (KCN).",
            [("CĐS", "chuyển đổi số"), ("KCN", "khu công nghiệp")],
        ),
        ("nguồn ngân sách địa phương (NSĐP) bố trí", [("NSĐP", "ngân sách địa phương")]),
        # "sau đây gọi tắt là", "&" for "và", "và" left out of the initials.
        (
            "thành lập Ban Chỉ đạo (sau đây gọi tắt là BCĐ) tỉnh",
            [("BCĐ", "Ban Chỉ đạo")],
        ),
        ("Sở Khoa học và Công nghệ (KH&CN)", [("KH&CN", "Khoa học và Công nghệ")]),
        ("Sở Khoa học và Công nghệ (KHCN)", [("KHCN", "Khoa học và Công nghệ")]),
    ],
)
def test_a_definition_gives_the_short_and_the_full_form(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert list(defined_in(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "các trường hợp tiếp xúc gần (F1) phải cách ly",  # a code, not initials
        "Tổng sản phẩm trên địa bàn (GRDP) tăng 8%",  # an English acronym
        "Sở Y tế (Sở) chủ trì",  # a shortened name, not an abbreviation
        "theo Quyết định số 12/QĐ-UBND (QĐ) ngày",  # letters that spell nothing before
        "(KCN) ở đầu dòng",  # nothing before it
    ],
)
def test_brackets_that_define_nothing_are_left_out(text: str) -> None:
    assert defined_in(text) == ()


def test_the_first_definition_of_a_short_form_is_kept() -> None:
    text = "khu công nghiệp (KCN) … khu chế nghiệp (KCN)"
    assert defined_in(text) == (("KCN", "khu công nghiệp"),)
