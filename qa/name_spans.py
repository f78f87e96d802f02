"""The names a sentence writes, each a candidate lead for a name answer.

A name question's answer leads with a name ("Sở Y tế — <quote>"). Rules that cut one name
of a few hard-coded kinds (``qa.entities.asked_name``) stay silent on most sentences: a
person ("đồng chí Trương Hải Long, Thứ trưởng Bộ Nội vụ"), a title ("Bí thư Tỉnh ủy"), a
place ("tại thôn Phương Lạn 3"), a company or acronym ("Tập đoàn Viettel", "LGSP"), a body
in a sentence naming several. Here every name span is found by one generic reading of how
Vietnamese writes names — capitalised syllables, the lowercase syllable that completes a
capitalised word ("Y tế"), the lowercase words a body's kind takes ("Ủy ban nhân dân
tỉnh"), "và" / "-" between capitalised words, a document's code, a name in quotes — and the
learned scorer chooses among them (``qa.candidates``), as it chooses among a sentence's
figures. :func:`span_features` describes each span by what the question asks (its kind, its
head noun), where the span stands in the sentence, and whether the question already says it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hoidap.text import YEAR_DIGITS, fold, normalize_tones
from qa.basis import alternation as basis_words
from qa.document_kinds import PROVISION_ASKED_VI

if TYPE_CHECKING:
    from qa.query import Query

# Spans a sentence gives at most (the rule's pick counted): the candidate count stays bounded.
MAX_SPANS = 4

SPAN_KINDS = ("document", "person", "title", "place", "body", "acronym", "quoted", "name")
SPAN_FEATURES: tuple[str, ...] = (
    # The share of the question's terms in the span's own clause (``qa.own_words``, the
    # sentence's other names bounding it): "do Trung tâm … chủ trì thực hiện" for "đơn vị
    # nào chủ trì thực hiện", the appositive "Lê Ngọc Quang, Bí thư Thành ủy" for "Bí thư
    # Thành ủy … là ai". Filled by ``qa.candidates``, which has the question's terms.
    "span_own_share",
    # The span is what the rules pick today (``qa.leads.name_lead``), or that pick is a
    # name the sentence does not write (a task's heading body).
    "span_rule",
    "span_outside",
    # It is of the kind asked (1), or of a kind that may be (0.5), or the question asks a
    # kind it is not (``span_misfit``); it opens with the question's head noun ("sở nào").
    "span_fit",
    "span_misfit",
    "span_head",
    # The share of its words the question says (an answer seldom repeats the question).
    "span_in_question",
    # Where it stands: the sentence's subject, the one a task is given to or done by
    # ("giao …", "do … thực hiện", "… chủ trì"), after "tại" / "ở" / "về" / "qua".
    "span_subject",
    "span_agent",
    "span_after_at",
    # It is the document a sentence cites as its basis ("Căn cứ / Thực hiện / Theo / Triển
    # khai Nghị quyết số 128/NQ-CP …, UBND tỉnh ban hành Quyết định số 2222/QĐ-UBND": the
    # words of qa/data/basis_words.txt), and the question asks no basis ("căn cứ", "thực
    # hiện", "theo", "dựa trên" … "văn bản nào"): a question about the document issued is
    # not answered by its basis.
    # (Fitted, the basis itself weighs against a span, asked or not: eval/README.md.)
    "span_basis",
    "span_basis_unasked",
    "span_position",
    "span_length",
    "span_rank_inv",
    *(f"span_{k}" for k in SPAN_KINDS),
    # A name beside the one its sentence's own candidate leads with (the rules' pick, or
    # the bare quote): only the name family's models read these candidates
    # (``eval.fit.without_extras``), so the model's own candidate model is fitted on one
    # candidate per sentence, as before name spans, and figures and dates keep it.
    "span_extra",
    # The bare quote of a sentence that writes a name, for a question read as a name
    # question: its answer states no name first, so it is never right by its lead.
    "span_bare",
)
# What the name family's question model reads of the best candidate besides the scores
# (``qa.scorer.question_features``): whether it fits the kind asked, is the rules' pick,
# and how much of the question its own clause says; whether it leads with a name at all.
SPAN_QUESTION_FEATURES: tuple[str, ...] = (
    "span_fit",
    "span_misfit",
    "span_rule",
    "span_own_share",
    "has_lead",
)
# The kind a question read as an explanation is scored as when it says the kind of thing
# it asks ("tích hợp vào đâu", "trung tâm gì"): in the name family (``qa.candidates.
# FAMILIES``), with the names its sentences write as candidates.
NAMED = "named"


@dataclass(frozen=True)
class Span:
    """One name a sentence writes, as written, with its character offsets and its kind.

    >>> name_spans("đồng chí Trương Hải Long, Thứ trưởng Bộ Nội vụ")[0]
    Span(text='Trương Hải Long', start=9, end=24, kind='person')
    """

    text: str
    start: int
    end: int
    kind: str


# The words a span's kind opens with, as written (the first letter capitalised, or not for
# a place word inside a sentence). Longest first where one opens another.
_TITLES = (
    "Phó Thủ tướng|Thủ tướng|Phó Bí thư|Bí thư|Phó Chủ tịch|Chủ tịch|Phó Giám đốc|Tổng Giám đốc"
    "|Giám đốc|Thứ trưởng|Bộ trưởng|Phó Trưởng ban|Trưởng ban|Trưởng Ban|Thủ trưởng|Chánh Văn phòng"
    "|Chỉ huy trưởng|Chủ nhiệm|Đồng chí"
)
_BODIES = (
    "Ủy ban|Uỷ ban|UBND|Sở|Bộ|Ban|Trung tâm|Công an|Chi cục|Tổng cục|Cục|Văn phòng|Viện|Hội đồng"
    "|Ngân hàng|Kho bạc|Tập đoàn|Công ty|Doanh nghiệp|Bệnh viện|Đài|Báo|Tỉnh đoàn|Thành đoàn"
    "|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Huyện uỷ|Quận ủy|Quận uỷ|Thị ủy|Thị uỷ"
    "|Đảng ủy|Đảng uỷ|Hội|Liên đoàn|Liên hiệp|Liên minh|Mặt trận|Quỹ|Phòng|Trường|Đơn vị|Mô hình"
    "|Khu|Cổng|Hệ thống|Nền tảng|Bộ Chỉ huy|Bộ Tư lệnh"
)
_PLACES = "thôn|ấp|bản|xã|huyện|quận|phường|thị trấn|thị xã|tỉnh|thành phố|khu phố|tổ dân phố"
_HEAD_TITLE = re.compile(rf"(?:{_TITLES})(?!\w)")
_HEAD_BODY = re.compile(rf"(?:{_BODIES})(?!\w)")
_HEAD_PLACE = re.compile(rf"(?:{_PLACES})(?!\w)", re.IGNORECASE)


def opens_with_body(name: str) -> bool:
    """Whether ``name`` opens with the kind word of a body ("Sở", "Ủy ban", "Công an", …).

    >>> opens_with_body("Sở Tài chính"), opens_with_body("Triển khai")
    (True, False)
    """
    return _HEAD_BODY.match(name) is not None


# A name's kind by its first words, in this order (a title before the body it heads).
_HEADS = ((_HEAD_TITLE, "title"), (_HEAD_PLACE, "place"), (_HEAD_BODY, "body"))
# Bodies whose name goes on in lowercase words right after the kind ("Ủy ban nhân dân tỉnh",
# "Trung tâm đổi mới sáng tạo cấp tỉnh", "Thủ trưởng đơn vị dự toán cấp I").
_OPEN_HEADS = frozenset(
    "ủy ban|uỷ ban|trung tâm|ban|chi cục|hội đồng|đơn vị|thủ trưởng|mô hình|công ty|doanh nghiệp"  # noqa: SIM905
    "|khu|hệ thống|nền tảng|ngân hàng|quỹ|phòng|trường|văn phòng".split("|")
)
# A body's governing noun whose name goes on with "các" and what it governs ("Ban Quản lý
# các khu công nghiệp tỉnh", "Liên hiệp các Hội Khoa học và Kỹ thuật", "Liên minh các hợp
# tác xã"): Vietnamese names such bodies by the plural they manage or join.
_GOVERNING = frozenset({"quản lý", "liên hiệp", "liên minh"})
_GOVERNED_WORDS = 12
# Family names that open a person's name ("Trương Hải Long", "Phạm Thị Thanh Trà").
_SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Đoàn "  # noqa: SIM905
    "Lâm Mai Trịnh Lương Cao Hà Tạ Quách Châu Thái Kiều Lưu Triệu Tô Chu Vương Phùng Mạc Từ Đàm "
    "Kim La Lã Thân Nông Quan Tăng Nghiêm Âu Hứa Diệp Bạch Lại Ninh Tôn Thạch Danh Sơn".split()
)
# Lowercase words that are no part of a name: grammar (never a name's second syllable either)
# and the verbs that follow a name.
_GRAMMAR = frozenset(
    "là đã được có tại ở của về để với theo trên trong từ đến cho do vào ra các những này đó "  # noqa: SIM905
    "bị sẽ đang thì mà nên như bằng và hoặc hay nhưng vì nếu không chưa cũng đều vẫn rất một "
    "mỗi mọi qua tới bởi khi sau trước nhằm nào gì ai đây kia ấy thuộc".split()
)
_STOP = _GRAMMAR | frozenset(
    "chủ phối thực làm trị gồm đề tham tổ triển đảm bảo xây nghiên kiểm báo gửi hướng hai ba "  # noqa: SIM905
    "bốn năm tất cả giao phải cần tiếp trực đăng hỗ thẩm phê chịu tích cách ghi trình lấy "
    "đánh tăng giảm nâng đưa tổng nộp chỉ ban nhận lập".split()
)
# A kind word alone names nothing ("của Công ty", "toàn Tỉnh").
_BARE = frozenset(
    "tỉnh thành phố trung tâm công ty quyết định ủy ban uỷ ban sở bộ ban huyện xã".split()  # noqa: SIM905
) | frozenset(
    {"thành phố", "trung tâm", "công ty", "quyết định", "ủy ban", "uỷ ban", "hội đồng", "hội"}
    | {"văn phòng", "đơn vị", "doanh nghiệp", "hệ thống", "nền tảng", "tổ"}
)
# "Quyết định số 2222/QĐ-UBND ngày 16/10/2021", "10-CTr/TU", "Văn bản số 327/STP-VBPQ".
_DOCUMENT_KINDS = (
    r"(?:Quyết định|Nghị định|Nghị quyết|Chỉ thị|Công văn|Công điện|Kế hoạch(?: hành động)?"
    r"|Thông báo|Thông tư|Văn bản|Luật|Tờ trình|Chương trình(?: hành động)?|Đề án|Kết luận"
    r"|Hướng dẫn|Báo cáo)"
)
_DOCUMENT = re.compile(
    r"(?:\b" + _DOCUMENT_KINDS + r"\s+(?:số\s*:?\s*)?)?"
    r"\b\d+(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-ZĐa-z]*(?:\s*[-/]\s*[A-ZĐ0-9][A-ZĐa-z0-9]*)*"
)
_LAW_NAME = r"(?:\s+(?!ngày\b|năm\b|số\b|được\b|đã\b|và\b|quy\b)[^\W\d_]+){1,5}"
# A provision of a law or a document: "khoản 3 Điều 35 của Luật Thủ đô", "điểm a khoản 2 Điều
# 5", "khoản 4 và 5 Điều 35" (a law is cited by its name, up to a comma, a date or a verb); a
# bare "Điều 3" is an article's heading, not a citation. Read as a document's name.
_PROVISION = re.compile(
    r"\b(?:(?:điểm\s+[a-zđ](?:\s*(?:,|và)\s*[a-zđ])*\s+)?khoản\s+\d+(?:\s*(?:,|và)\s*\d+)*\s+"
    r"Điều\s+\d+\b(?:\s+(?:của\s+)?Luật"
    + _LAW_NAME
    + r")?|Điều\s+\d+\s+(?:của\s+)?Luật"
    + _LAW_NAME
    + r")"
)
_QUOTED = re.compile(r"[“\"]([^”\"]{3,120})[”\"]")
_TOKEN = re.compile(r"[^\s,;:!?()\[\]{}“”\"*_]+")
# What opens a sentence before its first word: a list mark, a heading's number.
_OPENING = re.compile(
    r"^[\s*_#+•–-]*(?:(?:[0-9]+|[IVXLC]+)(?:\.[0-9]+)*[.)]|[a-zđ]\)|\([0-9a-zđ]+\))?[\s*_]*"
)


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 and not word[:1].isdigit()


def _tokens(quote: str) -> list[tuple[str, int, int, bool]]:
    """The words of ``quote`` with their offsets and whether punctuation or a bracket
    stands between a word and the one before it (a name never runs across one)."""
    out: list[tuple[str, int, int, bool]] = []
    last = 0
    for m in _TOKEN.finditer(quote):
        word, start, end = m.group(0), m.start(), m.end()
        stripped = word.rstrip(".")
        # From the last word kept: a bracket then a lone full stop ("nghiệp). Ban") breaks.
        gap = quote[out[-1][2] if out else last : start]
        broken = bool(gap.strip()) or (bool(out) and quote[out[-1][2] : out[-1][2] + 1] == ".")
        if stripped != word and not re.fullmatch(r"(?:TP|Tp|TX|TT|v\.v)", stripped):
            end = start + len(stripped)
            word = stripped
        if word:
            out.append((word, start, end, broken or not out))
        last = m.end()
    return out


def _head(quote: str, at: int) -> str:
    """The kind a name opening at ``at`` has by its first words ("" for none). A place
    word names a place only before its name or number ("xã Long Phú", "phường 5"): "Xã
    hội" is society, "Tỉnh ủy" a body."""
    rest = quote[at:]
    for head, kind in _HEADS:
        m = head.match(rest)
        if m is None:
            continue
        if kind == "place":
            after = rest[m.end() :].lstrip()[:1]
            if not (after.isupper() or after.isdigit()):
                continue
        return kind
    return ""


