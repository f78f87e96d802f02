"""What a figure is a figure of: the scope the sentence attaches to it.

"153.810 người" alone reads as an answer to "how many people were vaccinated"; the sentence
says it is dose 1 for children from 5 to under 12, up to 11/10/2021. The short answer says
so — "153.810 người (từ 5 đến dưới 12 tuổi, mũi 1, đến 11/10/2021)" — so that a narrower
figure is visibly narrower. Every part is copied from the sentence as written: the age
group, dose, phase or wave written in the figure's own clause (as ``qa.figures`` splits
clauses), the cut-off or period date the sentence gives, and that it is a part of a total
when it is listed after "trong đó".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoidap.memo import bytes_cache
from hoidap.text import DASH, DateMention, NumberMention, cached_dates, cached_numbers
from qa.figures import (
    _AGE_AFTER,
    _CLAUSE_BREAK,
    _COUNT_BEFORE,
    _QUALIFIER_BEFORE,
    _YEARLIKE,
    _flat,
    figure_phrase,
    is_dose,
    own_clause_start,
    unquoted,
)
from qa.own_dates import own_dates
from qa.qualifiers import DOSES_VI
from qa.query import ROLE_WINDOW, SINCE, UNTIL

# Folded patterns; spans map back to the original text (folding keeps the length).
# A range's dash may be an en or em dash ("12 – 17 tuổi"), and its "từ" may go unsaid.
_AGE = re.compile(
    r"(?:tre em |tre |nguoi )?(?:tu|from)\s+\d{1,2}\s*(?:tuoi\s+)?(?:den|" + DASH + r")"
    r"\s*(?:duoi\s+)?\d{1,2}\s*tuoi"
    r"|(?:tre em |tre |nguoi )?\b\d{1,2}\s*" + DASH + r"\s*\d{1,2}\s*tuoi"
    r"|(?:tre em |nguoi )?(?:tu\s+)?\d{1,2}\s*tuoi\s+tro\s+len|tre em duoi \d{1,2} tuoi"
    r"|(?:nguoi )?(?:tren|≥)\s*\d{1,2}\s*tuoi"
)
_ORDINAL = re.compile(
    r"\b(?:mui|giai doan|dot)\s+(?:thu\s+)?(?:\d{1,2}|iv|iii|ii|i|v|mot|hai|ba|bon|nam)\b"
    r"(?![.,]\d)|\bmui (?:bo sung|nhac lai|tang cuong)\b"
    rf"|{DOSES_VI}"
)
_BREAKDOWN = re.compile(r"\btrong do\b|\bbao gom\b")
# Where a sentence's lead ends before its first figure (see ``own_clause``).
_HEAD_BREAK = re.compile(r"[,;:]|\bva\b")


def figure_scope(
    quote: str, figure: NumberMention, english: bool = False, lead_in: str = ""
) -> list[str]:
    """The scope parts the sentence attaches to ``figure``, in reading order; ``lead_in``
    is the line a list item follows ("Đối tượng từ 5 đến dưới 12 tuổi:"), which scopes
    every item under it."""
    flat = _flat(quote)
    if flat is None:
        return []
    parts: list[str] = []
    lead_flat = _flat(lead_in) if lead_in else None
    if lead_flat is not None and not english:
        for pattern in (_AGE, _ORDINAL):
            parts.extend(lead_in[m.start() : m.end()].strip() for m in pattern.finditer(lead_flat))
    if not english:
        others = [m for m in cached_numbers(quote) if m.start != figure.start and _counts(flat, m)]
        head, tail = _clause_bounds(flat, figure, others)
        for lo, hi in ((head, figure.start), (figure.end, tail)):
            for pattern in (_AGE, _ORDINAL):
                for m in pattern.finditer(flat, lo, hi):
                    parts.append(quote[m.start() : m.end()].strip())
        # A part listed after "trong đó" says so; the total's own figure stays in the quote,
        # so that the short answer holds one figure only.
        if _total_before(quote, flat, figure, others):
            parts.append("một phần của tổng số nêu trong câu")
    start, end = _cut_off(quote, flat, figure)
    if end:
        if english:
            parts.append(f"from {start} to {end}" if start else f"as of {end}")
        else:
            parts.append(f"từ {start} đến {end}" if start else f"đến {end}")
    elif start:
        parts.append(f"since {start}" if english else f"từ {start}")
    out: list[str] = []
    for part in parts:
        if part.lower() not in {p.lower() for p in out}:
            out.append(part)
    return out


def _clause_bounds(
    flat: str, figure: NumberMention, others: Sequence[NumberMention]
) -> tuple[int, int]:
    """Where the figure's own clause starts and ends: from the last clause mark (",", ";",
    "và") after the figure before it to the first one before the figure after it."""
    return clause_bounds(flat, figure.start, figure.end, [(m.start, m.end) for m in others])


def clause_bounds(
    flat: str, start: int, end: int, others: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """:func:`_clause_bounds` of the span at ``start``-``end`` of the folded ``flat`` with the
    others' (start, end); the bounds of a candidate's own words too (``qa.own_words``)."""
    others = [b for b in others if b[0] != start]
    after_end = min([b[0] for b in others if b[0] >= end] + [len(flat)])
    before_start = max([b[1] for b in others if b[1] <= start] + [0])
    percent = flat[start:end].endswith("%")
    head = before_start + own_clause_start(flat[before_start:start], percent) if before_start else 0
    tail = end + len(_CLAUSE_BREAK.split(unquoted(flat[end:after_end]))[0])
    return head, tail


def own_clause(
    quote: str, figure: NumberMention, others: Sequence[NumberMention], folded: bool = True
) -> str:
    """The words of ``figure``'s own clause in ``quote``, the figure left out ("mui 1" of
    "đã tiêm 199.127 mũi 1 và 35.833 mũi 2 …" for 199.127), folded unless ``folded`` is
    False; ``others`` are the sentence's other figures that could answer (they bound the
    clause). Unlike a scope, the first figure's clause starts after the sentence's last
    clause mark or colon before it: "Đợt dịch thứ 4: … 5.779 F0; 43.469 F1; 117.679 F2"
    says the wave of all three."""
    return _own_clause_at(
        quote, figure.start, figure.end, [(m.start, m.end) for m in others], folded
    )


def _own_clause_at(
    quote: str, start: int, end: int, others: Sequence[tuple[int, int]], folded: bool
) -> str:
    """:func:`own_clause` of the figure at ``start``-``end`` with the others' (start, end)."""
    flat = _flat(quote)
    if flat is None:
        return ""
    head, tail = clause_bounds(flat, start, end, others)
    if head == 0:
        marks = list(_HEAD_BREAK.finditer(flat, 0, start))
        head = marks[-1].end() if marks else 0
    text = flat if folded else quote
    return f"{text[head:start]} {text[end:tail]}"


