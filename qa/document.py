"""Questions about a document itself: who signed it, its number, issue date, issuing
body, legal bases, recipients, subject line, effective date.

Ingest reads these facts into typed :class:`hoidap.types.Report` fields
(``ingest/docmeta.py``); sentence ranking cannot find them, because the answer sits in
the header, the "Căn cứ" lines or the signature block, which no body sentence repeats.
This module (1) recognises such a question, Vietnamese with or without diacritics or
English, on folded text, (2) finds the document meant (its number, else its kind,
province and subject line among the indexed reports and the retrieved ones) and
(3) answers from the field, citing the source line where the value is written. A value
that cannot be found on a line of its report is not stated. How sure such an answer is
comes from ``qa/data/document_fields.json``: for each field, how often the answer was
right on gold questions (fitted by ``python -m eval.fit_documents``, refitted per fold in
``hoidap eval --cv``), shrunk towards every field's rate (:func:`confidence`); the
pipeline's one abstention threshold then decides.

>>> asked_fields("ai ky ke hoach 7360 lai chau")
('signer',)
>>> asked_fields("when was hanoi's decision 04/2025/qd-ubnd issued and who signed it?")
('issued', 'signer')
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hoidap.text import dates_in, fold, strip_markdown
from hoidap.types import Chunk, Citation, Hit, Report
from qa.basis import alternation as basis_words
from qa.document_kinds import BASIS_KINDS, NAMED_KINDS
from qa.enumerations import asked, count_in
from qa.merged import MergerTable
from qa.query import Query

STATS_PATH = Path(__file__).resolve().parent / "data" / "document_fields.json"

# What a question asks about a document, on folded text. Each field is asked only when
# the question does not also ask for something the body says (the guard is per field).
FIELD_PATTERNS: dict[str, re.Pattern[str]] = {
    "signer": re.compile(
        r"\bai ky\b|\bnguoi ky\b|\bdo ai ky\b|\bky boi ai\b|\bai la nguoi ky\b"
        r"|\bwho signed\b|\bsigned by whom\b|\bsignatory\b|\bwho is the signer\b"
    ),
    "issued": re.compile(
        # "ký" (signed), not "kỹ thuật", "kỷ luật", "định kỳ", "chu kỳ", "kỳ họp", "đăng ký",
        # "ký kết", "kỳ vọng" folded.
        r"(?:\bban hanh|(?<!dinh )(?<!thoi )(?<!nhiem )(?<!chu )(?<!hoc )(?<!dang )\bky"
        r"(?! thuat| nang| luat| niem| hop| thi| bao cao| cuoi| dau| ket| vong))\b"
        # The words between may carry the document's subject, commas and brackets included.
        r"(?:[ ,;:()\"'“”]+[a-z0-9/.-]+){0,24}?[ ,;:()\"'“”]+"
        r"(?:vao )?(?:ngay nao|khi nao|bao gio|thoi diem nao|ngay bao nhieu)\b"
        r"|\bngay ban hanh\b|\bngay ky\b|\bissue date\b|\bdate of issue\b"
        r"|\bwhen (?:was|did)\b.*\b(?:issued?|signed?|adopt(?:ed)?|promulgated?)\b"
        r"|\b(?:on )?what date\b.*\b(?:issued?|signed?)\b"
    ),
    "number": re.compile(
        r"\bso hieu\b"
        r"|\b(?:quyet dinh|ke hoach|thong bao|bao cao) (?:la |co )?so (?:may|bao nhieu)\b"
        r"|\bwhat is (?:its|the) (?:document )?number\b|\bdocument number\b|\breference number\b"
    ),
    "issuer": re.compile(
        r"\b(?:co quan|don vi) nao ban hanh\b|\bai ban hanh\b|\bdo ai ban hanh\b"
        r"|\bco quan ban hanh\b|\bwho issued\b|\bwhich (?:body|agency|authority|office)"
        r" issued\b|\bissuing (?:body|agency|authority)\b"
    ),
    "legal_bases": re.compile(
        r"\bcan cu (?:vao )?(?:nhung|cac) (?:van ban|co so)\b|\bcan cu phap ly\b"
        r"|\bco so phap ly\b|\blegal bas[ie]s\b"
    ),
    "recipients": re.compile(
        r"\bnoi nhan\b|\bgui (?:den |cho )?(?:nhung |cac )?(?:co quan|don vi|ai)\b"
        r"|\bkinh gui\b"
        # English "recipients" and "sent to" name a document's recipients only when they
        # are said of it: "social allowance recipients", "personnel sent to support" are not.
        r"|\b(?:who|which [a-z]+) (?:are|were) (?:the |its )?recipients\b|\bdistribution list\b"
        r"|\b(?:list of )?recipients (?:list )?of (?:the|this|that|its) (?:document|plan"
        r"|decision|notice|report|letter|dispatch)\b"
        r"|\bto whom\b.*\b(?:sent|addressed|distributed)\b"
        r"|\b(?:document|plan|decision|notice|report|letter|dispatch|it) (?:is |was |were |are )?"
        r"(?:sent|addressed|distributed) to\b"
    ),
    "title": re.compile(
        r"\btrich yeu\b|\bten (?:day du |chinh thuc )?(?:cua )?(?:van ban|ke hoach|quyet dinh"
        r"|thong bao|bao cao)\b|\bfull title\b|\bwhat is the title\b|\btitle of\b"
    ),
    "proposer": re.compile(
        r"\btheo de nghi cua (?:co quan|don vi|ai|cap|so|bo|nganh)\b[^?]*\b(?:nao|ai)\b"
        r"|\b(?:ban hanh|duoc ban hanh) theo de nghi\b|\bde nghi cua (?:co quan|don vi) nao\b"
        r"|\b(?:on|at) (?:the|whose) (?:proposal|request|recommendation)\b"
        r"|\bproposed by\b|\bwho proposed\b|\b(?:body|agency|department) proposed\b"
    ),
    "effective": re.compile(
        # Not "hết hiệu lực" (the day it expires).
        r"(?<!het )\bhieu luc\b.*\b(?:tu|khi nao|ngay nao|bao gio)\b"
        r"|\b(?:tu|khi nao|ngay nao)\b.*(?<!het )\bhieu luc\b"
        r"|\btake effect\b|\btakes effect\b|\bcome into (?:force|effect)\b"
        r"|\beffective (?:date|from|as of)\b|\bin force\b"
    ),
}
# How many articles or chapters a decision has ("gồm bao nhiêu điều", "có mấy chương"): its
# own "Điều N." / "Chương II" headings, counted (read by the document path only: these ask about
# the body's structure, not the front matter, so ``asked_fields`` leaves them out). "điều kiện",
# "điều chỉnh", "chương trình", … are not articles or chapters.
_COUNT_PATTERNS: dict[str, re.Pattern[str]] = {
    "articles": re.compile(
        r"\b(?:bao nhieu|may) dieu\b(?!\s+(?:kien|khoan|chinh|hanh|tra|phoi|dong|tiet|do|duong"
        r"|tri|luat|le|hoa|che|ky|van|nay|gi)\b)|\bhow many articles\b|\bnumber of articles\b"
    ),
    "chapters": re.compile(
        r"\b(?:bao nhieu|may) chuong\b(?!\s+(?:trinh)\b)|\bhow many chapters\b"
        r"|\bnumber of chapters\b"
    ),
}
# Which of several documents came first, or how many days apart: their dates (read by the
# document path only; ``asked_fields`` keeps its meaning for the rest of qa).
_ORDER_PATTERNS: dict[str, re.Pattern[str]] = {
    "issued": re.compile(
        r"\b(?:ban hanh|ky|ra doi)\s+(?:truoc|som hon|sau|muon hon)\b"
        r"|\b(?:issued|signed) (?:first|earlier|later)\b"
    ),
    "effective": re.compile(
        r"\bhieu luc\s+(?:truoc|som hon|sau|muon hon)\b"
        r"|\btakes? effect (?:first|earlier|later|on the same day)\b"
    ),
}
# Kinds of document a question may name, folded, with the Report.kind they mean ("Bộ Kế
# hoạch và Đầu tư" is no plan): the `named` rows of qa/data/document_kinds.tsv.
# ``qa.document_subject`` adds the kinds reports only cite.
KINDS: tuple[tuple[str, str], ...] = NAMED_KINDS
# A question that asks about a document related to the one it names ("the earlier
# decision it replaces", "thời hạn báo cáo trước ngày nào") is not about the named one.
_OTHER_DOCUMENT = re.compile(
    r"\bthay the\b|\bbai bo\b|\breplac\w*|\bearlier\b|\bprevious\b|\btruoc do\b"
    r"|\bsuperseded\b|\brepeal\w*|\btruoc ngay\b|\bhan chot\b|\bthoi han\b|\bdeadline\b"
    r"|\bby when\b|\bthay (?:cho )?(?:quyet dinh|ke hoach|chi thi|nghi quyet|cong van|van ban)\b"
)
_ASKS_NUMBER_OF = re.compile(r"\b([a-z]+ [a-z]+) (?:la |co )?so (?:may|bao nhieu)\b")
_KIND_RES = tuple((re.compile(rf"(?:{p})"), k) for p, k in KINDS)
_KIND_WORDS = "|".join(p for p, _ in KINDS)
# "141/KH-UBND", "04 /2025/QĐ-UBND", "qd 2853", "Kế hoạch 552", "Decision 03/2025".
CODE = re.compile(
    r"(?<![\w/])(\d{1,5})\s*(?:/\s*(\d{4}))?\s*[/-]\s*([a-z][a-z0-9&]*(?:[-/][a-z0-9&]+)*)"
)
_BARE = re.compile(
    rf"(?:{_KIND_WORDS})\s*(?:so|no\.?|number)?\s*"
    r"(\d{1,5}(?:/\d{4})?(?:\s*(?:,|va|and|&)\s*\d{1,5}(?:/\d{4})?)*)\b"
    r"(?!\s*(?:nam|thang|ngay|dot|lan|years?|months?|days?)\b)"
)
_PROPOSAL = re.compile(r"\W*theo de nghi cua\s+")
_ISSUE_LINE = re.compile(r"ngay\s+\d{1,2}\s*(?:thang|/)\s*\d{1,2}\s*(?:nam|/)\s*\d{4}")
_EFFECT = re.compile(r"co\s+hieu\s+luc(?:\s+thi\s+hanh)?\s+(?:ke\s+)?tu\s+ngay\b\W*(ky\b)?")
_EN_TITLES = {
    "chủ tịch": "Chair",
    "phó chủ tịch": "Vice Chair",
    "phó chủ nhiệm": "Deputy Head",
    "giám đốc": "Director",
    "phó giám đốc": "Deputy Director",
    "bộ trưởng": "Minister",
}


@dataclass(frozen=True)
class Fact:
    """A document fact ready to state: the short answer (Vietnamese and English), the
    cited lines, and the field it answers (which sets its confidence)."""

    field: str
    report: Report
    lead: str
    lead_en: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Outcome:
    """What the document path says: a fact, or why it declines (``reason``) when the
    question is about a document but no fact can be stated surely."""

    fields: tuple[str, ...]
    facts: tuple[Fact, ...] = ()
    reason: str = ""

    @property
    def left_to_body(self) -> bool:
        """No fact, and the reason is one the body's sentences may still answer: the question
        asks about a document the held report only cites ("another document"), or about one
        of several that fit equally ("ambiguous"). The answerer's calibrated threshold then
        decides, as for any question; the other reasons ("other province", "no signer", …)
        say the reports cannot hold the answer. On every eval set (shipped models, 2026-12-07)
        these two reasons refused 12 questions that have an answer and no unanswerable one."""
        return not self.facts and self.reason in _BODY_MAY_SAY


# Reasons the document path declines for which the body text may still hold the answer.
_BODY_MAY_SAY = frozenset({"another document", "ambiguous"})


@functools.lru_cache(maxsize=4096)
def asked_fields(folded: str) -> tuple[str, ...]:
    """The document properties a folded question asks for, in the order it asks them
    (remembered: scoring ahead, ranking the sentences and the document path each ask)."""
    found = []
    for name, pattern in FIELD_PATTERNS.items():
        m = pattern.search(folded)
        if m:
            found.append((m.start(), name))
    return tuple(name for _, name in sorted(found))


def asked_counts(folded: str) -> tuple[str, ...]:
    """The numbered parts of a document a folded question asks to count ("articles",
    "chapters"), in the order it asks them."""
    found = sorted(
        (m.start(), name) for name, p in _COUNT_PATTERNS.items() if (m := p.search(folded))
    )
    return tuple(name for _, name in found)


def asks_order(folded: str) -> bool:
    """Whether a question asks which document came first ("văn bản nào ban hành trước",
    "có hiệu lực sớm hơn", "issued first")."""
    return any(pattern.search(folded) for pattern in _ORDER_PATTERNS.values())


def document_fields(folded: str) -> tuple[str, ...]:
    """What the document path answers: the fields asked (:func:`asked_fields`), the parts
    to count (:func:`asked_counts`), and the dates a question about which document came
    first asks for, in the order asked."""
    found: dict[str, int] = {}
    for patterns in (FIELD_PATTERNS, _COUNT_PATTERNS, _ORDER_PATTERNS):
        for name, pattern in patterns.items():
            m = pattern.search(folded)
            if m:
                found[name] = min(found.get(name, m.start()), m.start())
    return tuple(name for name, _ in sorted(found.items(), key=lambda x: x[1]))


# A question asking which document: a cited or basis one ("chỉ thị nào", "quyết định số
# mấy", "which Government decree", "theo đề nghị của …", "căn cứ …", "tờ trình").
# The kinds a question may name (``KINDS``), and the others a document may cite.
_DOCUMENT_KINDS = (
    _KIND_WORDS + r"|van ban|luat|huong dan|chien luoc|chuong trinh|de an|thong tri|cong dien"
    r"|to trinh"
)
_ASKS_DOCUMENT = re.compile(
    rf"\b(?:{_DOCUMENT_KINDS})(?: [a-z0-9/.-]+){{0,2}}? (?:nao|so may|so bao nhieu)\b"
    r"|\bwhich (?:[a-z0-9'/.-]+ ){0,4}?(?:decrees?|directives?|decisions?|plans?|resolutions?"
    r"|laws?|documents?|circulars?|letters?|strateg(?:y|ies)|programmes?|programs?|notices?"
    r"|conclusions?|instructions?|dispatch(?:es)?)\b"
    r"|\bcan cu\b|\btheo de nghi\b|\bto trinh\b|\blegal basis\b|\bbased on\b|\bproposal\b"
)


def asks_document(folded: str) -> bool:
    """Whether a folded question asks about a document itself or names one it wants: its
    particulars (:func:`document_fields`), its basis (:func:`asked_basis`), or which
    document ("chỉ thị nào", "which decree"). Only such a question may be answered from
    a document's letterhead, title or preamble (qa/document_parts.py).

    >>> asks_document("ke hoach 7360 lai chau thuc hien chi thi nao")
    True
    >>> asks_document("dot 01 cua phong trao thi dua dien ra tu ngay nao")
    False
    """
    return bool(document_fields(folded) or asked_basis(folded) or _ASKS_DOCUMENT.search(folded))


def _norm_code(text: str) -> str:
    """A document number for comparison: folded, no spaces, no leading zeros."""
    # A party document writes its number with a dash ("07-CT/TU", "215-QĐ/TU"), a question
    # as often with a slash ("07/CT-TU"): the separator after the number is one.
    out = re.sub(r"(?<![\w/.-])(\d+)-(?=[a-z])", r"\1/", fold(text))
    out = re.sub(r"\s+", "", out)
    return re.sub(r"^0+(?=\d)", "", out)


CODE_KINDS = {
    "qd": "quyết định",
    "kh": "kế hoạch",
    "tb": "thông báo",
    "bc": "báo cáo",
    "ct": "chỉ thị",
    "nq": "nghị quyết",
    "nd": "nghị định",
    "tt": "thông tư",
}


@dataclass(frozen=True)
class Named:
    """A document number as the question writes it: a full code or a bare number, with
    the kind of document it is the number of ("" when unsure)."""

    code: str
    full: bool
    kind: str = ""

    def matches(self, number: str, kind: str = "") -> bool:
        return self.matches_code(_norm_code(number), kind)

    def matches_code(self, want: str, kind: str = "") -> bool:
        """:meth:`matches` for a number already normalised (:func:`_norm_code`)."""
        if not self.full and self.kind and kind and self.kind != kind:
            return False
        if not want:
            return False
        if self.full:
            return want == self.code
        return want.startswith(self.code + "/") or want.startswith(self.code + "-")


def _kind_of(words: str) -> str:
    for pattern, kind in _KIND_RES:
        if pattern.search(words):
            return kind
    return ""


def named_numbers(folded: str) -> tuple[Named, ...]:
    """Document numbers the question names ("552/KH-UBND", "quyết định 06/2025")."""
    out: list[Named] = []
    for m in CODE.finditer(folded):
        if not re.search(r"[a-z]", m[3]) or m[3] in {"nam", "thang"}:
            continue
        code = _norm_code(f"{m[1]}{'/' + m[2] if m[2] else ''}/{m[3]}")
        head = re.split(r"[-/]", m[3])[0]
        kind = CODE_KINDS.get(head, "") or _kind_of(folded[max(0, m.start() - 16) : m.start()])
        out.append(Named(code, True, kind))
    for m in _BARE.finditer(folded):
        for number in re.split(r"\s*(?:,|va|and|&)\s*", m[1]):
            code = _norm_code(number)
            if not any(n.full and n.code.startswith(code + "/") for n in out):
                out.append(Named(code, False, _kind_of(m[0])))
    return tuple(dict.fromkeys(out))


def asked_kind(folded: str) -> str:
    """The kind of document named first in the question ("" when none)."""
    best: tuple[int, str] | None = None
    for pattern, kind in _KIND_RES:
        m = pattern.search(folded)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), kind)
    return best[1] if best else ""


def named_kinds(folded: str) -> frozenset[str]:
    """Every kind of document a folded text names ("quyết định", "chỉ thị", …)."""
    return frozenset(kind for pattern, kind in _KIND_RES if pattern.search(folded))


# ------------------------------------------------------------------ confidence
def load_stats(path: Path = STATS_PATH) -> dict[str, list[int]]:
    """Per field: [answers judged right, answers judged] on gold questions."""
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: [int(v[0]), int(v[1])] for k, v in data.get("fields", {}).items()}


# The passages an enumeration counted for a "bao nhiêu / mấy" question may come from.
TOP_PASSAGES = 5
# How many judged answers the prior over every field is worth (see :func:`confidence`).
PRIOR_WEIGHT = 2.0


def confidence(stats: Mapping[str, Sequence[int]], fields: Sequence[str]) -> float | None:
    """The chance a document answer is right, from how often answers of its fields were
    right, shrunk towards how often document answers of every field were: (right + w·p) /
    (judged + w), with p = (all right + 1) / (all judged + 2) and w = ``PRIOR_WEIGHT``.
    Several fields asked at once are as sure as the least sure. None when a field was never
    judged: no evidence, no asserted answer.

    Laplace's rule alone, (right + 1) / (judged + 2), put a field judged right once at
    2/3, under the policy's threshold: in a cross-validation fold that holds most questions
    of a rare field (a cited document's issue date) its answers were all refused although
    document answers are right nine times in ten. The pooled prior says what a rarely judged
    field is likely to be until its own judgements say otherwise.
    """
    total_right = sum(int(v[0]) for v in stats.values())
    total = sum(int(v[1]) for v in stats.values())
    prior = (total_right + 1) / (total + 2)
    values = []
    for f in fields:
        right, n = stats.get(f, (0, 0))
        if n <= 0:
            return None
        values.append((right + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT))
    return min(values) if values else None


# ------------------------------------------------------------------ answering
Line = tuple[int, str, Chunk]


class _Derived:
    """Per report, computed on first use and kept (one small entry per report): its
    number normalised and the documents it cites, which questions naming a number
    compare against every report of the index or of a province."""

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._cited: dict[str, list[tuple[str, str, str]]] = {}

    def code(self, report: Report) -> str:
        found = self._codes.get(report.report_id)
        if found is None:
            found = self._codes[report.report_id] = _norm_code(report.number)
        return found

    def cited(self, report: Report) -> list[tuple[str, str, str]]:
        found = self._cited.get(report.report_id)
        if found is None:
            found = self._cited[report.report_id] = _cited_entries(report)
        return found


class DocumentAnswerer:
    """Answers questions about a document from its :class:`Report` fields.

    ``lines_of(report_id)`` gives the report's source lines (number, text, chunk) as
    indexed, so that every stated value is cited where the document writes it.
    """

    def __init__(
        self,
        reports: Sequence[Report],
        lines_of: Callable[[str], Sequence[Line]],
        stats: Mapping[str, Sequence[int]] | None = None,
        derived: _Derived | None = None,
        mergers: MergerTable | None = None,
    ) -> None:
        self.reports = list(reports)
        self.lines_of = lines_of
        self.stats: dict[str, list[int]] = (
            {k: list(v) for k, v in stats.items()} if stats is not None else load_stats()
        )
        # What each report's fields give once normalised, shared with the answerers made
        # from this one: a question naming a number compares it with every report's.
        self._derived = derived if derived is not None else _Derived()
        # The table of ``reports`` for the merger rules: the pipeline's, or made at first
        # need (an answerer over the caller's filtered reports is made per question).
        self._mergers = mergers

    @property
    def mergers(self) -> MergerTable:
        """These reports by province for the merger rules (``qa.merged``)."""
        if self._mergers is None:
            self._mergers = MergerTable.of(self.reports)
        return self._mergers

    def with_stats(self, stats: Mapping[str, Sequence[int]]) -> DocumentAnswerer:
        return DocumentAnswerer(self.reports, self.lines_of, stats, self._derived, self._mergers)

    def only(self, reports: Sequence[Report]) -> DocumentAnswerer:
        """The same answerer over some of the reports (the caller's filters)."""
        return DocumentAnswerer(reports, self.lines_of, self.stats, self._derived)

    def confidence(self, fields: Sequence[str]) -> float | None:
        return confidence(self.stats, fields)

    # ------------------------------------------------------------ the document
    def resolve(self, query: Query, hits: Sequence[Hit]) -> tuple[list[Report], str, bool]:
        """The reports the question is about (several when it names several by number),
        why none ("" when it names no document of the index: the body text may still
        answer it), and whether it named them by number."""
        folded = query.folded
        kind = asked_kind(folded)
        # Numbers of another kind than the one asked about describe it ("kế hoạch triển
        # khai Chỉ thị 32"); a number of the asked kind names it.
        names = [n for n in named_numbers(folded) if not kind or n.kind in {kind, ""}]
        if names:
            found: dict[str, Report] = {}
            for n in names:
                code = self._derived.code
                own = [r for r in self.reports if n.matches_code(code(r), r.kind)]
                if not own:
                    continue
                placed = self._in_provinces(query, own)
                if not placed:
                    return [], "other province", True
                if len(placed) > 1:
                    best, why = self._by_title(query, placed, hits)
                    if best is None:
                        return [], why, True
                    placed = [best]
                found.setdefault(placed[0].report_id, placed[0])
            if not found:
                return [], "", True  # numbers of no indexed report: cited documents, perhaps
            return list(found.values()), "", True
        if not kind:
            return [], "", False
        pool = {r.report_id: r for r in self._in_provinces(query, self.reports)}
        if not query.provinces:
            seen = {h.chunk.report_id for h in hits[:5]}
            pool = {r.report_id: r for r in self.reports if r.report_id in seen}
        fitting = [r for r in pool.values() if _is_kind(r, kind)]
        if not fitting:
            return [], "", False
        if len(fitting) == 1:
            # The question must still be about it: its subject words, if any, in the title.
            report = fitting[0]
            fits = _title_fit(query, report) > 0 or not _subject_terms(query)
            return ([report] if fits else []), "", False
        best, why = self._by_title(query, fitting, hits)
        return ([best] if best else []), why, False

    @functools.cached_property
    def _placed(self) -> dict[str, list[int]]:
        """Where in ``reports`` each province's reports are, by their province and their
        2025 province, made at the first question naming one: it then reads those, not
        every report."""
        placed: dict[str, list[int]] = {}
        for i, r in enumerate(self.reports):
            placed.setdefault(r.province, []).append(i)
            if r.province_2025 != r.province:
                placed.setdefault(r.province_2025, []).append(i)
        return placed

    def _in_provinces(self, query: Query, reports: Sequence[Report]) -> list[Report]:
        if not query.provinces:
            return list(reports)
        allowed = query.allowed_provinces | set(query.provinces)
        if reports is not self.reports:  # a few reports of a named number
            before = MergerTable.of(reports).merged_before(query)
            return [
                r
                for r in reports
                if (r.province in allowed or r.province_2025 in allowed) and r.source not in before
            ]
        before = self.mergers.merged_before(query)
        at = sorted({i for p in allowed for i in self._placed.get(p, ())})
        return [reports[i] for i in at if reports[i].source not in before]

    def _by_title(
        self, query: Query, reports: Sequence[Report], hits: Sequence[Hit]
    ) -> tuple[Report | None, str]:
        """The report whose title holds clearly more of the question's words; on a tie,
        the one retrieval ranks first among the tied; else none ("ambiguous")."""
        scored = sorted(((_title_fit(query, r), r.report_id, r) for r in reports), reverse=True)
        best, second = scored[0][0], scored[1][0]
        if best > 0 and best >= second + 0.2:
            return scored[0][2], ""
        tied = {rid: r for fit, rid, r in scored if best > 0 and fit >= best - 1e-9}
        for h in hits[:5]:
            if h.chunk.report_id in tied:
                return tied[h.chunk.report_id], ""
        return None, "ambiguous"

    # ------------------------------------------------------------------ facts
    def answer(self, query: Query, hits: Sequence[Hit]) -> Outcome | None:
        """None when the question is not about a document of the index; else the facts
        asked, or the reason none can be stated."""
        fields = document_fields(query.folded)
        if not fields:
            counted = self._enumeration(query, hits)
            if counted is not None:
                return Outcome(("items",), (counted,))
        if _OTHER_DOCUMENT.search(query.folded):
            return None
        if not fields:
            basis = asked_basis(query.folded)
            return self._basis(query, hits, *basis) if basis else None
        reports, why, by_number = self.resolve(query, hits)
        if len(reports) < 2 and not asked_fields(query.folded) and not asked_counts(query.folded):
            # Asked only which document came first ("Kế hoạch nào ban hành trước?") and not
            # two documents found: two dates answer it, never one (nor a cited document's
            # date); the body text may still say.
            return None
        if not reports and by_number and not why and fields == ("issued",):
            return self._cited_issued(query)
        if not reports and not by_number and not why and "issued" in asked_fields(query.folded):
            # "When was the directive that plan 1026/KH-UBND implements issued?": the asked
            # kind is one no held report is, the numbered report only cites it.
            reports = self._numbered(query)
            if reports:
                other = self._other_subject(query, reports)
                if other is None:
                    return None
                return self._other_issued(query, hits, fields, reports, other)
        if reports and "issued" in asked_fields(query.folded):
            other = self._other_subject(query, reports)
            if other is not None:
                # The date asked is another document's ("… triển khai Chỉ thị 32/CT-TTg; chỉ
                # thị này ban hành ngày nào?"): the date written with it, or no answer;
                # never the held report's letterhead date, which the body's sentences
                # would give as readily.
                return self._other_issued(query, hits, fields, reports, other)
        if not reports:
            return Outcome(fields, reason=why) if why else None
        if "number" in fields:
            # Its number given, or "<another kind> số mấy": the number of another document.
            said = _ASKS_NUMBER_OF.search(query.folded)
            if by_number or (said and _kind_of(said[1]) != asked_kind(query.folded)):
                return None
        facts = []
        for report in reports:
            lines = list(self.lines_of(report.report_id))
            for name in fields:
                fact = getattr(self, f"_{name}")(report, lines)
                if fact is None:
                    return Outcome(fields, reason=f"no {name}")
                facts.append(fact)
        return Outcome(fields, tuple(facts))

    def _enumeration(self, query: Query, hits: Sequence[Hit]) -> Fact | None:
        """ "Huy động mấy nguồn vốn?": the count of the items a top passage enumerates
        (``qa.enumerations.count_in``), stated with the lead-in and the first and last items
        cited; None when there is none (the figure path answers)."""
        # A number question only: "khu vực mấy chỉ đạo …" asks which region, not how many.
        asks = asked(query.text, query.language) if query.kind == "number" else ()
        if not asks:
            return None

        def report_of(report_id: str) -> Report | None:
            return next((r for r in self.reports if r.report_id == report_id), None)

        def title_of(report_id: str) -> str:
            report = report_of(report_id)
            return f"{report.title} {report.number}" if report else ""

        chunks = [h.chunk for h in hits[:TOP_PASSAGES]]
        found = count_in(asks, chunks, self.lines_of, _count_terms(query), title_of)
        report = report_of(found[2].report_id) if found else None
        if found is None or report is None:
            return None
        c, ask, _chunk = found
        items = c.items if len(c.items) <= 2 else (c.items[0], c.items[-1])
        # The thing in the question's words; a question without diacritics, the document's
        # ("5 nguồn vốn", not "5 nguon von" nor the heading's "5 NGUỒN VỐN").
        written = ask.vi if fold(ask.vi) != ask.vi else c.thing.lower()
        groups = [[c.anchor]] if c.anchor not in items else []
        return self._fact(
            "items",
            report,
            f"{c.count} {written}",
            f"{c.count} {ask.en}",
            [*groups, *([x] for x in items)],
        )

    def _other_subject(self, query: Query, reports: Sequence[Report]) -> Any:
        """None when the issue date asked is the held reports' (the document the verb is
        said of, :func:`qa.document_subject.issue_subject`, is one of them: its number, or
        its kind and no issuer they are not); else the other document as the question names
        it (a ``Mention``; ``ASKED`` for one it asks for; ``UNSURE`` when not sure which)."""
        from qa.document_subject import ASKED, UNSURE, between_verb, issue_subject

        subject = issue_subject(query.folded, query.text)
        if subject is None:
            return None
        if subject is ASKED or not self._held(query, subject, reports):
            return subject
        # A document named between the held one and the verb that the held report's title
        # does not name ("Quyết định 2820 căn cứ Nghị quyết 57-NQ/TW … ban hành ngày nào?"):
        # whose date is asked is not sure.
        for x in between_verb(query.folded, subject):
            if not self._held(query, x, reports) and not any(
                _in_title(query.folded[x.start : x.end], x.kind, r) for r in reports
            ):
                return UNSURE
        return None

    def _other_issued(
        self,
        query: Query,
        hits: Sequence[Hit],
        fields: tuple[str, ...],
        reports: Sequence[Report],
        other: Any,
    ) -> Outcome:
        """The issue date of a document other than the held ``reports``: by its number, the
        date the reports write with it; by its kind (and issuer), the one document of that
        kind the held report cites. Else (and for a document asked for, "which decision …,
        and when was it issued?") no fact, reason "another document": the pipeline leaves
        the question to the body's sentences and the calibrated threshold
        (:attr:`Outcome.left_to_body`), whose date features tell the held report's
        letterhead date apart (a refusal here cost seven strict leads a seed under
        report-level CV and kept no unanswerable question refused; eval/README.md,
        fortieth session)."""
        from qa.document_subject import UNSURE

        refused = Outcome(fields, reason="another document")
        if other is UNSURE or other.asked:
            # Not sure which document the verb is said of; or which document is itself
            # asked ("which decision …, and when was it issued?"): the cited entries'
            # numbers are read too loosely to name it surely.
            return refused
        if fields != ("issued",):
            return refused
        if other.number:
            names = named_numbers(query.folded[other.start : other.end])
        else:
            entries = [
                (entry, number)
                for r in reports
                for entry, kind, number in self._derived.cited(r)
                if other.kind and kind == other.kind
            ]
            kept = list(dict.fromkeys(_by_issuer(query.folded, entries)))
            if len(kept) == len(set(entries)) and not any(
                p.search(query.folded) for p, _ in _ISSUERS
            ):
                # An issuer named whose numbers are not known ("Bộ Tài chính"): any kept.
                from qa.document_subject import foreign_issuers, mentions

                if foreign_issuers(query.folded, other, mentions(query.folded)):
                    return refused
            numbers = {_norm_code(n) for _e, n in kept}
            names = named_numbers(f"van ban so {next(iter(numbers))}") if len(numbers) == 1 else ()
        found = self._cited_issued(query, names) if names else None
        return found if found is not None and found.facts else refused

    def _numbered(self, query: Query) -> list[Report]:
        """The reports of the question's provinces whose number it names, of any kind."""
        names = named_numbers(query.folded)
        code = self._derived.code
        return [
            r
            for r in self._in_provinces(query, self.reports)
            if any(n.matches_code(code(r), r.kind) for n in names)
        ]

    def _held(self, query: Query, subject: Any, reports: Sequence[Report]) -> bool:
        """Whether a document the question names (a ``qa.document_subject.Mention``) is one
        of the held ``reports``: its number, else its kind and no issuer they are not."""
        from qa.document_subject import foreign_issuers, issuer_fits, mentions

        if subject.number:
            text = query.folded[subject.start : subject.end]
            named = named_numbers(text) or named_numbers(f"van ban so {subject.number}")
            code = self._derived.code
            return any(n.matches_code(code(r), r.kind) for n in named for r in reports)
        if subject.kind and not any(_is_kind(r, subject.kind) for r in reports):
            return False
        keys = foreign_issuers(query.folded, subject, mentions(query.folded))
        return not keys or any(issuer_fits(keys, r.issuer, r.title) for r in reports)

    def _cited_issued(self, query: Query, named: Sequence[Named] | None = None) -> Outcome | None:
        """ "Quyết định 2750/QĐ-UBND ban hành ngày nào?" about a document the reports cite
        but do not hold: the date written with its number ("Quyết định số 2750/QĐ-UBND
        ngày 16/10/2021"), when every report that cites it gives the same one. ``named``:
        the numbers the date is asked of (default: those of the kind asked)."""
        kind = asked_kind(query.folded)
        names = (
            list(named)
            if named is not None
            else [n for n in named_numbers(query.folded) if not kind or n.kind in {kind, ""}]
        )
        if not names:
            return None
        found: dict[dt.date, tuple[Report, Line]] = {}
        for report in self._in_provinces(query, self.reports):
            for entry, entry_kind, number in self._derived.cited(report):
                if not any(n.matches(number, entry_kind) for n in names):
                    continue
                dated = [d for d in dates_in(entry) if d.granularity == "day"]
                if not dated:
                    continue
                lines = list(self.lines_of(report.report_id))
                want = _norm_code(number)
                for i, x in enumerate(lines):
                    if want not in _norm_code(_plain(x[1])):
                        continue
                    # The line that writes the number with this date (or breaks before it).
                    text = " ".join(_plain(y[1]) for y in lines[i : i + 2])
                    if any(d.first == dated[0].first for d in dates_in(text)):
                        found.setdefault(dated[0].first, (report, x))
                        break
        if not found:
            return None
        if len(found) > 1:
            return None  # reports disagree on its date: left to the body's sentences
        d, (report, line) = next(iter(found.items()))
        fact = self._fact(
            "cited_issued",
            report,
            f"ngày {d.day:02d}/{d.month:02d}/{d.year}",
            _en_date(d),
            [[line]],
        )
        return Outcome(("cited_issued",), (fact,) if fact else (), "" if fact else "no line")

    def _basis(
        self, query: Query, hits: Sequence[Hit], kind: str, start: int, end: int
    ) -> Outcome | None:
        """ "Kế hoạch 157/KH-UBND thực hiện chỉ thị nào của Thủ tướng?": among the documents
        the named one cites, the one of the asked kind (and issuer, when the question names
        it) whose citing line shares most of the question's words, with a clear margin."""
        fields = ("basis",)
        rest = replace(query, folded=f"{query.folded[:start]} {query.folded[end:]}")
        reports, why, _ = self.resolve(rest, hits)
        if len(reports) != 1:
            return Outcome(fields, reason=why or "no document") if why else None
        report = reports[0]
        named = {n.code for n in named_numbers(query.folded) if n.full}
        entries = [
            (entry, number)
            for entry, entry_kind, number in _cited_entries(report)
            if entry_kind == kind
            and _norm_code(number) not in named
            and _norm_code(number) != _norm_code(report.number)
        ]
        entries = _by_issuer(query.folded, entries)
        if _ASKS_LEGAL_BASIS.search(query.folded):
            # "căn cứ ... nào", "legal basis": the documents of its "Căn cứ" lines first.
            bases = [_norm_code(b) for b in report.legal_bases]
            listed = [(e, n) for e, n in entries if any(_norm_code(n) in b for b in bases)]
            entries = listed or entries
        lines = list(self.lines_of(report.report_id))
        scored = []
        for entry, number in entries:
            at = _first_mention(number, lines)
            if at is not None:
                # A citing line broken in two goes on on the next line.
                context = " ".join(_plain(x[1]) for x in lines[at : at + 3])
                scored.append((_overlap(query, context), entry, lines[at]))
        scored.sort(key=lambda x: -x[0])
        if not scored or (len(scored) > 1 and scored[0][0] < scored[1][0] + 0.15):
            # No one cited document stands out: the body's sentences may still say which
            # (the extractive answer, with its own calibrated abstention).
            return None
        _, entry, line = scored[0]
        fact = self._fact("basis", report, entry, entry, [[line]])
        return Outcome(fields, (fact,) if fact else (), "" if fact else "no basis")

    def _fact(
        self, name: str, report: Report, lead: str, lead_en: str, cited: Sequence[Sequence[Line]]
    ) -> Fact | None:
        citations: list[Citation] = []
        for group in cited:
            if not group:
                return None
            first, last = group[0], group[-1]
            quote = " ".join(_plain(t) for _, t, _ in group if _plain(t))
            chunk = first[2]
            citations.append(
                Citation(
                    len(citations) + 1,
                    chunk.chunk_id,
                    chunk.source,
                    chunk.province,
                    chunk.breadcrumb,
                    (first[0], last[0]),
                    quote,
                )
            )
        return Fact(name, report, lead, lead_en, tuple(citations))

    def _signer(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.signer:
            return None
        at = [i for i, (_, t, _) in enumerate(lines) if report.signer in _plain(t)]
        if not at:
            return None
        end = at[-1]
        start = end
        # The authority and title lines just above the name ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").
        while start > 0 and end - start < 6:
            prev = _plain(lines[start - 1][1])
            if not prev:
                start -= 1
                continue
            if _is_caps(prev) or (prev.startswith("(") and prev.endswith(")")):
                start -= 1
            else:
                break
        group = [x for x in lines[start : end + 1] if _plain(x[1])]
        role = ", ".join(p for p in (report.signer_title, _authority(report)) if p)
        lead = f"{report.signer} ({role})" if role else report.signer
        title_en = _EN_TITLES.get(report.signer_title.lower(), "")
        lead_en = f"{report.signer} ({title_en or report.signer_title})" if role else report.signer
        return self._fact("signer", report, lead, lead_en, [group])

    def _issued(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if report.issued is None:
            return None
        line = _date_line(report.issued, lines)
        if line is None:
            return None
        d = report.issued
        return self._fact(
            "issued", report, f"ngày {d.day:02d}/{d.month:02d}/{d.year}", _en_date(d), [[line]]
        )

    def _number(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.number:
            return None
        want = _norm_code(report.number)
        for x in lines[:40]:
            if want and want in _norm_code(_plain(x[1])):
                return self._fact("number", report, report.number, report.number, [[x]])
        return None

    def _issuer(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.issuer:
            return None
        group: list[Line] = []
        for x in lines[:12]:
            text = _plain(x[1])
            if not text:
                continue
            if _is_caps(text) and not text.startswith(("CỘNG", "ĐỘC")) and len(group) < 3:
                group.append(x)
            else:
                break
        # The header lines must spell the issuer as stated (case and "Ủy/Uỷ" aside).
        if not group or _loose(" ".join(_plain(t) for _, t, _ in group)) != _loose(report.issuer):
            return None
        return self._fact("issuer", report, report.issuer, report.issuer, [group])

    def _legal_bases(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.legal_bases:
            return None
        groups = []
        for basis in report.legal_bases:
            head = _loose(basis[:40])
            match = [x for x in lines[:80] if _loose(_plain(x[1])).startswith(head)]
            if not match:
                return None
            groups.append([match[0]])
        lead = "; ".join(report.legal_bases)
        return self._fact("legal_bases", report, lead, lead, groups)

    def _recipients(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.recipients:
            return None
        start = next(
            (i for i, x in enumerate(lines) if _loose(_plain(x[1])).startswith("noi nhan")), None
        )
        if start is None:
            return None
        group = [x for x in lines[start : start + 40] if _plain(x[1])]
        group = group[: 1 + len(report.recipients)]
        lead = "; ".join(report.recipients)
        return self._fact("recipients", report, lead, lead, [group])

    def _title(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        if not report.title:
            return None
        words = _loose(report.title).split()
        head = " ".join(words[1:4]) if len(words) > 4 else ""
        for i, x in enumerate(lines[:40]):
            if head and head in _loose(_plain(x[1])):
                group = [y for y in lines[max(0, i - 2) : i + 1] if _plain(y[1])]
                return self._fact("title", report, report.title, report.title, [group])
        return None

    def _proposer(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        """ "Theo đề nghị của Giám đốc Sở Tài chính tại Tờ trình số …": the preamble line
        after the "Căn cứ" lines that says on whose proposal the document was issued."""
        for x in lines[:80]:
            text = _plain(x[1])
            m = _PROPOSAL.match(fold(text))
            if m:
                # Who, and in which document; what that document was about is left to
                # the quote.
                lead = re.split(r";| về việc ", text[m.end() :], maxsplit=1)[0].strip(" .,")
                return self._fact("proposer", report, lead, lead, [[x]]) if lead else None
        return None

    def _articles(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        """ "Quyết định gồm bao nhiêu điều?": the document's own article headings ("Điều 1.",
        …, "Điều 14."), counted when they run 1..N without a gap; the last one is cited."""
        return _counted(self, "articles", report, lines, _ARTICLE, "điều", "articles")

    def _chapters(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        """ "Có mấy chương?": the chapter headings ("Chương I", "CHƯƠNG II …"), counted
        when they run 1..N without a gap; the last one is cited."""
        return _counted(self, "chapters", report, lines, _CHAPTER, "chương", "chapters")

    def _effective(self, report: Report, lines: Sequence[Line]) -> Fact | None:
        for x in lines:
            text = _plain(x[1])
            m = _EFFECT.search(fold(text))
            if not m:
                continue
            if m[1]:
                if report.issued is None:
                    return None
                d = report.issued
                date_line = _date_line(d, lines)
                if date_line is None:
                    return None
                lead = f"ngày {d.day:02d}/{d.month:02d}/{d.year} (kể từ ngày ký)"
                lead_en = f"{_en_date(d)} (from the date of signing)"
                return self._fact("effective", report, lead, lead_en, [[x], [date_line]])
            at = fold(text).find("hieu luc")
            found = [d for d in dates_in(text) if d.start >= at and d.granularity == "day"]
            if not found:
                return None
            d = found[0].first
            lead = f"ngày {d.day:02d}/{d.month:02d}/{d.year}"
            return self._fact("effective", report, lead, _en_date(d), [[x]])
        return None


# A heading line of an article ("Điều 3. Nguyên tắc chung", "**Điều 1.**") or a chapter
# ("Chương I", "CHƯƠNG II QUY ĐỊNH CỤ THỂ"), on the plain (unmarked) line.
_ARTICLE = re.compile(r"^\W*Điều\s+(\d{1,3})\s*[.:]", re.IGNORECASE)
_CHAPTER = re.compile(r"^\W*Chương\s+([IVXLC]{1,6}|\d{1,2})\b", re.IGNORECASE)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _count_terms(query: Query) -> list[str]:
    """The words of a count question an enumeration must say (``qa.enumerations.
    narrower``), folded: its terms but the provinces' names."""
    places = fold(" ".join(query.provinces))
    terms = [fold(t.replace("_", " ")) for t in query.match_terms]
    return [t for t in dict.fromkeys(terms) if t and not _in_words(t, places)]


def _in_words(term: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(term)}\b", text) is not None


def _ordinal(token: str) -> int:
    """ "14" -> 14, "IV" -> 4."""
    if token.isdigit():
        return int(token)
    values = [_ROMAN[c] for c in token.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _counted(
    path: DocumentAnswerer,
    name: str,
    report: Report,
    lines: Sequence[Line],
    heading: re.Pattern[str],
    unit_vi: str,
    unit_en: str,
) -> Fact | None:
    """How many numbered parts of one kind the document has: the number of the last heading
    when its headings run 1..N without a gap (else none: the count is not sure). A heading
    with no text of its own before its first sub-heading ("CHƯƠNG I" above "Điều 1.") is in
    no passage's lines, only in the section paths of the passages under it, so both are read;
    a heading's own line is cited when indexed, else the first line under it. Numbering that
    starts again ("Điều 1.–3." of the decision, then "Điều 1.–12." of the regulation it
    issues) is two documents' parts: which one is asked is not sure, so none is counted."""
    seen: dict[int, Line] = {}
    under: dict[int, Line] = {}
    last = 0
    for x in sorted(lines, key=lambda y: y[0]):
        m = heading.match(_plain(x[1]))
        if m:
            number = _ordinal(m[1])
            if number <= last and seen.get(number, x)[0] != x[0]:
                return None
            last = number
            seen.setdefault(number, x)
        for title in x[2].section_path:
            m = heading.match(_plain(title))
            if m:
                under.setdefault(_ordinal(m[1]), x)
    seen = {**under, **seen}
    if not seen or sorted(seen) != list(range(1, len(seen) + 1)):
        return None
    n = len(seen)
    return path._fact(name, report, f"{n} {unit_vi}", f"{n} {unit_en}", [[seen[n]]])


# ------------------------------------------------------------------ legal basis
# "chỉ thị nào", "which Government decree": the kind of document asked for, with a word
# saying it is what the named document rests on or carries out: the `basis` rows of
# qa/data/document_kinds.tsv ("kế hoạch hành động" before "kế hoạch").
_BASIS_KINDS: tuple[tuple[str, str], ...] = BASIS_KINDS
_BASIS_ASK = re.compile(
    r"\b(?:(" + "|".join(p for p, _ in _BASIS_KINDS) + r") (?:[a-z]+ ){0,3}?nao"
    r"|which (?:[a-z'-]+ ){0,3}?(" + "|".join(p for p, _ in _BASIS_KINDS) + r"))\b"
)
_RELATION = re.compile(
    r"\b" + basis_words() + r"\b|\bimplement\w*|\bput into effect\b"
    r"|\bbased on\b|\bbasis\b|\bcarr(?:y|ies) out\b|\bunder\b|\bcites?\b|\bpursuant\b"
)
_ISSUERS = (
    (re.compile(r"\bthu tuong\b|\bprime minister\b"), ("TTg",)),
    (re.compile(r"\bchinh phu\b|\bgovernment\b"), ("-CP",)),
    (re.compile(r"\bbo chinh tri\b|\bpolitburo\b|\btrung uong\b|\bcentral\b"), ("/TW",)),
    (re.compile(r"\btinh uy\b|\bthanh uy\b|\bparty committee\b"), ("/TU",)),
    (re.compile(r"\bhdnd\b|\bhoi dong nhan dan\b|\bpeople'?s council\b"), ("HĐND",)),
)
_ASKS_LEGAL_BASIS = re.compile(r"\bcan cu\b|\blegal basis\b|\bbased on\b|\bbasis\b")
_CITED_ENTRY = re.compile(r"^(.+?) số (\S+)")


def asked_basis(folded: str) -> tuple[str, int, int] | None:
    """The kind of document asked for as the named one's basis, and where the question
    asks it (so that the rest names the document); None when it asks something else."""
    m = _BASIS_ASK.search(folded)
    if m is None or _RELATION.search(folded) is None:
        return None
    words = m[1] or m[2]
    kind = next(k for p, k in _BASIS_KINDS if re.fullmatch(p, words))
    return kind, m.start(), m.end()


def _cited_entries(report: Report) -> list[tuple[str, str, str]]:
    """(entry, its kind, its number) of each document the report cites."""
    out = []
    for entry in report.cited:
        m = _CITED_ENTRY.match(entry)
        if m:
            out.append(
                (entry, next((k for p, k in _BASIS_KINDS if re.fullmatch(p, fold(m[1]))), ""), m[2])
            )
    return out


def _by_issuer(folded: str, entries: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Only the documents numbered as the issuer the question names would number them
    ("của Thủ tướng" -> "/CT-TTg", "Bộ Xây dựng" -> "QĐ-BXD"); all when none is named."""
    codes: tuple[str, ...] = ()
    guessed = False
    for pattern, marks in _ISSUERS:
        if pattern.search(folded):
            codes = marks
            break
    if not codes:
        ministry = re.search(r"\bbo ((?:[a-z]+ ){0,3}[a-z]+)", folded)
        if ministry:
            guessed = True
            words = ministry[1].split()
            codes = tuple(
                "B" + "".join(w[0].upper() for w in words[:n]) for n in range(1, len(words) + 1)
            )
    if not codes:
        return entries
    kept = [(e, n) for e, n in entries if any(fold(c).upper() in fold(n).upper() for c in codes)]
    # A ministry's code is guessed from its initials: no match says nothing.
    return kept if kept or not guessed else entries


def _first_mention(number: str, lines: Sequence[Line]) -> int | None:
    want = _norm_code(number)
    for i, x in enumerate(lines):
        if want and want in _norm_code(_plain(x[1])):
            return i
    return None


def _overlap(query: Query, text: str) -> float:
    terms = [t for t in query.terms if not any(ch.isdigit() for ch in t)]
    if not terms:
        return 0.0
    words = set(_loose(text).split())
    return sum(
        1 for t in terms if all(p in words for p in fold(t).replace("_", " ").split())
    ) / len(terms)


# ------------------------------------------------------------------ helpers
def _plain(line: str) -> str:
    return " ".join(strip_markdown(line).replace("*", " ").replace("\\", " ").split())


@functools.lru_cache(maxsize=8192)
def _loose(text: str) -> str:
    """Folded words only: "UỶ BAN NHÂN DÂN TỈNH" and "Ủy ban nhân dân tỉnh" compare equal."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _authority(report: Report) -> str:
    """ "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" -> "KT. Chủ tịch" (the signer acts for)."""
    m = re.search(r"\bKT\.\s*(.+)$", report.signer_authority)
    if not m:
        return ""
    words = m[1].split()
    return "KT. " + " ".join([words[0].capitalize(), *(w.lower() for w in words[1:])])


def _date_line(d: dt.date, lines: Sequence[Line]) -> Line | None:
    """The header line that writes the issue date ("Bắc Ninh, ngày 20 tháng 11 năm 2025")."""
    for x in lines[:40]:
        text = _plain(x[1])
        if not _ISSUE_LINE.search(fold(text)):
            continue
        if any(m.first == d and m.granularity == "day" for m in dates_in(text)):
            return x
    return None


def _en_date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _is_kind(report: Report, kind: str) -> bool:
    """A decision issuing a plan answers for "the plan" too: its title says it issues that
    kind ("Quyết định ban hành Kế hoạch …"). A kind its title names otherwise is a document
    it carries out ("Kế hoạch triển khai Chỉ thị số 32/CT-TTg"), not itself."""
    return report.kind == kind or bool(
        re.search(rf"\bban hanh (?:kem theo )?{fold(kind)}\b", fold(report.title))
    )


def _in_title(named: str, kind: str, report: Report) -> bool:
    """Whether a report's title names a document ("Kế hoạch triển khai thực hiện Chỉ thị số
    32/CT-TTg …", "Kế hoạch thực hiện Chương trình …"): its number, else its kind word."""
    numbers = named_numbers(named)
    if numbers:
        title = _norm_code(report.title)
        return any(n.code in title for n in numbers)
    return bool(kind) and fold(kind) in fold(report.title)


def _subject_terms(query: Query) -> list[str]:
    """The question's content words without those that ask for the document's particulars:
    in "Ai ký báo cáo của Cà Mau?" the one content word, "ký", asks who signed and says
    nothing of which report (so the one Cà Mau report is the one asked about)."""
    folded = query.folded
    asking = {
        word
        for patterns in (FIELD_PATTERNS, _COUNT_PATTERNS, _ORDER_PATTERNS)
        for pattern in patterns.values()
        for m in pattern.finditer(folded)
        for word in m.group(0).split()
    }
    return [t for t in query.terms if not set(fold(t).replace("_", " ").split()) <= asking]


def _title_fit(query: Query, report: Report) -> float:
    """Share of the question's content words found in the report's title or number."""
    terms = [t for t in query.terms if not t.isdigit()] or list(query.terms)
    if not terms:
        return 0.0
    words = set(_loose(f"{report.title} {report.number} {report.issuer}").split())
    got = sum(1 for t in terms if all(p in words for p in fold(t).replace("_", " ").split()))
    return got / len(terms)


def stats_json(stats: Mapping[str, Sequence[int]], fitted_on: Any) -> str:
    """The JSON of ``qa/data/document_fields.json``."""
    data = {
        "about": "per field: [answers judged right, answers judged] on gold questions; "
        "confidence = (right + 2p) / (judged + 2), p = (all right + 1) / (all judged + 2) "
        "over every field (qa.document.confidence). "
        "Fitted by `python -m eval.fit_documents`.",
        "fields": {k: list(v) for k, v in sorted(stats.items())},
        "fitted_on": fitted_on,
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # One field a line: "signer": [19, 20]
    return re.sub(r"\[\s+(\d+),\s+(\d+)\s+\]", r"[\1, \2]", text) + "\n"


def compose(query: Query, facts: Sequence[Fact]) -> tuple[str, tuple[Citation, ...]]:
    """The answer text: the facts in the order asked, then the cited lines verbatim.
    An English question gets its short answer in English; the quote stays Vietnamese.

    Markers run across facts: "Trần Sỹ Thanh (Chủ tịch); ngày 17/01/2025 — “…” [1] “…” [2]".
    """
    en = query.language == "en"
    citations: list[Citation] = []
    quotes: list[str] = []
    for fact in facts:
        for c in fact.citations:
            marker = len(citations) + 1
            citations.append(
                Citation(marker, c.chunk_id, c.report, c.province, c.section, c.lines, c.quote)
            )
            quotes.append(f"“{c.quote}” [{marker}]")
    several = len({f.report.report_id for f in facts}) > 1
    lead = "; ".join(
        (f"{f.report.number or f.report.source}: " if several else "")
        + (f.lead_en if en else f.lead)
        for f in facts
    )
    body = " ".join(quotes)
    order = _order_line(query, facts, citations) if several else ""
    if order:
        # Which came first and how many days apart, before the facts: "… ngày 20/11/2025
        # [1], … ngày 26/11/2025 [2]: 987/KH-UBND trước 6 ngày".
        lead = f"{order}\n{lead}"
    if en:
        source = facts[0].report.number or facts[0].report.source
        return f"{lead} — according to {source}: {body}", tuple(citations)
    return f"{lead} — {body}", tuple(citations)


def _order_line(query: Query, facts: Sequence[Fact], citations: Sequence[Citation]) -> str:
    """For a question asking which document came first: each document's date of the asked
    field with its citation marker, then which is earlier and by how many days (computed:
    ``qa.arithmetic.days_between``); "" for other questions or without two dates."""
    from qa.arithmetic import days_between

    if not asks_order(query.folded):
        return ""
    en = query.language == "en"
    dated: list[tuple[str, dt.date, int]] = []
    marker = 0
    for fact in facts:
        first_marker = marker + 1
        marker += len(fact.citations)
        if fact.field not in {"issued", "effective"}:
            continue
        days = [d for d in dates_in(fact.lead) if d.granularity == "day"]
        if days:
            name = fact.report.number or fact.report.source
            dated.append((name, days[0].first, first_marker))
    if len(dated) != 2 or dated[0][0] == dated[1][0]:
        return ""
    shown = ", ".join(
        f"{name} {_en_date(d) if en else f'ngày {d.day:02d}/{d.month:02d}/{d.year}'} [{m}]"
        for name, d, m in dated
    )
    (a, da, _ma), (b, db, _mb) = dated
    gap = days_between(da, db)
    if gap == 0:
        return f"{shown}: " + ("the same day" if en else "cùng ngày")
    first = a if da < db else b
    if en:
        return f"{shown}: {first} first, {gap} day{'s' if gap > 1 else ''} earlier"
    return f"{shown}: {first} trước {gap} ngày"
