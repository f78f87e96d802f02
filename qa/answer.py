"""Extractive answers: pick the sentence that answers, quote it, cite it, or abstain.

Nothing is generated: every figure in an answer is copied from a cited quote, as
the report writes it, except what is computed from such figures and shown with its
arithmetic (a comparison's gap, a total of parts: ``qa.arithmetic``). A sentence
is scored on how much of the question it covers (IDF-weighted, so "COVID-19"
counts for little), whether it holds the kind of answer asked (a figure counted
in the asked unit, a date), whether it is about the asked date and province, and
how well its chunk was retrieved. When the best sentence is weak, hoidap abstains
and shows the closest passages instead.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import EllipsisType
from typing import TYPE_CHECKING

from hoidap.memo import bytes_cache, text_words_size
from hoidap.text import (
    DateMention,
    NumberMention,
    cached_dates,
    fold,
    normalize_tones,
    strip_markdown,
)
from hoidap.types import Chunk, Citation, Hit
from index.chunkstore import TERM_WORD
from qa.arithmetic import Operand
from qa.dates import answer_dates, sentence_dates
from qa.document import asked_fields, asks_document, named_kinds
from qa.document_parts import DocumentParts
from qa.entities import (
    answering_body,
    asked_head,
    asked_name,
    asks_body,
    expectation,
    heading_body,
    sentence_owner,
)
from qa.figures import (
    Asked,
    breakdown,
    figure_agreement,
    figure_phrase,
    is_money,
    known_unit,
    rank_figures,
    unit_word,
    units_agree,
)
from qa.figures import candidates as figure_candidates
from qa.items import (
    ITEM,
    LIST_ITEMS,
    asks_reason,
    cause_before,
    denies_lead_in,
    list_items,
    reason_clause,
    without_connective,
)
from qa.prepared import (
    before_dates,
    capitals,
    figure_facts,
    front_matter,
    near_dates,
    near_qualifiers,
    qualifiers,
    written_dates,
)
from qa.qualifiers import agreement, find_qualifiers
from qa.query import SINCE, UNTIL, Query
from qa.rates import figure_period  # the scorer's own reading of a figure's period
from qa.scope import clause_of, own_clauses
from qa.scorer import Scorer
from qa.sentences import Sentence, is_front_matter, near_text, split_sentences

if TYPE_CHECKING:
    from qa.candidates import SentenceParts

ABSTAIN_VI = "Không tìm thấy thông tin này trong các báo cáo."
ABSTAIN_EN = "The reports do not contain this information."
# An abstention with a candidate below the threshold: no reliable answer, how sure hoidap
# was in plain words, and the closest candidate shown, not asserted.
UNSURE_VI = "Không tìm được câu trả lời đủ tin cậy trong các báo cáo (độ tin cậy: {words})."
UNSURE_EN = "No reliable answer was found in the reports (confidence: {words})."
# An abstention because the closest figure is a plan's target and the question asks what was
# achieved: the target is shown as a target, never as the result.
TARGET_ONLY_VI = (
    "Văn bản chỉ nêu chỉ tiêu, mục tiêu cho nội dung này, không nêu kết quả đã đạt được."
)
TARGET_ONLY_EN = "The documents give only a target for this, not what has been achieved."
# An abstention because the question asks an amount of money and the best figure counts
# something else (people, cases): the sentence is shown (it may state the amount beside the
# count), its figure is not offered as the amount.
NO_AMOUNT_VI = "Không xác định chắc chắn được số tiền cho nội dung này; hãy kiểm tra câu gần nhất."
NO_AMOUNT_EN = (
    "hoidap could not tell which amount of money answers this; please check the closest sentence."
)
# An abstention because the question names a dose, phase or group and the best figure is
# not the one of its sentence that names it: the sentence is shown, its figure not offered.
OTHER_FIGURE_VI = (
    "Câu gần nhất nêu nhiều số liệu cho các mũi, giai đoạn hoặc nhóm khác nhau; không xác định"
    " chắc chắn được số liệu nào trả lời câu hỏi, hãy kiểm tra câu gần nhất."
)
OTHER_FIGURE_EN = (
    "The closest sentence gives figures for different doses, phases or groups; hoidap could"
    " not tell which one answers, please check the closest sentence."
)
# An abstention because the question asks a part of a total ("bao nhiêu ca cộng đồng") and
# the best figure is the total its sentence breaks down: the total is not offered.
TOTAL_NOT_PART_VI = (
    "Số liệu gần nhất là tổng số, còn câu hỏi hỏi về một phần của nó; hãy kiểm tra câu gần nhất."
)
TOTAL_NOT_PART_EN = (
    "The closest figure is a total, and the question asks about a part of it; please check the"
    " closest sentence."
)
# An abstention because a list or an explanation found only its section's heading, which
# names the topic and not the items: the heading is shown, to read the section under it.
HEADING_ONLY_VI = (
    "Chỉ tìm thấy tiêu đề của mục nói về nội dung này, chưa thấy các ý cụ thể; hãy xem mục"
    " dưới tiêu đề gần nhất."
)
HEADING_ONLY_EN = (
    "Only the heading of the section about this was found, not its items; please read the"
    " section under the closest heading."
)
# An abstention because a list question denies what it asks ("những trường hợp nào không
# áp dụng") and the closest list is of the cases its lead-in affirms ("được áp dụng trong
# các trường hợp sau đây:").
DENIED_LIST_VI = (
    "Danh sách gần nhất là các trường hợp được nêu theo nghĩa khẳng định, còn câu hỏi hỏi các"
    " trường hợp bị loại trừ; hãy kiểm tra mục gần nhất."
)
DENIED_LIST_EN = (
    "The closest list gives the cases that do apply, and the question asks for those that do"
    " not; please check the closest section."
)
# An abstention because the best figure is for another period than the one asked, or is a
# rate per year or month while the question asks a total.
OTHER_PERIOD_VI = (
    "Số liệu gần nhất là của một khoảng thời gian khác với câu hỏi; hãy kiểm tra câu gần nhất."
)
OTHER_PERIOD_EN = (
    "The closest figure is for another period than the one asked; please check the closest"
    " sentence."
)
RATE_NOT_TOTAL_VI = (
    "Số liệu gần nhất là mức cho mỗi năm, tháng hay ngày, không phải tổng số; hãy kiểm tra câu"
    " gần nhất."
)
RATE_NOT_TOTAL_EN = (
    "The closest figure is a rate per year, month or day, not the total asked; please check the"
    " closest sentence."
)
# An abstention because the best date is the issue date of a document the sentence cites as
# its basis ("Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 …"), not the date asked.
BASIS_DATE_VI = (
    "Ngày gần nhất là ngày ban hành của văn bản được dẫn làm căn cứ, không phải thời điểm được"
    " hỏi; hãy kiểm tra câu gần nhất."
)
BASIS_DATE_EN = (
    "The closest date is the issue date of a document cited as the basis, not the time asked;"
    " please check the closest sentence."
)
CONFIDENCE_WORDS = {
    "vi": {"high": "cao", "medium": "trung bình", "low": "thấp"},
    "en": {"high": "high", "medium": "medium", "low": "low"},
}
CLOSEST_VI = "Câu gần nhất (chưa khẳng định, cần kiểm tra): {lead}“{quote}” ({report}, dòng {line})"
CLOSEST_EN = (
    "Closest sentence (not asserted, please check): {lead}“{quote}” ({report}, line {line})"
)
# How the closest candidate's figure, date or name is shown before its sentence.
CLOSEST_LEAD_VI = "có thể là {lead}, trong câu "
CLOSEST_LEAD_EN = "possibly {lead}, in "
NO_REPORT_VI = "Không có báo cáo nào của {provinces} trong kho dữ liệu."
NO_REPORT_EN = "There is no report for {provinces} in the collection."

# Scopes wider than one province: a sentence about the whole country does not answer
# a question about a province.
# A comparison of quantities wants a figure from each side.
_QUANTITY = re.compile(
    r"\bbao nhieu\b|\bhow (?:many|much)\b|\b(?:nhieu|it|cao|thap) hon\b|\bmore\b|\bfewer\b"
    r"|\bhigher\b|\blower\b|\bso luong\b|\btong so\b|\bnumber of\b|\bso sanh so\b"
)
_ASKS = re.compile(r"\bbao nhieu\b|\bhow (?:many|much)\b|\bbao lau\b")
_SPECIFIC = {
    "age",
    "dose",
    "designation",
    "chi thi",
    "nghi quyet",
    "quyet dinh",
    "ke hoach",
    "cong van",
}
# "người Việt Nam", "Mặt trận Tổ quốc Việt Nam" and "vùng dịch trong nước" name a nationality,
# an organisation or a source, not the scope of a figure.
_NATIONAL = re.compile(
    r"\bca nuoc\b|\btoan quoc\b|\bthe gioi\b|\bbung phat trong nuoc\b"
    r"|\bviet nam (?:da|ghi nhan|co)\b|\b(?:tai|o) viet nam\b"
)


# The figures of a sentence that become candidates (best first by qa.figures.rank_figures).
MAX_FIGURES = 3
# Sentences whose candidates are worked out while the question is being embedded
# (:meth:`Answerer.prescore`): the 24 the scorer reads (qa.candidates.MAX_SENTENCES) and a
# few more, since the dense list moves some of them.
AHEAD_CANDIDATES = 32


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    score: float
    coverage: float
    figure: NumberMention | None
    has_date: bool
    # The evidence behind ``score``, one named cue each, for the learned scorer
    # (qa/candidates.py turns them into features).
    cues: tuple[tuple[str, float], ...] = ()
    hit: Hit | None = None
    # The sentence's best figures: (score, figure, unit agrees, described), best first.
    figures: tuple[tuple[float, NumberMention, bool, float], ...] = ()
    # The date the learned scorer chose among the sentence's dates ("ngày 17 tháng 3 năm
    # 2021"); "" before choosing, or for a question that is not about a date.
    date_lead: str = ""
    # The chosen figure or date is a plan's target while the question asks what was
    # achieved (``qa.roles``: ``target_for_result``); such a candidate is never asserted.
    target_for_result: bool = False
    # The name the learned scorer chose among the sentence's names (``qa.name_spans``) for
    # an answer that leads with one ("" for none: the quote answers); None before choosing,
    # when :func:`name_lead`'s rules read the sentence.
    name_lead: str | None = None


def rescored(scored: Scored, **changes: object) -> Scored:
    """``dataclasses.replace(scored, **changes)`` without its walk over the fields and its
    call through keywords (~6 µs less, for each of the ~24 sentences a question's scorer
    ranks): a copy of the fields with ``changes`` over them. :class:`Scored` has no
    ``__post_init__`` to run (tests/unit/test_qa_candidate_rows.py holds both equal)."""
    new = object.__new__(Scored)
    fields = new.__dict__
    fields.update(scored.__dict__)
    fields.update(changes)
    return new


def _date_lead(query: Query, best: Scored) -> str:
    """The date an answer from ``best`` leads with: the one the scorer chose among the
    sentence's dates, else the one :func:`date_phrase` reads for the question."""
    if best.date_lead:
        return best.date_lead
    issued = best.sentence.chunk.report_issued
    return date_phrase(query, best.sentence.quote, issued.year if issued else None)


def _name_lead(query: Query, best: Scored) -> str:
    """The name an answer from ``best`` leads with: the one the scorer chose among the
    sentence's names, else the one :func:`name_lead` reads."""
    if best.name_lead is not None:
        return best.name_lead
    return name_lead(query, best.sentence)


def _target_only(query: Query, best: Scored) -> bool:
    """A figure question about what was achieved whose best figure is a plan's target."""
    return best.target_for_result and query.kind in {"number", "comparison"}


