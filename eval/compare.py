"""Compare two eval runs: did a change help or hurt, and where.

Only summary.json is read, so runs made on other machines or older commits compare as
long as they kept that file. Rates are shown in percentage points, latencies in ms.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eval.report import COLUMNS, SECTIONS
from hoidap.errors import InputError

KINDS = {key: kind for key, _label, kind in COLUMNS} | {
    "retrieve_ms_p50": "ms",
    "retrieve_ms_p95": "ms",
}
LABELS = {key: label for key, label, _kind in COLUMNS} | {
    "retrieve_ms_p50": "retrieve p50 ms",
    "retrieve_ms_p95": "retrieve p95 ms",
}


def load_summary(run: Path) -> dict[str, Any]:
    """summary.json of a run folder (or the file itself)."""
    path = run / "summary.json" if run.is_dir() else run
    if not path.is_file():
        raise InputError(
            f"không có summary.json trong / no summary.json in {run}",
            "đưa thư mục do `hoidap eval --out` ghi / pass a folder written by `hoidap eval --out`",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:  # a run cut short, a file edited by hand
        raise InputError(
            f"{path}: summary.json hỏng / not a readable summary.json ({str(exc)[:120]})",
            "chạy lại / rerun `hoidap eval --out`",
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path}: summary.json hỏng / not a readable summary.json (not a JSON object)",
            "chạy lại / rerun `hoidap eval --out`",
        )
    return data


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not (isinstance(value, float) and math.isnan(value)):
        return float(value)
    return None


def deltas(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per (section, group, metric) present in either run: value in A, in B, B - A.

    The overall section comes first; a group or metric missing in one run has None there.
    """
    rows: list[dict[str, Any]] = []
    sections: list[tuple[str, Mapping[str, Any], Mapping[str, Any]]] = [
        ("overall", {"all": a.get("overall", {})}, {"all": b.get("overall", {})})
    ]
    sections += [(name, a.get(name, {}), b.get(name, {})) for name, _title in SECTIONS]
    for section, groups_a, groups_b in sections:
        for group in list(groups_a) + [g for g in groups_b if g not in groups_a]:
            figs_a, figs_b = groups_a.get(group, {}), groups_b.get(group, {})
            for key in KINDS:
                va, vb = _number(figs_a.get(key)), _number(figs_b.get(key))
                if va is None and vb is None:
                    continue
                rows.append(
                    {
                        "section": section,
                        "group": group,
                        "metric": key,
                        "a": va,
                        "b": vb,
                        "delta": vb - va if va is not None and vb is not None else None,
                    }
                )
    return rows


def _cell(value: float | None, kind: str, delta: bool = False) -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return f"{100 * value:+.1f} pp" if delta else f"{100 * value:.1f}%"
    if kind == "ms":
        return f"{value:+.0f}" if delta else f"{value:.0f}"
    return f"{value:+.3f}" if delta else f"{value:.3f}"


WIDTHS = (14, 14, 28, 12, 12, 10)


def _line(cells: tuple[str, ...]) -> str:
    """Text cells padded to WIDTHS: the first three left-aligned, the figures right."""
    return " ".join(
        cell[:w].ljust(w) if i < 3 else cell[-w:].rjust(w)
        for i, (cell, w) in enumerate(zip(cells, WIDTHS, strict=True))
    )


def format_table(rows: list[dict[str, Any]], name_a: str, name_b: str, full: bool = False) -> str:
    """A plain-text table. Without ``full``: the overall section, then only the breakdown
    rows whose figure changed, leaving out per-group latencies (they always move a little)."""
    header = _line(("section", "group", "metric", name_a, name_b, "Δ (B-A)"))
    lines = [header, "-" * len(header)]
    for r in rows:
        kind = KINDS[r["metric"]]
        if not full and r["section"] != "overall" and (not r["delta"] or kind == "ms"):
            continue
        cells = (r["section"], str(r["group"]), LABELS[r["metric"]])
        figures = (_cell(r["a"], kind), _cell(r["b"], kind), _cell(r["delta"], kind, True))
        lines.append(_line(cells + figures))
    return "\n".join(lines)


def load_results(run: Path) -> dict[str, dict[str, Any]]:
    """The verdicts of a run's results.jsonl by question (set and id); empty without it."""
    path = (run if run.is_dir() else run.parent) / "results.jsonl"
    if not path.is_file():
        return {}
    out = {}
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        if line.strip():
            try:
                row = json.loads(line)
                out[f"{row.get('set', '')}:{row['id']}"] = row.get("verdict", {})
            except (ValueError, KeyError, TypeError, AttributeError):
                raise InputError(
                    f"{path}:{n}: dòng kết quả hỏng / not a result row",
                    "chạy lại / rerun `hoidap eval --out`",
                ) from None
    return out


PAIRED = ("strict_lead", "correct", "hit5")


def mcnemar(a: Mapping[str, Any], b: Mapping[str, Any], metric: str) -> dict[str, Any] | None:
    """Exact McNemar test of ``metric`` on the questions both runs judged with it.

    ``gained``: wrong in A, right in B; ``lost``: the other way; ``p``: two-sided exact
    binomial p-value of the discordant pairs (scipy). None when no question is shared.
    """
    from scipy.stats import binomtest

    pairs = [
        (a[k][metric], b[k][metric])
        for k in a.keys() & b.keys()
        if a[k].get(metric) is not None and b[k].get(metric) is not None
    ]
    if not pairs:
        return None
    lost = sum(1 for x, y in pairs if x >= 0.5 > y)
    gained = sum(1 for x, y in pairs if y >= 0.5 > x)
    p = binomtest(min(gained, lost), gained + lost, 0.5).pvalue if gained + lost else 1.0
    return {"metric": metric, "n": len(pairs), "gained": gained, "lost": lost, "p": float(p)}


def format_mcnemar(tests: list[dict[str, Any]]) -> str:
    lines = ["", "McNemar (cùng câu hỏi / paired on shared questions):"]
    for t in tests:
        verdict = "khác biệt có ý nghĩa / significant" if t["p"] < 0.05 else "có thể do ngẫu nhiên"
        lines.append(
            f"  {t['metric']:<12} n={t['n']:<4} B đúng thêm / gained {t['gained']:<3} "
            f"B sai thêm / lost {t['lost']:<3} p={t['p']:.3f}  {verdict}"
        )
    return "\n".join(lines)


def compare_runs(run_a: Path, run_b: Path, full: bool = False) -> str:
    """The table ``hoidap eval --compare A B`` prints, then a McNemar test per paired
    metric when both runs kept their results.jsonl."""
    rows = deltas(load_summary(run_a), load_summary(run_b))
    text = format_table(rows, run_a.name or str(run_a), run_b.name or str(run_b), full)
    a, b = load_results(run_a), load_results(run_b)
    tests = [t for m in PAIRED if (t := mcnemar(a, b, m)) is not None]
    return text + (format_mcnemar(tests) if tests else "")
