"""``hoidap eval`` end to end on the fake-encoder index: flags, files, compare."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eval.command import run
from hoidap.cli import build_parser
from hoidap.config import Config

pytestmark = pytest.mark.integration


def _config(base_config: Config, fake_index: Any) -> Config:
    return base_config.replace(encoder="fake", index_dir=fake_index.path)


def _run(argv: list[str], config: Config) -> int:
    args = build_parser(["eval", *argv]).parse_args(["eval", *argv])
    code: int = run(args, config)
    return code


def test_eval_writes_a_run_and_compares_two(
    base_config: Config, fake_index: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(base_config, fake_index)
    a, b = tmp_path / "A", tmp_path / "B"
    assert _run(["--limit", "12", "--out", str(a), "--no-progress"], config) == 0
    printed = capsys.readouterr().out
    assert "12 câu / questions" in printed and "hit@5" in printed and "p95" in printed
    summary = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    assert summary["meta"]["questions"] == 12 and summary["meta"]["encoder"] == "fake"
    rows = [json.loads(x) for x in (a / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12 and all("answer" in r and "citations" in r for r in rows)
    for name in ("report.md", "report.html", "accuracy_by_type.png", "latency.png"):
        assert (a / name).is_file()

    assert (
        _run(["--retrieval-only", "--limit", "12", "--out", str(b), "--no-progress"], config) == 0
    )
    capsys.readouterr()
    assert (
        json.loads((b / "summary.json").read_text(encoding="utf-8"))["overall"]["answer_accuracy"]
        is None
    )
    assert _run(["--compare", str(a), str(b)], config) == 0
    table = capsys.readouterr().out
    assert "hit@1" in table and "Δ" in table


def test_eval_rejects_a_bad_gold_file(base_config: Config, fake_index: Any, tmp_path: Path) -> None:
    from hoidap.errors import InputError

    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad gold line"):
        _run(["--gold", str(bad)], _config(base_config, fake_index))
