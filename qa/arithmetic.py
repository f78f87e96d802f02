"""Phép tính trên số liệu có trích dẫn / arithmetic on cited figures.

Officials ask for figures the documents give only in parts: which of two provinces has more,
a total of several cited figures, how much one period's figure exceeds another's. Nothing
here finds a figure: each operand is a figure the answerer chose and cited, read by
:func:`hoidap.text.find_numbers` ("859.463" is 859463, "74,8%" is 74.8 percent, "17,4 tỷ
đồng" is 17,400,000,000 đồng). This module checks that the operands can be set side by side
(the same unit, the same kind of measure, the same period) and writes the result with its
arithmetic, each operand with its citation marker, so that an official can check it:

- a comparison: "Cà Mau 859.463 người [1], Bạc Liêu 712.000 người [2]: Cà Mau nhiều hơn
  147.463 người"; operands of another unit, measure or period are shown without a verdict;
- a sum: "Tổng 73 trạm = 26 trạm [1] + 47 trạm [2]" (the total first: it is what was asked).

Numbers are written with Babel (CLDR): Vietnamese "147.463" and "5,18", English "147,463".

>>> from hoidap.text import find_numbers
>>> a = Operand("Cà Mau", "859.463 người", find_numbers("859.463 người")[0], 1)
>>> b = Operand("Bạc Liêu", "712.000 người", find_numbers("712.000 người")[0], 2)
>>> comparison_line([a, b])
'Cà Mau 859.463 người [1], Bạc Liêu 712.000 người [2]: Cà Mau nhiều hơn 147.463 người'
>>> sum_line([a, b])
'Tổng 1.571.463 người = 859.463 người [1] + 712.000 người [2]'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hoidap.text import NumberMention, fold

# A gap said in English ends in "times" when its unit is "lượt" or "lần" (comparison_line).
_TIMES_UNIT = re.compile(r"\s+times?$")
# The scale words a Vietnamese figure may carry ("17,4 tỷ đồng"), folded, largest first.
_SCALES = (("ty", 1e9), ("trieu", 1e6), ("nghin", 1e3), ("ngan", 1e3))
# Why two operands are not compared: their unit, the kind of measure, or the period differs.
DIFFERS_VI = {
    "unit": "khác đơn vị tính, không so sánh trực tiếp",
    "measure": "khác chỉ tiêu ({detail}), không so sánh trực tiếp",
    "period": "khác thời kỳ ({detail}), không so sánh trực tiếp",
}
DIFFERS_EN = {
    "unit": "different units, not directly comparable",
    "measure": "different measures ({detail}), not directly comparable",
    "period": "different periods ({detail}), not directly comparable",
}


@dataclass(frozen=True)
class Operand:
    """One cited figure: what it is the figure of (a province, a year, an item of the
    question), the figure as the report writes it with its unit ("96 trạm"), the figure
    read, and the citation marker of its sentence."""

    label: str
    phrase: str
    figure: NumberMention
    marker: int
    # The phrase as the report writes it when ``phrase`` is its translation ("4.412 giường"
    # of "4,412 beds"): the unit of a result (:func:`amount`) is read from it and the
    # result translated whole, as the figures are.
    written: str = ""

    @property
    def unit(self) -> str:
        """The unit compared: "%" for a percentage, else the figure's unit folded."""
        return "%" if self.figure.is_percent else fold(self.figure.unit).lower()

    @property
    def unit_words(self) -> str:
        """The unit as the report writes it after the figure ("trạm", "tỷ đồng")."""
        if self.figure.is_percent:
            return "%"
        phrase = self.written or self.phrase
        rest = phrase[len(self.figure.text) :].strip() if phrase else ""
        words = rest.split(" (")[0].strip()
        # "Trạm" opening the report's phrase is "trạm" inside a sentence; "F0" stays.
        capital = words[:1].isupper() and words[1:2].islower()
        return words[:1].lower() + words[1:] if capital else words


@functools.lru_cache(maxsize=1)
def _babel() -> object:
    from babel.numbers import format_decimal

    return format_decimal


def format_number(value: float, english: bool = False) -> str:
    """A value in the reader's format, at most two decimals: 147463 -> "147.463" (Vietnamese)
    or "147,463" (English); 5.18 -> "5,18" / "5.18".

    >>> format_number(147463), format_number(147463, True), format_number(5.18)
    ('147.463', '147,463', '5,18')
    """
    format_decimal = _babel()
    return str(format_decimal(round(value, 2), format="#,##0.##", locale="en" if english else "vi"))  # type: ignore[operator]


def _scale(figure: NumberMention) -> tuple[str, float]:
    """The scale word a figure is written with ("tỷ" in "17,4 tỷ") and its factor."""
    words = fold(figure.text).lower().split()
    last = words[-1] if len(words) > 1 else ""
    for word, factor in _SCALES:
        if last == word:
            return figure.text.split()[-1], factor
    return "", 1.0


