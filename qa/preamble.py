"""A document's preamble and closing lines, and questions about the documents they cite.

A plan or a decision opens by citing what it rests on ("Căn cứ Nghị định số 45/2017/NĐ-CP
…", "Thực hiện Chỉ thị số 32/CT-TTg …", "Theo đề nghị của Sở Tài chính tại Tờ trình số …")
and closes by naming itself again ("Trên đây là Kế hoạch …"); an annex repeats its decision
("(Kèm theo Quyết định số 2820/QĐ-UBND …)"). These lines restate the document's title and
its subject, so they share many words with any question that names the document, yet they
answer only a question about a cited document, a proposer or the document itself ("căn cứ
nghị định nào", "theo đề nghị của cơ quan nào", "which directive does it implement"). On
the 2025 plans and decisions such a line was the scorer's first candidate for about one lost
question in five (eval/README.md, "Dòng căn cứ"). The learned scorer reads two cues: the
sentence is such a line and the question asks about a document, or it is one and the
question does not.

>>> is_basis_line("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;")
True
>>> is_basis_line("Thực hiện tốt công tác tuyên truyền về bầu cử.")
False
>>> asks_document(fold("Kế hoạch 157 thực hiện chỉ thị nào của Thủ tướng?"))
True
>>> asks_document(fold("Kế hoạch 141 giao cơ quan nào theo dõi, đôn đốc?"))
False
"""

from __future__ import annotations

import functools
import re

from hoidap.text import fold

# Kinds of document a basis line cites or a question asks about, folded.
_KINDS_VI = (
    r"quyet dinh|nghi dinh|nghi quyet|chi thi|ke hoach|thong tu|cong van|van ban|to trinh"
    r"|luat|thong tri|thong bao|chuong trinh|de an|chien luoc|ket luan|quy hoach|bo luat"
)
_KINDS_EN = (
    r"decisions?|decrees?|resolutions?|directives?|plans?|circulars?|letters?|laws?|documents?"
    r"|strateg(?:y|ies)|programmes?|programs?|schemes?|submissions?|notices?|conclusions?"
)
_BASIS_LINE = re.compile(
    r"^\W*(?:can cu\b|theo de nghi\b|thuc hien (?:" + _KINDS_VI + r")\b"
    r"|tren day la (?:" + _KINDS_VI + r")\b|\(?\s*(?:ban hanh\s+)?kem theo\b)"
)
# "chỉ thị nào", "quyết định số mấy", "kế hoạch nào của UBND", "which Government decree",
# "căn cứ", "theo đề nghị", "tờ trình", "viện dẫn"; not "Kế hoạch 141 giao cơ quan nào"
# (a number between the kind and "nào" names the document, the question asks something else).
_ASKS_DOCUMENT = re.compile(
    r"\b(?:" + _KINDS_VI + r")(?: [a-z]+){0,2} (?:nao|so may|so bao nhieu|so hieu|gi)\b"
    r"|\b(?:which|what) (?:[a-z0-9'-]+ ){0,3}?(?:" + _KINDS_EN + r")\b"
    r"|\bcan cu\b|\btheo de nghi\b|\bto trinh\b|\bvien dan\b|\bcited?\b|\bbasis\b"
    r"|\bproposal\b|\bthay the\b|\breplac\w*"
)


@functools.lru_cache(maxsize=4096)
def is_basis_line(quote: str) -> bool:
    """Whether a sentence cites what the document rests on, closes it by naming it, or
    ties an annex to its decision (see the module docstring)."""
    return _BASIS_LINE.match(fold(quote)) is not None


def asks_document(folded_question: str) -> bool:
    """Whether a folded question asks about a document (which one, its number, the
    body that proposed it), the only questions a basis line answers."""
    return _ASKS_DOCUMENT.search(folded_question) is not None


def basis_features(folded_question: str, quote: str) -> dict[str, float]:
    """The two cues of a candidate's sentence: a basis line for a question about a
    document (``basis_asked``), or for any other question (``basis_unasked``)."""
    if not is_basis_line(quote):
        return {}
    return {"basis_asked" if asks_document(folded_question) else "basis_unasked": 1.0}
