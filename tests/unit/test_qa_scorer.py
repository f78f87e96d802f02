"""The learned answer scorer: the shipped model is what ``hoidap eval --fit`` makes from
the shipped features, its confidence is a probability, and it answers real sentences."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from eval.fit import (
    ROWS_PATH,
    choose_threshold,
    family_cues,
    fit_scorer,
    read_rows,
    verdicts,
)
from hoidap.types import Answer, Hit
from qa.answer import Answerer
from qa.candidates import FAMILY_FEATURES, FEATURES, TEXT_FEATURES, candidates
from qa.coverage import TermWeights
from qa.query import understand
from qa.scorer import MODEL_PATH, Scorer, shipped
from tests.unit.qa_fakes import make_chunk

# How far a refit's numbers may land from the shipped model's on another CPU. L-BFGS stops
# where the objective's relative reduction reaches float precision, and the BLAS kernels
# chosen for each CPU sum in their own order: a refit on an AMD EPYC put the shipped
# weights up to 1e-4 away (the confidences 2e-5, no verdict). Dropping one of the 877
# questions moves a weight by 3e-2, so these bounds still catch any change of the rows,
# the features or the fit.
WEIGHT_TOL, CONFIDENCE_TOL = 1e-3, 1e-4


def test_shipped_model_is_what_the_fit_command_makes_from_the_shipped_features() -> None:
    names, rows = read_rows(ROWS_PATH)
    refit = fit_scorer(rows, names)
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert names == list(FEATURES)
    assert model["features"] == [n for n in FEATURES if n not in FAMILY_FEATURES]
    assert model["weights"] == pytest.approx(refit["weights"], abs=WEIGHT_TOL)
    assert [f["name"] for f in model["families"]] == ["list", "entity"]
    for family, again in zip(model["families"], refit["families"], strict=True):
        own = [n for n in FEATURES if n not in FAMILY_FEATURES or n in family_cues(family["name"])]
        assert family["kinds"] == again["kinds"] and family["features"] == own
        assert family["weights"] == pytest.approx(again["weights"], abs=WEIGHT_TOL)
        assert family["question"]["weights"] == pytest.approx(
            again["question"]["weights"], abs=WEIGHT_TOL
        )
        assert family["calibration"]["y"] == pytest.approx(
            again["calibration"]["y"], abs=CONFIDENCE_TOL
        )
    assert model["bias"] == pytest.approx(refit["bias"], abs=WEIGHT_TOL)
    assert model["question"]["weights"] == pytest.approx(
        refit["question"]["weights"], abs=WEIGHT_TOL
    )
    assert model["question"]["bias"] == pytest.approx(refit["question"]["bias"], abs=WEIGHT_TOL)
    assert model["calibration"]["x"] == pytest.approx(refit["calibration"]["x"], abs=WEIGHT_TOL)
    assert model["calibration"]["y"] == pytest.approx(refit["calibration"]["y"], abs=CONFIDENCE_TOL)
    assert model["threshold"] == pytest.approx(refit["threshold"], abs=CONFIDENCE_TOL)
    # What an official sees: every question of the rows gets the same verdict from both.
    shipped_verdicts, refit_verdicts = verdicts(model, rows, names), verdicts(refit, rows, names)
    for one, two in zip(shipped_verdicts, refit_verdicts, strict=True):
        assert {**one, "confidence": 0} == {**two, "confidence": 0}
        if one["confidence"] is not None:
            assert one["confidence"] == pytest.approx(two["confidence"], abs=CONFIDENCE_TOL)


def test_confidence_is_a_monotone_probability() -> None:
    scorer = shipped()
    assert scorer is not None
    values = [scorer.confidence(x / 4) for x in range(-40, 41)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert values == sorted(values) and values[0] < values[-1]


def test_a_best_candidate_far_ahead_of_its_rivals_is_surer() -> None:
    scorer = shipped()
    assert scorer is not None
    # The same best score, alone, well ahead, or among close rivals.
    alone, ahead, close = (
        scorer.confidence_of(raws) for raws in ([1.0], [1.0, -3.0], [1.0, 0.9, 0.8, 0.7])
    )
    assert alone >= ahead > close
    assert scorer.confidence_of([]) == 0.0


def test_a_lone_best_candidate_that_contradicts_the_question_is_not_trusted() -> None:
    """A plan's target for 2030 offered for "năm 2025 đạt bao nhiêu" is far ahead of weak
    rivals (a large margin, the whole share of the odds); its own conflicts must still lower
    the confidence, under the threshold, where the same candidate without them is asserted."""
    scorer = shipped()
    assert scorer is not None
    raws = [1.5, -3.0]
    plain = {"coverage": 1.0, "top3_one_passage": 1.0, "unit_ok": 1.0, "date_fit": 0.0}
    sure = scorer.confidence_of(raws, plain)
    assert scorer.asserts(sure)
    for conflict in ({"date_fit": -1.5}, {"refused": 1.0}):
        doubted = scorer.confidence_of(raws, {**plain, **conflict})
        assert doubted < sure
        assert not scorer.asserts(doubted), conflict


def test_threshold_maximises_right_minus_cost_times_wrong() -> None:
    conf = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    right = [1, 1, 1, 0, 1, 1, 0]
    # cost 1: keeping down to 0.4 gains 5 - 1 = 4; cost 2: down to 0.7 gains 3 (0.4: 5 - 2).
    assert choose_threshold(conf, right, cost=1.0) == pytest.approx(0.35)
    assert choose_threshold(conf, right, cost=2.0) == pytest.approx(0.65)
    # A dearer wrong answer never lowers the threshold.
    steps = [choose_threshold(conf, right, cost=c / 2) for c in range(1, 9)]
    assert steps == sorted(steps)
    # When asserting gains nothing at any floor, nothing is asserted.
    assert choose_threshold([0.9, 0.8], [0, 1], cost=2.0) > 1.0


def test_the_shipped_threshold_follows_the_declared_cost() -> None:
    from eval.fit import COST_OF_WRONG

    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert model["cost_of_wrong"] == COST_OF_WRONG
    # On an honest probability the policy asserts from cost / (1 + cost) on.
    assert model["threshold"] == pytest.approx(COST_OF_WRONG / (1 + COST_OF_WRONG), abs=1e-6)


def _crossing(calibration: dict[str, list[float]], level: float) -> float:
    """The score at which a calibration map first reaches ``level``."""
    scorer = Scorer({"features": [], "bias": 0.0, "calibration": calibration})
    grid = [i / 100 for i in range(-400, 401)]
    return next((x for x in grid if scorer.confidence(x) >= level), math.inf)


def test_the_bagged_calibration_is_a_rising_probability_that_a_refit_reproduces() -> None:
    import numpy as np

    from eval.fit import calibrate

    rng = np.random.default_rng(3)
    scores = rng.normal(0.5, 1.5, size=600)
    right = (rng.random(600) < 1 / (1 + np.exp(-scores))).astype(int)
    scored = [(float(s), int(y), 1) for s, y in zip(scores, right, strict=True)]
    cal = calibrate(scored, "bagged")
    assert cal == calibrate(scored, "bagged")  # seeded: the same rows, the same map
    assert cal["x"] == sorted(cal["x"]) and cal["y"] == sorted(cal["y"])
    assert 0.0 <= cal["y"][0] < cal["y"][-1] <= 1.0
    # It says what the rows say: the true probability reaches 2/3 at log 2 = 0.69.
    assert abs(_crossing(cal, 2 / 3) - math.log(2)) < 0.35


def test_the_bagged_calibration_moves_less_than_one_isotonic_fit_when_rows_change() -> None:
    """Ten questions changed (of 600) move where the map reaches 2/3, the policy's threshold;
    averaged over bootstrap resamples it moves less than one isotonic regression's blocks."""
    import numpy as np

    from eval.fit import calibrate

    rng = np.random.default_rng(4)
    scores = rng.normal(0.5, 1.5, size=600)
    right = (rng.random(600) < 1 / (1 + np.exp(-scores))).astype(int)
    base = [(float(s), int(y), 1) for s, y in zip(scores, right, strict=True)]
    moves: dict[str, list[float]] = {"isotonic": [], "bagged": []}
    for trial in range(8):
        changed = list(base)
        for i in np.random.default_rng(10 + trial).choice(600, size=10, replace=False):
            s, y, f = changed[i]
            changed[i] = (s, 1 - y, f)
        for method, seen in moves.items():
            before = _crossing(calibrate(base, method), 2 / 3)
            seen.append(abs(_crossing(calibrate(changed, method), 2 / 3) - before))
    assert np.mean(moves["bagged"]) < np.mean(moves["isotonic"])


