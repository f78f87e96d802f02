"""Dense search: exact below the size limit, HNSW above, same answers after save/load,
filters inside the search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.dense import (
    EF_CHOICES,
    RECALL_TARGET,
    DenseIndex,
    choose_ef,
    exact_top,
    probe_queries,
    question_probes,
    recall_at,
)
from index.encoders import FakeEncoder


def _unit_vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize(("flat_limit", "kind"), [(1000, "flat"), (100, "hnsw")])
def test_kind_follows_size_and_survives_save_load(
    tmp_path: Path, flat_limit: int, kind: str
) -> None:
    vectors = _unit_vectors(300)
    index = DenseIndex.build(vectors, flat_limit=flat_limit)
    assert (index.kind, index.size, index.dim) == (kind, 300, 32)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.kind == kind
    assert np.array_equal(np.asarray(loaded.vectors), vectors)  # one copy, either way
    for row in (0, 17, 299):
        hits = loaded.search_rows(vectors[row], 5)
        assert hits == index.search_rows(vectors[row], 5)
        assert hits[0][0] == row and hits[0][1] == pytest.approx(1.0, abs=1e-5)


def test_hits_are_cosines_best_first_and_exact_for_flat() -> None:
    vectors = _unit_vectors(50)
    query = _unit_vectors(1, seed=1)[0]
    hits = DenseIndex.build(vectors).search_rows(query, 10)
    expected = np.argsort(-(vectors @ query))[:10]
    assert [p for p, _ in hits] == expected.tolist()
    assert [s for _, s in hits] == pytest.approx((vectors @ query)[expected].tolist(), abs=1e-5)


def test_k_larger_than_the_index_and_empty_index() -> None:
    vectors = _unit_vectors(3)
    assert len(DenseIndex.build(vectors).search_rows(vectors[0], 100)) == 3
    empty = DenseIndex.build(np.zeros((0, 32), dtype=np.float32))
    assert empty.search_rows(vectors[0], 5) == []


def test_query_of_the_wrong_dimension_is_refused() -> None:
    index = DenseIndex.build(_unit_vectors(5))
    with pytest.raises(ValueError, match="16 dimensions, the index 32"):
        index.search_rows(np.ones(16, dtype=np.float32), 3)


@pytest.mark.parametrize("flat_limit", [1000, 100])
def test_filtered_search_scores_only_allowed_rows(flat_limit: int) -> None:
    vectors = _unit_vectors(300)
    index = DenseIndex.build(vectors, flat_limit=flat_limit)
    rows = np.arange(7, 300, 10)
    query = _unit_vectors(1, seed=3)[0]
    expected = rows[np.argsort(-(vectors[rows] @ query))[:5]]
    for exact_limit in (1000, 0):  # exact over the rows, or the graph with an ID selector
        hits = index.search_rows(query, 5, rows, exact_limit=exact_limit)
        assert {r for r, _ in hits} <= set(rows.tolist())
        if index.kind == "flat" or exact_limit:
            assert [r for r, _ in hits] == expected.tolist()
    assert index.search_rows(query, 5, np.array([], dtype=np.int64)) == []


def test_graph_search_width_is_chosen_for_recall_among_near_duplicates() -> None:
    """Report corpora repeat template paragraphs across provinces and years with small
    edits: here 30 templates x 80 copies (cosine ~0.99 to their template), each copy
    shifted alike in all its paragraphs. A narrow graph search misses some of the exact
    top 5 among them; the build measures that on its own probes and widens the search."""
    rng = np.random.default_rng(0)
    templates = _unit_vectors(30, dim=64)
    rows = np.arange(30 * 80)
    shift = rng.normal(0, 0.008, (80, 64))
    noisy = templates[rows % 30] + shift[rows // 30] + rng.normal(0, 0.018, (len(rows), 64))
    vectors = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    index = DenseIndex.build(vectors, flat_limit=1000)
    assert index.kind == "hnsw"
    assert index.ef_search in EF_CHOICES and index.recall is not None
    assert index.recall >= RECALL_TARGET
    probes = [probe_queries(vectors, 100)]
    narrow, narrow_recall = index.choose_ef(probes, choices=(5,))
    assert narrow == 5 and narrow_recall < RECALL_TARGET  # the probes do see misses
    ef, recall = index.choose_ef(probes, choices=(5, 32, 400))
    assert ef > 5 and recall >= RECALL_TARGET
    # Question-like queries the build never saw: the chosen width finds the exact top 5.
    queries = templates[rng.integers(0, 30, 40)] + rng.normal(0, 0.06, (40, 64))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    hits = [index.search_rows(q, 5) for q in queries]
    found = np.array([[r for r, _ in h] for h in hits])
    scores = np.array([[s for _, s in h] for h in hits])
    assert recall_at(exact_top(vectors, queries, 5), found, scores) >= RECALL_TARGET


def test_ef_choice_needs_the_recall_surely_reached() -> None:
    """A recall measured on a few hundred neighbour slots is an estimate: 0.99 on 500 slots
    may be 0.975 in truth, so it does not settle the 0.98 target; on 5,000 slots it does."""
    from index.dense import reaches

    assert reaches(1.0, 500) and reaches(0.996, 500)
    assert not reaches(0.99, 500) and not reaches(0.98, 500)
    assert reaches(0.99, 5000) and not reaches(0.98, 5000)


def test_ef_choice_widens_for_the_harder_probe_set() -> None:
    """The chosen ef must serve every probe set. One graph over spread-out vectors and
    tight groups of near-duplicates: probes among the spread-out ones (each its own best
    match) are served by a narrow search, mixes of near-duplicates from different groups
    need a wider one, and the two sets together get the wider ef."""
    rng = np.random.default_rng(2)
    spread = _unit_vectors(1000, dim=48, seed=4)
    templates = _unit_vectors(10, dim=48, seed=1)
    rows = np.arange(10 * 100)
    noisy = templates[rows % 10] + rng.normal(0, 0.05, (len(rows), 48))
    groups = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    index = DenseIndex.build(np.vstack([spread, groups]), flat_limit=100)
    easy = np.ascontiguousarray(spread[rng.integers(0, len(spread), 100)])
    hard = probe_queries(groups, 100, seed=3)
    choices = (2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)
    easy_ef, _ = index.choose_ef([easy], choices=choices)
    hard_ef, hard_recall = index.choose_ef([hard], choices=choices)
    assert easy_ef < hard_ef and hard_recall >= RECALL_TARGET
    assert index.choose_ef([easy, hard], choices=choices) == (hard_ef, hard_recall)


def test_ef_choice_takes_the_first_width_every_set_surely_reaches() -> None:
    """The method alone, over a search whose misses shrink as ef grows (a probe set with
    ``misses[ef]`` neighbour slots wrong): a set that misses more pushes the choice wider;
    a width short of the target on any set is never taken; none reached gives the widest
    choice and the recall seen there."""
    vectors = _unit_vectors(200, dim=16, seed=2)
    probes = [vectors[:50], vectors[50:100]]
    exact = {id(p): exact_top(vectors, p, 5) for p in probes}
    misses = {id(probes[0]): {8: 20, 16: 0, 32: 0}, id(probes[1]): {8: 60, 16: 30, 32: 0}}

    def search_with(table: dict[int, dict[int, int]]):  # type: ignore[no-untyped-def]
        def search(queries: np.ndarray, ef: int) -> tuple[np.ndarray, np.ndarray]:
            top = exact[id(queries)]
            found = np.array([sorted(ids) for ids, _ in top], dtype=np.int64)
            scores = np.ones(found.shape, dtype=np.float32)
            found.reshape(-1)[: table[id(queries)][ef]] = -1  # wrong slots
            scores[:] = -1.0
            return found, scores

        return search

    assert choose_ef(search_with(misses), vectors, probes[:1], choices=(8, 16, 32))[0] == 16
    assert choose_ef(search_with(misses), vectors, probes, choices=(8, 16, 32)) == (32, 1.0)
    ef, recall = choose_ef(search_with(misses), vectors, probes, choices=(8, 16))
    assert ef == 16 and recall == 1 - 30 / 250


def test_question_probes_are_query_vectors_of_the_chunks_own_words() -> None:
    encoder = FakeEncoder(dim=64)
    texts = ["tỉnh Cà Mau tiêm vắc xin cho trẻ em từ 5 đến 11 tuổi trong tháng 3 năm 2022"] * 3
    probes = question_probes(encoder, texts, n=8, seed=0)
    assert probes.shape == (8, 64)
    assert np.allclose(np.linalg.norm(probes, axis=1), 1.0, atol=1e-5)
    # Each probe is some run of the text's words, so it shares direction with the text.
    assert (probes @ encoder.encode_documents(texts[:1])[0] > 0.3).all()


def test_identical_vectors_are_one_graph_node_and_every_row_is_found(tmp_path: Path) -> None:
    """Identical texts share a vector; the graph holds it once and gives back its rows.
    Hits keep the exact scores, filters keep to their rows, and save/load keeps both."""
    rng = np.random.default_rng(5)
    distinct = _unit_vectors(400, dim=32, seed=5)
    copies = rng.integers(0, 400, 600)  # 600 further rows repeating some of them
    vectors = np.vstack([distinct, distinct[copies]])
    index = DenseIndex.build(vectors, flat_limit=100)
    assert index.kind == "hnsw" and index.size == 1000 and len(index.vectors) == 400
    assert np.array_equal(index.row_vectors(), vectors)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    loaded.ef_search = index.ef_search = 400
    for query in distinct[:20]:
        hits = index.search_rows(query, 5)
        exact = np.sort(vectors @ query)[::-1][:5]
        assert np.allclose([s for _, s in hits], exact, atol=1e-5)
        assert all(np.isclose(vectors[r] @ query, s, atol=1e-5) for r, s in hits)
        assert loaded.search_rows(query, 5) == hits
    rows = np.arange(0, 1000, 3)
    for query in distinct[:20]:
        hits = index.search_rows(query, 5, rows, exact_limit=10)
        assert {r for r, _ in hits} <= set(rows.tolist())
        exact = np.sort(vectors[rows] @ query)[::-1][:5]
        assert np.allclose([s for _, s in hits], exact, atol=1e-5)


def test_a_graph_short_of_the_target_at_every_width_gives_way_to_exact_search() -> None:
    """Among near-duplicates a search of width 1 misses much of the exact top 5: when no
    allowed width reaches the target, the build keeps exact search and says why."""
    rng = np.random.default_rng(0)
    templates = _unit_vectors(30, dim=64)
    rows = np.arange(30 * 40)
    noisy = templates[rows % 30] + rng.normal(0, 0.02, (len(rows), 64))
    vectors = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
    index = DenseIndex.build(vectors, flat_limit=100, choices=(1,))
    assert index.kind == "flat" and index.index is None
    assert index.graph is not None and index.graph[0] == 1 and index.graph[1] < RECALL_TARGET
    query = vectors[7]
    assert index.search_rows(query, 5) == DenseIndex(vectors, "flat").search_rows(query, 5)
    assert DenseIndex.build(vectors, flat_limit=100).kind == "hnsw"  # wide enough: a graph
