"""Work done while the question is embedded changes no answer.

``Pipeline.ask`` embeds the question on a helper thread (``HybridRetriever.prefetch``) and,
meanwhile, scores the sentences of the chunks BM25 ranks first (``Answerer.prescore``);
the answer stage finishes those with their hit's rank. These tests hold the answers
(text, citations, confidence, hits and every sentence's score and cues) to be the same
to the last bit as when everything is computed after retrieval, on the bundled reports.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import numpy as np
import pytest

from hoidap.types import Hit
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.matching import _phrase, holds_phrase
from qa.query import search_text_of, understand
from qa.retrieve import HybridRetriever
from qa.sentences import split_sentences
from tests.unit.test_qa_coverage import CHUNKS, QUESTIONS

ASKED = [
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "Bắc Giang có bao nhiêu ca mắc COVID-19?",
    "ca mau co bao nhieu ca tu vong",
    "How many people were vaccinated in Ca Mau?",
    "Sóc Trăng thực hiện những biện pháp nào để phòng chống dịch?",
    "Quyết định phê duyệt kế hoạch được ban hành ngày nào?",
]


@pytest.fixture
def free_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper is taken however busy the test machine is, and waited for as long as it
    needs to begin (these tests are about what it computes, not how fast)."""
    import qa.retrieve

    monkeypatch.setattr(qa.retrieve, "_spare_core", lambda: True)
    monkeypatch.setattr(qa.retrieve, "_HANDOFF_S", 5.0)


def _answer(answer: Any) -> tuple[Any, ...]:
    return (
        answer.text,
        answer.abstained,
        answer.confidence,
        answer.citations,
        [(h.chunk.chunk_id, h.score, h.rank, h.scores) for h in answer.hits],
    )


@pytest.mark.parametrize("question", QUESTIONS)
def test_sentences_scored_ahead_rank_as_scored_after(question: str) -> None:
    weights = TermWeights(CHUNKS)
    answerer = Answerer(weights)
    query = understand(question)
    hits = [Hit(c, 1.0 / i, i) for i, c in enumerate(CHUNKS, start=1)]
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[:2], cover, lambda: False)
    assert len(cover.partials) == sum(len(split_sentences(c)) for c in CHUNKS[:2])
    ahead = answerer.rank_sentences(query, hits, cover=cover)
    after = answerer.rank_sentences(query, hits)
    assert ahead == after  # scores, cues, figures and hits, exactly


def test_prescoring_stops_when_the_vector_is_ready() -> None:
    answerer = Answerer(TermWeights(CHUNKS))
    query = understand(QUESTIONS[0])
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS, cover, lambda: True)
    assert cover.partials == {}


def test_asking_with_the_helper_answers_as_without(
    fake_index: Any, monkeypatch: pytest.MonkeyPatch, free_core: None
) -> None:
    from hoidap.config import Config
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    # The fake encoder is done before any sentence is scored: keep the vector "not ready"
    # so every question's first chunks are scored ahead.
    monkeypatch.setattr(pipeline.retriever, "vector_ready", lambda _text: False)
    scored_ahead: list[int] = []
    prescore = pipeline.answerer.prescore

    def counting(query: Any, chunks: Any, cover: Any, stop: Any, **more: Any) -> None:
        prescore(query, chunks, cover, stop, **more)
        scored_ahead.append(len(cover.partials))

    monkeypatch.setattr(pipeline.answerer, "prescore", counting)
    for question in ASKED:
        pipeline.prefetch = True
        pipeline.retriever.forget_questions()
        ahead = pipeline.ask(question)
        pipeline.prefetch = False
        pipeline.retriever.forget_questions()
        after = pipeline.ask(question)
        assert _answer(ahead) == _answer(after), question
    assert len(scored_ahead) >= 4 and min(scored_ahead) > 0


