"""Which document an issue-date question asks about ("… ban hành / ký ngày nào?").

A question may name several documents: the report it is about and the documents that
report cites or carries out ("Kế hoạch 1026/KH-UBND triển khai Chỉ thị 32/CT-TTg; chỉ thị
này ban hành ngày nào?", "Theo Quyết định 2820, Quyết định 1711/QĐ-TTg được ký ngày nào?",
"Which Prime Minister's decision is cited by Decision 2820, and when was it issued?").
The date asked is the one of the document the verb is said of, read on folded text:

- the clause that holds the verb (split at ";", "?", ", " and ". ");
- in it, the first document named before the verb, else the first after it ("Nghệ An ban
  hành kế hoạch triển khai Chỉ thị 32 vào ngày nào?" asks the plan's date);
- a document named after a word that makes it the complement of another ("triển khai",
  "thực hiện", "căn cứ", "theo", "mà", "implements", "under", …) is not the subject;
- "chỉ thị này", "văn bản đó", "it" stand for a document named before; a document asked
  for ("chỉ thị nào", "which decree") is not known, so neither is its date;
- a clause that names none leaves the question's first (head) document.

``qa/document.py`` then states a held report's letterhead date only when that document is
the report (its number, its kind, and no issuer the report is not, such as "của Thủ tướng"
for a provincial plan); another document's date is the one written with its number in the
reports that cite it, or no answer (the body text would often give the letterhead date).

>>> issue_subject(fold("ke hoach 1026 trien khai chi thi 32/ct-ttg; chi thi nay ky khi nao")).kind
'chỉ thị'
>>> issue_subject(fold("nghe an ban hanh ke hoach trien khai chi thi 32 vao ngay nao")).kind
'kế hoạch'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoidap.text import fold, nfc
from qa.basis import alternation as basis_words
from qa.document import CODE, CODE_KINDS, FIELD_PATTERNS, KINDS
from qa.document_kinds import CITED_KINDS

# Kinds of document a question may name, folded, with the kind they mean: the kinds the
# reports are (``qa.document.KINDS``) and the kinds they only cite (the `cited` rows of
# qa/data/document_kinds.tsv). "văn bản" / "document" is any kind ("").
_MENTION_KINDS: tuple[tuple[str, str], ...] = (*KINDS, *CITED_KINDS)
_KIND_WORD = re.compile("|".join(f"(?:{p})" for p, _ in _MENTION_KINDS))
_KIND_OF = tuple((re.compile(p), k) for p, k in _MENTION_KINDS)
# Between a kind word and its number: nothing, "số", "No.", "number", or two words before
# "số" ("Chương trình hành động số 01/CTr-UBND").
_BETWEEN = re.compile(r"\s*(?:(?:[a-z]+\s+){0,2}(?:so|no\.?|number)\s*)?")
# A bare number after a kind word ("Quyết định 855", "plan No. 7360"), not a year's.
_NUMBER_AFTER = re.compile(r"\s*(?:so\s+|no\.?\s*|number\s+)?(\d{1,5}(?:/\d{4})?)\b(?!\s*/)")
# Words that make the document named next the complement of another ("kế hoạch triển khai
# Chỉ thị 32", "căn cứ Nghị định 45", "the plan that Decision 2820 implements").
_COMPLEMENT = re.compile(
    r"(?:\b" + basis_words() + r"|\bma|\bthay"
    r"|\bkem(?: theo)?|\bimplement\w*|\bunder|\bpursuant to|\bbased on|\bcited (?:in|by)"
    r"|\bcites?|\bcarr(?:y|ies|ying) out|\bthat|\()(?:\s+[a-z0-9'.-]+){0,3}\s*$"
)
_ASKED = re.compile(
    r"^\s*(?:[a-z0-9/.-]+\s+){0,2}?(?:(?<!ngay )(?<!khi )(?<!diem )nao|so may|so bao nhieu)\b"
)
_WHICH = re.compile(r"\bwhich\s+(?:[a-z0-9'/.-]+\s+){0,4}$")
# Read on the question as written, lower-case: folded "đó" (that) is "do" (by), as in "kế
# hoạch do Sở Y tế xây dựng". A question written without accents (or known only folded)
# cannot tell them apart: there "do" is read as "đó", the likelier after a kind word.
_ANAPHOR = re.compile(r"^\s*(?:này|đó|trên|ấy|nói trên)\b")
_ANAPHOR_FOLDED = re.compile(r"^\s*(?:nay|do|tren|ay|noi tren)\b")
_ANAPHOR_BEFORE = re.compile(r"\b(?:this|that|the said|the same)\s+$")
_PRONOUN = re.compile(r"\bit\b")
_CLAUSE = re.compile(r"[;?!]|,\s|\.\s")
_ISSUE = FIELD_PATTERNS["issued"]

# Issuers a provincial report is not: who issued the document named ("của Thủ tướng",
# "Prime Minister's decision", "Bộ Tài chính ban hành"), with the folded words a report's
# issuer or title would carry if it were theirs.
_ISSUERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bthu tuong\b|\bprime minister"), "thu tuong"),
    (re.compile(r"\bchinh phu\b|\bgovernment\b"), "chinh phu"),
    (re.compile(r"\bbo chinh tri\b|\bpolitburo\b"), "bo chinh tri"),
    (re.compile(r"\btrung uong\b|\bcentral committee\b|\bparty central\b"), "trung uong"),
    (re.compile(r"\bquoc hoi\b|\bnational assembly\b"), "quoc hoi"),
    (re.compile(r"\btinh uy\b|\bthanh uy\b|\bparty committee\b"), "tinh uy"),
    (re.compile(r"\bhdnd\b|\bhoi dong nhan dan\b|\bpeople'?s council\b"), "hoi dong nhan dan"),
    (
        re.compile(
            r"\bbo (?:tai chinh|y te|noi vu|xay dung|cong an|quoc phong|giao duc|khoa hoc"
            r"|cong thuong|nong nghiep|tu phap|ke hoach va|ngoai giao|van hoa|lao dong"
            r"|tai nguyen|thong tin|giao thong|dan toc)\b"
            r"|\bministry\b|\bminister\b(?<!prime minister)"
        ),
        "bo ",
    ),
)


@dataclass(frozen=True)
class Mention:
    """A document the question names: where, its kind ("" for any), its number as written
    (folded, "" when none), and whether it is asked for ("chỉ thị nào") or stands for one
    named before ("chỉ thị này")."""

    start: int
    end: int
    kind: str
    number: str = ""
    complement: bool = False
    asked: bool = False
    anaphor: bool = False


# The subject is a document asked for ("which decree …, and when was it issued?"): which
# one is not known, so neither is its date.
ASKED = Mention(-1, -1, "", asked=True)
# The subject is another document, but not surely which one (``qa.document``): no date.
UNSURE = Mention(-1, -1, "")


def _kind(words: str) -> str:
    return next((k for p, k in _KIND_OF if p.search(words)), "")


def _lower(folded: str, text: str) -> str:
    """``text`` lower-case and single-spaced, so that its positions are ``folded``'s; the
    folded text itself when they are not (or no text is given)."""
    lower = re.sub(r"\s+", " ", nfc(text).lower()).strip()
    return lower if len(lower) == len(folded) and fold(lower) == folded else folded


def mentions(folded: str, text: str = "") -> list[Mention]:
    """The documents a folded question names, in order: a kind word with the number that
    follows it, or a number alone ("57-NQ/TW", kind from its code when it says). ``text``:
    the question as written, which tells "đó" (that) from "do" (by)."""
    lower = _lower(folded, text)
    anaphor = _ANAPHOR if lower != folded else _ANAPHOR_FOLDED
    out: list[Mention] = []
    codes = [m for m in CODE.finditer(folded) if re.search(r"[a-z]", m[3])]
    codes = [m for m in codes if m[3] not in {"nam", "thang", "ngay"}]
    used: set[int] = set()
    for m in _KIND_WORD.finditer(folded):
        if (out and m.start() < out[-1].end) or any(
            c.start() <= m.start() < c.end() for c in codes
        ):
            continue  # "kh" of "141/kh-ubnd", the number's own kind
        end = m.end()
        number = ""
        code = next((c for c in codes if 0 <= c.start() - end <= 24), None)
        gap = folded[end : code.start()] if code else ""
        if code is not None and _BETWEEN.fullmatch(gap):
            number, end = code[0], code.end()
            used.add(code.start())
        else:
            bare = _NUMBER_AFTER.match(folded, end)
            if bare and not re.match(
                r"\s*(?:nam|thang|ngay|dot|lan|years?|months?|days?)\b", folded[bare.end() :]
            ):
                number, end = bare[1], bare.end()
        out.append(_mention(folded, lower, anaphor, m.start(), end, _kind(m[0]), number))
    for c in codes:
        if c.start() not in used and not any(x.start <= c.start() < x.end for x in out):
            head = re.split(r"[-/]", c[3])[0]
            kind = CODE_KINDS.get(head, "")
            out.append(_mention(folded, lower, anaphor, c.start(), c.end(), kind, c[0]))
    return sorted(out, key=lambda x: x.start)


def _mention(
    folded: str, lower: str, anaphor: re.Pattern[str], start: int, end: int, kind: str, number: str
) -> Mention:
    before = folded[max(0, start - 40) : start]
    after = folded[end : end + 30]
    return Mention(
        start,
        end,
        kind,
        number,
        complement=bool(_COMPLEMENT.search(before)),
        asked=not number and bool(_ASKED.match(after) or _WHICH.search(before)),
        anaphor=not number
        and bool(anaphor.match(lower[end : end + 30]) or _ANAPHOR_BEFORE.search(before)),
    )


def _clause(folded: str, at: int) -> tuple[int, int]:
    """Where the clause that holds position ``at`` starts and ends."""
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(folded)), len(folded) + 1]
    return max(b for b in bounds if b <= at), min(b for b in bounds if b > at)


def issue_subject(folded: str, text: str = "") -> Mention | None:
    """The document whose issue date a folded question asks (:data:`ASKED` when it is a
    document the question asks for); None when the question asks no issue date or names
    no document. ``text``: the question as written (see :func:`mentions`)."""
    verb = _ISSUE.search(folded)
    if verb is None:
        return None
    named = mentions(folded, text)
    if not named:
        return None
    at = verb.start()
    start, end = _clause(folded, at)
    clause = [x for x in named if start <= x.start < end]
    before = [x for x in clause if x.start < at]
    after = [x for x in clause if x.start >= at]
    for group in (before, after):
        for x in group:
            if x.asked:
                return ASKED
            if x.anaphor:
                return _antecedent(named, x)
            if not x.complement:
                return x
    return _default(folded, named, clause, start, end)


def between_verb(folded: str, subject: Mention) -> list[Mention]:
    """The documents named after the subject and before the verb in the verb's clause ("Quyết định
    2820 căn cứ Nghị quyết 57-NQ/TW ban hành ngày nào?": 57-NQ/TW): the nearer the verb, so
    that whose date is asked is not sure unless they only describe the subject."""
    verb = _ISSUE.search(folded)
    if verb is None or subject.start < 0 or subject.start >= verb.start():
        return []
    start = max(subject.end, _clause(folded, verb.start())[0])
    return [x for x in mentions(folded) if start <= x.start < verb.start()]


def _default(
    folded: str, named: list[Mention], clause: list[Mention], start: int, end: int
) -> Mention | None:
    """The subject of a verb clause with no head of its own: the document asked for before
    it, if any; "it" stands for the document named before; every document of the clause a
    complement, the first; no document in it, the question's head."""
    earlier = [x for x in named if x.start < start]
    if not clause and any(x.asked for x in earlier):
        # "… triển khai chỉ thị nào, ban hành ngày nào?", "which decree …, and when was it
        # issued?": the clause goes on about the document asked for.
        return ASKED
    if not clause and _PRONOUN.search(folded[start:end]):
        return earlier[-1] if earlier else None
    if clause:
        # Every document of the verb's clause a complement ("theo Kế hoạch 1026, …"):
        # the first of the clause.
        return clause[0]
    heads = [x for x in named if not x.complement]
    return (heads or named)[0]


