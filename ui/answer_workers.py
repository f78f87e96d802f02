"""Answer worker processes behind ``hoidap serve`` (``answer_workers``), each a whole Pipeline.

Why: in one process the server's questions share one GIL. A question is ~32 ms of CPU,
of which the embedding (~23 ms) lets go of the GIL and ~8 ms of Python holds it; with
several clients the threads wait for each other and two cores are 1.8 busy at best, so
4 clients got 1.57–1.64× one client (docs/scale.md). Worker processes do not share a GIL.
By default there is one per usable core (``answer_workers = -1``; none on one core): on two
quiet cores they keep 1.94–1.96 cores busy instead of 1.78–1.82, and 4 clients get 1.67–1.70x
one client's answers a second against 1.59–1.60x in one process, for ~160 MB more (PSS);
``answer_workers = 0`` answers in the server process (docs/scale.md).

The server process keeps everything that is state: the chat's sessions and Gradio's
queue, uploads, the report viewer (it loads the index, not the models) and the count of
questions in flight (``qa.in_flight.IN_FLIGHT``, which decides whether a question may
embed on a helper thread). Each worker (``ui.answer_worker``) answers one question at a
time; :class:`AnswerWorkers` hands a question to a free one and waits for its reply
(frames of JSON, ``ui.wire``; the API's body passes through unparsed).

What it takes care of:

- **Index swaps.** :class:`WorkerPipeline` carries an index generation; a swap
  (``Service.refresh``, after an upload or a ``hoidap index``) makes a new one. Every
  request names its generation and a worker behind it loads the index on disk before
  answering, so no answer comes from a replaced index and no request is dropped; idle
  workers are told to load at once, so the next questions do not wait for it.
- **A worker that dies** (killed, out of memory) is noticed at the next request it gets,
  replaced in the background, and the request is given to another worker once; if that
  fails too, the client gets a clear 503 (:class:`ui.service.UnavailableError`), never
  a traceback. A worker that does not answer within ``ANSWER_SECONDS`` is killed and
  replaced alike.
- **Shutdown.** :meth:`AnswerWorkers.close` closes each worker's stdin (it exits) and
  kills any still there after a moment; a server killed outright closes the pipes too, so
  no worker outlives it.
- **Start-up.** The first worker starts before the server loads anything and warms up
  (two questions) while the server loads the index and its web stack; the port opens when
  it is warm. The others start then (several loading at once on two cores made the first
  answer wait for all of them) and are warm before ``/healthz`` says "ok".
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.types import Answer, Report
from ui.service import AnswerFailed, UnavailableError
from ui.wire import JSON, Closed, TooSlow, answer_from_wire, read_frame, read_json, send_json

# A question takes well under a second; minutes mean the worker is stuck.
ANSWER_SECONDS = 120.0
# Loading the index and models and answering the two warm-up questions.
START_SECONDS = 300.0


def worker_count(config: Config) -> int:
    """Answer workers for ``config.answer_workers``: -1 (the default) one per usable core
    (``hoidap.cores``), so none with one core; 0 and 1 mean none (answered in the server
    process); only the local store (a Qdrant folder opened by one process at a time is not)."""
    from hoidap.cores import usable_cores

    wanted = config.answer_workers
    if wanted < 0:
        wanted = usable_cores()
    if wanted <= 1 or config.store != "local":
        return 0
    return wanted


def _error(data: dict[str, Any]) -> HoidapError:
    """A worker's error reply as the error the in-process pipeline would have raised."""
    error = data.get("error") or {}
    message = str(error.get("message") or "lỗi / error")
    hint = str(error.get("hint") or "")
    if error.get("kind") == "input":
        return InputError(message, hint)
    if error.get("kind") == "internal":
        return AnswerFailed(message, hint)
    return HoidapError(message, hint)


