"""Readers: encodings, line ends, PDF text layers, DOCX, and files that must be refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from hoidap.errors import IngestError
from ingest.readers import decode_text, read_source
from tests.unit.ingest_fixtures import (
    SAMPLE,
    make_blank_pdf,
    make_pdf,
    to_cp1258,
    to_tcvn3,
    write,
)


def test_utf8_markdown(tmp_path: Path) -> None:
    src = read_source(write(tmp_path / "r.md", SAMPLE))
    assert src.text == SAMPLE
    assert src.encoding == "utf-8"


def test_bom_and_crlf_keep_lines(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + SAMPLE.replace("\n", "\r\n").encode("utf-8")
    src = read_source(write(tmp_path / "r.txt", data))
    assert src.text == SAMPLE
    assert src.lines.index("1. Công tác y tế") == SAMPLE.split("\n").index("1. Công tác y tế")


def test_nfd_text_becomes_nfc(tmp_path: Path) -> None:
    import unicodedata

    src = read_source(write(tmp_path / "r.txt", unicodedata.normalize("NFD", SAMPLE)))
    assert src.text == SAMPLE


def test_windows_1258_is_detected(tmp_path: Path) -> None:
    src = read_source(write(tmp_path / "r.txt", to_cp1258(SAMPLE)))
    assert src.text == SAMPLE
    assert src.encoding == "cp1258"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    src = read_source(write(tmp_path / "r.txt", SAMPLE.encode(encoding)))
    assert src.text == SAMPLE


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty file") as err:
        read_source(write(tmp_path / "empty.md", b""))
    assert "empty.md" in str(err.value)


def test_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no text"):
        read_source(write(tmp_path / "blank.txt", "\n\n   \n"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(IngestError, match="binary") as err:
        read_source(write(tmp_path / "blob.txt", data))
    assert "blob.txt" in str(err.value)


def test_undecodable_bytes_are_refused() -> None:
    with pytest.raises(IngestError, match=r"x\.txt"):
        decode_text(b"\x81\x8d\x8f\x90\x9d" * 50 + b"\x00\x01\x02" * 50, "x.txt")


def test_missing_and_unsupported(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_source(tmp_path / "nope.md")
    with pytest.raises(IngestError, match=r"unsupported file type '\.xlsx'"):
        read_source(write(tmp_path / "table.xlsx", b"PK\x03\x04"))


def test_pdf_text_layer(tmp_path: Path) -> None:
    lines = [line for line in SAMPLE.split("\n") if line]
    src = read_source(write(tmp_path / "r.pdf", make_pdf(lines)))
    assert src.encoding == "pdf"
    assert src.lines[:3] == lines[:3]
    assert "tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người." in src.text


def test_scanned_pdf_without_tesseract_names_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ingest import ocr

    monkeypatch.setattr(ocr, "missing", lambda: "Tesseract is not installed")
    with pytest.raises(IngestError, match="needs OCR") as err:
        read_source(write(tmp_path / "scan.pdf", make_blank_pdf()))
    assert "tesseract-ocr-vie" in str(err.value)


def test_blank_scan_has_no_text_even_after_ocr(tmp_path: Path) -> None:
    from ingest import ocr

    if ocr.missing():
        pytest.skip(ocr.missing())
    with pytest.raises(IngestError, match="no text, even after OCR"):
        read_source(write(tmp_path / "scan.pdf", make_blank_pdf()))


def test_broken_pdf(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a readable PDF"):
        read_source(write(tmp_path / "bad.pdf", b"%PDF-1.4\ngarbage"))


def test_docx_paragraphs_headings_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("I. KẾT QUẢ THỰC HIỆN", level=2)
    para = document.add_paragraph()
    para.add_run("1. Công tác y tế").bold = True
    document.add_paragraph("Tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Mũi 1"
    table.rows[0].cells[1].text = "859.463"
    path = tmp_path / "r.docx"
    document.save(str(path))
    src = read_source(path)
    assert src.lines == [
        "## I. KẾT QUẢ THỰC HIỆN",
        "**1. Công tác y tế**",
        "Tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.",
        "| Mũi 1 | 859.463 |",
    ]


def test_broken_docx(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a readable DOCX"):
        read_source(write(tmp_path / "bad.docx", b"not a zip"))


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("empty.md", b"", "chọn lại"),
        ("bad.pdf", b"%PDF-1.4\ngarbage", "xuất lại"),
        ("bad.docx", b"PK\x03\x04" + bytes(range(256)) * 40, "lưu lại"),
    ],
)
def test_a_broken_or_empty_file_says_what_to_do(
    tmp_path: Path, name: str, data: bytes, hint: str
) -> None:
    """qa-pass: "tệp rỗng / empty file", "PDF hỏng / not a readable PDF (Stream has ended
    unexpectedly)" and "DOCX hỏng / not a readable DOCX (File is not a zip file)" named the
    fault, in the library's words for the last two, but not what to do about it."""
    with pytest.raises(IngestError) as err:
        read_source(write(tmp_path / name, data))
    assert hint in err.value.hint and " / " in err.value.hint, str(err.value)


