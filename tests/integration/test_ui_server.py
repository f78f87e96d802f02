"""The real server (uvicorn + FastAPI + Gradio) over real HTTP, with the fake pipeline.

These start ``create_server`` exactly as ``hoidap serve`` does, on a free localhost port,
directly and behind a sub-path reverse proxy (``--root-path /hoidap``).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from hoidap.config import Config
from tests.ui_fakes import FakePipeline, running_server, subpath_proxy
from ui.service import Service

pytestmark = pytest.mark.integration
QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"


FAKE = FakePipeline.from_reports()


def _app(tmp_path: Path, fake: FakePipeline | None = None) -> Any:
    from ui.app import create_server

    config = Config(home=tmp_path, feedback_path=tmp_path / "feedback.jsonl")
    return create_server(Service(fake or FakePipeline.from_reports(), config), config)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    started = time.perf_counter()
    app = _app(tmp_path_factory.mktemp("server"), FAKE)
    with running_server(app) as url:
        print(f"\nserver built and listening in {time.perf_counter() - started:.2f} s")
        yield url


@pytest.fixture(scope="module")
def proxied_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = _app(tmp_path_factory.mktemp("proxied"))
    with running_server(app, root_path="/hoidap") as url:
        port = int(url.rsplit(":", 1)[1])
        with subpath_proxy(port, "/hoidap") as public:
            yield public


def test_api_over_http(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.get("/healthz").json()["status"] == "ok"
        body = client.post("/api/ask", json={"question": QUESTION}).json()
        assert "859.463" in body["answer"] and body["citations"][0]["marker"] == 1
        bad = client.post("/api/ask", json={"question": ""})
        assert bad.status_code == 422 and "empty question" in bad.json()["detail"]
        assert client.get("/api/reports").json()["count"] == 2
        assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_questions_run_side_by_side(base_url: str) -> None:
    """Endpoints run in the threadpool: 8 questions that each take 0.3 s finish together."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        latencies = []
        for _ in range(20):
            t = time.perf_counter()
            client.post("/api/ask", json={"question": QUESTION}).raise_for_status()
            latencies.append((time.perf_counter() - t) * 1000)
        print(f"\n/api/ask overhead (fake pipeline) median {statistics.median(latencies):.1f} ms")
        FAKE.delay = 0.3
        try:
            t = time.perf_counter()
            with ThreadPoolExecutor(8) as pool:
                codes = list(
                    pool.map(
                        lambda _: client.post("/api/ask", json={"question": QUESTION}).status_code,
                        range(8),
                    )
                )
            elapsed = time.perf_counter() - t
        finally:
            FAKE.delay = 0.0
        assert codes == [200] * 8
        assert elapsed < 1.5, f"8 x 0.3 s questions took {elapsed:.2f} s: not concurrent"
        # The health check is not stuck behind them either.
        assert client.get("/healthz").status_code == 200


