"""Golden tests on the development corpus: 17 real 2025 provincial documents (plans,
decisions issuing plans, a notice of conclusions) under ``eval/corpus/dev``.

Kind, number, issuer and issue date come from the corpus MANIFEST (ground truth); the
title (subject line), place, signer and period were checked by hand against each file.
Section trees are compared with ``tests/data/golden/dev_sections.json``; after a reviewed
change to the section finder, rewrite it with
``python -m tests.integration.test_ingest_dev_corpus --write`` and review the diff.
"""

# ruff: noqa: E501  (golden titles are long Vietnamese subject lines, kept one per line)

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from tests.conftest import REPO

DEV = REPO / "eval" / "corpus" / "dev"
GOLDEN_SECTIONS = REPO / "tests" / "data" / "golden" / "dev_sections.json"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not DEV.is_dir(), reason="eval/corpus/dev is not in this checkout"),
]


class Meta(NamedTuple):
    kind: str
    number: str
    issuer: str
    issued: str | None
    place: str
    title: str
    signer: str
    signer_title: str
    period: tuple[str | None, str | None]


EXPECTED = {
    "d01_bac-ninh.txt": Meta(
        "kế hoạch",
        "141/KH-UBND",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "2025-11-20",
        "Bắc Ninh",
        "Kế hoạch nâng cao năng lực cho đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật trên địa bàn tỉnh giai đoạn 2026 - 2030",
        "Phạm Văn Thịnh",
        "Phó Chủ tịch",
        ("2026-01-01", "2030-12-31"),
    ),
    "d02_ca-mau.txt": Meta(
        "kế hoạch",
        "0204/KH-UBND",
        "Ủy ban nhân dân tỉnh Cà Mau",
        "2025-11-24",
        "Cà Mau",
        "Kế hoạch tài chính - ngân sách nhà nước 03 năm 2026 - 2028 tỉnh Cà Mau",
        "Lâm Văn Bi",
        "Phó Chủ tịch",
        ("2026-01-01", "2028-12-31"),
    ),
    "d03_can-tho.txt": Meta(
        "kế hoạch",
        "157/KH-UBND",
        "Ủy ban nhân dân thành phố Cần Thơ",
        "2025-11-18",
        "Cần Thơ",
        "Kế hoạch phát động phong trào thi đua vận động thực hiện chi trả trợ giúp xã hội, hưu trí xã hội không dùng tiền mặt trên địa bàn thành phố Cần Thơ",
        "Nguyễn Thị Ngọc Điệp",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d04_dak-lak.txt": Meta(
        "kế hoạch",
        "0125/KH-UBND",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "2025-11-18",
        "Đắk Lắk",
        "Kế hoạch phát động Phong trào Thi đua thực hiện thành công cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026 - 2031",
        "Đào Mỹ",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d05_dak-lak.txt": Meta(
        "kế hoạch",
        "0134/KH-UBND",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "2025-11-25",
        "Đắk Lắk",
        "Kế hoạch quan trắc, cảnh báo môi trường tại một số vùng nuôi trồng thủy sản trên địa bàn tỉnh Đắk Lắk, giai đoạn 2026- 2030",
        "Trương Công Thái",
        "Phó Chủ tịch",
        ("2026-01-01", "2030-12-31"),
    ),
    "d06_dong-nai.txt": Meta(
        "kế hoạch",
        "179/KH-UBND",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "2025-11-18",
        "Đồng Nai",
        "Kế hoạch phát triển kinh tế số và xã hội số trên địa bàn tỉnh Đồng Nai giai đoạn 2026 - 2030",
        "Võ Tấn Đức",
        "Chủ tịch",
        ("2026-01-01", "2030-12-31"),
    ),
    "d07_dong-thap.txt": Meta(
        "kế hoạch",
        "552/KH-UBND",
        "Ủy ban nhân dân tỉnh Đồng Tháp",
        "2025-11-19",
        "Đồng Tháp",
        "Kế hoạch thực hiện lộ trình đổi mới công nghệ đến năm 2035 trên địa bàn tỉnh Đồng Tháp đối với các ngành kinh tế mũi nhọn",
        "Huỳnh Minh Tuấn",
        "Phó Chủ tịch",
        ("2025-11-19", "2035-12-31"),
    ),
    "d08_dong-thap.txt": Meta(
        "kế hoạch",
        "597/KH-UBND",
        "Ủy ban nhân dân tỉnh Đồng Tháp",
        "2025-11-27",
        "Đồng Tháp",
        "Kế hoạch chuyển đổi số trong hoạt động xây dựng, quản lý, khai thác kết cấu hạ tầng giao thông trên địa bàn Tỉnh Đồng Tháp",
        "Nguyễn Thành Diệu",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d09_dong-thap.txt": Meta(
        "kế hoạch",
        "617/KH-UBND",
        "Ủy ban nhân dân tỉnh Đồng Tháp",
        "2025-12-01",
        "Đồng Tháp",
        "Kế hoạch chuyển đổi số cho các doanh nghiệp, nhất là doanh nghiệp nhỏ và vừa, hợp tác xã, hộ kinh doanh",
        "Huỳnh Minh Tuấn",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d10_ha-noi.txt": Meta(
        "kế hoạch",
        "310/KH-UBND",
        "Ủy ban nhân dân thành phố Hà Nội",
        "2025-11-24",
        "Hà Nội",
        "Kế hoạch phát triển hạ tầng 5G, IoT trong các khu công nghệ cao, khu công nghiệp, cụm công nghiệp trên địa bàn Thành phố Hà Nội đến năm 2030",
        "Trương Việt Dũng",
        "Phó Chủ tịch",
        ("2025-11-24", "2030-12-31"),
    ),
    "d11_ho-chi-minh.txt": Meta(
        "kế hoạch",
        "174/KH-UBND",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "2025-11-18",
        "Thành phố Hồ Chí Minh",
        "Kế hoạch triển khai các nhiệm vụ trọng tâm cuối năm 2025 lĩnh vực bình đẳng giới và “Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới” trên địa bàn Thành phố Hồ Chí Minh",
        "Trần Thị Diệu Thúy",
        "Phó Chủ tịch",
        ("2025-11-18", "2025-12-31"),
    ),
    "d12_lai-chau.txt": Meta(
        "kế hoạch",
        "7360/KH-UBND",
        "Ủy ban nhân dân tỉnh Lai Châu",
        "2025-11-19",
        "Lai Châu",
        "Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và quy chuẩn kỹ thuật trên địa bàn tỉnh Lai Châu",
        "Tống Thanh Hải",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d13_nghe-an.txt": Meta(
        "kế hoạch",
        "1026/KH-UBND",
        "Ủy ban nhân dân tỉnh Nghệ An",
        "2025-11-26",
        "Nghệ An",
        "Kế hoạch triển khai thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng Chính phủ “Về tăng cường công tác bảo vệ bí mật nhà nước trong tình hình mới” trên địa bàn tỉnh Nghệ An",
        "Bùi Thanh An",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d14_nghe-an.txt": Meta(
        "kế hoạch",
        "987/KH-UBND",
        "Ủy ban nhân dân tỉnh Nghệ An",
        "2025-11-20",
        "Nghệ An",
        "Kế hoạch phát triển hệ thống sóng viễn thông 5G, Internet vạn vật (IoT) tại các Khu công nghiệp Nghệ An giai đoạn 2026 - 2030, tầm nhìn đến năm 2045",
        "Hoàng Phú Hiền",
        "Phó Chủ tịch",
        ("2026-01-01", "2030-12-31"),
    ),
    "d15_ho-chi-minh.txt": Meta(
        "quyết định",
        "2820/QĐ-UBND",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "2025-11-19",
        "Thành phố Hồ Chí Minh",
        "Quyết định ban hành Kế hoạch triển khai Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025 của Thủ tướng Chính phủ và Quyết định số 3103/QĐ-BTC ngày 05 tháng 9 năm 2025 của Bộ Tài chính",
        "Nguyễn Lộc Hà",
        "Phó Chủ tịch",
        (None, None),
    ),
    "d16_ho-chi-minh.txt": Meta(
        "quyết định",
        "2853/QĐ-UBND",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "2025-11-21",
        "Thành phố Hồ Chí Minh",
        "Quyết định ban hành Kế hoạch triển khai thực hiện Đề án “Nâng cao nhận thức cộng đồng và quản lý rủi ro thiên tai dựa vào cộng đồng, đến năm 2030” trên địa bàn Thành phố Hồ Chí Minh",
        "Bùi Minh Thạnh",
        "Phó Chủ tịch",
        ("2025-11-21", "2030-12-31"),
    ),
    "d17_da-nang.txt": Meta(
        "thông báo",
        "641/TB-VPCP",
        "Văn phòng Chính phủ",
        "2025-11-25",
        "Hà Nội",
        "Thông báo kết luận của Phó Thủ tướng Chính phủ Phạm Thị Thanh Trà tại buổi làm việc với thành phố Đà Nẵng về tình hình, kết quả triển khai thực hiện sắp xếp tổ chức bộ máy của hệ thống chính trị và vận hành mô hình chính quyền địa phương 02 cấp",
        "Trịnh Mạnh Linh",
        "Phó Chủ nhiệm",
        ("2025-07-01", "2025-11-25"),
    ),
}