def _antecedent(named: list[Mention], anaphor: Mention) -> Mention:
    """The document "chỉ thị này" stands for: the last one named before it of its kind."""
    for x in reversed([y for y in named if y.start < anaphor.start]):
        if not anaphor.kind or x.kind == anaphor.kind:
            return ASKED if x.asked else x
    return anaphor


def foreign_issuers(folded: str, subject: Mention, named: list[Mention]) -> tuple[str, ...]:
    """The issuers said of the subject ("của Thủ tướng", "the Prime Minister's decision",
    "Bộ Tài chính ban hành …"): the words between the document named before it and the one
    named after it, as keys a report's issuer or title would carry."""
    before = [x.end for x in named if x.end <= subject.start]
    after = [x.start for x in named if x.start >= subject.end]
    span = folded[(before[-1] if before else 0) : (after[0] if after else len(folded))]
    return tuple(key for pattern, key in _ISSUERS if pattern.search(span))


def issuer_fits(keys: tuple[str, ...], issuer: str, title: str) -> bool:
    """Whether a report issued by ``issuer`` under ``title`` is the document of those
    issuers: each key in its issuer or in its title's head (the words before the first
    document it carries out, so that "Kế hoạch triển khai Chỉ thị … của Thủ tướng" is not
    the Prime Minister's; cut on the title as written: folded "số" is "Sở"). A report of
    no known issuer fits only by its title."""
    cut = r"\b(?:số|triển khai|thực hiện|thi hành)\b"
    head = fold(re.split(cut, nfc(title).lower(), maxsplit=1)[0])
    words = f" {fold(issuer)} {head} ".replace("thanh uy", "tinh uy")
    return all(key in words for key in keys)
