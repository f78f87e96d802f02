"""Question understanding: language, provinces, dates and the kind of answer wanted.

The result steers retrieval (a Cà Mau question is not answered from the Sóc Trăng
report; an English question leans on the dense encoder) and answer selection (a
"bao nhiêu người" question wants a figure counted in people, on the asked date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from hoidap.errors import NO_WORDS, InputError
from hoidap.text import (
    DateMention,
    dates_in,
    fold,
    has_diacritics,
    has_words,
    nfc,
    normalize_tones,
)
from qa.acronyms import acronyms, fold_keeping
from qa.document_kinds import PROVISION_ASKED_VI
from qa.entities import BODY_NOUNS_EN, DOCUMENT_KINDS_VI, WHICH
from qa.glossary import glosses, translate_terms
from qa.name_spans import ASK_JOIN
from qa.qualifiers import find_qualifiers
from qa.requests import (
    asks_anything,
    asks_what,
    governed_kind,
    opening_kind,
    question_form,
    request_span,
)
from qa.synonyms import alternatives

MAX_QUESTION_CHARS = 1000

# Kinds of answer, recognised on folded (unaccented, lowercase) text.
_KIND_PATTERNS: list[tuple[str, str]] = [
    (
        "comparison",
        r"\bso sanh\b|\bso voi\b|\bcompare|\bcomparison\b|\bdifference between\b"
        r"|\bwhich province\b|\btinh nao\b",
    ),
    ("explanation", r"\bvi sao\b|\btai sao\b|\bly do\b|\bnguyen nhan\b|\bwhy\b|\breason"),
    (
        "date",
        r"\bkhi nao\b|\bngay nao\b|\bbao gio\b|\bthoi diem nao\b|\bthang nao\b|\bnam nao\b"
        # "When was …" asks for a date; "which company …, when the outbreak spread" does
        # not: the asking "when" opens the question or is followed by its verb.
        r"|^\W*when\b|\bwhen (?:was|were|did|does|do|is|are|will|would|must|should|can|could"
        r"|has|have|had|shall)\b|\b(?:since|until|till) when\b"
        r"|\bwhat date\b|\bwhich date\b|\bngay bao nhieu\b"
        r"|\bissue date\b|\b(?:what|which) years?\b|\bdeadline\b"
        # A period or a deadline asked for: "giai đoạn nào", "trong thời hạn nào", "vào những
        # mốc nào", "in which period" (not "chế độ thời gian nào", a working schedule).
        r"|\bgiai doan nao\b|\bthoi ky nao\b|\bthoi han nao\b|\bmoc (?:thoi gian )?nao\b"
        r"|(?<!che do )\bthoi gian nao\b|\b(?:which|what) (?:time )?period\b|\bby when\b",
    ),
    (
        "number",
        r"\bbao nhieu\b|\bmay\b (?:ca|nguoi|lieu|mui|dot|lan|khu|giuong|doi|to|chot)\b"
        r"|\bso luong\b|\bty le\b|\bphan tram\b|\btong so\b|\bhow many\b|\bhow much\b"
        r"|\bpercent|\bhow often\b"
        # "What export turnover …", "What is Đồng Nai's 2030 target for …": a quantity noun
        # after "what" asks for a figure.
        r"|\bwhat (?:[a-z0-9'’-]+ ){0,5}(?:share|proportion|rate|percentage|capacity|speed"
        r"|revenue|turnover|budget|funding|cost|amount|total|target|value|volume|output)\b"
        r"|\bwhat number\b|\bhow (?:large|big|high|fast)\b|\bnumber of\b|\bty dong\b"
        r"|\bkinh phi\b|\bcount\b",
    ),
    (
        "list",
        r"\bnhung (?:gi|bien phap|nhiem vu|giai phap|noi dung|don vi|hoat dong)\b"
        r"|\bgom nhung\b|\bliet ke\b|\bcac .{1,30} nao\b|\bwhat (?:measures|steps|tasks)\b"
        r"|\blist\b|\bwhich (?:measures|units|tasks)\b",
    ),
    (
        "entity",
        r"\bai\b|\bco quan nao\b|\bdon vi nao\b|\bvan ban nao\b|\bbenh vien nao\b"
        r"|\bo dau\b|\bve dau\b|\bnoi nao\b|\bdia diem nao\b|\bwho\b|\bwhich\b|\bwhere\b|\bla gi\b"
        r"|\b(?:huyen|xa|thanh pho|quoc gia|nuoc|cong ty|doanh nghiep|mo hinh) nao\b"
        r"|\bwhat (?:document|unit|agency|hospital)\b|\bso hieu\b|\bten\b"
        r"|\bwhat (?:is|was) the (?:name|title|theme|slogan|motto)\b"
        # "căn cứ nghị định nào", "thực hiện Kế hoạch hành động nào của Tỉnh ủy", "bằng quyết
        # định số mấy": a document asked by its kind is a name (its number), not an
        # explanation, which is what such a question fell through to.
        r"|\b" + DOCUMENT_KINDS_VI + r"(?: [a-z0-9]+){0,2} (?:nao|so may)\b"
        # A provision asked ("khoản nào của Luật Thủ đô", "điều mấy"): a name, as a document.
        r"|" + PROVISION_ASKED_VI,
    ),
]

# The unit a "bao nhiêu X" / "how many X" question counts in, folded.
# "bao nhiêu người" says it more surely than "số ..." earlier in the question, and "cơ sở
# cách ly" holds no "số" at all.
_UNIT_PATTERN = re.compile(
    r"(?:bao nhieu|how many|number of)\s+(?:the\s+)?([a-z0-9]+(?: [a-z0-9]+)?)"
)
_COUNT_PATTERN = re.compile(
    # "tỷ số", "chỉ số", "hệ số" (a ratio, an index, a coefficient) count nothing.
    r"(?:(?<!co )(?<!ty )(?<!chi )(?<!he )\bso(?! sanh| voi| hieu)|tong so|\bmay)"
    r"\s+([a-z0-9]+(?: [a-z0-9]+)?)"
)
# "nhiều mẫu xét nghiệm hơn": what a comparison counts, when no "bao nhiêu" says it.
_MORE_PATTERN = re.compile(r"(?<!bao )\b(?:nhieu|it)\s+([a-z0-9]+)\b.*\bhon\b")
_PERCENT_WORDS = frozenset({"phan_tram", "phan", "tram"})
# The verb that sets the asked figure beside its subject ("sản lượng điện ước đạt bao
# nhiêu", "… đạt bao nhiêu", "… chiếm bao nhiêu phần trăm"), folded: a report states the
# figure in many ways ("sản lượng điện sản xuất ước 8.223 triệu kWh", "đạt 100,12%",
# "chiếm 34,86%"), so the verb says how a figure is asked, not what about, and a sentence is
# not covered less for wording it otherwise. "ước" (an estimate, not the plan's figure) is
# kept. Written from the verbs Vietnamese reports use to state a figure; "là" and "có" are
# question stop words already.
_LINKING = re.compile(
    r"\b(?:uoc\s+)?(dat(?: duoc)?|chiem)\s+(?:khoang\s+|tong cong\s+)?(?:bao nhieu|may)\b"
)
# "Theo báo cáo của Sóc Trăng, …", "Báo cáo ghi …": the report named as the question's
# source, not a topic: its sentences about reporting ("báo cáo kết quả về Sở Y tế") are not
# what is asked. Folded, "bao" and "cao" are stop words already; accented, "báo_cáo" was kept.
_SOURCE_REPORT = re.compile(
    r"\b(?:theo|trong|tai)\s+(?:ban\s+)?bao cao\b"
    r"|^\W*bao cao\s+(?:\S+\s+){0,4}?(?:ghi|neu|cho biet)\b"
)
# The words that name the kind of figure a question asks, written without accents: a
# percentage, or a bound ("toi da" is also "tới"/"tôi" + "đã", "it nhat" "ít"/"nhất").
_FIGURE_KIND_WORDS = re.compile(
    r"\b(?:ty le|ti le|phan tram|toi da|toi thieu|it nhat|khong qua|khong duoi|khong it hon)\b",
    re.IGNORECASE,
)
_PERCENT_PATTERN = re.compile(
    r"\bty le\b|\bphan tram\b|%|\bpercent|\brate\b|\bproportion\b|\bshare\b"
)
# The folded units an amount of money is written in ("85.050.580.000 đồng", "259,5 tỷ đồng",
# "402.776 triệu đồng"), and the question's word for money ("bao nhiêu tiền").
MONEY_UNITS = frozenset({"dong", "ty", "trieu", "nghin", "vnd", "tien"})
# Money is what is asked: a money word before "bao nhiêu", or "how much" / "what was the
# cost" in English (``Query.asks_money``).
_ASKS_MONEY_VI = re.compile(
    r"\b(?:tien|kinh phi|ngan sach|chi phi|dong|von|chi)\b.*\bbao nhieu\b|\bbao nhieu tien\b"
)
_ASKS_MONEY_EN = re.compile(
    r"\bhow much\b"
    r"|\bwhat (?:was|is|were|are)\b.{0,40}?\b(?:costs?|budgets?|funding|spending|expenditures?)\b"
)
_MONEY_PATTERN = re.compile(
    # Not a bare "dong": "cộng đồng" folds to "cong dong".
    r"\bkinh phi\b|\b(?:ty|trieu|nghin|bao nhieu) dong\b|\bngan sach\b|\bfunding\b|\bbudget\b"
    r"|\btien\b"
    r"|\bvnd\b|\bspent\b|\bcost\b|\bmoney\b"
    # English words of money besides "funding", "budget", "cost": spending, fines.
    r"|\bspend(?:ing)?\b|\bexpenditures?\b|\bexpenses?\b|\bfines?\b"
    # "paid", "price" ask for money in "how much ... paid", not in a count ("how many
    # workers were paid unemployment support").
    r"|\bhow much\b.*\b(?:paid|pay|prices?)\b|\b(?:paid|pay|prices?)\b.*\bhow much\b"
    # Income and fundraising: "what revenue", "export turnover", "how much ... raised".
    r"|\brevenues?\b|\bturnover\b|\bhow much\b.*\braised\b"
    r"|\bwhat (?:was |is |were |are )?the prices?\b"
)
# The time of day a decision writes before its date ("từ 00 giờ 00 phút ngày 16/8/2021",
# "đến 24 giờ ngày 31/12", "từ 0h00 ngày"), folded: it belongs to the date.
_TIME_OF_DAY = r"(?:\d{1,2}\s*(?:gio|h)\s*(?:\d{1,2}\s*(?:phut|')?\s*)?,?\s*)?"
# The words just before a date (folded) that make it the end or the start of a period:
# "đến hết ngày 16/11/2021" is a cut-off, "từ 27/4/2021 (đến nay)" a start. Shared with
# the answerer, which reads the same words in report sentences.
UNTIL = re.compile(
    r"\b(?:den|toi|tinh den|den het|by|as of|until|through|to)\b\s*(?:het\s+)?(?:cuoi\s+)?"
    rf"{_TIME_OF_DAY}(?:ngay|thang|nam|the end of|end of)?\s*$"
)
SINCE = re.compile(rf"\b(?:tu|ke tu|bat dau tu|from|since)\s*{_TIME_OF_DAY}(?:ngay|thang|nam)?\s*$")
# How far before a date its "từ" or "đến" may stand, the time of day between them.
ROLE_WINDOW = 30
_FOLLOWUP_PATTERN = re.compile(
    r"^(?:con|va|the con|vay con|what about|and|how about)\b|\bthi sao\b"
    r"|\bthe nao\b\??$"
)
_EN_WORDS = re.compile(
    r"\b(?:the|how|many|what|which|when|did|does|was|were|is|are|of|in|by|"
    r"people|cases|province|vaccinated|report)\b"
)
# A folded Vietnamese syllable: onset, one to three vowels, final consonant. English
# words mostly fail it ("what", "many", "testing"); "to", "in", "the" pass and are left
# to ``_EN_WORDS``.
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$"
)
# Words a Vietnamese question borrows as they are.
_LOANWORDS = frozenset(
    [
        "covid",
        "sars",
        "cov",
        "vaccine",
        "vacxin",
        "vaccin",
        "test",
        "pcr",
        "rt",
        "ubnd",
        "hdnd",
        "tw",
        "f",
        "f0",
        "f1",
        "f2",
        "f3",
        "icu",
        "oxy",
        "delta",
        "omicron",
        "bluezone",
        "zalo",
        "app",
        "online",
        "kcn",
        "cp",
        "qd",
        "ttg",
        "ct",
        "kh",
        "nq",
        "byt",
        "vnd",
        "tp",
        "tx",
    ]
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def word_list(name: str) -> frozenset[str]:
    """One word or phrase per line of ``qa/data/<name>``; ``#`` lines are comments."""
    text = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


