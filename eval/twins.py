"""English questions and their Vietnamese twins: which inputs of the learned scorer an
English question loses on the same right answer.

A twin is a Vietnamese question (with or without diacritics) of the scorer's training sets
(``eval.fit.TRAIN_SETS``; never a blind set) over the same fact as an English one: same
type, evidence in the same report on overlapping characters, and an alias in common
(figures compared by their digits, "7.114" and "7,114" alike). For each pair the right
candidate the shipped model ranks first is described in both languages (``eval.fit``'s
rows, as ``ask`` sees them); each feature's share of the gap is its weight times the
difference (English minus Vietnamese). The table sums them over the pairs and counts the
pairs losing more than ``LOSS`` on each, so a feature that loses on many pairs says which
reading of English is short, not which question.

Cách dùng / usage::

    python -m eval.twins            # the table, and one line per pair with --pairs
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from eval.gold import GoldQuestion
from eval.metrics import EvidenceSpan

# A feature "loses" on a pair when the right candidate's weighted value is this much lower
# in English than in Vietnamese (the model's raw score, log-odds).
LOSS = 0.1
_DIGITS = re.compile(r"\d[\d.,]*")


def _figures(aliases: Sequence[str]) -> set[str]:
    return {re.sub(r"\D", "", m) for a in aliases for m in _DIGITS.findall(a)}


class Fact(NamedTuple):
    """What a question asks, as far as telling two questions of one fact apart needs: its
    type, gold aliases and evidence spans."""

    type: str
    aliases: Sequence[str]
    spans: Sequence[EvidenceSpan]


def facts_agree(a: Fact, b: Fact) -> bool:
    """Whether two questions ask the same fact: same type, overlapping evidence in one
    report, an alias in common (by its digits when it has any)."""
    if a.type != b.type:
        return False
    overlap = any(
        x.report == y.report and x.char_start < y.char_end and y.char_start < x.char_end
        for x in a.spans
        for y in b.spans
    )
    if not overlap:
        return False
    figures = _figures(a.aliases)
    if figures:
        return bool(figures & _figures(b.aliases))
    return bool({x.lower() for x in a.aliases} & {y.lower() for y in b.aliases})


def same_fact(
    en: GoldQuestion,
    vi: GoldQuestion,
    en_spans: Sequence[EvidenceSpan],
    vi_spans: Sequence[EvidenceSpan],
) -> bool:
    """Whether two gold questions ask the same fact (:func:`facts_agree`).

    >>> def q(lang: str, alias: str) -> GoldQuestion:
    ...     return GoldQuestion.from_dict({"id": lang, "question": "?", "language": lang,
    ...         "provinces": [], "reports": ["r.txt"], "answer": alias, "aliases": [alias],
    ...         "evidence": ["x"], "type": "number", "difficulty": "easy"})
    >>> span = [EvidenceSpan("r.txt", 10, 40, 3, 3, "x")]
    >>> same_fact(q("en", "7,114 cases"), q("vi", "7.114 trường hợp"), span, span)
    True
    >>> same_fact(q("en", "7,114 cases"), q("vi", "647 ca"), span, span)
    False
    """
    return facts_agree(Fact(en.type, en.aliases, en_spans), Fact(vi.type, vi.aliases, vi_spans))


def pairs(
    questions: Sequence[GoldQuestion], texts: Mapping[str, str]
) -> list[tuple[GoldQuestion, GoldQuestion]]:
    """Each answerable English question with its first Vietnamese twin, if it has one."""
    from eval.gold import evidence_spans

    spans = {q.id: evidence_spans(q, texts) for q in questions if q.answerable}
    vietnamese = [q for q in questions if q.answerable and q.language != "en"]
    out = []
    for en in questions:
        if en.language != "en" or not en.answerable:
            continue
        twin = next(
            (vi for vi in vietnamese if same_fact(en, vi, spans[en.id], spans[vi.id])), None
        )
        if twin is not None:
            out.append((en, twin))
    return out


@dataclass(frozen=True)
class Side:
    """The right candidate the model ranks first, in one language: its rank among all the
    question's candidates (None: no right candidate), raw score and features by name."""

    rank: int | None
    raw: float
    features: Mapping[str, float]


