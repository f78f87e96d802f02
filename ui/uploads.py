"""Uploads: a checked file name, a staging folder that never outlives its upload, the
worker process that does the indexing (``ui.upload_worker``), and :func:`settle`, which
removes the file of an upload stopped midway from the reports folder (``index.pending``).

Staging folders live beside the index (``.hoidap-staging/<pid>-<id>``), not in ``$TMPDIR``:
they hold copies of reports, so they are removed when the upload ends however it ends,
and a server that was killed leaves folders named for a dead process id, which the next
start removes (:func:`clean_staging`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Protocol

from hoidap.config import Config, index_command
from hoidap.errors import HoidapError, IngestError, InputError
from hoidap.types import Report
from ingest.limits import check_name
from ingest.readers import OFFICE_HINT, OFFICE_SUFFIXES

UPLOAD_SUFFIXES: tuple[str, ...] = (".md", ".txt", ".pdf", ".docx")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A stored name's length in UTF-8 bytes (a Vietnamese letter takes 2-3): file systems
# allow 255, less the room a renamed copy's suggestion needs.
MAX_NAME_BYTES = 200
STAGING = ".hoidap-staging"


class ReportExistsError(InputError):
    """An upload named like a report already there: refused, never overwritten (409)."""

    def __init__(self, name: str, suggestion: str = "") -> None:
        self.suggestion = suggestion
        super().__init__(
            f"{name}: đã có báo cáo cùng tên, không ghi đè / a report with this name exists "
            "and is never overwritten",
            "đổi tên tệp / rename the file" + (f", e.g. {suggestion!r}" if suggestion else ""),
        )


class TooLargeError(InputError):
    """An upload over :data:`MAX_UPLOAD_BYTES` (413)."""


def upload_name(name: str) -> str:
    """The name an upload is stored under: its last path part, checked (no control or
    bidi characters, no hidden file) and of a supported type; InputError otherwise."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    try:
        base = check_name(base)
    except IngestError as exc:
        raise InputError(exc.message, exc.hint) from None
    size = len(base.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        # Past the file system's 255 bytes the staging copy failed with an OSError: a 500.
        raise InputError(
            f"tên tệp quá dài / file name too long ({size} bytes UTF-8, at most {MAX_NAME_BYTES})",
            "đổi tên ngắn hơn / rename the file to something shorter",
        )
    suffix = Path(base).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{base}: loại tệp không hỗ trợ / unsupported file type",
            OFFICE_HINT
            if suffix in OFFICE_SUFFIXES
            else "dùng / use " + ", ".join(UPLOAD_SUFFIXES),
        )
    return base


def staging_root(config: Config) -> Path:
    return config.index_path.parent / STAGING


def clean_staging(config: Config) -> int:
    """Remove staging folders left by processes that are gone; how many were removed."""
    from index.store import pid_alive, pid_of

    root = staging_root(config)
    removed = 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        pid = pid_of(folder.name)
        if pid is None or not pid_alive(pid) or pid == os.getpid():
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def settle(config: Config, timeout: float = 60) -> None:
    """Remove the files of uploads stopped midway from the reports folder, saying so on
    stderr (``index.pending``): at server start, and after a worker was killed (CPU time,
    memory, wall time, the server stopping) between placing its file and swapping in the
    index, which left the file there: the upload was reported failed, yet the same file
    again was "a report with this name exists", and the next `hoidap index` indexed it.
    Skipped when the build lock stays taken ``timeout`` seconds: the build holding it
    settles them first."""
    from index.lock import build_lock
    from index.pending import pending_folder, recover

    if not pending_folder(config.index_path).is_dir():
        return  # nothing pending (and no lock file made beside an index not built yet)
    with suppress(HoidapError, OSError), build_lock(config.index_path, timeout=timeout):
        for line in recover(config):
            print(line, file=sys.stderr, flush=True)


