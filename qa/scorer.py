"""The learned answer scorer: a linear score over candidate features, calibrated.

The model is data (``qa/data/scorer.json``), fitted by ``hoidap eval --fit`` (eval/fit.py)
on every gold set (COVID reports, plans, decisions, conclusion notices) with report-level
folds: weights and bias of a linear score over candidate features (standardisation folded
in), fitted to put each question's right candidate first (``eval.fit.fit_listwise``); a
small logistic model over what all the candidates' scores say about the best one
(``question_features``: its score, its margin over the runner-up, its share of the odds) and an
isotonic map (as knots, averaged over bootstrap resamples) from that model's score to the
probability that the best candidate is right (both fitted on held-out folds; list and name
questions each have their own candidate model, question model and calibration, ``families``:
see ``Scorer.for_kind``); and the one
abstention threshold on that probability, set by a declared cost c = ``cost_of_wrong`` in the
model (2: a wrong figure costs two right ones), at c / (1 + c) = 2/3, where asserting an
honest probability starts to pay. Inference is a dot product and an interpolation: no
scikit-learn here.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).resolve().parent / "data" / "scorer.json"


class Scorer:
    """Scores candidates and says how sure the best one is.

    >>> s = Scorer({"features": ["a"], "weights": [2.0], "bias": -1.0,
    ...             "calibration": {"x": [-1.0, 1.0], "y": [0.1, 0.9]}, "threshold": 0.5})
    >>> s.raw([[1.0]]), s.confidence(0.0)
    ([1.0], 0.5)
    >>> s.score_of([0.2, 1.5])  # no question model: the best candidate's raw score
    1.5
    """

    def __init__(self, model: Mapping[str, Any]) -> None:
        self.model = dict(model)
        self.names: tuple[str, ...] = tuple(model["features"])
        self.weights = [float(w) for w in model.get("weights", [0.0] * len(self.names))]
        self.bias = float(model["bias"])
        self._trees = _flatten(model["trees"]) if model.get("trees") else None
        cal = model.get("calibration") or {}
        self.cal_x = [float(v) for v in cal.get("x", [])]
        self.cal_y = [float(v) for v in cal.get("y", [])]
        self.threshold = float(model.get("threshold", 0.5))
        question = model.get("question") or {}
        self.question_weights = [float(w) for w in question.get("weights", [])]
        self.question_bias = float(question.get("bias", 0.0))
        # A model fitted before the question's kind and language were inputs names none.
        self.question_names: tuple[str, ...] = tuple(
            question.get("features") or QUESTION_FEATURES[: len(self.question_weights)]
        )
        # A family of question kinds with its own candidate model (which may read cues only
        # its kinds have), question model and calibration; the threshold is shared. List
        # answers are scored apart from figures, so that what says a list is right cannot
        # move a figure answer (eval/README.md, "Lists scored apart").
        self._by_kind: dict[str, Scorer] = {}
        for family in model.get("families") or []:
            base = {k: v for k, v in self.model.items() if k not in {"families", "trees"}}
            own = Scorer({**base, **{k: v for k, v in family.items() if k not in {"kinds"}}})
            if "trees" not in family and "weights" not in family:
                own._trees = self._trees  # the same candidate model, not flattened again
            self._by_kind.update((str(kind), own) for kind in family["kinds"])

    def for_kind(self, kind: str) -> Scorer:
        """The scorer of a question of ``kind``: its family's candidate model, question
        model and calibration, or this one's (figures, and every kind for a model fitted
        without families).

        >>> base = {"features": ["a"], "weights": [1.0], "bias": 0.0, "threshold": 0.5,
        ...         "calibration": {"x": [0.0, 1.0], "y": [0.2, 0.8]}}
        >>> s = Scorer({**base, "families": [{"name": "text", "kinds": ["list"],
        ...     "question": {}, "calibration": {"x": [0.0, 1.0], "y": [0.1, 0.3]}}]})
        >>> s.for_kind("list").confidence(1.0), s.for_kind("number").confidence(1.0)
        (0.3, 0.8)
        """
        return self._by_kind.get(kind, self)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Scorer:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def raw(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """The model's score (log-odds) of each row of features in ``self.names`` order."""
        if not rows:
            return []
        import numpy as np

        x = np.asarray(rows, dtype=np.float64)
        if self._trees is not None:
            return [float(v) for v in self._trees.predict(x) + self.bias]
        return [float(v) for v in x @ np.asarray(self.weights) + self.bias]

    def raw_features(self, features: Sequence[Mapping[str, float]]) -> list[float]:
        names, absent = self.names, itertools.repeat(0.0)
        # ``map`` over the names: the same rows as ``[f.get(n, 0.0) for n in names]``, at
        # about half its cost (~35 candidates of ~60 features each, every question).
        return self.raw([list(map(f.get, names, absent)) for f in features])

    def score_of(self, raws: Sequence[float], best: Mapping[str, float] | None = None) -> float:
        """How sure the model is of a question's best candidate, before calibration: a
        logistic model over ``question_features`` of all the candidates' raw scores and the
        best candidate's own cues ``best`` (the best one's raw score alone for a model
        fitted without one)."""
        if not raws:
            return -math.inf
        if not self.question_weights:
            return max(raws)
        features = question_features(raws, best, self.question_names)
        return self.question_bias + sum(
            w * v for w, v in zip(self.question_weights, features, strict=True)
        )

    def confidence_of(
        self, raws: Sequence[float], best: Mapping[str, float] | None = None
    ) -> float:
        """The calibrated probability that the best of these candidates is right (``best``:
        its features, as ``qa.candidates`` describes it).

        A best candidate that an assertion guard refuses (``refused``: an amount answered
        with a head count, another dose's figure, …) is never asserted (``qa.answer``), and
        its confidence says so: at most just under the threshold. The question model lowers
        it by the guard's weight, but a refit may leave a lone candidate far ahead of weak
        rivals above the threshold, and the refusal would then read "confidence: high".

        >>> s = Scorer({"features": ["a"], "weights": [1.0], "bias": 0.0, "threshold": 0.5})
        >>> s.confidence_of([3.0]) > 0.9, s.confidence_of([3.0], {"refused": 1.0}) < 0.5
        (True, True)
        """
        score = self.score_of(raws, best)
        confidence = self.confidence(score) if math.isfinite(score) else 0.0
        if best is not None and best.get("refused"):
            return min(confidence, math.nextafter(self.threshold, 0.0))
        return confidence

    def confidence(self, raw: float) -> float:
        """The calibrated probability that a question's best candidate is right, from its
        question score (``score_of``)."""
        if not self.cal_x:
            return 1.0 / (1.0 + pow(2.718281828459045, -raw))
        if raw <= self.cal_x[0]:
            return self.cal_y[0]
        if raw >= self.cal_x[-1]:
            return self.cal_y[-1]
        import bisect

        i = bisect.bisect_right(self.cal_x, raw)
        x0, x1, y0, y1 = self.cal_x[i - 1], self.cal_x[i], self.cal_y[i - 1], self.cal_y[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)

    def asserts(self, confidence: float) -> bool:
        """The one abstention rule: assert only at or above the fitted threshold."""
        return confidence >= self.threshold


