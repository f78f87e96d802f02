"""Which figure in a sentence answers the question, and how to quote it.

A sentence such as "đã tiêm được 199.127 mũi 1 và 35.833 mũi 2 cho đối tượng từ 18
tuổi trở lên" holds five numbers; only two are counts. Qualifier numbers (dose,
phase, age bounds, ordinals, document numbers) and numbers the question itself
states are never the answer; among the rest, the one counted in the asked unit and
nearest the question's words wins.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hoidap.memo import bytes_cache
from hoidap.text import (
    DASH,
    DASHES,
    NumberMention,
    cached_numbers,
    fold,
    normalize_tones,
    strip_diacritics,
)
from qa.qualifiers import DOSE_OPENING, agreement, contact_tier, find_qualifiers
from qa.query import MONEY_UNITS, Query, question_stopwords, word_list

# Units that count the same thing, folded: "bao nhiêu ca" is answered by "369 trường hợp".
UNIT_GROUPS: list[set[str]] = [
    {"ca", "truong", "f0", "benh", "case", "cases"},
    {
        "nguoi",
        "cong",
        "doi",
        "luot",
        "lao",
        "hoc",
        "tre",
        "can",
        "nhan",
        "people",
        "persons",
        "dong chi",
        "chien",
        "bac",
        "y",
        "tinh",
    },
    {"lieu", "mui", "doses", "dose"},
    {"dong", "ty", "trieu", "nghin"},
    {"giuong", "beds"},
    {"f1", "contacts"},
    {"f2"},
    {"mau", "samples", "xet"},
    {"ho", "households"},
    {"to", "doi", "teams"},
    {"chot", "checkpoints"},
    {"khu", "zones"},
    {"tram", "stations"},
]
_QUALIFIER_BEFORE = re.compile(
    r"(?:mui|giai doan|dot|lan|thu|tang|nhom|cap do|cap|so|dieu|khoan|khoa|ky hop|nghi quyet|"
    r"chi thi|quyet dinh|ke hoach|cong van|vong|muc|phan|khu vuc|quan khu|"
    r"benh vien|doan|trung doan|su doan|lu doan)\s*$"
)
# Folding makes one word of two: "tăng 6.393 lao động" (an increase) reads as "tầng 3" (a
# floor), "thu 315 tỷ" (revenue) as "thứ 2", and "ở mức 107 trẻ" (a level, with what it
# counts) as "mục 1" (an item). Read on the accented text, these are amounts, not designations.
_AMOUNT_BEFORE = re.compile(r"(?:\btăng|\bthu)\s*$")
_LEVEL_BEFORE = re.compile(r"\bmức\s*$")
# "tiêm đủ 2 mũi", "ít nhất 1 mũi": which dose, not how many shots (qa.qualifiers reads it so).
_DOSE_BEFORE = re.compile(DOSE_OPENING + r"\s*$")
# "tổng số 458.090 liều", "với số tiền": a count, not a designation like "số 128".
_COUNT_BEFORE = re.compile(r"\b(?:tong|voi|la|co|gom) so\s*$")
_CLAUSE_BREAK = re.compile(r"[,;]|\bva\b")
# A name in quotation marks is one phrase: "hưởng ứng “Ngày Quốc tế xóa bỏ … đối với phụ nữ và
# trẻ em gái” (ngày 25/11)", "phong trào “Cả nước đoàn kết, chung sức, đồng lòng …”" do not end
# a clause at their "và" or commas.
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")


def unquoted(text: str) -> str:
    """``text`` with what stands inside quotation marks hidden (``_``), at the same length:
    where :data:`_CLAUSE_BREAK` splits it, it splits the text.

    >>> unquoted('huong ung “ngay quoc te, va tre em” (ngay 25/11)')
    'huong ung “_______________________” (ngay 25/11)'
    """
    if "“" not in text and '"' not in text:
        return text
    return _QUOTED.sub(lambda m: m[0][0] + "_" * (len(m[0]) - 2) + m[0][-1], text)


# A rate set beside the count it is a rate of: "373.388 người hoàn thành tiêm mũi 2, chiếm tỷ
# lệ 32,5% dân số", "giải quyết 1.200 hồ sơ, đạt 98%". Its own clause holds only the word
# that sets it beside the count (folded, whole: see :func:`own_clause_start`).
_RATE_BESIDE = re.compile(
    r"\s*(?:chiem|dat|bang|tuong duong|tuong ung)(?:\s+ty le)?"
    r"(?:\s+(?:khoang|gan|hon|tren|duoi|xap xi))?\s*"
)
_LABEL_BREAK = re.compile(r"[,;(]|\bva\b")
_AGE_AFTER = re.compile(r"^\s*(?:tuoi|years?|thang tuoi)\b")
_BREAKDOWN = re.compile(r"\btrong do\b|\bbao gom\b|\bgom\s*:")
_YEARLIKE = re.compile(r"^(?:19|20)\d{2}$")
_NON_DIGIT = re.compile(r"\D")
# Words the number reader may take for a unit that count nothing (conjunctions,
# prepositions): a year followed by one is still a year.
_NOT_UNITS = frozenset({"va", "den", "toi", "tro", "voi", "la", "cua", "tai", "theo", "hoac"})
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")
_TAIL_END = re.compile(r"[,;.()]")
_NAMED_BEFORE = re.compile(r"(?:\bla|:)\s*$")
# An item's number, not a figure: "(1) Tỷ lệ …", "2. Sở …", "Chỉ tiêu 3: Tỷ suất …" (at
# most two label words before it at the start of the sentence), or "(4)" on its own.
_ITEM_BEFORE = re.compile(r"^\W*(?:[a-z]+\s+){0,2}\(?\s*$")
_ITEM_AFTER = re.compile(r"^\s*(?:[.):](?:\s|$)|\)$)")
_BARE_PAREN = re.compile(r"\(\s*$")
# A change "từ X … xuống / lên / còn Y": Y is the level reached (or aimed at), X where it
# started; a question asks for X only with "từ bao nhiêu" / "from what".
_CHANGE_FROM = re.compile(r"\btu\s*(?:muc\s*)?$")
_CHANGE_TO = re.compile(r"^[^,;]{0,40}\b(?:xuong|len|con|to)\s*(?:con\s*)?(?:muc\s*)?$")
_ASKS_FROM = re.compile(r"\btu (?:bao nhieu|muc nao)\b|\bfrom (?:what|how)\b")


@functools.lru_cache(maxsize=4096)
def _stated(question: str, lang: str) -> frozenset[float]:
    """The values of the numbers a question states itself (never its answer)."""
    return frozenset(m.value for m in cached_numbers(question, lang))


def stated_figures(query: Query) -> frozenset[float]:
    """The values of the numbers a question states itself (never its answer)."""
    return _stated(query.text, "en" if query.language == "en" else "vi")


# fold() of the same few words (question terms, units) for every figure of every sentence.
_fold = bytes_cache(1 << 20)(fold)  # sizes: ~0.1 MB for the bundled corpus


@functools.lru_cache(maxsize=4096)  # a handful of units: asked for every figure ranked
def units_agree(asked: str, written: str) -> bool:
    """True when the written unit counts what the question asks ("ca" vs "trường")."""
    if not asked or not written:
        return False
    if written == asked or written.startswith(asked) or asked.startswith(written):
        return True
    return any(asked in g and written in g for g in UNIT_GROUPS)


# The English words of the unit groups ("cases", "people"): an English question that says
# one agrees through its group like a Vietnamese unit.
_ENGLISH_UNITS = frozenset(
    {"case", "cases", "people", "persons", "dose", "doses", "beds", "contacts", "samples"}
    | {"households", "teams", "checkpoints", "zones", "stations"}
)


def _unit_agrees(asked: Asked, written: str) -> bool:
    """Whether a figure counted in ``written`` is counted in a unit the question asks."""
    return any(
        units_agree(u, written) if not asked.exact_units or u in _ENGLISH_UNITS else u == written
        for u in asked.units
    )


def known_unit(asked: str) -> bool:
    return any(asked in g for g in UNIT_GROUPS)


def unit_word(quote: str, figure: NumberMention) -> str:
    """The folded word a figure is counted in ("f2" for "117.679 F2", "dong chi" for "619
    đồng chí"); "" for none."""
    return _unit(quote, figure)


def is_money(quote: str, figure: NumberMention) -> bool:
    """Whether the figure is an amount of money ("85.050.580.000 đồng", "259,5 tỷ")."""
    return not figure.is_percent and _unit(quote, figure) in MONEY_UNITS


@dataclass(frozen=True)
class _Facts:
    """What the figure ranking reads of one number of a sentence that does not depend on
    the question, worked out once per sentence (:func:`_facts`) instead of for every
    question that retrieves it."""

    m: NumberMention
    # Never an answer whatever is asked: a year, a qualifier's number ("mũi 2", "số
    # 128"), a list item's number.
    fixed_out: bool
    # An age ("12 tuổi"): an answer only to a question counting in years of age.
    age: bool
    # "giảm từ 23 … xuống 18": the level it starts from (an answer only to "từ bao nhiêu").
    change_from: bool
    unit: str  # the folded unit word (_unit)
    unit_folded: str  # fold(m.unit)
    lead_in: str  # the folded 40 characters before it
    named_before: bool  # "… là 34.659", "…: 34.659"
    words_before: tuple[str, ...]  # the folded words of the 50 characters before, nearest first
    window: str  # those words in reading order, joined by spaces
    tail_words: frozenset[str]  # the words right after it, up to a clause mark
    after_breakdown: bool  # after "trong đó", "bao gồm"


# Public names for the stored sentence analysis (qa/prepared.py), which stores them.
Facts = _Facts


@bytes_cache(4 << 20)  # ~3.7 MB for all 1,982 sentences of the bundled corpus
def _facts(quote: str) -> tuple[_Facts, ...]:
    """:class:`_Facts` of every number of ``quote``, in reading order."""
    return facts_of(quote)


def facts_of(quote: str) -> tuple[_Facts, ...]:
    """:func:`_facts` worked out (not cached)."""
    numbers = cached_numbers(quote)
    out = []
    for m in numbers:
        digits = _NON_DIGIT.sub("", m.text)
        before = _span(quote, max(0, m.start - 14), m.start)
        year = bool(_YEARLIKE.match(digits)) and (not m.unit or fold(m.unit) in _NOT_UNITS)
        qualifier = is_dose(before, m) or (
            _QUALIFIER_BEFORE.search(before) is not None
            and not m.is_percent
            and not _COUNT_BEFORE.search(before)
            and not _amount_before(quote, m)
        )
        change_from = False
        if _CHANGE_FROM.search(before):
            nxt = min((n.start for n in numbers if n.start >= m.end), default=-1)
            change_from = nxt > 0 and _CHANGE_TO.search(_span(quote, m.end, nxt)) is not None
        lead_in = _span(quote, max(0, m.start - 40), m.start)
        named_before = _NAMED_BEFORE.search(lead_in) is not None
        if named_before and not m.unit:
            lead_in = _subject_before(quote, numbers, m)
        words = _ASCII_WORD.findall(_span(quote, _words_start(quote, numbers, m), m.start))
        tail = _TAIL_END.split(normalize_tones(quote[m.end : m.end + 40].lower()))[0]
        out.append(
            _Facts(
                m,
                year or qualifier or is_item_number(quote, m),
                _AGE_AFTER.match(_span(quote, m.end, m.end + 20)) is not None,
                change_from,
                _unit(quote, m),
                _fold(m.unit),
                lead_in,
                named_before,
                tuple(reversed(words)),
                " ".join(words),
                frozenset(_WORD.findall(tail)),
                _BREAKDOWN.search(_span(quote, 0, m.start)) is not None,
            )
        )
    return tuple(out)


def _amount_before(quote: str, m: NumberMention) -> bool:
    """Whether the word before ``m`` that folds like a designation ("tầng", "thứ", "mục") is
    written as an amount's ("tăng", "thu"; "mức" with a unit after the figure).

    >>> q = "Số lao động tăng 301 lao động, ở mức 107 trẻ, tầng 3, mức 4."
    >>> [(m.text, _amount_before(q, m)) for m in cached_numbers(q)]
    [('301', True), ('107', True), ('3', False), ('4', False)]
    """
    before = normalize_tones(quote[max(0, m.start - 8) : m.start].lower())
    if _AMOUNT_BEFORE.search(before):
        return True
    return bool(m.unit) and _LEVEL_BEFORE.search(before) is not None


# How far back a bare figure's clause subject is read ("Tổng số ca mắc trên địa bàn tỉnh tính
# đến ngày 27/3/2023 là 34.659": the unit asked stands 55 characters before the figure).
_SUBJECT_REACH = 100
_SUBJECT_BREAK = re.compile(r"[,;:]")


def _subject_before(quote: str, numbers: Sequence[NumberMention], m: NumberMention) -> str:
    """The folded text a bare figure named by "là" or ":" is read with for its unit: its
    clause's subject, back to the last comma, semicolon or colon before the "là" / ":" or
    to the figure before it, at most ``_SUBJECT_REACH`` characters; never less than the 40
    characters every figure reads before it.

    >>> q = "Tổng số ca mắc trên địa bàn tỉnh tính đến ngày 27/3/2023 là 34.659, trong đó"
    >>> _subject_before(q, cached_numbers(q), cached_numbers(q)[0])[:14]
    'tong so ca mac'
    """
    previous = max((n.end for n in numbers if n.end <= m.start), default=0)
    start = max(0, m.start - _SUBJECT_REACH, previous)
    text = _span(quote, start, m.start)
    # The clause ends at the "là" / ":" that names the figure: a break before it starts it.
    marker = _NAMED_BEFORE.search(text)
    body = text[: marker.start()] if marker else text
    breaks = list(_SUBJECT_BREAK.finditer(body))
    clause_start = start + (breaks[-1].end() if breaks else 0)
    return _span(quote, min(clause_start, max(0, m.start - 40)), m.start)


def _words_start(quote: str, numbers: Sequence[NumberMention], m: NumberMention) -> int:
    """Where the words that may say what ``m`` counts begin: 50 characters before it, but
    not before the previous figure's own words. In "Hình thành ít nhất 100 doanh nghiệp
    khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học công nghệ" the words before "50" are
    what "100" counts ("khởi nghiệp sáng tạo"); they belong to the previous figure up to the
    first comma, semicolon, "và" or opening bracket after it (as a qualifier does in
    :func:`rank_figures`), and to no figure beyond it. Without such a break between the
    two, the whole 50 characters count, as before.

    >>> q = "Hình thành 100 doanh nghiệp khởi nghiệp, 50 doanh nghiệp khoa học"
    >>> ns = cached_numbers(q)
    >>> q[_words_start(q, ns, ns[1]) : ns[1].start], _words_start(q, ns, ns[0])
    (' ', 0)
    """
    start = max(0, m.start - 50)
    previous = max((n.end for n in numbers if n.end <= m.start), default=-1)
    if previous <= start:
        return start
    brk = _OWN_BREAK.search(quote, previous, m.start)
    # No break between them ("trạm 5G: 35 trạm", where "5G" reads as a figure): as before.
    return max(start, brk.end()) if brk else start


# What ends a figure's own words: a comma, a semicolon, "và" or an opening bracket ("108 chốt
# kiểm soát (07 chốt cấp tỉnh …)": the words before the bracket count 108, and the bracket
# opens what 07 counts). ``_CLAUSE_BREAK`` says the first three of folded text; this one
# reads the quote itself, because its match's offsets index the quote (a folded slice has
# the quote's offsets only when folding keeps the length, ``_flat``).
_OWN_BREAK = re.compile(r"[,;(]|\bvà\b", re.IGNORECASE)


@dataclass(frozen=True)
class Asked:
    """What the figure ranking reads of one question, worked out once for all the
    sentences it ranks (:meth:`of`)."""

    stated: frozenset[float]
    asks_from: bool
    places: tuple[str, ...]
    terms: frozenset[str]
    # (the syllables of each way of saying it, folded term, weight) of each term that may
    # describe a figure: an English term is said by any of its glosses.
    describing: tuple[tuple[tuple[tuple[str, ...], ...], str, float], ...]
    qualifiers: frozenset[tuple[str, str]]
    # The units a figure may be counted in: the question's, then an English head noun's
    # other glosses (``Query.units``); none when the question names no unit.
    units: tuple[str, ...] = ()
    # An English question's units are the first syllables of its head noun's glosses ("cong"
    # of "công ty", "de" of "đề án"): they agree only with the same syllable, not by prefix
    # ("den") nor through a unit group ("cong" of "công nhân" counts people).
    exact_units: bool = False
    # ``describing`` with each way as the set of its syllables: a way describes a figure
    # when the words after it hold the set (one subset test per way, no generator).
    described_by: tuple[tuple[tuple[frozenset[str], ...], str, float], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        sets = tuple(
            (tuple(frozenset(parts) for parts in ways), folded, weight)
            for ways, folded, weight in self.describing
        )
        object.__setattr__(self, "described_by", sets)

    @property
    def tiers(self) -> frozenset[str]:
        """The contact tiers the question asks ("F2": ``qa.qualifiers.contact_tier``)."""
        return frozenset(v for k, v in self.qualifiers if k == "contact")

    @classmethod
    def of(cls, query: Query, idf: Callable[[str], float] = lambda _t: 3.0) -> Asked:
        describing = []
        # The other glosses of an English question's terms ("giãn_cách": "phong_tỏa"); a
        # Vietnamese question has none (its words are the reports').
        glossed = dict(query.paraphrases)
        for term in query.match_terms or query.terms:
            parts = tuple(term.split("_"))
            if len(parts[0]) > 1:
                ways = (parts, *(tuple(a.split("_")) for a in glossed.get(term, ())))
                describing.append((ways, _fold(term), 0.2 * min(3.0, idf(term))))
        return cls(
            _stated(query.text, "en" if query.language == "en" else "vi"),
            _ASKS_FROM.search(query.folded) is not None,
            # "thành phố Hà Nội (4.902 người)": a place the question names says what a
            # figure counts (as a whole name: "Bắc Ninh" is not "Bắc Giang").
            tuple(fold(p) for p in query.provinces) if len(query.provinces) > 1 else (),
            frozenset(query.terms),
            tuple(describing),
            frozenset(query.qualifiers),
            (query.unit, *query.units) if query.unit else (),
            query.language == "en",
        )


def _flat_idf(_term: str) -> float:
    """Every term weighs the same: the weights of a caller that has no index at hand."""
    return 3.0


@functools.lru_cache(maxsize=64)
def _asked_flat(query: Query) -> Asked:
    """:meth:`Asked.of` ``query`` with :func:`_flat_idf`, remembered: the assertion guards
    read it for every candidate figure of a question (``qa.refusals.refused_as_best``)."""
    return Asked.of(query, _flat_idf)


def candidates(query: Query, quote: str, asked: Asked | None = None) -> list[NumberMention]:
    """The numbers of a sentence that could be an answer (not qualifiers, not the question's)."""
    return [f.m for f in _candidate_facts(query, quote, asked or _asked_flat(query))]


def _candidate_facts(
    query: Query, quote: str, asked: Asked, facts: tuple[_Facts, ...] | None = None
) -> list[_Facts]:
    return [
        f
        for f in (_facts(quote) if facts is None else facts)
        if not f.fixed_out
        and f.m.value not in asked.stated
        and not (f.age and query.unit != "tuoi")
        and not (f.change_from and not asked.asks_from)
    ]


def is_item_number(quote: str, m: NumberMention) -> bool:
    """Whether ``m`` numbers a list item or a target ("(2) Ít nhất 85% …", "Chỉ tiêu 2:
    Giảm … xuống dưới 30%"): a small whole number without unit that opens the sentence
    (after at most two label words) and is closed by ")", "." or ":", or stands alone in
    parentheses. Such a number says which item it is, never how much."""
    if m.unit or m.is_percent or not m.value.is_integer() or not 0 <= m.value < 100:
        return False
    after = quote[m.end : m.end + 2]
    if not _ITEM_AFTER.match(after) or not quote[m.end + 1 :].strip():
        return False
    before = _span(quote, 0, m.start)
    if _ITEM_BEFORE.match(before):
        return True
    return after.startswith(")") and _BARE_PAREN.search(before) is not None


def pick_figure(
    query: Query, quote: str, idf: Callable[[str], float] = _flat_idf
) -> tuple[NumberMention | None, bool, float]:
    """The best answering figure, whether its unit agrees with the question's, and how
    many of the question's rare words describe it (weighted), which says how well the
    sentence answers."""
    ranked = rank_figures(query, quote, idf)
    if not ranked:
        return None, False, 0.0
    _score, m, agrees, described = ranked[0]
    return m, agrees, described


def rank_figures(
    query: Query,
    quote: str,
    idf: Callable[[str], float] = _flat_idf,
    asked: Asked | None = None,
    facts: tuple[_Facts, ...] | None = None,
) -> list[tuple[float, NumberMention, bool, float]]:
    """Every candidate figure with its score, unit agreement and description, best first.
    ``asked`` is :meth:`Asked.of` the question with the same ``idf`` (the answerer makes
    it once per question); ``facts`` what the index stored of the quote's numbers
    (qa/prepared.py; worked out here when None)."""
    asked = asked or (_asked_flat(query) if idf is _flat_idf else Asked.of(query, idf))
    kept = _candidate_facts(query, quote, asked, facts)
    counts = [f.m for f in kept]
    # The breakdown's named parts are the sentence's, read once for all its figures.
    parts = _named_parts(query, quote, counts)
    scored: list[tuple[float, NumberMention, bool, float]] = []
    for f in kept:
        m, unit = f.m, f.unit
        agrees = _agrees(query, asked, f)
        score = 2.0 if agrees else 0.0
        if m.is_percent and not query.wants_percent:
            score -= 0.5
        # Words just before a figure say what it counts; nearer words count more.
        for distance, word in enumerate(f.words_before):
            if word in asked.terms:
                score += 0.5 / (1 + 0.25 * distance)
        window = f.window
        for place in asked.places:
            at = window.rfind(place)
            if at >= 0:
                score += 0.5 / (1 + 0.25 * window[at + len(place) :].count(" "))
        # The words right after a figure say what it counts: "22 trường hợp tử vong".
        tail_words = f.tail_words
        described = 0.0
        unit_folded = f.unit_folded
        for ways, folded, weight in asked.described_by:
            if folded != unit_folded:
                for way in ways:
                    if way <= tail_words:
                        described += weight  # rare words say more than "COVID-19"
                        break
        score += described
        if query.qualifiers:
            # "373.388 người hoàn thành tiêm mũi 2": the asked dose may follow the figure; a
            # qualifier belongs to the figure it stands next to, not to the one beyond. The
            # qualifier's own number ("tầng 3") is no boundary.
            after_end = min([n.start for n in counts if n.start >= m.end] + [m.end + 45])
            before_start = max([n.end for n in counts if n.end <= m.start] + [m.start - 45, 0])
            # Between two figures, what comes before a comma or "và" belongs to the first
            # ("130 giường tầng 3, 200 giường tầng 2"), what comes after it to the second.
            after = _CLAUSE_BREAK.split(_span(quote, m.end, after_end))[0]
            gap = _span(quote, before_start, m.start)
            before_part = gap[own_clause_start(gap, m.is_percent) :] if before_start > 0 else gap
            near = find_qualifiers(before_part + " " + after)
            score += 1.0 * agreement(set(asked.qualifiers), near)
        if unit and unit in asked.terms and not agrees and not query.wants_percent:
            # The question names what the figure counts ("F2", "giường"); in a question
            # asking a percentage it names what the rate is of ("tỷ lệ smartphone cài đặt"),
            # and a count of it ("314.960/645.918 Smartphone") is not the rate.
            score += 1.0
        if f.after_breakdown:
            score -= 0.4  # after "trong đó" come the parts; the headline figure comes first
        named = _part_named(parts, m)
        if named is not None:
            # "MobiFone chuyển đổi bao nhiêu trạm" asks for the part labelled "MobiFone:",
            # not the total the parts break down.
            score += 1.5 if named else -1.5
        score -= 0.002 * m.start
        scored.append((score, m, agrees, described))
    return sorted(scored, key=lambda t: -t[0])


def _agrees(query: Query, asked: Asked, f: _Facts) -> bool:
    """Whether the figure of ``f`` is counted in what the question asks (its unit, a
    percentage or an amount of money as asked), as :func:`rank_figures` reads it."""
    m, unit = f.m, f.unit
    tier = contact_tier(unit)
    if tier and asked.tiers:
        # "bao nhiêu trường hợp F2" counts F2s: the F0 beside them is a case, but not asked.
        return tier in asked.tiers
    return (
        _unit_agrees(asked, unit)
        or (query.wants_percent and m.is_percent)
        or (query.wants_money and unit in {"dong", "ty", "trieu"})
        # "Tổng số ca mắc ... là 34.659": a bare figure counted in a unit named before it.
        or (
            not m.unit
            and f.named_before
            and any(f" {asked_unit} " in f" {f.lead_in} " for asked_unit in asked.units)
        )
    )


def figure_agreement(query: Query, quote: str) -> list[tuple[NumberMention, bool]]:
    """The figures of ``quote`` that could answer (:func:`candidates`), in reading order,
    each with whether it is counted in what the question asks: the unit agreement of
    :func:`rank_figures` without the ranking (the assertion guards read only this)."""
    asked = _asked_flat(query)
    return [(f.m, _agrees(query, asked, f)) for f in _candidate_facts(query, quote, asked)]


def named_part(
    query: Query, quote: str, m: NumberMention, counts: list[NumberMention]
) -> bool | None:
    """True when ``m`` is a part of a breakdown ("125 trạm (Trong đó: MobiFone: 22 trạm,
    VNPT: 56 trạm)") whose own label holds a word of the question that the sentence does
    not say before the breakdown; False when ``m`` is a figure before such a breakdown (the
    total whose named part is asked); None otherwise (no breakdown, or no part named)."""
    return _part_named(_named_parts(query, quote, counts), m)


def _part_named(parts: tuple[int, list[NumberMention]] | None, m: NumberMention) -> bool | None:
    """:func:`named_part` of ``m`` from the sentence's :func:`_named_parts`."""
    if parts is None:
        return None
    end, named = parts
    if m.start >= end:
        return any(n.start == m.start for n in named) or None
    return False


def _named_parts(
    query: Query, quote: str, counts: list[NumberMention]
) -> tuple[int, list[NumberMention]] | None:
    """Where ``quote``'s breakdown ends and the parts after it whose own label names a word
    of the question the sentence does not say before it; None when there is no breakdown
    or no part is named. The same for every figure of the sentence (:func:`named_part`)."""
    marker = _breakdown(quote)
    if marker is None:
        return None
    words = _label_words(query.terms)
    head = set(_ASCII_WORD.findall(_span(quote, 0, marker.start())))
    named = []
    for n in counts:
        if n.start < marker.end():
            continue
        start = max([o.end for o in counts if o.end <= n.start] + [marker.end()])
        # Its own label: what the gap from the figure before says after its last comma,
        # by name (capitalised as written: "MobiFone", "Hà Nội"), not a common word such
        # as "mũi" that describes the total as well.
        gap = quote[start : n.start]
        own = gap[len(gap) - len(_LABEL_BREAK.split(_span(quote, start, n.start))[-1]) :]
        label = {_fold(w) for w in _WORD.findall(own) if w[:1].isupper()}
        if (label & words) - head and not _narrower(own, words):
            named.append(n)
    if not named:
        return None
    return marker.end(), named


def _narrower(label: str, words: frozenset[str]) -> bool:
    """Whether a part's ``label`` says more that the question does not ask than it shares
    with it: "Số bệnh nhân COVID-19 đã điều trị khỏi" shares only the disease's name with
    "tổng số ca mắc COVID-19" and names a narrower measure (patients recovered), so the
    question does not name that part; "MobiFone" or "thành phố Hà Nội" says nothing else.

    >>> _narrower("Số bệnh nhân COVID-19 đã điều trị khỏi là ", frozenset({"covid", "19", "mac"}))
    True
    >>> _narrower("MobiFone: ", frozenset({"mobifone", "tram"}))
    False
    """
    said = {w for w in _ASCII_WORD.findall(_fold(label)) if len(w) > 1 and not w.isdigit()}
    content = said - question_stopwords()
    return len(content - words) > len(content & words)


@functools.lru_cache(maxsize=256)
def _label_words(terms: tuple[str, ...]) -> frozenset[str]:
    """The syllables of a question's terms that may name a part (:func:`_named_parts`):
    read once per question, not once per sentence ranked."""
    return frozenset(p for t in terms for p in t.split("_") if len(p) > 1)


def breakdown(quote: str) -> re.Match[str] | None:
    """Where ``quote`` says "trong đó", "bao gồm", "gồm:" (a breakdown into parts follows),
    as a match on its folded text (same offsets); None when it does not."""
    return _breakdown(quote)


@bytes_cache(1 << 20)
def _breakdown(quote: str) -> re.Match[str] | None:
    """Where ``quote`` says "trong đó", "bao gồm" (a breakdown into parts follows)."""
    return _BREAKDOWN.search(_span(quote, 0, len(quote)))


@bytes_cache(1 << 20)  # ~0.4 MB
def _flat(quote: str) -> str | None:
    """The quote folded character for character (no spaces collapsed), so that a slice of
    it is the folded slice of the quote; None when folding changes the length."""
    flat = strip_diacritics(quote).lower()
    return flat if len(flat) == len(quote) else None


def is_dose(before: str, m: NumberMention) -> bool:
    """Whether ``m`` says which dose ("tiêm đủ 2 mũi": dose 2), not how many shots were
    given; ``before``: the folded text just before it."""
    return m.value < 5 and _fold(m.unit) == "mui" and _DOSE_BEFORE.search(before) is not None


def own_clause_start(gap: str, percent: bool) -> int:
    """Where a figure's own clause starts in ``gap``, the folded text between the figure
    before it and the figure: after the last clause mark (",", ";", "và"), or at the gap's
    start for a rate set beside the count before it ("373.388 người hoàn thành tiêm mũi 2,
    chiếm tỷ lệ 32,5%"): what that count's clause says it is of (the dose, the group, the
    phase) scopes its rate too.

    >>> gap = " người hoàn thành tiêm mui 2, chiem ty le "
    >>> own_clause_start(gap, True), own_clause_start(gap, False) == gap.index(",") + 1
    (0, True)
    """
    last = gap[len(gap) - len(_CLAUSE_BREAK.split(unquoted(gap))[-1]) :]
    if percent and _RATE_BESIDE.fullmatch(last):
        return 0
    return len(gap) - len(last)


def _span(quote: str, start: int, end: int) -> str:
    """``fold(quote[start:end])`` without folding the same sentence again for every figure."""
    flat = _flat(quote)
    return flat[start:end] if flat is not None else fold(quote[start:end])


def _unit(quote: str, m: NumberMention) -> str:
    """The folded unit word of a figure; "619 đồng chí" counts comrades, not đồng, and
    "14.488.750.000đ" (the abbreviation, joined or not) counts đồng."""
    unit = _fold(m.unit)
    if unit == "d":
        return "dong"
    if unit == "dong" and _span(quote, m.end, m.end + 12).split()[1:2] == ["chi"]:
        return "dong chi"
    return unit


# Words that only follow a figure ("đối tượng 4 và …"): an answer shows the figure alone. Only
# how a figure is shown: its ``unit`` and every feature read from it stay as they are (reading
# these as no unit in ``hoidap.text.find_numbers`` moved the ranking and lost under
# cross-validation: eval/README.md, "Tried after it, not landed: a function word is not a
# figure's unit").
_NOT_UNIT_WORDS = word_list("not_unit_words.txt")


def figure_phrase(quote: str, figure: NumberMention | None) -> str:
    """The figure as the report writes it, with its unit word: "859.463 người", "74,8%";
    without a word that only follows it ("đối tượng 4 và …" shows "4").

    >>> from hoidap.text import find_numbers
    >>> quote = "đối tượng 4 và đối tượng 5; 859.463 người"
    >>> [figure_phrase(quote, m) for m in find_numbers(quote)]
    ['4', '5', '859.463 người']
    """
    if figure is None:
        return ""
    end = figure.end
    if figure.unit and not figure.is_percent and figure.unit not in _NOT_UNIT_WORDS:
        m = _UNIT_WORDS.match(quote, end)
        # Folded through the cache: every candidate of every question comes here (~11
        # a question), with the same few units and words.
        if m and _fold(m.group(1)) == _fold(figure.unit):
            end = m.end()
    return quote[figure.start : end]


# Between the two ends of a range written as one figure: "từ 50 - 100 hộ", "50–100 người",
# "từ 3 đến 5 ngày". Nothing else may stand between them (a unit after the first end makes
# two figures: "23 ca đến 25 ca"; "tăng từ 23 lên 25" is a change, not a range).
_RANGE_GAP = re.compile(rf"\s*(?:{DASH}|đến|tới|to)\s*")


def range_phrase(quote: str, figure: NumberMention | None) -> str:
    """The whole range when ``figure`` is one end of a range the quote writes as one figure
    ("50 - 100 hộ gia đình" for either 50 or 100 of "mỗi Tổ phụ trách từ 50 - 100 hộ gia
    đình"); "" otherwise. A lead giving only one end ("100 hộ gia đình") states a figure the
    report does not. A range of percentages is one too, its first end written with or
    without the sign ("tăng trưởng 8 - 8,5%", "10% - 20%": a plan's targets are often so
    written); a figure with its own unit before the gap is not, nor a count paired with a
    percentage.

    >>> from hoidap.text import find_numbers
    >>> quote = "mỗi Tổ phụ trách từ 50 - 100 hộ gia đình, 02 đợt đến 03 đợt"
    >>> [range_phrase(quote, m) for m in find_numbers(quote)]
    ['50 - 100 hộ gia đình', '50 - 100 hộ gia đình', '', '']
    """
    if figure is None:
        return ""
    for first, second in itertools.pairwise(cached_numbers(quote)):
        if figure not in (first, second):
            continue
        bare = not first.unit or first.unit in _RANGE_WORDS
        # Both ends percentages, or a bare first end before a percentage; else both counts.
        if not (first.is_percent or bare) or (first.is_percent and not second.is_percent):
            continue
        gap = _RANGE_GAP.fullmatch(quote, first.end, second.start)
        if gap is None or first.value >= second.value:
            continue
        before = _span(quote, max(0, first.start - 60), first.start)
        if second.is_percent:
            # A number that names, not counts ("mũi 1 - 98,5%", "Quý 3 - 12%"), or a
            # change of a percentage ("nâng tỷ lệ từ 10% đến 15%"; "tăng 8 - 8,5%" is a
            # target's range).
            if (not first.is_percent and _LABEL_BEFORE.search(before)) or _PERCENT_CHANGE.search(
                before
            ):
                continue
        elif _CHANGED_FROM.search(before[-20:]):
            continue
        return quote[first.start : second.start] + figure_phrase(quote, second)
    return ""


# A change from one level to another, not a range: "số hộ tăng từ 500 đến 700 hộ" (folded).
_CHANGED_FROM = re.compile(r"\b(?:tang|giam|nang|ha|dieu chinh)\s+(?:tu\s+)?(?:muc\s+)?$")
# A change of a percentage: a change verb earlier in its clause, "từ" or "mức" just before
# the first end (folded): "nâng tỷ lệ từ 10% đến 15%", "giảm từ mức 5% - 3%".
# Not "tăng trưởng" (growth), "tăng cường", "hạ tầng" (infrastructure), "nâng cao".
_PERCENT_CHANGE = re.compile(
    r"\b(?<!ha )(?:tang|giam|nang|ha|dieu chinh)\b(?! truong| cuong| tang| cao)"
    r"[^,;:.]*\b(?:tu|muc)\s+$"
)
# A word after which a number names rather than counts (folded): a dose, a phase, a period,
# an article, a document ("mũi 1 - 98,5%", "đợt 2 - 30%", "Quý 3 - 12%", "tuần thứ 2 -
# 15%", "Nghị định 15 - 20%"); before a percentage it is no range's first end.
_LABEL_BEFORE = re.compile(
    r"\b(?:mui|dot|lan|quy|thang|tuan|ngay|nam|so|nhom|cap|cap do|giai doan|dieu|khoan|muc"
    r"|phan|chuong|thu|lop|khoa|vong|nghi dinh|quyet dinh|ke hoach|chi thi|thong tu"
    r"|nghi quyet|cong van|van ban)\s*$"
)
# What the number reader takes for the first end's unit when it is the range's own word.
_RANGE_WORDS = frozenset({*DASHES, "đến", "tới", "to"})


_UNIT_WORDS = re.compile(
    r"\s*(\w+)(\s+(?:hợp|gia đình|đồng|bệnh|mắc|chí|tiện|vị|sĩ|viên|động|sinh|nghiệp))?"
)
