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


def _item_line(sentence: Sentence) -> bool:
    """Whether the sentence's line opens with a list marker: the sentence is a marked item
    or a later sentence of one ("- Đây là một đại dịch mới, …. Đợt dịch thứ 4 …")."""
    return ITEM.match(raw_line(sentence)) is not None


def list_items(sentence: Sentence, limit: int = LIST_ITEMS) -> list[Sentence]:
    """The items of the enumeration ``sentence`` is one item of, in reading order and with
    it among them; [] when it stands alone (nothing before or after continues it).

    Back: the earlier clauses of its ";" run on its line, or (a marked item) up to
    ``_BACK`` earlier sibling items, each with all of its sentences (an item may hold two:
    "- Đây là một đại dịch mới, …. Đợt dịch thứ 4 với biến chủng Delta …"); forward: the
    following clauses and items while they continue the run (:func:`_continues`), up to
    ``limit`` sentences in all."""
    sentences = split_sentences(sentence.chunk)
    i = sentence.index
    if not 0 <= i < len(sentences):
        return []
    marked = is_item(sentence)
    start = i
    back = 0
    while start > 0:
        prev, cur = sentences[start - 1], sentences[start]
        if prev.line == cur.line:
            # The earlier clauses of a ";" run, or the earlier sentences of a marked item.
            if not (prev.quote.rstrip().endswith(";") or (marked and not is_item(cur))):
                break
        elif marked and _item_line(prev) and back < _BACK:
            if prev.quote.rstrip().endswith(":"):
                break
            back += 1
        else:
            break
        start -= 1
    out = sentences[start : i + 1]
    for nxt in sentences[i + 1 :]:
        if len(out) >= limit or not _continues(out[-1], nxt, marked):
            break
        out.append(nxt)
    return out if len(out) > 1 else []


# "những X nào / gì", "các X nào" (folded): X, the kind of thing a list question asks for
# ("nhung hinh thuc dao tao nao" -> "hinh thuc dao tao"), its first words.
_LIST_HEAD = re.compile(r"\b(?:nhung|cac)\s+((?:(?!nao\b|gi\b)[a-z0-9]+[\s,]+){1,6}?)(?:nao|gi)\b")
_HEAD_WORDS = 3
# The same kind named by a list request ("Liệt kê các bệnh viện dã chiến của Bắc Giang",
# folded): the words after "các" / "những" up to the first word that starts its
# complement (a place, a time, a verb), as "những bệnh viện dã chiến nào" names them.
_REQUEST_HEAD = re.compile(
    r"^\W*(?:liet ke|ke ten|neu ten)\s+(?:ra\s+)?(?:tat ca\s+)?(?:cac|nhung)\s+"
    r"((?:(?!(?:cua|tai|o|trong|tren|duoc|do|theo|ma|thuoc|cho|ve|va)\b)[a-z0-9]+\s*){1,6})"
)
# A negated list question: the predicate after "… nào" is denied ("những trường hợp nào
# không áp dụng …"): its first two words.
_DENIED = re.compile(
    r"\b(?:nao|gi)\s+(?:thi\s+)?khong\s+(?:duoc\s+|phai\s+|bi\s+)?([a-z]+\s+[a-z]+)"
)


def list_head(folded_question: str) -> tuple[str, ...]:
    """The words of the kind of thing a Vietnamese list question asks for, up to three
    (folded); () when it names none ("gồm những gì").

    >>> list_head("ap dung cho nhung hinh thuc dao tao nao"), list_head("gom nhung gi")
    (('hinh', 'thuc', 'dao'), ())
    >>> list_head("liet ke cac benh vien da chien cua bac giang.")
    ('benh', 'vien', 'da')
    """
    m = _LIST_HEAD.search(folded_question) or _REQUEST_HEAD.search(folded_question)
    if m is None:
        return ()
    return tuple(re.findall(r"[a-z0-9]+", m.group(1))[:_HEAD_WORDS])


def enumeration_context(sentence: Sentence) -> str:
    """What says what a sentence's enumeration lists (folded): the sentence, the lead-in of
    the enumeration it is an item of (the words before ":" of its first item, or the
    sentence before it ending with ":") and its innermost heading."""
    sentences = split_sentences(sentence.chunk)
    items = list_items(sentence) or [sentence]
    first = items[0]
    parts = [sentence.quote]
    if ":" in first.quote:
        parts.append(first.quote.split(":", 1)[0])
    elif 0 < first.index <= len(sentences) and sentences[first.index - 1].quote.rstrip().endswith(
        ":"
    ):
        parts.append(sentences[first.index - 1].quote)
    if sentence.chunk.section_path:
        parts.append(sentence.chunk.section_path[-1])
    return fold(strip_markdown(" ".join(parts)))


def head_share(folded_question: str, sentence: Sentence) -> float:
    """The share of the list question's head words (:func:`list_head`) its sentence's
    enumeration names (:func:`enumeration_context`); 0.0 when the question names none."""
    head = list_head(folded_question)
    if not head:
        return 0.0
    words = set(re.findall(r"[a-z0-9]+", enumeration_context(sentence)))
    return sum(w in words for w in head) / len(head)


def denies_lead_in(folded_question: str, sentence: Sentence) -> bool:
    """A negated list question ("Những trường hợp nào không áp dụng …?") whose sentence's
    enumeration states the predicate without the negation ("… được áp dụng trong các
    trường hợp sau đây:"): those items are the cases the question excludes."""
    m = _DENIED.search(folded_question)
    if m is None:
        return False
    context = enumeration_context(sentence)
    predicate = m.group(1)
    if predicate not in context:
        return False
    return re.search(rf"\bkhong\s+(?:\w+\s+){{0,2}}{predicate}", context) is None


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


# A sentence that opens by pointing back to its cause ("Theo đó, …", "Do đó, …", "Vì vậy,
# …"): the reason is in the sentence before it.
_CONSEQUENCE = re.compile(
    r"^\W*(?:theo đó|do đó|do vậy|vì vậy|vì thế|từ đó|chính vì vậy|chính vì thế|bởi vậy)\b",
    re.IGNORECASE,
)


def cause_before(sentence: Sentence) -> Sentence | None:
    """The sentence before ``sentence`` in its passage when ``sentence`` gives no reason
    clause of its own and opens with a consequence connective ("Theo đó, đã xuất hiện nhiều
    ổ dịch …" after "… tỉnh đã nới lỏng việc kiểm soát …"); None otherwise."""
    if reason_clause(sentence.quote) or not _CONSEQUENCE.match(strip_markdown(sentence.quote)):
        return None
    sentences = split_sentences(sentence.chunk)
    i = sentence.index
    return sentences[i - 1] if 0 < i <= len(sentences) else None


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
