"""The words of a question that name the kind of answer it asks, which the answer says by
being that kind: "cơ quan" of "cơ quan nào chủ trì?" is said by "Sở Tài chính chủ trì".

A plan writes "Sở Tài chính chủ trì, phối hợp …", never "cơ quan Sở Tài chính". Counted as
topic words, these heads were missing from the very sentences that answer, weighed by their
rarity, and right answers were refused "the closest passage does not mention 'cơ quan'"
(eval/README.md, "Tên văn bản được trích theo số; cơ quan được hỏi …"). They are to a name
answer what "người" of "bao nhiêu người" is to a figure's unit, which the figure reading
leaves to ``unit_ok``.

The body a name question asks ("cơ quan nào", "đơn vị nào", "tổ chức nào", "lực lượng
nào"), and the document it asks ("văn bản nào", "which document"), which a sentence says by
citing one by its number ("Quyết định số 2222/QĐ-UBND"); the same for a percentage's "tỷ lệ"
and a date's "thời điểm" was measured and lost under cross-validation (eval/README.md).
Matching is on folded words.
"""

from __future__ import annotations

import functools
import re

from hoidap.text import fold
from qa.entities import asks_body, body_named, cites_document
from qa.query import Query

# Nouns that ask a body, folded, as the ask writes them ("cơ quan nào", "which agency"): a
# body's name is one of them whatever its own kind word. The same noun elsewhere in the
# question ("tổ chức tiêm" = to organise) is a topic word.
_ASKED_BODY = re.compile(
    r"\b(co quan|don vi|to chuc|luc luong) nao\b"
    r"|\b(?:which|what) (agency|agencies|bodies|body|units?|organi[sz]ations?|forces?)\b"
)
# The noun that asks a document ("văn bản nào", "which document"): said by any document
# cited by its number, whatever its kind.
_ASKED_DOCUMENT = re.compile(r"\b(van ban) nao\b|\b(?:which|what) (documents?)\b")
DOCUMENT_HEAD = "van ban"
_ENGLISH_HEADS = {
    "document": DOCUMENT_HEAD,
    "documents": DOCUMENT_HEAD,
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
    >>> sorted(answer_heads(understand("Văn bản nào của Chủ tịch UBND tỉnh quy định việc này?")))
    ['văn_bản']
    """
    if query.kind != "entity":
        return frozenset()
    patterns = (_ASKED_BODY, _ASKED_DOCUMENT) if asks_body(query.text) else (_ASKED_DOCUMENT,)
    asked = {
        m.group(1) or _ENGLISH_HEADS[m.group(2)] for p in patterns for m in p.finditer(query.folded)
    }
    terms = query.match_terms or query.terms
    return frozenset(t for t in terms if fold(t.replace("_", " ")) in asked)


def said_heads(heads: frozenset[str], quote: str, path: str) -> frozenset[str]:
    """The heads of ``heads`` a sentence ``quote`` (under heading ``path``) says by naming an
    answer of their kind: a body by its name (in the sentence or its heading), a document
    by its number (in the sentence)."""
    documents = frozenset(h for h in heads if fold(h.replace("_", " ")) == DOCUMENT_HEAD)
    bodies = heads - documents
    said = documents if documents and cites_document(quote) else frozenset()
    if bodies and (body_named(quote) or body_named(path)):
        said |= bodies
    return said
