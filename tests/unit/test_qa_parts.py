"""Two-part figure questions split by their grammar (qa/parts.py): two asks joined by a
coordinator, the shared subject, place and period given to the second part."""

from __future__ import annotations

import pytest

from qa.parts import figure_parts, split_parts
from qa.query import understand


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        # Accented, joined by "và"; the second ask after its noun.
        (
            "Hiện nay toàn tỉnh Cà Mau có bao nhiêu máy xét nghiệm và công suất bao nhiêu mẫu "
            "mỗi ngày?",
            (
                "Hiện nay toàn tỉnh Cà Mau có bao nhiêu máy xét nghiệm?",
                "Hiện nay toàn tỉnh Cà Mau có công suất bao nhiêu mẫu mỗi ngày?",
            ),
        ),
        # Unaccented, joined by a comma, the second ask at the end.
        (
            "ca mau da ra quyet dinh ho tro bao nhieu doi tuong theo nghi quyet 68, tong kinh "
            "phi bao nhieu?",
            (
                "ca mau da ra quyet dinh ho tro bao nhieu doi tuong theo nghi quyet 68?",
                "ca mau da ra quyet dinh ho tro tong kinh phi bao nhieu?",
            ),
        ),
        # A comma and no conjunction, both asks before their nouns.
        (
            "Bắc Giang có bao nhiêu ca mắc, bao nhiêu ca tử vong?",
            ("Bắc Giang có bao nhiêu ca mắc?", "Bắc Giang có bao nhiêu ca tử vong?"),
        ),
        # "mấy" as written, and "với".
        (
            "Tỉnh có mấy bệnh viện dã chiến với bao nhiêu giường?",
            ("Tỉnh có mấy bệnh viện dã chiến?", "Tỉnh có bao nhiêu giường?"),
        ),
        # A coordinated noun inside the first part stays in it: the last coordinator splits.
        (
            "Cà Mau có bao nhiêu bác sĩ và điều dưỡng, bao nhiêu giường bệnh?",
            ("Cà Mau có bao nhiêu bác sĩ và điều dưỡng?", "Cà Mau có bao nhiêu giường bệnh?"),
        ),
        # English: nothing before the first ask is shared.
        (
            "How many testing machines does Ca Mau have and how many samples can they test?",
            (
                "How many testing machines does Ca Mau have?",
                "how many samples can they test?",
            ),
        ),
    ],
)
def test_two_asks_joined_by_a_coordinator_split_into_parts(
    question: str, parts: tuple[str, str]
) -> None:
    assert split_parts(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
        # Two asks with no coordinator between them: one measure over another.
        "Bao nhiêu ca dương tính trên tổng số bao nhiêu mẫu xét nghiệm?",
        # Unaccented "may" is "máy" (a machine) as often as "mấy": not an ask.
        "ca mau co bao nhieu may xet nghiem?",
        # Three asks: a table of figures, not split.
        "Có bao nhiêu ca mắc, bao nhiêu ca khỏi và bao nhiêu ca tử vong?",
        "Trong giai đoạn 2021–2025, tỉnh có những biện pháp nào và kết quả ra sao?",
    ],
)
def test_other_questions_are_not_split(question: str) -> None:
    assert split_parts(question) == ()


def test_each_part_is_a_number_question_with_the_whole_questions_place_and_period() -> None:
    query = understand("Có bao nhiêu nam và bao nhiêu nữ ở Cà Mau được tiêm đến 16/11/2021?")
    first, second = figure_parts(query)
    assert first.kind == second.kind == "number"
    # The place and the date are said after the second ask only: both parts have them.
    assert first.provinces == second.provinces == ("Cà Mau",)
    assert first.as_of == second.as_of == query.as_of is not None
    assert "nam" in first.folded and "nu" in second.folded and "nu" not in first.folded