# The held-out extra documents (eval/corpus/extra, legal normative decisions of Hà Nội).
EXTRA = REPO / "eval" / "corpus" / "extra"
EXTRA_EXPECTED = {
    "e01_ha-noi.txt": Meta(
        "quyết định",
        "03/2025/QĐ-UBND",
        "Ủy ban nhân dân thành phố Hà Nội",
        "2025-01-17",
        "Hà Nội",
        "Quyết định quy định việc sử dụng nguồn kinh phí chi thường xuyên của ngân sách thành phố Hà Nội (thực hiện Khoản 3 Điều 35 Luật Thủ đô)",
        "Trần Sỹ Thanh",
        "Chủ tịch",
        (None, None),
    ),
    "e02_ha-noi.txt": Meta(
        "quyết định",
        "02/2025/QĐ-UBND",
        "Ủy ban nhân dân thành phố Hà Nội",
        "2025-01-17",
        "Hà Nội",
        "Quyết định quy định sử dụng Quỹ phát triển hoạt động sự nghiệp của đơn vị sự nghiệp công lập thuộc thành phố Hà Nội (thực hiện khoản 4 và 5 Điều 35 Luật Thủ đô)",
        "Trần Sỹ Thanh",
        "Chủ tịch",
        (None, None),
    ),
    "e03_ha-noi.txt": Meta(
        "quyết định",
        "04/2025/QĐ-UBND",
        "Ủy ban nhân dân thành phố Hà Nội",
        "2025-01-20",
        "Hà Nội",
        "Quyết định bãi bỏ các Quyết định số 21/2012/QĐ-UBND ngày 14 tháng 8 năm 2012 và Quyết định số 28/2015/QĐ-UBND ngày 08 tháng 10 năm 2015 của Ủy ban nhân dân thành phố Hà Nội",
        "Hà Minh Hải",
        "Phó Chủ tịch",
        (None, None),
    ),
    "e04_ha-noi.txt": Meta(
        "quyết định",
        "06/2025/QĐ-UBND",
        "Ủy ban nhân dân thành phố Hà Nội",
        "2025-01-23",
        "Hà Nội",
        "Quyết định về việc ban hành định mức chi phí dịch vụ sự nghiệp công sử dụng ngân sách nhà nước trong công tác đào tạo, bồi dưỡng cán bộ, công chức, viên chức của thành phố Hà Nội lĩnh vực thông tin - báo chí - xuất bản, công nghệ thông tin, bưu chính, viễn thông",
        "Hà Minh Hải",
        "Phó Chủ tịch",
        (None, None),
    ),
}


