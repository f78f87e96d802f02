"""A question asking an amount of money (qa.query ``asks_money``) and a figure that is one
(qa.figures ``is_money``), read with the real number parser: a head count is never the
answer to "bao nhiêu tiền"."""

from __future__ import annotations

import pytest

from hoidap.text import find_numbers
from qa.figures import is_money
from qa.query import understand
from qa.refusals import refusal
from qa.scored import Scored
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("Sóc Trăng đã chi bao nhiêu tiền hỗ trợ tiền ăn cho người dân cách ly y tế?", True),
        ("Kinh phí hỗ trợ tiền ăn cho người dân cách ly ở Sóc Trăng là bao nhiêu?", True),
        ("How much did Soc Trang spend on meal support for people in quarantine?", True),
        ("How much in fines did the provincial police impose?", True),
        # Money words, another unit counted or a share asked.
        ("Bao nhiêu người dân Sóc Trăng được hỗ trợ tiền ăn khi cách ly y tế?", False),
        ("Tỷ lệ giải ngân ngân sách đạt bao nhiêu phần trăm?", False),
        ("How many workers were paid unemployment support?", False),
        ("Cà Mau đã tiêm vắc xin cho bao nhiêu người?", False),
        # Money is the topic, a time is asked.
        ("Thời hạn giải quyết thủ tục phê duyệt kinh phí hỗ trợ đào tạo là bao lâu?", False),
        ("What was Bac Giang's total funding requirement for COVID-19 control in 2021?", True),
    ],
)
def test_a_question_asks_money_only_when_money_is_the_answer(question: str, money: bool) -> None:
    assert understand(question).asks_money is money


@pytest.mark.parametrize(
    ("sentence", "figure", "money"),
    [
        ("với kinh phí thực hiện là 85.050.580.000 đồng.", "85.050.580.000", True),
        ("Tổng kinh phí 259,5 tỷ đồng.", "259,5", True),
        ("Nhu cầu: 402.776 triệu đồng;", "402.776", True),
        ("hỗ trợ tiền ăn cho 82.795 người dân tỉnh Sóc Trăng", "82.795", False),
        ("tặng quà cho 619 đồng chí cán bộ", "619", False),
        ("giải ngân đạt 74,8% kế hoạch vốn", "74,8", False),
        # "đ", the abbreviation of đồng, joined to the figure or not.
        ("với tổng số tiền xử phạt 14.488.750.000đ.", "14.488.750.000", True),
        ("xử phạt 478 hộ kinh doanh với số tiền 7.434.000.000 đ.", "7.434.000.000", True),
    ],
)
def test_a_figure_is_money_by_its_unit(sentence: str, figure: str, money: bool) -> None:
    m = next(n for n in find_numbers(sentence) if n.text.startswith(figure))
    assert is_money(sentence, m) is money


# A money question that also names who the money went to: the sentence counts both.
GIFTS = make_chunk(
    "Trong dịp Tết Nguyên đán Tân Sửu năm 2021, toàn tỉnh đã tổ chức thăm và tặng quà cho "
    "100.288 đối tượng (người có công, hộ nghèo,...), với kinh phí thực hiện là "
    "37.730.994.000 đồng.",
    path=("II. KẾT QUẢ",),
)


@pytest.mark.parametrize(
    ("question", "figure", "refused"),
    [
        # The amount answers however many things the question names; the head count does not.
        (
            "Tết Tân Sửu 2021 tỉnh chi bao nhiêu tiền để thăm và tặng quà cho các đối tượng?",
            "37.730.994.000",
            False,
        ),
        (
            "Tết Tân Sửu 2021 tỉnh chi bao nhiêu tiền để thăm và tặng quà cho các đối tượng?",
            "100.288",
            True,
        ),
        # Asked the people, the amount is another thing counted.
        (
            "Tết Tân Sửu 2021 tỉnh đã thăm và tặng quà cho bao nhiêu đối tượng?",
            "37.730.994.000",
            True,
        ),
        ("Tết Tân Sửu 2021 tỉnh đã thăm và tặng quà cho bao nhiêu đối tượng?", "100.288", False),
    ],
)
def test_an_amount_answers_a_money_question_naming_other_things(
    question: str, figure: str, refused: bool
) -> None:
    sentence = split_sentences(GIFTS)[0]
    m = next(n for n in find_numbers(sentence.quote) if n.text.startswith(figure))
    best = Scored(sentence, score=2.0, coverage=1.0, figure=m, has_date=False)
    assert (refusal(understand(question), best) is not None) is refused
