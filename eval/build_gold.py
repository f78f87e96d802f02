"""Merge the gold parts (gold_a.jsonl, gold_b.jsonl, ...) into eval/gold.jsonl.

Two people write gold questions in separate files so they never edit the same lines;
this script is the only writer of gold.jsonl. It validates every line against the
bundled reports first (evidence found verbatim in the NFC text, ids unique across the
parts) and writes nothing if any line is bad. Lines are sorted by id and keep all their
fields, including the RAGAS-style ``user_input`` / ``reference`` / ``reference_contexts``.

    python eval/build_gold.py                    # eval/gold_*.jsonl -> eval/gold.jsonl
    python eval/build_gold.py --check            # only validate; exit 1 if gold.jsonl is stale
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from eval.gold import GoldQuestion, load_gold, write_gold  # noqa: E402
from hoidap.errors import InputError  # noqa: E402

DEFAULT_PARTS = sorted(HERE.glob("gold_*.jsonl"))
DEFAULT_OUT = HERE / "gold.jsonl"
DEFAULT_REPORTS = HERE.parent / "data" / "reports"


def merge(parts: Sequence[Path], reports_dir: Path) -> list[GoldQuestion]:
    """All questions of all parts, validated, sorted by id; duplicate ids are an error."""
    questions: list[GoldQuestion] = []
    owner: dict[str, Path] = {}
    duplicates = []
    for part in parts:
        for q in load_gold(part, reports_dir):
            if q.id in owner:
                duplicates.append(f"{q.id} in {owner[q.id].name} and {part.name}")
            owner[q.id] = part
            questions.append(q)
    if duplicates:
        raise InputError(f"duplicate gold ids: {'; '.join(duplicates)}")
    return sorted(questions, key=lambda q: q.id)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", type=Path, default=DEFAULT_PARTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--check", action="store_true", help="validate; fail if --out is stale")
    args = parser.parse_args(argv)
    if not args.parts:
        print("build_gold: no gold_*.jsonl parts found", file=sys.stderr)
        return 1
    try:
        questions = merge(args.parts, args.reports)
    except InputError as exc:
        print(f"build_gold: {exc}", file=sys.stderr)
        return 1
    if args.check:
        current = [q.to_dict() for q in load_gold(args.out)] if args.out.is_file() else []
        if current != [q.to_dict() for q in questions]:
            print(
                f"build_gold: {args.out} is stale: run python eval/build_gold.py", file=sys.stderr
            )
            return 1
        print(f"build_gold: {args.out} is up to date ({len(questions)} questions)")
        return 0
    write_gold(questions, args.out)
    print(f"build_gold: {len(questions)} questions from {len(args.parts)} parts -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
