"""Section tree from the reports' own numbering.

Markdown "#" levels in converted reports are unreliable ("## 2." sits under "#### I."),
so the tree comes from the numbering style, ranked from the outside in::

    Phần thứ nhất / KẾ HOẠCH (an attached document) / Nơi nhận   rank 0
    Chương II                                                     rank 1
    I., II., ...                                                  rank 2
    Điều 1.                                                       rank 3
    1., 1.1., 2.3.1.                                              rank 3 + depth
    a), b), đ)                                                    rank 20
    an unnumbered bold/italic/#/ALL-CAPS heading                  just under the
                                                                  numbered heading above it

A heading closes every open section of the same or a deeper rank. Bullets ("-", "+",
"* ", "(1)", footnotes) never open a section. A numbered line is a heading when the
report marks it (a "#" line, or bold/italic), or, in plain text, when it reads like a
title: short, not ending in "." or ";", or "label: text" with a short label
("d) Về công tác tiêm chủng: đã khẩn trương ..." is the heading "d) Về công tác tiêm
chủng" with its body on the same line). A long numbered sentence ending in a period is
a body paragraph (an enumerated item), not a heading.

Text before the first numbered heading is the preamble (title block, "Kính gửi",
"Căn cứ"); "Nơi nhận" opens a closing section that holds the recipients and the
signature, up to a new attached document. When a report has no numbered heading at all,
Markdown "#" levels are used as they are; with neither (a short notice, a letter, an
announcement written as plain paragraphs), the whole text is one section under the
document's title, provided it reads as Vietnamese prose (see :func:`reads_as_prose`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hoidap.text import strip_markdown
from hoidap.types import Section, stable_id

NUMBERED = ("part", "chapter", "roman", "article", "arabic", "letter")
DOC_KINDS = (
    "BÁO CÁO",
    "KẾ HOẠCH",
    "QUYẾT ĐỊNH",
    "PHỤ LỤC",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "HƯỚNG DẪN",
    "CHƯƠNG TRÌNH",
    "ĐỀ ÁN",
    "PHƯƠNG ÁN",
    "TỜ TRÌNH",
    "CÔNG VĂN",
    "THÔNG BÁO",
    "CHỈ THỊ",
    "NGHỊ QUYẾT",
)
_LETTER_RANK = 20.0
# Up to this many words a plain numbered line without a final period reads as a title.
_MAX_TITLE_WORDS = 35
_MAX_SUBTITLE_WORDS = 45  # "3.8. Về việc đón nhận công dân ..." headings run long
_MAX_LABEL_WORDS = 15  # "label: body" on one line

_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_FULL_EMPH = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1[\s\\]*$")
_PREFIX_EMPH = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1\s*(\S.*)$")
_BULLET = re.compile(r"^(?:[-+•●▪–]|\*\s|\\\*|\(\d+\)|\(i+\)|<sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰])")
# A signature block, or the issuing body repeated above the "Căn cứ" lines or a signature.
_SIGNATURE = re.compile(
    r"^(?:TM\.|KT\.|TL\.|TUQ\.|Q\.\s|PHÓ CHỦ TỊCH|CHỦ TỊCH"
    r"|(?:ỦY|UỶ) BAN NHÂN DÂN (?:TỈNH|THÀNH PHỐ))"
)
_PART = re.compile(
    r"^(Phần\s+(?:thứ\s+)?(?:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười|\d+|[IVX]+))\b"
    r"\s*[.:\-–]?\s*(.*)$",
    re.IGNORECASE,
)
_CHAPTER = re.compile(r"^(Chương\s+(?:[IVXLC]+|\d+))\b\s*[.:\-–]?\s*(.*)$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(Điều\s+\d+)\s*[.:]?\s*(.*)$")
_ROMAN = re.compile(r"^([IVXL]{1,6})\s*[.)]\s*(\S.*)$")
_VALID_ROMAN = re.compile(r"^(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s*(\S.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(\S.*)$")
_CLOSING = re.compile(r"^nơi nhận\s*:?$", re.IGNORECASE)
_LABEL_BODY = re.compile(r"^([^:]{2,}?)\s*:\s*(\S.*)$")


def is_bullet(line: str) -> bool:
    """A list item ("-", "+", "* ", "(1)", a footnote mark): never a heading."""
    return bool(_BULLET.match(line.strip()))


def is_numbered(text: str) -> bool:
    """Does ``text`` start with a section number ("I.", "2.3.", "a)", "Điều 1")?"""
    return _numbering(text) is not None


class NoSectionsError(ValueError):
    """The text has no heading the section finder recognises."""


@dataclass(frozen=True)
class Heading:
    """What one line says as a heading.

    ``kind`` is a numbering style (``NUMBERED``), "closing", "doc" (an attached
    document's title such as "KẾ HOẠCH"), "caps" (an ALL-CAPS line) or "plain" (an
    unnumbered bold/italic/"#" line). ``label`` is the heading as displayed: emphasis
    stripped, single-spaced, without a trailing ":" or ".". ``inline_body`` is True when
    the line goes on with body text after the heading.
    """

    kind: str
    number: str
    label: str
    rank: float
    inline_body: bool = False
    marked: bool = False
    md_level: int = 0


def _clean(text: str) -> str:
    return " ".join(strip_markdown(text).replace("\\", " ").split())


def _label(text: str) -> str:
    # Stray emphasis marks of broken Markdown ("** Thuận lợi cơ bản tác động tăng thu*")
    # are noise, not part of the heading.
    text = _clean(text).strip("*_ ")
    while text.endswith((":", ".")) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    words = [w for w in text.split() if sum(ch.isalpha() for ch in w) >= 2]
    return len(letters) >= 4 and len(words) >= 2 and all(ch.isupper() for ch in letters)


def _numbering(text: str) -> tuple[str, str, str, float] | None:
    """(kind, number, title, rank) when ``text`` starts with a section number."""
    if m := _PART.match(text):
        return "part", " ".join(m[1].split()), m[2], 0.0
    if m := _CHAPTER.match(text):
        return "chapter", " ".join(m[1].split()), m[2], 1.0
    if m := _ARTICLE.match(text):
        return "article", " ".join(m[1].split()), m[2], 3.0
    if (m := _ROMAN.match(text)) and _VALID_ROMAN.match(m[1]):
        return "roman", m[1], m[2], 2.0
    if m := _ARABIC.match(text):
        if m[3][:1].isdigit() and m.end(2) == m.start(3):
            return None  # "12.345", "1.5": a figure (one cell per line), not "12." + text
        depth = m[1].count(".") + 1
        if depth == 1 and not m[2]:
            return None  # "2 người" is a count, "2." is a number
        return "arabic", m[1], m[3], 3.0 + depth
    if m := _LETTER.match(text):
        return "letter", m[1] + ")", m[2], _LETTER_RANK
    return None


def classify_line(line: str, next_line: str = "") -> Heading | None:
    """The heading a line opens, or None for body text.

    >>> classify_line("#### **I. DIỄN BIẾN TÌNH HÌNH**").label
    'I. DIỄN BIẾN TÌNH HÌNH'
    >>> classify_line("d) Về công tác tiêm chủng: đã khẩn trương triển khai").label
    'd) Về công tác tiêm chủng'
    >>> body = ("1. Tiếp tục quán triệt, thực hiện nghiêm túc các chỉ đạo của Bộ Chính trị, "
    ...         "Ban Bí thư, Chính phủ về phòng, chống dịch COVID-19 trên địa bàn tỉnh.")
    >>> classify_line(body) is None
    True
    """
    stripped = line.strip()
    if not stripped:
        return None
    md = _MD_HEADING.match(stripped)
    rest = stripped[md.end() :] if md else stripped
    md_level = len(md.group(1)) if md else 0
    if _BULLET.match(rest):
        return None
    full = _FULL_EMPH.match(rest)
    prefix = None if full else _PREFIX_EMPH.match(rest)
    clean = _clean(rest)
    if not clean or _SIGNATURE.match(clean):
        return None
    marked = bool(md or full)

    if prefix and (num := _numbering(_clean(prefix.group(2)))):
        kind, number, _title, rank = num
        return Heading(
            kind,
            number,
            _label(prefix.group(2)),
            rank,
            inline_body=True,
            marked=True,
            md_level=md_level,
        )

    num = _numbering(clean)
    if num is None:
        return _unnumbered(clean, marked, md_level)
    kind, number, title, rank = num
    words = len(title.split())
    if marked:
        return (
            Heading(kind, number, _label(clean), rank, marked=True, md_level=md_level)
            if words <= 60
            else None
        )
    head = clean[: len(clean) - len(title)].rstrip() if title else clean
    if kind in ("part", "chapter", "article"):
        if kind == "article" and (words > _MAX_LABEL_WORDS or title.rstrip().endswith(".")):
            return Heading(kind, number, _label(head), rank, inline_body=True)
        return Heading(kind, number, _label(clean), rank)
    if kind == "roman":
        return Heading(kind, number, _label(clean), rank) if words <= 30 else None
    return _plain_numbered(kind, number, head, title, rank, next_line)


def _plain_numbered(
    kind: str, number: str, head: str, title: str, rank: float, next_line: str
) -> Heading | None:
    words = len(title.split())
    tail = title.rstrip()
    after = _clean(next_line)
    if after[:1].islower() and not _BULLET.match(next_line.strip()) and not _numbering(after):
        return None  # a paragraph broken by PDF conversion goes on below: body text
    if tail.endswith(":") and words <= _MAX_TITLE_WORDS:
        return Heading(kind, number, _label(f"{head} {title}"), rank)
    lb = _LABEL_BODY.match(title)
    if lb and len(lb[1].split()) <= _MAX_LABEL_WORDS and not _BULLET.match(lb[2]):
        return Heading(kind, number, _label(f"{head} {lb[1]}"), rank, inline_body=True)
    limit = _MAX_SUBTITLE_WORDS if kind == "arabic" and "." in number else _MAX_TITLE_WORDS
    if words <= limit and ";" not in tail and not tail.endswith((".", ",")):
        return Heading(kind, number, _label(f"{head} {title}"), rank)
    if tail.endswith(".") and words <= 30 and _BULLET.match(next_line.strip()):
        return Heading(kind, number, _label(f"{head} {title}"), rank)
    if tail.endswith(".") and words <= 60 and kind == "arabic" and _LETTER.match(after):
        # "2. Tăng cường ... (a long title)." followed by its points "a) ...": a heading.
        return Heading(kind, number, _label(f"{head} {title}"), rank)
    return None


def _unnumbered(clean: str, marked: bool, md_level: int) -> Heading | None:
    if _CLOSING.match(clean):
        return Heading("closing", "", _label(clean), 0.0, marked=marked, md_level=md_level)
    bare = clean.rstrip(":").strip()
    if bare.upper() == bare and bare in DOC_KINDS:
        return Heading("doc", "", bare, 0.0, marked=marked, md_level=md_level)
    words = len(clean.split())
    starts_ok = clean[:1].isalpha()
    if marked and starts_ok and words <= _MAX_LABEL_WORDS and not clean.endswith((".", ";", ",")):
        return Heading("plain", "", _label(clean), -1.0, marked=True, md_level=md_level)
    if _is_caps(clean) and words <= 20 and starts_ok:
        return Heading("caps", "", _label(clean), -1.0, marked=marked, md_level=md_level)
    return None


# ---------------------------------------------------------------------------- tree


@dataclass
class Node:
    """One heading placed in the tree; lines are 0-based indexes into the text's lines."""

    heading: Heading
    line: int
    end_line: int  # last line of the heading (a heading may run over several lines)
    rank: float
    parent: int | None
    label: str
    body_end: int = -1  # last line before the next heading (own text only)
    subtree_end: int = -1  # last line of the section including its children
    children: list[int] = field(default_factory=list)


