"""The words that introduce a document's basis, from one list: ``qa/data/basis_words.txt``.

Five readers ask whether a document is cited as the basis of another: a name span right after
"Căn cứ / Thực hiện / Theo …" is the basis, not the document issued (``qa.name_spans``); a
question may ask for the basis (``qa.name_spans``); a date in a clause citing a basis is that
document's issue date, not the event's (``qa.refusals``); a question may relate two documents
(``qa.document``) or name one as the complement of another (``qa.document_subject``). Each kept
its own list, and the lists drifted apart ("thi hành" in one, "trên cơ sở" in another); they now
read one, each adding only its English words.

>>> "trên cơ sở" in BASIS_WORDS and "tren co so" in FOLDED_BASIS_WORDS
True
"""

from __future__ import annotations

from pathlib import Path

from hoidap.text import fold

_DATA = Path(__file__).parent / "data" / "basis_words.txt"


def _read() -> tuple[str, ...]:
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    words = (line.strip() for line in lines if line.strip() and not line.startswith("#"))
    # Longest first, so that an alternation prefers "căn cứ vào" to "căn cứ".
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


BASIS_WORDS = _read()
FOLDED_BASIS_WORDS = tuple(dict.fromkeys(fold(w) for w in BASIS_WORDS))


def alternation(folded: bool = True) -> str:
    """The basis words as one regular-expression group, folded or as written."""
    words = FOLDED_BASIS_WORDS if folded else BASIS_WORDS
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + ")"