# One word of a listed part of a body's name, and what separates the parts.
_PART_WORD = re.compile(r"[^\W\d_]+")
_PART_SEPARATOR = re.compile(r",\s+|\s+và\s+")
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")


def _part_end(quote: str, at: int) -> int:
    """The end of the part of a body's name opening at ``at``: capitalised words, each
    perhaps with its lowercase second syllable ("Thể thao", "Du lịch"); -1 when no
    capitalised word opens there or the part opens a name of its own ("Sở Tài chính")."""
    m = _PART_WORD.match(quote, at)
    if m is None or not _is_cap(m.group(0)) or _head(quote, at):
        return -1
    end = m.end()
    second = False
    while True:
        nxt = _NEXT_WORD.match(quote, end)
        if nxt is None:
            return end
        word = nxt.group(1)
        if _is_cap(word):
            end, second = nxt.end(), False
        elif not second and word.lower() not in _STOP:
            end, second = nxt.end(), True
        else:
            return end


def listed_name_end(quote: str, end: int) -> int:
    """Where a body's name that ends at ``end`` ends when it goes on past a comma, its
    parts listed and the last joined by "và" ("Sở Văn hóa, Thể thao và Du lịch"); ``end``
    when it does not go on so. No part may open a name of its own ("Sở Y tế, Sở Tài chính
    và Công an tỉnh" lists three bodies), and a part not followed by another comma or "và"
    ends a list of bodies, not a name ("Sở Nội vụ, Thanh tra tỉnh thực hiện").

    >>> q = "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì."
    >>> q[5:listed_name_end(q, 15)]
    'Sở Văn hóa, Thể thao và Du lịch'
    >>> q = "Sở Y tế, Sở Tài chính và Công an tỉnh."
    >>> listed_name_end(q, 7)
    7
    """
    at = end
    first = True
    while True:
        sep = _PART_SEPARATOR.match(quote, at)
        if sep is None or (first and not sep.group(0).startswith(",")):
            return end
        last = "và" in sep.group(0)
        part = _part_end(quote, sep.end())
        if part < 0:
            return end
        if last:
            return part
        at, first = part, False


