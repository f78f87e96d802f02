"""Whether two versions of the code give the same answers: run before and after a speed-up.

A change meant only to make answering faster must leave every answer as it was. This asks
every question of the gold and blind sets (``eval/*.jsonl``) and writes, per question, what
a user sees and what the evaluation reads: the answer text, whether it abstained, the
confidence, each citation (report, section, lines, quote) and the hits (chunk, score).
The bundled-report sets are asked over the configured index and, with every other set,
over the evaluation corpus index (``python -m eval.corpus_index``), as ``hoidap eval`` and
``hoidap eval --cv`` ask them.

    python bench/same_answers.py --out before.jsonl            # on the old code
    python bench/same_answers.py --out after.jsonl --against before.jsonl

``--workers N`` asks through N answer worker processes of ``hoidap serve``
(``ui.answer_workers``), 2N questions at a time, as a server with several clients does:
their answers must be the in-process ones.

To run the old code, check its commit out in a scratch folder, copy this file into its
``bench/`` and run it from there with the same ``--index-dir`` / ``--eval-index-dir`` (the
indexes are read, never written, once they exist). Exit status 1 when any answer differs.
The p50 of the answer stage (``timings_ms``: everything after retrieval) is printed beside
the load average; compare it only within one machine state.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# (question set, which index asks it): "bundled" is the configured index of the bundled
# reports, "eval" the evaluation corpus index (bundled reports + eval/corpus).
RUNS: tuple[tuple[str, str], ...] = (
    ("gold.jsonl", "bundled"),
    ("heldout.jsonl", "bundled"),
    ("heldout2.jsonl", "bundled"),
    ("gold.jsonl", "eval"),
    ("heldout.jsonl", "eval"),
    ("heldout2.jsonl", "eval"),
    ("blind_a.jsonl", "eval"),
    ("blind_b.jsonl", "eval"),
    ("blind_c.jsonl", "eval"),
    ("blind_e.jsonl", "eval"),
)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load {one:.1f}/{five:.1f}]"


def record(answer: Any) -> dict[str, Any]:
    """What must not change: the answer as shown and cited, and the ranked hits."""
    return {
        "text": answer.text,
        "abstained": answer.abstained,
        "confidence": None if answer.confidence is None else round(answer.confidence, 9),
        "citations": [
            [c.marker, c.report, c.section, list(c.lines), c.quote, c.page]
            for c in answer.citations
        ],
        "hits": [[h.chunk.chunk_id, round(float(h.score), 9)] for h in answer.hits],
    }


def questions(name: str) -> Iterator[dict[str, Any]]:
    path = REPO / "eval" / name
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def ask_all(args: argparse.Namespace) -> tuple[list[dict[str, Any]], list[float]]:
    from eval.corpus_index import build_eval_index, eval_index_config
    from hoidap.config import load_config
    from hoidap.errors import InputError
    from qa.pipeline import Pipeline

    base = load_config()
    if args.index_dir:
        base = base.replace(index_dir=args.index_dir)
    # An evaluation index already there is read as it is (not rebuilt for another version
    # of the code), so both versions answer over the same index.
    given = args.eval_index_dir
    ready = given is not None and (given / "manifest.json").is_file()
    configs = {
        "bundled": base,
        "eval": eval_index_config(base, given) if ready else build_eval_index(base, given),
    }
    rows: list[dict[str, Any]] = []
    answer_ms: list[float] = []
    for which in ("bundled", "eval"):
        pool: Any = None
        if args.workers:
            from index.store import load_index
            from ui.answer_workers import AnswerWorkers, WorkerPipeline

            pool = AnswerWorkers(configs[which], args.workers)
            pool.start()
            pool.wait_ready()
            pipeline: Any = WorkerPipeline(load_index(configs[which]), pool)
        else:
            pipeline = Pipeline.from_config(configs[which])

        def one(q: dict[str, Any], pipeline: Any = pipeline) -> tuple[dict[str, Any], float | None]:
            row: dict[str, Any] = {"id": q.get("id")}
            try:
                answer = pipeline.ask(q["question"], id=q.get("id"))
            except InputError as exc:
                return row | {"error": str(exc)}, None
            return row | record(answer), answer.timings_ms["answer"]

        try:
            for name, index in RUNS:
                if index != which or not (REPO / "eval" / name).is_file():
                    continue
                if args.only and f"{index}:{name}" not in args.only:
                    continue
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(max(1, 2 * args.workers)) as threads:
                    for row, ms in threads.map(one, questions(name)):
                        rows.append({"set": name, "index": which, **row})
                        if ms is not None:
                            answer_ms.append(ms)
                print(f"{which:7s} {name:15s} asked {load()}", file=sys.stderr, flush=True)
        finally:
            if pool is not None:
                pool.close()
    return rows, answer_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="JSONL of every answer")
    parser.add_argument("--against", type=Path, help="a previous --out to compare with")
    parser.add_argument("--index-dir", type=Path, help="bundled-report index (default: config)")
    parser.add_argument("--eval-index-dir", type=Path, help="default: runs/index-eval")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="INDEX:SET",
        help="ask only these, e.g. bundled:gold.jsonl (compared with the same rows of --against)",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="ask through N answer worker processes"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rows, answer_ms = ask_all(args)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(
        f"{len(rows)} questions in {time.perf_counter() - started:.0f} s; answer stage p50 "
        f"{statistics.median(answer_ms):.1f} ms, mean {statistics.mean(answer_ms):.1f} ms "
        f"{load()}"
    )
    if args.against is None:
        return 0
    before = [json.loads(line) for line in args.against.read_text(encoding="utf-8").splitlines()]
    asked = {(r["index"], r["set"]) for r in rows}
    before = [r for r in before if (r["index"], r["set"]) in asked]
    if len(before) != len(rows):
        print(f"DIFFERENT: {len(before)} questions before, {len(rows)} now")
        return 1
    differ = [(a, b) for a, b in zip(before, rows, strict=True) if a != b]
    for a, b in differ[:10]:
        fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        print(f"differs: {a['set']} ({a['index']}) {a['id']}: {', '.join(fields)}")
        for k in fields[:2]:
            print(f"  before {k}: {str(a.get(k))[:300]}\n  after  {k}: {str(b.get(k))[:300]}")
    same = len(rows) - len(differ)
    print(f"{same} of {len(rows)} answers identical" + (" (all)" if not differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
