"""Sentence vectors (index/sentences.py): which sentences get one, built and cached with the
index like passage vectors, and the question's similarity read back with a dot product."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from hoidap.config import Config
from hoidap.types import Chunk
from index.encoders import FakeEncoder
from index.sentences import KEYS_FILE, VECTORS_FILE, embeds, sentence_texts
from index.store import build_index, load_index
from qa.answer import Scored
from qa.candidates import candidates
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

TEXTS = [
    "Cà Mau đã tiêm 859.463 người. Tăng cường công tác tuyên truyền.",
    "Ngày 16/11/2021 toàn tỉnh ghi nhận 34.659 ca mắc.",
    "Cần Thơ, ngày 18 tháng 11 năm 2025",
]


def _chunks(texts: Sequence[str] = TEXTS) -> list[Chunk]:
    return [make_chunk(t, ordinal=i, line_start=i + 1) for i, t in enumerate(texts)]


def _config(tmp_path: Path, name: str = "index", seed: Path | None = None) -> Config:
    return Config(
        home=tmp_path,
        index_dir=tmp_path / name,
        encoder="fake",
        vector_seed=seed or tmp_path / "none",
    )


class Counting(FakeEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        self.texts += list(texts)
        return super().encode_documents(texts)


def test_only_sentences_with_a_figure_or_a_date_and_no_front_matter() -> None:
    assert embeds("Đã tiêm 859.463 người.") and embeds("Từ ngày 19/7/2021 giãn cách.")
    assert not embeds("Tăng cường công tác tuyên truyền.")
    texts = sentence_texts(_chunks() + _chunks())  # each sentence once
    assert texts == [
        "Cà Mau đã tiêm 859.463 người.",
        "Ngày 16/11/2021 toàn tỉnh ghi nhận 34.659 ca mắc.",
    ]


def test_built_with_the_index_and_read_back_as_cosines(tmp_path: Path) -> None:
    enc = Counting()
    config = _config(tmp_path)
    build_index(config, [], _chunks(), encoder=enc)
    store = load_index(config, encoder=enc)
    assert store.manifest["sentences"] == {
        "selection": "figure-or-date-1",
        "vectors": 2,
        "embedded": 2,
    }
    question = enc.encode_queries(["Cà Mau tiêm bao nhiêu người?"])[0]
    texts = ["Cà Mau đã tiêm 859.463 người.", "Tăng cường công tác tuyên truyền."]
    sims = store.sentence_similarities(question, texts)
    expected = float(enc.encode_documents([texts[0]])[0] @ question)
    assert sims[0] is not None and abs(sims[0] - expected) < 1e-6
    assert sims[1] is None  # no figure, no date: no vector


def test_unchanged_rebuild_embeds_no_sentence_and_a_seed_fills_a_fresh_index(
    tmp_path: Path,
) -> None:
    enc = Counting()
    config = _config(tmp_path, "a")
    build_index(config, [], _chunks(), encoder=enc)
    first = len(enc.texts)
    build_index(config, [], _chunks(), encoder=enc)
    assert len(enc.texts) == first  # passages and sentences all reused
    changed = _chunks([TEXTS[0], "Ngày 17/11/2021 ghi nhận 35.000 ca mắc.", TEXTS[2]])
    build_index(config, [], changed, encoder=enc)
    assert enc.texts[first:] == [
        "Ngày 17/11/2021 ghi nhận 35.000 ca mắc.",  # the passage
        "Ngày 17/11/2021 ghi nhận 35.000 ca mắc.",  # its one sentence
    ]
    seed = tmp_path / "seed"
    seed.mkdir()
    for name in (VECTORS_FILE, KEYS_FILE, "vectors.npy", "vector_keys.json"):
        shutil.copy(config.index_path / name, seed / name)
    fresh = Counting()
    build_index(_config(tmp_path, "b", seed), [], changed, encoder=fresh)
    assert fresh.texts == []
    build_index(_config(tmp_path, "b", seed), [], changed, encoder=fresh, rebuild=True)
    assert len(fresh.texts) == 3 + 2


def test_an_index_without_sentence_vectors_answers_none(tmp_path: Path) -> None:
    enc = FakeEncoder()
    config = _config(tmp_path)
    build_index(config, [], _chunks(), encoder=enc)
    for name in (VECTORS_FILE, KEYS_FILE):
        (config.index_path / name).unlink()
    store = load_index(config, encoder=enc)
    question = enc.encode_queries(["Cà Mau"])[0]
    assert store.sentence_similarities(question, ["Cà Mau đã tiêm 859.463 người."]) == [None]


def test_candidates_read_the_sentence_similarity_or_fall_back_to_the_passage(
    tmp_path: Path,
) -> None:
    from hoidap.sentences import split_sentences
    from hoidap.types import Hit

    chunk = _chunks()[0]
    hit = Hit(chunk, 1.0, 1, {"dense": 0.5})
    first, second = split_sentences(chunk)
    ranked = [
        Scored(s, 1.0 - i / 10, 0.5, None, False, hit=hit) for i, s in enumerate([first, second])
    ]
    query = understand("Cà Mau tiêm bao nhiêu người?")

    def similarity(q: object, sentences: Sequence[object]) -> list[float | None]:
        return [0.9 if s is first else None for s in sentences]

    feats = [c.features for c in candidates(query, ranked, similarity=similarity)]
    assert [f["sentence_dense"] for f in feats] == [0.9, 0.5]
    assert [round(f["sentence_dense_gap"], 6) for f in feats] == [0.0, -0.4]
    plain = [c.features for c in candidates(query, ranked)]
    assert [f["sentence_dense"] for f in plain] == [0.5, 0.5]
