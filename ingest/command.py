"""``hoidap ingest PATH... [--out DIR]``: read reports, print a summary, write the corpus."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hoidap.config import Config

DEFAULT_OUT = Path("data/corpus")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="tệp hoặc thư mục báo cáo / report files or folders (.md, .txt, .pdf, .docx, "
        ".html, scans)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"thư mục ghi kết quả / corpus folder (default: {DEFAULT_OUT} under the hoidap home)",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    """Exit 0 when at least one file was ingested, 1 when all failed."""
    from ingest.pipeline import ingest_paths, write_corpus

    started = time.perf_counter()
    result = ingest_paths(args.paths, config, progress=sys.stderr.isatty())
    for error in result.errors:
        print(f"hoidap ingest: lỗi / error: {error}", file=sys.stderr)
    for warning in result.warnings:
        print(f"hoidap ingest: cảnh báo / warning: {warning}", file=sys.stderr)
    if not result.reports:
        print("hoidap ingest: không đọc được tệp nào / no report ingested", file=sys.stderr)
        return 1
    out = config.path(args.out) if args.out else config.path(DEFAULT_OUT)
    write_corpus(result, out)
    sections = sum(len(r.sections) for r in result.reports)
    print(
        f"{len(result.reports)} báo cáo / reports, {sections} mục / sections, "
        f"{len(result.chunks)} đoạn / chunks -> {out} ({time.perf_counter() - started:.1f} s)"
    )
    for r in result.reports:
        n = sum(1 for c in result.chunks if c.report_id == r.report_id)
        kind = " ".join(part for part in (r.kind, r.number) if part)
        print(
            f"  {r.source}: {r.province or '?'} · {kind or '?'} · {len(r.sections)} mục / "
            f"sections · {n} đoạn / chunks"
        )
    if result.errors:
        print(f"  {len(result.errors)} tệp bị bỏ qua / files skipped (xem trên / see above)")
    if result.warnings:
        print(
            f"  {len(result.warnings)} tệp có trang chưa đọc được / files with pages not read "
            "(xem trên / see above)"
        )
    return 0
