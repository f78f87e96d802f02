"""Sentence vectors: how close a question is to a candidate sentence, not only to its passage.

The learned answer scorer (qa/candidates.py, ``sentence_dense``) reads the cosine of the
question's vector and each candidate sentence's vector: in a passage of ten figures, the
sentence that says what the question asks is closer to it than its neighbours, whatever
words they share (an English question shares none). Embedding a sentence at question time
costs ~20 ms each, dozens per question, so sentences are embedded when the index is built,
with the passage side of the same encoder, and a question needs one dot product with the
vector the dense search already computed.

Which sentences: those with a figure or a date (``embeds``), about a third of a report's
text, so a cold build embeds ~25% more tokens rather than twice as many (every sentence
would cost ~75% more, ``eval/README.md``). A candidate sentence without a vector (a name,
a list item, an explanation) is scored with its passage's similarity instead
(qa/candidates.py). Front matter is left out: it answers only questions about the document.

Vectors are keyed like passage vectors (index/cache.py ``vector_key`` of the sentence's
text under the encoder), so an unchanged re-index embeds nothing, a changed report only its
changed sentences, and the vectors shipped beside the bundled reports (``data/vectors``,
``sentence_*`` files) make a fresh checkout's build instant. On disk, beside the passage
vectors: ``sentence_vectors.npy`` (float32) and ``sentence_keys.json``. No pickle.

>>> embeds("Toàn tỉnh đã tiêm 859.463 người."), embeds("Tăng cường công tác tuyên truyền.")
(True, False)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from hoidap.sentences import is_front_matter, split_sentences
from hoidap.text import cached_dates, cached_numbers
from hoidap.types import Chunk
from index.cache import VectorCache, vector_key
from index.encoders import Encoder

VECTORS_FILE = "sentence_vectors.npy"
KEYS_FILE = "sentence_keys.json"
# Which sentences are embedded: part of the freshness digest (index/freshness.py), so an
# index built under another rule is rebuilt by the next ``hoidap index``.
SELECTION = "figure-or-date-1"


def embeds(quote: str) -> bool:
    """Whether a sentence gets a vector at index time: it states a figure or a date."""
    return bool(cached_numbers(quote)) or bool(cached_dates(quote))


def sentence_texts(chunks: Iterable[Chunk]) -> list[str]:
    """The texts of the chunks' sentences that get a vector, each once, in reading order
    (the sentence's ``quote``, as the answerer splits it)."""
    out: dict[str, None] = {}
    for chunk in chunks:
        for s in split_sentences(chunk):
            if s.quote not in out and embeds(s.quote) and not is_front_matter(s.quote):
                out[s.quote] = None
    return list(out)


class SentenceVectors:
    """Sentence vectors by text: the question's similarity to the sentences it has.

    >>> vectors = SentenceVectors.load(Path("data/index"), encoder)      # doctest: +SKIP
    >>> vectors.similarities(question_vector, ["Đã tiêm 859.463 người."])  # doctest: +SKIP
    [0.84]
    """

    def __init__(self, cache: VectorCache, encoder: Encoder) -> None:
        self.cache = cache
        self.encoder = encoder

    def __len__(self) -> int:
        return len(self.cache)

    @classmethod
    def load(cls, folder: Path, encoder: Encoder) -> SentenceVectors:
        """The sentence vectors saved in ``folder`` (none when absent or damaged: an index
        built before them answers with its passages' similarity)."""
        return cls(load_cache(folder), encoder)

    def similarities(self, query: np.ndarray, texts: Sequence[str]) -> list[float | None]:
        """Cosine of ``query`` (a normalised question vector) and each text's vector;
        None for a text without one."""
        if not len(self.cache):
            return [None] * len(texts)
        rows = [self.cache._rows.get(vector_key(self.encoder, t)) for t in texts]
        found = [r for r in rows if r is not None]
        if not found:
            return [None] * len(texts)
        if self.cache.vectors.shape[1] != query.shape[0]:
            return [None] * len(texts)
        sims = iter((self.cache.vectors[np.asarray(found)] @ query).tolist())
        return [float(next(sims)) if r is not None else None for r in rows]


def load_cache(folder: Path) -> VectorCache:
    """The sentence vector cache saved in ``folder`` (empty when absent or damaged)."""
    try:
        keys = json.loads((folder / KEYS_FILE).read_text(encoding="utf-8"))
        vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
        if len(keys) != len(vectors):
            return VectorCache.empty()
        return VectorCache(list(keys), np.asarray(vectors, dtype=np.float32))
    except (OSError, ValueError):
        return VectorCache.empty()


def save_cache(cache: VectorCache, folder: Path) -> None:
    np.save(
        folder / VECTORS_FILE,
        np.ascontiguousarray(cache.vectors, dtype=np.float32),
        allow_pickle=False,
    )
    (folder / KEYS_FILE).write_text(json.dumps(cache.keys), encoding="utf-8")
