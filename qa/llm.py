"""Optional generated answers from an OpenAI-compatible chat endpoint, checked.

Intranets run vLLM, Ollama or a llama.cpp server; any of them is reached through
LangChain's chat-model interface. A generated answer is accepted only when every
[n] it cites exists and every figure it writes occurs in a cited passage;
otherwise the extractive answer stands. Off unless ``llm_base_url`` is set.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from hoidap.config import Config
from hoidap.errors import ExtraMissingError
from hoidap.text import number_values
from hoidap.types import Citation, Hit
from qa.answer import Draft
from qa.query import Query

SYSTEM_VI = (
    "Bạn là trợ lý trả lời câu hỏi dựa trên báo cáo của UBND tỉnh. Chỉ dùng các đoạn được đánh "
    "số bên dưới. Mỗi câu trả lời phải trích dẫn [n]. Giữ nguyên số liệu như trong báo cáo. "
    "Nếu các đoạn không có thông tin, trả lời đúng câu: KHÔNG TÌM THẤY."
)
_MARKER = re.compile(r"\[(\d+)\]")
NOT_FOUND = "KHÔNG TÌM THẤY"


def build_prompt(query: Query, hits: Sequence[Hit]) -> list[tuple[str, str]]:
    passages = "\n\n".join(
        f"[{i}] ({h.chunk.province} · {h.chunk.breadcrumb})\n{h.chunk.clean}"
        for i, h in enumerate(hits, start=1)
    )
    lang = "Trả lời bằng tiếng Anh." if query.language == "en" else "Trả lời bằng tiếng Việt."
    return [("system", f"{SYSTEM_VI} {lang}"), ("human", f"{passages}\n\nCâu hỏi: {query.text}")]


def check(text: str, hits: Sequence[Hit]) -> list[int] | None:
    """The cited passage numbers if the answer is grounded, else None."""
    markers = sorted({int(m) for m in _MARKER.findall(text)})
    if not markers or any(not 1 <= m <= len(hits) for m in markers):
        return None
    cited = set().union(*(number_values(hits[m - 1].chunk.clean) for m in markers))
    stated = number_values(_MARKER.sub(" ", text))
    return markers if stated <= cited else None


class LLMAnswerer:
    """Generates with ``chat_model`` (any LangChain chat model) and verifies the result."""

    def __init__(self, chat_model: Any) -> None:
        self.chat_model = chat_model

    @classmethod
    def from_config(cls, config: Config) -> LLMAnswerer:
        try:
            from langchain_openai import ChatOpenAI
        except ImportError:
            raise ExtraMissingError("LLM answers", "llm") from None
        model = ChatOpenAI(
            base_url=config.llm_base_url,
            model=config.llm_model or "default",
            api_key=config.llm_api_key or "not-needed",
            temperature=0,
        )
        return cls(model)

    def answer(self, query: Query, hits: Sequence[Hit], fallback: Draft) -> Draft:
        try:
            reply = self.chat_model.invoke(build_prompt(query, hits))
        except Exception:  # an unreachable endpoint must not cost the user the answer
            return fallback
        text = str(getattr(reply, "content", reply)).strip()
        if NOT_FOUND in text.upper():
            return (
                Draft(fallback.text if fallback.abstained else text, (), True)
                if fallback.abstained
                else fallback
            )
        markers = check(text, hits)
        if markers is None:
            return fallback
        citations = tuple(
            Citation(
                m,
                hits[m - 1].chunk.chunk_id,
                hits[m - 1].chunk.source,
                hits[m - 1].chunk.province,
                hits[m - 1].chunk.breadcrumb,
                (hits[m - 1].chunk.line_start, hits[m - 1].chunk.line_end),
                hits[m - 1].chunk.clean,
            )
            for m in markers
        )
        return Draft(text, citations, False)