_CAC = re.compile(r"\s+các(?!\w)")


def governed_end(quote: str, end: int) -> int:
    """Where a body's name that ends at ``end`` in a governing noun ("Ban Quản lý",
    "Liên hiệp") ends when it goes on with "các" and what it governs; ``end`` when it does
    not. The words after "các" are taken up to punctuation, a word no name holds (grammar,
    the verbs after a body: ``_STOP``), "và" before such a word or another body, or 12 words.

    >>> q = "Giao Ban Quản lý các khu công nghiệp tỉnh chủ trì."
    >>> q[5:governed_end(q, 16)]
    'Ban Quản lý các khu công nghiệp tỉnh'
    >>> q = "(qua Ban Quản lý các khu công nghệ cao và khu công nghiệp và các đơn vị)."
    >>> q[5:governed_end(q, 16)]
    'Ban Quản lý các khu công nghệ cao và khu công nghiệp'
    >>> q = "Sở Y tế quản lý các cơ sở cách ly."
    >>> governed_end(q, 7) == 7
    True
    """
    if " ".join(quote[:end].split()[-2:]).lower() not in _GOVERNING:
        return end
    cac = _CAC.match(quote, end)
    if cac is None:
        return end
    at = last = cac.end()
    for _ in range(_GOVERNED_WORDS):
        word = _NEXT_WORD.match(quote, at)
        if word is None:
            break
        low = word.group(1).lower()
        if low == "và":
            after = _NEXT_WORD.match(quote, word.end())
            if after is None or after.group(1).lower() in _STOP or _head(quote, after.start(1)):
                break
        elif low in _STOP:
            break
        else:
            last = word.end()
        at = word.end()
    return last if last > cac.end() else end