def _not_money(query: Query, best: Scored) -> bool:
    """A question asking an amount of money whose best figure counts something else
    ("đã chi bao nhiêu tiền hỗ trợ tiền ăn" → "82.795 người dân", the people of the same
    sentence, not its "85.050.580.000 đồng")."""
    return (
        query.kind == "number"
        and query.asks_money
        and best.figure is not None
        and not is_money(best.sentence.quote, best.figure)
    )


def _other_figure_fits(query: Query, best: Scored) -> bool:
    """A figure question naming a dose, phase, wave or age group whose best figure is not
    the one of its sentence that names it: "tiêm bao nhiêu mũi 1" → "35.833 mũi" of "đã tiêm
    199.127 mũi 1 và 35.833 mũi 2", or "completed the second dose" → "74,8%" of "… 859.463
    người, chiếm 74,8% dân số, trong đó 373.388 người hoàn thành tiêm mũi 2, chiếm 32,5%".
    The sentence agrees with the question (the scorer's qualifier cues are the sentence's),
    the figure does not: another figure's own clause names more of the asked qualifiers than
    the best figure's own clause. "Lũy kế" / "hiện còn" (``status``) scope a whole sentence,
    not one figure, and are left out."""
    if query.kind != "number" or best.figure is None:
        return False
    asked = {q for q in query.qualifiers if q[0] != "status"}
    if not asked:
        return False
    quote = best.sentence.quote
    figures = figure_candidates(query, quote)
    # Every figure's own clause, read once per sentence (``qa.scope.own_clauses``).
    clauses = own_clauses(quote, tuple((m.start, m.end) for m in figures), True)
    said = find_qualifiers(clause_of(quote, best.figure, figures, clauses, True))
    # An age group is written once after a list of figures ("199.127 mũi 1 và 35.833 mũi 2
    # cho đối tượng từ 18 tuổi trở lên"): one the best figure's clause leaves unsaid may
    # still be its own. Only another age group said beside it counts against it.
    ages = {v for k, v in said if k == "age"}
    asked = {q for q in asked if q[0] != "age" or ages}
    own = agreement(asked, said)
    return any(
        agreement(asked, find_qualifiers(clause)) > max(own, 0.0)
        for m, clause in zip(figures, clauses, strict=True)
        if m.start != best.figure.start
    )


def _total_for_part(query: Query, best: Scored) -> bool:
    """A figure question about a part whose best figure is the total the sentence breaks
    down: "có bao nhiêu ca cộng đồng" → "369 trường hợp" of "… 369 trường hợp dương tính
    (trong đó có 40 ca cộng đồng …)", "hỗ trợ bao nhiêu lao động tự do" → "286.502 lao
    động" of "Hỗ trợ 286.502 lao động … (trong đó, lao động tự do là 125.954 người …)".
    True when the best figure stands before "trong đó" / "bao gồm" and a part after it,
    counted in the asked unit as far as the best is, names in its own clause a word of the
    question that neither the sentence before the breakdown nor the best figure's clause
    says (the asked unit itself, "ca", is said of total and parts alike and does not count).
    ``qa.figures.named_part`` does this for parts labelled by a name ("MobiFone: 22 trạm")."""
    if query.kind != "number" or best.figure is None:
        return False
    quote = best.sentence.quote
    marker = breakdown(quote)
    if marker is None or best.figure.start >= marker.start():
        return False
    # Which figures agree in unit, not how they rank: the clauses and ``any`` below read
    # no order.
    agreeing = figure_agreement(query, quote)
    figures = [m for m, _a in agreeing]
    agrees = {m.start: a for m, a in agreeing}
    accented = query.language in {"vi", "en"} and bool(query.match_terms)
    terms = _part_terms(query.match_terms or query.terms, query.unit)

    def said(text: str) -> set[str]:
        text = _tones(text.lower()) if accented else _fold(text)
        words = _words(text)
        return {t for t in terms if _has(t, words, text)}

    # Every figure's own clause, read once per sentence (``qa.scope.own_clauses``).
    clauses = own_clauses(quote, tuple((m.start, m.end) for m in figures), False)
    known = said(quote[: marker.start()]) | said(
        clause_of(quote, best.figure, figures, clauses, False)
    )
    best_agrees = agrees.get(best.figure.start, False)
    return any(
        said(clause) - known
        for m, clause in zip(figures, clauses, strict=True)
        if m.start >= marker.end() and (agrees.get(m.start, False) or not best_agrees)
    )


@functools.lru_cache(maxsize=256)
def _part_terms(terms: tuple[str, ...], unit: str) -> tuple[str, ...]:
    """The question's terms :func:`_total_for_part` looks for in a part's clause: all but
    the asked unit ("ca"), which total and parts alike say. Per question, not per figure."""
    return tuple(t for t in terms if not (unit and _fold(t.split("_")[0]) == unit))


@functools.lru_cache(maxsize=256)
def _syllables(terms: tuple[str, ...]) -> frozenset[str]:
    """The syllables of the question's terms (``_counted_elsewhere``), once per question."""
    return frozenset(p for t in terms for p in t.split("_"))


@functools.lru_cache(maxsize=256)
def _asks_twice(folded: str) -> bool:
    """The question asks two figures ("bao nhiêu máy … và bao nhiêu mẫu")."""
    return len(_ASKS.findall(folded)) >= 2


def _counted_elsewhere(query: Query, best: Scored) -> bool:
    """A figure question naming what it counts whose best figure counts something else of
    its sentence: "quản lý bao nhiêu trường hợp F2" → "5.779 F0" of "5.779 F0; 43.469 F1;
    117.679 F2", "bao nhiêu khách hàng được giảm tiền điện" → "126.100.000.000 đồng" of
    "1.043.589 khách hàng/cơ sở … giảm 126.100.000.000 đồng". True when another figure of
    the sentence is counted in a word the question names and the best one in a word it does
    not name, counting another thing. A question asking two figures ("bao nhiêu máy … và
    bao nhiêu mẫu") and an asked percentage are left alone."""
    if query.kind != "number" or best.figure is None:
        return False
    if _asks_twice(query.folded) or (query.wants_percent and best.figure.is_percent):
        return False
    quote = best.sentence.quote
    # Matched with tone marks when the question has them: folded, "lao động" would name
    # the "đồng" of an amount.
    accented = query.language in {"vi", "en"} and bool(query.match_terms)
    named = _syllables(query.match_terms or query.terms)

    def said(m: NumberMention) -> str:
        return _tones(m.unit.lower()) if accented else unit_word(quote, m)

    own = said(best.figure)
    if own in named:
        return False
    own_unit = unit_word(quote, best.figure)
    return any(
        said(m) in named and not units_agree(unit_word(quote, m), own_unit)
        for m in figure_candidates(query, quote)
        if m.start != best.figure.start and not m.is_percent and m.unit
    )


# "từ ngày 01/11", "kể từ 12/10/2021", "from 1/11": the day a period starts (folded).
_SINCE_DAY = re.compile(
    r"\b(?:tu|ke tu|bat dau tu|from|since)\s+(?:ngay\s+)?(\d{1,2})[/-](\d{1,2})\b(?!\s*tuoi)"
)


def _since_days(folded: str) -> set[tuple[int, int]]:
    """The (day, month) pairs a folded text starts a period from; "từ 12-17 tuổi" is an age
    range, not the 12th of a 17th month."""
    found = ((int(d), int(m)) for d, m in _SINCE_DAY.findall(folded))
    return {(d, m) for d, m in found if 1 <= d <= 31 and 1 <= m <= 12}


@functools.lru_cache(maxsize=256)
def _asked_period(folded: str) -> tuple[frozenset[tuple[int, int]], bool]:
    """What :func:`_other_period` reads of a (folded) question, once per question rather
    than per candidate: the days it asks from, and whether it asks about now or after a day."""
    return frozenset(_since_days(folded)), _ASKS_LATER.search(folded) is not None


@functools.lru_cache(maxsize=256)
def _asks_total(folded: str) -> bool:
    """The (folded) question asks a total ("tổng kinh phí")."""
    return _ASKS_TOTAL.search(folded) is not None


# The times a sentence names (folded), group 1 set for a state before a day ("Trước ngày
# 01/10/2021, …", "trước tháng 4/2021"), unset for now or after one ("hiện nay", "sau ngày").
_TIME_BEFORE = re.compile(
    r"\b(truoc)\s+(?:ngay|thang|nam)?\s*\d|\bhien (?:nay|tai|co|con)\b"
    r"|\bsau (?:ngay|thang|nam|do|khi)\b|\bden (?:nay|het|ngay)\b|\bluy (?:ke|tich)\b"
)
# A question about now or after a day: a figure stated for before a day does not answer it.
_ASKS_LATER = re.compile(
    r"\bhien (?:nay|tai)\b|\bsau (?:ngay|thang|nam)\b|\bcurrently\b|\bnow\b|\bat present\b"
    r"|\bafter\b"
)
_ASKS_TOTAL = re.compile(r"\btong\b|\btotal\b|\bin all\b|\baltogether\b")


def _other_period(query: Query, best: Scored) -> bool:
    """A figure question asking from a day ("riêng từ ngày 01/11 đến ngày 18/11/2021") whose
    best figure is given, in the words before it back to the sentence's previous figure, from
    another day only: "… tính từ 01/10/2021 đến nay … ghi nhận 213 ca mắc (riêng từ ngày 01/11
    đến ngày 18/11/2021, ghi nhận 170 ca)" → 213 is the cases since 01/10, not since 01/11.
    Days are compared as day and month, so a day written without its year counts. Also a
    question about now or after a day ("hiện nay", "sau ngày 01/10/2021") whose best figure
    is stated for before a day ("Trước tháng 4/2021, … công suất 1.200 mẫu/ngày")."""
    if query.kind != "number" or best.figure is None:
        return False
    asked, later = _asked_period(query.folded)
    if not asked and not later:
        return False
    quote = best.sentence.quote
    start = best.figure.start
    previous = max([m.end for m in figure_candidates(query, quote) if m.end <= start] + [0])
    if later:
        # The last time the sentence names before the figure says when it is stated for.
        times = list(_TIME_BEFORE.finditer(_fold(quote[:start])))
        if times and times[-1].group(1):
            return True
    before = _fold(quote[previous:start])
    if not asked:
        return False
    said = _since_days(before)
    return bool(said) and not said & asked


def _rate_for_total(query: Query, best: Scored) -> bool:
    """A question asking a total ("tổng kinh phí … giai đoạn 2026 - 2030") whose best figure
    is a rate per year, month, day, week or quarter ("1.500.000.000 đồng/năm x 05 năm = …")."""
    if query.kind != "number" or best.figure is None or not _asks_total(query.folded):
        return False
    figure = best.figure
    return bool(figure_period(best.sentence.quote, figure.start, figure.end))


# A cited document's number and the "ngày" of its issue date, written right before the date:
# "Quyết định số 2138/QĐ-TTg ngày ", "Kế hoạch số 14-KH/TU, ngày ".
_CITED_DATE = re.compile(
    r"(\d{1,5})(?:/\d{4})?\s*[/-]\s*[^\W\d_][\w&]*(?:\s*[-/]\s*[\w&]+)*\s*,?\s*ngày\s*$",
    re.IGNORECASE,
)
# A clause that cites its basis: "Thực hiện", "Căn cứ", "Triển khai", "Theo", "Thi hành"
# (folded), from the clause's start (after a comma, a semicolon, a stop, a colon or a bracket:
# "…, Tỉnh ủy đã kiện toàn … (Quyết định số 215-QĐ/TU ngày …)" cites the act, not a basis).
_BASIS_CLAUSE = re.compile(r"^\W*(?:thuc hien|can cu|trien khai|theo|thi hanh)\b")
_CLAUSE_START = re.compile(r"[,;.:]\s|[()\[\]]")


