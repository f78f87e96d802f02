"""Dense search: exact below the size limit, HNSW above, same answers after save/load,
filters inside the search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.dense import EF_CHOICES, RECALL_TARGET, DenseIndex, exact_top, recall_at


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
    narrow, narrow_recall = index.choose_ef(choices=(5,))
    assert narrow == 5 and narrow_recall < RECALL_TARGET  # the probes do see misses
    ef, recall = index.choose_ef(choices=(5, 32, 400))
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
