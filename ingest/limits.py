"""Input limits for report files: one bad file is one clear error, never a hang or a crash.

A report is a few hundred kilobytes of text. Files far outside that shape (a 9 MB
one-line .txt, a 1 MB DOCX that inflates to gigabytes, a PDF of ten thousand pages, a
file of 20,000 headings) are refused before the expensive steps (sentence splitting,
word segmentation, embedding) with a message that names the limit, so ``hoidap index``
builds every good file and a server upload never stalls the service.

>>> check_name("Báo cáo Cà Mau.md")
'Báo cáo Cà Mau.md'
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hoidap.errors import IngestError

# The largest bundled report is 126 KB, 837 lines, 1,328 characters on its longest line;
# these limits leave two orders of magnitude of room.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 5_000_000
MAX_LINES = 60_000
MAX_LINE_CHARS = 20_000
MAX_PDF_PAGES = 2_000
# DOCX is a zip: what it inflates to, how many members, how much one member may inflate.
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_RATIO = 200
# What to do with a DOCX that does not open (its fault is in the library's words).
DOCX_HINT = "mở bằng Word rồi lưu lại dạng .docx / open it in Word and save it again as .docx"
_RATIO_FLOOR = 1024 * 1024  # small members may compress well (repeated XML) without harm

T = TypeVar("T")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def unsafe_name_chars(name: str) -> list[str]:
    """Control, format (bidi overrides, zero-width) and separator characters in ``name``.

    A right-to-left override makes ``báo cáo\\u202egpj.txt`` display as ``báo cáotxt.jpg``;
    such names are refused rather than silently changed, so what the admin sees is what
    is stored.
    """
    return [
        ch for ch in name if unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
    ]


def check_name(name: str) -> str:
    """``name`` in NFC when it is a plain file name; IngestError otherwise."""
    bad = unsafe_name_chars(name)
    if bad:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        raise IngestError(
            "".join(f"\\u{ord(ch):04x}" if ch in bad else ch for ch in name),
            f"tên tệp có ký tự điều khiển / file name has control or bidi characters ({codes})",
            "đổi tên tệp / rename the file",
        )
    clean = unicodedata.normalize("NFC", name)
    if clean in {"", ".", ".."} or "/" in clean or "\\" in clean or clean.startswith("."):
        raise IngestError(
            repr(name),
            "tên tệp không hợp lệ / not a plain file name",
            "đổi tên tệp / rename the file",
        )
    return clean


def check_file(path: Path) -> None:
    """Refuse symlinks and files over :data:`MAX_FILE_BYTES` before reading a byte."""
    if path.is_symlink():
        raise IngestError(
            str(path),
            "liên kết tượng trưng, không đọc / symbolic link, not followed",
            "chép tệp thật vào thư mục / copy the real file into the folder",
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(
            str(path),
            f"tệp quá lớn ({_mb(size)}) / file too large ({size} bytes)",
            f"tối đa / at most {_mb(MAX_FILE_BYTES)}; tách báo cáo / split the report",
        )


def check_zip(path: Path) -> None:
    """Refuse a DOCX whose members would inflate past the limits (a zip bomb) before
    python-docx inflates any of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(
            str(path), f"DOCX hỏng / not a readable DOCX ({exc})", DOCX_HINT
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise IngestError(
            str(path),
            f"DOCX có {len(members)} phần / DOCX has {len(members)} parts "
            f"(at most {MAX_ZIP_MEMBERS})",
            "lưu lại bằng Word / re-save it in Word",
        )
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_BYTES:
        raise IngestError(
            str(path),
            f"DOCX giải nén quá lớn / DOCX inflates to {_mb(total)} "
            f"(at most {_mb(MAX_ZIP_BYTES)}; a zip bomb?)",
            "lưu lại bằng Word / re-save it in Word",
        )
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1):
            raise IngestError(
                str(path),
                f"phần DOCX giải nén quá lớn / DOCX part {m.filename!r} inflates "
                f"{m.file_size // max(m.compress_size, 1)}x "
                f"(at most {MAX_ZIP_RATIO}x; a zip bomb?)",
                "lưu lại bằng Word / re-save it in Word",
            )


def check_pages(path: Path, pages: int) -> None:
    if pages > MAX_PDF_PAGES:
        raise IngestError(
            str(path),
            f"PDF có {pages} trang / PDF has {pages} pages (at most {MAX_PDF_PAGES})",
            "tách báo cáo / split the report",
        )


def check_text(path: Path, text: str) -> None:
    """Refuse text whose shape would make sentence splitting or sectioning run for minutes."""
    name = str(path)
    if len(text) > MAX_TEXT_CHARS:
        raise IngestError(
            name,
            f"văn bản quá dài / text too long ({len(text)} characters, at most {MAX_TEXT_CHARS})",
            "tách báo cáo / split the report",
        )
    lines = text.split("\n")
    if len(lines) > MAX_LINES:
        raise IngestError(
            name,
            f"quá nhiều dòng / too many lines ({len(lines)}, at most {MAX_LINES})",
            "tách báo cáo / split the report",
        )
    longest = max((len(line) for line in lines), default=0)
    if longest > MAX_LINE_CHARS:
        number = next(i for i, line in enumerate(lines, 1) if len(line) == longest)
        raise IngestError(
            name,
            f"dòng {number} quá dài / line {number} too long ({longest} characters, "
            f"at most {MAX_LINE_CHARS})",
            "xuống dòng giữa các đoạn / put paragraphs on their own lines",
        )


def guarded(path: Path, kind: str, read: Callable[[], T]) -> T:
    """Run a third-party reader; any exception it raises becomes one IngestError.

    pypdf and python-docx raise dozens of exception types on damaged input (KeyError,
    AssertionError, RecursionError, lxml's XMLSyntaxError, pypdf's LimitReachedError,
    ...). Listing them all would miss the next one; the file is unreadable either way.
    """
    try:
        return read()
    except IngestError:
        raise
    except MemoryError:
        raise IngestError(str(path), f"{kind} quá lớn / {kind} too large to read") from None
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise IngestError(
            str(path),
            f"{kind} hỏng / not a readable {kind} ({type(exc).__name__}"
            + (f": {reason})" if reason else ")"),
            "mở và lưu lại tệp / open and re-save the file",
        ) from None
