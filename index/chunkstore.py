"""The one interface qa reads an index through: a ``ChunkStore``, keyed by ``chunk_id``.

Two kinds implement it: ``local`` (the FAISS + bm25s folder, default; index/local.py)
and Qdrant (``qdrant-edge:///folder`` in-process, or ``qdrant://host:6334/collection``
on a cluster; index/qdrant.py). The ``store`` setting picks one (hoidap.toml or
``HOIDAP_STORE``).

Searches take a :class:`Where` and apply it inside the search, so a question about one
province ranks that province's chunks only: nothing is fetched and thrown away, and a
filtered search cannot lose its own province's chunks to a candidate cut-off.
Text analysis (underthesea words, stop words, number forms) and fusion stay in hoidap:
a store returns one ranked candidate list per retriever.
"""

from __future__ import annotations

import datetime as dt
import importlib
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from hoidap.errors import ConfigError
from hoidap.text import dates_in
from hoidap.types import Chunk, Report


def rebuild_hint(command: str = "hoidap index") -> str:
    """What to run when an index cannot be read: ``command --rebuild``, ``command`` being
    the one that builds that index (``hoidap.config.index_command``: with ``--index-dir``
    when the user asked for another folder than data/index, so that the rebuild it names is
    of the index that failed, not of data/index). A store keeps its ``command`` for the
    errors it meets after it was opened (a file cut short while a server runs)."""
    return f"chạy / run `{command} --rebuild`"


# (first day, last day, granularity) of each date a chunk writes: what a date question
# is checked against. Computed once at index time, not per question.
DateSpan = tuple[dt.date, dt.date, str]
# A search hit: the chunk's id and the retriever's own score (higher is better).
Scored = tuple[str, float]

# Words for qa's term weights (rare words say more): the same pattern qa matches with.
TERM_WORD = re.compile(r"\w+(?:[.,/]\d+)*")


@dataclass(frozen=True)
class Where:
    """Which chunks a search may return: any of ``provinces`` (a chunk's province), any of
    ``reports`` (source file names), and reports whose period overlaps ``since..until``
    (a report with no known period always passes). Empty means no limit.

    >>> Where(provinces=frozenset({"Cà Mau"})).empty
    False
    """

    provinces: frozenset[str] = frozenset()
    reports: frozenset[str] = frozenset()
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def empty(self) -> bool:
        return not (self.provinces or self.reports or self.since or self.until)

    def allows(self, chunk: Chunk, period: tuple[dt.date | None, dt.date | None]) -> bool:
        """The reference semantics every store implements inside its search."""
        if self.provinces and chunk.province not in self.provinces:
            return False
        if self.reports and chunk.source not in self.reports:
            return False
        start, end = period
        if self.since and end and end < self.since:
            return False
        return not (self.until and start and start > self.until)


@dataclass(frozen=True)
class TermStats:
    """Document frequencies of :data:`TERM_WORD` words over all chunks (folded and
    lower-cased text), kept by the store so qa never scans every chunk."""

    n: int
    df: dict[str, int]

    @classmethod
    def of(cls, chunks: Iterable[Chunk]) -> TermStats:
        df: Counter[str] = Counter()
        n = 0
        for chunk in chunks:
            df.update(term_words(chunk))
            n += 1
        return cls(n, dict(df))

    def plus(self, other: TermStats, sign: int = 1) -> TermStats:
        """These counts with ``other``'s added (or removed, ``sign=-1``)."""
        df = Counter(self.df)
        for word, count in other.df.items():
            df[word] += sign * count
        return TermStats(self.n + sign * other.n, {w: c for w, c in df.items() if c > 0})

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "df": self.df}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TermStats:
        return cls(int(data["n"]), {str(k): int(v) for k, v in data["df"].items()})


def term_words(chunk: Chunk) -> set[str]:
    return set(TERM_WORD.findall(chunk.unaccented)) | set(TERM_WORD.findall(chunk.clean.lower()))


def chunk_dates(chunk: Chunk) -> list[DateSpan]:
    """The dates a chunk writes, years filled from its report's issue date."""
    year = chunk.report_issued.year if chunk.report_issued else None
    return [(d.first, d.last, d.granularity) for d in dates_in(chunk.clean, year)]


# Where qa's sentence analysis lives (index does not import qa: it is looked up by name).
_ANALYSIS = "qa.prepared"


def sentence_analysis() -> Callable[[Chunk], str] | None:
    """qa's analysis of a chunk's sentences (``qa.prepared.analysed``: its sentences, and
    their dates, figures and qualifiers), which a build stores with each chunk so that a
    question reads it instead of working it out; None without qa. An index stored without
    it still answers alike: qa then works it out as before."""
    try:
        module = importlib.import_module(_ANALYSIS)
    except ImportError:
        return None
    analysed: Callable[[Chunk], str] = module.analysed
    return analysed


def analysis_fingerprint() -> str:
    """The fingerprint of the analysis code a build would store ("" without qa): part of
    an index's freshness digest, so ``hoidap index`` rebuilds when that code changes."""
    try:
        module = importlib.import_module("qa.sentences")
    except ImportError:
        return ""
    return str(module.analysis_fingerprint())


def stored_chunk(chunk: Chunk, analyse: Callable[[Chunk], str] | None) -> dict[str, Any]:
    """The chunk as an index stores it: :meth:`Chunk.to_dict` and, when ``analyse`` is
    given, its sentence analysis (``Chunk.from_dict`` reads both back)."""
    data = chunk.to_dict()
    if analyse is not None:
        data["analysis"] = analyse(chunk)
    return data


