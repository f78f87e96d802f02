"""Real processes: concurrent first questions, kill -9 and SIGTERM during an upload,
kill -9 during `hoidap index`, and underthesea's first calls from many threads."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.reliability.conftest import (
    ADMIN,
    QUESTION,
    REPORTS,
    SPARE_REPORT,
    TOKEN,
    ServerProcess,
    big_report,
    config_for,
    env_for,
    hoidap_index,
    staging_left,
    wait_until,
    workers_of,
)
from tests.ui_fakes import REPO


def indexed(home: Path) -> set[str]:
    from index.store import load_index

    return {r.source for r in load_index(config_for(home)).reports}


def start_upload(url: str, name: str, text: str) -> tuple[threading.Thread, dict[str, object]]:
    result: dict[str, object] = {}

    def run() -> None:
        try:
            response = httpx.post(
                url + "/api/reports",
                files={"file": (name, text.encode())},
                headers=ADMIN,
                timeout=300,
            )
            result["status"] = response.status_code
        except httpx.HTTPError as exc:  # the server was killed mid-request
            result["error"] = type(exc).__name__

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, result


def kill_9_mid_upload(server: ServerProcess, thread: threading.Thread) -> None:
    """``kill -9`` of the server while ``thread``'s upload runs; returns once the server,
    the request and the upload worker (which dies with the server) are gone."""
    server.kill(signal.SIGKILL)
    server.wait(30)
    thread.join(30)
    wait_until(lambda: workers_of(server.proc.pid) == [], what="the worker to die")


def test_first_questions_kill_9_and_sigterm_during_uploads(home: Path) -> None:
    # --- concurrent first questions right after start (defect 5: 27 of 60 failed).
    server = ServerProcess(home, HOIDAP_TOKEN=TOKEN)
    try:

        def ask(_: int) -> int:
            return httpx.post(
                server.url + "/api/ask", json={"question": QUESTION}, headers=ADMIN, timeout=120
            ).status_code

        with ThreadPoolExecutor(30) as pool:
            codes = list(pool.map(ask, range(30)))
        assert codes == [200] * 30, codes

        # --- kill -9 while the worker indexes an upload.
        thread, _ = start_upload(server.url, "lớn.md", big_report(600))
        wait_until(lambda: workers_of(server.proc.pid) != [], what="the upload worker")
        time.sleep(random.uniform(0.2, 1.5))
        kill_9_mid_upload(server, thread)
    finally:
        server.close()
    # The previous index (or the finished one) serves.
    assert indexed(home) >= set(REPORTS)
    assert set(REPORTS) <= {p.name for p in (home / "data" / "reports").iterdir()}

    # --- the next start removes the staging copies; SIGTERM during an upload stops it.
    server = ServerProcess(home, HOIDAP_TOKEN=TOKEN)
    try:
        assert staging_left(home) == []
        listed = httpx.get(server.url + "/api/reports", headers=ADMIN, timeout=30).json()
        assert {r["source"] for r in listed["reports"]} == indexed(home)
        thread, result = start_upload(server.url, "lớn-2.md", big_report(601))
        wait_until(lambda: workers_of(server.proc.pid) != [], what="the upload worker")
        server.kill(signal.SIGTERM)
        # Stops within seconds (the wait is a bound, not a measurement).
        assert server.wait(15) is not None
        thread.join(30)
    finally:
        server.close()
    assert workers_of(server.proc.pid) == []
    assert staging_left(home) == []
    assert indexed(home) >= set(REPORTS)
    assert result.get("status", 0) != 201  # the upload was stopped, not half-done


def test_a_server_killed_after_placing_an_upload_removes_its_file_at_the_next_start(
    home: Path,
) -> None:
    """qa-pass: `hoidap serve` killed (kill -9) after an upload's file was placed in the
    reports folder, before the index holding it was swapped in, left the file there: the
    next start could not tell it from an administrator's copy, the same upload again was
    "a report with this name exists" and the next `hoidap index` indexed it. The upload's
    record beside the index (index.pending) lets the next start remove it, saying so."""
    from index.pending import pending_folder

    folder, name = home / "data" / "reports", "lớn.md"
    pending = pending_folder(home / "data" / "index")
    server = ServerProcess(home, HOIDAP_TOKEN=TOKEN)
    try:
        thread, result = start_upload(server.url, name, big_report(400))
        deadline = time.monotonic() + 120
        while not (folder / name).exists():  # placed: the index build follows
            assert thread.is_alive() and time.monotonic() < deadline, result
            time.sleep(0.001)
        kill_9_mid_upload(server, thread)
    finally:
        server.close()
    assert name not in indexed(home)  # killed before the swap
    assert (folder / name).exists() and len(list(pending.iterdir())) == 1

    server = ServerProcess(home, HOIDAP_TOKEN=TOKEN)
    try:
        log = server.log.read_text(encoding="utf-8")
        assert f"hoidap: đã xóa {folder / name}: tệp của một lần tải lên bị dừng" in log, log
        assert f"removed {folder / name}: the file of an upload stopped midway" in log
        assert sorted(p.name for p in folder.iterdir()) == sorted(REPORTS)
        assert not pending.exists()
        # The same upload again is added, not refused as a name that is taken.
        again = httpx.post(
            server.url + "/api/reports",
            files={"file": (name, big_report(3).encode())},
            headers=ADMIN,
            timeout=300,
        )
        assert again.status_code == 201, again.text
    finally:
        server.close()
    assert indexed(home) == {*REPORTS, name}


def test_kill_9_during_hoidap_index(home: Path) -> None:
    """Random kill -9 during builds: the previous index keeps loading, the next build works."""
    shutil_copy = (REPO / "data" / "reports" / SPARE_REPORT).read_bytes()
    (home / "data" / "reports" / SPARE_REPORT).write_bytes(shutil_copy)
    rng = random.Random(15)
    for _ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-m", "hoidap.cli", "index", "--rebuild"],
            cwd=home,
            env=env_for(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 6.0))
        proc.kill()
        proc.wait(30)
        assert indexed(home) in (set(REPORTS), {*REPORTS, SPARE_REPORT})
    done = hoidap_index(home)
    assert done.returncode == 0, done.stderr[-2000:]
    assert indexed(home) == {*REPORTS, SPARE_REPORT}
    leftovers = [p.name for p in (home / "data").iterdir() if "building" in p.name]
    assert leftovers == []


def pool_processes(home: Path) -> list[int]:
    """Ingest pool processes started for ``home`` (their command line names its folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "multiprocessing.forkserver" in cmdline and str(home) in cmdline:
            found.append(int(entry.name))
    return found


def test_kill_9_of_hoidap_index_leaves_no_ingest_workers(home: Path) -> None:
    """After kill -9 of ``hoidap index`` mid-ingest, its worker processes leave too."""
    reports = home / "data" / "reports"
    for i, name in enumerate((*REPORTS, SPARE_REPORT)):
        text = (REPO / "data" / "reports" / name).read_text(encoding="utf-8")
        (reports / f"moi-{i}.txt").write_text(text + f"\nGhi chú bổ sung {i}.\n", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "hoidap.cli", "index"],
        cwd=home,
        env=env_for(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: len(pool_processes(home)) >= 2, timeout=120, what="ingest workers")
    finally:
        proc.kill()
        proc.wait(30)
    wait_until(lambda: pool_processes(home) == [], timeout=20, what="ingest workers to leave")


def test_underthesea_first_calls_from_many_threads() -> None:
    """Defect 5's cause: underthesea's lazy loaders are not thread-safe."""
    script = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from ingest import nlp\n"
        "def one(i):\n"
        "    return nlp.segment('Tỉnh Cà Mau đã tiêm vắc xin'), nlp.sentences('Một. Hai.')\n"
        "with ThreadPoolExecutor(16) as pool:\n"
        "    out = list(pool.map(one, range(16)))\n"
        "assert len(set(map(repr, out))) == 1, out\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env_for(REPO),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
