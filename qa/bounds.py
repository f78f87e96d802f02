"""The bound a report writes with a figure: "ít nhất 10%", "trên 90%", "khoảng 500 hộ",
"từ 98% trở lên".

A short answer that leads with "10%" where the report says "phấn đấu có ít nhất 10%"
states an exact figure the report does not give: a floor read as a value. The lead keeps
the words that bound the figure, copied as the report writes them. Only the words right
before the figure (or "trở lên / trở xuống" right after its unit) count: a bound further
back belongs to another figure or clause. Matching is on folded text, which keeps the
quote's length, so the words are cut from the original.

>>> from hoidap.text import find_numbers
>>> from qa.figures import figure_phrase
>>> quote = "Phấn đấu có ít nhất 10% cán bộ; đạt từ 98% trở lên; 500 hộ"
>>> [figure_bound(quote, m, figure_phrase(quote, m)) for m in find_numbers(quote)]
[('ít nhất ', ''), ('từ ', ' trở lên'), ('', '')]
"""

from __future__ import annotations

import re

from hoidap.text import NumberMention, fold
from qa.bound_words import AFTER_EN, BOUNDS_EN
from qa.figures import _flat

# Folded; the last words before the figure, longest first. "từ" bounds only with "trở lên /
# trở xuống" after (otherwise it opens a range or a period).
_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:"
    + "|".join(sorted((fold(w) for w in BOUNDS_EN), key=len, reverse=True))
    + r")\s+$"
)
_FROM = re.compile(r"(?<![^\W\d_])tu\s+$")
_AFTER = re.compile(r"\s+(?:" + "|".join(fold(w) for w in AFTER_EN) + r")(?![^\W\d_])")


def figure_bound(quote: str, figure: NumberMention, phrase: str) -> tuple[str, str]:
    """The bound words before ``figure`` and after its ``phrase`` (the figure with its unit
    as :func:`qa.figures.figure_phrase` cuts it), as the quote writes them; ("", "") when
    none, or when ``phrase`` is not the quote's text at the figure."""
    flat = _flat(quote)
    start = figure.start
    if flat is None or not phrase or not quote.startswith(phrase, start):
        return "", ""
    end = start + len(phrase)
    before = flat[max(0, start - 24) : start]
    after = _AFTER.match(flat, end)
    said_after = quote[end : after.end()] if after else ""
    bound = _BEFORE.search(before) or (_FROM.search(before) if after else None)
    said_before = quote[start - len(before) + bound.start() : start] if bound else ""
    return said_before, said_after


def bounded(quote: str, figure: NumberMention, phrase: str) -> str:
    """``phrase`` with the bound the quote writes around it: "ít nhất 10%"."""
    before, after = figure_bound(quote, figure, phrase)
    return f"{before}{phrase}{after}"
