"""Document facts: subject-line casing, issuer, place, signer, recipients, legal bases,
cited documents, and the typed Report fields that carry them (JSON round-trip)."""

from __future__ import annotations

import datetime as dt
import json

from hoidap.types import Period, Report
from ingest.docmeta import (
    cited_documents,
    issuer,
    legal_bases,
    recipients,
    restore_case,
    sentence_case,
    signature,
)
from ingest.metadata import issue_place, kind_and_title

HEADER = [
    "**UỶ BAN NHÂN DÂN**",
    "",
    "TỈNH BẮC NINH",
    "",
    "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
    "Số: 141/KH-UBND",
    "*Bắc Ninh, ngày 20 tháng 11 năm 2025*",
    "",
    "**KẾ HOẠCH**",
    "",
    "NÂNG CAO NĂNG LỰC CÁN BỘ TỈNH BẮC NINH GIAI ĐOẠN 2026 - 2030",
    "",
    "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy,",
]


def test_caps_subject_line_becomes_the_title() -> None:
    assert kind_and_title(HEADER) == (
        "kế hoạch",
        "Kế hoạch nâng cao năng lực cán bộ tỉnh Bắc Ninh giai đoạn 2026 - 2030",
    )


def test_sentence_case_keeps_names_and_codes() -> None:
    assert sentence_case("CHỈ THỊ SỐ 32/CT-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ HĐND KHÓA XVI") == (
        "Chỉ thị số 32/CT-TTG của Thủ tướng Chính phủ về HĐND khóa XVI"
    )
    assert sentence_case("TRÊN ĐỊA BÀN THÀNH PHỐ HỒ CHÍ MINH") == (
        "Trên địa bàn Thành phố Hồ Chí Minh"
    )


def test_restore_case_follows_the_body() -> None:
    body = "Phó Thủ tướng Phạm Thị Thanh Trà kết luận. Bà Phạm Thị Thanh Trà đề nghị 5G, IoT."
    line = "Kết luận của phó thủ tướng phạm thị thanh trà về IOT"
    assert restore_case(line, body) == "Kết luận của phó Thủ tướng Phạm Thị Thanh Trà về IoT"


def test_issuer_and_place() -> None:
    assert issuer(HEADER) == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert issuer(["**VĂN PHÒNG CHÍNH PHỦ**", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"]) == (
        "Văn phòng Chính phủ"
    )
    assert issuer(["## BÁO CÁO", "Kết quả năm 2021"]) == ""
    assert issue_place("\n".join(HEADER)) == "Bắc Ninh"


CLOSING = [
    "Văn phòng Chính phủ xin trân trọng thông báo./.",
    "",
    "Nơi nhận:",
    "",
    "- Thủ tướng, các PTTgCP (để b/c);",
    "- VPCP: BTCN, các Vụ, Cổng",
    "",
    "TTĐTCP;",
    "- Lưu: Văn thư, TCCV (02).",
    "",
    "**KT. BỘ TRƯỞNG, CHỦ NHIỆM**",
    "",
    "PHÓ CHỦ NHIỆM",
    "",
    "Trịnh Mạnh Linh",
]


def test_signature_block() -> None:
    sig = signature(CLOSING)
    assert (sig.authority, sig.title, sig.name) == (
        "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
        "Phó Chủ nhiệm",
        "Trịnh Mạnh Linh",
    )
    one_line = ["Nơi nhận:", "- Lưu: VT.", "**KT. CHỦ TỊCH PHÓ CHỦ TỊCH **Trần Thị Diệu Thúy**"]
    sig = signature(one_line)
    assert (sig.authority, sig.title, sig.name) == (
        "KT. CHỦ TỊCH",
        "Phó Chủ tịch",
        "Trần Thị Diệu Thúy",
    )
    chairman = ["Nơi nhận:", "- Lưu: VT.", "**TM. ỦY BAN NHÂN DÂN**", "CHỦ TỊCH", "Võ Tấn Đức"]
    assert signature(chairman).title == "Chủ tịch"
    assert signature(["I. KẾT QUẢ", "Không có chữ ký."]).name == ""


def test_recipients_join_broken_lines_and_skip_the_archive() -> None:
    assert recipients(CLOSING) == (
        "Thủ tướng, các PTTgCP (để b/c)",
        "VPCP: BTCN, các Vụ, Cổng TTĐTCP",
    )
    assert recipients(["**Kính gửi:** Hội đồng nhân dân tỉnh Cà Mau", "I. KẾT QUẢ"]) == (
        "Hội đồng nhân dân tỉnh Cà Mau",
    )


def test_legal_bases_one_per_basis() -> None:
    preamble = [
        "*Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;  ",
        "Căn cứ Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ ban hành  ",
        "Chương trình phòng, chống dịch COVID-19;*",
        "",
        "*Theo đề nghị của Giám đốc Sở Y tế.*",
    ]
    assert legal_bases(preamble) == (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015",
        "Căn cứ Nghị quyết số 38/NQ-CP ngày 17/3/2022 của Chính phủ ban hành "
        "Chương trình phòng, chống dịch COVID-19",
    )


def test_cited_documents_once_each_without_the_own_number() -> None:
    text = (
        "Số: 141/KH-UBND. Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 và Nghị quyết số "
        "66-NQ/TW ngày 30 tháng 4 năm 2025; Kế hoạch số 14-KH/TU nêu rõ. Kế hoạch 141/KH-UBND."
    )
    assert cited_documents(text, "141/KH-UBND") == (
        "Kế hoạch số 14-KH/TU ngày 29/7/2025",
        "Nghị quyết số 66-NQ/TW ngày 30 tháng 4 năm 2025",
    )


def test_report_round_trips_new_fields_and_loads_old_json() -> None:
    report = Report(
        "r",
        "a.txt",
        "Kế hoạch",
        "kế hoạch",
        "Bắc Ninh",
        "h",
        issuer="Ủy ban nhân dân tỉnh Bắc Ninh",
        place="Bắc Ninh",
        signer="Phạm Văn Thịnh",
        signer_title="Phó Chủ tịch",
        signer_authority="TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH",
        recipients=("Bộ Tư pháp (b/c)",),
        legal_bases=("Căn cứ Luật Dữ liệu",),
        cited=("Kế hoạch số 14-KH/TU",),
        periods=(
            Period("plan", dt.date(2026, 1, 1), dt.date(2030, 12, 31), "giai đoạn 2026 - 2030"),
            Period("deadline", None, dt.date(2025, 12, 31), "trước ngày 31/12/2025", "s1"),
        ),
        page_lines=(1, 40),
        abbreviations=(("KCN", "khu công nghiệp"),),
    )
    assert Report.from_dict(report.to_dict()) == report
    assert Report.from_dict(json.loads(json.dumps(report.to_dict()))) == report
    gone = ("issuer", "periods", "cited", "abbreviations")
    old = {k: v for k, v in report.to_dict().items() if k not in gone}
    loaded = Report.from_dict(old)
    assert loaded.issuer == "" and loaded.periods == () and loaded.cited == ()
    assert loaded.abbreviations == ()
    assert report.periods_with("plan")[0].text == "giai đoạn 2026 - 2030"
    assert report.periods_with("deadline") == ()
    assert len(report.periods_with("deadline", None)) == 1
    assert (report.page_of(1), report.page_of(39), report.page_of(40)) == (1, 1, 2)
