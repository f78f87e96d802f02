"""The words that open a question to ask for an answer's form: "Liệt kê …", "Nêu …",
"Kể tên …", "Cho biết …", "List …".

Officials write a question as a request as often as with a question word: "Nêu số người Cà Mau
đã tiêm vắc xin …" asks what "Cà Mau đã tiêm vắc xin cho bao nhiêu người?" asks. No passage says
"nêu" or "liệt kê", so read as the question's content terms they lowered every passage's term
coverage, the same fact was answered in one wording and refused in the other, and the unsure
answer said the closest passage "does not mention 'nêu'". ``qa.query.understand`` reads a
question's terms without the request that opens it, and its kind from the rest of the question
when that says one ("Nêu số ca …" asks a figure), else from the whole ("Liệt kê …" a list).

>>> request_span("Liệt kê các giải pháp của Trà Vinh.")
Opening(start=0, end=8)
>>> request_span("Hãy cho tôi biết: Cà Mau có bao nhiêu ca?")
Opening(start=0, end=18)
>>> request_span("neu so ca tu vong o ca mau")
Opening(start=0, end=4)
>>> request_span("Nếu dịch kéo dài thì sao?") is None, request_span("Cà Mau nêu gì?") is None
(True, True)
>>> [opening_kind(q) for q in ("Nêu số ca tử vong", "Kể tên các bệnh viện", "Kể tên cơ quan",
...     "Cho biết thời hạn nộp báo cáo", "Name the agency", "Trình bày kết quả")]
['number', 'list', 'entity', 'date', 'entity', 'explanation']
>>> opening_kind("Cho biết Sở Y tế đã làm gì"), opening_kind("Cho biết số hiệu văn bản")
(None, 'entity')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from hoidap.text import fold, normalize_tones, strip_diacritics

DATA = Path(__file__).resolve().parent / "data" / "request_words.txt"
# Courtesy words that may come before the request ("Hãy", "Xin", "Vui lòng", "Đề nghị", "Làm
# ơn", "Yêu cầu", "Please", "Kindly", "Bạn"), each may name whom it asks ("Đề nghị anh/chị
# cho biết …", "Anh/chị hãy nêu …"); "nhờ" only so ("Nhờ anh/chị cho biết …": a bare "Nhờ
# cung cấp vắc xin kịp thời, …" is "thanks to"); and after it ("giúp tôi", "cho tôi": "Liệt kê
# giúp tôi …"), unaccented.
_ADDRESSEE = r"(?:anh\s*/\s*chi|anh\s+chi|anh|chi|ban|dong\s+chi)"
_BEFORE = (
    r"(?:(?:(?:hay|xin|vui long|lam on|de nghi|yeu cau|please|kindly)(?:\s+" + _ADDRESSEE + r")?"
    r"|" + _ADDRESSEE + r"(?=\s+hay\b)|ban|nho\s+" + _ADDRESSEE + r")\s+)*"
)
# The courtesy words as spelled with accents: "Bản tóm tắt …" (a summary, the question's
# subject) is no "Bạn tóm tắt …" (you, summarise).
_COURTESY = frozenset(
    {"hãy", "xin", "vui", "lòng", "làm", "ơn", "đề", "nghị", "yêu", "cầu", "please", "kindly"}
    | {"bạn", "nhờ", "anh", "chị", "anh/chị", "đồng", "chí"}
)
_AFTER = r"(?:\s+(?:giup|cho)\s+(?:toi|minh))?"


@dataclass(frozen=True)
class Opening:
    """Where the request that opens a question is written (characters of the question)."""

    start: int
    end: int


@functools.cache
def _phrases() -> dict[str, str]:
    """Each request phrase, unaccented -> as spelled (lower case)."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    spelled = [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]
    return {fold(p): normalize_tones(p) for p in spelled}


# An English verb opens a request only before what it asks for: "State the …", "Name the …",
# "List all …", "Give me …", "Describe how …"; "State budget revenue …", "Name changes …" and
# "List prices …" are a question's own words.
_DETERMINERS = (
    r"(?:the|a|an|all|each|every|any|some|its|their|this|these|those|me|us|how|what"
    r"|which|who|whom|whose|when|where|why|whether)\b"
)
# Or before a place or body's name in the possessive ("State Đồng Nai's 2030 target …", "Give
# Cà Mau's testing capacity …"), written with a capital (``_owner_named``): "State budget's …"
# is no request.
_POSSESSIVE = r"(?:[\w.-]+\s+){0,2}[\w.-]+['’]s\b"
_ENGLISH_OBJECT = rf"(?=\s+(?:{_DETERMINERS}|{_POSSESSIVE}))"


@functools.cache
def _pattern() -> re.Pattern[str]:
    def alternative(folded: str) -> str:
        words = r"\s+".join(map(re.escape, folded.split()))
        english = _phrases()[folded] == folded  # spelled without accents: an English verb
        return words + _ENGLISH_OBJECT if english else words

    words = "|".join(alternative(p) for p in sorted(_phrases(), key=lambda p: -len(p)))
    return re.compile(rf"\W*(?P<before>{_BEFORE})(?P<request>{words})(?!\w){_AFTER}[\s:,.;-]*")


