"""What a list answer quotes (the items) and what an explanation leads with (the reason).

A list question ("Những vùng nuôi nào …?", "Which systems …?") is answered by the items of
the enumeration its best sentence belongs to, not by that sentence alone: reports write a
list in one line of ";"-separated clauses ("… bao gồm: Vùng nuôi … Cù Mông; vùng nuôi …
Ô Loan; vùng nuôi … Bàn Thạch."), or one item a line under a lead-in ending with ":"
("- Hệ thống giám sát hành trình …", "- Hệ thống kiểm tra tải trọng xe tự động."), and the
sentence splitter (qa/sentences.py) cuts both into one sentence per item.

An explanation ("Vì sao …?", "… để làm gì?") leads with the reason clause of its sentence:
the words from the connective ("do", "vì", "bởi", "nhằm", "để") to the end of the clause
("… chỉ có 43 trạm đủ điều kiện" ← "do thiếu nguồn nhân lực").
"""

from __future__ import annotations

import re

from hoidap.text import fold, strip_markdown
from qa.sentences import Sentence, split_sentences

# How many sentences a list answer quotes at most.
LIST_ITEMS = 8
# A list item's marker at the start of its line: "a)", "1.", "-", "+", "•".
ITEM = re.compile(r"\s*(?:[-+*•–]|[a-zđ]\)|\d{1,2}[.)])\s")
# Preceding sibling items a list answer goes back to, when its best sentence is not the
# first item (the items after it are read up to LIST_ITEMS in all).
_BACK = 3


def raw_line(sentence: Sentence) -> str:
    """The source line of ``sentence`` as its chunk writes it, without Markdown markup."""
    chunk = sentence.chunk
    lines = chunk.text.split("\n")
    at = sentence.line - chunk.line_start
    return strip_markdown(lines[at]) if 0 <= at < len(lines) else ""


def is_item(sentence: Sentence) -> bool:
    """Whether the sentence opens a marked list item ("- …", "a) …", "2. …")."""
    line = raw_line(sentence)
    return ITEM.match(line) is not None and sentence.quote[:12] in line[:40]


def _continues(prev: Sentence, nxt: Sentence, marked: bool) -> bool:
    """Whether ``nxt`` is the next item of the enumeration ``prev`` is in: the next clause
    of a ";" run (on the same line or the next), or the next marked item of a marked run."""
    end = prev.quote.rstrip()[-1:]
    if nxt.quote.rstrip().endswith(":"):
        return False  # a new lead-in opens another list
    if nxt.line == prev.line:
        return marked or end in {";", ":"}  # the rest of a marked item's line is the item
    if marked:
        return is_item(nxt)
    return end == ";" and not is_item(nxt)


def list_items(sentence: Sentence, limit: int = LIST_ITEMS) -> list[Sentence]:
    """The items of the enumeration ``sentence`` is one item of, in reading order and with
    it among them; [] when it stands alone (nothing before or after continues it).

    Back: the earlier clauses of its ";" run on its line, or (a marked item) up to
    ``_BACK`` earlier sibling items; forward: the following clauses and items while they
    continue the run (:func:`_continues`), up to ``limit`` sentences in all."""
    sentences = split_sentences(sentence.chunk)
    i = sentence.index
    if not 0 <= i < len(sentences):
        return []
    marked = is_item(sentence)
    start = i
    while start > 0 and i - start < _BACK:
        prev = sentences[start - 1]
        if prev.line == sentence.line and prev.quote.rstrip().endswith(";"):
            start -= 1
        elif marked and prev.line != sentences[start].line and is_item(prev):
            if prev.quote.rstrip().endswith(":"):
                break
            start -= 1
        else:
            break
    out = sentences[start : i + 1]
    for nxt in sentences[i + 1 :]:
        if len(out) >= limit or not _continues(out[-1], nxt, marked):
            break
        out.append(nxt)
    return out if len(out) > 1 else []


# A question that asks for a reason or a purpose (folded).
_ASKS_REASON = re.compile(
    r"\bvi sao\b|\btai sao\b|\bly do\b|\bnguyen nhan\b|\bde lam gi\b|\bnham (?:muc dich )?gi\b"
    r"|\bmuc dich\b|\bwhy\b|\breasons?\b|\bpurpose\b|\bwhat for\b|\bcauses?\b"
)
_ASKS_PURPOSE = re.compile(
    r"\bde lam gi\b|\bnham (?:muc dich )?gi\b|\bmuc dich\b|\bpurpose\b|\bwhat for\b"
)
# The connectives that open a reason clause (lowercase, accented) and a purpose clause.
# "do" followed by a capital names who did it ("do Bộ Y tế ban hành"), not why.
_CAUSE = re.compile(r"(?<!\w)(?:bởi vì|bởi|vì|do(?!\s+[A-ZĐÀ-Ỹ]))(?!\w)")
_PURPOSE = re.compile(r"(?<!\w)(?:nhằm|để)(?!\w)")
# Where a reason clause ends: the end of its clause, or the consequence it leads to
# ("do thiếu nguồn nhân lực nên chỉ có 43 trạm").
_CLAUSE_END = re.compile(r"[;.!?]|\s+nên\s|,\s+(?:nên|vì vậy|do đó|dẫn đến)\s")


def without_connective(clause: str) -> str:
    """The reason clause without the word that opens it ("do thiếu nhân lực" -> "thiếu
    nhân lực")."""
    return _OPENER.sub("", clause, count=1)


_OPENER = re.compile(r"^(?:bởi vì|bởi|vì|do|nhằm|để)\s+")


def asks_reason(folded_question: str) -> bool:
    """Whether the question asks why or what for ("Vì sao …", "… để làm gì", "Why …")."""
    return _ASKS_REASON.search(folded_question) is not None


def reason_clause(quote: str, folded_question: str = "") -> str:
    """The reason (or, for a question about a purpose, the purpose) clause of ``quote``:
    from its connective to the end of the clause; "" when the sentence gives none.

    >>> reason_clause("Tuy nhiên, do thiếu nguồn nhân lực nên chỉ có 43 trạm đủ điều kiện.")
    'do thiếu nguồn nhân lực'
    >>> reason_clause("Quyết định do Bộ Y tế ban hành."), reason_clause("Lắp cảm biến để giám sát.")
    ('', 'để giám sát')
    """
    text = strip_markdown(quote)
    order = (_PURPOSE, _CAUSE) if _ASKS_PURPOSE.search(folded_question) else (_CAUSE, _PURPOSE)
    for pattern in order:
        m = pattern.search(text)
        if m is None:
            continue
        end = _CLAUSE_END.search(text, m.end())
        clause = text[m.start() : end.start() if end else len(text)].strip(" ,")
        # A connective with nothing after it, or a clause of one word, gives no reason.
        if len(fold(clause).split()) >= 3:
            return clause
    return ""
