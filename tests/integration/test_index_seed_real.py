"""The shipped seed vectors (data/vectors) cover the bundled corpus and are what the
bundled encoder computes today; if this fails, regenerate them: `hoidap index --rebuild`,
then copy data/index/vectors.npy and vector_keys.json into data/vectors/."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from hoidap.config import Config
from index.cache import VectorCache, vector_key
from index.encoders import load_encoder

pytestmark = pytest.mark.integration


def test_seed_covers_every_bundled_chunk(corpus: Any, real_config: Config) -> None:
    seed = VectorCache.load(real_config.path(real_config.vector_seed))
    encoder = load_encoder(real_config)
    missing = [c.chunk_id for c in corpus.chunks if vector_key(encoder, c.clean) not in seed]
    assert missing == []


def test_seed_vectors_match_the_encoder(corpus: Any, real_config: Config) -> None:
    seed = VectorCache.load(real_config.path(real_config.vector_seed))
    encoder = load_encoder(real_config)
    sample = corpus.chunks[:: max(1, len(corpus.chunks) // 4)][:4]
    fresh = encoder.encode_documents([c.clean for c in sample])
    stored = np.stack([seed.vectors[seed.row(vector_key(encoder, c.clean))] for c in sample])
    assert np.all(np.sum(fresh * stored, axis=1) > 0.999)
