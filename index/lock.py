"""One index build at a time: ``hoidap index`` and a server upload take the same lock.

Without it a ``hoidap index`` run that read the reports folder before an upload finished
would swap in an index without the uploaded report. The lock is an OS file lock
(``fcntl.flock``) on a file beside the index folder: the kernel releases it when the
holder exits, also after ``kill -9``, so a crashed build never blocks the next one.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hoidap.errors import HoidapError


def lock_path(index_path: Path) -> Path:
    return index_path.with_name(f".{index_path.name}.lock")


@contextmanager
def build_lock(index_path: Path, timeout: float = 600.0) -> Iterator[None]:
    """Hold the build lock of ``index_path``; wait up to ``timeout`` seconds for it."""
    path = lock_path(index_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        # An --index-dir under a file, or where this user cannot write: it was a traceback.
        raise HoidapError(
            f"không tạo được chỉ mục tại / cannot make an index at {index_path} "
            f"({exc.strerror or exc})",
            "chọn thư mục khác hoặc kiểm tra quyền / choose another --index-dir or check "
            "permissions",
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise HoidapError(
                        f"chỉ mục {index_path} đang được xây / another build of {index_path} "
                        f"is still running after {timeout:.0f} s",
                        "thử lại sau / try again later",
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
