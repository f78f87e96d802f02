"""Các vế của câu hỏi so sánh hay tính tổng / the sides of a comparison or a total.

A comparison of two provinces is split by the provinces (``qa.pipeline``). Officials also
compare within one document, or ask for a total of parts the document gives separately:

- two periods: "mục tiêu năm 2035 cao hơn năm 2030 bao nhiêu điểm phần trăm?" — one side per
  year, each the question without the other year;
- two items: "lắp mới trạm 3G/4G nhiều hơn hay đầu tư mới trạm 5G nhiều hơn?", "So sánh tỷ
  lệ nữ thạc sĩ và nữ tiến sĩ …" — one side per item, each with the words the items share;
- a total: "Cộng cả đầu tư mới và chuyển đổi, Viettel có thêm bao nhiêu trạm 5G?",
  "…, counting both new builds and conversions?", "Across A, B and C, how many … in total?"
  — one side per item named, each with the rest of the question.

Each side is a question text of its own; the answerer ranks each as a figure question and
the answer compares or adds the figures (``qa.arithmetic``). The rules read the grammar of
the question (a coordinator between items, two years), never particular questions.

>>> sides = question_sides("Theo Kế hoạch 617, tỷ lệ năm 2035 cao hơn năm 2030 bao nhiêu %?")
>>> sides.operation, sides.labels
('compare', ('năm 2035', 'năm 2030'))
>>> sides.texts[0]
'Theo Kế hoạch 617, tỷ lệ năm 2035 bao nhiêu %?'
>>> sides.texts[1]
'Theo Kế hoạch 617, tỷ lệ năm 2030 bao nhiêu %?'
>>> question_sides("Cộng cả đầu tư mới và chuyển đổi, Viettel có thêm bao nhiêu trạm?").texts
('đầu tư mới: Viettel có thêm bao nhiêu trạm?', 'chuyển đổi: Viettel có thêm bao nhiêu trạm?')
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from hoidap.text import dates_in, fold

if TYPE_CHECKING:
    from qa.query import Query


class Sides(NamedTuple):
    """What the answer does with the sides' figures ("compare" or "sum"), a label per side
    as the question names it, and each side's question text."""

    operation: str
    labels: tuple[str, ...]
    texts: tuple[str, ...]


# A question that asks how much one figure exceeds another (folded): "chênh bao nhiêu",
# "cao hơn … bao nhiêu", "tăng bao nhiêu so với", "how many more".
_DIFFERENCE = re.compile(
    r"\bchenh(?: lech)?\b|\b(?:cao|nhieu|thap|it|tang|giam) hon\b.*\bbao nhieu\b"
    r"|\b(?:tang|giam) (?:them )?bao nhieu\b.*\bso voi\b|\bso voi\b.*\b(?:tang|giam) bao nhieu\b"
    r"|\bhow (?:many|much) (?:more|fewer|less|higher|lower)\b|\bdifference\b"
)
# Where the items of a total are named: the phrase after these words, up to a comma or the
# end of the question, folded.
# The cue opens the question or a clause ("…, counting both A and B").
_SUM_CUE = re.compile(
    r"(?:^|[,;]\s*)(?:cong ca|tinh ca|gop ca|counting both|counting|adding|across)\s+"
)
_COORDINATOR = re.compile(r"\s(?:va|hay|hoac|and|or)\s")
# What joins two items: "và", "hay", "hoặc", ",", "and", "or".
_ITEM_JOIN = re.compile(r"\s*,?\s+(?:va|hay|hoac|and|or)\s+|\s*,\s*")
# "A nhiều hơn hay B nhiều hơn": the two items compared, each followed by its comparative.
_EITHER = re.compile(
    r"\b(?P<a>\S.*?)\s+(?:nhieu|cao|it|thap|lon|som|muon) hon\s+(?:hay|hoac)\s+"
    r"(?P<b>\S.*?)\s+(?:nhieu|cao|it|thap|lon|som|muon) hon\b"
)
# "So sánh A và B …", "Compare A and B …": the items after the verb.
_COMPARE_ITEMS = re.compile(r"\b(?:so sanh|compare)\s+(?P<items>[^,?;]+)")
# Where a compared noun phrase ends: a preposition that opens its scope.
_PHRASE_END = re.compile(r"\s+(?:cua|trong|tai|o|theo|nam|den|of|in|at|for|by)\b")


