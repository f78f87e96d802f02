"""What an entity question expects its answer to name.

"Theo văn bản nào?" is answered by a sentence that cites a document ("Công điện số
03/CĐ-UBND"), "công ty nào?" by one that names a company, "ở đâu?" by a place; a
sentence that only repeats the question's words does not answer it. Cues are matched
on the folded question, expectations on the sentence as written (capitals mark names).
"""

from __future__ import annotations

import re

# "which department", "which HCMC department", "which provincial agency": up to two words
# (a place, an adjective) may stand between "which" and what is asked for.
_WHICH = r"\bwhich (?:[a-z'.-]+ ){0,2}?"

_EXPECT: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(
            r"\bvan ban nao\b|\btheo van ban\b|\b(?:quyet dinh|chi thi|cong van|nghi quyet|"
            r"ke hoach|thong bao|cong dien) (?:nao|so may)\b|" + _WHICH + r"(?:document|decision|"
            r"directive|plan)\b|\bso hieu\b"
        ),
        re.compile(
            r"\b(?:Quyết định|Chỉ thị|Công điện|Thông báo|Nghị quyết|Kế hoạch|Công văn|"
            r"Văn bản|Luật)\s+(?:số\s*:?\s*)?\d|\b\d+\s*[-/]\s*[A-ZĐ]{2,}"
        ),
    ),
    (
        re.compile(
            r"\b(?:cong ty|doanh nghiep) nao\b|" + _WHICH + "(?:company|companies|business)"
        ),
        re.compile(r"\b(?:Công ty|công ty|Doanh nghiệp)\s+[A-Z0-9]"),
    ),
    (
        re.compile(r"\bbenh vien nao\b|\bwhich hospital\b|\bco so nao\b"),
        re.compile(r"\b(?:Bệnh viện|bệnh viện|Trung tâm|cơ sở)\s+[A-ZĐ0-9]"),
    ),
    (
        re.compile(
            r"\bo dau\b|\bnoi nao\b|\bdia diem nao\b|\b(?:huyen|xa|tinh|thanh pho) nao\b"
            r"|\bwhere\b|" + _WHICH + r"(?:district|commune|locality|localities)\b"
        ),
        re.compile(
            r"\b(?:huyện|xã|thị xã|thành phố|thị trấn|phường|tại|ở|Trụ sở|trụ sở)\s+[A-ZĐ0-9]"
        ),
    ),
    (
        re.compile(
            r"\bai\b|\bwho\b|\bco quan nao\b|\bdon vi nao\b|"
            + _WHICH
            + r"(?:agency|department|unit)\b"
        ),
        re.compile(
            r"\b(?:Chủ tịch|Giám đốc|Bí thư|Phó|Trưởng|đồng chí|Sở|Ban|Bộ|Ủy ban|UBND|"
            r"Công an|Bộ Chỉ huy|Văn phòng|Trung tâm)\b"
        ),
    ),
]


def expectation(folded_question: str) -> re.Pattern[str] | None:
    """The pattern an answering sentence must contain, or None when the question sets none."""
    for cue, expected in _EXPECT:
        if cue.search(folded_question):
            return expected
    return None


