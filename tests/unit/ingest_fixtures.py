"""Tiny report files made on the fly for the ingest tests (no binary fixtures in git)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

SAMPLE = """BÁO CÁO
Kết quả phòng, chống dịch COVID-19 trên địa bàn tỉnh Cà Mau năm 2021

I. KẾT QUẢ THỰC HIỆN

1. Công tác y tế

a) Về công tác tiêm chủng

Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.

b) Về công tác xét nghiệm

Đã xét nghiệm PCR 346.082 mẫu trên địa bàn tỉnh.

II. TỒN TẠI, HẠN CHẾ

Công tác truyền thông đôi lúc chưa được kịp thời.
"""

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed, tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        tone = "".join(c for c in parts if c in _TONES)
        out.append((base + tone).encode("cp1258"))
    return b"".join(out)


# The TCVN3 (ABC) code of each Vietnamese lower-case letter; capitals with a tone share
# the code of their lower-case letter (the capital font .VnTimeH draws them).
_TCVN3 = dict(
    zip(
        "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂÊÔƠƯĐ",
        bytes.fromhex(
            "b5b6b7b8b9a8bbbcbdbec6a9c7c8c9cacbaecccecfd0d1aad2d3d4d5d6d7d8dcdddedfe1e2e3e4ab"
            "e5e6e7e8e9aceaebecedeeeff1f2f3f4adf5f6f7f8f9fafbfcfdfea1a2a3a4a5a6a7"
        ),
        strict=True,
    )
)


def to_tcvn3(text: str) -> bytes:
    """``text`` in the TCVN3 (ABC) font encoding of old Vietnamese documents."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3.get(ch, _TCVN3.get(ch.lower()))
        out.append(code if code is not None else ord(ch) if ord(ch) < 128 else ord("?"))
    return bytes(out)


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Vietnamese included).

    Each distinct character gets a one-byte code, and a ToUnicode CMap maps the codes
    back, so text extraction sees exactly ``lines`` (the glyphs drawn do not matter).
    """
    chars = sorted({ch for line in lines for ch in line})
    code = {ch: i + 1 for i, ch in enumerate(chars)}
    assert len(code) < 255
    ops = ["BT", "/F1 11 Tf", "14 TL", "40 800 Td"]
    for line in lines:
        ops.append("<" + "".join(f"{code[ch]:02X}" for ch in line) + "> Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode("ascii")
    entries = [f"<{code[ch]:02X}> <{ord(ch):04X}>" for ch in chars]
    blocks = []
    for i in range(0, len(entries), 100):
        part = entries[i : i + 100]
        blocks.append(f"{len(part)} beginbfchar\n" + "\n".join(part) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    widths = " ".join(["500"] * 255)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 1 /LastChar 255 "
        + f"/Widths [{widths}] ".encode()
        + b"/ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    return assemble_pdf(objects)


def make_blank_pdf() -> bytes:
    """A scanned-looking PDF: one page, no text layer."""
    return assemble_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def assemble_pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects, with a valid cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ------------------------------------------------------------ rendered pages (OCR, PDF)


def font_path() -> str:
    """DejaVu Sans (every Vietnamese glyph), shipped inside matplotlib: no system font."""
    import os

    import matplotlib

    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")


def page_lines(text: str, width: int = 75, limit: int = 40) -> list[str]:
    """The first ``limit`` printed lines of a report: Markdown marks dropped, long
    paragraphs wrapped at ``width`` characters, blank lines left out."""
    import textwrap

    from hoidap.text import strip_markdown

    out: list[str] = []
    for raw in strip_markdown(text).split("\n"):
        line = " ".join(raw.replace("\\", "").split())
        if line:
            out.extend(textwrap.wrap(line, width))
        if len(out) >= limit:
            break
    return out[:limit]


def page_image(lines: list[str], dpi: int = 300) -> object:
    """An A4 page image (PIL, grayscale) with ``lines`` printed in 11 pt DejaVu Sans."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = int(8.27 * dpi), int(11.69 * dpi)
    size = int(11 / 72 * dpi)
    font = ImageFont.truetype(font_path(), size)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    y = int(0.8 * dpi)
    for line in lines:
        draw.text((int(0.8 * dpi), y), line, font=font, fill=0)
        y += int(size * 1.5)
    return image


def scanned_pdf(pages: list[list[str]], dpi: int = 300) -> bytes:
    """A PDF of page images only (no text layer), like a scanner makes."""
    import io

    images = [page_image(lines, dpi) for lines in pages]
    buf = io.BytesIO()
    first, *rest = images
    first.save(buf, format="PDF", resolution=dpi, save_all=True, append_images=rest)  # type: ignore[attr-defined]
    return buf.getvalue()


def text_pdf(pages: list[list[str]], header: str = "", footer: bool = False) -> bytes:
    """A PDF with a text layer (fpdf2, DejaVu Sans), a running header and "Trang n/N"."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_auto_page_break(False)
    for k, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        if header:
            pdf.set_xy(15, 8)
            pdf.cell(0, 5, header)
        pdf.set_xy(15, 20)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        if footer:
            pdf.set_xy(15, 285)
            pdf.cell(0, 5, f"Trang {k}/{len(pages)}")
    return bytes(pdf.output())


def table_pdf(pages: list[list[str | list[list[str]]]], header: str = "") -> bytes:
    """A text-layer PDF whose pages mix lines (``str``) and ruled tables (a list of rows,
    the first one the header), drawn by fpdf2's table with every border, as Word prints."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_auto_page_break(False)
    for k, items in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=10)
        if header:
            pdf.set_xy(15, 8)
            pdf.cell(0, 5, header)
        pdf.set_xy(15, 20)
        for item in items:
            if isinstance(item, str):
                pdf.cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
                continue
            with pdf.table(headings_style=FontFace(), line_height=6) as table:
                for row in item:
                    cells = table.row()
                    for value in row:
                        cells.cell(value)
        pdf.set_xy(15, 285)
        pdf.cell(0, 5, f"Trang {k}/{len(pages)}")
    return bytes(pdf.output())