def _open_head(quote: str, at: int) -> int:
    """The end of a body's kind opening at ``at`` whose name may go on in lowercase words
    ("Ủy ban nhân dân tỉnh"), or -1."""
    rest = quote[at : at + 16].lower()
    for head in sorted(_OPEN_HEADS, key=len, reverse=True):
        if rest.startswith(head) and not rest[len(head) : len(head) + 1].isalnum():
            return at + len(head)
    return -1


def _runs(quote: str, compounds: frozenset[str] | None) -> list[tuple[int, int]]:
    """The character spans of the runs of name words (see the module docstring).
    ``compounds``: the two-syllable words of the sentence's passage as its word segmenter
    read them ("y tế", "xây dựng"; :func:`compounds_of`), which tell the second syllable
    of a capitalised word ("Sở Xây dựng") from the word after a name ("Bắc Giang chọn");
    None: any lowercase word that is not grammar."""
    toks = _tokens(quote)
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        word, start, _end, _ = toks[i]
        low0 = word.lower()
        two = f"{low0} {toks[i + 1][0]}".lower() if i + 1 < n else ""
        place = low0 in {"thôn", "ấp", "xã", "huyện", "quận", "phường", "tỉnh"} or two in {
            "thị trấn",
            "thị xã",
            "thành phố",
        }
        j = i
        if not _is_cap(word):
            # A lowercase place word is a name's only when a capitalised word follows it.
            k = i + (2 if two in {"thị trấn", "thị xã", "thành phố"} else 1)
            if not place or k >= n or toks[k][3] or not _is_cap(toks[k][0]):
                i += 1
                continue
            j = k
        open_end = _open_head(quote, toks[j][1])
        # A body's kind whose name goes on in lowercase ("Phòng", "Mô hình", "Ngân hàng").
        opened = open_end >= 0
        head = _head(quote, start)
        headed = bool(head)
        # Whether a body's kind opens the run or a word of it ("Giao Sở Văn hóa").
        body = head == "body"
        tail = 0
        second = False  # the last word taken is a capitalised word's second syllable
        while j + 1 < n and not toks[j + 1][3]:
            nxt = toks[j + 1][0]
            low = nxt.lower()
            last = toks[j][0]
            after = toks[j + 2][0] if j + 2 < n and not toks[j + 2][3] else ""
            # Right after a body's kind, or in the lowercase words that follow it.
            in_tail = open_end >= 0 and (toks[j][2] <= open_end or tail > 0)
            joined = _one_word(last, low, compounds)
            if _is_cap(nxt) or (
                nxt[:1].isdigit()
                and (
                    _is_cap(last)
                    or last == "số"
                    # A designation that ends a body's name: "Bệnh viện 30/4," (not "Bệnh
                    # viện Đa khoa tỉnh 500 giường", a figure with its unit, nor "của Thành
                    # phố 24/7", a place and how long, nor "Bộ Y tế 2021,", a year).
                    or (body and second and not after and not YEAR_DIGITS.fullmatch(nxt))
                )
            ):
                j, second, tail = j + 1, False, 0
                head = _head(quote, toks[j][1])
                headed, body = headed or bool(head), body or head == "body"
                at = _open_head(quote, toks[j][1])
                open_end = at if at >= 0 else (open_end if toks[j][2] <= open_end else -1)
            elif nxt == "số" and after[:1].isdigit():
                j += 1
            elif nxt in {"và", "-", "–", "&"} and _is_cap(after):
                # "Khoa học và Công nghệ", not "Sở Tài chính và Bộ Nội vụ" (two bodies).
                if nxt == "và" and _head(quote, toks[j + 2][1]):
                    break
                j += 1
            elif headed and (low in {"tỉnh", "phố"} or (low == "thành" and after == "phố")):
                # "Công an tỉnh", "Chủ tịch UBND tỉnh" (not "COVID-19 tỉnh").
                j, second = j + 1, True
            elif (
                _is_cap(last)
                and not second
                and (
                    # The segmenter's word decides, grammar or not ("Đồng bằng": "bằng").
                    joined if compounds is not None else low not in _GRAMMAR and low not in _STOP
                )
            ):
                # The second syllable of a capitalised word ("Y tế", "Nội vụ", "Ủy ban").
                j, second = j + 1, True
            elif low == "các" and (governed := governed_end(quote, toks[j][2])) > toks[j][2]:
                # "Ban Quản lý các khu công nghiệp": the body's name goes on past "các".
                while j + 1 < n and toks[j + 1][2] <= governed:
                    j += 1
            elif in_tail and 0 < tail < 6 and joined:
                # A stop syllable that ends the word the tail took is no verb after the name:
                # "Quỹ phát triển hoạt động sự nghiệp" ("triển" of "phát triển", not of
                # "triển khai"), "Hệ thống chính trị".
                j, tail = j + 1, tail + 1
            elif low in _STOP:
                break
            elif (
                opened
                and not in_tail
                and compounds is not None
                and (k := _lowercase_tail(toks, j + 1, compounds)) > j
            ):
                # The lowercase words a capitalised body's name ends with, up to the bracket,
                # punctuation or grammar word after them: "Phòng An ninh chính trị nội bộ)",
                # "Mô hình Tổ COVID-19 cộng đồng được …".
                j = k
            elif in_tail and tail < 6:
                # A body's kind followed by lowercase words: "Ủy ban nhân dân tỉnh".
                j, tail = j + 1, tail + 1
            elif last.lower() in {"tỉnh", "phố", "huyện", "xã"}:
                # A name that ends in its level of government ends there: "Chủ tịch UBND
                # tỉnh", not "Chủ tịch UBND tỉnh kiện toàn Ban Chỉ đạo".
                break
            elif _is_cap(after) or (
                after
                and after.lower() not in _STOP
                and j + 3 < n
                and _is_cap(toks[j + 3][0])
                and not toks[j + 3][3]
            ):
                # One or two lowercase words before a capitalised one ("Khu kinh tế Đông Nam").
                j += 1
            else:
                break
        # A name never ends inside one of the segmenter's words: "Hội Cựu chiến binh", "Viện
        # kiểm sát" (the stop syllable "kiểm", a verb's first after a name, had ended it).
        while (
            j + 1 < n
            and not toks[j + 1][3]
            and toks[j][0].isalpha()
            and toks[j + 1][0].isalpha()
            and _one_word(toks[j][0], toks[j + 1][0], compounds)
        ):
            j += 1
        if body:
            listed = listed_name_end(quote, toks[j][2])
            while j + 1 < n and toks[j + 1][2] <= listed:
                j += 1
        runs.append((start, toks[j][2]))
        i = j + 1
    return runs


