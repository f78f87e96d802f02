"""Report-level cross-validation: what hoidap does on documents it was not fitted on.

Reports, not questions, are split into K folds. For each fold, everything fitted from
data (weights, thresholds, word lists, a learned answer model) is fitted through a
:class:`Fitter` on the questions and reports of the other folds only, then the fold's
questions are answered with what was fitted. The headline figures pool the held-out
answers of every fold, so each question is answered exactly once, by a system that never
saw its report's questions or wording.

Folds:

- Every report of the corpus is in exactly one fold, reports with no question too.
  Reports are dealt out largest first (by number of questions, ties shuffled by the
  seed) to the fold with the fewest questions so far, so each fold holds a similar
  share of the questions; with the question sets as they are, each of the five bundled
  COVID-19 reports lands in its own fold.
- A question is tested in the fold of its first listed report. A question that names no
  report (an unanswerable one about nothing in the corpus) is tested in a fold chosen by
  a seeded hash of its id.
- A question is a training question of a fold only when none of its reports is in that
  fold (and it is not tested there), so a comparison across two reports never trains the
  fold that tests either of them.

Registering a fitter: add a factory to :data:`FITTERS` (name -> callable taking the
report texts by file name), here or in ``eval/fit.py`` (imported first); ``hoidap eval
--cv 5 --fitter vocabulary,scorer`` fits them in that order, each on the pipeline the
previous ones produced.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from eval.gold import GoldQuestion
from eval.run import RETRIEVAL_DEPTH, PipelineLike, evaluate_question
from hoidap.errors import InputError
from hoidap.types import Answer, Hit


class Fitter(Protocol):
    """Something fitted from data, fitted per fold on the training side only."""

    name: str

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        """The fitted state (JSON-able) from the training questions and reports."""
        ...

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        """A pipeline that answers with what was fitted."""
        ...


@dataclass(frozen=True)
class Labelled:
    """A question of a named set (ids are unique within a set, not across sets)."""

    set: str
    question: GoldQuestion

    @property
    def key(self) -> str:
        return f"{self.set}:{self.question.id}"


@dataclass(frozen=True)
class Fold:
    """One split: ``test_reports`` are held out, the rest train."""

    index: int
    test_reports: frozenset[str]
    train_reports: frozenset[str]
    test: tuple[Labelled, ...]
    train: tuple[Labelled, ...]


def _stable_hash(text: str, seed: int) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}\x1f{text}".encode()).digest()[:8], "big")


def make_folds(
    questions: Sequence[Labelled], reports: Iterable[str], k: int, seed: int = 0
) -> list[Fold]:
    """Split ``reports`` into ``k`` folds and place every question (see the module
    docstring for the rules). Raises InputError when there are fewer reports than folds."""
    names = sorted(set(reports))
    if k < 2:
        raise InputError(f"--cv {k}: cần ít nhất 2 phần / needs at least 2 folds")
    if len(names) < k:
        raise InputError(f"--cv {k}: chỉ có {len(names)} báo cáo / only {len(names)} reports")
    unknown = sorted({r for lq in questions for r in lq.question.reports} - set(names))
    if unknown:
        raise InputError(f"questions name reports outside the corpus: {', '.join(unknown[:5])}")
    load = dict.fromkeys(names, 0)
    for lq in questions:
        if lq.question.reports:
            load[lq.question.reports[0]] += 1
    rng = random.Random(seed)
    order = names[:]
    rng.shuffle(order)
    order.sort(key=lambda r: -load[r])  # stable: ties keep the seeded order
    fold_of: dict[str, int] = {}
    sizes = [0] * k
    counts = [0] * k
    for name in order:
        # Fewest questions first, then fewest reports, then a seeded tie-break.
        best = min(range(k), key=lambda f: (sizes[f], counts[f], _stable_hash(f"{f}", seed)))
        fold_of[name] = best
        sizes[best] += load[name]
        counts[best] += 1

    def test_fold(lq: Labelled) -> int:
        if lq.question.reports:
            return fold_of[lq.question.reports[0]]
        return _stable_hash(lq.key, seed) % k

    folds = []
    for f in range(k):
        test_reports = frozenset(r for r in names if fold_of[r] == f)
        test = tuple(lq for lq in questions if test_fold(lq) == f)
        train = tuple(
            lq
            for lq in questions
            if test_fold(lq) != f and not (set(lq.question.reports) & test_reports)
        )
        folds.append(Fold(f, test_reports, frozenset(names) - test_reports, test, train))
    return folds


# ------------------------------------------------------------------ fitters


class RulesFitter:
    """Nothing refitted: the pipeline as shipped (hand-set rules, and any model shipped
    fitted on every set, which then has seen the test folds: a baseline, not a result)."""

    name = "rules"

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        return None

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        return pipeline


_SYLLABLE = re.compile(r"\w+", re.UNICODE)
MAX_PHRASE = 6


def _syllables(text: str) -> tuple[str, ...]:
    from hoidap.text import nfc, normalize_tones

    return tuple(_SYLLABLE.findall(normalize_tones(nfc(text)).lower()))


def _ngrams(text: str) -> set[tuple[str, ...]]:
    words = _syllables(text)
    return {words[i : i + n] for n in range(1, MAX_PHRASE + 1) for i in range(len(words) - n + 1)}


def vocabulary_phrases() -> list[str]:
    """Every Vietnamese phrase of the glossary tables written from report wording (the
    COVID-19 and the genre tables) and of the paraphrase groups. The sector table
    (``glossary_sectors_en_vi.tsv``) was written from the list of a province's departments
    without reading any report, so no fold has anything to leave out of it; a phrase it
    shares with the other tables is left out with theirs."""
    from qa import glossary, synonyms

    phrases = sorted({vi for _, vi in glossary.table_pairs(glossary.FROM_REPORTS)})
    phrases += [p for group in synonyms._ALL_GROUPS for p in group]
    return list(dict.fromkeys(phrases))


_active_drop: frozenset[str] = frozenset()


def use_vocabulary(drop: frozenset[str]) -> None:
    """Make qa's glossary and paraphrases leave out ``drop`` (empty: use everything).

    The tables are module state in qa, so every pipeline this module hands out calls this
    before answering; switching clears qa's caches, which happens once per fold."""
    global _active_drop
    if drop == _active_drop:
        return
    from qa import glossary, synonyms

    keep = None if not drop else (lambda phrase: phrase not in drop)
    glossary.restrict(keep)
    synonyms.restrict(keep)
    _active_drop = drop


