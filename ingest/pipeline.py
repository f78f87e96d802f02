"""Ingest pipeline: files -> Reports + Chunks, and the corpus on disk.

A bad file never stops the others: it becomes an :class:`IngestError` naming the file
(empty, binary, unreadable, no sections, missing, unsupported). The same content given
twice (same ``content_hash``) is ingested once, the second file named as a duplicate.
The corpus is plain JSON (``reports.json``) and JSON lines (``chunks.jsonl``), each
written to a temporary file in the same folder and renamed into place, so a crash leaves
the previous corpus whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.errors import IngestError
from hoidap.types import Chunk, Report, stable_id
from ingest import metadata
from ingest.abbreviations import defined_in
from ingest.chunking import SourceLines, make_chunks, section_texts
from ingest.pdf import unread_warning
from ingest.periods import section_periods as section_periods_of
from ingest.provinces import province_2025
from ingest.readers import SUPPORTED, SourceText, read_source, unsupported
from ingest.reuse import IngestCache, entry_key
from ingest.sections import NoSectionsError, Outline, build_sections, find_outline

REPORTS_FILE = "reports.json"
CHUNKS_FILE = "chunks.jsonl"
_PROGRESS_MIN_FILES = 3
# How often an ingest worker checks that hoidap is still running (seconds).
_PARENT_POLL_S = 1.0
# Genres whose numbered paragraphs are their sections: a notice's conclusions.
NUMBERED_PARAGRAPH_KINDS = ("thông báo",)


@dataclass
class IngestResult:
    """Everything one ingest run produced; ``errors`` holds the files that failed and
    ``warnings`` what was left out of files that were read (a PDF's scanned pages when OCR
    is not installed)."""

    reports: list[Report] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[IngestError] = field(default_factory=list)


# Files a folder scan passes over without a word: hidden files and folders (".DS_Store",
# the "._name.pdf" copies macOS leaves on USB drives, ".git", an upload's temporary copy),
# Office's lock file of a document open in Word ("~$name.docx") and Windows' own files.
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


def _passed_over(path: Path, folder: Path) -> bool:
    parts = path.relative_to(folder).parts
    return (
        any(part.startswith(".") for part in parts)
        or path.name.startswith("~$")
        or path.name.lower() in _SYSTEM_FILES
    )


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[IngestError]]:
    """Files to read: files as given, folders scanned (recursively) for supported
    reports, sorted by name; a missing path is an error, and so is each file of a folder
    that is not read (a link, an unsupported type such as .doc), so none is left out
    without a word. Hidden files, Office lock files and Thumbs.db are passed over."""
    files: list[Path] = []
    errors: list[IngestError] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            entries = sorted(
                (p for p in path.rglob("*") if not _passed_over(p, path)),
                key=lambda p: (p.name, str(p)),
            )
            # A symlink in a reports folder could pull any readable file on the machine
            # into the index (and show it to every chat user): named, never followed.
            said = [
                IngestError(str(p), "liên kết tượng trưng, bỏ qua / symbolic link, not followed")
                for p in entries
                if p.is_symlink()
            ]
            found = [p for p in entries if not p.is_symlink() and p.is_file()]
            # An old Word file (.doc) left in the folder was silently not indexed.
            said.extend(unsupported(str(p)) for p in found if p.suffix.lower() not in SUPPORTED)
            found = [p for p in found if p.suffix.lower() in SUPPORTED]
            if not found and not said:
                errors.append(
                    IngestError(
                        str(path),
                        "thư mục không có báo cáo .md/.txt/.pdf/.docx / "
                        "no .md/.txt/.pdf/.docx reports in folder",
                    )
                )
            errors.extend(sorted(said, key=lambda e: e.path))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(
                IngestError(
                    str(path),
                    "không có tệp hay thư mục này / no such file or folder",
                    "kiểm tra đường dẫn / check the path",
                )
            )
    return files, errors


def report_of(src: SourceText) -> Report:
    """One read source -> its report (metadata, periods, sections); no chunks."""
    return _report_and_outline(src)[0]


def _report_and_outline(src: SourceText) -> tuple[Report, Outline]:
    name = src.path.name
    content_hash = hashlib.sha256(src.text.encode("utf-8")).hexdigest()
    report_id = stable_id("report", content_hash)
    lines = src.lines
    kind, _ = metadata.kind_and_title(lines[: metadata.HEADER_LINES])
    try:
        outline = find_outline(lines, numbered_paragraphs=kind in NUMBERED_PARAGRAPH_KINDS)
    except NoSectionsError as exc:
        raise IngestError(str(src.path), str(exc)) from None
    meta = metadata.extract(src.text, lines[: outline.preamble_end])
    sections = build_sections(outline, lines, report_id, meta.title)
    section_periods = section_periods_of(sections, lines, meta.issued)
    report = Report(
        report_id=report_id,
        source=name,
        title=meta.title,
        kind=meta.kind,
        province=meta.province,
        content_hash=content_hash,
        province_2025=province_2025(meta.province) if meta.province else "",
        number=meta.number,
        issued=meta.issued,
        period_start=meta.period_start,
        period_end=meta.period_end,
        sections=tuple(sections),
        issuer=meta.issuer or _issuer_from_signature(meta),
        place=meta.place,
        signer=meta.signature.name,
        signer_title=meta.signature.title,
        signer_authority=meta.signature.authority,
        recipients=meta.recipients,
        legal_bases=meta.legal_bases,
        cited=meta.cited,
        periods=(*meta.periods, *section_periods),
        page_lines=src.page_lines,
        unread_pages=src.unread_pages,
        abbreviations=defined_in(src.text),
    )
    return report, outline


def ingest_source(src: SourceText, config: Config) -> tuple[Report, list[Chunk]]:
    """One read source -> its report (with sections) and chunks."""
    from ingest import nlp

    report, outline = _report_and_outline(src)
    chunks = make_chunks(
        report,
        SourceLines(src.text),
        section_texts(outline, list(report.sections)),
        config.chunk_min_words,
        config.chunk_max_words,
        nlp.sentences,
        nlp.segment,
    )
    if not chunks:
        raise IngestError(
            str(src.path),
            "không có nội dung dưới các đề mục / no text to index under its headings",
        )
    return report, chunks


def _issuer_from_signature(meta: metadata.Metadata) -> str:
    """ "TM. ỦY BAN NHÂN DÂN" signed for a report without a letterhead: the province's
    people's committee ("Ủy ban nhân dân tỉnh Cà Mau")."""
    if "ỦY BAN NHÂN DÂN" not in meta.signature.authority or not meta.province:
        return ""
    from ingest.provinces import find_provinces

    found = find_provinces(meta.province)
    city = found and meta.province in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ")
    if meta.province == "Hồ Chí Minh":
        return "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    return f"Ủy ban nhân dân {'thành phố' if city else 'tỉnh'} {meta.province}"


