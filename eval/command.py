"""``hoidap eval``: run the gold set, compare two runs, or mine feedback for gold.

hoidap eval                               # full run -> runs/<timestamp>/
hoidap eval --retrieval-only --limit 50   # fast: retrieval metrics only
hoidap eval --compare runs/A runs/B       # metric deltas, B - A
hoidap eval --from-feedback data/feedback.jsonl --out candidates.jsonl
hoidap eval --cv 5                        # report-level cross-validation over every set
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from hoidap.config import Config
from hoidap.errors import InputError

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold.jsonl"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--gold", type=Path, default=DEFAULT_GOLD, help="bộ câu hỏi chuẩn / gold JSONL"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="thư mục kết quả (mặc định runs/<thời điểm>) / run folder (default runs/<timestamp>); "
        "với --from-feedback: tệp JSONL ứng viên / with --from-feedback: the candidates file",
    )
    parser.add_argument(
        "--retrieval-only",
        action="store_true",
        help="chỉ đo truy hồi (nhanh) / retrieval metrics only",
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        type=Path,
        metavar=("A", "B"),
        help="so sánh hai lần chạy / print metric deltas between two runs",
    )
    parser.add_argument(
        "--all", action="store_true", help="với --compare: in mọi dòng / with --compare: every row"
    )
    parser.add_argument(
        "--from-feedback",
        nargs="?",
        const="",
        metavar="FILE",
        help="chuyển góp ý thành câu hỏi ứng viên / feedback JSONL -> gold candidates "
        "(mặc định / default: feedback_path)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        help="chỉ N câu, rải đều / only N questions, evenly spread over the gold set",
    )
    parser.add_argument(
        "--cv",
        nargs="?",
        type=int,
        const=5,
        metavar="K",
        help="kiểm định chéo theo báo cáo, K phần (mặc định 5) / report-level cross-validation "
        "over the bundled reports + eval/corpus, K folds (default 5); see eval/README.md",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="với --cv: hạt chia phần / with --cv: fold seed"
    )
    parser.add_argument(
        "--fitter",
        default=None,
        help="với --cv: những gì được khớp theo từng phần / with --cv: what is fitted per fold "
        "(rules, vocabulary (default), or several joined by commas)",
    )
    parser.add_argument(
        "--sets",
        nargs="+",
        type=Path,
        metavar="JSONL",
        help="với --cv: các bộ câu hỏi / with --cv: question sets (default: every eval/*.jsonl "
        "but gold_a/gold_b)",
    )
    parser.add_argument(
        "--fitted-out",
        type=Path,
        metavar="DIR",
        help="với --cv: lưu những gì khớp được ở từng phần / with --cv: save each fold's "
        "fitted state in DIR",
    )
    parser.add_argument(
        "--fitted-in",
        type=Path,
        metavar="DIR",
        help="với --cv: trả lời bằng những gì đã khớp và lưu (--fitted-out), không khớp lại: "
        "đo riêng tác động của một thay đổi / with --cv: answer with the fold states saved "
        "by --fitted-out instead of refitting: a change's effect without the refit's noise",
    )
    parser.add_argument(
        "--fit",
        action="store_true",
        help="học lại bộ chấm điểm câu trả lời (qa/data/scorer.json) từ các bộ câu hỏi chuẩn / "
        "refit the answer scorer from the gold sets",
    )
    parser.add_argument(
        "--cached",
        action="store_true",
        help="với --fit: dùng đặc trưng đã lưu (eval/scorer_rows.jsonl.gz), không cần chỉ mục / "
        "with --fit: refit from the saved features, no index needed",
    )
    parser.add_argument(
        "--covid-only",
        action="store_true",
        help="với --fit: chỉ các bộ câu hỏi trên năm báo cáo COVID (để so sánh), chỉ in kiểm "
        "định chéo, không ghi gì / with --fit: only the sets over the five COVID reports (for "
        "comparison), print cross-validation only, write nothing",
    )
    parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")


# Options that only mean something beside another one: given alone they were ignored, so
# `hoidap eval --sets eval/blind_a.jsonl` scored the gold set as if it were blind_a.
COMPANIONS: tuple[tuple[str, str, str], ...] = (
    ("sets", "--sets", "--cv"),
    ("fitter", "--fitter", "--cv"),
    ("fitted_out", "--fitted-out", "--cv"),
    ("fitted_in", "--fitted-in", "--cv"),
    ("cached", "--cached", "--fit"),
    ("covid_only", "--covid-only", "--fit"),
    ("all", "--all", "--compare"),
)


def check_companions(args: argparse.Namespace) -> None:
    """InputError for an option given without the one it belongs to."""
    modes = {"--cv": args.cv is not None, "--fit": args.fit, "--compare": bool(args.compare)}
    for attr, option, mode in COMPANIONS:
        if getattr(args, attr, None) and not modes[mode]:
            hint = (
                "đánh giá một bộ câu hỏi: / to evaluate one question set: `hoidap eval --gold FILE`"
                if option == "--sets"
                else f"thêm / add {mode}"
            )
            raise InputError(f"{option} chỉ dùng với / only goes with {mode}", hint)


def run(args: argparse.Namespace, config: Config) -> int:
    check_companions(args)
    if args.compare:
        from eval.compare import compare_runs

        print(compare_runs(args.compare[0], args.compare[1], full=args.all))
        return 0
    if args.from_feedback is not None:
        return _from_feedback(args, config)
    if args.cv is not None:
        return _cross_validate(args, config)
    if args.fit:
        return _fit(args, config)
    return _evaluate(args, config)


def _fit(args: argparse.Namespace, config: Config) -> int:
    """Describe the gold questions' candidates (or read them back), fit, save, and print
    report-level cross-validated figures of the same fit."""
    from eval.fit import (
        collect,
        cross_validate,
        fit_scorer,
        format_summary,
        load_training,
        read_rows,
        risk_coverage,
        summary,
        write_model,
        write_rows,
    )

    if args.cached:
        names, rows = read_rows()
        if args.covid_only:
            bundled = {p.name for p in config.reports_path.iterdir()}
            rows = [r for r in rows if set(r.group.split("+")) <= bundled]
    else:
        from eval.fit import BUNDLED_SETS, TRAIN_SETS, corpus_pipeline
        from eval.gold import read_reports
        from qa.candidates import FEATURES

        sets = BUNDLED_SETS if args.covid_only else TRAIN_SETS
        rows = []
        for corpus, questions in load_training(config.reports_path, sets).items():
            pipeline = corpus_pipeline(config, corpus)
            texts = read_reports(corpus, {r for q in questions for r in q.reports})
            rows += collect(pipeline, questions, texts, progress=not args.no_progress)
        if not args.covid_only:
            write_rows(rows)
        names = list(FEATURES)
    model = fit_scorer(rows, names)
    path = Path("(not written)") if args.covid_only else write_model(model)
    fitted = model["fitted_on"]
    print(
        f"{fitted['questions']} câu / questions, {fitted['candidates']} ứng viên / candidates, "
        f"ngưỡng / threshold {model['threshold']:.3f} -> {path.name}"
    )
    print("kiểm định chéo theo báo cáo / report-level cross-validation (95% Wilson):")
    held_out = cross_validate(rows, names=names)
    print(format_summary(summary(held_out)))
    floors = {v["fold"]: v["threshold"] for v in held_out}
    print(
        "ngưỡng theo phần / threshold per fold: "
        + ", ".join(f"{floors[f]:.3f}" for f in sorted(floors))
    )
    print("rủi ro - độ phủ / risk-coverage (pooled held-out folds):")
    print(risk_coverage(held_out))
    return 0


def _from_feedback(args: argparse.Namespace, config: Config) -> int:
    from eval.feedback import convert, format_review, read_feedback, write_candidates
    from eval.gold import read_reports

    # ``--from-feedback`` alone reads the file the UI writes.
    path = Path(args.from_feedback) if args.from_feedback else config.feedback_file
    rows = read_feedback(path)
    candidates, review = convert(rows, read_reports(config.reports_path))
    out = args.out or Path("candidates.jsonl")
    write_candidates(candidates, out)
    print(f"{len(candidates)} câu ứng viên / candidates -> {out}")
    if review:
        print(format_review(review))
    return 0


def _evaluate(args: argparse.Namespace, config: Config) -> int:
    from eval.gold import load_gold, read_reports
    from eval.report import fmt, write_run
    from eval.run import evaluate, spread, summarise
    from qa.pipeline import Pipeline

    if args.limit is not None and args.limit < 1:
        raise InputError(f"--limit {args.limit}: cần số dương / must be positive")
    questions = load_gold(args.gold, config.reports_path)
    if args.limit:
        questions = spread(questions, args.limit)
    name = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or config.path(Path("runs") / name)
    pipeline = Pipeline.from_config(config)
    texts = read_reports(config.reports_path, {r for q in questions for r in q.reports})
    start = time.perf_counter()
    rows = evaluate(
        pipeline,
        questions,
        texts,
        retrieval_only=args.retrieval_only,
        progress=not args.no_progress and sys.stderr.isatty(),
    )
    meta = {
        "name": out.name,
        "gold": str(args.gold),
        "retrieval_only": args.retrieval_only,
        "encoder": config.encoder,
        "index_dir": str(config.index_path),
        "duration_s": time.perf_counter() - start,
    }
    summary = summarise(rows, meta)
    write_run(out, summary, rows)
    o = summary["overall"]
    figures = [
        f"hit@1 {fmt(o['hit1'], 'rate')}",
        f"hit@5 {fmt(o['hit5'], 'rate')}",
        f"MRR@10 {fmt(o['rr10'], 'score')}",
    ]
    if not args.retrieval_only:
        figures += [
            f"đúng/correct {fmt(o['answer_accuracy'], 'rate')}",
            f"trích dẫn/citation {fmt(o['citation_correct'], 'rate')}",
            f"từ chối đúng/abstention {fmt(o['abstention_accuracy'], 'rate')}",
            f"từ chối sai/false abstention {fmt(o['false_abstention'], 'rate')}",
            f"p50 {fmt(o['latency_ms_p50'], 'ms')} ms",
            f"p95 {fmt(o['latency_ms_p95'], 'ms')} ms",
        ]
    print(f"{len(rows)} câu / questions in {meta['duration_s']:.1f} s: " + " · ".join(figures))
    print(f"-> {out / 'report.md'}")
    return 0


def _cross_validate(args: argparse.Namespace, config: Config) -> int:
    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.cv import DEFAULT_FITTER, Labelled, cross_validate, make_fitter
    from eval.gold import load_gold
    from eval.report import headline, write_run
    from eval.run import summarise
    from eval.sets import default_cv_sets
    from qa.pipeline import Pipeline

    progress = not args.no_progress and sys.stderr.isatty()
    texts = report_texts(config)
    genres = report_genres(config)
    sets = args.sets or default_cv_sets()
    questions = [Labelled(path.stem, q) for path in sets for q in load_gold(path, texts, genres)]
    if args.limit:
        # Evenly spread, as for a plain run: every set and type stays in a quick run.
        questions = [questions[i] for i in _spread_positions(len(questions), args.limit)]
    fitter = make_fitter(args.fitter or DEFAULT_FITTER, texts)
    start = time.perf_counter()
    cfg = build_eval_index(config, progress=progress)
    index_s = time.perf_counter() - start
    pipeline = Pipeline.from_config(cfg)
    result = cross_validate(
        pipeline,
        questions,
        texts,
        fitter,
        k=args.cv,
        seed=args.seed,
        retrieval_only=args.retrieval_only,
        progress=progress,
        fitted_out=args.fitted_out,
        fitted_in=args.fitted_in,
    )
    name = dt.datetime.now().strftime("%Y%m%d-%H%M%S") + f"-cv{args.cv}"
    out = args.out or config.path(Path("runs") / name)
    meta = {
        "name": out.name,
        "gold": ", ".join(p.name for p in sets),
        "retrieval_only": args.retrieval_only,
        "encoder": config.encoder,
        "index_dir": str(cfg.index_path),
        "duration_s": time.perf_counter() - start,
        "index_s": index_s,
        "cv": {
            "k": args.cv,
            "seed": args.seed,
            "fitter": fitter.name,
            "fitted_in": str(args.fitted_in) if args.fitted_in else None,
            "reports": len(texts),
            "folds": result.folds,
        },
    }
    summary = summarise(result.rows, meta)
    write_run(out, summary, result.rows)
    print(
        f"{len(result.rows)} câu / questions, {len(texts)} báo cáo / reports, {args.cv} phần / "
        f"folds, fitter {fitter.name}, {meta['duration_s']:.1f} s"
    )
    print(headline(summary))
    print(f"-> {out / 'report.md'}")
    return 0


def _spread_positions(n: int, limit: int) -> list[int]:
    if limit >= n:
        return list(range(n))
    step = n / limit
    return [int(i * step) for i in range(limit)]
