"""Frozen question sets never change: their hashes are in eval/README.md."""

from __future__ import annotations

from pathlib import Path

from eval.sets import all_sets, default_cv_sets, frozen_hashes, sha256_of

EVAL = Path(__file__).resolve().parents[2] / "eval"


def test_every_set_is_listed_with_its_hash() -> None:
    recorded = frozen_hashes()
    assert {"gold.jsonl", "heldout.jsonl", "heldout2.jsonl"} <= set(recorded)
    for path in all_sets():
        assert path.name in recorded, f"{path.name}: record its sha256 in eval/README.md"
        assert sha256_of(path) == recorded[path.name], f"{path.name} was edited after freezing"


def test_listed_sets_exist() -> None:
    missing = [name for name in frozen_hashes() if not (EVAL / name).is_file()]
    assert missing == []


def test_cross_validation_counts_gold_once() -> None:
    names = {p.name for p in default_cv_sets()}
    assert "gold.jsonl" in names and not names & {"gold_a.jsonl", "gold_b.jsonl"}


def test_an_edited_set_is_caught(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# x\n\n## Frozen sets\n\n| file | sha256 |\n|---|---|\n| a.jsonl | " + "0" * 64 + " |\n"
        "\n## Next\n\n| b.jsonl | " + "1" * 64 + " |\n",
        encoding="utf-8",
    )
    (tmp_path / "a.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    recorded = frozen_hashes(readme)
    assert recorded == {"a.jsonl": "0" * 64}  # only the Frozen sets section counts
    assert sha256_of(tmp_path / "a.jsonl") != recorded["a.jsonl"]
