"""Two readings of English questions kept level with the Vietnamese ones: the start of a
period asked ("From what date …?", as "từ ngày nào"), and every other way of saying a term
two English words share a first gloss of ("budget money": "kinh phí" both)."""

from __future__ import annotations

import pytest

from hoidap.text import fold
from qa.date_leads import asked_date_role
from qa.query import understand


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("From what date were Bắc Giang's industrial parks closed?", "start"),
        ("From when did the decision take effect?", "start"),
        ("Since which day has the province been under social distancing?", "start"),
        ("Các khu công nghiệp bị đóng cửa từ ngày nào?", "start"),
        ("By when must the city finish the telecom planning?", "end"),
        ("When was the decision issued?", ""),
    ],
)
def test_the_start_of_a_period_is_read_in_english_too(question: str, role: str) -> None:
    assert asked_date_role(fold(question)) == role


def test_a_shared_first_gloss_keeps_every_other_way_of_saying_it() -> None:
    query = understand("Which department must set aside budget money every year?")
    alternatives = query.alternatives("kinh_phí")
    # "budget" is also "ngân sách", "money" also "tiền": both are tried.
    assert "ngân_sách" in alternatives
    assert "tiền" in alternatives
