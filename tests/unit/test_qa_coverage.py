"""Term coverage computed once per question (``qa.coverage.Cover``) is the definition's
value exactly: the reference below tests every term in every place, sentence by sentence,
as the answerer did before the speed-up, and the two must agree to the last bit on real
questions (real underthesea) over sentences of several provinces and sections."""

from __future__ import annotations

import itertools

import pytest

from hoidap.types import Chunk
from qa.answer import Answerer
from qa.answer_heads import answer_heads, said_heads
from qa.coverage import Cover, TermWeights, _other_places
from qa.matching import cached_fold, cached_tones, has_term, text_words
from qa.query import Query, understand
from qa.sentences import Sentence, split_sentences
from tests.unit.qa_fakes import make_chunk

CHUNKS = [
    make_chunk(
        "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
        "859.463 người (đạt tỷ lệ 74,8% dân số); trong đó, tiêm mũi 2 cho 512.000 người. "
        "Số ca tử vong do COVID-19 là 12 trường hợp.",
        line_start=131,
    ),
    make_chunk(
        "Tiếp nhận 1.204 người từ Hà Nội về địa phương; cách ly tập trung 320 người. "
        "Tổ chức xét nghiệm RT-PCR cho 45.000 mẫu, phát hiện 23 ca dương tính.",
        source="002_bac_giang.txt",
        province="Bắc Giang",
        path=("II. TÌNH HÌNH DỊCH", "1. Công tác cách ly"),
        line_start=40,
    ),
    make_chunk(
        "Thành lập 3 bệnh viện dã chiến với tổng số 1.500 giường. Hoàn thành tiêm mũi 1 "
        "cho trẻ từ 12 đến dưới 18 tuổi.",
        source="003_soc_trang.txt",
        province="Sóc Trăng",
        path=("III. KẾT QUẢ", "2. Công tác y tế"),
        line_start=77,
        ordinal=1,
    ),
    make_chunk(
        "Sở Y tế chủ trì, phối hợp với các cơ quan liên quan tổ chức tiêm vắc xin cho trẻ em. "
        "Kinh phí thực hiện từ nguồn ngân sách tỉnh.",
        source="003_soc_trang.txt",
        province="Sóc Trăng",
        path=("IV. TỔ CHỨC THỰC HIỆN",),
        line_start=90,
        ordinal=2,
    ),
]
QUESTIONS = [
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "Bắc Giang tiếp nhận bao nhiêu người từ Hà Nội về?",
    "ca mau co bao nhieu ca tu vong",
    "How many people were vaccinated in Ca Mau?",
    "Sóc Trăng thành lập bao nhiêu bệnh viện dã chiến và có bao nhiêu giường?",
    "Cà Mau và Sóc Trăng, tỉnh nào tiêm nhiều hơn?",
    "How many RT-PCR samples did Bắc Giang test for its ATM network staff?",
    "Cơ quan nào chủ trì tổ chức tiêm vắc xin cho trẻ em ở Sóc Trăng?",
]


def reference(weights: TermWeights, answerer: Answerer, query: Query, s: Sentence) -> float:
    """Coverage as defined: each term looked for in the sentence, its section path, the
    sentences before it and its chunk (first found counts), then its alternatives, then
    a compound's syllables."""
    chunk: Chunk = s.chunk
    path = " ".join(chunk.section_path)
    terms = query.match_terms or query.terms
    if query.language == "en":
        # An English question is covered on the terms some indexed passage writes.
        terms = tuple(t for t in terms if "_" in t or weights.df.get(t, 0))
    if not terms:
        return 0.0
    accented = query.language in {"vi", "en"} and bool(query.match_terms)
    terms = (*terms, *_other_places(query, chunk, accented))
    if accented:
        text = s.lower
        places = [
            (text, 1.0),
            (cached_tones(path.lower()), 0.7),
            (cached_tones(s.before.lower()), 0.6),
            (answerer._chunk_text(chunk), 0.3),
        ]
    else:
        text = s.folded
        places = [
            (text, 1.0),
            (cached_fold(path), 0.7),
            (cached_fold(s.before), 0.6),
            (chunk.unaccented, 0.3),
        ]
    indexed = [(text_words(place), place, weight) for place, weight in places]
    # The body or document a name question asks ("cơ quan nào", "văn bản nào") is said by a
    # sentence naming one.
    heads = said_heads(answer_heads(query), s.quote, path)
    total = got = 0.0
    for term in terms:
        w = weights.idf(term) ** 2
        total += w
        found = next((wt for words, place, wt in indexed if has_term(term, words, place)), 0.0)
        if term in heads:
            found = 1.0
        if not found:
            found = 0.9 * next(
                (
                    wt
                    for alt in query.alternatives(term)
                    for words, place, wt in indexed
                    if has_term(alt, words, place)
                ),
                0.0,
            )
        if not found and "_" in term:
            parts = term.split("_")
            found = 0.5 * next(
                (wt for words, _, wt in indexed if all(p in words for p in parts)), 0.0
            )
        got += w * found
    pairs = list(itertools.pairwise(terms))
    bonus = sum(1 for a, b in pairs if f"{a} {b}" in text) / max(1, len(pairs))
    return min(1.0, got / total + 0.15 * bonus)