# At most this many lowercase syllables end a capitalised body's name ("chính trị nội bộ"):
# a longer run is a clause after it ("Công ty Hosiden sản xuất linh kiện điện tử").
_LOWERCASE_TAIL = 4


def _lowercase_tail(
    toks: list[tuple[str, int, int, bool]], at: int, compounds: frozenset[str]
) -> int:
    """The index of the last of the lowercase syllables from ``at`` that end a name, or -1:
    at most ``_LOWERCASE_TAIL`` words that are no stop syllable (unless they end a
    segmenter's word begun before them), followed by punctuation, the sentence's end or a
    grammar word."""
    k = at
    while k < len(toks) and k - at < _LOWERCASE_TAIL and not toks[k][3]:
        word = toks[k][0]
        low = word.lower()
        joined = _one_word(toks[k - 1][0], low, compounds)
        if _is_cap(word) or low in _GRAMMAR or (low in _STOP and not (k > at and joined)):
            break
        k += 1
    if k == at:
        return -1
    ends = k >= len(toks) or toks[k][3] or toks[k][0].lower() in _GRAMMAR
    return k - 1 if ends else -1


def _one_word(first: str, second: str, compounds: frozenset[str] | None) -> bool:
    """Whether two syllables of a quote are one of the segmenter's words (``compounds_of``;
    False without them). The segmenter writes its words with the new tone marks ("văn
    hóa"), a document may write the old ("Sở Văn hoá"), so both sides are compared so."""
    return (
        compounds is not None and normalize_tones(f"{first.lower()} {second.lower()}") in compounds
    )


def compounds_of(segmented: str) -> frozenset[str]:
    """The adjacent syllable pairs of the segmenter's words in ``segmented`` (a chunk's
    ``segmented`` text: "sở_y_tế chủ_trì" → {"sở y", "y tế", "chủ trì"}), with the new tone
    marks (``normalize_tones``), as the syllables of a quote are compared with them."""
    return frozenset(
        f"{a} {b}"
        for word in normalize_tones(segmented).split()
        if "_" in word
        for a, b in zip(word.split("_"), word.split("_")[1:], strict=False)
    )


def _trim_opening(
    quote: str, start: int, end: int, compounds: frozenset[str] | None = None
) -> tuple[int, int] | None:
    """A run that opens the sentence is capitalised as its first word: it names something
    only from its first kind word on ("Xây dựng Trung tâm …" → "Trung tâm …"), or when more
    than its first word is capitalised ("Huyện Long Phú", "Hosiden"), from its first word
    when the segmenter read the first two as one word (``compounds``: "Đồng Tháp trở thành
    …" names "Đồng Tháp", not "Tháp")."""
    opening = _OPENING.match(quote)
    if opening is None or start > opening.end():
        return start, end
    if _head(quote, start):
        return start, end
    words = [(m.group(0), m.start() + start) for m in re.finditer(r"\S+", quote[start:end])]
    if len(words) > 1 and _is_cap(words[1][0]) and _one_word(words[0][0], words[1][0], compounds):
        return start, end
    for word, at in words[1:]:
        if _is_cap(word) and (_head(quote, at) or _acronym(word) or word[:1].isupper()):
            return at, end
    if words and _acronym(words[0][0]):
        return start, end
    return None


def _kind(quote: str, text: str, start: int) -> str:
    words = text.split()
    head = _head(quote, start)
    if head == "title" and not text.startswith("Đồng chí"):
        return "title"
    if head in {"body", "place"}:
        return head
    before = quote[max(0, start - 12) : start].lower()
    if (
        words[0] in _SURNAMES
        and all(_is_cap(w) and w.isalpha() for w in words)
        and (3 <= len(words) <= 4 or (len(words) == 2 and re.search(r"(?:chí|ông|bà)\s*$", before)))
    ):
        return "person"
    if len(words) == 1 and _acronym(words[0]):
        return "acronym"
    return "name"


def name_spans(quote: str, compounds: frozenset[str] | None = None) -> list[Span]:
    """Every name ``quote`` writes, in order: documents by their code (with the kind and
    "số" before it), names in quotes, and runs of name words (persons, titles, places,
    bodies, acronyms, other names).

    >>> [s.text for s in name_spans("Giao Giám đốc Sở Y tế chủ trì, phối hợp với Bộ Nội vụ.")]
    ['Giám đốc Sở Y tế', 'Bộ Nội vụ']
    >>> [s.text for s in name_spans("Đã ban hành Quyết định số 2222/QĐ-UBND ngày 16/10/2021.")]
    ['Quyết định số 2222/QĐ-UBND']
    """
    found: list[Span] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _DOCUMENT.finditer(quote):
        found.append(Span(m.group(0), m.start(), m.end(), "document"))
        taken.append((m.start(), m.end()))
    for m in _PROVISION.finditer(quote):
        if free(m.start(), m.end()):
            found.append(Span(m.group(0), m.start(), m.end(), "document"))
            taken.append((m.start(), m.end()))
    for m in _QUOTED.finditer(quote):
        text = m.group(1).strip()
        if free(m.start(), m.end()) and len(text.split()) <= 16:
            found.append(Span(text, m.start(1), m.end(1), "quoted"))
            taken.append((m.start(), m.end()))
    for start, end in _runs(quote, compounds):
        trimmed = _trim_opening(quote, start, end, compounds)
        if trimmed is None:
            continue
        start, end = trimmed
        if quote.startswith("Đồng chí ", start):
            start += len("Đồng chí ")
        text = quote[start:end].strip(" .,;:-–")
        end = start + len(text)
        if not text or not free(start, end) or text.lower() in _STOP | _BARE:
            continue
        if text.isdigit() or len(text) < 2:
            continue
        found.append(Span(text, start, end, _kind(quote, text, start)))
        taken.append((start, end))
    return sorted(found, key=lambda s: s.start)


