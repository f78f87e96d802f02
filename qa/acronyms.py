"""Capitals a question writes that fold to one of its asking words: "AI" is artificial
intelligence, not "ai" (who); "IT" information technology, not "it"; "DO" dissolved oxygen.

A question is read on its folded form, where "Đồng Nai ứng dụng AI trong lĩnh vực nào?"
holds the question word "ai" and loses its topic: its asking patterns (written on the
lower-case folded text) could read a person asked, and "ai", a stop word, was no term, so
neither BM25 nor the coverage cues saw it. Such a word stands in the folded question as
one no asking pattern reads ("aiacronym": lower-case letters, so the patterns' word gaps,
"which [a-z]+ …", still step over it, and a name holding it, "trung tam ai", is still found
in the question), and is a content term in lower case, as the reports' folded text has it
(which also holds the everyday "ai", "không để ai bị bỏ lại": a little noise for BM25,
against the topic lost).

A word in capitals is such an acronym only when

* it is two capitals or more, ASCII, standing alone in its word ("(AI)", "AI-powered",
  "AI/ML"; not "AIs"), in a word with no digit (a document code's letters, "07-CT/TU",
  "215-QĐ/TU", are the code readers');
* the words beside it are not in capitals too: "KHI NÀO", "BAO NHIÊU", "HOW MANY", "AI KÝ"
  shout the question's own words (and a question in capitals throughout has none);
* the question asks something without it (``asks``: a question word, a request or a
  yes-or-no ending elsewhere): "Kế hoạch do AI ký?", "WHO issued the plan?" and "Tại SAO
  …?" have no other ask, so there the word is the question's own.

>>> found = acronyms("Đồng Nai ứng dụng AI trong lĩnh vực nào? Ai chủ trì?", {"ai"}, bool)
>>> [(m.start, m.word) for m in found]
[(18, 'AI')]
>>> fold_keeping("Đồng Nai ứng dụng AI trong lĩnh vực nào? Ai chủ trì?", {"AI"})
'dong nai ung dung aiacronym trong linh vuc nao? ai chu tri?'
>>> [a.word for a in acronyms("Hệ thống AI-powered, mô hình AI/ML của (AI) nào?", {"ai"}, bool)]
['AI', 'AI', 'AI']
>>> acronyms("Chỉ thị số 07-CT/TU do ai ký?", {"tu", "ai"}, bool)
()
>>> acronyms("Ban hành KHI NÀO?", {"khi"}, bool), acronyms("AI KÝ?", {"ai"}, bool)
((), ())
>>> acronyms("Kế hoạch do AI ký?", {"ai"}, lambda rest: "nào" in rest)
()
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from hoidap.text import fold

# Two capitals or more, ASCII (a Vietnamese word in capitals, "ĐÂU", is a shout, not an
# acronym), not joined to other letters.
_CAPITALS = re.compile(r"(?<![^\W\d_])[A-Z]{2,}(?![^\W\d_])")
_WORD = re.compile(r"\S+")
# Stands for one acronym while the rest is folded; fold keeps it as it is.
_MARK = "\x00{}\x00"
_SUFFIX = "acronym"


@dataclass(frozen=True)
class Acronym:
    """An acronym of the question, as written, and where (a span like a mention's)."""

    word: str
    start: int
    end: int


def _shouted(word: str) -> bool:
    """A word in capitals (its letters, two or more, all upper case): "NÀO?", "KÝ"."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def acronyms(text: str, stop: Collection[str], asks: Callable[[str], bool]) -> tuple[Acronym, ...]:
    """The acronyms of ``text`` that fold to a word of ``stop`` (see the module doc);
    ``asks(rest)``: whether the question without the word asks something."""
    if text.upper() == text:
        return ()
    words = list(_WORD.finditer(text))
    found: list[Acronym] = []
    for i, word in enumerate(words):
        if any(c.isdigit() for c in word.group()):
            continue
        beside = [w.group() for w in words[max(0, i - 1) : i + 2] if w is not word]
        if any(_shouted(w) for w in beside):
            continue
        for m in _CAPITALS.finditer(word.group()):
            start, end = word.start() + m.start(), word.start() + m.end()
            if fold(m.group()) in stop and asks(f"{text[:start]} {text[end:]}"):
                found.append(Acronym(m.group(), start, end))
    return tuple(found)


def fold_keeping(text: str, words: Collection[str]) -> str:
    """``fold(text)`` with each standalone occurrence of ``words`` (acronyms, as written)
    written as :func:`stand_in` says it: the words of :func:`acronyms` of the whole
    question, in any part of it read apart (the words after a request)."""
    found = [m for m in _CAPITALS.finditer(text) if m.group() in words]
    if not found:
        return fold(text)
    pieces, at = [], 0
    for i, m in enumerate(found):
        pieces += [text[at : m.start()], _MARK.format(i)]
        at = m.end()
    folded = fold("".join(pieces) + text[at:])
    for i, m in enumerate(found):
        folded = folded.replace(_MARK.format(i), stand_in(m.group()))
    return folded


def stand_in(word: str) -> str:
    """How an acronym stands in the folded question: "AI" as "aiacronym"."""
    return f"{word.lower()}{_SUFFIX}"
