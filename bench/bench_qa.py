"""Latency of retrieval + extractive answer on the bundled corpus (2 cores).

Prints p50/p95 per stage after a warm-up, and the wall time of `hoidap ask --batch`
over the gold questions including start-up. Figures, not assertions.

    .venv/bin/python bench/bench_qa.py [--questions eval/gold.jsonl] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    from hoidap.config import load_config
    from qa.pipeline import Pipeline

    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "gold.jsonl")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text("utf-8").splitlines()
        if line.strip()
    ]
    config = load_config()
    t0 = time.perf_counter()
    pipeline = Pipeline.from_config(config)
    load_s = time.perf_counter() - t0
    for q in questions[:10]:  # warm-up
        pipeline.ask(q)
    stages: dict[str, list[float]] = {"retrieve": [], "answer": [], "total": []}
    for _ in range(args.repeat):
        for q in questions:
            # Each question as if seen for the first time: the retriever remembers question
            # vectors, which would hide the encoder's cost on a repeat.
            pipeline.retriever.forget_questions()
            t = pipeline.ask(q).timings_ms
            for name in stages:
                stages[name].append(t[name])
    print(f"questions: {len(questions)} x {args.repeat}; pipeline load {load_s:.2f} s")
    for name, values in stages.items():
        print(
            f"{name:>9}: p50 {percentile(values, 0.5):7.1f} ms"
            f"   p95 {percentile(values, 0.95):7.1f} ms   mean {statistics.fmean(values):7.1f} ms"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for i, q in enumerate(questions[:150]):
            fh.write(json.dumps({"id": i, "question": q}, ensure_ascii=False) + "\n")
    t0 = time.perf_counter()
    out = subprocess.run(
        [str(REPO / ".venv" / "bin" / "hoidap"), "ask", "--batch", fh.name, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t0
    n = len(out.stdout.splitlines())
    print(f"hoidap ask --batch: {n} questions in {wall:.1f} s wall, start-up included")


if __name__ == "__main__":
    main()
