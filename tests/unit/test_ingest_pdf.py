"""PDF text repair (letter spacing, hyphenation, running headers/footers, page numbers),
page mapping, and HTML pages saved from portals."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pdf import join_hyphens, repair_page, strip_running
from ingest.readers import read_source
from ingest.syllables import split_syllables, unspace
from tests.unit.ingest_fixtures import text_pdf, write


def test_letter_spaced_lines_are_rebuilt() -> None:
    assert unspace("K ế t qu ả th ự c hi ệ n c ô ng t á c ph ò ng , ch ố ng d ị ch") == (
        "Kết quả thực hiện công tác phòng, chống dịch"
    )
    assert (
        unspace("T ỉ nh C à M au đ ạ t 74,8 % k ế ho ạ ch .") == "Tỉnh Cà Mau đạt 74,8% kế hoạch."
    )
    assert unspace("K ế t  qu ả  th ự c  hi ệ n") == "Kết quả thực hiện"  # wider word gaps
    assert split_syllables("cánhân") == ["cá", "nhân"]
    normal = "Lũy kế đến hết ngày 16/11/2021, tỉnh đã tiêm 859.463 người."
    assert unspace(normal) == normal


def test_hyphenated_word_at_a_line_end_is_joined() -> None:
    assert join_hyphens(["chuyển đổi tự độ-", "ng hóa toàn diện", "kinh tế -", "xã hội"]) == [
        "chuyển đổi tự động",
        "hóa toàn diện",
        "kinh tế -",
        "xã hội",
    ]
    assert repair_page("ﬁle") == ["file"]


def test_running_headers_footers_and_page_numbers_go() -> None:
    pages = [
        ["UBND TỈNH CÀ MAU - Báo cáo 51/BC-UBND", "I. KẾT QUẢ", "Nội dung trang một.", "- 1 -"],
        ["UBND TỈNH CÀ MAU - Báo cáo 51/BC-UBND", "Nội dung trang hai.", "- 2 -"],
        ["UBND TỈNH CÀ MAU - Báo cáo 51/BC-UBND", "Nội dung trang ba.", "3"],
    ]
    assert strip_running(pages) == [
        ["I. KẾT QUẢ", "Nội dung trang một."],
        ["Nội dung trang hai."],
        ["Nội dung trang ba."],
    ]


def test_text_pdf_keeps_pages_and_drops_running_text(tmp_path: Path) -> None:
    pages = [
        ["BÁO CÁO", "Kết quả phòng, chống dịch năm 2021", "I. KẾT QUẢ", "1. Công tác y tế"],
        ["Tỉnh đã tiêm vắc xin cho 859.463 người.", "2. Công tác xét nghiệm"],
        ["Đã xét nghiệm 346.082 mẫu."],
    ]
    data = text_pdf(pages, header="UBND tỉnh Cà Mau - Báo cáo số 51/BC-UBND", footer=True)
    src = read_source(write(tmp_path / "r.pdf", data))
    assert "UBND tỉnh Cà Mau - Báo cáo" not in src.text
    assert "Trang" not in src.text
    assert len(src.page_lines) == 3
    lines = src.lines
    second = lines.index("Tỉnh đã tiêm vắc xin cho 859.463 người.") + 1
    third = lines.index("Đã xét nghiệm 346.082 mẫu.") + 1
    assert src.page_lines[1] <= second < src.page_lines[2] <= third


PORTAL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>141/KH-UBND</title></head>
<body><div class="menu"><a href="/">Trang chủ</a> | <a href="/vb">Văn bản</a></div>
<div class="content">
<table><tr><td><b>ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH</b><br>Số: 141/KH-UBND</td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b><br>
<i>Bắc Ninh, ngày 20 tháng 11 năm 2025</i></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b></p>
<p align="center"><b>NÂNG CAO NĂNG LỰC CHO ĐỘI NGŨ CÁN BỘ GIAI ĐOẠN 2026 - 2030</b></p>
<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>
<p>1. Mục đích</p><p>- Triển khai kịp thời Kế hoạch số 14-KH/TU của Ban Thường vụ Tỉnh ủy.</p>
<p><b>II. PHỤ LỤC</b></p>
<table><tr><th>STT</th><th>Đơn vị</th><th>Số cán bộ</th></tr>
<tr><td>1</td><td>Sở Tư pháp</td><td>12</td></tr></table>
</div><div class="footer">Bản quyền © Cổng thông tin điện tử</div></body></html>"""


