"""A province named by its pre-2025 name, whose documents now come from the merged province.

Since the 2025 merger of provinces an official may still ask about "Bình Dương" while every
document issued since is filed by "Hồ Chí Minh", the province it joined. hoidap does not
widen such a question to the merged province on its own: a 2021 report of Cà Mau says nothing
of Bạc Liêu, and an answer from it would be a figure for another place. It says instead which
province the name now belongs to and how many of its documents date from after the merger,
so the official can ask again with the new name when the question is about that time.

The converse holds too: a question naming the merged province ("Cần Thơ", "Bắc Ninh") covers
its members' documents issued since the merger, not a member's report from before it (a
2021 report of Sóc Trăng says nothing of Cần Thơ as it then was): :func:`merged_before`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from hoidap.types import Report
from ingest.provinces import province_2025
from qa.messages import MEMBER_EN, MEMBER_VI, MERGED_EN, MERGED_VI
from qa.query import Query

# The day the merged provinces' governments started work (Nghị quyết 202/2025/QH15 of
# 12/6/2025 merged them; their new administrations operate from 1 July 2025).
MERGED_FROM = dt.date(2025, 7, 1)


def merged_hints(provinces: Sequence[str], reports: Iterable[Report], english: bool) -> list[str]:
    """One line per named province without reports of its own whose merged province has
    documents issued since the merger: where its documents now are.

    >>> bd = Report("r1", "hcm.txt", "Kế hoạch", "Kế hoạch", "Hồ Chí Minh", "h",
    ...             province_2025="Hồ Chí Minh", issued=dt.date(2025, 11, 3))
    >>> merged_hints(["Bình Dương"], [bd], english=False)[0][:40]
    'Từ ngày 01/7/2025, Bình Dương thuộc Hồ C'
    >>> merged_hints(["Hà Giang"], [bd], english=False)  # merged elsewhere: nothing to say
    []
    """
    reports = list(reports)
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


def merged_before(query: Query, reports: Iterable[Report]) -> frozenset[str]:
    """The files of ``reports`` that the question reaches only through a province it names
    having merged others in, and that were issued before the merger: "Cần Thơ" covers
    Sóc Trăng since 1 July 2025, so Sóc Trăng's 2021 report does not answer a question about
    Cần Thơ, while one naming Sóc Trăng itself still reads it. A report's date is its issue
    date or, unknown (a report's letterhead often lacks one), the last day it covers; a
    report of neither is kept.

    >>> from qa.query import understand
    >>> old = Report("r1", "st.txt", "Báo cáo", "báo cáo", "Sóc Trăng", "h",
    ...              period_end=dt.date(2021, 11, 20))
    >>> new = Report("r2", "ct.txt", "Kế hoạch", "kế hoạch", "Sóc Trăng", "h",
    ...              province_2025="Cần Thơ", issued=dt.date(2025, 11, 3))
    >>> sorted(merged_before(understand("Cần Thơ có bao nhiêu ca mắc?"), [old, new]))
    ['st.txt']
    >>> merged_before(understand("Sóc Trăng, nay thuộc Cần Thơ, có bao nhiêu ca?"), [old, new])
    frozenset()
    """
    named = set(query.provinces)
    members = query.allowed_provinces - named
    if not members:
        return frozenset()
    return frozenset(
        r.source
        for r in reports
        if r.province in members
        and (dated := r.issued or r.period_end) is not None
        and dated < MERGED_FROM
    )


def member_hints(query: Query, reports: Iterable[Report], english: bool) -> list[str]:
    """One line per member of a merged province the question names whose documents the
    question does not reach (:func:`merged_before`): they are there under the member's own
    name, for a question about the time before the merger.

    >>> from qa.query import understand
    >>> old = Report("r1", "st.txt", "Báo cáo", "báo cáo", "Sóc Trăng", "h",
    ...              period_end=dt.date(2021, 11, 20))
    >>> member_hints(understand("Cần Thơ có bao nhiêu ca mắc?"), [old], english=False)[0][:44]
    'Sóc Trăng (nay thuộc Cần Thơ) có 1 văn bản b'
    """
    reports = list(reports)
    before = merged_before(query, reports)
    lines = []
    for new, members in zip(query.provinces, query.province_members, strict=False):
        for old in members:
            n = sum(1 for r in reports if r.province == old and r.source in before)
            if old != new and n:
                text = MEMBER_EN if english else MEMBER_VI
                lines.append(text.format(old=old, new=new, n=n))
    return lines
