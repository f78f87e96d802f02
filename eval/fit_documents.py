"""How sure an answer about a document itself is: judged per field on gold questions.

``qa/document.py`` answers "who signed / when issued / its number ..." from a report's
metadata. Its confidence is, for each field, how often such answers were right on gold
questions: ``[right, judged]`` in ``qa/data/document_fields.json``, turned into a
probability by ``qa.document.confidence`` (shrunk towards every field's rate). This
module judges them (strict lead, as ``hoidap eval`` does; any answer to an unanswerable
question is wrong), writes the file (``python -m eval.fit_documents``, over every default
evaluation set on the evaluation index), and refits it per fold in ``hoidap eval --cv``
(the ``document`` fitter), so a cross-validated figure never uses a judgement of its own
report's questions.

The document path's answers are saved beside the sets (``eval/document_outcomes.jsonl.gz``:
set, question id, fields, answer text), so that the shipped file can be checked without
the evaluation index: ``python -m eval.fit_documents --cached`` judges the saved answers
again and rewrites the file, and a test checks it equals the shipped one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion
from eval.metrics import answer_correct, strict_lead

OUTCOMES_PATH = Path(__file__).resolve().parent / "document_outcomes.jsonl.gz"


def judged(outcome: Mapping[str, Any] | None, q: GoldQuestion) -> bool | None:
    """Whether the document path's answer to ``q`` is right (None: it gave none)."""
    if not outcome or not outcome.get("text"):
        return None
    if q.type == "unanswerable" or not q.aliases:
        return False
    text = str(outcome["text"])
    strict = strict_lead(list(q.aliases), text, q.type, q.language)
    if strict is not None:
        return strict >= 1.0
    return answer_correct(list(q.aliases), text, q.type, q.language)


def field_stats(
    outcomes: Sequence[tuple[Mapping[str, Any] | None, GoldQuestion]],
) -> dict[str, list[int]]:
    """Per field: [right, judged] over the questions the document path answered."""
    stats: dict[str, list[int]] = {}
    for outcome, q in outcomes:
        verdict = judged(outcome, q)
        if verdict is None or outcome is None:
            continue
        for name in outcome.get("fields", ()):
            row = stats.setdefault(str(name), [0, 0])
            row[0] += int(verdict)
            row[1] += 1
    return stats


class DocumentFitter:
    """The ``document`` fitter of ``hoidap eval --cv``: field statistics from the training
    folds' questions only (each question's outcome computed once across folds)."""

    name = "document"

    def __init__(self, report_texts: Mapping[str, str] | None = None) -> None:
        self._outcomes: dict[tuple[str, str], Mapping[str, Any] | None] = {}

    def outcome(self, pipeline: Any, q: GoldQuestion) -> Mapping[str, Any] | None:
        key = (q.id, q.question)
        if key not in self._outcomes:
            self._outcomes[key] = pipeline.document_outcome(q.question)
        return self._outcomes[key]

    def fit(
        self, pipeline: Any, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        return {"fields": field_stats([(self.outcome(pipeline, q), q) for q in train])}

    def apply(self, pipeline: Any, fitted: Any) -> Any:
        return pipeline.with_document_stats(fitted["fields"])


def write_outcomes(
    outcomes: Sequence[tuple[str, GoldQuestion, Mapping[str, Any] | None]],
    path: Path = OUTCOMES_PATH,
) -> None:
    """The document path's answers (set name, question, outcome), one JSON line each; a
    question it did not answer is left out (it is judged nowhere)."""
    lines = [
        json.dumps(
            {
                "set": name,
                "id": q.id,
                "fields": list(o.get("fields", ())),
                "text": str(o["text"]),
            },
            ensure_ascii=False,
        )
        for name, q, o in outcomes
        if o and o.get("text")
    ]
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as fh:
        fh.write(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    os.replace(tmp, path)


def read_outcomes(
    questions: Mapping[tuple[str, str], GoldQuestion], path: Path = OUTCOMES_PATH
) -> list[tuple[Mapping[str, Any] | None, GoldQuestion]]:
    """The saved answers paired with their questions (keyed by set name and id)."""
    out: list[tuple[Mapping[str, Any] | None, GoldQuestion]] = []
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(({"fields": d["fields"], "text": d["text"]}, questions[(d["set"], d["id"])]))
    return out


def cached_stats(
    labelled: Sequence[tuple[str, GoldQuestion]], path: Path = OUTCOMES_PATH
) -> dict[str, list[int]]:
    """The field statistics of the saved answers, judged again against ``labelled``
    (set name, question)."""
    return field_stats(read_outcomes({(name, q.id): q for name, q in labelled}, path))


def main(argv: list[str] | None = None) -> int:
    """Judge every default evaluation set on the evaluation index and write the stats."""
    parser = argparse.ArgumentParser(prog="python -m eval.fit_documents", description=__doc__)
    parser.add_argument(
        "--cached",
        action="store_true",
        help="judge the saved answers (eval/document_outcomes.jsonl.gz) again, no index needed",
    )
    args = parser.parse_args(argv)
    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.gold import load_gold
    from eval.sets import default_cv_sets
    from hoidap.config import load_config
    from qa.document import STATS_PATH, stats_json
    from qa.pipeline import Pipeline

    config = load_config()
    texts = report_texts(config)
    genres = report_genres(config)
    sets = default_cv_sets()
    labelled = [(path.stem, q) for path in sets for q in load_gold(path, texts, genres)]
    if args.cached:
        stats = cached_stats(labelled)
    else:
        pipeline = Pipeline.from_config(build_eval_index(config))
        outcomes = [(name, q, pipeline.document_outcome(q.question)) for name, q in labelled]
        write_outcomes(outcomes)
        stats = field_stats([(o, q) for _name, q, o in outcomes])
    tmp = STATS_PATH.with_suffix(".json.tmp")
    tmp.write_text(stats_json(stats, sorted(p.name for p in sets)), encoding="utf-8")
    tmp.replace(STATS_PATH)
    for name, (right, n) in sorted(stats.items()):
        print(f"{name:12} {right}/{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