@dataclass
class Outline:
    """The headings of one text and where its preamble ends (0-based, exclusive)."""

    nodes: list[Node]
    preamble_end: int


def _next_nonblank(lines: list[str], i: int) -> str:
    for j in range(i + 1, min(len(lines), i + 6)):
        if lines[j].strip():
            return lines[j]
    return ""


def find_outline(lines: list[str], numbered_paragraphs: bool = False) -> Outline:
    """Place every heading line in the tree; raise :class:`NoSectionsError` when none.

    ``numbered_paragraphs``: numbered paragraphs directly under a top-level heading are
    sections too (a notice's conclusions "1. ...", "2. ..."; see
    :func:`_numbered_paragraphs`). Elsewhere such a run is a list inside its section.
    """
    cands = [classify_line(line, _next_nonblank(lines, i)) for i, line in enumerate(lines)]
    _uniform_lists(lines, cands)
    if numbered_paragraphs:
        _numbered_paragraphs(lines, cands)
    first = next((i for i, c in enumerate(cands) if c and c.kind in NUMBERED), None)
    if first is None:
        return _markdown_outline(lines, cands)
    nodes: list[Node] = []
    stack: list[int] = []
    in_closing = False
    last_text = first - 1  # last line that is not part of a heading
    for i in range(first, len(lines)):
        c = cands[i]
        if c is None:
            if lines[i].strip():
                last_text = i
            continue
        if in_closing and c.kind not in ("part", "doc"):
            last_text = i
            continue
        if nodes and _continues(nodes[-1], c, lines, i, last_text):
            node = nodes[-1]
            node.label = f"{node.label} {c.label}"
            node.end_line = i
            continue
        if c.kind in ("plain", "caps"):
            parent_rank = next(
                (nodes[k].rank for k in reversed(stack) if nodes[k].heading.kind in NUMBERED), 0.0
            )
            rank = parent_rank + 0.5
        else:
            rank = c.rank
        while stack and nodes[stack[-1]].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        nodes.append(Node(c, i, i, rank, parent, c.label))
        if parent is not None:
            nodes[parent].children.append(len(nodes) - 1)
        stack.append(len(nodes) - 1)
        in_closing = c.kind == "closing"
        if c.inline_body:
            last_text = i
    _close_spans(nodes, lines)
    return Outline(nodes, first)


