"""Feedback lines from the UI -> gold candidates ("đúng") and a review list ("sai")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.command import add_arguments, run
from eval.feedback import answer_aliases, convert, format_review, normalise_figure, read_feedback
from eval.gold import GoldQuestion, problems
from hoidap.config import Config
from hoidap.errors import InputError
from tests.unit.eval_fakes import EVIDENCE, REPORT, TEXT

RIGHT: dict[str, Any] = {
    "timestamp": "2026-11-23T07:00:00",
    "question": "Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
    "answer": "859.463 người, chiếm 74,8% dân số, đến hết ngày 16/11/2021 [1]",
    "citations": [
        {
            "marker": 1,
            "report": REPORT,
            "province": "Cà Mau",
            "section": "I",
            "lines": [3, 3],
            "quote": EVIDENCE,
        }
    ],
    "verdict": "đúng",
    "comment": "",
}
WRONG: dict[str, Any] = {
    **RIGHT,
    "question": "Cà Mau có bao nhiêu ca tử vong?",
    "answer": "859.463",
    "verdict": "sai",
    "comment": "số này là số người tiêm, không phải tử vong",
}


def test_normalised_figures() -> None:
    assert normalise_figure(859463.0, False) == "859463"
    assert normalise_figure(74.8, True) == "74.8%"
    assert normalise_figure(10.3e9, False) == "10300000000"
    assert normalise_figure(0.12, True) == "0.12%"


def test_answer_aliases_skip_citation_markers_and_repeat() -> None:
    assert answer_aliases(RIGHT["answer"]) == ["859463", "74.8%", "2021-11-16"]
    assert answer_aliases("tháng 10/2021 có 12 ca, 12 ca [2]") == ["2021-10", "12"]
    assert answer_aliases("Không tìm thấy [1]") == []


def test_right_answers_become_valid_candidates() -> None:
    candidates, review = convert([RIGHT, RIGHT, WRONG, {"verdict": "?"}], {REPORT: TEXT})
    assert len(candidates) == 1 and len(review) == 1
    c = candidates[0]
    assert c["evidence"] == [EVIDENCE] and c["reports"] == [REPORT] and c["provinces"] == ["Cà Mau"]
    assert c["aliases"] == ["859463", "74.8%", "2021-11-16"]
    assert c["language"] == "vi" and c["source"] == "feedback" and c["id"].startswith("fb-")
    assert not any("not verbatim" in r for r in c["needs_review"])
    # Once reviewed, a candidate is a gold line that passes validation as it is.
    assert problems(GoldQuestion.from_dict(c), {REPORT: TEXT}) == []


def test_quotes_not_in_the_report_are_flagged() -> None:
    row = {**RIGHT, "citations": [{**RIGHT["citations"][0], "quote": "câu không có trong báo cáo"}]}
    [c], _ = convert([row], {REPORT: TEXT})
    assert any("not verbatim" in r for r in c["needs_review"])


def test_wrong_answers_are_listed_with_the_comment() -> None:
    _, review = convert([WRONG])
    text = format_review(review)
    assert "Cà Mau có bao nhiêu ca tử vong?" in text and "không phải tử vong" in text


def test_read_feedback_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no feedback file"):
        read_feedback(tmp_path / "none.jsonl")
    bad = tmp_path / "f.jsonl"
    bad.write_text(json.dumps(RIGHT) + "\nnot json\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2: JSON không hợp lệ / not valid JSON"):
        read_feedback(bad)
    # A line that is JSON but not a record is named too, not skipped without a word.
    bad.write_text(json.dumps(RIGHT) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2: cần một đối tượng JSON / not a JSON object"):
        read_feedback(bad)
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(InputError, match="UTF-8"):
        read_feedback(bad)


def test_command_from_feedback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / REPORT).write_text(TEXT, encoding="utf-8")
    feedback = tmp_path / "feedback.jsonl"
    feedback.write_text(
        json.dumps(RIGHT, ensure_ascii=False) + "\n" + json.dumps(WRONG) + "\n", encoding="utf-8"
    )
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "candidates.jsonl"
    args = parser.parse_args(["--from-feedback", str(feedback), "--out", str(out)])
    assert run(args, Config(home=tmp_path, reports_dir=reports)) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    printed = capsys.readouterr().out
    assert "1 câu ứng viên" in printed and "không phải tử vong" in printed


def test_confirmed_abstention_becomes_unanswerable() -> None:
    row = {**RIGHT, "answer": "Không tìm thấy thông tin này trong các báo cáo.", "abstained": True}
    row["citations"] = []
    [c], _ = convert([row])
    assert (c["type"], c["aliases"], c["evidence"], c["answer"]) == ("unanswerable", [], [], "")
    assert problems(GoldQuestion.from_dict(c), {REPORT: TEXT}) == []


def test_follow_ups_and_filters_are_flagged() -> None:
    row = {**RIGHT, "history": ["Cà Mau tiêm bao nhiêu?"], "filters": {"province": "Cà Mau"}}
    [c], _ = convert([row])
    assert any("follow-up" in r for r in c["needs_review"])
    assert any("filters" in r for r in c["needs_review"])
    assert c["language"] == "vi"


def test_reads_the_lines_the_ui_writes(tmp_path: Path) -> None:
    feedback = pytest.importorskip("ui.feedback")
    path = tmp_path / "feedback.jsonl"
    answer = {"answer": RIGHT["answer"], "citations": RIGHT["citations"], "abstained": False}
    feedback.record_feedback(path, question=RIGHT["question"], answer=answer, verdict="đúng")
    feedback.record_feedback(
        path, question=WRONG["question"], answer=answer, verdict="sai", comment="sai tỉnh"
    )
    candidates, review = convert(read_feedback(path), {REPORT: TEXT})
    assert [c["aliases"] for c in candidates] == [["859463", "74.8%", "2021-11-16"]]
    assert review[0]["comment"] == "sai tỉnh"


def test_command_defaults_to_the_configured_feedback_file(tmp_path: Path) -> None:
    import argparse

    feedback = tmp_path / "data" / "feedback.jsonl"
    feedback.parent.mkdir()
    feedback.write_text(json.dumps(RIGHT, ensure_ascii=False) + "\n", encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    out = tmp_path / "c.jsonl"
    args = parser.parse_args(["--from-feedback", "--out", str(out)])
    config = Config(home=tmp_path, reports_dir=tmp_path, feedback_path=Path("data/feedback.jsonl"))
    assert run(args, config) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["aliases"][0] == "859463"
