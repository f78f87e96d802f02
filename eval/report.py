"""Write an eval run to disk: summary.json, results.jsonl, report.md and report.html.

The Markdown is for the repository and the terminal; the HTML is one self-contained file
(plots embedded as data URIs, every gold or system string escaped) that can be mailed to
the people who read these figures. Plots use matplotlib's Agg backend, so no display is
needed, and are also kept as PNG files beside the reports.
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval import wording as wording_section

# (summary key, label, kind): kind "rate" prints as a percentage, "ms" as milliseconds.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("hit1", "hit@1", "rate"),
    ("hit5", "hit@5", "rate"),
    ("rr10", "MRR@10", "score"),
    ("correct", "đúng / correct", "rate"),
    ("answer_accuracy", "số liệu đúng / answer acc.", "rate"),
    ("lead_accuracy", "đúng ở đầu câu / lead acc.", "rate"),
    ("strict_lead", "số đầu tiên đúng / strict lead", "rate"),
    ("first_lead", "ứng viên đầu đúng / first candidate", "rate"),
    ("precision", "độ chính xác khi trả lời / precision", "rate"),
    ("coverage", "độ phủ / coverage", "rate"),
    ("citation_correct", "trích dẫn đúng / citation", "rate"),
    ("abstention_accuracy", "từ chối đúng / abstention", "rate"),
    ("abstention_trap", "từ chối bẫy / trap abstention", "rate"),
    ("false_abstention", "từ chối sai / false abst.", "rate"),
    ("latency_ms_p50", "p50 ms", "ms"),
    ("latency_ms_p95", "p95 ms", "ms"),
)
RETRIEVAL_COLUMNS = ("hit1", "hit5", "rr10", "retrieve_ms_p50", "retrieve_ms_p95")
SECTIONS = (
    ("by_genre", "Theo loại văn bản / by genre"),
    ("by_type", "Theo loại câu hỏi / by type"),
    ("by_language", "Theo ngôn ngữ / by language"),
    ("by_set", "Theo bộ câu hỏi / by set"),
    ("by_answer_kind", "Theo loại đáp án / by answer kind"),
    ("by_trap", "Câu không có đáp án, theo bẫy / unanswerable, by trap"),
    ("by_difficulty", "Theo độ khó / by difficulty"),
    ("by_province", "Theo tỉnh / by province"),
)
# The figures an official reads first, in the headline table (``headline``).
HEADLINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("strict_lead", "strict lead"),
    ("precision", "precision"),
    ("coverage", "coverage"),
    ("abstention_accuracy", "abstention"),
    ("abstention_trap", "trap abst."),
    ("answer_accuracy", "answer acc."),
)
HEADLINE_SECTIONS = ("by_genre", "by_language", "by_type")
TEXT_LIMIT = 300


def fmt(value: Any, kind: str) -> str:
    """A metric for a table: "—" when it does not apply."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if kind == "rate":
        return f"{100 * float(value):.1f}%"
    if kind == "ms":
        return f"{float(value):.0f}"
    return f"{float(value):.3f}"


def fmt_ci(figs: Mapping[str, Any], key: str, kind: str = "rate") -> str:
    """A figure with its 95% bootstrap interval when it has one: "62.1% (58.0–66.3)"."""
    value = fmt(figs.get(key), kind)
    lo, hi = figs.get(f"{key}_lo"), figs.get(f"{key}_hi")
    if kind != "rate" or lo is None or hi is None or value == "—":
        return value
    return f"{value} ({100 * float(lo):.1f}–{100 * float(hi):.1f})"