# A question with a single candidate has no runner-up: its margin is this (about the largest
# margins seen between two candidates).
MARGIN_ALONE = 10.0
# What the candidates' scores say about the best one.
SCORE_FEATURES = ("best", "margin", "log_share")
# What kind of question it is and in which language, as the best candidate's features carry
# them (qa.candidates: ``kind_<kind>`` from qa.query, ``english``); a number question is the
# reference. The candidate model weighs them the same for every candidate of a question, so
# only the question model can say that an English or a list answer is right less often
# than a Vietnamese figure of the same score.
KIND_FEATURES = (
    "kind_date",
    "kind_entity",
    "kind_list",
    "kind_explanation",
    "english",
    "unglossed",
)
# What the best candidate's own cues and its rivals say (2026-12-01): the share of the
# question's words its sentence covers, and whether the three best candidates come from one
# passage (``one_passage``): a passage that holds every close rival is where the answer is.
AGREEMENT_FEATURES = ("coverage", "top3_one_passage")
# What the best candidate's own cues say for or against it (2026-12-03): a lone candidate far
# ahead of weak rivals has a large margin and the whole share of the odds even when its period
# or qualifier contradicts the question ("năm 2025 đạt bao nhiêu" answered by a plan's target
# for 2030) or an assertion guard would refuse it, so the question model reads the best one's
# date fit, qualifier conflict, unit agreement, own-clause share and guard too (eval/README.md,
# "Độ tin cậy đọc mâu thuẫn của ứng viên tốt nhất"). ``role_conflict`` was tried beside them:
# it is never set on a best candidate of the training questions, so it was left out.
CONFLICT_FEATURES = (
    "date_fit",
    "qualifier_conflict",
    "own_share",
    "unit_ok",
    "refused",
)
QUESTION_FEATURES = SCORE_FEATURES + KIND_FEATURES + AGREEMENT_FEATURES + CONFLICT_FEATURES


def one_passage(raws: Sequence[float], passages: Sequence[float], top: int = 3) -> float:
    """1.0 when the ``top`` best-scored candidates (all of them when fewer) come from the same
    passage as the best one (``passages``: each candidate's passage, as its hit's inverse
    rank ``hit_rank_inv``), else 0.0.

    >>> one_passage([2.0, 1.0, 0.5, 3.0], [1.0, 1.0, 0.5, 1.0]), one_passage([1.0], [0.5])
    (1.0, 1.0)
    """
    order = sorted(range(len(raws)), key=lambda i: -raws[i])[:top]
    return float(all(passages[i] == passages[order[0]] for i in order))


