"""Scale-out pieces beyond the shared contract (tests/unit/test_index_contract.py):

- the ``store`` setting is read, and a bad one is one clear error;
- Qdrant's engine keeps its data across a reopen, and a full build switches the alias
  (a failed build leaves the old collection serving);
- the BM25 sparse vectors score as bm25s does;
- the qdrant-client adapter sends requests its local ``path=`` mode accepts, and answers
  like the embedded engine;
- a live Qdrant cluster, only when ``HOIDAP_QDRANT_URL`` names one;
- Ray Data embeds a few dozen chunks exactly as the plain loop does (slow: starts Ray).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from hoidap.config import Config, load_config
from hoidap.errors import ConfigError
from index.chunkstore import Where, parse_store
from index.dense import EF_CHOICES, RECALL_TARGET
from index.encoders import FakeEncoder
from index.store import build_index, load_index
from tests.unit.test_index_contract import QUERIES, config_at, make_corpus

HAS_EDGE = importlib.util.find_spec("qdrant_edge") is not None
HAS_CLIENT = importlib.util.find_spec("qdrant_client") is not None
HAS_RAY = importlib.util.find_spec("ray") is not None
edge_only = pytest.mark.skipif(not HAS_EDGE, reason="pip install 'hoidap[qdrant]'")


def test_store_setting(tmp_path: Path) -> None:
    assert parse_store("local").kind == "local"
    edge = parse_store("qdrant-edge://idx/q", home=tmp_path)
    assert (edge.kind, edge.path) == ("qdrant-edge", tmp_path / "idx" / "q")
    assert parse_store("qdrant-edge:///srv/q").path == Path("/srv/q")
    cluster = parse_store("qdrants://qdrant.example:6334/reports")
    assert (cluster.host, cluster.port, cluster.collection, cluster.tls) == (
        "qdrant.example",
        6334,
        "reports",
        True,
    )
    assert parse_store("qdrant://db").collection == "hoidap"
    for bad in ("faiss", "qdrant-edge://", "qdrant://:abc/x"):
        with pytest.raises(ConfigError, match="store"):
            parse_store(bad)
    env = {"HOIDAP_STORE": "qdrant-edge:///x", "HOIDAP_QDRANT_API_KEY": "secret"}
    (tmp_path / "hoidap.toml").write_text("", encoding="utf-8")
    config = load_config(config_file=tmp_path / "hoidap.toml", env=env)
    assert config.store == "qdrant-edge:///x"
    assert "secret" not in str(config.to_dict())


@edge_only
def test_edge_store_survives_a_reopen_and_switches_alias(tmp_path: Path) -> None:
    import json

    config = config_at(tmp_path, store="qdrant-edge")
    build_index(config, *make_corpus())
    root = tmp_path / "qdrant"
    first = json.loads((root / "ALIAS.json").read_text())["collection"]
    store = load_index(config)
    before = store.sparse_search("ca mau tiem", 3, "unaccented")
    # The build chose its graph search width for recall against exact search.
    dense = store.manifest["dense"]
    assert dense["ef_search"] in EF_CHOICES and dense["recall_at_5"] >= RECALL_TARGET
    # A rebuild fills a new collection, then switches the alias and drops the old one.
    build_index(config, *make_corpus())
    second = json.loads((root / "ALIAS.json").read_text())["collection"]
    assert second != first
    assert sorted(p.name for p in (root / "collections").iterdir()) == [second]
    again = load_index(config)
    assert again.sparse_search("ca mau tiem", 3, "unaccented") == before

    # A build that fails half-way drops its own collection; the alias stays.
    class Failing(FakeEncoder):
        def encode_documents(self, texts: list[str]) -> np.ndarray:  # type: ignore[override]
            raise RuntimeError("encoder crashed")

    reports, chunks = make_corpus()
    with pytest.raises(RuntimeError):
        build_index(config, reports, chunks, rebuild=True, encoder=Failing())
    assert json.loads((root / "ALIAS.json").read_text())["collection"] == second
    assert len(load_index(config)) == 7


@edge_only
def test_sparse_vectors_score_as_bm25s(tmp_path: Path) -> None:
    local = load_index(_built(tmp_path / "l", "local"))
    edge = load_index(_built(tmp_path / "e", "qdrant-edge"))
    for query in [*QUERIES, "ca mau tiem 859463 nguoi giuong benh"]:
        a = local.sparse_search(query, 10, "unaccented")
        b = edge.sparse_search(query, 10, "unaccented")
        assert [c for c, _ in a] == [c for c, _ in b], query
        assert [s for _, s in a] == pytest.approx([s for _, s in b], rel=1e-5)


def _built(folder: Path, store: str) -> Config:
    config = config_at(folder, store=store)
    build_index(config, *make_corpus())
    return config


@pytest.mark.skipif(not (HAS_CLIENT and HAS_EDGE), reason="pip install 'hoidap[qdrant]'")
def test_client_adapter_against_local_mode(tmp_path: Path) -> None:
    """The cluster adapter's requests (collections, payload indexes, sparse IDF vectors,
    filters, alias switch, metadata) run against qdrant-client's local mode, and its
    answers match the embedded engine's."""
    from qdrant_client import QdrantClient

    from index.chunkstore import StoreSpec
    from index.qdrant import ClientBackend, QdrantStore, build_qdrant, open_qdrant

    client = QdrantClient(path=str(tmp_path / "local-mode"))
    spec = StoreSpec("qdrant", host="unused", collection="hoidap")
    config = config_at(tmp_path)
    backend = ClientBackend(client, "hoidap")

    import index.qdrant as q

    original = q.backend_for
    q.backend_for = lambda s: backend  # type: ignore[assignment]
    backend.close = lambda: None  # type: ignore[method-assign]
    try:
        build_qdrant(spec, config, *make_corpus())
        build_qdrant(spec, config, *make_corpus())  # alias moves to a new collection
        assert len(backend.collections()) == 1
        store = open_qdrant(spec, config)
    finally:
        q.backend_for = original  # type: ignore[assignment]
    assert isinstance(store, QdrantStore) and len(store) == 7
    edge = load_index(_built(tmp_path / "e", "qdrant-edge"))
    where = Where(provinces=frozenset({"Cà Mau", "Bạc Liêu"}))
    for query in QUERIES:
        assert [c for c, _ in store.dense_search(query, 4, where)] == [
            c for c, _ in edge.dense_search(query, 4, where)
        ]
        assert [c for c, _ in store.sparse_search(query, 4, "unaccented")] == [
            c for c, _ in edge.sparse_search(query, 4, "unaccented")
        ]
    assert store.provinces() == edge.provinces()
    assert store.term_stats() == edge.term_stats()
    client.close()


