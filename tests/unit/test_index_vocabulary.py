"""index.vocabulary: the compact BM25 vocabulary answers as the dict it replaces."""

from __future__ import annotations

import pytest

import index.vocabulary
from index.vocabulary import Vocabulary

TOKENS = ["cà_mau", "tiêm", "859.463", "859463", "vắc_xin", "tử_vong", "ca", "cá", "", "\ud800"]


def _dict() -> dict[str, int]:
    # Ids in another order than the tokens', as bm25s may number them.
    return {t: (i * 7) % len(TOKENS) for i, t in enumerate(TOKENS)}


def test_every_token_found_and_others_not() -> None:
    vocab = _dict()
    compact = Vocabulary(vocab)
    assert len(compact) == len(vocab)
    for token, i in vocab.items():
        assert compact.get(token) == i
    for other in ["Cà_mau", "ca_mau", "859", "tiêm ", "xin", "\ud801"]:
        assert compact.get(other) is None
        assert compact.get(other, -1) == -1
    assert compact.tokens() == sorted(vocab, key=vocab.__getitem__)


def test_tokens_with_one_hash_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    # Three hash values for all tokens: every lookup meets collisions.
    monkeypatch.setattr(index.vocabulary, "_hash", lambda t: len(t) % 3)
    vocab = _dict()
    compact = Vocabulary(vocab)
    for token, i in vocab.items():
        assert compact.get(token) == i
    assert compact.get("cà") is None
    assert compact.get("zzz") is None


def test_ids_must_number_the_tokens() -> None:
    with pytest.raises(ValueError, match=r"not 0\.\.1"):
        Vocabulary({"a": 0, "b": 2})
    with pytest.raises(ValueError, match=r"not 0\.\.1"):
        Vocabulary({"a": 1, "b": 1})
