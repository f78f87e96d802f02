"""A figure stated as a total or as a part of one (``qa.totals``), on made-up sentences."""

from __future__ import annotations

from hoidap.text import cached_numbers
from qa.query import understand
from qa.scope import counting
from qa.totals import asks_total, total_features


def _features(quote: str, asked_total: bool = False) -> dict[str, dict[str, float]]:
    counted = counting(quote)
    return {m.text: total_features(asked_total, quote, m, counted) for m in cached_numbers(quote)}


def test_a_total_and_its_parts_in_brackets() -> None:
    got = _features("Bố trí 108 chốt kiểm soát (07 chốt cấp tỉnh và 101 chốt cấp huyện).", True)
    assert got["108"]["total_asked"] == 1.0
    assert got["07"]["part_asked_total"] == got["101"]["part_asked_total"] == 1.0


def test_a_total_named_in_its_clause_and_one_followed_by_a_breakdown() -> None:
    assert _features("Đến nay có tổng số 14.177 người về từ các tỉnh.")["14.177"]["total_unasked"]
    quote = "Kinh phí thực hiện là: 390.805.400.000 đồng, trong đó:"
    assert _features(quote)["390.805.400.000"]["total_unasked"] == 1.0


def test_a_part_after_trong_do_even_under_a_total_lead() -> None:
    quote = "Tổng số ca mắc là 34.659 ca, trong đó: số bệnh nhân đã điều trị khỏi là 34.012 ca;"
    got = _features(quote)
    assert got["34.659"]["total_unasked"] == 1.0
    assert got["34.012"]["part_unasked"] == 1.0 and got["34.012"]["total_unasked"] == 0.0


def test_a_sentence_that_opens_with_trong_do_lists_parts() -> None:
    got = _features("Trong đó: thành phố Hà Nội (4.902 người), Bắc Ninh (1.974 người).")
    assert got["4.902"]["part_unasked"] == got["1.974"]["part_unasked"] == 1.0


def test_a_plain_figure_is_neither() -> None:
    got = _features("Toàn tỉnh đã tiêm được 458.878 liều vắc xin.")
    assert not any(got["458.878"].values())


def test_what_asks_a_total() -> None:
    assert asks_total(understand("Cà Mau bố trí tổng cộng bao nhiêu chốt?").folded)
    assert asks_total(understand("What was the total funding requirement?").folded)
    assert not asks_total(understand("Trong các KCN hiện có bao nhiêu trạm 5G?").folded)
