"""A question's terms weighed by how they tell its candidate sentences apart."""

from __future__ import annotations

from qa.local_terms import local_coverage
from qa.query import understand
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

# Three items of one enumeration of Cà Mau's 2025 economic report: every one says "sản
# lượng" and "ước", only one says what the question asks about (power).
ITEMS = make_chunk(
    "Sản lượng chế biến tôm ước đạt 200.000 tấn.\n"
    "Sản lượng điện sản xuất ước 8.223 triệu kWh.\n"
    "Sản lượng LPG - Condensate ước đạt 140.000 tấn.",
    path=("I. KINH TẾ",),
)


def test_the_term_one_sentence_holds_weighs_most() -> None:
    sentences = split_sentences(ITEMS)
    q = understand("Năm 2025 sản lượng điện sản xuất của Cà Mau ước đạt bao nhiêu?")
    shares = local_coverage(q, sentences)
    assert len(shares) == 3
    power = next(i for i, s in enumerate(sentences) if "điện" in s.quote)
    assert shares[power] == 1.0
    assert all(shares[i] < 0.5 for i in range(3) if i != power)


def test_no_term_held_anywhere_tells_nothing() -> None:
    sentences = split_sentences(ITEMS)
    q = understand("Bao nhiêu học sinh được cấp học bổng?")
    assert local_coverage(q, sentences) == [0.0, 0.0, 0.0]
    assert local_coverage(q, []) == []
