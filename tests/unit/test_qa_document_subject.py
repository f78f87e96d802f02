"""Which document an issue-date question asks about: the held report's letterhead date
only when the verb is said of that report; another document's date from the line that
writes it with its number, or no answer."""

from __future__ import annotations

import datetime as dt

import pytest

from hoidap.text import fold
from hoidap.types import Report
from qa.document import DocumentAnswerer, Outcome
from qa.document_subject import ASKED, UNSURE, issue_subject, issuer_fits, mentions
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

NGHE_AN = "d13_nghe-an.txt"


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        # The head of the verb's clause; a document it carries out is its complement.
        ("Kế hoạch 1026/KH-UBND triển khai Chỉ thị 32/CT-TTg được ban hành ngày nào?", "1026"),
        ("Nghệ An ban hành kế hoạch triển khai Chỉ thị 32 về bảo mật vào ngày nào?", "kế hoạch"),
        ("Quyết định 855/QĐ-UBND ban hành Kế hoạch phòng, chống dịch được ký ngày nào?", "855"),
        # "chỉ thị này" stands for the directive named before; a clause of its own.
        ("Kế hoạch 1026 triển khai Chỉ thị 32/CT-TTg; chỉ thị này ban hành ngày nào?", "32"),
        ("Theo Quyết định 2820, Quyết định 1711/QĐ-TTg được ký ngày nào?", "1711"),
        ("Chương trình hành động số 01/CTr-UBND mà kế hoạch 0204 căn cứ ban hành ngày nào?", "01"),
        ("When was the directive that Nghe An's plan 1026/KH-UBND implements issued?", "chỉ thị"),
        ("What is the issue date of Dong Thap's plan No. 617/KH-UBND?", "617"),
        # A document asked for: which one is not known, so neither is its date.
        ("Which decree is cited by Decision 2820, and when was it issued?", "asked"),
        ("Kế hoạch 1026 triển khai chỉ thị nào của Thủ tướng, ban hành ngày nào?", "asked"),
        # The second clause asks another thing; the date is the first one's.
        ("Kế hoạch 7360/KH-UBND được ban hành ngày nào, và kế hoạch nào cùng ngày?", "7360"),
    ],
)
def test_issue_subject(question: str, subject: str) -> None:
    found = issue_subject(fold(question))
    assert found is not None
    if subject == "asked":
        assert found is ASKED
    elif subject[0].isdigit():
        assert found.number.lstrip("0").startswith(subject.lstrip("0"))
    else:
        assert found.kind == subject and not found.number


def _answerer(issuer: str = "Ủy ban nhân dân tỉnh Nghệ An") -> DocumentAnswerer:
    """A plan carrying out a Prime Minister's directive, as the dev corpus's Nghệ An plan
    writes its letterhead, title and the line that cites the directive with its date."""
    plan = Report(
        "r1026",
        NGHE_AN,
        "Kế hoạch triển khai thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng "
        "Chính phủ về tăng cường công tác bảo vệ bí mật nhà nước",
        "kế hoạch",
        "Nghệ An",
        "h",
        number="1026/KH-UBND",
        issued=dt.date(2025, 11, 26),
        issuer=issuer,
        cited=("Chỉ thị số 32/CT-TTg ngày 21/10/2025", "Nghị quyết số 27-NQ/TW"),
    )
    texts = [
        (3, "Số: 1026/KH-UBND"),
        (4, "Nghệ An, ngày 26 tháng 11 năm 2025"),
        (9, "Thực hiện Chỉ thị số 32/CT-TTg ngày 21/10/2025 của Thủ tướng Chính phủ;"),
        (12, "Quán triệt Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung ương."),
    ]
    lines = [
        (n, t, make_chunk(t, source=NGHE_AN, province="Nghệ An", line_start=n)) for n, t in texts
    ]
    stats = {"issued": [9, 10], "cited_issued": [9, 10]}
    return DocumentAnswerer([plan], lambda _rid: lines, stats)