class WorkerProcess:
    """One ``python -m ui.answer_worker``: a pipe each way, one request at a time."""

    def __init__(self, config: Config, generation: int) -> None:
        self.generation = generation
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ui.answer_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            # Its own process group, so a terminal's Ctrl-C goes to the server, which stops
            # it; the same session, so where the kernel shares CPU time by session
            # (autogroup) the workers count as the server, not as new sessions.
            process_group=0,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.input = self.proc.stdin.fileno()
        self.output = self.proc.stdout.fileno()
        settings = config.to_dict()
        settings["llm_api_key"] = config.llm_api_key  # a pipe, not a file or argv
        send_json(self.input, {"config": settings, "generation": generation})
        self.info: dict[str, Any] = {}

    @property
    def pid(self) -> int:
        return self.proc.pid

    def ready(self, timeout: float = START_SECONDS) -> dict[str, Any]:
        """Wait for the worker's first reply; HoidapError if it could not load."""
        try:
            data = read_json(self.output, timeout)
        except (Closed, TooSlow) as exc:
            self.stop()
            raise HoidapError(
                f"tiến trình trả lời không khởi động được / an answer worker did not start "
                f"({type(exc).__name__}: {exc})"
            ) from None
        if not data.get("ready"):
            self.stop()
            raise HoidapError(str(data.get("error") or "an answer worker did not start"))
        self.info = data
        return data

    def call(self, request: dict[str, Any], timeout: float) -> tuple[bytes, bytes]:
        send_json(self.input, request)
        return read_frame(self.output, timeout)

    def stop(self, wait: float = 0.0) -> None:
        """Close its stdin (it exits when idle); kill it if still there after ``wait``."""
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        try:
            self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class AnswerWorkers:
    """``count`` worker processes and the queue of those free to take a question."""

    def __init__(self, config: Config, count: int, *, timeout: float = ANSWER_SECONDS) -> None:
        self.config = config
        self.count = count
        self.timeout = timeout
        self.generation = 0
        # Last in, first out: the worker that answered last takes the next question, so a
        # server with one client keeps one worker busy, whose caches (a chunk's sentences
        # read once) are warm, instead of alternating and reading everything twice.
        self._free: queue.LifoQueue[WorkerProcess] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._live: list[WorkerProcess] = []
        self._closing = threading.Event()
        self._ready_changed = threading.Condition()
        self._ready = 0  # started workers that are warm
        self._failed: list[HoidapError] = []
        self.restarts = 0

    # ------------------------------------------------------------------ life
    def start(self) -> None:
        """Start the first worker now (it loads in parallel with the caller) and the others
        once it is warm, so that the first answer does not wait for several processes
        loading at once on the same cores; each joins the free queue when warm
        (:meth:`wait_ready`)."""
        self._spawn(1)

    def _spawn(self, count: int) -> None:
        with self._lock:
            if self._closing.is_set():
                return
            fresh = [WorkerProcess(self.config, self.generation) for _ in range(count)]
            self._live += fresh
        for worker in fresh:
            threading.Thread(
                target=self._join_when_ready,
                args=(worker,),
                name="hoidap-worker-start",
                daemon=True,
            ).start()

    def _join_when_ready(self, worker: WorkerProcess) -> None:
        try:
            worker.ready()
        except HoidapError as exc:
            with self._ready_changed:
                self._failed.append(exc)
                self._ready_changed.notify_all()
            return
        self._free.put(worker)
        with self._ready_changed:
            self._ready += 1
            first = self._ready == 1
            self._ready_changed.notify_all()
        if first and self.count > 1:
            self._spawn(self.count - 1)

    def wait_ready(self, count: int | None = None) -> None:
        """Block until ``count`` workers (default all) have loaded and warmed up;
        HoidapError (every worker stopped) if one could not start."""
        wanted = self.count if count is None else min(count, self.count)
        with self._ready_changed:
            while self._ready < wanted and not self._failed:
                self._ready_changed.wait()
            failed = list(self._failed)
        if failed:
            self.close()
            raise failed[0]

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._live]

    def close(self) -> None:
        """Stop every worker: each exits when its stdin closes; killed after 2 s."""
        self._closing.set()
        with self._lock:
            live, self._live = self._live, []
        for worker in live:
            if worker.proc.stdin is not None:
                with contextlib.suppress(OSError):
                    worker.proc.stdin.close()
        deadline = time.monotonic() + 2
        for worker in live:
            worker.stop(max(0.0, deadline - time.monotonic()))

    def _replace(self, dead: WorkerProcess, why: str) -> None:
        """Kill ``dead`` and start another in the background; it joins the free queue
        once warm. Start failures are retried with a growing pause."""
        print(
            f"hoidap: tiến trình trả lời {dead.pid} {why}; khởi động lại / answer worker "
            f"{dead.pid} {why}; restarting",
            file=sys.stderr,
            flush=True,
        )
        with self._lock:
            if dead in self._live:
                self._live.remove(dead)
        with contextlib.suppress(OSError):
            dead.proc.kill()
        dead.stop()
        self.restarts += 1

        def restart() -> None:
            pause = 1.0
            while not self._closing.is_set():
                try:
                    fresh = WorkerProcess(self.config, self.generation)
                    with self._lock:
                        self._live.append(fresh)
                    fresh.ready()
                except HoidapError as exc:
                    with self._lock:
                        self._live = [w for w in self._live if w.proc.poll() is None]
                    print(f"hoidap: {exc}", file=sys.stderr, flush=True)
                    self._closing.wait(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                if self._closing.is_set():
                    fresh.stop()
                    return
                self._free.put(fresh)
                print(
                    f"hoidap: tiến trình trả lời {fresh.pid} sẵn sàng / answer worker "
                    f"{fresh.pid} ready ({fresh.info.get('seconds', 0):.1f} s)",
                    file=sys.stderr,
                    flush=True,
                )
                return

        threading.Thread(target=restart, name="hoidap-worker-restart", daemon=True).start()

    # ------------------------------------------------------------------ asking
    def _take(self) -> WorkerProcess:
        if self._closing.is_set():
            raise UnavailableError("máy chủ đang dừng / the server is stopping")
        try:
            return self._free.get(timeout=self.timeout)
        except queue.Empty:
            raise UnavailableError(
                "không có tiến trình trả lời nào rảnh / no answer worker is free"
            ) from None

    def call(self, request: dict[str, Any]) -> tuple[bytes, bytes]:
        """The reply frame of a free worker to ``request``. A worker that dies or hangs is
        replaced and the request given to another once; then UnavailableError."""
        for attempt in (1, 2):
            worker = self._take()
            try:
                kind, payload = worker.call(request, self.timeout)
            except Closed:
                self._replace(worker, "đã dừng / stopped")
                if attempt == 2:
                    raise UnavailableError(
                        "tiến trình trả lời đã dừng giữa chừng / the answer worker stopped"
                    ) from None
                continue
            except TooSlow:
                self._replace(worker, f"không trả lời sau {self.timeout:.0f} s / hung")
                raise UnavailableError(
                    f"câu hỏi chưa được trả lời sau {self.timeout:.0f} giây / no answer "
                    f"after {self.timeout:.0f} s"
                ) from None
            if request.get("op") == "ask":
                worker.generation = max(worker.generation, int(request.get("generation", 0)))
            self._free.put(worker)
            return kind, payload
        raise AssertionError("unreachable")

    def statuses(self, timeout: float = START_SECONDS) -> list[dict[str, Any]]:
        """Every live worker's own account (pid, index generation, reports), each asked
        once it is free: a test's or an operator's view of what each one answers from."""
        held: list[WorkerProcess] = []
        out: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        try:
            while True:
                with self._lock:
                    wanted = {id(w) for w in self._live}
                if wanted <= {id(w) for w in held} or time.monotonic() > deadline:
                    break
                try:
                    held.append(self._free.get(timeout=0.1))
                except queue.Empty:
                    continue
            for worker in held:
                _kind, payload = worker.call({"op": "status"}, self.timeout)
                out.append(json.loads(payload))
        finally:
            for worker in held:
                self._free.put(worker)
        return out

    def advance(self) -> int:
        """A new index generation (the server swapped its index); idle workers load it now,
        side by side in the background, and busy ones before their next question (every
        request names its generation), so no answer comes from the replaced index."""
        with self._lock:
            self.generation += 1
            generation = self.generation
        threading.Thread(
            target=self._load_idle, args=(generation,), name="hoidap-worker-load", daemon=True
        ).start()
        return generation

    def _load_idle(self, generation: int) -> None:
        """Take every free worker behind ``generation`` off the queue, tell them all to load
        (their loads overlap), and give each back when it has; a worker busy meanwhile
        is looked at again a moment later (or loads on its own before its next question)."""
        deadline = time.monotonic() + ANSWER_SECONDS
        while not self._closing.is_set() and time.monotonic() < deadline:
            with self._lock:
                if all(w.generation >= generation for w in self._live):
                    return
            taken: list[WorkerProcess] = []
            while True:
                try:
                    taken.append(self._free.get_nowait())
                except queue.Empty:
                    break
            behind = [w for w in taken if w.generation < generation]
            for worker in taken:
                if worker.generation >= generation:
                    self._free.put(worker)
            told = []
            for worker in behind:
                try:
                    send_json(worker.input, {"op": "load", "generation": generation})
                    told.append(worker)
                except Closed:
                    self._replace(worker, "đã dừng / stopped")
            for worker in told:
                try:
                    read_json(worker.output, self.timeout)
                except (Closed, TooSlow):
                    self._replace(worker, "đã dừng / stopped")
                    continue
                worker.generation = max(worker.generation, generation)
                self._free.put(worker)
            self._closing.wait(0.05)


class WorkerPipeline:
    """What ``ui.service.Service`` calls as its pipeline, answered by the workers.

    ``index`` is the server's own copy of the index (reports, chunks for the viewer and
    the sources panel); its models are never loaded here.
    """

    def __init__(self, index: Any, workers: AnswerWorkers, generation: int = 0) -> None:
        from qa.messages import ABSTAIN_VI

        self.index = index
        self.workers = workers
        self.generation = generation
        self.abstain_text = ABSTAIN_VI

    def _ask(self, form: str, question: str, args: dict[str, Any]) -> tuple[bytes, bytes]:
        from qa.in_flight import IN_FLIGHT

        # The history must be JSON: a tuple or list of strings.
        args = {**args, "question": question, "history": list(args.get("history") or ())}
        with IN_FLIGHT.question() as alone:
            kind, payload = self.workers.call(
                {
                    "op": "ask",
                    "generation": self.generation,
                    "helper": alone,
                    "form": form,
                    "args": args,
                }
            )
        if kind == JSON:
            data = json.loads(payload)
            if not data.get("ok"):
                raise _error(data)
        return kind, payload

    def ask(self, question: str, **args: Any) -> Answer:
        """The whole Answer (the chat renders its hits and closest passages)."""
        _, payload = self._ask("answer", question, args)
        return answer_from_wire(json.loads(payload)["answer"])

    def ask_body(self, question: str, **args: Any) -> bytes:
        """The body of ``POST /api/ask`` as the worker rendered it."""
        _kind, payload = self._ask("body", question, args)
        return payload

    def add_report(self, path: Path) -> Report:
        raise HoidapError("thêm báo cáo qua máy chủ / uploads go through the upload worker")

    def with_index(self, index: Any) -> WorkerPipeline:
        """The server swapped in ``index``: a new generation for every worker."""
        return WorkerPipeline(index, self.workers, self.workers.advance())

    @property
    def reports(self) -> Sequence[Report]:
        return list(self.index.reports)
