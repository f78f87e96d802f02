"""What an entity question expects its answer to name.

"Theo văn bản nào?" is answered by a sentence that cites a document ("Công điện số
03/CĐ-UBND"), "công ty nào?" by one that names a company, "ở đâu?" by a place; a
sentence that only repeats the question's words does not answer it. Cues are matched
on the folded question, expectations on the sentence as written (capitals mark names).
"""

from __future__ import annotations

import re

_EXPECT: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(
            r"\bvan ban nao\b|\btheo van ban\b|\b(?:quyet dinh|chi thi|cong van|nghi quyet|"
            r"ke hoach|thong bao|cong dien) (?:nao|so may)\b|\bwhich (?:document|decision|"
            r"directive|plan)\b|\bso hieu\b"
        ),
        re.compile(
            r"\b(?:Quyết định|Chỉ thị|Công điện|Thông báo|Nghị quyết|Kế hoạch|Công văn|"
            r"Văn bản|Luật)\s+(?:số\s*:?\s*)?\d|\b\d+\s*[-/]\s*[A-ZĐ]{2,}"
        ),
    ),
    (
        re.compile(r"\b(?:cong ty|doanh nghiep) nao\b|\bwhich (?:company|companies|business)"),
        re.compile(r"\b(?:Công ty|công ty|Doanh nghiệp)\s+[A-Z0-9]"),
    ),
    (
        re.compile(r"\bbenh vien nao\b|\bwhich hospital\b|\bco so nao\b"),
        re.compile(r"\b(?:Bệnh viện|bệnh viện|Trung tâm|cơ sở)\s+[A-ZĐ0-9]"),
    ),
    (
        re.compile(
            r"\bo dau\b|\bnoi nao\b|\bdia diem nao\b|\b(?:huyen|xa|tinh|thanh pho) nao\b"
            r"|\bwhere\b|\bwhich (?:district|commune|locality|localities)\b"
        ),
        re.compile(
            r"\b(?:huyện|xã|thị xã|thành phố|thị trấn|phường|tại|ở|Trụ sở|trụ sở)\s+[A-ZĐ0-9]"
        ),
    ),
    (
        re.compile(
            r"\bai\b|\bwho\b|\bco quan nao\b|\bdon vi nao\b|\bwhich (?:agency|department|unit)\b"
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
