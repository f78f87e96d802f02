"""The words of a question that name the kind of answer it asks, which the answer says by
being that kind: "cơ quan" of "cơ quan nào chủ trì?" is said by "Sở Tài chính chủ trì".

A plan writes "Sở Tài chính chủ trì, phối hợp …", never "cơ quan Sở Tài chính". Counted as
topic words, these heads were missing from the very sentences that answer, weighed by their
rarity, and right answers were refused "the closest passage does not mention 'cơ quan'"
(eval/README.md, "Tên văn bản được trích theo số; cơ quan được hỏi …"). They are to a name
answer what "người" of "bao nhiêu người" is to a figure's unit, which the figure reading
leaves to ``unit_ok``.

Only the body a name question asks ("cơ quan nào", "đơn vị nào", "tổ chức nào", "lực lượng
nào"); the same for a percentage's "tỷ lệ" and a date's "thời điểm" was measured and lost
under cross-validation (eval/README.md). Matching is on folded words.
"""

from __future__ import annotations

import functools
import re

from hoidap.text import fold
from qa.entities import asks_body, body_named
from qa.query import Query

# Nouns that ask a body, folded, as the ask writes them ("cơ quan nào", "which agency"): a
# body's name is one of them whatever its own kind word. The same noun elsewhere in the
# question ("tổ chức tiêm" = to organise) is a topic word.
_ASKED_BODY = re.compile(
    r"\b(co quan|don vi|to chuc|luc luong) nao\b"
    r"|\b(?:which|what) (agency|agencies|bodies|body|units?|organi[sz]ations?|forces?)\b"
)
_ENGLISH_HEADS = {
    "agency": "co quan",
    "agencies": "co quan",
    "body": "co quan",
    "bodies": "co quan",
    "unit": "don vi",
    "units": "don vi",
    "organisation": "to chuc",
    "organisations": "to chuc",
    "organization": "to chuc",
    "organizations": "to chuc",
    "force": "luc luong",
    "forces": "luc luong",
}


@functools.lru_cache(maxsize=256)
def answer_heads(query: Query) -> frozenset[str]:
    """The match terms of a name question that asks a body (as written in
    ``Query.match_terms`` or ``Query.terms``) that name the body asked.

    >>> from qa.query import understand
    >>> sorted(answer_heads(understand("Cơ quan nào chủ trì kế hoạch của Cà Mau?")))
    ['cơ_quan']
    >>> sorted(answer_heads(understand("Which agency leads the plan of Cà Mau?")))
    ['cơ_quan']
    >>> answer_heads(understand("Cà Mau có bao nhiêu cơ quan?"))
    frozenset()
    """
    if query.kind != "entity" or not asks_body(query.text):
        return frozenset()
    asked = {m.group(1) or _ENGLISH_HEADS[m.group(2)] for m in _ASKED_BODY.finditer(query.folded)}
    terms = query.match_terms or query.terms
    return frozenset(t for t in terms if fold(t.replace("_", " ")) in asked)


def says_kind(quote: str, path: str) -> bool:
    """Whether a sentence (or the heading above it) names a body by its name."""
    return body_named(quote) or body_named(path)