def test_portal_html_page(tmp_path: Path) -> None:
    from ingest.pipeline import report_of

    src = read_source(write(tmp_path / "kh.html", PORTAL))
    assert src.encoding == "html"
    assert src.lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH BẮC NINH", "Số: 141/KH-UBND"]
    assert "Trang chủ" not in src.text and "Bản quyền" not in src.text
    assert "| 1 | Sở Tư pháp | 12 |" in src.text
    report = report_of(src)
    assert (report.number, report.issuer, report.place) == (
        "141/KH-UBND",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Bắc Ninh",
    )
    assert report.title == "Kế hoạch nâng cao năng lực cho đội ngũ cán bộ giai đoạn 2026 - 2030"
    assert [s.heading for s in report.sections][1:] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "II. PHỤ LỤC",
    ]


def _pdf_with_a_scanned_page(pages: list[list[str] | None]) -> bytes:
    """A PDF whose pages have a text layer (a list of lines) or are a scanned image only
    (None), as a report printed to PDF with a signed page scanned in."""
    from fpdf import FPDF

    from tests.unit.ingest_fixtures import font_path, page_image

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        if lines is None:
            image = page_image(["Nơi nhận: Bộ Y tế; Lưu: VT.", "CHỦ TỊCH"], dpi=60)
            pdf.image(image, x=0, y=0, w=210)
            continue
        pdf.set_font("DejaVu", size=10)
        pdf.set_xy(15, 20)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


MIXED = [
    ["BÁO CÁO", "Kết quả phòng, chống dịch năm 2021", "I. KẾT QUẢ", "1. Công tác y tế"],
    None,
    ["Tỉnh đã tiêm vắc xin cho 859.463 người.", "2. Công tác xét nghiệm"],
    ["Đã xét nghiệm 346.082 mẫu trên địa bàn tỉnh."],
    None,
]


def test_scanned_pages_of_a_text_pdf_without_ocr_are_named_and_the_rest_indexed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review7: a text PDF with scanned pages, Tesseract absent, was indexed without those
    pages and without a word: they were simply missing from every answer."""
    from hoidap.cli import main
    from hoidap.config import Config
    from ingest import ocr
    from ingest.pipeline import ingest_paths
    from ingest.reuse import IngestCache

    monkeypatch.setattr(ocr, "missing", lambda: "chưa cài Tesseract / Tesseract is not installed")
    path = write(tmp_path / "bao_cao.pdf", _pdf_with_a_scanned_page(MIXED))
    src = read_source(path)
    assert src.unread_pages == (2, 5) and len(src.page_lines) == 5
    assert "859.463" in src.text and "346.082" in src.text
    cache = IngestCache(tmp_path / "cache")
    result = ingest_paths([path], Config(), cache=cache)
    assert not result.errors and [r.unread_pages for r in result.reports] == [(2, 5)]
    assert any("859.463" in c.text for c in result.chunks)
    (warning,) = result.warnings
    message = str(warning)
    assert "bao_cao.pdf" in message and "trang 2, 5" in message and "pages 2, 5" in message
    assert message.index("bản quét") < message.index("are scans")
    assert "tesseract-ocr-vie" in message and "pytesseract" in message
    # Not kept in the ingest cache: once OCR is installed the pages are read.
    assert not list((tmp_path / "cache").glob("*.json"))

    code = main(["ingest", str(path), "--out", str(tmp_path / "corpus")])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    assert "cảnh báo / warning" in err and "trang 2, 5" in err and "tesseract-ocr-vie" in err
    assert "1 báo cáo / reports" in out and "pages not read" in out


def test_scanned_pages_are_read_when_ocr_is_there(tmp_path: Path) -> None:
    from ingest import ocr

    if ocr.missing():
        pytest.skip(ocr.missing())
    src = read_source(write(tmp_path / "bao_cao.pdf", _pdf_with_a_scanned_page(MIXED[:3])))
    assert src.unread_pages == ()
