"""What a report says about itself: title, kind, number, issue date, period, province.

Rules (best effort, each tested on the bundled reports):

* **kind**: the first document-type line of the header ("BÁO CÁO", "QUYẾT ĐỊNH",
  "KẾ HOẠCH", ...), lowercased ("quyết định"); a header "V/v ..." means "công văn".
* **title**: the document-type line and the subtitle under it, as a Vietnamese
  reference reads: "Báo cáo kết quả thực hiện công tác ... năm 2021".
* **number**: "Số: 855/QĐ-UBND" in the header (emphasis ignored: "Số: **855** /QĐ-UBND").
* **issued**: "<place>, ngày 13 tháng 5 năm 2022" in the header.
* **period**: "Thời gian thực hiện: năm 2022 - 2023" (plans) gives the years; otherwise
  the period starts on 1 January of a year in the title ("... năm 2021"), or at the
  earliest date the text mentions, and ends at the latest day it mentions (its as-of
  date, e.g. "đến hết ngày 16/11/2021"), never after the issue date. Dates of cited
  documents ("Nghị quyết số 128/NQ-CP ngày 11/10/2021", "Luật ... ngày 19/6/2015") are
  not report dates and are skipped.
* **province**: the most salient province: mentions are weighted 3x after "tỉnh" /
  "UBND tỉnh" / "thành phố", and 4x in the header and title, so a report that mostly
  says "trên địa bàn tỉnh" and names Bắc Giang now and then still gets Bắc Giang, and a
  list of other provinces ("Bình Dương, Đồng Nai") does not win.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hoidap.text import DASH, find_dates, strip_markdown
from hoidap.types import Period
from ingest import docmeta, periods
from ingest.docmeta import sentence_case
from ingest.provinces import find_provinces
from ingest.sections import DOC_KINDS

HEADER_LINES = 40
# "855/QĐ-UBND", and a legal normative document's "03/2025/QĐ-UBND" (number/year/code).
_NUMBER = re.compile(
    r"\bSố\s*:?\s*(\d+)\s*/\s*(?:((?:19|20)\d{2})\s*/\s*)?"
    r"([A-ZĐ][A-ZĐa-zđ0-9\-]*(?:/[A-ZĐ0-9\-]+)*)"
)
_ISSUED = re.compile(
    r"[^\W\d_][^,\n]{1,40},\s*(ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.IGNORECASE
)
_IMPLEMENTATION = re.compile(
    r"thời gian thực hiện[^\n]{0,20}?năm\s+(\d{4})(?:\s*" + DASH + r"\s*(?:năm\s+)?(\d{4}))?",
    re.IGNORECASE,
)
_TITLE_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d{2})\b", re.IGNORECASE)
# A date right after a cited document's number or a law's name belongs to that document.
_CITED = re.compile(r"(?:\d+\s*[-/]\s*[\w\-Đđ/]+\s+(?:ngày\s+)?|Luật[^.;\n]{0,80}?\s+ngày\s+)$")
_NOT_TITLE = ("Kính gửi", "Thực hiện", "Căn cứ", "Số", "(", "Triển khai")
_ISSUER_LINE = re.compile(r"^(?:ỦY|UỶ) BAN NHÂN DÂN|^HỘI ĐỒNG NHÂN DÂN")
_SALIENT = re.compile(r"(?:tỉnh|thành phố|tp\.?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Metadata:
    """The header facts of one report."""

    title: str
    kind: str
    number: str
    issued: dt.date | None
    period_start: dt.date | None
    period_end: dt.date | None
    province: str
    issuer: str = ""
    place: str = ""
    signature: docmeta.Signature = field(default_factory=docmeta.Signature)
    recipients: tuple[str, ...] = ()
    legal_bases: tuple[str, ...] = ()
    cited: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()


def _plain(line: str) -> str:
    return " ".join(strip_markdown(line).replace("\\", " ").split()).strip()


def kind_and_title(preamble: Sequence[str], body: str = "") -> tuple[str, str]:
    """The document type and title from the header lines (before the first heading); an
    ALL-CAPS subject line takes the casing ``body`` gives its words (see
    :func:`ingest.docmeta.restore_case`)."""
    raw = list(preamble[:HEADER_LINES])
    lines = [_plain(x) for x in raw]
    for i, line in enumerate(lines):
        bare = line.rstrip(":").strip()
        if bare not in DOC_KINDS:
            continue
        # The subtitle: the rest of this paragraph, or the next paragraph.
        j = i + 1
        while j < len(lines) and not lines[j] and j - i <= 3:
            j += 1
        subtitle: list[str] = []
        caps = False
        while j < len(lines) and lines[j]:
            nxt = lines[j]
            if nxt.startswith(_NOT_TITLE) or _ISSUER_LINE.match(nxt):
                break
            if nxt.upper() == nxt:
                # An ALL-CAPS subject line (trích yếu) right under the type, not after text.
                if (subtitle and not caps) or not re.search(r"[^\W\d_]{2}", nxt):
                    break
                caps = True
            subtitle.append(nxt)
            j += 1
        kind = bare.lower()
        sub = " ".join(subtitle).strip()
        if caps:
            sub = docmeta.restore_case(sentence_case(sub), strip_markdown(body))
        if sub and sub[:1].isupper() and not sub.split()[0].isupper():
            sub = sub[0].lower() + sub[1:]
        return kind, (f"{kind.capitalize()} {sub}" if sub else kind.capitalize())
    plain = [x for x in lines if x]
    subject = next((x for x in plain if re.match(r"V/v\b", x)), None)
    if subject:
        return "công văn", f"Công văn {subject}"
    first = next((x for x in plain if len(x.split()) >= 3), plain[0] if plain else "")
    return "báo cáo", first


def document_number(header: str) -> str:
    """The number, "855/QĐ-UBND" from "Số: **855** /QĐ-UBND" ("03/2025/QĐ-UBND" with a
    year); "" when the header has none."""
    m = _NUMBER.search(_plain(header))
    if not m:
        return ""
    return f"{m[1]}/{m[2]}/{m[3]}" if m[2] else f"{m[1]}/{m[3]}"


def issue_place(header: str) -> str:
    """The place of "Trà Vinh, ngày 13 tháng 5 năm 2022" in the header."""
    for line in header.split("\n"):
        m = _ISSUED.search(_plain(line))
        if m:
            return _plain(m[0][: m.start(1) - m.start(0)]).rstrip(", ")
    return ""


def issue_date(header: str) -> dt.date | None:
    """The date of "Trà Vinh, ngày 13 tháng 5 năm 2022" in the header."""
    for line in header.split("\n"):
        m = _ISSUED.search(_plain(line))
        if m:
            found = find_dates(m[1])
            if found:
                return found[0].first
    return None


def report_dates(text: str) -> list[tuple[dt.date, dt.date, str]]:
    """(first, last, granularity) of each date the report states about itself."""
    plain = strip_markdown(text)
    out = []
    for d in find_dates(plain):
        if d.granularity == "day-no-year":
            continue
        if _CITED.search(plain[max(0, d.start - 120) : d.start]):
            continue
        out.append((d.first, d.last, d.granularity))
    return out


def period(text: str, title: str, issued: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The dates the report covers; see the module docstring."""
    m = _IMPLEMENTATION.search(strip_markdown(text))
    if m:
        first = int(m[1])
        last = int(m[2]) if m[2] else first
        return dt.date(first, 1, 1), dt.date(last, 12, 31)
    dates = report_dates(text)
    if issued:
        dates = [d for d in dates if d[0] <= issued]
    days = [d[0] for d in dates if d[2] == "day"]
    end = max(days) if days else (max(d[1] for d in dates) if dates else None)
    ty = _TITLE_YEAR.search(title)
    if ty:
        year = int(ty[1])
        in_year = [d for d in days if d.year == year]
        return dt.date(year, 1, 1), max(in_year) if in_year else dt.date(year, 12, 31)
    start = min(d[0] for d in dates) if dates else None
    if issued and end is None:
        end = issued
    return start, end


