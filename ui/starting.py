"""The server's first seconds: the HTTP API answers while the chat is still being built.

Importing Gradio and building the two chat pages costs seconds of CPU, more than loading
the index and models. ``hoidap serve`` therefore opens its port as soon as the pipeline
is warm, serving the API app (``POST /api/ask``, ``/api/reports``, the report viewer's
data) and, for any other path, a short "starting" page (503 with ``Retry-After``, a
page that reloads itself). When the full app (API + chat, ``ui.app.create_server``) is
built in the background, :class:`AppSwitch` runs its start-up (Gradio's queue) and from
then on hands every request to it. ``/healthz`` answers 503 "starting" until then, so a
load balancer or test that waits for it finds the chat ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RETRY_SECONDS = 2
STARTING_PAGE = (
    "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
    f"<meta http-equiv='refresh' content='{RETRY_SECONDS}'><title>hoidap</title></head>"
    "<body style='font-family:sans-serif;margin:3em'>"
    "<p>hoidap đang khởi động, trang sẽ tự tải lại sau vài giây.</p>"
    "<p lang='en'>hoidap is starting; this page reloads itself in a few seconds.</p>"
    "</body></html>"
)


def add_starting_page(app: Any) -> None:
    """A catch-all route, added last (the API's own routes match first): 503 + the page."""
    from fastapi.responses import HTMLResponse

    @app.api_route("/{path:path}", methods=["GET", "HEAD", "POST"], include_in_schema=False)
    def starting(path: str) -> HTMLResponse:
        return HTMLResponse(
            STARTING_PAGE, status_code=503, headers={"Retry-After": str(RETRY_SECONDS)}
        )


class AppSwitch:
    """An ASGI app that serves ``early`` until :meth:`switch` hands it the full app.

    The full app's lifespan (Gradio starts its queue there) runs in a task on the
    server's own event loop from the switch until the server shuts down.
    """

    def __init__(self, early: ASGIApp) -> None:
        self.app = early
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = threading.Event()
        self._switched = threading.Event()
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.error: BaseException | None = None

    @property
    def switched(self) -> bool:
        return self._switched.is_set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        await self.app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._loop = asyncio.get_running_loop()
                self._stop = asyncio.Event()
                self._started.set()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._stop is not None:
                    self._stop.set()
                if self._task is not None:
                    with contextlib.suppress(Exception):
                        await self._task
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _serve(self, full: Any, then: Callable[[], None]) -> None:
        assert self._stop is not None
        try:
            async with full.router.lifespan_context(full):
                self.app = full
                self._switched.set()
                then()
                await self._stop.wait()
        except Exception as exc:  # the chat failed to start: the API keeps serving
            self.error = exc
            self._switched.set()

    def switch(
        self, full: Any, then: Callable[[], None] = lambda: None, timeout: float = 120
    ) -> bool:
        """From any thread: start ``full`` on the server's loop and serve it from now on
        (``then`` runs at that moment). Waits for the server to be up; True once the
        full app serves."""
        if not self._started.wait(timeout) or self._loop is None:
            return False
        loop = self._loop

        def start() -> None:
            self._task = loop.create_task(self._serve(full, then))

        loop.call_soon_threadsafe(start)
        self._switched.wait(timeout)
        return self.switched and self.error is None
