"""Turn what officials said about answers (the UI's 👍/👎) into gold-set candidates.

A "đúng" (right) verdict means an answer and its citations were checked by a person, so
it is most of a gold line already: the cited quotes become the evidence and the figures
and dates of the answer become aliases. A "sai" (wrong) verdict cannot become gold
without knowing the right answer, so those are listed with the official's comment for
someone to write the gold line by hand. Candidates are never merged automatically.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.gold import jsonl_objects
from hoidap.errors import InputError
from hoidap.text import dates_in, find_numbers, fold, has_diacritics, nfc
from hoidap.types import stable_id

RIGHT = "đúng"
WRONG = "sai"


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """The feedback lines ({"timestamp","question","answer","citations","verdict","comment"})."""
    if not path.is_file():
        raise InputError(
            f"chưa có tệp góp ý / no feedback file at {path}",
            "giao diện ghi tệp này khi người dùng đánh giá câu trả lời / the UI writes it when "
            "users rate answers",
        )
    return jsonl_objects(path)


def normalise_figure(value: float, is_percent: bool) -> str:
    """The alias form of a figure: "859463", "74.8%" (decimal point, no grouping)."""
    text = str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    return text + ("%" if is_percent else "")


def answer_aliases(answer: str) -> list[str]:
    """Every figure and date of the answer, normalised, in order, without repeats.

    >>> answer_aliases("859.463 người (74,8% dân số) đến hết ngày 16/11/2021 [1]")
    ['859463', '74.8%', '2021-11-16']
    """
    # Citation markers ("[1]") are not figures of the answer.
    text = re.sub(r"\[\d+\]", " ", nfc(answer))
    found: list[tuple[int, str]] = []
    for m in find_numbers(text):
        found.append((m.start, normalise_figure(m.value, m.is_percent)))
    for d in dates_in(text):
        if d.granularity == "day":
            found.append((d.start, d.first.isoformat()))
        elif d.granularity == "month":
            found.append((d.start, d.first.isoformat()[:7]))
    out: list[str] = []
    for _pos, alias in sorted(found):
        if alias not in out:
            out.append(alias)
    return out


def guess_language(question: str) -> str:
    """ "vi", "vi-noaccent" or "en", as the question engine reads it (so an English
    question naming "Cà Mau" is still English); by diacritics alone without it."""
    try:
        from qa.query import detect_language
    except ImportError:
        return "vi" if has_diacritics(question) else "vi-noaccent"
    return str(detect_language(question, fold(question)))


def _guess_type(aliases: Sequence[str]) -> str:
    if any(a[:1].isdigit() and "-" in a and len(a) >= 7 for a in aliases):
        return "date" if all("-" in a for a in aliases) else "number"
    return "number" if aliases else "explanation"


def candidate(
    row: Mapping[str, Any], report_texts: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A gold-line candidate from one "đúng" feedback line.

    A confirmed abstention becomes an "unanswerable" candidate (the official agrees the
    reports are silent). ``needs_review`` lists what a person must still fix: quotes not
    found verbatim in the report (the UI may quote the Markdown-free text), a missing
    figure, a follow-up question that does not stand alone, a guessed type.
    """
    question = nfc(str(row.get("question", ""))).strip()
    answer = nfc(str(row.get("answer", ""))).strip()
    abstained = bool(row.get("abstained"))
    citations = [c for c in row.get("citations") or [] if isinstance(c, Mapping)]
    reports = sorted({str(c.get("report")) for c in citations if c.get("report")})
    provinces = sorted({str(c.get("province")) for c in citations if c.get("province")})
    evidence = [nfc(str(c.get("quote", ""))).strip() for c in citations if c.get("quote")]
    aliases = [] if abstained else answer_aliases(answer)
    review = ["type and difficulty are guesses"]
    if abstained:
        qtype, evidence = "unanswerable", []
        review.append("confirmed abstention: check the reports really are silent")
    else:
        qtype = _guess_type(aliases)
        if not aliases:
            review.append("no figure or date in the answer: add aliases by hand")
        if not evidence:
            review.append("no cited quote: add evidence by hand")
    if row.get("history"):
        review.append("follow-up question: rewrite it to stand alone")
    if row.get("filters") and any(row["filters"].values()):
        review.append(f"asked with filters {dict(row['filters'])}: name them in the question")
    if report_texts is not None:
        for ev in evidence:
            if not any(ev in report_texts.get(r, "") for r in reports):
                review.append(f"evidence not verbatim in the report: {ev[:60]!r}")
    language = str(row.get("language") or "")
    return {
        "id": "fb-" + stable_id(question, answer, size=10),
        "question": question,
        "language": language
        if language in ("vi", "vi-noaccent", "en")
        else guess_language(question),
        "provinces": provinces,
        "reports": reports,
        "answer": "" if abstained else answer,
        "aliases": aliases,
        "evidence": list(dict.fromkeys(evidence)),
        "type": qtype,
        "difficulty": "medium",
        "source": "feedback",
        "timestamp": row.get("timestamp"),
        "comment": row.get("comment", ""),
        "needs_review": review,
    }


def convert(
    rows: Sequence[Mapping[str, Any]], report_texts: Mapping[str, str] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(candidates from "đúng" lines, "sai" lines for review); other verdicts are skipped.

    The same question with the same answer rated twice gives one candidate.
    """
    candidates: dict[str, dict[str, Any]] = {}
    review = []
    for row in rows:
        verdict = fold(str(row.get("verdict", "")))
        if verdict == fold(RIGHT):
            c = candidate(row, report_texts)
            candidates.setdefault(c["id"], c)
        elif verdict == fold(WRONG):
            review.append(
                {
                    "timestamp": row.get("timestamp"),
                    "question": row.get("question", ""),
                    "answer": row.get("answer", ""),
                    "comment": row.get("comment", ""),
                    "citations": row.get("citations") or [],
                }
            )
    return list(candidates.values()), review


def format_review(review: Sequence[Mapping[str, Any]]) -> str:
    """The "sai" answers as readable text: question, answer given, the official's comment."""
    lines = [f"{len(review)} câu trả lời bị đánh giá sai / answers rated wrong:"]
    for n, r in enumerate(review, start=1):
        lines += [
            f"{n}. {r.get('question', '')}",
            f"   trả lời / answer: {' '.join(str(r.get('answer', '')).split())[:300]}",
            f"   góp ý / comment: {r.get('comment', '') or '—'}",
        ]
    return "\n".join(lines)


def write_candidates(candidates: Sequence[Mapping[str, Any]], path: Path) -> None:
    """JSONL, one candidate a line; the parent folder is created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in candidates), encoding="utf-8"
    )
