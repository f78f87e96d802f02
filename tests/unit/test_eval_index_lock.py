"""Two evaluations that find the evaluation index stale at the same moment (``hoidap eval
--cv 5`` with two seeds started together) build it once: the second waits for the build
lock and then uses the index the first built. Before, both built and swapped the same
folder, and one of them failed with a traceback (``FileNotFoundError`` in the swap)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from eval.corpus_index import DEV_DIR, build_eval_index
from hoidap.config import Config

REPO = Path(__file__).resolve().parents[2]


def test_concurrent_stale_evaluations_build_the_index_once(
    base_config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.store

    reports, dev = tmp_path / "reports", tmp_path / "dev"
    reports.mkdir()
    dev.mkdir()
    shutil.copy2(REPO / "data" / "reports" / "001_fa29380e2daf4212.txt", reports)
    for name in ["d17_da-nang.txt", "MANIFEST.tsv"]:
        shutil.copy2(DEV_DIR / name, dev / name)
    config = base_config.replace(encoder="fake", reports_dir=reports)

    real_build = index.store.build_index
    builds: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        builds.append(1)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(index.store, "build_index", counted)
    start = threading.Barrier(2)
    results: list[Path] = []
    errors: list[BaseException] = []

    def evaluate() -> None:
        start.wait()
        try:
            results.append(build_eval_index(config, tmp_path / "index", dirs=[dev]).index_path)
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=evaluate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    assert results == [tmp_path / "index"] * 2
    assert len(builds) == 1
    assert (tmp_path / "index" / "manifest.json").is_file()