VACCINE = make_chunk(
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người (đạt tỷ lệ 74,8% dân số); trong đó, tiêm mũi 2 cho 512.000 người.",
    line_start=131,
)
PLAN = make_chunk(
    "Kế hoạch này được triển khai trên địa bàn tỉnh Cà Mau trong năm 2022.",
    path=("I. MỤC ĐÍCH",),
    line_start=5,
    ordinal=1,
)


def test_every_figure_of_a_sentence_is_a_candidate_with_named_features() -> None:
    answerer = Answerer(TermWeights([VACCINE, PLAN]))
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(VACCINE, 1.0, 1)]))
    leads = [c.lead for c in cands]
    assert "859.463 người" in leads and "512.000 người" in leads
    assert all(set(c.features) <= set(FEATURES) for c in cands)


# One sentence with a total and its part (the Cà Mau report's, line 131).
DOSES = make_chunk(
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người, chiếm tỷ lệ 74,8% dân số, trong đó có 373.388 người hoàn thành tiêm mũi "
    "2, chiếm tỷ lệ 32,5% dân số.",
    line_start=131,
)


def test_a_figure_a_guard_would_refuse_is_marked_and_its_sibling_is_not() -> None:
    # "Bao nhiêu người đã tiêm mũi 2": the guards refuse the total 859.463 (another figure's
    # own clause names "mũi 2"; it stands before "trong đó"), not the part 373.388; the scorer
    # reads that on each candidate, so the part can rank first.
    answerer = Answerer(TermWeights([DOSES, PLAN]))
    q = understand("Cà Mau có bao nhiêu người đã tiêm mũi 2?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(DOSES, 1.0, 1)]))
    refused = {c.lead: c.features.get("refused") for c in cands if c.figure is not None}
    assert refused["859.463 người"] == 1.0 and refused["373.388 người"] == 0.0
    # Asked for everyone vaccinated, no guard refuses the total.
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    cands = candidates(q, answerer.rank_sentences(q, [Hit(DOSES, 1.0, 1)]))
    assert [c.features.get("refused") for c in cands if c.lead == "859.463 người"] == [0.0]


def test_the_model_answers_with_a_confidence_and_abstains_below_its_threshold() -> None:
    scorer = shipped()
    assert scorer is not None
    # (Fake hits carry no retriever scores, so confidences here are lower than in real use;
    # the threshold is moved to test both sides of the one decision.)
    sure = Scorer({**scorer.model, "threshold": 0.0})
    answerer = Answerer(TermWeights([VACCINE, PLAN]), scorer=sure)
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    draft = answerer.answer(q, [Hit(VACCINE, 1.0, 1), Hit(PLAN, 0.5, 2)])
    assert not draft.abstained and draft.text.startswith("859.463 người")
    # The bagged isotonic calibration reaches 1.0 at its top knots (every bag right there).
    assert draft.confidence is not None and 0.0 < draft.confidence <= 1.0
    # A model that is never sure abstains, shows the closest sentence and cites nothing.
    unsure = Scorer({**scorer.model, "threshold": 1.01})
    # (The same hits: the confidence reads every candidate's score, so a hit left out moves
    # it in the sixth decimal.)
    held = Answerer(TermWeights([VACCINE, PLAN]), scorer=unsure).answer(
        q, [Hit(VACCINE, 1.0, 1), Hit(PLAN, 0.5, 2)]
    )
    assert held.abstained and held.citations == () and "859.463 người" in held.text
    assert held.confidence == pytest.approx(draft.confidence)


def test_confidence_is_in_the_json_object() -> None:
    assert Answer("q", "a", confidence=0.91234567).to_json()["confidence"] == 0.9123
    assert Answer("q", "a").to_json()["confidence"] is None


def _number_rows(x: Any, y: Any, per_question: int, reports: int) -> list[Any]:
    """Synthetic figure questions: ``per_question`` consecutive candidates of ``x``/``y``
    each, spread over ``reports`` report groups (the fold unit)."""
    from eval.fit import QuestionRows

    return [
        QuestionRows(
            f"q{i}",
            "number",
            "number",
            "vi",
            f"r{(i // per_question) % reports}",
            x[i : i + per_question].tolist(),
            y[i : i + per_question].tolist(),
            [1] * per_question,
        )
        for i in range(0, len(x), per_question)
    ]


def test_boosted_trees_saved_as_arrays_score_as_scikit_learn_does() -> None:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from eval.fit import TREES, fit_trees

    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3)).round(3)
    y = ((x[:, 0] > 0.2) & (x[:, 1] < 0.5) | (x[:, 2] > 1.2)).astype(int)
    rows = _number_rows(x, y, per_question=20, reports=7)
    model = fit_trees(rows, ["a", "b", "c"])
    json.dumps(model)  # plain data, no pickle
    reference = HistGradientBoostingClassifier(**TREES, early_stopping=False, random_state=0)
    reference.fit(x, y)
    ours = Scorer({**model, "calibration": {}, "threshold": 0.5}).raw(x.tolist())
    assert ours == pytest.approx(reference.decision_function(x).tolist(), abs=1e-5)