@pytest.mark.skipif(
    not os.environ.get("HOIDAP_QDRANT_URL"),
    reason="set HOIDAP_QDRANT_URL=qdrant://host:6334/collection to test a live cluster",
)
def test_live_cluster(tmp_path: Path) -> None:
    config = config_at(tmp_path).replace(store=os.environ["HOIDAP_QDRANT_URL"])
    build_index(config, *make_corpus())
    store = load_index(config)
    assert len(store) == 7
    (top, _), *_ = store.sparse_search("ca mau tiem", 1, "unaccented")
    assert store.chunk_by_id(top).province == "Cà Mau"


@pytest.mark.slow
@pytest.mark.skipif(not HAS_RAY, reason="pip install 'hoidap[ray]'")
def test_ray_embeds_like_the_plain_loop(tmp_path: Path) -> None:
    """A few dozen chunks through Ray Data's actor pool (two workers, the fake encoder):
    the same vectors, in the same order, as the plain loop; cached ones are not sent."""
    from index.distributed import ray_embedder, shutdown

    reports, chunks = make_corpus()
    many = [
        dataclasses.replace(c, chunk_id=f"{c.chunk_id}-{i}", clean=f"{c.clean} {i}")
        for i in range(6)
        for c in chunks
    ]
    sent: list[int] = []
    config = config_at(tmp_path)
    inner = ray_embedder(config, workers=2)

    def embed(texts: list[str]) -> np.ndarray:
        sent.append(len(texts))
        return inner(texts)

    try:
        build_index(config, reports, many[:21], embed=embed)
        stats = build_index(config, reports, many, embed=embed)
    finally:
        shutdown()
    assert sent == [21, 21] and stats.embedded == 21 and stats.reused == 21
    plain = config_at(tmp_path / "plain")
    build_index(plain, reports, many)
    assert np.array_equal(
        np.load(config.index_path / "vectors.npy"), np.load(plain.index_path / "vectors.npy")
    )


@edge_only
def test_edge_store_searches_exactly_where_the_local_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qdrant's graph under a filter that keeps a few percent of the points lost answers
    (recall@5 0.93 at 300k chunks): like the local store, a small collection and a
    filter down to few chunks (a report's, small provinces') are scored exactly; a large
    collection unfiltered or under a large filter walks the graph."""
    import index.qdrant as qdrant

    config = config_at(tmp_path, store="qdrant-edge")
    build_index(config, *make_corpus())
    store = load_index(config)
    asked: list[bool] = []
    search = store.backend.search

    def spy(*args: object, exact: bool = False, **kw: object) -> object:
        asked.append(exact)
        return search(*args, exact=exact, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(store.backend, "search", spy)
    vector = FakeEncoder().encode_queries(["tiêm vắc xin"])[0]
    everywhere = store.dense_search(vector, 3)
    assert asked == [True]  # 7 chunks: exact
    monkeypatch.setattr(qdrant, "FLAT_LIMIT", 0)
    sizes = store.backend.value_counts(store.collection, "province")
    small = min(sizes, key=sizes.__getitem__)
    monkeypatch.setattr(qdrant, "FILTERED_EXACT_LIMIT", sizes[small])
    asked.clear()
    store.dense_search(vector, 3)
    store.dense_search(vector, 3, Where(provinces=frozenset({small})))
    store.dense_search(vector, 3, Where(provinces=frozenset(sizes)))
    assert asked == [False, True, len(sizes) == 1]
    assert store.dense_search(vector, 3) == everywhere  # the graph finds them here too
