"""Qualifiers that tell near-identical figures apart: phase, dose, wave, round, age group,
and whether a figure is a current stock or a running total.

Reports give the same measure for "giai đoạn 2" and "giai đoạn 4", "mũi 1" and
"mũi 3", "từ 12 đến dưới 18 tuổi" and "từ 18 tuổi trở lên". A sentence that names
another phase or dose than the one asked is not the answer, however well it
matches otherwise; one that names the same is. Matching runs on folded text.
"""

from __future__ import annotations

import re

from hoidap.memo import bytes_cache
from hoidap.text import DASH

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_WORDS = {
    "mot": "1",
    "hai": "2",
    "ba": "3",
    "bon": "4",
    "tu": "4",
    "nam": "5",
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "nhat": "1",
}

_KINDS = {
    "giai doan": "phase",
    "phase": "phase",
    "stage": "phase",
    "mui": "dose",
    "dose": "dose",
    "dot dich": "wave",
    "dot": "wave",
    "wave": "wave",
    "lan": "round",
    "round": "round",
    "tang": "tier",
    "tier": "tier",
    "so": "designation",
    "number": "designation",
}
_QUALIFIER = re.compile(
    r"\b(giai doan|phase|stage|mui|dose|dot dich|dot|wave|lan|round|tang|tier|so|number)"
    r"\s+(?:thu\s+)?(\d{1,2}|iv|iii|ii|i|v|mot|hai|ba|bon|nam|nhat)\b(?![.,]\d)"
)
# Documents are told apart by their number: "Chỉ thị 16" is not "Chỉ thị số 15/CT-TTg".
_DOCUMENT = re.compile(
    r"\b(chi thi|nghi quyet|quyet dinh|ke hoach|cong van|thong bao|directive|resolution|decision)"
    r"\s+(?:so\s+|no\.?\s*)?(\d{1,5})\b(?![.,]\d)"
)
# "Đợt phân bổ đầu tiên", "lần đầu": the first one.
_FIRST = re.compile(r"\b(giai doan|mui|dot dich|dot|lan)\s+(?:[a-z]+\s+){0,4}?(?:dau tien|dau)\b")
# The English words of one dose, which the glossary reads as the reports' "mũi" / "liều" too
# (tests/unit/test_qa_glossary.py): a word read here as a dose and not glossed left "their
# fourth COVID-19 shot" unread as a topic while its dose was read.
DOSE_WORDS_EN = ("dose", "shot", "jab", "injection")
# "third dose", "3rd shot", "booster (third) dose", "third (booster) COVID-19 dose".
_ORDINAL_EN = re.compile(
    r"\(?\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\)?\s+"
    r"(?:\(?[a-z][a-z0-9-]*\)?\s+)?(?:(?:covid-19|vaccine)\s+)?"
    r"(" + "|".join(("phase", "wave", "round", *DOSE_WORDS_EN)) + r")s?\b"
)
# A COVID-19 report's contact tiers: F0 a confirmed case, F1 its close contact, F2 a
# contact of an F1 ("5.779 F0; 43.469 F1; 117.679 F2"). One sentence lists the tiers side by
# side, and a question asking F2 is not answered by the F0 beside it.
_CONTACT = re.compile(r"\bf([0-4])\b(?![.,]\d)")


def contact_tier(word: str) -> str:
    """The tier of a folded unit word ("f2" → "2"), "" for any other word.

    >>> contact_tier("f2"), contact_tier("ca")
    ('2', '')
    """
    return word[1] if len(word) == 2 and _CONTACT.fullmatch(word) else ""


