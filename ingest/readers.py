"""Readers: one file in, one normalised text out (NFC, "\\n" line ends, no BOM).

Line numbers and character offsets of every section and chunk refer to this text.
For Markdown and plain text it is the file itself, decoded (CRLF and a BOM do not
change line numbers); for PDF it is the repaired text layer page after page, scanned
pages OCRed (:mod:`ingest.pdf`, :mod:`ingest.ocr`); for a page image its OCR text; for
HTML saved from a portal its main text as Markdown (:mod:`ingest.html`); for DOCX one
line per paragraph (a table row becomes one "| a | b |" line), with Word headings
written as Markdown "#" lines and all-bold paragraphs as "**...**", so the section
finder sees the same cues as in Markdown.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from hoidap.errors import IngestError
from hoidap.text import nfc
from ingest import limits

# Scanned pages saved as images are read by OCR.
IMAGES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUPPORTED = (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm", *IMAGES)
# Every message a user reads is Vietnamese first, English second.
BINARY = "tệp nhị phân, không phải văn bản / binary file, not text"
BINARY_HINT = "dùng báo cáo .md, .txt, .pdf hoặc .docx / give a .md, .txt, .pdf or .docx report"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Office formats hoidap does not read, which Word, Excel or LibreOffice save as .docx or PDF.
OFFICE_SUFFIXES = frozenset(
    {".doc", ".dot", ".rtf", ".odt", ".wps", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp"}
)
OFFICE_HINT = (
    "mở bằng Word (Excel, LibreOffice) rồi Lưu thành (Save As) .docx hoặc .pdf / "
    "open it in Word (Excel, LibreOffice) and save it as .docx or .pdf"
)
# An OLE2 compound file: Word 97-2003 (.doc), Excel (.xls), or an Office file saved with a
# password (an encrypted .docx is stored this way, not as a zip).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def unsupported(name: str) -> IngestError:
    """The error for a file whose type hoidap does not read; an old Word or Excel file
    (.doc, .xls) is told how to save it as one it does.

    >>> print(unsupported("Báo cáo.doc"))
    Báo cáo.doc: loại tệp không hỗ trợ / unsupported file type '.doc' (mở bằng Word (Excel, \
LibreOffice) rồi Lưu thành (Save As) .docx hoặc .pdf / open it in Word (Excel, LibreOffice) and \
save it as .docx or .pdf)
    """
    suffix = Path(name).suffix.lower()
    return IngestError(
        name,
        f"loại tệp không hỗ trợ / unsupported file type {suffix or '(none)'!r}",
        OFFICE_HINT
        if suffix in OFFICE_SUFFIXES
        else f"chuyển sang / convert it to one of {', '.join(SUPPORTED)}",
    )


@dataclass(frozen=True)
class SourceText:
    """The normalised text of one file and how it was read ("utf-8", "cp1258", "pdf", ...)."""

    path: Path
    text: str
    encoding: str
    page_lines: tuple[int, ...] = ()  # first line of each page (PDF)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def read_source(path: Path) -> SourceText:
    """Read a .md/.txt/.pdf/.docx file; raise :class:`IngestError` naming the file and the fix."""
    name = str(path)
    if not path.exists() and not path.is_symlink():
        raise IngestError(
            name, "không có tệp / no such file", "kiểm tra đường dẫn / check the path"
        )
    limits.check_file(path)
    if not path.is_file():
        raise IngestError(name, "không phải tệp / not a file")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise unsupported(name)
    if path.stat().st_size == 0:
        raise IngestError(name, "tệp rỗng / empty file")
    _check_kind(path, suffix)
    pages: tuple[int, ...] = ()
    if suffix == ".pdf":
        from ingest.pdf import read_pdf

        (text, pages), encoding = limits.guarded(path, "PDF", lambda: read_pdf(path)), "pdf"
    elif suffix == ".docx":
        limits.check_zip(path)
        text, encoding = limits.guarded(path, "DOCX", lambda: _read_docx(path)), "docx"
    elif suffix in IMAGES:
        from ingest.ocr import ocr_image_file

        text, encoding = ocr_image_file(path), "ocr"
    elif suffix in (".html", ".htm"):
        from ingest.html import read_html

        text, encoding = read_html(decode_text(path.read_bytes(), name)[0], name), "html"
    else:
        text, encoding = decode_text(path.read_bytes(), name)
    text = normalise(text)
    limits.check_text(path, text)
    if not re.search(r"\w", text):
        raise IngestError(name, "tệp không có chữ / no text in the file")
    if is_tcvn3(text):
        raise tcvn3_error(name)
    return SourceText(path, text, encoding, pages)


# Characters that text typed in the old TCVN3 (ABC) fonts (.VnTime) shows where Unicode
# has Vietnamese letters: "B¸o c¸o", "®Þa bµn", "n¨m". Real Vietnamese text has next to
# none of them (2 in 250,000 letters of the bundled and evaluation reports); TCVN3 text
# has one in 7 letters.
_TCVN3_MARKS = frozenset("¸µ¶·¹¨©ª«¬®¡¢£¤¥¦§»¼½¾\xad")


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` is Vietnamese written in TCVN3 (ABC) font codes, not Unicode.

    >>> is_tcvn3("B¸o c¸o kÕt qu¶ thùc hiÖn c«ng t¸c phßng, chèng dÞch trªn ®Þa bµn tØnh")
    True
    >>> is_tcvn3("Báo cáo kết quả thực hiện công tác phòng, chống dịch trên địa bàn tỉnh")
    False
    """
    marks = sum(1 for ch in text if ch in _TCVN3_MARKS)
    if marks < 8:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    return marks >= 0.02 * max(letters, 1)


