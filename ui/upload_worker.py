"""The upload worker: one uploaded report -> reports folder + rebuilt index, in its own process.

``python -m ui.upload_worker REQUEST.json`` is started by the server (``ui.uploads``) for
each upload, so reading, segmenting and embedding a file never runs on the server's
request path: questions keep being answered from the loaded index meanwhile, a file that
needs gigabytes or minutes hits this process's limits (address space, CPU time) instead
of the server's, and SIGTERM to the server kills it at once.

The new index is built from what is on disk (the current index folder, which a
``hoidap index`` run may have changed since the server started) plus the new file, under
the same build lock ``hoidap index`` takes, so neither drops the other's reports. The file
is placed into the reports folder with a hard link, which fails rather than overwrite
an existing report; a build that fails removes it again, and a record of it kept beside
the index until the new index is in (``index.pending``) lets the next start remove it
when the process is killed first.

It prints one JSON object on stdout: ``{"ok": true, "report": {...}, "notes": [...]}``
or ``{"ok": false, "error": "...", "notes": [...]}``; ``notes`` are the lines of uploads
stopped midway that it settled before its build.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import traceback
import uuid
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from ui.uploads import ReportExistsError


def set_limits(memory_mb: int, cpu_seconds: int) -> None:
    """Address space and CPU time of this process (the kernel enforces both)."""
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def die_with_parent(parent: int) -> None:
    """Linux: this process gets SIGKILL when the server dies (even by ``kill -9``), so no
    orphan keeps building after the server is gone."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server died before prctl took effect
        os._exit(1)


def free_name(folder: Path, name: str, taken: set[str]) -> str:
    """A name like ``name (2).txt`` that is neither a file in ``folder`` nor a report."""
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(2, 1000):
        candidate = f"{stem} ({n}){suffix}"
        if candidate not in taken and not (folder / candidate).exists():
            return candidate
    return f"{stem}-{uuid.uuid4().hex[:6]}{suffix}"


def place(staged: Path, target: Path) -> None:
    """Copy ``staged`` to ``target`` atomically and never over an existing file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.upload")
    try:
        with staged.open("rb") as src, tmp.open("wb") as out:
            while block := src.read(1 << 20):
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        os.link(tmp, target)  # FileExistsError instead of overwriting
    finally:
        tmp.unlink(missing_ok=True)


def add(staged: Path, config: Config, notes: list[str]) -> dict[str, Any]:
    """Ingest ``staged`` (already named as it will be stored) and rebuild the index;
    ``notes`` receives the lines of uploads stopped midway settled before the build
    (``index.pending``)."""
    from index.lock import build_lock
    from index.pending import pending_upload, recover, sha256_of
    from index.store import load_index, update_index
    from ingest.pipeline import ingest_paths

    name = staged.name
    result = ingest_paths([staged], config)
    if result.errors:
        # Name the user's file, not the staging folder.
        raise HoidapError(str(result.errors[0]).replace(str(staged), name))
    if not result.reports:
        raise InputError(f"{name}: không có nội dung / nothing to add")
    report = result.reports[0]
    with build_lock(config.index_path, timeout=max(config.upload_seconds, 1)):
        notes.extend(recover(config))
        current = load_index(config)
        reports = list(current.reports)
        same = next((r for r in reports if r.content_hash == report.content_hash), None)
        if same is not None:
            raise InputError(
                f"{name}: nội dung trùng với báo cáo đã có {same.source!r} / "
                f"same content as the indexed report {same.source!r}",
                "không cần thêm lại / nothing to do",
            )
        folder = config.reports_path
        taken = {r.source for r in reports}
        target = folder / name
        clash = ReportExistsError(name, free_name(folder, name, taken))
        if name in taken or os.path.lexists(target):
            raise clash
        # Recorded before it is placed, until the index holding it is swapped in (or it
        # is removed again): a server killed meanwhile leaves the record, and its next
        # start removes the file (index.pending).
        with pending_upload(config, target, sha256_of(staged)):
            try:
                place(staged, target)
            except FileExistsError:
                raise clash from None
            try:
                update_index(config, [report], list(result.chunks))
            except BaseException:
                target.unlink(missing_ok=True)
                raise
    return report.to_dict()


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    die_with_parent(int(request.get("parent", os.getppid())))
    config = Config().replace(**request["config"])
    set_limits(int(request.get("memory_mb", 0)), int(request.get("cpu_seconds", 0)))
    notes: list[str] = []
    try:
        out: dict[str, Any] = {"ok": True, "report": add(Path(request["staged"]), config, notes)}
    except ReportExistsError as exc:
        out = {"ok": False, "error": str(exc), "conflict": True, "suggestion": exc.suggestion}
    except HoidapError as exc:
        out = {"ok": False, "error": str(exc)}
    except MemoryError:
        out = {
            "ok": False,
            "error": f"{Path(request['staged']).name}: cần quá {request.get('memory_mb')} MB bộ "
            f"nhớ / needs more than {request.get('memory_mb')} MB of memory",
        }
    except Exception as exc:
        traceback.print_exc()
        out = {
            "ok": False,
            "error": f"{Path(request['staged']).name}: lỗi khi lập chỉ mục / indexing failed "
            f"({type(exc).__name__})",
        }
    print(json.dumps({**out, "notes": notes}, ensure_ascii=False), flush=True)
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
