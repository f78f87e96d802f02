"""Câu hỏi hai phần / two-part figure questions.

Officials often ask two figures at once: "Tỉnh có bao nhiêu máy xét nghiệm và công suất bao
nhiêu mẫu/ngày?", "bao nhiêu ca mắc, bao nhiêu ca tử vong?", "How many beds and how many
doctors …?". Answered as one figure question, the answer leads with the figure of whichever
measure the whole question's words favour, often the other part. Here such a question is
split by its grammar into one question per part; ``qa.answer.Answerer.two_part`` answers
each with the number strategy and leads with both figures in the question's order.

The rule (grammar, not particular questions):

- an *ask* is "bao nhiêu", "mấy" (with its diacritics only: unaccented "may" is as often
  "máy", a machine) or "how many" / "how much";
- a two-part question has exactly two asks, and between the end of the first and the start
  of the second a coordinator: "và", "với", "cùng", ",", ";", "and", "with". The last
  coordinator before the second ask ends the first part, so a coordinated noun inside the
  first part ("bao nhiêu cán bộ và nhân viên, bao nhiêu giường") stays in it;
- the first part is the question up to that coordinator; the second is the words before the
  first ask (the shared subject, place and period: "Hiện nay toàn tỉnh Cà Mau có") followed
  by the words after the coordinator. A place or period said only after the second ask
  ("… bao nhiêu nam và bao nhiêu nữ tại Cà Mau?") is shared by :func:`figure_parts`, which
  gives each part the whole question's provinces and dates when its words name none;
- three or more asks are not split (a table of figures is a list question).

>>> split_parts("Cà Mau có bao nhiêu máy xét nghiệm và công suất bao nhiêu mẫu mỗi ngày?")
('Cà Mau có bao nhiêu máy xét nghiệm?', 'Cà Mau có công suất bao nhiêu mẫu mỗi ngày?')
>>> split_parts("Cà Mau đã tiêm cho bao nhiêu người?")
()
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from hoidap.text import fold

if TYPE_CHECKING:
    from qa.query import Query

# Asks, matched on the folded lower-case question ("bao nhieu", "how many").
_ASK = re.compile(r"\bbao nhieu\b|\bhow (?:many|much)\b")
# "mấy" only as written with its diacritics (folded it is "máy", a machine, too).
_MAY = re.compile(r"(?<!\w)mấy(?!\w)")
# What joins two asks: a conjunction or a comma / semicolon (with what surrounds it).
_JOIN = re.compile(r"\s*[,;]?\s*\b(?:va|voi|cung|and|with)\b\s*|\s*[,;]\s*")


def _asks(text: str, folded: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _ASK.finditer(folded)]
    spans += [m.span() for m in _MAY.finditer(text.lower())]
    spans += _request_asks(text, folded)
    return sorted(set(spans))


# "số" / "tổng số" opening a figure's name ("số khu phong tỏa", "tổng số hộ").
_COUNT_NOUN = re.compile(r"(?:tong )?so\b")
_JOINED_COUNT = re.compile(r"(?:[,;]|\bva\b)\s*((?:tong )?so)\b")


def _request_asks(text: str, folded: str) -> list[tuple[int, int]]:
    """A request asks a figure as "bao nhiêu" does with the "số" its object opens with, and
    another with a "số" coordinated to it: "Báo cáo số khu phong tỏa và số hộ dân …" asks two
    figures as "Có bao nhiêu khu phong tỏa và bao nhiêu hộ dân …?" does. "số" counts as written
    ("Sở", "sơ" are other words) or in a question written without accents.

    >>> t = "Nêu số khu phong tỏa và số hộ dân bị phong tỏa ở Cà Mau."
    >>> _request_asks(t, fold(t).lower())
    [(4, 6), (24, 26)]
    """
    from qa.requests import head_kind, request_span

    opening = request_span(text)
    if opening is None or head_kind(text) != "number":
        return []
    first = _COUNT_NOUN.match(folded, opening.end)
    if first is None:
        return []
    unaccented = fold(text) == text
    spans = [first.span()]
    for m in _JOINED_COUNT.finditer(folded, first.end()):
        written = text[m.end(1) - 2 : m.end(1)].lower()
        if unaccented or written == "số":
            spans.append(m.span(1))
    return spans


def split_parts(question: str) -> tuple[str, ...]:
    """The two part questions of a two-part figure question (see the module's rule), each
    ending with "?"; () when the question is not one."""
    text = question.strip()
    folded = fold(text).lower()
    if len(folded) != len(text):
        # Positions are read on the folded text; a folding that changes lengths (a
        # decomposed character) cannot be mapped back.
        return ()
    asks = _asks(text, folded)
    if len(asks) != 2:
        return ()
    (start1, end1), (start2, _end2) = asks
    joins = list(_JOIN.finditer(folded, end1, start2))
    if not joins:
        return ()
    join = joins[-1]
    # Coordinators side by side end the first part together (", and with how much …").
    cut = join.start()
    for before in reversed(joins[:-1]):
        if before.end() != cut:
            break
        cut = before.start()
    shared = text[:start1].strip()
    first = text[:cut].strip().rstrip("?,;: ")
    rest = text[join.end() :].strip().rstrip("?.").strip()  # a request ends with "."
    if not first or not rest:
        return ()
    second = f"{shared} {rest}" if shared else rest
    return (f"{first}?", f"{second}?")


def figure_parts(query: Query) -> tuple[Query, ...]:
    """A two-part figure question as one number question per part (() when it is not one),
    each with the whole question's places and dates when its own words name none."""
    if query.kind != "number":
        return ()
    parts = split_parts(query.text)
    if not parts:
        return ()
    from qa.query import understand

    out = []
    for text in parts:
        part = replace(understand(text), kind="number")
        if not part.provinces:
            part = replace(part, provinces=query.provinces, province_members=query.province_members)
        if not part.dates:
            part = replace(part, dates=query.dates, as_of=query.as_of)
        out.append(part)
    return tuple(out)