def tcvn3_error(name: str) -> IngestError:
    return IngestError(
        name,
        "văn bản gõ bằng bảng mã cũ TCVN3 (ABC, phông .VnTime), không phải Unicode / the "
        "text is in the old TCVN3 (ABC) font encoding, not Unicode",
        "chuyển sang Unicode bằng Unikey (Công cụ chuyển mã: TCVN3 → Unicode) rồi lưu lại / "
        "convert it to Unicode with Unikey's converter (TCVN3 to Unicode) and save it again",
    )


# The first bytes of the binary kinds hoidap reads, and the suffix each is read under.
MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", ".pdf", "PDF"),
    (b"PK\x03\x04", ".docx", "ZIP (DOCX)"),
    (b"\x89PNG\r\n\x1a\n", ".png", "PNG"),
    (b"\xff\xd8\xff", ".jpg", "JPEG"),
    (b"II*\x00", ".tif", "TIFF"),
    (b"MM\x00*", ".tif", "TIFF"),
)
SAME_KIND = {".jpeg": ".jpg", ".tiff": ".tif"}


def _check_kind(path: Path, suffix: str) -> None:
    """IngestError when the file's first bytes say it is another kind than its suffix
    (a PDF saved as .txt read as text "has no section headings"; a Word file renamed
    .pdf is "not a readable PDF (Stream has ended unexpectedly)"): the message says what
    the file is and which suffix to give it."""
    with path.open("rb") as f:
        head = f.read(8)
    if head == OLE2:
        raise IngestError(
            str(path),
            "tệp Office dạng cũ (.doc, .xls) hoặc có mật khẩu / an old-format (.doc, .xls) or "
            "password-protected Office file",
            "mở bằng Word, bỏ mật khẩu nếu có, rồi Lưu thành (Save As) .docx / open it in "
            "Word, remove any password and save it as .docx",
        )
    for magic, kind_suffix, kind in MAGIC:
        if head.startswith(magic):
            if SAME_KIND.get(suffix, suffix) == kind_suffix:
                return
            hint = (
                "nếu là văn bản Word, đổi đuôi thành .docx / if it is a Word document, "
                "rename it to .docx"
                if kind_suffix == ".docx"
                else f"đổi đuôi thành / rename it to {kind_suffix}"
            )
            raise IngestError(
                str(path),
                f"tệp này là {kind} dù đuôi là {suffix} / the file is a {kind} file named {suffix}",
                hint,
            )


def normalise(text: str) -> str:
    """NFC, "\\n" line ends, no BOM, no NUL: the text all offsets refer to."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")
    return nfc(text)


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Decode report bytes: a BOM wins, then strict UTF-8, then charset-normalizer
    (Windows-1258 and BOM-less UTF-16 reports exist); binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise IngestError(
                    name,
                    f"văn bản {encoding} hỏng / invalid {encoding} text after its byte-order mark",
                    "lưu lại dạng UTF-8 / re-save the file as UTF-8",
                ) from None
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError(name, BINARY, BINARY_HINT)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or not best.encoding:
        if is_tcvn3(data.decode("latin-1")):
            raise tcvn3_error(name)  # a TCVN3 file decodes as no known code page
        raise IngestError(
            name,
            "không nhận ra bảng mã / cannot tell the text encoding (binary?)",
            "lưu lại dạng UTF-8 / re-save the file as UTF-8",
        )
    text = str(best)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise IngestError(name, BINARY, BINARY_HINT)
    return text, best.encoding


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-heavy text has NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _read_docx(path: Path) -> str:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(str(path), f"DOCX hỏng / not a readable DOCX ({exc})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
            continue
        text = block.text.replace("\n", " ").replace("\v", " ").strip()
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        level = re.fullmatch(r"Heading (\d)", style)
        runs = [r for r in block.runs if r.text.strip()]
        if level:
            text = "#" * int(level.group(1)) + " " + text
        elif style == "Title":
            text = "# " + text
        elif runs and all(r.bold for r in runs):
            text = f"**{text}**"
        lines.append(text)
    return "\n".join(lines)
