"""Entity questions expect a document, a company, a place or a person in the answer."""

from __future__ import annotations

import pytest

from hoidap.text import fold
from qa.entities import expectation


@pytest.mark.parametrize(
    ("question", "answer", "other"),
    [
        (
            "Bắc Giang chỉ đạo theo văn bản nào?",
            "theo Công điện số 03/CĐ-UBND ngày 07/6/2021",
            "tổ chức rà soát, phân loại người cách ly",
        ),
        (
            "Công ty nào có nhiều công nhân mắc nhất?",
            "Công ty Hosiden là công ty có số công nhân mắc nhiều nhất",
            "dịch lây lan vào nhóm công nhân",
        ),
        (
            "Bệnh viện Dã chiến số 2 được đặt ở đâu?",
            "đặt tại Trụ sở Tỉnh đoàn",
            "với quy mô 300 giường bệnh",
        ),
        (
            "Ai được giao chủ trì triển khai kế hoạch?",
            "Giao Giám đốc Sở Y tế chủ trì",
            "triển khai kế hoạch kịp thời",
        ),
    ],
)
def test_expected_names(question: str, answer: str, other: str) -> None:
    pattern = expectation(fold(question))
    assert pattern is not None
    assert pattern.search(answer) and not pattern.search(other)


def test_questions_without_a_cue_expect_nothing() -> None:
    assert expectation(fold("Cà Mau đã tiêm bao nhiêu người?")) is None