def test_chat_pages_and_web_component_loader(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        assert client.get("/").headers["content-type"].startswith("text/html")
        redirect = client.get("/embed", follow_redirects=False)
        assert redirect.status_code == 307 and redirect.headers["location"] == "embed/"
        assert client.get("/embed", follow_redirects=True).status_code == 200
        full, compact = client.get("/config").json(), client.get("/embed/config").json()
        assert compact["root"].endswith("/embed") and not full["root"].endswith("/embed")
        ids = {c.get("props", {}).get("elem_id") for c in full["components"]}
        compact_ids = {c.get("props", {}).get("elem_id") for c in compact["components"]}
        assert {"hd-chat", "hd-sources", "hd-upload", "hd-header"} <= ids
        assert "hd-sources" in compact_ids and not {"hd-upload", "hd-header"} & compact_ids
        props = {
            c["props"].get("elem_id"): c["props"]
            for c in full["components"]
            if c.get("props", {}).get("elem_id")
        }
        # No token configured: upload controls are off and say how to turn them on.
        assert props["hd-upload"]["interactive"] is False
        assert props["hd-add"]["interactive"] is False
        assert "HOIDAP_TOKEN" in props["hd-upload-note"]["value"]
        loader = client.get("/gradio.js")
        assert loader.headers["content-type"].startswith("text/javascript")
        asset = re.search(r"\./(assets/index-[\w-]+\.js)", loader.text)
        assert asset, loader.text
        script = client.get("/" + asset.group(1))
        assert script.status_code == 200 and "gradio-app" in script.text


def test_cross_origin_pages_need_a_configured_origin(tmp_path: Path, base_url: str) -> None:
    """No CORS by default (any page an official opens could read the reports); the
    intranet's origin, once configured, may use the chat and the API. (Gradio itself lets
    pages on loopback origins call a loopback server, so the origin here is not one.)"""
    origin = {"Origin": "https://intranet.camau.gov.vn"}
    preflight_headers = {
        **origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-gradio-user",
    }
    with httpx.Client(base_url=base_url, timeout=10) as client:
        preflight = client.options("/embed/gradio_api/queue/join", headers=preflight_headers)
        assert preflight.headers.get("access-control-allow-origin") in (None, "")
    from ui.app import create_server

    config = Config(home=tmp_path, cors_origins="https://intranet.camau.gov.vn")
    app = create_server(Service(FakePipeline.from_reports(), config), config)
    with running_server(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        preflight = client.options("/embed/gradio_api/queue/join", headers=preflight_headers)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == origin["Origin"]
        gradio_js = client.get("/gradio.js", headers=origin)
        assert gradio_js.headers["access-control-allow-origin"] == origin["Origin"]


def test_behind_a_reverse_proxy_under_a_sub_path(proxied_url: str) -> None:
    with httpx.Client(timeout=10) as client:
        assert client.get(f"{proxied_url}/healthz").json()["status"] == "ok"
        body = client.post(f"{proxied_url}/api/ask", json={"question": QUESTION}).json()
        assert "859.463" in body["answer"]
        assert client.get(f"{proxied_url}/").status_code == 200
        root = client.get(f"{proxied_url}/config").json()["root"]
        assert root == proxied_url, root
        embed_root = client.get(f"{proxied_url}/embed/config").json()["root"]
        assert embed_root == f"{proxied_url}/embed"
        docs = client.get(f"{proxied_url}/docs").text
        assert "/hoidap/openapi.json" in docs
        assert client.get(f"{proxied_url}/openapi.json").status_code == 200
        redirect = client.get(f"{proxied_url}/embed", follow_redirects=True)
        assert redirect.status_code == 200 and str(redirect.url) == f"{proxied_url}/embed/"


def test_the_chat_queue_does_not_wake_the_server_a_thousand_times_a_second(
    tmp_path: Path,
) -> None:
    """Gradio's queue polls every millisecond on Linux when idle, taking the GIL from the
    threads answering API questions; the chat's queue polls every ``QUEUE_IDLE_POLL``."""
    from ui.app import QUEUE_IDLE_POLL, QUEUE_PROGRESS_POLL, build_blocks

    config = Config(home=tmp_path, feedback_path=tmp_path / "feedback.jsonl")
    demo = build_blocks(Service(FakePipeline.from_reports(), config), config)
    queue = demo._queue
    assert queue.sleep_when_free == QUEUE_IDLE_POLL >= 0.01
    assert queue.progress_update_sleep_when_free == QUEUE_PROGRESS_POLL


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/gradio_api/queue/join", {"data": [], "fn_index": 9999, "session_hash": "x"}),
        ("/embed/gradio_api/queue/join", {"data": [], "fn_index": -99, "session_hash": "x"}),
        ("/gradio_api/run/predict", {"data": [1]}),
        ("/gradio_api/call/nope", {"data": [1]}),
    ],
)
def test_a_function_the_chat_does_not_have_is_a_404_not_a_500(
    base_url: str, path: str, body: dict[str, Any]
) -> None:
    """review5: Gradio's KeyError (queue, unknown fn_index) and FnIndexInferError (an api
    name it does not have) were HTTP 500s with a traceback in the server's log."""
    response = httpx.post(base_url + path, json=body, timeout=30)
    assert response.status_code == 404, response.text
    assert response.json()["detail"].startswith("không có chức năng này")


