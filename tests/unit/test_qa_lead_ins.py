"""Sentences read with the lead-in they continue, on the Sóc Trăng report's own lines: a
list item under "Đối tượng từ 5 đến dưới 12 tuổi:", a clause after ";" that does not
name what it counts."""

from __future__ import annotations

from pathlib import Path

from hoidap.types import Hit
from qa.answer import Answerer, TermWeights
from qa.query import understand
from qa.sentences import split_sentences
from tests.unit.qa_fakes import SOC_TRANG, make_chunk

_LINES = Path(__file__).resolve().parents[2].joinpath("data", "reports", SOC_TRANG)
LINES = _LINES.read_text(encoding="utf-8").split("\n")


def _chunk(first: int, last: int, ordinal: int = 0):
    """The report's lines ``first``..``last`` (1-based, inclusive) as one chunk."""
    return make_chunk(
        "\n".join(LINES[first - 1 : last]),
        source=SOC_TRANG,
        province="Sóc Trăng",
        path=("II. KẾT QUẢ", "Tiêm vắc xin"),
        line_start=first,
        ordinal=ordinal,
    )


VACCINES = _chunk(307, 329)
DEATHS = _chunk(71, 71, ordinal=1)


def _sentence(chunk, start: str):
    return next(s for s in split_sentences(chunk) if s.quote.startswith(start))


def test_list_items_continue_their_own_lead_in_not_a_siblings() -> None:
    first_dose = _sentence(VACCINES, "Tiêm mũi 1: 153.810")
    assert first_dose.lead_in.endswith("Đối tượng từ 5 đến dưới 12 tuổi:")
    assert first_dose.lead_in.startswith("Đã sử dụng 3.665.544 liều")  # the level above
    older = _sentence(VACCINES, "Tiêm mũi 1: 119.006")
    assert older.lead_in.endswith("Đối tượng từ 12 đến dưới 18 tuổi:")
    assert "5 đến dưới 12" not in older.lead_in
    # A sibling lead-in closes the one before it; the paragraph after the list is its own.
    sibling = _sentence(VACCINES, "Đối tượng từ 12 đến dưới 18 tuổi:")
    assert "5 đến dưới 12" not in sibling.lead_in
    assert _sentence(VACCINES, "Nghiên cứu").lead_in == ""
    assert _sentence(VACCINES, "Kết quả: Đến nay").lead_in == ""
    text, offset = first_dose.joined
    assert text[offset:] == first_dose.quote


def test_a_clause_after_a_semicolon_continues_the_one_before() -> None:
    deaths = _sentence(DEATHS, "đồng thời, ghi nhận")
    assert deaths.lead_in.endswith("ghi nhận trong cộng đồng;")
    assert "32.161 ca dương tính" in deaths.lead_in
    assert _sentence(DEATHS, "Trong giai đoạn 4").lead_in == ""


def test_the_lead_in_says_what_the_item_counts_and_the_figure_stays_the_items() -> None:
    answerer = Answerer(TermWeights([VACCINES, DEATHS]))
    q = understand("Sóc Trăng đã tiêm mũi 1 cho bao nhiêu trẻ từ 5 đến dưới 12 tuổi?")
    ranked = answerer.rank_sentences(q, [Hit(VACCINES, 1.0, 1)])
    item = next(s for s in ranked if s.sentence.quote.startswith("Tiêm mũi 1: 153.810"))
    cues = dict(item.cues)
    # The age group is said only in the lead-in: it agrees, and nothing specific is missing.
    assert cues.get("qualifier_agree", 0.0) > 0
    assert cues.get("qualifier_conflict", 0.0) == 0
    assert "specific_missing" not in cues
    assert "heading" not in cues  # a short item under a lead-in is content
    # The figure is the item's own, placed in the item's quote (not the lead-in's ages).
    assert item.figure is not None
    assert item.sentence.quote[item.figure.start : item.figure.end].startswith("153.810")
    assert all(m.value not in {5.0, 12.0, 3665544.0} for _s, m, _a, _d in item.figures)
    # The other group's first dose agrees on the dose only (its age is 12 to under 18).
    other = next(s for s in ranked if s.sentence.quote.startswith("Tiêm mũi 1: 119.006"))
    assert dict(other.cues)["qualifier_agree"] < cues["qualifier_agree"]