@contextmanager
def staging_folder(config: Config) -> Iterator[Path]:
    """A fresh folder for one upload, removed afterwards whatever happens."""
    folder = staging_root(config) / f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def copy_limited(source: IO[bytes], target: Path, limit: int = MAX_UPLOAD_BYTES) -> int:
    """Copy a stream into ``target``; InputError (and nothing kept) past ``limit`` bytes."""
    size = 0
    with target.open("wb") as out:
        while block := source.read(1 << 20):
            size += len(block)
            if size > limit:
                out.close()
                target.unlink(missing_ok=True)
                raise TooLargeError(
                    f"tệp quá lớn / file larger than {limit // (1024 * 1024)} MB",
                    "tách báo cáo / split the report",
                )
            out.write(block)
    return size


class Uploader(Protocol):
    """Turns one staged file into an indexed report (or a HoidapError saying why not)."""

    def add(self, staged: Path) -> Report: ...

    def stop(self) -> None: ...


class InProcessUploader:
    """Calls ``pipeline.add_report`` in the server process: for fakes in tests only."""

    def __init__(self, add_report: Callable[[Path], Report]) -> None:
        self._add_report = add_report

    def add(self, staged: Path) -> Report:
        return self._add_report(staged)

    def stop(self) -> None:
        return None


class WorkerUploader:
    """Runs ``python -m ui.upload_worker`` per upload, one at a time, within the
    configured wall time and memory; :meth:`stop` kills a running worker (SIGTERM)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._one_at_a_time = threading.Lock()
        self._running: subprocess.Popen[bytes] | None = None
        self._stopped = False

    def add(self, staged: Path) -> Report:
        name = staged.name
        command = index_command(self.config)  # what the hints of a failure name
        request = staged.parent / "request.json"
        request.write_text(
            json.dumps(
                {
                    "staged": str(staged),
                    "parent": os.getpid(),
                    "config": self.config.to_dict(),
                    "memory_mb": self.config.upload_memory_mb,
                    "cpu_seconds": self.config.upload_seconds,
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        with self._one_at_a_time:
            if self._stopped:
                raise HoidapError("máy chủ đang dừng / the server is stopping")
            proc = subprocess.Popen(
                [sys.executable, "-m", "ui.upload_worker", str(request)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: killed with its children
            )
            self._running = proc
            try:
                out, err = proc.communicate(timeout=self.config.upload_seconds)
            except subprocess.TimeoutExpired:
                self._kill(proc)
                settle(self.config)
                raise InputError(
                    f"{name}: lập chỉ mục quá {self.config.upload_seconds} giây / indexing "
                    f"took longer than {self.config.upload_seconds} s",
                    f"tách báo cáo hoặc chạy / split the report or run `{command}`",
                ) from None
            finally:
                self._running = None
        try:
            result = json.loads(out.decode("utf-8").strip().splitlines()[-1])
        except (ValueError, IndexError):
            if err:
                sys.stderr.write(err.decode("utf-8", "replace")[-4000:])
            settle(self.config)
            raise InputError(
                f"{name}: lập chỉ mục thất bại / indexing failed ({self._reason(proc)})",
                f"tăng upload_seconds, upload_memory_mb hoặc chạy `{command}` trên máy chủ; "
                "chỉ mục cũ vẫn dùng / raise upload_seconds or upload_memory_mb, or run "
                f"`{command}` on the server; the previous index is still in use",
            ) from None
        for note in result.get("notes", ()):
            print(note, file=sys.stderr, flush=True)
        if not result.get("ok"):
            if result.get("conflict"):
                raise ReportExistsError(name, str(result.get("suggestion", "")))
            raise InputError(str(result.get("error", "indexing failed")))
        return Report.from_dict(result["report"])

    def _reason(self, proc: subprocess.Popen[bytes]) -> str:
        """Why the worker ended without an answer, naming the limit it hit (it was "stopped
        by signal 24; out of CPU time or memory?")."""
        code = proc.returncode
        if code == -signal.SIGXCPU:
            seconds = self.config.upload_seconds
            return f"hết thời gian CPU ({seconds} giây) / out of CPU time ({seconds} s)"
        if code == -signal.SIGKILL:
            return "bị dừng, có thể do hết bộ nhớ / killed, perhaps out of memory"
        if code < 0:
            return f"bị dừng bởi tín hiệu / stopped by signal {-code}"
        return f"mã thoát / exit {code}"

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop(self) -> None:
        """Kill the running worker (its build lock and building folder die with it)."""
        self._stopped = True
        proc = self._running
        if proc is not None and proc.poll() is None:
            self._kill(proc)