class _SlowIndex:
    """Embeds by hashing, once released: counts its calls and the threads making them."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.calls: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.calls.append(threading.current_thread().name)
        self.release.wait(5)
        return np.full(4, float(len(text)), dtype=np.float32)


def test_a_prefetched_vector_is_computed_once_on_a_helper(free_core: None) -> None:
    index = _SlowIndex()
    retriever = HybridRetriever(index, weights={"vi": {}})  # type: ignore[arg-type]
    assert retriever.prefetch("Cà Mau tiêm bao nhiêu người?")
    assert not retriever.vector_ready("Cà Mau tiêm bao nhiêu người?")
    index.release.set()
    vector = retriever.query_vector("Cà Mau tiêm bao nhiêu người?")
    assert vector.tolist() == [28.0] * 4
    assert retriever.query_vector("Cà Mau tiêm bao nhiêu người?") is vector
    assert len(index.calls) == 1 and index.calls[0].startswith("hoidap-query")
    assert retriever.vector_ready("Cà Mau tiêm bao nhiêu người?")


def test_forgetting_drops_prefetched_vectors(free_core: None) -> None:
    index = _SlowIndex()
    index.release.set()
    retriever = HybridRetriever(index, weights={"vi": {}})  # type: ignore[arg-type]
    retriever.prefetch("một")
    retriever.query_vector("một")
    retriever.forget_questions()
    retriever.query_vector("một")
    assert len(index.calls) == 2


def test_without_a_spare_core_the_asking_thread_embeds(monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.retrieve

    monkeypatch.setattr(qa.retrieve, "_spare_core", lambda: False)
    index = _SlowIndex()
    index.release.set()
    retriever = HybridRetriever(index, weights={"vi": {}})  # type: ignore[arg-type]
    assert not retriever.prefetch("một")
    retriever.query_vector("một")
    assert index.calls == [threading.current_thread().name]


def test_the_gate_reads_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not the machine's load average: the same answer however busy other jobs make it."""
    import qa.retrieve

    monkeypatch.setattr(qa.retrieve.os, "getloadavg", lambda: (64.0, 64.0, 64.0))
    monkeypatch.setattr(qa.retrieve, "_POOL_SIZE", 2)
    assert qa.retrieve._spare_core()
    monkeypatch.setattr(qa.retrieve, "_POOL_SIZE", 1)
    assert not qa.retrieve._spare_core()


def _questions_ahead(pipeline: Any, questions: list[str]) -> int:
    before = pipeline.asked_ahead
    for question in questions:
        pipeline.retriever.forget_questions()
        pipeline.ask(question)
    return int(pipeline.asked_ahead - before)


@pytest.fixture(autouse=True)
def _nothing_in_flight() -> None:
    """Each test starts from a calm process, whatever earlier tests left asking."""
    from qa.in_flight import IN_FLIGHT

    IN_FLIGHT.reset()


def test_a_question_begun_before_a_reset_does_not_count_itself_out_after_it() -> None:
    """A child forked while a question is in flight resets the count; that question's
    exit in the child must not take the count below zero (no helper ever again)."""
    from qa.in_flight import _InFlight

    flight = _InFlight()
    begun = flight.question()
    assert begun.__enter__()
    flight.reset()
    begun.__exit__(None, None, None)
    assert flight.count == 0
    with flight.question() as alone:
        assert alone and flight.count == 1


def test_a_question_alone_in_the_process_is_embedded_on_a_helper(
    fake_index: Any, free_core: None
) -> None:
    from hoidap.config import Config
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    assert _questions_ahead(pipeline, ASKED[:3]) == 3