_PARAGRAPH_LABEL_WORDS = 12


def _paragraph_number(line: str, cand: Heading | None) -> int | None:
    """The number of a plain "5. Long sentence ..." paragraph (not a marked heading)."""
    if cand is not None and not (cand.kind == "arabic" and cand.inline_body and not cand.marked):
        return None
    stripped = line.strip()
    if _MD_HEADING.match(stripped) or _FULL_EMPH.match(stripped):
        return None
    m = re.match(r"^(\d{1,2})\.\s+\S", _clean(stripped))
    return int(m[1]) if m else None


def _paragraph_label(line: str) -> str:
    """ "1. Cấp ủy, chính quyền Thành phố phải xác định việc ..." (first clause, short)."""
    text = _clean(line)
    number, _, rest = text.partition(" ")
    clause = re.split(r"[:;]|\.(?:\s|$)", rest, maxsplit=1)[0].strip()
    words = clause.split()
    short = " ".join(words[:_PARAGRAPH_LABEL_WORDS])
    if len(words) > _PARAGRAPH_LABEL_WORDS:
        short = short.rstrip(",") + " …"
    return f"{number} {short}"


_ITEM = re.compile(r"^(?:([a-zđ])\)|(\d{1,2})\.)\s+\S")


def _uniform_lists(lines: list[str], cands: list[Heading | None]) -> None:
    """A list whose items are body text holds no headings: in a run of sibling points
    ("a) ...", "b) ..." or "1. ...", "2. ..." with no other heading between them) where
    some item is a plain sentence, an item read as "short label: its text" on one line
    ("b) Kinh phí khen thưởng: Từ nguồn ...") is body text too, as its siblings are.
    Items that stand as headings on their own line (bold, Markdown, a short title above
    their text) stay, and so does every item of a run that has one."""
    run: list[int] = []
    run_kind = ""

    def close() -> None:
        items = [cands[i] for i in run]
        # A run that also holds a heading on its own line ("a) Chủ đề ..." above its
        # text) is a list of sub-sections; demoting one of them would file its text
        # under that heading, so such a run is left as it is.
        standalone = any(c is not None and not c.inline_body for c in items)
        if len(run) >= 2 and None in items and not standalone:
            for i in run:
                c = cands[i]
                if c is not None and c.inline_body and not c.marked:
                    cands[i] = None
        run.clear()

    for i, line in enumerate(lines):
        c = cands[i]
        stripped = line.strip()
        m = _ITEM.match(stripped)
        kind = ("letter" if m[1] else "arabic") if m else ""
        item = bool(m) and (c is None or (c.kind == kind and not c.marked))
        if item:
            if kind != run_kind:
                close()
                run_kind = kind
            run.append(i)
        elif c is not None:
            close()
            run_kind = ""
    close()