def side(rows: Any, model: Mapping[str, Any], names: Sequence[str] | None = None) -> Side:
    """:class:`Side` of one question's rows (``eval.fit.QuestionRows``, features in ``names``
    order: by default ``qa.candidates.FEATURES``, as ``eval.fit.describe`` writes them)."""
    from qa.candidates import FEATURES
    from qa.scorer import Scorer

    names = FEATURES if names is None else names
    if not rows.x or not any(rows.y):
        return Side(None, 0.0, {})
    from eval.fit import raw_scores

    raw = raw_scores(Scorer(model), rows, names)
    right = max((i for i, y in enumerate(rows.y) if y), key=raw.__getitem__)
    rank = 1 + sum(r > raw[right] for r in raw)
    return Side(rank, raw[right], dict(zip(names, rows.x[right], strict=True)))


def gaps(en: Side, vi: Side, weights: Mapping[str, float]) -> dict[str, float]:
    """Each feature's share of the raw score's gap: weight x (English - Vietnamese).

    >>> gaps(Side(1, 0.0, {"coverage": 0.6}), Side(1, 1.0, {"coverage": 0.9}), {"coverage": 2.0})
    {'coverage': -0.6}
    """
    return {
        name: round(w * (en.features.get(name, 0.0) - vi.features.get(name, 0.0)), 6)
        for name, w in weights.items()
    }


def table(all_gaps: Sequence[Mapping[str, float]], top: int = 15) -> str:
    """The features that lose most over the pairs: the sum of their gaps and how many pairs
    lose more than ``LOSS`` on them, largest loss first.

    >>> print(table([{"coverage": -0.6, "dense": 0.2}, {"coverage": -0.3, "dense": -0.2}]))
    feature                 sum of gaps  pairs losing
    coverage                      -0.90             2
    dense                          0.00             1
    """
    names = sorted({n for g in all_gaps for n in g})
    sums = {n: sum(g.get(n, 0.0) for g in all_gaps) for n in names}
    losing = {n: sum(g.get(n, 0.0) < -LOSS for g in all_gaps) for n in names}
    order = sorted(names, key=lambda n: (sums[n], -losing[n]))[:top]
    lines = [f"{'feature':22s} {'sum of gaps':>12s} {'pairs losing':>13s}"]
    lines += [f"{n:22s} {sums[n]:12.2f} {losing[n]:13d}" for n in order]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.twins", description=__doc__)
    parser.add_argument("--top", type=int, default=15, help="features shown")
    parser.add_argument("--pairs", action="store_true", help="one line per pair too")
    args = parser.parse_args(argv)

    import json

    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.fit import TRAIN_SETS, describe
    from eval.gold import load_gold
    from eval.sets import EVAL_DIR
    from hoidap.config import load_config
    from qa.pipeline import Pipeline
    from qa.scorer import MODEL_PATH

    config = load_config()
    texts = report_texts(config)
    genres = report_genres(config)
    questions = [q for name, _ in TRAIN_SETS for q in load_gold(EVAL_DIR / name, texts, genres)]
    pipeline = Pipeline.from_config(build_eval_index(config, progress=False))
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    weights = dict(zip(model["features"], model["weights"], strict=True))
    found = pairs(questions, texts)
    all_gaps = []
    for en, vi in found:
        a = side(describe(pipeline, en, texts), model)
        b = side(describe(pipeline, vi, texts), model)
        if a.rank is None or b.rank is None:
            if args.pairs:
                print(f"{en.id} / {vi.id}: no right candidate (en {a.rank}, vi {b.rank})")
            continue
        g = gaps(a, b, weights)
        all_gaps.append(g)
        if args.pairs:
            worst = sorted(g.items(), key=lambda kv: kv[1])[:3]
            said = ", ".join(f"{n} {v:+.2f}" for n, v in worst if v < -LOSS)
            print(
                f"{en.id} / {vi.id}: rank {a.rank} / {b.rank}, "
                f"raw {a.raw:.2f} / {b.raw:.2f}; {said}"
            )
    print(f"{len(found)} pairs, {len(all_gaps)} with a right candidate in both languages")
    print(table(all_gaps, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
