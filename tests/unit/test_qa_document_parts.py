"""A question about what a document plans is not answered from its preamble
(qa/document_parts.py, qa.document.asks_document)."""

from __future__ import annotations

from hoidap.text import fold
from hoidap.types import Hit, Report, Section, stable_id
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.document import asks_document
from qa.document_parts import DocumentParts
from qa.query import understand
from qa.scorer import Scorer, shipped
from tests.unit.qa_fakes import make_chunk

SOURCE = "d03_can-tho.txt"
TITLE = "Kế hoạch phát động phong trào thi đua chi trả không dùng tiền mặt"
OPENING = (TITLE,)
BODY = ("III. THỜI GIAN",)
LINES = {
    1: "**ỦY BAN NHÂN DÂN**",
    3: "Số: 157/KH-UBND",
    5: "Cần Thơ, ngày 18 tháng 11 năm 2025",
    7: "**KẾ HOẠCH**",
    9: "PHÁT ĐỘNG PHONG TRÀO THI ĐUA CHI TRẢ KHÔNG DÙNG TIỀN MẶT",
    11: "Thực hiện Chỉ thị số 21/CT-TTg ngày 25 tháng 11 năm 2022 của Thủ tướng Chính phủ về "
    "thúc đẩy chi trả không dùng tiền mặt, Ủy ban nhân dân thành phố ban hành Kế hoạch phát động "
    "phong trào thi đua chi trả không dùng tiền mặt.",
    13: "**III. THỜI GIAN**",
    15: "- Đợt 01 dự kiến: cao điểm tập trung trong 10 ngày làm việc (từ ngày 20 tháng 11 năm "
    "2025 đến ngày 03 tháng 12 năm 2025);",
}


def _chunk(first: int, last: int, path: tuple[str, ...], ordinal: int):
    text = "\n".join(LINES.get(n, "") for n in range(first, last + 1))
    return make_chunk(
        text, source=SOURCE, province="Cần Thơ", path=path, line_start=first, ordinal=ordinal
    )


HEAD = _chunk(1, 11, OPENING, 0)
TIME = _chunk(13, 15, BODY, 1)
REPORT = Report(
    report_id=stable_id(SOURCE),
    source=SOURCE,
    title=TITLE,
    kind="kế hoạch",
    province="Cần Thơ",
    content_hash="x",
    sections=(
        Section(stable_id(SOURCE, OPENING), "", TITLE, 0, OPENING, 1, 11),
        Section(stable_id(SOURCE, BODY), "III", BODY[0], 1, BODY, 13, 15),
    ),
)


def _lines_of(report_id: str):
    assert report_id == REPORT.report_id
    chunks = {HEAD.line_start: HEAD, TIME.line_start: TIME}
    out = []
    for start, chunk in chunks.items():
        out += [(start + i, t, chunk) for i, t in enumerate(chunk.text.split("\n"))]
    return out


HITS = [Hit(HEAD, 1.0, 1), Hit(TIME, 0.5, 2)]


def test_the_parts_of_the_opening_section_are_read_from_the_reports_lines() -> None:
    parts = DocumentParts([REPORT], _lines_of)
    assert parts.of_report(REPORT.report_id)[10] == "preamble"
    assert parts.of_report(REPORT.report_id)[6] == "title"
    from qa.sentences import split_sentences

    (preamble,) = [s for s in split_sentences(HEAD) if s.quote.startswith("Thực hiện")]
    (round_1,) = [s for s in split_sentences(TIME) if "Đợt 01" in s.quote]
    assert parts.part(preamble) == "preamble" and parts.in_front(preamble)
    assert parts.part(round_1) == "body" and not parts.in_front(round_1)


def _refusal(question: str, parts: DocumentParts | None) -> tuple[str, str]:
    """(the best ranked sentence, the closest sentence the refusal shows), with the shipped
    model made to refuse everything (a threshold above every probability)."""
    model = shipped()
    assert model is not None
    refusing = Scorer({**model.model, "threshold": 1.01})
    answerer = Answerer(TermWeights([HEAD, TIME]), scorer=refusing, parts=parts)
    q = understand(question)
    chosen, _confidence = answerer.choose(q, answerer.rank_sentences(q, HITS))
    draft = answerer.answer(q, HITS)
    assert draft.abstained and draft.closest
    return chosen[0].sentence.quote, draft.closest[0].quote


def test_a_refused_content_question_shows_the_bodys_closest_sentence() -> None:
    question = "Cần Thơ phát động phong trào thi đua chi trả không dùng tiền mặt như thế nào?"
    # The preamble is the best candidate (it repeats the question's words) ...
    best, shown = _refusal(question, None)
    assert best.startswith("Thực hiện Chỉ thị") and shown == best
    # ... and the refusal shows the body's sentence instead, the best one kept as it was.
    best, shown = _refusal(question, DocumentParts([REPORT], _lines_of))
    assert best.startswith("Thực hiện Chỉ thị")
    assert "Đợt 01" in shown
    # Asked when: the preamble's date is the basis document's, which a guard refuses for an
    # event; the scorer knows that of every candidate (``refused``), so it no longer ranks the
    # preamble first, and the refusal shows the body's sentence with the round's dates.
    question = "Cần Thơ phát động phong trào thi đua chi trả không dùng tiền mặt khi nào?"
    best, shown = _refusal(question, DocumentParts([REPORT], _lines_of))
    assert not best.startswith("Thực hiện Chỉ thị")
    assert "Đợt 01" in shown


def test_a_question_about_the_basis_is_shown_the_preamble() -> None:
    question = "Kế hoạch thi đua chi trả không dùng tiền mặt của Cần Thơ thực hiện chỉ thị nào?"
    best, shown = _refusal(question, DocumentParts([REPORT], _lines_of))
    assert best == shown and shown.startswith("Thực hiện Chỉ thị số 21/CT-TTg")


def test_which_questions_ask_about_a_document() -> None:
    asks = [
        "Kế hoạch 7360 của Lai Châu thực hiện chỉ thị nào?",
        "Quyết định 2853 được ban hành theo đề nghị của cơ quan nào?",
        "Which Government decree is the legal basis for Cà Mau's budget plan?",
        "Which 2025 plan of the Nghệ An provincial Party Committee does it implement?",
        "Ai ký Kế hoạch 141/KH-UBND?",
        "Căn cứ những văn bản nào để ban hành kế hoạch?",
    ]
    content = [
        "Đợt 01 của phong trào thi đua ở Cần Thơ diễn ra từ ngày nào?",
        "Cơ quan nào là cơ quan thường trực theo dõi thực hiện kế hoạch?",
        "Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
        "Which department is the focal agency for Dong Thap's plan 617 on digital transformation?",
    ]
    assert all(asks_document(fold(q).lower()) for q in asks)
    assert not any(asks_document(fold(q).lower()) for q in content)
