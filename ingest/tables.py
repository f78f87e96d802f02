"""Tables: Markdown / DOCX pipe tables read as rows that keep their headers.

A table row alone ("| 2 | Huyện Cái Nước | 1.204 | 15 |") does not say what its figures
are; the header row does ("STT | Đơn vị | Số ca mắc | Số ca tử vong"). So each data row
becomes its own chunk whose ``clean`` text names, for every cell, its row and column:

    Phụ lục 1 · Huyện Cái Nước · Số ca mắc: 1.204
    Phụ lục 1 · Huyện Cái Nước · Số ca tử vong: 15

All words are the file's own (the caption, the row's first label cell, the column header
and the cell), so a quote still reads as the document does, and a figure cited from a
table names its row and column. ``text`` stays the verbatim row line. The row label is
the first cell that is not a running number (an "STT"/"TT" column is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hoidap.text import strip_markdown

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_INDEX_HEADER = re.compile(r"^(?:stt|tt|số tt|số thứ tự|no\.?)$", re.IGNORECASE)
_INDEX_CELL = re.compile(r"^(?:\d{1,3}|[IVXL]{1,5}|[a-zđ])\.?$")
SEP = " · "


def is_table_line(line: str) -> bool:
    """A Markdown / DOCX table row: "| a | b |"."""
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def cells(line: str) -> list[str]:
    """The cells of one row, emphasis removed and whitespace collapsed."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [" ".join(strip_markdown(c).split()) for c in stripped.split("|")]


@dataclass(frozen=True)
class Table:
    """One table: its header cells and, per data row, the row's index (into the lines
    given) and cells."""

    header: list[str]
    rows: list[tuple[int, list[str]]]

    def label_column(self) -> int:
        """The column that names a row (after an "STT" column of running numbers)."""
        for k, head in enumerate(self.header):
            values = [r[1][k] for r in self.rows if k < len(r[1])]
            if _INDEX_HEADER.match(head) or (values and all(_INDEX_CELL.match(v) for v in values)):
                continue
            return k
        return 0

    def row_text(self, cells_: list[str], caption: str = "") -> str:
        """ "caption · row label · column: value", one line per non-empty value cell."""
        label_k = self.label_column()
        label = cells_[label_k] if label_k < len(cells_) else ""
        prefix = SEP.join(x for x in (caption, label) if x)
        out = []
        for k, value in enumerate(cells_):
            if k == label_k or not value or (k < label_k and _INDEX_CELL.match(value)):
                continue
            head = self.header[k] if k < len(self.header) else ""
            name = SEP.join(x for x in (prefix, head) if x)
            out.append(f"{name}: {value}" if name else value)
        return "\n".join(out) if out else prefix


def parse(lines: list[str]) -> Table | None:
    """A table from consecutive row lines (a separator row "|---|" may follow the header)."""
    rows = [(i, line) for i, line in enumerate(lines) if line.strip()]
    if len(rows) < 2 or not all(is_table_line(line) for _, line in rows):
        return None
    body = [(i, cells(line)) for i, line in rows if not _SEPARATOR.match(line.strip())]
    if len(body) < 2:
        return None
    header = body[0][1]
    # A header row printed again on each page of a long table is not a data row.
    data = [(i, c) for i, c in body[1:] if c != header]
    return Table(header, data) if data else None
