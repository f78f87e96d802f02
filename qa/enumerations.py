"""How many things a document enumerates, when it never writes the number.

"Kế hoạch huy động mấy nguồn vốn?" is answered by the items after the lead-in "Nguồn vốn
triển khai Kế hoạch …, bao gồm:" (1. … 5.), and "Thông báo nêu bao nhiêu nhiệm vụ, giải
pháp?" by the numbered paragraphs after "… một số nhiệm vụ, giải pháp sau đây:". No
sentence states "5 nguồn vốn", so the figure path has no right candidate; the count is the
document's own numbering, read from its indexed lines.

A count is stated only when it is sure: the question asks "bao nhiêu / mấy <thing>", the
passages retrieved for it write no figure of that thing ("03 điểm", "125 trạm": the figure
path answers those), and one retrieved passage holds a **lead-in** of that thing: a line
naming the thing and ending with ":" followed, within its section, by list items of one
kind: numbered 1, 2, … N without a gap (lines between the items, a sub-list "a)" or "-" of
an item, are the items' own), lettered a), b), … in the Vietnamese alphabet, or dashed
lines with nothing else between them. The question's other words must be the list's
(:func:`narrower`).

A heading is not read as a lead-in. Its numbered sub-sections are as often the parts of a
topic ("II. DỰ BÁO CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI" → "1. …", "2. Cơ cấu thu, chi …", while
the seven indicators are dashes under "1.") or the bodies tasks are given to ("III. PHÂN
CÔNG NHIỆM VỤ" → "1. Công an tỉnh") as the things asked: on questions written for this
over the 2025 documents they gave 3 right counts and 2 wrong. Read as the lead-in of the marks
that open its section ("1. Các chỉ tiêu chủ yếu" → "- …"), a heading about the thing gave
2 more counts on the evaluation sets, both wrong (eval/README.md, 3 Dec).

Two enumerations of the thing with different counts in the passage chosen, numbering that
starts again or skips, a list that leaves its section: no count (an official reads a
wrong count as the document's).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hoidap.text import fold, nfc, strip_diacritics, strip_markdown
from qa.query import word_list

# (line number, source text as indexed, its chunk): ``qa.document.Line``.
Line = tuple[int, str, Any]

# "bao nhiêu nhiệm vụ", "mấy nguồn vốn": the thing counted, its first two words. Read on
# the question as written: folded, "đề xuất" and "để" are one word.
_ASKED = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\s+(\w+)(?:\s+(\w+))?")
# Words that end the thing's name ("mấy nguồn vốn để thực hiện", "bao nhiêu cơ quan của"),
# as written and, for a question without diacritics, folded.
_FUNCTION = frozenset(
    "để cho của được đã đang sẽ trong tại ở về và với theo từ đến này đó mà khi thì là có "  # noqa: SIM905
    "cần phải mỗi nào gì gồm bị trên dưới sau trước".split()
)
_FUNCTION_FOLDED = frozenset(fold(w) for w in _FUNCTION)
# A list item's mark: "1." / "1)", "a)", "-" / "+" / "•" / "–".
_MARK = re.compile(r"^(?:(\d{1,2})([.)])|([a-zđ])\)|([-+•–]))\s+")
# Lettered items follow the Vietnamese alphabet ("d)", "đ)", "e)", "g)": no "f)"), or in a
# few documents the Latin one ("e)", "f)").
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# "…, trong đó:" ("of which") details part of what the line lists before it, not the whole:
# "Kinh phí thực hiện gồm: Ngân sách nhà nước; nguồn đầu tư …; các nguồn hợp pháp khác,
# trong đó:" then "1." "2." is three sources, not two.
_OF_WHICH = re.compile(r"\btrong do\s*:$")
# A Roman-numbered heading ("III. TỔ CHỨC THỰC HIỆN") ends any list above it.
_ROMAN = re.compile(r"^[IVXLC]+\.\s")
# Words that say a document states a list, not what it lists (``narrower``).
FRAME_WORDS = word_list("count_frame_words.txt")


@dataclass(frozen=True)
class Counted:
    """An enumeration of the thing asked: how many items, the lead-in that says what they
    are (``anchor``), the items' first lines, the words naming the thing as the document
    writes them, and the lead-in's section path (``scope``)."""

    count: int
    anchor: Line
    items: tuple[Line, ...]
    thing: str
    scope: tuple[str, ...] = ()


def asked_words(question: str) -> str:
    """The thing a Vietnamese question asks to count, its first one or two words as the
    question writes them (lowercase); "" for none.

    >>> asked_words("TP.HCM huy động mấy nguồn vốn để thực hiện kế hoạch?")
    'nguồn vốn'
    >>> asked_words("Thông báo nêu bao nhiêu đề xuất, kiến nghị?"), asked_words("Có bao nhiêu?")
    ('đề xuất', '')
    >>> asked_words("ke hoach huy dong may nguon von de thuc hien")
    'nguon von'
    """
    m = _ASKED.search(nfc(question).lower())
    if m is None:
        return ""

    def function(word: str) -> bool:
        return word in _FUNCTION or (fold(word) == word and word in _FUNCTION_FOLDED)

    first, second = m.group(1), m.group(2)
    if function(first):
        return ""
    return f"{first} {second}" if second and not function(second) else first