def headline(summary: Mapping[str, Any], markdown: bool = False) -> str:
    """The headline figures with intervals: overall, per genre, language and type.

    Plain text for the terminal, or a Markdown table (``markdown``) for a README."""
    header = ["", "n", *(label for _k, label in HEADLINE_COLUMNS)]
    rows = [["all", summary.get("overall", {})]]
    for section in HEADLINE_SECTIONS:
        for group, figs in summary.get(section, {}).items():
            rows.append([f"{section[3:]}: {group}", figs])
    table = [header] + [
        [name, str(figs.get("n", 0)), *(fmt_ci(figs, k) for k, _l in HEADLINE_COLUMNS)]
        for name, figs in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in table[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in table
    )


def columns_for(summary: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The columns that have a value in this run (a retrieval-only run has no answers)."""
    if summary.get("meta", {}).get("retrieval_only"):
        extra = {
            "retrieve_ms_p50": ("retrieve_ms_p50", "p50 ms", "ms"),
            "retrieve_ms_p95": ("retrieve_ms_p95", "p95 ms", "ms"),
        }
        by_key = {c[0]: c for c in COLUMNS} | extra
        return [by_key[k] for k in RETRIEVAL_COLUMNS]
    return list(COLUMNS)


def failure_reason(row: Mapping[str, Any], retrieval_only: bool) -> str | None:
    """Why a question counts as failed, in words an official reads; None when it passed."""
    v = row["verdict"]
    if row.get("error"):
        return f"lỗi / error: {row['error']}"
    if retrieval_only:
        return (
            "bằng chứng không trong top 5 / evidence not in top 5" if v.get("hit5") == 0 else None
        )
    if row["type"] == "unanswerable":
        return (
            None
            if v.get("abstention_accuracy")
            else "trả lời câu không có trong báo cáo / answered"
        )
    if v.get("false_abstention"):
        return "từ chối sai / abstained although the reports answer it"
    if not v.get("answer_accuracy"):
        return "sai số liệu / wrong answer"
    if not v.get("citation_correct"):
        return "trích dẫn không chứa bằng chứng / citation misses the evidence"
    return None


def failures(rows: Sequence[Mapping[str, Any]], retrieval_only: bool) -> list[dict[str, Any]]:
    """The failed questions with what was expected and what came back."""
    out = []
    for row in rows:
        reason = failure_reason(row, retrieval_only)
        if reason is None:
            continue
        if retrieval_only:
            got = "; ".join(
                f"{h['report']}:{h['lines'][0]}-{h['lines'][1]}" for h in row["hits"][:5]
            )
        else:
            got = str(row.get("answer", ""))
        out.append(
            {
                "id": row["id"],
                "type": row["type"],
                "language": row["language"],
                "question": row["question"],
                "expected": row.get("expected") or "(không có trong báo cáo / not in the reports)",
                "got": got,
                "reason": reason,
                "rank": row["verdict"].get("rank"),
            }
        )
    return out


def _clip(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------- plots


def plot_accuracy_by_type(summary: Mapping[str, Any], path: Path) -> None:
    """Grouped bars per question type: answer, citation and retrieval (hit@5)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_type = summary.get("by_type", {})
    types = list(by_type)
    series = (
        [("hit1", "hit@1"), ("hit5", "hit@5")]
        if summary.get("meta", {}).get("retrieval_only")
        else [
            ("correct", "correct (abstention for unanswerable)"),
            ("lead_accuracy", "lead"),
            ("citation_correct", "citation"),
            ("hit5", "hit@5"),
        ]
    )
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / len(series)
    for i, (key, label) in enumerate(series):
        values = [100 * (by_type[t].get(key) or 0.0) for t in types]
        ax.bar([x + i * width for x in range(len(types))], values, width, label=label)
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(types))])
    ax.set_xticklabels(types, rotation=20)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title("Accuracy by question type")
    ax.legend(fontsize="small", loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def plot_latency(rows: Sequence[Mapping[str, Any]], path: Path, key: str) -> None:
    """Histogram of per-question latency, with p50 and p95 marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from eval.metrics import percentile

    values = [float(r["verdict"][key]) for r in rows if r["verdict"].get(key) is not None]
    fig, ax = plt.subplots(figsize=(8, 3.5))
    if values:
        ax.hist(values, bins=30, color="#4477aa")
        for q, style in ((50, "--"), (95, ":")):
            p = percentile(values, q)
            ax.axvline(p, color="black", linestyle=style, label=f"p{q} {p:.0f} ms")
        ax.legend()
    ax.set_xlabel("ms")
    ax.set_ylabel("questions")
    ax.set_title("Latency per question" if key == "latency_ms" else "Retrieval latency")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def risk_coverage(rows: Sequence[Mapping[str, Any]]) -> list[tuple[float, float]]:
    """(coverage, risk) points, answering the most confident answers first.

    Coverage is the share of all questions answered at a confidence threshold, risk the
    share of those answers that are wrong (``precision`` per question; an answer to an
    unanswerable question is wrong). Empty when no answer carries a confidence."""
    scored = [
        (float(r["confidence"]), float(r["verdict"]["precision"]))
        for r in rows
        if r.get("confidence") is not None and r["verdict"].get("precision") is not None
    ]
    if not scored or not rows:
        return []
    scored.sort(key=lambda x: -x[0])
    points, right = [], 0.0
    for i, (_conf, ok) in enumerate(scored, start=1):
        right += ok
        points.append((i / len(rows), 1.0 - right / i))
    return points


def plot_risk_coverage(points: Sequence[tuple[float, float]], path: Path) -> None:
    """Risk (wrong share of answers) against coverage (share of questions answered)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([100 * c for c, _r in points], [100 * r for _c, r in points], color="#aa3377")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, max(5.0, 100 * max(r for _c, r in points) * 1.1))
    ax.set_xlabel("coverage: questions answered (%)")
    ax.set_ylabel("risk: wrong answers (%)")
    ax.set_title("Risk–coverage (most confident answers first)")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