# The mark of an item of a numbered list of questions, copied with it (unaccented, lower
# case): "1. Nêu …", "2) Cho biết …", "Câu 3: …", "Question 4: …", "b) Liệt kê …". A
# question's own figure never opens it so ("15.000 ca …" has no space after the point). A
# mark is followed by the question's first word: not by digits, which continue a figure or a
# time written with a space ("3. 000 ca …", "7: 00 sáng …"), nor by a conjunction, which
# joins it to other marks the question cites ("a) và b) khác nhau thế nào?": a document's
# points).
_ITEM = re.compile(
    r"\W*(?:(?P<word>cau|question|q)\s*\d{1,3}\s*[:.)-]|\d{1,3}\s*[.):]|[a-h]\s*\))\s+"
    r"(?!\d|(?:va|hoac|and|or)\b)"
)
_ITEM_WORDS = frozenset({"câu", "cau", "question", "q"})


def item_end(text: str) -> int:
    """Where the mark of a numbered list item opening ``text`` ends (0 when none).

    >>> [item_end(q) for q in ("1. Nêu số ca", "Câu 2: Cho biết", "b) List the", "15.000 ca",
    ...     "Cầu 2: x", "2021. Nêu", "3. 000 ca", "a) và b)")]
    [3, 7, 3, 0, 0, 0, 0, 0]
    """
    plain = strip_diacritics(text).lower()
    m = _ITEM.match(plain) if len(plain) == len(text) else None
    if m is None:
        return 0
    if m.group("word") and text[m.start("word") : m.end("word")].lower() not in _ITEM_WORDS:
        return 0  # "Cầu 2: …" (a bridge), not "Câu 2: …" (question 2)
    return m.end()


# A phrase or a sentence that sets the request's scope before it: "Theo báo cáo năm 2021, nêu
# …", "Về công tác tiêm chủng: cho biết …", "Về Kế hoạch 99 của Cà Mau. Đề nghị nêu …", "Theo
# Quyết định 2750; cho biết …", "Bắc Giang – đợt dịch năm 2021. Xác định …", "According to the
# plan, state …". Its words are the question's; the request after it is read as one opening
# the question. At most the first four such marks (a comma, a colon, a semicolon, a sentence's
# end, a dash between spaces) within the first 200 characters.
_COMMA = re.compile(r"[,;:]|[.!?](?=\s)|(?<!\d)\s[–—-](?=\s)|\s[–—-](?=\s(?!\d))")
_LEAD_CHARS = 200


def _request(text: str, plain: str) -> re.Match[str] | None:
    """The request of ``_pattern`` in ``text`` (``plain``: unaccented, lower case), spelled
    as listed: opening it, after a list item's mark, or after a phrase and a comma."""
    start = item_end(text)
    commas = [c.end() for c in _COMMA.finditer(plain, start, start + _LEAD_CHARS)]
    for at in [start, *commas[:4]]:
        if at > start and plain[at - 1] != "," and _asks_before(text[start:at], plain[start:at]):
            break  # "Cà Mau có bao nhiêu ca; nêu rõ nguồn": the question is asked before it
        m = _pattern().match(plain, at)
        if (
            m is not None
            and _spelled(text, m)
            and _owner_named(text, m)
            and not _not_a_request(text, m, plain)
        ):
            return m
    return None


def _asks_before(lead: str, plain_lead: str) -> bool:
    """Whether the words before a request after a colon, a semicolon, a sentence's end or a
    dash ask a question of their own (a question mark, an English question word, a
    Vietnamese one, a yes-or-no ending): then they are the question, and what follows adds to
    it ("Cà Mau có bao nhiêu ca; nêu rõ nguồn", "Which agency issued Plan 99: give …"). Not
    read before a comma, which opens a scope phrase as before ("Với các xã chưa có ca nào,
    nêu …", "Về thủ tục cấp bản sao, nêu …")."""
    if (
        "?" in lead
        or _ENGLISH_ASKED.search(plain_lead)
        or _YES_NO.search(plain_lead.rstrip(" .:;–—-"))
    ):
        return True
    return _asks_question(lead, plain_lead)


_ENGLISH_ASKED = re.compile(r"^\W*(?:what|which|who|whom|whose|when|where|why|how)\b")


# Request verbs that are nouns too: "Báo cáo số ca …" asks for a figure, "Báo cáo số 12/BC-UBND
# …", "Báo cáo của Sở Y tế …", "Báo cáo tổng kết năm 2021 có bao nhiêu …" name a report (the
# question's subject, asked with its own question word).
_ALSO_NOUNS = frozenset({"bao cao", "thong ke"})
# Request verbs that are as often the question's own verb ("Cung cấp bao nhiêu liều …", a
# heading "Điều 7. Cung cấp dữ liệu"): a request only after a courtesy word ("Xin cung cấp …",
# "Đề nghị cung cấp …").
_COURTEOUS_ONLY = frozenset({"cung cap"})
# "Tính" asks a computation only before what it computes ("Tính tổng số trạm …", "Tính số
# ngày từ … đến …", "Tính tỷ lệ …"); "Tính đến ngày …" (as of), "Tính từ …", "Tính theo …",
# "Tính chung …" open as many questions, and unaccented "tinh" is also "tỉnh" (a province).
_COMPUTED = re.compile(r"\s*(?:tong|so|t[yi] le|trung binh|binh quan|phan tram|muc)\b")
_NAMES_ONE = re.compile(r"\s*(?:so\s+\d|\d|cua\b|nay\b|tren\b|do\b)")
# A question word of the rest's own, as written with accents ("số máy", a count of machines,
# is no "số mấy"); without accents, ``_ASKED``.
_OWN_QUESTION = re.compile(r"\b(?:bao nhiêu|nào|gì|ai|bao giờ|bao lâu|mấy|đâu|sao)\b")
# Request verbs that are also an action a question asks about: "Xác định F0 như thế nào?",
# "Tra cứu kết quả ở đâu?" ask how, where or when it is done (the verb is the question's own,
# as "Tiêm vắc xin ở đâu?"); "Xác định cơ quan nào …" still asks a thing.
_ALSO_ACTIONS = frozenset({"xac dinh", "tra cuu"})
_HOW_WHERE_WHEN = re.compile(r"\b(?:thế nào|ra sao|cách nào|đâu|khi nào|lúc nào|bao giờ|bao lâu)\b")
_HOW_WHERE_WHEN_PLAIN = re.compile(
    r"\b(?:the nao|ra sao|cach nao|(?:o|tai|tu|den|ve) dau|khi nao|luc nao|bao gio|bao lau)\b"
)
# A passive or a copula right after the verb: it is a clause's predicate, no imperative
# ("… xác định là F0 khi nào?", "xác định được bao nhiêu ca?").
_PREDICATE = re.compile(r"\s+(?:la|duoc|bi)\b")


