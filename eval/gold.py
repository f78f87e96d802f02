"""The gold question set: loading, validation and where each evidence sits in its report.

A gold line is only useful if its evidence really is in the report it names: retrieval
and citation metrics are measured against those char spans. So loading a gold file
checks every line (fields, allowed values, evidence found verbatim in the NFC text of
a listed report) and names every bad line at once, instead of letting a typo turn into
a silently wrong metric.

One JSON object a line::

    {"id": "b001", "question": "...", "language": "vi" | "vi-noaccent" | "en",
     "provinces": ["Cà Mau"], "reports": ["001_fa29380e2daf4212.txt"],
     "answer": "859.463 người", "aliases": ["859463"],
     "evidence": ["tỉnh Cà Mau đã tổ chức tiêm vắc xin cho 859.463 người, ..."],
     "type": "number" | "date" | "entity" | "list" | "explanation" | "comparison"
             | "unanswerable",
     "difficulty": "easy" | "medium" | "hard",
     "genre": "covid-report" | "plan" | "decision-plan" | "conclusion-notice"
              | "decision",  # optional
     "trap": null | "other-period" | "target-vs-result" | "other-province"
             | "other-measure" | "other-document",  # optional, unanswerable only
     "answer_kind": "result" | "target" | "deadline" | "document" | "other",  # optional
     ...any other fields, kept as they are}

``aliases`` are alternatives (any one makes the answer right; a comparison needs each of
its figures): figures "859463" / "74.8%" / "10,3 tỷ", dates "2021-11-16" / "16/11/2021"
/ "2021-11" / "quý I/2022", or short key words ("Sở Y tế"); see ``eval.metrics.parse_alias``.
``evidence`` strings are exact substrings of the report's NFC text (Markdown included).
An unanswerable question has neither aliases nor evidence. ``genre`` is a property of the
report, so a set that leaves it out gets its reports' genre (``report_genres`` of
:mod:`eval.corpus_index`: the bundled reports are "covid-report"); ``trap`` names the
look-alike a trap question offers (null for a plainly unanswerable one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eval.metrics import EvidenceSpan
from hoidap.errors import InputError
from hoidap.text import nfc

LANGUAGES = ("vi", "vi-noaccent", "en")
TYPES = (
    "number",
    "date",
    "entity",
    "list",
    "explanation",
    "comparison",
    "unanswerable",
)
DIFFICULTIES = ("easy", "medium", "hard")
GENRES = ("covid-report", "plan", "decision-plan", "conclusion-notice", "decision")
TRAPS = ("other-period", "target-vs-result", "other-province", "other-measure", "other-document")
ANSWER_KINDS = ("result", "target", "deadline", "document", "other")
OPTIONAL_FIELDS = ("genre", "trap", "answer_kind")
FIELDS = (
    "id",
    "question",
    "language",
    "provinces",
    "reports",
    "answer",
    "aliases",
    "evidence",
    "type",
    "difficulty",
)


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question; ``extra`` keeps the fields hoidap does not read (``user_input``,
    ``reference``, ``reference_contexts`` for RAGAS-style tools) so a rewrite keeps them.

    >>> q = GoldQuestion.from_dict({"id": "b001", "question": "Cà Mau đã tiêm cho bao nhiêu người?",
    ...     "language": "vi", "provinces": ["Cà Mau"], "reports": ["001_fa29380e2daf4212.txt"],
    ...     "answer": "859.463 người", "aliases": ["859463"], "evidence": ["859.463 người"],
    ...     "type": "number", "difficulty": "easy"})
    >>> q.answerable, q.to_dict()["aliases"]
    (True, ['859463'])
    """

    id: str
    question: str
    language: str
    provinces: tuple[str, ...]
    reports: tuple[str, ...]
    answer: str
    aliases: tuple[str, ...]
    evidence: tuple[str, ...]
    type: str
    difficulty: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    genre: str | None = None
    trap: str | None = None
    answer_kind: str | None = None
    # Whether the line says if it is a trap (``"trap": null`` is a plain unanswerable
    # question; older sets leave the field out and are neither).
    trap_labelled: bool = False

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def trap_label(self) -> str | None:
        """ "plain", a trap kind, or None when the question is answerable or unlabelled."""
        if self.answerable or not (self.trap_labelled or self.trap):
            return None
        return self.trap or "plain"

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> GoldQuestion:
        missing = [k for k in FIELDS if k not in d]
        if missing:
            raise ValueError(f"missing field(s) {', '.join(missing)}")
        lists = {}
        for key in ("provinces", "reports", "aliases", "evidence"):
            value = d[key]
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ValueError(f"{key} must be a list of strings, got {value!r}")
            lists[key] = tuple(value)
        return cls(
            id=str(d["id"]),
            question=str(d["question"]),
            language=str(d["language"]),
            provinces=lists["provinces"],
            reports=lists["reports"],
            answer=str(d["answer"]),
            aliases=lists["aliases"],
            evidence=lists["evidence"],
            type=str(d["type"]),
            difficulty=str(d["difficulty"]),
            extra={k: v for k, v in d.items() if k not in FIELDS and k not in OPTIONAL_FIELDS},
            **{k: _optional(d, k) for k in OPTIONAL_FIELDS},
            trap_labelled="trap" in d,
        )

    def to_dict(self) -> dict[str, Any]:
        """The gold line, fields in the documented order, then the extra ones."""
        d: dict[str, Any] = {k: getattr(self, k) for k in FIELDS}
        for key in ("provinces", "reports", "aliases", "evidence"):
            d[key] = list(d[key])
        d.update(
            {
                k: getattr(self, k)
                for k in OPTIONAL_FIELDS
                if getattr(self, k) is not None or (k == "trap" and self.trap_labelled)
            }
        )
        d.update(self.extra)
        return d


