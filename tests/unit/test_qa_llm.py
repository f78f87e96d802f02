"""Generated answers are accepted only when grounded; tested with a fake chat model."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from hoidap.types import Hit
from qa.answer import Draft
from qa.llm import LLMAnswerer, build_prompt, check
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

CHUNK = make_chunk("Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.")
HITS = [Hit(CHUNK, 1.0, 1)]
QUERY = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
FALLBACK = Draft("extractive [1]", (), False)


def _answer(reply: str) -> Draft:
    return LLMAnswerer(FakeListChatModel(responses=[reply])).answer(QUERY, HITS, FALLBACK)


def test_grounded_answer_is_kept_with_its_citation() -> None:
    draft = _answer("Cà Mau đã tiêm cho 859.463 người [1].")
    assert draft.text == "Cà Mau đã tiêm cho 859.463 người [1]."
    assert [c.report for c in draft.citations] == [CHUNK.source]


def test_invented_figure_falls_back() -> None:
    assert _answer("Cà Mau đã tiêm cho 900.000 người [1].") is FALLBACK


def test_missing_or_unknown_citation_falls_back() -> None:
    assert _answer("Cà Mau đã tiêm cho 859.463 người.") is FALLBACK
    assert _answer("Cà Mau đã tiêm cho 859.463 người [2].") is FALLBACK


def test_check_and_prompt() -> None:
    assert check("859.463 người [1]", HITS) == [1]
    assert check("859.463 người", HITS) is None
    messages = build_prompt(QUERY, HITS)
    assert messages[0][0] == "system" and "[1]" in messages[1][1] and QUERY.text in messages[1][1]


def test_unreachable_endpoint_keeps_the_extractive_answer() -> None:
    class Broken:
        def invoke(self, _messages: object) -> object:
            raise ConnectionError("no server")

    assert LLMAnswerer(Broken()).answer(QUERY, HITS, FALLBACK) is FALLBACK
