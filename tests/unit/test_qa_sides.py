"""The sides of a comparison within one document or of a total (qa/sides.py), read from the
question's grammar, and the answers computed from one cited figure per side (real report
sentences, the hand-set floors, no model)."""

from __future__ import annotations

import pytest

from hoidap.text import number_values
from hoidap.types import Hit
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.query import understand
from qa.sides import asks_difference, question_sides, side_query
from tests.unit.qa_fakes import make_chunk


@pytest.mark.parametrize(
    ("question", "operation", "labels", "texts"),
    [
        # Two years: each side keeps its own year and drops the other and the comparing
        # words ("cao hơn", "chênh"), which belong to neither side.
        (
            "Theo Kế hoạch 617, tỷ lệ doanh nghiệp ứng dụng công nghệ số năm 2035 cao hơn năm "
            "2030 bao nhiêu điểm phần trăm?",
            "compare",
            ("năm 2035", "năm 2030"),
            (
                "Theo Kế hoạch 617, tỷ lệ doanh nghiệp ứng dụng công nghệ số năm 2035 "
                "bao nhiêu điểm phần trăm?",
                "Theo Kế hoạch 617, tỷ lệ doanh nghiệp ứng dụng công nghệ số năm 2030 "
                "bao nhiêu điểm phần trăm?",
            ),
        ),
        # "A nhiều hơn hay B nhiều hơn": the subject up to its last name is shared.
        (
            "Kế hoạch 987 của Nghệ An lắp mới trạm 3G/4G nhiều hơn hay đầu tư mới trạm 5G "
            "nhiều hơn, chênh bao nhiêu trạm?",
            "compare",
            ("lắp mới trạm 3G/4G", "đầu tư mới trạm 5G"),
            (
                "Kế hoạch 987 của Nghệ An lắp mới trạm 3G/4G bao nhiêu trạm?",
                "Kế hoạch 987 của Nghệ An đầu tư mới trạm 5G bao nhiêu trạm?",
            ),
        ),
        # Two noun phrases with a shared head word: the words before the first are shared.
        (
            "So sánh tỷ lệ nữ thạc sĩ và nữ tiến sĩ của TP.HCM năm 2025.",
            "compare",
            ("nữ thạc sĩ", "nữ tiến sĩ"),
            (
                "So sánh tỷ lệ nữ thạc sĩ của TP.HCM năm 2025.",
                "So sánh tỷ lệ nữ tiến sĩ của TP.HCM năm 2025.",
            ),
        ),
        # A total of parts named before the question's clause.
        (
            "Cộng cả đầu tư mới và chuyển đổi, Viettel có thêm bao nhiêu trạm 5G?",
            "sum",
            ("đầu tư mới", "chuyển đổi"),
            (
                "đầu tư mới: Viettel có thêm bao nhiêu trạm 5G?",
                "chuyển đổi: Viettel có thêm bao nhiêu trạm 5G?",
            ),
        ),
        # ... or after it, in English, and three parts listed with commas.
        (
            "How many stations will be added in total, counting both new builds and conversions?",
            "sum",
            ("new builds", "conversions"),
            (
                "new builds: How many stations will be added in total?",
                "conversions: How many stations will be added in total?",
            ),
        ),
        (
            "Across shrimp, lobster and freshwater areas, how many monitoring points are set?",
            "sum",
            ("shrimp", "lobster", "freshwater areas"),
            (
                "shrimp: how many monitoring points are set?",
                "lobster: how many monitoring points are set?",
                "freshwater areas: how many monitoring points are set?",
            ),
        ),
    ],
)
def test_the_sides_a_question_names(
    question: str, operation: str, labels: tuple[str, ...], texts: tuple[str, ...]
) -> None:
    sides = question_sides(question)
    assert sides is not None
    assert (sides.operation, sides.labels, sides.texts) == (operation, labels, texts)


@pytest.mark.parametrize(
    "question",
    [
        # One figure, one year: nothing to compare.
        "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
        # A period is one side, not two.
        "Giai đoạn 2026-2030 Đồng Nai đặt mục tiêu bao nhiêu?",
        # "adding" inside the question's clause is a verb, not a list of parts.
        "Which body is responsible for adding disaster content to training?",
        # A stated total: no parts named.
        "How many doses did Bắc Giang receive in total?",
    ],
)
def test_questions_without_sides_are_not_split(question: str) -> None:
    assert question_sides(question) is None


def test_a_figure_question_is_split_only_for_a_total_or_a_difference() -> None:
    two_years = "Năm 2025 và năm 2026 Cà Mau có bao nhiêu dự án?"
    assert question_sides(two_years, comparison=False) is None
    assert question_sides(two_years, comparison=True) is not None
    assert asks_difference("nam 2026 tang bao nhieu so voi nam 2025?")
    assert asks_difference("how many more stations than in 2025?")
    assert not asks_difference("ca mau co bao nhieu tram?")


def test_a_side_takes_the_questions_place_and_period_when_it_names_none() -> None:
    query = understand("Cộng cả đầu tư mới và chuyển đổi, Nghệ An có thêm bao nhiêu trạm 5G?")
    sides = question_sides(query.text)
    assert sides is not None
    first = side_query(sides.texts[0], query)
    assert first.kind == "number" and first.provinces == ("Nghệ An",)
    assert "dau tu moi" in first.folded and "chuyen doi" not in first.folded


