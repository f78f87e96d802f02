"""Tables become one chunk per data row whose text names each cell's row and column."""

from __future__ import annotations

from pathlib import Path

from hoidap.config import Config
from ingest.pipeline import ingest_source
from ingest.readers import read_source
from ingest.tables import cells, parse
from tests.unit.ingest_fixtures import write

REPORT = """BÁO CÁO
Kết quả phòng, chống dịch COVID-19 tỉnh Cà Mau năm 2021

I. KẾT QUẢ THỰC HIỆN

Tình hình dịch bệnh trên địa bàn tỉnh như sau.

Phụ lục 1: Số ca mắc theo huyện

| STT | Đơn vị | Số ca mắc | Số ca tử vong |
|---|---|---|---|
| 1 | Huyện Cái Nước | 1.204 | 15 |
| 2 | **Huyện Năm Căn** | 830 | 7 |

Tổng cộng toàn tỉnh ghi nhận nhiều ca mắc.
"""


def test_parse_skips_separator_and_index_column() -> None:
    table = parse(
        ["| TT | Đơn vị | Số ca |", "|:--|---|--:|", "| 1 | Huyện A | 12 |", "| 2 | Huyện B | 3 |"]
    )
    assert table is not None
    assert table.header == ["TT", "Đơn vị", "Số ca"]
    assert table.label_column() == 1
    assert table.row_text(table.rows[0][1], "Phụ lục 2") == "Phụ lục 2 · Huyện A · Số ca: 12"
    assert cells("| **a** | b |") == ["a", "b"]
    assert parse(["| only one row |"]) is None


def test_table_rows_are_chunks_with_their_headers(tmp_path: Path) -> None:
    _, chunks = ingest_source(read_source(write(tmp_path / "r.md", REPORT)), Config())
    rows = [c for c in chunks if c.kind == "table"]
    assert [c.text for c in rows] == [
        "| 1 | Huyện Cái Nước | 1.204 | 15 |",
        "| 2 | **Huyện Năm Căn** | 830 | 7 |",
    ]
    assert rows[0].clean.split("\n") == [
        "Phụ lục 1: Số ca mắc theo huyện · Huyện Cái Nước · Số ca mắc: 1.204",
        "Phụ lục 1: Số ca mắc theo huyện · Huyện Cái Nước · Số ca tử vong: 15",
    ]
    assert rows[1].line_start == rows[1].line_end == 13
    assert rows[1].section_path == ("I. KẾT QUẢ THỰC HIỆN",)
    assert (
        chunks[-1].kind == "text"
        and chunks[-1].clean == "Tổng cộng toàn tỉnh ghi nhận nhiều ca mắc."
    )


def test_docx_table_rows_keep_headers(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("BÁO CÁO")
    document.add_heading("I. KẾT QUẢ TIÊM CHỦNG", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["Huyện", "Mũi 1", "Mũi 2"], ["Cái Nước", "1.000", "900"], ["Năm Căn", "800", "750"]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "r.docx"
    document.save(str(path))
    _, chunks = ingest_source(read_source(path), Config())
    rows = [c.clean.split("\n") for c in chunks if c.kind == "table"]
    head = "I. KẾT QUẢ TIÊM CHỦNG"
    assert rows == [
        [f"{head} · Cái Nước · Mũi 1: 1.000", f"{head} · Cái Nước · Mũi 2: 900"],
        [f"{head} · Năm Căn · Mũi 1: 800", f"{head} · Năm Căn · Mũi 2: 750"],
    ]
