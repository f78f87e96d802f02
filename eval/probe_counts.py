"""How the counted enumerations do on the count probes (``eval/probes/counts_*.jsonl``).

The probes are questions written over ``eval/corpus/dev`` to test ``qa/enumerations.py``
("bao nhiêu / mấy <thing>" answered by counting a document's list), not frozen evaluation
sets: each line has ``id``, ``question``, ``expected`` (the count as digits, "" when the
document does not say), ``kind`` ("count", "figure" or "trap") and ``where``. An answer is
the count path's when the document path answers with its ``items`` field and asserts; it is
judged on its lead's first number. Per probe file the command prints count questions right /
wrong / refused, figure questions the count took over, and traps answered with a count
(eval/README.md, "How many questions a document answers only by listing").

Usage::

    python -m eval.probe_counts             # every probe file, over the evaluation index
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROBES = Path(__file__).resolve().parent / "probes"


def verdict(row: Mapping[str, Any], counted: bool, abstained: bool, text: str) -> str:
    """What the count path did with one probe: "right", "wrong", "refused" (it counted but
    was not sure), or "none" (it did not count).

    >>> verdict({"expected": "5"}, True, False, "5 nguồn vốn — …")
    'right'
    >>> verdict({"expected": ""}, True, False, "2 nhiệm vụ — …"), verdict({}, False, True, "")
    ('wrong', 'none')
    """
    if not counted:
        return "none"
    if abstained:
        return "refused"
    got = re.match(r"\s*(\d+)", text)
    want = re.match(r"\D*?(\d+)", str(row.get("expected") or ""))
    return "right" if got and want and int(got[1]) == int(want[1]) else "wrong"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.probe_counts", description=__doc__)
    parser.parse_args(argv)
    from eval.corpus_index import build_eval_index
    from hoidap.config import load_config
    from qa.pipeline import Pipeline

    pipeline = Pipeline.from_config(build_eval_index(load_config()))
    for path in sorted(PROBES.glob("counts_*.jsonl")):
        tally: Counter[tuple[str, str]] = Counter()
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            outcome = pipeline.document_outcome(row["question"])
            counted = bool(outcome and outcome["fields"] == ["items"] and outcome["text"])
            answer = pipeline.ask(row["question"])
            tally[row["kind"], verdict(row, counted, answer.abstained, answer.text)] += 1
        counts = "/".join(str(tally["count", v]) for v in ("right", "wrong", "refused"))
        taken = tally["figure", "right"] + tally["figure", "wrong"]
        traps = tally["trap", "right"] + tally["trap", "wrong"]
        print(
            f"{path.name}: count questions right/wrong/refused by the count {counts} "
            f"(of {sum(v for (k, _), v in tally.items() if k == 'count')}); figure questions "
            f"taken over {taken}; traps answered with a count {traps} "
            f"(right {tally['trap', 'right']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
