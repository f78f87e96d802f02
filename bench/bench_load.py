"""Load on a real `hoidap serve` over loopback: questions while reports are uploaded.

Phase 1: ``--clients`` (20) clients ask questions for ``--duration`` (300 s) while an
admin uploads a new report every ``--upload-every`` (30) seconds. Prints errors, reports
lost (every report uploaded or there at the start must still be listed and indexed on
disk), question latency p50/p95 while no upload runs vs while one does, and the server's
RSS (with its answer workers and upload worker) over the run.

Phase 2: ``--burst-clients`` (100) clients for ``--burst`` (60) seconds: how many were
answered, queued or refused with 503 (graceful), and whether anything returned a 5xx
other than 503 or the server died.

    python bench/bench_load.py                      # the full run (~7 minutes)
    python bench/bench_load.py --duration 30 --burst 10   # a quick look

It builds its own index of the bundled reports (shipped vectors, real encoder) in a
temporary folder and starts the server there; nothing else is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
TOKEN = "bench-admin"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def questions() -> list[str]:
    items = [json.loads(line) for line in (REPO / "eval" / "gold.jsonl").open(encoding="utf-8")]
    return [i["question"] for i in items if i.get("question")][:120]


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its children (answer workers, the upload worker), in MB."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


class Run:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[tuple[float, float, bool, int]] = []  # start, ms, uploading, status
        self.errors: list[str] = []
        self.uploading = threading.Event()
        self.stop = threading.Event()
        self.rss: list[float] = []


def client_loop(url: str, qs: list[str], run: Run, seed: int, deadline: float) -> None:
    i = seed
    with httpx.Client(base_url=url, headers=AUTH, timeout=120) as client:
        while time.monotonic() < deadline and not run.stop.is_set():
            q = qs[i % len(qs)]
            i += 7
            during = run.uploading.is_set()
            t0 = time.perf_counter()
            try:
                status = client.post("/api/ask", json={"question": q}).status_code
            except httpx.HTTPError as exc:
                with run.lock:
                    run.errors.append(type(exc).__name__)
                continue
            ms = (time.perf_counter() - t0) * 1000
            during = during or run.uploading.is_set()
            with run.lock:
                run.samples.append((t0, ms, during, status))
                if status != 200 and status != 503:
                    run.errors.append(f"HTTP {status}")
            if status == 503:
                time.sleep(0.5)


def uploader(url: str, run: Run, every: float, deadline: float, added: list[str]) -> None:
    base = (REPO / "data" / "reports" / "003_ab47fa1bd8ede6ab.txt").read_text(encoding="utf-8")
    n = 0
    durations = []
    with httpx.Client(base_url=url, headers=AUTH, timeout=600) as client:
        next_at = time.monotonic() + 5
        while time.monotonic() < deadline - 5:
            time.sleep(max(0.0, next_at - time.monotonic()))
            n += 1
            name = f"upload-{n:03d}.txt"
            text = base + f"\n\nPhụ lục {n}: bản cập nhật số {n} của báo cáo.\n"
            run.uploading.set()
            t0 = time.perf_counter()
            try:
                response = client.post("/api/reports", files={"file": (name, text.encode())})
                if response.status_code == 201:
                    added.append(name)
                else:
                    run.errors.append(f"upload {name}: HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                run.errors.append(f"upload {name}: {type(exc).__name__}")
            finally:
                run.uploading.clear()
            durations.append(time.perf_counter() - t0)
            next_at += every
    print(
        f"uploads: {len(added)}/{n} added, seconds each: median "
        f"{statistics.median(durations) if durations else float('nan'):.1f}, "
        f"max {max(durations) if durations else float('nan'):.1f}"
    )


def sample_rss(pid: int, run: Run) -> None:
    while not run.stop.is_set():
        run.rss.append(rss_mb(pid))
        time.sleep(1.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--duration", type=float, default=300)
    ap.add_argument("--upload-every", type=float, default=30)
    ap.add_argument("--burst-clients", type=int, default=100)
    ap.add_argument("--burst", type=float, default=60)
    ap.add_argument("--port", type=int, default=7877)
    args = ap.parse_args()

    home = Path(tempfile.mkdtemp(prefix="hoidap-bench-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOIDAP_")}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        HOIDAP_TOKEN=TOKEN,
        HOIDAP_VECTOR_SEED=str(REPO / "data" / "vectors"),
    )
    server = None
    try:
        shutil.copytree(REPO / "data" / "reports", home / "data" / "reports")
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hoidap.cli", "index"],
            cwd=home,
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"index built in {time.perf_counter() - t0:.1f} s")
        url = f"http://127.0.0.1:{args.port}"
        t0 = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "hoidap.cli", "serve", "--port", str(args.port)],
            cwd=home,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(home / "serve.log").open("wb"),
        )
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None:
                print((home / "serve.log").read_text()[-2000:])
                return 1
            time.sleep(0.3)
        print(f"server ready in {time.perf_counter() - t0:.1f} s, RSS {rss_mb(server.pid):.0f} MB")
        before = {
            r["source"] for r in httpx.get(url + "/api/reports", headers=AUTH).json()["reports"]
        }
        qs = questions()

        # ---------------------------------------------------------------- phase 1
        run = Run()
        added: list[str] = []
        deadline = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=client_loop, args=(url, qs, run, i, deadline))
            for i in range(args.clients)
        ]
        threads.append(
            threading.Thread(target=uploader, args=(url, run, args.upload_every, deadline, added))
        )
        rss_thread = threading.Thread(target=sample_rss, args=(server.pid, run), daemon=True)
        rss_thread.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = {
            r["source"] for r in httpx.get(url + "/api/reports", headers=AUTH).json()["reports"]
        }
        manifest = json.loads((home / "data" / "index" / "reports.json").read_text("utf-8"))
        on_disk = {r["source"] for r in manifest}
        lost = (before | set(added)) - (after & on_disk)
        idle = [ms for _, ms, up, s in run.samples if s == 200 and not up]
        busy = [ms for _, ms, up, s in run.samples if s == 200 and up]
        codes: dict[int, int] = {}
        for *_, s in run.samples:
            codes[s] = codes.get(s, 0) + 1
        print(
            f"phase 1: {args.clients} clients, {args.duration:.0f} s, upload every "
            f"{args.upload_every:.0f} s: {len(run.samples)} answers {codes}, "
            f"errors {len(run.errors)} {sorted(set(run.errors))[:5]}, lost reports {len(lost)}"
        )
        print(
            f"  latency ms idle: p50 {pct(idle, 0.5):.0f}, p95 {pct(idle, 0.95):.0f} "
            f"(n={len(idle)}); "
            f"during uploads: p50 {pct(busy, 0.5):.0f}, p95 {pct(busy, 0.95):.0f} (n={len(busy)}); "
            f"p95 ratio {pct(busy, 0.95) / pct(idle, 0.95):.2f}x"
        )
        print(
            f"  server RSS MB (with worker): start {run.rss[0] if run.rss else 0:.0f}, "
            f"median {statistics.median(run.rss) if run.rss else 0:.0f}, "
            f"max {max(run.rss) if run.rss else 0:.0f}, end {run.rss[-1] if run.rss else 0:.0f}"
        )

        # ---------------------------------------------------------------- phase 2
        burst = Run()
        deadline = time.monotonic() + args.burst
        threads = [
            threading.Thread(target=client_loop, args=(url, qs, burst, i, deadline))
            for i in range(args.burst_clients)
        ]
        rss_thread = threading.Thread(target=sample_rss, args=(server.pid, burst), daemon=True)
        rss_thread.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        burst.stop.set()
        run.stop.set()
        codes = {}
        for *_, s in burst.samples:
            codes[s] = codes.get(s, 0) + 1
        ok = [ms for _, ms, _, s in burst.samples if s == 200]
        alive = server.poll() is None and httpx.get(url + "/healthz").status_code == 200
        print(
            f"phase 2: {args.burst_clients} clients, {args.burst:.0f} s: responses {codes}, "
            f"errors {len(burst.errors)} {sorted(set(burst.errors))[:5]}, "
            f"answered p50 {pct(ok, 0.5):.0f} ms p95 {pct(ok, 0.95):.0f} ms, "
            f"max RSS {max(burst.rss) if burst.rss else 0:.0f} MB, server alive: {alive}"
        )
        return 0
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
