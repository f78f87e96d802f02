"""HTML and Markdown for answers and sources, with every report text escaped.

Report files come from many offices and some are converted from Word or PDF by hand, so
their text is data, never markup: a passage that contains ``<script>``, ``**`` or
``[link](javascript:...)`` must show exactly those characters. Everything that reaches
the browser is built here, from escaped pieces, so there is one place to review.

The sources panel shows each citation as a card: report title, province, report date,
section breadcrumb and line span, then the surrounding passage with the cited sentence
wrapped in ``<mark>``.

>>> highlight_html("Tỉnh đã tiêm 859.463 người. <b>x</b>", "tiêm 859.463 người")
'Tỉnh đã <mark>tiêm 859.463 người</mark>. &lt;b&gt;x&lt;/b&gt;'
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable, Sequence

from hoidap.types import Answer, Chunk, Citation, Hit, Report
from ui.strings import text

# Characters that start Markdown (or HTML) anywhere in a line, and those that only matter
# at the start of one. Gradio's Chatbot renders Markdown, then sanitizes the HTML; we make
# sure report text never becomes either.
_MD_ANYWHERE = set("\\`*_[]<>&|~$!{}")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>])", re.MULTILINE)
# "1. " / "1) " opens an ordered list; "859.463 người" does not (and must stay unescaped).
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)
_MARKER = re.compile(r"\[(\d+)\]")
# Emphasis marks the source Markdown may carry; they are skipped when matching a quote.
_SKIP_IN_MATCH = set("*_`")


def md_escape(value: str) -> str:
    """Text that Gradio's Markdown renderer shows verbatim (no links, emphasis, HTML)."""
    out = []
    for ch in value:
        if ch in "&<>":
            out.append(html.escape(ch))
        elif ch in _MD_ANYWHERE:
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    escaped = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _MD_ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def esc(value: object) -> str:
    """HTML-escape any value shown inside the sources panel (quotes included)."""
    return html.escape(str(value), quote=True)


def format_date(value: dt.date | None, lang: str) -> str:
    """Vietnamese reports write dates day first (16/11/2021); so do we, in both languages."""
    return value.strftime("%d/%m/%Y") if value else text(lang, "date_unknown")


def report_date(report: Report | None, chunk: Chunk | None, lang: str) -> str:
    """The report's date, or else the date its figures run to ("số liệu đến 16/11/2021"),
    since many reports carry no issue date in their text but every figure has an as-of."""
    issued = (report.issued if report else None) or (chunk.report_issued if chunk else None)
    if issued:
        return format_date(issued, lang)
    if report and report.period_end:
        return f"{text(lang, 'as_of')} {format_date(report.period_end, lang)}"
    return text(lang, "date_unknown")


def _normalize(value: str) -> tuple[str, list[int]]:
    """Lower-cased text with whitespace runs collapsed and emphasis marks dropped, plus
    the index in ``value`` of every kept character (to map a match back)."""
    chars: list[str] = []
    index: list[int] = []
    previous_space = True
    for i, ch in enumerate(unicodedata.normalize("NFC", value)):
        if ch in _SKIP_IN_MATCH:
            continue
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        chars.append(ch)
        index.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    return "".join(chars), index


