"""Tables: rows read with the headers that say what their figures are.

A table row alone ("| 2 | Huyện Cái Nước | 1.204 | 15 |") does not say what its figures
are; the header row does ("STT | Đơn vị | Số ca mắc | Số ca tử vong"). So each data row
becomes its own chunk whose ``clean`` text names, for every cell, its row and column:

    Phụ lục 1 · Huyện Cái Nước · Số ca mắc: 1.204
    Phụ lục 1 · Huyện Cái Nước · Số ca tử vong: 15

All words are the file's own (the caption, the row's first label cell, the column header
and the cell), so a quote still reads as the document does, and a figure cited from a
table names its row and column. ``text`` stays the verbatim row. The row label is the
first cell that is not a running number (an "STT"/"TT" column is skipped).

Three shapes are read:

* bordered rows, "| a | b |" (Markdown, and the DOCX / PDF readers write tables so);
* bare rows, "a | b | c", as pages copied from legal-document portals print them: at
  least three columns, a cell may run over several lines (a row ends when it has as many
  cells as the header);
* one cell per line, as portal pages dumped by a crawler give appendix tables: read
  only when it cannot be anything else (see :func:`parse_cell_lines`).

A header of two rows (a cell spanning columns over their own headers) names each column
by its path, "Năm 2025 › Kế hoạch"; a row label merged over several rows (left empty
below its first row) is repeated down them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

from hoidap.text import strip_markdown

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INDEX_HEADER = re.compile(r"^(?:stt|tt|số tt|số thứ tự|no\.?)$", re.IGNORECASE)
_INDEX_CELL = re.compile(r"^(?:\d{1,3}|[IVXL]{1,5}|[a-zđ])\.?$")
# A figure alone in its cell: "1.204", "74,8%", "-12", "0". Units stay in the header.
_NUMERIC = re.compile(r"^[-+]?\d+(?:[.,]\d+)*\s*%?$")
SEP = " · "
PATH = " › "
# One cell per line: limits that keep prose out (a header cell is a few words, a table
# has a few columns and at least two rows).
_MAX_HEADER_WORDS = 8
_MAX_COLUMNS = 12
_MIN_ROWS = 2


def is_table_line(line: str) -> bool:
    """A Markdown / DOCX table row: "| a | b |"."""
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def cells(line: str) -> list[str]:
    """The cells of one row, emphasis removed and whitespace (line breaks too) collapsed."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [" ".join(strip_markdown(c).split()) for c in stripped.split("|")]


class Tail(Sequence[str]):
    """``texts[start:]`` without copying (tables are looked for at every paragraph)."""

    def __init__(self, texts: Sequence[str], start: int) -> None:
        self.texts, self.start = texts, start

    def __len__(self) -> int:
        return max(0, len(self.texts) - self.start)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            lo, hi, step = i.indices(len(self))
            return self.texts[self.start + lo : self.start + hi : step]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.texts[self.start + i]


def is_numeric(cell: str) -> bool:
    return bool(_NUMERIC.match(cell.strip()))


@dataclass(frozen=True)
class Row:
    """One data row: the first and last of the lines (or paragraphs) given that hold it,
    and its cells."""

    first: int
    last: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """One table: the name of each column (a path for a two-row header), its data rows
    and, when a group label is merged over several rows, the two columns that name a row
    ("Huyện Cái Nước › Xã A"); otherwise the row label is :meth:`label_column`."""

    header: list[str]
    rows: list[Row]
    labels: tuple[int, ...] = ()

    def label_column(self) -> int:
        """The column that names a row (after an "STT" column of running numbers)."""
        for k, head in enumerate(self.header):
            values = [r.cells[k] for r in self.rows if k < len(r.cells)]
            if _INDEX_HEADER.match(head) or (values and all(_INDEX_CELL.match(v) for v in values)):
                continue
            return k
        return 0

    def row_text(self, cells_: list[str], caption: str = "") -> str:
        """ "caption · row label · column: value", one line per non-empty value cell."""
        labels = self.labels or (self.label_column(),)
        label = PATH.join(cells_[k] for k in labels if k < len(cells_) and cells_[k])
        prefix = SEP.join(x for x in (caption, label) if x)
        out = []
        for k, value in enumerate(cells_):
            if k in labels or not value or (k < labels[0] and _INDEX_CELL.match(value)):
                continue
            head = self.header[k] if k < len(self.header) else ""
            name = SEP.join(x for x in (prefix, head) if x)
            out.append(f"{name}: {value}" if name else value)
        return "\n".join(out) if out else prefix