def _not_a_request(text: str, m: re.Match[str], plain: str) -> bool:
    """Whether the request verb ``m`` is a word of the question here, not a request: a noun
    (``_ALSO_NOUNS``), a predicate (``_PREDICATE``) or the action asked (``_ALSO_ACTIONS``).

    >>> [request_span(q) is None for q in ("Xác định F0 như thế nào?", "Xác định số ca.")]
    [True, False]
    """
    verb = " ".join(m.group("request").split())
    rest, plain_rest = text[m.end("request") :], plain[m.end("request") :]
    accented = strip_diacritics(rest) != rest
    if verb in _COURTEOUS_ONLY and not m.group("before").strip():
        return True  # "Cung cấp bao nhiêu liều …", "Điều 7. Cung cấp dữ liệu …": the verb asked
    if verb == "tinh" and not _COMPUTED.match(plain_rest):
        return True  # "Tính đến ngày 16/11, …": as of, no request
    if verb in _ALSO_NOUNS | _ALSO_ACTIONS and _PREDICATE.match(plain_rest):
        return True
    if verb in _ALSO_ACTIONS:
        if accented:
            return bool(_HOW_WHERE_WHEN.search(normalize_tones(rest.lower())))
        return bool(_HOW_WHERE_WHEN_PLAIN.search(plain_rest))
    if verb not in _ALSO_NOUNS:
        return False
    if _NAMES_ONE.match(plain_rest):
        return True
    return _asks_question(rest, plain_rest, _ASKED)


def asks_own(text: str) -> bool:
    """Whether the words after the request that opens ``text`` ask a question of their own
    (a question word, "Cho biết Cà Mau có bao nhiêu ca …", "Nêu số ca mắc ngày nào …", or a
    yes-or-no "… có còn hoạt động không"): then they say what is asked, not the noun the
    request governs. False when no request opens it.

    >>> asks_own("Cho biết Cà Mau có bao nhiêu ca"), asks_own("Nêu rõ ngày kinh phí bị thu hồi")
    (True, False)
    >>> asks_own("cho biet so ca mac ngay nao"), asks_own("Cho biết khu cách ly còn không?")
    (True, True)
    """
    opened = _opened(text)
    if opened is None:
        return False
    if _YES_NO.search(opened.rest):
        return True
    return _asks_question(text[opened.opening.end :], opened.rest)


def asks_anything(text: str) -> bool:
    """Whether ``text`` asks something: a question word (with or without accents, or
    English), a yes-or-no ending or a request opening it. What tells an acronym from the
    question's own word: "ứng dụng AI … nào?" asks with "nào", "Kế hoạch do AI ký?" with
    "AI" alone (qa/acronyms.py).

    >>> asks_anything("Đồng Nai ứng dụng trong lĩnh vực nào?"), asks_anything("Kế hoạch do ký?")
    (True, False)
    >>> asks_anything("Nêu các ứng dụng của Đồng Nai."), asks_anything("How many firms use?")
    (True, True)
    """
    plain = fold(text)
    return bool(
        _ENGLISH_ANY.search(plain)
        or _YES_NO.search(plain)
        or _asks_question(text, plain)
        or request_span(text) is not None
    )


# An English question word anywhere ("… use AI, and which agency leads it?").
_ENGLISH_ANY = re.compile(r"\b(?:what|which|who|whom|whose|when|where|why|how)\b")


def _asks_question(words: str, plain_words: str, plain: re.Pattern[str] | None = None) -> bool:
    """Whether ``words`` (``plain_words``: unaccented, lower case) hold a question word: as
    written with accents (``_OWN_QUESTION``), else by ``plain`` (``_ASKED_PLAIN`` unless
    given), which reads some words ambiguous without accents."""
    if strip_diacritics(words) == words:
        return bool((plain or _ASKED_PLAIN).search(plain_words))
    return bool(_OWN_QUESTION.search(normalize_tones(words.lower())))


# A yes-or-no question's end ("… có còn hoạt động không?", "… đã hoàn thành chưa"), unaccented.
_YES_NO = re.compile(r"\b(?:khong|chua)\s*[?.!]*\s*$")
# A question word of a rest written without accents, where "dau" is also "đầu" ("bình quân
# đầu người") and "may" "máy" ("máy thở"): "đâu" only after a preposition, "mấy" not at all.
_ASKED_PLAIN = re.compile(
    r"\b(?:nao|gi|ai|bao nhieu|sao|bao gio|bao lau|(?:o|tai|ve|den|tu) dau)\b"
)


