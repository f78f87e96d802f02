"""Cùng một sự việc, hỏi bằng lời khác / the same fact asked in other words: is it answered alike?

An official who asks "Liệt kê các biện pháp …" and a colleague who asks "… những biện pháp nào
…" expect the same answer; hoidap answering one and refusing the other (or, worse, giving two
different figures) is a defect the per-question figures do not show. The gold sets ask many
facts more than once: in another language, without diacritics, or in other words in a later
set. This module groups a run's answerable questions by the fact they ask
(:func:`eval.twins.facts_agree`: same type, overlapping evidence, an alias in common) and
counts how often a group's questions get the same outcome: all right, all refused, all wrong.

The split groups are of two kinds that matter differently: right beside refused (hoidap knew,
but its confidence depends on the wording) and right beside wrong (two answers to one fact,
one of them wrong: the kind an official would notice).

Cách dùng / usage: part of every ``hoidap eval`` report (``summary.json`` key ``wording``,
section in ``report.md``); ``python -m eval.wording RUN_DIR`` prints it for an earlier run.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.metrics import EvidenceSpan, bootstrap_interval
from eval.twins import Fact, facts_agree

OUTCOMES = ("right", "refused", "wrong")


def outcome(row: Mapping[str, Any]) -> str:
    """What the official got: ``refused``, ``right`` or ``wrong`` (the asserted answer's
    precision verdict).

    >>> outcome({"abstained": True, "verdict": {"precision": None}})
    'refused'
    >>> outcome({"abstained": False, "verdict": {"precision": 0.0}})
    'wrong'
    """
    if row.get("abstained"):
        return "refused"
    return "right" if (row.get("verdict") or {}).get("precision") == 1.0 else "wrong"


def fact_of(row: Mapping[str, Any]) -> Fact:
    """The fact a result row asks, from its type, aliases and evidence (``results.jsonl``)."""
    spans = [
        EvidenceSpan(
            str(e["report"]), e["chars"][0], e["chars"][1], e["lines"][0], e["lines"][1], ""
        )
        for e in row.get("evidence") or ()
        if e.get("chars")
    ]
    return Fact(str(row.get("type", "")), tuple(row.get("aliases") or ()), spans)


def fact_groups(rows: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """The answerable questions grouped by the fact they ask (connected by
    :func:`facts_agree`), groups of two or more only, in the rows' order; rows of a run that
    asked nothing (``--retrieval-only``: no ``abstained``) have no outcome and are left out."""
    answerable = [
        r for r in rows if r.get("type") != "unanswerable" and r.get("aliases") and "abstained" in r
    ]
    facts = [fact_of(r) for r in answerable]
    parent = list(range(len(answerable)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Facts of different reports never agree: compare within a report only.
    by_report: dict[str, list[int]] = {}
    for i, fact in enumerate(facts):
        for report in {s.report for s in fact.spans}:
            by_report.setdefault(report, []).append(i)
    for members in by_report.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if root(a) != root(b) and facts_agree(facts[a], facts[b]):
                    parent[root(a)] = root(b)
    groups: dict[int, list[Mapping[str, Any]]] = {}
    for i, row in enumerate(answerable):
        groups.setdefault(root(i), []).append(row)
    return [g for g in groups.values() if len(g) > 1]


def consistency(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``summary.json``'s ``wording``: groups, questions in them, the share answered alike
    (with its 95% bootstrap interval over groups) and the two kinds of split.

    >>> ev = [{"report": "r", "chars": [0, 9], "lines": [1, 1]}]
    >>> row = lambda a, p: {"type": "number", "aliases": ["12"], "evidence": ev,
    ...                     "abstained": a, "verdict": {"precision": p}}
    >>> c = consistency([row(False, 1.0), row(True, None), row(False, 1.0), row(False, 1.0)])
    >>> c["groups"], c["questions"], c["alike"], c["right_refused"], c["right_wrong"]
    (1, 4, 0.0, 1, 0)
    """
    groups = fact_groups(rows)
    seen = [{outcome(r) for r in g} for g in groups]
    alike = [float(len(s) == 1) for s in seen]
    interval = bootstrap_interval(alike) or (None, None)
    return {
        "groups": len(groups),
        "questions": sum(len(g) for g in groups),
        "alike": sum(alike) / len(alike) if alike else None,
        "alike_lo": interval[0],
        "alike_hi": interval[1],
        "right_refused": sum(s == {"right", "refused"} for s in seen),
        "right_wrong": sum({"right", "wrong"} <= s for s in seen),
        "wrong_refused": sum(s == {"wrong", "refused"} for s in seen),
        "by_outcome": {o: sum(s == {o} for s in seen) for o in OUTCOMES},
    }


TITLE = "Cùng sự việc, lời hỏi khác / the same fact, other wording"


def section(wording: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]] | None:
    """The report's section on it: an introductory line and (label, value) rows; None when
    no fact is asked twice.

    >>> section({"groups": 0}) is None
    True
    """
    if not wording.get("groups"):
        return None
    lo, hi = wording.get("alike_lo"), wording.get("alike_hi")
    ci = f" ({lo * 100:.1f}–{hi * 100:.1f})" if lo is not None and hi is not None else ""
    same = wording.get("by_outcome", {})
    intro = (
        f"{wording['groups']} sự việc được hỏi từ hai lần trở lên ({wording['questions']} câu) / "
        f"{wording['groups']} facts asked two or more times ({wording['questions']} questions)."
    )
    return intro, [
        ("trả lời như nhau / answered alike", f"{wording['alike'] * 100:.1f}%{ci}"),
        ("đều đúng / all right", str(same.get("right", 0))),
        ("đều từ chối / all refused", str(same.get("refused", 0))),
        ("đều sai / all wrong", str(same.get("wrong", 0))),
        ("đúng và từ chối / right beside refused", str(wording["right_refused"])),
        ("đúng và sai / right beside wrong", str(wording["right_wrong"])),
        ("sai và từ chối / wrong beside refused", str(wording["wrong_refused"])),
    ]


def markdown_lines(wording: Mapping[str, Any]) -> list[str]:
    """report.md's section (nothing when no fact is asked twice)."""
    found = section(wording)
    if found is None:
        return []
    intro, rows = found
    return ["", f"## {TITLE}", "", intro, "", "| | n |", "|---|---:|"] + [
        f"| {label} | {value} |" for label, value in rows
    ]


def main(argv: list[str] | None = None) -> int:
    """Print the figure for an earlier run folder (its ``results.jsonl``)."""
    parser = argparse.ArgumentParser(prog="python -m eval.wording", description=__doc__)
    parser.add_argument("run", type=Path, help="a run folder of hoidap eval (results.jsonl)")
    args = parser.parse_args(argv)
    path = args.run / "results.jsonl"
    if not path.is_file():
        parser.error(
            f"không thấy / not found: {path} — hãy đưa thư mục do `hoidap eval --out` ghi / "
            "give a folder written by `hoidap eval --out`"
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    print(
        "\n".join(markdown_lines(consistency(rows))[3:])
        or "không có sự việc nào được hỏi hai lần / no fact asked twice"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
