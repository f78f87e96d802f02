"""Document facts beyond the header line: issuer, place, signer, recipients, legal bases,
cited documents, and the subject line's casing.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I) share one
layout: the issuing body top left ("ỦY BAN NHÂN DÂN / TỈNH BẮC NINH"), "Số: 141/KH-UBND",
"<place>, ngày ... tháng ... năm ...", the document type and its subject line (trích yếu,
often ALL CAPS), "Căn cứ ..." lines, the body, "Nơi nhận:" with its list, and the
signature block ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name).

>>> sentence_case("KẾ HOẠCH PHÁT TRIỂN 5G TRÊN ĐỊA BÀN TỈNH ĐẮK LẮK GIAI ĐOẠN 2026 - 2030")
'Kế hoạch phát triển 5G trên địa bàn tỉnh Đắk Lắk giai đoạn 2026 - 2030'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hoidap.text import strip_markdown
from ingest.provinces import find_provinces

# No maintained Vietnamese truecaser exists (underthesea has none), so an ALL-CAPS subject
# line is lowercased and these proper names, the province names and codes are restored.
_PROPER = (
    "Thủ tướng Chính phủ",
    "Phó Thủ tướng",
    "Văn phòng Chính phủ",
    "Chính phủ",
    "Quốc hội",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Trung ương",
    "Việt Nam",
    "Bộ Tài chính",
    "Bộ Nội vụ",
    "Bộ Công an",
    "Bộ Y tế",
    "Bộ Xây dựng",
    "Bộ Khoa học và Công nghệ",
    "Bộ Nông nghiệp và Môi trường",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Thành phố Hồ Chí Minh",
)
_ABBREVIATIONS = {"UBND", "HĐND", "COVID", "IOT", "MTTQ", "CNTT", "AI", "ĐBQH"}
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_ROMAN = re.compile(r"^[IVXLC]{2,6}$")
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.\s*", re.IGNORECASE)
_OFFICE_WORDS = re.compile(
    r"\b(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|CHỦ NHIỆM|TRƯỞNG BAN|THỦ TRƯỞNG|CHÁNH VĂN PHÒNG|"
    r"TRƯỞNG|BÍ THƯ|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|VIỆN TRƯỞNG)\b"
)
_CLOSING = re.compile(r"^nơi nhận\s*:?", re.IGNORECASE)
_NATIONAL = re.compile(r"^(?:CỘNG HÒA|CỘNG HOÀ|Độc lập|ĐỘC LẬP)")
_DOC_WORD = (
    r"(?:Hiến pháp|Luật|Bộ luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định|Thông tư liên tịch|"
    r"Thông tư|Chỉ thị|Kế hoạch hành động|Kế hoạch|Chương trình hành động|Chương trình|"
    r"Kết luận|Thông báo kết luận|Thông báo|Công văn|Văn bản|Hướng dẫn|Báo cáo|Tờ trình|"
    r"Quy định|Đề án|Công điện)"
)
_DOC_NUMBER = r"\d+(?:\.\d+)?(?:/\d{4})?(?:/|-)[A-ZĐ][A-ZĐa-zđ0-9&]*(?:[-/][A-ZĐa-zđ0-9&]+)*"
_CITED = re.compile(
    rf"\b({_DOC_WORD})\s+(?:số\s+)?({_DOC_NUMBER})"
    r"(?:\s*,?\s*ngày\s+(\d{1,2}\s*(?:/|tháng)\s*\d{1,2}\s*(?:/|năm)\s*\d{4}))?"
)


def _plain(line: str) -> str:
    return " ".join(strip_markdown(line).replace("\\", " ").replace("*", " ").split()).strip()


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _keep_upper(word: str) -> bool:
    core = word.strip("()“”\"'.,;:-–")
    if not core:
        return False
    if any(ch.isdigit() for ch in core) or "/" in core or core in _ABBREVIATIONS:
        return True
    if _ROMAN.match(core):
        return True
    letters = [ch.lower() for ch in core if ch.isalpha()]
    return len(letters) >= 2 and not any(ch in _VOWELS for ch in letters)


def sentence_case(text: str) -> str:
    """An ALL-CAPS line in sentence case, province and institution names kept capitalised."""
    text = " ".join(text.split())
    words = [w if _keep_upper(w) else w.lower() for w in text.split(" ")]
    out = " ".join(words)
    for m in find_provinces(text):
        tail = len(m.name)
        if m.end - m.start >= tail and out[m.end - tail : m.end].lower() == m.name.lower():
            out = out[: m.end - tail] + m.name + out[m.end :]
    for name in _PROPER:
        out = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", name, out, flags=re.IGNORECASE)
    out = re.sub(r"([“\"(])(\w)", lambda m: m[1] + m[2].upper(), out)
    return out[:1].upper() + out[1:]


def restore_case(line: str, body: str) -> str:
    """Give runs of 2-4 words of a sentence-cased line the casing the body uses most for
    them ("phạm thị thanh trà" -> "Phạm Thị Thanh Trà" when the text names her so)."""
    words = line.split(" ")
    lowered = body.lower()  # a substring test first: most runs are not in the body at all
    for i, word in enumerate(words):
        # Codes kept in capitals ("32/CT-TTG", "IOT") as the body writes them ("IoT").
        core = word.strip("()“”\"'.,;:")
        if core and _keep_upper(core) and core.upper() == core and core.lower() in lowered:
            pattern = re.compile(rf"(?<![\w/-]){re.escape(core)}(?![\w/-])", re.IGNORECASE)
            seen: dict[str, int] = {}
            for m in pattern.finditer(body):
                seen[m[0]] = seen.get(m[0], 0) + 1
            if seen:
                best = max(seen, key=lambda k: seen[k])
                words[i] = word.replace(core, best)
    for n in (4, 3, 2):
        for i in range(1, len(words) - n + 1):
            chunk = " ".join(words[i : i + n])
            if chunk != chunk.lower() or chunk not in lowered or not re.search(r"[^\W\d_]", chunk):
                continue
            pattern = re.compile(rf"(?<![\w.]){re.escape(chunk)}(?!\w)", re.IGNORECASE)
            counts: dict[str, int] = {}
            for m in pattern.finditer(body):
                before = body[max(0, m.start() - 2) : m.start()]
                if m.start() == 0 or before.endswith(("\n", ". ", "\n ")):
                    continue  # a sentence start is capitalised whatever the word
                counts[m[0]] = counts.get(m[0], 0) + 1
            if not counts:
                continue
            best = max(counts, key=lambda k: counts[k])
            if best != chunk and not _is_caps(best) and counts[best] > counts.get(chunk, 0):
                words[i : i + n] = best.split(" ")
    return " ".join(words)


def _office_case(text: str) -> str:
    """ "PHÓ CHỦ TỊCH" -> "Phó Chủ tịch", "CHỦ TỊCH" -> "Chủ tịch"."""
    words = sentence_case(text).split()
    if len(words) >= 2 and words[0].lower() == "phó":
        words[1] = words[1][:1].upper() + words[1][1:]
    return " ".join(words)


def issuer(preamble: Sequence[str]) -> str:
    """The issuing body from the top-left of the header ("Ủy ban nhân dân tỉnh Bắc Ninh")."""
    parts: list[str] = []
    for raw in preamble[:12]:
        for cell in raw.split("|"):
            line = _plain(cell)
            if not line:
                continue
            if _NATIONAL.match(line) or line.startswith(("Số", "---")):
                return _issuer_text(parts)
            if _is_caps(line) and len(line.split()) <= 12:
                parts.append(line)
            elif parts:
                return _issuer_text(parts)
            else:
                return ""
    return _issuer_text(parts)


def _issuer_text(parts: list[str]) -> str:
    if not parts:
        return ""
    from ingest.sections import DOC_KINDS

    if " ".join(parts) in DOC_KINDS:
        return ""
    text = " ".join(parts).replace("UỶ", "ỦY").replace("HOÀ", "HÒA")
    return sentence_case(text)


@dataclass(frozen=True)
class Signature:
    """The signature block: "KT. CHỦ TỊCH" (authority), "Phó Chủ tịch" (title), the name."""

    authority: str = ""
    title: str = ""
    name: str = ""


_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]+){1,5}$")


def _split_caps_name(line: str) -> tuple[str, str]:
    """ "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Thị Diệu Thúy" -> (caps part, name part)."""
    words = line.split()
    k = 0
    while k < len(words) and (_is_caps(words[k]) or not any(c.isalpha() for c in words[k])):
        k += 1
    return " ".join(words[:k]), " ".join(words[k:])


def signature(lines: Sequence[str]) -> Signature:
    """The first signature block after "Nơi nhận" (or in the last lines when there is none)."""
    start = next((i for i, x in enumerate(lines) if _CLOSING.match(_plain(x))), None)
    begin = start if start is not None else max(0, len(lines) - 40)
    for i in range(begin, len(lines)):
        line = _plain(lines[i])
        caps, _rest = _split_caps_name(line)
        if not caps or not (_AUTHORITY.match(caps) or _OFFICE_WORDS.search(caps)):
            continue
        if len(caps.split()) > 14:
            continue
        return _read_signature(lines, i)
    return Signature()


def _read_signature(lines: Sequence[str], i: int) -> Signature:
    caps_parts: list[str] = []
    name = ""
    seen = 0
    for j in range(i, min(len(lines), i + 16)):
        line = _plain(lines[j])
        if not line:
            continue
        seen += 1
        caps, rest = _split_caps_name(line)
        if caps:
            caps_parts.append(caps)
        if rest and _NAME.match(rest):
            name = rest
            break
        if (rest and rest[:1].isupper()) or seen > 8:
            break
    authority: list[str] = []
    title = ""
    for part in caps_parts:
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" on one line: the deputy's title starts at "PHÓ".
        pieces = re.split(r"\s+(?=PHÓ\s)", part) if _AUTHORITY.match(part) else [part]
        for piece in pieces:
            if _AUTHORITY.match(piece):
                authority.append(piece)
            else:
                title = piece
    return Signature(
        " ".join(authority).replace("UỶ", "ỦY"),
        _office_case(title) if title else "",
        name,
    )


_BULLET = re.compile(r"^[-+•–]\s*")


def recipients(lines: Sequence[str]) -> tuple[str, ...]:
    """ "Kính gửi: ..." and the "Nơi nhận:" list (without "Lưu: ..."), in order."""
    out: list[str] = []
    for i, raw in enumerate(lines[:60]):
        line = _plain(raw)
        m = re.match(r"^Kính gửi\s*:?\s*(.*)$", line)
        if m:
            if m[1]:
                out.append(m[1].rstrip(";.,"))
            for nxt in lines[i + 1 : i + 12]:
                item = _plain(nxt)
                if not item:
                    continue
                if not _BULLET.match(item):
                    break
                out.append(_BULLET.sub("", item).rstrip(";.,"))
            break
    start = next((i for i, x in enumerate(lines) if _CLOSING.match(_plain(x))), None)
    if start is None:
        return tuple(out)
    first = _CLOSING.sub("", _plain(lines[start])).strip()
    items: list[str] = [first] if first else []
    for raw in lines[start + 1 : start + 60]:
        line = _plain(raw)
        if not line:
            continue
        if _BULLET.match(line):
            items.append(_BULLET.sub("", line))
        elif items and len(line.split()) <= 4 and not _AUTHORITY.match(line):
            if not items[-1].rstrip().endswith((";", ",", ".")):
                items[-1] = f"{items[-1]} {line}"  # a list line broken in two ("Cổng" / "TTĐTCP;")
            # else a stray word between items ("Báo cáo" beside the list): skipped
        else:
            break
    for item in items:
        item = item.strip().rstrip(";.,").strip()
        if item and not re.match(r"^Lưu\s*:", item):
            out.append(item)
    return tuple(out)


def legal_bases(preamble: Sequence[str]) -> tuple[str, ...]:
    """The "Căn cứ ..." lines of the preamble, one per basis, emphasis removed."""
    out: list[str] = []
    current: list[str] = []
    for raw in preamble:
        line = _plain(raw)
        if not line:
            if current:
                out.append(" ".join(current))
                current = []
            continue
        if line.startswith("Căn cứ"):
            if current:
                out.append(" ".join(current))
            current = [line]
        elif current and not re.match(r"^[A-ZĐÀ-Ỹ]{2}", line) and not line.startswith("Xét"):
            current.append(line)  # a basis broken over two lines
        elif current:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return tuple(x.rstrip(";,. ").strip() for x in out)


def cited_documents(text: str, own_number: str = "") -> tuple[str, ...]:
    """Documents the text cites, as "Nghị quyết số 57-NQ/TW ngày 22/12/2024", first mention
    first, each number once, the document's own number left out."""
    plain = strip_markdown(text)
    seen: dict[str, str] = {}
    for m in _CITED.finditer(plain):
        number = m[2].rstrip("-/")
        if number == own_number or not re.search(r"[A-ZĐ]", number):
            continue
        date = " ".join(m[3].split()) if m[3] else ""
        entry = f"{m[1]} số {number}" + (f" ngày {date}" if date else "")
        if number not in seen or (date and "ngày" not in seen[number]):
            seen[number] = entry
    return tuple(seen.values())
