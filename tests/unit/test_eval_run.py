"""The runner, the written report and run comparison, driven by a fake pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.compare import compare_runs, deltas, format_table
from eval.gold import GoldQuestion
from eval.report import failure_reason, fmt, write_run
from eval.run import evaluate, spread, summarise
from hoidap.errors import InputError
from hoidap.types import Answer, Hit
from tests.unit.eval_fakes import EVIDENCE, REPORT, TEXT, chunk, citation, gold_line, hit

START = TEXT.index(EVIDENCE)
GOOD = chunk(REPORT, START - 5, START + len(EVIDENCE) + 5, (3, 3))
MISS = chunk(REPORT, 0, 20, (1, 1))


class FakePipeline:
    """Answers from a table: question -> (answer text, abstained, cite the evidence?)."""

    def __init__(self, answers: dict[str, tuple[str, bool, bool]], hits: list[Hit]) -> None:
        self.answers = answers
        self.hits = hits
        self.asked: list[Any] = []

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        return self.hits[: k or 5]

    def ask(self, question: str, *, id: Any = None) -> Answer:
        self.asked.append(id)
        if question == "boom":
            raise RuntimeError("index exploded")
        if question == "bad":
            raise InputError("câu hỏi quá dài")
        text, abstained, cite = self.answers[question]
        cites = (citation(REPORT, (3, 3), EVIDENCE),) if cite else ()
        return Answer(question, text, cites, tuple(self.hits[:5]), abstained, {"total": 5.0}, id)


QUESTIONS = [
    GoldQuestion.from_dict(gold_line(id="q1", question="right")),
    GoldQuestion.from_dict(gold_line(id="q2", question="wrong", language="en", difficulty="hard")),
    GoldQuestion.from_dict(
        gold_line(
            id="q3", question="silent", type="unanswerable", aliases=[], evidence=[], answer=""
        )
    ),
    GoldQuestion.from_dict(gold_line(id="q4", question="uncited")),
]
ANSWERS = {
    "right": ("859.463 người [1]", False, True),
    "wrong": ("859.000 người [1]", False, True),
    "silent": ("Không tìm thấy trong báo cáo.", True, False),
    "uncited": ("859.463 người", False, False),
}


@pytest.fixture()
def rows() -> list[dict[str, Any]]:
    pipeline = FakePipeline(ANSWERS, [hit(MISS, 1), hit(GOOD, 2)])
    return evaluate(pipeline, QUESTIONS, {REPORT: TEXT}, progress=False)


def test_rows_carry_answer_citations_and_verdict(rows: list[dict[str, Any]]) -> None:
    first = rows[0]
    assert first["answer"] == "859.463 người [1]"
    assert first["citations"][0]["quote"] == EVIDENCE
    assert first["evidence"] == [
        {"report": REPORT, "lines": [3, 3], "chars": [START, START + len(EVIDENCE)]}
    ]
    v = first["verdict"]
    assert (v["rank"], v["hit1"], v["hit5"], v["rr10"]) == (2, 0.0, 1.0, 0.5)
    assert (v["answer_accuracy"], v["citation_correct"]) == (1.0, 1.0)
    assert rows[1]["verdict"]["answer_accuracy"] == 0.0
    assert rows[2]["verdict"] == {
        "retrieve_ms": rows[2]["verdict"]["retrieve_ms"],
        "correct": 1.0,
        "abstention_accuracy": 1.0,
        "latency_ms": rows[2]["verdict"]["latency_ms"],
    }
    assert rows[3]["verdict"]["citation_correct"] == 0.0


def test_summary_overall_and_breakdowns(rows: list[dict[str, Any]]) -> None:
    s = summarise(rows, {"name": "t", "retrieval_only": False})
    o = s["overall"]
    assert o["n"] == 4
    assert o["answer_accuracy"] == pytest.approx(2 / 3) and o["n_answer_accuracy"] == 3
    assert o["citation_correct"] == pytest.approx(2 / 3)
    assert o["abstention_accuracy"] == 1.0 and o["false_abstention"] == 0.0
    assert o["hit5"] == 1.0 and o["n_hit5"] == 3
    assert s["by_language"]["en"]["answer_accuracy"] == 0.0
    assert s["by_type"]["unanswerable"]["n"] == 1
    assert s["by_difficulty"]["hard"]["n"] == 1
    assert s["by_province"]["Cà Mau"]["n"] == 4
    assert s["meta"]["questions"] == 4 and s["meta"]["errors"] == 0


def test_retrieval_only_never_asks() -> None:
    pipeline = FakePipeline(ANSWERS, [hit(GOOD, 1)])
    rows = evaluate(pipeline, QUESTIONS, {REPORT: TEXT}, retrieval_only=True, progress=False)
    assert pipeline.asked == []
    assert "answer" not in rows[0] and rows[0]["verdict"]["hit1"] == 1.0
    assert "hit1" not in rows[2]["verdict"]  # no evidence, no retrieval metric


def test_a_crash_is_recorded_not_raised() -> None:
    qs = [
        GoldQuestion.from_dict(gold_line(id="x1", question="boom")),
        GoldQuestion.from_dict(gold_line(id="x2", question="bad")),
    ]
    rows = evaluate(FakePipeline({}, [hit(GOOD, 1)]), qs, {REPORT: TEXT}, progress=False)
    assert rows[0]["error"] == "RuntimeError: index exploded"
    assert rows[0]["verdict"]["correct"] == 0.0
    # A rejected question is an abstention that says why, as for a user.
    assert "error" not in rows[1] and rows[1]["abstained"] is True
    assert summarise(rows, {})["meta"]["errors"] == 1


def test_failure_reasons(rows: list[dict[str, Any]]) -> None:
    reasons = [failure_reason(r, retrieval_only=False) for r in rows]
    assert reasons[0] is None and reasons[2] is None
    assert "wrong answer" in str(reasons[1])
    assert "citation" in str(reasons[3])
    missed = {**rows[0], "verdict": {**rows[0]["verdict"], "hit5": 0.0}}
    assert "top 5" in str(failure_reason(missed, retrieval_only=True))


def test_write_run_files_are_complete_and_escaped(
    tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    rows[1]["answer"] = "<script>alert('x')</script> 859.000"
    summary = summarise(rows, {"name": "run-a", "retrieval_only": False, "duration_s": 1.5})
    files = write_run(tmp_path / "run-a", summary, rows)
    for name in (
        "summary.json",
        "results.jsonl",
        "report.md",
        "report.html",
        "accuracy_by_type.png",
        "latency.png",
    ):
        assert (tmp_path / "run-a" / name).stat().st_size > 0, name
    assert json.loads(files["summary"].read_text(encoding="utf-8"))["overall"]["n"] == 4
    lines = files["results"].read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["q1", "q2", "q3", "q4"]
    md = files["markdown"].read_text(encoding="utf-8")
    assert "## Câu sai / failures (2)" in md and "### q2" in md and "### q4" in md
    assert "Theo loại câu hỏi / by type" in md and "![accuracy_by_type.png]" in md
    page = files["html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("data:image/png;base64,") == 2
    assert (tmp_path / "run-a" / "accuracy_by_type.png").read_bytes()[:4] == b"\x89PNG"


def test_fmt() -> None:
    assert (fmt(0.8125, "rate"), fmt(12.6, "ms"), fmt(0.5, "score"), fmt(None, "rate")) == (
        "81.2%",
        "13",
        "0.500",
        "—",
    )
    assert fmt(float("nan"), "ms") == "—"


def test_compare_reports_deltas(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    a = summarise(rows, {"name": "A"})
    b = json.loads(json.dumps(a))
    b["overall"]["answer_accuracy"] = 1.0
    b["by_type"]["number"]["hit1"] = 1.0
    b["by_type"]["number"]["latency_ms_p50"] = 999.0
    found = {(r["section"], r["group"], r["metric"]): r for r in deltas(a, b)}
    row = found[("overall", "all", "answer_accuracy")]
    assert row["delta"] == pytest.approx(1 / 3)
    assert found[("by_type", "number", "hit1")]["delta"] == 1.0
    assert found[("by_type", "unanswerable", "abstention_accuracy")]["delta"] == 0.0
    table = format_table(deltas(a, b), "A", "B")
    assert "+33.3 pp" in table and "+100.0 pp" in table
    # Per-group latencies always move a little: shown only when asked for.
    assert " 999 " not in table and " 999 " in format_table(deltas(a, b), "A", "B", True)
    # Unchanged breakdown rows are left out unless asked for.
    assert "unanswerable" not in table and "unanswerable" in format_table(
        deltas(a, b), "A", "B", True
    )
    for name, data in (("A", a), ("B", b)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "summary.json").write_text(json.dumps(data), encoding="utf-8")
    assert "+33.3 pp" in compare_runs(tmp_path / "A", tmp_path / "B")
    with pytest.raises(InputError, match=r"no summary\.json"):
        compare_runs(tmp_path / "A", tmp_path / "nowhere")


def test_spread_keeps_order_and_covers_the_set() -> None:
    qs = [GoldQuestion.from_dict(gold_line(id=f"q{i:03d}")) for i in range(10)]
    assert [q.id for q in spread(qs, 3)] == ["q000", "q003", "q006"]
    assert [q.id for q in spread(qs, 5)] == ["q000", "q002", "q004", "q006", "q008"]
    assert spread(qs, 20) == qs


def test_mcnemar_pairs_questions_across_runs(tmp_path: Path) -> None:
    from eval.compare import mcnemar

    a = {f"s:q{i}": {"strict_lead": 1.0 if i < 50 else 0.0} for i in range(100)}
    b = {f"s:q{i}": {"strict_lead": 1.0 if 2 <= i < 53 else 0.0} for i in range(100)}
    test = mcnemar(a, b, "strict_lead")
    assert test is not None
    assert (test["n"], test["gained"], test["lost"]) == (100, 3, 2)
    assert test["p"] == pytest.approx(1.0)  # one question's difference is noise
    many = {f"s:q{i}": {"strict_lead": 1.0} for i in range(100)}
    strong = mcnemar(a, many, "strict_lead")
    assert strong is not None and strong["gained"] == 50 and strong["p"] < 1e-10
    assert mcnemar(a, {}, "strict_lead") is None
    for name, verdicts in (("A", a), ("B", many)):
        (tmp_path / name).mkdir()
        summary = summarise([], {"name": name})
        (tmp_path / name / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        (tmp_path / name / "results.jsonl").write_text(
            "".join(
                json.dumps({"id": k.split(":")[1], "set": "s", "verdict": v}) + "\n"
                for k, v in verdicts.items()
            ),
            encoding="utf-8",
        )
    printed = compare_runs(tmp_path / "A", tmp_path / "B")
    assert "McNemar" in printed and "gained 50" in printed and "significant" in printed


def test_risk_coverage_answers_the_most_confident_first(tmp_path: Path) -> None:
    from eval.report import risk_coverage

    def row(conf: float | None, ok: float | None) -> dict[str, Any]:
        return {"confidence": conf, "verdict": {} if ok is None else {"precision": ok}}

    rows = [row(0.9, 1.0), row(0.2, 0.0), row(0.7, 1.0), row(None, None)]
    assert risk_coverage(rows) == [(0.25, 0.0), (0.5, 0.0), (0.75, pytest.approx(1 / 3))]
    assert risk_coverage([row(None, 1.0)]) == []
    summary = summarise([], {"name": "x"})
    files = write_run(tmp_path / "with", summary, [])
    assert "risk_coverage.png" not in files


def test_cv_flag_defaults_to_five_folds() -> None:
    from hoidap.cli import build_parser

    args = build_parser(["eval", "--cv"]).parse_args(["eval", "--cv"])
    assert (args.cv, args.seed, args.fitter) == (5, 0, None)
    args = build_parser(["eval"]).parse_args(["eval", "--cv", "3", "--seed", "2"])
    assert (args.cv, args.seed) == (3, 2)


def test_report_plots_risk_coverage_when_answers_carry_confidence(
    tmp_path: Path, rows: list[dict[str, Any]]
) -> None:
    scored = [dict(r, confidence=0.1 * i) for i, r in enumerate(rows)]
    files = write_run(tmp_path / "run", summarise(scored, {"name": "x"}), scored)
    assert files["risk_coverage.png"].is_file()
    assert "risk_coverage.png" in files["html"].read_text(encoding="utf-8")