def _docx_bytes() -> bytes:
    import io

    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("I. KẾT QUẢ")
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        (
            "bao_cao.txt",
            make_pdf(["I. KẾT QUẢ", "Tỉnh Cà Mau tiêm 12 liều."]),
            "a PDF file named .txt",
        ),
        ("bao_cao.pdf", "docx", "a ZIP (DOCX) file named .pdf"),
        ("bao_cao.docx", make_pdf(["I. KẾT QUẢ"]), "a PDF file named .docx"),
        ("bao_cao.md", b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG file named .md"),
    ],
)
def test_a_misleading_extension_says_what_the_file_is(
    tmp_path: Path, name: str, data: bytes | str, said: str
) -> None:
    """review5: a PDF saved as .txt had "no section headings", a Word file named .pdf was
    "not a readable PDF (Stream has ended unexpectedly)"; neither said to rename it."""
    payload = _docx_bytes() if data == "docx" else data
    with pytest.raises(IngestError) as err:
        read_source(write(tmp_path / name, payload))
    message = str(err.value)
    assert said in message and "tệp này là" in message and "rename it to" in message


@pytest.mark.parametrize("name", ["bao_cao.docx", "bao_cao.pdf", "bao_cao.txt"])
def test_an_old_word_or_password_protected_file_says_so(tmp_path: Path, name: str) -> None:
    """review6: a .doc renamed .docx, or a .docx saved with a password (both OLE2 files),
    was "not a readable DOCX (File is not a zip file)", which says nothing of what to do."""
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)
    with pytest.raises(IngestError) as err:
        read_source(write(tmp_path / name, ole2))
    message = str(err.value)
    assert message.index("tệp Office dạng cũ") < message.index("old-format (.doc, .xls)")
    assert "save it as .docx" in message


