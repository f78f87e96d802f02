"""The one loaded Pipeline, shared by the chat UI and the HTTP API.

The index is loaded once at start-up (it is the slow part); every request then runs in
a worker thread. Questions may run side by side, but adding a report swaps the index,
so it waits for running questions to finish and holds new ones back until it is done:
a question never sees half of an old index and half of a new one.

Question checks (empty, too long) live here too, so the chat and ``POST /api/ask``
refuse the same inputs with the same words.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.types import Answer, Chunk, Report

MAX_QUESTION_CHARS = 1000
MAX_HISTORY = 20
UPLOAD_SUFFIXES: tuple[str, ...] = (".md", ".txt", ".pdf", ".docx")


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


class _ReadWriteLock:
    """Many readers or one writer; a waiting writer blocks new readers (no starvation)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def clean_question(question: object) -> str:
    """The question stripped, or an InputError that says what is wrong with it."""
    if not isinstance(question, str) or not question.strip():
        raise InputError(
            "câu hỏi trống / empty question", 'ví dụ / e.g. "Cà Mau đã tiêm bao nhiêu người?"'
        )
    question = question.strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(
            f"câu hỏi quá dài ({len(question)} ký tự) / question too long "
            f"({len(question)} characters)",
            f"tối đa / at most {MAX_QUESTION_CHARS}",
        )
    return question


def clean_history(history: Sequence[str]) -> list[str]:
    """The last few previous questions, each trimmed; follow-ups only need the recent ones."""
    kept = [h.strip()[:MAX_QUESTION_CHARS] for h in history if isinstance(h, str) and h.strip()]
    return kept[-MAX_HISTORY:]


def safe_filename(name: str) -> str:
    """A plain file name from an uploaded one: no folders, no control characters.

    The pipeline keeps the upload under this name beside the bundled reports.
    """
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f/]", "", base).strip().lstrip(".")
    return base or "report.txt"


class Service:
    """Answers, reports and uploads over one shared Pipeline."""

    def __init__(self, pipeline: PipelineLike, config: Config) -> None:
        self.pipeline = pipeline
        self.config = config
        self._lock = _ReadWriteLock()

    @property
    def abstain_text(self) -> str:
        return self.pipeline.abstain_text

    @property
    def upload_enabled(self) -> bool:
        """Uploads change what every official sees, so they need a configured token."""
        return bool(self.config.token)

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
    ) -> Answer:
        question = clean_question(question)
        with self._lock.read():
            return self.pipeline.ask(
                question,
                k=k,
                province=province or None,
                report=report or None,
                history=clean_history(history),
                id=id,
            )

    def reports(self) -> list[Report]:
        with self._lock.read():
            return list(self.pipeline.index.reports)

    def report_of(self, source: str) -> Report | None:
        """The report whose file name (``Citation.report`` / ``Chunk.source``) is ``source``."""
        return next((r for r in self.reports() if r.source == source), None)

    def chunk_of(self, chunk_id: str) -> Chunk | None:
        with self._lock.read():
            try:
                return self.pipeline.index.chunk_by_id(chunk_id)
            except (KeyError, LookupError):
                return None

    def provinces(self) -> list[str]:
        return sorted({r.province for r in self.reports() if r.province})

    def add_report(self, path: Path, original_name: str | None = None) -> Report:
        """Index one uploaded file under its original name; a bad file raises a
        HoidapError (IngestError / InputError) and leaves the index as it was."""
        name = safe_filename(original_name or path.name)
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise InputError(
                f"{name}: loại tệp không hỗ trợ / unsupported file type",
                "dùng / use " + ", ".join(UPLOAD_SUFFIXES),
            )
        with tempfile.TemporaryDirectory(prefix="hoidap-upload-") as tmp:
            staged = Path(tmp) / name
            shutil.copyfile(path, staged)
            try:
                with self._lock.write():
                    return self.pipeline.add_report(staged)
            except HoidapError as exc:
                # Name the user's file, not the server's staging folder.
                exc.message = exc.message.replace(str(staged), name)
                raise