def _same(text: str) -> str:
    return text


def amount(value: float, operands: Sequence[Operand]) -> str:
    """A result written as the operands are: in their common scale word ("3,2 tỷ đồng") and
    unit ("trạm"); a plain "%" for percentages (a difference of percentages is written in
    percentage points by :func:`comparison_line`)."""
    first = operands[0]
    scales = {_scale(op.figure) for op in operands}
    word, factor = scales.pop() if len(scales) == 1 else ("", 1.0)
    number = format_number(value / factor)
    if first.figure.is_percent:
        return f"{number}%"
    unit = first.unit_words
    scaled = f"{number} {word}" if word else number
    return f"{scaled} {unit}".strip()


def differs(operands: Sequence[Operand], details: Sequence[tuple[str, str]] = ()) -> str:
    """Why the operands cannot be compared or added ("unit"), or the first reason in
    ``details`` (("measure", "mũi 1 / mũi 2"), ...); "" when they can."""
    if len({op.unit for op in operands}) > 1:
        return "unit"
    return details[0][0] if details else ""


def _cited(op: Operand) -> str:
    return f"{op.phrase} [{op.marker}]"


def comparison_line(
    operands: Sequence[Operand],
    english: bool = False,
    reason: str = "",
    detail: str = "",
    translate: Callable[[str], str] = _same,
) -> str:
    """Both figures, each cited, then the verdict: who has more and by how much (percentage
    points for percentages); with a ``reason`` (see :func:`differs`) the figures are shown
    and the line says why there is no verdict. ``translate`` puts a Vietnamese amount in
    the reader's language (``qa.english.english_lead`` for an English question).

    >>> from hoidap.text import find_numbers
    >>> a = Operand("Sóc Trăng", "48,76%", find_numbers("48,76%")[0], 1)
    >>> b = Operand("Lạng Sơn", "43,58%", find_numbers("43,58%")[0], 2)
    >>> comparison_line([a, b])
    'Sóc Trăng 48,76% [1], Lạng Sơn 43,58% [2]: Sóc Trăng cao hơn 5,18 điểm phần trăm'
    """
    # "năm 2035: 85% [1]": a label ending in a number is kept apart from the figure.
    shown = ", ".join(
        f"{op.label}{':' if op.label[-1:].isdigit() else ''} {_cited(op)}" for op in operands
    )
    reason = reason or differs(operands)
    if reason:
        words = (DIFFERS_EN if english else DIFFERS_VI)[reason].format(detail=detail)
        return f"{shown}: {words}"
    values = [op.figure.value for op in operands]
    high = max(range(len(operands)), key=lambda i: values[i])
    low = min(range(len(operands)), key=lambda i: values[i])
    if values[high] == values[low]:
        return f"{shown}: " + ("equal" if english else "bằng nhau")
    gap = values[high] - values[low]
    winner = operands[high].label
    percent = operands[0].figure.is_percent
    if percent:
        points = format_number(gap, english)
        verdict = (
            f"{winner} is higher by {points} percentage points"
            if english
            else f"{winner} cao hơn {points} điểm phần trăm"
        )
    else:
        diff = translate(amount(gap, operands))
        if english:
            # "lượt"/"lần" read "times": "has 2.1 million times more" would say a multiple;
            # the sides above carry the unit, the gap is said as a bare count.
            diff = _TIMES_UNIT.sub("", diff)
        verdict = f"{winner} has {diff} more" if english else f"{winner} nhiều hơn {diff}"
    return f"{shown}: {verdict}"


def sum_line(
    operands: Sequence[Operand], english: bool = False, translate: Callable[[str], str] = _same
) -> str:
    """The total first (what the question asks), then its arithmetic, each operand cited;
    "" when their units differ (a total of trạm and người is no figure).

    >>> from hoidap.text import find_numbers
    >>> texts = ("26 trạm", "47 trạm")
    >>> ops = [Operand(t, t, find_numbers(t)[0], i) for i, t in enumerate(texts, 1)]
    >>> sum_line(ops)
    'Tổng 73 trạm = 26 trạm [1] + 47 trạm [2]'
    """
    if differs(operands) or len(operands) < 2:
        return ""
    total = sum(op.figure.value for op in operands)
    terms = " + ".join(_cited(op) for op in operands)
    head = "Total" if english else "Tổng"
    return f"{head} {translate(amount(total, operands))} = {terms}"


def days_between(first: dt.date, second: dt.date) -> int:
    """Whole days from one date to another, whichever comes first (18/11/2025 to 25/11/2025
    is 7 days)."""
    return abs((second - first).days)