# ------------------------------------------------------------------ what the question asks
_ASKS_PERSON = re.compile(r"\bai\b|\bwho(?:m)?\b")
_ASKS_PLACE = re.compile(
    r"\bo dau\b|\bdau\b|\bnoi nao\b|\bdia (?:diem|ban|phuong) nao\b|\bwhere\b"
    r"|\b(?:huyen|xa|tinh|thanh pho|phuong|thon|quan|khu vuc) nao\b"
    r"|\bwhich (?:[a-z'.-]+ ){0,2}?(?:district|commune|locality|localities|province|ward|area"
    r"|place)"
)
_ASKS_COMPANY = re.compile(
    r"\b(?:cong ty|doanh nghiep|tap doan) nao\b|\bwhich (?:[a-z'.-]+ ){0,2}?(?:company|companies"
    r"|business|firm|enterprise|group)"
)
_ASKS_DOCUMENT = re.compile(
    r"\b(?:van ban|quyet dinh|nghi dinh|nghi quyet|chi thi|cong van|cong dien|ke hoach"
    r"|thong bao|thong tu|chuong trinh|de an|ket luan|to trinh|luat)(?: [a-z0-9]+){0,3}"
    r" (?:nao|so may|so bao nhieu)\b|\bso hieu\b|\btheo van ban\b"
    # A provision asked: "khoản nào của Luật Thủ đô", "which clauses of the Capital Law".
    r"|" + PROVISION_ASKED_VI + r"|\b(?:which|what) (?:[a-z0-9'.-]+ ){0,2}?(?:article|clause"
    r"|provision|paragraph)s?\b"
    r"|\b(?:which|what) (?:[a-z0-9'.-]+ ){0,4}?(?:decree|resolution|circular|law|regulation"
    r"|letter|dispatch|notice|programme|program|strategy|instruction|decision|directive|plan"
    r"|document)s?\b"
)
_ASKS_BODY = re.compile(
    r"\b(?:co quan|don vi|to chuc|luc luong|so|bo|ban|nganh|hoi dong|trung tam)(?: [a-z]+){0,2}"
    r" nao\b|\bwhich (?:[a-z'.-]+ ){0,2}?(?:agency|department|unit|body|office|ministry"
    r"|authority|organi[sz]ation|council|committee|centre|center|institution|outlet)"
)
# The kind a question asks, the first that matches in this order ("công ty nào" is a company
# before it is a body; "ai" only when nothing more precise is asked).
_ASKS = (
    (_ASKS_DOCUMENT, "document"),
    (_ASKS_COMPANY, "company"),
    (_ASKS_BODY, "body"),
    (_ASKS_PLACE, "place"),
    (_ASKS_PERSON, "person"),
)
# What may fit each kind asked: fully (1.0) or perhaps (0.5).
_FITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "person": (frozenset({"person", "title"}), frozenset({"body", "name"})),
    "place": (frozenset({"place"}), frozenset({"name", "body"})),
    "company": (frozenset({"body", "name", "acronym"}), frozenset({"quoted"})),
    "document": (frozenset({"document"}), frozenset({"quoted"})),
    "body": (frozenset({"body", "title"}), frozenset({"name", "acronym"})),
}


# What joins two asks of one question, folded: "…, ngày nào", "… và …", "… and …" (read here
# for the kinds of name, and by ``qa.query`` for the kinds of answer).
ASK_JOIN = re.compile(r",|;|\b(?:va|and|cung|voi)\b")


def asked_kind(folded_question: str) -> str:
    """The kind of name a question asks for ("" when it says none).

    >>> asked_kind("ai lam truong ban chi dao?"), asked_kind("ghi nhan o dau?")
    ('person', 'place')
    >>> asked_kind("which company had the most infected workers?")
    'company'
    >>> asked_kind("co quan nao tham dinh du thao va bang van ban nao?")
    'body'
    """
    found = [(m, kind) for asks, kind in _ASKS if (m := asks.search(folded_question))]
    if not found:
        return ""
    kind = found[0][1]
    # Two kinds asked one after the other ("Cơ quan nào thẩm định … và bằng văn bản nào?",
    # "Which agency … and under which decision?"): the answer leads with the first asked, as
    # an official reads the question (``qa.query._first_ask`` for the kinds of answer).
    first, first_kind = min(found, key=lambda f: f[0].start())
    if first_kind != kind:
        later = found[0][0]
        if first.end() <= later.start() and ASK_JOIN.search(
            folded_question, first.end(), later.start()
        ):
            return first_kind
    return kind