class VocabularyFitter:
    """The English glossary (``qa/data/glossary_en_vi.tsv``) and the Vietnamese paraphrases
    (``qa/synonyms.py``) were written from report wording: a phrase that occurs in a
    held-out report but in no training report is left out for that fold, as if it had
    never been added (a phrase that occurs in no report at all cannot have been fitted
    to one and stays)."""

    name = "vocabulary"

    def __init__(self, report_texts: Mapping[str, str]) -> None:
        self._grams = {name: _ngrams(text) for name, text in report_texts.items()}

    def occurs_in(self, phrase: str, reports: Iterable[str]) -> bool:
        gram = _syllables(phrase)
        return any(gram in self._grams.get(r, ()) for r in reports)

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        from qa import glossary

        held_out = [r for r in self._grams if r not in train_reports]
        drop = [
            p
            for p in vocabulary_phrases()
            if self.occurs_in(p, held_out) and not self.occurs_in(p, train_reports)
        ]
        # The same syllables written otherwise in the sector table ("an ninh, trật tự" for
        # "an ninh trật tự") are the same phrase to the search: left out with it.
        gone = {_syllables(p) for p in drop}
        every = {a for alts in glossary._FULL.values() for a in alts}
        drop += [p for p in every - set(drop) if _syllables(p) in gone]
        return {"drop": sorted(drop)}

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        drop = frozenset(fitted["drop"])
        return _Restricted(pipeline, drop) if drop else pipeline


# The glossary entries a _Restricted pipeline leaves out while it answers; None outside one.
_override: frozenset[str] | None = None