def _basis_date(query: Query, best: Scored) -> bool:
    """A date question answered with the issue date of a document its sentence cites as a
    basis: "Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 …" does not say
    from when the inspections run. Not when the question asks when a document was issued or
    names the cited document's number ("Công văn 674/UBND-NC … ngày nào") or its kind, and not a
    document named as the act itself ("kiện toàn Ban Chỉ đạo (Quyết định số 215-QĐ/TU ngày
    15/8/2021)": no basis word opens its clause). Every place the sentence writes the date
    must be such a citation."""
    if query.kind != "date" or "issued" in asked_fields(query.folded):
        return False
    lead = re.sub(r"^ngày\s+", "", _date_lead(query, best).strip(), flags=re.IGNORECASE)
    quote = best.sentence.quote
    if not lead or lead not in quote:
        return False
    cited = _basis_citations(quote, lead)
    if cited is None:
        return False
    named = {n.lstrip("0") for n in re.findall(r"\d+", query.folded)}
    asked_kinds = named_kinds(query.folded)
    return all(number not in named and not kinds & asked_kinds for number, kinds in cited)


@bytes_cache(1 << 20)
def _basis_citations(quote: str, lead: str) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """What :func:`_basis_date` reads of the sentence alone, remembered by its text and the
    date: for every place ``quote`` writes ``lead``, the number of the document it cites
    there (leading zeros dropped) and the kinds of document named just before it; None when
    one place is no citation or its clause opens with no basis word (the date is then never
    refused). Every date candidate of every date question reading the sentence asks."""
    out = []
    for m in re.finditer(re.escape(lead), quote):
        start = m.start()
        cited = _CITED_DATE.search(quote[max(0, start - 80) : start])
        if cited is None:
            return None
        before = quote[: start - len(cited[0])]
        clause = before[max([c.end() for c in _CLAUSE_START.finditer(before)] + [0]) :]
        if not _BASIS_CLAUSE.search(_fold(clause)):
            return None
        # A question naming the cited document's kind may ask about it ("chỉ thị của Thủ
        # tướng … là chỉ thị số mấy, ngày nào").
        kinds = named_kinds(" ".join(_fold(before).split()[-3:]))
        out.append((cited[1].lstrip("0"), kinds))
    return tuple(out)


_TRAILING = re.compile(r"[\s*_:;.,]+$")


def _heading_only(query: Query, best: Scored) -> bool:
    """A list or an explanation whose best sentence is its section's own heading, the
    numbering left aside ("Bãi bỏ toàn bộ các quyết định" under "Điều 1. Bãi bỏ toàn bộ các
    quyết định", "Đối với vùng nuôi trồng thủy sản nước ngọt" under "1.1.3. Đối với …"),
    and which introduces no items: it names the topic the question asks about, not the
    items or the reason."""
    if query.kind not in {"list", "explanation"}:
        return False
    path = best.sentence.chunk.section_path
    if not path:
        return False
    quote = _TRAILING.sub("", strip_markdown(best.sentence.quote)).strip()
    heading = _TRAILING.sub("", strip_markdown(path[-1])).strip()
    if len(quote.split()) < 2 or not heading.endswith(quote):
        return False
    return not answer_sentences(query, best.sentence)


def _cause_of(query: Query, best: Scored) -> Sentence | None:
    """For a why question, the sentence before a best sentence that opens with a consequence
    connective and gives no reason itself (``qa.items.cause_before``); None otherwise."""
    if query.kind != "explanation" or not asks_reason(query.folded):
        return None
    return cause_before(best.sentence)


def _denied_list(query: Query, best: Scored) -> bool:
    """A negated list question answered by the list of the cases it excludes
    (``qa.items.denies_lead_in``)."""
    return query.kind == "list" and denies_lead_in(query.folded, best.sentence)


@dataclass(frozen=True)
class Refusal:
    """Why a best candidate is never asserted, whatever its confidence: the message the
    refusal leads with, and whether its figure may still be offered as "có thể là …"."""

    vi: str
    en: str
    offer_figure: bool


# The assertion guards, in the order their messages take precedence. Each decides only
# assertion: the scorer's training rows do not depend on them (eval/README.md, "Another
# figure of the same sentence is never asserted").
_GUARDS: tuple[tuple[Callable[[Query, Scored], bool], Refusal], ...] = (
    (_target_only, Refusal(TARGET_ONLY_VI, TARGET_ONLY_EN, True)),
    (_not_money, Refusal(NO_AMOUNT_VI, NO_AMOUNT_EN, False)),
    (_other_figure_fits, Refusal(OTHER_FIGURE_VI, OTHER_FIGURE_EN, False)),
    (_counted_elsewhere, Refusal(OTHER_FIGURE_VI, OTHER_FIGURE_EN, False)),
    (_total_for_part, Refusal(TOTAL_NOT_PART_VI, TOTAL_NOT_PART_EN, False)),
    (_heading_only, Refusal(HEADING_ONLY_VI, HEADING_ONLY_EN, True)),
    (_denied_list, Refusal(DENIED_LIST_VI, DENIED_LIST_EN, False)),
    (_other_period, Refusal(OTHER_PERIOD_VI, OTHER_PERIOD_EN, False)),
    (_rate_for_total, Refusal(RATE_NOT_TOTAL_VI, RATE_NOT_TOTAL_EN, False)),
    (_basis_date, Refusal(BASIS_DATE_VI, BASIS_DATE_EN, False)),
)


def refusal(query: Query, best: Scored) -> Refusal | None:
    """The first assertion guard that refuses ``best`` for ``query``; None when none does."""
    return next((r for guard, r in _GUARDS if guard(query, best)), None)


def refused_as_best(
    query: Query, sentence: Sentence, figure: NumberMention | None, date_lead: str = ""
) -> bool:
    """Whether an assertion guard would refuse this candidate (``sentence`` leading with
    ``figure`` or, for a date question, ``date_lead``) were it the best one. The learned
    scorer reads it as a candidate feature (``qa.candidates``: ``refused``): a guard that
    refuses the best figure of a sentence ("35.833 mũi" for "mũi 1", the total "369 trường
    hợp" for "ca cộng đồng", the people for "bao nhiêu tiền") says which of the sentence's
    other figures the question asks for, and a refused candidate ranked first makes the whole
    question abstain. The plan-target guard is left to its own feature
    (``target_for_result``), so it never fires here."""
    probe = Scored(sentence, 0.0, 0.0, figure, False, date_lead=date_lead)
    # A loop, not ``any`` over a generator (~10 guards for each of ~24 candidates a question).
    for guard, _r in _GUARDS:  # noqa: SIM110
        if guard(query, probe):
            return True
    return False


@dataclass(frozen=True)
class Draft:
    """An answer before it is wrapped in :class:`hoidap.types.Answer`."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    # The calibrated probability that the answer is right (None without a fitted model).
    confidence: float | None = None
    # An abstention's closest candidates (their sentences), shown and never asserted, and
    # what the best one would have led with ("35.833 mũi"; "" for none).
    closest: tuple[Citation, ...] = ()
    closest_lead: str = ""


def _cited(lead: str, sentences: Sequence[Sentence], en: bool, confidence: float | None) -> Draft:
    """An asserted answer leading with ``lead``, then every sentence quoted and cited in
    order (a two-part figure question, a comparison or a computed total)."""
    body = " ".join(f"{s.quote} [{i}]" for i, s in enumerate(sentences, start=1))
    citations = tuple(_cite(i, s) for i, s in enumerate(sentences, start=1))
    if en:
        src = sentences[0].chunk.province
        return Draft(
            f"{lead} — according to the {src} report: “{body}”", citations, False, confidence
        )
    return Draft(f"{lead} — {body}", citations, False, confidence)


class TermWeights:
    """IDF of folded words over the indexed chunks: rare words say more."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        df: Counter[str] = Counter()
        for chunk in chunks:
            df.update(_words(chunk.unaccented) | _words(chunk.clean.lower()))
        self.n = max(1, len(chunks))
        self.df = df

    @classmethod
    def from_counts(cls, n: int, df: Mapping[str, int]) -> TermWeights:
        """Weights from counts the store keeps (``ChunkStore.term_stats``, the same words as
        :func:`_words`), so a pipeline never scans every chunk to build them."""
        weights = cls([])
        weights.n = max(1, n)
        weights.df = Counter(df)
        return weights

    def idf(self, term: str) -> float:
        # A compound is as rare as its rarest syllable, and rarer for being a compound.
        df = (
            min(self.df.get(part, 0) for part in term.split("_"))
            if "_" in term
            else self.df.get(term, 0)
        )
        return math.log(1 + self.n / (1 + df)) * (1.2 if "_" in term else 1.0)


# A question term as coverage reads it: the term, its weight, its alternatives, its
# syllables (a compound) or () (a word).
_Weighted = tuple[str, float, tuple[str, ...], tuple[str, ...]]

# A sentence's score before its hit's rank is added: score, coverage, lead figure,
# whether it states a date, cues, ranked figures (see :meth:`Answerer.score`).
_Part = tuple[
    float,
    float,
    NumberMention | None,
    bool,
    tuple[tuple[str, float], ...],
    tuple[tuple[float, NumberMention, bool, float], ...],
]

# How much a question term counts where it is found: in the sentence, its section path,
# the sentences just before it, the rest of its chunk.
_PLACE_WEIGHTS = (1.0, 0.7, 0.6, 0.3)


class _Asks:
    """What :meth:`Answerer._partial` reads of the question alone, read once per question
    rather than once per sentence (each of these folds the question or runs its patterns:
    ~1% of a question's CPU when asked for each of its ~75 sentences)."""

    def __init__(self, query: Query) -> None:
        # A question about the whole country may be answered by a national figure.
        self.national = _NATIONAL.search(query.folded) is not None
        # A date question's asked role: "start", "end" or "".
        self.role = _role(query.folded) if query.kind == "date" else ""
        entity = query.kind == "entity"
        self.expected = expectation(query.folded) if entity else None
        self.body = entity and self.expected is not None and asks_body(query.text)
        # Else the kind of thing asked ("mô hình nào", "which platform"): a sentence naming
        # one matches; one that does not says nothing (answers seldom repeat the kind).
        self.head = asked_head(query.folded) if entity and self.expected is None else None
        self.qualifiers = set(query.qualifiers)
        self.specific = {(k, v) for k, v in query.qualifiers if k in _SPECIFIC}


