"""Recognising questions about a document itself, and how sure their answers are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from eval.fit_documents import field_stats, judged
from eval.gold import GoldQuestion
from hoidap.text import fold
from qa.document import (
    _OTHER_DOCUMENT,
    asked_basis,
    asked_counts,
    asked_fields,
    asked_kind,
    confidence,
    document_fields,
    named_numbers,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("Ai ký Kế hoạch 552/KH-UBND của Đồng Tháp?", ("signer",)),
        ("ai ky ke hoach 7360 lai chau", ("signer",)),
        ("Who signed Cần Thơ City's plan on cashless payments?", ("signer",)),
        ("Kế hoạch 174/KH-UBND của TP.HCM được ban hành ngày nào?", ("issued",)),
        (
            "When was Hanoi's Decision 04/2025/QĐ-UBND issued and who signed it?",
            ("issued", "signer"),
        ),
        ("quy ha noi quyet dinh 02/2025 ky ngay nao, ai ky", ("issued", "signer")),
        ("Quyết định 2820/QĐ-UBND có hiệu lực từ khi nào?", ("effective",)),
        ("Thông báo kết luận về Đà Nẵng có số hiệu là gì?", ("number",)),
        ("Kế hoạch này được gửi đến những cơ quan nào (nơi nhận)?", ("recipients",)),
        ("Quyết định căn cứ vào những văn bản nào?", ("legal_bases",)),
        # Not about the document: a figure, a periodic report's deadline, a term of office.
        ("Cà Mau đã tiêm vắc xin cho bao nhiêu người?", ()),
        ("báo cáo định kỳ hằng năm trước ngày nào?", ()),
        ("How many people were vaccinated in Cà Mau?", ()),
        # English recipients are a document's only when said of it.
        ("Who are the recipients of Can Tho's plan 157/KH-UBND?", ("recipients",)),
        ("To whom is the notice addressed?", ("recipients",)),
        ("What minimum share of social allowance recipients should open a bank account?", ()),
        ("Of the military personnel sent to support Sóc Trăng, how many came from the school?", ()),
    ],
)
def test_asked_fields(question: str, fields: tuple[str, ...]) -> None:
    assert asked_fields(fold(question)) == fields


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("2 quyet dinh 2820 va 2853 cai nao ky truoc, ai ky", ("issued", "signer")),
        ("Kế hoạch 179 và Kế hoạch 141, văn bản nào ban hành trước?", ("issued",)),
        ("Quyết định 04/2025 và 06/2025, văn bản nào có hiệu lực sớm hơn?", ("effective",)),
        ("Which of plans 179 and 141 was issued first?", ("issued",)),
        ("Quyết định 2820/QĐ-UBND có hiệu lực từ khi nào?", ("effective",)),
    ],
)
def test_which_document_came_first_asks_for_their_dates(
    question: str, fields: tuple[str, ...]
) -> None:
    """The document path reads it (``document_fields``); ``asked_fields``, which the rest
    of qa reads (front matter kept as candidates), does not change."""
    assert document_fields(fold(question)) == fields


def test_an_order_question_alone_asks_no_field_of_the_rest_of_qa() -> None:
    assert asked_fields(fold("Kế hoạch 179 và Kế hoạch 141, văn bản nào ban hành trước?")) == ()
    assert asked_fields(fold("2 quyet dinh 2820 va 2853 cai nao ky truoc, ai ky")) == ("signer",)


def test_named_numbers_keep_the_kind_they_belong_to() -> None:
    named = named_numbers(fold("Nghệ An ban hành kế hoạch triển khai Chỉ thị 32 vào ngày nào?"))
    assert [(n.code, n.kind) for n in named] == [("32", "chỉ thị")]
    assert asked_kind(fold("Nghệ An ban hành kế hoạch triển khai Chỉ thị 32")) == "kế hoạch"
    full = named_numbers(fold("Quyết định 04 /2025/QĐ-UBND của Hà Nội"))
    assert full[0].full and full[0].matches("04/2025/QĐ-UBND")
    both = named_numbers(fold("2 quyết định 2820 và 2853 của TP.HCM"))
    assert [n.code for n in both] == ["2820", "2853"]
    # "báo cáo 2 năm" names a duration, not a document numbered 2.
    assert named_numbers(fold("ai ký báo cáo 2 năm chống dịch")) == ()
    bare = named_numbers(fold("kế hoạch 552"))[0]
    assert bare.matches("552/KH-UBND", "kế hoạch") and not bare.matches("552/QĐ-UBND", "quyết định")


def test_confidence_shrinks_to_every_field_and_needs_evidence() -> None:
    stats = {"signer": [19, 20], "issued": [3, 4], "cited_issued": [1, 1]}
    prior = (23 + 1) / (25 + 2)
    assert confidence(stats, ["signer"]) == pytest.approx((19 + 2 * prior) / 22)
    assert confidence(stats, ["signer", "issued"]) == pytest.approx((3 + 2 * prior) / 6)
    # A field judged right once is as sure as document answers in general, not 2/3 (Laplace).
    assert confidence(stats, ["cited_issued"]) == pytest.approx((1 + 2 * prior) / 3)
    assert confidence(stats, ["cited_issued"]) > 2 / 3 + 0.1
    # Wrong answers of a field pull it below the others.
    assert confidence({**stats, "number": [0, 3]}, ["number"]) < 0.5
    assert confidence(stats, ["title"]) is None


def _q(type_: str, aliases: list[str], language: str = "vi") -> GoldQuestion:
    return GoldQuestion.from_dict(
        {
            "id": "x",
            "question": "?",
            "language": language,
            "provinces": [],
            "reports": [],
            "answer": "",
            "aliases": aliases,
            "evidence": [],
            "type": type_,
            "difficulty": "easy",
        }
    )


def test_field_stats_judge_the_lead_and_count_answers_to_unanswerable_as_wrong() -> None:
    right: dict[str, Any] = {"fields": ["signer"], "text": "Lê Thanh Bình (Phó Chủ tịch) — “…” [1]"}
    wrong: dict[str, Any] = {"fields": ["issued"], "text": "ngày 13/05/2022 — “…” [1]"}
    quoted_only: dict[str, Any] = {"fields": ["signer"], "text": "Ai đó — “Lê Thanh Bình” [1]"}
    assert judged(right, _q("entity", ["Lê Thanh Bình"])) is True
    assert judged(quoted_only, _q("entity", ["Lê Thanh Bình"])) is False
    assert judged(None, _q("entity", ["Lê Thanh Bình"])) is None
    stats = field_stats(
        [
            (right, _q("entity", ["Lê Thanh Bình"])),
            (wrong, _q("date", ["2022-05-14"])),
            (wrong, _q("unanswerable", [])),
            (None, _q("date", ["2022-05-13"])),
        ]
    )
    assert stats == {"signer": [1, 1], "issued": [0, 2]}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Kế hoạch 157/KH-UBND thực hiện chỉ thị nào của Thủ tướng?", "chỉ thị"),
        ("Which Politburo resolution does plan 141/KH-UBND put into effect?", "nghị quyết"),
        ("Which Hanoi People's Council resolution does Decision 06/2025 implement?", "nghị quyết"),
        ("Kế hoạch 597 căn cứ vào quyết định nào của Bộ Xây dựng?", "quyết định"),
        # No relation to the named document: not a question about its basis.
        ("Huyện nào có nhiều ca mắc nhất?", None),
        ("Quyết định nào quy định mức phạt?", None),
    ],
)
def test_asked_basis(question: str, kind: str | None) -> None:
    found = asked_basis(fold(question))
    assert (found[0] if found else None) == kind


def test_shipped_document_fields_are_what_the_fit_command_makes_from_the_saved_answers(
    tmp_path: Path,
) -> None:
    """`python -m eval.fit_documents --cached` judges the saved answers of the document path
    again on every default set; the shipped file must be exactly what it writes."""
    from eval.corpus_index import report_genres, report_texts
    from eval.fit_documents import OUTCOMES_PATH, cached_stats
    from eval.gold import load_gold
    from eval.sets import default_cv_sets
    from hoidap.config import Config
    from qa.document import STATS_PATH, stats_json

    config = Config(home=tmp_path, reports_dir=REPO / "data" / "reports")
    texts, genres = report_texts(config), report_genres(config)
    sets = default_cv_sets()
    labelled = [(p.stem, q) for p in sets for q in load_gold(p, texts, genres)]
    stats = cached_stats(labelled, OUTCOMES_PATH)
    assert sum(n for _right, n in stats.values()) >= 20  # the saved answers were judged
    expected = stats_json(stats, sorted(p.name for p in sets))
    assert STATS_PATH.read_text(encoding="utf-8") == expected


def test_which_of_two_documents_came_first_is_said_with_the_days_between() -> None:
    """The order line reads each fact's date as written ("ngày 18/11/2025") and counts the
    days between them; each date keeps its citation marker."""
    import datetime as dt

    from hoidap.types import Citation, Report
    from qa.document import Fact, compose
    from qa.query import understand

    def fact(number: str, day: dt.date, province: str) -> Fact:
        report = Report(number, f"{number}.txt", "Kế hoạch", "kế hoạch", province, "h")
        report = replace(report, number=number, issued=day)
        line = f"{province}, ngày {day.day} tháng {day.month} năm {day.year}"
        cited = Citation(1, "c", report.source, province, "", (3, 3), line)
        lead = f"ngày {day.day:02d}/{day.month:02d}/{day.year}"
        return Fact("issued", report, lead, day.isoformat(), (cited,))

    facts = [
        fact("179/KH-UBND", dt.date(2025, 11, 18), "Đồng Nai"),
        fact("141/KH-UBND", dt.date(2025, 11, 20), "Bắc Ninh"),
    ]
    ordered = understand("Kế hoạch 179/KH-UBND và 141/KH-UBND, văn bản nào ban hành trước?")
    text, citations = compose(ordered, facts)
    first = text.split("\n")[0]
    assert first == (
        "179/KH-UBND ngày 18/11/2025 [1], 141/KH-UBND ngày 20/11/2025 [2]: 179/KH-UBND trước 2 ngày"
    )
    assert [c.marker for c in citations] == [1, 2]
    # Asked only when each was issued: the dates, no order line.
    plain = understand("Kế hoạch 179/KH-UBND và 141/KH-UBND ban hành ngày nào?")
    assert "\n" not in compose(plain, facts)[0]
    same = [facts[0], fact("141/KH-UBND", dt.date(2025, 11, 18), "Bắc Ninh")]
    assert compose(ordered, same)[0].split("\n")[0].endswith(": cùng ngày")


def test_a_party_documents_number_matches_with_dash_or_slash() -> None:
    # "Chỉ thị số 07-CT/TU" as the document writes it, "07/CT-TU" or "07-CT/TU" as asked.
    named = named_numbers(fold("Tỉnh ủy ban hành Chỉ thị số 07-CT/TU vào ngày nào?"))
    assert named[0].full and named[0].matches("07-CT/TU")
    assert named_numbers(fold("Quyết định 215-QĐ/TU"))[0].matches("215-QĐ/TU")
    assert named_numbers(fold("Quyết định 2750/QĐ-UBND"))[0].matches("2750/QĐ-UBND")


def test_issue_date_asked_across_the_documents_subject() -> None:
    # The subject between the verb and "ngày nào" may hold commas.
    asked = fold(
        "Ban Thường vụ Tỉnh ủy Bắc Giang ban hành Chỉ thị số 07-CT/TU về đẩy mạnh các biện "
        "pháp cấp bách phòng, chống dịch vào ngày nào?"
    )
    assert asked_fields(asked) == ("issued",)
    # "(thay Quyết định 2093)": the date of the one that replaces it, not of 2093.
    replacing = fold(
        "Sóc Trăng ban hành quyết định áp dụng biện pháp phòng dịch trong trạng thái bình "
        "thường mới (thay Quyết định 2093) vào ngày nào?"
    )
    assert _OTHER_DOCUMENT.search(replacing)


def test_a_dashed_number_is_found_on_a_line() -> None:
    from qa.document import _norm_code

    line = _norm_code("Thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 (giai đoạn 2021-2025)")
    assert _norm_code("66-NQ/TW") in line
    assert "2021-2025" in line  # years keep their dash


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("Quyết định 03/2025/QĐ-UBND gồm bao nhiêu điều?", ("articles",)),
        ("ha noi qd 02/2025 gom may dieu", ("articles",)),
        ("How many chapters is Hanoi's Decision 03/2025/QĐ-UBND divided into?", ("chapters",)),
        # "điều kiện", "chương trình" are no articles or chapters.
        ("Cần bao nhiêu điều kiện để được hỗ trợ?", ()),
        ("Tỉnh triển khai mấy chương trình chuyển đổi số?", ()),
    ],
)
def test_articles_and_chapters_asked_for_the_document_path_only(
    question: str, counts: tuple[str, ...]
) -> None:
    # The rest of qa (which keeps the front matter for a question about the document's
    # metadata) reads ``asked_fields``; a count asks about the body's headings.
    assert asked_counts(fold(question)) == counts
    assert document_fields(fold(question)) == counts
    assert asked_fields(fold(question)) == ()


def test_articles_and_chapters_are_counted_from_headings_and_section_paths() -> None:
    """A decision's articles and chapters, counted when their headings run 1..N; a chapter
    heading with no text of its own ("CHƯƠNG I" right above "Điều 1.") is read from the
    section paths of the passages under it."""
    import datetime as dt

    from hoidap.types import Report
    from qa.document import DocumentAnswerer
    from tests.unit.qa_fakes import make_chunk

    ch1 = make_chunk("Điều 1. Phạm vi điều chỉnh", path=("CHƯƠNG I QUY ĐỊNH CHUNG", "Điều 1."))
    ch2 = make_chunk("CHƯƠNG II\nĐiều 2. Nguyên tắc", path=("CHƯƠNG II", "Điều 2. Nguyên tắc"))
    lines = [(30, "Điều 1. Phạm vi điều chỉnh", ch1), (40, "CHƯƠNG II", ch2)]
    lines += [(41, "**Điều 2.** Nguyên tắc", ch2), (50, "Căn cứ Điều 59 Luật Ban hành", ch2)]
    report = Report(
        "r", "e.txt", "Quyết định", "quyết định", "Hà Nội", "h", issued=dt.date(2025, 1, 1)
    )
    path = DocumentAnswerer.__new__(DocumentAnswerer)
    articles = path._articles(report, lines)
    chapters = path._chapters(report, lines)
    assert articles is not None and articles.lead == "2 điều" and articles.lead_en == "2 articles"
    assert articles.citations[0].lines == (41, 41)
    assert chapters is not None and chapters.lead == "2 chương"
    # A gap (Điều 1, Điều 3) is no sure count.
    plain = make_chunk("Điều 1. A\nĐiều 3. C", path=("Quyết định",))
    gap = [(30, "Điều 1. A", plain), (60, "Điều 3. C", plain)]
    assert path._articles(report, gap) is None
    # A decision's own articles, then the regulation it issues numbered again from 1: two
    # documents' articles, no sure count for either.
    annexed = [(30, "Điều 1. A", plain), (40, "Điều 2. B", plain), (90, "Điều 1. Phạm vi", plain)]
    assert path._articles(report, annexed) is None
    assert path._articles(report, annexed[:2]) is not None
