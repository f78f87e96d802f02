"""Cross-validation with the real models on a small corpus: two bundled reports and two
development documents indexed together, K=2, the vocabulary fitter. The full run over
every set is a command (``hoidap eval --cv 5``), not a test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eval.corpus_index import DEV_DIR, DEV_SEED, build_eval_index, report_genres, report_texts
from eval.cv import Labelled, cross_validate, make_fitter
from eval.gold import load_gold
from eval.report import headline, write_run
from eval.run import summarise
from hoidap.config import Config

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
BUNDLED = ["001_fa29380e2daf4212.txt", "003_ab47fa1bd8ede6ab.txt"]
DEV = ["d12_lai-chau.txt", "d17_da-nang.txt"]


@pytest.fixture(scope="module")
def small(real_config: Config, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("cv_corpus")
    reports, dev = root / "reports", root / "dev"
    reports.mkdir()
    dev.mkdir()
    for name in BUNDLED:
        shutil.copy2(REPO / "data" / "reports" / name, reports / name)
    for name in [*DEV, "MANIFEST.tsv"]:
        shutil.copy2(DEV_DIR / name, dev / name)
    config = real_config.replace(reports_dir=reports)
    cfg = build_eval_index(config, root / "index", dirs=[dev])
    return {"config": config, "cfg": cfg, "dev": dev}


def test_the_index_holds_both_folders_and_is_reused(small: dict[str, Any]) -> None:
    from index.store import read_manifest

    cfg = small["cfg"]
    reports = json.loads((cfg.index_path / "reports.json").read_text(encoding="utf-8"))
    assert sorted(r["source"] for r in reports) == sorted(BUNDLED + DEV)
    before = read_manifest(cfg.index_path)["built_at"]
    again = build_eval_index(small["config"], cfg.index_path, dirs=[small["dev"]])
    assert read_manifest(again.index_path)["built_at"] == before  # nothing changed: reused


def test_dev_seed_vectors_are_what_the_encoder_computes(small: dict[str, Any]) -> None:
    """Seeded vectors that still match a chunk's text equal a fresh encoding. Chunks an
    ingest change re-cut are simply embedded (refresh: python -m eval.corpus_index
    --refresh-seed)."""
    from index.cache import VectorCache, vector_key
    from index.encoders import load_encoder

    cfg = small["cfg"]
    seed = VectorCache.load(DEV_SEED)
    encoder = load_encoder(cfg)
    with (cfg.index_path / "chunks.jsonl").open(encoding="utf-8") as f:
        dev_chunks = [c for c in map(json.loads, f) if c["source"] in DEV]
    keyed = [(c, vector_key(encoder, c["clean"])) for c in dev_chunks]
    present = [(c, k) for c, k in keyed if k in seed]
    print(f"dev seed covers {len(present)}/{len(keyed)} chunks")
    sample = present[:: max(1, len(present) // 3)][:3]
    if not sample:
        pytest.skip("no development chunk matches the seed: run --refresh-seed")
    fresh = encoder.encode_documents([c["clean"] for c, _k in sample])
    stored = np.stack([seed.vectors[seed.row(k)] for _c, k in sample])
    assert np.all(np.sum(fresh * stored, axis=1) > 0.999)


def test_cross_validation_on_real_models(small: dict[str, Any], tmp_path: Path) -> None:
    from qa.pipeline import Pipeline

    config, cfg = small["config"], small["cfg"]
    texts = report_texts(config, [small["dev"]])
    genres = report_genres(config, [small["dev"]])
    assert set(texts) == set(BUNDLED + DEV)
    gold = load_gold(REPO / "eval" / "gold.jsonl", texts | _other_reports(), genres)
    questions = [Labelled("gold", q) for q in gold if q.reports and set(q.reports) <= set(BUNDLED)][
        ::4
    ]
    assert len(questions) >= 10
    result = cross_validate(
        Pipeline.from_config(cfg), questions, texts, make_fitter("vocabulary", texts), k=2
    )
    assert {f["fold"] for f in result.folds} == {0, 1}
    held = [set(f["test_reports"]) for f in result.folds]
    assert not held[0] & held[1] and held[0] | held[1] == set(texts)
    summary = summarise(
        result.rows,
        {"cv": {"k": 2, "seed": 0, "fitter": "vocabulary", "reports": 4, "folds": result.folds}},
    )
    print(headline(summary))
    assert summary["meta"]["errors"] == 0
    o = summary["overall"]
    # Two reports' questions answered by a system fitted without them: well above chance,
    # and every headline figure carries its interval.
    assert o["answer_accuracy"] is not None and o["answer_accuracy"] > 0.4
    assert o["strict_lead_lo"] <= o["strict_lead"] <= o["strict_lead_hi"]
    files = write_run(tmp_path / "run", summary, result.rows)
    assert "held-out reports" in files["markdown"].read_text(encoding="utf-8")


def _other_reports() -> dict[str, str]:
    """The bundled reports outside the small corpus, only so that gold.jsonl validates."""
    from eval.gold import read_reports

    return read_reports(REPO / "data" / "reports")
