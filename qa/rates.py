"""Figures per period: "1.500.000.000 đồng/năm", "02 đợt/tháng", "26 đợt/năm".

Plans state budgets and frequencies per year or per month beside their totals
("1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng", "04 đợt/tháng (26 đợt/năm)"). A
question asks for one of them: a total ("tổng kinh phí cả giai đoạn"), an amount per year
("mỗi năm", "hằng năm", "per year"), or a frequency ("tần suất", "how often"). A figure per
month does not answer a question per year, and a figure per year does not answer a question
about the whole period. The learned scorer reads whether a figure's period agrees with the
asked one (``rate_match``) or not (``rate_conflict``).

>>> figure_period("chi 1.500.000.000 đồng/năm x 05 năm", 4, 17)
'nam'
>>> asked_period(fold("bao nhiêu đợt mỗi năm")), asked_period(fold("tổng kinh phí là bao nhiêu"))
('nam', '')
"""

from __future__ import annotations

import re

from hoidap.memo import bytes_cache
from hoidap.text import fold

_PERIODS = r"nam|thang|ngay|quy|tuan|year|month|day|quarter|week"
_EN = {"year": "nam", "month": "thang", "day": "ngay", "quarter": "quy", "week": "tuan"}
# After a figure: its unit (up to three words), then "/năm" or "mỗi năm", "một tháng"; the
# connector is a whole word ("52 ca ngày 20/11" is not "a day").
_AFTER = re.compile(
    r"^\s*(?:[^\W\d]+\s*){0,3}?(?:/\s*(?:01\s*|1\s*|mot\s*)?|\b(?:moi|mot|hang|01|per|a|each) )"
    r"(" + _PERIODS + r")\b"
)
_ASKED = re.compile(
    r"\b(?:moi|mot|hang|0?1|per|a|each) (" + _PERIODS + r")\b|/\s*(" + _PERIODS + r")\b"
    r"|\b(annual(?:ly)?|yearly|monthly|weekly|daily)\b"
)
_ADVERBS = {"annual": "nam", "annually": "nam", "yearly": "nam", "monthly": "thang"}
_ADVERBS |= {"weekly": "tuan", "daily": "ngay"}
# A frequency asked without its period: any period answers it.
_FREQUENCY = re.compile(r"\btan suat\b|\bbao lau (?:mot|1) lan\b|\bhow often\b|\bfrequency\b")
ANY = "*"


def _period(word: str) -> str:
    return _EN.get(word, _ADVERBS.get(word, word))


@bytes_cache(1 << 20)  # ~0.2 MB for the bundled corpus
def figure_period(quote: str, start: int, end: int) -> str:
    """The period a figure is counted per ("nam" for "đồng/năm"), "" for none. Remembered
    by the sentence and the figure's place: every figure candidate of every question asks."""
    m = _AFTER.match(fold(quote[end : end + 40]))
    return _period(m[1]) if m else ""


def asked_period(folded_question: str) -> str:
    """The period a question asks per ("nam" for "mỗi năm"), ``ANY`` for a frequency,
    "" when it asks no rate."""
    m = _ASKED.search(folded_question)
    if m:
        return _period(next(g for g in m.groups() if g))
    return ANY if _FREQUENCY.search(folded_question) else ""


def rate_features(asked: str, quote: str, start: int, end: int) -> dict[str, float]:
    """``rate_match`` when the figure's period is the asked one (any for a frequency),
    ``rate_conflict`` when the figure is per a period the question does not ask."""
    period = figure_period(quote, start, end)
    if not period:
        return {}
    if asked in (ANY, period):
        return {"rate_match": 1.0}
    return {"rate_conflict": 1.0}