_ORDINAL_DIGITS = {"1st": "1", "2nd": "2", "3rd": "3", "4th": "4", "5th": "5"}
# A dose written as how many doses a person has had: "tiêm đủ 2 mũi" (fully, two doses) is
# dose 2, "ít nhất 1 mũi" dose 1, "received two doses" dose 2. A count of shots given
# ("đã tiêm 1.200 mũi") is a figure, not this: one digit only, after "đủ", "ít nhất" or a
# number word in English.
# Folded, shared with the figures (whose number it is) and the scope (which shows it).
DOSE_OPENING = r"\b(?:du|it nhat)"
DOSES_VI = DOSE_OPENING + r"\s+(\d|mot|hai|ba|bon)\s+mui\b"
_DOSES = re.compile(
    DOSES_VI + r"(?![.,]\d)"
    r"|\b(?:at least\s+)?(one|two|three|four)\s+(?:vaccine\s+|covid-19\s+)?doses?\b"
)
_COUNT_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}
# English says a dose as a shot, a jab or an injection.
_ORDINAL_KINDS = {"shot": "dose", "jab": "dose", "injection": "dose"}
# An age group, "12-17" or "18+", its upper bound inclusive: "từ 5 đến dưới 12 tuổi" and
# "5-11 year olds" are one group, "5-11". Reports and questions write a range's dash as
# "-", "–" or "—" (hoidap.text.DASH).
_TO = rf"(?:den|{DASH}|to)"
_AGE_RANGES = (
    re.compile(
        rf"(?:tu|from|aged)\s+(?P<lo>\d{{1,2}})\s*(?:tuoi\s+)?{_TO}\s*"
        r"(?P<under>duoi\s+|under\s+)?(?P<hi>\d{1,2})"
    ),
    # "12–17 year olds", "5-11 years old", "trẻ 12 - 17 tuổi".
    re.compile(
        rf"\b(?P<lo>\d{{1,2}})\s*(?:{DASH}|to)\s*(?P<under>under\s+)?(?P<hi>\d{{1,2}})"
        r"(?:[\s-]*years?[\s-]*olds?|\s*tuoi)\b"
    ),
)
_AGE_UP = (
    re.compile(
        r"(\d{1,2})\s*tuoi\s+tro\s+len|(\d{1,2})\s*(?:years?\s+)?(?:and|or)\s+(?:older|above|over)"
    ),
    re.compile(r"\baged\s+(\d{1,2})\s*\+"),
    # "người trên 18 tuổi", "≥ 18 tuổi", "over 18 years": reports write the adults' group so too.
    re.compile(
        rf"(?:\btren|≥|>=|\bover|\babove)\s*(\d{{1,2}})\s*(?:tuoi|years?)\b(?!\s*{_TO}\s*\d)"
    ),
    # "aged over 18", "people over 18": an age only after a word for people (a bare "over 50"
    # may be a count: "over 50 cases").
    re.compile(
        r"\b(?:aged|people|persons|adults|residents|citizens|individuals|those|everyone)\s+"
        r"(?:over|above)\s+(\d{1,2})\b(?![.,]?\d)"
    ),
)


# Whether a figure is a stock now ("hiện còn 1.113 người đang cách ly") or a running
# total ("lũy tích ... 46.527 người"): the same words, different figures.
_CURRENT = re.compile(
    r"\bhien (?:con|dang|co)\b|\bcon dang\b|\bdang (?:dieu tri|cach ly|theo doi|phong toa)\b"
    r"|\bcurrently\b|\bstill\b|\bremain"
)
_TOTAL = re.compile(
    r"\bluy (?:ke|tich)\b|\bcong don\b|\btinh chung\b|\btong cong\b|\bcumulative"
    r"|\bin total\b|\baltogether\b"
)


@bytes_cache(3 << 20)  # ~1.9 MB for the bundled corpus's sentences
def _qualifiers(folded: str) -> frozenset[tuple[str, str]]:
    return frozenset(scan_qualifiers(folded))


def find_qualifiers(folded: str) -> set[tuple[str, str]]:
    """``{("phase", "4"), ("dose", "3"), ("age", "12-17")}`` for a folded text (cached)."""
    return set(_qualifiers(folded))


def scan_qualifiers(folded: str) -> set[tuple[str, str]]:
    """``{("phase", "4"), ("dose", "3"), ("age", "12-17")}`` for a folded text.

    >>> sorted(scan_qualifiers("tong so truong hop 5.779 f0; 43.469 f1"))
    [('contact', '0'), ('contact', '1')]
    """
    found: set[tuple[str, str]] = set()
    for m in _QUALIFIER.finditer(folded):
        value = m.group(2)
        value = _ROMAN.get(value, _WORDS.get(value, value))
        found.add((_KINDS[m.group(1)], value.lstrip("0") or "0"))
    for m in _FIRST.finditer(folded):
        found.add((_KINDS[m.group(1)], "1"))
    for m in _DOCUMENT.finditer(folded):
        kind = {"directive": "chi thi", "resolution": "nghi quyet", "decision": "quyet dinh"}.get(
            m.group(1), m.group(1)
        )
        found.add((kind, m.group(2).lstrip("0") or "0"))
    for m in _DOSES.finditer(folded):
        said = m.group(1) or m.group(2)
        found.add(("dose", _WORDS.get(said) or _COUNT_WORDS.get(said) or said))
    for m in _ORDINAL_EN.finditer(folded):
        order = _WORDS.get(m.group(1)) or _ORDINAL_DIGITS[m.group(1)]
        found.add((_KINDS.get(m.group(2)) or _ORDINAL_KINDS[m.group(2)], order))
    found.update(("contact", m.group(1)) for m in _CONTACT.finditer(folded))
    current, total = _CURRENT.search(folded), _TOTAL.search(folded)
    if current and not total:
        found.add(("status", "current"))
    elif total and not current:
        found.add(("status", "total"))
    for pattern in _AGE_RANGES:
        for m in pattern.finditer(folded):
            high = int(m["hi"]) - (1 if m["under"] else 0)
            found.add(("age", f"{int(m['lo'])}-{high}"))
    for pattern in _AGE_UP:
        for m in pattern.finditer(folded):
            found.add(("age", f"{int(next(g for g in m.groups() if g))}+"))
    return found


def agreement(asked: set[tuple[str, str]], said: set[tuple[str, str]]) -> float:
    """+1 per asked qualifier the text names, -1 per asked kind it names only otherwise."""
    score = 0.0
    for kind, value in asked:
        values = {v for k, v in said if k == kind}
        if value in values:
            score += 1.0
        elif values:
            score -= 1.0
    return score
