"""The report viewer: one page per report at ``/reports/<file>``.

An official who sees a figure in the chat wants the context around it and a link to
send a colleague. The page shows the report's metadata, its section tree as an outline
that jumps to each heading, and the full text with line numbers; ``#L127-133`` in the
address highlights those lines and scrolls them into view (the source cards link here
with the cited lines). Every piece of report text is escaped, as in the chat.

The text is the one the line numbers refer to: the file read again by
:func:`ingest.readers.read_source` (decoded, NFC, one line per PDF/DOCX text line). When
the file is gone from the reports folder, the indexed passages fill in their lines, so
the cited lines still show. The page is plain HTML with a few lines of script, small
enough for an iframe and readable on a phone.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoidap.types import Chunk, Report, Section
from ui.render import esc, format_date
from ui.strings import language, text

_CACHE_SIZE = 16


class ReportTexts:
    """The lines of each report file, read once and kept while the file is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[int, int], list[str], str]] = {}

    def lines(self, path: Path) -> list[str] | None:
        """The file's lines as ingest reads them, or None when it cannot be read."""
        read = self.read(path)
        return read[0] if read is not None else None

    def read(self, path: Path) -> tuple[list[str], str] | None:
        """The file's lines as ingest reads them and the SHA-256 of its text (a report's
        ``content_hash`` when the file is what was indexed), or None when unreadable."""
        from hoidap.errors import HoidapError
        from ingest.readers import read_source

        try:
            stat = path.stat()
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(path)
        if cached and cached[0] == key:
            return cached[1], cached[2]
        try:
            text = read_source(path).text
        except (HoidapError, OSError, ValueError):
            return None
        lines, digest = text.split("\n"), hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._lock:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[path] = (key, lines, digest)
        return lines, digest


def report_file(folder: Path, source: str) -> Path:
    """Where the report file ``source`` is: in ``folder``, or in one of its subfolders
    (``hoidap index`` reads those too; the viewer said their file was gone)."""
    path = folder / source
    if path.is_file() or not folder.is_dir():
        return path
    found = [
        p
        for p in folder.rglob(glob.escape(source))
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return found[0] if len(found) == 1 else path


def lines_from_chunks(chunks: Sequence[Chunk]) -> list[str]:
    """The report's lines rebuilt from its indexed passages (blank where none covers)."""
    out: list[str] = []
    for chunk in sorted(chunks, key=lambda c: c.line_start):
        for offset, line in enumerate(chunk.text.split("\n")):
            n = chunk.line_start + offset
            while len(out) < n:
                out.append("")
            out[n - 1] = line
    return out


def _date(value: dt.date | None, lang: str) -> str:
    return format_date(value, lang) if value else ""


def metadata_rows(report: Report, lang: str) -> list[tuple[str, str]]:
    """(label, escaped value) for each metadata field the report has; fields the ingest
    of this version does not know yet are simply absent."""
    t = text
    get = getattr
    signer = ", ".join(
        v for v in (get(report, "signer_authority", ""), get(report, "signer_title", "")) if v
    )
    signer = f"{get(report, 'signer', '')} ({signer})" if signer else get(report, "signer", "")
    province = report.province
    if report.province_2025 and report.province_2025 != report.province:
        province += f" ({t(lang, 'province_2025')}: {report.province_2025})"
    rows = [
        (t(lang, "kind"), report.kind),
        (t(lang, "number"), report.number),
        (t(lang, "issuer"), get(report, "issuer", "")),
        (t(lang, "province"), province),
        (t(lang, "report_date"), _date(report.issued, lang)),
        (t(lang, "period"), _period(report.period_start, report.period_end, lang)),
        (t(lang, "signer"), signer),
        (t(lang, "file"), report.source),
    ]
    for period in get(report, "periods", ()) or ():
        if getattr(period, "section_id", "") or not getattr(period, "text", ""):
            continue
        rows.append(
            (t(lang, f"period_{period.role}") if period.role in _ROLES else "", period.text)
        )
    return [(k, esc(v)) for k, v in rows if v and k]


_ROLES = ("result", "plan", "deadline")


def _period(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start and end:
        return f"{_date(start, lang)} – {_date(end, lang)}"
    if end:
        return f"{text(lang, 'as_of')} {_date(end, lang)}"
    return _date(start, lang)


def outline_html(sections: Sequence[Section]) -> str:
    """The section tree as nested lists (each sub-list inside its parent's item); each
    heading links to its lines. A level that skips one (I. then a)) nests one step."""
    out: list[str] = []
    depth = 0
    for section in sections:
        level = min(max(1, section.level), depth + 1)
        if level == depth + 1:
            out.append("<ul>")
        else:
            out.append("</li>")
            while depth > level:
                out.append("</ul></li>")
                depth -= 1
        depth = level
        label = section.path[-1] if section.path else section.heading
        out.append(f"<li><a href='#L{section.line_start}-{section.line_end}'>{esc(label)}</a>")
    out.extend("</li></ul>" for _ in range(depth))
    return "".join(out)


def text_html(lines: Sequence[str]) -> str:
    """Numbered, escaped lines; each line is its own anchor (``#L12``)."""
    return "".join(
        f"<div class='ln' id='L{n}'><a class='no' href='#L{n}' aria-label='{n}'>{n}</a>"
        f"<span class='tx'>{esc(line) or '&#8203;'}</span></div>"
        for n, line in enumerate(lines, start=1)
    )


def report_page(
    report: Report,
    lines: Sequence[str] | None,
    lang: str | None,
    *,
    chat_href: str,
    from_passages: bool = False,
    changed: bool = False,
) -> str:
    """The whole viewer page for one report; ``changed``: its file was edited after it was
    indexed, so ``lines`` are rebuilt from the indexed passages the citations point into."""
    lang = language(lang)
    t = text
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in metadata_rows(report, lang))
    outline = outline_html(report.sections)
    note = ""
    if lines is None:
        lines, note = [], t(lang, "viewer_no_text")
    elif changed:
        note = t(lang, "viewer_changed")
    elif from_passages:
        note = t(lang, "viewer_from_passages")
    other = "en" if lang == "vi" else "vi"
    return _PAGE.format(
        lang=lang,
        title=esc(report.title or report.source),
        heading=esc(report.title or report.source),
        back=esc(t(lang, "viewer_back")),
        chat_href=esc(chat_href),
        other_lang=other,
        other_label=esc("English" if other == "en" else "Tiếng Việt"),
        meta_label=esc(t(lang, "viewer_meta")),
        meta=meta,
        outline_label=esc(t(lang, "viewer_outline")),
        outline=outline or f"<p>{esc(t(lang, 'viewer_no_outline'))}</p>",
        text_label=esc(t(lang, "viewer_text")),
        note=f"<p class='note'>{esc(note)}</p>" if note else "",
        text=text_html(lines),
        css=_CSS,
        script=_SCRIPT,
    )


def not_found_page(name: str, lang: str | None, *, chat_href: str) -> str:
    lang = language(lang)
    message = text(lang, "viewer_not_found", name=name)
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{esc(message)}</title><style>{_CSS}</style></head><body><main>"
        f"<p><a href='{esc(chat_href)}'>{esc(text(lang, 'viewer_back'))}</a></p>"
        f"<h1>{esc(message)}</h1></main></body></html>"
    )