def test_with_another_question_in_flight_no_helper_is_taken(
    fake_index: Any, free_core: None
) -> None:
    """Another question being answered, by this pipeline or another one of the process
    (a server's swapped-in index), keeps the other core busy: no hand-off, same answers."""
    from hoidap.config import Config
    from qa.in_flight import IN_FLIGHT
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    other = Pipeline(fake_index, Config(encoder="fake"))
    alone = [_answer(pipeline.ask(q)) for q in ASKED[:3]]
    with IN_FLIGHT.question() as first:  # what ``other.ask`` holds while it answers
        assert first and IN_FLIGHT.count == 1
        pipeline.retriever.forget_questions()
        assert _questions_ahead(pipeline, ASKED[:3]) == 0
        assert _questions_ahead(other, ASKED[:3]) == 0
        pipeline.retriever.forget_questions()
        busy = [_answer(pipeline.ask(q)) for q in ASKED[:3]]
    assert IN_FLIGHT.count == 0
    assert busy == alone
    # The first question after a crowd finds itself alone but takes no helper: the one
    # that finished before it had company (a server's clients come back). The next does.
    assert _questions_ahead(other, ASKED[:1]) == 0
    assert _questions_ahead(other, ASKED[1:3]) == 2


def test_questions_that_keep_overlapping_never_take_a_helper() -> None:
    """Two clients taking turns: each question begins beside the other's, or alone in a
    gap between requests right after one that had company; none takes the helper."""
    from qa.in_flight import _InFlight

    flight = _InFlight()
    taken = []
    a = flight.question()
    taken.append(a.__enter__())  # a quiet start: the first may
    b = flight.question()
    taken.append(b.__enter__())  # beside a
    a.__exit__(None, None, None)
    b.__exit__(None, None, None)
    for _ in range(3):
        c = flight.question()
        taken.append(c.__enter__())  # alone in a gap, but b had company
        d = flight.question()
        taken.append(d.__enter__())
        c.__exit__(None, None, None)
        d.__exit__(None, None, None)
    assert taken == [True] + [False] * 7
    with flight.question() as lone:  # after a crowd: alone, but not yet calm
        assert not lone
    with flight.question() as lone:
        assert lone
    assert flight.count == 0


def test_one_usable_core_takes_no_helper(fake_index: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import qa.retrieve
    from hoidap.config import Config
    from qa.pipeline import Pipeline

    monkeypatch.setattr(qa.retrieve, "_HANDOFF_S", 5.0)
    monkeypatch.setattr(qa.retrieve, "_POOL_SIZE", 1)
    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    assert _questions_ahead(pipeline, ASKED[:2]) == 0


def test_a_refused_filter_hands_nothing_to_a_helper(fake_index: Any, free_core: None) -> None:
    from hoidap.config import Config
    from hoidap.errors import InputError
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    pipeline.prefetch = True
    with pytest.raises(InputError):
        pipeline.ask("Cà Mau tiêm bao nhiêu người?", province="Atlantis")
    assert pipeline.asked_ahead == 0 and not pipeline.retriever._pending


def test_a_forked_child_forgets_its_parents_prefetches(free_core: None) -> None:
    import qa.retrieve

    index = _SlowIndex()
    retriever = HybridRetriever(index, weights={"vi": {}})  # type: ignore[arg-type]
    assert retriever.prefetch("một")  # its helper waits: still running at the "fork"
    running, parents_slots = retriever._pending["một"], qa.retrieve._POOL_SLOTS
    qa.retrieve._forget_parent_prefetches()  # what os.fork runs in the child
    try:
        assert not retriever._pending
        # The child's permits are all free again.
        slots = qa.retrieve._POOL_SLOTS
        assert slots is not parents_slots
        taken = [slots.acquire(blocking=False) for _ in range(qa.retrieve._POOL_SIZE)]
        assert all(taken)
        for _ in taken:
            slots.release()
    finally:
        # Back to this process's permits before its helper finishes and returns one.
        qa.retrieve._POOL_SLOTS = parents_slots
        index.release.set()
        running.result(timeout=5)


def test_a_real_forked_child_asks_without_its_parents_helper(free_core: None) -> None:
    """After ``os.fork`` the child has none of the parent's helper threads: a question the
    parent was embedding on one must be embedded again in the child, not waited for."""
    import os

    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    index = _SlowIndex()
    retriever = HybridRetriever(index, weights={"vi": {}})  # type: ignore[arg-type]
    assert retriever.prefetch("một")  # its helper waits for the release: running at the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            index.release.set()
            got: list[Any] = []
            asking = threading.Thread(target=lambda: got.append(retriever.query_vector("một")))
            asking.start()
            asking.join(timeout=20)
            os.write(write, b"hung" if not got else str(got[0].tolist()).encode())
        finally:
            os._exit(0)
    os.close(write)
    try:
        _, status = os.waitpid(pid, 0)
        assert os.read(read, 64) == str([3.0] * 4).encode() and status == 0
    finally:
        index.release.set()
        os.close(read)


def test_search_text_is_read_as_understand_reads_it() -> None:
    for question in [*ASKED, "  Cà   Mau\ttiêm bao nhiêu? "]:
        assert search_text_of(question) == understand(question).search_text


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("tiêm vắc xin cho người dân", "vắc xin"),
        ("tiêm vắc xinh", "vắc xin"),
        ("đã tiêm_vắc xin", "vắc xin"),
        ("vắc xin", "vắc xin"),
        ("2vắc xin", "vắc xin"),
        ("vắc xin², vắc xin.", "vắc xin"),
        ("ca mắc mới, ca mắc", "ca mắc"),
        ("", "ca mắc"),
    ],
)
def test_phrases_are_found_as_the_pattern_finds_them(text: str, phrase: str) -> None:
    want = _phrase(phrase.replace(" ", "_")).search(text) is not None
    assert holds_phrase(text, phrase) == want
    assert want == (re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None)


