"""The server's first seconds (ui/starting.py): the API answers while the chat is being
built, other paths get a 503 "starting" page, and once switched the full app serves
everything, its lifespan (Gradio's queue start-up) run on the server's loop."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ui.starting import AppSwitch, add_starting_page


def test_api_first_then_the_full_app_with_its_lifespan() -> None:
    early = FastAPI()

    @early.get("/api/ping")
    def ping() -> dict[str, str]:
        return {"from": "early"}

    add_starting_page(early)
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        events.append("started")
        yield
        events.append("stopped")

    full = FastAPI(lifespan=lifespan)

    @full.get("/")
    def chat() -> dict[str, str]:
        return {"from": "full"}

    switch = AppSwitch(early)
    with TestClient(switch) as client:
        page = client.get("/")
        assert page.status_code == 503 and page.headers["retry-after"] == "2"
        assert "đang khởi động" in page.text and "starting" in page.text
        assert client.get("/api/ping").json() == {"from": "early"}
        assert events == [] and not switch.switched

        done = threading.Event()
        assert switch.switch(full, done.set, timeout=30)
        assert done.is_set() and events == ["started"]
        assert client.get("/").json() == {"from": "full"}
        assert client.get("/api/ping").status_code == 404  # the full app's own routes now
    assert events == ["started", "stopped"]


def test_a_chat_that_fails_to_start_is_reported() -> None:
    @contextlib.asynccontextmanager
    async def broken(app: FastAPI) -> AsyncIterator[None]:
        raise RuntimeError("no queue")
        yield

    early = FastAPI()
    add_starting_page(early)
    switch = AppSwitch(early)
    with TestClient(switch) as client:
        assert not switch.switch(FastAPI(lifespan=broken), timeout=30)
        assert isinstance(switch.error, RuntimeError)
        assert client.get("/").status_code == 503  # still the early app
