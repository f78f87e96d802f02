"""Hand-built hoidap values for the eval unit tests (no index, no model)."""

from __future__ import annotations

from typing import Any

from hoidap.types import Answer, Chunk, Citation, Hit

REPORT = "001_fa29380e2daf4212.txt"
TEXT = (
    "# BÁO CÁO\n"
    "Tình hình dịch bệnh trên địa bàn tỉnh.\n"
    "Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho 859.463 người, "
    "chiếm tỷ lệ 74,8% dân số.\n"
    "Ghi nhận 4.923 trường hợp dương tính.\n"
)
EVIDENCE = "tỉnh Cà Mau đã tổ chức tiêm vắc xin cho 859.463 người, chiếm tỷ lệ 74,8% dân số"


def chunk(
    source: str, start: int, end: int, lines: tuple[int, int] = (1, 1), text: str = ""
) -> Chunk:
    return Chunk(
        chunk_id=f"{source}:{start}",
        report_id=source,
        source=source,
        province="Cà Mau",
        section_id="s",
        section_path=("I. TÌNH HÌNH",),
        ordinal=0,
        text=text,
        clean=text,
        segmented=text.lower(),
        unaccented=text.lower(),
        line_start=lines[0],
        line_end=lines[1],
        char_start=start,
        char_end=end,
    )


def hit(c: Chunk, rank: int) -> Hit:
    return Hit(chunk=c, score=1.0 / rank, rank=rank)


def citation(report: str, lines: tuple[int, int], quote: str, marker: int = 1) -> Citation:
    return Citation(marker, "c", report, "Cà Mau", "I", lines, quote)


def answer(text: str, citations: tuple[Citation, ...] = (), abstained: bool = False) -> Answer:
    return Answer("q", text, citations=citations, abstained=abstained, timings_ms={"total": 12.0})


def gold_line(**changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "id": "t001",
        "question": "Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
        "language": "vi",
        "provinces": ["Cà Mau"],
        "reports": [REPORT],
        "answer": "859.463 người",
        "aliases": ["859463"],
        "evidence": [EVIDENCE],
        "type": "number",
        "difficulty": "easy",
        "user_input": "Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
        "reference": "859.463 người",
        "reference_contexts": [EVIDENCE],
    }
    line.update(changes)
    return line
