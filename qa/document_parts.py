"""Phần của văn bản mà một câu nằm trong / the part of its document a sentence is in.

A plan or a decision opens with its letterhead, its title and a preamble of basis lines
("Thực hiện Chỉ thị số 21/CT-TTg ngày 25 tháng 11 năm 2022 …", "Căn cứ Luật …", "Theo đề
nghị của …"). These lines repeat the document's subject and the words of most questions
about it, so they often come first for a question about what the document plans or decides
("Đợt 01 … diễn ra từ ngày nào?"), which only its body answers: on the scorer's training
questions a preamble or title sentence was first, with the right answer in the body, for
17 content questions (``python -m eval.front_parts``; eval/README.md, "Các phần của văn
bản"). A refusal then shows the body's closest sentence (``qa.answer.Answerer.closest``).

``ingest.layout.read_parts`` reads the parts of a report once, from its lines as indexed,
on the first question that meets a sentence of its opening section; only that section can
hold the letterhead, title and preamble, so no other sentence costs a look-up.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from hoidap.types import Report
from qa.sentences import Sentence

# The parts that state the document's own particulars (ingest.layout.PARTS): a sentence
# there answers a question about the document, not about what it plans or decides.
FRONT = frozenset({"letterhead", "title", "preamble"})
# Reports whose parts stay in memory (a tuple of interned names per line).
_CACHE = 256

Line = tuple[int, str, Any]


class DocumentParts:
    """The part of each indexed report's lines, read on first need and cached."""

    def __init__(
        self, reports: Iterable[Report], lines_of: Callable[[str], Sequence[Line]]
    ) -> None:
        self.lines_of = lines_of
        # The opening section of each report: the only one the front parts can be in.
        self._opening = frozenset(r.sections[0].section_id for r in reports if r.sections)
        self._parts: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def part(self, sentence: Sentence) -> str:
        """The part (``ingest.layout.PARTS``) of the sentence's source line."""
        chunk = sentence.chunk
        if chunk.section_id not in self._opening:
            return "body"
        parts = self.of_report(chunk.report_id)
        line = sentence.line
        return parts[line - 1] if 0 < line <= len(parts) else "body"

    def in_front(self, sentence: Sentence) -> bool:
        """Whether the sentence is in the letterhead, title or preamble."""
        return self.part(sentence) in FRONT

    def of_report(self, report_id: str) -> tuple[str, ...]:
        with self._lock:
            parts = self._parts.get(report_id)
            if parts is not None:
                self._parts.move_to_end(report_id)
                return parts
        from ingest.layout import read_parts

        lines = self.lines_of(report_id)
        count = max((n for n, _text, _chunk in lines), default=0)
        text = [""] * count
        for n, line, _chunk in lines:
            text[n - 1] = line
        parts = read_parts(text)
        with self._lock:
            self._parts[report_id] = parts
            if len(self._parts) > _CACHE:
                self._parts.popitem(last=False)
        return parts