class _Restricted:
    """A pipeline whose glossary and paraphrases leave out ``drop``."""

    def __init__(self, inner: PipelineLike, drop: frozenset[str]) -> None:
        self.inner = inner
        self.drop = drop

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        return self._within(lambda: self.inner.retrieve(question, k=k))

    def ask(self, question: str, *, id: Any = None) -> Answer:
        return self._within(lambda: self.inner.ask(question, id=id))

    def _within(self, call: Callable[[], Any]) -> Any:
        global _override
        outer = _override
        _override = self.drop
        try:
            use_vocabulary(self.drop)
            return call()
        finally:
            _override = outer

    def __getattr__(self, name: str) -> Any:
        """Whatever else the pipeline offers (``ranked``, ``with_scorer``, ``config``) runs
        with the restricted vocabulary; a pipeline it returns stays restricted."""
        value = getattr(self.inner, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            out = self._within(lambda: value(*args, **kwargs))
            return _Restricted(out, self.drop) if hasattr(out, "ask") else out

        return call


class Chain:
    """Several fitters in order, each fitted on the pipeline the previous ones produced."""

    def __init__(self, fitters: Sequence[Fitter]) -> None:
        self.fitters = list(fitters)
        self.name = ",".join(f.name for f in self.fitters)

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        states: dict[str, Any] = {}
        for fitter in self.fitters:
            states[fitter.name] = fitter.fit(pipeline, train, train_reports)
            pipeline = fitter.apply(pipeline, states[fitter.name])
        return states

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        for fitter in self.fitters:
            pipeline = fitter.apply(pipeline, fitted[fitter.name])
        return pipeline


class Subset:
    """A fitter fitted only on the training questions ``keep`` accepts."""

    def __init__(self, inner: Fitter, keep: Callable[[GoldQuestion], bool], name: str) -> None:
        self.inner, self.keep, self.name = inner, keep, name

    def fit(
        self, pipeline: PipelineLike, train: Sequence[GoldQuestion], train_reports: frozenset[str]
    ) -> Any:
        return self.inner.fit(pipeline, [q for q in train if self.keep(q)], train_reports)

    def apply(self, pipeline: PipelineLike, fitted: Any) -> PipelineLike:
        return self.inner.apply(pipeline, fitted)


def _scorer(
    report_texts: Mapping[str, str], covid_only: bool = False, cost: float | None = None
) -> Fitter:
    """The learned answer scorer of ``eval/fit.py`` with its calibration and abstention
    threshold, refitted per fold. Like the shipped model (``eval.fit.TRAIN_SETS``: every gold
    set) ``scorer`` learns from every training question of every genre; ``scorer-covid``
    learns only from those on the five bundled COVID reports (the shipped model until
    2026-12-01, kept for comparison: ``hoidap eval --fit --covid-only``);
    ``scorer-even-odds`` chooses its threshold with a wrong answer costing one right one
    instead of ``eval.fit.COST_OF_WRONG``."""
    from eval.corpus_index import BUNDLED_GENRE
    from eval.fit import COST_OF_WRONG, ScorerFitter

    if cost is not None:
        return ScorerFitter(report_texts, cost, "scorer-even-odds")
    fitter: Fitter = ScorerFitter(report_texts, COST_OF_WRONG)
    if covid_only:
        return Subset(fitter, lambda q: q.genre == BUNDLED_GENRE, "scorer-covid")
    return fitter


def _fusion(report_texts: Mapping[str, str]) -> Fitter:
    """English fusion weights (eval/fit_fusion.py), refitted per fold."""
    from eval.fit_fusion import FusionFitter

    return FusionFitter(report_texts)


def _document(report_texts: Mapping[str, str]) -> Fitter:
    """How often answers about a document itself are right, per field (eval/fit_documents.py)."""
    from eval.fit_documents import DocumentFitter

    return DocumentFitter(report_texts)


FitterFactory = Callable[[Mapping[str, str]], Fitter]
FITTERS: dict[str, FitterFactory] = {
    "rules": lambda texts: RulesFitter(),
    "vocabulary": VocabularyFitter,
    "fusion": _fusion,
    "scorer": _scorer,
    "scorer-covid": lambda texts: _scorer(texts, covid_only=True),
    "scorer-even-odds": lambda texts: _scorer(texts, cost=1.0),
    "document": lambda texts: _document(texts),
}
"""Fitters by name; a factory receives the corpus's report texts by file name."""
# Everything the shipped pipeline was fitted on, refitted per fold.
DEFAULT_FITTER = "vocabulary,fusion,scorer,document"


def _register_more() -> None:
    """Fitters defined elsewhere register themselves in ``eval/fit.py`` when it exists."""
    try:
        import eval.fit  # noqa: F401
    except ModuleNotFoundError as exc:
        if exc.name != "eval.fit":
            raise


def make_fitter(spec: str, report_texts: Mapping[str, str]) -> Fitter:
    """The fitter ``spec`` names ("vocabulary", or several joined by commas)."""
    _register_more()
    names = [n.strip() for n in spec.split(",") if n.strip()]
    unknown = [n for n in names if n not in FITTERS]
    if not names or unknown:
        raise InputError(
            f"--fitter {spec!r}: không biết / unknown {', '.join(unknown) or '(none)'}",
            f"chọn trong / choose from: {', '.join(sorted(FITTERS))}",
        )
    fitters = [FITTERS[n](report_texts) for n in names]
    return fitters[0] if len(fitters) == 1 else Chain(fitters)


# ------------------------------------------------------------------- running


class Memo:
    """Answers and hits of a pipeline kept per question, under a key for what was fitted:
    a question asked again where nothing fitted changed is not answered again (a fitter
    that asks the training questions of every fold pays for each question once).

    The unfitted pipeline (``state`` "base") answers with the whole vocabulary unless a
    vocabulary-restricted pipeline wraps it, and keeps the two kinds of answer apart."""

    def __init__(self, inner: PipelineLike, state: str = "base") -> None:
        self.inner = inner
        self.state = state
        self._answers: dict[tuple[Any, ...], Answer] = {}
        self._hits: dict[tuple[Any, ...], list[Hit]] = {}

    def _vocabulary(self) -> frozenset[str]:
        wanted = _override if _override is not None else frozenset()
        if self.state == "base":
            use_vocabulary(wanted)
        return wanted

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        key = (self.state, self._vocabulary(), question, k)
        if key not in self._hits:
            self._hits[key] = self.inner.retrieve(question, k=k)
        return self._hits[key]

    def ask(self, question: str, *, id: Any = None) -> Answer:
        key = (self.state, self._vocabulary(), question, id)
        if key not in self._answers:
            self._answers[key] = self.inner.ask(question, id=id)
        return self._answers[key]

    def __getattr__(self, name: str) -> Any:
        """Other methods of the pipeline (``ranked``, ``with_scorer``) pass through, not
        cached, with the vocabulary this memo answers with."""
        value = getattr(self.inner, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            self._vocabulary()
            return value(*args, **kwargs)

        return call


def state_digest(fitted: Any) -> str:
    """A short hash of a fitted state; it must be JSON-able (no pickle anywhere)."""
    try:
        text = json.dumps(fitted, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"a fitter's state must be JSON-able: {exc}") from None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CVResult:
    rows: list[dict[str, Any]]
    folds: list[dict[str, Any]]


def _fitted_path(folder: Path, fold: Fold) -> Path:
    return folder / f"fold-{fold.index}.json"


def _digest(items: Iterable[str]) -> str:
    return hashlib.sha256("\x1f".join(sorted(items)).encode("utf-8")).hexdigest()[:16]


def fit_context() -> dict[str, str]:
    """What a saved state assumes of the code that answers with it: the phrases the
    vocabulary state leaves out are read against these glossary and paraphrase tables (a
    phrase a change adds that only a held-out report says would be in no saved list), and
    the scorer's weights against these candidate features (a feature it lacks reads 0)."""
    from qa.candidates import FEATURES

    return {"vocabulary": _digest(vocabulary_phrases()), "features": _digest(FEATURES)}


def save_fitted(folder: Path, fold: Fold, fitter: Fitter, seed: int, fitted: Any) -> None:
    """Write what ``fitter`` fitted for ``fold``, so that another run (of other code) can
    answer the same fold with it (:func:`load_fitted`); each file is replaced whole."""
    folder.mkdir(parents=True, exist_ok=True)
    record = {
        "fitter": fitter.name,
        "seed": seed,
        "fold": fold.index,
        "test_reports": sorted(fold.test_reports),
        "train": _digest(lq.key for lq in fold.train),
        "context": fit_context(),
        "fitted": state_digest(fitted),
        "state": fitted,
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True)
    path = _fitted_path(folder, fold)
    partial = path.with_suffix(".json.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def load_fitted(folder: Path, fold: Fold, fitter: Fitter) -> Any:
    """The state a run with ``--fitted-out`` saved for ``fold``. Answering a change's
    held-out folds with the states fitted before the change measures what the change does
    to the answers alone: a refit on the rows the change moved also shifts answers it never
    touched (eval/README.md, "Cross-validation"). Refused unless the state was fitted by the
    same fitter on exactly this fold's training questions (so it never saw a test question)
    and the glossary tables and candidate features it was fitted with are the code's: a
    change to those is measured with a refit."""
    path = _fitted_path(folder, fold)
    again = (
        "chạy lại với --fitted-out, cùng --seed, --sets và --fitter / run again with "
        "--fitted-out, the same --seed, --sets and --fitter"
    )
    if not path.is_file():
        raise InputError(f"{path}: không có / missing", again)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: không đọc được / unreadable ({exc})", again) from None
    if not isinstance(record, dict):
        raise InputError(f"{path}: không phải trạng thái đã lưu / not a saved state", again)
    if record.get("fitter") != fitter.name:
        raise InputError(f"{path}: fitter {record.get('fitter')!r}, not {fitter.name!r}", again)
    if sorted(fold.test_reports) != record.get("test_reports"):
        raise InputError(f"{path}: giữ riêng báo cáo khác / holds out other reports", again)
    if _digest(lq.key for lq in fold.train) != record.get("train"):
        raise InputError(f"{path}: học từ câu hỏi khác / fitted on other questions", again)
    context = fit_context()
    changed = sorted(k for k, v in context.items() if (record.get("context") or {}).get(k) != v)
    if changed:
        raise InputError(
            f"{path}: mã đã đổi {', '.join(changed)} / the code's {', '.join(changed)} changed "
            "since the state was fitted",
            "đo thay đổi này bằng kiểm định chéo có khớp lại (bỏ --fitted-in) / measure this "
            "change with a refit (without --fitted-in)",
        )
    state = record.get("state")
    if state_digest(state) != record.get("fitted"):
        raise InputError(f"{path}: nội dung bị sửa / altered (digest differs)", again)
    return state


def cross_validate(
    pipeline: PipelineLike,
    questions: Sequence[Labelled],
    report_texts: Mapping[str, str],
    fitter: Fitter,
    k: int = 5,
    seed: int = 0,
    *,
    retrieval_only: bool = False,
    progress: bool = True,
    fitted_out: Path | None = None,
    fitted_in: Path | None = None,
) -> CVResult:
    """Fit on K-1 folds, answer the held-out fold, for every fold; rows in question order.

    Each row carries ``fold``; ``folds`` says which reports each fold held out, how many
    questions trained and tested it, and the digest of what was fitted. ``fitted_out``
    saves each fold's fitted state; ``fitted_in`` answers with saved states instead of
    fitting (:func:`load_fitted`).
    """
    from tqdm import tqdm

    folds = make_folds(questions, report_texts, k, seed)
    base = Memo(pipeline)
    answered: dict[str, dict[str, Any]] = {}
    info: list[dict[str, Any]] = []
    bar = tqdm(total=len(questions), desc=f"cv {k}", unit="q", disable=not progress)
    # Every saved state is checked before any fold is answered: a refusal costs no run.
    held = {f.index: load_fitted(fitted_in, f, fitter) for f in folds} if fitted_in else {}
    for fold in folds:
        if fitted_in is not None:
            fitted = held[fold.index]
        else:
            bar.set_postfix_str(f"fold {fold.index + 1}/{k}: fit")
            fitted = fitter.fit(base, [lq.question for lq in fold.train], fold.train_reports)
        if fitted_out is not None:
            save_fitted(fitted_out, fold, fitter, seed, fitted)
        digest = state_digest(fitted)
        bar.set_postfix_str(f"fold {fold.index + 1}/{k}")
        applied = fitter.apply(base, fitted)
        answering = base if applied is base else Memo(applied, digest)
        for lq in fold.test:
            row = evaluate_question(
                answering, lq.question, report_texts, retrieval_only, set_name=lq.set
            )
            row["fold"] = fold.index
            answered[lq.key] = row
            bar.update(1)
        info.append(
            {
                "fold": fold.index,
                "test_reports": sorted(fold.test_reports),
                "test_questions": len(fold.test),
                "train_questions": len(fold.train),
                "fitted": digest,
            }
        )
    bar.close()
    use_vocabulary(frozenset())
    return CVResult([answered[lq.key] for lq in questions], info)


__all__ = [
    "DEFAULT_FITTER",
    "FITTERS",
    "RETRIEVAL_DEPTH",
    "CVResult",
    "Chain",
    "Fitter",
    "Fold",
    "Labelled",
    "Memo",
    "RulesFitter",
    "VocabularyFitter",
    "cross_validate",
    "fit_context",
    "load_fitted",
    "make_fitter",
    "make_folds",
    "save_fitted",
]