def asked_thing(question: str) -> str:
    """:func:`asked_words`, folded: what an enumeration's lead-in must name.

    >>> asked_thing("Thông báo nêu bao nhiêu đề xuất, kiến nghị?")
    'de xuat'
    """
    return fold(asked_words(question))


# Per source line, remembered: a report's lines are read again for every count question
# asked of it (without these, 3.7 ms more a question on average, 25 ms at p95).
@functools.lru_cache(maxsize=1 << 16)
def _plain(text: str) -> str:
    return " ".join(strip_markdown(text).replace("*", " ").split())


@functools.lru_cache(maxsize=1 << 16)
def _mark(text: str) -> tuple[tuple[str, str, bool], int] | None:
    """A list item's kind (its mark's shape, punctuation, and whether the line is bold)
    and its ordinal (0 for a dash); None for a line that is no item."""
    m = _MARK.match(_plain(text))
    if m is None:
        return None
    bold = text.lstrip().startswith("**")
    if m.group(1):
        return ("number", m.group(2), bold), int(m.group(1))
    if m.group(3):
        return ("letter", ")", bold), _ordinal(m.group(3))
    return ("dash", m.group(4), bold), 0


def _ordinal(letter: str) -> int:
    """A letter's place in the Vietnamese alphabet ("đ" is 5th, "g" 7th), else the Latin."""
    if letter in _VI_LETTERS:
        return _VI_LETTERS.index(letter) + 1
    return _LATIN_LETTERS.index(letter) + 1


def _follows(previous: str, text: str) -> bool:
    """Whether the item ``text`` numbers the one after ``previous`` (same kind of mark):
    "2." after "1.", "đ)" or "e)" after "d)", "f)" after "e)"."""
    before, after = _MARK.match(_plain(previous)), _MARK.match(_plain(text))
    if before is None or after is None:
        return False
    if before.group(1):
        return int(after.group(1) or 0) == int(before.group(1)) + 1
    a, b = before.group(3), after.group(3) or ""
    return any(
        a in order and b in order and order.index(b) == order.index(a) + 1
        for order in (_VI_LETTERS, _LATIN_LETTERS)
    )


@functools.lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    return fold(_plain(text))


def _names(text: str, thing: str) -> bool:
    return re.search(rf"\b{re.escape(thing)}\b", _folded(text)) is not None


def _under(chunk: Any, path: tuple[str, ...]) -> bool:
    return tuple(chunk.section_path[: len(path)]) == path


def after_lead_in(lines: Sequence[Line], at: int) -> list[Line]:
    """The items that follow the lead-in ``lines[at]`` in its section (see the module
    docstring); [] when fewer than two, or their numbering is not 1, 2, … N."""
    return items_from(lines, at + 1, tuple(lines[at][2].section_path))


def items_from(lines: Sequence[Line], start: int, path: tuple[str, ...]) -> list[Line]:
    """The list items from ``lines[start]`` on, within the section ``path``; the first
    non-blank line must be the first item."""
    items: list[Line] = []
    kind: tuple[str, str, bool] | None = None
    for x in lines[start:]:
        if not _under(x[2], path):
            break
        text = _plain(x[1])
        if not text:
            continue
        mark = _mark(x[1])
        if kind is None:
            if mark is None or mark[1] > 1:
                return []
            kind = mark[0]
            items.append(x)
            continue
        if mark is not None and mark[0] == kind:
            if kind[0] != "dash" and not _follows(items[-1][1], x[1]):
                if mark[1] == 1:
                    break  # numbering starts again: another list, after this one
                return []  # it skips ("đ)" then "k)"): which items are missing is not sure
            items.append(x)
            continue
        if kind[0] == "dash" or _ROMAN.match(text) or (x[1].lstrip().startswith("**")):
            break  # a dashed list is its consecutive dashes; a heading ends any list
    return items if len(items) >= 2 else []


def _as_written(text: str, thing: str) -> str:
    """The words of ``text`` that fold to ``thing``, as written ("nguồn vốn")."""
    plain = _plain(text)
    chars = [strip_diacritics(c).lower() for c in plain]
    if any(len(c) != 1 for c in chars):
        return thing
    m = re.search(rf"\b{re.escape(thing)}\b", "".join(chars))
    return plain[m.start() : m.end()] if m else thing


def enumerations(lines: Sequence[Line], thing: str) -> list[Counted]:
    """Every enumeration of ``thing`` in a report's indexed ``lines`` (sorted by number)."""
    found: list[Counted] = []
    for i, x in enumerate(lines):
        text = _plain(x[1])
        if text.endswith(":") and _names(text, thing) and not _OF_WHICH.search(_folded(text)):
            items = after_lead_in(lines, i)
            if items:
                path = tuple(x[2].section_path)
                found.append(Counted(len(items), x, tuple(items), _as_written(text, thing), path))
    return found