def ingest_paths(
    paths: Sequence[Path],
    config: Config,
    progress: bool = False,
    *,
    cache: IngestCache | None = None,
    jobs: int = 1,
    on_report: Callable[[Report, list[Chunk]], object] | None = None,
) -> IngestResult:
    """Ingest files and folders; see the module docstring for error handling.

    With ``cache``, a file whose bytes (and name, chunking and ingest code) are unchanged
    since it was last ingested is not read again (see ``ingest.reuse``). With ``jobs`` > 1
    the files left to read are ingested by that many worker processes (underthesea holds
    the GIL, so threads would not help); results keep the order of the files.
    ``on_report(report, chunks)`` is called for each file as soon as it is read (cached
    files first), so a caller can start on its chunks while the rest are still read.
    """
    files, errors = expand_paths(paths)
    result = IngestResult(errors=errors)
    done: dict[int, tuple[Report, list[Chunk]] | IngestError] = {}
    keys: dict[int, str] = {}
    if cache is not None:
        for i, path in enumerate(files):
            try:
                keys[i] = entry_key(path.read_bytes(), path.name, config)
            except OSError:
                continue  # read_source names the problem below
            hit = cache.get(keys[i])
            if hit is not None:
                done[i] = hit
                if on_report is not None:
                    on_report(*hit)
    todo = [i for i in range(len(files)) if i not in done]
    for i, outcome in _ingest_all([files[i] for i in todo], todo, config, progress, jobs):
        done[i] = outcome
        if on_report is not None and not isinstance(outcome, IngestError):
            on_report(*outcome)
        # A report with pages left unread is not kept: once OCR is installed, the next run
        # reads the file again instead of reusing the text without those pages.
        if (
            cache is not None
            and i in keys
            and not isinstance(outcome, IngestError)
            and not outcome[0].unread_pages
        ):
            cache.put(keys[i], *outcome)
    seen: dict[str, str] = {}
    named: dict[str, Path] = {}
    for i in range(len(files)):
        outcome = done[i]
        if isinstance(outcome, IngestError):
            result.errors.append(outcome)
            continue
        report, chunks = outcome
        if report.content_hash in seen:
            # Said, not silently dropped: "12 files, 11 reports" had no explanation.
            result.errors.append(
                IngestError(
                    str(files[i]),
                    f"cùng nội dung với / same content as {seen[report.content_hash]}, "
                    "bỏ qua / skipped",
                )
            )
            continue
        if report.source in named:
            # Two folders' "bao_cao.txt": a report is known by its file name (citations, the
            # viewer, --report), so the second was indexed under the first one's name and the
            # viewer mixed the two.
            result.errors.append(
                IngestError(
                    str(files[i]),
                    f"trùng tên với / same file name as {named[report.source]}",
                    "đổi tên một trong hai tệp / rename one of the two files",
                )
            )
            continue
        if report.unread_pages:
            result.warnings.append(unread_warning(str(files[i]), report.unread_pages))
        seen[report.content_hash] = report.source
        named[report.source] = files[i]
        result.reports.append(report)
        result.chunks.extend(chunks)
    return result


