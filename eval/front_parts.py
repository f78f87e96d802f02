"""Which part of its document the scorer's first candidate and the first right one are in:
``python -m eval.front_parts``.

A plan's preamble ("Thực hiện Chỉ thị số …", "Căn cứ …") repeats the document's subject and
outranks the body's sentence for some questions about what the plan does; a decision's
letterhead date outranks its effective date. This counts, for the scorer's training
questions (``eval.fit.TRAIN_SETS``; the blind sets ``blind_g`` to ``blind_u`` are
never read) and the shipped model (in-sample, so an upper view), the questions whose first
candidate is not right while a right one exists, by the part (``ingest.layout.read_parts``)
of the first and of the best right candidate's line, and by whether the question asks
about a document itself ("ai ký", "căn cứ", "chỉ thị nào", "which decree"). eval/README.md,
"Các phần của văn bản", reads its output.

Usage::

    python -m eval.front_parts            # the table
    python -m eval.front_parts --list     # and each miss whose two parts differ
"""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from hoidap.text import fold

BLIND = frozenset(
    {
        "blind_g",
        "blind_h",
        "blind_i",
        "blind_j",
        "blind_k",
        "blind_l",
        "blind_m",
        "blind_n",
        "blind_o",
        "blind_p",
        "blind_q",
        "blind_r",
        "blind_s",
        "blind_t",
        "blind_u",
    }
)


def asks_document(question: str) -> bool:
    """Whether a question asks about a document itself or which document: the product's
    own reading (``qa.document.asks_document``), so the counts are of what ships.

    >>> asks_document("Kế hoạch 7360 thực hiện chỉ thị nào?")
    True
    >>> asks_document("Đợt 01 của phong trào diễn ra từ ngày nào?")
    False
    """
    from qa.document import asks_document as reads

    return reads(fold(question).lower())


def group(part: str) -> str:
    """ "front" for the letterhead, title and preamble, else the part itself."""
    from qa.document_parts import FRONT

    return "front" if part in FRONT else part


def collect() -> list[dict[str, Any]]:
    """One record per training question with candidates: its first and best right
    candidate's part and whether the first is right."""
    import json

    from eval.corpus_index import build_eval_index, report_genres, report_texts
    from eval.fit import HERE, TRAIN_SETS, describe, raw_scores
    from eval.gold import load_gold
    from hoidap.config import load_config
    from ingest.layout import read_parts
    from qa.candidates import FEATURES, candidates
    from qa.pipeline import Pipeline
    from qa.scorer import MODEL_PATH, Scorer

    config = load_config()
    texts = report_texts(config)
    genres = report_genres(config)
    pipeline = Pipeline.from_config(build_eval_index(config, progress=False))
    scorer = Scorer(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    parts = {source: read_parts(text.split("\n")) for source, text in texts.items()}

    out: list[dict[str, Any]] = []
    for name, _folder in TRAIN_SETS:
        if name.removesuffix(".jsonl") in BLIND or not (HERE / name).is_file():
            continue
        for q in load_gold(HERE / name, texts, genres):
            if q.type == "comparison":
                continue
            rows = describe(pipeline, q, texts)
            if not rows.x:
                continue
            query, ranked = pipeline.ranked(q.question)
            sentences = [c.scored.sentence for c in candidates(query, ranked)]
            raw = raw_scores(scorer, rows, FEATURES)

            def part(i: int, sentences: list[Any] = sentences) -> str:
                s = sentences[i]
                lines = parts.get(s.chunk.source, ())
                return lines[s.line - 1] if 0 < s.line <= len(lines) else "body"

            first = max(range(len(raw)), key=raw.__getitem__)
            rights = [i for i, y in enumerate(rows.y) if y]
            best = max(rights, key=raw.__getitem__) if rights else None
            out.append(
                {
                    "id": q.id,
                    "genre": q.genre or "",
                    "question": q.question,
                    "about_document": asks_document(q.question),
                    "first_right": bool(rows.y[first]),
                    "first_part": part(first),
                    "right_part": part(best) if best is not None else "",
                    "first_quote": sentences[first].quote,
                    "right_quote": sentences[best].quote if best is not None else "",
                }
            )
    return out


def table(records: list[dict[str, Any]]) -> str:
    """Ranking misses by question (about a document or not) and the two parts' groups, and
    the questions answered right from each group."""
    misses: Counter[tuple[str, str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for r in records:
        asks = "document" if r["about_document"] else "content"
        if r["first_right"]:
            right[(asks, group(r["first_part"]))] += 1
        elif r["right_part"]:
            misses[(asks, group(r["first_part"]), group(r["right_part"]))] += 1
    lines = ["ranking misses (question, first candidate's part, best right one's part):"]
    lines += [f"  {a:8s} {f:12s} -> {g:12s} {n:4d}" for (a, f, g), n in sorted(misses.items())]
    lines.append("right first (question, part):")
    lines += [f"  {a:8s} {p:12s} {n:4d}" for (a, p), n in sorted(right.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.front_parts", description=__doc__)
    parser.add_argument("--list", action="store_true", help="each miss whose parts differ")
    args = parser.parse_args(argv)
    records = collect()
    print(table(records))
    if args.list:
        for r in records:
            if r["first_right"] or not r["right_part"]:
                continue
            if group(r["first_part"]) == group(r["right_part"]):
                continue
            print(
                f"{r['id']} [{r['genre']}] {r['first_part']} -> {r['right_part']}: "
                f"{r['question'][:70]} | {r['first_quote'][:60]} | {r['right_quote'][:60]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
