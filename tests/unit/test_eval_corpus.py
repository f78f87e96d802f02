"""The evaluation documents (eval/corpus/dev, eval/corpus/extra) are the converted
documents byte for byte: each file's SHA-256 is the one its folder's manifest records."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "eval" / "corpus"
FOLDERS = {"dev": 17, "extra": 4}


def _manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize(("name", "count"), sorted(FOLDERS.items()))
def test_every_document_matches_its_manifest_hash(name: str, count: int) -> None:
    folder = CORPUS / name
    rows = _manifest(folder)
    assert len(rows) == count
    for row in rows:
        data = (folder / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_the_folder_holds_exactly_the_manifest_files(name: str) -> None:
    folder = CORPUS / name
    listed = {row["file"] for row in _manifest(folder)}
    assert {p.name for p in folder.glob("*.txt")} == listed