# Who is to do something in a plan: "cơ quan nào chủ trì", "sở nào được giao", "which
# department leads". Checked on the question as written too: folded, "sở nào" (which
# department) and "số nào" (which number) are one string.
_ASKS_BODY = re.compile(
    r"\bai\b|\bwho\b|\b(?:co quan|don vi|to chuc|luc luong) nao\b"
    r"|" + _WHICH + r"(?:agency|department|unit|body|office|ministry|authority|organi[sz]ation)"
)
_ASKS_BODY_ACCENTED = re.compile(r"\b(?:sở|ban|bộ|ngành) nào\b", re.IGNORECASE)
# A body named at the start of a heading or a sentence (after "Đề nghị" or "Các").
_BODY_START = re.compile(
    r"^(?:Đề nghị\s+)?(?:(?:Các|các)\s+)?(?:Sở|Ban|Bộ|Công [Aa]n|Ủy ban|Uỷ ban|UBND|Văn phòng|"
    r"Trung tâm|Hội|Đài|Báo|Liên đoàn|Cục|Kho bạc|Thanh tra|Viện|Ngân hàng|Bảo hiểm|Quỹ|"
    r"Chủ tịch|Giám đốc|Thủ trưởng|Tỉnh đoàn|Thành đoàn|Mặt trận)\b"
)
# A heading's number ("4.", "2.3.", "IV.", "b)") and emphasis, then the name.
_HEADING_NUMBER = re.compile(r"^[\s*_#]*(?:(?:[0-9]+|[IVXLC]+)(?:\.[0-9]+)*[.)]|[a-zđ]\))?\s*")
# "b) Phối hợp với Sở Công Thương …": the heading's body assists; the one named leads.
_ASSISTS = re.compile(r"^\W*(?:[a-zđ]\)\s*|[0-9]+[.)]\s*)?[Pp]hối hợp với\s+(?:Sở|Ban|Bộ|Công)")
# Where a heading that names a body goes on to say what it does.
_HEADING_TAIL = re.compile(r"\s+(?:chủ trì|phối hợp|có trách nhiệm|thực hiện)\b|[:(]")


def asks_body(question: str) -> bool:
    """Whether the question asks which body or person is to act (or acted)."""
    from hoidap.text import fold

    return bool(_ASKS_BODY.search(fold(question)) or _ASKS_BODY_ACCENTED.search(question))


def names_body(text: str) -> bool:
    """Whether ``text`` opens with the name of a body ("Sở Y tế chủ trì …")."""
    return _BODY_START.match(_HEADING_NUMBER.sub("", text.strip(), count=1)) is not None


def answering_body(folded_question: str, quote: str, section_path: tuple[str, ...]) -> str:
    """:func:`heading_body` as the answer to a question: "" when the question names that
    body itself ("Công an tỉnh phối hợp với cơ quan nào …?" asks for another one, which
    the task's sentence names).

    >>> path = ("IV. TỔ CHỨC THỰC HIỆN", "1. Công an tỉnh")
    >>> answering_body("co quan nao chu tri?", "Chủ trì, phối hợp Bộ Chỉ huy Quân sự tỉnh.", path)
    'Công an tỉnh'
    >>> answering_body("cong an tinh phoi hop voi co quan nao?", "Chủ trì, phối hợp Bộ Chỉ huy.",
    ...                path)
    ''
    """
    from hoidap.text import fold

    name = heading_body(quote, section_path)
    return "" if name and fold(name) in folded_question else name


def heading_body(quote: str, section_path: tuple[str, ...]) -> str:
    """The body a plan's task belongs to when the task itself does not name it.

    Plans assign tasks under one heading per body ("1. Công an tỉnh", then "Chủ trì,
    phối hợp … tham mưu …"): the sentence's subject is the heading. The heading's name
    (without its number, up to "chủ trì", ":" or "(") when the innermost heading names
    a body and the sentence does not open with a body of its own; "" otherwise.

    >>> heading_body("Chủ trì, phối hợp với các sở nghiên cứu tích hợp bài giảng.",
    ...              ("III. TỔ CHỨC THỰC HIỆN", "4. Sở Nội vụ"))
    'Sở Nội vụ'
    """
    if not section_path or names_body(quote) or _ASSISTS.match(quote):
        return ""
    heading = _HEADING_NUMBER.sub("", section_path[-1].strip(), count=1).strip(" *_:")
    if len(heading) > 120 or not names_body(heading):
        return ""
    heading = re.sub(r"^Đề nghị\s+", "", heading)
    return _HEADING_TAIL.split(heading, maxsplit=1)[0].strip(" ,;*_")
