"""Fusion weights for English questions, fitted on gold questions (``qa/data/fusion.json``).

An English question reaches the BM25 lists only through its glossed words, while the
multilingual dense encoder reads it whole; how much each list should count, and how much
less BM25 should count when the glossary covers little of the question
(``gloss_power``, see :func:`qa.retrieve.weights_for`), is chosen here on questions
with known evidence: every weight set of :data:`GRID` is tried on the same ranked lists
(no question is retrieved twice) and the one with the best hit@5, then mean reciprocal
rank at 10, wins (ties: the earlier in the grid). Score fusion is scale-free, so the
dense weight stays 1.

    python -m eval.fit_fusion              # writes qa/data/fusion.json from every default set
    python -m eval.fit_fusion --check      # exit 1 when the shipped file differs

In report-level cross-validation the ``fusion`` fitter (registered in ``eval/cv.py``)
refits the weights on each fold's training questions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.gold import GoldQuestion, evidence_spans

LANGUAGE = "en"
GRID: tuple[dict[str, float], ...] = tuple(
    {"dense": 1.0, "bm25": b, "bm25_unaccented": u, "gloss_power": p}
    for b, u, p in itertools.product(
        (0.25, 0.5, 0.75, 1.0, 1.5), (0.0, 0.25, 0.5), (0.0, 0.5, 1.0, 2.0)
    )
)
DEPTH = 10


@dataclass(frozen=True)
class Sample:
    """One question's ranked lists and which of their chunks hold its evidence."""

    query: Any
    ranked: dict[str, list[tuple[str, float]]]
    factors: dict[str, float]
    relevant: frozenset[str]


def _rank(order: Sequence[str], relevant: frozenset[str]) -> int | None:
    for i, cid in enumerate(order[:DEPTH], start=1):
        if cid in relevant:
            return i
    return None


def score(
    retriever: Any, samples: Sequence[Sample], weights: Mapping[str, float]
) -> tuple[float, float]:
    """hit@5 and MRR@10 of ``samples`` fused with ``weights`` for their language."""
    if not samples:
        return 0.0, 0.0
    hits = rr = 0.0
    for s in samples:
        _, order = retriever.fuse(s.query, s.ranked, s.factors, {LANGUAGE: weights})
        rank = _rank(order, s.relevant)
        hits += float(rank is not None and rank <= 5)
        rr += 1.0 / rank if rank else 0.0
    return hits / len(samples), rr / len(samples)


def fit_weights(retriever: Any, samples: Sequence[Sample]) -> dict[str, Any]:
    """The best weights of :data:`GRID` on ``samples`` (see the module docstring)."""
    best: tuple[float, float] | None = None
    chosen: dict[str, float] = dict(GRID[0])
    for weights in GRID:
        result = score(retriever, samples, weights)
        if best is None or result > best:
            best, chosen = result, dict(weights)
    hit5, mrr = best or (0.0, 0.0)
    return {
        "weights": {LANGUAGE: chosen},
        "fitted_on": {"questions": len(samples), "hit5": round(hit5, 4), "mrr10": round(mrr, 4)},
    }


class FusionFitter:
    """The ``fusion`` fitter of ``eval/cv.py``: English fusion weights per fold, fitted on
    the training folds' answerable English questions. The lists come from the pipeline it
    is given (so a fold's glossary shapes them); which chunks hold a question's evidence
    is worked out once per chunk."""

    name = "fusion"

    def __init__(self, report_texts: Mapping[str, str]) -> None:
        self.report_texts = dict(report_texts)
        self._holds: dict[tuple[str, str], bool] = {}

    def samples(self, pipeline: Any, questions: Sequence[GoldQuestion]) -> list[Sample]:
        from eval.metrics import chunk_matches

        out = []
        for q in questions:
            if q.language != LANGUAGE or not q.answerable:
                continue
            query, ranked, factors = pipeline.fusion_inputs(q.question)
            if query.language != LANGUAGE:
                continue
            ids = sorted({cid for hits in ranked.values() for cid, _ in hits})
            new = [cid for cid in ids if (q.question, cid) not in self._holds]
            if new:
                spans = evidence_spans(q, self.report_texts)
                for chunk in pipeline.index.get_chunks(new):
                    self._holds[(q.question, chunk.chunk_id)] = chunk_matches(chunk, spans)
            relevant = frozenset(cid for cid in ids if self._holds.get((q.question, cid)))
            if relevant:
                lists = {k: [(cid, float(sc)) for cid, sc in v] for k, v in ranked.items()}
                out.append(Sample(query, lists, dict(factors), relevant))
        return out

    def fit(
        self, pipeline: Any, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        return fit_weights(pipeline.retriever, self.samples(pipeline, train))

    def apply(self, pipeline: Any, fitted: Any) -> Any:
        return pipeline.with_fusion(fitted["weights"])


def main(argv: list[str] | None = None) -> int:
    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.gold import load_gold
    from eval.sets import default_cv_sets
    from hoidap.config import load_config
    from qa.pipeline import Pipeline
    from qa.retrieve import FUSION_PATH

    parser = argparse.ArgumentParser(prog="python -m eval.fit_fusion", description=__doc__)
    parser.add_argument("--out", type=Path, default=FUSION_PATH)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    config = load_config()
    texts = report_texts(config)
    genres = report_genres(config)
    questions = [q for p in default_cv_sets() for q in load_gold(p, texts, genres)]
    pipeline = Pipeline.from_config(build_eval_index(config, progress=False))
    fitter = FusionFitter(texts)
    fitted = fitter.fit(pipeline, questions, frozenset(texts))
    text = json.dumps(fitted, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        same = args.out.is_file() and args.out.read_text(encoding="utf-8") == text
        print(
            "fusion.json: " + ("up to date" if same else "differs: rerun python -m eval.fit_fusion")
        )
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {json.dumps(fitted['weights'])} {json.dumps(fitted['fitted_on'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
