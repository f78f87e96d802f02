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
    assert table.row_text(table.rows[0].cells, "Phụ lục 2") == "Phụ lục 2 · Huyện A · Số ca: 12"
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
    from qa.answer import Answerer
    from qa.coverage import TermWeights
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


DUMP = """BÁO CÁO
Kết quả tiêm chủng tỉnh Cà Mau năm 2021

I. KẾT QUẢ

Phụ lục 2: Kết quả tiêm chủng theo huyện

STT

Đơn vị

Mũi 1

Tỷ lệ (%)

1

Huyện Cái Nước

12.345

74,8

2

Huyện Năm Căn

8.120

69,1

Tổng cộng toàn tỉnh đã tiêm cho nhiều người.
"""


def test_one_cell_per_line_dump_becomes_table_rows(tmp_path: Path) -> None:
    source = write(tmp_path / "r.txt", DUMP)
    _, chunks = ingest_source(read_source(source), Config())
    rows = [c for c in chunks if c.kind == "table"]
    caption = "Phụ lục 2: Kết quả tiêm chủng theo huyện"
    assert [c.clean.split("\n") for c in rows] == [
        [
            f"{caption} · Huyện Cái Nước · Mũi 1: 12.345",
            f"{caption} · Huyện Cái Nước · Tỷ lệ (%): 74,8",
        ],
        [
            f"{caption} · Huyện Năm Căn · Mũi 1: 8.120",
            f"{caption} · Huyện Năm Căn · Tỷ lệ (%): 69,1",
        ],
    ]
    assert [(c.line_start, c.line_end) for c in rows] == [(16, 22), (24, 30)]
    assert rows[0].text == "1\n\nHuyện Cái Nước\n\n12.345\n\n74,8"
    assert chunks[-1].kind == "text" and chunks[-1].clean.startswith("Tổng cộng toàn tỉnh")


def test_cell_lines_stay_text_unless_they_can_only_be_a_table() -> None:
    from ingest.tables import parse_cell_lines

    cells_ = ["STT", "Đơn vị", "Mũi 1", "1", "Huyện A", "12", "2", "Huyện B", "8"]
    table, taken = parse_cell_lines(cells_) or (None, 0)
    assert table is not None and taken == 9 and table.header == ["STT", "Đơn vị", "Mũi 1"]
    # A Nơi nhận list, a letterhead: short lines, no column of figures.
    recipients = ["Nơi nhận:", "- Như trên;", "- Bộ Y tế;", "- TT Tỉnh ủy;", "- Lưu: VT."] * 2
    assert parse_cell_lines(recipients) is None
    letterhead = ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "Số: 12/BC-UBND", "Cà Mau, ngày 1/12/2021"]
    assert parse_cell_lines(letterhead * 3) is None
    # Only one row, or rows whose figures are not in the same columns: not a table.
    assert parse_cell_lines([*cells_[:6], "Tổng cộng toàn tỉnh."]) is None
    assert parse_cell_lines([*cells_[:6], "2", "8", "Huyện B"]) is None
    # Running numbers alone are no figures.
    assert parse_cell_lines(["STT", "Nội dung", "1", "Rà soát", "2", "Tuyên truyền"]) is None


TWO_ROW_MD = """BÁO CÁO
Kết quả thu ngân sách

I. KẾT QUẢ

Biểu 1: Thu ngân sách theo huyện

| STT | Huyện | Xã | Năm 2025 | |
|---|---|---|---|---|
| | | | Kế hoạch | Thực hiện |
| 1 | Cái Nước | Xã A | 100 | 95 |
| 2 | | Xã B | 80 | 84 |
| | Tổng cộng | | 180 | 179 |
"""


def test_two_row_header_names_columns_by_path_and_merged_labels_repeat(
    tmp_path: Path,
) -> None:
    _, chunks = ingest_source(read_source(write(tmp_path / "r.md", TWO_ROW_MD)), Config())
    rows = [c.clean.split("\n") for c in chunks if c.kind == "table"]
    cap = "Biểu 1: Thu ngân sách theo huyện"
    assert rows == [
        [
            f"{cap} · Cái Nước › Xã A · Năm 2025 › Kế hoạch: 100",
            f"{cap} · Cái Nước › Xã A · Năm 2025 › Thực hiện: 95",
        ],
        [
            f"{cap} · Cái Nước › Xã B · Năm 2025 › Kế hoạch: 80",
            f"{cap} · Cái Nước › Xã B · Năm 2025 › Thực hiện: 84",
        ],
        # The total row has no label beside it: read as it stands, not filled.
        [
            f"{cap} · Tổng cộng · Năm 2025 › Kế hoạch: 180",
            f"{cap} · Tổng cộng · Năm 2025 › Thực hiện: 179",
        ],
    ]


def test_docx_merged_header_and_row_label(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("BÁO CÁO")
    document.add_heading("I. KẾT QUẢ THU", level=2)
    table = document.add_table(rows=5, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Huyện"
    table.cell(0, 1).merge(table.cell(1, 1)).text = "Xã"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "Năm 2025"
    table.cell(1, 2).text, table.cell(1, 3).text = "Kế hoạch", "Thực hiện"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "Cái Nước"
    for r, row in enumerate([["Xã A", "100", "95"], ["Xã B", "80", "84"]], 2):
        for c, value in enumerate(row, 1):
            table.cell(r, c).text = value
    table.cell(4, 0).text, table.cell(4, 1).text = "Năm Căn", "Xã C"
    table.cell(4, 2).text, table.cell(4, 3).text = "60", "61"
    path = tmp_path / "r.docx"
    document.save(str(path))
    _, chunks = ingest_source(read_source(path), Config())
    rows = [c.clean.split("\n") for c in chunks if c.kind == "table"]
    head = "I. KẾT QUẢ THU"
    assert rows[1] == [
        f"{head} · Cái Nước › Xã B · Năm 2025 › Kế hoạch: 80",
        f"{head} · Cái Nước › Xã B · Năm 2025 › Thực hiện: 84",
    ]
    assert rows[2][0] == f"{head} · Năm Căn › Xã C · Năm 2025 › Kế hoạch: 60"


def test_pdf_two_row_header_and_merged_label_cells() -> None:
    from ingest.pdftables import table_lines

    # pdfplumber gives None where a merged cell continues (right of it, or below it).
    lines = table_lines(
        [
            ["Huyện", "Xã", "Năm 2025", None],
            [None, None, "Kế hoạch", "Thực hiện"],
            ["Cái Nước", "Xã A", "100", "95"],
            [None, "Xã B", "80", "84"],
        ]
    )
    table = parse(lines)
    assert table is not None
    assert table.header == ["Huyện", "Xã", "Năm 2025 › Kế hoạch", "Năm 2025 › Thực hiện"]
    assert table.row_text(table.rows[1].cells, "Biểu 2").split("\n") == [
        "Biểu 2 · Cái Nước › Xã B · Năm 2025 › Kế hoạch: 80",
        "Biểu 2 · Cái Nước › Xã B · Năm 2025 › Thực hiện: 84",
    ]
    # A plain one-row header stays as it was; a first data row is never a header.
    plain = parse(["| Huyện | Kế hoạch | Thực hiện |", "| Cái Nước | 100 | 95 |"])
    assert plain is not None and plain.header == ["Huyện", "Kế hoạch", "Thực hiện"]
    assert [r.cells for r in plain.rows] == [["Cái Nước", "100", "95"]]
