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
from urllib.parse import quote

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


def viewer_href(source: str, lines: Sequence[int] | None = None) -> str:
    """The report viewer's address for ``source``, relative to the chat page (``/`` and
    ``/embed/`` both serve ``reports/<file>``, so it stays right behind a proxy prefix),
    with ``#L127-133`` to highlight and scroll to the cited lines."""
    href = "reports/" + quote(source, safe="")
    if lines:
        a, b = int(lines[0]), int(lines[-1])
        href += f"#L{a}" if a == b else f"#L{a}-{b}"
    return href


def _open_link(source: str, lines: Sequence[int], lang: str) -> str:
    return (
        f"<a class='hd-open' href='{esc(viewer_href(source, lines))}' target='_blank'"
        f" rel='noopener'>{esc(text(lang, 'open_report'))}</a>"
    )


def _place(lines: Sequence[int], page: int | None, lang: str) -> str:
    """ "Dòng 41–45", or for a PDF "Trang 3, dòng 41–45" (the page of the first line)."""
    where = f"{text(lang, 'lines')} {_lines(lines)}"
    if page is None:
        return where
    return f"{text(lang, 'page')} {page}, {where[:1].lower()}{where[1:]}"


def _where(
    province: str, section: str, lines: Sequence[int], lang: str, page: int | None = None
) -> str:
    """The second line of every card summary: province · section path · lines (and page),
    so that cards of one report differ visibly before they are opened."""
    parts = [esc(province), esc(section), esc(_place(lines, page, lang))]
    return "<span class='hd-where'>" + " · ".join(p for p in parts if p) + "</span>"


def citation_card(
    citation: Citation, chunk: Chunk | None, report: Report | None, lang: str, *, open_: bool
) -> str:
    """One cited source: where it comes from, then its passage with the quote marked."""
    title = (
        (report.title if report else "") or (chunk.report_title if chunk else "") or citation.report
    )
    issued = (report.issued if report else None) or (chunk.report_issued if chunk else None)
    as_of = report.period_end if report else None
    dates = (
        [(text(lang, "report_date"), esc(format_date(issued, lang)))] if issued or not as_of else []
    )
    if as_of:
        dates.append((text(lang, "as_of_label"), esc(format_date(as_of, lang))))
    section = citation.section or (chunk.breadcrumb if chunk else "")
    rows = [
        (text(lang, "report"), esc(title)),
        (text(lang, "province"), _province(citation.province, report, lang)),
        *dates,
        (text(lang, "section"), esc(section)),
        (text(lang, "lines"), esc(_lines(citation.lines))),
        (text(lang, "file"), f"<code>{esc(citation.report)}</code>"),
    ]
    if citation.page is not None:
        rows.insert(-2, (text(lang, "page"), str(citation.page)))
    if report:
        # The document's own metadata, each row only when the document states it.
        signer = ", ".join(x for x in (report.signer_title, report.signer) if x)
        extra = [
            (text(lang, "kind"), report.kind),
            (text(lang, "number"), report.number),
            (text(lang, "issuer"), report.issuer),
        ]
        rows[1:1] = [(k, esc(v)) for k, v in extra if v]
        if signer:
            rows.insert(-1, (text(lang, "signer"), esc(signer)))
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows)
    passage = (chunk.clean or chunk.text) if chunk else ""
    body = highlight_html(passage, citation.quote) if passage else None
    if body is None:
        # The quote is still shown, marked, so the reader sees what is claimed.
        note = esc(text(lang, "quote_not_in_passage"))
        body = f"<p class='hd-note'>{note}</p><p><mark>{esc(citation.quote)}</mark></p>"
        if passage:
            body += f"<hr>{esc(passage)}"
    date = report_date(report, chunk, lang)
    summary = (
        f"<span class='hd-title'><span class='hd-marker'>[{citation.marker}]</span> "
        f"{esc(title)} <span class='hd-date'>({esc(date)})</span></span>"
        + _where(citation.province, section, citation.lines, lang, citation.page)
    )
    quote_line = f"<p class='hd-quote'>“{esc(citation.quote)}”</p>"
    return (
        f"<details class='hd-source' id='hd-src-{citation.marker}'"
        f" data-marker='{citation.marker}'{' open' if open_ else ''}>"
        f"<summary>{summary}</summary>{'' if open_ else quote_line}"
        f"<dl class='hd-meta'>{meta}</dl>"
        f"<div class='hd-passage'>{body}</div>"
        f"{_open_link(citation.report, citation.lines, lang)}</details>"
    )


