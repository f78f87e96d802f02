"""Date answers: what a date question asks for and the dates a sentence can answer with.

``hoidap.text.find_dates`` reads the dates every stage needs (a report's period, a
question's cut-off, the dates a passage covers). A date *answer* needs two more readings,
kept here so that retrieval and the metrics do not change with them:

- the grain a question asks for: a day ("ngày nào", "by what date"), a month, a quarter,
  a year ("năm nào", "which year") or a period of years ("giai đoạn nào", "in which
  period"); an answer of another grain is another kind of answer ("năm 2030" does not say
  by which day a report is due);
- two ways plans write dates that the shared parser leaves out: a period of years
  ("giai đoạn 2025 - 2030", "(2027 - 2030)", "Năm 2022 - 2023", which it reads as the year
  2022 alone) and a day and month in words without a year, the deadline that recurs every
  year ("trước ngày 30 tháng 6 hằng năm").

>>> asked_grain("giai doan nao"), asked_grain("truoc ngay nao"), asked_grain("nam nao")
('period', 'day', 'year')
>>> [(d.text, d.granularity) for d in answer_dates("Thời gian thực hiện: Năm 2022 - 2023.", ())]
[('2022 - 2023', 'period')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from hoidap.text import DASH, DateMention, cached_dates

# The grain a date question asks for, on folded text, most specific first.
_GRAINS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "day",
        re.compile(
            r"\bngay nao\b|\bngay bao nhieu\b|\bngay thang nao\b|\bwhat date\b|\bwhich date\b"
            r"|\bwhich day\b|\bwhat day\b"
        ),
    ),
    ("month", re.compile(r"\bthang nao\b|\bwhich months?\b|\bwhat month\b")),
    ("quarter", re.compile(r"\bquy nao\b|\bwhich quarter\b|\bwhat quarter\b")),
    (
        "period",
        re.compile(
            r"\bgiai doan nao\b|\bthoi ky nao\b|\bwhich period\b|\bwhat period\b"
            r"|\b(?:which|what) (?:time )?(?:span|phase)\b|\bwhich years\b|\bbetween which years\b"
        ),
    ),
    ("year", re.compile(r"\bnam nao\b|\bwhich year\b|\bwhat year\b|\bin what year\b")),
)

# A period of years: "2025 - 2030", "2025–2030", "2025-2030" (not "10/2021-2022", not a
# document number "2025/QĐ-UBND").
_PERIOD = re.compile(
    r"(?<![\d/.,-])((?:19|20)\d{2})\s*" + DASH + r"\s*((?:19|20)\d{2})(?![\d/.,]\d)"
)
# A day and month in words with no year after them: "ngày 30 tháng 6 hằng năm".
_DAY_MONTH_WORDS = re.compile(
    r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?!\d)(?!\s*(?:năm\s*)?[/.-]?\s*(?:19|20)\d{2})",
    re.IGNORECASE,
)


def asked_grain(folded_question: str) -> str:
    """The grain a folded date question asks for ("" when it does not say)."""
    for grain, pattern in _GRAINS:
        if pattern.search(folded_question):
            return grain
    return ""


def grain_of(d: DateMention) -> str:
    """A date mention's grain in the terms of :func:`asked_grain` (a day without its year is
    still a day)."""
    return "day" if d.granularity in {"day", "day-no-year"} else d.granularity


def grain_fit(asked: str, d: DateMention) -> float:
    """+1 when the mention is of the asked grain, −1 when it cannot answer it (a year for a
    day, a day for a period), 0 when the question does not say or a finer date answers a
    coarser question ("ngày 31/12/2025" says which year)."""
    if not asked:
        return 0.0
    grain = grain_of(d)
    if grain == asked:
        return 1.0
    finer = {"day": 3, "month": 2, "quarter": 2, "year": 1}
    if asked == "period" or grain == "period":
        return -1.0
    return 0.0 if finer.get(grain, 0) > finer.get(asked, 0) else -1.0


def answer_dates(quote: str, written: Sequence[DateMention]) -> list[DateMention]:
    """``written`` (the sentence's dates as :func:`hoidap.text.find_dates` reads them) with
    the periods of years and the year-less days in words it leaves out, in text order. A
    period replaces the year it starts with ("Năm 2022 - 2023" is not "năm 2022")."""
    out = list(written)
    for m in _PERIOD.finditer(quote):
        first, last = int(m[1]), int(m[2])
        if last <= first:
            continue
        start, end = m.span()
        inside = [d for d in out if d.start >= start - 5 and d.end <= end]
        if any(d.granularity != "year" for d in inside) or _overlaps(out, start, end, inside):
            continue
        out = [d for d in out if d not in inside]
        out.append(
            DateMention(
                m[0], dt.date(first, 1, 1), dt.date(last, 12, 31), "period", start, end, True
            )
        )
    for m in _DAY_MONTH_WORDS.finditer(quote):
        start, end = m.span()
        if _overlaps(out, start, end):
            continue
        try:
            # Placed in a leap year so that "ngày 29 tháng 2" is a day; the year is not said.
            day = dt.date(2000, int(m[2]), int(m[1]))
        except ValueError:
            continue
        out.append(DateMention(m[0], day, day, "day-no-year", start, end, False))
    return sorted(out, key=lambda d: d.start)


def sentence_dates(quote: str, year: int | None) -> list[DateMention]:
    """:func:`answer_dates` of a sentence read with its report's ``year``."""
    return answer_dates(quote, cached_dates(quote, year))


def _overlaps(
    out: Sequence[DateMention], start: int, end: int, allowed: Sequence[DateMention] = ()
) -> bool:
    return any(d not in allowed and not (end <= d.start or start >= d.end) for d in out)
