"""bench/bench_external.py on a tiny BEIR-style set: loading, BM25 through the project's
index, the figures, and the skip when ../shared is absent (real underthesea, no model)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.integration

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_external.py"
DOCS = {
    "d1": "Tỉnh Cà Mau đã tiêm vắc xin phòng COVID-19 cho 859.463 người.",
    "d2": "Sóc Trăng ghi nhận 2.519 ca dương tính trong giai đoạn 4.",
    "d3": "Bệnh viện dã chiến được thành lập để điều trị bệnh nhân tầng 2.",
    "d4": "Lạng Sơn tổ chức xét nghiệm 291.958 mẫu RT-PCR.",
}
QUERIES = {"q1": "Cà Mau tiêm vắc xin cho bao nhiêu người?", "q2": "xét nghiệm RT-PCR ở Lạng Sơn"}
QRELS = {"q1": "d1", "q2": "d4"}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_external", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_external"] = module
    spec.loader.exec_module(module)
    return module


def _write_set(root: Path, name: str) -> None:
    folder = root / "external" / name
    folder.mkdir(parents=True)
    (folder / "corpus.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "title": "", "text": t}, ensure_ascii=False) + "\n"
            for i, t in DOCS.items()
        ),
        encoding="utf-8",
    )
    (folder / "queries.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in QUERIES.items()
        ),
        encoding="utf-8",
    )
    rows = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t1" for q, d in QRELS.items()]
    (folder / "qrels.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_skips_without_shared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _bench().main(["--shared", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_bm25_figures_on_a_tiny_set(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    _write_set(tmp_path, "uit-vicov19qa")
    data = bench.load_dataset(tmp_path / "external" / "uit-vicov19qa")
    assert data.doc_ids == list(DOCS) and data.qrels == {q: {d} for q, d in QRELS.items()}
    out = tmp_path / "figures.json"
    args = ["--shared", str(tmp_path), "--dataset", "uit-vicov19qa", "--bm25-only"]
    assert bench.main([*args, "--cache-dir", str(tmp_path / "cache"), "--json", str(out)]) == 0
    [result] = json.loads(out.read_text(encoding="utf-8"))
    assert result["queries"] == 2 and result["docs"] == 4
    assert result["bm25"]["Recall@5"] == 1.0 and result["bm25"]["MRR@10"] == 1.0
    assert "dense" not in result
    assert "nDCG@10" in capsys.readouterr().out


def test_figures_average_over_queries() -> None:
    figs = _bench().figures([["a", "b"], ["c", "d"]], [{"b"}, {"x"}])
    assert figs["MRR@10"] == pytest.approx(0.25) and figs["Recall@5"] == pytest.approx(0.5)