def _numbered_paragraphs(lines: list[str], cands: list[Heading | None]) -> None:
    """Numbered paragraphs 1., 2., 3. ... (the conclusions of a notice) directly under a
    top-level heading become sections, labelled by their first clause.

    A run starts at "1." and goes on while each next numbered paragraph carries the next
    number, with no heading in between; it needs two items. Under an arabic or letter
    heading the same paragraphs are an enumeration inside that section and stay body text.
    """
    last_rank = 0.0
    run: list[int] = []

    def close() -> None:
        if len(run) >= 2:
            for i in run:
                number = _clean(lines[i]).split(".", 1)[0]
                cands[i] = Heading(
                    "arabic", number, _paragraph_label(lines[i]), 4.0, inline_body=True
                )
        run.clear()

    for i, line in enumerate(lines):
        c = cands[i]
        n = _paragraph_number(line, c) if last_rank < 4.0 else None
        if n is not None:
            expected = len(run) + 1
            if n == 1:
                close()
                run.append(i)
            elif run and n == expected:
                run.append(i)
            else:
                close()
            continue
        if c is not None:
            close()
            if c.kind in NUMBERED or c.kind in ("doc", "closing"):
                last_rank = c.rank
    close()


def _continues(node: Node, c: Heading, lines: list[str], i: int, last_text: int) -> bool:
    """Is line ``i`` the second line of the heading ``node`` (no body text in between)?"""
    if last_text > node.line or node.heading.inline_body or i - node.end_line > 4:
        return False
    if c.kind not in ("plain", "caps"):
        return False
    if node.heading.kind in ("part", "doc", "chapter"):
        return node.end_line - node.line < 3
    wrapped = node.heading.kind in ("roman", "arabic") and len(node.label.split()) >= 8
    if (
        wrapped
        and node.heading.marked
        and c.marked
        and c.kind == "plain"
        and last_text < node.line
        and not node.label.endswith((".", ";", ":"))
        and i - node.end_line <= 2
    ):
        # "**3. Đề nghị Ủy ban ..., Hội Liên hiệp**" / "**Phụ nữ Thành phố và ...**": one
        # bold heading broken over two lines (only blank lines between them).
        return True
    # "9.1. Giai đoạn căng thẳng ...: Đảm bảo duy trì sản xuất" / "an toàn và ..."
    return c.label[:1].islower() and not node.label.endswith((".", ";", ":"))