# Words that say what is asked, not what about: dropped from the content terms.
_QUESTION_STOP = word_list("question_stopwords.txt")


def question_stopwords() -> frozenset[str]:
    """The folded words no question term is made of alone ("bao", "nhieu", "co", "la")."""
    return _QUESTION_STOP


# English grammar words: not topic words an English question could want glossed.
_ENGLISH_FUNCTION = word_list("english_function_words.txt")
# Frequent English words that name no topic ("often", "take", "three", "largest"), which no
# glossary table reads: not named to the official as words hoidap cannot read.
_ENGLISH_LIGHT = word_list("english_light_words.txt")


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class _Found:
    """Where a pattern matched in the question (a :class:`_Span`)."""

    start: int
    end: int


@dataclass(frozen=True)
class Query:
    """A question as hoidap understands it.

    >>> q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    >>> q.provinces, q.kind, q.unit, q.as_of
    (('Cà Mau',), 'number', 'nguoi', datetime.date(2021, 11, 16))
    """

    text: str
    folded: str
    language: str  # "vi", "vi-noaccent" or "en"
    kind: str
    provinces: tuple[str, ...] = ()
    # The question as the official wrote it, when ``text`` is its request read as a question
    # ("Nêu tên bệnh viện …" as "bệnh viện nào …", ``qa.requests.question_form``): what the
    # answer shows back.
    said: str = ""
    province_members: tuple[tuple[str, ...], ...] = ()
    dates: tuple[DateMention, ...] = ()
    as_of: dt.date | None = None
    unit: str = ""
    # The other units an English head noun may be written in, one per gloss ("projects":
    # "dự án" or "đề án" -> unit "du", units ("de",)): a figure counted in any of them
    # agrees with the question (qa.figures.rank_figures).
    units: tuple[str, ...] = ()
    wants_percent: bool = False
    wants_money: bool = False
    terms: tuple[str, ...] = ()
    qualifiers: frozenset[tuple[str, str]] = frozenset()
    # The terms as matched against report text: accented for a question with diacritics
    # (folding merges "tái" and "tại", "tỉnh" and "tính"), folded otherwise.
    match_terms: tuple[str, ...] = ()
    inherited: tuple[str, ...] = field(default=())
    # Other ways the reports say a match term ("lockdown": "giãn_cách" or "phong_tỏa").
    paraphrases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # How much of an English question the glossary reads (1.0 for Vietnamese): BM25 sees
    # an English question only through its glosses (see :func:`gloss_share`).
    gloss_share: float = 1.0
    # The English question's words nothing reads (:func:`unread_words`): said when unsure.
    unread: tuple[str, ...] = ()
    # The other form of each abbreviation the question names, as the indexed documents
    # define it ("KCN" for "khu công nghiệp" and the reverse; qa/abbreviations.py): BM25
    # searches with them too.
    expansions: tuple[str, ...] = ()
    # A diacritic-free question's folded syllables in order, "" where a mention, a date or
    # punctuation breaks them: which of them make one word is read later from the passages
    # retrieved for it (qa/folded_words.py).
    syllables: tuple[str, ...] = ()
    # Each such word (and each single syllable they spell one way) as the passages spell it
    # ("dam_doi": "đầm_dơi", "huyen": "huyện"): how rare it is.
    spellings: tuple[tuple[str, str], ...] = ()

    def alternatives(self, term: str) -> tuple[str, ...]:
        """Other ways of saying ``term`` (compounds with "_"): the question's own glosses,
        then the reports' Vietnamese paraphrases."""
        # Two English terms may share their first gloss ("budget money": "kinh phí" both),
        # each with its own other ways of saying it: all of them are the term's.
        own = tuple(dict.fromkeys(a for t, alts in self.paraphrases if t == term for a in alts))
        accented = self.language in {"vi", "en"}
        return own + tuple(a.replace(" ", "_") for a in alternatives(term, accented))

    @property
    def accented(self) -> bool:
        """Whether the question is matched on words with their tone marks (a Vietnamese
        question written with diacritics, or an English one through its Vietnamese glosses),
        else on folded words: every place that tests a question's terms in a text reads it."""
        return self.language in {"vi", "en"} and bool(self.match_terms)

    @property
    def unit_required(self) -> bool:
        """A "bao nhiêu <noun>" question wants a figure counted in that noun; the answerer
        enforces it for the units it knows synonyms of (``qa.figures.UNIT_GROUPS``)."""
        return bool(self.unit) and not self.wants_percent

    @property
    def asks_money(self) -> bool:
        """The answer is an amount of money ("bao nhiêu tiền", "kinh phí … là bao nhiêu",
        "how much did … spend"): money words before the asking words, no percentage, and no
        other unit counted ("bao nhiêu người được hỗ trợ tiền ăn" counts people; "thời hạn
        phê duyệt kinh phí … là bao lâu" asks a time)."""
        asking = _ASKS_MONEY_EN if self.language == "en" else _ASKS_MONEY_VI
        return (
            self.wants_money
            and not self.wants_percent
            and (not self.unit or self.unit in MONEY_UNITS)
            and asking.search(self.folded) is not None
        )

    @property
    def allowed_provinces(self) -> set[str]:
        """Every pre-2025 province the question may be answered from (empty: any)."""
        return {m for members in self.province_members for m in members}

    @property
    def search_text(self) -> str:
        """The text sent to the retrievers: the question, plus Vietnamese glosses of its
        English terms so that BM25 can match a Vietnamese report."""
        return _search_text(self.text, self.folded, self.language)

    @property
    def sparse_text(self) -> str:
        """What BM25 searches: :attr:`search_text` and the abbreviations' other forms."""
        text = self.search_text
        return f"{text} {' '.join(self.expansions)}" if self.expansions else text


