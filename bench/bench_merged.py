"""Per-question cost of the merged-province rules (qa/merged.py) on a large synthetic index.

A question naming a province reads the merger rules in three places (the retriever's
limits, the no-report answer, the document answers) and, when no report answers it, in
the hints. Each place used to walk every report; ``qa.merged.MergerTable`` is made once
per index and read by province. This times, on the same synthetic reports in one run,
the walk (the code of commit ba5fb3b, kept below as the baseline) against the table as
the call sites now read it, checks both give the same results, and prints microseconds
per question and their ratio. Figures, not assertions.

    .venv/bin/python bench/bench_merged.py [--reports 20000] [--repeat 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUESTIONS = [
    "Cần Thơ có bao nhiêu ca mắc?",
    "Bắc Ninh và Vĩnh Long có bao nhiêu ca?",
    "Hồ Chí Minh có bao nhiêu doanh nghiệp?",
    "How many cases did Can Tho report?",
]


def synthetic_reports(n: int, seed: int = 0) -> list[Any]:
    """``n`` reports spread over the 63 pre-2025 provinces, dated before and after the
    merger or not at all, half filed with their 2025 province."""
    from hoidap.types import Report
    from ingest.provinces import all_provinces, province_2025

    rng = random.Random(seed)
    provinces = all_provinces()
    days = [None, dt.date(2021, 11, 20), dt.date(2024, 3, 1), dt.date(2025, 9, 1)]
    reports = []
    for i in range(n):
        p = rng.choice(provinces)
        issued, end = rng.choice(days), rng.choice(days[:3])
        filed = province_2025(p) if rng.random() < 0.5 else ""
        reports.append(
            Report(f"r{i}", f"{i}.txt", "Báo cáo", "báo cáo", p, "h", province_2025=filed,
                   issued=issued, period_end=end)
        )  # fmt: skip
    return reports


# ------------------------------------------------------------ the walk (commit ba5fb3b)
# The merger rules as they read every report, kept once, in the test that holds the table to
# them (tests/unit/test_qa_merged.py).
def _walk_before(query: Any, reports: list[Any]) -> frozenset[str]:
    from tests.unit.test_qa_merged import _walk_before as walk

    return walk(query, reports)


def walk_check(query: Any, reports: list[Any]) -> tuple[Any, ...]:
    """What the three call sites computed of the merger rules, as they computed them: the
    retriever's files, whether there is no report, the document answers' reports of the
    named provinces (whose province filter walked every report too)."""
    allowed = query.allowed_provinces
    before = _walk_before(query, reports)  # HybridRetriever.where
    kept = (
        {r.source for r in reports if r.province in allowed and r.source not in before}
        if before
        else set()
    )
    before = _walk_before(query, reports)  # Pipeline._no_report
    none = bool(before) and all(r.source in before for r in reports if r.province in allowed)
    before = _walk_before(query, reports)  # DocumentAnswerer._in_provinces
    named = query.allowed_provinces | set(query.provinces)
    placed = [
        r
        for r in reports
        if (r.province in named or r.province_2025 in named) and r.source not in before
    ]
    return frozenset(kept), none, placed


def walk_hints(query: Any, reports: list[Any]) -> list[str]:
    """merged_hints + member_hints as they were (the no-report answer)."""
    from tests.unit.test_qa_merged import _walk_member_hints, _walk_merged_hints

    return _walk_merged_hints(query.provinces, reports, False) + _walk_member_hints(
        query, reports, False
    )


# ------------------------------------------------------------ the table, at the call sites
def table_check(query: Any, retriever: Any, pipeline: Any, documents: Any) -> tuple[Any, ...]:
    """The same, from the call sites themselves (the retriever's also builds its ``Where``)."""
    from qa.pipeline import Pipeline

    where = retriever.where(query)
    none = Pipeline._no_report(pipeline, query)
    placed = documents._in_provinces(query, documents.reports)
    kept = where.reports - {"\x00none"} if where is not None else frozenset()
    return frozenset(kept), none, placed


def per_call_us(fn: Callable[[], Any], repeat: int) -> float:
    """Median microseconds of ``fn`` over ``repeat`` timed rounds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e6


def main() -> None:
    from qa.document import DocumentAnswerer
    from qa.merged import MergerTable
    from qa.query import understand
    from qa.retrieve import HybridRetriever

    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    reports = synthetic_reports(args.reports)
    index = SimpleNamespace(reports=reports)
    t0 = time.perf_counter()
    table = MergerTable.of(reports)
    build_ms = (time.perf_counter() - t0) * 1e3
    retriever = HybridRetriever(index, weights={"vi": {}}, mergers=table)
    pipeline = SimpleNamespace(index=index, _provinces={r.province for r in reports}, mergers=table)
    documents = DocumentAnswerer(reports, lambda _rid: [], stats={}, mergers=table)
    print(f"reports: {len(reports):,}; table made once in {build_ms:.1f} ms")
    print(f"{'question':<42} {'walk µs':>9} {'table µs':>9} {'ratio':>7}  same")
    ratios = []
    for text in QUESTIONS:
        query = understand(text)
        same = walk_check(query, reports) == table_check(query, retriever, pipeline, documents)
        walk = per_call_us(functools.partial(walk_check, query, reports), args.repeat)
        tab = per_call_us(
            functools.partial(table_check, query, retriever, pipeline, documents), args.repeat
        )
        ratios.append(walk / tab)
        print(f"{text[:42]:<42} {walk:9.0f} {tab:9.1f} {walk / tab:6.0f}x  {same}")
    # The hints of the no-report answer: a pre-2025 name without reports of its own.
    query = understand("Bình Dương có bao nhiêu doanh nghiệp?")
    hinted = [r for r in reports if r.province != "Bình Dương"]
    hint_table = MergerTable.of(hinted)

    def hints() -> list[str]:
        return hint_table.merged_hints(query.provinces, False) + hint_table.member_hints(
            query, False
        )

    same = walk_hints(query, hinted) == hints()
    walk = per_call_us(lambda: walk_hints(query, hinted), args.repeat)
    tab = per_call_us(hints, args.repeat)
    print(f"{'hints: ' + query.text[:35]:<42} {walk:9.0f} {tab:9.1f} {walk / tab:6.0f}x  {same}")
    print(f"merger check, walk / table: median {statistics.median(ratios):.0f}x over the questions")


if __name__ == "__main__":
    main()