def test_the_listwise_model_puts_the_right_candidate_first_and_refits_the_same() -> None:
    import warnings

    import numpy as np

    from eval.fit import fit_listwise

    rng = np.random.default_rng(1)
    per_question, questions = 8, 120
    # Each question sits at its own level of feature "a" (swings between questions, as a
    # retrieval score has); within a question the right candidate is the highest "a".
    level = np.repeat(rng.normal(size=questions), per_question)
    spread = 3.0 * rng.uniform(size=questions * per_question)
    x = np.column_stack([level + spread, level, rng.normal(size=len(level)) * 1e3])
    y = np.zeros(len(level), dtype=int)
    for q in range(questions - 5):  # the last five questions have no right candidate
        at = q * per_question
        y[at + int(np.argmax(spread[at : at + per_question]))] = 1
    rows = _number_rows(x, y, per_question=per_question, reports=6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or log of zero on wide features
        model = fit_listwise(rows, ["a", "level", "noise"])
    assert model == fit_listwise(rows, ["a", "level", "noise"])
    scorer = Scorer({**model, "calibration": {}, "threshold": 0.5})
    first = [r.y[max(range(len(r.x)), key=scorer.raw(r.x).__getitem__)] for r in rows if sum(r.y)]
    assert sum(first) >= 0.9 * len(first)
    # The pointwise share of the loss keeps the scores' level: about as many right
    # candidates expected as there are.
    expected = sum(1 / (1 + math.exp(-s)) for r in rows for s in scorer.raw(r.x))
    assert abs(expected - y.sum()) < 0.25 * y.sum()


def test_the_logistic_fit_folds_its_scaling_into_weights_that_score_as_scikit_learn_does() -> None:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from eval import fit
    from eval.fit import fit_listwise, fit_logistic, fit_trees

    rng = np.random.default_rng(2)
    # Features on very different scales, as a BM25 score beside a 0/1 cue.
    x = rng.normal(size=(300, 3)) * np.array([1.0, 50.0, 0.01]) + np.array([0.0, 200.0, 1.0])
    y = (x[:, 0] + (x[:, 1] - 200.0) / 50.0 + rng.normal(size=300) > 0.5).astype(int)
    rows = _number_rows(x, y, per_question=10, reports=5)
    model = fit_logistic(rows, ["a", "b", "c"])
    reference = make_pipeline(
        StandardScaler(), LogisticRegression(C=fit.C, max_iter=5000, solver="lbfgs")
    ).fit(x, y)
    ours = Scorer({**model, "calibration": {}, "threshold": 0.5}).raw(x.tolist())
    assert ours == pytest.approx(reference.decision_function(x).tolist(), abs=1e-4)
    # Rows with nothing to learn (one label only) give every fit the same empty model.
    none_right = _number_rows(x, np.zeros(len(y), dtype=int), per_question=10, reports=5)
    empty = {"features": ["a", "b", "c"], "weights": [0.0, 0.0, 0.0], "bias": -3.0}
    for fitter in (fit_logistic, fit_listwise, fit_trees):
        assert fitter(none_right, ["a", "b", "c"]) == empty


def test_cross_validation_reads_cached_rows_by_the_names_they_were_written_with() -> None:
    import numpy as np

    from eval.fit import cross_validate

    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 2)).round(3)
    y = (x[:, 0] > 0.3).astype(int)
    rows = _number_rows(x, y, per_question=10, reports=6)
    held_out = cross_validate(rows, k=3, names=["prior", "coverage"])
    assert sorted(v["id"] for v in held_out) == sorted(r.id for r in rows)
    assert {v["fold"] for v in held_out} == {0, 1, 2}
    # Read by the current feature list instead, two-column rows do not fit.
    with pytest.raises(ValueError):
        cross_validate(rows, k=3)


