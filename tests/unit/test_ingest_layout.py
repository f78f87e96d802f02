"""A document's parts on the real plans, decisions and COVID reports (ingest/layout.py)."""

from __future__ import annotations

from pathlib import Path

from ingest.layout import PARTS, read_parts

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "eval" / "corpus" / "dev"


def _parts(path: Path) -> tuple[list[str], tuple[str, ...]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines, read_parts(lines)


def _part_of(lines: list[str], parts: tuple[str, ...], start: str) -> str:
    """The part of the first line that starts with ``start`` (markup aside)."""
    for line, part in zip(lines, parts, strict=True):
        if line.replace("*", "").strip().startswith(start):
            return part
    raise AssertionError(f"no line starts with {start!r}")


def test_a_plan_letterhead_title_preamble_body_closing_recipients_signature() -> None:
    lines, parts = _parts(DEV / "d04_dak-lak.txt")
    assert len(parts) == len(lines) and set(parts) <= set(PARTS)
    assert _part_of(lines, parts, "Số: 0125/KH-UBND") == "letterhead"
    assert _part_of(lines, parts, "Đắk Lắk, ngày 18 tháng 11 năm 2025") == "letterhead"
    assert _part_of(lines, parts, "KẾ HOẠCH") == "title"
    assert _part_of(lines, parts, "PHÁT ĐỘNG PHONG TRÀO THI ĐUA") == "title"
    assert _part_of(lines, parts, "Thực hiện Chỉ thị số 46-CT/TW") == "preamble"
    assert _part_of(lines, parts, "UBND tỉnh ban hành Kế hoạch") == "preamble"
    assert _part_of(lines, parts, "I. MỤC ĐÍCH, YÊU CẦU") == "body"
    assert _part_of(lines, parts, "a) Nhằm phát huy sức mạnh") == "body"
    assert _part_of(lines, parts, "Trên đây là kế hoạch") == "closing"
    assert _part_of(lines, parts, "Nơi nhận") == "recipients"
    assert _part_of(lines, parts, "KT. CHỦ TỊCH") == "signature"


def test_a_decision_with_its_plan_attached() -> None:
    lines, parts = _parts(DEV / "d15_ho-chi-minh.txt")
    assert _part_of(lines, parts, "QUYẾT ĐỊNH") == "title"
    assert _part_of(lines, parts, "Căn cứ Luật Tổ chức chính quyền") == "preamble"
    assert _part_of(lines, parts, "Theo đề nghị của Sở Tài chính") == "preamble"
    assert _part_of(lines, parts, "QUYẾT ĐỊNH:") == "preamble"
    assert _part_of(lines, parts, "Điều 1.") == "body"
    assert _part_of(lines, parts, "Nơi nhận") == "recipients"
    # The plan issued with the decision: its heading, then its content.
    assert _part_of(lines, parts, "(Kèm theo Quyết định số 2820") == "annex_head"
    assert _part_of(lines, parts, "I. MỤC ĐÍCH, YÊU CẦU") == "annex"
    assert _part_of(lines, parts, "- Quán triệt, triển khai có hiệu quả") == "annex"


def test_a_basis_broken_over_two_lines_stays_in_the_preamble() -> None:
    lines = [
        "**QUYẾT ĐỊNH**",
        "**Ban hành Kế hoạch thực hiện Chương trình phòng, chống dịch COVID-19**",
        "*Căn cứ Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ ban hành  ",
        "Chương trình phòng, chống dịch COVID-19;  ",
        "Theo đề nghị của Giám đốc Sở Y tế.*",
        "**QUYẾT ĐỊNH:**",
        "**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch …",
    ]
    assert read_parts(lines) == ("title",) * 2 + ("preamble",) * 4 + ("body",)


def test_a_covid_report_is_title_and_body() -> None:
    lines, parts = _parts(ROOT / "data" / "reports" / "000_3a8c0decba8df780.txt")
    assert "preamble" not in parts and "letterhead" not in parts
    assert _part_of(lines, parts, "#### I. DIỄN BIẾN") == "body"
    # "Thực hiện …" inside a section is the body's, not a basis line of the preamble.
    body_basis = [
        p
        for line, p in zip(lines, parts, strict=True)
        if line.lstrip("-* ").startswith("Thực hiện")
    ]
    assert body_basis and set(body_basis) == {"body"}


def test_a_footnote_after_the_signature_is_the_bodys() -> None:
    lines, parts = _parts(DEV / "d02_ca-mau.txt")
    assert _part_of(lines, parts, "[1] Trong đó") == "body"


def test_body_lines_that_look_like_front_or_back_parts_stay_in_the_body() -> None:
    """A "PHỤ LỤC" line below the body's first sentence, a body sentence opening "Để …" or
    "Triển khai …" without a document it carries out, and "Nơi nhận hồ sơ: …" are the body's."""
    lines = [
        "Năm 2022 tỉnh đã tiêm 500.000 liều vắc xin cho người dân trên địa bàn, đạt kế hoạch đề ra "
        "và bảo đảm an toàn tuyệt đối cho người được tiêm.",
        "Để đảm bảo an toàn, các xã bố trí đủ nhân lực.",
        "Triển khai tiêm tại 20 điểm cố định.",
        "Nơi nhận hồ sơ: Bộ phận một cửa của xã.",
        "## PHỤ LỤC",
        "Danh sách các điểm tiêm.",
    ]
    parts = read_parts(lines)
    assert parts[:4] == ("body",) * 4, parts
    assert set(parts) <= set(PARTS)
    assert read_parts([]) == ()


def test_a_basis_that_names_what_it_carries_out_is_the_preamble() -> None:
    parts = read_parts(
        [
            "KẾ HOẠCH",
            "Triển khai tiêm chủng",
            "Để triển khai Kế hoạch số 12/KH-UBND ngày 05/3/2021 của UBND tỉnh,",
            "Sở Y tế xây dựng kế hoạch như sau:",
            "I. MỤC ĐÍCH",
        ]
    )
    assert parts[2] == "preamble" and parts[4] == "body", parts
