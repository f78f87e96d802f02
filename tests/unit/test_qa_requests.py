"""A question written as a request ("Nêu …", "Liệt kê …", "Kể tên …", "List …") is read as
the same question asked with a question word: the request is no content term, and the kind
comes from what follows it (issue #12: "Liệt kê các biện pháp …" refused where "… những biện
pháp nào …" was answered)."""

from __future__ import annotations

import pytest

from qa.query import understand
from qa.requests import Opening, opening_kind, question_form, request_span


@pytest.mark.parametrize(
    ("question", "end"),
    [
        ("Liệt kê các giải pháp của Trà Vinh.", 8),
        ("Nêu số ca tử vong ở Cà Mau.", 4),
        ("Hãy cho biết Cà Mau có bao nhiêu ca?", 13),
        ("Xin cho tôi biết: Cà Mau có bao nhiêu ca?", 18),
        ("Kể tên giúp tôi các bệnh viện dã chiến", 16),
        ("neu so ca tu vong o ca mau", 4),
        ("  Trình bày lý do Bắc Giang lập bệnh viện dã chiến", 12),
        ("Please list the field hospitals of Bac Giang", 12),
        ("Name the agency that leads vaccination in Cà Mau", 5),
    ],
)
def test_a_request_opening_the_question_is_found(question: str, end: int) -> None:
    assert request_span(question) == Opening(0, end)


@pytest.mark.parametrize(
    "question",
    [
        "Nếu dịch kéo dài thì Trà Vinh làm gì?",  # "nếu" (if) is spelled otherwise than "nêu"
        "Cà Mau nêu những mô hình nào?",  # not opening the question: the report's verb
        "Liệt kê",  # nothing else asked: its words are all there is
        "Nêuxx số ca",  # a word that only begins like one
        "Named hospitals in Bac Giang",
        "State budget revenue of Cà Mau in 2025?",  # "state" as a noun, not the verb
        "List prices of vaccines in Bắc Giang?",
        "Ban Chỉ đạo tỉnh Cà Mau có bao nhiêu thành viên?",  # "Ban" as a body, no request
    ],
)
def test_no_request(question: str) -> None:
    assert request_span(question) is None


def _read(question: str) -> tuple[object, ...]:
    q = understand(question)
    return (q.kind, q.unit, q.terms, q.match_terms, q.provinces, q.as_of, q.wants_percent)


@pytest.mark.parametrize(
    ("request_form", "question_form"),
    [
        (
            "Nêu số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",
            "Số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021 là bao nhiêu?",
        ),
        (
            "Hãy cho tôi biết Cà Mau có bao nhiêu ca tử vong?",
            "Cà Mau có bao nhiêu ca tử vong?",
        ),
        ("neu ty le tiem vac xin o ca mau", "ty le tiem vac xin o ca mau la bao nhieu"),
        (
            "Give the number of people Cà Mau had vaccinated by 16 November 2021.",
            "How many people had Cà Mau vaccinated by 16 November 2021?",
        ),
    ],
)
def test_a_request_reads_as_its_question(request_form: str, question_form: str) -> None:
    assert _read(request_form) == _read(question_form)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Nêu số ca tử vong ở Cà Mau.", "number"),
        ("Cho biết tỷ lệ tiêm vắc xin ở Cà Mau.", "number"),
        ("Liệt kê các giải pháp phòng chống dịch của Trà Vinh.", "list"),
        ("Kể tên các bệnh viện dã chiến của Bắc Giang.", "list"),
        ("Kể tên cơ quan chủ trì tiêm chủng ở Cà Mau.", "entity"),
        ("Nêu tên người ký báo cáo của Sóc Trăng.", "entity"),
        ("Cho biết ngày Sóc Trăng áp dụng Quyết định 2093.", "date"),
        ("Trình bày kết quả tiêm chủng của Cà Mau.", "explanation"),
        ("Cho biết Cà Mau đã tiêm vắc xin cho bao nhiêu người?", "number"),
        ("List the measures Trà Vinh took against COVID-19.", "list"),
        ("Name the agency that leads vaccination in Cà Mau.", "entity"),
    ],
)
def test_the_kind_is_what_follows_the_request(question: str, kind: str) -> None:
    assert understand(question).kind == kind


def test_the_request_is_no_term_of_the_question() -> None:
    for question in ("Liệt kê các giải pháp của Trà Vinh", "Kể tên các bệnh viện ở Bắc Giang"):
        q = understand(question)
        assert not {"liet", "ke", "ten", "liệt_kê", "kể", "tên"} & {*q.terms, *q.match_terms}
    english = understand("List the field hospitals of Bac Giang")
    assert "danh_mục" not in english.match_terms  # "list" glossed as a catalogue before


def test_opening_kind_without_a_request() -> None:
    assert opening_kind("Cà Mau có bao nhiêu ca tử vong?") is None
    assert opening_kind("Cho biết Sở Y tế đã làm gì") is None  # "Sở" is no count "số"


@pytest.mark.parametrize(
    ("request_form", "question_form_"),
    [
        (
            "Nêu tên bệnh viện của Bắc Giang được Tập đoàn Sun Group đầu tư thiết lập đơn vị ICU.",
            "Bệnh viện nào của Bắc Giang được Tập đoàn Sun Group đầu tư thiết lập đơn vị ICU?",
        ),
        ("Kể tên cơ quan chủ trì tiêm chủng ở Cà Mau.", "Cơ quan nào chủ trì tiêm chủng ở Cà Mau?"),
        ("Nêu tên người ký báo cáo của Sóc Trăng.", "Ai ký báo cáo của Sóc Trăng?"),
        (
            "Name the department that must issue the technical standards in Nghệ An.",
            "Which department must issue the technical standards in Nghệ An?",
        ),
    ],
)
def test_a_request_for_a_name_reads_as_its_question(request_form: str, question_form_: str) -> None:
    """The kind of name asked and its head noun are read from "X nào" / "which X": a request
    for a name is read as that question (``qa.requests.question_form``)."""
    asked, plain = understand(request_form), understand(question_form_)
    assert asked.kind == plain.kind == "entity"
    assert set(asked.terms) == set(plain.terms)
    assert asked.said == request_form  # what the answer shows back
    assert plain.said == ""


def test_a_name_request_keeps_a_list_of_names_a_list() -> None:
    assert question_form("Kể tên các bệnh viện dã chiến của Bắc Giang.") == (
        "Kể tên các bệnh viện dã chiến của Bắc Giang."
    )
    assert understand("Kể tên các bệnh viện dã chiến của Bắc Giang.").said == ""
