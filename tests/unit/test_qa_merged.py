"""A question naming a pre-2025 province without reports says where its documents now are,
only when the merged province has documents from after the merger (qa/merged.py)."""

from __future__ import annotations

import datetime as dt

from hoidap.types import Report
from qa.merged import MERGED_FROM, merged_hints


def _report(province: str, issued: dt.date | None) -> Report:
    return Report("r", f"{province}.txt", "Kế hoạch", "Kế hoạch", province, "h", issued=issued)


def test_a_merged_province_points_to_the_documents_issued_since() -> None:
    reports = [
        _report("Cà Mau", dt.date(2021, 11, 16)),  # a COVID report: says nothing of Bạc Liêu
        _report("Cà Mau", dt.date(2025, 12, 2)),
        _report("Cà Mau", MERGED_FROM),
    ]
    (vi,) = merged_hints(["Bạc Liêu"], reports, english=False)
    assert vi.startswith("Từ ngày 01/7/2025, Bạc Liêu thuộc Cà Mau; kho dữ liệu có 2 văn bản")
    assert vi.endswith("hãy hỏi lại với tên “Cà Mau”.")
    (en,) = merged_hints(["Bạc Liêu"], reports, english=True)
    assert en.startswith("Since 1 July 2025 Bạc Liêu is part of Cà Mau; the collection holds 2")


def test_no_hint_without_documents_from_after_the_merger_or_for_an_unmerged_name() -> None:
    old_only = [_report("Cà Mau", dt.date(2021, 11, 16)), _report("Cà Mau", None)]
    assert merged_hints(["Bạc Liêu"], old_only, english=False) == []
    recent = [_report("Cà Mau", dt.date(2025, 12, 2))]
    # The merged province itself, and a province merged into another one.
    assert merged_hints(["Cà Mau"], recent, english=False) == []
    assert merged_hints(["Hà Giang"], recent, english=False) == []