def test_cross_validation_reads_rows_as_describe_writes_them_by_default() -> None:
    """Rows with every candidate feature (``eval.fit.describe``'s layout) are read by
    default, although each fitted model keeps only its own features (the list cues are left
    out of the figures' model)."""
    import numpy as np

    from eval.fit import cross_validate
    from qa.candidates import FEATURES

    rng = np.random.default_rng(2)
    x = rng.normal(size=(300, len(FEATURES))).round(3)
    y = (x[:, 0] > 0.3).astype(int)
    rows = _number_rows(x, y, per_question=10, reports=6)
    held_out = cross_validate(rows, k=3)
    assert sorted(v["id"] for v in held_out) == sorted(r.id for r in rows)


def test_the_answer_is_as_sure_as_the_fit_reads_its_question_features() -> None:
    """What the fit learns from (eval.fit.best_of on a question's candidate rows) and what an
    answer is rated by (Answerer.choose) are the same question features, the rivals' passages
    included: one confidence for one set of candidates."""
    from eval.fit import best_of, question_score

    scorer = shipped()
    assert scorer is not None
    other = make_chunk(
        "Tỉnh Cà Mau đã tiêm cho 120.000 người cao tuổi và 45.000 người có bệnh nền.",
        line_start=140,
        ordinal=2,
    )
    answerer = Answerer(TermWeights([VACCINE, PLAN, other]), scorer=scorer)
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    for hits in ([Hit(VACCINE, 1.0, 1)], [Hit(VACCINE, 1.0, 1), Hit(other, 0.9, 2)]):
        ranked = answerer.rank_sentences(q, hits)
        cands = candidates(q, ranked)
        rows = _rows_of(cands, "number", q.kind, figure=1)
        features, _y, _f = best_of(rows, scorer.model, FEATURES)
        assert features is not None
        fitted = scorer.confidence(question_score(scorer.model["question"], features))
        assert answerer.choose(q, ranked)[1] == pytest.approx(fitted, abs=1e-6)


