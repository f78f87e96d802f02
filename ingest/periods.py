"""Periods with their role: what a document reports on, what it plans, and its deadlines.

* **plan** horizon: "giai đoạn 2026 - 2030", "thời kỳ 2021 - 2030", "03 năm 2026 - 2028",
  "đến năm 2030" (from the issue date), "cuối năm 2025", a plan's "năm 2026", and
  "Thời gian thực hiện: Từ năm 2026 - 2030"; a vision ("tầm nhìn đến năm 2045") and a
  term of office ("nhiệm kỳ 2026 - 2031") are not horizons.
* **result** period: a report's period (see :func:`ingest.metadata.period`), "từ ngày 01/7
  đến nay" in a preamble, or a section headed "Tình hình thực hiện ... năm 2025".
* **deadline**: "trước ngày 31/12/2025", "chậm nhất ngày ...", "hoàn thành trong quý
  IV/2025" (a date with its year; "trước ngày 30/11 hằng năm" recurs and is skipped).

Dates inside a cited document ("Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025") are
removed before a title is read, so they are never mistaken for a horizon.

>>> [(p.role, p.start.isoformat(), p.end.isoformat()) for p in title_periods(
...     "Kế hoạch phát triển kinh tế số giai đoạn 2026 - 2030", None)]
[('plan', '2026-01-01', '2030-12-31')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from hoidap.text import DASH, find_dates, strip_markdown
from hoidap.types import Period, Section

_RANGE = re.compile(
    r"(?<!nhiệm kỳ )(?<!tầm nhìn )(?:giai đoạn|thời kỳ|từ năm|năm|niên độ)\s+"
    r"((?:19|20)\d{2})\s*" + DASH + r"\s*(?:năm\s+)?((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"(?<!tầm nhìn )\bđến năm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_END_OF_YEAR = re.compile(r"\bcuối năm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_CITED_DATE = re.compile(
    r"(?:ngày\s+\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm|/\s*\d{1,2}\s*/)\s*\d{4})"
    r"|(?:\b(?:số\s+)?\d+[\w.]*/\d{4}/[\w\-Đđ]+)",
    re.IGNORECASE,
)
_IMPLEMENTATION = re.compile(r"thời gian thực hiện\s*:?\s*(.{0,80})", re.IGNORECASE)
_RESULT_HEADING = re.compile(r"(?:kết quả|tình hình|đánh giá|thực hiện|ước thực hiện)", re.I)
_SINCE = re.compile(r"\btừ\s+(?:ngày\s+)?(\S+(?:\s+tháng\s+\S+)?)\s+(?:đến nay|đến ngày)", re.I)
_DEADLINE = re.compile(
    r"\b(?:trước|chậm nhất(?: là)?|không muộn hơn|hạn chót|hoàn thành trong)\s+(?:ngày\s+)?",
    re.IGNORECASE,
)


def _without_cited_dates(text: str) -> str:
    return _CITED_DATE.sub(" ", text)


def horizon(text: str, issued: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    """The plan horizon a line states, as (start, end, words), or None."""
    plain = _without_cited_dates(strip_markdown(text))
    if m := _RANGE.search(plain):
        first, last = int(m[1]), int(m[2])
        if first <= last <= first + 30:
            return dt.date(first, 1, 1), dt.date(last, 12, 31), m[0]
    if m := _UNTIL.search(plain):
        year = int(m[1])
        start = issued if issued and issued.year <= year else dt.date(year, 1, 1)
        return start, dt.date(year, 12, 31), m[0]
    if m := _END_OF_YEAR.search(plain):
        year = int(m[1])
        start = issued if issued and issued.year == year else dt.date(year, 10, 1)
        return start, dt.date(year, 12, 31), m[0]
    return None


def title_periods(title: str, issued: dt.date | None, kind: str = "kế hoạch") -> list[Period]:
    """The horizon of a plan (or decision issuing one) from its title."""
    found = horizon(title, issued)
    if found:
        return [Period("plan", found[0], found[1], found[2])]
    if kind == "báo cáo":
        return []
    plain = _without_cited_dates(title)
    years = [int(y) for y in _YEAR.findall(plain)]
    if years and (issued is None or years[-1] >= issued.year):
        year = years[-1]
        return [Period("plan", dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")]
    return []


def implementation_periods(text: str, issued: dt.date | None) -> list[Period]:
    """ "Thời gian thực hiện: Từ năm 2026 - 2030" lines that state a horizon."""
    out = []
    for m in _IMPLEMENTATION.finditer(strip_markdown(text).replace("*", "")):
        found = horizon(m[1], issued)
        if found:
            out.append(Period("plan", found[0], found[1], " ".join(m[0].split())))
    return out


def since_periods(preamble: str, issued: dt.date | None) -> list[Period]:
    """ "từ ngày 01/7 đến nay" in the opening lines: a result period up to the issue date."""
    out = []
    plain = strip_markdown(preamble)
    for m in _SINCE.finditer(plain):
        default_year = issued.year if issued else None
        dates = find_dates(plain[m.start() : m.end() + 30], default_year)
        days = [d for d in dates if d.granularity in ("day", "month")]
        if not days:
            continue
        start = days[0].first
        end = days[1].last if len(days) > 1 else issued
        if end and start <= end:
            out.append(Period("result", start, end, plain[m.start() : m.end()].strip()))
    return out


def deadlines(text: str, section_id: str = "") -> list[Period]:
    """Dates with their year after "trước", "chậm nhất", "hoàn thành trong"."""
    out = []
    plain = strip_markdown(text)
    for m in _DEADLINE.finditer(plain):
        window = plain[m.end() : m.end() + 40]
        dates = find_dates(window)
        if not dates or dates[0].start > 8 or not dates[0].has_year:
            continue
        d = dates[0]
        if d.granularity == "day-no-year":
            continue
        words = plain[m.start() : m.end() + d.end].strip()
        out.append(Period("deadline", None, d.last, words, section_id))
    return out


def section_periods(
    sections: Sequence[Section], lines: Sequence[str], issued: dt.date | None
) -> list[Period]:
    """Periods a section states for itself: its heading's horizon (or a result year when
    the heading is about results), its "Thời gian thực hiện" line, and its deadlines."""
    out: list[Period] = []
    ordered = sorted((s for s in sections if s.number or s.level > 0), key=lambda s: s.line_start)
    for k, s in enumerate(ordered):
        if s.level == 0:
            continue
        heading = s.heading
        found = horizon(heading, issued)
        if found:
            out.append(Period("plan", found[0], found[1], found[2], s.section_id))
        elif _RESULT_HEADING.search(heading) and (m := _YEAR.search(heading)):
            year = int(m[1])
            if issued is None or year <= issued.year:
                end = dt.date(year, 12, 31)
                if issued and end > issued:
                    end = issued
                out.append(Period("result", dt.date(year, 1, 1), end, m[0], s.section_id))
        own_end = ordered[k + 1].line_start - 1 if k + 1 < len(ordered) else s.line_end
        body = "\n".join(lines[s.line_start - 1 : max(s.line_start, own_end)])
        for p in implementation_periods(body, issued):
            out.append(Period(p.role, p.start, p.end, p.text, s.section_id))
        out.extend(deadlines(body, s.section_id))
    return out