@bytes_cache(1 << 20)
def own_clauses(quote: str, bounds: tuple[tuple[int, int], ...], folded: bool) -> tuple[str, ...]:
    """:func:`own_clause` of each figure of ``quote`` at ``bounds`` ((start, end) each), the
    others bounding it, in the same order; remembered by the sentence's text and the figures'
    places. The assertion guards read every figure's clause for every candidate figure of a
    sentence (``qa.refusals``: ``_other_figure_fits``, ``_total_for_part``), and the same
    sentences come back question after question."""
    return tuple(_own_clause_at(quote, s, e, bounds, folded) for s, e in bounds)


def clause_of(
    quote: str,
    figure: NumberMention,
    figures: Sequence[NumberMention],
    clauses: tuple[str, ...],
    folded: bool,
) -> str:
    """``own_clause(quote, figure, figures, folded)``, read from ``clauses`` (:func:`own_clauses`
    of ``figures``) when ``figure`` stands at the place of one of them."""
    for m, clause in zip(figures, clauses, strict=True):
        if m.start == figure.start and m.end == figure.end:
            return clause
    return own_clause(quote, figure, figures, folded)


@bytes_cache(1 << 20)  # ~0.3 MB for the bundled corpus
def counting(quote: str) -> tuple[NumberMention, ...]:
    """The figures of ``quote`` that count something (not a dose, phase, age bound, year or
    document number): those that bound each other's clauses. Remembered by the sentence's
    text (each figure candidate of every question that reads it asks)."""
    flat = _flat(quote)
    if flat is None:
        return tuple(cached_numbers(quote))
    return tuple(m for m in cached_numbers(quote) if _counts(flat, m))


