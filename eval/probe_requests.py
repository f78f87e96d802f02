"""Whether a question written as a request is answered as the question it rewords
(``eval/probes/requests_*.jsonl``; issue #12, "the same question refused or answered depending
on wording").

Each probe line is a gold question of a readable set (``source_set``, ``source_id``) asked
again as an official writes a request: "Nêu số …", "Cho biết …", "Kể tên …", "Liệt kê …",
"Trình bày …", "List …", "Name …", "Give …", with every other field (answer, aliases,
evidence, type) the source's. Both wordings are asked with the shipped scorer over the
evaluation index, and each outcome is read as ``eval.wording.outcome`` reads it (right,
refused, wrong); the strict lead as ``hoidap eval`` scores it. The shipped scorer trained on
the source questions, so the absolute rates are in-sample; what the probe measures is the gap
between the two wordings. Not frozen evaluation sets, and not in any cross-validation.

Usage::

    python -m eval.probe_requests            # every probe file, over the evaluation index
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

PROBES = Path(__file__).resolve().parent / "probes"
EVAL = Path(__file__).resolve().parent


def tally(pairs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Counts over (source, request) outcome pairs: how many agree, each wording's right /
    refused / wrong, and the strict leads of the number, date and name questions.

    >>> t = tally([{"question": "right", "request": "right", "strict_question": 1.0,
    ...             "strict_request": 1.0},
    ...            {"question": "right", "request": "refused", "strict_question": 1.0,
    ...             "strict_request": 0.0}])
    >>> t["same"], t["n"], t["request"]["right"], t["strict"]
    (1, 2, 1, (1, 2, 2))
    """
    same = sum(p["question"] == p["request"] for p in pairs)
    scored = [p for p in pairs if p.get("strict_question") is not None]
    return {
        "n": len(pairs),
        "same": same,
        "question": Counter(p["question"] for p in pairs),
        "request": Counter(p["request"] for p in pairs),
        "strict": (
            sum(bool(p["strict_request"]) for p in scored),
            sum(bool(p["strict_question"]) for p in scored),
            len(scored),
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.probe_requests", description=__doc__)
    parser.parse_args(argv)
    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.fit import wilson
    from eval.gold import load_gold
    from eval.run import evaluate_question
    from eval.wording import outcome
    from hoidap.config import load_config
    from qa.pipeline import Pipeline

    config = load_config()
    texts, genres = report_texts(config), report_genres(config)
    pipeline = Pipeline.from_config(build_eval_index(config, progress=False))
    sources: dict[tuple[str, str], Any] = {}
    for path in sorted(PROBES.glob("requests_*.jsonl")):
        rows = {r["id"]: r for r in map(json.loads, path.read_text("utf-8").splitlines()) if r}
        pairs = []
        for q in load_gold(path, texts, genres):
            row = rows[q.id]
            key = (row["source_set"], row["source_id"])
            if row["source_set"] not in {s for s, _ in sources}:
                source_set = EVAL / f"{row['source_set']}.jsonl"
                sources.update(
                    ((row["source_set"], s.id), s) for s in load_gold(source_set, texts, genres)
                )
            asked = evaluate_question(pipeline, q, texts)
            source = evaluate_question(pipeline, sources[key], texts)
            pairs.append(
                {
                    "request": outcome(asked),
                    "question": outcome(source),
                    "strict_request": asked["verdict"].get("strict_lead"),
                    "strict_question": source["verdict"].get("strict_lead"),
                }
            )
        t = tally(pairs)
        lo, hi = wilson(t["same"], t["n"])
        req, ques = t["request"], t["question"]
        print(
            f"{path.name}: same outcome as the question's wording {t['same']}/{t['n']} "
            f"({lo:.1%}–{hi:.1%}); right / refused / wrong, request {req['right']} / "
            f"{req['refused']} / {req['wrong']}, question {ques['right']} / {ques['refused']} / "
            f"{ques['wrong']}; strict lead request {t['strict'][0]}, question {t['strict'][1]} "
            f"of {t['strict'][2]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