# ------------------------------------------------------------------------ documents


def markdown(
    summary: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], plots: Sequence[str]
) -> str:
    """report.md: the overall table, the breakdowns, the plots and the failures."""
    meta = summary.get("meta", {})
    retrieval_only = bool(meta.get("retrieval_only"))
    cols = columns_for(summary)
    lines = [f"# hoidap eval — {meta.get('name', '')}", ""]
    lines.append(_md(meta_line(meta)))
    lines += _cv_lines(meta)
    lines += ["", "## Tổng / overall", "", "| metric | value (95% CI) | n |", "|---|---:|---:|"]
    overall = summary.get("overall", {})
    for key, label, kind in cols:
        n = overall.get(f"n_{key}", overall.get("n", ""))
        lines.append(f"| {label} | {fmt_ci(overall, key, kind)} | {n} |")
    for section, title in SECTIONS:
        groups = summary.get(section, {})
        if not groups:
            continue
        lines += ["", f"## {title}", ""]
        lines.append("| | n | " + " | ".join(label for _k, label, _t in cols) + " |")
        lines.append("|---|---:|" + "---:|" * len(cols))
        for group, figs in groups.items():
            cells = " | ".join(fmt_ci(figs, k, kind) for k, _l, kind in cols)
            lines.append(f"| {_md(group)} | {figs.get('n', 0)} | {cells} |")
    lines += wording_section.markdown_lines(summary.get("wording", {}))
    if plots:
        lines += ["", "## Biểu đồ / plots", ""] + [f"![{p}]({p})" for p in plots]
    fails = failures(rows, retrieval_only)
    lines += ["", f"## Câu sai / failures ({len(fails)})", ""]
    for f in fails:
        lines += [
            f"### {f['id']} · {f['type']} · {f['language']} — {f['reason']}",
            "",
            f"- **Hỏi / question:** {_md(_clip(f['question']))}",
            f"- **Đúng / expected:** {_md(_clip(f['expected']))}",
            f"- **Nhận / got:** {_md(_clip(f['got']))}",
            f"- **Hạng bằng chứng / evidence rank:** {f['rank'] if f['rank'] else '—'}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def _cv_lines(meta: Mapping[str, Any]) -> list[str]:
    """For a cross-validated run: how it was split and what each fold held out."""
    cv = meta.get("cv")
    if not cv:
        return []
    lines = [
        "",
        f"Kiểm định chéo theo báo cáo / report-level cross-validation: {cv['k']} folds, "
        f"seed {cv['seed']}, fitter `{cv['fitter']}`, {cv['reports']} reports; figures pool "
        "the held-out folds.",
        "",
        "| fold | held-out reports | test q. | train q. | fitted |",
        "|---:|---|---:|---:|---|",
    ]
    for f in cv.get("folds", []):
        lines.append(
            f"| {f['fold']} | {_md(', '.join(f['test_reports']))} | {f['test_questions']} | "
            f"{f['train_questions']} | {f['fitted']} |"
        )
    return lines


def meta_line(meta: Mapping[str, Any]) -> str:
    """One line saying what was run: the figures mean nothing without it."""
    parts = [
        f"{meta.get('questions', 0)} câu hỏi / questions",
        f"gold {meta.get('gold', '')}",
        f"commit {meta.get('commit', '') or '?'}",
        f"encoder {meta.get('encoder', '')}",
    ]
    if meta.get("retrieval_only"):
        parts.append("chỉ truy hồi / retrieval only")
    parts.append(f"{float(meta.get('duration_s', 0.0)):.1f} s")
    return " · ".join(parts)


def _md(text: str) -> str:
    """Keep a table cell or list item intact: no pipes, no line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ")


CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.fail{border-left:4px solid #c33;padding:.25rem .75rem;margin:.75rem 0;background:#fdf5f5}
.fail p{margin:.2rem 0}
img{max-width:100%}
"""


def html_report(
    summary: Mapping[str, Any], rows: Sequence[Mapping[str, Any]], plots: Mapping[str, bytes]
) -> str:
    """report.html: the same content as report.md, self-contained and escaped."""
    e = html.escape
    meta = summary.get("meta", {})
    retrieval_only = bool(meta.get("retrieval_only"))
    cols = columns_for(summary)
    name = e(str(meta.get("name", "")))
    parts = [
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>",
        f"<title>hoidap eval — {name}</title><style>{CSS}</style></head><body>",
        f"<h1>hoidap eval — {name}</h1>",
        f"<p>{e(meta_line(meta))}</p>",
        *(f"<p>{e(line)}</p>" for line in _cv_lines(meta)[1:2]),
        "<h2>Tổng / overall</h2><table><tr><th>metric</th><th>value (95% CI)</th><th>n</th></tr>",
    ]
    overall = summary.get("overall", {})
    for key, label, kind in cols:
        n = overall.get(f"n_{key}", overall.get("n", ""))
        cells = "".join(f"<td>{e(str(x))}</td>" for x in (label, fmt_ci(overall, key, kind), n))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</table>")
    for section, title in SECTIONS:
        groups = summary.get(section, {})
        if not groups:
            continue
        parts.append(f"<h2>{e(title)}</h2><table><tr><th></th><th>n</th>")
        parts += [f"<th>{e(label)}</th>" for _k, label, _t in cols]
        parts.append("</tr>")
        for group, figs in groups.items():
            cells = "".join(f"<td>{e(fmt_ci(figs, k, kind))}</td>" for k, _l, kind in cols)
            parts.append(
                f"<tr><td>{e(str(group))}</td><td>{e(str(figs.get('n', 0)))}</td>{cells}</tr>"
            )
        parts.append("</table>")
    wording = wording_section.section(summary.get("wording", {}))
    if wording is not None:
        intro, figures = wording
        parts.append(f"<h2>{e(wording_section.TITLE)}</h2><p>{e(intro)}</p><table>")
        parts += [f"<tr><td>{e(label)}</td><td>{e(value)}</td></tr>" for label, value in figures]
        parts.append("</table>")
    if plots:
        parts.append("<h2>Biểu đồ / plots</h2>")
        for name, data in plots.items():
            b64 = base64.b64encode(data).decode("ascii")
            parts.append(f"<p><img alt='{e(name)}' src='data:image/png;base64,{b64}'></p>")
    fails = failures(rows, retrieval_only)
    parts.append(f"<h2>Câu sai / failures ({len(fails)})</h2>")
    for f in fails:
        parts.append(
            "<div class='fail'>"
            f"<p><b>{e(f['id'])}</b> · {e(f['type'])} · {e(f['language'])} — {e(f['reason'])}</p>"
            f"<p><b>Hỏi / question:</b> {e(_clip(f['question']))}</p>"
            f"<p><b>Đúng / expected:</b> {e(_clip(f['expected']))}</p>"
            f"<p><b>Nhận / got:</b> {e(_clip(f['got']))}</p>"
            f"<p><b>Hạng bằng chứng / evidence rank:</b> {e(str(f['rank'] or '—'))}</p>"
            "</div>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def write_run(
    out_dir: Path, summary: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]
) -> dict[str, Path]:
    """Write every file of a run into ``out_dir`` (created); returns them by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "summary": out_dir / "summary.json",
        "results": out_dir / "results.jsonl",
        "markdown": out_dir / "report.md",
        "html": out_dir / "report.html",
    }
    files["summary"].write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, default=_json_default) + "\n",
        encoding="utf-8",
    )
    files["results"].write_text(
        "".join(json.dumps(r, ensure_ascii=False, default=_json_default) + "\n" for r in rows),
        encoding="utf-8",
    )
    latency_key = "retrieve_ms" if summary.get("meta", {}).get("retrieval_only") else "latency_ms"
    plots = {
        "accuracy_by_type.png": out_dir / "accuracy_by_type.png",
        "latency.png": out_dir / "latency.png",
    }
    plot_accuracy_by_type(summary, plots["accuracy_by_type.png"])
    plot_latency(rows, plots["latency.png"], latency_key)
    points = risk_coverage(rows)
    if points:
        plots["risk_coverage.png"] = out_dir / "risk_coverage.png"
        plot_risk_coverage(points, plots["risk_coverage.png"])
    files |= {name: path for name, path in plots.items()}
    files["markdown"].write_text(markdown(summary, rows, list(plots)), encoding="utf-8")
    files["html"].write_text(
        html_report(summary, rows, {name: path.read_bytes() for name, path in plots.items()}),
        encoding="utf-8",
    )
    return files
