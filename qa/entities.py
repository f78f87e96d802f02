"""What an entity question expects its answer to name.

"Theo văn bản nào?" is answered by a sentence that cites a document ("Công điện số
03/CĐ-UBND"), "công ty nào?" by one that names a company, "ở đâu?" by a place; a
sentence that only repeats the question's words does not answer it. Cues are matched
on the folded question, expectations on the sentence as written (capitals mark names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.document_kinds import ENGLISH_KINDS, WHICH_KINDS_EN, WHICH_KINDS_VI
from qa.name_spans import governed_end, listed_name_end

if TYPE_CHECKING:
    from qa.sentences import Sentence

# "which department", "which HCMC department", "which provincial agency": up to two words
# (a place, an adjective) may stand between "which" and what is asked for.
WHICH = r"\bwhich (?:[a-z'.-]+ ){0,2}?"
# The English nouns of a body asked for ("which department", "which agency"): one list for the
# name questions here and for reading a question as asking one body (qa.query.asks_one_body).
BODY_NOUNS_EN = r"(?:agency|department|unit|body|office|ministry|authority|organi[sz]ation)"

# The kinds of document a question may ask for by its kind, folded: "căn cứ nghị định nào",
# "Kế hoạch hành động nào của Tỉnh ủy", "bằng quyết định số mấy" (qa.query reads such a
# question as a name question with the same list; not "pháp luật"): the folded words of the
# `which` rows of qa/data/document_kinds.tsv, one group.
DOCUMENT_KINDS_VI = WHICH_KINDS_VI
# The same in English, after "which" / "what" and up to four words that are no verb
# ("which Government decree", "which 2025 plan of the Party Committee", "which September
# 2024 letter", "which national disaster prevention strategy"); the nouns are the English
# words of the `which` rows of qa/data/document_kinds.tsv.
_DOCUMENT_KINDS_EN = (
    r"\b(?:which|what) (?:(?!(?:is|are|was|were|does|did|do|must|has|had|have|will|should"
    r"|can)\b)[a-z0-9'.-]+ ){0,4}?" + WHICH_KINDS_EN + r"\b"
)

_EXPECT: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(
            r"\bvan ban nao\b|\btheo van ban\b|\b" + DOCUMENT_KINDS_VI + r"(?: [a-z0-9]+){0,2}"
            r" (?:nao|so may)\b|" + _DOCUMENT_KINDS_EN + r"|\bso hieu\b"
        ),
        re.compile(
            r"\b(?:Quyết định|Chỉ thị|Công điện|Thông báo|Nghị quyết|Kế hoạch|Công văn|"
            r"Văn bản|Luật)\s+(?:số\s*:?\s*)?\d|\b\d+\s*[-/]\s*[A-ZĐ]{2,}"
        ),
    ),
    (
        re.compile(r"\b(?:cong ty|doanh nghiep) nao\b|" + WHICH + "(?:company|companies|business)"),
        re.compile(r"\b(?:Công ty|công ty|Doanh nghiệp)\s+[A-Z0-9]"),
    ),
    (
        re.compile(r"\bbenh vien nao\b|\bwhich hospital\b|\bco so nao\b"),
        re.compile(r"\b(?:Bệnh viện|bệnh viện|Trung tâm|cơ sở)\s+[A-ZĐ0-9]"),
    ),
    (
        re.compile(
            r"\bo dau\b|\bnoi nao\b|\bdia diem nao\b|\b(?:huyen|xa|tinh|thanh pho) nao\b"
            r"|\bwhere\b|" + WHICH + r"(?:district|commune|locality|localities)\b"
        ),
        re.compile(
            r"\b(?:huyện|xã|thị xã|thành phố|thị trấn|phường|tại|ở|Trụ sở|trụ sở)\s+[A-ZĐ0-9]"
        ),
    ),
    (
        re.compile(
            # The bodies qa.query reads as one body asked ("đơn vị sự nghiệp nào", "which
            # body", "which ministry").
            r"\bai\b|\bwho\b|\b(?:co quan|don vi)(?: [a-z]+){0,2} nao\b"
            r"|\b(?:to chuc|luc luong) nao\b|" + WHICH + BODY_NOUNS_EN + r"\b"
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


# ------------------------------------------------------------------ the kind of thing asked
# When no cue above says what the answer names, the question still names the kind of thing
# it asks for: "mô hình nào" (a model), "trung tâm gì", "through which platform", "which
# company". A sentence that writes that kind followed by a name of its own ("Mô hình Tổ
# COVID-19 cộng đồng", "nền tảng … LGSP") names a thing of the asked kind. Folded question.
_HEAD_VI = re.compile(r"\b([a-z]+ [a-z]+) (?:nao|gi)\b")
_HEAD_EN = re.compile(r"\b(?:which|what)((?: [a-z0-9'.-]+){1,4})")
# Words that end the noun phrase after "which" / "what" (a verb, a preposition).
_HEAD_EN_END = frozenset(
    "is are was were does did do must has had have will should can could may would "  # noqa: SIM905
    "of in on for to at by with from under that".split()
)
# Folded words that are no name's first word: grammar, and the number word of a document.
_NOT_A_NAME = frozenset(
    "la cua o tai ve cho voi den tu va cac nhung mot trong tren duoc da co bang theo qua "  # noqa: SIM905
    "thuoc nhu nay do nao gi so".split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9./-]*")


class AskedHead:
    """The kind of thing a name question asks for, as the reports write it (folded
    alternatives: "nen tang" for "which platform"); :meth:`names` tells whether a sentence
    writes it followed by a name of its own.

    >>> head = asked_head("soc trang neu mo hinh nao trong bao cao")
    >>> head.names("Mô hình Tổ COVID-19 cộng đồng được triển khai rộng rãi.")
    True
    >>> head.names("Nhân rộng mô hình nào hiệu quả."), head.names("Tổ COVID cộng đồng.")
    (False, False)
    """

    def __init__(self, heads: tuple[str, ...], question_words: frozenset[str]) -> None:
        self.heads = heads
        self.question_words = question_words
        self._pattern = re.compile(
            r"\b(?:" + "|".join(re.escape(h) for h in heads) + r")\s+(" + _WORD.pattern + ")"
        )

    def names(self, quote: str) -> bool:
        from hoidap.text import fold

        for m in self._pattern.finditer(fold(quote)):
            word = m.group(1)
            if word not in _NOT_A_NAME and word not in self.question_words:
                return True
        return False


def asked_head(folded_question: str) -> AskedHead | None:
    """The kind of thing the question asks for (:class:`AskedHead`): the two words before
    "nào" / "gì", or the English noun after "which" / "what" read through the glossary;
    None when it says none (or only a grammar word, "là gì").

    >>> asked_head("through which platform is the map connected?").heads
    ('nen tang',)
    >>> asked_head("ho so nop bang hinh thuc nao").heads, asked_head("covid-19 la gi")
    (('hinh thuc',), None)
    """
    from hoidap.text import fold

    words = frozenset(_WORD.findall(folded_question))
    m = _HEAD_VI.search(folded_question)
    if m and not set(m.group(1).split()) & _NOT_A_NAME:
        return AskedHead((m.group(1),), words)
    for m in _HEAD_EN.finditer(folded_question):
        phrase = []
        for word in m.group(1).split():
            if word in _HEAD_EN_END:
                break
            phrase.append(word)
        if not phrase:
            continue
        from qa.glossary import glosses

        found = glosses(" ".join(phrase))
        if found:
            # English names its head last ("which Government decree"): the last term read.
            last = max(found, key=lambda g: " ".join(phrase).rfind(g.said))
            return AskedHead(tuple(dict.fromkeys(fold(a) for a in last.alternatives)), words)
    return None


# Who is to do something in a plan: "cơ quan nào chủ trì", "sở nào được giao", "which
# department leads". Checked on the question as written too: folded, "sở nào" (which
# department) and "số nào" (which number) are one string.
_ASKS_BODY = re.compile(
    r"\bai\b|\bwho\b|\b(?:co quan|don vi|to chuc|luc luong) nao\b"
    r"|" + WHICH + BODY_NOUNS_EN
)
# The body asked as the one that acts ("cơ quan nào thẩm định", "which department must"): not
# a person ("ai", "who": a post is no task's body), nor the body something goes to, through or
# comes from ("báo cáo qua cơ quan nào", "gửi về cơ quan nào", "theo đề nghị của cơ quan nào").
_ASKS_ACTOR = re.compile(
    r"(?<!\bqua )(?<!\bve )(?<!\bcua )(?<!\bvoi )(?<!\bcho )(?<!\btoi )(?<!\bden )"
    r"\b(?:co quan|don vi|to chuc|luc luong)(?: [a-z]+){0,2} nao\b"
    r"|(?<!\bto )(?<!\bthrough )(?<!\bfrom )(?<!\bwith )(?<!\bof )" + WHICH + BODY_NOUNS_EN
)
_ASKS_BODY_ACCENTED = re.compile(r"\b(?:sở|ban|bộ|ngành) nào\b", re.IGNORECASE)
# A body named at the start of a heading or a sentence (after "Đề nghị" or "Các").
# The kind words that open a body's name ("Sở Tài chính", "Kho bạc Nhà nước"), read both where a
# heading or sentence opens with a body and where a sentence names one.
_BODY_KINDS = (
    "Sở|Ban|Bộ|Ủy ban|Uỷ ban|UBND|Văn phòng|Trung tâm|Hội|Đài|Liên đoàn|Cục|Kho bạc|Thanh tra"
    "|Viện|Ngân hàng|Bảo hiểm|Tỉnh đoàn|Thành đoàn|Mặt trận"
)
_BODY_START = re.compile(
    r"^(?:Đề nghị\s+)?(?:(?:Các|các)\s+)?"
    rf"(?:Công [Aa]n|Báo|Quỹ|Chủ tịch|Giám đốc|Thủ trưởng|{_BODY_KINDS})\b"
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


def cites_document(text: str) -> bool:
    """Whether ``text`` cites a document by its number ("Quyết định số 2222/QĐ-UBND")."""
    return _DOCUMENT_NAME.search(text) is not None


def body_named(text: str) -> bool:
    """Whether ``text`` names a body anywhere ("… giao Sở Tài chính chủ trì")."""
    return _BODY.search(text) is not None


def names_body(text: str) -> bool:
    """Whether ``text`` opens with the name of a body ("Sở Y tế chủ trì …")."""
    return _BODY_START.match(_HEADING_NUMBER.sub("", text.strip(), count=1)) is not None


def answering_body(
    folded_question: str, quote: str, section_path: tuple[str, ...], owner: str = ""
) -> str:
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

    name = heading_body(quote, section_path, owner)
    return "" if name and fold(name) in folded_question else name


def heading_body(quote: str, section_path: tuple[str, ...], owner: str = "") -> str:
    """The body a plan's task belongs to when the task itself does not name it.

    Plans assign tasks under one heading per body ("1. Công an tỉnh", then "Chủ trì,
    phối hợp … tham mưu …"): the sentence's subject is the heading. The heading's name
    (without its number, up to "chủ trì", ":" or "(") when the innermost heading names
    a body and the sentence does not open with a body of its own; else ``owner``, the body
    the lines around the task name (:func:`owner_body`); "" otherwise.

    >>> heading_body("Chủ trì, phối hợp với các sở nghiên cứu tích hợp bài giảng.",
    ...              ("III. TỔ CHỨC THỰC HIỆN", "4. Sở Nội vụ"))
    'Sở Nội vụ'
    >>> heading_body("- Điều phối chung.", ("V. TỔ CHỨC THỰC HIỆN",), "Sở Y tế")
    'Sở Y tế'
    """
    if names_body(quote) or _ASSISTS.match(quote):
        return ""
    if not section_path:
        return owner
    heading = _HEADING_NUMBER.sub("", section_path[-1].strip(), count=1).strip(" *_:")
    if len(heading) > 120 or not names_body(heading):
        return owner
    heading = re.sub(r"^Đề nghị\s+", "", heading)
    return _HEADING_TAIL.split(heading, maxsplit=1)[0].strip(" ,;*_")


# Where else a plan names a task's body when neither the task's sentence nor its heading
# does: the paragraph that opens its items ("1. Giao Sở Nông nghiệp và Môi trường là cơ quan
# đầu mối, …, tổ chức thực hiện các nhiệm vụ sau:" then "- Điều phối chung, …"), or a
# labelled line after the task ("*Đơn vị chủ trì tham mưu thực hiện: *Sở Nội vụ.").
_BULLET = re.compile(r"^\s*[-+•–]\s")
_LABELLED_LEAD = re.compile(
    r"^[\s*_]*(?:Đơn vị|Cơ quan)\s+chủ trì[^:]{0,40}:[\s*_]*(?P<name>[^.;(]+)"
)
_LABELLED = re.compile(r"^[\s*_]*(?:Đơn vị|Cơ quan|Thời gian|Thời hạn|Kinh phí)[^:]{0,40}:")
_OPENING_NUMBER = re.compile(r"^[\s*_#]*(?:(?:[0-9]+|[IVXLC]+)(?:\.[0-9]+)*[.)]|[a-zđ]\))\s*")
_OWNER_TAIL = re.compile(
    r"\s+(?:là|chủ trì|phối hợp|có trách nhiệm|thực hiện|chủ động|tổ chức)\b|[:(]"
)


def owner_body(lines: list[str], at: int) -> str:
    """The body the lines around a task name as its lead, for the task on line ``at`` of
    ``lines`` (a passage's lines): a labelled "Đơn vị chủ trì …:" line among the task's own
    labelled lines just after it, or, for an item ("- …"), the numbered or "…:" paragraph
    that opens its items when that paragraph opens with a body; "" otherwise.

    >>> owner_body(["1. Giao Sở Y tế là cơ quan đầu mối, tổ chức các nhiệm vụ sau:", "",
    ...             "- Điều phối chung, đôn đốc việc triển khai Kế hoạch;"], 2)
    'Sở Y tế'
    >>> owner_body(["- Nghiên cứu tham mưu cơ chế, chính sách.", "",
    ...             "*Đơn vị chủ trì tham mưu thực hiện: *Sở Nội vụ.",
    ...             "*Đơn vị phối hợp: *Sở Tư pháp."], 0)
    'Sở Nội vụ'
    """
    if not 0 <= at < len(lines):
        return ""
    for line in lines[at + 1 :]:
        if not line.strip():
            continue
        m = _LABELLED_LEAD.match(line)
        if m:
            return m.group("name").strip(" *_,")
        if not _LABELLED.match(line):
            break
    if not _BULLET.match(lines[at]):
        return ""
    for line in reversed(lines[:at]):
        if not line.strip() or _BULLET.match(line) or _LABELLED.match(line):
            continue
        text = line.strip().strip("*_ ")
        if not (_OPENING_NUMBER.match(text) or text.endswith(":")):
            return ""
        text = re.sub(r"^Giao\s+", "", _OPENING_NUMBER.sub("", text, count=1))
        if not names_body(text):
            return ""
        return _OWNER_TAIL.split(text, maxsplit=1)[0].strip(" ,;*_")
    return ""


def sentence_owner(sentence: Sentence) -> str:
    """:func:`owner_body` for a sentence of a passage (its source line in its chunk)."""
    chunk = sentence.chunk
    return owner_body(chunk.text.split("\n"), sentence.line - chunk.line_start)


# ------------------------------------------------------------------ role and new-name cues
# What a "which body" question asks of it: the one that leads a task ("chủ trì", "đầu mối",
# "thường trực", "tham mưu", "được giao", "which department leads"), or one that assists
# ("phối hợp với cơ quan nào", "which ministry must it work with"). Folded question.
_ASKS_LEAD = re.compile(
    r"\bchu tri\b|\bdau moi\b|\bthuong truc\b|\btham muu\b|\bduoc giao\b|\bchiu trach nhiem\b"
    r"|\bleads?\b|\bleading\b|\bin charge\b|\bfocal\b|\bstanding (?:body|agency)\b"
    r"|\bresponsible\b|\btasked\b"
)
_ASKS_ASSIST = re.compile(
    r"\bphoi hop voi (?:(?:co quan|don vi|so|bo|ban|nganh|luc luong|to chuc) )?nao\b"
    r"|\bphoi hop voi ai\b|\b(?:coordinates?|works?|cooperates?) with (?:which|whom|what)\b"
)
# A body named in a sentence, as written: its kind word and the two words after it ("Sở Tài
# chính", "Công an Thành phố", "Bộ Nội vụ"), enough to tell it from the question's bodies.
_BODY = re.compile(
    rf"(?<!\w)(?:Bộ Chỉ huy|Bộ Tư lệnh|Công an|{_BODY_KINDS})(?:\s+[^\s,;.:()]+){{1,2}}"
)
# A document's code ("03/CĐ-UBND", "45/2017/NĐ-CP", "10-CTr/TU", "328-KH/TU").
_CODE = re.compile(r"\b\d+(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-ZĐa-z]*(?:\s*[-/]\s*[A-ZĐ0-9]+)*")
_LEADS = re.compile(r"\bchủ trì\b|\blà cơ quan (?:thường trực|đầu mối)\b", re.IGNORECASE)
# What may stand before a body that opens a sentence: a heading's number, "Đề nghị", "Các".
_OPENING = re.compile(
    r"[\s*_#-]*(?:(?:[0-9]+|[IVXLC]+)(?:\.[0-9]+)*[.)]|[a-zđ]\))?\s*(?:Đề nghị\s+)?(?:[Cc]ác\s+)?"
)
_ASSISTS_WORD = re.compile(r"\bphối hợp\b", re.IGNORECASE)

ENTITY_FEATURES: tuple[str, ...] = ("entity_new", "entity_role_agree", "entity_role_conflict")


def asked_body_role(folded_question: str) -> str:
    """'assist' when the question asks which body assists, 'lead' when it asks which one
    leads a task, '' when it says neither.

    >>> asked_body_role("cong an tinh phoi hop voi co quan nao?")
    'assist'
    >>> asked_body_role("so nao chu tri trien khai ke hoach?")
    'lead'
    """
    if _ASKS_ASSIST.search(folded_question):
        return "assist"
    return "lead" if _ASKS_LEAD.search(folded_question) else ""


def _key(name: str) -> str:
    from hoidap.text import fold

    return fold(name).strip(" ,;.:")


def body_roles(
    quote: str, section_path: tuple[str, ...] = (), owner: str = ""
) -> tuple[list[str], list[str]]:
    """The bodies a sentence makes lead (named just before "chủ trì", opening the sentence,
    or its task's heading) and those it makes assist (named after "phối hợp"), folded.

    >>> body_roles("d) Sở Công Thương chủ trì, phối hợp với Sở Nông nghiệp và các đơn vị.")
    (['so cong thuong'], ['so nong nghiep'])
    >>> body_roles("Chủ trì, phối hợp Bộ Chỉ huy Quân sự tỉnh.", ("IV. X", "1. Công an tỉnh"))
    (['cong an tinh'], ['bo chi huy quan su'])
    """
    lead: list[str] = []
    assist: list[str] = []
    heading = heading_body(quote, section_path, owner)
    if heading:
        lead.append(_key(" ".join(heading.split()[:3])))
    for m in _BODY.finditer(quote):
        name = _key(m.group(0))
        before = quote[: m.start()]
        after = quote[m.end() : m.end() + 40]
        helper = _ASSISTS_WORD.search(before[-60:]) is not None
        if not helper and (
            _LEADS.search(after) is not None
            or _OPENING.fullmatch(before) is not None
            or re.search(r"\b[Gg]iao\s+(?:\S+\s+){0,2}$", before) is not None
            # A labelled line: "Đơn vị chủ trì tham mưu thực hiện: Sở Nội vụ."
            or re.search(r"\bchủ trì[^:]{0,40}:[\s*_]*$", before) is not None
        ):
            lead.append(name)
        elif helper:
            assist.append(name)
    return lead, assist


def entity_features(
    folded_question: str, quote: str, section_path: tuple[str, ...] = (), owner: str = ""
) -> dict[str, float]:
    """The cues of one sentence for a question asking a name: whether it names a body or a
    document the question does not name itself (``entity_new``: a sentence that only repeats
    the question's names answers nothing), and whether the body in the role asked — the lead
    for "chủ trì", one that assists for "phối hợp với cơ quan nào" — is a new one
    (``entity_role_agree``) or only the other role's is (``entity_role_conflict``).

    >>> q = "so nao chu tri dam bao dau ra cho nong san?"
    >>> entity_features(q, "d) Sở Công Thương chủ trì, phối hợp với Sở Nông nghiệp.")
    {'entity_new': 1.0, 'entity_role_agree': 1.0, 'entity_role_conflict': 0.0}
    >>> entity_features(q, "Phối hợp với Sở Công Thương bảo đảm đầu ra cho nông sản.")
    {'entity_new': 1.0, 'entity_role_agree': 0.0, 'entity_role_conflict': 1.0}
    """
    lead, assist = body_roles(quote, section_path, owner)
    named = [*lead, *assist, *(_key(m.group(0)) for m in _CODE.finditer(quote))]
    new = [n for n in named if n and n not in folded_question]
    # A question asking which body does a task, in no role's words ("which department
    # must …", "cơ quan nào thẩm định …"), asks the one that does it: the lead.
    asked = asked_body_role(folded_question) or (
        "lead" if _ASKS_ACTOR.search(folded_question) else ""
    )
    wanted, other = (assist, lead) if asked == "assist" else (lead, assist)
    agree = bool(asked) and any(n in new for n in wanted)
    conflict = bool(asked) and not agree and any(n in new for n in other)
    return {
        "entity_new": float(bool(new)),
        "entity_role_agree": float(agree),
        "entity_role_conflict": float(conflict),
    }


# ------------------------------------------------------------------ the name an answer leads with
# What an official reads first of a name answer is the name: "Công ty May Baian Vina — <quote>".
# The patterns above tell where a sentence names a thing of the asked kind; these read how far
# the name runs. A document: its kind, number and date as written ("Nghị quyết số 214/NQ-CP ngày
# 23/7/2025"). Anything else: the kind word, then the words of the name (a capitalised word, a
# number, the lowercase second syllable of a capitalised word, "và" / "-" between capitalised
# words, up to two lowercase words before a capitalised one: "Trung tâm Ứng dụng … Khoa học và
# Công nghệ thành phố Cần Thơ"), up to a punctuation mark or a word that is no name's.
_DOCUMENT_NAME = re.compile(
    r"\b(?:Quyết định|Nghị định|Nghị quyết|Chỉ thị|Công văn|Công điện|Kế hoạch(?: hành động)?"
    r"|Thông báo|Thông tư|Văn bản|Luật|Tờ trình|Chương trình(?: hành động)?|Đề án|Kết luận"
    r"|Hướng dẫn)\s+(?:số\s*:?\s*)?(?P<code>\d+(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-ZĐa-z]*"
    r"(?:\s*[-/]\s*[A-ZĐ0-9][A-ZĐa-z0-9]*)*)"
    r"(?:,?\s+ngày\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
)
_HAMLET = re.compile(r"\b(?:thôn|ấp|bản|khu phố|tổ dân phố)\s+[A-ZĐ]")
# The document kind a question asks for, folded, from its English word (the `en` rows of
# qa/data/document_kinds.tsv).
_KIND_EN = ENGLISH_KINDS
_ASKED_KIND_VI = re.compile(r"\b" + DOCUMENT_KINDS_VI + r"(?: [a-z0-9]+){0,2} (?:nao|so may)\b")
_ASKED_KIND_EN = re.compile(_DOCUMENT_KINDS_EN)
# Lowercase words that end a name: grammar, and the verbs that follow a body or a place.
_NAME_END = frozenset(
    "là đã được có tại ở của về để với theo trên trong từ đến cho chủ phối thực làm sau "  # noqa: SIM905
    "trước khi nhằm do vào ra các những này đó bị sẽ đang thì mà nên trị gồm như bằng "
    "đề tham ban tổ triển đảm bảo xây nghiên kiểm báo gửi hướng".split()
)
_TOKEN = re.compile(r"\S+")
_TRAILING = " ,;:.)(“”\"'*_"
# "Giám đốc Sở Tài chính": a title just before a body is part of what is named.
_TITLE_BEFORE = re.compile(r"(?:Giám đốc|Chủ tịch|Thủ trưởng|Trưởng ban)\s+$")


def _capital(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit()


def _next_upper(tokens: list[tuple[str, int]], i: int) -> bool:
    return i < len(tokens) and tokens[i][0][:1].isupper()


def _name_from(quote: str, start: int, kind_end: int) -> str:
    """The name that opens at ``start`` of ``quote``, its kind word ending at ``kind_end``."""
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(quote, kind_end)]
    end = kind_end
    prev_capital = True  # "Công an tỉnh", "Bệnh viện 30/4": the kind counts as capitalised
    for i, (raw, at) in enumerate(tokens):
        word = raw.rstrip(_TRAILING)
        stops = word != raw  # punctuation after it ends the name
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if word == "các" and (governed := governed_end(quote, end)) > end:
            return quote[start:governed].strip(_TRAILING)  # "Ban Quản lý các khu công nghiệp"
        if not word or raw[0] in '(“"[' or (word.lower() in _NAME_END and not _capital(word)):
            break
        if word in ("và", "-", "–"):
            if not nxt[:1].isupper():
                break
            end, prev_capital = at + len(word), False
            continue
        if word[:1].isdigit():
            # "Bệnh viện 30/4", "Bệnh viện Dã chiến số 2": a number right after the kind or "số".
            before = quote[kind_end:at].split()
            if before and before[-1] != "số":
                break
        elif word.lower() == "tỉnh" or (word.lower() == "thành" and nxt.startswith("phố")):
            pass  # "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "… thành phố Cần Thơ"
        elif word[:1].isupper() or (
            word == "phố" and quote[:at].rstrip().lower().endswith("thành")
        ):
            prev_capital = word[:1].isupper()
        elif prev_capital or nxt[:1].isupper() or (nxt == "và" and _next_upper(tokens, i + 2)):
            # The second syllable of a capitalised word ("Tài chính"), or one lowercase word
            # before a capitalised one ("Khu kinh tế Đông Nam", "Chuyển đổi số và Đào tạo").
            prev_capital = False
        else:
            # A lowercase word that may still be the name's ("Trung tâm Chuyển đổi số và Đào
            # tạo thông tin …") or the sentence's ("Sở Khoa học và Công nghệ thành lập …"):
            # where the name ends is unclear, so none is cut.
            return ""
        end = at + len(word)
        if stops:
            break
    return quote[start:end].strip(_TRAILING)


def _asked_document_kind(folded_question: str) -> str:
    m = _ASKED_KIND_VI.search(folded_question)
    if m:
        kind = re.match(DOCUMENT_KINDS_VI, m.group(0))
        word = kind.group(0) if kind else ""
        return "" if word == "van ban" else word
    m = _ASKED_KIND_EN.search(folded_question)
    if m:
        for en, vi in _KIND_EN.items():
            if re.search(rf"\b{en}s?\b", m.group(0)):
                return vi
    return ""


def _in_question(name: str, folded_question: str) -> bool:
    from hoidap.text import fold

    return fold(name) in folded_question


def asked_name(
    folded_question: str,
    question: str,
    quote: str,
    section_path: tuple[str, ...] = (),
    owner: str = "",
) -> str:
    """The one name of the asked kind ``quote`` writes that the question does not: a document
    for "theo văn bản nào" / "which decree", a company, a hospital or facility, a place, a body
    in the role asked ("sở nào chủ trì"); "" when the question asks a person ("ai", "who", whose
    title and name the signer's answer reads), sets no kind, or the sentence names none or
    several (an answer never leads with a name it cannot tell is the one).

    >>> asked_name("cong ty nao co nhieu cong nhan mac nhat?", "Công ty nào có nhiều công nhân "
    ...            "mắc nhất?", "Khi đó Công ty Hosiden là công ty có số công nhân mắc nhiều nhất.")
    'Công ty Hosiden'
    >>> asked_name("can cu nghi dinh nao?", "Căn cứ nghị định nào?",
    ...            "Căn cứ Nghị định số 45/2017/NĐ-CP ngày 21/4/2017 và Luật Ngân sách.")
    'Nghị định số 45/2017/NĐ-CP ngày 21/4/2017'
    >>> asked_name("so nao chu tri?", "Sở nào chủ trì?", "Sở Y tế phối hợp với Sở Tài chính.")
    ''
    """
    if re.search(r"\bai\b|\bwho\b", folded_question):
        return ""
    expected = expectation(folded_question)
    if expected is None:
        return _head_name(folded_question, quote)
    names: list[str] = []
    if expected is _EXPECT[0][1] and not asks_body(question):
        kind = _asked_document_kind(folded_question)
        from hoidap.text import fold

        for m in _DOCUMENT_NAME.finditer(quote):
            number = re.match(r"\d+", m.group("code"))
            named = number is not None and re.search(rf"\b{number.group(0)}\b", folded_question)
            if named or (kind and not fold(m.group(0)).startswith(kind)):
                continue
            names.append(m.group(0))
    elif asks_body(question):
        lead, assist = body_roles(quote, section_path, owner)
        asked = asked_body_role(folded_question) or (
            "lead" if _ASKS_ACTOR.search(folded_question) else ""
        )
        wanted = assist if asked == "assist" else lead
        for m in _BODY.finditer(quote):
            if asked and _key(m.group(0)) not in wanted:
                continue
            start = m.start()
            title = _TITLE_BEFORE.search(quote[:start])
            name = _name_from(quote, start, start + len(m.group(0).split()[0]))
            if name:  # "Sở Văn hóa, Thể thao và Du lịch" goes on past its comma
                name = quote[start : listed_name_end(quote, start + len(name))]
            if title:
                name = quote[title.start() : start] + name
            if name and not _in_question(name, folded_question):
                names.append(name)
    else:
        places = [expected.finditer(quote)]
        if expected is _EXPECT[3][1]:
            # A hamlet is a place too: "tại thôn Phương Lạn 3 … tại Bệnh viện K" names two.
            places.append(_HAMLET.finditer(quote))
        for m in (m for found in places for m in found):
            word = m.group(0)
            # "tại Bệnh viện …", "ở Công ty …": what follows names the place.
            skip = re.match(r"(?:tại|ở)\s+", word)
            start = m.start() + (skip.end() if skip else 0)
            head = re.match(
                r"\S+(?:\s+(?:viện|ty|nghiệp|tâm|xã|phố|trấn|sở|dân phố))?", quote[start:]
            )
            kind_end = start + (head.end() if head else 0)
            name = _name_from(quote, start, kind_end)
            if name and len(name.split()) > 1 and not _in_question(name, folded_question):
                names.append(name)
    from hoidap.text import fold

    distinct = list(dict.fromkeys(fold(n) for n in names))
    if len(distinct) != 1:
        return ""
    return next(n for n in names if fold(n) == distinct[0])


# A name written in quotes just after the kind asked ("hệ thống phần mềm trực tuyến “Hệ thống
# thông tin …”", "nền tảng “Bình dân học vụ số”").
_QUOTED = re.compile(r"\s*[*_]*[“\"]([^”\"]{3,120})[”\"]")


def _head_name(folded_question: str, quote: str) -> str:
    """The name in quotes that a sentence writes just after the kind of thing asked
    (:func:`asked_head`); "" for none or several."""
    from hoidap.text import fold, strip_diacritics

    head = asked_head(folded_question)
    if head is None:
        return ""
    chars = [strip_diacritics(c).lower() for c in quote]
    if any(len(c) != 1 for c in chars):
        return ""
    folded = "".join(chars)
    at = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in head.heads) + r")\b")
    names: list[str] = []
    for m in at.finditer(folded):
        after = re.match(r"(?:\s+[^\s“\"]+){0,3}?" + _QUOTED.pattern, quote[m.end() :])
        if after:
            names.append(after.group(1).strip())
    distinct = list(dict.fromkeys(fold(n) for n in names))
    return names[0] if len(distinct) == 1 and not _in_question(names[0], folded_question) else ""