def _answer(question: str, issuer: str = "Ủy ban nhân dân tỉnh Nghệ An") -> Outcome | None:
    return _answerer(issuer).answer(understand(question), [])


def test_the_held_reports_date_when_the_verb_is_said_of_it() -> None:
    for question in (
        "Kế hoạch 1026/KH-UBND của Nghệ An được ban hành ngày nào?",
        # The directive describes the plan: its title names it.
        "Kế hoạch 1026/KH-UBND triển khai Chỉ thị 32/CT-TTg được ban hành ngày nào?",
        # A document named in an earlier clause is not between the plan and the verb.
        "Kế hoạch 1026/KH-UBND quán triệt Nghị quyết 27-NQ/TW; kế hoạch này ban hành ngày nào?",
    ):
        outcome = _answer(question)
        assert outcome is not None and outcome.fields == ("issued",)
        assert outcome.facts[0].lead == "ngày 26/11/2025"


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch 1026/KH-UBND triển khai Chỉ thị 32/CT-TTg; chỉ thị này ban hành ngày nào?",
        "When was the Prime Minister's directive that plan 1026/KH-UBND implements issued?",
        "Kế hoạch 1026/KH-UBND thực hiện chỉ thị của Thủ tướng; chỉ thị đó được ký ngày nào?",
    ],
)
def test_a_cited_documents_date_is_the_one_written_with_its_number(question: str) -> None:
    outcome = _answer(question)
    assert outcome is not None and outcome.fields == ("cited_issued",)
    assert outcome.facts[0].lead == "ngày 21/10/2025"
    assert "32/CT-TTg ngày 21/10/2025" in outcome.facts[0].citations[0].quote


@pytest.mark.parametrize(
    "question",
    [
        # A document between the plan and the verb that its title does not name, and whose
        # date no line writes: whose date is asked is not sure.
        "Kế hoạch 1026/KH-UBND quán triệt Nghị quyết 27-NQ/TW ban hành ngày nào?",
        # The document asked for is the one dated.
        "Kế hoạch 1026/KH-UBND triển khai chỉ thị nào của Thủ tướng, ban hành ngày nào?",
        # A kind the plan only cites, undated where it is cited.
        "Kế hoạch 1026/KH-UBND quán triệt nghị quyết của Trung ương; nghị quyết này ban hành "
        "ngày nào?",
    ],
)
def test_another_documents_date_is_never_the_letterhead(question: str) -> None:
    outcome = _answer(question)
    assert outcome is None or not any(f.lead == "ngày 26/11/2025" for f in outcome.facts)
    assert outcome is not None and not outcome.facts and outcome.reason


def test_a_kind_the_title_carries_out_is_not_the_reports_kind() -> None:
    # "Chỉ thị của Thủ tướng … ban hành ngày nào?": the plan's title names the directive it
    # carries out; the plan is no directive, so its letterhead date is not the answer.
    outcome = _answer("Chỉ thị của Thủ tướng về bảo vệ bí mật nhà nước ban hành ngày nào?")
    assert outcome is None or not outcome.facts
    # A decision issuing a plan answers for the plan (its title says it issues one).
    issuing = Report(
        "r855",
        "tv.txt",
        "Quyết định ban hành Kế hoạch thực hiện Chương trình phòng, chống dịch",
        "quyết định",
        "Trà Vinh",
        "h",
        number="855/QĐ-UBND",
        issued=dt.date(2022, 5, 13),
    )
    line = (4, "Trà Vinh, ngày 13 tháng 5 năm 2022")
    chunk = make_chunk(line[1], source="tv.txt", province="Trà Vinh", line_start=4)
    path = DocumentAnswerer([issuing], lambda _rid: [(*line, chunk)], {"issued": [9, 10]})
    asked = understand("Kế hoạch phòng, chống dịch của Trà Vinh ban hành ngày nào?")
    outcome = path.answer(asked, [])
    assert outcome is not None and outcome.facts[0].lead == "ngày 13/05/2022"


