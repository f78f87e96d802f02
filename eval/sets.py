"""The question sets in ``eval/``: which ones are frozen (hash recorded in
``eval/README.md``) and which ones a cross-validation run reads by default."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
README = EVAL_DIR / "README.md"
# gold_a / gold_b are the two halves of gold.jsonl: counted once, through gold.jsonl.
PARTS = ("gold_a.jsonl", "gold_b.jsonl")
_NAME = re.compile(r"\b([\w.-]+\.jsonl)\b")
_HASH = re.compile(r"\b([0-9a-f]{64})\b")


def frozen_hashes(readme: Path = README) -> dict[str, str]:
    """File name -> SHA-256 from the "Frozen sets" table of ``eval/README.md``."""
    text = readme.read_text(encoding="utf-8")
    start = text.find("## Frozen sets")  # the table rows: a *.jsonl name and a SHA-256
    end = text.find("\n## ", start + 1)
    section = text[start : end if end > 0 else None] if start >= 0 else ""
    out = {}
    for line in section.splitlines():
        name, digest = _NAME.search(line), _HASH.search(line)
        if line.startswith("|") and name and digest:
            out[name.group(1)] = digest.group(1)
    return out


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_sets(folder: Path = EVAL_DIR) -> list[Path]:
    """Every question set file in ``folder``."""
    return sorted(folder.glob("*.jsonl"))


def default_cv_sets(folder: Path = EVAL_DIR) -> list[Path]:
    """What ``hoidap eval --cv`` reads without ``--sets``: every set but gold.jsonl's halves."""
    return [p for p in all_sets(folder) if p.name not in PARTS]