def hit_card(hit: Hit, report: Report | None, lang: str) -> str:
    """A retrieved passage shown when hoidap abstains: no quote, so nothing is marked."""
    chunk = hit.chunk
    title = (report.title if report else "") or chunk.report_title or chunk.source
    lines = (chunk.line_start, chunk.line_end)
    summary = (
        f"<span class='hd-title'>{esc(title)} "
        f"<span class='hd-date'>({esc(report_date(report, chunk, lang))})</span></span>"
        + _where(chunk.province, chunk.breadcrumb, lines, lang)
    )
    return (
        f"<details class='hd-source hd-hit' data-rank='{hit.rank}'>"
        f"<summary>{summary}</summary>"
        f"<dl class='hd-meta'><dt>{esc(text(lang, 'file'))}</dt>"
        f"<dd><code>{esc(chunk.source)}</code></dd></dl>"
        f"<div class='hd-passage'>{esc(chunk.clean or chunk.text)}</div>"
        f"{_open_link(chunk.source, lines, lang)}</details>"
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
        # The closest candidates first, their sentences marked in their passages but
        # labelled as not asserted; then the retrieved passages.
        candidates = "".join(
            citation_card(c, chunk_of(c.chunk_id), report_of(c.report), lang, open_=i == 0)
            for i, c in enumerate(answer.closest)
        )
        if candidates:
            candidates = (
                f"<h4>{esc(text(lang, 'closest_candidate'))}</h4>"
                f"<div class='hd-closest'>{candidates}</div>"
            )
        hits = "".join(hit_card(h, report_of(h.chunk.source), lang) for h in answer.hits)
        heading = text(lang, "closest") if answer.hits else text(lang, "no_passages")
        first_line = (answer.text or text(lang, "not_found")).split("\n", 1)[0]
        return (
            f"<div class='hd-sources hd-abstained'><p class='hd-not-found'>"
            f"{esc(first_line)}</p>{candidates}<h4>{esc(heading)}</h4>{hits}</div>"
        )
    cards = "".join(
        citation_card(c, chunk_of(c.chunk_id), report_of(c.report), lang, open_=i == 0)
        for i, c in enumerate(answer.citations)
    )
    return f"<div class='hd-sources'>{cards}</div>"


def confidence_words(confidence: float | None, lang: str) -> str:
    """ "Độ tin cậy: cao" for a calibrated confidence (bands: ``qa.scorer.CONFIDENCE_BANDS``);
    "" without one.

    >>> confidence_words(0.9, "vi"), confidence_words(0.3, "en"), confidence_words(None, "vi")
    ('Độ tin cậy: cao', 'Confidence: low', '')
    """
    from qa.scorer import confidence_band

    if confidence is None:
        return ""
    return f"{text(lang, 'confidence')}: {text(lang, 'confidence_' + confidence_band(confidence))}"


# An escaped marker "\[1\]" in the answer text, turned into a link to its source card.
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")


def _marker_links(escaped: str) -> str:
    """``\\[1\\]`` -> a Markdown link to ``#hd-src-1``; the page script opens that card and
    scrolls to it (and the link works without script as a plain in-page anchor)."""
    return _ESCAPED_MARKER.sub(lambda m: f"[\\[{m.group(1)}\\]](#hd-src-{m.group(1)})", escaped)


def _bold_lead(escaped: str) -> str:
    """The figure that answers the question in bold: the answerer leads with it before
    " — " ("859.463 người — Lũy kế ..."); otherwise the first number with its unit. A
    comparison or an answer computed from several figures leads with a line of its own
    ("Cà Mau 96 trạm [1], Lạng Sơn 162 trạm [2]: Lạng Sơn nhiều hơn 66 trạm", then one
    line per side): that whole line, its arithmetic and markers included, is the lead."""
    first, newline, others = escaped.partition("\n")
    if newline and " — " not in first and re.search(r"\d", first) and len(first) <= 240:
        return f"**{first}**{newline}{others}"
    head, sep, rest = escaped.partition(" — ")
    if sep and len(head) <= 120 and re.search(r"\d", head):
        return f"**{head}**{sep}{rest}"
    # A lone digit ("alert(1)", "mũi 2") is rarely the answer; a figure has a unit, a
    # percent sign or at least two digits.
    m = next(
        (f for f in _FIGURE.finditer(escaped) if not f.group(0).isdigit() or len(f.group(0)) > 1),
        None,
    )
    if not m:
        return escaped
    return f"{escaped[: m.start()]}**{m.group(0)}**{escaped[m.end() :]}"


# A number as reports write it (859.463 / 74,8% / 1,5 triệu) with a short unit after it.
_FIGURE = re.compile(
    r"(?<![\w/.,])\d{1,3}(?:[.,]\d{3})*(?:,\d+)?(?:\s?%|\s(?:triệu|tỷ|nghìn|ngàn))?"
    r"(?:\s(?:người|ca|liều|mũi|mẫu|xã|huyện|tổ|đội|bệnh viện|cơ sở|điểm|lượt|hộ|"
    r"people|cases|doses|samples))?(?![\w/])"
)


def answer_markdown(answer: Answer, report_of: Callable[[str], Report | None], lang: str) -> str:
    """The assistant's chat message: the answer with its figure in bold and its [n]
    markers linked to their source cards, then one line per citation saying which report,
    province and date each figure comes from, and how sure hoidap is in plain words."""
    body = md_escape(answer.text)
    if answer.abstained or not answer.citations:
        lead = md_escape(answer.closest_lead)
        if lead and lead in body:
            # The closest candidate's figure stands out, though it is not asserted.
            body = body.replace(lead, f"**{lead}**", 1)
        # One line each: the refusal, then each closest sentence.
        body = body.replace("\n", "  \n")
        shown = answer.hits or answer.closest
        return f"{body}\n\n*{md_escape(text(lang, 'see_sources'))}*" if shown else body
    # One line per side of a comparison (a Markdown line break, not a joined paragraph).
    body = _marker_links(_bold_lead(body)).replace("\n", "  \n")
    lines = []
    for c in answer.citations:
        report = report_of(c.report)
        title = report.title if report and report.title else c.report
        where = f"{title} ({c.province}, {report_date(report, None, lang)}) › {c.section}"
        lines.append(f"<sub>[\\[{c.marker}\\]](#hd-src-{c.marker}) {md_escape(where)}</sub>")
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


# Fonts with Vietnamese glyphs in regular and bold on Windows, Android and Linux, so bold
# capitals never fall back to another font's small-caps-looking glyphs ("ʙáo cáo"), and
# nothing is fetched from a font CDN (the servers are offline).
FONTS: tuple[str, ...] = (
    "Segoe UI",
    "Roboto",
    "Noto Sans",
    "Arial",
    "Liberation Sans",
    "DejaVu Sans",
    "sans-serif",
)

CSS = """
.hd-sources { font-size: 0.95rem; line-height: 1.5; }
.hd-sources.hd-empty { color: var(--body-text-color-subdued); padding: 0.5rem 0; }
.hd-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: 0.4rem 0.7rem; margin: 0 0 0.6rem 0; background: var(--background-fill-primary);
  scroll-margin-top: 0.5rem; }
.hd-source > summary { cursor: pointer; }
.hd-source .hd-title { font-weight: 600; }
.hd-source .hd-date { font-weight: 400; }
.hd-source .hd-where { display: block; font-weight: 400; font-size: 0.88rem;
  color: var(--body-text-color-subdued); margin-left: 1.1rem; overflow-wrap: anywhere; }
.hd-source.hd-flash { outline: 3px solid var(--color-accent); }
.hd-marker { color: var(--link-text-color); margin-right: 0.2rem; }
.hd-quote { margin: 0.3rem 0 0.2rem 1.1rem; font-style: italic; }
.hd-source[open] > .hd-quote { display: none; }
.hd-meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem;
  margin: 0.5rem 0; font-size: 0.88rem; }
.hd-meta dt { color: var(--body-text-color-subdued); }
.hd-meta dd { margin: 0; overflow-wrap: anywhere; }
.hd-passage { white-space: pre-wrap; border-left: 3px solid var(--border-color-primary);
  padding-left: 0.6rem; overflow-wrap: anywhere; }
.hd-passage mark { background: #ffe066; color: #111; padding: 0 1px; border-radius: 2px; }
.hd-open { display: inline-block; margin: 0.4rem 0 0.1rem; color: var(--link-text-color); }
.hd-not-found { font-weight: 600; }
.hd-closest .hd-source { border-style: dashed; }
.hd-note { font-style: italic; color: var(--body-text-color-subdued); }
#hd-chat a[href^="#hd-src-"] { font-weight: 600; text-decoration: none; }
#hd-header h2 { margin-bottom: 0.2rem; overflow-wrap: anywhere; }
/* Phones (360-430 px): one column, the header wraps, sources come under the chat. */
@media (max-width: 640px) {
  .hd-row { flex-direction: column !important; flex-wrap: nowrap !important; }
  .hd-row > * { min-width: 0 !important; width: 100% !important; max-width: 100% !important;
    flex: 1 1 auto !important; }
  #hd-lang { min-width: 0 !important; }
  .gradio-container { padding-left: 6px !important; padding-right: 6px !important; }
  .hd-meta { grid-template-columns: 1fr; }
  .hd-meta dt { margin-top: 0.2rem; }
}
"""

# Runs once when the chat page loads (also inside an iframe or <gradio-app>):
# - a click on [1] in an answer opens its source card and scrolls it into view;
# - a "open in the report" link inside <gradio-app> on another origin points back at the
#   hoidap server (a relative link would otherwise resolve against the intranet page);
# - Gradio's own English widget text follows the page language (GRADIO_VI).
_SCRIPT = """
(vi) => {
  if (window.__hoidap_page) return;
  window.__hoidap_page = true;
  const en = Object.fromEntries(Object.entries(vi).map(([k, v]) => [v, k]));
  const pageLang = () => {
    const r = document.querySelector('#hd-lang input:checked');
    return r ? r.value : 'vi';
  };
  document.addEventListener('click', (ev) => {
    const a = ev.target.closest && ev.target.closest('a');
    if (!a) return;
    const href = a.getAttribute('href') || '';
    if (href.startsWith('#hd-src-')) {
      const card = document.getElementById(href.slice(1));
      if (!card) return;
      ev.preventDefault();
      card.open = true;
      card.scrollIntoView({behavior: 'smooth', block: 'start'});
      card.classList.add('hd-flash');
      setTimeout(() => card.classList.remove('hd-flash'), 1600);
      const summary = card.querySelector('summary');
      if (summary) summary.focus({preventScroll: true});
    } else if (a.classList.contains('hd-open')) {
      const host = a.closest('gradio-app');
      const src = host && host.getAttribute('src');
      if (src) a.href = new URL(href, new URL('./', new URL(src, location.href))).href;
    }
  }, true);
  const swap = (table) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const key = n.nodeValue.trim();
      const own = n.parentElement && n.parentElement.closest('.hd-source, .message-content');
      if (key && table[key] && !own) {
        n.nodeValue = n.nodeValue.replace(key, table[key]);
      }
    }
    for (const attr of ['aria-label', 'title', 'placeholder']) {
      document.querySelectorAll('[' + attr + ']').forEach((e) => {
        const v = e.getAttribute(attr);
        if (table[v]) e.setAttribute(attr, table[v]);
      });
    }
  };
  let pending = false;
  const run = () => {
    pending = false;
    swap(pageLang() === 'en' ? en : vi);
  };
  new MutationObserver(() => {
    if (!pending) { pending = true; requestAnimationFrame(run); }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
    attributeFilter: ['aria-label', 'title', 'placeholder', 'checked']});
  run();
}
"""


def page_script() -> str:
    """The chat page's script (Gradio's ``js``: a function it calls once on load)."""
    import json

    from ui.strings import GRADIO_VI

    table = json.dumps(GRADIO_VI, ensure_ascii=False)
    return _SCRIPT.replace("(vi) => {", "() => {\n  const vi = " + table + ";", 1)