class _Cover:
    """What :meth:`Answerer.coverage` reads for every sentence of one question, worked
    out once: each term's weight and alternatives, the terms for a chunk of a province,
    and which of the question's terms (and their alternatives) a text holds. Built per
    question and thrown away, so nothing is shared between questions or threads."""

    def __init__(self, weights: TermWeights, query: Query) -> None:
        self.query = query
        self.base = query.match_terms or query.terms
        if query.language == "en":
            # An English question is covered on what the reports can say of it: a gloss
            # or a name no indexed passage writes ("HCMC", "SMEs") is found in no sentence
            # and would only shrink every sentence's share alike, more the less the
            # glossary reads of the question.
            self.base = tuple(t for t in self.base if "_" in t or weights.df.get(t, 0))
        self.accented = query.language in {"vi", "en"} and bool(query.match_terms)
        self._idf = weights.idf
        self._weighted: dict[tuple[str, ...], tuple[_Weighted, ...]] = {}
        self._pairs: dict[tuple[str, ...], tuple[str, ...]] = {}
        # Per chunk (by id and section path): the path and chunk text as matched, and the
        # question's terms each holds.
        self._chunks: dict[tuple[str, str], tuple[str, str, frozenset[str], frozenset[str]]] = {}
        self._alternatives: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._hits: dict[str, frozenset[str]] = {}
        self._titles: dict[str, frozenset[str]] = {}
        # Every term a text may be asked for: the question's, the places it names (a
        # term in chunks of other provinces) and all their alternatives.
        named = _place_terms(query, self.accented) if self.base else ()
        universe = dict.fromkeys((*self.base, *named))
        for term in list(universe):
            universe.update(dict.fromkeys(self.alternatives(term)))
        self._simple = frozenset(t for t in universe if "_" not in t)
        self._compounds = tuple(
            (t, frozenset(t.split("_")), t.replace("_", " ")) for t in universe if "_" in t
        )
        self._asked: Asked | None = None
        # The days the question asks about (ISO), read by the date cues.
        self.days = {d.first.isoformat() for d in query.dates if d.granularity == "day"}
        # Sentences scored ahead (:meth:`Answerer.prescore`), by (chunk id, index), and
        # the chunks whose every sentence is: the sentences an answer reads of each.
        self.partials: dict[tuple[str, int], _Part] = {}
        self.chunks: dict[str, list[tuple[_Part, Sentence]]] = {}
        self.asks = _Asks(query)
        self._parts: SentenceParts | None = None

    @property
    def parts(self) -> SentenceParts:
        """The candidates of the question's sentences as far as they do not depend on
        their rank (``qa.candidates.SentenceParts``), some perhaps worked out ahead."""
        if self._parts is None:
            from qa.candidates import SentenceParts

            self._parts = SentenceParts(self.query)
        return self._parts

    @property
    def asked(self) -> Asked:
        """What the figure ranking reads of the question (qa/figures.py)."""
        if self._asked is None:
            self._asked = Asked.of(self.query, self._idf)
        return self._asked

    def terms_of(self, chunk: Chunk) -> tuple[str, ...]:
        """The question's terms, and the places it names besides the chunk's province."""
        terms = self._terms.get(chunk.province)
        if terms is None:
            terms = (*self.base, *_other_places(self.query, chunk, self.accented))
            self._terms[chunk.province] = terms
        return terms

    def weighted(self, terms: tuple[str, ...]) -> tuple[_Weighted, ...]:
        """Each term with its weight (IDF squared), its alternatives and, for a compound,
        its syllables."""
        out = self._weighted.get(terms)
        if out is None:
            out = self._weighted[terms] = tuple(
                (
                    t,
                    self._idf(t) ** 2,
                    self.alternatives(t),
                    tuple(t.split("_")) if "_" in t else (),
                )
                for t in terms
            )
        return out

    def pairs(self, terms: tuple[str, ...]) -> tuple[str, ...]:
        """Each two neighbouring terms as a phrase ("a b"), for the word-order bonus."""
        out = self._pairs.get(terms)
        if out is None:
            out = self._pairs[terms] = tuple(f"{a} {b}" for a, b in itertools.pairwise(terms))
        return out

    def chunk_places(
        self, chunk: Chunk, path: str, chunk_text: Callable[[Chunk], str]
    ) -> tuple[str, str, frozenset[str], frozenset[str]]:
        """The section path and the chunk's text as this question matches them (accented
        or folded), with the terms each holds: the same for every sentence of the chunk."""
        key = (chunk.chunk_id, path)
        out = self._chunks.get(key)
        if out is None:
            if self.accented:
                path_text, whole = _tones(path.lower()), chunk_text(chunk)
            else:
                path_text, whole = _fold(path), chunk.unaccented
            out = self._chunks[key] = (path_text, whole, self.hits(path_text), self.hits(whole))
        return out

    def alternatives(self, term: str) -> tuple[str, ...]:
        alts = self._alternatives.get(term)
        if alts is None:
            alts = self._alternatives[term] = self.query.alternatives(term)
        return alts

    def title_terms(self, chunk: Chunk) -> frozenset[str]:
        """The question's terms the chunk's document title holds ("Kế hoạch phát triển hạ
        tầng 5G … tỉnh Nghệ An"): words that name the document, which every sentence of it
        is about alike."""
        title = chunk.report_title
        found = self._titles.get(title)
        if found is None:
            text = _tones(title.lower()) if self.accented else _fold(title)
            found = self._titles[title] = self.hits(text)
        return found

    def hits(self, text: str) -> frozenset[str]:
        """The terms ``text`` holds, as :func:`_has` finds them: a word among its words, a
        compound as a phrase of whole syllables."""
        found = self._hits.get(text)
        if found is None:
            words = _words(text)
            found = self._simple & words
            compounds = [
                term
                for term, parts, phrase in self._compounds
                if parts <= words and _holds_phrase(text, phrase)
            ]
            if compounds:
                found = found.union(compounds)
            self._hits[text] = found
        return found


