"""Frames between ``hoidap serve`` and its answer workers (``ui.wire``), over real pipes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

from tests.ui_fakes import FakePipeline
from ui.wire import (
    BODY,
    JSON,
    Closed,
    TooSlow,
    answer_from_wire,
    answer_to_wire,
    api_body,
    read_frame,
    read_json,
    send_json,
    write_frame,
)

QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"


@pytest.fixture()
def pipe() -> Iterator[tuple[int, int]]:
    read, write = os.pipe()
    yield read, write
    for fd in (read, write):
        with contextlib.suppress(OSError):
            os.close(fd)


def test_frames_round_trip_in_order(pipe: tuple[int, int]) -> None:
    read, write = pipe
    send_json(write, {"op": "ask", "args": {"question": QUESTION}})
    write_frame(write, BODY, b'{"answer":"859.463"}')
    assert read_json(read, timeout=1) == {"op": "ask", "args": {"question": QUESTION}}
    assert read_frame(read, timeout=1) == (BODY, b'{"answer":"859.463"}')


def test_a_frame_larger_than_the_pipe_buffer(pipe: tuple[int, int]) -> None:
    import threading

    read, write = pipe
    payload = ("Lũy kế " * 100_000).encode()  # ~0.9 MB, far over a pipe's 64 KB
    writer = threading.Thread(target=write_frame, args=(write, BODY, payload))
    writer.start()
    kind, got = read_frame(read, timeout=30)
    writer.join()
    assert kind == BODY and got == payload


def test_no_frame_in_time_is_too_slow_and_a_closed_pipe_is_closed(
    pipe: tuple[int, int],
) -> None:
    read, write = pipe
    with pytest.raises(TooSlow):
        read_frame(read, timeout=0.05)
    os.write(write, b"\x00\x00")  # half a header, then the writer is gone
    os.close(write)
    with pytest.raises(Closed):
        read_frame(read, timeout=1)


def test_writing_to_a_reader_that_is_gone_is_closed(pipe: tuple[int, int]) -> None:
    read, write = pipe
    os.close(read)
    with pytest.raises(Closed):
        send_json(write, {"op": "status"})


def test_a_json_frame_must_be_an_object(pipe: tuple[int, int]) -> None:
    read, write = pipe
    write_frame(write, JSON, b"[1, 2]")
    with pytest.raises(Closed):
        read_json(read, timeout=1)


def test_the_api_body_is_what_jsonresponse_sends() -> None:
    from fastapi.responses import JSONResponse

    answer = FakePipeline.from_reports().ask(QUESTION, id=7)
    assert api_body(answer.to_json()) == JSONResponse(answer.to_json()).body


def test_an_answer_keeps_every_field_over_the_wire() -> None:
    import json

    fake = FakePipeline.from_reports()
    for answer in (fake.ask(QUESTION, id="a1"), fake.ask("Hà Giang có bao nhiêu sân bay?")):
        wire = json.loads(json.dumps(answer_to_wire(answer), ensure_ascii=False))
        again = answer_from_wire(wire)
        assert again == answer
        assert again.hits and again.hits[0].chunk == answer.hits[0].chunk