def question_features(
    raws: Sequence[float],
    best: Mapping[str, float] | None = None,
    names: Sequence[str] = QUESTION_FEATURES,
) -> list[float]:
    """What a question's candidate scores say about its best one, in ``names`` order: its
    raw score (``best``), its margin over the runner-up (capped at ``MARGIN_ALONE``) and the
    log of its share of the candidates' odds (softmax); any other name is read from the
    best candidate's features ``best`` (absent: 0). A best candidate far ahead of the
    others is right more often than one of the same score among close rivals (on the
    every-genre rows, 2026-12-01, the share alone separates right from wrong best
    candidates better than the raw score: AUC 0.76 vs 0.72).

    >>> [round(v, 3) for v in question_features([2.0, 0.0], names=SCORE_FEATURES)]
    [2.0, 2.0, -0.127]
    >>> question_features([1.5], {"english": 1.0}, ("best", "margin", "log_share", "english"))
    [1.5, 10.0, 0.0, 1.0]
    """
    top = max(raws)
    rest = sorted(raws, reverse=True)[1:2]
    scores = {
        "best": top,
        "margin": min(MARGIN_ALONE, top - rest[0]) if rest else MARGIN_ALONE,
        "log_share": 0.0 - math.log(sum(math.exp(r - top) for r in raws)),
    }
    cues = best or {}
    return [scores[n] if n in scores else float(cues.get(n, 0.0)) for n in names]


class _Forest:
    """Boosted trees as flat arrays, walked for all trees and rows at once (a tree's nodes
    are offset into one array; a leaf points to itself, so extra steps stay put)."""

    def __init__(
        self,
        feature: Any,
        threshold: Any,
        left: Any,
        right: Any,
        value: Any,
        roots: Any,
        depth: int,
    ) -> None:
        self.feature, self.threshold, self.left, self.right = feature, threshold, left, right
        self.value, self.roots, self.depth = value, roots, depth

    def predict(self, x: Any) -> Any:
        import numpy as np

        node = np.broadcast_to(self.roots, (len(x), len(self.roots))).copy()
        rows = np.arange(len(x))[:, None]
        for _ in range(self.depth):
            go_left = x[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.value[node].sum(axis=1)


def _flatten(trees: Sequence[Mapping[str, Sequence[float]]]) -> _Forest:
    import numpy as np

    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []
    roots: list[int] = []
    depth = 0
    for tree in trees:
        base = len(feature)
        roots.append(base)
        for i, f in enumerate(tree["feature"]):
            leaf = int(f) < 0
            feature.append(0 if leaf else int(f))
            threshold.append(float(tree["threshold"][i]))
            left.append(base + i if leaf else base + int(tree["left"][i]))
            right.append(base + i if leaf else base + int(tree["right"][i]))
            value.append(float(tree["value"][i]))
        depth = max(depth, _depth(tree))
    return _Forest(
        np.asarray(feature, dtype=np.int64),
        np.asarray(threshold),
        np.asarray(left, dtype=np.int64),
        np.asarray(right, dtype=np.int64),
        np.asarray(value),
        np.asarray(roots, dtype=np.int64),
        depth,
    )


def _depth(tree: Mapping[str, Sequence[float]]) -> int:
    """Edges on the longest root-to-leaf path."""
    best, stack = 0, [(0, 0)]
    while stack:
        i, d = stack.pop()
        if int(tree["feature"][i]) < 0:
            best = max(best, d)
        else:
            stack += [(int(tree["left"][i]), d + 1), (int(tree["right"][i]), d + 1)]
    return best


# Calibrated confidence -> plain words: "high" when about nine answers in ten so rated are
# right (cross-validated, eval/README.md), "medium" when most are, "low" otherwise. The UI
# and the abstention message say them in Vietnamese (cao / trung bình / thấp) or English.
CONFIDENCE_BANDS = ((0.85, "high"), (0.6, "medium"))


def confidence_band(confidence: float) -> str:
    """ "high", "medium" or "low" for a calibrated confidence.

    >>> confidence_band(0.9), confidence_band(0.7), confidence_band(0.2)
    ('high', 'medium', 'low')
    """
    return next((band for floor, band in CONFIDENCE_BANDS if confidence >= floor), "low")


@functools.lru_cache(maxsize=1)
def shipped() -> Scorer | None:
    """The model in the package data, or None before the first ``hoidap eval --fit``."""
    return Scorer.load() if MODEL_PATH.is_file() else None
