"""Small real objects for QA unit tests: chunks from real report sentences and a tiny
in-memory index with word-overlap search (no models)."""

from __future__ import annotations

import re
from typing import Any

from hoidap.text import fold, strip_markdown
from hoidap.types import Chunk, stable_id

CA_MAU = "001_fa29380e2daf4212.txt"
SOC_TRANG = "000_3a8c0decba8df780.txt"


def make_chunk(
    text: str,
    *,
    source: str = CA_MAU,
    province: str = "Cà Mau",
    path: tuple[str, ...] = ("III. KẾT QUẢ", "d) Về công tác tiêm chủng"),
    line_start: int = 133,
    ordinal: int = 0,
) -> Chunk:
    clean = strip_markdown(text)
    return Chunk(
        chunk_id=stable_id(source, path, ordinal, text),
        report_id=stable_id(source),
        source=source,
        province=province,
        section_id=stable_id(source, path),
        section_path=path,
        ordinal=ordinal,
        text=text,
        clean=clean,
        segmented=clean.lower(),
        unaccented=fold(clean),
        line_start=line_start,
        line_end=line_start + text.count("\n"),
        char_start=0,
        char_end=len(text),
        report_title="Báo cáo",
        report_issued=None,
    )


class WordIndex:
    """Scores chunks by shared folded words: enough to drive the fusion and filters."""

    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.reports: list[Any] = []

    def _search(self, text: str, k: int) -> list[tuple[int, float]]:
        q = set(re.findall(r"\w+", fold(text)))
        scored = [
            (i, float(len(q & set(re.findall(r"\w+", c.unaccented)))))
            for i, c in enumerate(self.chunks)
        ]
        scored = [s for s in scored if s[1] > 0]
        return sorted(scored, key=lambda s: (-s[1], s[0]))[:k]

    def embed_query(self, text: str) -> str:
        return text

    def dense_search(self, query: Any, k: int) -> list[tuple[int, float]]:
        return self._search(str(query), k)

    def sparse_search(
        self, query: str, k: int, field: str = "segmented"
    ) -> list[tuple[int, float]]:
        return self._search(query, k)
