"""The one loaded Pipeline, shared by the chat UI and the HTTP API.

The index and every model are loaded once, before the server listens (:meth:`Service.warm_up`
asks one question so that lazy loads such as underthesea's segmenter happen then, on one
thread, not in the first concurrent requests). Questions run side by side in worker
threads, each on the pipeline it started with; with answer workers (``ui.answer_workers``,
one process per core) the pipeline here hands each question to one of them.

Reading never waits for writing: an upload is indexed by a separate worker process
(``ui.uploads``), and the finished index is loaded into a new Pipeline that replaces
the old one in one assignment. A question never sees half of an old index and half of a
new one, and questions keep being answered from the previous index during an upload.
The same swap happens when ``hoidap index`` rebuilds the index while the server runs:
:meth:`Service.watch` notices the manifest change on disk.

Question checks (empty, too long, unencodable) live here too, so the chat and
``POST /api/ask`` refuse the same inputs with the same words.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from hoidap.config import Config
from hoidap.errors import NO_WORDS, HoidapError, InputError
from hoidap.heap import thaw
from hoidap.text import has_words, nfc
from hoidap.types import Answer, Chunk, Report
from ui.uploads import (
    UPLOAD_SUFFIXES,
    InProcessUploader,
    ReportExistsError,
    Uploader,
    staging_folder,
    upload_name,
)

__all__ = [
    "MAX_HISTORY",
    "MAX_QUESTION_CHARS",
    "UPLOAD_SUFFIXES",
    "AnswerFailed",
    "BusyError",
    "Service",
    "UnavailableError",
]

MAX_QUESTION_CHARS = 1000
MAX_HISTORY = 20
RETRY_AFTER_SECONDS = 2
WARM_UP_QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người?"


class IndexLike(Protocol):
    """What the UI reads from ``Pipeline.index``."""

    @property
    def reports(self) -> Sequence[Report]: ...

    def chunk_by_id(self, chunk_id: str) -> Chunk: ...


class PipelineLike(Protocol):
    """The part of ``qa.pipeline.Pipeline`` the UI and API call (fakes implement it too)."""

    abstain_text: str

    @property
    def index(self) -> IndexLike: ...

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
    ) -> Answer: ...

    def add_report(self, path: Path) -> Report: ...


class BusyError(HoidapError):
    """Too many questions at once: the API answers 503 with Retry-After."""

    def __init__(self, pending: int) -> None:
        super().__init__(
            f"máy chủ đang bận ({pending} câu hỏi đang chờ) / server busy ({pending} pending)",
            f"thử lại sau {RETRY_AFTER_SECONDS} giây / retry in {RETRY_AFTER_SECONDS} s",
        )


class UnavailableError(HoidapError):
    """No answer now, through no fault of the question (an answer worker stopped or hung,
    the server is stopping): the API answers 503 with Retry-After."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message, f"thử lại sau {RETRY_AFTER_SECONDS} giây / retry in {RETRY_AFTER_SECONDS} s"
        )


class AnswerFailed(HoidapError):
    """A question that raised an unexpected error in an answer worker: the API answers 500
    with this line (the traceback is in the server's log, never in the response)."""


def _encodable(value: str) -> bool:
    """False for strings with lone surrogates (from JSON escapes or bad argv)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Control characters, which qa.query.clean_question reads as spaces: a question of only
# them is empty here too (it was a 400 "the question is empty" from the pipeline, where
# a blank one is this 422).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_question(question: object) -> str:
    """The question stripped, or an InputError that says what is wrong with it."""
    if not isinstance(question, str) or not _CONTROL.sub(" ", question).strip():
        raise InputError(
            "câu hỏi trống / empty question", 'ví dụ / e.g. "Cà Mau đã tiêm bao nhiêu người?"'
        )
    if not _encodable(question):
        raise InputError(
            "câu hỏi có ký tự không hợp lệ / question contains invalid characters "
            "(lone surrogates)",
            "gửi văn bản UTF-8 / send UTF-8 text",
        )
    question = question.strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"câu hỏi quá dài ({len(question)} ký tự) / question too long "
            f"({len(question)} characters)",
            f"tối đa / at most {MAX_QUESTION_CHARS}",
        )
    if not has_words(question):
        # Punctuation or emoji only: a 422 here, as an empty question.
        raise InputError(*NO_WORDS)
    return question


def clean_history(history: Sequence[str]) -> list[str]:
    """The last few previous questions, each trimmed; follow-ups only need the recent ones."""
    kept = [
        h.strip()[:MAX_QUESTION_CHARS]
        for h in history
        if isinstance(h, str) and h.strip() and _encodable(h)
    ]
    return kept[-MAX_HISTORY:]


def clean_filter(value: object, what: str) -> str | None:
    """A province/report filter: None when empty, InputError when not plain text."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _encodable(value) or len(value) > 300:
        raise InputError(f"bộ lọc {what} không hợp lệ / invalid {what} filter")
    return value