def search_text_of(question: str) -> str:
    """:attr:`Query.search_text` of a question asked on its own, read without the rest of
    :func:`understand` (no word segmentation): the pipeline starts embedding it at once.

    >>> search_text_of("Cà Mau đã tiêm bao nhiêu người?")
    'Cà Mau đã tiêm bao nhiêu người?'
    """
    text = question_form(clean_question(question))
    folded = fold(text)
    return _search_text(text, folded, detect_language(text, folded))


def _search_text(text: str, folded: str, language: str) -> str:
    if language != "en":
        return text
    glossed = translate_terms(folded)
    return f"{text} {' '.join(glossed)}" if glossed else text


def clean_question(question: str) -> str:
    """Validate and normalise raw user input; raises InputError with what to do."""
    if not isinstance(question, str):
        raise InputError("câu hỏi phải là văn bản / the question must be text")
    text = nfc(_CONTROL.sub(" ", question)).strip()
    if not text:
        raise InputError(
            "câu hỏi trống / the question is empty", "hãy nhập câu hỏi / type a question"
        )
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(
            f"câu hỏi quá dài ({len(text)} ký tự) / question too long ({len(text)} characters)",
            f"tối đa / at most {MAX_QUESTION_CHARS}",
        )
    if not has_words(text):
        raise InputError(*NO_WORDS)
    return re.sub(r"\s+", " ", text)