def test_only_figure_questions_are_split() -> None:
    comparison = understand(
        "So sánh số trạm y tế lưu động: Sóc Trăng đã kích hoạt bao nhiêu trạm và Cà Mau đã "
        "ra quyết định thành lập bao nhiêu trạm?"
    )
    assert comparison.kind == "comparison"
    assert figure_parts(comparison) == ()


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Báo cáo số khu phong tỏa và số hộ dân đang bị phong tỏa ở Cà Mau.",
            ("Báo cáo số khu phong tỏa?", "Báo cáo số hộ dân đang bị phong tỏa ở Cà Mau?"),
        ),
        (
            "neu so ca mac va so ca tu vong o ca mau",
            ("neu so ca mac?", "neu so ca tu vong o ca mau?"),
        ),
        ("Nêu số ca mắc và tử vong ở Cà Mau.", ()),  # one figure's name: "ca mắc và tử vong"
        ("Nêu số ca mắc và Sở Y tế chủ trì.", ()),  # "Sở", a department, asks no figure
        ("Nêu tên cơ quan và số cán bộ.", ()),  # the request asks a name first
    ],
)
def test_a_request_for_two_figures_is_split(question: str, parts: tuple[str, ...]) -> None:
    """ "Nêu số X và số Y" asks two figures as "bao nhiêu X và bao nhiêu Y" does."""
    assert split_parts(question) == parts


def test_coordinators_side_by_side_end_the_first_part_together() -> None:
    """ ", and with how much …": both coordinators end the first part, which does not end
    with a dangling "and"."""
    assert split_parts(
        "How many new schools did the province open in 2025, and with how much funding?"
    ) == ("How many new schools did the province open in 2025?", "how much funding?")
    assert split_parts("Tỉnh có bao nhiêu trường mới, và với bao nhiêu kinh phí?") == (
        "Tỉnh có bao nhiêu trường mới?",
        "Tỉnh có bao nhiêu kinh phí?",
    )


def _sure_if(first_sure: bool, second_sure: bool):
    """An answerer whose two parts are as sure as given (the best candidate of each is
    the cooperatives' count and the members' count of one sentence)."""
    from hoidap.text import find_numbers
    from qa.answer import Answerer
    from qa.coverage import TermWeights
    from qa.scored import Scored
    from qa.sentences import split_sentences
    from tests.unit.qa_fakes import make_chunk

    chunk = make_chunk(
        "Toàn tỉnh có 617 HTX, với 32.495 thành viên.", path=("II. KINH TẾ TẬP THỂ",)
    )
    sentence = split_sentences(chunk)[0]
    figures = find_numbers(sentence.quote)
    best = [Scored(sentence, 2.0, 1.0, f, False) for f in figures[:2]]
    answerer = Answerer(TermWeights([chunk]))
    sure = (first_sure, second_sure)
    confidences = tuple(0.9 if s else 0.4 for s in sure)

    def choose_each(_sides):  # type: ignore[no-untyped-def]
        return list(zip(best, sure, strict=True)), min(confidences), confidences

    answerer._choose_each = choose_each  # type: ignore[method-assign]
    return answerer


def test_a_sure_first_part_is_answered_and_an_unsure_second_one_shown_unasserted() -> None:
    # "bao nhiêu hợp tác xã và bao nhiêu thành viên": the count of cooperatives is sure, the
    # members' is not; the first is answered at its own confidence, the second said unsure
    # with its closest figure shown to check, never as the answer's lead.
    query = understand("Cà Mau hiện có bao nhiêu hợp tác xã và bao nhiêu thành viên?")
    parts = figure_parts(query)
    draft = _sure_if(True, False).two_part(query, parts, [])
    assert not draft.abstained and draft.confidence == 0.9
    lead, _, rest = draft.text.partition(" — ")
    assert lead == "617 HTX"
    assert "32.495" not in lead
    assert rest.splitlines()[-1] == (
        "Phần “Cà Mau hiện có bao nhiêu thành viên” của câu hỏi: chưa tìm được câu trả lời "
        "đủ tin cậy (có thể là 32.495 thành viên, cần kiểm tra)."
    )
    # Both sure: both figures lead; the first unsure: no answer, whatever the second says.
    assert _sure_if(True, True).two_part(query, parts, []).text.startswith("617 HTX; 32.495")
    assert _sure_if(False, True).two_part(query, parts, []).abstained
