"""The dates a sentence can lead a date answer with, and the role each plays in it.

A sentence often writes several dates ("Căn cứ Quyết định số 379/QĐ-TTg ngày 17 tháng 3
năm 2021 … đến năm 2030"): the date of an event or the issue date of a cited document, the
start or the end of a period. The sentence scorer (``qa.ranking``) weighs a sentence by
them, the learned scorer's candidates (``qa.candidates``) are made of them and an answer
leads with one (``qa.leads``). ``qa.dates`` reads which dates a sentence writes; this reads
which of them answers, and the years a text's dates cover (:func:`covered_years`), by which a
sentence about another year is weighed down.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from hoidap.text import YEAR_DIGITS, DateMention, fold
from qa.dates import sentence_dates
from qa.matching import cached_fold
from qa.own_words import own_share
from qa.query import ROLE_WINDOW, SINCE, UNTIL, Query


def date_phrase(query: Query, quote: str, year: int | None = None) -> str:
    """The date the sentence gives, as written ("ngày 27/4/2021"); not one the question
    states. With the report's ``year``, a day without a year counts too: a deadline that
    recurs ("trước ngày 20/11 hằng năm") is answered as written, "ngày 20/11"."""
    phrases = date_phrases(query, quote, year, limit=1, others=False)
    return phrases[0][0] if phrases else ""


# Dates per sentence that become candidates (best first, as :func:`date_phrase` orders them).
MAX_DATES = 3


def _in_full(d: DateMention) -> str:
    """A day as the lead writes it: with the month and year its range lent it ("từ ngày 08
    đến ngày 10/12/2025": "08/12/2025"; "từ ngày 15/11 đến ngày 15/12/2025": "15/11/2025").

    >>> from hoidap.text import find_dates
    >>> [_in_full(d) for d in find_dates("từ ngày 08 đến ngày 10/12/2025")]
    ['08/12/2025', '10/12/2025']
    """
    if d.granularity != "day" or not d.has_year or YEAR_DIGITS.search(d.text):
        return d.text
    if d.text.isdigit():
        return f"{d.text}/{d.first.month}/{d.first.year}"
    return f"{d.text}/{d.first.year}" if re.fullmatch(r"\d{1,2}/\d{1,2}", d.text) else d.text


def date_phrases(
    query: Query,
    quote: str,
    year: int | None = None,
    limit: int = MAX_DATES,
    others: bool = True,
) -> list[tuple[str, DateMention]]:
    """The sentence's dates as a date answer would lead with them, best first: the dates
    of events (in the asked role first), then (with ``others``) the other dates written (a
    cited document's issue date), none the question states; at most ``limit``.

    A sentence often gives several ("Căn cứ Quyết định số 379/QĐ-TTg ngày 17 tháng 3 năm
    2021 … đến năm 2030"): each is a candidate, and the learned scorer chooses.

    >>> from qa.query import understand
    >>> q = understand("Quyết định 379/QĐ-TTg được phê duyệt ngày nào?")
    >>> [p for p, _ in date_phrases(q, "Quyết định số 379/QĐ-TTg ngày 17/3/2021 đến năm 2030")]
    ['năm 2030', 'ngày 17/3/2021']
    """
    asked = {(d.first, d.last) for d in query.dates}
    written = sentence_dates(quote, year)
    events = event_dates(query, quote, written)
    out: list[tuple[str, DateMention]] = []
    seen: set[tuple[int, int]] = set()
    for d in [*events, *(written if others else ())] if events else written:
        if (d.first, d.last) in asked or (d.start, d.end) in seen:
            continue
        seen.add((d.start, d.end))
        # The word the report puts before it: "ngày 27/4/2021", "năm 2045" (a bare
        # "2045" reads as a number, not as a year).
        said = fold(quote[max(0, d.start - 12) : d.start]).strip()
        bare = d.text[:1].isdigit()
        prefix = (
            "ngày "
            if d.granularity == "day" and said.endswith("ngay")
            else "năm "
            if d.granularity in {"year", "period"} and bare and said.endswith("nam")
            else "giai đoạn "
            if d.granularity == "period" and said.endswith("giai doan")
            else ""
        )
        out.append((f"{prefix}{_in_full(d)}", d))
        if len(out) >= limit:
            break
    return out


# "Chỉ thị số 16/CT-TTg ngày 31/3/2020": the date a document was issued, right after its code.
_DOCUMENT_DATE = re.compile(r"(?:/[a-z]{1,6}(?:-[a-z0-9]{1,8})*|\bso \d+)\s*,?\s*(?:ngay\s*)?$")
_ASKS_ISSUE = re.compile(r"\bban hanh\b|\bky\b|\bissued?\b|\bsigned\b|\bdated\b")


_STARTS = re.compile(
    r"\bbat dau\b|\btu ngay nao\b|\btu khi nao\b|\bsince when\b|\bstart"
    r"|\b(?:from|since) (?:what|which) (?:date|day|time)\b|\bfrom when\b"
)
# The end of a period, or a deadline ("trước ngày nào", "chậm nhất", "by what date"): both are
# answered by the date a text writes after "đến", "trước", "chậm nhất", "before", "by".
_ENDS = re.compile(
    r"\bket thuc\b|\bden ngay nao\b|\bden khi nao\b|\buntil when\b|\bended?\b"
    r"|\btruoc ngay nao\b|\bcham nhat\b|\bhan chot\b|\bthoi han\b|\bby when\b"
    r"|\bby what date\b|\bdeadline\b|\bno later than\b"
)
# A deadline as a text writes it, just before its date.
_DEADLINE = re.compile(
    r"\b(?:truoc|cham nhat(?: la| vao)?|han chot(?: la)?|before|no later than)\s*"
    r"(?:ngay|thang|nam)?\s*$"
)


@functools.lru_cache(maxsize=4096)
def _asks_issue(folded_question: str) -> bool:
    return _ASKS_ISSUE.search(folded_question) is not None


@functools.lru_cache(maxsize=4096)
def asked_date_role(folded_question: str) -> str:
    """Whether a date question asks when something started or when it ended."""
    starts, ends = _STARTS.search(folded_question), _ENDS.search(folded_question)
    return "start" if starts and not ends else "end" if ends and not starts else ""


def date_role(quote: str, d: DateMention) -> str:
    """The role ``d`` plays in ``quote``: "start" after "từ", "kể từ", "since"; "end" after
    "đến", a deadline's "trước", "chậm nhất"; "" for neither."""
    before = cached_fold(quote[max(0, d.start - ROLE_WINDOW) : d.start])
    if SINCE.search(before):
        return "start"
    return "end" if UNTIL.search(before) or _DEADLINE.search(before) else ""


def document_date(quote: str, d: DateMention) -> bool:
    """Whether ``d`` is the issue date of a document the sentence cites ("Chỉ thị số
    16/CT-TTg ngày 31/3/2020")."""
    return _DOCUMENT_DATE.search(cached_fold(quote[max(0, d.start - 24) : d.start])) is not None


def event_dates(query: Query, quote: str, written: Sequence[DateMention]) -> list[DateMention]:
    """The dates a sentence gives of events: when a question asks when something happened,
    not when a document was issued, the date after a document's code is its reference."""
    if _asks_issue(query.folded):
        return list(written)
    events = [d for d in written if not document_date(quote, d)]
    role = asked_date_role(query.folded)

    # The date in the asked role first: "từ 19/7/2021 đến 15/8/2021" starts on the 19th;
    # one in the other role last ("đến ngày 15/8/2021 đã ban hành …, áp dụng từ ngày
    # 16/8/2021": a start asked is not the day things had come to). Within a role, the
    # date whose own clause says more of the question's words ("Tháng hành động (từ ngày
    # 15/11 đến ngày 15/12) và hưởng ứng “Ngày Quốc tế …” (ngày 25/11)" for a question
    # about the international day), as a figure's own words say which figure is asked.
    bounds = unstated(query, written)

    def order(d: DateMention) -> tuple[int, float]:
        said = date_role(quote, d) if role else ""
        tier = 0 if not role or said == role else 1 + bool(said)
        return tier, -own_share(query, quote, d, bounds)

    return sorted(events, key=order)


def unstated(query: Query, dates: Sequence[DateMention]) -> tuple[DateMention, ...]:
    """The dates of a sentence that bound each other's own clauses: not those the question
    states ("Tính đến ngày 14/9/2021, …"), which describe the date asked beside them."""
    asked = {(d.first, d.last) for d in query.dates}
    return tuple(d for d in dates if (d.first, d.last) not in asked)


def covered_years(text: str, dates: Sequence[DateMention]) -> set[int]:
    """The years a text's dates cover; "từ năm 2020 (đến nay)" covers every year since."""
    out: set[int] = set()
    for d in dates:
        last = d.last.year
        if SINCE.search(cached_fold(text[max(0, d.start - ROLE_WINDOW) : d.start])):
            last = max(last, d.first.year + 10)
        out.update(range(d.first.year, last + 1))
    return out
