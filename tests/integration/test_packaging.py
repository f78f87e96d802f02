"""Installing hoidap prints no setuptools deprecation warnings and ships its data files.

``pip install -e .`` on a fresh machine used to print ~120 lines of warnings (the license
as a TOML table, data folders "absent from packages"); a newcomer cannot tell those from
real problems. This builds the wheel from a copy of the source and reads pip's log.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("hoidap", "ingest", "index", "qa", "ui", "eval")


def test_wheel_builds_without_deprecation_warnings(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    for package in PACKAGES:
        shutil.copytree(REPO / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-v",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-2000:]
    lowered = log.lower()
    for noise in ("deprecat", "absent from the `packages`", "would be ignored"):
        assert noise not in lowered, f"pip wheel printed {noise!r}:\n{log[-3000:]}"
    wheel = next((tmp_path / "dist").glob("hoidap-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for data in (
        "ingest/data/provinces.json",
        "qa/data/glossary_en_vi.tsv",
        "qa/data/glossary_admin_en_vi.tsv",
        "qa/data/glossary_sectors_en_vi.tsv",
        "qa/data/glossary_general_en_vi.tsv",
        "qa/data/english_forms.json",
        "qa/data/document_kinds.tsv",
        "index/data/stopwords_vi.txt",
        "eval/gold.jsonl",
        "ui/EMBED.md",
    ):
        assert data in names
    assert not any(n.startswith(("tests/", "bench/", "data/")) for n in names)
