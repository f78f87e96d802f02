"""Every rule that refuses to assert a best candidate, whatever its confidence.

Issue #12: "all abstentions are decided in one place". The answerer (``qa.answer``) asks
:func:`refusal` of its best candidate and shows the refusal's message
(``qa.messages``) instead of an answer; the learned scorer reads the same rules of every
candidate (:func:`refused_as_best`, ``qa.candidates``), so a refused candidate ranks
lower rather than being asserted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from hoidap.memo import bytes_cache
from hoidap.text import NumberMention
from qa.basis import alternation as basis_words
from qa.document import asked_fields, named_kinds
from qa.figures import (
    breakdown,
    figure_agreement,
    is_money,
    unit_word,
    units_agree,
)
from qa.figures import candidates as figure_candidates
from qa.items import denies_lead_in
from qa.leads import best_date_lead
from qa.matching import cached_fold, cached_tones, has_term, text_words
from qa.messages import (
    BASIS_DATE_EN,
    BASIS_DATE_VI,
    DENIED_LIST_EN,
    DENIED_LIST_VI,
    HEADING_ONLY_EN,
    HEADING_ONLY_VI,
    NO_AMOUNT_EN,
    NO_AMOUNT_VI,
    OTHER_FIGURE_EN,
    OTHER_FIGURE_VI,
    OTHER_PERIOD_EN,
    OTHER_PERIOD_VI,
    OTHER_SCOPE_EN,
    OTHER_SCOPE_VI,
    RATE_NOT_TOTAL_EN,
    RATE_NOT_TOTAL_VI,
    TARGET_ONLY_EN,
    TARGET_ONLY_VI,
    TOTAL_NOT_PART_EN,
    TOTAL_NOT_PART_VI,
)
from qa.qualifiers import agreement, find_qualifiers
from qa.query import Query
from qa.quoted import answer_sentences, own_heading
from qa.rates import figure_period  # the scorer's own reading of a figure's period
from qa.scope import clause_of, own_clauses
from qa.scored import Scored
from qa.sentences import Sentence

# Words that ask for a figure ("bao nhiêu", "how many"; twice: a question asks two figures).
ASKS = re.compile(r"\bbao nhieu\b|\bhow (?:many|much)\b|\bbao lau\b")


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


def _own_qualifiers(
    query: Query, quote: str, figure: NumberMention
) -> tuple[list[NumberMention], tuple[str, ...], set[tuple[str, str]]]:
    """The sentence's candidate figures, each one's own clause (read once per sentence,
    ``qa.scope.own_clauses``), and the qualifiers ``figure``'s own clause names."""
    figures = figure_candidates(query, quote)
    clauses = own_clauses(quote, tuple((m.start, m.end) for m in figures), True)
    return figures, clauses, find_qualifiers(clause_of(quote, figure, figures, clauses, True))


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
    figures, clauses, said = _own_qualifiers(query, best.sentence.quote, best.figure)
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


# The qualifier kinds a figure's own clause states for that figure alone.
_OWN_SCOPE = frozenset({"dose", "phase", "wave", "age"})


def _other_scope(query: Query, best: Scored) -> bool:
    """A figure question naming a dose, phase, wave or age group whose best figure's own
    clause names that kind with another value only: "Cà Mau tiêm mũi 3 được bao nhiêu
    người?" → "373.388 người hoàn thành tiêm mũi 2", "… mũi 3 cho bao nhiêu người từ 18 tuổi
    trở lên?" → "495.909 người trên 18 tuổi được tiêm mũi 1". The figure is of another group
    than asked, and the scope the answer would show says so."""
    if query.kind != "number" or best.figure is None:
        return False
    asked = {q for q in query.qualifiers if q[0] in _OWN_SCOPE}
    if not asked:
        return False
    _figures, _clauses, said = _own_qualifiers(query, best.sentence.quote, best.figure)
    kinds = {kind for kind, _ in said}
    return any(kind in kinds and (kind, value) not in said for kind, value in asked)


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
    accented = query.accented
    terms = _part_terms(query.match_terms or query.terms, query.unit)

    def said(text: str) -> set[str]:
        text = cached_tones(text.lower()) if accented else cached_fold(text)
        words = text_words(text)
        return {t for t in terms if has_term(t, words, text)}

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
    return tuple(t for t in terms if not (unit and cached_fold(t.split("_")[0]) == unit))


@functools.lru_cache(maxsize=256)
def _syllables(terms: tuple[str, ...]) -> frozenset[str]:
    """The syllables of the question's terms (``_counted_elsewhere``), once per question."""
    return frozenset(p for t in terms for p in t.split("_"))


@functools.lru_cache(maxsize=256)
def _asks_twice(folded: str) -> bool:
    """The question asks two figures ("bao nhiêu máy … và bao nhiêu mẫu")."""
    return len(ASKS.findall(folded)) >= 2


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
    if query.asks_money and is_money(quote, best.figure):
        # What a money question counts is money, whatever else it names ("chi bao nhiêu tiền
        # để tặng quà cho các đối tượng": the "đồng" of the sentence, not its "đối tượng").
        return False
    # Matched with tone marks when the question has them: folded, "lao động" would name
    # the "đồng" of an amount.
    accented = query.accented
    named = _syllables(query.match_terms or query.terms)

    def said(m: NumberMention) -> str:
        return cached_tones(m.unit.lower()) if accented else unit_word(quote, m)

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
        times = list(_TIME_BEFORE.finditer(cached_fold(quote[:start])))
        if times and times[-1].group(1):
            return True
    before = cached_fold(quote[previous:start])
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
# A clause that cites its basis: one of qa/data/basis_words.txt ("Thực hiện", "Căn cứ",
# "Triển khai", "Theo", "Trên cơ sở" …, folded), from the clause's start (after a comma, a
# semicolon, a stop, a colon or a bracket: "…, Tỉnh ủy đã kiện toàn … (Quyết định số
# 215-QĐ/TU ngày …)" cites the act, not a basis).
_BASIS_CLAUSE = re.compile(r"^\W*" + basis_words() + r"\b")
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
    lead = re.sub(r"^ngày\s+", "", best_date_lead(query, best).strip(), flags=re.IGNORECASE)
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
        if not _BASIS_CLAUSE.search(cached_fold(clause)):
            return None
        # A question naming the cited document's kind may ask about it ("chỉ thị của Thủ
        # tướng … là chỉ thị số mấy, ngày nào").
        kinds = named_kinds(" ".join(cached_fold(before).split()[-3:]))
        out.append((cited[1].lstrip("0"), kinds))
    return tuple(out)


def _heading_only(query: Query, best: Scored) -> bool:
    """A list or an explanation whose best sentence is its section's own heading, the
    numbering left aside (``qa.quoted.own_heading``), and which introduces no items: it
    names the topic the question asks about, not the items or the reason."""
    if query.kind not in {"list", "explanation"}:
        return False
    return own_heading(best.sentence) and not answer_sentences(query, best.sentence)


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
    (_other_scope, Refusal(OTHER_SCOPE_VI, OTHER_SCOPE_EN, True)),
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
