"""Whether the index on disk already holds exactly what a re-index would build.

``hoidap index`` on an unchanged folder used to rebuild the whole index (BM25, FAISS,
every file rewritten) for nothing. After a build we record a digest of everything the
index is made from (each report and chunk as saved, the settings that shape the index,
the index format) next to the manifest's build time. The next run computes the digest
of what it just ingested: the same digest and the same manifest (nobody rebuilt the
index since, e.g. a server adding an upload) means there is nothing to do.

The stamp lives beside the index (``data/.index.stamp.json``), written atomically; a
missing or damaged stamp only means the index is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.types import Chunk, Report
from index.chunkstore import analysis_fingerprint

# Settings that change what the index holds or how it is searched from disk.
_INDEX_SETTINGS = (
    "encoder",
    "query_prompt",
    "document_prompt",
    "passage_tokens",
    "chunk_min_words",
    "chunk_max_words",
)


def stamp_path(config: Config) -> Path:
    index = config.index_path
    return index.with_name(f".{index.name}.stamp.json")


def corpus_digest(
    config: Config, reports: Sequence[Report], chunks: Sequence[Chunk], format_version: int
) -> str:
    """A hash of the reports and chunks (every field), the index settings and the code
    of the sentence analysis the index stores."""
    h = hashlib.sha256()
    settings = {k: getattr(config, k) for k in _INDEX_SETTINGS}
    # The stored sentence analysis is remade when its code changes (qa/prepared.py).
    settings["analysis"] = analysis_fingerprint()
    h.update(json.dumps([format_version, settings], sort_keys=True).encode("utf-8"))
    for report in reports:
        h.update(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True).encode())
    for chunk in chunks:
        h.update(json.dumps(chunk.to_dict(), ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def _built(manifest: dict[str, Any]) -> list[Any]:
    return [manifest.get("built_at"), manifest.get("corpus_hash"), manifest.get("counts")]


def is_current(config: Config, digest: str, manifest: dict[str, Any]) -> bool:
    """True when the index whose manifest is ``manifest`` was built from ``digest``."""
    try:
        stamp = json.loads(stamp_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(stamp, dict)
        and stamp.get("digest") == digest
        and stamp.get("built") == _built(manifest)
    )


def record(config: Config, digest: str, manifest: dict[str, Any]) -> None:
    """Remember that the index with ``manifest`` was built from ``digest``."""
    path = stamp_path(config)
    text = json.dumps({"digest": digest, "built": _built(manifest)})
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # without a stamp the next run rebuilds; nothing is lost
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