def test_a_document_between_the_subject_and_the_verb_leaves_it_unsure() -> None:
    question = "Kế hoạch 1026/KH-UBND quán triệt Nghị quyết 27-NQ/TW ban hành ngày nào?"
    answerer = _answerer()
    asked = understand(question)
    assert answerer._other_subject(asked, answerer.reports) is UNSURE
    outcome = answerer.answer(asked, [])
    assert outcome is not None and outcome.reason == "another document"
    # Which document is asked is not sure, but the body may say: the answerer decides.
    assert outcome.left_to_body


def test_the_body_answers_what_the_document_path_leaves_to_it() -> None:
    """A question about a document the held report only cites, or one of several that fit
    equally, goes on to the answerer's own sentences (``Pipeline._document`` gives None);
    a reason that the reports cannot hold the answer is stated, never left to the body."""
    from types import SimpleNamespace

    from qa.pipeline import Pipeline
    from qa.retrieve import Filters

    asked = understand("Kế hoạch 1026/KH-UBND thực hiện kế hoạch hành động nào của Tỉnh ủy?")
    refused = SimpleNamespace(abstained=True)
    answerer = SimpleNamespace(abstain=lambda *_a, **_k: refused, scorer=None)
    for reason, left in (
        ("another document", True),
        ("ambiguous", True),
        ("other province", False),
        ("no signer", False),
    ):
        outcome = Outcome(("basis",), reason=reason)
        assert outcome.left_to_body is left
        documents = SimpleNamespace(answer=lambda _q, _h, o=outcome: o, confidence=lambda _f: None)
        stub = SimpleNamespace(documents=documents, answerer=answerer)
        drafted = Pipeline._document(stub, asked, [], Filters())  # type: ignore[arg-type]
        assert (drafted is None) is left
    assert not Outcome(("basis",), (object(),), "another document").left_to_body  # type: ignore[arg-type]


def test_do_by_is_not_do_that() -> None:
    # Folded, "đó" (that) and "do" (by) are one word: "kế hoạch do Sở Y tế xây dựng" is a
    # plan of its own, not the one named before.
    question = "Kế hoạch 1026/KH-UBND của Nghệ An; kế hoạch do Sở Y tế xây dựng ban hành ngày nào?"
    found = issue_subject(fold(question), question)
    assert found is not None and found.kind == "kế hoạch"
    assert not found.number and not found.anaphor and found.start > fold(question).index(";")
    # "đó" as written still stands for the plan named before.
    that = "Kế hoạch 1026/KH-UBND của Nghệ An; kế hoạch đó được ký ngày nào?"
    found = issue_subject(fold(that), that)
    assert found is not None and found.number == "1026/kh-ubnd"
    # Written without accents, "do" cannot be told from "đó": read as "đó", as folded.
    plain = fold(that)
    found = issue_subject(plain, plain)
    assert found is not None and found.number == "1026/kh-ubnd"


def test_a_report_of_no_known_issuer_fits_only_by_its_title() -> None:
    # The plan's title head names no Prime Minister, and no issuer is known: it is not the
    # Prime Minister's plan, so its letterhead date does not answer.
    question = "Kế hoạch của Thủ tướng về bảo vệ bí mật nhà nước của Nghệ An ban hành ngày nào?"
    assert _answer(question, issuer="") == Outcome(("issued",), reason="another document")
    assert not issuer_fits(("thu tuong",), "", "Kế hoạch triển khai Chỉ thị của Thủ tướng")


def test_a_title_head_is_cut_at_so_number_not_so_department() -> None:
    title = "Kế hoạch liên ngành của Sở Y tế và Bộ Y tế về phòng, chống dịch số 12"
    assert issuer_fits(("bo ",), "", title)
    assert not issuer_fits(("bo ",), "", "Kế hoạch số 12 thực hiện Quyết định của Bộ Y tế")


def test_a_ministry_of_planning_is_no_plan() -> None:
    kinds = [x.kind for x in mentions(fold("Quyết định 12 của Bộ Kế hoạch và Đầu tư ký ngày nào"))]
    assert kinds == ["quyết định"]
