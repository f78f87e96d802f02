"""eval/wording.py: a fact asked in several wordings, and whether hoidap answers it alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eval.report import write_run
from eval.run import summarise
from eval.wording import consistency, fact_groups, main, outcome

# Cà Mau's COVID-19 report: the fined cases sit at characters 0–40, the deaths at 60–90.
FINED = [{"report": "ca-mau.txt", "chars": [0, 40], "lines": [3, 3]}]
DEATHS = [{"report": "ca-mau.txt", "chars": [60, 90], "lines": [3, 3]}]
ELSEWHERE = [{"report": "soc-trang.txt", "chars": [0, 40], "lines": [3, 3]}]


def _row(
    id: str,
    alias: str,
    evidence: list[dict[str, Any]],
    got: str,
    language: str = "vi",
    type: str = "number",
) -> dict[str, Any]:
    precision = {"right": 1.0, "wrong": 0.0, "refused": None}[got]
    return {
        "id": id,
        "question": f"câu hỏi {id}?",
        "answer": "" if got == "refused" else alias,
        "hits": [],
        "language": language,
        "type": type,
        "aliases": [alias],
        "evidence": evidence,
        "abstained": got == "refused",
        "verdict": {"precision": precision, "strict_lead": precision or 0.0},
    }


ROWS = [
    _row("v1", "7.114 trường hợp", FINED, "right"),
    _row("e1", "7,114 cases", FINED, "refused", language="en"),
    _row("n1", "7114", FINED, "right", language="vi-noaccent"),
    _row("v2", "647 ca", DEATHS, "right"),
    _row("e2", "647 deaths", DEATHS, "wrong", language="en"),
    _row("v3", "647 ca", ELSEWHERE, "refused"),  # same figure, another report: another fact
    _row("v4", "12", DEATHS, "right"),  # same passage, another figure: another fact
    {**_row("u1", "", [], "refused", type="unanswerable"), "aliases": []},
]


def test_a_group_is_one_fact_across_languages_and_wordings() -> None:
    groups = [sorted(r["id"] for r in g) for g in fact_groups(ROWS)]
    assert sorted(groups) == [["e1", "n1", "v1"], ["e2", "v2"]]


def test_outcome_reads_the_asserted_answer_verdict() -> None:
    assert [outcome(r) for r in ROWS[:5]] == ["right", "refused", "right", "right", "wrong"]


def test_consistency_counts_each_kind_of_split() -> None:
    c = consistency(ROWS)
    assert (c["groups"], c["questions"]) == (2, 5)
    assert c["alike"] == 0.0
    assert (c["right_refused"], c["right_wrong"], c["wrong_refused"]) == (1, 1, 0)
    alike = consistency([_row("a", "5", FINED, "right"), _row("b", "5", FINED, "right")])
    assert alike["alike"] == 1.0 and alike["by_outcome"]["right"] == 1


def test_every_report_carries_the_section(tmp_path: Path) -> None:
    summary = summarise(ROWS, {"name": "wording", "retrieval_only": False})
    assert summary["wording"]["groups"] == 2
    write_run(tmp_path, summary, ROWS)
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    for text in (md, html):
        assert "the same fact, other wording" in text
        assert "right beside wrong" in text


def test_the_command_reads_an_earlier_run(tmp_path: Path, capsys: Any) -> None:
    summary = summarise(ROWS, {"name": "wording"})
    write_run(tmp_path, summary, ROWS)
    assert main([str(tmp_path)]) == 0
    assert "answered alike | 0.0%" in capsys.readouterr().out


def test_a_retrieval_only_run_has_no_outcome_to_compare() -> None:
    asked_nothing = [{k: v for k, v in r.items() if k != "abstained"} for r in ROWS]
    assert fact_groups(asked_nothing) == []
    summary = summarise(asked_nothing, {"name": "r", "retrieval_only": True})
    assert "wording" not in summary


def test_the_command_says_what_to_give_when_the_folder_has_no_run(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path)])
    assert exc.value.code == 2