# The words that compare, not part of either side (folded): "chênh (lệch)", "cao hơn",
# "so với", "more than". A side is asked as a plain figure question without them.
_COMPARING = re.compile(
    r"\b(?:chenh lech|chenh|so voi|compared (?:with|to))\b"
    r"|\b(?:cao|nhieu|thap|it|lon|som|muon) hon\b|\b(?:more|fewer|less|higher|lower) than\b"
    r"|(?<=how many) (?:more|fewer)\b|(?<=how much) (?:more|less|higher|lower)\b"
)


def _plain(text: str) -> str:
    """A side's text without the comparing words (positions read on the folded text)."""
    folded = fold(text).lower()
    if len(folded) != len(text):
        return text
    out, at = [], 0
    for m in _COMPARING.finditer(folded):
        out.append(text[at : m.start()])
        at = m.end()
    out.append(text[at:])
    joined = re.sub(r"\s{2,}", " ", "".join(out))
    return re.sub(r"\s+([?.,])", r"\1", joined).strip(" ,")


def asks_difference(folded: str) -> bool:
    """Whether the question asks how much one figure exceeds another.

    >>> asks_difference("nam 2035 cao hon nam 2030 bao nhieu diem phan tram?")
    True
    >>> asks_difference("ca mau co bao nhieu ca mac?")
    False
    """
    return _DIFFERENCE.search(folded) is not None


def _span(text: str, folded: str, start: int, end: int) -> str:
    del folded
    return text[start:end].strip()


def _years(text: str) -> list[tuple[int, int, str]]:
    """Single years the question names ("năm 2030", "2035"), with their spans, in order;
    a range ("2026-2030") is a period, not a side."""
    out = []
    for d in dates_in(text):
        if d.granularity == "year" and d.first.year == d.last.year:
            out.append((d.start, d.end, d.text))
    return out


def _without(text: str, start: int, end: int) -> str:
    """``text`` without the span and the "năm" / comparative words just before it."""
    head = text[:start]
    head = re.sub(r"(?:\s*(?:so với|so voi|compared with|than))?\s*(?:năm|nam|year)?\s*$", "", head)
    return re.sub(r"\s{2,}", " ", f"{head} {text[end:].lstrip()}").replace(" ?", "?").strip()


def _by_years(text: str) -> Sides | None:
    years = _years(text)
    distinct = {y for _s, _e, y in years}
    if len(years) != 2 or len(distinct) != 2:
        return None
    (s1, e1, y1), (s2, e2, y2) = years
    prefix = fold(text[max(0, s1 - 4) : s1]).lower()
    label1 = f"năm {y1}" if "nam" in prefix or y1.isdigit() else y1
    label2 = f"năm {y2}" if y2.isdigit() else y2
    return Sides(
        "compare",
        (label1, label2),
        (_without(text, s2, e2), _without(text, s1, e1)),
    )


def _items(text: str, folded: str, start: int, end: int) -> list[str]:
    """The items of ``text[start:end]`` split at each coordinator (read on the folded text)."""
    out, at = [], start
    for m in _ITEM_JOIN.finditer(folded, start, end):
        out.append(text[at : m.start()])
        at = m.end()
    out.append(text[at:end])
    return [p.strip() for p in out if p.strip()]


def _by_sum_items(text: str, folded: str) -> Sides | None:
    m = _SUM_CUE.search(folded)
    if m is None:
        return None
    # The items run over comma-separated clauses up to the one holding the coordinator
    # ("A, B and C"); the clause after it is the rest of the question.
    phrase_start = phrase_end = m.end()
    for clause in re.finditer(r"[^,?;]+", folded[m.end() :]):
        phrase_end = m.end() + clause.end()
        if _COORDINATOR.search(f" {clause.group()} "):
            break
    else:
        return None
    items = _items(text, folded, phrase_start, phrase_end)
    if not 2 <= len(items) <= 4:
        return None
    # The rest of the question: before the cue and after the items' phrase.
    rest = f"{text[: m.start()]} {text[phrase_end:]}"
    rest = re.sub(r"^[\s,;:]+|[\s,;:]+(?=\?|$)", "", rest)
    rest = re.sub(r"\s{2,}", " ", rest).strip()
    if not rest.endswith("?"):
        rest = rest.rstrip(".") + "?"
    return Sides("sum", tuple(items), tuple(f"{item}: {rest}" for item in items))


