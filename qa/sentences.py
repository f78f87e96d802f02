"""Sentences of a chunk with their exact source lines, so every quote can be checked.

Splitting works on the chunk's original text line by line: a sentence never spans
two source lines' worth of bookkeeping it cannot account for, and its line number
is the chunk's first line plus the line breaks before it. A regex splitter is used
rather than underthesea's model because it runs on every answer and must keep
character offsets, which ``sent_tokenize`` does not return.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hoidap.memo import approx_size, bytes_cache
from hoidap.text import fold, normalize_tones, strip_markdown
from hoidap.types import Chunk

# A sentence ends at . ! ? … before what starts a new sentence; a clause ends at ";"
# (reports list figures for each dose or group in clauses).
_BOUNDARY = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\-+*]?\s*[A-ZÀ-ỸĐ0-9])|(?<=;)\s+")
_MIN_CHARS = 12
_MIN_CLAUSE = 25
# Abbreviations that end in a dot but do not end a sentence ("TP. Hồ Chí Minh").
_ABBREV = re.compile(r"(?:^|\s)(?:TP|Tp|tp|TX|Tx|TT|Q|P|ThS|TS|PGS|GS|BS|BSCK|CN|KS|St|Ng|v\.v)\.$")
_WORD = re.compile(r"[a-z0-9]+")

# What a stored sentence analysis (qa/prepared.py) is made by: an index holds the analysis
# of each chunk with this code's fingerprint, and a chunk whose analysis carries another
# fingerprint (an index built by older code) is split and analysed here as before.
ANALYSIS_VERSION = 1
_ROOT = Path(__file__).resolve().parents[1]
ANALYSIS_CODE = (
    "hoidap/text.py",
    "qa/sentences.py",
    "qa/figures.py",
    "qa/qualifiers.py",
    "qa/prepared.py",
)
# The fields of a stored sentence, in order (qa/prepared.py reads the rest). QUOTE is
# [start, end] of the chunk's ``clean`` text when it is that slice, FOLDED likewise of its
# ``unaccented`` text; ORIGINAL is null when it is the quote, LOWER when it is
# ``quote.lower()``.
QUOTE, ORIGINAL, OFFSET, FOLDED, LOWER = range(5)


@functools.lru_cache(maxsize=1)
def analysis_fingerprint() -> str:
    """A hash of :data:`ANALYSIS_VERSION` and the source of the code the stored sentence
    analysis comes from: any change to it makes older stored analyses unused."""
    h = hashlib.sha256(f"analysis {ANALYSIS_VERSION}".encode())
    for name in ANALYSIS_CODE:
        h.update(name.encode("utf-8") + b"\0" + (_ROOT / name).read_bytes() + b"\0")
    return h.hexdigest()[:20]


class Stored:
    """What the index stored of one sentence (a JSON row, qa/prepared.py), with the parts
    decoded so far: a part is decoded on first use, once."""

    __slots__ = ("decoded", "row")

    def __init__(self, row: list[Any]) -> None:
        self.row = row
        self.decoded: dict[int, Any] = {}


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``quote`` is its text without Markdown markup, ``line`` its source line."""

    chunk: Chunk
    quote: str
    folded: str
    line: int
    index: int
    # Lowercase with tone marks in one placement, for accented matching.
    lower: str = ""
    # The text just before the sentence in its chunk: a list's lead-in ("Đối tượng từ 12
    # đến dưới 18 tuổi:") or the sentence an anaphora ("ổ dịch này") points back to.
    before: str = ""
    # The sentence as the file writes it, Markdown emphasis and escapes included
    # ("tiêm **859.463** người"): what a citation quotes. ``quote`` is for matching.
    original: str = ""
    # The analysis the index stored for it (:class:`Stored`), or None: then qa works it
    # out (qa/prepared.py reads either way).
    stored: Stored | None = field(default=None, compare=False, repr=False)

    @property
    def words(self) -> set[str]:
        return set(_WORD.findall(self.folded))


