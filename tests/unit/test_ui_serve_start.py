"""``hoidap serve`` stopping at start-up: whatever it had started (the index watcher, the
answer workers) stops with it, and the error that stopped it reaches the caller."""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest

from hoidap.config import Config
from hoidap.errors import HoidapError


class _Workers:
    """Answer workers that never start a process; ``wait_ready`` fails when told to."""

    made: ClassVar[list[_Workers]] = []
    fail = False

    def __init__(self, config: Config, count: int) -> None:
        self.count = count
        self.closed = False
        _Workers.made.append(self)

    def start(self) -> None:
        return None

    def wait_ready(self, count: int | None = None) -> None:
        if _Workers.fail:
            self.close()
            raise HoidapError(
                "tiến trình trả lời không khởi động được / an answer worker did not start"
            )

    def close(self) -> None:
        self.closed = True


class _Index:
    reports: ClassVar[list[Any]] = []
    encoder = None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _watchers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "hoidap-index-watch"}


def _serve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[BaseException, set[threading.Thread]]:
    """Run ``hoidap serve`` (two fake workers, a fake index) until it raises: what it
    raised, and the index watchers it left running a moment later."""
    import ui.answer_workers
    import ui.command

    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "manifest.json").write_text("{}", encoding="utf-8")
    config = Config(
        home=tmp_path,
        index_dir=tmp_path / "index",
        reports_dir=tmp_path / "reports",
        feedback_path=tmp_path / "feedback.jsonl",
        answer_workers=2,
    )
    _Workers.made = []
    monkeypatch.setattr(ui.answer_workers, "AnswerWorkers", _Workers)
    monkeypatch.setattr(ui.command, "load_index_only", lambda config: _Index())
    args = argparse.Namespace(
        host="127.0.0.1", port=_free_port(), root_path=None, allow_origin=None, workers=2
    )
    before = _watchers()
    with pytest.raises(BaseException) as raised:
        ui.command.run(args, config)
    assert [w.closed for w in _Workers.made] == [True]
    deadline = time.monotonic() + 3
    while _watchers() - before and time.monotonic() < deadline:
        time.sleep(0.05)
    return raised.value, _watchers() - before


def test_a_first_worker_that_cannot_start_leaves_nothing_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Workers, "fail", True)
    error, left = _serve(tmp_path, monkeypatch)
    assert left == set()
    assert isinstance(error, HoidapError) and "did not start" in str(error)


def test_a_web_stack_that_cannot_load_leaves_no_index_watcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn's ``Config.load`` (now before the wait for the first worker) or the API
    failing stopped the server with its index watcher still polling the index."""
    import uvicorn

    def broken(self: Any) -> None:
        raise RuntimeError("no http protocol")

    monkeypatch.setattr(uvicorn.Config, "load", broken)
    error, left = _serve(tmp_path, monkeypatch)
    assert left == set()
    assert isinstance(error, RuntimeError) and "no http protocol" in str(error)