# "như thế nào", "khi nào", "bao giờ": no kind of thing asked.
_ASKS_HOW = re.compile(r"\b(?:the|sao) nao\b|\bra sao\b|\bhow\b")
_NOT_HEAD = frozenset({"the", "nhu", "luc", "khi", "bao", "sao", "ra", "hinh"})
_HEAD_WORDS = re.compile(r"((?:\w+ ){0,1}\w+) nào\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# A name is the agent after "do", "giao", "bởi", "đề nghị" ("theo đề nghị của Sở …"; not a
# task's owner, "nhiệm vụ được giao của Kế hoạch"), or before the verb of its task; a plan's
# task list writes the body as a label ("Sở Xây dựng: Chủ trì, phối hợp …").
_AGENT_BEFORE = re.compile(
    r"(?:\b(?:do|bởi|đề nghị|Đề nghị)\s+(?:\S+\s+){0,2}"
    r"|\b(?:giao|Giao)\s+(?:(?!của\b)\S+\s+){0,2})$"
)
_AGENT_AFTER = re.compile(
    r"^\s*(?:\(.*?\)\s*)?(?:[,:]\s*)?(?i:là|chủ trì|thực hiện|phê duyệt|hỗ trợ|có trách nhiệm"
    r"|làm|được giao|tổ chức|đã|ban hành|tham mưu|thẩm định)\b"
)
# A document named right after a basis verb: the text it is done under, not the one issued.
_BASIS_BEFORE = re.compile(r"\b" + basis_words(folded=False) + r"\s+(?:\S+\s+){0,1}$", re.I)
# A document listed after another that a basis verb governs ("Thực hiện Nghị quyết số
# 128/NQ-CP … của Chính phủ và Quyết định số 4800/QĐ-BYT … của Bộ Y tế, Chủ tịch … đã ban hành
# Quyết định số 2222/QĐ-UBND …"): the basis phrase runs from the verb before a document's kind
# to the comma that opens the main clause; a comma before another document's kind still lists
# ("Căn cứ Luật …, Nghị định …"), and "đã" / "được" / "ký" end it ("ban hành" does not: "Nghị
# quyết … của Chính phủ ban hành Quy định …" still names the basis).
_BASIS_PHRASE = re.compile(
    r"\b" + basis_words(folded=False) + r"\s+(?=" + _DOCUMENT_KINDS + r"\b)", re.I
)
_MAIN_CLAUSE = re.compile(
    r"[;:]|,(?!\s*(?:và\s+)?" + _DOCUMENT_KINDS + r"\b)|\b(?:đã|được|ký)\b", re.I
)


_LIST_JOINER = re.compile(r"\s*,?\s*(?:và\s*)?$")
_IN_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"")


def in_basis(before: str) -> bool:
    """Whether a document written after ``before`` (its sentence up to it) is a basis.

    >>> in_basis("Thực hiện Nghị quyết số 128/NQ-CP của Chính phủ và ")
    True
    >>> in_basis("Thực hiện Nghị quyết số 128/NQ-CP của Chính phủ, UBND tỉnh đã ban hành ")
    False
    >>> in_basis("Thực hiện Nghị quyết 128 của Chính phủ ban hành Quy định “An toàn, linh hoạt”, ")
    True
    >>> in_basis("Tỉnh thực hiện nghiêm Chỉ thị 16 và ban hành ")
    False
    """
    if _BASIS_BEFORE.search(before):
        return True
    last = next(reversed(list(_BASIS_PHRASE.finditer(before))), None)
    if last is None:
        return False
    # The joiner just before the document ("…, và ", "…, ") lists it,
    # and a title in quotes is the document's own words, its commas too.
    between = _LIST_JOINER.sub("", _IN_QUOTES.sub("", before[last.end() :]))
    return not _MAIN_CLAUSE.search(between)


# A question asking the basis a document is done under (folded).
_ASKS_BASIS = re.compile(
    r"\b(?:" + basis_words() + r"|based on|under|pursuant|implement\w*|basis)\b"
)
_AT_BEFORE = re.compile(r"\b(?:tại|ở|về|vào|qua|gửi|đến|trên)\s+(?:\S+\s+){0,1}$")


class SpanReader:
    """What one question asks of a name span, read once per question: its kind, its head
    words before "nào", its folded words."""

    def __init__(self, question: str, folded_question: str, glossed: str = "") -> None:
        self.folded = folded_question
        self.question = question.lower()
        # An English question's terms in the reports' Vietnamese ("Department of Science
        # and Technology": "sở khoa học và công nghệ"): a name the question states in
        # English is said by it too, and is no answer to it.
        self.glossed = glossed.lower()
        self.glossed_words = frozenset(_WORD.findall(self.glossed))
        self.kind = asked_kind(folded_question)
        self.asks_basis = bool(_ASKS_BASIS.search(folded_question))
        # Folding merges words ("Trương" and "trưởng"): compared as written when the
        # question has its diacritics.
        self.accented = fold(question) != question.lower().strip()
        self.words = frozenset(
            _WORD.findall(question.lower() if self.accented else folded_question)
        )
        from qa.entities import _NOT_A_NAME, asked_head

        heads = [fold(m.group(1)) for m in _HEAD_WORDS.finditer(question)]
        self.heads = tuple(
            dict.fromkeys(
                h
                for head in heads
                for h in (head, head.split()[-1])
                if h and not set(h.split()) & (_NOT_A_NAME | _NOT_HEAD)
            )
        )

        head = asked_head(folded_question)
        if head is not None:
            self.heads = (*self.heads, *head.heads)
        # Whether the question says what kind of name it asks for; one that asks how ("xử lý
        # thế nào", "ra sao") asks for a manner, whatever noun comes before.
        self.asks_something = bool(self.kind or self.heads) and not _ASKS_HOW.search(
            folded_question
        )

    def in_question(self, text: str) -> float:
        """The share of the words of ``text`` the question says."""
        if fold(text) in self.folded and (not self.accented or text.lower() in self.question):
            return 1.0
        if self.glossed and text.lower() in self.glossed:
            return 1.0
        words = _WORD.findall(text.lower() if self.accented else fold(text))
        if not words:
            return 0.0
        said = sum(w in self.words for w in words) / len(words)
        if not self.glossed:
            return said
        written = _WORD.findall(text.lower())
        return max(said, sum(w in self.glossed_words for w in written) / len(written))

    def fit(self, kind: str) -> float:
        fits = _FITS.get(self.kind)
        if fits is None:
            return 0.0
        return 1.0 if kind in fits[0] else 0.5 if kind in fits[1] else 0.0

    def features(
        self, quote: str, span: Span | None, text: str, rank: int, rule: bool
    ) -> dict[str, float]:
        """The features of one span (``span`` None: a name the sentence does not write, the
        rule's pick from the task's heading)."""
        if span is None:
            kind = _kind(text, text, 0)
            out = {"span_outside": 1.0, "span_subject": 1.0}
        else:
            kind = span.kind
            before = quote[: span.start]
            after = quote[span.end : span.end + 40]
            opening = _OPENING.match(quote)
            out = {
                "span_subject": float(
                    bool(opening) and span.start <= (opening.end() if opening else 0)
                ),
                "span_agent": float(
                    bool(_AGENT_BEFORE.search(before) or _AGENT_AFTER.match(after))
                ),
                "span_after_at": float(bool(_AT_BEFORE.search(before))),
                "span_basis": float(kind == "document" and in_basis(before)),
                "span_position": span.start / max(1, len(quote)),
                "span_rank_inv": 1.0 / rank,
            }
            out["span_basis_unasked"] = float(bool(out["span_basis"]) and not self.asks_basis)
            if kind == "place" or out["span_after_at"]:
                kind = "place" if self.kind == "place" and kind == "name" else kind
        fit = self.fit(kind)
        folded = fold(text)
        out.update(
            {
                "span_rule": float(rule),
                "span_fit": fit,
                "span_misfit": float(bool(self.kind) and fit == 0.0),
                "span_head": float(any(folded.startswith(h + " ") for h in self.heads)),
                "span_in_question": self.in_question(text),
                "span_length": math.log(1 + len(text.split())) / 3.0,
                f"span_{kind}": 1.0,
            }
        )
        return out


