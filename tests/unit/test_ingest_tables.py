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


HEAD = ["STT", "Đơn vị", "Số ca mắc", "Số ca tử vong"]
PDF_PAGES: list[list[str | list[list[str]]]] = [
    [
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "BÁO CÁO",
        "Kết quả phòng, chống dịch COVID-19 năm 2021",
        "I. TÌNH HÌNH DỊCH",
        "Trong năm, số ca mắc trên địa bàn tỉnh giảm dần.",
        "Phụ lục 1. Số ca mắc theo huyện",
        [HEAD, ["1", "Huyện Cái Nước", "1.204", "15"], ["2", "Huyện Năm Căn", "987", "3"]],
    ],
    [
        # The table goes on over the page break, its header row printed again.
        [HEAD, ["3", "Huyện Trần Văn Thời", "2.310", "21"]],
        "II. NHIỆM VỤ",
        "Tiếp tục theo dõi chặt chẽ tình hình dịch bệnh.",
    ],
]


def test_pdf_table_rows_keep_headers_and_pages(tmp_path: Path) -> None:
    from tests.unit.ingest_fixtures import table_pdf

    path = write(tmp_path / "r.pdf", table_pdf(PDF_PAGES, header="UBND tỉnh Cà Mau"))
    report, chunks = ingest_source(read_source(path), Config())
    rows = [c for c in chunks if c.kind == "table"]
    caption = "Phụ lục 1. Số ca mắc theo huyện"
    assert [c.text for c in rows] == [
        "| 1 | Huyện Cái Nước | 1.204 | 15 |",
        "| 2 | Huyện Năm Căn | 987 | 3 |",
        "| 3 | Huyện Trần Văn Thời | 2.310 | 21 |",
    ]
    assert rows[2].clean.split("\n") == [
        f"{caption} · Huyện Trần Văn Thời · Số ca mắc: 2.310",
        f"{caption} · Huyện Trần Văn Thời · Số ca tử vong: 21",
    ]
    assert [report.page_of(c.line_start) for c in rows] == [1, 1, 2]
    assert all(c.section_path == ("I. TÌNH HÌNH DỊCH",) for c in rows)
    # The text around the table is read as before, in reading order, running text gone.
    assert chunks[-1].clean == "II. NHIỆM VỤ\nTiếp tục theo dõi chặt chẽ tình hình dịch bệnh."
    assert "UBND tỉnh Cà Mau\n" not in read_source(path).text


def test_a_figure_from_a_pdf_table_cell_is_answered_with_its_row_and_column(
    tmp_path: Path,
) -> None:
    from hoidap.types import Hit
    from qa.answer import Answerer, TermWeights
    from qa.query import understand
    from tests.unit.ingest_fixtures import table_pdf

    path = write(tmp_path / "r.pdf", table_pdf(PDF_PAGES))
    _, chunks = ingest_source(read_source(path), Config())
    answerer = Answerer(TermWeights(chunks))
    question = "Số ca tử vong của Huyện Năm Căn là bao nhiêu?"
    # Every chunk retrieved, the row asked about not first: the answerer picks the cell.
    ranked = sorted(chunks, key=lambda c: "Năm Căn" in c.clean)
    draft = answerer.answer(
        understand(question), [Hit(c, 1.0 / r, r) for r, c in enumerate(ranked, 1)]
    )
    assert not draft.abstained
    assert draft.text.startswith("3 ")
    (cite,) = draft.citations
    assert cite.quote == "Phụ lục 1. Số ca mắc theo huyện · Huyện Năm Căn · Số ca tử vong: 3"
    assert cite.lines == (9, 9)


def test_table_lines_from_pdf_cells() -> None:
    from ingest.pdftables import may_hold_tables, table_lines

    # A header cell spanning two columns names both; a merged body cell stays empty.
    assert table_lines(
        [["Đơn vị", "Số ca", None], ["Huyện A", "12\n(ca)", None], ["Huyện B", "3", "1"]]
    ) == ["| Đơn vị | Số ca | Số ca |", "| Huyện A | 12 (ca) |  |", "| Huyện B | 3 | 1 |"]
    assert table_lines([["Một ô có khung quanh một đoạn văn"]]) == []
    assert table_lines([["Tiêu đề", "x"], [None, ""]]) == []
    assert may_hold_tables(b"0 0 10 10 re\nS\n1 1 m 2 2 l\nS 3 3 m 4 4 l S 5 5 l S")
    assert not may_hold_tables(b"BT /F1 10 Tf (Trang 1) Tj ET")


def test_ask_cites_a_pdf_table_cell_with_its_page(tmp_path: Path) -> None:
    from index.store import build_index, load_index
    from qa.pipeline import Pipeline
    from tests.unit.ingest_fixtures import table_pdf
    from tests.unit.test_index_contract import config_at

    path = write(tmp_path / "r.pdf", table_pdf(PDF_PAGES))
    report, chunks = ingest_source(read_source(path), Config())
    config = config_at(tmp_path)
    build_index(config, [report], chunks)
    answer = Pipeline(load_index(config), config).ask("Huyện Trần Văn Thời có bao nhiêu ca mắc?")
    assert answer.text.startswith("2.310 ")
    (cite,) = answer.to_json()["citations"]
    assert cite["page"] == 2 and cite["lines"] == [12, 12]
    assert "Huyện Trần Văn Thời · Số ca mắc: 2.310" in cite["quote"]