def _markdown_outline(lines: list[str], cands: list[Heading | None]) -> Outline:
    """Fallback for a text without any numbering: the "#" levels as they are."""
    nodes: list[Node] = []
    stack: list[int] = []
    for i, line in enumerate(lines):
        md = _MD_HEADING.match(line)
        if not md or not _clean(line[md.end() :]):
            continue
        rank = float(len(md.group(1)))
        while stack and nodes[stack[-1]].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        label = _label(line[md.end() :])
        heading = Heading("markdown", "", label, rank, marked=True, md_level=int(rank))
        nodes.append(Node(heading, i, i, rank, parent, label))
        if parent is not None:
            nodes[parent].children.append(len(nodes) - 1)
        stack.append(len(nodes) - 1)
    if not nodes:
        if reads_as_prose(lines):
            # One section, the whole text, under the title (build_sections' preamble).
            return Outline([], len(lines))
        raise NoSectionsError(
            "không thấy đề mục nào (cần đề mục đánh số như 'I.', '1.', 'a)' hoặc '#') và "
            f"văn bản không đủ {PROSE_MIN_WORDS} từ tiếng Việt để đọc thành một mục / "
            "no section headings found (expected numbered headings such as 'I.', '1.', "
            f"'a)' or Markdown '#' headings), and fewer than {PROSE_MIN_WORDS} Vietnamese "
            "words to read as one section"
        )
    _close_spans(nodes, lines)
    return Outline(nodes, nodes[0].line)