def detect_language(text: str, folded: str) -> str:
    """English if it reads as English (a province may still be written with diacritics),
    else Vietnamese with or without diacritics."""
    english = len(_EN_WORDS.findall(folded))
    words = re.findall(r"[a-z]+", folded)
    n = max(1, len(words))
    if english >= 3 or (english >= 2 and english / n > 0.2):
        return "en"
    # "What was Cà Mau's daily testing capacity…": most words could not be Vietnamese
    # syllables, whatever diacritics a province name carries.
    foreign = [w for w in words if not _VI_SYLLABLE.match(w) and w not in _LOANWORDS]
    if len(foreign) >= 3 and len(foreign) / n >= 0.4:
        return "en"
    return "vi" if has_diacritics(text) else "vi-noaccent"


_JOINED = re.compile(r"^\W*(?:va|hay|voi|hoac|and|or|vs|versus)?\W*$")
# A clause that opens the question ("Khi dịch bùng phát tại các khu công nghiệp Bắc Giang, Lạng
# Sơn đã đón …", "When the outbreak hit Bắc Giang, how many … did Lạng Sơn …"): the comma after
# its province ends it, and does not join that province to the next one.
_OPENING_CLAUSE = re.compile(
    r"(?:^|[,;:])\s*(?:(?:sau|truoc|trong|tu|ke tu) khi|khi|neu|when|after|before|while|if|once)"
    r"\b[^,;:]*$"
)


def provinces_between(text: str, first_end: int, second_start: int) -> str:
    """What joins the question's first two provinces (folded), for :func:`detect_kind`;
    nothing when a comma only ends the clause the first one opens the question in.

    >>> provinces_between("Cà Mau và Lạng Sơn có bao nhiêu ca?", 6, 10)
    'va'
    >>> q = "Khi dịch bùng phát tại Bắc Giang, Lạng Sơn đã đón bao nhiêu công dân?"
    >>> provinces_between(q, q.index(","), q.index("Lạng"))
    ''
    """
    between = fold(text[first_end:second_start])
    if between.strip() == "," and _OPENING_CLAUSE.search(fold(text[:first_end])):
        return ""
    return between


def detect_kind(folded: str, n_provinces: int, between: str = "", text: str = "") -> str:
    """The first matching pattern wins; two provinces joined by "và", "hay", "," make a
    comparison ("từ Hà Nội về Bắc Giang" does not). With accents, "mấy" asks how many
    whatever noun follows ("tối thiểu mấy trạm", "gồm mấy điều"; "số mấy" asks for
    a document's number) and so does a question opening with "số" ("số ca tử vong ở …");
    folded, "may" is also "máy" (machine), so only the patterns' listed nouns count there."""
    if n_provinces >= 2 and between and _JOINED.match(between):
        return "comparison"
    for kind, pattern in _KIND_PATTERNS:
        if kind == "number" and _HOW_MANY.search(text.lower()):
            return kind
        if kind == "number" and asks_plural(folded):
            # "những nguồn kinh phí nào", "which departments": several things are asked,
            # before a quantity word ("kinh phí", "tỷ lệ") reads it as a figure question.
            return "list"
        if kind == "number" and asks_one_body(folded, text):
            # "sở nào tham mưu bố trí dự toán kinh phí", "gửi danh sách … về cơ quan nào":
            # one body is asked, whatever quantity or "các … nào" the task's words hold.
            return _first_ask(folded, text, "entity")
        if kind == "entity" and _WHICH_BODY.search(text.lower()):
            return kind
        if re.search(pattern, folded):
            return _first_ask(folded, text, kind)
    return "explanation"


# The words that ask a figure, a date or a name (folded), for :func:`_first_ask`: only asking
# words ("bao nhiêu", "ngày nào", "cơ quan nào", "who"), not the nouns the kind patterns
# also read ("tỷ lệ", "tên"), which name what a question is about wherever they stand.
_ASKS = {
    "number": re.compile(r"\bbao nhieu\b|\bhow (?:many|much)\b"),
    "date": re.compile(
        r"\b(?:khi|ngay|thang|nam|thoi diem) nao\b|\bbao gio\b|\bwhen\b|\bwhat date\b"
    ),
    "entity": re.compile(
        r"\b(?:co quan|don vi|so|ban|van ban|benh vien|cong ty|doanh nghiep|noi|dia diem) nao\b"
        r"|\bso may\b|\bwho\b|\bwhich\b|\bai\b|\b" + DOCUMENT_KINDS_VI + r" nao\b"
    ),
}


def _first_ask(folded: str, text: str, kind: str) -> str:
    """The kind of a question's first ask when it asks two things of different kinds joined
    by "và", "," or "and" ("Chỉ thị số mấy, ngày nào?", "Cơ quan nào thẩm định … và bằng văn
    bản nào?", "When was … issued and who signed it?"): answered one at a time, an answer
    leads with what was asked first, as an official reads the question, not with whichever
    kind the patterns try first (dates before figures before names). ``kind`` when the
    question asks one kind only."""
    if kind not in _ASKS:
        return kind
    if kind == "number" and not _asks_figure(folded, text) and _asks_name_only(folded, text):
        # "Ai ký Quyết định … quy định việc sử dụng kinh phí …", "Which company had the
        # largest number of infected workers?": a name is asked; the quantity noun ("kinh
        # phí", "number of") only names what the question is about.
        return "entity"
    starts: dict[str, tuple[int, int]] = {}
    for other, pattern in _ASKS.items():
        m = pattern.search(folded)
        if m is not None:
            starts[other] = m.span()
    if text:
        m = _MAY_ASK.search(text.lower())
        if m is not None and ("number" not in starts or m.start() < starts["number"][0]):
            starts["number"] = m.span()
    if kind not in starts or len(starts) < 2:
        return kind
    first = min(starts, key=lambda k: starts[k][0])
    if first == kind:
        return kind
    between = folded[starts[first][1] : starts[kind][0]]
    return first if ASK_JOIN.search(between) else kind


# A name asked by "ai" / "do ai" anywhere, as the question writes it (not "AI", which
# ``qa.acronyms`` leaves as the asking word of a question that asks nothing else: "Tỷ lệ
# doanh nghiệp ứng dụng AI?"), or by "who" / "which" opening an English question (later in
# a sentence they open a relative clause: "… of residents who were …").
_AI = re.compile(r"\b[Aa]i\b")
_WHO_OPENS = re.compile(r"^\W*(?:[a-z]+ )?(?:who|which)\b")


def _asks_name_only(folded: str, text: str) -> bool:
    return bool(_AI.search(text) or _WHO_OPENS.search(folded))


def _asks_figure(folded: str, text: str) -> bool:
    """Whether a question's own asking words ask a figure ("bao nhiêu", "how many / much",
    "mấy", a question opening "số …")."""
    return bool(_ASKS["number"].search(folded) or _HOW_MANY.search(text.lower()))


