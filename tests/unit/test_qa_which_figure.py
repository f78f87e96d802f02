"""Answers never asserted whatever the confidence (``Answerer.asserts``), on real report
sentences read by the real sentence splitter, number parser and question reader: a figure
that is not the one of its sentence the question names (another dose, the total for an
asked part, another thing counted), and a list answered by its section's heading alone.
The sentence's right figure is asserted all the same."""

from __future__ import annotations

import pytest

from hoidap.text import find_numbers
from qa.answer import Answerer, Scored, TermWeights
from qa.query import understand
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

DOSES = make_chunk(
    "Tính đến ngày 11/10/2021, đã tiêm được 199.127 mũi 1 và 35.833 mũi 2 cho đối tượng từ 18 "
    "tuổi trở lên; 153.810 mũi 1 cho trẻ từ 12 đến dưới 18 tuổi."
)
CASES = make_chunk(
    "Tính đến hết ngày 30/9/2021, tỉnh Cà Mau chỉ ghi nhận 369 trường hợp dương tính với vi rút "
    "SARS-CoV-2 (trong đó có 40 ca cộng đồng, chiếm tỷ lệ 10,8% tổng số ca mắc).",
    path=("I. DIỄN BIẾN DỊCH BỆNH", "2. Trên địa bàn tỉnh Cà Mau"),
)
SUPPORT = make_chunk(
    "+ Hỗ trợ 286.502 lao động, với số tiền 355.815.600.000 đồng (trong đó, lao động tự do là "
    "125.954 người, với số tiền 188.931.000.000 đồng).",
    path=("7. Công tác đảm bảo an sinh xã hội", "7.2. Giai đoạn 4 (từ ngày 27/4/2021 đến nay)"),
)
CONTACTS = make_chunk(
    "Đợt dịch thứ 4: Từ ngày 07/5/2021 đến ngày 17/8/2021, trên địa bàn tỉnh ghi nhận tổng số "
    "trường hợp 5.779 F0; 43.469 F1; 117.679 F2.",
    path=("I. DIỄN BIẾN TÌNH HÌNH", "1. Diễn biến tình hình dịch trên địa bàn tỉnh"),
)
REPEAL = make_chunk(
    "Bãi bỏ toàn bộ các quyết định",
    path=("Điều 1. Bãi bỏ toàn bộ các quyết định",),
)
REPEAL_ITEMS = make_chunk(
    "Bãi bỏ toàn bộ các quyết định sau:\n\n"
    "1. Quyết định số 21/2012/QĐ-UBND ngày 14 tháng 8 năm 2012 của UBND Thành phố.\n\n"
    "2. Quyết định số 28/2015/QĐ-UBND ngày 08 tháng 10 năm 2015 của UBND Thành phố.",
    path=("Điều 1. Bãi bỏ toàn bộ các quyết định sau",),
)
ANSWERER = Answerer(TermWeights([DOSES, CASES, SUPPORT, CONTACTS, REPEAL, REPEAL_ITEMS]))


def _best(chunk, figure: str | None, sentence: int = 0) -> Scored:
    """The candidate the scorer would have put first: the chunk's sentence with ``figure``
    (as the report writes it), as sure as the hand-set floors allow."""
    s = split_sentences(chunk)[sentence]
    m = None
    if figure is not None:
        m = next(n for n in find_numbers(s.quote) if n.text.startswith(figure))
    return Scored(s, score=2.0, coverage=1.0, figure=m, has_date=False)


@pytest.mark.parametrize(
    ("question", "chunk", "wrong", "right"),
    [
        # Another dose of the same sentence: its own clause says "mũi 2".
        (
            "Tính đến ngày 11/10/2021, Sóc Trăng đã tiêm bao nhiêu mũi 1 cho người từ 18 tuổi "
            "trở lên?",
            DOSES,
            "35.833",
            "199.127",
        ),
        # The total a part is listed under ("trong đó có 40 ca cộng đồng").
        (
            "Trong số ca mắc của Cà Mau tính đến hết 30/9/2021, có bao nhiêu ca cộng đồng?",
            CASES,
            "369",
            "40",
        ),
        (
            "Trong giai đoạn 4, Sóc Trăng đã hỗ trợ bao nhiêu lao động tự do?",
            SUPPORT,
            "286.502",
            "125.954",
        ),
        # Another thing counted: F0 for the F2 asked.
        (
            "Bắc Giang đã quản lý bao nhiêu trường hợp F2 trong đợt dịch thứ 4?",
            CONTACTS,
            "5.779",
            "117.679",
        ),
    ],
)
def test_a_figure_the_question_does_not_name_is_never_asserted(
    question: str, chunk, wrong: str, right: str
) -> None:
    query = understand(question)
    assert not ANSWERER.asserts(query, _best(chunk, wrong), None)
    assert ANSWERER.asserts(query, _best(chunk, right), None)


@pytest.mark.parametrize(
    ("question", "chunk", "figure"),
    [
        # The whole is asked: the total stands, its parts do not make it a part question.
        (
            "Tính đến hết ngày 30/9/2021, Cà Mau ghi nhận bao nhiêu trường hợp dương tính?",
            CASES,
            "369",
        ),
        ("Trong giai đoạn 4, Sóc Trăng đã hỗ trợ bao nhiêu lao động?", SUPPORT, "286.502"),
        # No dose asked: the first dose's figure is not refused for naming one.
        ("Sóc Trăng đã tiêm được bao nhiêu mũi cho người từ 18 tuổi trở lên?", DOSES, "199.127"),
        # Two figures asked: each is counted in its own word.
        (
            "Bắc Giang ghi nhận bao nhiêu F0 và bao nhiêu F2 trong đợt dịch thứ 4?",
            CONTACTS,
            "5.779",
        ),
    ],
)
def test_a_figure_that_answers_is_asserted(question: str, chunk, figure: str) -> None:
    assert ANSWERER.asserts(understand(question), _best(chunk, figure), None)


def test_a_list_is_not_answered_with_its_sections_heading_alone() -> None:
    query = understand("Quyết định 04/2025/QĐ-UBND của Hà Nội bãi bỏ những quyết định nào?")
    assert not ANSWERER.asserts(query, _best(REPEAL, None), None)
    # The same heading followed by its items answers: they are what the answer quotes.
    assert ANSWERER.asserts(query, _best(REPEAL_ITEMS, None), None)