def test_list_cues_cannot_move_a_figure_answer() -> None:
    """Lists are scored apart (qa.candidates.FAMILIES): the model's own candidate model, question
    model and calibration are fitted without the cues only lists and explanations have, so a
    figure question is scored alike whatever those cues say, and a list question by its
    family's model, which reads them."""
    import numpy as np

    from eval.fit import fit_scorer

    rng = np.random.default_rng(2)
    names = ["prior", "coverage", *TEXT_FEATURES]

    def rows(cue_scale: float) -> list[Any]:
        kinds = ("list", "number", "number")
        return _family_rows(rng, 120, kinds, len(TEXT_FEATURES), {"list": (0, cue_scale)})

    state = rng.bit_generator.state
    plain = fit_scorer(rows(0.0), names)
    rng.bit_generator.state = state
    cued = fit_scorer(rows(1.0), names)
    for key in ("features", "weights", "bias", "question", "calibration", "threshold"):
        assert plain[key] == cued[key], key
    assert plain["features"] == ["prior", "coverage"]
    assert cued["families"][0]["features"] == names
    assert cued["families"][0]["weights"][2] > 0.5  # the list cue is read for lists
    scorer = Scorer(cued)
    assert scorer.for_kind("number") is scorer
    assert scorer.for_kind("list").names == tuple(names)