# "mấy" asks a figure as written with its diacritics (folded, "may" is also "máy").
_MAY_ASK = re.compile(r"(?<!số )\bmấy\b")
_HOW_MANY = re.compile(_MAY_ASK.pattern + r"|^số (?!hiệu\b)")
# "những X nào", "những X gì" (folded): the plural marker asks for several things. Not a
# quantity ("bao nhiêu", "mấy") nor a time ("khi nào", "ngày nào": a date question).
_PLURAL_WHICH_VI = re.compile(r"\bnhung\b(?:(?!\bnao\b|\bgi\b|[?.;]).){1,60}?\b(?:nao|gi)\b")
_NOT_A_LIST = re.compile(
    r"\bbao nhieu\b|\bhow (?:many|much)\b|\bbao lau\b"
    r"|\b(?:khi|ngay|nam|thang|luc|thoi diem|thoi gian) nao\b|\bbao gio\b"
)
# "which kinds of business models", "what documents must …": the head noun after "which" /
# "what", within its first few words, is a plural (lemminflect's dictionary,
# qa.english_forms). "What share of enterprises" asks a share; in "which body leads the
# …" and "which department leads efforts" "leads" is a verb: a plural noun is not followed
# by an article or by another plural.
_ENGLISH_WHICH = re.compile(r"\b(?:which|what)\b((?:\s+[a-z0-9'’-]+){1,8})")
_KIND_OF = frozenset({"kind", "kinds", "type", "types", "sort", "sorts"})
_ARTICLES = frozenset({"the", "a", "an", "this", "these", "its", "their"})
_HEAD_WORDS = 4


def asks_plural(folded: str) -> bool:
    """Whether the question asks for several things of one kind (a list): "những X nào /
    gì" in Vietnamese, "which/what <plural noun>" in English.

    >>> asks_plural("ke hoach de ra nhung muc tieu chu yeu nao")
    True
    >>> asks_plural("nhung ca benh nao duoc phat hien khi nao"), asks_plural("co quan nao")
    (False, False)
    >>> asks_plural("which kinds of business models"), asks_plural("what share of firms")
    (True, False)
    """
    if _NOT_A_LIST.search(folded):
        return False
    if _PLURAL_WHICH_VI.search(folded):
        return True
    for m in _ENGLISH_WHICH.finditer(folded):
        words = m.group(1).split()
        kind_of = False
        content = 0
        for i, word in enumerate(words):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if word in _KIND_OF or (word == "of" and kind_of):
                kind_of = True
                continue
            if word in {"and", "or"}:
                continue
            if _plural_noun(word):
                if nxt not in _ARTICLES and not _plural_noun(nxt):
                    return True
                break  # a verb ("leads the …"): the head was a singular noun
            content += 1
            if word in _ENGLISH_FUNCTION or content >= _HEAD_WORDS:
                break
    return False


# "sở nào", "ban nào" ask which body (folded, "sở nào" is also "số nào": accents decide).
_WHICH_BODY = re.compile(r"\b(?:sở|ban|bộ|ngành) nào\b")
# One body asked by name of its kind (folded): "cơ quan nào", "đơn vị sự nghiệp nào", "sở nào
# chủ trì" (without accents "so nao" is "số nào" too, so only before a task's verb), "which
# department", "which provincial agency" (a singular: "which units" asks a list).
_ONE_BODY = re.compile(
    r"\b(?:co quan|don vi)(?: [a-z]+){0,2} nao\b|\b(?:to chuc|luc luong) nao\b"
    r"|\b(?:so|ban|bo|nganh) nao (?:chu tri|duoc giao|phu trach|tham muu|la co quan"
    r"|co trach nhiem|thuc hien)\b"
    r"|" + WHICH + BODY_NOUNS_EN + r"\b"
)


def asks_one_body(folded: str, text: str = "") -> bool:
    """Whether the question asks which one body (not several: "những cơ quan nào" is a list).

    >>> asks_one_body("so nao tham muu bo tri du toan kinh phi", "Sở nào tham mưu bố trí …")
    True
    >>> asks_one_body("gui danh sach tai cac kcn ve co quan nao")
    True
    >>> asks_one_body("nhung co quan nao thuc hien"), asks_one_body("so nao", "số nào")
    (False, False)
    """
    if asks_plural(folded):
        return False
    return bool(_ONE_BODY.search(folded) or _WHICH_BODY.search(text.lower()))


def _content_terms(folded: str, language: str) -> tuple[str, ...]:
    words = re.findall(r"[a-z0-9]+(?:[.,/][0-9]+)*", folded)
    terms = [w for w in words if w not in _QUESTION_STOP and len(w) > 1 and not _DATEISH.match(w)]
    if language == "en":
        # English words never occur in a Vietnamese report: keep codes and figures
        # ("f0", "rt-pcr", "128") and the Vietnamese glosses.
        glossed = [t for g in translate_terms(folded) for t in fold(g).split()]
        terms = [*(t for t in terms if any(ch.isdigit() for ch in t)), *glossed]
    return tuple(dict.fromkeys(terms))


_DATEISH = re.compile(r"^\d{1,2}/\d{1,4}(?:/\d{2,4})?$")
# A slash between two numbers that the word segmenter spaced out ("197 / 2025").
_SPLIT_NUMBER = re.compile(r"(?<=\d) / (?=\d)")


def _match_terms(query: Query, text: str, spans: Sequence[_Span]) -> tuple[str, ...]:
    """Words as underthesea segments them ("thủ_đô", "tử_vong", "vắc_xin"), so that a
    compound is matched whole and "pháp" in "biện pháp" does not answer "Pháp"."""
    from ingest.nlp import segment_question as segment

    if query.language == "en":
        # English matches on the Vietnamese glosses, accented: folded "may" would be both
        # "máy" (machine) and the question word "mấy".
        # One term per English term, said its usual way; the other ways are paraphrases.
        glossed = [_compound(g.alternatives[0]) for g in glosses(fold(text))]
        digits = [t for t in query.terms if any(ch.isdigit() for ch in t)]
        return tuple(dict.fromkeys([*digits, *glossed]))
    if query.language != "vi":
        return query.terms

    chars = list(text.lower())
    for span in spans:
        chars[span.start : span.end] = [" "] * (span.end - span.start)
    # underthesea cuts "197/2025" of a document's code ("Nghị quyết 197/2025/QH15") at its
    # slashes but not "45/2017"; a report's words keep it whole (qa.matching.text_words), so
    # its pieces matched nothing. Joined again, as the diacritic-free reading keeps it.
    segmented = _SPLIT_NUMBER.sub("/", segment("".join(chars)))
    words = re.findall(r"\w+(?:[.,/]\d+)*", normalize_tones(segmented))
    kept = (
        w
        for w in words
        if not all(p in _QUESTION_STOP for p in w.split("_"))
        and len(w) > 1
        and not _DATEISH.match(w)
    )
    return tuple(dict.fromkeys(kept))