def main_province(text: str, header: str) -> str:
    """The province the report is about (pre-2025 name), or "" when none is named."""
    scores: dict[str, float] = {}
    for weight, part in ((4.0, header), (1.0, text)):
        for m in find_provinces(part):
            before = part[max(0, m.start - 12) : m.start]
            salient = m.matched.lower().startswith(("tỉnh", "thành phố", "tp")) or _SALIENT.search(
                before
            )
            scores[m.name] = scores.get(m.name, 0.0) + weight * (3.0 if salient else 1.0)
    return max(scores, key=lambda k: scores[k]) if scores else ""


def document_periods(
    text: str, preamble: Sequence[str], kind: str, title: str, issued: dt.date | None
) -> tuple[tuple[Period, ...], dt.date | None, dt.date | None]:
    """The document-level periods with their roles, and the span they cover together
    (``period_start`` / ``period_end``). A report keeps the rules of :func:`period`; a plan,
    decision or notice covers its horizon and any result period its opening states, and
    nothing (None, None) when it states neither."""
    plain = strip_markdown(text)
    implementation = _IMPLEMENTATION.search(plain)
    if kind == "báo cáo" or (implementation and implementation[2]):
        start, end = period(text, title, issued)
        role = "plan" if implementation else "result"
        words = " ".join(implementation[0].split()) if implementation else ""
        found = [Period(role, start, end, words)] if start or end else []
        return tuple(found), start, end
    found = periods.title_periods(title, issued, kind)
    if not found:
        found = periods.implementation_periods("\n".join(preamble), issued)
    found += periods.since_periods("\n".join(preamble), issued)
    starts = [p.start for p in found if p.start]
    ends = [p.end for p in found if p.end]
    return tuple(found), min(starts, default=None), max(ends, default=None)


def extract(text: str, preamble: Sequence[str]) -> Metadata:
    """All header facts of a report; ``preamble`` is its lines before the first heading."""
    kind, title = kind_and_title(preamble, text)
    lines = text.split("\n")
    head = "\n".join(lines[:HEADER_LINES])
    header = "\n".join([*preamble[:HEADER_LINES], title])
    issued = issue_date(head)
    found, start, end = document_periods(text, preamble, kind, title, issued)
    number = document_number(head)
    return Metadata(
        title,
        kind,
        number,
        issued,
        start,
        end,
        main_province(text, header),
        issuer=docmeta.issuer(preamble),
        place=issue_place(head),
        signature=docmeta.signature(lines),
        recipients=docmeta.recipients(lines),
        legal_bases=docmeta.legal_bases(preamble),
        cited=docmeta.cited_documents(text, number),
        periods=found,
    )
