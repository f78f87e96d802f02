"""The ``hoidap`` command: ingest, index, ask, serve, eval.

Built on click: global options (``-v``, ``--config``, ``--index-dir``) are accepted before
or after the subcommand (``hoidap --index-dir idx ask --json "…"`` and ``hoidap ask
--index-dir idx "…"`` mean the same), and only the chosen subcommand's module is
imported, so ``hoidap --help`` stays instant. Each stage module keeps its own option
list as an ``add_arguments(parser)`` function (argparse, standard library) and a
``run(args, config)``; click hands it the words after the subcommand, so stages stay
free of any CLI framework and their options are parsed by one well-tested parser.

User errors, usage mistakes included, print one bilingual line and exit non-zero; ``-v``
shows the traceback. Warnings and log lines from libraries (pypdf, underthesea, Gradio)
are kept off the terminal unless ``-v``: a bad file is reported once, in our words.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import click

from hoidap import __version__
from hoidap.config import Config, load_config
from hoidap.errors import HoidapError, InputError

# Listed here so `hoidap --help` needs none of the stage modules imported.
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
HELP = (
    "hoidap: hỏi đáp có trích dẫn trên báo cáo của tỉnh / "
    "cited question answering over provincial reports"
)


class UsageError(HoidapError):
    """A mistyped command line: unknown option, missing value."""

    exit_code = 2


class _StageParser(argparse.ArgumentParser):
    """argparse for one stage's options, with its errors raised (one line) not printed."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(
            f"tham số sai / bad arguments for `{self.prog}`: {message}",
            f"xem / see `{self.prog} --help`",
        )


def _global_options(parser: argparse.ArgumentParser) -> None:
    """The global options again after the subcommand; SUPPRESS keeps the earlier value."""
    parser.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    parser.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--index-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def stage_parser(name: str) -> argparse.ArgumentParser:
    """The argument parser of one subcommand (its module imported here, not before)."""
    module, help_text = COMMANDS[name]
    parser = _StageParser(
        prog=f"hoidap {name}",
        description=help_text,
        epilog="Tùy chọn chung / global options: -v, --config FILE, --index-dir DIR "
        "(trước hoặc sau tên lệnh / before or after the command).",
    )
    importlib.import_module(module).add_arguments(parser)
    _global_options(parser)
    return parser


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """A plain argparse parser for ``<command> [options]`` whose result is what a stage's
    ``run(args, config)`` receives; for tests and tools that build a stage's arguments
    without going through the command line. Only the command named in ``argv`` is loaded."""
    parser = argparse.ArgumentParser(prog="hoidap")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--config", type=Path)
    parser.add_argument("--index-dir", type=Path)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if a in COMMANDS), None)
    for name, (module, help_text) in COMMANDS.items():
        stage = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            importlib.import_module(module).add_arguments(stage)
    return parser


class _LazyGroup(click.Group):
    """Subcommands known by name only; a module is imported when its command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return _stage_command(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            raise click.UsageError(
                f"không có lệnh / no such command {args[0]!r}; "
                f"các lệnh / commands: {', '.join(COMMANDS)}",
                ctx,
            )
        return super().resolve_command(ctx, args)


def _stage_command(name: str) -> click.Command:
    @click.command(
        name=name,
        help=COMMANDS[name][1],
        short_help=COMMANDS[name][1],
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
        add_help_option=False,
    )
    @click.pass_context
    def command(ctx: click.Context) -> int:
        parser = stage_parser(name)
        if any(a in ("-h", "--help") for a in ctx.args):
            click.echo(parser.format_help(), nl=False)
            return 0
        args = parser.parse_args(ctx.args, namespace=argparse.Namespace(**ctx.obj))
        return _run(name, args)

    return command


def _run(name: str, args: argparse.Namespace) -> int:
    verbose = bool(getattr(args, "verbose", False))
    _quiet_libraries(verbose)
    config: Config = load_config(args.config, index_dir=args.index_dir)
    try:
        code: int = importlib.import_module(COMMANDS[name][0]).run(args, config)
    except BrokenPipeError:
        # `hoidap ask ... | head`: the reader left; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


def _quiet_libraries(verbose: bool) -> None:
    """Library warnings and log lines (a corrupt PDF makes pypdf print several) would
    come before our own one-line error and look like a crash; ``-v`` shows them."""
    if verbose:
        return
    warnings.filterwarnings("ignore")
    logging.basicConfig(level=logging.ERROR)
    for name in ("pypdf", "PIL", "underthesea", "gradio", "httpx", "urllib3", "matplotlib"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@click.group(
    cls=_LazyGroup,
    help=HELP,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="hoidap", message="%(prog)s %(version)s")
@click.option("-v", "--verbose", is_flag=True, help="hiện lỗi chi tiết / show tracebacks")
@click.option(
    "--config",
    type=click.Path(path_type=Path),
    help="hoidap.toml cần đọc / config file (default: ./hoidap.toml)",
)
@click.option(
    "--index-dir",
    type=click.Path(path_type=Path),
    help="thư mục chỉ mục / index folder (default: data/index)",
)
@click.pass_context
def cli(ctx: click.Context, verbose: bool, config: Path | None, index_dir: Path | None) -> None:
    ctx.obj = {"verbose": verbose, "config": config, "index_dir": index_dir}
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _argv_text(argv: Sequence[str]) -> list[str]:
    """The arguments, checked to be text. A terminal in a non-UTF-8 locale hands Python
    bytes it cannot decode as lone surrogates, which would crash the first print or JSON
    line much later; they are refused here with one line that says how to fix it."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise InputError(
                f"tham số không phải UTF-8 / argument is not UTF-8 text: {shown!r}",
                "dùng terminal UTF-8 / use a UTF-8 terminal (LANG=C.UTF-8)",
            ) from None
    return list(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in argv or "--verbose" in argv
    try:
        result = cli.main(args=_argv_text(argv), prog_name="hoidap", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:  # --version, --help
        return int(exc.exit_code)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "hoidap"
        message = exc.format_message()
        if " / " not in message:  # click's own words are English only
            message = f"tham số sai / {message}"
        print(
            f"hoidap: lỗi / error: {message} (xem / see `{command} --help`)",
            file=sys.stderr,
        )
        return 2
    except HoidapError as exc:
        if verbose:
            traceback.print_exc()
        print(f"hoidap: lỗi / error: {exc}", file=sys.stderr)
        return exc.exit_code
    except click.Abort:
        print("hoidap: đã dừng / interrupted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("hoidap: đã dừng / interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
