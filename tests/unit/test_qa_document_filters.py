"""Questions limited to a document kind and an issue-date range, applied by the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.config import Config
from hoidap.errors import InputError
from ingest.pipeline import ingest_source
from ingest.readers import read_source
from tests.conftest import REPO
from tests.unit.ingest_fixtures import table_pdf, write
from tests.unit.test_ingest_tables import PDF_PAGES

PLAN = REPO / "eval" / "corpus" / "dev" / "d03_can-tho.txt"  # kế hoạch of 18/11/2025


@pytest.mark.skipif(not PLAN.is_file(), reason="eval/corpus/dev is not in this checkout")
def test_kind_and_issue_dates_pick_the_reports_searched(tmp_path: Path) -> None:
    from index.store import build_index, load_index
    from qa.pipeline import Pipeline
    from tests.unit.test_index_contract import config_at

    done = [
        ingest_source(read_source(p), Config())
        for p in (write(tmp_path / "bc.pdf", table_pdf(PDF_PAGES)), PLAN)
    ]
    config = config_at(tmp_path)
    build_index(config, [r for r, _ in done], [c for _, cs in done for c in cs])
    pipeline = Pipeline(load_index(config), config)
    plan = {PLAN.name}
    assert pipeline.filters(None, None, kind="ke hoach").reports == plan
    assert pipeline.filters(None, None, kind="báo cáo").reports == {"bc.pdf"}
    assert (
        pipeline.filters(None, None, issued_from="01/11/2025", issued_to="2025-11-18").reports
        == plan
    )
    with pytest.raises(InputError, match="no report matches") as info:
        pipeline.filters(None, None, kind="kế hoạch", issued_from="2025-11-19")
    assert "(loại / kind 'kế hoạch', ban hành / issued 2025-11-19 – …)" in str(info.value)
    # review6: swapped dates were "no report matches the filter (kind=None, …)".
    with pytest.raises(InputError) as info:
        pipeline.filters(None, None, issued_from="2025-12-01", issued_to="01/01/2025")
    assert str(info.value) == (
        "ngày bắt đầu 01/12/2025 sau ngày kết thúc 01/01/2025 / issued_from 2025-12-01 is "
        "after issued_to 2025-01-01 (đổi chỗ hai ngày / swap the two dates)"
    )
    # review6: a province, report and kind that cannot go together, or a province with no
    # report in the index, answered "Không tìm thấy thông tin này trong các báo cáo".
    with pytest.raises(InputError, match="no report of Hà Nội in the index") as info:
        pipeline.filters("Hà Nội", None)
    assert "Cần Thơ" in info.value.hint
    # qa-pass: a name that is no province said only "unknown province 'xyz'", not which
    # provinces there are to choose from.
    with pytest.raises(InputError, match="unknown province 'xyz'") as info:
        pipeline.filters("xyz", None)
    assert "Cần Thơ" in info.value.hint and "provinces with reports" in info.value.hint
    with pytest.raises(InputError, match=r"report 'bc\.pdf' is not of Cần Thơ"):
        pipeline.filters("Cần Thơ", "bc.pdf")
    with pytest.raises(InputError, match=r"\(tỉnh / province 'can tho', loại / kind 'báo cáo'\)"):
        pipeline.filters("can tho", None, kind="báo cáo")
    assert pipeline.filters("can tho", None, kind="kế hoạch").reports == plan
    with pytest.raises(InputError, match="unknown document kind") as info:
        pipeline.filters(None, None, kind="công văn")
    assert "kế hoạch" in str(info.value.hint)
    with pytest.raises(InputError, match="not a date '31/02/2025'"):
        pipeline.filters(None, None, issued_to="31/02/2025")
    question = "Huyện Trần Văn Thời có bao nhiêu ca mắc?"
    answer = pipeline.ask(question, kind="báo cáo")
    assert answer.hits and {h.chunk.source for h in answer.hits} == {"bc.pdf"}
    assert answer.text.startswith("2.310 ")
    only_plans = pipeline.ask(question, kind="kế hoạch", issued_to="2025-12-31")
    assert {h.chunk.source for h in only_plans.hits} == plan and only_plans.abstained
