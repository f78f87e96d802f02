"""Whether a figure is stated as a total or as a part of one, and whether the question asks
for a total: the cues of a part given for the total, or the total for a part.

A report states a total and then its parts, in the same sentence ("108 chốt kiểm soát (07
chốt cấp tỉnh và 101 chốt cấp huyện)", "… là 390.805.400.000 đồng, trong đó:") or in the
sentences after it ("Trong đó: từ thành phố Hồ Chí Minh (2.251 người), thành phố Hà Nội
(4.902 người) …"). Term coverage and the qualifier cues read the whole sentence, so a total
and its parts look alike to them. What the sentence says of the figure itself is read here:

- *stated as a total*: its own clause names a total ("tổng", "tổng số", "tổng cộng", "nâng
  tổng số"), or a breakdown follows it right away ("… 108 chốt kiểm soát (07 chốt …",
  "… đồng, trong đó:");
- *a part*: it is listed after "trong đó" / "bao gồm" behind another figure, within brackets
  opened after another figure, or its sentence opens with "Trong đó", "Riêng", "Bao gồm"
  (a part of the total the sentence before gives).

The question asks for a total when it says so ("tổng", "tính chung", "total", "in all").
The scorer learns what each pairing is worth; nothing here is a rule.

>>> from hoidap.text import cached_numbers
>>> from qa.scope import counting
>>> quote = "Bố trí 108 chốt kiểm soát (07 chốt cấp tỉnh và 101 chốt cấp huyện)."
>>> total, part, _ = counting(quote)
>>> stated_total(quote, total, counting(quote)), is_part(quote, part, counting(quote))
(True, True)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoidap.text import NumberMention
from qa.figures import _flat
from qa.own_words import own_text

# Folded patterns (a question's and a sentence's folded text).
_ASKS_TOTAL = re.compile(r"\btong\b|\btinh chung\b|\btotal\b|\bin all\b|\baltogether\b|\boverall\b")
_TOTAL_WORD = re.compile(r"\btong\b")
# A breakdown right after the figure and its unit: a bracket that opens on a figure or on
# "trong đó", or "trong đó" / "bao gồm" / "gồm" after at most a comma or colon.
_BREAKDOWN_AFTER = re.compile(
    r"[^\d,;.:()]{0,30}?(?:\(\s*(?:\d|trong do|bao gom|gom)|[,:]?\s*(?:trong do|bao gom|gom)\b)"
)
_BREAKDOWN = re.compile(r"\btrong do\b|\bbao gom\b|\bgom\s*:")
_PART_OPENING = re.compile(r"^\W*(?:trong do|rieng|bao gom)\b")

TOTAL_FEATURES = ("total_asked", "total_unasked", "part_asked_total", "part_unasked")


def asks_total(folded_question: str) -> bool:
    """Whether the question (folded) asks for a total ("tổng cộng bao nhiêu", "tính chung")."""
    return _ASKS_TOTAL.search(folded_question) is not None


def stated_total(quote: str, figure: NumberMention, others: Sequence[NumberMention]) -> bool:
    """Whether ``figure`` is stated as a total: its own clause (``qa.own_words.own_text``,
    the sentence's lead included) names one, or a breakdown follows it right away."""
    flat = _flat(quote)
    if flat is None:
        return False
    if _TOTAL_WORD.search(_flat(own_text(quote, figure, others)) or "") is not None:
        return True
    return _BREAKDOWN_AFTER.match(flat, figure.end) is not None


def is_part(quote: str, figure: NumberMention, others: Sequence[NumberMention]) -> bool:
    """Whether ``figure`` is a part of a total: listed after "trong đó" / "bao gồm" behind
    another figure, within brackets opened after another figure, or in a sentence that
    opens with "Trong đó", "Riêng", "Bao gồm"."""
    flat = _flat(quote)
    if flat is None:
        return False
    if _PART_OPENING.match(flat):
        return True
    before = [m for m in others if m.end <= figure.start]
    if not before:
        return False
    m = _BREAKDOWN.search(flat, before[0].end, figure.start)
    if m is not None:
        return True
    opened = flat.rfind("(", before[0].end, figure.start)
    return opened >= 0 and flat.find(")", opened, figure.start) < 0


def total_features(
    asked_total: bool, quote: str, figure: NumberMention, others: Sequence[NumberMention]
) -> dict[str, float]:
    """The :data:`TOTAL_FEATURES` of one figure candidate (``others``: its sentence's
    counting figures, ``qa.scope.counting``; ``asked_total``: :func:`asks_total`)."""
    # A part's sentence may name the total it belongs to ("Tổng số ca mắc … là 34.659, trong
    # đó: … khỏi là 34.012"): being listed as a part says more.
    part = is_part(quote, figure, others)
    total = not part and stated_total(quote, figure, others)
    return {
        "total_asked": float(total and asked_total),
        "total_unasked": float(total and not asked_total),
        "part_asked_total": float(part and asked_total),
        "part_unasked": float(part and not asked_total),
    }
