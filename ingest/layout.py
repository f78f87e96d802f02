"""Bố cục văn bản / a document's parts: which part of the document each line is in.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I) share one layout,
and the part a line sits in says what the line can answer:

- ``letterhead``: the issuing body, the national motto, "Số: 141/KH-UBND", "<place>, ngày …";
- ``title``: the document's kind ("KẾ HOẠCH", "QUYẾT ĐỊNH") and its subject line (trích yếu),
  the enacting body of a decision ("ỦY BAN NHÂN DÂN TỈNH …");
- ``preamble``: the lines before the body that say why and on whose proposal the document is
  written ("Căn cứ …", "Thực hiện Chỉ thị số …", "Theo đề nghị của …", "Xét …"), with the
  enacting line ("UBND tỉnh ban hành Kế hoạch … như sau:", "QUYẾT ĐỊNH:");
- ``body``: the sections, articles and items;
- ``closing``: "Trên đây là Kế hoạch …" to the end of the body (what to do "trong quá trình
  thực hiện" when difficulties arise);
- ``recipients``: "Nơi nhận:" and its list; ``signature``: the signature block;
- ``annex_head``: the heading of what is issued with the document ("(Kèm theo Quyết định số
  …)", "PHỤ LỤC", the attached plan's kind and subject line), and ``annex``: its content.

A question about the document itself (its basis, number, issuer, signer, date) is answered
from the first parts; a question about what the document decides, plans or reports, from the
body and the annex (``qa`` matches the two). A report with no letterhead and no basis lines
(the bundled COVID reports start with their title) is title and body.

>>> read_parts(["Số: 12/KH-UBND", "Lai Châu, ngày 3 tháng 2 năm 2025", "KẾ HOẠCH",
...             "TRIỂN KHAI CHUYỂN ĐỔI SỐ", "Căn cứ Luật …;", "I. MỤC ĐÍCH", "Tiêm 100 liều.",
...             "Trên đây là Kế hoạch …", "Nơi nhận:", "- Như trên;", "CHỦ TỊCH"])
('letterhead', 'letterhead', 'title', 'title', 'preamble', 'body', 'body', 'closing', \
'recipients', 'recipients', 'signature')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoidap.text import strip_markdown

PARTS = (
    "letterhead",
    "title",
    "preamble",
    "body",
    "closing",
    "recipients",
    "signature",
    "annex_head",
    "annex",
)

# How far down the letterhead and title may reach (the subject line can wrap).
_HEAD_LINES = 40
_KINDS = (
    r"KẾ HOẠCH|QUYẾT ĐỊNH|BÁO CÁO|THÔNG BÁO|CHỈ THỊ|NGHỊ QUYẾT|CÔNG VĂN|TỜ TRÌNH|QUY ĐỊNH"
    r"|QUY CHẾ|CHƯƠNG TRÌNH|ĐỀ ÁN|HƯỚNG DẪN|KẾT LUẬN|CÔNG ĐIỆN|PHỤ LỤC|DANH MỤC"
)
_KIND_LINE = re.compile(rf"^(?:#+\s*)?(?:{_KINDS})(?:\s+(?:[IVXLC]+|\d+))?\s*:?$")
_LETTERHEAD = re.compile(
    r"^(?:Số\s*:|CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP)|,\s*ngày\s+\d{1,2}\s+tháng|^V/v\b|^Kính gửi"
)
# A basis or proposal line of the preamble, as the documents open them.
# "Để …" and "Triển khai …" open body sentences too ("Để đảm bảo …"): a basis only when they
# name the document they carry out.
_BASIS = re.compile(
    r"^(?:Căn cứ|Thực hiện|Thi hành|Theo đề nghị|Xét đề nghị|Xét|Trên cơ sở)\b"
    rf"|^(?:Để|Triển khai)\b.*\b(?:số\s+\d|(?i:{_KINDS}|Luật|Nghị định|Thông tư))\b"
)
# The enacting line that ends the preamble of a decision ("QUYẾT ĐỊNH:").
_ENACTING = re.compile(rf"^(?:{_KINDS})\s*:$|(?:như sau|nội dung sau|sau đây)\s*[:.]?$")
_HEADING = re.compile(
    r"^(?:#+\s*)?(?:[IVXLC]{1,6}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][)]|Điều\s+\d"
    r"|(?:Chương|CHƯƠNG|Mục|MỤC)\s+(?:[IVXLC]{1,6}|\d{1,2})\b|(?:Phần|PHẦN)\s+(?:thứ|THỨ|[IVXLC]|\d))"
)
_CLOSING = re.compile(r"^Trên đây là\b")
# "Nơi nhận:" alone or before its first recipient; not "Nơi nhận hồ sơ: …" of the body.
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(?:$|[-–•+])", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^(?:TM|KT|TL|TUQ|Q)\s*\.|^(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|TRƯỞNG BAN|BÍ THƯ"
    r"|CHÁNH VĂN PHÒNG|THỦ TRƯỞNG|CHỦ NHIỆM)\b|^\((?:Đã ký|Ký)\b"
)
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,5}$")
_FOOTNOTE = re.compile(r"^\[\d{1,3}\]")
_ANNEX = re.compile(r"^\(?(?:Kèm theo|Ban hành kèm theo)\b", re.IGNORECASE)


def _plain(line: str) -> str:
    return " ".join(strip_markdown(line).replace("\\", " ").replace("*", " ").split()).strip()


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def read_parts(lines: Sequence[str]) -> tuple[str, ...]:
    """The part of each line (``PARTS``), in order; blank lines take the part before them."""
    plain = [_plain(x) for x in lines]
    parts = ["body"] * len(plain)
    n = len(plain)
    # Letterhead and title: up to the kind line and the subject lines after it.
    kind_at = _kind_line(plain)
    start = 0
    if kind_at is not None:
        head = [i for i in range(kind_at) if plain[i]]
        # Before the kind line: the letterhead when it has one, else a title's first line.
        letterhead = any(_LETTERHEAD.search(plain[i]) for i in head)
        for i in range(kind_at):
            parts[i] = "letterhead" if letterhead else "title"
        start = kind_at
        i, offset = kind_at, 0
        while i < n and (not plain[i] or i == kind_at or _title_line(plain[i], offset)):
            offset += bool(plain[i]) and i > kind_at
            parts[i] = "title"
            i += 1
        start = i
    else:
        i = 0
        while i < min(n, _HEAD_LINES) and (not plain[i] or _LETTERHEAD.search(plain[i])):
            parts[i] = "letterhead"
            i += 1
        start = i if any(p == "letterhead" for p in parts[:i]) else 0
        if not start:
            parts[:i] = ["body"] * i
    # Preamble: basis lines and the enacting line, until the first other line.
    i = start
    seen = False
    last = ""
    while i < n:
        line = plain[i]
        if not line:
            parts[i] = "preamble" if seen else parts[i]
            i += 1
            continue
        wrapped = seen and not last.endswith((";", ".", ":"))  # a basis broken over lines
        if _HEADING.match(line) or not (_BASIS.match(line) or _ENACTING.search(line) or wrapped):
            break
        last = line
        parts[i] = "preamble"
        seen = True
        i += 1
        if _ENACTING.search(line):
            break
    body_start = i
    # Recipients and signature: from "Nơi nhận" on, until what is issued with the document.
    end = n
    recipients_at = next((j for j in range(body_start, n) if _RECIPIENTS.match(plain[j])), None)
    if recipients_at is not None:
        j = recipients_at
        while j < n:
            line = plain[j]
            if line and j > recipients_at and _annex_start(line):
                break
            if _FOOTNOTE.match(line):
                parts[j] = "body"  # a footnote of the body printed after the signature
            elif line and (_SIGNATURE.search(line) or (_NAME.match(line) and len(line) < 40)):
                parts[j] = "signature"
            elif not line and j > recipients_at:
                parts[j] = parts[j - 1]
            else:
                parts[j] = "recipients"
            j += 1
        end = recipients_at
        # What is issued with the document: its heading lines, then its content.
        if j < n:
            k = j
            while k < n and (not plain[k] or _annex_start(plain[k]) or _is_caps(plain[k])):
                if _HEADING.match(plain[k]):
                    break
                parts[k] = "annex_head"
                k += 1
            for m in range(k, n):
                parts[m] = "annex"
    # Closing: "Trên đây là …" to the recipients, when no heading follows it.
    for j in range(body_start, end):
        if _CLOSING.match(plain[j]) and not any(_HEADING.match(x) for x in plain[j:end]):
            for m in range(j, end):
                parts[m] = "closing"
            break
    # A "(Kèm theo …)" line in the body points at an annex, as a basis line points at a law.
    for j in range(body_start, end):
        if _ANNEX.match(plain[j]):
            parts[j] = "annex_head"
    return tuple(parts)


def _kind_line(plain: Sequence[str]) -> int | None:
    """Where the kind line ("KẾ HOẠCH", "QUYẾT ĐỊNH") is, among the head lines before the
    first heading or body sentence: a "PHỤ LỤC" or "DANH MỤC" further down is the body's."""
    for i in range(min(len(plain), _HEAD_LINES)):
        line = plain[i]
        if _KIND_LINE.match(line):
            return i
        if _HEADING.match(line) or (len(line) > 100 and line.endswith((".", ";"))):
            return None
    return None


def _title_line(line: str, offset: int) -> bool:
    """A subject or enacting-body line right after the kind line: capitals, or the first
    line of a subject written in sentence case ("Đánh giá kết quả …" of a report)."""
    if _BASIS.match(line) or _HEADING.match(line):
        return False
    if line.startswith("Kính gửi"):
        return True
    return _is_caps(line) or (offset < 2 and not line.endswith((".", ":", ";")))


def _annex_start(line: str) -> bool:
    return bool(_ANNEX.match(line) or _KIND_LINE.match(line))
