"""A cold build embeds each report's chunks while the next reports are read
(``index.store.EmbedAhead``): the index is the one a plain build makes, nothing is embedded
twice, and vectors the build would reuse are not embedded ahead."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import index.store
from index.cache import vector_key
from index.encoders import FakeEncoder
from index.store import EmbedAhead, build_index, load_index
from tests.unit.test_index_contract import config_at, make_corpus


def test_chunks_embedded_ahead_make_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports, chunks = make_corpus()
    plain_config = config_at(tmp_path / "plain")
    build_index(plain_config, reports, chunks, rebuild=True)
    plain = load_index(plain_config).dense.row_vectors()

    late: list[int] = []
    real_embed = index.store._embed
    monkeypatch.setattr(
        index.store,
        "_embed",
        lambda enc, texts, *a: late.append(len(texts)) or real_embed(enc, texts, *a),
    )
    encoder = FakeEncoder()
    ahead = EmbedAhead(encoder)
    half = len(chunks) // 2
    ahead.add(chunks[:half])
    ahead.add(chunks[half:])
    ahead.add(chunks[:1])  # a text already queued is not queued again
    config = config_at(tmp_path / "ahead")
    stats = build_index(config, reports, chunks, rebuild=True, encoder=encoder, ahead=ahead)
    assert late == [0]  # nothing left to embed after ingest
    assert stats.embedded == len({c.clean for c in chunks}) and stats.reused == 0
    assert np.array_equal(load_index(config).dense.row_vectors(), plain)


def test_known_vectors_are_not_embedded_ahead() -> None:
    _reports, chunks = make_corpus()
    encoder = FakeEncoder()
    known = {vector_key(encoder, chunks[0].clean)}
    ahead = EmbedAhead(encoder, known)
    ahead.add(chunks)
    cache, _seconds = ahead.result()
    assert set(cache.keys) == {vector_key(encoder, c.clean) for c in chunks} - known
    row = cache.row(vector_key(encoder, chunks[1].clean))
    assert np.array_equal(cache.vectors[row], encoder.encode_documents([chunks[1].clean])[0])
    empty = EmbedAhead(encoder)
    assert len(empty.result()[0]) == 0
