"""Which dates of a sentence are a figure's own: its period, when the sentence gives several.

Reports write several periods in one sentence: "Đợt dịch thứ 3, tính từ 01/10/2021 đến nay …
ghi nhận 213 ca mắc (riêng từ ngày 01/11 đến ngày 18/11/2021, ghi nhận 170 ca)". A figure's
own dates are those written between the previous figure's words and it, and those of its own
clause after it. ``qa.scope`` states a figure's period from them, and the sentence's one period
when they give none ("Tính đến ngày 14/9/2021, toàn tỉnh đã tiêm 458.878 liều …; Công nhân
trong KCN: 195.162 liều" dates both).

>>> from hoidap.text import cached_dates, fold
>>> from qa.scope import counting
>>> quote = "Từ 01/10/2021 có 213 ca (riêng từ ngày 01/11 đến ngày 18/11/2021, có 170 ca)."
>>> counted, dates = counting(quote), cached_dates(quote)
>>> [[d.text for d in own_dates(quote, fold(quote), m, counted, dates)] for m in counted]
[['01/10/2021'], ['01/11', '18/11/2021']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoidap.text import DateMention, NumberMention

# Where a figure's words stop: a clause mark, a bracket, "và", a full stop (folded text).
_BREAK = re.compile(r"[,;:()]|\bva\b|\.\s")


def own_dates(
    quote: str,
    flat: str,
    figure: NumberMention,
    counted: Sequence[NumberMention],
    dates: Sequence[DateMention],
) -> list[DateMention]:
    """Of ``dates`` (written in ``quote``, folded ``flat``), those in ``figure``'s own words:
    between the previous figure's words and it, and after it to the first clause mark or
    bracket."""
    others = sorted((m for m in counted if m.start != figure.start), key=lambda m: m.start)
    before = [m for m in others if m.end <= figure.start]
    after = [m for m in others if m.start >= figure.end]
    lo = _words_end(flat, before[-1].end, figure.start) if before else 0
    hi = _words_end(flat, figure.end, after[0].start if after else len(flat))
    return [
        d
        for d in dates
        if (lo <= d.start and d.end <= figure.start) or (figure.end <= d.start and d.end <= hi)
    ]


def _words_end(flat: str, start: int, stop: int) -> int:
    """Where the words after a figure at ``start`` end, at ``stop`` the latest."""
    m = _BREAK.search(flat, start, stop)
    return m.start() if m else stop
