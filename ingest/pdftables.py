"""Ruled tables in text PDFs, found with pdfplumber and written as "| a | b |" rows.

pypdf reads a table's cells as loose words ("1 Huyện Cái Nước 1.204 15"), so a figure
loses its row and column. pdfplumber (MIT, on pdfminer.six) finds a table from its
ruling lines and gives the cells. A page that holds a table is read through pdfplumber:
its text above, between and below the tables as lines, each table as one "| a | b |"
line per row, in reading order. The chunker then treats those rows like a Markdown or
DOCX table (:mod:`ingest.tables`): one chunk per data row, each cell named by its row
and column, on the page it was printed on.

Only ruled tables ("lines" strategy) are read: guessing columns from text alignment
alone also "finds" tables in letterheads and signature blocks. A page with no drawing
operators is not handed to pdfplumber at all (reading a page's layout costs far more
than pypdf's text). A cell merged across columns of the header row repeats the text of
the cell it spans (pdfplumber gives ``None`` there); other empty or merged cells stay
empty, so no figure is ever copied into a cell that did not print it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hoidap.text import nfc
from ingest import syllables

# Path-painting operators of a content stream ("re" rectangle, "l" line): a ruled table
# draws at least four.
_DRAWING = re.compile(rb"(?<![A-Za-z])(?:re|l)(?=\s)")
_MIN_DRAWING_OPS = 4


def may_hold_tables(content: bytes) -> bool:
    """Whether a page's (decoded) content stream draws enough lines to rule a table."""
    return len(_DRAWING.findall(content)) >= _MIN_DRAWING_OPS


def _cell(text: str | None) -> str:
    """One cell as one line: NFC, letter spacing repaired, whitespace collapsed; a "|"
    in the cell would split it, so it is written as "/"."""
    if not text:
        return ""
    words = " ".join(syllables.unspace(" ".join(nfc(text).split())).split())
    return words.replace("|", "/")


def table_lines(rows: list[list[str | None]]) -> list[str]:
    """A table's rows as "| a | b |" lines; ``[]`` when it is not a table of at least
    two rows and two columns with text in more than one row (a box around a note)."""
    rows = [r for r in rows if any(c and c.strip() for c in r)]
    width = max((len(r) for r in rows), default=0)
    if len(rows) < 2 or width < 2:
        return []
    out = []
    for k, row in enumerate(rows):
        cells = [_cell(c) for c in row] + [""] * (width - len(row))
        if k == 0:  # a header cell spanning columns names each of them
            for j in range(1, width):
                if row[j] is None if j < len(row) else True:
                    cells[j] = cells[j - 1]
        out.append("| " + " | ".join(cells) + " |")
    return out


def _text_lines(page: Any, top: float, bottom: float) -> str:
    if bottom - top < 1:
        return ""
    region = page.crop((0, max(0.0, top), page.width, min(page.height, bottom)))
    return str(region.extract_text() or "")


def _page_lines(page: Any, repair: Callable[[str], list[str]]) -> list[str] | None:
    found = []
    for table in page.find_tables():
        lines = table_lines(table.extract())
        if lines:
            found.append((table.bbox, lines))
    if not found:
        return None
    found.sort(key=lambda t: t[0][1])
    out: list[str] = []
    top = 0.0
    for (_x0, t_top, _x1, t_bottom), lines in found:
        out.extend(x for x in repair(_text_lines(page, top, t_top)) if x.strip())
        out.extend(lines)
        top = max(top, t_bottom)
    out.extend(x for x in repair(_text_lines(page, top, page.height)) if x.strip())
    return out


def pages_with_tables(
    path: Path, indexes: list[int], repair: Callable[[str], list[str]]
) -> dict[int, list[str]]:
    """For each page in ``indexes`` (0-based) that holds a ruled table: its lines, text
    repaired by ``repair`` and each table row as a "| a | b |" line. Pages without a
    table are left out (the caller keeps pypdf's text for them)."""
    if not indexes:
        return {}
    import pdfplumber

    out: dict[int, list[str]] = {}
    with pdfplumber.open(path) as doc:
        for i in indexes:
            lines = _page_lines(doc.pages[i], repair)
            if lines is not None:
                out[i] = lines
            doc.pages[i].close()  # frees the page's parsed layout
    return out
