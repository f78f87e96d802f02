"""One answer worker: a whole Pipeline in its own process, answering what the server sends.

``python -m ui.answer_worker`` is started by ``hoidap serve`` (``ui.answer_workers``) once
per usable core. In one process the server's questions share one GIL: about 8 ms of each
is Python that holds it, and with two cores busy the threads wait for each other (1.8 of 2
cores, docs/scale.md). Each worker has its own interpreter, index (the same files,
memory-mapped, so the page cache holds them once) and encoder, and answers one question
at a time.

It reads frames (``ui.wire``) on stdin and writes them on what was its stdout; anything a
library prints goes to stderr instead, so it cannot corrupt a reply. The first frame is
``{"config": ..., "generation": g}``: the worker loads the index, warms up (the same two
questions as the server: ``qa.warmup``) and says ``{"ready": true}``. Then, per request:

- ``{"op": "ask", "generation": g, "helper": bool, "form": "body" | "answer", "args": {...}}``:
  the answer as the API's body (``B``) or as the whole Answer (``J``), or
  ``{"ok": false, "error": {...}}`` for a question that cannot be answered as given. A
  request of a newer index generation than the one loaded first loads the index on disk,
  so no answer comes from an index the server has already replaced.
- ``{"op": "load", "generation": g}``: load the index now (the server sends it to idle
  workers after a swap, so the next question does not wait for the load).
- ``{"op": "status"}``: its pid, index generation and reports (tests, diagnostics).

``helper`` is the server's decision, not the worker's: the worker answers one question at
a time, so on its own it would always embed on a helper thread, while the server knows
whether other questions are in flight (``qa.in_flight.IN_FLIGHT``, counted there).

The end of stdin (the server closed it, or died, even by ``kill -9``) ends the worker.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from typing import Any

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.heap import freeze_survivors
from ui.wire import BODY, JSON, Closed, answer_to_wire, api_body, read_json, send_json, write_frame

ASK_KEYS = (
    "question",
    "k",
    "province",
    "report",
    "history",
    "id",
    "kind",
    "issued_from",
    "issued_to",
)


class Told:
    """The in-flight gate of a worker's pipeline (``Pipeline.in_flight``): whether the
    question may take a helper thread is what the server said for it."""

    def __init__(self) -> None:
        self.may = True

    @contextlib.contextmanager
    def question(self) -> Iterator[bool]:
        yield self.may


def error_reply(exc: BaseException) -> dict[str, Any]:
    """An error as the server re-raises it: the same class of error, the same words."""
    if isinstance(exc, HoidapError):
        kind = "input" if isinstance(exc, InputError) else "hoidap"
        return {"ok": False, "error": {"kind": kind, "message": exc.message, "hint": exc.hint}}
    return {
        "ok": False,
        "error": {
            "kind": "internal",
            "message": f"lỗi khi trả lời / answering failed ({type(exc).__name__})",
            "hint": "",
        },
    }


class Worker:
    """The loaded pipeline and the index generation it answers from."""

    def __init__(self, config: Config, generation: int) -> None:
        from qa.pipeline import Pipeline
        from qa.warmup import warm_up

        self.config = config
        self.told = Told()
        self.pipeline = Pipeline.from_config(config)
        self.pipeline.in_flight = self.told
        self.generation = generation
        self.warm_seconds = warm_up(self.pipeline)
        freeze_survivors()

    def load(self, generation: int) -> None:
        """The index on disk, sharing this pipeline's models (as the in-process server's
        swap does); a failure keeps the index loaded and says so on stderr."""
        from index.store import load_index

        try:
            fresh = self.pipeline.with_index(
                load_index(self.config, encoder=self.pipeline.index.encoder)
            )
        except HoidapError as exc:
            print(f"hoidap worker {os.getpid()}: index not reloaded: {exc}", file=sys.stderr)
        else:
            self.pipeline = fresh
            # One question at a time: nothing uses the old pipeline any more.
            freeze_survivors()
        self.generation = generation

    def status(self) -> dict[str, Any]:
        return {
            "ok": True,
            "pid": os.getpid(),
            "generation": self.generation,
            # Questions embedded on a helper thread (the server said it might).
            "asked_ahead": self.pipeline.asked_ahead,
            "reports": sorted(r.source for r in self.pipeline.index.reports),
        }

    def ask(self, request: dict[str, Any]) -> tuple[bytes, bytes]:
        if int(request.get("generation", 0)) > self.generation:
            self.load(int(request["generation"]))
        args = {k: v for k, v in request.get("args", {}).items() if k in ASK_KEYS}
        self.told.may = bool(request.get("helper", False))
        answer = self.pipeline.ask(str(args.pop("question", "")), **args)
        if request.get("form") == "answer":
            import json

            return JSON, json.dumps(
                {"ok": True, "answer": answer_to_wire(answer)}, ensure_ascii=False
            ).encode("utf-8")
        return BODY, api_body(answer.to_json())


def serve(inp: int, out: int) -> int:
    """Answer requests on ``inp`` until it closes."""
    hello = read_json(inp)
    config = Config().replace(**hello["config"])
    started = time.perf_counter()
    try:
        worker = Worker(config, int(hello.get("generation", 0)))
    except HoidapError as exc:
        send_json(out, {"ready": False, "error": str(exc)})
        return 1
    send_json(
        out,
        {
            "ready": True,
            "pid": os.getpid(),
            "seconds": round(time.perf_counter() - started, 3),
            "warm_up": round(worker.warm_seconds, 3),
        },
    )
    while True:
        try:
            request = read_json(inp)
        except Closed:
            return 0
        op = request.get("op")
        try:
            if op == "ask":
                kind, payload = worker.ask(request)
                write_frame(out, kind, payload)
            elif op == "load":
                worker.load(int(request.get("generation", 0)))
                send_json(out, {"ok": True, "generation": worker.generation})
            elif op == "status":
                send_json(out, worker.status())
            else:
                send_json(out, {"ok": False, "error": {"kind": "input", "message": f"op {op!r}"}})
        except Closed:
            return 0
        except Exception as exc:
            if not isinstance(exc, HoidapError):
                traceback.print_exc()
            try:
                send_json(out, error_reply(exc))
            except Closed:
                return 0


def main() -> int:
    # Ctrl-C in a terminal reaches the whole process group: the server decides when its
    # workers stop (it closes their stdin), so a question in progress is still answered.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    out = os.dup(1)
    os.dup2(2, 1)  # a library's print() must not land inside a reply
    sys.stdout = sys.stderr
    return serve(0, out)


if __name__ == "__main__":
    raise SystemExit(main())
