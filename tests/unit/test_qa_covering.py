"""Which reports can answer a question with a cut-off date (``Pipeline.covering``)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hoidap.types import Hit, Report
from qa.pipeline import Pipeline, _covered
from qa.query import understand
from tests.unit.qa_fakes import make_chunk


def _report(kind: str, issued: dt.date | None, start: dt.date, end: dt.date) -> Report:
    return Report("r", "d02_ca-mau.txt", "Kế hoạch", kind, "Cà Mau", "h", issued=issued,
                  period_start=start, period_end=end)  # fmt: skip


def test_a_plan_speaks_of_the_time_up_to_its_issue_date() -> None:
    """A plan for 2026-2028 issued on 24/11/2025 opens with how 2025 went: a question "by
    the end of 2025" may be answered from it; a COVID report (no issue date) keeps its
    period, and a question before the plan was written is still not answered from it."""
    plan = _report("kế hoạch", dt.date(2025, 11, 24), dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    assert _covered(plan) == (dt.date(2025, 11, 24), dt.date(2028, 12, 31))
    report = _report("báo cáo", None, dt.date(2021, 1, 1), dt.date(2021, 11, 16))
    assert _covered(report) == (dt.date(2021, 1, 1), dt.date(2021, 11, 16))

    chunk = make_chunk("Lũy kế đến cuối năm có 16 dự án điện gió được vận hành khai thác.")
    hit = Hit(chunk, 1.0, 1)
    pipe = SimpleNamespace(_periods={chunk.report_id: _covered(plan)})
    query = understand("By the end of 2025, how many wind power projects operate in Cà Mau?")
    assert Pipeline.covering(pipe, query, [hit]) == [hit]  # type: ignore[arg-type]
    query = understand("Cà Mau có bao nhiêu dự án điện gió đến hết ngày 30/6/2024?")
    assert Pipeline.covering(pipe, query, [hit]) == []  # type: ignore[arg-type]
