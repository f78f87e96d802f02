"""The API under hostile input: ≥ 1,000 generated requests, malformed JSON, auth, CORS,
paths, body limits. Every answer is a 2xx/4xx/503 with a JSON reason: never a 5xx,
never a traceback.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import (
    ADMIN,
    QUESTION,
    READ_TOKEN,
    READER,
    REPORTS,
    TOKEN,
    served,
)

GENERATED = {"count": 0}


@pytest.fixture(scope="module")
def server(template_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import shutil

    home = tmp_path_factory.mktemp("fuzz") / "home"
    shutil.copytree(template_home, home)
    with served(home, token=TOKEN, read_token=READ_TOKEN) as (url, _service):
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as c:
        yield c


def check(response: httpx.Response) -> None:
    assert response.status_code < 500 or response.status_code == 503, (
        response.status_code,
        response.text[:300],
    )
    assert "Traceback" not in response.text
    if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
        assert response.json()["detail"]


# ----------------------------------------------------------------- malformed JSON


@pytest.mark.parametrize(
    "body",
    [
        b'{"question": NaN}',
        b'{"question": Infinity}',
        b'{"question": -Infinity}',
        b'{"question": 1e999999}',
        b'{"question": "C\\u00e0 Mau", "k": 1e999999}',
        b'{"question": "\\ud800"}',
        b'{"question": "ok", "history": ["\\udfff"]}',
        b'{"question": "ok", "province": "\\ud83d"}',
        b'{"question": "\xff\xfe"}',
        b'{"question": "C\xc3"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'"just a string"',
        b"null",
        b"",
        b"{",
        b'{"question": {"nested": [1, 2]}}',
        b'{"question": "ok", "k": "five"}',
        b'{"question": "ok", "id": [1]}',
    ],
)
def test_malformed_bodies_get_a_4xx_with_the_reason(client: httpx.Client, body: bytes) -> None:
    """Defect: HTTP 500 for NaN, Infinity, 1e999999, invalid UTF-8 and lone surrogates."""
    response = client.post(
        "/api/ask", content=body, headers={**READER, "content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500, (body[:40], response.status_code, response.text)
    assert response.json()["detail"]


# ----------------------------------------------------------------- generated requests

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
)
JSON_ANY = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
QUESTIONS = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
    st.sampled_from([QUESTION, "Cà Mau?", "còn Sóc Trăng thì sao?", "   ", "<script>x</script>"]),
    st.text(min_size=990, max_size=1010),
)
ASK_BODIES = st.fixed_dictionaries(
    {"question": QUESTIONS},
    optional={
        "k": st.one_of(st.integers(-5, 60), JSON_LEAF),
        "province": st.one_of(
            st.none(), st.text(max_size=30), st.sampled_from(["Cà Mau", "ca mau"])
        ),
        "report": st.one_of(st.none(), st.text(max_size=30), st.sampled_from(list(REPORTS))),
        "history": st.one_of(st.lists(st.text(max_size=40), max_size=6), JSON_LEAF),
        "id": JSON_ANY,
        "extra": JSON_ANY,
    },
)


def _dumps(value: Any) -> bytes:
    # allow_nan: NaN/Infinity are sent as the bare tokens a hostile client would send.
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


SETTINGS = settings(
    max_examples=350,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


@SETTINGS
@given(body=ASK_BODIES)
def test_generated_questions(client: httpx.Client, body: dict[str, Any]) -> None:
    GENERATED["count"] += 1
    response = client.post(
        "/api/ask", content=_dumps(body), headers={**READER, "content-type": "application/json"}
    )
    check(response)
    if response.status_code == 200:
        assert set(response.json()) >= {"answer", "citations", "hits"}


@SETTINGS
@given(body=st.one_of(JSON_ANY, st.binary(max_size=300)))
def test_generated_bodies(client: httpx.Client, body: Any) -> None:
    GENERATED["count"] += 1
    raw = body if isinstance(body, bytes) else _dumps(body)
    response = client.post(
        "/api/ask", content=raw, headers={**READER, "content-type": "application/json"}
    )
    check(response)


PATHS = st.one_of(
    st.sampled_from(
        [
            "/api/ask",
            "/api/reports",
            "/healthz",
            "/login",
            "/gradio_api/info",
            "/gradio_api/upload",
            "/gradio_api/queue/join",
            "/gradio_api/file=/etc/passwd",
            "/file=/etc/passwd",
            "/embed/",
            "/config",
            "/docs",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz/._-=%~", max_size=40).map(lambda s: "/" + s),
)
HEADERS = st.sampled_from(
    [{}, READER, ADMIN, {"Authorization": "Bearer x"}, {"Cookie": "hoidap_session=zz"}]
)


@SETTINGS
@given(
    path=PATHS,
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS"]),
    headers=HEADERS,
    body=st.binary(max_size=200),
)
def test_generated_routes(
    client: httpx.Client, path: str, method: str, headers: dict[str, str], body: bytes
) -> None:
    GENERATED["count"] += 1
    response = client.request(
        method, path, headers=headers, content=body if method != "GET" else None
    )
    check(response)
    if not headers.get("Authorization", "").endswith((TOKEN, READ_TOKEN)) and path.split("?")[
        0
    ] not in {
        "/healthz",
        "/login",
        "/docs",
        "/openapi.json",
    }:
        assert response.status_code in {303, 401, 404, 405}, (path, response.status_code)


def test_at_least_a_thousand_requests_were_generated() -> None:
    assert GENERATED["count"] >= 1000


# ----------------------------------------------------------------- auth and exposure

PROTECTED = [
    ("POST", "/api/ask"),
    ("GET", "/api/reports"),
    ("GET", "/"),
    ("GET", "/embed/"),
    ("GET", "/config"),
    ("GET", "/gradio_api/info"),
    ("POST", "/gradio_api/queue/join"),
    ("GET", "/gradio_api/queue/data?session_hash=x"),
    ("POST", "/gradio_api/upload"),
    ("GET", "/gradio_api/file=/etc/hostname"),
    ("POST", "/embed/gradio_api/queue/join"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_route_with_report_content_needs_the_token(
    client: httpx.Client, method: str, path: str
) -> None:
    """Defect 2: the chat queue answered without the token; anyone could store files
    through /gradio_api/upload and fetch them back."""
    response = client.request(method, path, json={"data": [QUESTION]} if method == "POST" else None)
    assert response.status_code == 401, (path, response.status_code, response.text[:200])
    page = client.get(path, headers={"Accept": "text/html"}) if method == "GET" else None
    if page is not None:
        assert page.status_code == 303 and "/login" in page.headers["location"]


def test_healthz_and_sign_in(client: httpx.Client, server: str) -> None:
    assert client.get("/healthz").status_code == 200
    wrong = httpx.post(server + "/login", data={"token": "sai", "next": "/"})
    assert wrong.status_code == 401 and "hoidap_session" not in wrong.headers.get("set-cookie", "")
    with httpx.Client(base_url=server, timeout=30) as browser:
        signed = browser.post("/login", data={"token": READ_TOKEN, "next": "//evil.example/"})
        assert signed.status_code == 303 and signed.headers["location"] == "/"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and READ_TOKEN not in cookie
        assert browser.get("/").status_code == 200
        assert browser.get("/gradio_api/info").status_code == 200
        # The read token never uploads, through either route.
        assert (
            browser.post("/gradio_api/upload", files={"files": ("a.md", b"x")}).status_code == 403
        )
        assert browser.post("/api/reports", files={"file": ("a.md", b"x")}).status_code == 403


def test_gradio_file_route_serves_only_its_uploads(client: httpx.Client) -> None:
    for target in ("/etc/passwd", str(Path.home() / "x.md"), "../../../../etc/passwd"):
        response = client.get(f"/gradio_api/file={target}", headers=ADMIN)
        assert response.status_code in {403, 404}, target  # httpx folds "../" itself


def test_no_cors_for_other_origins(client: httpx.Client) -> None:
    """Defect 2: CORS was `*` on every route, so any page an official opened could read."""
    evil = {"Origin": "https://evil.example"}
    for method, path in (
        ("GET", "/api/reports"),
        ("POST", "/api/ask"),
        ("GET", "/gradio_api/info"),
    ):
        response = client.request(
            method, path, headers={**evil, **READER}, json={"question": QUESTION}
        )
        assert response.headers.get("access-control-allow-origin") in (None, ""), path
        preflight = client.options(path, headers={**evil, "Access-Control-Request-Method": method})
        assert "access-control-allow-origin" not in preflight.headers, path


def test_a_huge_body_is_refused_before_it_is_read(server: str) -> None:
    """Defect 2: a 300 MB JSON body cost 919 MB of memory before the 401."""
    host, port = server.removeprefix("http://").split(":")
    for headers in ("", f"Authorization: Bearer {READ_TOKEN}\r\n"):
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                (
                    "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"{headers}Content-Length: 300000000\r\n\r\n"
                ).encode()
                + b'{"question": "'
                + b"a" * 65536
            )
            # The reply comes without the rest of the 300 MB (recv would time out).
            status = sock.recv(200).split(b"\r\n", 1)[0]
            assert status.split()[1] in {b"401", b"413"}, status
    chunked = httpx.post(
        server + "/api/ask",
        content=(b"x" * 65536 for _ in range(20)),
        headers={**READER, "content-type": "application/json"},
        timeout=30,
    )
    assert chunked.status_code == 413


def test_the_token_is_never_read_from_the_url(client: httpx.Client) -> None:
    assert client.get(f"/api/reports?token={TOKEN}").status_code == 401
    assert client.get("/api/reports", headers=ADMIN).json()["count"] == len(REPORTS)
