"""What an earlier ingest made of a file whose bytes have not changed, kept for re-indexing.

Re-indexing an unchanged folder used to re-read every report (underthesea sentence
splitting and word segmentation are most of that time). A report is a pure function of
the file's bytes, its name, the chunking settings and the ingest code, so the result is
kept under a key made of all four and reused while none of them changes:

- the bytes (sha256 of the file as read from disk) and the file name (``Report.source``);
- ``chunk_min_words`` / ``chunk_max_words``;
- the code: a hash of the source of ``ingest/``, ``hoidap/text.py``, ``hoidap/types.py``
  and their data files, and the underthesea version. Editing any of them (a better
  section reader, a new metadata field) makes every entry miss, so a stale report is
  never served.

On disk: one JSON file per entry (``{"report": ..., "chunks": [...]}``) in a hidden
folder beside the index (``data/.index.ingest-cache/``), written to a temporary file and
renamed into place. A damaged or unreadable entry is a miss, never an error: the cache can
only save time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from hoidap.config import Config
from hoidap.types import Chunk, Report

_ROOT = Path(__file__).resolve().parents[1]
# The code a report depends on: the ingest stage and the core types and text helpers.
_CODE = ("ingest", "hoidap/text.py", "hoidap/types.py")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the ingest code and data (and underthesea's version)."""
    h = hashlib.sha256()
    for part in _CODE:
        path = _ROOT / part
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in {".py", ".json", ".txt"}:
                h.update(str(file.relative_to(_ROOT)).encode("utf-8") + b"\0")
                h.update(file.read_bytes() + b"\0")
    with contextlib.suppress(metadata.PackageNotFoundError):
        h.update(metadata.version("underthesea").encode("utf-8"))
    return h.hexdigest()


def cache_folder(config: Config) -> Path:
    """The hidden folder beside the index that holds the entries."""
    index = config.index_path
    return index.with_name(f".{index.name}.ingest-cache")


def entry_key(data: bytes, name: str, config: Config) -> str:
    """The key of a file's ingest result: its bytes, name, chunking settings and the code."""
    h = hashlib.sha256()
    for part in (
        code_fingerprint(),
        name,
        str(config.chunk_min_words),
        str(config.chunk_max_words),
    ):
        h.update(part.encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()[:40]


class IngestCache:
    """Ingest results by key, in ``folder``; every method is safe to call on a missing
    or damaged folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[Report, list[Chunk]] | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            report = Report.from_dict(data["report"])
            chunks = [Chunk.from_dict(c) for c in data["chunks"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.used.add(key)
        return report, chunks

    def put(self, key: str, report: Report, chunks: list[Chunk]) -> None:
        """Keep one result (atomically); a full disk or read-only folder is ignored."""
        text = json.dumps(
            {"report": report.to_dict(), "chunks": [c.to_dict() for c in chunks]},
            ensure_ascii=False,
        )
        tmp = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, self._path(key))
            tmp = None
            self.used.add(key)
        except OSError:
            pass
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def prune(self) -> None:
        """Drop the entries this run did not use (reports removed or changed since)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.stem not in self.used:
                with contextlib.suppress(OSError):
                    path.unlink()
