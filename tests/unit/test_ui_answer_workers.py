"""How many answer workers ``hoidap serve`` starts, and how their replies become errors."""

from __future__ import annotations

import pytest

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from ui.answer_workers import _error, worker_count
from ui.service import AnswerFailed


def test_worker_count(monkeypatch: pytest.MonkeyPatch) -> None:
    import hoidap.cores

    monkeypatch.setattr(hoidap.cores, "usable_cores", lambda: 2)
    assert worker_count(Config()) == 2  # by default one per usable core
    assert worker_count(Config(answer_workers=-1)) == 2
    assert worker_count(Config(answer_workers=3)) == 3
    assert worker_count(Config(answer_workers=1)) == 0  # 0 and 1: in the server process
    assert worker_count(Config(answer_workers=0)) == 0
    # An embedded Qdrant folder is opened by one process at a time.
    assert worker_count(Config(store="qdrant-edge:///tmp/q")) == 0
    monkeypatch.setattr(hoidap.cores, "usable_cores", lambda: 1)
    assert worker_count(Config(answer_workers=-1)) == 0
    assert worker_count(Config()) == 0  # one core: answered in the server process


def test_the_setting_comes_from_the_environment() -> None:
    from hoidap.config import load_config

    assert load_config(env={"HOIDAP_ANSWER_WORKERS": "-1"}).answer_workers == -1


def test_worker_errors_are_raised_as_the_pipeline_would() -> None:
    bad = _error({"ok": False, "error": {"kind": "input", "message": "m", "hint": "h"}})
    assert isinstance(bad, InputError) and str(bad) == "m (h)"
    internal = _error({"ok": False, "error": {"kind": "internal", "message": "x"}})
    assert isinstance(internal, AnswerFailed)
    other = _error({"ok": False, "error": {"kind": "hoidap", "message": "y"}})
    assert type(other) is HoidapError and str(other) == "y"
