"""Cited chunks: passages that never cross a section boundary.

Each section's own text (not its children's) is cut into paragraphs ("blocks") and the
blocks are packed into chunks of ``Config.chunk_min_words..chunk_max_words`` words. A
block longer than the maximum is split between sentences (underthesea
``sent_tokenize``); a sentence is never cut.

Contracts, relied on by qa and checked by the tests:

* ``text`` is verbatim: ``text == nfc_source[char_start:char_end]``, and it lies on lines
  ``line_start..line_end`` (1-based, inclusive) of the source.
* ``clean`` holds only source text: ``text`` without Markdown emphasis, one paragraph per
  line, a paragraph broken by PDF conversion ("được cách" / blank line / "ly điều trị")
  joined with a space. So a quote taken from ``clean`` is the report's own words.
* The first chunk of a section starts at its heading line, so a heading-only question
  ("công tác tiêm chủng") matches it. Later chunks of a long section do not repeat the
  heading in ``text``/``clean``; their search fields ``segmented`` and ``unaccented``
  are computed over "heading line + clean" instead, so keyword search still sees it.
* A heading with no text of its own (all of it in sub-sections) makes no chunk.
* ``ordinal`` is the chunk's position in its report (reading order).
* A table (Markdown or DOCX "| a | b |" rows) gives one chunk per data row, ``kind``
  "table": ``text`` is the row line, ``clean`` names each cell's row and column
  ("Phụ lục 1 · Huyện Cái Nước · Số ca mắc: 1.204"; see :mod:`ingest.tables`). The
  header row is not a chunk of its own: its words are in every row's ``clean``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hoidap.text import fold, strip_markdown
from hoidap.types import Chunk, Report, Section, stable_id
from ingest import tables
from ingest.sections import Outline, is_bullet, is_numbered

_TERMINAL = (".", "!", "?", ":", ";", "…", "”", '"', "»", ")", "./.")
_STRAY_STAR = re.compile(r"(?<!\S)\*+(?=\S)|(?<=\S)\*+(?!\S)")
_SUP = re.compile(r"</?su[pb]>")
_MAX_REPAIR_GAP = 3  # blank lines a broken paragraph may straddle


@dataclass(frozen=True)
class Piece:
    """A span of the source text (0-based offsets, end exclusive) and its clean words."""

    start: int
    end: int
    clean: str

    @property
    def words(self) -> int:
        return len(self.clean.split())


class SourceLines:
    """Line and character bookkeeping for one normalised source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line) + 1

    def line_of(self, offset: int) -> int:
        """0-based line holding character ``offset``."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of lines ``first..last`` (0-based) without outer whitespace."""
        start = self.starts[first] + (len(self.lines[first]) - len(self.lines[first].lstrip()))
        end = self.starts[last] + len(self.lines[last].rstrip())
        return start, end