def test_a_doc_file_is_told_to_be_saved_as_docx(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"Lưu thành \(Save As\) \.docx"):
        read_source(write(tmp_path / "Báo cáo.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))


def test_an_image_past_pillows_pixel_limit_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review6: a page image of 240 million pixels (a 54 KB PNG) raised Pillow's
    DecompressionBombError through `hoidap ingest` and `hoidap index`: a traceback."""
    from PIL import Image

    from ingest import ocr

    monkeypatch.setattr(ocr, "require", lambda name: None)
    path = tmp_path / "scan.png"
    Image.new("1", (20_000, 12_000), 1).save(path)
    with pytest.raises(IngestError, match="ảnh quá lớn / image too large"):
        read_source(path)


def test_a_huge_pdf_page_is_rendered_within_the_pixel_cap(tmp_path: Path) -> None:
    """review6: a scanned page declared 5 m square was rendered at 300 dpi, 3.5 billion
    pixels, before Tesseract even started."""
    from ingest import ocr
    from tests.unit.ingest_fixtures import assemble_pdf

    pdf = assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>",
        ]
    )
    path = write(tmp_path / "huge.pdf", pdf)
    ((index, image),) = list(ocr.render_pages(path, [0]))
    assert index == 0 and image.width * image.height <= ocr.MAX_PAGE_PIXELS
    assert image.width > 8000  # rendered as large as the cap allows, not shrunk further


@pytest.mark.parametrize("form", ["tcvn3 bytes", "pasted into utf-8", "docx"])
def test_text_in_the_old_tcvn3_encoding_is_refused_saying_so(tmp_path: Path, form: str) -> None:
    """review6: TCVN3 text copied out of an old .VnTime document ("B¸o c¸o ... Cµ Mau") was
    indexed as it stood, its province read as Long An; the raw TCVN3 file was "cannot tell
    the text encoding (binary?)"."""
    tcvn3 = to_tcvn3(SAMPLE)
    if form == "tcvn3 bytes":
        path = write(tmp_path / "bc.txt", tcvn3)
    elif form == "pasted into utf-8":
        path = write(tmp_path / "bc.txt", tcvn3.decode("latin-1"))
    else:
        import docx

        document = docx.Document()
        for line in tcvn3.decode("latin-1").splitlines():
            document.add_paragraph(line)
        path = tmp_path / "bc.docx"
        document.save(str(path))
    with pytest.raises(IngestError) as err:
        read_source(path)
    message = str(err.value)
    assert message.index("bảng mã cũ TCVN3") < message.index("old TCVN3 (ABC) font encoding")
    assert "Unikey" in message


def test_unicode_reports_are_not_taken_for_tcvn3() -> None:
    from ingest.readers import is_tcvn3
    from tests.conftest import REPO

    reports = [*(REPO / "data" / "reports").iterdir(), *(REPO / "eval" / "corpus").rglob("*.txt")]
    assert len(reports) >= 5
    assert not any(is_tcvn3(p.read_text(encoding="utf-8")) for p in reports)
    assert not is_tcvn3(SAMPLE) and not is_tcvn3(to_cp1258(SAMPLE).decode("cp1258"))


# Typed by hand from the VNI Windows table, not made by ingest.vni.to_vni.
VNI_TYPED = [
    ("Baùo caùo keát quaû", "Báo cáo kết quả"),
    (
        "phoøng, choáng dòch treân ñòa baøn tænh Caø Mau",
        "phòng, chống dịch trên địa bàn tỉnh Cà Mau",
    ),
    ("ngöôøi ñöôïc tieâm vaéc xin muõi hai", "người được tiêm vắc xin mũi hai"),
    (
        "TOÅNG KEÁT ÑAÛNG BOÄ; ÖÙNG PHOÙ; Ñaëng Thò Ngoïc Dieãm",
        "TỔNG KẾT ĐẢNG BỘ; ỨNG PHÓ; Đặng Thị Ngọc Diễm",
    ),
    (
        "nghóa vuï, thöïc hieän, naêm 2021, khaéc phuïc, tyû leä, kyø hoïp",
        "nghĩa vụ, thực hiện, năm 2021, khắc phục, tỷ lệ, kỳ họp",
    ),
    (
        "chuyeån ñoåi soá, ôû, chöõa, mì, heã, Ñaø Naüng, Quaûng Ngaõi, löûa, ñaàu",
        "chuyển đổi số, ở, chữa, mì, hễ, Đà Nẵng, Quảng Ngãi, lửa, đầu",
    ),
]


def test_vni_letters_are_read_as_the_vni_table_writes_them() -> None:
    from ingest.vni import from_vni, to_vni

    for typed, unicode in VNI_TYPED:
        assert from_vni(typed) == unicode
        assert to_vni(unicode) == typed


@pytest.mark.parametrize("form", ["vni bytes", "pasted into utf-8", "docx"])
def test_text_in_the_vni_encoding_is_read_as_unicode(tmp_path: Path, form: str) -> None:
    """review7: text typed in a VNI font (VNI-Times: "Baùo caùo keát quaû") was indexed
    as it stood; it is now read as the Unicode text it stands for."""
    from ingest.vni import to_vni

    vni = to_vni(SAMPLE)
    if form == "vni bytes":  # a VNI-Times document saved as text on Windows
        path = write(tmp_path / "bc.txt", vni.encode("cp1252"))
    elif form == "pasted into utf-8":
        path = write(tmp_path / "bc.txt", vni)
    else:
        import docx

        document = docx.Document()
        for line in vni.splitlines():
            document.add_paragraph(line)
        path = tmp_path / "bc.docx"
        document.save(str(path))
    src = read_source(path)
    unicode = read_source(write(tmp_path / ("u" + path.suffix), SAMPLE)) if form != "docx" else None
    assert "Kết quả phòng, chống dịch COVID-19 trên địa bàn tỉnh Cà Mau" in src.text
    assert (
        "Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người." in src.text
    )
    assert unicode is None or src.text == unicode.text
    assert "vni" in src.encoding


def test_vni_mixed_with_unicode_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    """A VNI document with a part typed in Unicode cannot be converted as a whole (a
    Unicode "ó" is VNI's "ĩ"): refused, Vietnamese first, saying how to convert it."""
    from ingest.vni import to_vni

    mixed = SAMPLE.split("\n\n", 1)[0] + "\n\n" + to_vni(SAMPLE.split("\n\n", 1)[1])
    with pytest.raises(IngestError) as err:
        read_source(write(tmp_path / "bc.txt", mixed))
    message = str(err.value)
    assert message.index("bảng mã VNI") < message.index("old VNI font encoding")
    assert "Unikey" in message and "VNI Windows" in message


def _real_documents() -> list[Path]:
    from tests.conftest import REPO

    found = [
        *(REPO / "data" / "reports").iterdir(),
        *(REPO / "eval" / "corpus" / "dev").glob("*.txt"),
        *(REPO / "eval" / "corpus" / "extra").glob("*.txt"),
    ]
    return sorted(p for p in found if p.is_file())


def test_unicode_reports_are_not_taken_for_vni_and_their_vni_reads_back_exactly(
    tmp_path: Path,
) -> None:
    """No false positive on any real document (bundled, dev and extra evaluation reports),
    and each one written in VNI reads back as the same text, to the character."""
    from hoidap.text import nfc
    from ingest.readers import is_tcvn3
    from ingest.vni import is_vni, to_vni

    documents = _real_documents()
    assert len(documents) >= 26
    for path in documents:
        text = path.read_text(encoding="utf-8")
        assert not is_vni(text), path.name
        vni = to_vni(nfc(text))  # a VNI font writes precomposed letters only
        assert is_vni(vni) and not is_tcvn3(vni), path.name
        converted = read_source(write(tmp_path / path.name, vni))
        assert converted.text == read_source(path).text, path.name
    for other in (SAMPLE, to_cp1258(SAMPLE).decode("cp1252"), to_tcvn3(SAMPLE).decode("latin-1")):
        assert not is_vni(other)
    assert not is_vni("Die Größe der Bevölkerung für München, Düsseldorf und Köln wächst " * 5)


def _numbered_docx(path: Path, paragraphs: list[tuple[int | None, str]]) -> Path:
    """A DOCX whose paragraphs at a level (0, 1, 2) are numbered by a Word list drawn
    "I.", "1.", "a)" (the numbers are not in their text), like a report typed in Word."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(
            [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")]
        )
    )
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level, text in paragraphs:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    document.save(str(path))
    return path


def test_word_list_numbers_are_read_as_the_headings_they_draw(tmp_path: Path) -> None:
    """review6: headings numbered by Word's list numbering ("I.", "1.", "a)" drawn, not
    typed) were not in the text: "no section headings found" for a report whose every
    heading shows its number in Word."""
    path = _numbered_docx(
        tmp_path / "bc.docx",
        [
            (None, "BÁO CÁO"),
            (0, "KẾT QUẢ THỰC HIỆN"),
            (1, "Công tác y tế"),
            (2, "Về công tác tiêm chủng"),
            (None, "Tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người."),
            (2, "Về công tác điều trị"),
            (1, "Công tác tuyên truyền"),
            (0, "NHIỆM VỤ THỜI GIAN TỚI"),
            (1, "Tiếp tục tiêm vắc xin"),
        ],
    )
    assert read_source(path).lines == [
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Công tác y tế",
        "a) Về công tác tiêm chủng",
        "Tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.",
        "b) Về công tác điều trị",
        "2. Công tác tuyên truyền",
        "II. NHIỆM VỤ THỜI GIAN TỚI",
        "1. Tiếp tục tiêm vắc xin",
    ]


def test_files_of_their_own_kind_are_read_as_before(tmp_path: Path) -> None:
    pdf = read_source(write(tmp_path / "r.pdf", make_pdf(["I. KẾT QUẢ", "Cà Mau tiêm 12 liều."])))
    assert "12 liều" in pdf.text
    assert "KẾT QUẢ" in read_source(write(tmp_path / "r.DOCX", _docx_bytes())).text
