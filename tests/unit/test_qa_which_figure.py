"""Answers never asserted whatever the confidence (``Answerer.asserts``), on real report
sentences read by the real sentence splitter, number parser and question reader: a figure
that is not the one of its sentence the question names (another dose, the total for an
asked part, another thing counted, another period, a rate for a total), and a list answered
by its section's heading alone. The sentence's right figure is asserted all the same."""

from __future__ import annotations

import pytest

from hoidap.text import find_numbers
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.query import understand
from qa.scored import Scored
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
WAVE = make_chunk(
    "Đợt dịch thứ 3, tính từ 01/10/2021 đến nay (trong thời gian thực hiện Nghị quyết 128 của "
    "Chính phủ) ghi nhận 213 ca mắc COVID-19 (riêng từ ngày 01/11 đến ngày 18/11/2021, ghi nhận "
    "170 ca).",
    path=("I. KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG DỊCH", "a) Tình hình dịch"),
)
BUDGET = make_chunk(
    "Dự toán kinh phí Quan trắc, cảnh báo môi trường các vùng nuôi trồng thủy sản từ năm 2026 "
    "-2030: 1.500.000.000 đồng/năm x 05 năm = 7.500.000.000 đồng.",
    path=("III. DỰ TOÁN KINH PHÍ THỰC HIỆN",),
)
CHILDREN = make_chunk(
    "Từ ngày 01/10/2021, tỉnh đã tiêm 50.000 mũi cho trẻ từ 12-17 tuổi.",
    path=("2. Công tác tiêm chủng",),
)
TESTING = make_chunk(
    "Trước tháng 4/2021, tỉnh Cà Mau có 02 máy xét nghiệm với công suất 1.200 mẫu/ngày; hiện "
    "nay, toàn tỉnh có 10 máy xét nghiệm với công suất 9.200 mẫu/ngày.",
    path=("2. Công tác y tế", "b) Về công tác xét nghiệm"),
)
ANSWERER = Answerer(
    TermWeights(
        [DOSES, CASES, SUPPORT, CONTACTS, REPEAL, REPEAL_ITEMS, WAVE, BUDGET, TESTING, CHILDREN]
    )
)


def _best(chunk, figure: str | None) -> Scored:
    """The candidate the scorer would have put first: the chunk's sentence with ``figure``
    (as the report writes it; the first sentence for none), as sure as the hand-set floors
    allow."""
    for s in split_sentences(chunk):
        m = next((n for n in find_numbers(s.quote) if figure and n.text.startswith(figure)), None)
        if figure is None or m is not None:
            return Scored(s, score=2.0, coverage=1.0, figure=m, has_date=False)
    raise AssertionError(f"{figure} is in no sentence of the chunk")


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
        # Counted from another day: 213 since 01/10, the 170 of the sub-period asked.
        (
            "Riêng từ ngày 01/11 đến ngày 18/11/2021, Lạng Sơn ghi nhận bao nhiêu ca mắc COVID-19?",
            WAVE,
            "213",
            "170",
        ),
        # Stated for before a month, asked for now.
        (
            "Công suất xét nghiệm của Cà Mau hiện nay là bao nhiêu mẫu một ngày?",
            TESTING,
            "1.200",
            "9.200",
        ),
        # A rate per year for the total asked.
        (
            "Tổng kinh phí quan trắc môi trường nuôi trồng thủy sản Đắk Lắk giai đoạn 2026 - 2030 "
            "là bao nhiêu?",
            BUDGET,
            "1.500.000.000",
            "7.500.000.000",
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
        # The period asked is the one the figure is counted from.
        ("Từ ngày 01/10/2021 đến nay, Lạng Sơn ghi nhận bao nhiêu ca mắc COVID-19?", WAVE, "213"),
        (
            "Trước tháng 4/2021, công suất xét nghiệm của Cà Mau là bao nhiêu mẫu một ngày?",
            TESTING,
            "1.200",
        ),
        # A rate asked as a rate.
        (
            "Kinh phí quan trắc môi trường nuôi trồng thủy sản Đắk Lắk mỗi năm là bao nhiêu?",
            BUDGET,
            "1.500.000.000",
        ),
        # "từ 12-17 tuổi" is an age range, not a period starting on a 17th month.
        (
            "Lạng Sơn đã tiêm được bao nhiêu mũi vắc xin cho trẻ từ 12-17 tuổi?",
            CHILDREN,
            "50.000",
        ),
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
