"""Run the gold set through a pipeline and judge every answer.

The runner only needs ``retrieve(question, k)`` and ``ask(question, id=...)``, so unit
tests drive it with a fake pipeline and ``hoidap eval`` with the real one. Each question
is retrieved once at depth 10 for the retrieval metrics (what the index can find) and,
unless ``retrieval_only``, asked once the way a user would ask it, without a province
filter (what the official gets back).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from eval.gold import GoldQuestion, evidence_spans
from eval.metrics import (
    Scores,
    aggregate,
    answer_verdict,
    asked_figures,
    breakdown,
    retrieval_verdict,
)
from eval.wording import consistency
from hoidap.errors import InputError
from hoidap.types import Answer, Hit

RETRIEVAL_DEPTH = 10
# summary.json key suffix -> the row field it groups by (a question on two provinces counts
# under each).
BREAKDOWNS = {
    "genre": "genre",
    "type": "type",
    "language": "language",
    "difficulty": "difficulty",
    "answer_kind": "answer_kind",
    "trap": "trap",
    "set": "set",
    "province": "provinces",
}


class PipelineLike(Protocol):
    """The part of ``qa.pipeline.Pipeline`` the evaluation uses."""

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]: ...

    def ask(self, question: str, *, id: Any = None) -> Answer: ...


def spread(questions: Sequence[GoldQuestion], n: int) -> list[GoldQuestion]:
    """``n`` questions evenly spaced through the gold set, in order.

    Gold ids run by author and then by type ("a001".."a118" numbers first), so the first
    ``n`` would all be one person's number questions; an even spread keeps every type and
    language in a quick run, and is the same on every run.
    """
    if n >= len(questions):
        return list(questions)
    step = len(questions) / n
    return [questions[int(i * step)] for i in range(n)]


def _hit_json(hit: Hit) -> dict[str, Any]:
    c = hit.chunk
    return {
        "rank": hit.rank,
        "report": c.source,
        "lines": [c.line_start, c.line_end],
        "chars": [c.char_start, c.char_end],
        "section": c.breadcrumb,
        "score": round(float(hit.score), 6),
    }


def _ask(pipeline: PipelineLike, q: GoldQuestion) -> tuple[Answer, float, str]:
    """The answer, its wall-clock milliseconds and an error message ("" when none).

    A question the pipeline rejects (InputError) is an abstention that says why, as for a
    user; any other exception is recorded on the question rather than ending the run.
    """
    t0 = time.perf_counter()
    try:
        answer = pipeline.ask(q.question, id=q.id)
        error = ""
    except InputError as exc:
        answer, error = Answer(q.question, str(exc), abstained=True, id=q.id), ""
    except Exception as exc:  # a crash on one question must not hide the other 169
        answer, error = Answer(q.question, "", id=q.id), f"{type(exc).__name__}: {exc}"
    return answer, (time.perf_counter() - t0) * 1000, error


def evaluate_question(
    pipeline: PipelineLike,
    q: GoldQuestion,
    report_texts: Mapping[str, str],
    retrieval_only: bool = False,
    set_name: str | None = None,
) -> dict[str, Any]:
    """One results.jsonl row: the gold fields, what the system returned and the verdict.

    ``genre``, ``answer_kind``, ``trap`` and ``set`` are there only when known, so a
    breakdown by them lists only the questions that carry them."""
    spans = evidence_spans(q, report_texts)
    row: dict[str, Any] = {
        "id": q.id,
        "question": q.question,
        "language": q.language,
        "type": q.type,
        "difficulty": q.difficulty,
        **{k: v for k, v in _labels(q, set_name).items() if v is not None},
        "provinces": list(q.provinces),
        "reports": list(q.reports),
        "expected": q.answer,
        "aliases": list(q.aliases),
        "evidence": [
            {
                "report": s.report,
                "lines": [s.line_start, s.line_end],
                "chars": [s.char_start, s.char_end],
            }
            for s in spans
        ],
    }
    verdict: Scores = {}
    t0 = time.perf_counter()
    hits = pipeline.retrieve(q.question, k=RETRIEVAL_DEPTH)
    verdict["retrieve_ms"] = (time.perf_counter() - t0) * 1000
    row["hits"] = [_hit_json(h) for h in hits[:RETRIEVAL_DEPTH]]
    if q.answerable:
        verdict.update(retrieval_verdict(hits[:RETRIEVAL_DEPTH], spans))
    if not retrieval_only:
        answer, latency, error = _ask(pipeline, q)
        verdict.update(
            answer_verdict(
                answer,
                q.aliases,
                q.type,
                spans,
                q.language,
                q.trap_label,
                asked_figures(q.question),
            )
        )
        verdict["latency_ms"] = latency
        data = answer.to_json()
        row["answer"] = data["answer"]
        row["abstained"] = data["abstained"]
        # Answers carry a confidence once the answerer computes one (risk-coverage plot).
        confidence = getattr(answer, "confidence", None)
        row["confidence"] = None if confidence is None else float(confidence)
        row["citations"] = data["citations"]
        row["timings_ms"] = data["timings_ms"]
        if error:
            row["error"] = error
    row["verdict"] = verdict
    return row


def _labels(q: GoldQuestion, set_name: str | None) -> dict[str, str | None]:
    return {
        "genre": q.genre,
        "answer_kind": q.answer_kind,
        "trap": q.trap_label,
        "set": set_name,
    }


def evaluate(
    pipeline: PipelineLike,
    questions: Sequence[GoldQuestion],
    report_texts: Mapping[str, str],
    retrieval_only: bool = False,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Every question in order, with a tqdm bar on stderr when ``progress``."""
    from tqdm import tqdm

    bar = tqdm(questions, desc="eval", unit="q", disable=not progress, leave=False)
    return [evaluate_question(pipeline, q, report_texts, retrieval_only) for q in bar]


def _git_commit(repo: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip()


def summarise(rows: Sequence[Mapping[str, Any]], meta: Mapping[str, Any]) -> dict[str, Any]:
    """summary.json: the overall figures, the same per type, language, difficulty and
    province, whether a fact asked in several wordings is answered alike
    (:mod:`eval.wording`), and how the run was made (``meta``)."""
    verdicts = [row["verdict"] for row in rows]
    summary: dict[str, Any] = {
        "meta": {
            **meta,
            "questions": len(rows),
            "errors": sum(1 for row in rows if row.get("error")),
            "commit": meta.get("commit") or _git_commit(Path(__file__).resolve().parents[1]),
            "finished": dt.datetime.now().isoformat(timespec="seconds"),
        },
        "overall": aggregate(verdicts),
    }
    for name, field in BREAKDOWNS.items():
        if any(row.get(field) is not None for row in rows):
            summary[f"by_{name}"] = breakdown([r for r in rows if r.get(field) is not None], field)
    if not meta.get("retrieval_only"):
        # A retrieval-only run asks nothing: there is no outcome to compare.
        summary["wording"] = consistency(rows)
    return summary