class Answerer:
    """Chooses and cites sentences from retrieved hits."""

    def __init__(
        self,
        weights: TermWeights,
        min_coverage: float = 0.45,
        min_score: float = 0.5,
        # Passages read for candidates: on the 2025 plans and decisions the evidence of one
        # question in ten was the 7th-17th passage (eval/README.md, "Câu trả lời không
        # thành ứng viên"); reading 10 instead of 6 costs ~5% of a question's CPU.
        max_hits: int = 10,
        scorer: Scorer | None = None,
        parts: DocumentParts | None = None,
    ) -> None:
        self.weights = weights
        self.scorer = scorer
        # The part of its document each sentence is in (qa/document_parts.py): which
        # sentence a refusal shows as the closest.
        self.parts = parts
        self.min_coverage = min_coverage
        self.min_score = min_score
        self.max_hits = max_hits

    # ------------------------------------------------------------------ scoring
    def coverage(
        self, query: Query, sentence: Sentence, path: str, cover: _Cover | None = None
    ) -> float:
        """IDF-squared share of the question's terms found in the sentence (see
        :meth:`coverages`)."""
        return self.coverages(query, sentence, path, cover)[0]

    def coverages(
        self, query: Query, sentence: Sentence, path: str, cover: _Cover | None = None
    ) -> tuple[float, float]:
        """The term coverage below, and the same share over the question's terms that the
        document's title does not hold (the topic coverage, 0 when the title holds them all):
        a question names its plan by the plan's title ("kế hoạch phát triển hạ tầng 5G của
        Nghệ An"), and the basis and closing lines that repeat the title ("Thực hiện Quyết
        định … ban hành Kế hoạch …", "Trên đây là Kế hoạch …") cover those words better than
        the line that answers.

        IDF-squared share of the question's terms found in the sentence, so that a
        missing rare term ("tái dương tính") weighs more than a missing common one. The
        section path and the sentences just before count nearly as much (a heading or a
        lead-in names the phase or place once for all that follows), the rest of the
        chunk a little.

        ``cover`` holds what one question's sentences share (term weights, alternatives,
        which term each passage or path holds): :meth:`rank_sentences` passes one, so the
        dozens of sentences of one question do not test the same chunk for the same term
        again."""
        cover = cover or _Cover(self.weights, query)
        if not cover.base:
            return 0.0, 0.0
        chunk = sentence.chunk
        terms = cover.terms_of(chunk)
        titled = cover.title_terms(chunk)
        topic_total = topic_got = 0.0
        path_text, chunk_text, in_path, in_chunk = cover.chunk_places(chunk, path, self._chunk_text)
        if cover.accented:
            text = sentence.lower
            before = _lower_tones(sentence.before)
        else:
            text = sentence.folded
            before = _fold(sentence.before)
        in_sentence, in_before = cover.hits(text), cover.hits(before)
        held = (in_sentence, in_path, in_before, in_chunk)
        places = (text, path_text, before, chunk_text)
        words: tuple[frozenset[str], ...] = ()  # the places' words, read at first need
        anywhere: frozenset[str] | None = None  # the terms held in any place, at first need
        total = got = 0.0
        for term, w, alternatives, parts in cover.weighted(terms):
            total += w
            # The first place that holds the term (the weights go down in _PLACE_WEIGHTS order).
            if term in in_sentence:
                found = 1.0
            elif term in in_path:
                found = 0.7
            elif term in in_before:
                found = 0.6
            elif term in in_chunk:
                found = 0.3
            else:
                # "tiêm xong" said as "hoàn thành tiêm" answers all the same: the first
                # alternative held anywhere, at the first place that holds it. The places
                # hold only the question's terms and their alternatives (a handful), so
                # most sentences hold none of a term's alternatives: one test for all.
                found = 0.0
                if alternatives:
                    if anywhere is None:
                        anywhere = in_sentence | in_path | in_before | in_chunk
                    if anywhere and not anywhere.isdisjoint(alternatives):
                        alt = next(a for a in alternatives if a in anywhere)
                        found = 0.9 * next(
                            wt for h, wt in zip(held, _PLACE_WEIGHTS, strict=True) if alt in h
                        )
                if not found and parts:
                    # A compound said otherwise ("mắc COVID" vs "ca mắc") still shares its
                    # syllables.
                    words = words or tuple(_words(place) for place in places)
                    found = 0.5 * next(
                        (
                            wt
                            for held_words, wt in zip(words, _PLACE_WEIGHTS, strict=True)
                            if held_words.issuperset(parts)
                        ),
                        0.0,
                    )
            got += w * found
            if term not in titled:
                topic_total += w
                topic_got += w * found
        pairs = cover.pairs(terms)
        bonus = sum(map(text.__contains__, pairs)) / max(1, len(pairs))
        topic = topic_got / topic_total if topic_total else 0.0
        return min(1.0, got / total + 0.15 * bonus), topic

    def _date_fit(
        self,
        query: Query,
        sentence: Sentence,
        written: Sequence[DateMention],
        days: set[str],
        cov: float,
    ) -> float:
        """The same measure at another date or in another year is a different figure."""
        fit = 0.0
        if days:
            sentence_days = {d.first.isoformat() for d in written if d.granularity == "day"}
            before_days = {d.first.isoformat() for d in before_dates(sentence)}
            if sentence_days & days:
                fit += 0.3 * cov
            elif not sentence_days and before_days & days:
                fit += 0.2 * cov  # "…(từ ngày 12/10/2021 đến nay)…; đồng thời, … 625 ca"
            elif sentence_days and query.as_of is not None:
                fit -= 0.3
            elif sentence_days:
                fit -= 0.1
            stated_near = any(d.first.isoformat() in days for d in near_dates(sentence))
            if not sentence_days & days and not stated_near:
                fit -= 0.15  # the asked day is stated nowhere near the sentence
        years = {d.first.year for d in query.dates if d.granularity == "year"}
        if years:
            said = _years(sentence.quote, written)
            around = _years(near_text(sentence), near_dates(sentence)) | said
            path = _joined(sentence.chunk.section_path)
            heading = _years(path, cached_dates(path))
            if said and not said & years and not heading & years:
                fit -= 2.0  # "Năm 2021, ..." does not answer a question about 2020
            elif not said and heading and not heading & years:
                fit -= 1.5  # the section's heading scopes it to other years
            elif not around & years:
                fit -= 0.1
        return fit

    def _chunk_text(self, chunk: Chunk) -> str:
        return _chunk_lower(chunk.clean)

    def score(
        self,
        query: Query,
        sentence: Sentence,
        hit: Hit,
        days: set[str],
        cover: _Cover | None = None,
    ) -> Scored:
        """The hand-set score of a sentence (the prior) and the cues it is made of."""
        cover = cover or _Cover(self.weights, query)
        key = (sentence.chunk.chunk_id, sentence.index)
        own = days == cover.days and cover.query is query
        part = cover.partials.get(key) if own else None
        if part is None:
            part = self._partial(query, sentence, days, cover)
        # The retrieval rank, the one cue that depends on the hit, comes last.
        return _finished(sentence, hit, part, part[0] + 0.15 / hit.rank)

    def prescore(
        self,
        query: Query,
        chunks: Sequence[Chunk],
        cover: _Cover,
        stop: Callable[[], bool],
        deeper: Sequence[Chunk] | Callable[[], Sequence[Chunk]] = (),
        more: Callable[[], bool] | None = None,
    ) -> None:
        """Score the sentences of ``chunks`` for ``query`` as far as the hit they will come
        with (its rank) and keep the results in ``cover``, which :meth:`rank_sentences`
        then finishes: the pipeline does this for the chunks BM25 ranks first while the
        question is still being embedded. Then, for the sentences likely to be among the
        candidates (the best ``AHEAD_CANDIDATES`` by their score with ``chunks``' order
        taken for their hits' ranks), the candidates as far as they do not depend on the
        rank (``cover.parts``), which :meth:`choose` then finishes. ``stop`` is asked
        between chunks and between sentences (the vector is ready: the rest is worked out
        as usual, once the hits are known). Last, while there is time, the sentences of
        the ``deeper`` chunks (the next ones BM25 ranks, which the dense list may bring
        among those read). ``more``, asked once ``chunks`` are scored, says whether to go
        on to the candidates and the deeper chunks (``Pipeline._prescore``: only while the
        asking thread has had its core). ``deeper`` may be a callable giving them, called
        only then: the pipeline reads them from the index only when they will be scored."""
        scored = self._prescore_chunks(query, chunks, cover, stop)
        if scored is None or (more is not None and not more()):
            return
        if self.scorer is not None:  # without a model there are no candidates to work out
            from qa.candidate_rows import row_heads

            scored.sort(key=lambda t: -t[0])
            # The candidates' parts and the heads of the scorer's rows (qa/candidate_rows.py).
            parts = cover.parts
            from qa.name_spans import scoring_kind

            heads = row_heads(parts, self.scorer.for_kind(scoring_kind(query)).names)
            for _, s, part in scored[:AHEAD_CANDIDATES]:
                if stop():
                    return
                heads.of(parts, s, part[5], _cues(part))
        if stop():
            return
        self._prescore_chunks(query, deeper() if callable(deeper) else deeper, cover, stop)

    def _prescore_chunks(
        self, query: Query, chunks: Sequence[Chunk], cover: _Cover, stop: Callable[[], bool]
    ) -> list[tuple[float, Sentence, _Part]] | None:
        """:meth:`prescore`'s scoring of ``chunks``' sentences, each with its score as if
        its chunk's place in ``chunks`` were its hit's rank; None when stopped."""
        keep_front = bool(asked_fields(query.folded))
        scored: list[tuple[float, Sentence, _Part]] = []
        for rank, chunk in enumerate(chunks, start=1):
            if stop():
                return None
            rows = cover.chunks.get(chunk.chunk_id)
            if rows is None:
                rows = self._read_chunk(query, chunk, cover, keep_front, store=True)
                cover.chunks[chunk.chunk_id] = rows
            scored += [(part[0] + 0.15 / rank, s, part) for part, s in rows]
        return scored

    def _read_chunk(
        self, query: Query, chunk: Chunk, cover: _Cover, keep_front: bool, store: bool = False
    ) -> list[tuple[_Part, Sentence]]:
        """The sentences of ``chunk`` an answer reads (not its front matter, unless the
        question asks about the document), each scored before its hit's rank; ``store``:
        keep each score in ``cover`` (scored ahead)."""
        partials = cover.partials
        rows = []
        for s in split_sentences(chunk):
            if keep_front or not front_matter(s, _front_matter):
                key = (chunk.chunk_id, s.index)
                part = partials.get(key)
                if part is None:
                    part = self._partial(query, s, cover.days, cover)
                    if store:
                        partials[key] = part
                rows.append((part, s))
        return rows

    def _partial(self, query: Query, sentence: Sentence, days: set[str], cover: _Cover) -> _Part:
        """:meth:`score` before the hit's rank is added (which is added last)."""
        chunk = sentence.chunk
        path = _joined(chunk.section_path)
        cov, topic = self.coverages(query, sentence, path, cover)
        asks = cover.asks if cover.query is query else _Asks(query)
        cues: dict[str, float] = {"topic_coverage": topic}
        path = _fold(path)
        figures = (
            rank_figures(
                query, sentence.quote, self.weights.idf, cover.asked, figure_facts(sentence)
            )[:MAX_FIGURES]
            if query.kind in {"number", "comparison"}
            else []
        )
        figure, unit_ok, described = (
            (figures[0][1], figures[0][2], figures[0][3]) if figures else (None, False, 0.0)
        )
        written = written_dates(sentence)
        dated: Sequence[DateMention] = written
        cues["coverage"] = cov
        s = cov
        if query.kind == "number":
            if figure is None or (query.unit_required and known_unit(query.unit) and not unit_ok):
                s -= 0.5
                cues["unit_missing"] = 1.0
                figure = figure if figure is not None and not query.unit else None
            else:
                s += 0.25 + (0.15 if unit_ok else 0.0) + 0.1 * min(2.0, described)
        elif query.kind == "date":
            # A document's issue date ("Quyết định số 215-QĐ/TU ngày 15/8/2021") answers when
            # nothing else does, less surely than the date of an event.
            # Periods of years and year-less days in words count too (qa.dates).
            dated = answer_dates(sentence.quote, written)
            events = _event_dates(query, sentence.quote, dated)
            s += 0.25 if events else 0.05 if dated else -0.5
            cues["event_date"] = float(bool(events))
            cues["doc_date_only"] = float(bool(dated) and not events)
            role = asks.role
            roles = {_date_role(sentence.quote, d) for d in events}
            if role and role in roles:
                s += 0.15  # "bắt đầu từ ngày nào" is answered by "kể từ ngày 19/7/2021"
                cues["role_match"] = 1.0
            elif role and roles and "" not in roles:
                s -= 0.3  # ...and not by "đến ngày 15/8/2021"
                cues["role_conflict"] = 1.0
        if query.qualifiers:
            said = qualifiers(sentence)
            near = find_qualifiers(path) | near_qualifiers(sentence)
            agreed = agreement(asks.qualifiers, said)
            near_agreed = agreement(asks.qualifiers - set(said), near - said)
            # The same measure for another phase or dose is a different figure.
            s += 0.25 * cov * agreed if agreed >= 0 else 0.5 * agreed
            s += 0.15 * cov * near_agreed
            cues["qualifier_agree"] = max(0.0, agreed)
            cues["qualifier_conflict"] = max(0.0, -agreed)
            cues["qualifier_near"] = near_agreed
            # An age group or a document number is never implied: absent means not this.
            if asks.specific - said - near:
                s -= 0.3
                cues["specific_missing"] = 1.0
        fit = self._date_fit(query, sentence, written, days, cov)
        s += fit
        cues["date_fit"] = fit
        if query.provinces and not asks.national and _national(sentence.quote, figure):
            s -= 2.0  # a national figure never answers a question about a province
            cues["national"] = 1.0
        if query.kind == "entity":
            expected = asks.expected
            if expected is not None:
                matched = expected.search(sentence.quote) is not None
                if not matched and asks.body:
                    # A plan's task under "1. Công an tỉnh" names its body in the heading.
                    matched = bool(
                        heading_body(sentence.quote, chunk.section_path, sentence_owner(sentence))
                    )
                    cues["entity_heading"] = float(matched)
                s += 0.2 if matched else -0.3
                cues["entity_match" if matched else "entity_mismatch"] = 1.0
            elif asks.head is not None and asks.head.names(sentence.quote):
                s += 0.2
                cues["entity_match"] = 1.0
        if _is_heading(sentence):
            s -= 0.3  # a heading repeats the question's words but answers nothing
            cues["heading"] = 1.0
        has_date = bool(written) or (query.kind == "date" and bool(dated))
        return (s, cov, figure, has_date, tuple(cues.items()), tuple(figures))

    def depth(self, query: Query) -> int:
        """How many hits to read: a list, an explanation or one side of a comparison is
        spread over more passages than a single figure or date."""
        spread = query.kind in {"list", "explanation", "comparison"}
        return self.max_hits + 2 if spread else self.max_hits

    def cover(self, query: Query) -> _Cover:
        """What scoring one question's sentences shares (see :class:`_Cover`); pass it to
        :meth:`prescore` and then to :meth:`answer`."""
        return _Cover(self.weights, query)

    def rank_sentences(
        self,
        query: Query,
        hits: Sequence[Hit],
        depth: int | None = None,
        cover: _Cover | None = None,
        limit: int | None = None,
    ) -> list[Scored]:
        """The sentences of the first ``depth`` hits (``self.depth``: as many as an answer
        reads), scored (:meth:`score`) and best first; only the best ``limit`` of them when
        given (what the learned scorer reads: ``qa.candidates.MAX_SENTENCES``)."""
        cover = cover if cover is not None and cover.query is query else self.cover(query)
        days = cover.days
        # The front matter ("Cần Thơ, ngày 18 tháng 11 năm 2025", "Số: 157/KH-UBND") is the
        # document's own metadata: it answers only a question about the document.
        keep_front = bool(asked_fields(query.folded))
        if limit is None:
            scored = [
                self.score(query, s, hit, days, cover)
                for hit in hits[: depth or self.depth(query)]
                for s in split_sentences(hit.chunk)
                if keep_front or not front_matter(s, _front_matter)
            ]
            return sorted(scored, key=lambda x: -x.score)
        # Only the best ``limit`` become Scored (as :meth:`score` makes them, in the same
        # order: a stable sort on the same scores); the others are only ranked.
        read: list[tuple[_Part, Sentence, Hit]] = []
        totals: list[float] = []
        for hit in hits[: depth or self.depth(query)]:
            rows = cover.chunks.get(hit.chunk.chunk_id)
            if rows is None:
                rows = self._read_chunk(query, hit.chunk, cover, keep_front)
            rank = 0.15 / hit.rank
            read += [(part, s, hit) for part, s in rows]
            totals += [part[0] + rank for part, _ in rows]
        order = sorted(range(len(read)), key=lambda i: -totals[i])[:limit]
        return [_finished(read[i][1], read[i][2], read[i][0], totals[i]) for i in order]

    # --------------------------------------------------------------- choosing
    def answer(self, query: Query, hits: Sequence[Hit], cover: _Cover | None = None) -> Draft:
        cover = cover if cover is not None and cover.query is query else self.cover(query)
        # With a model only the sentences it reads are made candidates of (``choose``).
        from qa.candidates import MAX_SENTENCES

        limit = MAX_SENTENCES if self.scorer is not None else None
        ranked = self.rank_sentences(query, hits, cover=cover, limit=limit) if hits else []
        return self.decide(query, ranked, cover.parts)

    def choose(
        self, query: Query, ranked: Sequence[Scored], parts: SentenceParts | None = None
    ) -> tuple[list[Scored], float | None]:
        """The best candidate first (as a sentence with its figure) with the others worth
        citing beside it, and the calibrated confidence (None without a model). ``parts``:
        the question's candidates as far as worked out (``qa.candidates.SentenceParts``)."""
        if not ranked:
            return [], None
        if self.scorer is None:
            return [ranked[0], *ranked[1:]], None
        from qa.candidate_rows import scorer_rows
        from qa.name_spans import scoring_kind
        from qa.scorer import one_passage

        # The candidate model, how sure to be of the best one and its calibration are the
        # kind's family's (an explanation that asks a named thing is scored as a name).
        scorer = self.scorer.for_kind(scoring_kind(query))
        # The candidates' rows as the scorer reads them (``qa.candidates.candidates``'
        # features without a dictionary each: qa/candidate_rows.py).
        cands = scorer_rows(query, ranked, scorer.names, parts=parts)
        names = leads_with_name(query)
        raws = scorer.raw(cands.rows)
        order = sorted(range(len(cands)), key=lambda i: -raws[i])
        seen: set[int] = set()
        out: list[Scored] = []
        for i in order:
            scored = cands.scored[i]
            key = id(scored)
            if key in seen:
                continue
            seen.add(key)
            date_lead = cands.leads[i] if query.kind == "date" else ""
            role = bool(cands.value(i, "target_for_result"))
            out.append(
                rescored(
                    scored,
                    score=raws[i],
                    figure=cands.figures[i],
                    date_lead=date_lead,
                    target_for_result=role,
                    name_lead=cands.leads[i] if names else None,
                )
            )
        passages = [cands.value(i, "hit_rank_inv") for i in range(len(cands))]
        best = {**cands.features(order[0]), "top3_one_passage": one_passage(raws, passages)}
        return out, scorer.confidence_of(raws, best)

    def decide(
        self, query: Query, ranked: Sequence[Scored], parts: SentenceParts | None = None
    ) -> Draft:
        """Every abstention of the extractive answerer is decided here: with a model, one
        calibrated threshold; without one, the hand-set floors. ``parts`` as in
        :meth:`choose`."""
        chosen, confidence = self.choose(query, ranked, parts)
        if not chosen:
            return self.abstain(query)
        best = chosen[0]
        # The assertion guards run once (~0.15 ms a refused answer): ``asserts`` reads this.
        why = refusal(query, best)
        if not self.asserts(query, best, confidence, why):
            text = "" if why is None else why.en if query.language == "en" else why.vi
            figure = why is None or why.offer_figure
            if why is None:
                best = self.closest(query, chosen)
            # A list's closest answer is its enumeration: the items shown to check, as the
            # answer would quote them.
            shown = answer_sentences(query, best.sentence) if query.kind == "list" else []
            closest = [replace(best, sentence=s, figure=None) for s in shown] or [best]
            return self.abstain(
                query, text, closest=closest, confidence=confidence, offer_lead=figure
            )
        picked = [best]
        items = answer_sentences(query, best.sentence)
        if items:
            # A lead-in or a heading is answered by what it introduces, not by itself.
            picked = [replace(best, sentence=s, figure=None) for s in items]
        elif cause := _cause_of(query, best):
            # "Vì sao …?" answered by a consequence ("Theo đó, …"): its cause, the sentence
            # before it, is quoted first (what is asserted and its confidence do not change).
            picked = [replace(best, sentence=cause, figure=None), best]
        elif query.kind in {"list", "explanation"}:
            margin = 1.0 if self.scorer is not None else 0.15
            picked += [
                s
                for s in chosen[1:4]
                if s.score >= best.score - margin and s.coverage >= self.min_coverage
            ]
        citations = tuple(_cite(i, s.sentence) for i, s in enumerate(picked, start=1))
        return Draft(self.compose(query, picked), citations, False, confidence)

    def closest(self, query: Query, chosen: Sequence[Scored]) -> Scored:
        """The sentence a refusal shows as the closest: the best one, unless it is in its
        document's letterhead, title or preamble ("Thực hiện Chỉ thị số … ngày …") and the
        question asks what the document plans, decides or reports rather than about a
        document (:func:`qa.document.asks_document`): then the best sentence outside those
        parts, which is where such an answer is written. Only what is shown changes: the
        refusal and its confidence are the best candidate's (eval/README.md, "Các phần của
        văn bản": choosing among the body's sentences for an asserted answer moved the
        calibration and did not pay)."""
        best = chosen[0]
        parts = self.parts
        if parts is None or not parts.in_front(best.sentence) or asks_document(query.folded):
            return best
        return next((s for s in chosen[1:] if not parts.in_front(s.sentence)), best)

    def asserts(
        self,
        query: Query,
        best: Scored,
        confidence: float | None,
        why: Refusal | EllipsisType | None = ...,
    ) -> bool:
        """The one rule for answering or not: the calibrated threshold (or, without a model,
        the hand-set floors); a figure question never without a figure to lead with, and a
        figure question about what was achieved never with a plan's target (issue #12: "a
        question about results is not answered with a target"; on the scorer's 877
        training questions such a best candidate was right 3 times in 26). ``why``: the
        guards' :func:`refusal` of ``best`` when the caller has it already."""
        if query.kind == "number" and best.figure is None:
            return False
        if (refusal(query, best) if why is ... else why) is not None:
            return False
        if self.scorer is not None and confidence is not None:
            return self.scorer.asserts(confidence)
        return self.confident(query, best)

    def confident(self, query: Query, best: Scored) -> bool:
        """The hand-set floors, used only when no fitted model is loaded."""
        if best.coverage < self.min_coverage or best.score < self.min_score:
            return False
        if query.kind == "number" and best.figure is None:
            return False
        return not (query.kind == "date" and not best.has_date)

    def compose(self, query: Query, chosen: Sequence[Scored]) -> str:
        parts = [f"{s.sentence.quote} [{i}]" for i, s in enumerate(chosen, start=1)]
        lead = scoped_figure(chosen[0].sentence, chosen[0].figure)
        if lead and len(_ASKS.findall(query.folded)) >= 2:
            lead = self.two_figures(query, chosen[0].sentence.quote) or lead
        if query.kind == "date" and not lead:
            lead = _date_lead(query, chosen[0])
        name = _name_lead(query, chosen[0]) if leads_with_name(query) and not lead else ""
        reason = ""
        if not lead and query.kind == "explanation" and asks_reason(query.folded):
            # "Vì sao …?" leads with the reason clause, "… để làm gì?" with the purpose.
            reason = reason_clause(chosen[0].sentence.quote, query.folded)
        body = " ".join(parts)
        if query.language == "en":
            from qa.english import english_lead

            # A body's name is a name: quoted as the report writes it, not translated.
            lead = name or english_lead(lead, chosen[0].sentence.chunk.segmented)
            if not lead:
                lead = english_frame(query, chosen, reason)
            src = chosen[0].sentence.chunk.province
            head = f"{lead} — " if lead else ""
            return f"{head}according to the {src} report: “{body}”"
        lead = lead or name or reason
        return f"{lead} — {body}" if lead else body

    def two_figures(self, query: Query, quote: str) -> str:
        """ "bao nhiêu máy và công suất bao nhiêu mẫu": both figures, in the report's order."""
        ranked = rank_figures(query, quote, self.weights.idf)[:2]
        if len(ranked) < 2:
            return ""
        ordered = sorted((m for _s, m, _a, _d in ranked), key=lambda m: m.start)
        return ", ".join(figure_phrase(quote, m) for m in ordered)

    def two_part(self, query: Query, parts: Sequence[Query], hits: Sequence[Hit]) -> Draft:
        """A two-part figure question (``qa.parts``): each part answered as a number
        question of its own words over the whole question's passages, the lead both figures
        in the question's order, each cited ("10 máy; 9.200 mẫu/ngày — <quote> [1]", or
        "… [1]; … [2] — <quote> [1] <quote> [2]" from two sentences). Like a comparison it
        is as sure as its least sure part and asserted only when every part is; two parts
        that settle on the same figure of the same sentence answer one of them only and
        abstain."""
        each, overall = self._choose_each([(p, self.rank_sentences(p, hits)) for p in parts])
        best = [b for b, _asserted in each if b is not None]
        sure = all(asserted for _b, asserted in each)

        def key(s: Scored) -> tuple[str, int]:
            return (s.sentence.chunk.chunk_id, s.sentence.index)

        def at(s: Scored) -> int | None:
            return s.figure.start if s.figure is not None else None

        one = len(best) == 2 and key(best[0]) == key(best[1]) and at(best[0]) == at(best[1])
        if not sure or len(best) < len(parts) or one:
            shown = list({key(b): b for b in best}.values())
            return self.abstain(query, closest=shown, confidence=overall)
        en = query.language == "en"
        sentences = list({key(b): b.sentence for b in best}.values())
        marker = {key(b): i for i, b in enumerate({key(b): b for b in best}.values(), start=1)}
        figures = []
        for b in best:
            phrase = scoped_figure(b.sentence, b.figure)
            if en:
                from qa.english import english_lead

                phrase = english_lead(phrase, b.sentence.chunk.segmented)
            cited = f" [{marker[key(b)]}]" if len(sentences) > 1 else ""
            figures.append(f"{phrase}{cited}")
        lead = "; ".join(figures)
        return _cited(lead, sentences, en, overall)

    def _choose_each(
        self, sides: Sequence[tuple[Query, Sequence[Scored]]]
    ) -> tuple[list[tuple[Scored | None, bool]], float | None]:
        """Each side of a question of several asks (a comparison's provinces, a two-part
        question's parts): its best candidate and whether it alone would be asserted. The
        whole is as sure as its least sure side, a side without a candidate counting 0."""
        each: list[tuple[Scored | None, bool]] = []
        confidences: list[float] = []
        for side, ranked in sides:
            chosen, confidence = self.choose(side, ranked)
            if self.scorer is not None:
                confidences.append(confidence or 0.0)
            best = chosen[0] if chosen else None
            each.append((best, best is not None and self.asserts(side, best, confidence)))
        return each, (min(confidences) if confidences else None)

    def compare(self, query: Query, per_province: Sequence[tuple[str, Sequence[Hit]]]) -> Draft:
        """One cited sentence per province; a province without evidence says so."""
        lines: list[str] = []
        citations: list[Citation] = []
        sub = Query(
            **{
                **query.__dict__,
                "kind": "number"
                if query.unit or query.wants_percent or _QUANTITY.search(query.folded) is not None
                else "explanation",
            }
        )
        members = dict(zip(query.provinces, query.province_members, strict=False))
        # Each side is answered as a question about that province alone.
        sides = [
            replace(sub, provinces=(p,), province_members=(members.get(p, (p,)),))
            for p, _hits in per_province
        ]
        each, overall = self._choose_each(
            [
                (one, self.rank_sentences(one, hits, self.depth(query)))
                for one, (_p, hits) in zip(sides, per_province, strict=True)
            ]
        )
        found: list[Scored] = []
        for (province, _hits), (best, asserted) in zip(per_province, each, strict=True):
            if best is not None and asserted:
                found.append(best)
                marker = len(citations) + 1
                citations.append(_cite(marker, best.sentence))
                phrase = scoped_figure(best.sentence, best.figure, query.language == "en")
                figure = f"{phrase} — " if phrase else ""
                lines.append(f"{province}: {figure}{best.sentence.quote} [{marker}]")
            else:
                missing = (
                    "no information found" if query.language == "en" else "không tìm thấy thông tin"
                )
                lines.append(f"{province}: {missing}")
        if not citations:
            return self.abstain(query, confidence=overall)
        if self.scorer is not None and len(found) < len(lines):
            # A comparison with a side missing compares nothing: under cross-validation
            # (2026-12-01) such answers were right once in 5. The sides found are shown
            # as the closest sentences, not asserted.
            return self.abstain(query, closest=found, confidence=overall)
        if len(found) == len(lines) and all(b.figure is not None for b in found):
            # Both figures and the verdict first: "Cà Mau 96 trạm [1], Lạng Sơn 162 trạm
            # [2]: Lạng Sơn nhiều hơn 66 trạm"; without a verdict when the sentences give
            # another measure or period.
            labels = [province for province, _hits in per_province]
            lines.insert(0, self.comparison_lead(query, labels, found, same_question=True))
        return Draft("\n".join(lines), tuple(citations), False, overall)

    def comparison_lead(
        self,
        query: Query,
        labels: Sequence[str],
        sides: Sequence[Scored],
        same_question: bool,
        markers: Sequence[int] = (),
    ) -> str:
        """The comparison of the sides' figures (``qa.arithmetic.comparison_line``), each
        cited. ``same_question``: every side answers the same question for another place,
        so a qualifier (dose, age, phase) or a year that differs between the sentences
        makes the figures different measures or periods, and no verdict is given; sides
        the question itself names (two years, two items) differ by design."""
        from qa.arithmetic import comparison_line

        en = query.language == "en"
        operands = self._operands(query, labels, sides, markers)
        reason, detail = "", ""
        if same_question:
            reason, detail = _side_differences(sides, en)
        return comparison_line(
            operands, en, reason, detail, translate=self._translate(query, sides[0])
        )

    def _operands(
        self,
        query: Query,
        labels: Sequence[str],
        sides: Sequence[Scored],
        markers: Sequence[int],
        scoped: bool = True,
    ) -> list[Operand]:
        """Each side's figure as an operand; ``scoped``: with the scope its sentence gives
        it (a comparison shows each side's period), else as written (the terms of a total
        are its parts by design)."""
        from qa.arithmetic import Operand

        en = query.language == "en"
        out = []
        for i, (label, side) in enumerate(zip(labels, sides, strict=True)):
            assert side.figure is not None
            if scoped:
                written = scoped_figure(side.sentence, side.figure)
            else:
                from qa.english import whole_unit

                quote, segmented = side.sentence.quote, side.sentence.chunk.segmented
                written = whole_unit(figure_phrase(quote, side.figure), segmented)
            phrase = written
            if en:  # shown in English; the unit of a result is read from the report's words
                from qa.english import english_lead

                phrase = english_lead(written, side.sentence.chunk.segmented)
            marker = markers[i] if markers else i + 1
            out.append(Operand(label, phrase, side.figure, marker, written))
        return out

    def _translate(self, query: Query, side: Scored) -> Callable[[str], str]:
        if query.language != "en":
            return _same
        from qa.english import english_lead

        segmented = side.sentence.chunk.segmented
        return lambda text: english_lead(text, segmented)

    def computed(
        self, query: Query, operation: str, sides: Sequence[tuple[str, Query, Sequence[Hit]]]
    ) -> Draft:
        """An answer computed from one cited figure per side of the question
        (``qa.sides``): the sides' comparison ("compare") or their total ("sum"), with the
        arithmetic and each operand's citation, then the quotes. Asserted only when every
        side alone would be (a wrong operand makes a wrong figure), the sides settle on
        different figures and the units agree; as sure as the least sure side."""
        each, overall = self._choose_each(
            [(side, self.rank_sentences(side, hits)) for _label, side, hits in sides]
        )
        best = [b for b, _asserted in each if b is not None]
        sure = all(asserted for _b, asserted in each)

        def key(s: Scored) -> tuple[str, int]:
            return (s.sentence.chunk.chunk_id, s.sentence.index)

        figures = {(key(b), b.figure.start) for b in best if b.figure is not None}
        if not sure or len(best) < len(sides) or len(figures) < len(sides):
            shown = list({key(b): b for b in best}.values())
            return self.abstain(query, closest=shown, confidence=overall)
        from qa.arithmetic import differs, sum_line

        first = list({key(b): b.sentence for b in best})
        sentences = [next(b.sentence for b in best if key(b) == k) for k in first]
        marker = {k: i for i, k in enumerate(first, start=1)}
        labels = [label for label, _side, _hits in sides]
        markers = [marker[key(b)] for b in best]
        operands = self._operands(query, labels, best, markers, scoped=operation != "sum")
        if differs(operands):
            # Operands in different units are not one measure: one side found another figure.
            return self.abstain(query, closest=best, confidence=overall)
        en = query.language == "en"
        translate = self._translate(query, best[0])
        if operation == "sum":
            lead = sum_line(operands, en, translate)
        else:
            lead = self.comparison_lead(query, labels, best, same_question=False, markers=markers)
        return _cited(lead, sentences, en, overall)

    def abstain(
        self,
        query: Query,
        text: str = "",
        closest: Sequence[Scored] = (),
        confidence: float | None = None,
        offer_lead: bool = True,
    ) -> Draft:
        """No answer. With a confidence (a fitted model weighed candidates and none was sure
        enough) it says no reliable answer was found and how sure it was in plain words, and
        shows the closest sentences, the best one's figure, date or name first, as leads to
        check, not asserted (``offer_lead`` False: the sentences only, when that figure is
        known not to answer, e.g. people for an amount of money); without one, that the
        reports do not say."""
        from qa.scorer import confidence_band

        en = query.language == "en"
        if not text and confidence is not None and self.scorer is not None:
            words = CONFIDENCE_WORDS["en" if en else "vi"][confidence_band(confidence)]
            text = (UNSURE_EN if en else UNSURE_VI).format(words=words)
        text = text or (ABSTAIN_EN if en else ABSTAIN_VI)
        if self.scorer is None:
            return Draft(text, (), True, confidence)
        hint = CLOSEST_EN if en else CLOSEST_VI
        lead = self.candidate_lead(query, closest[0]) if closest and offer_lead else ""
        for i, c in enumerate(closest):
            s = c.sentence
            shown = (CLOSEST_LEAD_EN if en else CLOSEST_LEAD_VI).format(lead=lead) if lead else ""
            text += "\n" + hint.format(
                lead=shown if i == 0 else "", quote=s.quote, report=s.chunk.source, line=s.line
            )
        cited = tuple(_cite(i, c.sentence) for i, c in enumerate(closest, start=1))
        return Draft(text, (), True, confidence, cited, lead)

    def candidate_lead(self, query: Query, best: Scored) -> str:
        """What an answer from this candidate would lead with: its figure with its scope, or
        the date asked (English for an English question); "" for a sentence answer."""
        sentence = best.sentence
        if best.figure is not None:
            return scoped_figure(sentence, best.figure, query.language == "en")
        if leads_with_name(query):
            return _name_lead(query, best)
        if query.kind != "date":
            return ""
        lead = _date_lead(query, best)
        if lead and query.language == "en":
            from qa.english import english_lead

            return english_lead(lead, sentence.chunk.segmented)
        return lead