@functools.lru_cache(maxsize=64)
def span_reader(question: str, folded_question: str, glossed: str = "") -> SpanReader:
    """The :class:`SpanReader` of a question, read once however often it is asked for."""
    return SpanReader(question, folded_question, glossed)


def query_span_reader(query: Query) -> SpanReader:
    """:func:`span_reader` of ``query``, with its English terms' Vietnamese glosses."""
    return span_reader(query.text, query.folded, glossed_terms(query))


def glossed_terms(query: Query) -> str:
    """The Vietnamese glosses of an English question's terms, as BM25 searches them ("" for
    a Vietnamese question): what the question names, in the reports' words."""
    return _glossed(query.folded)[0] if query.language == "en" else ""


def named_text(query: Query) -> str:
    """The folded text a question names things in: its own words, and for an English
    question its glosses too ("hanoi's department of science and technology … so khoa hoc
    va cong nghe")."""
    return _glossed(query.folded)[1] if query.language == "en" else query.folded


def _glossed(folded: str) -> tuple[str, str]:
    """An English question's glosses and its folded text with them, read once per question
    and state of the glossary (every candidate sentence of a name question asks)."""
    from qa import glossary

    return _glossed_in(folded, glossary.generation)


@functools.lru_cache(maxsize=256)
def _glossed_in(folded: str, generation: int) -> tuple[str, str]:
    from qa.glossary import translate_terms

    glossed = " ".join(translate_terms(folded))
    return glossed, f"{folded} {fold(glossed)}"


def scoring_kind(query: Query) -> str:
    """The kind whose scorer a question is scored with (``qa.scorer.Scorer.for_kind``):
    :data:`NAMED` for a question read as an explanation that asks no reason and says the
    kind of thing it asks ("được tích hợp vào đâu", "trung tâm gì"; not "như thế nào",
    "vì sao"), which leads with a name like a name question; else its kind."""
    if query.kind != "explanation":
        return query.kind
    from qa.items import asks_reason

    if asks_reason(query.folded):
        return query.kind
    return NAMED if query_span_reader(query).asks_something else query.kind


def ranked_spans(reader: SpanReader, spans: list[Span], limit: int) -> list[Span]:
    """The ``limit`` spans most worth offering, in the sentence's order: of the kind asked,
    not said by the question, first written."""

    def key(item: tuple[int, Span]) -> tuple[float, float, int]:
        i, s = item
        return (-reader.fit(s.kind), reader.in_question(s.text), i)

    best = sorted(enumerate(spans), key=key)[:limit]
    return [s for _, s in sorted(best)]


def span_leads(
    reader: SpanReader, quote: str, compounds: frozenset[str] | None, rule: str
) -> list[tuple[str, Span | None, dict[str, float]]]:
    """The leads a name answer from ``quote`` may open with, each with its features: the
    rules' pick ``rule`` first (as they cut it: a document with its date, a body with its
    title, or a task's heading body the sentence does not write), then the other names it
    writes, at most :data:`MAX_SPANS` in all; each with its place in ``quote`` (None for a
    heading's body the sentence does not write).

    >>> reader = SpanReader("Ai làm Trưởng Ban Chỉ đạo?", "ai lam truong ban chi dao?")
    >>> [lead for lead, _, _ in span_leads(reader, "Đồng chí Bí thư Tỉnh ủy làm Trưởng Ban Chỉ "
    ...                                 "đạo, Chủ tịch UBND tỉnh làm Phó Chủ tịch.", None, "")]
    ['Bí thư Tỉnh ủy', 'Trưởng Ban Chỉ đạo', 'Chủ tịch UBND tỉnh', 'Phó Chủ tịch']
    """
    spans = name_spans(quote, compounds)
    order = {s.start: rank for rank, s in enumerate(spans, start=1)}
    out: list[tuple[str, Span | None, dict[str, float]]] = []
    if rule:
        at = quote.find(rule)
        if at >= 0:
            end = at + len(rule)
            near = [s for s in spans if s.start < end and s.end > at]
            kind = near[0].kind if near else _kind(quote, rule, at)
            rank = order[near[0].start] if near else len(spans) + 1
            spans = [s for s in spans if s not in near]
            picked = Span(rule, at, end, kind)
            out.append((rule, picked, reader.features(quote, picked, rule, rank, True)))
        else:
            out.append((rule, None, reader.features(quote, None, rule, 1, True)))
    for s in ranked_spans(reader, spans, MAX_SPANS - len(out)):
        out.append((s.text, s, reader.features(quote, s, s.text, order[s.start], False)))
    return out