# Two lines of Nghệ An's 5G plan (Kế hoạch 987/KH-UBND, eval/corpus/dev/d14_nghe-an.txt).
NEW = make_chunk(
    "+ Đầu tư mới trạm 5G: 35 trạm (Trong đó: MobiFone: 09 trạm, Viettel: 26 trạm);",
    source="d14_nghe-an.txt",
    province="Nghệ An",
    path=("II. NHIỆM VỤ", "1. Phát triển hạ tầng 5G"),
    line_start=67,
)
CONVERTED = make_chunk(
    "+ Chuyển đổi từ trạm 3G/4G sang trạm 5G: 125 trạm (Trong đó: MobiFone: 22 trạm, VNPT: "
    "56 trạm, Viettel: 47 trạm), nâng tổng số trạm 5G: 188 trạm.",
    source="d14_nghe-an.txt",
    province="Nghệ An",
    path=("II. NHIỆM VỤ", "1. Phát triển hạ tầng 5G"),
    line_start=69,
    ordinal=1,
)
ANSWERER = Answerer(TermWeights([NEW, CONVERTED]))


def _sides(question: str) -> list[tuple[str, object, list[Hit]]]:
    query = understand(question)
    sides = question_sides(query.text, query.kind == "comparison")
    assert sides is not None
    hits = [Hit(NEW, 1.0, 1), Hit(CONVERTED, 0.5, 2)]
    return [
        (label, side_query(text, query), hits)
        for label, text in zip(sides.labels, sides.texts, strict=True)
    ]


def test_a_total_no_sentence_states_is_computed_from_cited_figures() -> None:
    question = "Cộng cả đầu tư mới và chuyển đổi, Nghệ An có bao nhiêu trạm 5G?"
    draft = ANSWERER.computed(understand(question), "sum", _sides(question))  # type: ignore[arg-type]
    assert not draft.abstained
    assert draft.text.startswith("Tổng 160 trạm = 35 trạm [1] + 125 trạm [2] — ")
    assert [c.lines for c in draft.citations] == [(67, 67), (69, 69)]
    # Every operand is in its cited quote; the total is the only figure that is not.
    quoted = set().union(*(number_values(c.quote) for c in draft.citations))
    shown = number_values(draft.text.split(" — ")[0].replace("[1]", "").replace("[2]", ""))
    assert shown - quoted == {160.0}


def test_a_comparison_of_two_items_leads_with_both_figures_and_the_gap() -> None:
    question = (
        "Nghệ An đầu tư mới trạm 5G nhiều hơn hay chuyển đổi trạm 5G nhiều hơn, chênh bao nhiêu?"
    )
    query = understand(question)
    draft = ANSWERER.computed(query, "compare", _sides(question))  # type: ignore[arg-type]
    assert not draft.abstained
    lead = draft.text.split(" — ")[0]
    assert lead == (
        "đầu tư mới trạm 5G 35 trạm [1], chuyển đổi trạm 5G 125 trạm [2]: "
        "chuyển đổi trạm 5G nhiều hơn 90 trạm"
    )


def test_sides_that_settle_on_one_figure_are_refused() -> None:
    question = "Cộng cả đầu tư mới và chuyển đổi, Nghệ An có bao nhiêu trạm 5G?"
    sides = _sides(question)
    only_new = [(label, side, [Hit(NEW, 1.0, 1)]) for label, side, _hits in sides]
    draft = ANSWERER.computed(understand(question), "sum", only_new)  # type: ignore[arg-type]
    assert draft.abstained


def _province(text: str, province: str, source: str, line: int) -> object:
    return make_chunk(
        text, source=source, province=province, path=("II. KẾT QUẢ",), line_start=line
    )


CA_MAU_STATIONS = _province(
    "Đến nay, đã ra quyết định thành lập 96 trạm y tế lưu động;", "Cà Mau", "ca-mau.txt", 88
)
LANG_SON_STATIONS = _province(
    "Toàn tỉnh đã thành lập 162 trạm y tế lưu động/11 huyện, thành phố.",
    "Lạng Sơn",
    "lang-son.txt",
    40,
)
CA_MAU_DOSE_1 = _province(
    "Tỉnh Cà Mau đã tiêm vắc xin mũi 1 cho 859.463 người.", "Cà Mau", "ca-mau.txt", 131
)
LANG_SON_DOSE_2 = _province(
    "Tỉnh Lạng Sơn đã tiêm vắc xin mũi 2 cho 512.000 người.", "Lạng Sơn", "lang-son.txt", 70
)


def _compare(question: str, *chunks: object) -> str:
    answerer = Answerer(TermWeights(list(chunks)))  # type: ignore[arg-type]
    per = [
        (c.province, [Hit(c, 1.0, 1)])  # type: ignore[attr-defined]
        for c in chunks
    ]
    draft = answerer.compare(understand(question), per)
    assert not draft.abstained
    return draft.text


def test_a_comparison_of_provinces_leads_with_the_verdict() -> None:
    text = _compare(
        "So sánh số trạm y tế lưu động của Cà Mau và Lạng Sơn.", CA_MAU_STATIONS, LANG_SON_STATIONS
    )
    lead, first, second = text.split("\n")
    # Each figure with its unit as the reports write it ("trạm y tế", the glossary's word).
    assert lead == (
        "Cà Mau 96 trạm y tế [1], Lạng Sơn 162 trạm y tế [2]: Lạng Sơn nhiều hơn 66 trạm y tế"
    )
    assert first.startswith("Cà Mau: 96 trạm y tế — ")
    assert second.startswith("Lạng Sơn: 162 trạm y tế — ")


def test_figures_of_another_dose_are_shown_without_a_verdict() -> None:
    text = _compare(
        "So sánh số người đã tiêm vắc xin của Cà Mau và Lạng Sơn.", CA_MAU_DOSE_1, LANG_SON_DOSE_2
    )
    lead = text.split("\n")[0]
    assert lead.startswith("Cà Mau 859.463 người")
    assert lead.endswith(": khác chỉ tiêu (mũi 1 / mũi 2), không so sánh trực tiếp")
    assert "nhiều hơn" not in lead