def _sentences_size(entry: tuple[Chunk, list[Sentence]]) -> int:
    """:func:`approx_size` of a chunk and its sentences, plus the stored rows the sentences
    hold (:class:`Stored` has no ``__dict__`` to walk): about three bytes a character of
    the chunk's stored analysis once decoded."""
    chunk, sentences = entry
    stored = bool(sentences) and sentences[0].stored is not None
    return approx_size(entry) + (3 * len(chunk.analysis or "") if stored else 0)


@bytes_cache(8 << 20, size=_sentences_size)  # the bundled corpus's chunks: ~4.2 MB
def split_sentences(chunk: Chunk) -> list[Sentence]:
    """The chunk's sentences in reading order, each tied to its source line (cached:
    the same chunks come back for question after question). Read from the analysis the
    index stored with the chunk when it holds one made by this code, else split here."""
    stored = stored_sentences(chunk)
    return stored if stored is not None else split_text(chunk)


def stored_sentences(chunk: Chunk) -> list[Sentence] | None:
    """The sentences of the chunk's stored analysis (``Chunk.analysis``: JSON
    ``[fingerprint, [row, ...]]``, one row per sentence, written by qa/prepared.py at index
    build), or None when it has none or one made by other code."""
    if not chunk.analysis:
        return None
    try:
        fingerprint, rows = json.loads(chunk.analysis)
    except ValueError:
        return None
    if fingerprint != analysis_fingerprint():
        return None
    out: list[Sentence] = []
    quotes: list[str] = []
    clean, unaccented = chunk.clean, chunk.unaccented
    for row in rows:
        quote, folded = row[QUOTE], row[FOLDED]
        if type(quote) is list:
            quote = clean[quote[0] : quote[1]]
        if type(folded) is list:
            folded = unaccented[folded[0] : folded[1]]
        out.append(
            Sentence(
                chunk,
                quote,
                folded,
                chunk.line_start + row[OFFSET],
                len(out),
                quote.lower() if row[LOWER] is None else row[LOWER],
                context_before(quotes, quote),
                quote if row[ORIGINAL] is None else row[ORIGINAL],
                Stored(row),
            )
        )
        quotes.append(quote)
    return out


# A sentence that opens by breaking down what the sentence before counts: "Trong đó, có 106
# ca là lái xe", "Trong đó: Công nhân trong KCN: 195.162 liều;", "Cụ thể: …".
_CONTINUES = re.compile(r"^\W*(?:trong (?:so )?do|bao gom|gom|cu the)\b")
# A field of a task, a target or a year, written "Label: value": "Thời gian thực hiện: Tháng
# 12/2025.", "Đơn vị chủ trì: Sở Tư pháp.", "Chỉ tiêu 2: …", "Năm 2021: …". The label is a few
# words opening with a capital (markdown emphasis around it aside), the value follows.
_FIELD = re.compile(r"^[*_\s]*([A-ZĐ][^:;.!?“”\"()]{1,70}?)[*_\s]*:[*_\s]*\S")
# "Đơn vị chủ trì tham mưu thực hiện" is eight words; a longer run before a colon is prose.
_FIELD_WORDS = 9


def continues(quote: str) -> bool:
    """Whether ``quote`` opens with a breakdown of a figure said before it, so that what
    its figures count is said in the sentence before ("… ghi nhận 213 ca mắc COVID-19."
    "Trong đó, có 106 ca là lái xe").

    >>> continues("Trong đó, có 106 ca là lái xe"), continues("Có 106 ca là lái xe")
    (True, False)
    """
    return _CONTINUES.match(fold(quote[:24]).lower()) is not None


