"""The ``hoidap`` command: ingest, index, ask, serve, eval.

Start-up stays instant: each subcommand imports its stage (underthesea, faiss,
gradio, ...) only when it runs. User errors print one line and exit non-zero;
``-v`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hoidap import __version__
from hoidap.config import Config, load_config
from hoidap.errors import HoidapError

# Each subcommand lives next to its stage; the module exposes add_arguments(parser) and
# run(args, config) -> int. Listed here so `hoidap --help` needs none of them imported.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "ingest.command",
        "Đọc báo cáo, tách mục và đoạn / parse reports into sections and chunks",
    ),
    "index": ("index.command", "Xây chỉ mục BM25 + FAISS / build the BM25 + FAISS index"),
    "ask": ("qa.command", "Hỏi một câu / ask a question (--json for tools)"),
    "serve": ("ui.command", "Chạy giao diện chat và API / serve the chat UI and HTTP API"),
    "eval": ("eval.command", "Đánh giá trên bộ câu hỏi chuẩn / evaluate on the gold set"),
}


def _load(name: str) -> Any:
    return importlib.import_module(COMMANDS[name][0])


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hoidap",
        description="hoidap: hỏi đáp có trích dẫn trên báo cáo của tỉnh / "
        "cited question answering over provincial reports",
    )
    parser.add_argument("--version", action="version", version=f"hoidap {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks / hiện lỗi chi tiết"
    )
    parser.add_argument("--config", type=Path, help="hoidap.toml to read (default: ./hoidap.toml)")
    parser.add_argument("--index-dir", type=Path, help="index folder (default: data/index)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Only the chosen subcommand's module is imported, to fill in its own flags.
    chosen = next((a for a in argv if a in COMMANDS), None)
    for name, (_module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            _load(name).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    try:
        config: Config = load_config(args.config, index_dir=args.index_dir)
        code: int = _load(args.command).run(args, config)
        return code
    except HoidapError as exc:
        if args.verbose:
            traceback.print_exc()
        print(f"hoidap: lỗi / error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `hoidap ask ... | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("hoidap: đã dừng / interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