def test_entity_cues_move_neither_figures_nor_lists() -> None:
    """Names are scored apart too (qa.candidates.FAMILIES): what the entity cues say changes the
    entity family's candidate model only; the model's own part and the list family are
    fitted without them, so a figure or a list answer is what it was."""
    import numpy as np

    from qa.entities import ENTITY_FEATURES

    rng = np.random.default_rng(3)
    names = ["prior", "coverage", *TEXT_FEATURES, *ENTITY_FEATURES]
    kinds = ("number", "list", "entity")

    def rows(cue_scale: float) -> list[Any]:
        width = len(TEXT_FEATURES) + len(ENTITY_FEATURES)
        cues = {"list": (0, 1.0), "entity": (len(TEXT_FEATURES) + 1, cue_scale)}
        return _family_rows(rng, 150, kinds, width, cues)

    state = rng.bit_generator.state
    plain = fit_scorer(rows(0.0), names)
    rng.bit_generator.state = state
    cued = fit_scorer(rows(1.0), names)
    for key in ("features", "weights", "bias", "question", "calibration"):
        assert plain[key] == cued[key], key
    lists = next(f for f in cued["families"] if f["name"] == "list")
    assert lists == next(f for f in plain["families"] if f["name"] == "list")
    assert lists["features"] == ["prior", "coverage", *TEXT_FEATURES]
    entity = next(f for f in cued["families"] if f["name"] == "entity")
    assert entity["features"] == ["prior", "coverage", *ENTITY_FEATURES]
    assert entity["weights"][3] > 0.5  # the role cue is read for names
    scorer = Scorer(cued)
    assert scorer.for_kind("entity").names == tuple(entity["features"])
    assert scorer.for_kind("date") is scorer


def _family_rows(
    rng: Any, n: int, kinds: tuple[str, ...], width: int, cues: dict[str, tuple[int, float]]
) -> list[Any]:
    """``n`` synthetic questions of ``kinds`` in turn, 8 candidates each: two shared features
    decide the label, then ``width`` family cue columns, zero but for the column ``cues``
    gives a kind, which tracks the label scaled by its factor."""
    import numpy as np

    from eval.fit import QuestionRows

    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        x = rng.normal(size=(8, 2)).round(3)
        y = (x[:, 0] + x[:, 1] > 1.0).astype(int)
        extra = np.zeros((8, width))
        if kind in cues:
            column, scale = cues[kind]
            extra[:, column] = scale * (y + rng.normal(scale=0.3, size=8)).round(3)
        rows = np.hstack([x, extra]).tolist()
        out.append(QuestionRows(f"q{i}", kind, kind, "vi", f"r{i % 6}", rows, y.tolist(), [1] * 8))
    return out


