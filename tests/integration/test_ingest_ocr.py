"""OCR of scanned pages with Tesseract's Vietnamese model (real Tesseract, one page).

A page of a bundled report is printed to an image (DejaVu Sans, 11 pt, 300 dpi), saved
as an image-only PDF and read back through the normal reader. The character error rate
(Levenshtein distance / reference length, whitespace runs counted as one space) on this
clean page is about 1 %; ``bench/bench_ingest.py`` prints it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ocr
from ingest.readers import read_source
from tests.conftest import REPORTS
from tests.unit.ingest_fixtures import page_image, page_lines, scanned_pdf, write

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(bool(ocr.missing()), reason=ocr.missing() or "OCR available"),
]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate with whitespace runs as one space."""
    from rapidfuzz.distance import Levenshtein

    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def test_scanned_page_of_a_bundled_report_reads_back(tmp_path: Path) -> None:
    text = (REPORTS / "001_fa29380e2daf4212.txt").read_text(encoding="utf-8")
    lines = page_lines(text, limit=30)
    src = read_source(write(tmp_path / "scan.pdf", scanned_pdf([lines])))
    assert src.encoding == "pdf" and src.page_lines == (1,)
    rate = cer("\n".join(lines), src.text)
    assert rate < 0.03, f"CER {rate:.3%}"
    assert "859.463" in src.text or "Cà Mau" in src.text


def test_page_image_file(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    image = page_image(["BÁO CÁO", "Kết quả tiêm chủng tỉnh Cà Mau năm 2021"])
    image.save(path)  # type: ignore[attr-defined]
    src = read_source(path)
    assert src.encoding == "ocr"
    assert cer("BÁO CÁO\nKết quả tiêm chủng tỉnh Cà Mau năm 2021", src.text) < 0.05