def _noun_items(text: str, start: int, end: int) -> tuple[str, str, str, str] | None:
    """Two coordinated noun phrases in ``text[start:end]`` ("tỷ lệ nữ thạc sĩ và nữ tiến
    sĩ"): the words they share before the first ("tỷ lệ"), the first, the second, and the
    words after (their scope). The first starts where the second's first word occurs last
    before the coordinator (a shared head); else the phrases are one word each way."""
    span = text[start:end]
    parts = re.split(r"\s+(?:và|với|hay|and|or)\s+", span, maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = parts
    stop = _PHRASE_END.search(fold(right).lower())
    second, after = (right[: stop.start()], right[stop.start() :]) if stop else (right, "")
    second = second.strip()
    if not second:
        return None
    head = fold(second.split()[0]).lower()
    words = left.split()
    at = max((i for i, w in enumerate(words) if fold(w).lower() == head), default=-1)
    if at <= 0:
        return None
    shared = " ".join(words[:at])
    first = " ".join(words[at:])
    return shared, first, second, after


def _by_items(text: str, folded: str) -> Sides | None:
    m = _EITHER.search(folded)
    if m is not None:
        # The subject both sides share ends with its last name ("Kế hoạch 987 của Nghệ
        # An"): the first item is what follows it.
        start = m.start("a")
        for word in re.finditer(r"\S+", text[: m.end("a")]):
            if word.group()[0].isupper():
                start = max(start, word.end())
        a = text[start : m.end("a")].strip()
        b = text[m.start("b") : m.end("b")].strip()
        before = text[:start].strip() + " " if text[:start].strip() else ""
        tail = text[m.end() :].lstrip(" ,")
        return Sides(
            "compare",
            (a.strip(), b.strip()),
            (f"{before}{a} {tail}".strip(), f"{before}{b} {tail}".strip()),
        )
    m = _COMPARE_ITEMS.search(folded)
    if m is None:
        return None
    found = _noun_items(text, m.start("items"), m.end("items"))
    if found is None:
        return None
    shared, first, second, after = found
    before = text[: m.start("items")]
    rest = text[m.end("items") :]
    one = f"{before}{shared} {first}{after}{rest}"
    two = f"{before}{shared} {second}{after}{rest}"
    return Sides(
        "compare",
        (first, second),
        (re.sub(r"\s{2,}", " ", one).strip(), re.sub(r"\s{2,}", " ", two).strip()),
    )


def question_sides(question: str, comparison: bool = True) -> Sides | None:
    """The sides of a total, or of a comparison within one document (see the module), or
    None. ``comparison``: the question reads as a comparison (``Query.kind``) or asks a
    difference; otherwise only a total is split."""
    text = question.strip()
    folded = fold(text).lower()
    if len(folded) != len(text):
        return None  # positions are read on the folded text
    sides = _by_sum_items(text, folded)
    if sides is not None:
        return sides
    if not (comparison or asks_difference(folded)):
        return None
    sides = _by_years(text) or _by_items(text, folded)
    if sides is None:
        return None
    return sides._replace(texts=tuple(_plain(t) for t in sides.texts))


def side_query(text: str, query: Query) -> Query:
    """One side as a figure question of its own words, with the whole question's places
    and dates when its words name none (as ``qa.parts.figure_parts`` reads a part)."""
    from qa.query import understand

    side = replace(understand(text), kind="number")
    if not side.provinces:
        side = replace(side, provinces=query.provinces, province_members=query.province_members)
    if not side.dates:
        side = replace(side, dates=query.dates, as_of=query.as_of)
    return side
