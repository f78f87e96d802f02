"""Report-level cross-validation: folds, fitters and the leak checks, on a fake pipeline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

import eval.cv as cv
from eval.cv import (
    FITTERS,
    Chain,
    Labelled,
    Memo,
    RulesFitter,
    Subset,
    VocabularyFitter,
    cross_validate,
    make_fitter,
    make_folds,
    use_vocabulary,
)
from eval.gold import GoldQuestion
from eval.run import PipelineLike, summarise
from hoidap.errors import InputError
from hoidap.types import Answer, Hit
from tests.unit.eval_fakes import gold_line

REPORTS = [f"r{i:02d}.txt" for i in range(9)]
TEXTS = {
    name: f"Báo cáo {name}: đã tiêm vắc xin cho {100 + i}.000 người."
    for i, name in enumerate(REPORTS)
}


def _question(qid: str, reports: list[str], **changes: Any) -> GoldQuestion:
    fields: dict[str, Any] = {
        "id": qid,
        "question": f"câu hỏi {qid}",
        "reports": reports,
        "evidence": [],
    }
    fields |= {"type": "unanswerable", "aliases": [], "answer": ""}
    fields |= changes
    return GoldQuestion.from_dict(gold_line(**fields))


def _questions() -> list[Labelled]:
    out = []
    for i, name in enumerate(REPORTS):
        for j in range(1 + i % 3):
            out.append(Labelled("set_a", _question(f"q{i}_{j}", [name])))
    # Multi-report questions and questions about no report.
    out.append(Labelled("set_b", _question("m1", [REPORTS[0], REPORTS[5]])))
    out.append(Labelled("set_b", _question("m2", [REPORTS[3], REPORTS[4], REPORTS[8]])))
    out.append(Labelled("set_b", _question("z1", [])))
    # The same id in another set is another question.
    out.append(Labelled("set_b", _question("q0_0", [REPORTS[1]], question="câu hỏi khác")))
    return out


class FakePipeline:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        return []

    def ask(self, question: str, *, id: Any = None) -> Answer:
        self.asked.append(question)
        return Answer(question, "Không tìm thấy.", abstained=True, id=id)


@pytest.mark.parametrize(("k", "seed"), [(2, 0), (3, 1), (5, 7)])
def test_every_report_is_on_exactly_one_side_of_each_fold(k: int, seed: int) -> None:
    questions = _questions()
    folds = make_folds(questions, REPORTS, k, seed)
    assert len(folds) == k
    held_out = [r for f in folds for r in f.test_reports]
    assert sorted(held_out) == sorted(REPORTS)  # each report held out exactly once
    for f in folds:
        assert not f.test_reports & f.train_reports
        assert f.test_reports | f.train_reports == set(REPORTS)
        assert f.test_reports  # no empty fold
        test_keys = {lq.key for lq in f.test}
        for lq in f.train:
            assert lq.key not in test_keys
            assert not set(lq.question.reports) & f.test_reports
        for lq in f.test:
            if lq.question.reports:
                assert lq.question.reports[0] in f.test_reports
    tested = [lq.key for f in folds for lq in f.test]
    assert sorted(tested) == sorted(lq.key for lq in questions)  # each question tested once


def test_folds_depend_on_the_seed_and_are_reproducible() -> None:
    questions = _questions()

    def split(seed: int) -> list[frozenset[str]]:
        return [f.test_reports for f in make_folds(questions, REPORTS, 3, seed)]

    assert split(4) == split(4)
    assert any(split(s) != split(0) for s in range(1, 6))


def test_bad_fold_counts_are_clear_errors() -> None:
    with pytest.raises(InputError, match="at least 2"):
        make_folds(_questions(), REPORTS, 1)
    with pytest.raises(InputError, match="only 9 reports"):
        make_folds(_questions(), REPORTS, 10)
    stray = [Labelled("s", _question("x", ["nowhere.txt"]))]
    with pytest.raises(InputError, match="outside the corpus"):
        make_folds(stray, REPORTS, 2)


class SpyFitter:
    """Records what it was fitted on; its pipeline remembers which fold's state answers."""

    name = "spy"

    def __init__(self) -> None:
        self.fits: list[tuple[list[str], frozenset[str]]] = []

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        for q in train:  # a fitter may ask its training questions
            pipeline.ask(q.question, id=q.id)
        self.fits.append(([q.question for q in train], train_reports))
        return {"fold": len(self.fits) - 1, "seen": sorted(q.question for q in train)}

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        return _Stamped(pipeline, fitted)


class _Stamped:
    def __init__(self, inner: PipelineLike, fitted: Any) -> None:
        self.inner, self.fitted = inner, fitted

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        return self.inner.retrieve(question, k)

    def ask(self, question: str, *, id: Any = None) -> Answer:
        # The leak check: the state answering a question never saw that question.
        assert question not in self.fitted["seen"], question
        answer = self.inner.ask(question, id=id)
        return Answer(answer.question, f"fold {self.fitted['fold']}", abstained=True, id=id)