def _spanned(top: list[str], k: int) -> bool:
    """Whether column ``k`` of a header row lies under a cell spanning several columns:
    the cell is written again (DOCX, PDF) or left empty (Markdown) after its first column,
    or it is that first column."""
    left = k > 0 and (not top[k] or top[k] == top[k - 1])
    right = k + 1 < len(top) and (not top[k + 1] or top[k + 1] == top[k])
    return bool(top[k] or left) and (left or right)


def _sub_header(top: list[str], second: list[str]) -> bool:
    """Whether ``second`` is the lower row of a two-row header under ``top``: no figure in
    it, and every cell it fills lies under a spanning cell of ``top`` or repeats the
    cell above (a header cell merged down both rows)."""
    if len(second) != len(top) or any(is_numeric(c) for c in second):
        return False
    filled = [k for k, c in enumerate(second) if c]
    under = [k for k in filled if second[k] != top[k]]
    return bool(under) and all(_spanned(top, k) for k in under)


def _paths(top: list[str], second: list[str]) -> list[str]:
    """Column names of a two-row header: "Năm 2025 › Kế hoạch"; a spanning cell left
    empty after its first column is carried right."""
    out, carried = [], ""
    for k, (upper, lower) in enumerate(zip(top, second, strict=True)):
        if upper:
            carried = upper
        elif lower and k > 0:
            upper = carried
        parts = [p for p in (upper, lower) if p]
        if len(parts) == 2 and parts[0] == parts[1]:
            parts = parts[:1]
        out.append(PATH.join(parts))
    return out


def _fill_labels(header: list[str], rows: list[Row]) -> Table:
    """A group label merged over several rows is written once (Markdown leaves the rows
    below empty, PDF gives no text there) or again in each row (DOCX): repeat it down,
    and name each row by the group and the label beside it ("Huyện Cái Nước › Xã B").
    Only where that is certain: the cell beside holds text in every row so named, and
    nothing but a running number stands left of an empty group cell (a "Tổng cộng" row
    written in the STT column is not filled)."""
    k = Table(header, rows).label_column()
    beside = k + 1
    if beside >= len(header) or any(
        beside < len(r.cells) and is_numeric(r.cells[beside]) for r in rows
    ):
        return Table(header, rows)
    out: list[Row] = []
    last, grouped = "", False
    for row in rows:
        cells_ = row.cells
        item = cells_[beside] if beside < len(cells_) else ""
        left_clear = all(not c or _INDEX_CELL.match(c) for c in cells_[:k])
        if k >= len(cells_) or not item:
            last = ""
        elif cells_[k]:
            grouped = grouped or cells_[k] == last
            last = cells_[k]
        elif last and left_clear:
            cells_ = [*cells_[:k], last, *cells_[k + 1 :]]
            grouped = True
        out.append(Row(row.first, row.last, cells_))
    return Table(header, out, (k, beside)) if grouped else Table(header, rows)


def _build(head_rows: list[list[str]], rows: list[Row]) -> Table | None:
    """A table from its header row(s) and data rows (a header printed again on each page
    of a long table is not a data row)."""
    if not head_rows:
        return None
    header = head_rows[0]
    if len(head_rows) > 1:
        header = _paths(head_rows[0], head_rows[1])
    data = [r for r in rows if r.cells not in head_rows]
    if not data:
        return None
    return _fill_labels(header, data)


def _with_sub_header(head: list[list[str]], rows: list[Row]) -> tuple[list[list[str]], list[Row]]:
    if len(head) == 1 and len(rows) >= 2 and _sub_header(head[0], rows[0].cells):
        return [head[0], rows[0].cells], rows[1:]
    return head, rows


def parse(lines: list[str]) -> Table | None:
    """A table from consecutive "| a | b |" lines. Rows above a separator "|---|" are the
    header (one or two rows); without one, the first row is, and the next too when it is
    the lower row of a two-row header."""
    numbered = [(i, line) for i, line in enumerate(lines) if line.strip()]
    if len(numbered) < 2 or not all(is_table_line(line) for _, line in numbered):
        return None
    sep = next((n for n, (_, line) in enumerate(numbered) if _SEPARATOR.match(line.strip())), None)
    body = [Row(i, i, cells(line)) for i, line in numbered if not _SEPARATOR.match(line.strip())]
    if len(body) < 2:
        return None
    if sep is not None and 1 <= sep <= 2:
        head = [r.cells for r in body[:sep]]
        rows = body[sep:]
        if sep == 2 and not _sub_header(head[0], head[1]):
            head, rows = head[:1], body[1:]
    else:
        head, rows = [body[0].cells], body[1:]
    if len(head) == 1:
        head, rows = _with_sub_header(head, rows)
    return _build(head, rows)


