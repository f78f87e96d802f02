"""A question naming a pre-2025 province without reports says where its documents now are,
only when the merged province has documents from after the merger (qa/merged.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from hoidap.types import Report
from qa.merged import MERGED_FROM, MergerTable, merged_hints


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
    # The stubs carry what the pipeline derives from its index once (qa.merged.MergerTable).
    index = SimpleNamespace(reports=[covid, plan])
    retriever = SimpleNamespace(index=index, mergers=MergerTable.of(index.reports))
    where = HybridRetriever.where(retriever, understand("Vĩnh Long có bao nhiêu ca?"))  # type: ignore[arg-type]
    assert where is not None and where.reports == {"Vĩnh Long.txt"}
    stub = SimpleNamespace(
        index=SimpleNamespace(reports=[covid]),
        _provinces={"Trà Vinh"},
        mergers=MergerTable.of([covid]),
    )
    assert Pipeline._no_report(stub, understand("Vĩnh Long có bao nhiêu ca?"))  # type: ignore[arg-type]
    assert not Pipeline._no_report(stub, understand("Trà Vinh có bao nhiêu ca?"))  # type: ignore[arg-type]


# --------------------------------------------------------------- the table against the walk
# The merger rules as they read every report on every question, before qa.merged.MergerTable
# (commit ba5fb3b): the table must give exactly what these give.


def _walk_before(query: Any, reports: list[Report]) -> frozenset[str]:
    members = query.allowed_provinces - set(query.provinces)
    if not members:
        return frozenset()
    return frozenset(
        r.source
        for r in reports
        if r.province in members
        and (dated := r.issued or r.period_end) is not None
        and dated < MERGED_FROM
    )


def _walk_merged_hints(provinces: Any, reports: list[Report], english: bool) -> list[str]:
    from ingest.provinces import province_2025
    from qa.messages import MERGED_EN, MERGED_VI

    own = {r.province for r in reports}
    lines = []
    for old in provinces:
        new = province_2025(old)
        if not new or new == old or old in own:
            continue
        n = sum(
            1
            for r in reports
            if (r.province_2025 or province_2025(r.province)) == new
            and r.issued is not None
            and r.issued >= MERGED_FROM
        )
        if n:
            lines.append((MERGED_EN if english else MERGED_VI).format(old=old, new=new, n=n))
    return lines


def _walk_member_hints(query: Any, reports: list[Report], english: bool) -> list[str]:
    from qa.messages import MEMBER_EN, MEMBER_VI

    before = _walk_before(query, reports)
    lines = []
    for new, members in zip(query.provinces, query.province_members, strict=False):
        for old in members:
            n = sum(1 for r in reports if r.province == old and r.source in before)
            if old != new and n:
                lines.append((MEMBER_EN if english else MEMBER_VI).format(old=old, new=new, n=n))
    return lines


def _many_reports() -> list[Report]:
    """Reports of merged provinces, their members and others, each dated every way (issue
    date, last day covered, both, neither; before, on and after the merger), filed with and
    without their 2025 province, shuffled, a few sharing a file name with another."""
    import itertools
    import random

    from ingest.provinces import province_2025

    provinces = [
        *("Cần Thơ", "Sóc Trăng", "Hậu Giang", "Bắc Ninh", "Bắc Giang", "Vĩnh Long"),
        *("Trà Vinh", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Cà Mau", "Tuyên Quang", "Hà Nội", ""),
    ]  # no report of Bình Dương, Bạc Liêu, Hà Giang, Bến Tre: named, they get hints
    days = [None, dt.date(2021, 11, 20), dt.date(2025, 6, 30), MERGED_FROM, dt.date(2025, 12, 2)]
    combos = itertools.product(provinces, days, days[:3], (False, True))
    reports = [
        Report(
            f"r{i}",
            f"{p or 'unknown'}-{i}.txt",
            "Báo cáo",
            "báo cáo",
            p,
            "h",
            province_2025=province_2025(p) if filed else "",
            issued=issued,
            period_end=end,
        )
        for i, (p, issued, end, filed) in enumerate(combos)
    ]
    rng = random.Random(0)
    rng.shuffle(reports)
    for i in range(0, len(reports), 17):  # a file name a report of elsewhere also has
        reports[i] = replace(reports[i], source=reports[(i * 7 + 3) % len(reports)].source)
    for i in range(0, len(reports), 29):  # and one of its own province, dated otherwise
        reports.insert(i, replace(reports[i], report_id=f"again{i}", issued=days[i % 5]))
    return reports


_QUESTIONS = [
    "Cần Thơ có bao nhiêu ca mắc?",
    "How many cases did Can Tho report?",
    "Sóc Trăng có bao nhiêu ca?",
    "Sóc Trăng (nay thuộc Cần Thơ) đã tiêm bao nhiêu mũi?",
    "Bắc Ninh và Vĩnh Long có bao nhiêu ca?",
    "So sánh số ca của Cà Mau và Cần Thơ",
    "Hồ Chí Minh có bao nhiêu doanh nghiệp?",
    "Bình Dương có bao nhiêu doanh nghiệp?",
    "Bạc Liêu và Sóc Trăng có bao nhiêu ca?",
    "Tuyên Quang có bao nhiêu ca?",
    "Hà Giang có bao nhiêu ca?",
    "Hà Nội có bao nhiêu ca?",
    "Có bao nhiêu ca mắc?",
]


def test_the_table_answers_as_the_walk_over_every_report() -> None:
    from types import SimpleNamespace

    from qa.document import DocumentAnswerer
    from qa.pipeline import Pipeline
    from qa.query import understand
    from qa.retrieve import HybridRetriever

    reports = _many_reports()
    table = MergerTable.of(reports)
    index = SimpleNamespace(reports=reports)
    retriever = SimpleNamespace(index=index, mergers=table)
    pipeline = SimpleNamespace(index=index, _provinces={r.province for r in reports}, mergers=table)
    documents = DocumentAnswerer(reports, lambda _rid: [], stats={})
    named = ["Bình Dương", "Bạc Liêu", "Hà Giang", "Bến Tre", "Hà Nội", "Cần Thơ", "Sóc Trăng"]
    assert table.merged_hints(named, False) == _walk_merged_hints(named, reports, False)
    assert len(table.merged_hints(named, True)) == 4  # Bình Dương, Bạc Liêu, Hà Giang, Bến Tre
    excluded = hinted = 0
    for text in _QUESTIONS:
        query = understand(text)
        before = _walk_before(query, reports)
        assert table.merged_before(query) == before, text
        excluded += len(before)
        for en in (False, True):
            members = table.member_hints(query, en)
            assert members == _walk_member_hints(query, reports, en), text
            merged = table.merged_hints(query.provinces, en)
            assert merged == _walk_merged_hints(query.provinces, reports, en), text
            hinted += len(members) + len(merged)
        # The three places that read the table, against the walk they did.
        allowed = query.allowed_provinces
        kept = {r.source for r in reports if r.province in allowed and r.source not in before}
        where = HybridRetriever.where(retriever, query)  # type: ignore[arg-type]
        assert (where.reports if where else None) == (
            (frozenset(kept) or {"\x00none"}) if before else (frozenset() if allowed else None)
        ), text
        no_report = bool(allowed) and (
            not allowed & pipeline._provinces
            or (bool(before) and all(r.source in before for r in reports if r.province in allowed))
        )
        assert Pipeline._no_report(pipeline, query) == no_report, text  # type: ignore[arg-type]
        in_provinces = allowed | set(query.provinces)
        for some in (documents.reports, documents.reports[::3]):
            walked = _walk_before(query, some)
            assert documents._in_provinces(query, some) == [
                r
                for r in some
                if (not query.provinces)
                or (
                    (r.province in in_provinces or r.province_2025 in in_provinces)
                    and r.source not in walked
                )
            ], text
    assert excluded > 50 and hinted > 10  # the rules had much to say on these reports