# A plan's line that names the body asked for, and one of the same plan that names none.
REPORTS_TO = make_chunk(
    "Trong quá trình thực hiện nếu phát sinh vướng mắc, báo cáo kịp thời UBND tỉnh (qua Ban "
    "Quản lý Khu kinh tế Đông Nam) để xử lý theo thẩm quyền./.",
    province="Nghệ An",
    path=("IV. TỔ CHỨC THỰC HIỆN",),
    line_start=90,
)
NO_BODY = make_chunk(
    "Các đơn vị chủ động triển khai, bảo đảm tiến độ và chất lượng theo kế hoạch.",
    province="Nghệ An",
    path=("IV. TỔ CHỨC THỰC HIỆN",),
    line_start=92,
    ordinal=1,
)


def test_a_name_candidate_leads_with_the_name_it_states_and_says_when_it_has_none() -> None:
    # What an official reads first of a name answer is the name (eval.metrics.strict_lead):
    # the candidate carries the lead the answer would state, and the scorer reads whether it
    # has one, so a quote that names nobody is not taken for a sure answer.
    answerer = Answerer(TermWeights([REPORTS_TO, NO_BODY]))
    q = understand("Khi phát sinh vướng mắc thì báo cáo UBND tỉnh Nghệ An qua cơ quan nào?")
    cands = candidates(
        q, answerer.rank_sentences(q, [Hit(REPORTS_TO, 1.0, 1), Hit(NO_BODY, 0.9, 2)])
    )
    by_line: dict[int, list] = {}
    for c in cands:
        by_line.setdefault(c.scored.sentence.chunk.line_start, []).append(c)
    # One candidate per name the sentence writes (qa.name_spans), the rules' pick first.
    named, (unnamed,) = by_line[90], by_line[92]
    assert named[0].lead == "Ban Quản lý Khu kinh tế Đông Nam"
    assert named[0].features["has_lead"] == 1.0 and named[0].features["span_rule"] == 1.0
    said = [c for c in named if c.lead == "UBND tỉnh"]
    assert said and said[0].features["span_in_question"] == 1.0
    assert unnamed.lead == "" and unnamed.features["has_lead"] == 0.0


def test_a_name_is_labelled_right_only_when_its_lead_states_it() -> None:
    from eval.fit import as_read
    from eval.metrics import answer_correct

    quote = "Giao Sở Y tế chủ trì, phối hợp với các đơn vị liên quan."
    assert not answer_correct(["Sở Y tế"], as_read("entity", "", quote), "entity")
    assert answer_correct(["Sở Y tế"], as_read("entity", "Sở Y tế", quote), "entity")
    # A figure with no lead is read from the quote it opens with, an explanation anywhere.
    assert answer_correct(["859463"], as_read("number", "", "đã tiêm 859.463 người"), "number")
    assert answer_correct(["thiếu"], as_read("explanation", "Sở Y tế", "vì thiếu"), "explanation")


