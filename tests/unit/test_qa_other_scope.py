"""A figure whose own clause names another dose, phase, wave or age group than the question
asks is offered, never asserted (``qa.refusals._other_scope``)."""

from __future__ import annotations

from hoidap.text import cached_numbers
from qa.messages import OTHER_SCOPE_VI
from qa.query import understand
from qa.refusals import refusal
from qa.scored import Scored
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

# Cà Mau's and Lạng Sơn's reports (data/reports).
CA_MAU = make_chunk(
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người, chiếm tỷ lệ 74,8% dân số, trong đó có 373.388 người hoàn thành tiêm mũi 2, "
    "chiếm tỷ lệ 32,5% dân số;"
)
LANG_SON = make_chunk(
    "Trong đó: 495.909 người trên 18 tuổi được tiêm mũi 1 đạt 95% và 450.905 người được tiêm "
    "đủ 2 mũi đạt 80,77%;"
)


def _best(chunk, figure: str) -> Scored:
    sentence = split_sentences(chunk)[0]
    (m,) = [m for m in cached_numbers(sentence.quote) if m.text == figure]
    return Scored(sentence, score=2.0, coverage=1.0, figure=m, has_date=False)


def test_a_figure_of_another_dose_is_not_asserted() -> None:
    found = refusal(understand("Cà Mau tiêm mũi 3 được bao nhiêu người?"), _best(CA_MAU, "373.388"))
    assert found is not None and found.vi == OTHER_SCOPE_VI and found.offer_figure
    # "… người trên 18 tuổi được tiêm mũi 1": the age agrees, the dose does not.
    asked = understand("Lạng Sơn đã tiêm mũi 3 cho bao nhiêu người từ 18 tuổi trở lên?")
    found = refusal(asked, _best(LANG_SON, "495.909"))
    assert found is not None and found.vi == OTHER_SCOPE_VI


def test_a_figure_of_the_dose_asked_or_of_none_is_not_refused_for_it() -> None:
    dose_2 = understand("Cà Mau tiêm mũi 2 cho bao nhiêu người?")
    assert refusal(dose_2, _best(CA_MAU, "373.388")) is None
    # "đủ 2 mũi" is dose 2, and the rate beside the count has the count's scope.
    rate = understand("Tỷ lệ người trên 18 tuổi ở Lạng Sơn đã tiêm đủ 2 mũi là bao nhiêu?")
    assert refusal(rate, _best(LANG_SON, "80,77%")) is None
    # A figure whose clause names no dose says nothing against the dose asked.
    total = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
    assert refusal(total, _best(CA_MAU, "859.463")) is None