def test_a_forked_child_starts_with_no_question_in_flight() -> None:
    """A child forked while its parent answers a question (a thread of the parent holding
    the count) would otherwise count that question for ever and never take a helper."""
    import os

    from qa.in_flight import IN_FLIGHT

    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    with IN_FLIGHT.question():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            try:
                with IN_FLIGHT.question() as may:
                    os.write(write, f"{IN_FLIGHT.count} {may}".encode())
            finally:
                os._exit(0)
        os.close(write)
        try:
            os.waitpid(pid, 0)
            assert os.read(read, 64) == b"1 True"
        finally:
            os.close(read)


def _features(cands: Any) -> list[tuple[Any, ...]]:
    """Everything a candidate is, its features in their order too."""
    return [(c.scored, c.figure, c.lead, list(c.features.items())) for c in cands]


@pytest.mark.parametrize("question", [*QUESTIONS, *ASKED[4:]])
def test_candidates_worked_out_ahead_are_the_ones_worked_out_after(question: str) -> None:
    """The parts of the candidates worked out while the question is embedded (with the
    chunks in BM25's order, here the reverse of the hits') are finished with the hits'
    ranks into exactly the candidates worked out from nothing after retrieval."""
    from qa.candidates import MAX_SENTENCES, candidates
    from qa.scorer import shipped

    answerer = Answerer(TermWeights(CHUNKS), scorer=shipped())
    query = understand(question)
    hits = [
        Hit(c, 1.0 / i, i, {"bm25": 2.0 / i, "dense": 0.5 + 0.1 * i})
        for i, c in enumerate(CHUNKS, start=1)
    ]
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[::-1], cover, lambda: False)
    ahead_keys = [k for k in cover.partials if k in cover.parts]
    assert ahead_keys  # worked out ahead
    ahead = answerer.rank_sentences(query, hits, cover=cover, limit=MAX_SENTENCES)
    after = answerer.rank_sentences(query, hits)
    assert ahead == after[:MAX_SENTENCES]
    got = candidates(query, ahead, parts=cover.parts)
    assert _features(got) == _features(candidates(query, after))
    assert answerer.answer(query, hits, cover) == answerer.answer(query, hits)