def _read(name: str, folder: Path = DEV) -> Any:
    """(report, sections) of one dev document: metadata and outline, without chunking."""
    from ingest.pipeline import report_of
    from ingest.readers import read_source

    return report_of(read_source(folder / name))


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _meta(report: Any) -> Meta:
    return Meta(
        report.kind,
        report.number,
        report.issuer,
        _date(report.issued),
        report.place,
        report.title,
        report.signer,
        report.signer_title,
        (_date(report.period_start), _date(report.period_end)),
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dev_document_metadata(name: str) -> None:
    assert _meta(_read(name)) == EXPECTED[name]


@pytest.mark.skipif(not EXTRA.is_dir(), reason="eval/corpus/extra is not in this checkout")
@pytest.mark.parametrize("name", sorted(EXTRA_EXPECTED))
def test_extra_document_metadata(name: str) -> None:
    assert _meta(_read(name, EXTRA)) == EXTRA_EXPECTED[name]


def test_every_dev_document_has_a_golden() -> None:
    assert sorted(p.name for p in DEV.glob("d*.txt")) == sorted(EXPECTED)


def _sections(name: str) -> list[str]:
    """One line per section: "<first line> <level> <heading>"."""
    return [f"{s.line_start} {s.level} {s.heading}" for s in _read(name).sections]


def test_dev_section_trees_match_the_golden() -> None:
    golden = json.loads(GOLDEN_SECTIONS.read_text(encoding="utf-8"))
    assert sorted(golden) == sorted(EXPECTED)
    for name in sorted(EXPECTED):
        assert _sections(name) == golden[name], name


def test_notice_conclusions_are_sections() -> None:
    """d17: conclusions 1-8 of "I. ĐÁNH GIÁ CHUNG" are eight sections, 5 not cut at ':'."""
    sections = _read("d17_da-nang.txt").sections
    first = [s for s in sections if len(s.path) == 2 and s.path[0] == "I. ĐÁNH GIÁ CHUNG"]
    assert [s.number for s in first] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert first[0].heading.startswith("1. Cấp ủy, chính quyền Thành phố phải xác định")


def test_no_stray_markdown_in_section_paths() -> None:
    for name in sorted(EXPECTED):
        for section in _read(name).sections:
            assert not any("*" in part or "__" in part for part in section.path), section.path


def test_legal_bases_recipients_and_cited_documents() -> None:
    d15 = _read("d15_ho-chi-minh.txt")
    assert len(d15.legal_bases) == 21
    assert d15.legal_bases[0] == "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
    assert d15.recipients[:2] == ("Như Điều 3", "Thủ tướng Chính phủ (để b/c)")
    assert "Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025" in d15.cited
    assert d15.signer_authority == "KT. CHỦ TỊCH"
    d02 = _read("d02_ca-mau.txt")
    assert d02.recipients[0] == "Hội đồng nhân dân tỉnh Cà Mau"  # "Kính gửi:"
    assert all(not r.startswith("Lưu") for r in d02.recipients)


def test_plan_horizon_and_section_periods() -> None:
    d05 = _read("d05_dak-lak.txt")
    assert [(p.role, p.start, p.end) for p in d05.periods if not p.section_id] == [
        ("plan", dt.date(2026, 1, 1), dt.date(2030, 12, 31))
    ]
    d02 = _read("d02_ca-mau.txt")
    results = [p for p in d02.periods if p.role == "result"]
    assert results and all(p.section_id for p in results)
    assert (results[0].start, results[0].end) == (dt.date(2025, 1, 1), dt.date(2025, 11, 24))


def write() -> None:
    """Rewrite the section golden from the current code (review the diff!)."""
    golden = {name: _sections(name) for name in sorted(EXPECTED)}
    GOLDEN_SECTIONS.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(golden, ensure_ascii=False, indent=0)
    GOLDEN_SECTIONS.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN_SECTIONS.relative_to(REPO)}")


if __name__ == "__main__" and "--write" in sys.argv:
    write()
