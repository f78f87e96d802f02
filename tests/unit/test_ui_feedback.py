"""Verdicts are appended as one JSON line each, ready to become gold questions."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from hoidap.errors import InputError
from tests.ui_fakes import FakePipeline
from ui.feedback import read_feedback, record_feedback


def test_appends_one_line_per_verdict_and_creates_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "feedback.jsonl"
    answer = FakePipeline.from_reports().ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?", id="a1")
    record_feedback(path, question=answer.question, answer=answer.to_json(), verdict="đúng")
    record_feedback(
        path,
        question="q2",
        answer={"answer": "x"},
        verdict="sai",
        comment="  số đúng là 860.000  ",
        history=["q1"],
        filters={"province": "Cà Mau"},
        language="en",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert set(first) >= {"timestamp", "question", "answer", "citations", "verdict", "comment"}
    assert first["verdict"] == "đúng" and first["answer_id"] == "a1"
    assert first["citations"][0]["lines"] == [133, 133]
    assert "859.463" in first["citations"][0]["quote"]
    assert first["timestamp"].endswith("+00:00")
    assert second["comment"] == "số đúng là 860.000" and second["history"] == ["q1"]
    assert second["filters"] == {"province": "Cà Mau"} and second["language"] == "en"
    assert "Cà Mau" in lines[0]  # UTF-8, not \\u escapes
    assert read_feedback(path) == [first, second]


def test_unknown_verdict_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        record_feedback(tmp_path / "f.jsonl", question="q", answer={}, verdict="maybe")
    assert read_feedback(tmp_path / "f.jsonl") == []


def test_concurrent_appends_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    comment = "x" * 5000

    def write(n: int) -> None:
        for _ in range(20):
            record_feedback(path, question=f"q{n}", answer={}, verdict="sai", comment=comment)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = read_feedback(path)
    assert len(records) == 160 and all(len(r["comment"]) == 2000 for r in records)


def test_eval_reads_our_feedback_as_gold_candidates(tmp_path: Path) -> None:
    """``hoidap eval --from-feedback`` turns "đúng" lines into candidates, "sai" into review."""
    convert = pytest.importorskip("eval.feedback").convert
    path = tmp_path / "feedback.jsonl"
    answer = FakePipeline.from_reports().ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
    record_feedback(path, question=answer.question, answer=answer.to_json(), verdict="đúng")
    record_feedback(path, question="q", answer={"answer": "x"}, verdict="sai", comment="sai số")
    candidates, review = convert(read_feedback(path))
    assert len(candidates) == 1 and "859463" in candidates[0]["aliases"]
    assert len(review) == 1 and review[0]["comment"] == "sai số"
