"""Whether a candidate's value recurs among the others (qa.candidates.recurrence), on two
passages of a bundled report as written, and that only the question model weighs it."""

from __future__ import annotations

from pathlib import Path

from eval.fit import QUESTION_ONLY, QuestionRows, fit_logistic, fit_scorer
from hoidap.types import Hit
from qa.answer import Answerer, TermWeights
from qa.candidates import FEATURES, candidates
from qa.query import understand
from qa.scorer import AGREEMENT_FEATURES, QUESTION_FEATURES, shipped
from tests.unit.qa_fakes import make_chunk

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
SOC_TRANG = "000_3a8c0decba8df780.txt"


def _line(n: int) -> str:
    return (REPORTS / SOC_TRANG).read_text(encoding="utf-8").splitlines()[n - 1]


def _cases_in_october() -> dict[str, dict[str, float]]:
    # Sóc Trăng's report gives October's cases twice: in the account of phase 4 and at the
    # head of the breakdown that follows it.
    first, second = _line(57), _line(59)
    assert "4.956 ca mắc" in first and "4.956 ca mắc" in second
    path = ("I. DIỄN BIẾN TÌNH HÌNH DỊCH COVID-19 TRÊN ĐỊA BÀN TỈNH", "4.3. Thời kỳ từ 12/10/2021")
    chunks = [
        make_chunk(text, source=SOC_TRANG, province="Sóc Trăng", path=path, line_start=n, ordinal=i)
        for i, (n, text) in enumerate(((57, first), (59, second)))
    ]
    answerer = Answerer(TermWeights(chunks))
    q = understand("Trong tháng 10/2021 Sóc Trăng ghi nhận bao nhiêu ca mắc COVID-19?")
    hits = [Hit(c, 1.0 - i / 10, i + 1) for i, c in enumerate(chunks)]
    cands = candidates(q, answerer.rank_sentences(q, hits))
    return {c.lead: c.features for c in cands if c.lead}


def test_a_value_stated_in_two_passages_recurs() -> None:
    by_lead = _cases_in_october()
    assert set(AGREEMENT_FEATURES) <= set(FEATURES)
    twice = [f for lead, f in by_lead.items() if lead.startswith("4.956")]
    assert twice and all(f["value_recur"] > 0 for f in twice)
    assert all(f["value_recur_passage"] == 1.0 for f in twice)
    # The community cases are stated once.
    once = by_lead["2.250 ca"]
    assert once["value_recur"] == 0.0 and once["value_recur_passage"] == 0.0


def test_only_the_question_model_weighs_recurrence() -> None:
    assert set(QUESTION_ONLY) == set(AGREEMENT_FEATURES) <= set(QUESTION_FEATURES)
    names = ["coverage", "value_recur", "value_recur_passage"]
    # Recurrence goes with the right candidates here, yet the candidate model gives it no
    # weight; the question model names it.
    rows = [
        QuestionRows(
            f"q{i}",
            "number",
            "number",
            "vi",
            f"r{i % 5}",
            [[0.9, 1.0, 1.0], [0.2 + i / 100, 0.0, 0.0], [0.5, 0.0, 0.0]],
            [1, 0, 0] if i % 3 else [0, 0, 1],
            [1, 1, 1],
        )
        for i in range(40)
    ]
    model = fit_logistic(rows, names)
    assert model["weights"][0] != 0.0
    assert model["weights"][1:] == [0.0, 0.0]
    full = fit_scorer(rows, names)
    assert set(AGREEMENT_FEATURES) <= set(full["question"]["features"])
    scorer = shipped()
    assert scorer is not None
    by_name = dict(zip(scorer.names, scorer.weights, strict=True))
    assert all(by_name[n] == 0.0 for n in AGREEMENT_FEATURES)
    assert set(AGREEMENT_FEATURES) <= set(scorer.question_names)