def request_lang(params: Any) -> str:
    return language(params.get("lang") if params else None)


_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #4b5563; --line: #d0d7de;
  --mark: #fff3b0; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 "Segoe UI", Roboto, "Noto Sans", Arial, "Liberation Sans",
  "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 12px 16px 48px; }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline;
  justify-content: space-between; }
h1 { font-size: 1.35rem; line-height: 1.3; margin: 8px 0; overflow-wrap: anywhere; }
h2 { font-size: 1.05rem; margin: 16px 0 8px; }
a { color: var(--accent); }
.layout { display: grid; grid-template-columns: minmax(220px, 1fr) 3fr; gap: 16px; }
aside { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
nav ul { list-style: none; padding-left: 14px; margin: 0; }
nav > ul { padding-left: 0; }
nav li { margin: 2px 0; }
.text { border: 1px solid var(--line); border-radius: 8px; font-size: 15px; }
.ln { display: grid; grid-template-columns: 4.2em 1fr; scroll-margin-top: 30vh; }
.ln .no { color: var(--muted); text-align: right; padding-right: 10px; user-select: none;
  text-decoration: none; border-right: 1px solid var(--line); }
.ln .tx { white-space: pre-wrap; overflow-wrap: anywhere; padding-left: 10px; }
.ln:target, .ln.hl { background: var(--mark); }
.ln.hl .no { color: var(--ink); font-weight: 600; }
.note { color: var(--muted); font-style: italic; }
@media (max-width: 700px) {
  .layout { grid-template-columns: 1fr; }
  aside { position: static; max-height: none; }
  .ln { grid-template-columns: 3em 1fr; }
}
"""

# Highlights the lines named by "#L127-133" (or "#L127") and scrolls the first into view;
# runs again when the address changes (outline links, a colleague's shared link).
_SCRIPT = """
(function () {
  function show() {
    document.querySelectorAll('.ln.hl').forEach(function (e) { e.classList.remove('hl'); });
    var m = /^#L(\\d+)(?:-L?(\\d+))?$/.exec(decodeURIComponent(location.hash));
    if (!m) return;
    var a = parseInt(m[1], 10), b = m[2] ? parseInt(m[2], 10) : a;
    if (b < a) { var x = a; a = b; b = x; }
    for (var n = a; n <= b && n - a < 5000; n++) {
      var e = document.getElementById('L' + n);
      if (e) e.classList.add('hl');
    }
    var first = document.getElementById('L' + a);
    if (first) first.scrollIntoView({block: 'center'});
  }
  window.addEventListener('hashchange', show);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
"""

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{css}</style></head>
<body><main>
<header><a href="{chat_href}">{back}</a>
<a href="?lang={other_lang}" hreflang="{other_lang}">{other_label}</a></header>
<h1 id="title">{heading}</h1>
<div class="layout">
<aside>
<section aria-labelledby="meta-h"><h2 id="meta-h">{meta_label}</h2>
<dl id="meta">{meta}</dl></section>
<nav id="outline" aria-labelledby="outline-h"><h2 id="outline-h">{outline_label}</h2>{outline}</nav>
</aside>
<section aria-labelledby="text-h"><h2 id="text-h">{text_label}</h2>{note}
<div class="text" id="text">{text}</div></section>
</div>
</main><script>{script}</script></body></html>
"""
