"""Phần của một tổng nêu ở câu trước / a part of a total stated in the sentence before.

Reports state a total, then break it down over the lines that follow a lead-in ("Nguồn xã
hội hóa: 5.661.358.000 đồng, trong đó:" / "Bằng tiền: 5.546.300.000 đồng;") or in a sentence
opened by "Trong đó:". A figure of such an item is narrower than the total above it, and an
answer that leads with it says so (``qa.leads.scoped_figure``), as it does for a part after
"trong đó" in the total's own sentence (``qa.scope.figure_scope``).

The reading: the sentences before the figure's, within its passage, back to the first that
opens a breakdown (holds "trong đó", "bao gồm", "gồm:", or ends with a colon), with only items
between (no sentence ended by a full stop); that lead-in states the total (a counted figure,
not a percentage, before its marker or its closing colon). A sentence opened by the marker
takes the sentence just before as its total's. Written here rather than as a parser's tree:
the reports mark a breakdown with a handful of words and their line layout.

Only what an answer states reads this; the scorer's cues were measured and did not help
(eval/README.md, "Phiên thứ hai mươi bảy").
"""

from __future__ import annotations

from hoidap.text import NumberMention, fold
from qa.figures import breakdown
from qa.scope import counting
from qa.sentences import Sentence, split_sentences

# A part under the total of another sentence, as an answer states it.
PART_OF_TOTAL_BEFORE = "một phần của tổng số nêu ở câu trước"
# How many sentences back a part's lead-in may be.
_REACH = 8


def _states_total(quote: str, part: NumberMention) -> bool:
    """A lead-in that states the total ``part`` is a part of: a counted figure (not a
    percentage) before its breakdown marker, or before the colon it ends with, counted in
    the same unit as ``part`` when both say one ("735.020 liều" is no total of "199.127
    mũi")."""
    marker = breakdown(quote)
    end = marker.start() if marker is not None else len(quote.rstrip()) - 1
    return any(n.end <= end and not n.is_percent and _same_unit(n, part) for n in counting(quote))


def _same_unit(total: NumberMention, part: NumberMention) -> bool:
    return not (total.unit and part.unit) or fold(total.unit) == fold(part.unit)


def _opens_breakdown(quote: str) -> bool:
    return breakdown(quote) is not None or quote.rstrip().endswith(":")


def part_of_total_before(sentence: Sentence, figure: NumberMention) -> bool:
    """Whether ``figure`` of ``sentence`` is a part of a total another sentence states."""
    quote = sentence.quote
    if figure.is_percent or figure not in counting(quote):
        # A share ("chiếm 16,2%") is said of its own count; an age, a dose or a year
        # ("từ 12-17 tuổi", "mũi 1") counts nothing.
        return False
    marker = breakdown(quote)
    siblings = split_sentences(sentence.chunk)
    at = sentence.index
    if marker is not None:
        if figure.end <= marker.start():
            return False  # the figure is the total its own sentence breaks down
        if any(n.end <= marker.start() and not n.is_percent for n in counting(quote)):
            return False  # a part of its own sentence's total (qa.scope says so)
        # "Trong đó: từ Hà Nội (4.902 người), …": the total is the sentence before's.
        return 0 < at <= len(siblings) and _states_total(siblings[at - 1].quote, figure)
    for k in range(at - 1, max(-1, at - 1 - _REACH), -1):
        if k >= len(siblings):
            continue
        before = siblings[k].quote
        if _opens_breakdown(before):
            return _states_total(before, figure)
        if before.rstrip().endswith((".", "!", "?")):
            return False
    return False
