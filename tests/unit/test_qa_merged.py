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


def test_a_merged_province_asked_reaches_its_members_only_since_the_merger() -> None:
    # "Cần Thơ" covers Sóc Trăng since 1 July 2025: Sóc Trăng's 2021 COVID report (no issue
    # date, its last day covered is 2021) does not answer a question about Cần Thơ, while
    # Cần Thơ's own documents of any date and Sóc Trăng's since the merger still do; a
    # question naming Sóc Trăng itself reads its report.
    from qa.merged import member_hints, merged_before
    from qa.query import understand

    covid = Report(
        "c",
        "soc-trang.txt",
        "Báo cáo",
        "báo cáo",
        "Sóc Trăng",
        "h",
        period_end=dt.date(2021, 11, 20),
    )
    since = _report("Sóc Trăng", dt.date(2025, 9, 1))
    own = _report("Cần Thơ", dt.date(2020, 5, 1))
    undated = Report("u", "hau-giang.txt", "Báo cáo", "báo cáo", "Hậu Giang", "h")
    reports = [covid, since, own, undated]
    asked = understand("Cần Thơ đã tiêm vắc xin cho bao nhiêu người?")
    assert merged_before(asked, reports) == {"soc-trang.txt"}
    assert merged_before(understand("Sóc Trăng đã tiêm bao nhiêu mũi?"), reports) == frozenset()
    both = understand("Sóc Trăng (nay thuộc Cần Thơ) đã tiêm bao nhiêu mũi?")
    assert merged_before(both, reports) == frozenset()
    (hint,) = member_hints(asked, [covid], english=False)
    assert hint.endswith("hãy hỏi lại với tên “Sóc Trăng”.")


def test_retrieval_and_the_no_report_answer_read_the_merger_date() -> None:
    """The retriever's limits leave out a member's report from before the merger, and a
    question whose only reports are such says there is no report, with where they are."""
    from types import SimpleNamespace

    from qa.pipeline import Pipeline
    from qa.query import understand
    from qa.retrieve import HybridRetriever

    covid = Report(
        "c", "tra-vinh.txt", "Báo cáo", "báo cáo", "Trà Vinh", "h", issued=dt.date(2022, 5, 13)
    )
    plan = _report("Vĩnh Long", dt.date(2025, 11, 20))
    index = SimpleNamespace(reports=[covid, plan])
    where = HybridRetriever.where(
        SimpleNamespace(index=index), understand("Vĩnh Long có bao nhiêu ca?")
    )  # type: ignore[arg-type]
    assert where is not None and where.reports == {"Vĩnh Long.txt"}
    stub = SimpleNamespace(index=SimpleNamespace(reports=[covid]), _provinces={"Trà Vinh"})
    assert Pipeline._no_report(stub, understand("Vĩnh Long có bao nhiêu ca?"))  # type: ignore[arg-type]
    assert not Pipeline._no_report(stub, understand("Trà Vinh có bao nhiêu ca?"))  # type: ignore[arg-type]
