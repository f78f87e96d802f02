"""A question's word segmentation is remembered by its exact text (``ingest.nlp.segment_question``):
underthesea reads case ("Sóc Trăng" is one word, "sóc trăng tính" is split otherwise), so a
text and its lowercase form must each get their own segmentation, and a benchmark that
forgets the questions it asked forgets their segmentations too. Real underthesea."""

from __future__ import annotations

from typing import Any

from ingest.nlp import segment, segment_question
from qa.query import understand

# Texts whose lowercase form underthesea segments differently (found on eval/gold.jsonl).
CASED = "Số ca tử vong do bệnh lý nền ở Sóc Trăng tính đến 19/02/2022 là bao nhiêu?"


def test_each_exact_text_has_its_own_segmentation() -> None:
    segment_question.cache_clear()
    lower = CASED.lower()
    assert segment(CASED) != segment(lower)  # else this test could not fail
    for text in (CASED, lower, CASED, lower):
        assert segment_question(text) == segment(text)
    assert segment_question.cache_info().hits == 2


def test_a_question_read_twice_is_segmented_once_and_read_the_same() -> None:
    segment_question.cache_clear()
    first = understand(CASED)
    misses = segment_question.cache_info().misses
    again = understand(CASED)
    assert segment_question.cache_info().misses == misses
    assert again == first


def test_forgetting_the_questions_forgets_their_segmentation(
    fake_index: Any,
) -> None:
    from hoidap.config import Config
    from qa.pipeline import Pipeline

    pipeline = Pipeline(fake_index, Config(encoder="fake"))
    pipeline.ask(CASED)
    assert segment_question.cache_info().currsize > 0
    pipeline.retriever.forget_questions()
    assert segment_question.cache_info().currsize == 0