def governed_kind(text: str, english: bool) -> str | None:
    """The kind the noun a request governs decides for the whole question (``head_kind``),
    over the kind any keyword of the rest would give ("Nêu rõ ngày … kinh phí …" a date,
    though "kinh phí" reads as a figure). In English always ("Provide the date on which …":
    a "which" after it is relative); in Vietnamese only after a request for a thing (not
    "Mô tả", "Trình bày", "Liệt kê" …, whose verb says it) and when the rest asks no
    question of its own (``asks_own``). A comparison is kept by the caller.

    >>> governed_kind("Nêu rõ ngày hằng năm mà kinh phí bị thu hồi", english=False)
    'date'
    >>> governed_kind("Trình bày thời gian triển khai", english=False) is None
    True
    """
    opened = _opened(text)
    if opened is None:
        return None
    if not english and (opened.verb in _VERB_KIND or asks_own(text)):
        return None
    return head_kind(text)


def _owner_named(text: str, m: re.Match[str]) -> bool:
    """Whether an English request's object is a determiner or a name written with a capital
    (the possessive of ``_ENGLISH_OBJECT``); always for a Vietnamese request."""
    folded = " ".join(m.group("request").split())
    if _phrases()[folded] != folded:
        return True
    after = text[m.end("request") :].split(maxsplit=1)
    if not after or re.fullmatch(_DETERMINERS, strip_diacritics(after[0]).lower()):
        return True
    return after[0][:1].isupper()


def _spelled(text: str, m: re.Match[str]) -> bool:
    """Whether the request ``m`` found unaccented is written as one: its courtesy words and
    verb without accents or with the listed ones ("Nếu …", *if*, is no "Nêu …")."""
    before = text[m.start("before") : m.end("before")].lower().split()
    if any(w != strip_diacritics(w) and normalize_tones(w) not in _COURTESY for w in before):
        return False
    written = " ".join(text[m.start("request") : m.end("request")].lower().split())
    folded = " ".join(m.group("request").split())
    return written == folded or normalize_tones(written) == _phrases()[folded]


def _verb(text: str, plain: str) -> str:
    """The request verb in ``text`` (one with a request), unaccented, spaces single."""
    m = _request(text, plain)
    return " ".join(m.group("request").split()) if m else ""


# Several readers of one question ask for its request (``qa.query.understand``, the kinds,
# ``question_form``, ``qa.parts``): found once per text.
@functools.lru_cache(maxsize=512)
def request_span(text: str) -> Opening | None:
    """The request opening ``text`` (a cleaned question), with its courtesy words and the
    marks after it; None when the question does not open with one, or is nothing else.
    A numbered list item's mark before it ("1. Nêu …") is part of the opening; after a
    phrase that sets its scope ("Theo báo cáo năm 2021, nêu …"), the opening is the request.

    >>> request_span("Theo báo cáo năm 2021, nêu số ca tử vong ở Cà Mau.")
    Opening(start=22, end=27)
    """
    plain = strip_diacritics(text).lower()
    if len(plain) != len(text):
        return None  # a character that unaccents to two: positions would not map back
    m = _request(text, plain)
    if m is None or not re.search(r"\w", plain[m.end() :]):
        return None  # "Liệt kê?": nothing asked but the request
    led = m.start() > item_end(text)
    return Opening(m.start() if led else 0, m.end())