def test_parts_of_another_reading_are_worked_out_anew() -> None:
    """A sentence asked for with other figures than those its parts were worked out with
    (another reading of the question, or a scoring made apart) gets parts of its own."""
    from qa.candidates import SentenceParts

    answerer = Answerer(TermWeights(CHUNKS))
    query = understand(QUESTIONS[0])
    hit = Hit(CHUNKS[0], 1.0, 1)
    first = answerer.rank_sentences(query, [hit])
    best = next(s for s in first if len(s.figures) > 1)
    parts = SentenceParts(query)
    whole = parts.of(best.sentence, best.figures)
    assert parts.of(best.sentence, best.figures) is whole
    fewer = parts.of(best.sentence, best.figures[:1])
    assert [f for f, _, _ in fewer[1]] == [best.figures[0][1]]
    assert [f for f, _, _ in whole[1]] == [m for _, m, _, _ in best.figures]


def test_candidates_of_another_question_do_not_read_its_parts() -> None:
    from qa.candidates import SentenceParts, candidates

    answerer = Answerer(TermWeights(CHUNKS))
    query, other = understand(QUESTIONS[0]), understand(QUESTIONS[1])
    ranked = answerer.rank_sentences(query, [Hit(CHUNKS[0], 1.0, 1)])
    foreign = SentenceParts(other)
    assert _features(candidates(query, ranked, parts=foreign)) == _features(
        candidates(query, ranked)
    )
    assert not any((s.sentence.chunk.chunk_id, s.sentence.index) in foreign for s in ranked)


def test_deeper_chunks_are_scored_last_and_only_with_time_left() -> None:
    """The chunks past those an answer reads are scored after the ones it reads and their
    candidates, and not at all once the vector is in."""
    from qa.scorer import shipped

    answerer = Answerer(TermWeights(CHUNKS), scorer=shipped())
    query = understand(QUESTIONS[0])
    cover = answerer.cover(query)
    asked: list[int] = []

    def stop() -> bool:  # the vector arrives once the first chunk's candidates are done
        asked.append(len(cover.partials))
        return len(asked) > 1 + len(split_sentences(CHUNKS[0]))

    answerer.prescore(query, CHUNKS[:1], cover, stop, deeper=CHUNKS[1:])
    assert {k[0] for k in cover.partials} == {CHUNKS[0].chunk_id}
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[:1], cover, lambda: False, deeper=CHUNKS[1:])
    assert {k[0] for k in cover.partials} == {c.chunk_id for c in CHUNKS}


def test_without_a_core_of_its_own_only_the_chunks_read_are_scored_ahead() -> None:
    """``more`` false (the asking thread has not had its core): the chunks an answer reads
    are scored ahead as before, no candidates and no deeper chunk."""
    from qa.scorer import shipped

    answerer = Answerer(TermWeights(CHUNKS), scorer=shipped())
    query = understand(QUESTIONS[0])
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[:1], cover, lambda: False, CHUNKS[1:], lambda: False)
    assert {k[0] for k in cover.partials} == {CHUNKS[0].chunk_id}
    assert not any(k in cover.parts for k in cover.partials)
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[:1], cover, lambda: False, CHUNKS[1:], lambda: True)
    assert {k[0] for k in cover.partials} == {c.chunk_id for c in CHUNKS}
    assert any(k in cover.parts for k in cover.partials)


@pytest.mark.parametrize(
    ("more", "vector_ready", "read"), [(False, False, 0), (True, True, 0), (True, False, 1)]
)
def test_deeper_chunks_are_read_only_when_they_will_be_scored(
    more: bool, vector_ready: bool, read: int
) -> None:
    """The pipeline hands the deeper chunks over as a reading of the index, done only once
    ``more`` says the thread had its core and the vector is not ready yet."""
    answerer = Answerer(TermWeights(CHUNKS))
    query = understand(QUESTIONS[0])
    reads: list[int] = []

    def deeper() -> list[Any]:
        reads.append(1)
        return CHUNKS[1:]

    cover = answerer.cover(query)
    asked = [0]

    def stop() -> bool:  # the vector arrives once the first chunk is scored, if at all
        asked[0] += 1
        return vector_ready and asked[0] > 1

    answerer.prescore(query, CHUNKS[:1], cover, stop, deeper, lambda: more)
    assert len(reads) == read
    assert {k[0] for k in cover.partials} == {c.chunk_id for c in (CHUNKS if read else CHUNKS[:1])}


