"""A part of a total another sentence states is stated as a part (``qa.breakdown``,
``qa.leads.scoped_figure``), read by the real sentence splitter and number parser on real
report lines: an item under its lead-in, a sentence opened by "Trong đó:", a part of its own
sentence's total, and the figures that are no part."""

from __future__ import annotations

from hoidap.text import cached_numbers
from qa.breakdown import PART_OF_TOTAL_BEFORE, part_of_total_before
from qa.leads import scoped_figure
from qa.sentences import Sentence, split_sentences
from tests.unit.qa_fakes import SOC_TRANG, make_chunk

FUNDS = make_chunk(
    "Nguồn xã hội hóa: 5.661.358.000 đồng, trong đó:\n"
    "Bằng tiền: 5.546.300.000 đồng;\n"
    "Hiện vật quy ra tiền: 115.058.000 đồng.\n"
    "Số người được hỗ trợ là 10.975 người.",
    source=SOC_TRANG,
    province="Sóc Trăng",
    path=("II. CÁC GIẢI PHÁP", "12. Công tác tài chính"),
)
RETURNED = make_chunk(
    "Luỹ tích từ ngày 12/7/2021 đến nay có 14.177 người về từ các tỉnh, thành phố có dịch. "
    "Trong đó: từ thành phố Hồ Chí Minh (2.251 người), thành phố Hà Nội (4.902 người).",
    path=("IV. CÔNG TÁC CÁCH LY",),
)
CASES = make_chunk(
    "Tính đến hết ngày 30/9/2021, tỉnh Cà Mau ghi nhận 369 ca dương tính (trong đó có "
    "40 ca cộng đồng)."
)


def _part(sentence: Sentence, text: str) -> bool:
    figure = next(m for m in cached_numbers(sentence.quote) if m.text == text)
    return part_of_total_before(sentence, figure)


def _stated(sentence: Sentence, text: str, english: bool = False) -> str:
    figure = next(m for m in cached_numbers(sentence.quote) if m.text == text)
    return scoped_figure(sentence, figure, english)


def test_an_item_under_a_lead_in_that_states_a_total_is_stated_as_its_part() -> None:
    lead_in, cash, kind, after = split_sentences(FUNDS)
    assert _part(cash, "5.546.300.000") and _part(kind, "115.058.000")
    assert _stated(cash, "5.546.300.000") == f"5.546.300.000 đồng ({PART_OF_TOTAL_BEFORE})"
    assert "part of the total in the sentence before" in _stated(cash, "5.546.300.000", True)
    # The total itself, and a sentence after the item ended by a full stop, are no parts.
    assert not _part(lead_in, "5.661.358.000")
    assert not _part(after, "10.975")
    assert _stated(after, "10.975") == "10.975 người"


def test_a_sentence_opened_by_trong_do_breaks_down_the_sentence_before() -> None:
    total, parts = split_sentences(RETURNED)
    assert _part(parts, "4.902") and _part(parts, "2.251")
    assert not _part(total, "14.177")


def test_a_part_of_its_own_sentence_s_total_is_stated_once() -> None:
    (sentence,) = split_sentences(CASES)
    assert not _part(sentence, "40")
    stated = _stated(sentence, "40")
    assert stated.count("một phần của tổng số") == 1 and "nêu trong câu" in stated
