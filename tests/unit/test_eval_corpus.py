"""The development corpus in eval/corpus/dev is the converted documents, byte for byte."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "eval" / "corpus" / "dev"


def _manifest() -> list[dict[str, str]]:
    with (DEV / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_dev_document_matches_its_manifest_hash() -> None:
    rows = _manifest()
    assert len(rows) == 17
    for row in rows:
        data = (DEV / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]


def test_the_folder_holds_exactly_the_manifest_files() -> None:
    listed = {row["file"] for row in _manifest()}
    present = {p.name for p in DEV.glob("*.txt")}
    assert present == listed
