"""Readers: one file in, one normalised text out (NFC, "\\n" line ends, no BOM).

Line numbers and character offsets of every section and chunk refer to this text.
For Markdown and plain text it is the file itself, decoded (CRLF and a BOM do not
change line numbers); for PDF it is the repaired text layer page after page, scanned
pages OCRed (:mod:`ingest.pdf`, :mod:`ingest.ocr`); for a page image its OCR text; for
HTML saved from a portal its main text as Markdown (:mod:`ingest.html`); for DOCX one
line per paragraph (a table row becomes one "| a | b |" line, the number Word's list
numbering draws before a paragraph is written in front of it), with Word headings
written as Markdown "#" lines and all-bold paragraphs as "**...**", so the section
finder sees the same cues as in Markdown.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hoidap.errors import IngestError
from hoidap.text import nfc
from ingest import limits, vni

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
    unread_pages: tuple[int, ...] = ()  # 1-based scanned pages left unread (no OCR here)

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
        raise IngestError(
            name,
            "tệp rỗng / empty file",
            "chọn lại đúng tệp báo cáo (tệp này 0 byte) / pick the report file again "
            "(this one has 0 bytes)",
        )
    _check_kind(path, suffix)
    pages: tuple[int, ...] = ()
    unread: tuple[int, ...] = ()
    if suffix == ".pdf":
        from ingest.pdf import read_pdf

        (text, pages, unread), encoding = limits.guarded(path, "PDF", lambda: read_pdf(path)), "pdf"
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
    if vni.is_vni(text):
        # Text typed in a VNI font (VNI-Times) was indexed as "Baùo caùo ...": converted
        # when it is VNI throughout, refused when Unicode Vietnamese is mixed in.
        if vni.has_unicode_vietnamese(text):
            raise vni.mixed_error(name)
        text = vni.from_vni(text)
        encoding = "vni" if encoding in ("cp1252", "utf-8") else f"{encoding}+vni"
    return SourceText(path, text, encoding, pages, unread)


# Characters that text typed in the old TCVN3 (ABC) fonts (.VnTime) shows where Unicode
# has Vietnamese letters: "B¸o c¸o", "®Þa bµn", "n¨m". Real Vietnamese text has next to
# none of them (2 in 250,000 letters of the bundled and evaluation reports); TCVN3 text
# has one in 7 letters. Text in the other old encoding, VNI, is read by :mod:`ingest.vni`.
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
    latin = data.decode("cp1252", errors="replace")
    if vni.is_vni(latin):
        return latin, "cp1252"  # a VNI-Times file saved as text: read_source converts it
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
        raise IngestError(
            str(path), f"DOCX hỏng / not a readable DOCX ({exc})", limits.DOCX_HINT
        ) from None
    lines: list[str] = []
    numbers = _ListNumbers(document)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                lines.append("| " + " | ".join(cells) + " |")
            continue
        text = block.text.replace("\n", " ").replace("\v", " ").strip()
        if not text:
            continue
        text = numbers.label(block) + text
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


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": _letter,
}


class _ListNumbers:
    """The numbers Word draws before auto-numbered paragraphs ("I.", "1.", "a)"), which are
    not in the paragraph's text: a report whose headings were numbered by Word's list
    numbering had "no section headings" although every heading shows its number on screen.
    Counted per list as Word does (a level restarts under a new item of the level above);
    bullets get no label."""

    def __init__(self, document: object) -> None:
        self._levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self._counts: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return
        try:
            self._read(numbering)
        except (ValueError, TypeError):  # a malformed numbering part: no numbers drawn
            self._levels = {}

    def _read(self, numbering: Any) -> None:
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        abstract = {a.get(ns + "abstractNumId"): a for a in numbering.findall(ns + "abstractNum")}
        for num in numbering.findall(ns + "num"):
            ref = num.find(ns + "abstractNumId")
            levels = abstract.get(ref.get(ns + "val") if ref is not None else None)
            for lvl in levels.findall(ns + "lvl") if levels is not None else ():
                fmt, text, start = (
                    lvl.find(ns + "numFmt"),
                    lvl.find(ns + "lvlText"),
                    lvl.find(ns + "start"),
                )
                self._levels[(str(num.get(ns + "numId")), int(lvl.get(ns + "ilvl") or 0))] = (
                    fmt.get(ns + "val", "decimal") if fmt is not None else "decimal",
                    text.get(ns + "val", "") if text is not None else "",
                    int(start.get(ns + "val", "1")) if start is not None else 1,
                )

    @staticmethod
    def _num_pr(paragraph: object) -> tuple[str, int] | None:
        """(numId, level) of a paragraph's numbering, its own or its style's."""
        ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        elements = [paragraph._p]  # type: ignore[attr-defined]
        style = getattr(paragraph, "style", None)
        while style is not None:
            elements.append(style.element)
            style = style.base_style
        for element in elements:
            pr = element.find(ns + "pPr")
            num = pr.find(ns + "numPr") if pr is not None else None
            if num is None:
                continue
            num_id, level = num.find(ns + "numId"), num.find(ns + "ilvl")
            if num_id is None:
                continue
            return str(num_id.get(ns + "val")), int(
                level.get(ns + "val") or 0
            ) if level is not None else 0
        return None

    def label(self, paragraph: object) -> str:
        """The paragraph's drawn number and a space ("II. "), or "" when it has none."""
        try:
            found = self._num_pr(paragraph) if self._levels else None
        except (ValueError, TypeError):
            return ""
        if found is None or found[0] == "0" or found not in self._levels:
            return ""
        num_id, level = found
        counts = self._counts.setdefault(num_id, [0] * 9)
        if level >= len(counts):
            return ""
        for deeper in range(level + 1, len(counts)):
            counts[deeper] = 0
        fmt, pattern, start = self._levels[found]
        counts[level] = counts[level] + 1 if counts[level] else start
        if fmt not in _FORMATS or not pattern:
            return ""  # a bullet, or a format drawn with symbols

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            k_fmt = self._levels.get((num_id, k), (fmt, "", 1))[0]
            value = counts[k] if 0 <= k < len(counts) else 0
            return _FORMATS.get(k_fmt, str)(max(value, 1))

        return re.sub(r"%(\d)", number, pattern).strip() + " "