def test_a_fitter_never_sees_a_test_fold_question() -> None:
    questions = _questions()
    pipeline = FakePipeline()
    spy = SpyFitter()
    result = cross_validate(pipeline, questions, TEXTS, spy, k=3, seed=2, progress=False)
    folds = make_folds(questions, TEXTS, 3, 2)
    assert len(spy.fits) == 3
    for fold, (seen, train_reports) in zip(folds, spy.fits, strict=True):
        assert train_reports == fold.train_reports
        test_questions = {lq.question.question for lq in fold.test}
        assert not set(seen) & test_questions
    # Every question answered once, by the state of its own fold, rows in input order.
    assert [r["id"] for r in result.rows] == [lq.question.id for lq in questions]
    for row in result.rows:
        assert row["answer"] == f"fold {row['fold']}"
        assert row["set"] in {"set_a", "set_b"}
    assert [f["test_questions"] for f in result.folds] == [len(f.test) for f in folds]
    # Training questions asked by the fitter are answered once across folds (memo).
    assert len(pipeline.asked) == len(set(pipeline.asked))
    summary = summarise(result.rows, {"cv": {"k": 3}})
    assert summary["by_set"]["set_b"]["n"] == 4


def test_saved_fold_states_answer_again_without_fitting(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--fitted-out / --fitted-in: a second run answers each fold with the first run's
    state and fits nothing; a state for other folds, other questions, another fitter, other
    code tables, or an altered or unreadable file is refused."""
    questions = _questions()

    def run(fitter: Any, qs: list[Labelled] = questions, seed: int = 2, **saved: Any) -> Any:
        return cross_validate(
            FakePipeline(), qs, TEXTS, fitter, k=3, seed=seed, progress=False, **saved
        )

    first = run(SpyFitter(), fitted_out=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"fold-{i}.json" for i in range(3)]
    spy = SpyFitter()
    again = run(spy, fitted_in=tmp_path)
    assert spy.fits == []
    assert [r["answer"] for r in again.rows] == [r["answer"] for r in first.rows]
    assert [f["fitted"] for f in again.folds] == [f["fitted"] for f in first.folds]
    # Another question in one's place (same report, so the same folds): a state fitted
    # without it is not this fold's.
    other = [Labelled("set_c", _question("other", [REPORTS[0]])), *questions[1:]]
    refused = [
        # Another seed holds out other reports: those states have seen its test questions.
        ("other reports", lambda: run(SpyFitter(), seed=5, fitted_in=tmp_path)),
        ("fitter", lambda: run(RulesFitter(), fitted_in=tmp_path)),
        ("other questions", lambda: run(SpyFitter(), other, fitted_in=tmp_path)),
    ]
    for message, call in refused:
        with pytest.raises(InputError, match=message):
            call()
    # A missing fold is refused before any question is answered.
    run(SpyFitter(), fitted_out=tmp_path / "short")
    (tmp_path / "short" / "fold-2.json").unlink()
    pipeline = FakePipeline()
    with pytest.raises(InputError, match="missing"):
        cross_validate(
            pipeline,
            questions,
            TEXTS,
            SpyFitter(),
            k=3,
            seed=2,
            progress=False,
            fitted_in=tmp_path / "short",
        )
    assert pipeline.asked == []
    # The glossary tables or the candidate features changed since: refit instead.
    context = cv.fit_context()
    monkeypatch.setattr(cv, "fit_context", lambda: {**context, "features": "other"})
    with pytest.raises(InputError, match="features"):
        run(SpyFitter(), fitted_in=tmp_path)
    monkeypatch.undo()
    record = json.loads((tmp_path / "fold-1.json").read_text(encoding="utf-8"))
    record["state"]["fold"] = 0
    (tmp_path / "fold-1.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(InputError, match="altered"):
        run(SpyFitter(), fitted_in=tmp_path)
    (tmp_path / "fold-0.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="unreadable"):
        run(SpyFitter(), fitted_in=tmp_path)


def test_a_state_that_is_not_json_is_refused() -> None:
    class Bad(RulesFitter):
        def fit(self, pipeline: PipelineLike, train: Any, train_reports: Any) -> Any:
            return {"weights": object()}

    with pytest.raises(TypeError, match="JSON-able"):
        cross_validate(FakePipeline(), _questions(), TEXTS, Bad(), k=2, progress=False)


def test_registry_and_chains() -> None:
    assert {"rules", "vocabulary"} <= set(FITTERS)
    assert make_fitter("rules", TEXTS).name == "rules"
    chain = make_fitter("rules, vocabulary", TEXTS)
    assert isinstance(chain, Chain) and chain.name == "rules,vocabulary"
    state = chain.fit(FakePipeline(), [], frozenset(TEXTS))
    assert json.dumps(state) and set(state) == {"rules", "vocabulary"}
    with pytest.raises(InputError, match="unknown nope"):
        make_fitter("nope", TEXTS)
    assert make_fitter("scorer", TEXTS).name == "scorer"
    assert make_fitter("scorer-covid", TEXTS).name == "scorer-covid"


def test_a_subset_fitter_learns_only_from_the_questions_it_keeps() -> None:
    spy = SpyFitter()
    subset = Subset(spy, lambda q: q.question.endswith("_0"), "spy-subset")
    train = [lq.question for lq in _questions()]
    state = subset.fit(FakePipeline(), train, frozenset(REPORTS))
    assert state["seen"] and all(text.endswith("_0") for text in state["seen"])


def test_vocabulary_left_out_when_only_held_out_reports_say_it() -> None:
    from qa import glossary, synonyms

    texts = {
        "train.txt": "Tỉnh đã tổ chức tiêm vắc xin và giãn cách xã hội.",
        "test.txt": "Tỉnh áp dụng phong tỏa, tổ chức xổ số.",
    }
    fitter = VocabularyFitter(texts)
    state = fitter.fit(FakePipeline(), [], frozenset({"train.txt"}))
    drop = set(state["drop"])
    assert {"phong tỏa", "xổ số"} <= drop
    assert "giãn cách" not in drop and "vắc xin" not in drop
    # A phrase no report says cannot have been fitted to one: it stays.
    assert "trợ cấp" not in drop
    pipeline = fitter.apply(FakePipeline(), state)
    try:
        pipeline.ask("How long was the lockdown?")
        assert "phong tỏa" not in glossary.GLOSSARY.get("lockdown", ())
        assert "giãn cách" in glossary.GLOSSARY["lockdown"]
        assert "xổ số" not in synonyms.alternatives("vé số", True)
        Memo(FakePipeline()).ask("x")  # the unfitted pipeline uses every entry again
        assert "phong tỏa" in glossary.GLOSSARY["lockdown"]
        assert "xổ số" in synonyms.alternatives("vé số", True)
    finally:
        use_vocabulary(frozenset())
    # Nothing to leave out: the pipeline itself, so its cached answers stay valid.
    plain = FakePipeline()
    assert fitter.apply(plain, {"drop": []}) is plain


def test_what_only_the_blind_sector_table_says_is_never_left_out() -> None:
    """The sector glossary was written without reading any report: a phrase only it has
    stays in every fold, even when only held-out reports say it; the tables written from
    report wording are still restricted."""
    from qa import glossary

    sector_only = {a for alts in glossary._load(glossary._SECTOR_TABLE).values() for a in alts} - {
        a
        for path in (glossary._TABLE, glossary._ADMIN_TABLE)
        for alts in glossary._load(path).values()
        for a in alts
    }
    assert "kim ngạch xuất khẩu" in sector_only
    texts = {
        "train.txt": "Tỉnh đã tổ chức tiêm vắc xin.",
        "test.txt": "Kim ngạch xuất khẩu đạt 8,95 tỷ USD; áp dụng phong tỏa.",
    }
    drop = set(VocabularyFitter(texts).fit(FakePipeline(), [], frozenset({"train.txt"}))["drop"])
    assert "phong tỏa" in drop
    assert "kim ngạch xuất khẩu" not in drop
    # The sector table's "an ninh, trật tự" is the COVID table's "an ninh trật tự" to the
    # search: left out with it.
    texts["test.txt"] += " Bảo đảm an ninh trật tự."
    drop = set(VocabularyFitter(texts).fit(FakePipeline(), [], frozenset({"train.txt"}))["drop"])
    assert {"an ninh trật tự", "an ninh, trật tự"} <= drop


class GlossaryEcho(FakePipeline):
    """Answers with whether the glossary offers "phong tỏa" for "lockdown" right now."""

    def ask(self, question: str, *, id: Any = None) -> Answer:
        from qa import glossary

        self.asked.append(question)
        said = "phong tỏa" in glossary.GLOSSARY.get("lockdown", ())
        return Answer(question, f"phong tỏa {said}", abstained=True, id=id)


def test_each_fold_answers_with_its_own_vocabulary_and_fits_with_the_whole() -> None:
    texts = {"a.txt": "giãn cách xã hội", "b.txt": "phong tỏa khu vực", "c.txt": "tiêm vắc xin"}
    questions = [Labelled("s", _question(n[0], [n], question=f"q {n}")) for n in texts]
    seen_while_fitting: list[str] = []

    class AskingFitter(RulesFitter):
        name = "asking"

        def fit(self, pipeline: PipelineLike, train: Any, train_reports: Any) -> Any:
            seen_while_fitting.extend(pipeline.ask(q.question).text for q in train)
            return None

    fitter = Chain([VocabularyFitter(texts), AskingFitter()])
    try:
        result = cross_validate(GlossaryEcho(), questions, texts, fitter, k=3, progress=False)
    finally:
        use_vocabulary(frozenset())
    by_report = {row["reports"][0]: row["answer"] for row in result.rows}
    # Only the fold that holds b.txt out loses "phong tỏa".
    assert by_report == {
        "a.txt": "phong tỏa True",
        "b.txt": "phong tỏa False",
        "c.txt": "phong tỏa True",
    }
    # Fitting after the vocabulary step sees the fold's vocabulary: b's fold trains on a, c.
    assert "phong tỏa False" in seen_while_fitting
    Memo(GlossaryEcho()).ask("x")
    assert Memo(GlossaryEcho()).ask("y").text == "phong tỏa True"