def is_field(quote: str) -> bool:
    """Whether ``quote`` is one field of a labelled run ("Thời gian thực hiện: Tháng 12/2025.")
    and not a breakdown of the sentence before ("Trong đó: …").

    >>> is_field("*Thời gian thực hiện: *Tháng 12/2025."), is_field("Đối tượng từ 12 tuổi:")
    (True, False)
    >>> is_field("Trong đó: thu nội địa 10.052 tỷ đồng."), is_field("Tỉnh đã tiêm: 1.200 liều, …")
    (False, True)
    """
    match = _FIELD.match(quote)
    return (
        match is not None and len(match.group(1).split()) <= _FIELD_WORDS and not continues(quote)
    )


def context_before(quotes: Sequence[str], quote: str = "") -> str:
    """``Sentence.before`` of the sentence ``quote`` after ``quotes`` (its chunk's sentences
    before it): the two sentences before it, or, for an item of a list, the list's lead-in
    (the nearest sentence ending with a colon, with only items, none ending with a full stop,
    between): the items before it are its siblings, whose doses, groups and words are their
    own. A field of a labelled run likewise reads what the run is about, the nearest
    sentences before its sibling fields: plans write each task as its line, then "Đơn vị chủ
    trì: …", "Đơn vị phối hợp: …", "Thời gian thực hiện: …", and the time is the task's, not
    the bodies' before it.

    >>> context_before(["Đối tượng từ 12 đến dưới 18 tuổi:", "Tiêm mũi 1: 119.006 người;"])
    'Đối tượng từ 12 đến dưới 18 tuổi:'
    >>> context_before(["Tỉnh đã tiêm 1.200 liều.", "Số ca mắc giảm."])
    'Tỉnh đã tiêm 1.200 liều. Số ca mắc giảm.'
    >>> task = ["Ra mắt AI pháp luật.", "Đơn vị chủ trì: Sở KH&CN.", "Đơn vị phối hợp: Sở Tư pháp."]
    >>> context_before(task, "Thời gian thực hiện: Tháng 12/2025.")
    'Ra mắt AI pháp luật.'
    >>> context_before(["Tỉnh có 3 nhiệm vụ.", *task], "Thời gian thực hiện: Tháng 12/2025.")
    'Tỉnh có 3 nhiệm vụ. Ra mắt AI pháp luật.'
    """
    last, stop = len(quotes) - 1, max(-1, len(quotes) - 9)
    if quote and last > stop and is_field(quote) and is_field(quotes[last]):
        k = last
        while k > stop and is_field(quotes[k]):
            k -= 1
        if k > stop:
            # The run's subject, as the two sentences before any sentence (a task's line is
            # often cut in two at a full stop); a lead-in ("… như sau:") alone.
            said = quotes[k].rstrip()
            if said.endswith(":") or k - 1 <= stop or is_field(quotes[k - 1]):
                return said[-300:]
            return f"{quotes[k - 1]} {said}"[-300:]
    for k in range(len(quotes) - 1, max(-1, len(quotes) - 9), -1):
        said = quotes[k].rstrip()
        if said.endswith(":"):
            return said[-300:]
        if said.endswith((".", "!", "?")):
            break
    return " ".join(quotes[-2:])[-300:]


def split_text(chunk: Chunk) -> list[Sentence]:
    """:func:`split_sentences` worked out from the chunk's text (not cached)."""
    out: list[Sentence] = []
    raw_lines = chunk.text.split("\n")
    for offset, clean_line in _lines(chunk):
        # A table cell's line is one statement, whatever dots its caption holds.
        table = chunk.kind == "table"
        for piece in [clean_line] if table else _pieces(clean_line):
            quote = piece.strip().lstrip("-+*• ").strip()
            if len(quote) < _MIN_CHARS:
                continue
            before = context_before([x.quote for x in out[-8:]], quote)
            out.append(
                Sentence(
                    chunk,
                    quote,
                    fold(quote),
                    chunk.line_start + offset,
                    len(out),
                    normalize_tones(quote.lower()),
                    before,
                    quote if table else verbatim(quote, raw_lines[offset]),
                )
            )
    return out