# What the words right after a request ask for (unaccented, lower case): "Nêu số ca …" a
# figure, "Liệt kê các biện pháp …", "Find all …" several things, "Cho biết ngày …" a date,
# "Kể tên cơ quan …" a name, "Find the rate of …" a figure. Grammar of the request, read
# only when the rest of the question has no question word of its own (``qa.query.understand``).
_NEXT_KIND = (
    (
        "list",
        re.compile(
            r"(?:ten )?(?:cac|nhung|mot so|mot vai|tat ca)\b"
            r"|all\b|the (?:main )?(?:measures|steps|tasks)\b"
        ),
    ),
    (
        "number",
        re.compile(
            r"(?:tong(?! (?:ket|quan|the)\b)|so luong|so(?! hieu)|t[yi] le|muc|the number|the total"
            r"|the (?:rate|percentage|proportion|share|amount))\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"(?:ngay|thoi diem|thoi han|thoi gian|thoi ky|giai doan|moc thoi gian|nam nao"
            r"|the (?:date|deadline|period|year))\b"
        ),
    ),
    ("entity", re.compile(r"(?:ten|so hieu|co quan|don vi|the (?:name|agency|body|department))\b")),
)
# A word of ``_NEXT_KIND`` that unaccents as another does, as it must be spelled to say the
# kind ("số", not "Sở" or "sơ"; "mức", not "mục tiêu"), and the words that, unaccented, say
# it is the other ("muc tieu", "muc dich").
_SPELLED = {"so": "số", "muc": "mức"}
_UNACCENTED_OTHER = re.compile(r"muc (?:tieu|dich|luc)\b")
# What the request verb itself asks when the words after it do not say.
_VERB_KIND = {
    "liet ke": "list",
    "list": "list",
    "ke ten": "entity",
    "neu ten": "entity",
    "name": "entity",
    "trinh bay": "explanation",
    "tom tat": "explanation",
    "mo ta": "explanation",
    "giai thich": "explanation",
    "lam ro": "explanation",
    "explain": "explanation",
    "clarify": "explanation",
    "describe": "explanation",
    "summarise": "explanation",
    "summarize": "explanation",
    "outline": "explanation",
}


@dataclass(frozen=True)
class _Opened:
    """A question's request as its readers need it."""

    opening: Opening
    plain: str  # the question unaccented, lower case
    verb: str  # the request verb, unaccented, spaces single

    @property
    def rest(self) -> str:
        """What follows the request, unaccented, lower case."""
        return self.plain[self.opening.end :]


@functools.lru_cache(maxsize=512)
def _opened(text: str) -> _Opened | None:
    """The request opening ``text`` with its verb, None when no request opens it (once per
    text: the kinds, ``asks_what`` and ``question_form`` each read it)."""
    opening = request_span(text)
    if opening is None:
        return None
    plain = strip_diacritics(text).lower()
    return _Opened(opening, plain, _verb(text, plain))


def opening_kind(text: str) -> str | None:
    """The kind of answer a question opening with a request asks by its words (see
    ``_NEXT_KIND``, then the verb), None when they do not say or no request opens it."""
    opened = _opened(text)
    if opened is None:
        return None
    opening, rest, verb = opened.opening, opened.rest, opened.verb
    asked = head_kind(text)
    if asked:
        return asked
    if verb in _BARE_NOUN_VERBS and _bare_noun(text[opening.end :], rest):
        return "entity"  # "Cho biết văn bản căn cứ …" asks which one, as ``question_form`` reads
    return _VERB_KIND.get(verb)


def head_kind(text: str) -> str | None:
    """The kind the words right after the request name (``_NEXT_KIND``, then the measures
    and places of ``qa/data/request_heads.tsv``): "Nêu số ca …" a figure, "Provide the date
    on which …" a date, "Nêu công suất giường …" a figure; None when they name none.

    >>> head_kind("Provide the date on which Bac Giang issued Directive 07"), head_kind("Nêu rõ")
    ('date', None)
    """
    opened = _opened(text)
    if opened is None:
        return None
    opening, rest, verb = opened.opening, opened.rest, opened.verb
    for kind, words in _NEXT_KIND:
        m = words.match(rest)
        if m is None or (kind == "number" and verb in {"ke ten", "neu ten"}):
            continue  # after "tên", unaccented "so" is "Sở": a name, no count
        word = m.group()
        if word in _SPELLED:
            written = text[opening.end : opening.end + len(word)].lower()
            if written not in {word, _SPELLED[word]}:
                continue  # "Sở", "sơ lược", "mục tiêu"
            if written == word and _UNACCENTED_OTHER.match(rest):
                continue
        return kind
    return _measure_or_place(text, opened)


def _measure_or_place(text: str, opened: _Opened) -> str | None:
    """The kind a measure or a place of ``qa/data/request_heads.tsv`` asks when the request
    governs it as the one thing asked: "Cho biết công suất giường …", "Nêu mục tiêu tỷ
    trọng …", "State the bed capacity of …" a figure, "Nêu rõ địa điểm đặt …" a name. Not
    after a request for content or a list ("Mô tả quy mô …", "Giải thích tốc độ …", "Liệt
    kê địa điểm …": the verb says it), not when the rest asks a question word of its own
    ("Nêu tốc độ tăng trưởng … như thế nào"), not before "và" or a comma ("Nêu quy mô và
    hình thức …", "Nêu vị trí, vai trò …": several things) and, in English, not in a compound
    ("the capacity building activities", "the population policy").

    >>> _measure_or_place("Nêu kim ngạch xuất khẩu của Cà Mau", _opened("Nêu kim ngạch xuất khẩu"))
    'number'
    >>> _measure_or_place("Nêu quy mô và hình thức", _opened("Nêu quy mô và hình thức")) is None
    True
    """
    if opened.verb in _VERB_KIND or asks_own(text):
        return None
    accented = strip_diacritics(text) != text
    for kind, words in _HEADS:
        m = words.match(opened.rest)
        if m is None:
            continue
        if accented and m.group("vi"):
            # With accents, a noun as it is spelled ("địa chí", a gazetteer, is no "địa chỉ").
            start = opened.opening.end + m.start("vi")
            written = normalize_tones(text[start : start + len(m.group("vi"))].lower())
            if written not in _SPELLED_HEADS:
                continue
        return kind
    return None


HEADS = Path(__file__).resolve().parent / "data" / "request_heads.tsv"
_HEAD_KINDS = frozenset({"number", "date", "entity"})


def _head_rows() -> list[tuple[str, str, str]]:
    """(noun as spelled, lower case, kind, language) of each row of
    ``qa/data/request_heads.tsv``."""
    rows = []
    for n, line in enumerate(HEADS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 3 or fields[1] not in _HEAD_KINDS or fields[2] not in {"vi", "en"}:
            raise ValueError(f"{HEADS}:{n}: expected noun<TAB>number|date|entity<TAB>vi|en")
        rows.append((normalize_tones(fields[0].lower()), fields[1], fields[2]))
    return rows


def _head_patterns(
    rows: list[tuple[str, str, str]],
) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per kind, the table's nouns (``rows``) as the rest of a request may open with them:
    Vietnamese after an optional "mục tiêu" / "chỉ tiêu", then not "và" / "hoặc" or a comma;
    English after "the" and at most one word, then a preposition, a relative, a comma or the
    end."""
    out = []
    for kind in ("number", "date", "entity"):

        def nouns(language: str, kind: str = kind) -> str:
            chosen = {fold(n) for n, k, said in rows if k == kind and said == language}
            return "|".join(sorted(chosen, key=lambda n: (-len(n), n))) or "(?!)"

        out.append(
            (
                kind,
                re.compile(
                    rf"(?:(?:muc tieu|chi tieu) )?(?P<vi>{nouns('vi')})\b"
                    r"(?!\s*(?:[,;/]|va\b|hoac\b))"
                    rf"|the (?:[a-z-]+ )?(?:{nouns('en')})"
                    r"(?=\s*(?:$|[,.;:?]|(?:of|for|in|at|on|by|per|that|which|from|to|under"
                    r"|during|as|where|when|before|after|between)\b))"
                ),
            )
        )
    return tuple(out)


_HEAD_ROWS = _head_rows()
_HEADS = _head_patterns(_HEAD_ROWS)
_SPELLED_HEADS = frozenset(n for n, _kind, said in _HEAD_ROWS if said == "vi")


# "Name the department that …", "List the measures …": "Which department …", "Which measures …";
# "Give the number of people …": "How many people …" (unaccented, lower case, after a request).
_ENGLISH_FORMS = (
    # "State the date Sóc Trăng issued …", "Give the date on which … takes effect": "On what
    # date …", as the readers of a document's dates ask it (qa/document.py).
    # Not "the date from which / by which / of …" (a start, a deadline, the date of a thing).
    (
        re.compile(
            r"the (?:exact |precise )?date (?:on which |when |that )?"
            r"(?!(?:from|by|until|of|for|to|and|or|range|format|before|after|at|in|which)\b)"
        ),
        "On what date ",
    ),
    # "a number of" is "several": no count asked; "the number of the decision" is its number
    # ("How many the decision" is no question): a count is of a noun without a determiner
    (re.compile(r"(?:the )?(?:total )?number of\s+(?!(?:the|this|that|its|their)\b)"), "How many "),
    (re.compile(r"(?:the |a |an )(?!(?:total )?number of\b)"), "Which "),
)
_ENGLISH_WHICH_VERBS = frozenset({"name", "list", "identify", "specify", "find", "look up"})
_ENGLISH_COUNT_VERBS = frozenset(
    {"give", "state", "tell me", "show me", "list", "name", "provide", "specify", "indicate"}
    | {"report", "find", "look up", "calculate", "confirm"}
)
# The English requests that ask what something is, as "What is …?" does (not "List", "Name",
# which ask which ones); and those a date is asked with ("On what date …").
_ENGLISH_WHAT_VERBS = _ENGLISH_COUNT_VERBS - {"list", "name"}
_ENGLISH_DATE_VERBS = _ENGLISH_WHAT_VERBS | {"identify"}
# The verbs each form of ``_ENGLISH_FORMS`` is read after.
_FORM_VERBS = {
    "On what date ": _ENGLISH_DATE_VERBS,
    "How many ": _ENGLISH_COUNT_VERBS,
    "Which ": _ENGLISH_WHICH_VERBS,
}


def asks_what(text: str) -> bool:
    """Whether ``text`` opens with an English request that asks what something is ("State
    …", "Give …", "Provide …", "Find …"; not "Describe …", "List …"), as "What is …?" does.

    >>> asks_what("State Đồng Nai's 2030 target."), asks_what("Describe the plan.")
    (True, False)
    """
    opened = _opened(text)
    return opened is not None and opened.verb in _ENGLISH_WHAT_VERBS


def question_form(text: str) -> str:
    """A request for a name written as the question it asks, for the readers of "X nào" /
    "which X" (the kind of name asked, its head noun, a body asked to act): "Nêu tên bệnh viện
    của Bắc Giang được …" reads as "bệnh viện nào của Bắc Giang được …", "Kể tên cơ quan chủ trì
    …" as "cơ quan nào chủ trì …", "Name the department that …" as "Which department that …",
    "Give the number of people …" as "How many people …"; a body or document asked by a bare
    noun too ("Nêu cơ quan chủ trì …" as "cơ quan nào chủ trì …", see ``_bare_noun``). The mark
    of a numbered list item the question was copied with ("1. ", "Câu 2: ") is dropped. Anything
    else is returned as it is.

    >>> question_form("Nêu tên bệnh viện của Bắc Giang được Sun Group thiết lập ICU.")
    'bệnh viện nào của Bắc Giang được Sun Group thiết lập ICU.'
    >>> question_form("Nêu tên người ký Kế hoạch 0204/KH-UBND của Cà Mau.")
    'ai ký Kế hoạch 0204/KH-UBND của Cà Mau.'
    >>> question_form("ke ten co quan chu tri xay dung san giao dich")
    'co quan nao chu tri xay dung san giao dich'
    >>> question_form("Name the department that must issue the standards.")
    'Which department that must issue the standards.'
    >>> question_form("Give the number of people Cà Mau had vaccinated.")
    'How many people Cà Mau had vaccinated.'
    >>> question_form("Câu 2: Nêu cơ quan chủ trì tiêm chủng."), question_form("1. Nêu số ca.")
    ('cơ quan nào chủ trì tiêm chủng.', 'Nêu số ca.')
    >>> question_form("1. Kể tên các bệnh viện dã chiến."), question_form("Cà Mau có mấy ca?")
    ('Kể tên các bệnh viện dã chiến.', 'Cà Mau có mấy ca?')
    """
    as_written = text[item_end(text) :]
    opened = _opened(text)
    if opened is None:
        return as_written
    opening, plain, verb = opened.opening, opened.plain, opened.verb
    # The phrase before a request, kept before the question it asks ("Theo …, cơ quan nào …").
    lead = f"{text[item_end(text) : opening.start].rstrip()} " if opening.start else ""
    rest, plain_rest = text[opening.end :], plain[opening.end :]
    for pattern, said in _ENGLISH_FORMS:
        m = pattern.match(plain_rest)
        if m and said == "Which " and head_kind(text) == "number":
            break  # "Find the rate of …" asks a figure, as "What is the rate …": no "Which rate"
        if m and verb in _FORM_VERBS[said]:
            return f"{lead}{said.lower() if lead else said}{rest[m.end() :]}"
    named = plain_rest.startswith("ten ")
    if verb not in {"ke ten", "neu ten"} and not named:
        bare = _bare_noun(rest, plain_rest) if verb in _BARE_NOUN_VERBS else 0
        if bare:
            return f"{lead}{rest[:bare]} {_which(rest)}{rest[bare:]}"
        if verb in _BARE_NOUN_VERBS and not asks_own(text):
            when = _date_asked(rest, plain_rest)
            if when:
                return f"{lead}{when}"
        return as_written
    if named:
        rest, plain_rest = rest[4:], plain_rest[4:]
    if _SEVERAL.match(plain_rest):
        return as_written  # "Kể tên các …", "Kể tên một số …", "Kể tên 5 …": several, a list
    if _OF_THE_NAME.match(plain_rest):
        return as_written  # "Nêu tên đầy đủ của Ban …": which name of a thing, not which thing
    head = _head_noun(rest)
    if not head:
        return as_written
    if strip_diacritics(rest[:head]).lower() == "nguoi":
        return f"{lead}ai{rest[head:]}"  # "người nào ký …" is "ai ký …"
    return f"{lead}{rest[:head]} {_which(rest)}{rest[head:]}"


# The day or the moment a request asks ("Cho biết ngày UBND tỉnh ban hành …", "Nêu thời điểm
# … có hiệu lực"), unaccented, and the question it is asked with, after the rest: "vào ngày
# nào", "khi nào". Not a day already written ("ngày 16/11/2021", "ngày nay", "ngày này"), not
# a word "ngày" opens ("ngày công", "ngày lễ", "ngày làm việc"), not several things ("ngày và
# nơi …", "ngày, giờ …"), not "ngày ký …" / "ngày ban hành …" (read so already, however long
# the title after them), not "ngày hết hiệu lực", not a period or a time scope ("thời điểm
# giai đoạn 2", "thời điểm hiện tại …").
_DATE_ASKED = re.compile(
    r"(ngay|thoi diem)\s+(?!\d|(?:nao|nay|do|tren|thang|va|hoac|cong|dem|gio|le|hoi|lam viec"
    r"|thu|mai|hom|nghi|thuong|tet|ky|ban hanh|het|bat dau|ket thuc|giai doan|dot|thoi ky"
    r"|hien tai|hien nay|cuoi|dau|nam|quy)\b|[,;/])"
)
# After the rest, another day, a second sentence or several things asked: not one question.
_DATE_SEVERAL = re.compile(
    r"\bngay\b|[.;?!]\s+\S|\bva (?:co quan|nguoi|noi|dia diem|so|don vi|ten|ai)\b"
)
_WHEN = {"ngay": ("vào ngày nào", "vao ngay nao"), "thoi diem": ("khi nào", "khi nao")}
_SPELLED_DATE = {"ngay": "ngày", "thoi diem": "thời điểm"}


def _date_asked(rest: str, plain_rest: str) -> str:
    """The words after a request for a day or a moment, asked as a question ("ngày UBND tỉnh
    ban hành Quyết định 2750 …" → "UBND tỉnh ban hành Quyết định 2750 … vào ngày nào?"), as
    the readers of a document's dates (``qa.document.FIELD_PATTERNS``: "ban hành … ngày nào",
    "hiệu lực … khi nào") and of an event's ask it; "" when the rest opens with no such noun,
    with another word the noun opens ("ngày công", "ngày hội"), or with a leading "của" only.

    >>> _date_asked("ngày Nghệ An ban hành kế hoạch.", "ngay nghe an ban hanh ke hoach.")
    'Nghệ An ban hành kế hoạch vào ngày nào?'
    >>> _date_asked("ngày 16/11/2021 có bao nhiêu ca", "ngay 16/11/2021 co bao nhieu ca")
    ''
    """
    m = _DATE_ASKED.match(plain_rest)
    if m is None:
        return ""
    noun = m.group(1)
    accented = strip_diacritics(rest) != rest
    if accented:
        if normalize_tones(rest[: len(noun)].lower()) != _SPELLED_DATE[noun]:
            return ""  # "ngáy", "Ngãy": no day
        if _head_noun(rest) != len(noun):
            return ""  # "ngày công" (man-days), "ngày hội": another word
    after = rest[m.end() :].rstrip(" .?!;:")
    plain_after = strip_diacritics(after).lower()
    if _DATE_SEVERAL.search(plain_after):
        return ""  # "ngày bắt đầu và ngày kết thúc …", "… QĐ 855. Nêu người ký."
    lead = re.match(r"(?:cua|ma)\s+", plain_after)
    if lead:
        after = after[lead.end() :]  # "ngày của công văn 674 …", "ngày mà UBND tỉnh …"
    if not after:
        return ""
    return f"{after} {_WHEN[noun][0 if accented else 1]}?"


def _which(text: str) -> str:
    """ "nào" as ``text`` writes it, with or without accents."""
    return "nao" if strip_diacritics(text) == text else "nào"


# The requests that ask for the thing a bare noun after them names ("Nêu cơ quan chủ trì …",
# "Cho biết văn bản …"); "Trình bày kế hoạch …", "Liệt kê …", "Tóm tắt …" ask its content.
_BARE_NOUN_VERBS = frozenset(
    {"neu", "neu ro", "cho biet", "cho toi biet", "cho minh biet", "xac dinh", "tra cuu"}
)
# The nouns that, bare after such a request, ask which one (unaccented): a body ("cơ quan",
# "đơn vị", "lực lượng"; "sở" only spelled so, "Ban", "Bộ", "Ngành" also capitalised, as a
# body is written: unaccented they are also "số", "bàn", "bỏ", lower case "bộ tiêu chí", "ban
# ngày"; not "tổ chức", a verb as often: "Nêu tổ chức thực hiện kế hoạch") and a document of
# the kinds a report rests on or cites by number (qa/data/document_kinds.tsv, "which"), not
# of those whose content is what "Nêu kế hoạch …", "Cho biết thông báo …", "Nêu kết luận …"
# ask.
_BODIES = r"co quan|don vi|luc luong"
_SPELLED_BODIES = frozenset({"Sở", "sở", "Ban", "Bộ", "Ngành"})
_CONTENT_KINDS = frozenset(
    {"ke hoach", "thong bao", "chuong trinh", "de an", "ket luan", "to trinh", "bao cao"}
)
# A question word of the rest's own ("Cho biết cơ quan nào …", "Nêu văn bản gì …", "Nêu tổ
# chức tiêm chủng ra sao", "… bao giờ", "… bao lâu"): it is asked already. Unaccented, so
# "ai" is also "ái", "gi" "gì" and "sao" "bản sao": a false match only keeps the request as
# written.
_ASKED = re.compile(r"\b(?:nao|gi|ai|bao nhieu|may|dau|sao|bao gio|bao lau)\b")


def _bare_noun(rest: str, plain_rest: str) -> int:
    """Where a body or document noun opening ``rest`` (after a request) ends, when it names
    the one thing asked: not a proper name ("Sở Y tế", "Bộ Công an"), not a document by its
    number ("Quyết định số 12", "Kế hoạch 552/KH-UBND"), not when the rest asks its own
    question word; 0 otherwise.

    >>> _bare_noun("cơ quan chủ trì lễ", "co quan chu tri le")
    7
    >>> _bare_noun("Sở Y tế làm gì", "so y te lam gi"), _bare_noun("Kế hoạch 5", "ke hoach 5")
    (0, 0)
    >>> _bare_noun("ban hành quy chế", "ban hanh quy che")
    0
    """
    from qa.document_kinds import WHICH_KINDS_VI

    m = re.match(rf"(?:{_BODIES}|{WHICH_KINDS_VI}|so|ban|bo|nganh)\b", plain_rest)
    if m is None or _ASKED.search(plain_rest):
        return 0
    noun = m.group()
    if noun in {"so", "ban", "bo", "nganh"} and rest[: m.end()] not in _SPELLED_BODIES:
        return 0
    if noun in _CONTENT_KINDS:
        return 0
    end = m.end()
    if strip_diacritics(rest) != rest:
        # The noun is a whole word as the segmenter reads the rest: a longer first word that
        # a one-syllable noun opens is another word ("ban hành", "bộ phận", "ngành nghề"),
        # one that a noun of several syllables opens is that noun's compound, asked whole
        # ("lực lượng vũ trang nào", "cơ quan chuyên môn nào").
        head = _head_noun(rest)
        if head > end and " " not in noun:
            return 0
        end = max(end, head)
    after = rest[end:].split(maxsplit=1)
    if not after or after[0][:1].isupper() or after[0][:1].isdigit():
        return 0
    if strip_diacritics(after[0]).lower().strip(".,;:") in {"so", "nay", "tren", "do"}:
        return 0  # "Quyết định số …", "văn bản này", "văn bản trên": a document named already
    return end


# Words that open several names, not one: "các", "những", "một số", "tất cả", a count. Read
# unaccented, so "nam" is "năm" (five) and "Nam", "ba" is "ba" and "bà": a false match only
# keeps the request as written, read as on main ("Kể tên 5 huyện …" was "5 nào huyện …").
_SEVERAL = re.compile(
    r"(?:cac|nhung|mot so|mot vai|tat ca|moi|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\b|\d"
)


# Words after "tên" that say which name of a thing is asked, or join "tên" to what else is
# asked ("tên đầy đủ", "tên gọi", "tên viết tắt", "tên của …", "tên và chức vụ …"): no noun
# named opens the rest, and "X nào" would read "đầy đủ nào", "của nào" (unaccented).
_OF_THE_NAME = re.compile(
    r"(?:cua|va|hoac|day du|goi|viet tat|chinh thuc|cu|moi|khac|rieng|tieng|nay|do)\b"
)


def _head_noun(text: str) -> int:
    """Where the noun opening ``text`` ends: its first word as underthesea segments it
    ("bệnh_viện", "cơ_quan", "Sở"), or its first two syllables when written without
    accents (the segmenter reads those poorly; most Vietnamese nouns are two syllables)."""
    words = list(re.finditer(r"\w+", text))
    if not words:
        return 0
    if strip_diacritics(text) == text:
        return words[min(1, len(words) - 1)].end()
    from ingest.nlp import segment_question

    first = segment_question(text[: words[min(3, len(words) - 1)].end()]).split()[0]
    return words[min(first.count("_"), len(words) - 1)].end()
