"""Sentences keep their exact source line and lose only Markdown markup."""

from __future__ import annotations

from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk


def test_sentences_carry_source_lines() -> None:
    chunk = make_chunk(
        "##### **d) Về công tác tiêm chủng**\n\n"
        "Lũy kế đến hết ngày 16/11/2021, tỉnh đã tiêm cho 859.463 người. Tỷ lệ đạt 74,8% dân số.\n"
        "- Mũi 2 cho đối tượng từ 18 tuổi: 500.000 người; mũi 3 cho người lớn: 1.000 người.",
        line_start=130,
    )
    got = [(s.quote, s.line) for s in split_sentences(chunk)]
    assert got == [
        ("d) Về công tác tiêm chủng", 130),
        ("Lũy kế đến hết ngày 16/11/2021, tỉnh đã tiêm cho 859.463 người.", 132),
        ("Tỷ lệ đạt 74,8% dân số.", 132),
        ("Mũi 2 cho đối tượng từ 18 tuổi: 500.000 người;", 133),
        ("mũi 3 cho người lớn: 1.000 người.", 133),
    ]


def test_decimal_numbers_and_abbreviations_do_not_split() -> None:
    chunk = make_chunk("Đạt 74,8% và 1.045.397 ca; TP. Hồ Chí Minh có nhiều ca mắc.")
    quotes = [s.quote for s in split_sentences(chunk)]
    assert quotes == ["Đạt 74,8% và 1.045.397 ca;", "TP. Hồ Chí Minh có nhiều ca mắc."]


def test_short_clauses_stay_with_the_one_before() -> None:
    chunk = make_chunk("Ghi nhận tổng số trường hợp 5.779 F0; 43.469 F1; 117.679 F2.")
    quotes = [s.quote for s in split_sentences(chunk)]
    assert quotes == ["Ghi nhận tổng số trường hợp 5.779 F0; 43.469 F1; 117.679 F2."]


def test_a_citation_quotes_the_files_own_text_emphasis_included() -> None:
    from hoidap.types import Hit
    from qa.answer import Answerer
    from qa.coverage import TermWeights
    from qa.query import understand
    from qa.sentences import verbatim

    assert (
        verbatim(
            "Huyện A: có 5 ca (bao gồm: 337 mẫu).", "- **Huyện A:** có 5 ca (*bao gồm: 337 mẫu*)."
        )
        == "**Huyện A:** có 5 ca (*bao gồm: 337 mẫu*)."
    )
    assert (
        verbatim("tiêm 1.2 triệu liều", "tiêm 1\\.2 triệu __liều__") == "tiêm 1\\.2 triệu __liều__"
    )
    assert verbatim("không có", "một dòng **khác**") == "không có"
    chunk = make_chunk(
        "Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho __859.463 người__ "
        "(đạt tỷ lệ **74,8%** dân số)."
    )
    draft = Answerer(TermWeights([chunk])).answer(
        understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người?"), [Hit(chunk, 1.0, 1)]
    )
    (cite,) = draft.citations
    assert cite.quote == chunk.text  # verbatim, markup and all
    assert "859.463 người" in draft.text and "__" not in draft.text


def test_the_span_scan_finds_what_the_pattern_finds() -> None:
    """verbatim's scan (no regex compiled per sentence) against the pattern it replaces,
    on lines of marks, spaces (non-breaking too), letters and digits: same first span."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from qa.sentences import _MARKS, _regex_span, _scan_span

    lines = st.text(alphabet="ab1 .*_~\\\u00a0\n", max_size=16)
    quotes = st.text(alphabet="ab1 .\u00a0", min_size=1, max_size=7)

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(quote=quotes, raw=lines)
    def same(quote: str, raw: str) -> None:
        words = quote.split()
        if words and not _MARKS.intersection(quote):
            assert _scan_span(words, raw) == _regex_span(words, raw)

    same()
    assert (
        _scan_span(["có", "5"], "**có** _5_ ca")
        == (2, 9)
        == _regex_span(["có", "5"], "**có** _5_ ca")
    )


def test_a_field_of_a_task_reads_its_task_not_the_fields_before_it() -> None:
    """A plan writes each task as a line, then its fields: the time is the task's, and the
    bodies named in the fields before it are not what it is about. A breakdown ("Trong đó:
    …") still reads the sentence it breaks down, and list items their lead-in."""
    text = (
        "- Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức trên địa bàn tỉnh.\n"
        "*Đơn vị chủ trì tham mưu thực hiện: *Sở Khoa học và Công nghệ.\n"
        "*Đơn vị phối hợp thực hiện: *Sở Tư pháp.\n"
        "*Thời gian thực hiện: *Tháng 12/2025.\n"
        "Thu ngân sách: ước 11.580 tỷ đồng.\n"
        "Trong đó: thu nội địa 10.052 tỷ đồng.\n"
        "Kết quả tiêm chủng như sau:\n"
        "Tiêm mũi 1: 119.006 người;\n"
        "Tiêm mũi 2: 100.000 người;\n"
    )
    before = {s.quote: s.before for s in split_sentences(make_chunk(text))}
    task = "Ra mắt AI pháp luật hỗ trợ cho cán bộ, công chức trên địa bàn tỉnh."
    assert before["Thời gian thực hiện: *Tháng 12/2025."] == task
    assert before["Đơn vị phối hợp thực hiện: *Sở Tư pháp."] == task
    assert before["Trong đó: thu nội địa 10.052 tỷ đồng."].endswith("ước 11.580 tỷ đồng.")
    assert before["Tiêm mũi 2: 100.000 người;"] == "Kết quả tiêm chủng như sau:"
