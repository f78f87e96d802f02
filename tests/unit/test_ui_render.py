"""Report text reaches the browser escaped, and the cited sentence is marked in its passage."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from hoidap.types import Answer, Citation, Report
from tests.ui_fakes import CA_MAU_FILE, HOSTILE_FILE, VACCINE_QUOTE, FakePipeline
from ui import render

HOSTILE = (
    "<script>alert(1)</script> **đậm** [link](javascript:alert(1)) <img src=x onerror=alert(2)>"
)


@pytest.fixture(scope="module")
def fake() -> FakePipeline:
    return FakePipeline.from_reports()


def _report_of(fake: FakePipeline) -> Callable[[str], Report | None]:
    return lambda source: next((r for r in fake.index.reports if r.source == source), None)


def test_md_escape_leaves_no_markup() -> None:
    out = render.md_escape(HOSTILE)
    assert "<" not in out and ">" not in out
    assert "&lt;script&gt;" in out
    assert r"\*\*đậm\*\*" in out
    assert r"\[link\](javascript:alert(1))" in out


@pytest.mark.parametrize("line", ["# Tiêu đề", "- mục", "1. một", "> trích", "+ cộng"])
def test_md_escape_line_starts(line: str) -> None:
    escaped = render.md_escape(line)
    assert escaped.startswith("\\") or escaped.startswith("&gt;") or escaped[1] == "\\"


def test_md_escape_keeps_vietnamese_and_numbers() -> None:
    assert render.md_escape("Cà Mau: 859.463 người, 74,8%") == "Cà Mau: 859.463 người, 74,8%"
    # An answer that starts with its figure is not an ordered list.
    assert render.md_escape("859.463 người — Lũy kế") == "859.463 người — Lũy kế"
    assert render.md_escape("1. một\n 2) hai\n3.") == "1\\. một\n 2\\) hai\n3\\."


def test_highlight_marks_the_quote_and_escapes_the_rest() -> None:
    passage = "Mở đầu <b>đậm</b>. Lũy kế đến 16/11/2021, đã tiêm 859.463 người. Kết thúc."
    out = render.highlight_html(passage, "đã tiêm 859.463 người")
    assert out is not None
    assert "<mark>đã tiêm 859.463 người</mark>" in out
    assert "&lt;b&gt;đậm&lt;/b&gt;" in out and "<b>" not in out


def test_highlight_ignores_spacing_case_and_emphasis() -> None:
    passage = "Lũy kế   từ đầu năm,\n**tỉnh Cà Mau** đã tiêm 859.463 người."
    out = render.highlight_html(passage, "lũy kế từ đầu năm, tỉnh cà mau đã tiêm")
    assert out is not None
    assert out.startswith("<mark>Lũy kế   từ đầu năm,\n**tỉnh Cà Mau** đã tiêm</mark>")


def test_highlight_matches_decomposed_unicode() -> None:
    import unicodedata

    passage = unicodedata.normalize("NFD", "Tỉnh Cà Mau đã tiêm vắc xin.")
    assert render.highlight_html(passage, "Cà Mau đã tiêm") is not None


def test_highlight_stitched_quote_marks_each_sentence() -> None:
    passage = "Câu thứ nhất có số 1.234 ca. Câu giữa không liên quan. Câu thứ ba có số 5.678 ca."
    out = render.highlight_html(
        passage, "Câu thứ nhất có số 1.234 ca. … Câu thứ ba có số 5.678 ca."
    )
    assert out is not None and out.count("<mark>") == 2


def test_highlight_absent_quote_is_none() -> None:
    assert render.highlight_html("Không liên quan.", "859.463 người") is None
    assert render.find_spans("", "x") == []


def test_citation_card_has_where_and_when(fake: FakePipeline) -> None:
    answer = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
    c = answer.citations[0]
    report = _report_of(fake)(CA_MAU_FILE)
    card = render.citation_card(c, fake.index.chunk_by_id(c.chunk_id), report, "vi", open_=True)
    assert "<mark>" + VACCINE_QUOTE in card
    assert "Cà Mau" in card and "số liệu đến 16/11/2021" in card
    assert "d) Về công tác tiêm chủng" in card and ">133<" in card
    assert "<dt>Số liệu đến</dt><dd>16/11/2021</dd>" in card and "Ngày báo cáo" not in card
    assert CA_MAU_FILE in card and " open>" in card


def test_hostile_report_is_text_everywhere(fake: FakePipeline) -> None:
    answer = fake.ask("báo cáo thử nghiệm")
    c = answer.citations[0]
    panel = render.sources_html(answer, fake.index.chunk_by_id, _report_of(fake), "vi")
    message = render.answer_markdown(answer, _report_of(fake), "vi")
    for html_out in (panel, message):
        assert "<script" not in html_out and "<img" not in html_out and "<em>" not in html_out
        assert "<b>" not in html_out and "<i>" not in html_out
        # The only links are ours: a card's viewer link and the [1] markers.
        for href in re.findall(r"href\s*=\s*'([^']*)'", html_out):
            assert re.fullmatch(r"reports/999_hostile\.md#L2|#hd-src-1", href), href
        assert len(re.findall(r"href\s*=", html_out)) == html_out.count("href='")
    for target in re.findall(r"(?<!\\)\]\(([^)]*)\)", message):  # Markdown links
        assert target == "#hd-src-1", target
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    assert "thử nghiệm&lt;/b&gt; **đậm**" in panel  # the title, shown literally, not bold
    assert "[link](javascript:alert(1))" in panel
    assert "1/BC-&lt;i&gt;X&lt;/i&gt;" in panel  # report number escaped too
    assert "(từ 2025: Cần Thơ)" in panel
    assert c.report == HOSTILE_FILE


def test_unmatched_quote_is_still_shown_marked() -> None:
    report = Report("r", "a.txt", "Tiêu đề", "báo cáo", "Cà Mau", "h")
    citation = Citation(1, "missing", "a.txt", "Cà Mau", "I. Mục", (4, 5), "câu <không> có")
    card = render.citation_card(citation, None, report, "en", open_=False)
    assert "<mark>câu &lt;không&gt; có</mark>" in card and "4–5" in card
    assert "undated" in card


def test_card_of_a_pdf_gives_page_and_the_documents_metadata() -> None:
    import dataclasses
    import datetime as dt

    report = dataclasses.replace(
        Report("r", "kh.pdf", "Kế hoạch chuyển đổi số", "kế hoạch", "Cà Mau", "h"),
        number="12/KH-UBND",
        issuer="Ủy ban nhân dân tỉnh Cà Mau",
        issued=dt.date(2025, 11, 20),
        signer="Lâm Văn Bi",
        signer_title="Phó Chủ tịch",
        page_lines=(1, 40, 80),
    )
    citation = Citation(1, "c", "kh.pdf", "Cà Mau", "I. Mục", (41, 45), "câu", page=2)
    card = render.citation_card(citation, None, report, "vi", open_=False)
    assert "Trang 2, dòng 41–45" in card
    meta = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card))
    assert meta["Trang"] == "2" and meta["Dòng"] == "41–45"
    assert meta["Loại văn bản"] == "kế hoạch" and meta["Số"] == "12/KH-UBND"
    assert meta["Cơ quan ban hành"] == "Ủy ban nhân dân tỉnh Cà Mau"
    assert meta["Người ký"] == "Phó Chủ tịch, Lâm Văn Bi"
    assert meta["Ngày báo cáo"] == "20/11/2025"
    # A file without pages: no page, and the JSON says so with null.
    plain = dataclasses.replace(citation, page=None)
    assert "Trang" not in render.citation_card(plain, None, report, "vi", open_=False)
    assert plain.to_json()["page"] is None and citation.to_json()["page"] == 2


def test_abstained_panel_lists_closest_passages(fake: FakePipeline) -> None:
    answer = fake.ask("Giá vàng hôm nay?")
    assert answer.abstained
    panel = render.sources_html(answer, fake.index.chunk_by_id, _report_of(fake), "vi")
    assert "Không tìm thấy thông tin này" in panel and "Các đoạn gần nhất" in panel
    assert panel.count("hd-hit") == len(answer.hits) == 2
    assert "<mark>" not in panel
    message = render.answer_markdown(answer, _report_of(fake), "vi")
    assert message.startswith(fake.abstain_text) and "khung Nguồn" in message


def test_empty_panel_and_answer_without_hits() -> None:
    assert "hd-empty" in render.sources_html(None, lambda _: None, lambda _: None, "en")
    bare = Answer("q", "Không có báo cáo nào của Hà Nội.", abstained=True)
    panel = render.sources_html(bare, lambda _: None, lambda _: None, "vi")
    assert "Không có đoạn nào" in panel and "Không có báo cáo nào của Hà Nội." in panel
    assert render.answer_markdown(bare, lambda _: None, "vi") == "Không có báo cáo nào của Hà Nội."


def test_answer_message_names_report_and_date(fake: FakePipeline) -> None:
    answer = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
    message = render.answer_markdown(answer, _report_of(fake), "en")
    assert "859.463" in message and r"\[1\]" in message
    assert "figures as of 16/11/2021" in message and "Cà Mau" in message
    assert render.marker_numbers(answer.text) == [1]


def test_dates_are_day_first() -> None:
    assert render.format_date(dt.date(2021, 11, 16), "en") == "16/11/2021"
    issued = Report("r", "a", "t", "k", "p", "h", issued=dt.date(2022, 5, 13))
    assert render.report_date(issued, None, "vi") == "13/05/2022"
    assert render.report_date(None, None, "vi") == "không ghi ngày"


def test_markers_link_to_their_cards_and_the_figure_is_bold(fake: FakePipeline) -> None:
    answer = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
    message = render.answer_markdown(answer, _report_of(fake), "vi")
    assert "[\\[1\\]](#hd-src-1)." in message
    assert "**859.463 người**" in message and message.count("**") == 2
    lead = Answer("q", "859.463 người — Lũy kế đến 16/11/2021 [1].", answer.citations)
    assert render.answer_markdown(lead, _report_of(fake), "vi").startswith("**859.463 người** —")


def test_every_card_shows_title_province_section_and_lines_before_opening(
    fake: FakePipeline,
) -> None:
    for question in ("Cà Mau đã tiêm vắc xin cho bao nhiêu người?", "Giá vàng hôm nay?"):
        answer = fake.ask(question)
        panel = render.sources_html(answer, fake.index.chunk_by_id, _report_of(fake), "vi")
        summaries = re.findall(r"<summary>(.*?)</summary>", panel)
        assert summaries
        for summary in summaries:
            assert "Kết quả thực hiện công tác phòng, chống dịch" in summary
            assert "Cà Mau" in summary and "2. Công tác y tế" in summary
            assert re.search(r"Dòng \d+(–\d+)?", summary)
        # Closest passages of one report differ by their section and lines, visibly.
        assert len(set(summaries)) == len(summaries)
        assert "href='reports/001_fa29380e2daf4212.txt#L" in panel


def test_viewer_links_are_encoded_and_carry_the_lines() -> None:
    assert render.viewer_href("a b#c.txt", (127, 133)) == "reports/a%20b%23c.txt#L127-133"
    assert render.viewer_href("x.md", (5, 5)) == "reports/x.md#L5"
    assert render.viewer_href("../etc/passwd") == "reports/..%2Fetc%2Fpasswd"


def test_confidence_is_said_in_plain_words() -> None:
    from ui.render import confidence_words

    assert confidence_words(0.95, "vi") == "Độ tin cậy: cao"
    assert confidence_words(0.7, "vi") == "Độ tin cậy: trung bình"
    assert confidence_words(0.2, "en") == "Confidence: low"
    assert confidence_words(None, "vi") == ""


def test_a_comparison_shows_its_verdict_in_bold_and_each_side_on_its_line(
    fake: FakePipeline,
) -> None:
    citations = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?").citations
    text = (
        "Cà Mau 96 trạm [1], Lạng Sơn 162 trạm [1]: Lạng Sơn nhiều hơn 66 trạm\n"
        "Cà Mau: 96 trạm — Đã thành lập 96 trạm y tế lưu động. [1]\n"
        "Lạng Sơn: 162 trạm — Đã thành lập 162 trạm y tế lưu động. [1]"
    )
    message = render.answer_markdown(Answer("q", text, citations), _report_of(fake), "vi")
    first, second, third = message.split("\n\n")[0].split("  \n")
    assert first == (
        "**Cà Mau 96 trạm [\\[1\\]](#hd-src-1), Lạng Sơn 162 trạm [\\[1\\]](#hd-src-1): "
        "Lạng Sơn nhiều hơn 66 trạm**"
    )
    assert second.startswith("Cà Mau: 96 trạm — ") and third.startswith("Lạng Sơn: 162 trạm")


def test_a_computed_total_shows_its_arithmetic_with_each_operand_cited(
    fake: FakePipeline,
) -> None:
    citations = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?").citations
    text = "Tổng 160 trạm = 35 trạm [1] + 125 trạm [1] — + Đầu tư mới trạm 5G: 35 trạm. [1]"
    message = render.answer_markdown(Answer("q", text, citations), _report_of(fake), "vi")
    assert message.startswith(
        "**Tổng 160 trạm = 35 trạm [\\[1\\]](#hd-src-1) + 125 trạm [\\[1\\]](#hd-src-1)** — "
    )