# How many sentences a lead-in introduces at most: a list's items, an explanation's body.
BODY_SENTENCES = 2


# Letters only Vietnamese writes: a text still holding one was not wholly translated.
_VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


def leads_with_name(query: Query) -> bool:
    """Whether an answer to ``query`` leads with a name when its sentence writes the one asked:
    a name question, and a question read as asking for an explanation that asks no reason
    ("được đặt tại đâu", "qua hệ thống phần mềm nào", "what means of transport" ask for a
    thing, whose name is what the official reads first; "vì sao …" is answered by its
    reason clause)."""
    return query.kind == "entity" or (query.kind == "explanation" and not asks_reason(query.folded))


def name_lead(query: Query, sentence: Sentence, owner: str | None = None) -> str:
    """What a name answer from ``sentence`` leads with: the body its task's heading names
    (a plan's "1. Công an tỉnh"), else the one name of the asked kind it writes ("Công ty May
    Baian Vina", "Nghị quyết số 214/NQ-CP ngày 23/7/2025": ``qa.entities.asked_name``), as
    the report writes it in an English answer too; "" for none (the quote then answers).
    ``owner`` is ``sentence_owner(sentence)`` when the caller has it."""
    if owner is None:
        owner = sentence_owner(sentence)
    path = sentence.chunk.section_path
    name = (
        answering_body(query.folded, sentence.quote, path, owner) if asks_body(query.text) else ""
    )
    return name or asked_name(query.folded, query.text, sentence.quote, path, owner)