def dates_to_json(spans: Sequence[DateSpan]) -> list[list[str]]:
    return [[a.isoformat(), b.isoformat(), g] for a, b, g in spans]


def dates_from_json(data: Sequence[Sequence[str]]) -> list[DateSpan]:
    return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b), g) for a, b, g in data]


def report_periods(reports: Iterable[Report]) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Each report's covered period for :class:`Where`'s date range: its stated period,
    else its issue date."""
    return {r.report_id: (r.period_start or r.issued, r.period_end or r.issued) for r in reports}


# Searches fetch this many more hits than asked, so that exact ties at the cut are broken
# by chunk id too, not by an engine's internal order.
TIE_SLACK = 8


def best_first(hits: Iterable[Scored], k: int) -> list[Scored]:
    """The ``k`` best hits by score, exact ties by chunk id: every store lists the same
    hits alike (searches ask for ``k + TIE_SLACK``). Searches give their hits best first,
    mostly without a tie: those are kept as they are (a sort by a key built for each of
    ~200 hits was ~0.1 ms of every search).

    >>> best_first([("b", 0.9), ("a", 0.5)], 5), best_first([("b", 0.5), ("a", 0.5)], 1)
    ([('b', 0.9), ('a', 0.5)], [('a', 0.5)])
    """
    hits = list(hits)
    scores = [h[1] for h in hits]
    if all(map(operator.gt, scores, scores[1:])):
        return hits[:k]  # strictly decreasing: the order by score is the only one
    return sorted(hits, key=lambda h: (-h[1], h[0]))[:k]


def top_k(scores: np.ndarray, k: int, positive: bool = False) -> np.ndarray:
    """Indexes of the ``k`` best scores, best first, ties by index: argpartition then a
    sort of the ``k`` only (never a full sort of every candidate)."""
    n = len(scores)
    if positive:
        keep = np.flatnonzero(scores > 0)
        if len(keep) == 0 or k <= 0:
            return keep[:0]
        return keep[top_k(scores[keep], k)]
    k = min(k, n)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k] if k < n else np.arange(n)
    order = np.lexsort((part, -scores[part]))
    return np.asarray(part[order], dtype=np.int64)


@runtime_checkable
class ChunkStore(Protocol):
    """What qa needs from an index. Every search answers ``(chunk_id, score)`` pairs, best
    first (exact ties by chunk id), at most ``k``, only chunks the ``where`` allows.

    >>> store = load_index(config)                                    # doctest: +SKIP
    >>> store.sparse_search("Cà Mau tiêm bao nhiêu", 3, where=Where(frozenset({"Cà Mau"})))
    ... # doctest: +SKIP
    [('6f0c…', 12.3), ...]
    """

    kind: str
    manifest: dict[str, Any]
    reports: list[Report]
    location: str

    def __len__(self) -> int: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def dense_search(
        self, query: str | np.ndarray, k: int, where: Where | None = None
    ) -> list[Scored]: ...

    def sparse_search(
        self, query: str, k: int, field: str = "segmented", where: Where | None = None
    ) -> list[Scored]: ...

    def chunk_by_id(self, chunk_id: str) -> Chunk: ...

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]: ...

    def iter_chunks(self) -> Iterator[Chunk]: ...

    def report_chunks(self, report_id: str) -> list[Chunk]: ...

    def dates_of(self, chunk_ids: Sequence[str]) -> dict[str, list[DateSpan]]: ...

    def provinces(self) -> frozenset[str]: ...

    def term_stats(self) -> TermStats: ...

    def known_vectors(self, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def warm_up(self) -> None: ...


# ------------------------------------------------------------------- the setting


@dataclass(frozen=True)
class StoreSpec:
    """The ``store`` setting, read: ``local``, ``qdrant-edge:///folder`` or
    ``qdrant://host:6334/collection`` (``qdrants://`` for TLS)."""

    kind: str  # "local" | "qdrant-edge" | "qdrant"
    path: Path | None = None
    host: str = ""
    port: int = 6334
    collection: str = "hoidap"
    tls: bool = False

    @property
    def is_qdrant(self) -> bool:
        return self.kind in {"qdrant-edge", "qdrant"}


def parse_store(setting: str, home: Path | None = None) -> StoreSpec:
    """Read the ``store`` setting; a bad one is a ConfigError naming the accepted forms."""
    value = (setting or "local").strip()
    if value == "local":
        return StoreSpec("local")
    if value.startswith("qdrant-edge://"):
        raw = value[len("qdrant-edge://") :]
        if not raw:
            raise ConfigError(
                f"store {setting!r} names no folder",
                "viết / write store = 'qdrant-edge:///đường/dẫn' (an absolute or relative path)",
            )
        path = Path(raw)
        if not path.is_absolute() and home is not None:
            path = home / path
        return StoreSpec("qdrant-edge", path=path)
    for scheme, tls in (("qdrants://", True), ("qdrant://", False)):
        if value.startswith(scheme):
            rest = value[len(scheme) :]
            hostport, _, collection = rest.partition("/")
            host, _, port = hostport.partition(":")
            if not host or (port and not port.isdigit()):
                break
            return StoreSpec(
                "qdrant",
                host=host,
                port=int(port or 6334),
                collection=collection.strip("/") or "hoidap",
                tls=tls,
            )
    raise ConfigError(
        f"không hiểu store = {setting!r} / unknown store {setting!r}",
        "dùng / use 'local', 'qdrant-edge:///folder' or 'qdrant://host:6334/collection'",
    )
