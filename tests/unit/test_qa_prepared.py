"""The sentence analysis stored at index build reads exactly as qa would work it out, and
an index (or chunk) without one, or with one made by other code, still answers alike."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from hoidap.config import Config
from hoidap.text import cached_dates
from hoidap.types import Chunk
from index.local import CHUNKS, OFFSETS
from index.store import load_index
from qa import prepared
from qa.figures import _facts
from qa.qualifiers import find_qualifiers
from qa.sentences import (
    Sentence,
    analysis_fingerprint,
    in_capitals,
    is_front_matter,
    near_text,
    neighbourhood,
    split_sentences,
    split_text,
    stored_sentences,
)
from tests.unit.qa_fakes import make_chunk

QUESTIONS = (
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "Sóc Trăng có bao nhiêu ca mắc COVID-19 trong tháng 10/2021?",
    "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh bao nhiêu tiền?",
    "Tỷ lệ tiêm mũi 2 cho trẻ từ 12 đến 17 tuổi ở Cà Mau là bao nhiêu?",
    "Khi nào Sóc Trăng bắt đầu tiêm mũi 3?",
    "Những biện pháp nào được Bạc Liêu triển khai để phòng chống dịch?",
)


def _computed(sentence: Sentence) -> dict[str, Any]:
    """What qa works out for a sentence when nothing is stored."""
    issued = sentence.chunk.report_issued
    return {
        "dates": cached_dates(sentence.quote, issued.year if issued else None),
        "before": cached_dates(sentence.before),
        "near": cached_dates(near_text(sentence)),
        "facts": _facts(sentence.quote),
        "qualifiers": find_qualifiers(sentence.folded),
        "near_qualifiers": find_qualifiers(
            neighbourhood(sentence.chunk.unaccented, sentence.folded)
        ),
        "front": is_front_matter(sentence.quote),
        "capitals": in_capitals(sentence.quote),
    }


def _read(sentence: Sentence) -> dict[str, Any]:
    """What the readers give (from the stored analysis when the sentence has one)."""
    return {
        "dates": prepared.written_dates(sentence),
        "before": prepared.before_dates(sentence),
        "near": prepared.near_dates(sentence),
        "facts": prepared.figure_facts(sentence),
        "qualifiers": prepared.qualifiers(sentence),
        "near_qualifiers": prepared.near_qualifiers(sentence),
        "front": prepared.front_matter(sentence, is_front_matter),
        "capitals": prepared.capitals(sentence),
    }


def test_every_bundled_sentence_reads_as_computed(fake_index: Any) -> None:
    """All sentences of the five bundled reports, as the index stored them."""
    checked = 0
    for chunk in fake_index.iter_chunks():
        assert chunk.analysis, chunk.chunk_id
        stored = stored_sentences(chunk)
        assert stored is not None
        computed = split_text(chunk)
        assert stored == computed  # quote, original, line, folded, lower, before
        for a, b in zip(stored, computed, strict=True):
            assert a.stored is not None and b.stored is None
            assert (a.original, a.lower, a.before) == (b.original, b.lower, b.before)
            assert _read(a) == _computed(b)
            assert _read(b)["facts"] is None  # the figure ranking works it out itself
            checked += 1
    assert checked > 1500


def test_a_chunk_carries_its_analysis_only_in_the_index() -> None:
    chunk = make_chunk("Lũy kế đến ngày 16/11/2021, tỉnh đã tiêm cho 859.463 người (mũi 2).")
    stored = replace(chunk, analysis=prepared.analyse(chunk))
    # Not part of the chunk's identity, nor of its JSON (answers, citations, the digest).
    assert stored == chunk and hash(stored) == hash(chunk)
    assert "analysis" not in stored.to_dict()
    assert Chunk.from_dict({**stored.to_dict(), "analysis": stored.analysis}) == chunk
    (sentence,) = stored_sentences(stored) or []
    assert [d.text for d in prepared.written_dates(sentence)] == ["16/11/2021"]
    assert prepared.qualifiers(sentence) == {("dose", "2"), ("status", "total")}  # "lũy kế"
    assert 859463 in [f.m.value for f in prepared.figure_facts(sentence) or ()]


def test_an_analysis_made_by_other_code_is_not_read() -> None:
    chunk = make_chunk("Tỉnh đã tiêm cho 859.463 người. Tỷ lệ đạt 74,8% dân số.")
    fingerprint, rows = json.loads(prepared.analyse(chunk))
    assert fingerprint == analysis_fingerprint()
    rows[0][0] = "Một câu khác hẳn, do mã cũ tách."
    other = replace(chunk, analysis=json.dumps(["0" * 20, rows], ensure_ascii=False))
    assert stored_sentences(other) is None
    assert stored_sentences(replace(chunk, analysis="not json")) is None
    split_sentences.cache_clear()
    sentences = split_sentences(other)
    assert [s.quote for s in sentences] == [
        "Tỉnh đã tiêm cho 859.463 người.",
        "Tỷ lệ đạt 74,8% dân số.",
    ]
    assert all(s.stored is None for s in sentences)


def test_an_analysis_of_the_current_code_is_kept_on_rebuild() -> None:
    chunk = make_chunk("Tỉnh đã tiêm cho 859.463 người.")
    made = prepared.analyse(chunk)
    assert prepared.analysed(replace(chunk, analysis=made)) is made
    assert prepared.analysed(chunk) == made


def _without_analysis(folder: Path) -> None:
    """Rewrite a local index as the code before stored analyses wrote it."""
    lines = (folder / CHUNKS).read_bytes().splitlines(keepends=True)
    offsets = [0]
    with (folder / CHUNKS).open("wb") as f:
        for line in lines:
            data = json.loads(line)
            assert data.pop("analysis")
            out = (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")
            f.write(out)
            offsets.append(offsets[-1] + len(out))
    np.save(folder / OFFSETS, np.asarray(offsets, dtype=np.int64), allow_pickle=False)


def _clear_sentence_caches() -> None:
    import hoidap.text
    import qa.figures
    import qa.qualifiers
    import qa.ranking

    for cached in (
        split_sentences,
        in_capitals,
        hoidap.text.cached_dates,
        qa.figures._facts,
        qa.qualifiers._qualifiers,
        qa.ranking._front_matter,
    ):
        cached.cache_clear()


def _answers(index: Any) -> tuple[list[dict[str, Any]], list[str]]:
    """Each question's answer as ``--json`` prints it (timings aside), and the chunks hit."""
    from qa.pipeline import Pipeline

    pipeline = Pipeline(index, Config(encoder="fake"))
    pipeline.prefetch = False
    out, hit = [], []
    for q in QUESTIONS:
        answer = pipeline.ask(q)
        hit += [h.chunk.chunk_id for h in answer.hits]
        data = answer.to_json()
        data.pop("timings_ms")
        out.append(data)
    return out, hit


def test_an_index_built_before_answers_alike(
    fake_index: Any, base_config: Config, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    shutil.copytree(fake_index.path, old)
    _without_analysis(old)
    old_index = load_index(base_config.replace(encoder="fake", index_dir=old))
    assert all(c.analysis is None for c in old_index.iter_chunks())
    _clear_sentence_caches()
    before, hit = _answers(old_index)
    read = [split_sentences(old_index.chunk_by_id(c)) for c in hit]
    assert read and all(s.stored is None for sentences in read for s in sentences)
    _clear_sentence_caches()
    now, hit_now = _answers(fake_index)
    read = [split_sentences(fake_index.chunk_by_id(c)) for c in hit_now]
    assert read and all(s.stored is not None for sentences in read for s in sentences)
    assert now == before and hit_now == hit
    assert any(a["citations"] for a in now)
