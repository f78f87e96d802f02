"""Pending uploads: a record, beside the index, of a report file an upload placed in the
reports folder before the index holding it was swapped in.

An upload (``ui.upload_worker``) places its file in the reports folder, then builds the
index that holds it. A server killed between the two (``kill -9``, a power cut) left the
file there, unindexed: at the next start it could not be told from an administrator's
own copy, the same upload again was "a report with this name exists", and the next
``hoidap index`` indexed a report its uploader was never told was added.

So before placing, the upload writes a record (file name, SHA-256 of its bytes, time) in
``.<index>.pending/`` beside the index, atomically, and removes it once the index
holding the file is swapped in, or once the file is removed after a failure. Records are
written and removed only under the build lock (``index.lock``), so whoever holds the lock
and finds one knows its upload stopped midway: :func:`recover` (at server start, before
every index build, after an upload worker is killed) removes the file when its bytes are
still the record's and the index on disk does not hold it, and drops the record. A file
whose bytes differ from the record is never removed, nor is anything in the folder that
is not a record (a folder or file made there by hand): it is reported and left alone.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from hoidap.config import Config

# What :func:`pending_upload` names a record (and the record while it is written).
RECORD_NAME = re.compile(r"[0-9a-f]{32}\.(json|tmp)")


def pending_folder(index_path: Path) -> Path:
    """``data/.index.pending`` for the index ``data/index`` (beside its build lock)."""
    return index_path.with_name(f".{index_path.name}.pending")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@contextmanager
def pending_upload(config: Config, target: Path, digest: str) -> Iterator[None]:
    """Record that ``target`` (bytes of SHA-256 ``digest``) is about to be placed for the
    index ``config`` names, for as long as the block runs: placing the file, building and
    swapping in the index, or removing the file again on a failure. Only a killed process
    leaves the record behind. Call under the build lock."""
    folder = pending_folder(config.index_path)
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"{uuid.uuid4().hex}.json"
    body = {
        "name": target.name,
        "folder": str(target.parent.absolute()),
        "sha256": digest,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    partial = record.with_suffix(".tmp")
    with partial.open("w", encoding="utf-8") as out:
        json.dump(body, out, ensure_ascii=False)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, record)  # a record is whole or absent
    try:
        yield
    finally:
        record.unlink(missing_ok=True)


def recover(config: Config) -> list[str]:
    """Settle the uploads that stopped midway for the index ``config`` names: remove each
    one's file from the reports folder when its bytes are still the upload's and the index
    on disk does not hold it, and drop its record. Returns one line, Vietnamese first, per
    file removed or kept and per entry of the folder that is not a record (left there).
    Call under the build lock (``index.lock.build_lock``)."""
    from index.store import indexed_sources

    folder = pending_folder(config.index_path)
    if not folder.is_dir():
        return []
    lines: list[str] = []
    sources: set[str] | None = None
    for record in sorted(folder.iterdir()):
        if not is_record(record):
            lines.append(not_a_record(record))
            continue
        if record.suffix != ".json":
            record.unlink(missing_ok=True)  # a record whose writing was cut short
            continue
        try:
            body = json.loads(record.read_text(encoding="utf-8"))
            name, digest, when = str(body["name"]), str(body["sha256"]), str(body["time"])
            reports = Path(str(body["folder"]))
        except (OSError, ValueError, TypeError, KeyError):
            record.unlink(missing_ok=True)
            continue
        if name in {"", ".", ".."} or Path(name).name != name:
            record.unlink(missing_ok=True)  # not a file name an upload places
            continue
        if sources is None:
            sources = indexed_sources(config)
            if sources is None:
                return [
                    *lines,
                    f"hoidap: chưa xử lý được các tệp tải lên bị dừng giữa chừng: không đọc được "
                    f"chỉ mục {config.index_path} / uploads stopped midway not settled: the "
                    f"index at {config.index_path} cannot be read",
                ]
        try:
            line = _settle(reports / name, digest, when, name in sources)
        except OSError as exc:  # kept, to be settled next time
            lines.append(
                f"hoidap: chưa xử lý được tệp tải lên bị dừng giữa chừng {reports / name} / "
                f"the upload stopped midway {reports / name} not settled: {exc}"
            )
            continue
        if line:
            lines.append(line)
        record.unlink()
    with suppress(OSError):
        folder.rmdir()  # only when empty
    return lines


def is_record(path: Path) -> bool:
    """Whether ``path`` is a file :func:`pending_upload` wrote: named as it names them, a
    plain file (not a folder, not a link). Nothing else in the folder is ever removed."""
    return bool(RECORD_NAME.fullmatch(path.name)) and path.is_file() and not path.is_symlink()


def not_a_record(path: Path) -> str:
    """What :func:`recover` says of something in the records' folder that it did not write."""
    return (
        f"hoidap: bỏ qua {path}: không phải bản ghi tải lên của hoidap, không xóa; hãy chuyển "
        f"nó ra khỏi {path.parent} / skipped {path}: not a hoidap upload record, left in "
        f"place; move it out of {path.parent}"
    )


def _settle(target: Path, digest: str, when: str, indexed: bool) -> str:
    """Remove ``target`` (and ``place``'s partial copies of it) when it is still the
    upload's and not indexed; what was done, as a log line ("" when nothing was there)."""
    for partial in target.parent.glob(f".{glob.escape(target.name)}.*.upload"):
        partial.unlink(missing_ok=True)  # killed while copying (ui.upload_worker.place)
    if indexed or target.is_symlink() or not target.is_file():
        return ""  # in the index (it was swapped in), or never placed
    if sha256_of(target) != digest:
        return (
            f"hoidap: giữ {target}: nội dung đã khác tệp của lần tải lên bị dừng giữa chừng "
            f"lúc {when} / kept {target}: its bytes are no longer those of the upload "
            f"stopped midway at {when}"
        )
    target.unlink()
    return (
        f"hoidap: đã xóa {target}: tệp của một lần tải lên bị dừng giữa chừng lúc {when}, "
        f"chưa vào chỉ mục / removed {target}: the file of an upload stopped midway at "
        f"{when}, never indexed"
    )
