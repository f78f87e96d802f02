"""Text typed in the VNI fonts (VNI-Times, VNI-Helve): detected and converted to Unicode.

Before Unicode, many provincial offices typed Vietnamese in the VNI fonts, which draw a
Vietnamese letter as a base letter followed by accent characters of Windows-1252:
"Baùo caùo keát quaû" is "Báo cáo kết quả", "ñòa baøn" is "địa bàn", "ngöôøi" is
"người". Copied out of such a document, or read from its .txt or DOCX, the text looks
like Latin-1 gibberish and would be indexed as such.

**Detection** counts the pairs a VNI letter is made of that Unicode Vietnamese never
writes: a vowel followed by VNI's grave, hook or dot-below mark ("aø", "oû", "eï", the
marks are ø û ï), an "a", "e" or "o" followed by the hook or dot of a circumflex letter
("eå", "oä") and an "a" followed by the tilde or dot of a breve letter ("aü", "aë").
None of these characters is a Vietnamese letter, and as pairs after a vowel they are rare
in other languages (German ö, ü, ä follow consonants). VNI text has about one such pair
in 11 letters; the bundled and evaluation reports have none (a test reads them all).

**Conversion** maps each VNI letter (one or two characters) back to its Unicode letter,
from the VNI Windows table that Vietnamese keyboard drivers (Unikey, xvnkb) use. Over a
whole text it is exact: every real report, written in VNI and read back, is the same
text to the character (a test checks it). A text that also holds Unicode Vietnamese
letters (a VNI document with a heading typed in Unicode) is refused instead: there a
Unicode "ó" or "ô" would be read as VNI's "ĩ" or "ơ".

Hand-written because no maintained package on PyPI converts VNI font text: the one named
for VNI (``vniencoder``) converts the VNI *typing method* ("bi1" -> "bí"), not the font
encoding, and charset-normalizer reads such text as valid Windows-1252.
"""

from __future__ import annotations

import re

from hoidap.errors import IngestError

# The VNI Windows code of each Vietnamese letter: tones in the order none, sắc, huyền,
# hỏi, ngã, nặng; capitals first, then the same for lower case.
_UPPER = (
    "A AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË E EÙ EØ EÛ EÕ EÏ EÂ EÁ EÀ EÅ EÃ EÄ "
    "O OÙ OØ OÛ OÕ OÏ OÂ OÁ OÀ OÅ OÃ OÄ Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ U UÙ UØ UÛ UÕ UÏ Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ "
    "I Í Ì Æ Ó Ò Y YÙ YØ YÛ YÕ Î Ñ"
)
_LETTERS_UPPER = "AÁÀẢÃẠÂẤẦẨẪẬĂẮẰẲẴẶEÉÈẺẼẸÊẾỀỂỄỆOÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢUÚÙỦŨỤƯỨỪỬỮỰIÍÌỈĨỊYÝỲỶỸỴĐ"
_CODES = dict(
    zip(
        _UPPER.split() + _UPPER.lower().split(),
        _LETTERS_UPPER + _LETTERS_UPPER.lower(),
        strict=True,
    )
)
# Codes that are a letter unchanged ("A", "í") map to themselves and need no entry.
FROM_VNI = {code: letter for code, letter in _CODES.items() if code != letter}
TO_VNI = {letter: code for code, letter in _CODES.items() if code != letter}
# Two-character codes first, so "ôù" is read as "ớ", not "ơ" and a stray "ù".
_CODE = re.compile("|".join(sorted(map(re.escape, FROM_VNI), key=len, reverse=True)))
# The pairs described in the module docstring.
_SIGNATURE = re.compile(
    "[aeouyôöAEOUYÔÖ][øûïØÛÏ]|[aeoAEO][åäÅÄ]|[aA][üëÜË]",
)
# Letters of Unicode Vietnamese that a VNI text never holds.
_UNICODE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
MIN_PAIRS = 8
MIN_RATE = 0.01  # of the text's letters


def is_vni(text: str) -> bool:
    """Whether ``text`` is Vietnamese written in VNI font codes, not Unicode.

    >>> is_vni("Baùo caùo keát quaû thöïc hieän coâng taùc phoøng, choáng dòch treân ñòa baøn "
    ...        "tænh; tyû leä ngöôøi daân ñöôïc tieâm vaéc xin ñaït 98%")
    True
    >>> is_vni("Báo cáo kết quả thực hiện công tác phòng, chống dịch trên địa bàn tỉnh; tỷ lệ "
    ...        "người dân được tiêm vắc xin đạt 98%")
    False
    """
    pairs = len(_SIGNATURE.findall(text))
    if pairs < MIN_PAIRS:
        return False
    letters = sum(1 for ch in text if ch.isalpha())
    return pairs >= MIN_RATE * max(letters, 1)


def from_vni(text: str) -> str:
    """``text`` (VNI codes) in Unicode; characters that are no VNI code are kept.

    >>> from_vni("Baùo caùo keát quaû treân ñòa baøn tænh Caø Mau")
    'Báo cáo kết quả trên địa bàn tỉnh Cà Mau'
    """
    return _CODE.sub(lambda m: FROM_VNI[m.group()], text)


def to_vni(text: str) -> str:
    """``text`` (Unicode, NFC) in VNI codes: what a VNI font document holds."""
    return "".join(TO_VNI.get(ch, ch) for ch in text)


def has_unicode_vietnamese(text: str) -> bool:
    """Whether ``text`` holds letters only Unicode Vietnamese writes ("ă", "đ", "ế", ...)."""
    return _UNICODE_ONLY.search(text) is not None


def mixed_error(name: str) -> IngestError:
    """The error for VNI text mixed with Unicode Vietnamese, which cannot be converted
    safely as a whole."""
    return IngestError(
        name,
        "văn bản gõ bằng bảng mã VNI (phông VNI-Times) lẫn với Unicode / the text is in the "
        "old VNI font encoding (VNI-Times) mixed with Unicode text",
        "chuyển cả văn bản sang Unicode bằng công cụ chuyển mã của Unikey (nguồn VNI Windows, "
        "đích Unicode) rồi lưu lại / convert the whole text to Unicode with Unikey's converter "
        "(source VNI Windows, target Unicode) and save it again",
    )
