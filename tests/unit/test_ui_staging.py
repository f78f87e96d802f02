"""Staging folders of uploads left by processes that are gone: removed at a server's start,
whatever their names, and never those of a process still running."""

from __future__ import annotations

import os
from pathlib import Path

from hoidap.config import Config
from index.store import pid_alive
from ui.uploads import clean_staging, staging_root


def test_staging_folders_of_gone_or_unreadable_processes_are_removed(tmp_path: Path) -> None:
    config = Config().replace(index_dir=tmp_path / "index")
    root = staging_root(config)
    names = {
        "gone": "999999999-a1",  # past any pid_max: no such process
        "too_big": "99999999999999999999999999-b2",  # past what the system can hold
        "superscript": "²-c3",  # a digit to str.isdigit, not to int
        "no_pid": "tmp",
        "alive": f"{os.getppid()}-d4",  # the process that started this one runs
    }
    for name in names.values():
        (root / name).mkdir(parents=True)
        (root / name / "report.docx").write_bytes(b"x")
    assert clean_staging(config) == 4
    assert sorted(p.name for p in root.iterdir()) == [names["alive"]]


def test_an_id_past_what_the_system_holds_runs_no_process() -> None:
    assert pid_alive(10**30) is False
    assert pid_alive(os.getpid()) is True
