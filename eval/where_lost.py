"""Where held-out answers are lost, by language: retrieval, candidates, ranking, abstention
or the lead's form, under the same report-level folds as ``hoidap eval --cv``.

For each fold, everything is fitted on the other folds (the default fitter chain, as
``hoidap eval --cv``), then each held-out number, date and entity question is put in the
first group that explains its strict lead:

- ``right``: the answer's lead is the gold's first alias (``eval.metrics.strict_lead``);
- ``lead form``: the model's first candidate is right and was asserted, yet the answer's
  lead does not match (an English lead the scorer cannot read, say);
- ``abstention``: the first candidate is right, hoidap did not assert it;
- ``ranking``: a right candidate exists (labelled as ``hoidap eval --fit`` labels
  them), the fold's model put another first;
- ``no candidate``: the evidence is in the top 5 hits but no candidate is right;
- ``retrieval``: the evidence is not in the top 5 hits and no candidate is right.

Usage::

    python -m eval.where_lost --out runs/where-lost.jsonl   # one line per question
    python -m eval.where_lost --sets eval/*.jsonl --detail gold heldout --out runs/wl.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

GROUPS = ("right", "lead form", "abstention", "ranking", "no candidate", "retrieval")
TYPES = ("number", "date", "entity")
TOP = 5
READ = 10  # the passages an answer reads (``qa.answer.Answerer.max_hits``)


def group_of(row: Mapping[str, Any]) -> str:
    """The group of one question's record (see the module docstring).

    >>> group_of({"strict": 0.0, "first_right": True, "asserted": False,
    ...           "reachable": True, "rank": 1})
    'abstention'
    """
    if row["strict"]:
        return "right"
    if row["first_right"]:
        return "lead form" if row["asserted"] else "abstention"
    if row["reachable"]:
        return "ranking"
    rank = row["rank"]
    return "no candidate" if rank is not None and rank <= TOP else "retrieval"


def table(rows: Sequence[Mapping[str, Any]]) -> str:
    """Counts per group and language, with each group's share of the language's questions."""
    languages = sorted({r["language"] for r in rows})
    counts = Counter((r["language"], group_of(r)) for r in rows)
    totals = Counter(r["language"] for r in rows)
    lines = [f"{'group':14s}" + "".join(f"{lang:>20s}" for lang in languages)]
    for group in GROUPS:
        cells = []
        for lang in languages:
            k, n = counts[(lang, group)], totals[lang]
            cells.append(f"{k:>8d} ({100 * k / n:5.1f}%)" if n else f"{'':>20s}")
        lines.append(f"{group:14s}" + "".join(f"{c:>20s}" for c in cells))
    lines.append(f"{'questions':14s}" + "".join(f"{totals[lang]:>20d}" for lang in languages))
    return "\n".join(lines)


def collect(
    k: int = 5,
    seed: int = 0,
    progress: bool = True,
    sets: Sequence[Path] | None = None,
    detail: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """One record per held-out number, date or entity question of ``sets`` (by default
    every set ``hoidap eval --cv`` reads). A question of the ranking group of a set named
    in ``detail`` (a file stem: only sets one may read, never a blind set held out from
    diagnosis) also records the model's first candidate and its best right one (lead,
    sentence, section, raw score): what one has to read to tell the two apart."""
    from tqdm import tqdm

    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.cv import DEFAULT_FITTER, Labelled, Memo, make_fitter, make_folds, use_vocabulary
    from eval.fit import describe, judged
    from eval.gold import evidence_spans, load_gold
    from eval.metrics import asked_figures, first_relevant_rank, strict_lead
    from eval.sets import default_cv_sets
    from hoidap.config import load_config
    from qa.candidates import FEATURES
    from qa.pipeline import Pipeline
    from qa.scorer import Scorer

    config = load_config()
    texts = report_texts(config)
    genres = report_genres(config)
    questions = [
        Labelled(p.stem, q)
        for p in (sets or default_cv_sets())
        for q in load_gold(p, texts, genres)
    ]
    fitter = make_fitter(DEFAULT_FITTER, texts)
    base = Memo(Pipeline.from_config(build_eval_index(config, progress=progress)))
    out: list[dict[str, Any]] = []
    bar = tqdm(total=len(questions), desc="where lost", unit="q", disable=not progress)
    for fold in make_folds(questions, texts, k, seed):
        fitted = fitter.fit(base, [lq.question for lq in fold.train], fold.train_reports)
        applied = fitter.apply(base, fitted)
        model = fitted["scorer"]
        scorer = Scorer(model)
        for lq in fold.test:
            bar.update(1)
            q = lq.question
            if q.type not in TYPES:
                continue
            spans = evidence_spans(q, texts)
            rank = first_relevant_rank(applied.retrieve(q.question, k=READ), spans)
            rows = describe(applied, q, texts)
            _features, first_right, _figure, confidence = judged(scorer, rows, FEATURES)
            answer = applied.ask(q.question, id=q.id)
            missed = (
                ranking_miss(applied, scorer, rows, q.question, spans)
                if lq.set in detail and not first_right
                else {}
            )
            out.append(
                {
                    "set": lq.set,
                    "id": q.id,
                    "language": q.language,
                    "type": q.type,
                    "genre": q.genre,
                    "fold": fold.index,
                    "rank": rank,
                    "reachable": any(rows.y),
                    "first_right": bool(first_right),
                    "confidence": round(confidence, 4),
                    "asserted": not answer.abstained,
                    # An abstention leads with nothing (its closest sentence is not asserted).
                    "strict": 0.0
                    if answer.abstained
                    else strict_lead(
                        q.aliases, answer.text, q.type, q.language, asked_figures(q.question)
                    )
                    or 0.0,
                    **missed,
                }
            )
    bar.close()
    use_vocabulary(frozenset())
    return out


def ranking_miss(
    pipeline: Any, scorer: Any, rows: Any, question: str, spans: Sequence[Any] = ()
) -> dict[str, Any]:
    """The first candidate by the fold's model and the best right one (if any), as text,
    and the leads of the candidates whose sentence is the evidence's."""
    from eval.fit import columns
    from eval.metrics import citation_matches
    from qa.answer import _cite
    from qa.candidates import FEATURES, candidates

    if not rows.x:
        return {"first": None, "right_candidate": None, "evidence_leads": []}
    own = scorer.for_kind(rows.kind)
    raw = own.raw(columns([rows], FEATURES, own.model["features"])[0].x)
    query, ranked = pipeline.ranked(question)
    cands = candidates(query, ranked)
    if len(cands) != len(raw):
        return {}
    first = max(range(len(raw)), key=raw.__getitem__)
    rights = [i for i, y in enumerate(rows.y) if y]
    right = max(rights, key=raw.__getitem__) if rights else None
    order = sorted(range(len(raw)), key=raw.__getitem__, reverse=True)

    def said(i: int) -> dict[str, Any]:
        c = cands[i]
        return {
            "lead": c.lead,
            "quote": c.scored.sentence.quote,
            "section": " > ".join(c.scored.sentence.chunk.section_path),
            "raw": round(raw[i], 3),
            "place": order.index(i) + 1,
            "same_sentence": c.scored.sentence is cands[first].scored.sentence,
        }

    evidence = [
        said(i) for i in order if citation_matches(_cite(1, cands[i].scored.sentence), spans)
    ]
    return {
        "first": said(first),
        "right_candidate": said(right) if right is not None else None,
        "evidence_leads": evidence[:6],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.where_lost", description=__doc__)
    parser.add_argument("--out", type=Path, help="write one JSON line per question")
    parser.add_argument("--table", type=Path, help="only print the table of a saved --out")
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--sets", type=Path, nargs="+", help="question sets (default: every set --cv reads)"
    )
    parser.add_argument(
        "--detail",
        nargs="+",
        default=[],
        help="set stems whose losses record their candidates (readable sets only)",
    )
    parser.add_argument(
        "--keep",
        nargs="+",
        help="set stems whose rows --out writes (default: all); the table counts every set",
    )
    args = parser.parse_args(argv)
    if args.table:
        lines = args.table.read_text(encoding="utf-8").splitlines()
        print(table([json.loads(line) for line in lines if line.strip()]))
        return 0
    rows = collect(
        args.cv,
        args.seed,
        progress=sys.stderr.isatty(),
        sets=args.sets,
        detail=frozenset(args.detail),
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            "".join(
                json.dumps(r, ensure_ascii=False) + "\n"
                for r in rows
                if not args.keep or r["set"] in args.keep
            ),
            encoding="utf-8",
        )
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