def test_a_wrong_method_or_api_path_says_what_there_is(base_url: str) -> None:
    """review5: GET /api/ask and /api/<typo> fell through to the chat's mount and came back
    {"detail": "Not Found"} in English only, the method's mistake unnamed."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        wrong = client.get("/api/ask")
        assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
        assert wrong.json()["detail"].startswith("/api/ask không nhận GET")
        typo = client.post("/api/asks", json={"question": QUESTION})
        assert typo.status_code == 404 and "POST /api/ask" in typo.json()["detail"]
        assert typo.json()["detail"].startswith("không có đường dẫn")
        # The routes themselves are unchanged.
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        assert client.get("/api/reports").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/", "GET"),
        ("PUT", "/api/ask", "POST"),
        ("DELETE", "/api/reports", "GET, POST"),
        ("POST", "/config", "GET"),
        ("DELETE", "/embed/", "GET"),
        ("PATCH", "/gradio_api/info", "GET"),
        ("POST", "/openapi.json", "GET, HEAD"),
        ("DELETE", "/healthz", "GET"),
        ("PUT", "/docs", "GET"),
        ("PUT", "/reports/" + FAKE.index.reports[0].source, "GET"),
    ],
)
def test_a_wrong_method_on_a_known_path_says_which_methods_vietnamese_first(
    base_url: str, method: str, path: str, allow: str
) -> None:
    """qa-pass3: a method the chat's routes do not take (DELETE /) was FastAPI's English
    {"detail": "Method Not Allowed"}, and one the server's own routes do not take (DELETE
    /healthz) reached the chat's mount and was told the path does not exist."""
    response = httpx.request(method, base_url + path, timeout=30)
    assert response.status_code == 405, response.text
    assert response.headers["allow"] == allow
    detail = response.json()["detail"]
    assert detail.startswith(f"{path} không nhận {method}, hãy dùng {allow}"), detail
    assert detail.index("không nhận") < detail.index(f"{path} does not take {method}")
    assert "/docs" in detail


def test_a_wrong_method_behind_a_proxy_names_the_sub_path(proxied_url: str) -> None:
    response = httpx.delete(f"{proxied_url}/healthz", timeout=30)
    assert response.status_code == 405 and response.headers["allow"] == "GET"
    detail = response.json()["detail"]
    assert detail.startswith("/hoidap/healthz không nhận DELETE, hãy dùng GET"), detail
    assert "tài liệu API ở /hoidap/docs" in detail


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/trang-khong-co"),
        ("POST", "/bao-cao/moi"),
        ("GET", "/embed/khong-co"),
        ("GET", "/gradio_api/khong-co"),
        ("GET", "/assets/khong-co.js"),
        ("GET", "/healthz/"),
    ],
)
def test_a_path_the_server_does_not_have_says_where_to_go_vietnamese_first(
    base_url: str, method: str, path: str
) -> None:
    """qa-pass: a path neither the API nor the chat has fell through to the chat's mount
    and came back FastAPI's English {"detail": "Not Found"}."""
    response = httpx.request(method, base_url + path, timeout=30)
    assert response.status_code == 404, response.text
    detail = response.json()["detail"]
    assert detail.startswith(f"không có đường dẫn {path}: trang hỏi đáp ở /"), detail
    assert detail.index("không có") < detail.index(f"no such path {path}")
    assert "POST /api/ask" in detail and "/docs" in detail


def test_the_chat_api_and_gradio_routes_still_answer(base_url: str, proxied_url: str) -> None:
    """The 404 handler changes no route that exists, nor a 404 a route gives itself."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for path in ("/", "/embed/", "/config", "/embed/config", "/gradio.js", "/docs"):
            assert client.get(path).status_code == 200, path
        for path in ("/openapi.json", "/healthz", "/gradio_api/info", "/manifest.json"):
            assert client.get(path).status_code == 200, path
        viewer = client.get("/reports/" + FAKE.index.reports[0].source)
        assert viewer.status_code == 200 and "text/html" in viewer.headers["content-type"]
        missing = client.get("/reports/khong-co.txt")  # the viewer's own page
        assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
        unknown = client.post(
            "/gradio_api/queue/join", json={"data": [], "fn_index": 9999, "session_hash": "x"}
        )
        assert unknown.json()["detail"].startswith("không có chức năng này")
    # Behind a proxy under /hoidap the links carry the sub-path.
    response = httpx.get(f"{proxied_url}/khong-co", timeout=30)
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("không có đường dẫn /hoidap/khong-co: trang hỏi đáp ở /hoidap/")
    assert "POST /hoidap/api/ask" in detail and "/hoidap/docs" in detail
