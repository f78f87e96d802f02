"""OCR for scanned PDFs and page images: Tesseract's Vietnamese model (``vie``).

Tesseract is a system program, not a Python wheel: ``apt-get install tesseract-ocr
tesseract-ocr-vie`` (``make test`` does it) and the ``pytesseract`` wrapper. When either is
missing the file fails with one message naming both, and the other files are ingested.
Pages are rendered with pypdfium2 (PDFium, no system poppler needed) at 300 dpi, the
resolution Tesseract's models are trained for. A progress bar shows on a terminal.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hoidap.errors import IngestError

DPI = 300
# The most pixels a PDF page is rendered with: an A4 page at 300 dpi has 8.7 million, an
# A1 sheet 70 million. A page declared 5 m wide would otherwise need gigabytes of memory
# and minutes of Tesseract; such a page is rendered at the resolution that fits.
MAX_PAGE_PIXELS = 80_000_000
LANG = "vie"
INSTALL = (
    "cài Tesseract và mô hình tiếng Việt / install Tesseract with its Vietnamese model: "
    "`apt-get install tesseract-ocr tesseract-ocr-vie` and `pip install pytesseract`"
)


def missing() -> str:
    """Why OCR cannot run here ("" when it can)."""
    if shutil.which("tesseract") is None:
        return "chưa cài Tesseract / Tesseract is not installed"
    try:
        import pytesseract
    except ImportError:
        return "chưa cài gói pytesseract / the pytesseract package is not installed"
    try:
        langs = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken install reports itself in many ways
        return f"Tesseract không chạy được / Tesseract does not run ({exc})"
    if LANG not in langs:
        return (
            "chưa cài mô hình tiếng Việt của Tesseract / Tesseract's Vietnamese model "
            "(tesseract-ocr-vie) is not installed"
        )
    return ""


def require(name: str) -> None:
    """Raise :class:`IngestError` for ``name`` when OCR is unavailable."""
    why = missing()
    if why:
        raise IngestError(name, f"bản quét cần OCR / scanned document needs OCR: {why}", INSTALL)


def ocr_image(image: Any) -> str:
    """The text of one page image (a PIL image), lines as Tesseract reads them."""
    import pytesseract

    text: str = pytesseract.image_to_string(image, lang=LANG, config="--psm 3")
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def render_pages(path: Path, pages: Iterable[int], dpi: int = DPI) -> Iterable[tuple[int, Any]]:
    """(page index, PIL image) for the given 0-based pages of a PDF."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        for index in pages:
            page = document[index]
            width, height = page.get_size()  # points (1/72 inch)
            # 0.999: PDFium rounds each side up to a whole pixel
            fits = 0.999 * (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5
            scale = min(dpi / 72, fits)
            bitmap = page.render(scale=scale, grayscale=True)
            yield index, bitmap.to_pil()
    finally:
        document.close()


def ocr_pdf_pages(path: Path, pages: list[int]) -> dict[int, str]:
    """OCR the given 0-based pages of a PDF; {page index: text}. A page that cannot be
    rendered or read fails the file with one message, never a traceback."""
    import pypdfium2 as pdfium
    import pytesseract
    from tqdm import tqdm

    require(str(path))
    out: dict[int, str] = {}
    bar = tqdm(total=len(pages), desc=f"OCR {path.name}", unit="page", disable=None, leave=False)
    try:
        for index, image in render_pages(path, pages):
            out[index] = ocr_image(image)
            bar.update(1)
    except (pdfium.PdfiumError, pytesseract.TesseractError, RuntimeError, OSError) as exc:
        raise IngestError(
            str(path),
            f"OCR thất bại / OCR failed ({exc})",
            "kiểm tra tệp PDF mở được / check that the PDF opens",
        ) from None
    finally:
        bar.close()
    return out


def ocr_image_file(path: Path) -> str:
    """OCR a scanned page saved as an image (.png, .jpg, .tif; every frame of a TIFF)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    require(str(path))
    import pytesseract

    try:
        with Image.open(path) as image:
            frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
        return "\n\n".join(ocr_image(frame) for frame in frames)
    except Image.DecompressionBombError:
        # Past Pillow's pixel limit (179 million, a page scanned at ~1,500 dpi): it was a
        # traceback that stopped `hoidap ingest` and `hoidap index`.
        raise IngestError(
            str(path),
            "ảnh quá lớn / image too large (quá / over 179 triệu / million pixels)",
            "quét lại ở 300 dpi / rescan it at 300 dpi",
        ) from None
    except (UnidentifiedImageError, OSError, pytesseract.TesseractError, RuntimeError) as exc:
        raise IngestError(str(path), f"ảnh hỏng / not a readable image ({exc})") from None