def parse_bare(texts: Sequence[str]) -> tuple[Table, int] | None:
    """A table of bare rows "a | b | c" at the start of ``texts`` (paragraphs, in order),
    and how many of them it takes. The header is one line of at least three short cells;
    a row may run over several paragraphs (a cell holding a list) and ends when it has as
    many cells as the header. ``None`` unless at least one whole row follows."""
    if not texts:
        return None
    first = texts[0].strip()
    if is_table_line(first) or "\n" in first:
        return None
    head = cells(first)
    width = len(head)
    if width < 3 or any(not c or len(c.split()) > _MAX_HEADER_WORDS for c in head):
        return None
    rows: list[Row] = []
    k = 1
    while k < len(texts) and "|" in texts[k] and not is_table_line(texts[k]):
        joined, j = texts[k], k
        while joined.count("|") < width - 1 and j + 1 < len(texts) and j - k < 10:
            j += 1
            joined += "\n" + texts[j]
        if joined.count("|") != width - 1:
            break
        rows.append(Row(k, j, cells(joined)))
        k = j + 1
    table = _build([head], rows) if rows else None
    return (table, k) if table else None


def parse_cell_lines(texts: Sequence[str]) -> tuple[Table, int] | None:
    """A table dumped one cell per line at the start of ``texts``, and how many lines it
    takes: a header of N short cells with no figure, then rows of N cells each in which
    the same columns hold figures in every row (at least one such column, and not the
    label). Read only when exactly one N fits, else ``None`` (the lines stay text)."""
    # Cheap refusals first (this is tried at every paragraph): a short first line, and a
    # figure among the lines that would hold the header and first row.
    if not texts or len(texts[0].split()) > _MAX_HEADER_WORDS or is_numeric(texts[0]):
        return None
    if not any(is_numeric(_cell_text(t)) for t in texts[1 : 2 * _MAX_COLUMNS + 1]):
        return None
    found: list[tuple[Table, int]] = []
    for width in range(2, _MAX_COLUMNS + 1):
        got = _cell_table(texts, width)
        if got is not None:
            found.append(got)
    return found[0] if len(found) == 1 else None


def _cell_table(texts: Sequence[str], width: int) -> tuple[Table, int] | None:
    if len(texts) < width * (_MIN_ROWS + 1) or any("\n" in t or "|" in t for t in texts[:width]):
        return None
    if any(len(t.split()) > _MAX_HEADER_WORDS for t in texts[:width]):
        return None
    head = [_cell_text(t) for t in texts[:width]]
    if any(not c or is_numeric(c) for c in head):
        return None
    rows: list[Row] = []
    signature: tuple[bool, ...] | None = None
    k = width
    while k + width <= len(texts):
        chunk = texts[k : k + width]
        if any("\n" in t or "|" in t for t in chunk):
            break
        row = [_cell_text(t) for t in chunk]
        shape = tuple(is_numeric(c) or bool(_INDEX_CELL.match(c)) for c in row)
        if signature is None:
            if not any(shape):
                return None  # short lines of text, no figure: not a table
            signature = shape
        if shape != signature:
            break
        rows.append(Row(k, k + width - 1, row))
        k += width
    if len(rows) < _MIN_ROWS or signature is None:
        return None
    table = Table(head, rows)
    label = table.label_column()
    # A column headed "STT" holds running numbers, or the columns are misaligned.
    if any(
        _INDEX_HEADER.match(h) and not _running([r.cells[j] for r in rows])
        for j, h in enumerate(head)
    ):
        return None
    figures = [j for j, numeric in enumerate(signature) if numeric and j != label]
    if signature[label] or not figures or any(is_numeric(r.cells[label]) for r in rows):
        return None
    # Running numbers are not figures: a table needs one column of real figures.
    if all(_INDEX_HEADER.match(head[j]) or _running([r.cells[j] for r in rows]) for j in figures):
        return None
    return table, k


@functools.lru_cache(maxsize=8192)
def _cell_text(line: str) -> str:
    """A line as one cell (emphasis removed); cached, as the same lines are tried for
    every width and every start."""
    return " ".join(strip_markdown(line).split())


def _running(values: list[str]) -> bool:
    """1, 2, 3, … (a row-number column)."""
    digits = [v.rstrip(".") for v in values]
    if not all(d.isdigit() for d in digits):
        return False
    start = int(digits[0])
    return [int(d) for d in digits] == list(range(start, start + len(digits)))
