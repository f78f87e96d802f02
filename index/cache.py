"""Passage vectors kept from the previous build, so re-indexing embeds only what changed.

A vector is keyed by a hash of what determines it: the encoder, its document prompt, the
cap on the tokens it reads (``passage_tokens``) and the chunk's text (``Chunk.clean``).
Chunk ids, positions and report names play no part, so a report that is renamed,
re-ordered or re-ingested costs nothing, and a changed report re-embeds only the chunks
whose text changed.

On disk: ``vectors.npy`` (float32, one row per chunk of the index, in chunk order) and
``vector_keys.json`` (the key of each row). No pickle.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from index.encoders import Encoder

VECTORS_FILE = "vectors.npy"
KEYS_FILE = "vector_keys.json"


def vector_key(encoder: Encoder, text: str) -> str:
    """The cache key of ``text``'s passage vector under ``encoder``."""
    parts = [encoder.name, encoder.document_prompt, text]
    cap = int(getattr(encoder, "passage_tokens", 0) or 0)
    if cap > 0:  # the model read only the opening of a longer text
        parts.insert(2, f"passage_tokens={cap}")
    material = "\x1f".join(parts)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


class VectorCache:
    """Rows of a float32 matrix looked up by key."""

    def __init__(self, keys: list[str], vectors: np.ndarray) -> None:
        if len(keys) != len(vectors):
            raise ValueError(f"{len(keys)} keys for {len(vectors)} vectors")
        self.keys = keys
        self.vectors = vectors
        self._rows = {k: i for i, k in enumerate(keys)}

    @classmethod
    def empty(cls) -> VectorCache:
        return cls([], np.zeros((0, 0), dtype=np.float32))

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def row(self, key: str) -> int:
        return self._rows[key]

    def merged(self, other: VectorCache) -> VectorCache:
        """This cache plus the rows of ``other`` it lacks (``self`` wins on a shared key)."""
        extra = [k for k in other.keys if k not in self._rows]
        if not extra:
            return self
        if not self.keys:
            return other
        if self.vectors.shape[1] != other.vectors.shape[1]:
            return self  # another encoder's dimension: nothing to share
        rows = np.asarray([other.row(k) for k in extra])
        return VectorCache(self.keys + extra, np.vstack([self.vectors, other.vectors[rows]]))

    @classmethod
    def load(cls, folder: Path) -> VectorCache:
        """The cache of the index in ``folder``; empty when there is none or it is damaged
        (a cache can only save time, never break a build)."""
        try:
            keys = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
            vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
            return cls(list(keys), np.asarray(vectors, dtype=np.float32))
        except (OSError, ValueError):
            return cls.empty()

    def save(self, folder: Path) -> None:
        np.save(
            folder / VECTORS_FILE,
            np.ascontiguousarray(self.vectors, dtype=np.float32),
            allow_pickle=False,
        )
        (folder / KEYS_FILE).write_text(json.dumps(self.keys), encoding="utf-8")