def _compound(phrase: str) -> str:
    """ "tiêm vắc xin" -> "tiêm_vắc_xin": a phrase matched whole, like a segmented compound."""
    return "_".join(normalize_tones(phrase.lower()).split())


def gloss_sources(query: Query) -> dict[str, str]:
    """An English question's match terms (its glosses as :func:`_match_terms` writes
    them) with the English words each glosses, as the question says them: "tàu_cá" ->
    "fishing boats". For telling an English reader which of its words a passage lacks."""
    return {_compound(g.alternatives[0]): g.said or g.english for g in glosses(query.folded)}


def _paraphrases(folded: str, language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if language != "en":
        return ()
    return tuple(
        (_compound(g.alternatives[0]), tuple(_compound(a) for a in g.alternatives[1:]))
        for g in glosses(folded)
        if len(g.alternatives) > 1
    )


# Words of an English question that its other readers take, not the glossary: ordinals
# (a dose's, a wave's: qa.qualifiers) and what a date question asks ("what date", "which
# year", "by the end of", "since the start of": qa.dates and the kind of question): read,
# though not by the glossary.
_READ_OTHERWISE = frozenset(
    {
        *("first", "second", "third", "fourth", "fifth"),
        *("date", "dates", "day", "days", "month", "months", "year", "years"),
        *("time", "start", "end"),
    }
)
# A document's code ("141/kh-ubnd", "27-nq/tw", folded): its letters are no words.
_DOCUMENT_CODE = re.compile(r"\b\d+(?:/\d+)*[/-][a-z]+(?:[/-][a-z]+)*")


def gloss_share(folded: str, written: Collection[str] = ()) -> float:
    """The share of an English question's topic words that the glossary turns into
    Vietnamese: BM25 matches the reports only through those glosses (and through names,
    codes and figures), so a question the glossary barely reads ("What symmetric
    bandwidth should the XGS-PON fibre deliver?") leans on the multilingual dense encoder, one it
    reads well ("How many people were vaccinated?") on BM25 too. ``written``: the words
    the reports write as the question does (:func:`written_terms`), read as they are.

    >>> gloss_share("how many people were vaccinated")
    1.0
    >>> gloss_share("what symmetric bandwidth should the fibre deliver")
    0.0
    """
    words = _topic_words(folded)
    if not words:
        return 1.0
    read = _read_words(folded, written)
    return sum(w in read for w in words) / len(words)


def unread_words(folded: str, written: Collection[str] = ()) -> tuple[str, ...]:
    """The topic words of an English question that the glossary does not turn into
    Vietnamese and the reports do not write as they are (:func:`gloss_share`'s misses that
    name a topic), in the question's order: what an unsure answer names, so that the official
    can ask again in other words or in Vietnamese. A light word that names no topic ("often",
    "among", "three") is not named: no gloss of it would find the answer. :func:`gloss_share`
    still counts them: left out of the share, they moved no English answer under report-level
    CV (eval/README.md, twenty-ninth session).

    >>> unread_words("what symmetric bandwidth should the fibre deliver")
    ('symmetric', 'bandwidth', 'fibre')
    >>> unread_words("how many people were vaccinated")
    ()
    >>> unread_words("how many high-tech parks are planned")
    ()
    >>> unread_words("how often do the three largest lagoons take samples")
    ('lagoons',)
    """
    read = _read_words(folded, written, parts=True)
    return tuple(
        dict.fromkeys(w for w in _topic_words(folded) if w not in read and w not in _ENGLISH_LIGHT)
    )


def _topic_words(folded: str) -> list[str]:
    """An English question's words that could want a gloss (not grammar or asking words,
    not a document code's letters)."""
    return [
        w
        for w in re.findall(r"[a-z]+", _DOCUMENT_CODE.sub(" ", folded))
        if len(w) > 2 and w not in _ENGLISH_FUNCTION and w not in _QUESTION_STOP
    ]


def _read_words(folded: str, written: Collection[str], parts: bool = False) -> set[str]:
    """The words of an English question that something reads: a gloss, the reports' own
    spelling (``written``), or another reader (:data:`_READ_OTHERWISE`). ``parts``: a
    hyphenated gloss ("high-tech parks") reads its parts ("high", "tech") too, as
    :func:`_topic_words` splits them. The unsure answer's list of unread words takes them
    (it must not say "high", "tech" were not read); :func:`gloss_share` does not: a share
    counting them as read cost answers under report-level CV (eval/README.md, 19th session)."""
    split = (lambda s: re.findall(r"[a-z]+", s)) if parts else str.split
    read = {w for g in glosses(folded) for w in split(g.said or g.english)}
    read.update(written)
    read.update(_READ_OTHERWISE)
    return read


def written_terms(text: str) -> tuple[str, ...]:
    """The names and acronyms of an English question that a Vietnamese report writes as
    they are ("ATM", "SMS", "IoT", "RT-PCR", "MobiFone", "COVID-19"): words with a capital
    after their first letter, lower-cased, each part of three letters or more ("rt" is too
    short to tell from a Vietnamese syllable). A document code's letters ("141/KH-UBND")
    are the code's, not a word of the question. The glossary never reads these, and the
    answerer matches them in the reports like any other word.

    >>> written_terms("How many ATM cards and RT-PCR tests under plan 141/KH-UBND in Hanoi?")
    ('atm', 'pcr')
    >>> written_terms("Under Hanoi's 5G/IoT plan 310/KH-UBND")
    ('iot',)
    """
    out: list[str] = []
    for m in _WRITTEN.finditer(text):
        word = m.group()
        at = m.start()
        # "141/KH-UBND", "27-NQ/TW": letters after a number's "/" or "-" are a code's.
        code = at > 1 and text[at - 1] in "/-" and text[at - 2].isdigit()
        if code or not any(c.isupper() for c in word[1:]):
            continue
        out.extend(p.lower() for p in word.split("-") if len(p) >= 3 and p.isascii())
    return tuple(dict.fromkeys(out))


_WRITTEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _plural_noun(word: str) -> bool:
    """A plural noun by lemminflect's dictionary: its noun lemma is another word
    ("projects" -> "project"; not "data", "people", nor "does", a verb); its list is
    written to ``data/english_forms.json`` (see :mod:`qa.english_forms`: memory)."""
    from qa.english_forms import forms

    return word in forms().plural_nouns


def _english_head(phrase: str) -> str:
    """The head noun of the English noun phrase that opens ``phrase`` (what "how many"
    counts; Vietnamese puts the head first, English last): leading function words and
    adjectives are passed over, and the head is the first plural noun or unit the
    answerer knows within the first few words ("regular monitoring points", "new COVID
    cases"), never a word after a grammar word ("people live in" counts people, "students
    attend school" students). "" when there is none (a singular noun, "staff").

    >>> _english_head("wind power projects are operating in ca mau")
    'projects'
    >>> _english_head("people in ca mau"), _english_head("staff work in ca mau")
    ('people', '')
    """
    from qa.figures import known_unit

    started = False
    for word in re.findall(r"[a-z0-9'’+-]+", phrase)[:_HEAD_REACH]:
        if word in _ENGLISH_FUNCTION:
            if started:
                break
            continue
        started = True
        if known_unit(word) or _plural_noun(word):
            return word
    return ""


# How far "how many" reaches for its head: "new digital technology companies" is four words.
_HEAD_REACH = 5
# A gloss that is a qualifier, not a unit: "adolescents" is "dưới 18 tuổi", "adults" "18
# tuổi trở lên".
_NOT_A_UNIT = re.compile(r"^(?:\d|duoi\b|tren\b|tu\b)")


def _english_unit(word: str) -> tuple[str, ...]:
    """What a report writes after a figure counted in the English ``word``: the first
    syllable, folded, of each of its Vietnamese glosses that names a unit ("communes" ->
    "xa"; "adults" -> "nguoi", of "người lớn", not "18 tuổi trở lên"; "workers" -> "cong",
    of "công nhân", which counts people like "người lao động"), as the figure's own unit is
    read; the first gloss's unit first. Glosses of different units ("companies" are "công
    ty" or "doanh nghiệp") give each: a report's figure agrees in either, and is not
    turned down for saying the other one. A head whose glosses are all age groups
    ("adolescents": "dưới 18 tuổi", "12-17 tuổi") counts people. A unit the answerer knows
    in English ("cases", "people", "beds") stays as it is, and so does a word with no
    such gloss.

    >>> _english_unit("communes"), _english_unit("people"), _english_unit("adults")
    (('xa',), ('people',), ('nguoi',))
    >>> _english_unit("companies"), _english_unit("workers"), _english_unit("adolescents")
    (('cong', 'doanh'), ('cong', 'nguoi', 'lao'), ('nguoi',))
    """
    from qa.figures import known_unit

    if known_unit(word):
        return (word,)
    said = [fold(a) for g in glosses(word)[:1] for a in g.alternatives]
    units = [folded.split()[0] for folded in said if folded and not _NOT_A_UNIT.match(folded)]
    if not units and any(_AGE_WORD.search(folded) for folded in said):
        return ("nguoi",)
    return tuple(dict.fromkeys(units)) or (word,)


# An age group's gloss ("dưới 18 tuổi"): what it counts is people.
_AGE_WORD = re.compile(r"\btuoi\b")


def _acronyms(text: str) -> tuple[str, ...]:
    """The question's acronyms that fold to an asking word ("AI", "IT"), as written: in the
    folded question, a stand-in no asking pattern reads; terms (qa/acronyms.py)."""
    return tuple(dict.fromkeys(a.word for a in acronyms(text, _QUESTION_STOP, asks_anything)))


def written_acronyms(text: str) -> dict[str, str]:
    """The question's acronyms that fold to an asking word, by their term ("ai": "AI"): how
    an answer names them (the term "ai" would read "who").

    >>> written_acronyms("Đồng Nai ứng dụng AI ở đâu?")
    {'ai': 'AI'}
    """
    return {fold(word): word for word in _acronyms(text)}


def _without_spans(text: str, spans: Sequence[_Span]) -> str:
    """The folded question without its province and date mentions: those are matched
    by filters and date checks, not as words."""
    return fold(_blank_spans(text, spans))


def _blank_spans(text: str, spans: Sequence[_Span], fill: str = " ") -> str:
    """``text`` with each span's characters replaced by ``fill``, as written (not folded)."""
    chars = list(text)
    for span in spans:
        start, end = span.start, span.end
        chars[start:end] = [fill] * (end - start)
    return "".join(chars)


def _syllables(text: str) -> tuple[str, ...]:
    """A question's folded syllables in order, "" for each break between them (anything but
    a syllable or a space: punctuation, a blanked span).

    >>> _syllables("huyen Dam Doi, khu | phong toa")
    ('huyen', 'dam', 'doi', '', 'khu', '', 'phong', 'toa')
    >>> _syllables("ca mau þæ_x khu")  # what folding leaves outside a-z breaks the run
    ('ca', 'mau', '', 'x', 'khu')
    """
    found = re.findall(r"([a-z0-9]+(?:[.,/][0-9]+)*)|[^\sa-z0-9]+", fold(text))
    return tuple(found)


def _as_of(folded: str, text: str, dates: Sequence[DateMention]) -> dt.date | None:
    """The cut-off date of "đến hết ngày X" / "by X", else the only day asked about."""
    days = [d for d in dates if d.granularity == "day"]
    for d in dates:
        if UNTIL.search(fold(text[: d.start])):
            # "đến hết năm 2021", "by the end of 2021": the last day of the month or year.
            return d.first if d.granularity == "day" else d.last
    if len(days) == 1 and not SINCE.search(fold(text[: days[0].start])):
        return days[0].first
    return None


def understand(question: str, history: Sequence[str] = ()) -> Query:
    """Read a question; a follow-up ("còn Sóc Trăng thì sao?") inherits what it leaves out
    (province, date, kind) from the latest earlier question in ``history``."""
    from ingest.provinces import find_provinces

    said = clean_question(question)
    text = question_form(said)
    capitals = _acronyms(text)
    folded = fold_keeping(text, capitals)
    mentions = find_provinces(text)
    names = tuple(dict.fromkeys(m.name for m in mentions))
    members = tuple(dict.fromkeys(m.members for m in mentions))
    dates = tuple(dates_in(text))
    language = detect_language(text, folded)
    between = (
        provinces_between(text, mentions[0].end, mentions[1].start) if len(mentions) >= 2 else ""
    )
    kind = detect_kind(folded, len(names), between, text)
    request = request_span(text)
    if request is not None:
        # "Nêu số ca …", "Cho biết Cà Mau có bao nhiêu …": the kind the rest asks, else
        # the request's own ("Liệt kê các …" a list), else the whole question's.
        rest = text[request.end :]
        own = detect_kind(fold_keeping(rest, capitals), len(names), between, rest)
        if own == "explanation" and language == "en" and asks_what(text):
            # "State Đồng Nai's 2030 target for …" asks what "What is Đồng Nai's 2030 target
            # for …?" asks: the readers of "what <quantity>" say whether it is a figure.
            said_as = f"what is {rest}"
            own = detect_kind(fold_keeping(said_as, capitals), len(names), between, said_as)
        asks = opening_kind(text)
        head = governed_kind(text, english=language == "en")
        if own == "entity" and asks == "list":
            kind = asks  # "Cho biết tên các bệnh viện …": the names of several, a list
        elif head and own != "comparison":
            # The noun the request governs says what is asked ("Nêu rõ ngày … kinh phí …" a
            # date, "Provide the date on which …"), but two sides asked stay a comparison.
            kind = head
        else:
            kind = own if own != "explanation" else (asks or kind)
    elif said != text and kind == "explanation":
        kind = opening_kind(said) or kind  # "Nêu tên người ký …": a name
    # The question's words without a request opening it ("Liệt kê …", "Nêu …"), which no
    # passage says: its terms are read from these.
    asked = _blank_spans(text, [request]) if request else text
    if kind in {"number", "comparison"} and language == "vi-noaccent":
        # "ty le tiem mui 2 la bao nhieu": the noun names the unit asked, a percentage, and
        # folded its syllables also spell "tỷ" (billion, a money unit), "lễ", "lệ", so as
        # terms they draw sentences of money; a bound asked ("toi da bao nhieu") likewise
        # folds to "tới", "tôi". Written with accents or in English the noun stays a topic
        # word: a sentence that does not write it is less often about the rate asked
        # (eval/README.md, "Phiên thứ ba mươi ba").
        asked = _blank_spans(
            asked, [_Found(*m.span()) for m in _FIGURE_KIND_WORDS.finditer(asked)], fill="|"
        )
    unit_match = (
        _UNIT_PATTERN.search(folded)
        or _COUNT_PATTERN.search(folded)
        or _MORE_PATTERN.search(folded)
    )
    unit = unit_match.group(1).split()[0] if unit_match else ""
    other_units: tuple[str, ...] = ()
    if language == "en" and unit_match is not None and unit_match.re is _UNIT_PATTERN:
        # No head in the first few words: the first word after "how many", as before.
        head = _english_head(folded[unit_match.start(1) :]) or unit
        unit, *others = _english_unit(head)
        other_units = tuple(others)
    query = Query(
        text=text,
        folded=folded,
        said=said if said != text else "",
        language=language,
        kind=kind,
        provinces=names,
        province_members=members,
        dates=dates,
        as_of=_as_of(folded, text, dates),
        unit=unit,
        units=other_units,
        wants_percent=bool(_PERCENT_PATTERN.search(folded)),
        wants_money=bool(_MONEY_PATTERN.search(folded)),
        terms=_content_terms(_without_spans(asked, [*mentions, *dates]), language),
        qualifiers=frozenset(find_qualifiers(folded)),
    )
    written = written_terms(_blank_spans(asked, [*mentions, *dates])) if language == "en" else ()
    # "AI" and the like: a topic the stop words would drop (qa/acronyms.py).
    written = (*written, *(fold(word) for word in capitals))
    query = replace(
        query,
        terms=tuple(dict.fromkeys((*query.terms, *written))),
        match_terms=tuple(
            dict.fromkeys((*_match_terms(query, asked, [*mentions, *dates]), *written))
        ),
        paraphrases=_paraphrases(folded, language),
        syllables=(
            _syllables(_blank_spans(asked, [*mentions, *dates], fill="|"))
            if language == "vi-noaccent"
            else ()
        ),
        gloss_share=(
            gloss_share(_without_spans(asked, [*mentions, *dates]), written)
            if language == "en"
            else 1.0
        ),
        unread=(
            unread_words(_without_spans(asked, [*mentions, *dates]), written)
            if language == "en"
            else ()
        ),
    )
    linking = {w for m in _LINKING.finditer(folded) for w in m.group(1).split()}
    if linking:
        query = replace(
            query,
            terms=tuple(t for t in query.terms if t not in linking),
            match_terms=tuple(
                dict.fromkeys(
                    kept
                    for t in query.match_terms
                    if (kept := "_".join(w for w in t.split("_") if fold(w) not in linking))
                )
            ),
        )
    if _SOURCE_REPORT.search(folded):
        query = replace(
            query, match_terms=tuple(t for t in query.match_terms if fold(t) != "bao_cao")
        )
    if query.wants_percent and "phan tram" in folded:
        # "bao nhiêu phần trăm" is answered by a "30%" figure, not by the words.
        query = replace(
            query,
            terms=tuple(t for t in query.terms if t not in _PERCENT_WORDS),
            match_terms=tuple(t for t in query.match_terms if fold(t) not in _PERCENT_WORDS),
        )
    if history and (_is_followup(query) or not query.provinces):
        return _inherit(query, understand_previous(history))
    return query


def understand_previous(history: Sequence[str]) -> Query | None:
    for earlier in reversed(history):
        try:
            return understand(earlier, ())
        except InputError:
            continue
    return None


def _is_followup(query: Query) -> bool:
    return bool(_FOLLOWUP_PATTERN.search(query.folded)) or len(query.terms) <= 2


def _inherit(query: Query, previous: Query | None) -> Query:
    if previous is None:
        return query
    from dataclasses import replace

    inherited: list[str] = []
    changes: dict[str, object] = {}
    if not query.provinces and previous.provinces:
        changes.update(provinces=previous.provinces, province_members=previous.province_members)
        inherited.append("province")
    if not query.dates and previous.dates and _is_followup(query):
        changes.update(dates=previous.dates, as_of=previous.as_of)
        inherited.append("date")
    if len(query.terms) <= 2:
        # "còn Sóc Trăng thì sao?" asks the previous question again about something else;
        # a request says the kind it asks ("Nêu tên người ký.", "Liệt kê các …"), which it keeps.
        asks = opening_kind(query.said or query.text)
        changes.update(
            kind=previous.kind if previous.kind != "comparison" and not asks else query.kind,
            unit=query.unit or previous.unit,
            units=query.units if query.unit else previous.units,
            wants_percent=query.wants_percent or previous.wants_percent,
            wants_money=query.wants_money or previous.wants_money,
            terms=tuple(dict.fromkeys((*previous.terms, *query.terms))),
            match_terms=tuple(dict.fromkeys((*previous.match_terms, *query.match_terms))),
            qualifiers=query.qualifiers | previous.qualifiers,
            text=f"{previous.text} {query.text}",
        )
        if previous.said or query.said:
            changes["said"] = f"{previous.said or previous.text} {query.said or query.text}"
        inherited.append("question")
    return replace(query, inherited=tuple(inherited), **changes)  # type: ignore[arg-type]