def _lines(chunk: Chunk) -> list[tuple[int, str]]:
    """(line offset in the chunk, clean text) of each non-blank line. A table row's text
    is its cells ("| 2 | Huyện Năm Căn | 987 | 3 |"), which say nothing of what the
    figures count; its ``clean`` has one line per cell naming its row and column
    ("Phụ lục 1 · Huyện Năm Căn · Số ca tử vong: 3"), all on the row's source line."""
    if chunk.kind == "table":
        return [(0, line.strip()) for line in chunk.clean.split("\n") if line.strip()]
    out = []
    for offset, line in enumerate(chunk.text.split("\n")):
        clean_line = strip_markdown(line).strip()
        if clean_line:
            out.append((offset, clean_line))
    return out


_MARKUP = r"[*_~\\]*"
_MARKS = frozenset("*_~\\")


def verbatim(quote: str, raw: str) -> str:
    """``quote`` (Markdown removed) as the raw line writes it: the shortest span of ``raw``
    with the quote's characters and emphasis marks or escapes between them (the first such), widened
    over the marks touching it so "**" pairs stay whole; the quote itself when the line
    has no markup or the span is not found."""
    if not re.search(r"[*_~\\]", raw):
        return quote
    words = quote.split()
    span = _scan_span(words, raw) if words and not _MARKS.intersection(quote) else None
    if span is None:
        span = _regex_span(words, raw)
    if span is None:
        return quote
    start, end = span
    while start > 0 and raw[start - 1] in "*_~":
        start -= 1
    while end < len(raw) and raw[end] in "*_~":
        end += 1
    return raw[start:end]


def _regex_span(words: list[str], raw: str) -> tuple[int, int] | None:
    """The first match of the words, marks allowed between their characters and marks or
    spaces between the words. Every sentence makes its own pattern, so compiling it costs
    more than the search (~0.3 ms; re's cache of 512 patterns is soon spent on a corpus
    larger than the questions' few chunks): :func:`_scan_span` does without."""
    parts = [_MARKUP.join(re.escape(ch) for ch in word) for word in words]
    found = re.search(r"[\s*_~\\]+".join(parts), raw)
    return None if found is None else (found.start(), found.end())


def _scan_span(words: list[str], raw: str) -> tuple[int, int] | None:
    """:func:`_regex_span` without a pattern, for words with no mark characters (the
    caller checks): then each mark or space run between two characters has one way to
    match (all of it), so trying each start in turn finds the same first match."""
    first = words[0][0]
    start = raw.find(first)
    while start >= 0:
        end = _match_from(words, raw, start)
        if end is not None:
            return start, end
        start = raw.find(first, start + 1)
    return None


def _match_from(words: list[str], raw: str, i: int) -> int | None:
    n = len(raw)
    for w, word in enumerate(words):
        if w:
            gap = i
            while i < n and (raw[i] in _MARKS or raw[i].isspace()):
                i += 1
            if i == gap:
                return None
        for c, ch in enumerate(word):
            if c:
                while i < n and raw[i] in _MARKS:
                    i += 1
            if i >= n or raw[i] != ch:
                return None
            i += 1
    return i


def _pieces(line: str) -> list[str]:
    joined: list[str] = []
    for piece in _BOUNDARY.split(line):
        if joined and _ABBREV.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    pieces: list[str] = []
    for piece in joined:
        # A clause too short to stand alone ("43.469 F1;") stays with the one before it.
        if pieces and pieces[-1].endswith(";") and min(len(piece), len(pieces[-1])) < _MIN_CLAUSE:
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


