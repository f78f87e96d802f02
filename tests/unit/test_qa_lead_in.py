"""A list item is qualified by its list's lead-in, not by the sibling items before it
(``qa.sentences.neighbourhood``, read as the near qualifiers by ``qa.prepared``)."""

from __future__ import annotations

from qa.prepared import near_qualifiers
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

# Sóc Trăng's report (data/reports): the doses of each age group under its lead-in.
DOSES = make_chunk(
    "- Đối tượng từ 18 tuổi trở lên:\n\n"
    "+ Tiêm mũi 1: 1.002.345 người (đạt 100%);\n\n"
    "+ Tiêm mũi 3: 647.086 người (đạt 100%);\n\n"
    "- Đối tượng từ 12 đến dưới 18 tuổi:\n\n"
    "+ Tiêm mũi 1: 119.006 người (đạt 100%) ;\n\n"
    "+ Tiêm mũi 2: 113.812 người (đạt 100%);\n\n"
    "+ Tiêm mũi nhắc lại (mũi 3): 91.190 người (đạt 100%).",
    source="000_3a8c0decba8df780.txt",
    province="Sóc Trăng",
)


def _near(figure: str) -> set[tuple[str, str]]:
    (sentence,) = [s for s in split_sentences(DOSES) if figure in s.quote]
    return near_qualifiers(sentence)


def test_an_item_takes_its_own_lead_in_and_not_its_siblings_doses() -> None:
    assert _near("91.190") == {("age", "12-17")}
    assert _near("647.086") == {("age", "18+")}
    # The first item after a lead-in reads that lead-in, not the group before it.
    assert _near("119.006") == {("age", "12-17")}


def test_an_item_s_context_is_its_lead_in() -> None:
    """The text a list item's words and dates are read beside (``Sentence.before``) is its
    list's lead-in, not the two items before it; a sentence after a full stop keeps the two
    sentences before it."""
    sentences = {s.quote: s for s in split_sentences(DOSES)}
    item = next(s for q, s in sentences.items() if "91.190" in q)
    assert item.before == "Đối tượng từ 12 đến dưới 18 tuổi:"
    prose = split_sentences(
        make_chunk(
            "Tỉnh đã tiêm 1.200 liều vắc xin. Số ca mắc trong tuần giảm mạnh. Có 3 ca tử vong."
        )
    )
    assert prose[2].before == "Tỉnh đã tiêm 1.200 liều vắc xin. Số ca mắc trong tuần giảm mạnh."
