"""List and explanation answers (issue #12): a question asking for several things is a list
question, answered with the items of the enumeration its best sentence is in; a why / what
for question leads with the reason clause; in English with an English lead."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eval.fit import describe
from eval.gold import GoldQuestion
from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import candidates
from qa.coverage import TermWeights
from qa.items import (
    asks_reason,
    cause_before,
    denies_lead_in,
    enumeration_context,
    head_share,
    list_head,
    list_items,
    reason_clause,
)
from qa.query import understand
from qa.quoted import answer_sentences
from qa.scorer import Scorer
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

# One line, three ";" clauses after "bao gồm:" (the splitter cuts it in three sentences).
ONE_LINE = make_chunk(
    "Kế hoạch quan trắc môi trường năm 2026.\n"
    "- Địa điểm quan trắc: thực hiện tại 03 vùng nuôi chính của tỉnh, bao gồm: Vùng nuôi "
    "tôm nước lợ quanh đầm Cù Mông; vùng nuôi tôm nước lợ quanh đầm Ô Loan; vùng nuôi hạ "
    "lưu sông Bàn Thạch.\n"
    "- Số điểm quan trắc: 08 điểm.",
    path=("II. NỘI DUNG", "1. Quan trắc"),
    line_start=80,
)
# One item a line under a lead-in, then another lead-in.
MARKED = make_chunk(
    "Triển khai các nền tảng nhận diện, kiểm soát phương tiện tự động như:\n"
    "- Hệ thống giám sát hành trình, quản lý điều hành phương tiện.\n"
    "- Hệ thống kiểm tra tải trọng xe tự động.\n"
    "- Hệ thống theo dõi đo đếm lưu lượng, phân loại phương tiện tự động.\n"
    "Triển khai thanh toán điện tử trong giao thông như:\n"
    "- Hệ thống thu phí điện tử không dừng đối với phương tiện đường bộ.",
    path=("III. NHIỆM VỤ", "4.5. Nền tảng nhận diện"),
    line_start=135,
)
# Marked items of two sentences each: the first item's second sentence holds a cause.
TWO_SENTENCE_ITEMS = make_chunk(
    "Nguyên nhân khách quan:\n"
    "- Đây là một đại dịch mới, chưa có tiền lệ. Biến chủng mới lây nhiễm nhanh, khó kiểm"
    " soát.\n"
    "- Năng lực hệ thống y tế cơ sở còn hạn chế; nhân lực chưa sẵn sàng.",
    path=("IV. TỒN TẠI", "2. Nguyên nhân"),
    line_start=227,
)
# Two lists of one article: the cases that apply, then the cases that do not.
APPLIES = make_chunk(
    "2. Quy định này được áp dụng trong các trường hợp sau đây:\n"
    "a) Mua sắm tài sản công, hàng hóa, dịch vụ;\n"
    "b) Sửa chữa hạng mục công trình trong các cơ sở công lập.\n"
    "3. Quy định này không áp dụng đối với các trường hợp sau đây:\n"
    "a) Việc mua sắm tài sản phải thực hiện mua sắm tập trung;\n"
    "b) Nhiệm vụ mua sắm trong lĩnh vực quốc phòng, an ninh.",
    path=("Điều 1. Phạm vi điều chỉnh",),
    line_start=35,
)
# The cause, then its consequence opening with "Theo đó".
CONSEQUENCE = make_chunk(
    "Tỉnh đã nới lỏng việc kiểm soát người, phương tiện ra vào tỉnh từ ngày 12/10/2021. "
    "Theo đó, đã xuất hiện nhiều ổ dịch với số ca mắc cộng đồng tăng đột biến.",
    path=("I. DIỄN BIẾN DỊCH BỆNH",),
    line_start=27,
)
REASONS = make_chunk(
    "Tỉnh đã quyết định thành lập 96 trạm y tế lưu động; tuy nhiên, do thiếu nguồn nhân "
    "lực nên chỉ có 43 trạm đủ điều kiện theo quy định. Các trạm được giao cho Sở Y tế "
    "quản lý.",
    path=("III. KẾT QUẢ", "c) Về công tác điều trị"),
    line_start=119,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Những vùng nuôi tôm nước lợ nào của Đắk Lắk được quan trắc?", "list"),
        ("Kế hoạch đặt ra những mục tiêu chủ yếu nào đối với đội ngũ cán bộ?", "list"),
        # "kinh phí" would read it as a figure question; "những nguồn nào" asks several.
        ("Kinh phí thực hiện kế hoạch gồm những nguồn nào?", "list"),
        ("Which mobile operators does the department work with?", "list"),
        ("For 2031-2035, which kinds of business models will be sandboxed?", "list"),
        # A share, one body, a date, a quantity: not lists.
        ("What share of households should get disaster information by 2030?", "number"),
        ("Which body leads the security checks of the system?", "entity"),
        ("Những ca bệnh đầu tiên được phát hiện khi nào?", "date"),
        ("Tỉnh đã chi bao nhiêu tiền cho những hoạt động nào?", "number"),
        ("Vì sao tỉnh ưu tiên những vùng nào?", "explanation"),
    ],
)
def test_a_question_asking_for_several_things_is_a_list(question: str, kind: str) -> None:
    assert understand(question).kind == kind


def test_an_item_of_a_one_line_enumeration_brings_its_sibling_clauses() -> None:
    sentences = split_sentences(ONE_LINE)
    middle = next(s for s in sentences if "Ô Loan" in s.quote)
    items = list_items(middle)
    assert [s.quote.split()[-1] for s in items] == ["Mông;", "Loan;", "Thạch."]
    assert all("Số điểm" not in s.quote for s in items)
    # A sentence that continues nothing and is continued by nothing stands alone.
    assert list_items(sentences[0]) == []


def test_a_marked_item_brings_the_items_of_its_lead_in_not_the_next_list() -> None:
    sentences = split_sentences(MARKED)
    second = next(s for s in sentences if "tải trọng" in s.quote)
    quotes = [s.quote for s in list_items(second)]
    assert len(quotes) == 3
    assert "giám sát hành trình" in quotes[0] and "phân loại" in quotes[2]
    assert not any("thu phí" in q or q.endswith(":") for q in quotes)


def test_an_earlier_item_comes_with_all_of_its_sentences() -> None:
    sentences = split_sentences(TWO_SENTENCE_ITEMS)
    last = next(s for s in sentences if "Năng lực" in s.quote)
    quotes = [s.quote for s in list_items(last)]
    assert any("đại dịch mới" in q for q in quotes) and any("Biến chủng" in q for q in quotes)
    assert not any(q.endswith(":") for q in quotes)


def test_a_list_question_names_the_kind_of_thing_it_asks_for() -> None:
    assert list_head("ap dung cho nhung hinh thuc dao tao nao") == ("hinh", "thuc", "dao")
    assert list_head("phuong an gom nhung gi") == ()
    sentences = split_sentences(APPLIES)
    item = next(s for s in sentences if "tập trung" in s.quote)
    # The item's lead-in says what the list is: "không áp dụng đối với các trường hợp".
    assert "khong ap dung" in enumeration_context(item)
    folded = understand("Những trường hợp nào không áp dụng quy định này?").folded
    assert head_share(folded, item) == 1.0


def test_a_negated_list_question_is_not_answered_by_the_cases_that_apply() -> None:
    folded = understand("Những trường hợp nào không áp dụng quy định này?").folded
    sentences = split_sentences(APPLIES)
    applies = next(s for s in sentences if "Sửa chữa hạng mục" in s.quote)
    excluded = next(s for s in sentences if "quốc phòng" in s.quote)
    assert denies_lead_in(folded, applies)
    assert not denies_lead_in(folded, excluded)
    # A question that denies nothing is never refused so.
    assert not denies_lead_in(understand("Những trường hợp nào áp dụng?").folded, applies)


def test_a_list_answer_quotes_the_items_and_cites_each() -> None:
    q = understand("Những hệ thống nhận diện, kiểm soát phương tiện tự động nào được triển khai?")
    assert q.kind == "list"
    answerer = Answerer(TermWeights([MARKED]))
    ranked = answerer.rank_sentences(q, [Hit(MARKED, 1.0, 1)])
    first = [r for r in ranked if "tải trọng" in r.sentence.quote]
    draft = answerer.decide(q, first)
    assert not draft.abstained
    assert len(draft.citations) == 3
    assert "giám sát hành trình" in draft.text and "phân loại phương tiện" in draft.text
    assert "thu phí" not in draft.text
    # Only a list question quotes the siblings: an entity question keeps its sentence.
    entity = understand("Hệ thống nào kiểm tra tải trọng xe?")
    assert answer_sentences(entity, first[0].sentence) == []


def test_an_unsure_list_answer_shows_the_items_as_closest_not_asserted() -> None:
    shipped = Scorer.load()
    unsure = Scorer({**shipped.model, "threshold": 1.01})  # never sure enough
    q = understand("Những hệ thống kiểm soát phương tiện tự động nào được triển khai?")
    answerer = Answerer(TermWeights([MARKED]), scorer=unsure)
    held = answerer.answer(q, [Hit(MARKED, 1.0, 1)])
    assert held.abstained and held.citations == ()
    # The best candidate is an item: the three items of its lead-in are shown, each with its
    # line, and not the next list's.
    shown = [c.quote for c in held.closest]
    assert len(shown) == 3 and "tải trọng" in shown[1] and "phân loại" in shown[2]
    assert "phân loại phương tiện tự động" in held.text and "thu phí" not in held.text


def test_the_reason_clause_is_read_from_its_connective_to_the_clause_end() -> None:
    quote = split_sentences(REASONS)[1].quote
    assert reason_clause(quote) == "do thiếu nguồn nhân lực"
    purpose = "Gắn cảm biến tại các cầu để giám sát tải trọng, lún nứt; báo cáo hằng tháng."
    assert reason_clause(purpose, "de lam gi") == "để giám sát tải trọng, lún nứt"
    assert reason_clause("Quyết định do Bộ Y tế ban hành năm 2021.") == ""
    assert asks_reason("vi sao chi co 43 tram") and asks_reason("why did cases rise")
    assert not asks_reason("co quan nao chu tri")


def test_an_explanation_leads_with_its_reason_in_either_language() -> None:
    answerer = Answerer(TermWeights([REASONS]))
    vi = understand("Vì sao Cà Mau thành lập 96 trạm y tế lưu động nhưng chỉ 43 trạm đủ điều kiện?")
    assert vi.kind == "explanation"
    ranked = answerer.rank_sentences(vi, [Hit(REASONS, 1.0, 1)])
    best = [r for r in ranked if "nhân lực" in r.sentence.quote]
    draft = answerer.decide(vi, best)
    assert draft.text.startswith("do thiếu nguồn nhân lực — ")
    en = understand("Why did Cà Mau have only 43 of its 96 mobile medical stations ready?")
    text = answerer.compose(en, best)
    # The glossary does not read the whole clause: the reason is quoted, framed in English.
    assert text.startswith("reason given: “do thiếu nguồn nhân lực” — according to")


class _Ranked:
    """The one pipeline method the scorer's labelling reads (``Pipeline.ranked``), over a
    real answerer and one passage."""

    def __init__(self, answerer: Answerer, hit: Hit) -> None:
        self.answerer, self.hit = answerer, hit

    def ranked(self, question: str) -> tuple[object, list[object]]:
        q = understand(question)
        return q, list(self.answerer.rank_sentences(q, [self.hit]))


def test_the_scorer_learns_that_an_item_answers_with_its_siblings() -> None:
    # The gold names the third item; its evidence is the second: a list candidate from the
    # second item is right because its answer quotes the items after it.
    report = "\n" * (MARKED.line_start - 1) + MARKED.text
    gold = GoldQuestion.from_dict(
        {
            "id": "t1",
            "question": "Những hệ thống kiểm soát phương tiện tự động nào được triển khai?",
            "language": "vi",
            "provinces": ["Cà Mau"],
            "reports": [MARKED.source],
            "answer": "…",
            "aliases": ["phân loại phương tiện tự động"],
            "evidence": ["Hệ thống kiểm tra tải trọng xe tự động."],
            "type": "list",
            "difficulty": "easy",
        }
    )
    pipeline = _Ranked(Answerer(TermWeights([MARKED])), Hit(MARKED, 1.0, 1))
    rows = describe(pipeline, gold, {MARKED.source: report})
    _q, ranked = pipeline.ranked(gold.question)
    labels = {r.sentence.quote: y for r, y in zip(ranked, rows.y, strict=True)}
    assert labels["Hệ thống kiểm tra tải trọng xe tự động."] == 1
    # A question not read as a list ("Hệ thống nào …?"): the candidates are its sentence alone
    # (one per name it writes, qa.name_spans).
    single = replace(gold, question="Hệ thống nào kiểm soát phương tiện tự động?", type="entity")
    rows = describe(pipeline, single, {MARKED.source: report})
    q, ranked = pipeline.ranked(single.question)
    said: dict[str, list[int]] = {}
    for c, y in zip(candidates(q, ranked), rows.y, strict=True):
        said.setdefault(c.scored.sentence.quote, []).append(y)
    assert max(said["Hệ thống kiểm tra tải trọng xe tự động."]) == 0


def test_a_why_answer_from_a_consequence_quotes_its_cause_first() -> None:
    sentences = split_sentences(CONSEQUENCE)
    consequence = next(s for s in sentences if s.quote.startswith("Theo đó"))
    cause = cause_before(consequence)
    assert cause is not None and "nới lỏng" in cause.quote
    # A sentence with its own reason, or no consequence connective, needs none.
    assert cause_before(sentences[0]) is None
    assert all(cause_before(s) is None for s in split_sentences(REASONS))
    q = understand("Vì sao số ca mắc cộng đồng tăng đột biến?")
    answerer = Answerer(TermWeights([CONSEQUENCE]))
    ranked = answerer.rank_sentences(q, [Hit(CONSEQUENCE, 1.0, 1)])
    first = [r for r in ranked if r.sentence.quote.startswith("Theo đó")]
    draft = answerer.decide(q, first)
    assert not draft.abstained and len(draft.citations) == 2
    assert draft.text.index("nới lỏng") < draft.text.index("Theo đó")


def test_a_numbered_heading_line_is_answered_by_what_its_section_says() -> None:
    # The article's heading opens its passage as a sentence of its own, the numbering left
    # aside ("Bãi bỏ toàn bộ các quyết định" under "Điều 1. …"); a list question it ranks
    # first for is answered by the lead-in and the items under it, not refused as a heading.
    chunk = make_chunk(
        "Điều 1. Bãi bỏ toàn bộ các quyết định\n\n"
        "Bãi bỏ toàn bộ các quyết định sau đây:\n\n"
        "1. Quyết định số 21/2012/QĐ-UBND ngày 14 tháng 8 năm 2012 của UBND Thành phố.\n\n"
        "2. Quyết định số 28/2015/QĐ-UBND ngày 08 tháng 10 năm 2015 của UBND Thành phố.",
        path=("Điều 1. Bãi bỏ toàn bộ các quyết định",),
        source="e03_ha-noi.txt",
        province="Hà Nội",
    )
    heading, *_ = split_sentences(chunk)
    assert heading.quote == "Bãi bỏ toàn bộ các quyết định"
    query = understand("Quyết định 04/2025/QĐ-UBND của Hà Nội bãi bỏ những quyết định nào?")
    quoted = [s.quote for s in answer_sentences(query, heading)]
    assert quoted[0] == "Bãi bỏ toàn bộ các quyết định sau đây:"
    assert [q[:24] for q in quoted[1:]] == ["Quyết định số 21/2012/QĐ", "Quyết định số 28/2015/QĐ"]
