"""A province named by its pre-2025 name, whose documents now come from the merged province.

Since the 2025 merger of provinces an official may still ask about "Bình Dương" while every
document issued since is filed by "Hồ Chí Minh", the province it joined. hoidap does not
widen such a question to the merged province on its own: a 2021 report of Cà Mau says nothing
of Bạc Liêu, and an answer from it would be a figure for another place. It says instead which
province the name now belongs to and how many of its documents date from after the merger,
so the official can ask again with the new name when the question is about that time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from hoidap.types import Report
from ingest.provinces import province_2025
from qa.messages import MERGED_EN, MERGED_VI

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
