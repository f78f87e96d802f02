"""PDF reader: the text layer page by page, repaired; scanned pages through OCR.

Repairs, each because real files need it:

* **running headers, footers and page numbers**: a line that comes back at the top or
  bottom of most pages (digits ignored: "Trang 2/5", a browser's "file:///... 1/3"), and a
  bare page number ("- 3 -", "3", "3/12") there, are dropped from the text. The page
  each line came from is kept (``page_starts``), so a citation can give page and line.
* **letter spacing**: a browser that prints a web page can place each glyph on its own,
  and the text layer reads "K ế t qu ả"; such a line is put back into syllables.
* **hyphenation**: "phát-" at a line end with "triển" below is one word again.
* **ligatures**: "ﬁ" is "fi" (NFC keeps ligatures; NFKC would also change "²").

A page that draws ruling lines is searched for tables (:mod:`ingest.pdftables`): each
table row becomes one "| a | b |" line, which the chunker reads as a table row.

A page with (almost) no text layer is a scan: it is OCRed (:mod:`ingest.ocr`). When every
page is a scan and OCR is not installed, the file fails with a message naming the
packages; when only some are, they are left empty and returned as unread, so the rest is
indexed and the user is told which pages were not read and what to install
(:func:`unread_warning`).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from hoidap.errors import IngestError
from hoidap.text import nfc
from ingest import limits, syllables
from ingest.tables import is_table_line

MIN_PAGE_LETTERS = 20
_EDGE = 2  # lines at the top and bottom of a page that may be running text
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:Trang|Page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"})
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])-$")


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and page numbers from the edges of each page."""
    edges: Counter[str] = Counter()
    for lines in pages:
        filled = [x for x in lines if x.strip()]
        keys = {_key(x) for x in filled[:_EDGE] + filled[-_EDGE:]}
        edges.update(keys)
    repeated = {k for k, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    out = []
    for lines in pages:
        nonblank = [i for i, x in enumerate(lines) if x.strip()]
        edge = set(nonblank[:_EDGE] + nonblank[-_EDGE:])
        keep = []
        for i, line in enumerate(lines):
            if (
                i in edge
                and not is_table_line(line)
                and (_key(line) in repeated or _PAGE_NUMBER.match(line))
            ):
                continue
            keep.append(line)
        while keep and not keep[0].strip():
            keep.pop(0)
        while keep and not keep[-1].strip():
            keep.pop()
        out.append(keep)
    return out


def join_hyphens(lines: list[str]) -> list[str]:
    """A word cut with a hyphen at a line end gets its tail back: "chuyển đổi tự độ-" /
    "ng hóa" -> "chuyển đổi tự động" / "hóa". A dash between words ("kinh tế -") stays."""
    out = list(lines)
    for i in range(len(out) - 1):
        line, nxt = out[i], out[i + 1]
        if not _HYPHEN_END.search(line.rstrip()):
            continue
        head, _, rest = nxt.lstrip().partition(" ")
        if not head[:1].islower():
            continue
        out[i] = line.rstrip()[:-1] + head
        out[i + 1] = rest
    return out


def repair_page(text: str) -> list[str]:
    """One page's text layer as clean lines (ligatures, letter spacing, hyphenation)."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n").translate(_LIGATURES))
    lines = [syllables.unspace(line) for line in text.split("\n")]
    return join_hyphens(lines)


def _draws_lines(page: object) -> bool:
    from pypdf.errors import PdfReadError

    """Whether a page draws enough lines to hold a ruled table (see ingest.pdftables)."""
    from ingest.pdftables import may_hold_tables

    try:
        contents = page.get_contents()  # type: ignore[attr-defined]
        return contents is not None and may_hold_tables(contents.get_data())
    except (PdfReadError, ValueError, KeyError, OSError):
        return False  # the text is still read; only its tables are not looked for


def read_pdf(path: Path) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """The repaired text of a PDF, the 1-based line where each page starts and the
    1-based pages that are scans left unread because OCR is not installed."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    name = str(path)
    try:
        reader = PdfReader(path)
        # An owner password only restricts printing/editing: the empty user password opens
        # it (AES needs the `cryptography` package, a dependency for that reason).
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                name,
                "PDF có mật khẩu / encrypted PDF (needs a password to open)",
                "gỡ mật khẩu trước / remove the password first",
            )
        limits.check_pages(path, len(reader.pages))
        raw = [page.extract_text() or "" for page in reader.pages]
        ruled = [i for i, page in enumerate(reader.pages) if _draws_lines(page)]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise IngestError(
            name,
            f"PDF hỏng / not a readable PDF ({exc})",
            "xuất lại PDF từ tệp gốc hoặc tải lại tệp / export the PDF again from the "
            "original, or download it again",
        ) from None
    scanned = [i for i, t in enumerate(raw) if _letters(t) < MIN_PAGE_LETTERS]
    pages = [repair_page(t) for t in raw]
    from ingest import pdftables

    ruled = [i for i in ruled if i not in scanned]
    try:
        found = pdftables.pages_with_tables(path, ruled, repair_page)
    except Exception:  # pdfminer's own errors on a file pypdf read: keep pypdf's text
        found = {}
    for i, lines in found.items():
        pages[i] = lines
    unread: tuple[int, ...] = ()
    if scanned:
        from ingest import ocr

        if len(scanned) == len(raw) or not ocr.missing():
            for i, text in ocr.ocr_pdf_pages(path, scanned).items():
                pages[i] = repair_page(text)
        else:
            # Left empty without a word, they were simply missing from every answer.
            unread = tuple(i + 1 for i in scanned)
    pages = strip_running(pages)
    starts: list[int] = []
    out: list[str] = []
    line = 1
    for k, lines in enumerate(pages):
        if k:
            out.append("")  # a blank line between pages
            line += 1
        starts.append(line)
        out.extend(lines if lines else [""])
        line += max(1, len(lines))
    text = "\n".join(out)
    if _letters(text) < MIN_PAGE_LETTERS:
        raise IngestError(
            name,
            "PDF không có chữ, kể cả sau OCR / PDF has no text, even after OCR",
            "kiểm tra chất lượng bản quét / check the scan's quality",
        )
    return text, tuple(starts), unread


def unread_warning(name: str, pages: tuple[int, ...]) -> IngestError:
    """What to tell the user of a PDF whose scanned ``pages`` were not read (no OCR).

    >>> print(unread_warning("bc.pdf", (2, 5)).message.split(" (")[0])
    bc.pdf: trang 2, 5 là bản quét, chưa đọc được; phần còn lại đã được lập chỉ mục / \
pages 2, 5 are scans and were not read; the rest is indexed
    """
    from ingest import ocr

    shown = ", ".join(str(p) for p in pages[:10]) + (", …" if len(pages) > 10 else "")
    why = ocr.missing() or "OCR"
    return IngestError(
        name,
        f"trang {shown} là bản quét, chưa đọc được; phần còn lại đã được lập chỉ mục / "
        f"pages {shown} are scans and were not read; the rest is indexed ({why})",
        f"{ocr.INSTALL}, rồi chạy lại / then run it again",
    )
