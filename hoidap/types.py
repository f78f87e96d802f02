"""Core values handed from stage to stage (ingest -> index -> qa -> ui/eval).

They are frozen so a chunk cannot drift from the text it cites, and each one
round-trips through plain JSON (``to_dict`` / ``from_dict``) because nothing in
hoidap is pickled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field
from typing import Any

BREADCRUMB_SEP = " › "


def stable_id(*parts: object, size: int = 16) -> str:
    """A short hex id that stays the same across runs and machines (unlike ``hash``)."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:size]


def _date_to_json(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date_from_json(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Section:
    """A node of a report's own numbering ("III." › "2." › "d)").

    ``path`` holds the headings from the root down to this section, each with its
    number, e.g. ``("III. KẾT QUẢ ...", "2. Công tác y tế", "d) Về công tác tiêm chủng")``.
    Lines are 1-based and inclusive in the source file.
    """

    section_id: str
    number: str
    heading: str
    level: int
    path: tuple[str, ...]
    line_start: int
    line_end: int
    parent_id: str | None = None

    @property
    def breadcrumb(self) -> str:
        return BREADCRUMB_SEP.join(self.path)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["path"] = list(self.path)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        # Every section's path repeats its ancestors' headings, and its parent's id is
        # the parent's own: one string object each (interned) instead of one per mention,
        # and no per-object dict (slots): at 30,700 chunks (29,400 sections) the reports
        # take 8.9 MB in memory instead of 14.6.
        parent = d.get("parent_id")
        return cls(
            **{
                **d,
                "section_id": sys.intern(d["section_id"]),
                "number": sys.intern(d["number"]),
                "heading": sys.intern(d["heading"]),
                "path": tuple(sys.intern(h) for h in d["path"]),
                "parent_id": None if parent is None else sys.intern(parent),
            }
        )


PERIOD_ROLES = ("result", "plan", "deadline")


@dataclass(frozen=True)
class Period:
    """A stretch of time a document (or one of its sections) speaks about, with its role.

    ``role`` is "result" (what was done, up to a cut-off date: "từ ngày 01/7 đến nay"),
    "plan" (a plan's horizon: "giai đoạn 2026 - 2030", "đến năm 2030", "năm 2026") or
    "deadline" ("trước ngày 31/12/2025"; ``start`` is None). ``text`` is the source wording;
    ``section_id`` is "" for the whole document, else the section that states it.
    """

    role: str
    start: dt.date | None
    end: dt.date | None
    text: str = ""
    section_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "start": _date_to_json(self.start),
            "end": _date_to_json(self.end),
            "text": self.text,
            "section_id": self.section_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Period:
        return cls(
            d["role"],
            _date_from_json(d.get("start")),
            _date_from_json(d.get("end")),
            d.get("text", ""),
            d.get("section_id", ""),
        )


_TUPLE_FIELDS = ("recipients", "legal_bases", "cited", "page_lines", "unread_pages")


@dataclass(frozen=True)
class Report:
    """One source document and what the text says about itself.

    ``province`` is the province as named in the report (pre-2025 name, e.g. "Sóc Trăng");
    ``province_2025`` is the province it belongs to after the 2025 merger ("Cần Thơ").
    ``period_start`` / ``period_end`` bound the dates the report covers (its as-of date is
    ``period_end``), when the text states them: a result period and a plan's horizon
    together; ``periods`` gives each with its role.

    ``title`` is the document type with its subject line (trích yếu): "Kế hoạch nâng cao
    năng lực ... giai đoạn 2026 - 2030". ``issuer`` is the issuing body ("Ủy ban nhân dân
    tỉnh Bắc Ninh"), ``place`` the place of the date line ("Bắc Ninh"), ``signer`` /
    ``signer_title`` the signature block ("Phạm Văn Thịnh", "Phó Chủ tịch"; the authority
    line "KT. CHỦ TỊCH" is in ``signer_authority``), ``recipients`` the "Kính gửi" and
    "Nơi nhận" entries, ``legal_bases`` the "Căn cứ ..." lines and ``cited`` the numbers of
    the documents the text cites ("Nghị quyết số 57-NQ/TW ngày 22/12/2024"). ``page_lines``
    holds the first line of each page of a PDF, so a cited line can name its page;
    ``unread_pages`` the 1-based pages of a PDF that are scans and were not read because
    OCR is not installed (they are empty in the text). Fields added later default to
    empty, so older corpora still load.
    """

    report_id: str
    source: str
    title: str
    kind: str
    province: str
    content_hash: str
    province_2025: str = ""
    number: str = ""
    issued: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    sections: tuple[Section, ...] = ()
    issuer: str = ""
    place: str = ""
    signer: str = ""
    signer_title: str = ""
    signer_authority: str = ""
    recipients: tuple[str, ...] = ()
    legal_bases: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    page_lines: tuple[int, ...] = ()
    abbreviations: tuple[tuple[str, str], ...] = ()
    unread_pages: tuple[int, ...] = ()

    def page_of(self, line: int) -> int | None:
        """The 1-based page of a 1-based line of a PDF (None for other files)."""
        if not self.page_lines:
            return None
        return max((k for k, start in enumerate(self.page_lines, 1) if start <= line), default=1)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        for key in ("issued", "period_start", "period_end"):
            d[key] = _date_to_json(getattr(self, key))
        d["sections"] = [s.to_dict() for s in self.sections]
        d["periods"] = [p.to_dict() for p in self.periods]
        for key in _TUPLE_FIELDS:
            d[key] = list(getattr(self, key))
        d["abbreviations"] = [list(pair) for pair in self.abbreviations]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in d.items() if k in known}
        for key in ("issued", "period_start", "period_end"):
            values[key] = _date_from_json(values.get(key))
        values["sections"] = tuple(Section.from_dict(s) for s in values.get("sections", ()))
        values["periods"] = tuple(Period.from_dict(p) for p in values.get("periods", ()))
        for key in _TUPLE_FIELDS:
            values[key] = tuple(values.get(key, ()))
        values["abbreviations"] = tuple(
            (str(short), str(full)) for short, full in values.get("abbreviations", ())
        )
        return cls(**values)

    def periods_with(self, role: str, section_id: str | None = "") -> tuple[Period, ...]:
        """The periods of one role ("result", "plan", "deadline"): the document's own
        (``section_id=""``), one section's, or all of them (``section_id=None``)."""
        return tuple(
            p
            for p in self.periods
            if p.role == role and (section_id is None or p.section_id == section_id)
        )


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage that never crosses a section boundary.

    ``text`` is the source text of lines ``line_start..line_end`` (NFC), shown and cited;
    ``clean`` is the same text without Markdown emphasis, fed to the encoder and quoted;
    ``segmented`` (underthesea words joined by "_", lowercased) feeds BM25, and
    ``unaccented`` (lowercased, no diacritics) feeds the second BM25 field, so that
    "ca mau tiem" finds "Cà Mau ... tiêm".
    ``char_start`` / ``char_end`` index the NFC text of the whole source file.
    ``kind`` is "table" for one row of a table, whose ``clean`` names each cell's row
    and column ("Phụ lục 1 · Huyện X · Số ca mắc: 12"), else "text".
    """

    chunk_id: str
    report_id: str
    source: str
    province: str
    section_id: str
    section_path: tuple[str, ...]
    ordinal: int
    text: str
    clean: str
    segmented: str
    unaccented: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int
    report_title: str = ""
    report_issued: dt.date | None = None
    province_2025: str = ""
    kind: str = "text"
    # The analysis of its sentences that the index stored with it (JSON written and read
    # by qa: qa/prepared.py, qa/sentences.py), so a question does not work it out again;
    # None for a chunk fresh from ingest or from an index built before it was stored. Not
    # part of the chunk's identity, nor of :meth:`to_dict`.
    analysis: str | None = field(default=None, compare=False, repr=False)

    @property
    def breadcrumb(self) -> str:
        return BREADCRUMB_SEP.join(self.section_path)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        del d["analysis"]
        d["section_path"] = list(self.section_path)
        d["report_issued"] = _date_to_json(self.report_issued)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        values = dict(d)
        values["section_path"] = tuple(values["section_path"])
        values["report_issued"] = _date_from_json(values.get("report_issued"))
        return cls(**values)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and each retriever's own score."""

    chunk: Chunk
    score: float
    rank: int
    scores: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``hits`` entry of the ``hoidap ask --json`` object."""
        return {
            "report": self.chunk.source,
            "province": self.chunk.province,
            "section": self.chunk.breadcrumb,
            "lines": [self.chunk.line_start, self.chunk.line_end],
            "text": self.chunk.clean,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class Citation:
    """Where one answer sentence comes from: ``quote`` is the exact supporting text.

    ``lines`` are the 1-based inclusive lines of the quote itself in the source file;
    ``page`` the 1-based page of its first line in a PDF (``None`` for a file that has no
    pages: Markdown, text, DOCX, HTML).
    """

    marker: int
    chunk_id: str
    report: str
    province: str
    section: str
    lines: tuple[int, int]
    quote: str
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "marker": self.marker,
            "report": self.report,
            "province": self.province,
            "section": self.section,
            "lines": [self.lines[0], self.lines[1]],
            "quote": self.quote,
            "page": self.page,
        }


@dataclass(frozen=True)
class Answer:
    """What hoidap says to a question, with everything needed to check it."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    abstained: bool = False
    timings_ms: dict[str, float] = field(default_factory=dict)
    id: Any = None
    language: str = "vi"
    # The calibrated probability that the answer is right (for an abstention: that the
    # closest candidate would have been); None when no fitted model was used.
    confidence: float | None = None
    # An abstention's closest candidates: their sentences, shown with the passage marked but
    # never asserted, and what the best one would have led with ("35.833 mũi"). The JSON
    # contract does not carry them (its "answer" text quotes them).
    closest: tuple[Citation, ...] = ()
    closest_lead: str = ""

    def to_json(self) -> dict[str, Any]:
        """The stable object of ``hoidap ask --json`` and ``POST /api/ask``."""
        return {
            "id": self.id,
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "confidence": None if self.confidence is None else round(float(self.confidence), 4),
            "citations": [c.to_json() for c in self.citations],
            "hits": [h.to_json() for h in self.hits],
            "timings_ms": {k: round(float(v), 3) for k, v in self.timings_ms.items()},
        }
