"""What a candidate's own words and the guards' clauses remember (#17): each memo gives what
the plain computation gives, and each cache is bounded and keyed on the text it reads (a
question's, a sentence's and the places of its figures), never on an index. Real report
sentences read by the real question reader."""

from __future__ import annotations

import re

import pytest

from hoidap.text import NumberMention, cached_dates, cached_numbers, fold, normalize_tones
from qa.document import asked_fields, named_kinds
from qa.figures import _asked_flat
from qa.figures import candidates as figure_candidates
from qa.matching import cached_fold
from qa.own_words import _own_terms, _own_words, own_share, own_terms, own_text
from qa.qualifiers import agreement, find_qualifiers
from qa.query import Query, understand
from qa.refusals import (
    _BASIS_CLAUSE,
    _CITED_DATE,
    _CLAUSE_START,
    _basis_citations,
    _basis_date,
    _other_figure_fits,
)
from qa.scope import clause_of, counting, own_clause, own_clauses
from qa.scored import Scored
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk
from tests.unit.test_qa_guard_memo import QUESTIONS, QUOTES

MORE_QUOTES = (
    "Đợt dịch thứ 4: ghi nhận tổng số trường hợp 5.779 F0; 43.469 F1; 117.679 F2.",
    "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học.",
    "Riêng tháng 10, toàn tỉnh ghi nhận 4.956 ca mắc, trong đó có 2.250 ca cộng đồng;",
    "Ngày 10/7/2021 tỉnh họp ban chỉ đạo, ngày 19/7/2021 bắt đầu giãn cách xã hội.",
    "Đã tiêm 153.810 mũi 1 cho trẻ từ 5 đến dưới 12 tuổi và 20.112 mũi 2, đạt 95%.",
)
MORE_QUESTIONS = (
    "Đợt dịch thứ 4 có bao nhiêu trường hợp F2?",
    "soc trang rieng thang 10 co bao nhieu ca mac",
    "Ngày nào tỉnh bắt đầu giãn cách xã hội?",
    "How many second doses were given to children?",
    "bao nhiêu?",
)


def _own_share_plain(query: Query, quote: str, span, others) -> float:  # type: ignore[no-untyped-def]
    """:func:`qa.own_words.own_share` as it was: the question's terms read for every call,
    the words of :func:`own_text` read afresh."""
    asked = _asked_flat(query)
    unit = fold(query.unit) if query.unit else ""
    terms = [(ways, weight) for ways, folded, weight in asked.describing if folded != unit]
    total = sum(weight for _, weight in terms)
    if not total:
        return 0.0
    text = own_text(quote, span, others)
    accented = query.language in {"vi", "en"} and bool(query.match_terms)
    words = frozenset(re.findall(r"\w+", normalize_tones(text.lower()) if accented else fold(text)))
    if not accented:
        terms = [(tuple(tuple(fold(p) for p in parts) for parts in ways), w) for ways, w in terms]
    got = sum(
        weight for ways, weight in terms if any(all(p in words for p in parts) for parts in ways)
    )
    return got / total


@pytest.mark.parametrize("question", QUESTIONS + MORE_QUESTIONS)
def test_own_share_remembered_is_the_plain_share(question: str) -> None:
    query = understand(question)
    compared = 0
    for quote in QUOTES + MORE_QUOTES:
        for others in (list(counting(quote)), list(cached_numbers(quote)), cached_dates(quote)):
            for span in others:
                for _ in range(2):  # the second read comes from the caches
                    assert own_share(query, quote, span, others) == _own_share_plain(
                        query, quote, span, others
                    )
                compared += 1
    assert compared > 40


def test_own_share_caches_are_bounded_and_cleared() -> None:
    assert _own_terms.cache_info().maxsize == 256
    first, second = understand("Tiêm bao nhiêu mũi 2?"), understand("Có bao nhiêu ca cộng đồng?")
    assert own_terms(first) == _own_terms(first) and own_terms(first) is own_terms(first)
    assert own_terms(second) == _own_terms(second) != _own_terms(first)
    assert _own_words.cache_info().max_bytes == 4 << 20
    query = understand("Có bao nhiêu doanh nghiệp khởi nghiệp sáng tạo?")
    quote = MORE_QUOTES[1]
    hundred, fifty = cached_numbers(quote)
    _own_words.cache_clear()
    own_share(query, quote, hundred, [hundred, fifty])
    own_share(query, quote, hundred, [hundred, fifty])
    info = _own_words.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)
    _own_words.cache_clear()
    assert _own_words.cache_info().currsize == 0
    assert own_share(query, quote, hundred, [hundred, fifty]) > own_share(
        query, quote, fifty, [hundred, fifty]
    )


@pytest.mark.parametrize("folded", [True, False])
def test_own_clauses_are_each_figures_own_clause(folded: bool) -> None:
    for quote in QUOTES + MORE_QUOTES:
        for figures in (list(counting(quote)), list(cached_numbers(quote))):
            bounds = tuple((m.start, m.end) for m in figures)
            clauses = own_clauses(quote, bounds, folded)
            assert clauses == tuple(own_clause(quote, m, figures, folded) for m in figures)
            for m in cached_numbers(quote):  # among the figures or not
                assert clause_of(quote, m, figures, clauses, folded) == own_clause(
                    quote, m, figures, folded
                )
    assert own_clauses.cache_info().max_bytes == 1 << 20
    own_clauses.cache_clear()
    assert own_clauses.cache_info().currsize == 0