def writes_figure_of(texts: Sequence[str], thing: str, folded: Sequence[str] = ()) -> bool:
    """Whether any of ``texts`` writes a figure of the thing ("03 điểm", "1.195 người"): the
    count is then the figure path's to answer. ``folded``: the texts folded, when the caller
    has them (a chunk's ``unaccented``), so that only a passage that may write one is read
    line by line."""
    pattern = re.compile(rf"\b\d[\d.,]*\s+{re.escape(thing)}\b")
    for i, text in enumerate(texts):
        if not pattern.search(folded[i] if i < len(folded) else fold(text)):
            continue  # most passages: no line to read
        for line in text.split("\n"):
            plain = _folded(line)
            mark = _MARK.match(plain)  # "4. Nguồn vốn huy động …" numbers an item, not a figure
            if pattern.search(plain[mark.end() :] if mark else plain):
                return True
    return False


def region(counted: Counted) -> tuple[int, int]:
    """The lines an enumeration spans, from its anchor to its last item's section's end."""
    last = counted.items[-1][2]
    return counted.anchor[0], max(counted.items[-1][0], last.line_end)


@dataclass(frozen=True)
class Asked:
    """What a question asks to count: the folded words an enumeration's lead-in must
    name, and the words the answer states the count with (Vietnamese, English)."""

    thing: str
    vi: str
    en: str


def asked(question: str, language: str) -> tuple[Asked, ...]:
    """What a Vietnamese number question asks to count; () for none, and for English.

    English questions are not counted: read through the glossary, the first English noun
    after "how many" is seldom the thing enumerated ("how many adolescents aged 12 to under
    18 …", "how many vaccine doses …" found lists of age groups and vaccines). On the
    readable sets an English reading counted 7 questions, 1 right (2026-12-03).

    >>> asked("Huy động mấy nguồn vốn?", "vi")[0].vi, asked("How many proposals?", "en")
    ('nguồn vốn', ())
    """
    if language == "en":
        return ()
    words = asked_words(question)
    return (Asked(fold(words), words, words),) if words else ()


def _said(term: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(term)}\b", text) is not None


def narrower(counted: Counted, terms: Sequence[str], title: str) -> bool:
    """Whether the question asks about a narrower list than ``counted`` (``terms``: its
    words beyond the thing, folded; ``title``: the document's title and number): a word
    of the question the enumeration never says (not its lead-in, the headings above it, its
    items' first lines, nor its document's title) is said of another list. "Sở Tài chính
    có mấy nhiệm vụ?" is not the plan's "Các nhiệm vụ trọng tâm sau:"; "nhiệm vụ … nông
    nghiệp số" is not the tourism tasks. Words that only say the document states a list
    ("nêu", "đề ra": ``qa/data/count_frame_words.txt``) are none of these. A count refused
    so is an abstention, never another answer."""
    context = fold(" ".join([_plain(counted.anchor[1]), *counted.scope, title]))
    items = fold(" ".join(_plain(x[1]) for x in counted.items))
    return any(
        term not in FRAME_WORDS and not _said(term, context) and not _said(term, items)
        for term in terms
    )


def count_in(
    asks: Sequence[Asked],
    chunks: Sequence[Any],
    lines_of: Any,
    terms: Sequence[str] = (),
    title_of: Any = lambda report_id: "",
) -> tuple[Counted, Asked, Any] | None:
    """The enumeration a question's count is read from: in the first of ``chunks`` (the top
    passages, best first) that an enumeration of the thing asked overlaps, when all of that
    passage's enumerations of it give one count, and no top passage writes a figure of the
    thing (then the figure path answers), nor is any of them :func:`narrower` than the
    question; with the reading it names and the passage. ``lines_of(report_id)``: a
    report's indexed lines (number, text, chunk); ``terms``: the question's words
    (folded); ``title_of(report_id)``: its document's title and number."""
    if not asks:
        return None
    texts, folded = [c.text for c in chunks], [c.unaccented for c in chunks]
    if any(writes_figure_of(texts, a.thing, folded) for a in asks):
        return None
    known: dict[str, list[tuple[Counted, Asked]]] = {}
    for chunk in chunks:
        if chunk.report_id not in known:
            lines = sorted(lines_of(chunk.report_id), key=lambda x: x[0])
            known[chunk.report_id] = [(c, a) for a in asks for c in enumerations(lines, a.thing)]
        found = [
            (c, a)
            for c, a in known[chunk.report_id]
            if region(c)[0] <= chunk.line_end and chunk.line_start <= region(c)[1]
        ]
        if found:
            if len({c.count for c, _ in found}) != 1:
                return None
            counted, ask = found[0]
            own = [t for t in terms if not set(t.split()) <= set(ask.thing.split())]
            title = title_of(chunk.report_id)
            if any(narrower(c, own, title) for c, _ in found):
                return None
            return counted, ask, chunk
    return None