def _counts(flat: str, m: NumberMention) -> bool:
    """A figure that counts something, not a dose, phase, age bound, year or document
    number ("mũi 2", "12 tuổi"), which belong to a figure's scope instead."""
    digits = re.sub(r"\D", "", m.text)
    if _YEARLIKE.match(digits) and not m.unit:
        return False
    before = flat[max(0, m.start - 14) : m.start]
    # "tổng số 14.177 người", "với số 20 giường" count; "số 1440", "mũi 2", "giai đoạn 4" name.
    qualifier = _QUALIFIER_BEFORE.search(before) and not _COUNT_BEFORE.search(before)
    if qualifier or is_dose(before, m):
        return False
    return _AGE_AFTER.match(flat[m.end : m.end + 20]) is None and not re.match(
        r"\s*(?:den|" + DASH + r")\s*(?:duoi\s+)?\d", flat[m.end : m.end + 12]
    )


def _total_before(
    quote: str, flat: str, figure: NumberMention, others: Sequence[NumberMention]
) -> str:
    """ "859.463 người" when the figure is listed after "trong đó" behind that total."""
    m = _BREAKDOWN.search(flat, 0, figure.start)
    if m is None:
        return ""
    totals = [n for n in others if n.end <= m.start() and not n.is_percent]
    if not totals:
        return ""
    total = totals[-1]
    if total.unit and figure.unit and total.unit != figure.unit:
        return ""
    return figure_phrase(quote, total)


def _cut_off(quote: str, flat: str, figure: NumberMention) -> tuple[str, str]:
    """The cut-off ("16/11/2021") or period ("27/4/2021", "11/10/2021") of ``figure``, as
    (start, end): the one its own words give (``qa.own_dates``: "… tính từ 01/10/2021 đến nay
    ghi nhận 213 ca (riêng từ ngày 01/11 đến ngày 18/11/2021, ghi nhận 170 ca)" dates 213 from
    01/10/2021 and 170 from 01/11 to 18/11/2021), else the one the sentence gives; ("", "")
    when there is none or several."""
    dates = [d for d in cached_dates(quote) if d.granularity in {"day", "month"}]
    start, end = _period(own_dates(quote, flat, figure, counting(quote), dates), flat)
    return (start, end) if start or end else _period(dates, flat, sentence=True)


def _period(written: list[DateMention], flat: str, sentence: bool = False) -> tuple[str, str]:
    """The (start, end) the ``written`` dates give by their "từ" and "đến"; ("", "") for
    several of either. A figure's own words may give its start alone ("tính từ 01/10/2021
    đến nay"); the sentence's dates (``sentence``) count only with their one end."""
    ends = [d for d in written if UNTIL.search(flat[max(0, d.start - ROLE_WINDOW) : d.start])]
    starts = [d for d in written if SINCE.search(flat[max(0, d.start - ROLE_WINDOW) : d.start])]
    if len(ends) > 1 or len(starts) > 1 or (sentence and not ends):
        return "", ""
    end = ends[0].text if ends else ""
    if starts and (not ends or starts[0].start < ends[0].start):
        return starts[0].text, end
    return "", end