# A document without any heading is indexed whole when it reads as Vietnamese prose: at
# least this many words, this share of them Vietnamese syllables. Below that the text is
# more likely a stray line, a wrongly decoded file or garbage than a document to cite.
PROSE_MIN_WORDS = 20
PROSE_MIN_SHARE = 0.6


def reads_as_prose(lines: list[str]) -> bool:
    """Does this heading-less text read as a Vietnamese document: ``PROSE_MIN_WORDS``
    words or more, at least ``PROSE_MIN_SHARE`` of them syllables Vietnamese writes?

    >>> reads_as_prose(["Cán bộ, công chức được nghỉ lễ từ ngày 30/4 đến hết ngày 04/5. "
    ...                 "Các cơ quan, đơn vị bố trí lịch trực bảo đảm an toàn, an ninh."])
    True
    >>> reads_as_prose(["Tỉnh Bạc Liêu đã tiêm 12.345 liều."])
    False
    """
    from ingest.syllables import is_syllable

    # One-letter words say little (mojibake is full of "Ã", "Â", and "ở", "y" are words).
    words = [w for w in re.findall(r"[^\W\d_]+", strip_markdown("\n".join(lines))) if len(w) > 1]
    if len(words) < PROSE_MIN_WORDS:
        return False
    return sum(map(is_syllable, words)) >= PROSE_MIN_SHARE * len(words)


def _last_nonblank(lines: list[str], start: int, end: int) -> int:
    """Last non-blank line in ``start..end`` (inclusive), or ``start`` when all blank."""
    for j in range(end, start - 1, -1):
        if lines[j].strip():
            return j
    return start


def _close_spans(nodes: list[Node], lines: list[str]) -> None:
    for k, node in enumerate(nodes):
        nxt = nodes[k + 1].line if k + 1 < len(nodes) else len(lines)
        node.body_end = _last_nonblank(lines, node.line, nxt - 1)
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        node.subtree_end = max([node.body_end] + [nodes[c].subtree_end for c in node.children])


def node_paths(outline: Outline) -> list[tuple[str, ...]]:
    """The heading path from the root to each node."""
    paths: list[tuple[str, ...]] = []
    for node in outline.nodes:
        parent = () if node.parent is None else paths[node.parent]
        paths.append((*parent, node.label))
    return paths


def build_sections(outline: Outline, lines: list[str], report_id: str, title: str) -> list[Section]:
    """Sections in reading order: the preamble (when there is text before the first
    heading; number "", heading = the report title), then one per heading."""
    sections: list[Section] = []
    pre = [j for j in range(outline.preamble_end) if lines[j].strip()]
    if pre:
        sections.append(
            Section(
                stable_id(report_id, "preamble"),
                "",
                title,
                0,
                (title,),
                pre[0] + 1,
                pre[-1] + 1,
                None,
            )
        )
    ids: list[str] = []
    for k, (node, path) in enumerate(zip(outline.nodes, node_paths(outline), strict=True)):
        section_id = stable_id(report_id, k, *path)
        ids.append(section_id)
        parent_id = ids[node.parent] if node.parent is not None else None
        sections.append(
            Section(
                section_id,
                node.heading.number,
                node.label,
                len(path),
                path,
                node.line + 1,
                node.subtree_end + 1,
                parent_id,
            )
        )
    return sections