def manifest_key(index_path: Path) -> tuple[int, int, int] | None:
    """What changes whenever an index is swapped in (the manifest is a new file each build)."""
    try:
        stat = (index_path / "manifest.json").stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class Service:
    """Answers, reports and uploads over one shared Pipeline.

    ``uploader`` indexes one staged upload (the real server's runs a worker process);
    ``reload`` makes a new pipeline from the index on disk (``None``: the pipeline is
    kept, as with the in-memory fake of the tests).
    """

    def __init__(
        self,
        pipeline: PipelineLike,
        config: Config,
        *,
        uploader: Uploader | None = None,
        reload: Callable[[PipelineLike], PipelineLike] | None = None,
        max_pending: int | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.config = config
        self.uploader: Uploader = uploader or InProcessUploader(
            lambda staged: self.pipeline.add_report(staged)
        )
        self._reload = reload
        self._reload_lock = threading.Lock()
        self._manifest = manifest_key(config.index_path) if reload else None
        self._refused: object = None  # the manifest key of an index on disk that failed to load
        self._max_pending = max_pending or config.max_pending
        self._pending = 0
        self._pending_lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        # `hoidap serve` calls warm_up() before the port opens; /healthz reports this.
        self.ready = True

    @property
    def abstain_text(self) -> str:
        return self.pipeline.abstain_text

    @property
    def answer_workers(self) -> int:
        """Answer worker processes behind this server (``ui.answer_workers``); 0 when the
        server's own process answers."""
        workers = getattr(self.pipeline, "workers", None)
        return int(getattr(workers, "count", 0) or 0)

    @property
    def upload_enabled(self) -> bool:
        """Uploads change what every official sees, so they need a configured token."""
        return bool(self.config.token)

    # ------------------------------------------------------------------ start-up
    def warm_up(self) -> None:
        """Load every model now, on this thread: the encoder, underthesea's segmenter and
        sentence splitter (their lazy loaders are not thread-safe), the answerer."""
        self.pipeline.ask(WARM_UP_QUESTION)
        self.ready = True

    # ------------------------------------------------------------------ reading
    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
        kind: str | None = None,
        issued_from: str | None = None,
        issued_to: str | None = None,
    ) -> Answer:
        question, args = self._checked(
            question, k, province, report, history, id, kind, issued_from, issued_to
        )
        with self._admitted():
            return self.pipeline.ask(question, **args)  # one index for the whole question

    def ask_body(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
        kind: str | None = None,
        issued_from: str | None = None,
        issued_to: str | None = None,
    ) -> bytes:
        """The body of ``POST /api/ask``: ``Answer.to_json()`` as JSON bytes. Answer workers
        (``ui.answer_workers``) render it themselves and the server passes it on."""
        from ui.wire import api_body

        question, args = self._checked(
            question, k, province, report, history, id, kind, issued_from, issued_to
        )
        with self._admitted():
            pipeline = self.pipeline  # one index for the whole question
            rendered = getattr(pipeline, "ask_body", None)
            if rendered is not None:
                body: bytes = rendered(question, **args)
                return body
            return api_body(pipeline.ask(question, **args).to_json())

    def _checked(
        self,
        question: str,
        k: int | None,
        province: str | None,
        report: str | None,
        history: Sequence[str],
        id: Any,
        kind: str | None,
        issued_from: str | None,
        issued_to: str | None,
    ) -> tuple[str, dict[str, Any]]:
        """The question and the pipeline's arguments, checked (InputError otherwise)."""
        question = clean_question(question)
        province = clean_filter(province, "province")
        report = clean_filter(report, "report")
        # Document filters are passed only when given (every pipeline takes them then).
        given = (("kind", kind), ("issued_from", issued_from), ("issued_to", issued_to))
        documents = {name: v for name, v in ((n, clean_filter(x, n)) for n, x in given) if v}
        args = {"k": k, "province": province, "report": report, "history": clean_history(history)}
        return question, {**args, "id": id, **documents}

    def _admitted(self) -> Any:
        service = self

        class _Slot:
            def __enter__(self) -> None:
                with service._pending_lock:
                    if service._pending >= service._max_pending:
                        raise BusyError(service._pending)
                    service._pending += 1

            def __exit__(self, *exc: object) -> None:
                with service._pending_lock:
                    service._pending -= 1

        return _Slot()

    def reports(self) -> list[Report]:
        return list(self.pipeline.index.reports)

    def report_of(self, source: str) -> Report | None:
        """The report whose file name (``Citation.report`` / ``Chunk.source``) is ``source``,
        compared in NFC: a decomposed spelling (macOS) of a name finds it."""
        reports = self.reports()
        found = next((r for r in reports if r.source == source), None)
        if found is None:
            wanted = nfc(source)
            found = next((r for r in reports if nfc(r.source) == wanted), None)
        return found

    def chunk_of(self, chunk_id: str) -> Chunk | None:
        try:
            return self.pipeline.index.chunk_by_id(chunk_id)
        except (KeyError, LookupError):
            return None

    def provinces(self) -> list[str]:
        return sorted({r.province for r in self.reports() if r.province})

    # ------------------------------------------------------------------ writing
    def add_report(self, path: Path, original_name: str | None = None) -> Report:
        """Index one uploaded file under its original name; a bad file, a name that is
        taken or unsafe raises a HoidapError and leaves every report and the index as
        they were."""
        name = upload_name(original_name or path.name)
        if self.report_of(name) is not None or os.path.lexists(self.config.reports_path / name):
            raise ReportExistsError(name)
        with staging_folder(self.config) as folder:
            staged = folder / name
            with path.open("rb") as src, staged.open("wb") as out:
                while block := src.read(1 << 20):
                    out.write(block)
            try:
                report = self.uploader.add(staged)
            except HoidapError as exc:
                # Name the user's file, not the server's staging folder.
                exc.message = exc.message.replace(str(staged), name).replace(str(folder), "")
                raise
        self.refresh(force=True)
        return report

    # ------------------------------------------------------------------ reloading
    def refresh(self, *, force: bool = False) -> bool:
        """Swap in the index on disk when its manifest changed (or ``force``); True if swapped.

        A damaged or missing index on disk keeps the current pipeline serving.
        """
        if self._reload is None:
            return False
        with self._reload_lock:
            key = manifest_key(self.config.index_path)
            if key is None or (key in (self._manifest, self._refused) and not force):
                return False
            try:
                fresh = self._reload(self.pipeline)
            except HoidapError as exc:
                # Said and tried once per index on disk: it was loaded again and the same
                # line printed every second until the index changed.
                self._refused = key
                print(
                    f"hoidap: chỉ mục mới chưa dùng được, vẫn dùng chỉ mục cũ / new index not "
                    f"loaded, the previous one still serves: {exc}",
                    file=sys.stderr,
                )
                return False
            self.pipeline = fresh
            self._manifest = key
            # Questions in flight may still hold the old pipeline: its cycles are left to
            # a later full collection, so nothing is frozen again here (hoidap/heap.py).
            thaw()
            return True

    def watch(self, interval: float = 1.0) -> None:
        """Check the index manifest every ``interval`` seconds in a daemon thread."""
        if self._reload is None or self._watcher is not None:
            return

        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.refresh()
                except Exception as exc:  # the watcher must outlive one bad reload
                    print(
                        f"hoidap: không nạp lại được chỉ mục / reload failed: "
                        f"{type(exc).__name__}: {exc}",
                        file=sys.stderr,
                    )

        self._watcher = threading.Thread(target=loop, name="hoidap-index-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        """Stop watching and kill a running upload worker (server shutdown)."""
        self._stop.set()
        self.uploader.stop()