def _finished(sentence: Sentence, hit: Hit, part: _Part, score: float) -> Scored:
    """A sentence's :class:`Scored` from its score before the hit's rank (``part``, see
    :meth:`Answerer.score`) and its ``score`` with it."""
    _, cov, figure, written, _, figures = part
    return Scored(sentence, score, cov, figure, written, _cues(part), hit, figures)


def _cues(part: _Part) -> tuple[tuple[str, float], ...]:
    """The cues of a sentence's :class:`Scored` made from ``part``."""
    return (*part[4], ("has_date", float(part[3])))


def _glossed(text: str, segmented: str) -> str:
    """``text`` in English through the glossary when the glossary reads all of it; "" when
    any Vietnamese word is left (a half-translated phrase misleads more than the quote)."""
    from qa.english import english_lead

    english = english_lead(text, segmented)
    return "" if _VIETNAMESE.search(english.lower()) or english == text else english


def english_frame(query: Query, chosen: Sequence[Scored], reason: str) -> str:
    """The English lead of a list or explanation answer, whose content is Vietnamese text:
    the items or the reason in English where the glossary reads them whole; a reason the
    glossary cannot read is quoted in an English frame ("reason given: “do …”"); items it
    cannot read give no lead (the quote follows), since a lead that names no item would be
    read as the answer."""
    segmented = chosen[0].sentence.chunk.segmented
    if reason:
        english = _glossed(without_connective(reason), segmented)
        return f"because of {english}" if english else f"reason given: “{reason}”"
    if query.kind != "list" or len(chosen) < 2:
        return ""
    items = [_glossed(c.sentence.quote.rstrip(" ;.:"), segmented) for c in chosen]
    return "; ".join(items) if all(items) else ""


def answer_sentences(query: Query, sentence: Sentence) -> list[Sentence]:
    """What an answer from ``sentence`` quotes instead of it alone: a lead-in's or a
    heading's content (:func:`introduced`); for a list question, the items of the
    enumeration the sentence is one item of (``qa.items.list_items``: the other clauses of
    its ";" run, the following items under the same lead-in); [] when it answers alone."""
    items = introduced(query, sentence)
    if items or query.kind != "list":
        return items
    return list_items(sentence)


def introduced(query: Query, sentence: Sentence) -> list[Sentence]:
    """What a list or explanation answer quotes when its best sentence is a lead-in ("… như
    sau:") or a heading: the sentences after it in its passage, up to the next lead-in; []
    otherwise (the sentence answers by itself)."""
    if query.kind not in {"list", "explanation"}:
        return []
    if not (sentence.quote.rstrip().endswith(":") or _is_heading(sentence)):
        return []
    limit = LIST_ITEMS if query.kind == "list" else BODY_SENTENCES
    lines = sentence.chunk.text.split("\n")
    marked = False
    out: list[Sentence] = []
    for s in split_sentences(sentence.chunk)[sentence.index + 1 :]:
        if len(out) >= limit or (out and s.quote.rstrip().endswith(":")):
            break
        raw = (
            lines[s.line - sentence.chunk.line_start] if s.line >= sentence.chunk.line_start else ""
        )
        item = ITEM.match(strip_markdown(raw)) is not None
        if not out:
            marked = item
        elif marked and not item and s.line != out[-1].line:
            break  # the marked items ("a)", "-") are over
        out.append(s)
    return out


def _same(text: str) -> str:
    return text


# How a qualifier's kind is named when two sides differ in it ("mũi 1 / mũi 2").
_QUALIFIER_WORDS = {
    "dose": ("mũi", "dose"),
    "age": ("tuổi", "age"),
    "phase": ("giai đoạn", "phase"),
}


def _side_differences(sides: Sequence[Scored], english: bool = False) -> tuple[str, str]:
    """Whether the sentences of the sides of one question (a comparison of places) give
    another measure or another period: a qualifier of the same kind with no value in
    common ("mũi 1" / "mũi 2"), or years that do not overlap; ("", "") when they agree."""
    said = [qualifiers(s.sentence) for s in sides]
    kinds = set.intersection(*({k for k, _v in q} for q in said)) if said else set()
    for kind in sorted(kinds):
        values = [{v for k, v in q if k == kind} for q in said]
        if not set.intersection(*values):
            vi, en = _QUALIFIER_WORDS.get(kind, (kind, kind))
            word = en if english else vi
            return "measure", " / ".join(f"{word} {', '.join(sorted(v))}" for v in values)
    years = []
    for s in sides:
        quote = s.sentence.quote
        issued = s.sentence.chunk.report_issued
        years.append(_years(quote, cached_dates(quote, issued.year if issued else None)))
    if all(years) and not set.intersection(*years):
        shown = [", ".join(str(y) for y in sorted(ys)) for ys in years]
        return "period", " / ".join(shown)
    return "", ""


