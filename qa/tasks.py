"""A plan's task and the lines that describe it: who leads it, who assists, when.

Plans list each task as a record: the task on one line, then its fields on lines of
their own ("Đơn vị chủ trì thực hiện: Sở Khoa học và Công nghệ.", "Đơn vị phối hợp: Sở
Tư pháp.", "Thời gian thực hiện: Tháng 12/2025."). A question names the task ("Bắc Ninh
ra mắt AI pháp luật khi nào?") and is answered by a field line that repeats none of its
words: the field line stands for its task. This module says which field a line is and
finds the task it belongs to. Labels are matched on folded text.

>>> field_kind("Thời gian thực hiện: Tháng 12/2025.")
'timing'
>>> field_kind("Đơn vị chủ trì tham mưu thực hiện: Sở Khoa học và Công nghệ.")
'lead'
"""

from __future__ import annotations

import functools
import re

from hoidap.text import fold
from qa.sentences import Sentence, split_sentences

# "<label>: <value>" at the start of a line, folded; the label says what the value is.
_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "timing",
        re.compile(r"^\W*(?:[a-z]\.\s*)?(?:thoi gian|thoi han|tien do)(?: [a-z]+){0,2}\s*:"),
    ),
    (
        "assist",
        re.compile(r"^\W*(?:don vi|co quan|to chuc)(?: [a-z]+){0,1} phoi hop(?: [a-z]+){0,2}\s*:"),
    ),
    (
        "lead",
        re.compile(
            r"^\W*(?:don vi|co quan|to chuc)(?: [a-z]+){0,1} (?:chu tri|thuc hien|tham muu)"
            r"(?: [a-z]+){0,4}\s*:"
        ),
    ),
)
# How far back a field line looks for its task (the other fields of the record between).
_MAX_FIELDS = 5


@functools.lru_cache(maxsize=16384)
def field_kind(quote: str) -> str:
    """'timing', 'lead' (who leads or carries out), 'assist' (who coordinates) or ''."""
    folded = fold(quote)
    for kind, pattern in _FIELDS:
        if pattern.match(folded):
            return kind
    return ""


def task_of(sentence: Sentence) -> Sentence | None:
    """The task a field line describes: the nearest line before it in its passage that
    is not itself a field line (None when ``sentence`` is no field line, or its task is
    not in the same passage)."""
    if not field_kind(sentence.quote):
        return None
    siblings = split_sentences(sentence.chunk)
    # A field's value may run over several sentences of its line ("Cơ quan phối hợp: Các
    # sở, ngành; Ủy ban nhân dân các xã, phường."): whole lines are fields or the task.
    field_lines = {s.line for s in siblings if field_kind(s.quote)}
    fields = 0
    for other in reversed(siblings[: sentence.index]):
        if other.line in field_lines:
            fields += other.line != sentence.line
            if fields > _MAX_FIELDS:
                return None
            continue
        return other
    return None


# Which field answers which kind of question.
ANSWERS = {"timing": ("date",), "lead": ("entity", "list"), "assist": ("entity", "list")}
_ASKS_ASSIST = re.compile(r"\bphoi hop\b|\bcoordinat|\bassist|\bsupport")


def answers(kind: str, field: str, folded_question: str) -> bool:
    """Whether a field of that kind answers a question of that kind: a timing line a date
    question, the leading body a "who / which body" question (the assisting one when the
    question asks who coordinates)."""
    if kind not in ANSWERS.get(field, ()):
        return False
    if field in {"lead", "assist"}:
        return (field == "assist") == bool(_ASKS_ASSIST.search(folded_question))
    return True
