"""A sentence that breaks down the figure before it ("Trong đó: …") is read with that
sentence: its local coverage (qa/local_terms.py) and its qualifiers (qa.ranking)."""

from __future__ import annotations

from hoidap.types import Hit
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.local_terms import local_coverage
from qa.query import understand
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

# A total and its breakdown ("Trong đó: …"), then another total of the report.
RETURNS = make_chunk(
    "Luỹ tích từ ngày 12/7/2021 đến nay có tổng số 14.177 người về từ các tỉnh, thành phố có "
    "dịch. Trong đó: từ thành phố Hồ Chí Minh (2.251 người), thành phố Hà Nội (4.902 người). "
    "Số người đã hoàn thành thời gian cách ly tập trung là 10.975 người.",
    province="Bắc Giang",
    path=("II. KẾT QUẢ",),
)


def test_a_breakdown_holds_what_the_sentence_before_says_it_counts() -> None:
    """ "Trong đó: … Hà Nội (4.902 người)" counts the returns "luỹ tích" that the sentence
    before it says; the next sentence, which breaks nothing down, does not."""
    sentences = split_sentences(RETURNS)
    assert [s.quote[:9] for s in sentences] == ["Luỹ tích ", "Trong đó:", "Số người "]
    q = understand("Lũy tích từ 12/7/2021, có bao nhiêu người từ Hà Nội về Bắc Giang?")
    total, part, other = local_coverage(q, sentences)
    assert part == total == 1.0
    assert other < part


def test_a_breakdown_agrees_with_the_qualifier_its_lead_sentence_writes() -> None:
    """ "Lũy tích" (a cumulative total) is written in the sentence before "Trong đó: …": the
    part it breaks down is cumulative too, so it agrees with the question's qualifier as the
    total does (qa.ranking), not only as a qualifier nearby."""
    q = understand("Lũy tích từ 12/7/2021, có bao nhiêu người từ Hà Nội về Bắc Giang?")
    ranked = Answerer(TermWeights([RETURNS])).rank_sentences(q, [Hit(RETURNS, 1.0, 1)])
    cues = {s.sentence.quote[:9]: dict(s.cues) for s in ranked}
    assert cues["Luỹ tích "]["qualifier_agree"] == 1.0
    assert cues["Trong đó:"]["qualifier_agree"] == 1.0
    assert cues["Số người "].get("qualifier_agree", 0.0) == 0.0