def scoped_figure(sentence: Sentence, figure: NumberMention | None, english: bool = False) -> str:
    """The figure as written with the scope its sentence (or the list lead-in it follows)
    gives it: "153.810 người (từ 5 đến dưới 12 tuổi, mũi 1)"."""
    from qa.english import whole_unit
    from qa.scope import figure_scope

    quote = sentence.quote
    # The unit as the whole word the report writes ("10 sản phẩm", not "10 sản"): the
    # figure's unit is one syllable, read in the passage's word segmentation.
    phrase = whole_unit(figure_phrase(quote, figure), sentence.chunk.segmented)
    if not phrase or figure is None:
        return phrase
    siblings = split_sentences(sentence.chunk)
    previous = siblings[sentence.index - 1].quote if 0 < sentence.index <= len(siblings) else ""
    lead_in = previous if previous.rstrip().endswith(":") else ""
    scope = figure_scope(quote, figure, False, lead_in)
    out = f"{phrase} ({', '.join(scope)})" if scope else phrase
    if english:  # the scope read in Vietnamese, then the whole phrase put in English
        from qa.english import english_lead

        return english_lead(out, sentence.chunk.segmented)
    return out


def _other_places(query: Query, chunk: Chunk, accented: bool) -> tuple[str, ...]:
    """Provinces the question names besides the report's own ("người từ Hà Nội về Bắc
    Giang"): in a Bắc Giang report "Hà Nội" is what the figure is about, so it is matched
    like any other word. The report's own province is matched by the filters instead."""
    if query.kind == "comparison":
        return ()
    return tuple(
        "_".join((_tones(name.lower()) if accented else _fold(name)).split())
        for name, members in zip(query.provinces, query.province_members, strict=False)
        if chunk.province not in members and chunk.province != name
    )


def _place_terms(query: Query, accented: bool) -> tuple[str, ...]:
    """Every place term :func:`_other_places` may add for ``query``, whatever the chunk."""
    if query.kind == "comparison":
        return ()
    return tuple(
        "_".join((_tones(name.lower()) if accented else _fold(name)).split())
        for name in query.provinces
    )


def _years(text: str, dates: Sequence[DateMention]) -> set[int]:
    """The years a text's dates cover; "từ năm 2020 (đến nay)" covers every year since."""
    out: set[int] = set()
    for d in dates:
        last = d.last.year
        if SINCE.search(_fold(text[max(0, d.start - 14) : d.start])):
            last = max(last, d.first.year + 10)
        out.update(range(d.first.year, last + 1))
    return out


def _national(quote: str, figure: NumberMention | None) -> bool:
    """Whether the figure (or, without one, the sentence's opening) is said of the whole
    country: "cả nước ghi nhận 1.200 ca" is, "hàng từ các tỉnh trên cả nước" after the
    figure is not."""
    return _national_before(quote, figure.start if figure is not None else 80)


@bytes_cache(1 << 20)
def _national_before(quote: str, at: int) -> bool:
    """Whether the 80 characters before ``at`` say "the whole country": the same sentences
    and figures come back question after question (folding and searching each again was
    ~2% of a question's answer stage)."""
    return _NATIONAL.search(fold(quote[max(0, at - 80) : at])) is not None


def _is_heading(sentence: Sentence) -> bool:
    heading = sentence.chunk.section_path[-1] if sentence.chunk.section_path else ""
    # A long heading line ("d) Đẩy mạnh ... theo Kế hoạch số 85/KH-UBND ngày 21/9/2021 ...")
    # carries content of its own and may answer.
    short_heading = sentence.quote.strip() == heading.strip() and len(sentence.quote) < 80
    return short_heading or capitals(sentence) or len(sentence.quote) < 25


def _has(term: str, words: frozenset[str], text: str) -> bool:
    """A word, or a segmented compound ("tử_vong") as a phrase of whole syllables."""
    if "_" not in term:
        return term in words
    parts = term.split("_")
    if not all(p in words for p in parts):
        return False  # cheap test first: every syllable must be there
    return _phrase(term).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _phrase(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term.replace('_', ' '))}(?!\w)")


def _holds_phrase(text: str, phrase: str) -> bool:
    """``_phrase(term).search(text)`` without a pattern (compiling one for each new term
    of each question cost more than the search): ``phrase`` not touching a word character
    (a letter, a digit or "_", as the pattern's ``\\w``) on either side."""
    size, at = len(phrase), text.find(phrase)
    while at >= 0:
        end = at + size
        if (at == 0 or not _word_char(text[at - 1])) and (
            end == len(text) or not _word_char(text[end])
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# ~12.5 MB for the bundled corpus's sentences, paths and chunks (252 gold questions).
@bytes_cache(20 << 20, size=text_words_size)
def _words(text: str) -> frozenset[str]:
    # Interned: the same words recur in thousands of sentences, one copy of each is kept.
    return frozenset(map(sys.intern, TERM_WORD.findall(text)))


_fold = bytes_cache(3 << 20)(fold)  # ~1.8 MB for the bundled corpus
# Whether a sentence is front matter does not depend on the question, and the same
# sentences come back question after question (folding each again cost ~1 ms a question).
_front_matter = bytes_cache(2 << 20)(is_front_matter)  # ~0.8 MB
_tones = bytes_cache(2 << 20)(normalize_tones)  # ~0.9 MB


@functools.lru_cache(maxsize=8192)
def _joined(section_path: tuple[str, ...]) -> str:
    """A section path as one text ("II. KẾT QUẢ 1. Công tác y tế"), one string per path:
    every sentence of a chunk reads it, and the caches it is looked up in keep its hash."""
    return " ".join(section_path)


@bytes_cache(2 << 20)
def _lower_tones(text: str) -> str:
    """``normalize_tones(text.lower())``, remembered by the text itself: a sentence's
    lead-in is the same string object question after question, so its hash is kept and no
    lowercase copy is made just to look it up."""
    return normalize_tones(text.lower())


@bytes_cache(2 << 20)  # ~0.9 MB
def _chunk_lower(clean: str) -> str:
    """A chunk's text lowercase with tone marks in one placement: where a term the
    sentence lacks may still be said (once per chunk, not once per question)."""
    return normalize_tones(clean.lower())


def date_phrase(query: Query, quote: str, year: int | None = None) -> str:
    """The date the sentence gives, as written ("ngày 27/4/2021"); not one the question
    states. With the report's ``year``, a day without a year counts too: a deadline that
    recurs ("trước ngày 20/11 hằng năm") is answered as written, "ngày 20/11"."""
    phrases = date_phrases(query, quote, year, limit=1, others=False)
    return phrases[0][0] if phrases else ""


# Dates per sentence that become candidates (best first, as :func:`date_phrase` orders them).
MAX_DATES = 3


def date_phrases(
    query: Query,
    quote: str,
    year: int | None = None,
    limit: int = MAX_DATES,
    others: bool = True,
) -> list[tuple[str, DateMention]]:
    """The sentence's dates as a date answer would lead with them, best first: the dates
    of events (in the asked role first), then (with ``others``) the other dates written (a
    cited document's issue date), none the question states; at most ``limit``.

    A sentence often gives several ("Căn cứ Quyết định số 379/QĐ-TTg ngày 17 tháng 3 năm
    2021 … đến năm 2030"): each is a candidate, and the learned scorer chooses.

    >>> from qa.query import understand
    >>> q = understand("Quyết định 379/QĐ-TTg được phê duyệt ngày nào?")
    >>> [p for p, _ in date_phrases(q, "Quyết định số 379/QĐ-TTg ngày 17/3/2021 đến năm 2030")]
    ['năm 2030', 'ngày 17/3/2021']
    """
    asked = {(d.first, d.last) for d in query.dates}
    written = sentence_dates(quote, year)
    events = _event_dates(query, quote, written)
    out: list[tuple[str, DateMention]] = []
    seen: set[tuple[int, int]] = set()
    for d in [*events, *(written if others else ())] if events else written:
        if (d.first, d.last) in asked or (d.start, d.end) in seen:
            continue
        seen.add((d.start, d.end))
        # The word the report puts before it: "ngày 27/4/2021", "năm 2045" (a bare
        # "2045" reads as a number, not as a year).
        said = fold(quote[max(0, d.start - 12) : d.start]).strip()
        bare = d.text[:1].isdigit()
        prefix = (
            "ngày "
            if d.granularity == "day" and said.endswith("ngay")
            else "năm "
            if d.granularity in {"year", "period"} and bare and said.endswith("nam")
            else "giai đoạn "
            if d.granularity == "period" and said.endswith("giai doan")
            else ""
        )
        out.append((f"{prefix}{d.text}", d))
        if len(out) >= limit:
            break
    return out


# "Chỉ thị số 16/CT-TTg ngày 31/3/2020": the date a document was issued, right after its code.
_DOCUMENT_DATE = re.compile(r"(?:/[a-z]{1,6}(?:-[a-z0-9]{1,8})*|\bso \d+)\s*,?\s*(?:ngay\s*)?$")
_ASKS_ISSUE = re.compile(r"\bban hanh\b|\bky\b|\bissued?\b|\bsigned\b|\bdated\b")


_STARTS = re.compile(
    r"\bbat dau\b|\btu ngay nao\b|\btu khi nao\b|\bsince when\b|\bstart"
    r"|\b(?:from|since) (?:what|which) (?:date|day|time)\b|\bfrom when\b"
)
# The end of a period, or a deadline ("trước ngày nào", "chậm nhất", "by what date"): both are
# answered by the date a text writes after "đến", "trước", "chậm nhất", "before", "by".
_ENDS = re.compile(
    r"\bket thuc\b|\bden ngay nao\b|\bden khi nao\b|\buntil when\b|\bended?\b"
    r"|\btruoc ngay nao\b|\bcham nhat\b|\bhan chot\b|\bthoi han\b|\bby when\b"
    r"|\bby what date\b|\bdeadline\b|\bno later than\b"
)
# A deadline as a text writes it, just before its date.
_DEADLINE = re.compile(
    r"\b(?:truoc|cham nhat(?: la| vao)?|han chot(?: la)?|before|no later than)\s*"
    r"(?:ngay|thang|nam)?\s*$"
)


@functools.lru_cache(maxsize=4096)
def _asks_issue(folded_question: str) -> bool:
    return _ASKS_ISSUE.search(folded_question) is not None


@functools.lru_cache(maxsize=4096)
def _role(folded_question: str) -> str:
    """Whether a date question asks when something started or when it ended."""
    starts, ends = _STARTS.search(folded_question), _ENDS.search(folded_question)
    return "start" if starts and not ends else "end" if ends and not starts else ""


def _date_role(quote: str, d: DateMention) -> str:
    before = _fold(quote[max(0, d.start - 14) : d.start])
    if SINCE.search(before):
        return "start"
    return "end" if UNTIL.search(before) or _DEADLINE.search(before) else ""


def document_date(quote: str, d: DateMention) -> bool:
    """Whether ``d`` is the issue date of a document the sentence cites ("Chỉ thị số
    16/CT-TTg ngày 31/3/2020")."""
    return _DOCUMENT_DATE.search(_fold(quote[max(0, d.start - 24) : d.start])) is not None


def _event_dates(query: Query, quote: str, written: Sequence[DateMention]) -> list[DateMention]:
    """The dates a sentence gives of events: when a question asks when something happened,
    not when a document was issued, the date after a document's code is its reference."""
    if _asks_issue(query.folded):
        return list(written)
    events = [d for d in written if not document_date(quote, d)]
    role = _role(query.folded)
    # The date in the asked role first: "từ 19/7/2021 đến 15/8/2021" starts on the 19th.
    return sorted(events, key=lambda d: bool(role) and _date_role(quote, d) != role)


def _cite(marker: int, sentence: Sentence) -> Citation:
    chunk = sentence.chunk
    return Citation(
        marker,
        chunk.chunk_id,
        chunk.source,
        chunk.province,
        chunk.breadcrumb,
        (sentence.line, sentence.line),
        sentence.original or sentence.quote,  # the file's own text, emphasis and all
    )