def clean_text(raw: str) -> str:
    """Markdown emphasis, escapes and <sup> tags removed, whitespace of each line collapsed."""
    text = _SUP.sub("", strip_markdown(raw))
    text = _STRAY_STAR.sub("", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _ends_sentence(line: str) -> bool:
    return clean_text(line).rstrip().endswith(_TERMINAL)


def _continues(line: str) -> bool:
    clean = clean_text(line)
    return clean[:1].islower() and not is_bullet(line) and not is_numbered(clean)


def blocks(src: SourceLines, first: int, last: int) -> list[Piece]:
    """The paragraphs of lines ``first..last`` (0-based, inclusive): one per non-blank
    line, except that a line ending mid-sentence is joined with the next paragraph when
    that one starts in lowercase (a PDF page or column break)."""
    out: list[Piece] = []
    group: list[int] = []

    def flush() -> None:
        if group:
            start, end = src.span(group[0], group[-1])
            clean = " ".join(clean_text(src.lines[j]) for j in group)
            out.append(Piece(start, end, clean))
            group.clear()

    for j in range(first, last + 1):
        line = src.lines[j]
        if not line.strip():
            continue
        if group and not (
            j - group[-1] - 1 <= _MAX_REPAIR_GAP
            and not _ends_sentence(src.lines[group[-1]])
            and _continues(line)
        ):
            flush()
        group.append(j)
    flush()
    return [p for p in out if p.clean]


def _sentence_spans(raw: str, split: Callable[[str], list[str]]) -> list[tuple[int, int]]:
    """Offsets of each sentence of ``raw``; whitespace between sentences is dropped."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sent in split(raw):
        words = sent.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        m = re.compile(pattern).search(raw, cursor)
        if m is None:
            return _regex_sentences(raw)
        spans.append((m.start(), m.end()))
        cursor = m.end()
    if not spans:
        return [(0, len(raw))]
    # Give any text the splitter skipped to the sentence before it, so nothing is lost.
    spans[0] = (0, spans[0][1])
    spans[-1] = (spans[-1][0], len(raw.rstrip()))
    return spans


def _regex_sentences(raw: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ0-9])", raw):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(raw.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def split_long(
    piece: Piece, src: SourceLines, max_words: int, split: Callable[[str], list[str]]
) -> list[Piece]:
    """A paragraph longer than ``max_words``, as sentence runs of at most ``max_words``."""
    if piece.words <= max_words:
        return [piece]
    raw = src.text[piece.start : piece.end]
    sents = [
        Piece(piece.start + s, piece.start + e, " ".join(clean_text(raw[s:e]).split()))
        for s, e in _sentence_spans(raw, split)
    ]
    out: list[Piece] = []
    for sent in sents:
        if out and out[-1].words + sent.words <= max_words:
            last = out[-1]
            out[-1] = Piece(last.start, sent.end, f"{last.clean} {sent.clean}")
        else:
            out.append(sent)
    return out


def pack(pieces: Sequence[Piece], min_words: int, max_words: int) -> list[list[Piece]]:
    """Greedy packing up to ``max_words``; a short tail joins the group before it when
    both fit under the maximum."""
    groups: list[list[Piece]] = []
    words = 0
    for p in pieces:
        if groups and groups[-1] and words + p.words <= max_words:
            groups[-1].append(p)
            words += p.words
        else:
            groups.append([p])
            words = p.words
    if len(groups) > 1:
        tail = sum(p.words for p in groups[-1])
        before = sum(p.words for p in groups[-2])
        if tail < min_words and tail + before <= max_words:
            groups[-2].extend(groups.pop())
    return groups


@dataclass(frozen=True)
class SectionText:
    """What of one section gets chunked: its heading lines (none for the preamble) and
    its own body lines (0-based, inclusive; empty when ``body_first > body_last``)."""

    section: Section
    heading_first: int | None
    heading_last: int | None
    body_first: int
    body_last: int


def section_texts(outline: Outline, sections: Sequence[Section]) -> list[SectionText]:
    """Pair each section with the lines it owns (children's lines excluded)."""
    out: list[SectionText] = []
    offset = 0
    if (
        sections
        and sections[0].number == ""
        and (not outline.nodes or sections[0].line_start - 1 < outline.nodes[0].line)
    ):
        pre = sections[0]
        out.append(SectionText(pre, None, None, pre.line_start - 1, pre.line_end - 1))
        offset = 1
    for node, section in zip(outline.nodes, sections[offset:], strict=True):
        body_first = node.line if node.heading.inline_body else node.end_line + 1
        out.append(SectionText(section, node.line, node.end_line, body_first, node.body_end))
    return out


def make_chunks(
    report: Report,
    src: SourceLines,
    parts: Sequence[SectionText],
    min_words: int,
    max_words: int,
    split: Callable[[str], list[str]],
    segment: Callable[[str], str],
) -> list[Chunk]:
    """Chunks of one report in reading order (see the module docstring for the rules)."""
    chunks: list[Chunk] = []
    for part in parts:
        body = (
            blocks(src, part.body_first, part.body_last)
            if part.body_first <= part.body_last
            else []
        )
        if not body:
            continue
        heading_line = ""
        if part.heading_first is not None and part.heading_last is not None:
            h_start, h_end = src.span(part.heading_first, part.heading_last)
            heading_line = clean_text(src.text[h_start:h_end]).replace("\n", " ")
        first = True
        for kind, run in _runs(body, src, heading_line or part.section.heading):
            if kind == "table":
                for row in run:
                    chunks.append(
                        _chunk(
                            report,
                            src,
                            part.section,
                            [row],
                            len(chunks),
                            heading_line,
                            segment,
                            "table",
                        )
                    )
                first = False
                continue
            pieces = [q for p in run for q in split_long(p, src, max_words, split)]
            if first and part.heading_first is not None and part.heading_first < part.body_first:
                h_start, h_end = src.span(part.heading_first, part.heading_last or 0)
                pieces = [
                    Piece(h_start, pieces[0].end, f"{heading_line}\n{pieces[0].clean}"),
                    *pieces[1:],
                ]
            for group in pack(pieces, min_words, max_words):
                chunks.append(
                    _chunk(
                        report,
                        src,
                        part.section,
                        group,
                        len(chunks),
                        "" if first else heading_line,
                        segment,
                    )
                )
                first = False
    return chunks


def _runs(body: list[Piece], src: SourceLines, fallback: str) -> list[tuple[str, list[Piece]]]:
    """The body cut into runs of text pieces and tables; a table's pieces are its data
    rows, each with ``clean`` naming its row and column (caption: the short line just
    before the table, else the section heading)."""
    out: list[tuple[str, list[Piece]]] = []
    raw = [src.text[p.start : p.end] for p in body]
    k = 0
    while k < len(body):
        found = _table_at(raw, k)
        if found is None:
            if out and out[-1][0] == "text":
                out[-1][1].append(body[k])
            else:
                out.append(("text", [body[k]]))
            k += 1
            continue
        table, taken = found
        before = out[-1][1][-1].clean if out and out[-1][0] == "text" else ""
        caption = before if _is_caption(before) else fallback
        rows = [
            Piece(body[k + r.first].start, body[k + r.last].end, table.row_text(r.cells, caption))
            for r in table.rows
        ]
        out.append(("table", rows))
        k += taken
    return out


def _table_at(raw: list[str], k: int) -> tuple[tables.Table, int] | None:
    """The table starting at paragraph ``k`` (bordered rows, bare rows, or one cell per
    line) and how many paragraphs it takes."""
    j = k
    while j < len(raw) and tables.is_table_line(raw[j]):
        j += 1
    if j - k >= 2:
        table = tables.parse(raw[k:j])
        return (table, j - k) if table is not None else None
    rest = tables.Tail(raw, k)
    return tables.parse_bare(rest) or tables.parse_cell_lines(rest)


def _is_caption(line: str) -> bool:
    """A short title line above a table; a note in brackets ("(Kèm theo Quyết định …)")
    or a sentence is not."""
    return (
        bool(line)
        and len(line.split()) <= 20
        and not line.endswith(".")
        and not (line.startswith("(") and line.endswith(")"))
    )


def _chunk(
    report: Report,
    src: SourceLines,
    section: Section,
    group: list[Piece],
    ordinal: int,
    context: str,
    segment: Callable[[str], str],
    kind: str = "text",
) -> Chunk:
    start, end = group[0].start, group[-1].end
    text = src.text[start:end]
    clean = "\n".join(p.clean for p in group)
    searchable = f"{context}\n{clean}" if context else clean
    return Chunk(
        chunk_id=stable_id(report.report_id, section.section_id, ordinal, text),
        report_id=report.report_id,
        source=report.source,
        province=report.province,
        section_id=section.section_id,
        section_path=section.path,
        ordinal=ordinal,
        text=text,
        clean=clean,
        segmented=segment(searchable),
        unaccented=fold(searchable),
        line_start=src.line_of(start) + 1,
        line_end=src.line_of(max(start, end - 1)) + 1,
        char_start=start,
        char_end=end,
        report_title=report.title,
        report_issued=report.issued,
        province_2025=report.province_2025,
        kind=kind,
    )
