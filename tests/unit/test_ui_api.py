"""The HTTP API returns the ``hoidap ask --json`` object and guards uploads with the token."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hoidap.config import Config
from tests.ui_fakes import FakePipeline
from ui.api import create_api
from ui.service import MAX_QUESTION_CHARS, Service

QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"
TOKEN = "bi-mat-123"


def _client(tmp_path: Path, token: str = "") -> tuple[TestClient, FakePipeline]:
    fake = FakePipeline.from_reports()
    config = Config(home=tmp_path, token=token)
    return TestClient(create_api(Service(fake, config), config)), fake


@pytest.fixture()
def open_api(tmp_path: Path) -> tuple[TestClient, FakePipeline]:
    return _client(tmp_path)


@pytest.fixture()
def locked_api(tmp_path: Path) -> tuple[TestClient, FakePipeline]:
    return _client(tmp_path, TOKEN)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_ask_returns_the_cli_json_object(open_api: tuple[TestClient, FakePipeline]) -> None:
    client, fake = open_api
    response = client.post("/api/ask", json={"question": QUESTION, "k": 1, "id": "x1"})
    assert response.status_code == 200
    body = response.json()
    assert body == fake.ask(QUESTION, k=1, id="x1").to_json()
    assert set(body) == {
        "id",
        "question",
        "answer",
        "abstained",
        "confidence",
        "citations",
        "hits",
        "timings_ms",
    }
    assert "859.463" in body["answer"] and body["citations"][0]["lines"] == [133, 133]
    assert len(body["hits"]) == 1


def test_ask_passes_filters_and_history(open_api: tuple[TestClient, FakePipeline]) -> None:
    client, fake = open_api
    payload = {
        "question": "còn Sóc Trăng thì sao?",
        "province": "Sóc Trăng",
        "report": "999_hostile.md",
        "history": [QUESTION],
    }
    assert client.post("/api/ask", json=payload).status_code == 200
    call = fake.calls[-1]
    assert call["history"] == [QUESTION] and call["province"] == "Sóc Trăng"
    assert call["report"] == "999_hostile.md"
    assert "kind" not in call  # document filters only reach the pipeline when given
    filtered = {"question": QUESTION, "kind": "báo cáo", "issued_from": "2021-01-01"}
    assert client.post("/api/ask", json=filtered).status_code == 200
    assert fake.calls[-1]["kind"] == "báo cáo" and fake.calls[-1]["issued_from"] == "2021-01-01"


def test_unknown_report_is_a_400_not_a_silent_not_found(
    open_api: tuple[TestClient, FakePipeline],
) -> None:
    response = open_api[0].post("/api/ask", json={"question": QUESTION, "report": "nope.txt"})
    assert response.status_code == 400
    assert "unknown report 'nope.txt'" in response.json()["detail"]


def test_abstains_with_closest_passages(open_api: tuple[TestClient, FakePipeline]) -> None:
    body = open_api[0].post("/api/ask", json={"question": "Giá vàng hôm nay?"}).json()
    assert body["abstained"] and body["citations"] == [] and len(body["hits"]) == 2


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"question": ""}, "empty question"),
        ({"question": "   "}, "empty question"),
        ({"question": "\u0000\u0001\t\u007f"}, "empty question"),  # review5: was a 400
        ({}, "empty question"),
        ({"question": "?!..."}, "no words"),  # qa-pass: answered with an unrelated sentence
        ({"question": "😀😀"}, "no words"),
        ({"question": "x" * (MAX_QUESTION_CHARS + 1)}, "too long"),
    ],
)
def test_bad_questions_get_a_clear_422(
    open_api: tuple[TestClient, FakePipeline], payload: dict[str, str], message: str
) -> None:
    response = open_api[0].post("/api/ask", json=payload)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_bad_options_are_422_and_pipeline_refusals_400(
    open_api: tuple[TestClient, FakePipeline],
) -> None:
    client = open_api[0]
    assert client.post("/api/ask", json={"question": "q", "k": 0}).status_code == 422
    assert client.post("/api/ask", json={"question": ["a"]}).status_code == 422
    response = client.post("/api/ask", json={"question": QUESTION, "province": "Atlantis"})
    assert response.status_code == 400 and "Atlantis" in response.json()["detail"]


def test_reports_and_health(open_api: tuple[TestClient, FakePipeline]) -> None:
    client = open_api[0]
    body = client.get("/api/reports").json()
    assert body["count"] == 2
    first = body["reports"][0]
    assert first["source"] == "001_fa29380e2daf4212.txt" and first["province"] == "Cà Mau"
    assert "sections" not in first and first["period_end"] == "2021-11-16"
    health = client.get("/healthz").json()
    # Answered in the server's own process: no answer workers.
    assert health["status"] == "ok" and health["answer_workers"] == 0


def test_token_is_required_as_a_bearer_header(locked_api: tuple[TestClient, FakePipeline]) -> None:
    client = locked_api[0]
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
    ):
        response = client.post("/api/ask", json={"question": QUESTION}, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert "Bearer" in response.json()["detail"]
    assert client.get("/api/reports").status_code == 401
    # Never from the URL.
    assert client.get(f"/api/reports?token={TOKEN}").status_code == 401
    assert client.get("/api/reports", headers=AUTH).status_code == 200
    assert client.post("/api/ask", json={"question": QUESTION}, headers=AUTH).status_code == 200
    # Health checks and the docs stay open.
    assert client.get("/healthz").status_code == 200
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]


def test_upload_is_disabled_without_a_configured_token(
    open_api: tuple[TestClient, FakePipeline],
) -> None:
    response = open_api[0].post(
        "/api/reports", files={"file": ("a.md", b"# A\nx", "text/markdown")}
    )
    assert response.status_code == 403 and "HOIDAP_TOKEN" in response.json()["detail"]


def test_upload_with_token(locked_api: tuple[TestClient, FakePipeline]) -> None:
    client, fake = locked_api
    files = {
        "file": ("Báo cáo Bạc Liêu.md", "# Báo cáo Bạc Liêu\nNội dung.".encode(), "text/markdown")
    }
    assert client.post("/api/reports", files=files).status_code == 401
    response = client.post("/api/reports", files=files, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["source"] == "Báo cáo Bạc Liêu.md"
    assert fake.added[-1].name == "Báo cáo Bạc Liêu.md"
    assert client.get("/api/reports", headers=AUTH).json()["count"] == 3


def test_bad_upload_says_why_and_changes_nothing(
    locked_api: tuple[TestClient, FakePipeline],
) -> None:
    client, fake = locked_api
    for name, data in (("empty.md", b""), ("tool.exe", b"MZ")):
        response = client.post("/api/reports", files={"file": (name, data)}, headers=AUTH)
        assert response.status_code == 400
        assert name in response.json()["detail"]
    assert len(fake.index.reports) == 2 and fake.added == []


def test_no_cors_by_default(open_api: tuple[TestClient, FakePipeline]) -> None:
    """Any web page an intranet user opens could otherwise read the reports."""
    client = open_api[0]
    origin = {"Origin": "https://evil.example"}
    preflight = client.options(
        "/api/ask",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    response = client.post("/api/ask", json={"question": QUESTION}, headers=origin)
    assert "access-control-allow-origin" not in response.headers


def test_cors_for_configured_origins(tmp_path: Path) -> None:
    config = Config(home=tmp_path, cors_origins="https://intranet.camau.gov.vn, https://a.vn")
    client = TestClient(create_api(Service(FakePipeline.from_reports(), config), config))
    origin = {"Origin": "https://intranet.camau.gov.vn"}
    preflight = client.options(
        "/api/ask",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://intranet.camau.gov.vn"
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_cors_can_be_restricted(tmp_path: Path) -> None:
    config = Config(home=tmp_path)
    app = create_api(
        Service(FakePipeline.from_reports(), config),
        config,
        allow_origins=["https://intranet.camau.gov.vn"],
    )
    client = TestClient(app)
    ok = client.get("/healthz", headers={"Origin": "https://intranet.camau.gov.vn"})
    assert ok.headers["access-control-allow-origin"] == "https://intranet.camau.gov.vn"
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_an_origin_with_a_slash_works_and_a_malformed_one_is_refused(tmp_path: Path) -> None:
    """review6: `--allow-origin https://intranet.camau.gov.vn/` (with the slash a browser's
    address bar shows) matched no page, and `--allow-origin intranet` was taken: the
    intranet's calls failed without a word on the server."""
    from hoidap.errors import ConfigError

    config = Config(home=tmp_path, cors_origins="https://intranet.camau.gov.vn/")
    client = TestClient(create_api(Service(FakePipeline.from_reports(), config), config))
    ok = client.get("/healthz", headers={"Origin": "https://intranet.camau.gov.vn"})
    assert ok.headers["access-control-allow-origin"] == "https://intranet.camau.gov.vn"
    for bad in ("intranet.camau.gov.vn", "https://intranet.camau.gov.vn/hoi-dap"):
        with pytest.raises(ConfigError, match="nguồn gốc không hợp lệ / not an origin"):
            create_api(Service(FakePipeline.from_reports(), config), config, allow_origins=[bad])
