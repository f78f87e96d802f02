"""HTML pages saved from legal-document portals: the letterhead and the main text.

trafilatura (a maintained main-content extractor) drops menus, footers and sidebars and
writes the body as Markdown, tables as "| a | b |" rows, so the section finder sees the
same cues as in a converted report. Portals lay the letterhead out as a two-column table
with "<br>" inside cells ("ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH | CỘNG HÒA ..."); trafilatura
would run those lines together, so that table is read first, one line per cell line, and
taken out of the page before extraction.
"""

from __future__ import annotations

import re

from hoidap.errors import IngestError

_LETTERHEAD = re.compile(r"CỘNG HÒA|CỘNG HOÀ|Số\s*:", re.IGNORECASE)
_BREAKS = ("br", "p", "div")


def _cell_lines(cell: object) -> list[str]:
    """The lines of one table cell, split at <br>, <p> and <div>."""
    from lxml import etree

    parts: list[str] = []
    current: list[str] = []
    assert isinstance(cell, etree._Element)
    for node in cell.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BREAKS and node is not cell and current:
            parts.append("".join(current))
            current = []
        if node.text and tag != "br":
            current.append(node.text)
        if node is not cell and node.tail:
            current.append(node.tail)
    if current:
        parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]


def letterhead(tree: object) -> list[str]:
    """Lines of the first table that reads like a letterhead, removed from ``tree``."""
    for table in tree.iter("table"):  # type: ignore[attr-defined]
        text = " ".join(table.itertext())
        if not _LETTERHEAD.search(text) or len(text.split()) > 80:
            continue
        lines: list[str] = []
        for cell in table.iter("td", "th"):
            lines.extend(_cell_lines(cell))
            lines.append("")
        parent = table.getparent()
        if parent is not None:
            parent.remove(table)
        return lines
    return []


def read_html(html: str, name: str = "") -> str:
    """The letterhead lines and the main text (Markdown) of one saved page."""
    import lxml.html
    import trafilatura
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(
            name or "page",
            f"HTML hỏng / not readable HTML ({exc})",
            "lưu lại trang hoặc tải lại / save the page again, or download it again",
        ) from None
    head = letterhead(tree)
    body = trafilatura.extract(
        etree.tostring(tree, encoding="unicode"),
        output_format="markdown",
        include_tables=True,
        include_formatting=True,
        favor_recall=True,
    )
    if not body:
        raise IngestError(
            name or "page", "trang HTML không có nội dung chính / no main text in the HTML page"
        )
    # trafilatura escapes list and number marks ("1\\.", "\\-"); the page did not.
    body = re.sub(r"(?m)^(\s*)(\d+)\\\.", r"\1\2.", body)
    body = re.sub(r"(?m)^(\s*)\\([-+*])", r"\1\2", body)
    return "\n".join([*head, body]) if head else body