def test_name_spans_beside_a_sentence_own_candidate_move_no_figure_answer() -> None:
    """The names a sentence writes beside its own candidate (``span_extra``, qa.name_spans)
    are read by the name family alone: the model's own candidate model, question model and
    calibration are fitted without them, so figure and date answers keep their model however
    many names the sentences of name questions write."""
    import numpy as np

    from eval.fit import QuestionRows, without_extras

    rng = np.random.default_rng(4)
    names = ["prior", "coverage", "span_fit", "span_extra"]
    base = _family_rows(rng, 150, ("number", "entity", "named"), 2, {"entity": (0, 1.0)})

    def with_extras(r: QuestionRows) -> QuestionRows:
        if r.kind == "number":
            return r
        extra = [[*row[:2], 1.0, 1.0] for row in rng.normal(size=(3, 4)).round(3).tolist()]
        return QuestionRows(
            r.id,
            r.type,
            r.kind,
            r.language,
            r.group,
            r.x + extra,
            [*r.y, 1, 0, 0],
            r.figure + [1] * 3,
        )

    plain = fit_scorer(base, names)
    spans = [with_extras(r) for r in base]
    assert without_extras(spans, names) == base
    spanned = fit_scorer(spans, names)
    for key in ("features", "weights", "bias", "question", "calibration"):
        assert plain[key] == spanned[key], key
    assert plain["features"] == ["prior", "coverage"]
    entity = next(f for f in spanned["families"] if f["name"] == "entity")
    assert entity["kinds"] == ["entity", "named"]
    assert entity["features"] == names
    # Its question model reads the best candidate's span cues besides its score.
    from qa.name_spans import SPAN_QUESTION_FEATURES

    assert entity["question"]["features"][-len(SPAN_QUESTION_FEATURES) :] == list(
        SPAN_QUESTION_FEATURES
    )
    assert "span_own_share" in SPAN_QUESTION_FEATURES
    scorer = Scorer(spanned)
    assert scorer.for_kind("named") is scorer.for_kind("entity")
    assert scorer.for_kind("explanation") is scorer


def test_an_explanation_asking_a_named_thing_is_scored_as_a_name() -> None:
    from qa.name_spans import NAMED, scoring_kind

    asked = {
        "Hệ thống được tích hợp vào đâu?": NAMED,
        "Tỉnh thành lập trung tâm gì?": NAMED,
        "Vì sao phải tích hợp dữ liệu?": "explanation",
        "Dữ liệu được quản lý như thế nào?": "explanation",
        # "thế nào" asks how, whatever noun ("kết luận") comes before it.
        "Đề nghị của thành phố được kết luận xử lý thế nào?": "explanation",
        "Ai làm Trưởng Ban Chỉ đạo?": "entity",
        "Cà Mau đã tiêm vắc xin cho bao nhiêu người?": "number",
    }
    for text, kind in asked.items():
        assert scoring_kind(understand(text)) == kind, text


def test_a_name_answer_is_as_sure_as_the_fit_reads_its_span_cues() -> None:
    """A name question's confidence at answer time (Answerer.choose) is what the fit's
    ``judged`` gives its candidate rows: the name family's question model, reading the best
    span's cues."""
    from eval.fit import judged

    scorer = shipped()
    assert scorer is not None
    assert "span_own_share" in scorer.for_kind("entity").question_names
    answerer = Answerer(TermWeights([REPORTS_TO, NO_BODY]), scorer=scorer)
    q = understand("Khi phát sinh vướng mắc thì báo cáo UBND tỉnh Nghệ An qua cơ quan nào?")
    ranked = answerer.rank_sentences(q, [Hit(REPORTS_TO, 1.0, 1), Hit(NO_BODY, 0.9, 2)])
    cands = candidates(q, ranked)
    assert any(c.features.get("span_extra") for c in cands)
    rows = _rows_of(cands, "entity", q.kind, figure=0)
    *_, fitted = judged(scorer, rows, FEATURES)
    assert answerer.choose(q, ranked)[1] == pytest.approx(fitted, abs=1e-6)


def _rows_of(cands: Any, set_name: str, kind: str, figure: int) -> Any:
    """The scorer rows ``eval.fit`` would read of one question's candidates (label 0)."""
    from eval.fit import QuestionRows

    return QuestionRows(
        "q",
        set_name,
        kind,
        "vi",
        "r",
        [[c.features.get(n, 0.0) for n in FEATURES] for c in cands],
        [0] * len(cands),
        [figure] * len(cands),
    )
