"""Shared set-up for the reliability campaign: a real index of two bundled reports (built
with the deterministic fake encoder, real underthesea), real servers on loopback.

Everything stays on 127.0.0.1 and is bounded: the whole folder runs within ``make test``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from hoidap.config import Config
from tests.ui_fakes import REPO, free_port, running_server

pytestmark = pytest.mark.integration
REPORTS = ("001_fa29380e2daf4212.txt", "002_b58efc9185625b5d.txt")
SPARE_REPORT = "003_ab47fa1bd8ede6ab.txt"
TOKEN = "quan-tri-123"
READ_TOKEN = "chi-doc-456"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
READER = {"Authorization": f"Bearer {READ_TOKEN}"}
QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"


def env_for(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``hoidap`` subprocess: this checkout first on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOIDAP_")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH", "")])]
    )
    env["HOIDAP_ENCODER"] = "fake"
    env["HOIDAP_CONFIG"] = str(home / "hoidap.toml")
    env.update(extra)
    return env


def hoidap_index(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``hoidap index`` in a fresh interpreter in ``home`` (output captured, text)."""
    return subprocess.run(
        [sys.executable, "-m", "hoidap.cli", "index", *args],
        cwd=home,
        env=env_for(home),
        capture_output=True,
        text=True,
        timeout=600,
    )


def config_for(home: Path, **changes: Any) -> Config:
    return Config(home=home, encoder="fake", feedback_path=home / "feedback.jsonl").replace(
        **changes
    )


def build(home: Path, reports: tuple[str, ...] = REPORTS) -> None:
    """Copy bundled reports into ``home`` and index them (as `hoidap index` does)."""
    from index.store import build_index
    from ingest.pipeline import ingest_paths

    folder = home / "data" / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    for name in reports:
        shutil.copy(REPO / "data" / "reports" / name, folder / name)
    result = ingest_paths([folder], config_for(home))
    assert not result.errors
    build_index(config_for(home), result.reports, result.chunks)


@pytest.fixture(scope="session")
def template_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template")
    (home / "hoidap.toml").write_text("", encoding="utf-8")
    build(home)
    return home


@pytest.fixture()
def home(template_home: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template (reports + index) for one test."""
    target = tmp_path / "home"
    shutil.copytree(template_home, target, symlinks=True)
    return target


def make_service(home: Path, **changes: Any) -> Any:
    """The service ``hoidap serve`` builds: real pipeline, worker uploads, reload on change."""
    from qa.pipeline import Pipeline
    from ui.service import PipelineLike, Service
    from ui.uploads import WorkerUploader

    config = config_for(home, **changes)
    pipeline = Pipeline.from_config(config)

    def reload(old: PipelineLike) -> PipelineLike:
        from index.store import load_index

        assert isinstance(old, Pipeline)
        return old.with_index(load_index(config, encoder=old.index.encoder))

    service = Service(pipeline, config, uploader=WorkerUploader(config), reload=reload)
    service.warm_up()
    return service


@contextmanager
def served(home: Path, **changes: Any) -> Iterator[tuple[str, Any]]:
    """The real app (API + Gradio) over the real pipeline, in this process on loopback."""
    from ui.app import create_server

    service = make_service(home, **changes)
    service.watch(interval=0.2)
    app = create_server(service, service.config)
    try:
        with running_server(app) as url:
            yield url, service
    finally:
        service.close()


def wait_until(condition: Any, timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class ServerProcess:
    """``hoidap serve`` as a real process (SIGTERM / kill -9 need one)."""

    def __init__(self, home: Path, **env: str) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / f"serve-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hoidap.cli", "serve", "--port", str(self.port)],
            cwd=home,
            env=env_for(home, **env),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 180
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"hoidap serve exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError("hoidap serve did not start in 180 s")
            time.sleep(0.2)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout)

    def close(self) -> None:
        self.kill()
        self.proc.wait(30)


def workers_of(pid: int) -> list[int]:
    """Upload worker processes whose parent is ``pid`` or that mention its staging root."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"ui.upload_worker" in cmdline:
            out.append(int(entry.name))
    return out


def staging_left(home: Path) -> list[Path]:
    root = home / "data" / ".hoidap-staging"
    return sorted(root.iterdir()) if root.is_dir() else []


def big_report(lines: int) -> str:
    """A valid report that takes the worker a few seconds to segment."""
    out = ["# Báo cáo tình hình tiêm chủng tỉnh Bạc Liêu", "", "I. KẾT QUẢ", ""]
    for i in range(lines):
        out += [
            f"{i + 1}. Đợt {i + 1}",
            "",
            f"Tỉnh Bạc Liêu đã tiêm {i * 7 + 3} liều vắc xin trong đợt {i + 1}, đạt "
            f"{i % 100},5% kế hoạch đến hết ngày 01/12/2021. " * 3,
            "",
        ]
    return "\n".join(out)
