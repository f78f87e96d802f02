"""LangChain adapter: hoidap's hybrid retrieval as a ``BaseRetriever``.

Kept at the edge so that the core types never import LangChain. Each ``Document``
carries the citation metadata (report, province, section breadcrumb, line span),
so any LangChain chain built on it can still cite like hoidap does.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from hoidap.types import Hit


def hit_to_document(hit: Hit) -> Document:
    chunk = hit.chunk
    return Document(
        page_content=chunk.clean,
        id=chunk.chunk_id,
        metadata={
            "chunk_id": chunk.chunk_id,
            "report": chunk.source,
            "report_title": chunk.report_title,
            "province": chunk.province,
            "province_2025": chunk.province_2025,
            "section": chunk.breadcrumb,
            "lines": [chunk.line_start, chunk.line_end],
            "score": float(hit.score),
            "rank": hit.rank,
            "scores": dict(hit.scores),
        },
    )


class HoidapRetriever(BaseRetriever):
    """Usable in any LangChain chain: ``HoidapRetriever(pipeline=p, k=5).invoke("...")``.

    >>> retriever = HoidapRetriever(pipeline=Pipeline.from_config(cfg))  # doctest: +SKIP
    >>> retriever.invoke("Cà Mau tiêm bao nhiêu người")[0].metadata["section"]  # doctest: +SKIP
    'III. ... › 2. ... › d) Về công tác tiêm chủng'
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    pipeline: Any
    k: int = 5
    province: str | None = None
    report: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.pipeline.retrieve(query, k=self.k, province=self.province, report=self.report)
        return [hit_to_document(h) for h in hits]
