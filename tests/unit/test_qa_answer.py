"""The extractive answerer on real report sentences: the right figure, cited, or silence."""

from __future__ import annotations

from hoidap.types import Hit
from qa.answer import ABSTAIN_EN, ABSTAIN_VI, Answerer, TermWeights
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

VACCINE = make_chunk(
    "##### **d) Về công tác tiêm chủng**\n\n"
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người (đạt tỷ lệ 74,8% dân số); trong đó, tiêm mũi 2 cho 512.000 người.",
    line_start=131,
)
CASES = make_chunk(
    "Tính đến hết ngày 30/9/2021, tỉnh Cà Mau chỉ ghi nhận 369 trường hợp dương tính với vi rút "
    "SARS-CoV-2 (trong đó có 40 ca cộng đồng, chiếm tỷ lệ 10,8% tổng số ca mắc).",
    path=("I. DIỄN BIẾN DỊCH BỆNH", "2. Trên địa bàn tỉnh Cà Mau"),
    line_start=20,
    ordinal=1,
)
NATIONAL = make_chunk(
    "Đến nay, dịch bệnh đã được ghi nhận tại 62/63 tỉnh, thành phố trên toàn quốc với "
    "1.045.397 ca mắc, 23.270 ca tử vong.",
    path=("I. DIỄN BIẾN DỊCH BỆNH", "1. Trong nước"),
    line_start=12,
    ordinal=2,
)
CHUNKS = [VACCINE, CASES, NATIONAL]


def _hits(*chunks):  # type: ignore[no-untyped-def]
    return [Hit(c, 1.0 / r, r) for r, c in enumerate(chunks, start=1)]


ANSWERER = Answerer(TermWeights(CHUNKS))


def test_answers_with_the_figure_and_cites_its_line() -> None:
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    draft = ANSWERER.answer(q, _hits(CASES, VACCINE, NATIONAL))
    assert not draft.abstained
    assert draft.text.startswith("859.463 người")
    (c,) = draft.citations
    assert c.lines == (133, 133) and "859.463 người" in c.quote
    assert c.section.endswith("d) Về công tác tiêm chủng")


def test_every_number_in_the_answer_is_in_a_cited_quote() -> None:
    from hoidap.text import number_values

    q = understand("Tỷ lệ ca cộng đồng ở Cà Mau tính đến 30/9/2021 là bao nhiêu?")
    draft = ANSWERER.answer(q, _hits(CASES, VACCINE))
    assert draft.text.startswith("10,8%")
    quoted = set().union(*(number_values(c.quote) for c in draft.citations))
    assert number_values(draft.text.replace("[1]", "")) <= quoted


def test_picks_the_dose_asked() -> None:
    q = understand("Cà Mau đã tiêm mũi 2 cho bao nhiêu người?")
    draft = ANSWERER.answer(q, _hits(VACCINE))
    assert draft.text.startswith("512.000 người")


def test_national_figures_do_not_answer_a_province_question() -> None:
    q = understand("Cà Mau có bao nhiêu ca tử vong?")
    draft = ANSWERER.answer(q, _hits(NATIONAL))
    assert draft.abstained and draft.text == ABSTAIN_VI and draft.citations == ()


def test_abstains_when_nothing_matches() -> None:
    q = understand("Cà Mau đã xây bao nhiêu cây cầu trong năm 2021?")
    assert ANSWERER.answer(q, _hits(VACCINE, CASES)).abstained
    assert ANSWERER.answer(q, []).abstained


def test_english_answer_keeps_the_report_figure() -> None:
    q = understand("How many people had Cà Mau vaccinated by 16/11/2021?")
    draft = ANSWERER.answer(q, _hits(VACCINE, CASES))
    assert not draft.abstained
    assert draft.text.startswith("859.463 người") and "according to the Cà Mau report" in draft.text
    en_abstain = ANSWERER.answer(understand("How many bridges did Cà Mau build in 2021?"), [])
    assert en_abstain.text == ABSTAIN_EN
