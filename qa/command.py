"""``hoidap ask``: one question, or a JSON-lines batch with the models loaded once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hoidap.config import Config
from hoidap.errors import InputError
from hoidap.types import Answer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="câu hỏi / the question")
    parser.add_argument("--k", type=int, help="số đoạn trả về / passages to return (default 5)")
    parser.add_argument("--province", help="chỉ tìm trong tỉnh này / only this province")
    parser.add_argument(
        "--report", help="chỉ tìm trong báo cáo này (tên tệp) / only this report file"
    )
    parser.add_argument("--json", action="store_true", help="in JSON cho công cụ khác / print JSON")
    parser.add_argument(
        "--batch",
        type=Path,
        help='tệp JSONL, mỗi dòng {"id": ..., "question": ...} / JSON-lines batch',
    )


def render(answer: Answer) -> str:
    """Plain-text answer for a terminal: the answer, then each citation to check."""
    lines = [answer.text, ""]
    for c in answer.citations:
        lines.append(
            f"[{c.marker}] {c.report} · {c.province} · {c.section} · dòng/line {c.lines[0]}"
        )
        lines.append(f"    “{c.quote}”")
    if answer.abstained and answer.hits:
        lines.append("Các đoạn gần nhất / closest passages:")
        for h in answer.hits[:3]:
            lines.append(
                f"  - {h.chunk.source} · {h.chunk.breadcrumb} · dòng/lines "
                f"{h.chunk.line_start}-{h.chunk.line_end}"
            )
    return "\n".join(lines).rstrip()


def _read_batch(path: Path) -> list[dict[str, object]]:
    if not path.is_file():
        raise InputError(f"không thấy tệp / file not found: {path}")
    items: list[dict[str, object]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: không phải JSON / not JSON", str(exc)) from None
        if not isinstance(item, dict) or "question" not in item:
            raise InputError(
                f'{path}:{n}: cần {{"id": ..., "question": ...}} / needs a "question" field'
            )
        items.append(item)
    return items


def run(args: argparse.Namespace, config: Config) -> int:
    from qa.pipeline import Pipeline, ask_all

    if args.batch is None and args.question is None:
        raise InputError(
            "thiếu câu hỏi / no question", 'hoidap ask "Cà Mau đã tiêm bao nhiêu người?"'
        )
    items = _read_batch(args.batch) if args.batch else None
    pipeline = Pipeline.from_config(config)
    if items is not None:
        for answer in ask_all(pipeline, items, k=args.k):
            print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else render(answer))
            sys.stdout.flush()
        return 0
    answer = pipeline.ask(args.question, k=args.k, province=args.province, report=args.report)
    print(
        json.dumps(answer.to_json(), ensure_ascii=False, indent=None)
        if args.json
        else render(answer)
    )
    return 0