def _optional(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string or null, got {value!r}")
    return value


def problems(q: GoldQuestion, report_texts: Mapping[str, str]) -> list[str]:
    """What is wrong with one question, as readable messages (empty when it is fine)."""
    out = []
    if not q.question.strip():
        out.append("empty question")
    if q.language not in LANGUAGES:
        out.append(f"language {q.language!r} not in {LANGUAGES}")
    if q.type not in TYPES:
        out.append(f"type {q.type!r} not in {TYPES}")
    if q.difficulty not in DIFFICULTIES:
        out.append(f"difficulty {q.difficulty!r} not in {DIFFICULTIES}")
    if q.genre is not None and q.genre not in GENRES:
        out.append(f"genre {q.genre!r} not in {GENRES}")
    if q.answer_kind is not None and q.answer_kind not in ANSWER_KINDS:
        out.append(f"answer_kind {q.answer_kind!r} not in {ANSWER_KINDS}")
    if q.trap is not None:
        if q.trap not in TRAPS:
            out.append(f"trap {q.trap!r} not in {TRAPS}")
        if q.answerable:
            out.append("only an unanswerable question can be a trap")
    for name in q.reports:
        if name not in report_texts:
            out.append(f"report {name!r} not in the reports folder")
    if q.answerable:
        if not q.aliases:
            out.append("an answerable question needs at least one alias")
        if not q.evidence:
            out.append("an answerable question needs at least one evidence string")
    elif q.aliases or q.evidence:
        out.append("an unanswerable question has no aliases or evidence")
    for ev in q.evidence:
        if ev != nfc(ev):
            out.append(f"evidence not in NFC: {ev[:60]!r}")
        elif not any(ev in report_texts.get(name, "") for name in q.reports):
            out.append(f"evidence not found verbatim in {', '.join(q.reports)}: {ev[:60]!r}")
    return out


def read_reports(reports_dir: Path, names: Iterable[str] | None = None) -> dict[str, str]:
    """NFC text of the reports, by file name: the coordinates ``Chunk.char_start`` uses."""
    wanted = set(names) if names is not None else None
    texts = {}
    for path in sorted(reports_dir.iterdir()) if reports_dir.is_dir() else []:
        if path.is_file() and (wanted is None or path.name in wanted):
            texts[path.name] = nfc(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def read_gold_lines(path: Path) -> list[dict[str, Any]]:
    """The raw JSON objects of a JSONL file; a bad line is an error naming its number."""
    if not path.is_file():
        raise InputError(
            f"không có tệp câu hỏi / no gold file at {path}",
            "đưa --gold TỆP.jsonl / pass --gold or run eval/build_gold.py",
        )
    return jsonl_objects(path)


def jsonl_objects(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file; a line that is not one is an error naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"{path}: không phải văn bản UTF-8 / not UTF-8 text",
            "lưu lại dạng UTF-8 / re-save it as UTF-8",
        ) from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{n}: JSON không hợp lệ / not valid JSON ({exc.msg})"
            ) from None
        if not isinstance(row, dict):
            raise InputError(
                f"{path}:{n}: cần một đối tượng JSON / not a JSON object",
                'mỗi dòng dạng / one per line, e.g. {"id": "q1", "question": "…"}',
            )
        rows.append(row)
    return rows


def load_gold(
    path: Path,
    reports: Path | Mapping[str, str] | None = None,
    genres: Mapping[str, str] | None = None,
) -> list[GoldQuestion]:
    """Read and validate a gold file; every problem of every line is reported together.

    With ``reports`` (a folder, or report texts by file name from several folders, as
    :func:`eval.corpus_index.report_texts` gives) the evidence is also checked against
    the report texts. With ``genres`` (report file name -> genre) a question without a
    ``genre`` gets its first report's; one that names no report gets the set's genre
    when all the set's other questions share one.
    """
    questions, errors = [], []
    texts = read_reports(reports) if isinstance(reports, Path) else reports
    seen: set[str] = set()
    for n, raw in enumerate(read_gold_lines(path), start=1):
        try:
            q = GoldQuestion.from_dict(raw)
        except ValueError as exc:
            errors.append(f"line {n}: {exc}")
            continue
        if q.id in seen:
            errors.append(f"{q.id}: duplicate id")
        seen.add(q.id)
        if texts is not None:
            errors.extend(f"{q.id}: {p}" for p in problems(q, texts))
        questions.append(q)
    if errors:
        shown = "; ".join(errors[:10]) + (
            f"; ... {len(errors) - 10} more" if len(errors) > 10 else ""
        )
        raise InputError(f"{path}: {len(errors)} bad gold line(s): {shown}")
    return with_genres(questions, genres) if genres is not None else questions


def with_genres(questions: Sequence[GoldQuestion], genres: Mapping[str, str]) -> list[GoldQuestion]:
    """Fill in the ``genre`` a question leaves out from its reports (see :func:`load_gold`)."""
    derived: dict[str, str | None] = {}
    for q in questions:
        derived[q.id] = q.genre or next((genres[r] for r in q.reports if r in genres), None)
    known = {g for g in derived.values() if g is not None}
    fallback = known.pop() if len(known) == 1 else None
    return [
        q if q.genre is not None else replace(q, genre=derived[q.id] or fallback) for q in questions
    ]


def evidence_spans(q: GoldQuestion, report_texts: Mapping[str, str]) -> list[EvidenceSpan]:
    """Every occurrence of every evidence string in the question's reports."""
    spans = []
    for ev in q.evidence:
        if not ev:
            continue
        for name in q.reports:
            text = report_texts.get(name, "")
            start = text.find(ev)
            while start >= 0:
                line = text.count("\n", 0, start) + 1
                spans.append(
                    EvidenceSpan(name, start, start + len(ev), line, line + ev.count("\n"), ev)
                )
                start = text.find(ev, start + 1)
    return spans


def write_gold(questions: Sequence[GoldQuestion], path: Path) -> None:
    """Write JSONL sorted by id, one object a line, Vietnamese kept readable."""
    lines = [
        json.dumps(q.to_dict(), ensure_ascii=False) for q in sorted(questions, key=lambda q: q.id)
    ]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