def test_a_thread_that_waited_has_not_had_its_core() -> None:
    """The gate is a function of the wall and CPU time spent since the question was
    handed over: judged on numbers, no clock read."""
    from qa.pipeline import CORE_SHARE, _core_share_met

    assert _core_share_met(0.0, 0.0)  # no time yet
    assert _core_share_met(-1.0, 0.0)  # a clock read before the mark: no time yet
    assert not _core_share_met(0.05, 0.0)  # 50 ms of wall, no CPU: it waited
    assert not _core_share_met(0.05, 0.05 * CORE_SHARE * 0.9)  # just under its share
    assert _core_share_met(0.05, 0.05 * CORE_SHARE)  # exactly its share
    assert _core_share_met(0.05, 1.0)  # more CPU than wall: it had its core


# Questions of every kind the pipeline answers, on the bundled reports: figures, a date, a
# list, English, a comparison, a body that leads a plan's task, an explanation, a purpose.
EVERY_KIND = [
    *ASKED,
    "Cà Mau và Sóc Trăng, tỉnh nào tiêm nhiều hơn?",
    "Cơ quan nào chủ trì phòng, chống dịch nếu dịch bệnh kéo dài sang năm 2024 ở Trà Vinh?",
    "Vì sao Sóc Trăng tổ chức giao ban công tác báo chí?",
    "Trà Vinh ban hành kế hoạch phòng, chống dịch COVID-19 nhằm mục đích gì?",
]


@pytest.mark.parametrize("more", [True, False])
def test_work_ahead_stopped_anywhere_answers_as_without(
    fake_index: Any, monkeypatch: pytest.MonkeyPatch, free_core: None, more: bool
) -> None:
    """Whenever the vector arrives (before the first chunk, between any two steps of the
    work ahead, or never) and whether or not the asking thread had its core (``more``),
    every kind of question is answered as with no work ahead."""
    import qa.pipeline
    from hoidap.config import Config
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    monkeypatch.setattr(qa.pipeline, "_had_core", lambda _wall, _cpu: more)
    asked = [0]
    stop_at: list[int | None] = [None]

    def ready(_text: str) -> bool:
        asked[0] += 1
        return stop_at[0] is not None and asked[0] > stop_at[0]

    monkeypatch.setattr(pipeline.retriever, "vector_ready", ready)
    worked_ahead: list[str] = []
    for question in EVERY_KIND:
        pipeline.prefetch = False
        pipeline.retriever.forget_questions()
        after = _answer(pipeline.ask(question))
        stop_at[0], asked[0] = None, 0
        pipeline.prefetch = True
        pipeline.retriever.forget_questions()
        assert _answer(pipeline.ask(question)) == after, question
        steps = asked[0]  # how often the work ahead asked whether to stop, never stopped
        if steps:
            worked_ahead.append(question)
        for at in sorted({0, 1, steps // 3, steps // 2, steps - 1}):
            stop_at[0], asked[0] = at, 0
            pipeline.retriever.forget_questions()
            assert _answer(pipeline.ask(question)) == after, (question, at)
    # All were worked on ahead but the comparison, answered side by side after retrieval,
    # and the question without diacritics, whose words are read from its passages once they
    # are retrieved (qa/folded_words.py).
    assert set(EVERY_KIND) - set(worked_ahead) == {
        EVERY_KIND[len(ASKED)],
        "ca mau co bao nhieu ca tu vong",
    }