@pytest.mark.parametrize("question", QUESTIONS)
def test_coverage_once_per_question_equals_the_definition(question: str) -> None:
    weights = TermWeights(CHUNKS)
    answerer = Answerer(weights)
    query = understand(question)
    cover = Cover(weights, query)
    sentences = [s for c in CHUNKS for s in split_sentences(c)]
    assert len(sentences) >= 6
    got = [answerer.coverage(query, s, " ".join(s.chunk.section_path), cover) for s in sentences]
    want = [reference(weights, answerer, query, s) for s in sentences]
    assert got == want  # exactly, not approximately: answers must not move
    assert any(v > 0 for v in got)


def test_an_english_question_is_covered_on_what_the_reports_can_say() -> None:
    # "PCR" is written in a passage, "ATM" and "VNPT" in none: a name no passage writes
    # and no glossary glosses is found in no sentence, so it does not lower every
    # sentence's share alike ("SME" is glossed now: "doanh nghiệp nhỏ và vừa").
    weights = TermWeights(CHUNKS)
    answerer = Answerer(weights)
    named = understand("How many RT-PCR samples did Bắc Giang test for its ATM and VNPT staff?")
    plain = understand("How many RT-PCR samples did Bắc Giang test for staff?")
    assert {"pcr", "atm", "vnpt"} <= set(named.match_terms)
    assert weights.df.get("pcr") and not weights.df.get("atm")
    sentences = [s for c in CHUNKS for s in split_sentences(c)]
    for s in sentences:
        path = " ".join(s.chunk.section_path)
        assert answerer.coverage(named, s, path) == answerer.coverage(plain, s, path)
    pcr = next(s for s in sentences if "RT-PCR" in s.quote)
    assert answerer.coverage(named, pcr, " ".join(pcr.chunk.section_path)) > 0


def test_the_body_asked_is_said_by_a_sentence_naming_one() -> None:
    # "Sở Y tế chủ trì …" answers "Cơ quan nào chủ trì …?" without writing "cơ quan": the
    # head of the ask is held where a body is named, and only there.
    weights = TermWeights(CHUNKS)
    answerer = Answerer(weights)
    query = understand("Cơ quan nào chủ trì tổ chức tiêm vắc xin cho trẻ em ở Sóc Trăng?")
    assert answer_heads(query) == {"cơ_quan"}
    sentences = [s for c in CHUNKS for s in split_sentences(c)]
    named = next(s for s in sentences if s.quote.startswith("Sở Y tế"))
    other = next(s for s in sentences if s.quote.startswith("Kinh phí"))
    cover = Cover(weights, query)
    assert cover.heads_held(named.quote, "") == {"cơ_quan"}
    assert cover.heads_held(other.quote, "IV. TỔ CHỨC THỰC HIỆN") == frozenset()
    assert "cơ quan" not in answerer.unheld_terms(query, [named])
    # A figure question counting bodies has no such head: "cơ quan" is a topic word there.
    assert answer_heads(understand("Sóc Trăng có bao nhiêu cơ quan chủ trì?")) == frozenset()


def test_the_document_asked_is_said_by_a_sentence_citing_one_by_its_number() -> None:
    # "Quyết định số 2222/QĐ-UBND …" answers "Văn bản nào … quy định …?" without writing
    # "văn bản"; a sentence that cites no document by its number does not hold the head.
    query = understand("Văn bản nào của Chủ tịch UBND tỉnh Cà Mau quy định tạm thời thích ứng?")
    assert answer_heads(query) == {"văn_bản"}
    cover = Cover(TermWeights(CHUNKS), query)
    cites = (
        "Chủ tịch UBND tỉnh ban hành Quyết định số 2222/QĐ-UBND ngày 18/10/2021 quy định tạm thời."
    )
    assert cover.heads_held(cites, "") == {"văn_bản"}
    assert cover.heads_held("Chủ tịch UBND tỉnh đã chỉ đạo quyết liệt.", "") == frozenset()
    # Asked beside a body, each head is held by its own kind of name.
    both = understand("Cơ quan nào thẩm định dự thảo quyết định này và bằng văn bản nào?")
    assert answer_heads(both) == {"cơ_quan", "văn_bản"}
    assert said_heads(answer_heads(both), "Sở Tư pháp thẩm định dự thảo.", "") == {"cơ_quan"}
    # English: "which document" is the same head, through the glossary's "văn bản".
    english = understand("Which document of the provincial chairman set the temporary rules?")
    assert answer_heads(english) == {"văn_bản"}


def test_a_document_cited_by_its_number_is_named_like_its_title() -> None:
    # "Theo Kế hoạch 617/KH-UBND, …" is answered by a line of the plan's body, which never
    # repeats the number: the number names the document, as its title does.
    weights = TermWeights(CHUNKS)
    query = understand(
        "Theo Kế hoạch 617/KH-UBND, Sóc Trăng thành lập bao nhiêu bệnh viện dã chiến?"
    )
    chunk = CHUNKS[2]
    plain = Cover(weights, query)
    named = Cover(weights, query, {chunk.report_id: "Kế hoạch 617/KH-UBND"})
    assert {"617", "kh", "ubnd"} <= set(query.match_terms)
    assert not {"617", "kh", "ubnd"} & plain.title_terms(chunk)
    assert {"617", "kh", "ubnd"} <= named.title_terms(chunk)
    # Another document's sentences are not named by it.
    assert not {"617", "kh", "ubnd"} & named.title_terms(CHUNKS[0])