def _other_figure_fits_plain(query: Query, best: Scored) -> bool:
    """:func:`qa.refusals._other_figure_fits` as it was: each figure's clause read afresh."""
    if query.kind != "number" or best.figure is None:
        return False
    asked = {q for q in query.qualifiers if q[0] != "status"}
    if not asked:
        return False
    quote = best.sentence.quote
    figures = figure_candidates(query, quote)
    said = find_qualifiers(own_clause(quote, best.figure, figures))
    ages = {v for k, v in said if k == "age"}
    asked = {q for q in asked if q[0] != "age" or ages}
    own = agreement(asked, said)
    return any(
        agreement(asked, find_qualifiers(own_clause(quote, m, figures))) > max(own, 0.0)
        for m in figures
        if m.start != best.figure.start
    )


@pytest.mark.parametrize("question", QUESTIONS + MORE_QUESTIONS)
def test_the_dose_guard_decides_as_with_each_clause_read_afresh(question: str) -> None:
    query = understand(question)
    decided = []
    for quote in QUOTES + MORE_QUOTES:
        sentence = split_sentences(make_chunk(quote))[0]
        for m in cached_numbers(sentence.quote):
            best = Scored(sentence, 0.0, 0.0, m, False)
            decided.append(_other_figure_fits(query, best))
            assert decided[-1] == _other_figure_fits_plain(query, best)
    if question == "Tiêm bao nhiêu mũi 2?":
        assert any(decided)  # the guard fires on this one: the comparison is not vacuous


def _basis_date_plain(query: Query, quote: str, lead: str) -> bool:
    """The sentence part of :func:`qa.refusals._basis_date` as it was, every place read for
    every candidate."""
    named = set(re.findall(r"\d+", query.folded))
    for found in re.finditer(re.escape(lead), quote):
        start = found.start()
        cited = _CITED_DATE.search(quote[max(0, start - 80) : start])
        if cited is None or cited[1].lstrip("0") in {n.lstrip("0") for n in named}:
            return False
        before = quote[: start - len(cited[0])]
        kind = named_kinds(" ".join(cached_fold(before).split()[-3:]))
        if kind & named_kinds(query.folded):
            return False
        clause = before[max([m.end() for m in _CLAUSE_START.finditer(before)] + [0]) :]
        if not _BASIS_CLAUSE.search(cached_fold(clause)):
            return False
    return True


BASIS_QUOTES = (
    "Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 của Thủ tướng Chính phủ, "
    "tổ chức kiểm tra các cơ sở.",
    "Tỉnh ủy đã kiện toàn Ban Chỉ đạo (Quyết định số 215-QĐ/TU ngày 15/8/2021).",
    "Căn cứ Chỉ thị số 16/CT-TTg ngày 31/3/2020, tỉnh thực hiện giãn cách từ ngày 01/4/2020.",
    "Theo Công văn 674/UBND-NC ngày 20/7/2021 và Công văn 675/UBND-NC ngày 20/7/2021, tạm dừng.",
)
BASIS_QUESTIONS = (
    "Từ ngày nào tổ chức kiểm tra các cơ sở?",
    "Ban Chỉ đạo được kiện toàn ngày nào?",
    "Chỉ thị 16 của Thủ tướng ban hành ngày nào?",
    "Công văn 674/UBND-NC ngày nào?",
    "Khi nào tạm dừng?",
)


@pytest.mark.parametrize("question", BASIS_QUESTIONS)
def test_basis_citations_remembered_decide_as_the_plain_reading(question: str) -> None:
    query = understand(question)
    for quote in BASIS_QUOTES:
        for d in cached_dates(quote):
            lead = quote[d.start : d.end]
            lead = re.sub(r"^ngày\s+", "", lead.strip(), flags=re.IGNORECASE)
            if not lead or lead not in quote:
                continue
            cited = _basis_citations(quote, lead)
            named = {n.lstrip("0") for n in re.findall(r"\d+", query.folded)}
            mine = cited is not None and all(
                number not in named and not kinds & named_kinds(query.folded)
                for number, kinds in cited
            )
            assert mine == _basis_date_plain(query, quote, lead)
    sentence = split_sentences(make_chunk(BASIS_QUOTES[0]))[0]
    best = Scored(sentence, 0.0, 0.0, None, False, date_lead="ngày 27 tháng 9 năm 2025")
    plain = (
        query.kind == "date"
        and "issued" not in asked_fields(query.folded)
        and _basis_date_plain(query, sentence.quote, "27 tháng 9 năm 2025")
    )
    assert _basis_date(query, best) == plain
    if question.startswith("Từ ngày nào"):
        assert plain  # the guard refuses this one: the comparison is not vacuous


def test_basis_citations_bounded_and_cleared() -> None:
    assert _basis_citations(BASIS_QUOTES[0], "27 tháng 9 năm 2025") is not None
    assert _basis_citations(BASIS_QUOTES[1], "15/8/2021") is None  # the act, not a basis
    assert _basis_citations.cache_info().max_bytes == 1 << 20
    _basis_citations.cache_clear()
    assert _basis_citations.cache_info().currsize == 0


def test_a_figure_outside_the_figures_reads_its_own_clause() -> None:
    quote = QUOTES[3]
    first, *rest = cached_numbers(quote)
    others = [m for m in rest if isinstance(m, NumberMention)]
    clauses = own_clauses(quote, tuple((m.start, m.end) for m in others), True)
    assert clause_of(quote, first, others, clauses, True) == own_clause(quote, first, others)