def find_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` sits in ``passage`` (NFC), ignoring case, spacing and ``**``.

    A quote the answerer trimmed (``…``) or stitched from two sentences is matched
    sentence by sentence; an empty list means it is not in the passage at all.
    """
    passage = unicodedata.normalize("NFC", passage)
    hay, index = _normalize(passage)
    if not hay:
        return []
    pieces = [quote.strip().strip("…").strip(".").strip()]
    spans = _search(hay, index, pieces[0])
    if spans:
        return spans
    pieces = [p for p in re.split(r"(?<=[.;:!?…])\s+|…", quote) if len(p.strip()) >= 12]
    found: list[tuple[int, int]] = []
    for piece in pieces:
        found.extend(_search(hay, index, piece.strip().strip("…").strip()))
    return sorted(set(found))


def _search(hay: str, index: list[int], quote: str) -> list[tuple[int, int]]:
    needle, _ = _normalize(quote)
    if len(needle) < 3:
        return []
    at = hay.find(needle)
    if at < 0:
        return []
    return [(index[at], index[at + len(needle) - 1] + 1)]


def highlight_html(passage: str, quote: str) -> str | None:
    """The escaped passage with the quote in ``<mark>``, or None when it is not there."""
    passage = unicodedata.normalize("NFC", passage)
    spans = find_spans(passage, quote)
    if not spans:
        return None
    out: list[str] = []
    last = 0
    for start, end in spans:
        if start < last:
            continue
        out.append(esc(passage[last:start]))
        out.append(f"<mark>{esc(passage[start:end])}</mark>")
        last = end
    out.append(esc(passage[last:]))
    return "".join(out)


def _lines(span: Sequence[int]) -> str:
    a, b = int(span[0]), int(span[1])
    return f"{a}" if a == b else f"{a}–{b}"


def _province(province: str, report: Report | None, lang: str) -> str:
    label = esc(province or (report.province if report else ""))
    if report and report.province_2025 and report.province_2025 != report.province:
        label += (
            f" <small>({esc(text(lang, 'province_2025'))}: {esc(report.province_2025)})</small>"
        )
    return label


def citation_card(
    citation: Citation, chunk: Chunk | None, report: Report | None, lang: str, *, open_: bool
) -> str:
    """One cited source: where it comes from, then its passage with the quote marked."""
    title = (
        (report.title if report else "") or (chunk.report_title if chunk else "") or citation.report
    )
    date = report_date(report, chunk, lang)
    issued = (report.issued if report else None) or (chunk.report_issued if chunk else None)
    as_of = report.period_end if report else None
    dates = (
        [(text(lang, "report_date"), esc(format_date(issued, lang)))] if issued or not as_of else []
    )
    if as_of:
        dates.append((text(lang, "as_of_label"), esc(format_date(as_of, lang))))
    rows = [
        (text(lang, "report"), esc(title)),
        (text(lang, "province"), _province(citation.province, report, lang)),
        *dates,
        (text(lang, "section"), esc(citation.section or (chunk.breadcrumb if chunk else ""))),
        (text(lang, "lines"), esc(_lines(citation.lines))),
        (text(lang, "file"), f"<code>{esc(citation.report)}</code>"),
    ]
    if report and report.number:
        rows.insert(1, (text(lang, "number"), esc(report.number)))
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    passage = (chunk.clean or chunk.text) if chunk else ""
    body = highlight_html(passage, citation.quote) if passage else None
    if body is None:
        # The quote is still shown, marked, so the reader sees what is claimed.
        note = esc(text(lang, "quote_not_in_passage"))
        body = f"<p class='hd-note'>{note}</p><p><mark>{esc(citation.quote)}</mark></p>"
        if passage:
            body += f"<hr>{esc(passage)}"
    summary = (
        f"<span class='hd-marker'>[{citation.marker}]</span> {esc(title)} "
        f"<span class='hd-where'>· {esc(citation.province)} · {esc(date)}"
        f" · {esc(text(lang, 'lines'))} {esc(_lines(citation.lines))}</span>"
    )
    return (
        f"<details class='hd-source' id='hd-src-{citation.marker}'"
        f" data-marker='{citation.marker}'{' open' if open_ else ''}>"
        f"<summary>{summary}</summary><dl class='hd-meta'>{meta}</dl>"
        f"<div class='hd-passage'>{body}</div></details>"
    )


def hit_card(hit: Hit, report: Report | None, lang: str) -> str:
    """A retrieved passage shown when hoidap abstains: no quote, so nothing is marked."""
    chunk = hit.chunk
    title = (report.title if report else "") or chunk.report_title or chunk.source
    where = (
        f"{esc(chunk.province)} · {esc(report_date(report, chunk, lang))} · "
        f"{esc(text(lang, 'lines'))} {esc(_lines((chunk.line_start, chunk.line_end)))}"
    )
    return (
        f"<details class='hd-source hd-hit' data-rank='{hit.rank}'>"
        f"<summary>{esc(title)} <span class='hd-where'>· {where}</span></summary>"
        f"<dl class='hd-meta'><dt>{esc(text(lang, 'section'))}</dt><dd>{esc(chunk.breadcrumb)}</dd>"
        f"<dt>{esc(text(lang, 'file'))}</dt><dd><code>{esc(chunk.source)}</code></dd></dl>"
        f"<div class='hd-passage'>{esc(chunk.clean or chunk.text)}</div></details>"
    )


def sources_html(
    answer: Answer | None,
    chunk_of: Callable[[str], Chunk | None],
    report_of: Callable[[str], Report | None],
    lang: str,
) -> str:
    """The whole sources panel for one answer (or its empty state)."""
    if answer is None:
        return f"<div class='hd-sources hd-empty'>{esc(text(lang, 'sources_empty'))}</div>"
    if answer.abstained or not answer.citations:
        hits = "".join(hit_card(h, report_of(h.chunk.source), lang) for h in answer.hits)
        heading = text(lang, "closest") if answer.hits else text(lang, "no_passages")
        return (
            f"<div class='hd-sources hd-abstained'><p class='hd-not-found'>"
            f"{esc(answer.text or text(lang, 'not_found'))}</p><h4>{esc(heading)}</h4>{hits}</div>"
        )
    cards = "".join(
        citation_card(c, chunk_of(c.chunk_id), report_of(c.report), lang, open_=i == 0)
        for i, c in enumerate(answer.citations)
    )
    return f"<div class='hd-sources'>{cards}</div>"


# Calibrated confidence -> plain words: "cao" when about nine answers in ten so rated are
# right, "trung bình" when most are, "thấp" otherwise.
CONFIDENCE_BANDS = ((0.85, "confidence_high"), (0.6, "confidence_medium"))


def confidence_words(confidence: float | None, lang: str) -> str:
    """ "Độ tin cậy: cao" for a calibrated confidence; "" without one.

    >>> confidence_words(0.9, "vi"), confidence_words(0.3, "en"), confidence_words(None, "vi")
    ('Độ tin cậy: cao', 'Confidence: low', '')
    """
    if confidence is None:
        return ""
    key = next((k for floor, k in CONFIDENCE_BANDS if confidence >= floor), "confidence_low")
    return f"{text(lang, 'confidence')}: {text(lang, key)}"


def answer_markdown(answer: Answer, report_of: Callable[[str], Report | None], lang: str) -> str:
    """The assistant's chat message: the answer with its [n] markers, then one line per
    citation saying which report, province and date each figure comes from, and how sure
    hoidap is in plain words."""
    body = md_escape(answer.text)
    if answer.abstained or not answer.citations:
        return f"{body}\n\n*{md_escape(text(lang, 'see_sources'))}*" if answer.hits else body
    lines = []
    for c in answer.citations:
        report = report_of(c.report)
        title = report.title if report and report.title else c.report
        where = f"{title} ({c.province}, {report_date(report, None, lang)}) › {c.section}"
        lines.append(f"<sub>\\[{c.marker}\\] {md_escape(where)}</sub>")
    sure = confidence_words(answer.confidence, lang)
    if sure:
        lines.append(f"<sub>{md_escape(sure)}</sub>")
    return body + "\n\n" + "  \n".join(lines)


def question_markdown(question: str) -> str:
    """The user's own message, shown as typed."""
    return md_escape(question)


def marker_numbers(answer_text: str) -> list[int]:
    """The citation markers used in an answer's text, in order ([1] [2] ...)."""
    return [int(m) for m in _MARKER.findall(answer_text)]


CSS = """
.hd-sources { font-size: 0.95rem; line-height: 1.5; }
.hd-sources.hd-empty { color: var(--body-text-color-subdued); padding: 0.5rem 0; }
.hd-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.4rem 0.7rem; margin: 0 0 0.6rem 0; background: var(--background-fill-primary); }
.hd-source > summary { cursor: pointer; font-weight: 600; }
.hd-source .hd-where { font-weight: 400; color: var(--body-text-color-subdued); }
.hd-marker { color: var(--color-accent); margin-right: 0.2rem; }
.hd-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
  margin: 0.5rem 0; font-size: 0.88rem; }
.hd-meta dt { color: var(--body-text-color-subdued); }
.hd-meta dd { margin: 0; }
.hd-passage { white-space: pre-wrap; border-left: 3px solid var(--border-color-primary);
  padding-left: 0.6rem; }
.hd-passage mark { background: #ffe066; color: #111; padding: 0 1px; border-radius: 2px; }
.hd-not-found { font-weight: 600; }
.hd-note { font-style: italic; color: var(--body-text-color-subdued); }
"""