# A document's front matter, matched on folded text: its letterhead ("Cần Thơ, ngày 18
# tháng 11 năm 2025" – place and issue date –, "Số: 157/KH-UBND", the national motto), the
# line tying an annex to its decision ("(Kèm theo Quyết định số 2820/QĐ-UBND ngày …)"), and
# the line that promulgates the whole document ("Ủy ban nhân dân tỉnh ban hành Kế hoạch …
# với các nội dung sau:"), which introduces everything after it and answers nothing.
_FRONT_MATTER = re.compile(
    r"^[^,;:.]{2,40},\s*ngay\s*[\d.…]{1,4}\s*(?:thang|/)\s*[\d.…]{1,4}\s*(?:nam|/)\s*\d{4}\.?$"
    r"|^so\s*:\s*\S{1,6}\s*/\s*\S{1,30}$"
    r"|^cong hoa xa hoi chu nghia viet nam$|^doc lap\s*-\s*tu do\s*-\s*hanh phuc$"
    r"|^\(?\s*(?:ban hanh\s+)?kem theo (?:quyet dinh|ke hoach|thong bao|van ban)\b[^()]*\)?\.?$"
    r"|^(?:uy ban nhan dan|ubnd)\b.{0,30}\bban hanh (?:ke hoach|quyet dinh|chuong trinh|quy che)\b"
    r".*\b(?:nhu sau|sau day|noi dung sau)\s*:?\s*$"
)


def is_front_matter(quote: str) -> bool:
    """Whether a sentence is the document's front matter (its letterhead, the line tying
    an annex to its decision, or the line promulgating the whole document), which states
    the document's own metadata and answers only questions about the document.

    >>> is_front_matter("Cần Thơ, ngày 18 tháng 11 năm 2025"), is_front_matter("Số: 141/KH-UBND")
    (True, True)
    >>> is_front_matter("Cao điểm từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025")
    False
    """
    return _FRONT_MATTER.match(fold(quote).strip()) is not None


def near_text(sentence: Sentence) -> str:
    """The sentence with its lead-in and section path: where a date or year may be said."""
    return f"{sentence.before} {sentence.quote} {' '.join(sentence.chunk.section_path)}"


# Where a list's first item opens after its lead-in, in a chunk's folded text (its lines
# joined): "… tuoi: + tiem mui 1: …". A colon before a figure ("tiem mui 1: 119.006") is not.
_ITEMS_OPEN = re.compile(r":\s*[-+*•]\s")


def neighbourhood(chunk_text: str, sentence: str, width: int = 300) -> str:
    """The folded text just before a sentence in its chunk that qualifies it: a list's
    lead-in ("Đối tượng từ 12 đến dưới 18 tuổi:") qualifies the figures that follow it. When
    a lead-in opens a list within ``width`` before the sentence, that lead-in alone: the
    sibling items between it and the sentence ("+ Tiêm mũi 1: …", "+ Tiêm mũi 2: …" before
    "+ Tiêm mũi nhắc lại (mũi 3): …") have doses and groups of their own.

    >>> text = "- doi tuong tu 12 den duoi 18 tuoi: + tiem mui 1: 119.006 nguoi; + tiem mui 3: 91"
    >>> neighbourhood(text, "+ tiem mui 3: 91")
    '- doi tuong tu 12 den duoi 18 tuoi'
    """
    at = chunk_text.find(sentence[:40])
    if at <= 0:
        return ""
    before = chunk_text[max(0, at - width) : at]
    opened = list(_ITEMS_OPEN.finditer(before))
    if not opened:
        return before
    end = opened[-1].start()
    start = max(before.rfind(mark, 0, end) for mark in (". ", "; ", ": ")) + 1
    return before[start:end].strip()


@bytes_cache(2 << 20)  # ~0.8 MB for the bundled corpus
def in_capitals(quote: str) -> bool:
    """Whether more than 80% of the quote's letters are capitals: a heading
    ("III. KẾT QUẢ THỰC HIỆN"), which repeats a question's words but answers nothing."""
    # str methods mapped in C: a Python loop over every character cost ~5 µs a sentence.
    letters = "".join(filter(str.isalpha, quote))
    return sum(map(str.isupper, letters)) / max(1, len(letters)) > 0.8
