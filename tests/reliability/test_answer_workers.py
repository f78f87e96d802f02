"""``hoidap serve`` with two answer worker processes, as real processes: an index swap after
``hoidap index`` reaches every worker, a worker killed with -9 is replaced and no request
fails, and no worker outlives the server (SIGTERM or kill -9)."""

from __future__ import annotations

import os
import shutil
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.reliability.conftest import (
    QUESTION,
    REPORTS,
    SPARE_REPORT,
    ServerProcess,
    hoidap_index,
    wait_until,
)
from tests.ui_fakes import REPO

LANG_SON = "Lạng Sơn đã tiêm vắc xin cho bao nhiêu người?"


def answer_workers(server_pid: int) -> list[int]:
    """Processes running ``ui.answer_worker`` whose parent is ``server_pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if b"ui.answer_worker" in cmdline and parent == server_pid:
            out.append(int(entry.name))
    return sorted(out)


def alive(pids: list[int]) -> list[int]:
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


def restarted(server: ServerProcess, count: int) -> bool:
    """The server's log says ``count`` replacement workers are ready (loaded, warm)."""
    return server.log.read_text().count("ready (") >= count


def ask_many(url: str, bodies: list[dict[str, object]]) -> list[httpx.Response]:
    def one(body: dict[str, object]) -> httpx.Response:
        return httpx.post(url + "/api/ask", json=body, timeout=120)

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, bodies))


def test_swap_kill_and_shutdown_with_two_answer_workers(home: Path) -> None:
    server = ServerProcess(home, HOIDAP_ANSWER_WORKERS="2")
    try:
        first = answer_workers(server.proc.pid)
        assert len(first) == 2, server.log.read_text()[-2000:]
        assert "2 tiến trình trả lời / answer workers" in server.log.read_text()
        replies = ask_many(server.url, [{"question": QUESTION}] * 8)
        assert [r.status_code for r in replies] == [200] * 8
        assert len({r.content.split(b'"timings_ms"')[0] for r in replies}) == 1

        # --- a report filter names a file only the new index has: a worker still on the
        # old index refuses it (400 "unknown report"); every one must accept it.
        spare = {"question": LANG_SON, "report": SPARE_REPORT}
        assert ask_many(server.url, [spare])[0].status_code == 400
        shutil.copy(REPO / "data" / "reports" / SPARE_REPORT, home / "data" / "reports")
        built = hoidap_index(home)
        assert built.returncode == 0, built.stderr

        def listed() -> int:
            return int(httpx.get(server.url + "/api/reports", timeout=30).json()["count"])

        wait_until(lambda: listed() == len(REPORTS) + 1, what="the server to swap")
        replies = ask_many(server.url, [spare] * 16)
        assert [r.status_code for r in replies] == [200] * 16, [r.text for r in replies]
        assert all(r.json()["hits"][0]["report"] == SPARE_REPORT for r in replies)

        # --- kill -9 one worker: every request is still answered, and it is replaced.
        os.kill(first[0], signal.SIGKILL)
        replies = ask_many(server.url, [{"question": QUESTION}] * 8 + [spare] * 8)
        assert [r.status_code for r in replies] == [200] * 16, [r.text for r in replies]
        wait_until(lambda: restarted(server, 1), timeout=120, what="a new worker")
        now = answer_workers(server.proc.pid)
        assert len(alive(now)) == 2
        assert first[0] not in now and first[1] in now
        assert "answer worker" in server.log.read_text() and "restarting" in server.log.read_text()
        # The new worker loaded the index on disk: the new report too.
        replies = ask_many(server.url, [spare] * 8)
        assert [r.status_code for r in replies] == [200] * 8

        # --- both killed while idle: the question meets two dead workers in turn, and is
        # refused with a clear 503 and Retry-After (never a 500 or a traceback); both come back.
        for pid in now:
            os.kill(pid, signal.SIGKILL)
        wait_until(lambda: alive(now) == [], what="both workers to die")
        refused = ask_many(server.url, [{"question": QUESTION}])[0]
        assert refused.status_code == 503, refused.text
        assert "answer worker stopped" in refused.json()["detail"]
        assert refused.headers["retry-after"] == "2"
        wait_until(lambda: restarted(server, 3), timeout=120, what="two new workers")
        assert ask_many(server.url, [{"question": QUESTION}])[0].status_code == 200
        now = answer_workers(server.proc.pid)

        # --- SIGTERM: the server stops its workers.
        server.kill(signal.SIGTERM)
        assert server.wait(30) is not None
        wait_until(lambda: alive(now) == [], what="the workers to stop")
    finally:
        server.close()


def test_no_worker_outlives_a_server_killed_with_9(home: Path) -> None:
    server = ServerProcess(home, HOIDAP_ANSWER_WORKERS="2")
    try:
        workers = answer_workers(server.proc.pid)
        assert len(workers) == 2
        assert ask_many(server.url, [{"question": QUESTION}])[0].status_code == 200
        server.kill(signal.SIGKILL)
        server.wait(30)
        # Their stdin closes with the server: each exits at once.
        wait_until(lambda: alive(workers) == [], what="the orphaned workers to exit")
    finally:
        server.close()


def test_zero_workers_answers_in_the_server_process(home: Path) -> None:
    server = ServerProcess(home, HOIDAP_ANSWER_WORKERS="0")
    try:
        assert answer_workers(server.proc.pid) == []
        assert ask_many(server.url, [{"question": QUESTION}])[0].status_code == 200
    finally:
        server.close()


def test_idle_workers_load_a_new_index_before_any_question(home: Path) -> None:
    """The swap reaches workers that get no question: each loads the index on disk."""
    from index.store import load_index
    from tests.reliability.conftest import config_for
    from ui.answer_workers import AnswerWorkers, WorkerPipeline
    from ui.command import reload_pipeline

    config = config_for(home)
    pool = AnswerWorkers(config, 2)
    pool.start()
    try:
        pool.wait_ready()
        pipeline = WorkerPipeline(load_index(config), pool)
        before = pool.statuses()
        assert [s["generation"] for s in before] == [0, 0]
        assert all(SPARE_REPORT not in s["reports"] for s in before)
        shutil.copy(REPO / "data" / "reports" / SPARE_REPORT, home / "data" / "reports")
        built = hoidap_index(home)
        assert built.returncode == 0, built.stderr
        fresh = reload_pipeline(config, pipeline)
        assert fresh.generation == 1 and SPARE_REPORT in {r.source for r in fresh.reports}

        def loaded() -> bool:
            states = pool.statuses()
            return len(states) == 2 and all(
                s["generation"] == 1 and SPARE_REPORT in s["reports"] for s in states
            )

        wait_until(loaded, timeout=60, what="both idle workers to load the new index")
        assert len({s["pid"] for s in pool.statuses()}) == 2
    finally:
        pool.close()
