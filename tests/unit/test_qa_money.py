"""A question asking an amount of money (qa.query ``asks_money``) and a figure that is one
(qa.figures ``is_money``), read with the real number parser: a head count is never the
answer to "bao nhiêu tiền"."""

from __future__ import annotations

import pytest

from hoidap.text import find_numbers
from qa.figures import is_money
from qa.query import understand


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
    ],
)
def test_a_figure_is_money_by_its_unit(sentence: str, figure: str, money: bool) -> None:
    m = next(n for n in find_numbers(sentence) if n.text.startswith(figure))
    assert is_money(sentence, m) is money
