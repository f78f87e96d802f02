"""eval/twins.py: an English question's Vietnamese twin, and which features lose between them."""

from __future__ import annotations

from eval.fit import QuestionRows
from eval.gold import GoldQuestion
from eval.metrics import EvidenceSpan
from eval.twins import LOSS, Side, gaps, pairs, same_fact, side, table

# Cà Mau's COVID-19 report, as the gold sets cite it (one line, two facts).
REPORT = (
    "Đã xử phạt 7.114 trường hợp vi phạm quy định phòng, chống dịch; tổng số ca tử vong là 647 ca."
)
TEXTS = {"ca-mau.txt": REPORT}


def _q(id: str, language: str, alias: str, evidence: str, type: str = "number") -> GoldQuestion:
    return GoldQuestion.from_dict(
        {
            "id": id,
            "question": "?",
            "language": language,
            "provinces": ["Cà Mau"],
            "reports": ["ca-mau.txt"],
            "answer": alias,
            "aliases": [alias],
            "evidence": [evidence],
            "type": type,
            "difficulty": "easy",
        }
    )


FINED_EN = _q("e1", "en", "7,114", "xử phạt 7.114 trường hợp")
FINED_VI = _q("v1", "vi", "7.114 trường hợp", "Đã xử phạt 7.114 trường hợp vi phạm")
DEATHS_VI = _q("v2", "vi-noaccent", "647 ca", "tổng số ca tử vong là 647 ca")


def test_a_twin_asks_the_same_fact_on_the_same_evidence() -> None:
    from eval.gold import evidence_spans

    def spans(q: GoldQuestion) -> list[EvidenceSpan]:
        return evidence_spans(q, TEXTS)

    assert same_fact(FINED_EN, FINED_VI, spans(FINED_EN), spans(FINED_VI))
    # Another figure of the same line is not the same fact, nor another type.
    assert not same_fact(FINED_EN, DEATHS_VI, spans(FINED_EN), spans(DEATHS_VI))
    dated = _q("v3", "vi", "7.114", "Đã xử phạt 7.114 trường hợp vi phạm", type="date")
    assert not same_fact(FINED_EN, dated, spans(FINED_EN), spans(dated))
    assert pairs([FINED_EN, DEATHS_VI, FINED_VI], TEXTS) == [(FINED_EN, FINED_VI)]


def test_the_gap_is_each_feature_weighed_by_the_model() -> None:
    names = ["coverage", "dense"]
    model = {"features": names, "weights": [2.0, 1.0], "bias": 0.0}
    x = [[0.5, 0.9], [0.9, 0.6]]
    en = side(QuestionRows("e1", "number", "number", "en", "g", x, [1, 0], [1, 1]), model, names)
    # The right candidate scores 1.9, the other 2.4: it is second.
    assert en.rank == 2 and en.features == {"coverage": 0.5, "dense": 0.9}
    vi = Side(1, 2.0, {"coverage": 0.9, "dense": 0.9})
    g = gaps(en, vi, {"coverage": 2.0, "dense": 1.0})
    assert g == {"coverage": -0.8, "dense": 0.0}
    wrong_only = QuestionRows("x", "number", "number", "en", "g", [[0.1, 0.1]], [0], [1])
    assert side(wrong_only, model, names).rank is None
    lines = table([g, {"coverage": -0.05, "dense": -0.3}]).splitlines()
    assert lines[1].split()[0] == "coverage" and lines[1].split()[-1] == "1"
    # One pair loses more than LOSS on "dense", none on "coverage" but the first.
    assert lines[2].split()[0] == "dense" and lines[2].split()[-1] == "1"
    assert LOSS < 0.3
