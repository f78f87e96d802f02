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

What these read of the reports is a :class:`MergerTable`, made once per index: a question
then costs the reports of the provinces it names, not a walk over every report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from hoidap.types import Report
from ingest.provinces import province_2025
from qa.messages import MEMBER_EN, MEMBER_VI, MERGED_EN, MERGED_VI
from qa.query import Query

# The day the merged provinces' governments started work (Nghị quyết 202/2025/QH15 of
# 12/6/2025 merged them; their new administrations operate from 1 July 2025).
MERGED_FROM = dt.date(2025, 7, 1)


@dataclass(frozen=True, eq=False, repr=False)
class MergerTable:
    """What the merger rules read of a set of reports, by province. A pipeline makes one
    each time it loads an index (``Pipeline._use``; reading never changes the index), for
    its retriever, its no-report answer and its document answers: with tens of thousands
    of reports, a walk over all of them in each place on every question naming a province
    took milliseconds. Every list keeps the reports' order and repeats (two reports may
    share a file name), so each answer is the one the walk gave.

    >>> old = Report("r1", "st.txt", "Báo cáo", "báo cáo", "Sóc Trăng", "h",
    ...              period_end=dt.date(2021, 11, 20))
    >>> new = Report("r2", "ct.txt", "Kế hoạch", "kế hoạch", "Sóc Trăng", "h",
    ...              province_2025="Cần Thơ", issued=dt.date(2025, 11, 3))
    >>> table = MergerTable.of([old, new])
    >>> table.files["Sóc Trăng"], table.before["Sóc Trăng"], table.since["Cần Thơ"]
    (('st.txt', 'ct.txt'), ('st.txt',), 1)
    """

    # Province as a report gives it -> the files of its reports.
    files: Mapping[str, tuple[str, ...]]
    # Province -> the files of its reports dated before the merger (issue date, else the
    # last day covered; a report of neither is in no list here).
    before: Mapping[str, tuple[str, ...]]
    # Merged province (the report's own 2025 province, else its province's) -> how many
    # reports were issued on or after ``MERGED_FROM``.
    since: Mapping[str, int]

    @classmethod
    def of(cls, reports: Iterable[Report]) -> MergerTable:
        """The table of ``reports``, in one pass."""
        files: dict[str, list[str]] = {}
        before: dict[str, list[str]] = {}
        since: dict[str, int] = {}
        merged_into: dict[str, str] = {}  # province_2025 folds the name: once per name
        for r in reports:
            files.setdefault(r.province, []).append(r.source)
            dated = r.issued or r.period_end
            if dated is not None and dated < MERGED_FROM:
                before.setdefault(r.province, []).append(r.source)
            if r.issued is not None and r.issued >= MERGED_FROM:
                new = r.province_2025
                if not new:
                    if r.province not in merged_into:
                        merged_into[r.province] = province_2025(r.province)
                    new = merged_into[r.province]
                since[new] = since.get(new, 0) + 1
        return cls(
            MappingProxyType({p: tuple(v) for p, v in files.items()}),
            MappingProxyType({p: tuple(v) for p, v in before.items()}),
            MappingProxyType(since),
        )

    def of_provinces(self, provinces: Iterable[str]) -> Iterator[str]:
        """The files of the reports of ``provinces``, one per report."""
        for p in provinces:
            yield from self.files.get(p, ())

    def merged_before(self, query: Query) -> frozenset[str]:
        """:func:`merged_before` of these reports."""
        members = query.allowed_provinces - set(query.provinces)
        return frozenset(f for p in members for f in self.before.get(p, ()))

    def merged_hints(self, provinces: Sequence[str], english: bool) -> list[str]:
        """:func:`merged_hints` of these reports."""
        lines = []
        for old in provinces:
            new = province_2025(old)
            if not new or new == old or old in self.files:
                continue
            n = self.since.get(new, 0)
            if n:
                lines.append((MERGED_EN if english else MERGED_VI).format(old=old, new=new, n=n))
        return lines

    def member_hints(self, query: Query, english: bool) -> list[str]:
        """:func:`member_hints` of these reports."""
        before = self.merged_before(query)
        lines = []
        for new, members in zip(query.provinces, query.province_members, strict=False):
            for old in members:
                n = sum(1 for f in self.files.get(old, ()) if f in before)
                if old != new and n:
                    text = MEMBER_EN if english else MEMBER_VI
                    lines.append(text.format(old=old, new=new, n=n))
        return lines


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
    return MergerTable.of(reports).merged_hints(provinces, english)


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
    return MergerTable.of(reports).merged_before(query)


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
    return MergerTable.of(reports).member_hints(query, english)