def ingest_file(path: Path, config: Config) -> tuple[Report, list[Chunk]] | IngestError:
    """One file -> its report and chunks, or the IngestError that says why not."""
    try:
        return ingest_source(read_source(path), config)
    except IngestError as exc:
        return exc
    except (RecursionError, ValueError, RuntimeError, MemoryError) as exc:
        # A bug or a limit hit deep in a parser: this file fails, the others go on.
        return IngestError(str(path), f"không đọc được / cannot read ({type(exc).__name__})")


def _ingest_in_worker(
    path: Path, config: Config
) -> tuple[Report, list[Chunk]] | tuple[str, str, str]:
    """``ingest_file`` in a worker process; an error travels as plain strings (its
    constructor takes other arguments than it keeps, so it does not unpickle)."""
    outcome = ingest_file(path, config)
    if isinstance(outcome, IngestError):
        return (outcome.path, outcome.message, outcome.hint)
    return outcome


def _leave_with(parent: int) -> None:
    """Worker initializer: the worker exits soon after the process that started the pool.

    ``kill -9`` of ``hoidap index`` runs no clean-up, and the pool's workers (children of
    the forkserver, not of hoidap) would otherwise wait forever on a queue nobody writes.
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(_PARENT_POLL_S)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid was reused by another user's process
                os._exit(1)

    threading.Thread(target=watch, name="hoidap-parent-watch", daemon=True).start()


def _ingest_all(
    files: list[Path], ids: list[int], config: Config, progress: bool, jobs: int
) -> Iterator[tuple[int, tuple[Report, list[Chunk]] | IngestError]]:
    """Each file's outcome with its id, in one process or ``jobs`` worker processes."""
    jobs = min(jobs, len(files))
    if jobs <= 1:
        for i, path in zip(ids, _progress(files, progress), strict=True):
            yield i, ingest_file(path, config)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: workers fork from a clean helper process, never from a parent that may
    # run threads (a plain fork of a threaded process can inherit a held lock).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_leave_with,
        initargs=(os.getpid(),),
    ) as pool:
        futures = {
            pool.submit(_ingest_in_worker, p, config): i for p, i in zip(files, ids, strict=True)
        }
        for future in _progress_futures(as_completed(futures), len(files), progress):
            outcome = future.result()
            if isinstance(outcome[0], str):
                path, message, hint = outcome
                error = IngestError(path, "", hint)
                error.message, error.args = message, (message,)
                yield futures[future], error
            else:
                yield futures[future], outcome


def _progress_futures(items: Iterator[Any], total: int, enabled: bool) -> Iterator[Any]:
    if enabled and total >= _PROGRESS_MIN_FILES:
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc="ingest", unit="file")
    else:
        yield from items


def _progress(files: list[Path], enabled: bool) -> Iterator[Path]:
    if enabled and len(files) >= _PROGRESS_MIN_FILES:
        from tqdm import tqdm

        yield from tqdm(files, desc="ingest", unit="file")
    else:
        yield from files


def _write_temp(path: Path, text: str) -> str:
    """Write ``text`` to a new temporary file beside ``path``; return its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; the corpus is not secret
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def write_corpus(result: IngestResult, out_dir: Path) -> None:
    """Write ``reports.json`` and ``chunks.jsonl`` into ``out_dir``.

    Both files are written in full to temporary files first and only then renamed into
    place, so a failed write (full disk, crash, bad value) leaves the old corpus as it was.
    A folder that cannot be made or written (a file's path, no permission) is an
    IngestError naming it.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IngestError(
            str(out_dir),
            f"không tạo được thư mục / cannot make the folder ({exc.strerror or exc})",
            "chọn thư mục khác / choose another --out",
        ) from None
    chunks = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in result.chunks)
    reports = json.dumps([r.to_dict() for r in result.reports], ensure_ascii=False, indent=1)
    temps: list[tuple[str, Path]] = []
    try:
        temps.append((_write_temp(out_dir / CHUNKS_FILE, chunks), out_dir / CHUNKS_FILE))
        temps.append((_write_temp(out_dir / REPORTS_FILE, reports + "\n"), out_dir / REPORTS_FILE))
        for tmp, final in temps:
            os.replace(tmp, final)
    except OSError as exc:
        raise IngestError(
            str(out_dir),
            f"không ghi được / cannot write the corpus ({exc.strerror or exc})",
            "kiểm tra quyền và chỗ trống / check permissions and free space",
        ) from None
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def read_corpus(dir: Path) -> IngestResult:
    """Load a corpus written by :func:`write_corpus`."""
    reports_path, chunks_path = dir / REPORTS_FILE, dir / CHUNKS_FILE
    if not reports_path.is_file() or not chunks_path.is_file():
        raise IngestError(
            str(dir),
            "chưa có kho đã đọc ở đây / no ingested corpus here",
            "chạy / run `hoidap ingest data/reports` trước / first",
        )
    reports = [Report.from_dict(d) for d in json.loads(reports_path.read_text(encoding="utf-8"))]
    with chunks_path.open(encoding="utf-8") as f:
        chunks = [Chunk.from_dict(json.loads(line)) for line in f if line.strip()]
    return IngestResult(reports, chunks, [])
