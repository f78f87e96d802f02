"""No report lost: uploads build from disk, never overwrite, run off the request path.

Each test runs the real app (API + Gradio, real pipeline with the fake encoder) and
the real upload worker process.
"""

from __future__ import annotations

import argparse
import hashlib
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from hoidap.config import Config
from hoidap.errors import HoidapError
from tests.reliability.conftest import (
    ADMIN,
    QUESTION,
    REPORTS,
    SPARE_REPORT,
    TOKEN,
    big_report,
    config_for,
    hoidap_index,
    served,
    staging_left,
    wait_until,
)
from tests.ui_fakes import REPO

NEW = (
    "# Báo cáo Bạc Liêu\n\nI. KẾT QUẢ\n\n"
    "Tỉnh Bạc Liêu đã tiêm 12.345 liều đến hết ngày 01/12/2021.\n"
)


def sources(url: str) -> set[str]:
    body = httpx.get(url + "/api/reports", headers=ADMIN, timeout=30).json()
    return {r["source"] for r in body["reports"]}


def on_disk(home: Path) -> set[str]:
    from index.store import load_index

    return {r.source for r in load_index(config_for(home)).reports}


def run_cli_index(config: Config) -> None:
    """``hoidap index`` as the CLI runs it (same function, same build lock)."""
    from index.command import add_arguments, run

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run(parser.parse_args([]), config) == 0


def test_cli_index_and_upload_both_keep_their_reports(home: Path) -> None:
    """Defect 1a: an upload rebuilt from the server's in-memory list, so a report added
    with `hoidap index` while the server ran vanished at the next upload."""
    with served(home, token=TOKEN) as (url, _service):
        assert sources(url) == set(REPORTS)
        (home / "data" / "reports" / SPARE_REPORT).write_bytes(
            (REPO / "data" / "reports" / SPARE_REPORT).read_bytes()
        )
        run_cli_index(config_for(home))
        # The server notices the new manifest without a restart.
        wait_until(lambda: SPARE_REPORT in sources(url), what="reload after hoidap index")
        response = httpx.post(
            url + "/api/reports",
            files={"file": ("Bạc Liêu.md", NEW.encode())},
            headers=ADMIN,
            timeout=120,
        )
        assert response.status_code == 201, response.text
        expected = {*REPORTS, SPARE_REPORT, "Bạc Liêu.md"}
        assert sources(url) == expected
        assert on_disk(home) == expected
        answer = httpx.post(
            url + "/api/ask", json={"question": QUESTION}, headers=ADMIN, timeout=30
        ).json()
        assert "859.463" in answer["answer"]
    assert staging_left(home) == []


def test_an_upload_never_overwrites_a_report(home: Path) -> None:
    """Defect 1b: an upload named like an existing report replaced it, no copy kept."""
    target = home / "data" / "reports" / REPORTS[0]
    before = target.read_bytes()
    with served(home, token=TOKEN) as (url, _service):
        response = httpx.post(
            url + "/api/reports",
            files={"file": (REPORTS[0], NEW.encode())},
            headers=ADMIN,
            timeout=120,
        )
        assert response.status_code == 409
        assert "never overwritten" in response.json()["detail"]
        # Same name in another case or with a path in front is the same file name.
        response = httpx.post(
            url + "/api/reports",
            files={"file": ("x/../" + REPORTS[0], NEW.encode())},
            headers=ADMIN,
            timeout=120,
        )
        assert response.status_code == 409
        assert sources(url) == set(REPORTS)
    assert target.read_bytes() == before
    assert on_disk(home) == set(REPORTS)


def test_questions_are_answered_while_an_upload_is_indexed(home: Path) -> None:
    """Defect 3: one lock spanned ingest and embedding, so every question and /healthz
    waited for the upload. Now questions finish while the worker is still running."""
    with served(home, token=TOKEN) as (url, _service):
        result: dict[str, int] = {}

        def upload() -> None:
            response = httpx.post(
                url + "/api/reports",
                files={"file": ("lớn.md", big_report(400).encode())},
                headers=ADMIN,
                timeout=300,
            )
            result["status"] = response.status_code

        thread = threading.Thread(target=upload)
        thread.start()
        wait_until(lambda: staging_left(home) != [], what="the upload to start")
        answered_during = 0
        with httpx.Client(base_url=url, headers=ADMIN, timeout=60) as client:
            for _ in range(5):
                assert client.get("/healthz").status_code == 200
                response = client.post("/api/ask", json={"question": QUESTION})
                assert response.status_code == 200
                assert "859.463" in response.json()["answer"]
                answered_during += thread.is_alive()
        thread.join(300)
        assert result["status"] == 201
        assert answered_during >= 3  # at least these ran while the upload was running
        assert "lớn.md" in sources(url)
    assert staging_left(home) == []


def test_failed_upload_leaves_reports_and_index(home: Path) -> None:
    with served(home, token=TOKEN) as (url, _service):
        manifest = (home / "data" / "index" / "manifest.json").read_bytes()
        for name, data in (
            ("hỏng.pdf", b"%PDF-1.4 garbage"),
            ("rỗng.md", b""),
            ("báo cáo\u202egpj.md", NEW.encode()),
            (".ẩn.md", NEW.encode()),
        ):
            response = httpx.post(
                url + "/api/reports", files={"file": (name, data)}, headers=ADMIN, timeout=120
            )
            assert 400 <= response.status_code < 500, (name, response.text)
            assert "Traceback" not in response.text
        assert sources(url) == set(REPORTS)
        assert (home / "data" / "index" / "manifest.json").read_bytes() == manifest
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []


def test_an_upload_of_two_files_is_refused_and_nothing_is_placed(home: Path) -> None:
    """qa-pass: a request carrying two files indexed the last one and dropped the other
    without a word. It is a 400 saying to send them one at a time, and nothing is placed,
    staged or indexed."""
    other = NEW.replace("Bạc Liêu", "Hậu Giang").encode()
    manifest = (home / "data" / "index" / "manifest.json").read_bytes()
    with served(home, token=TOKEN) as (url, _service):
        for second in ("file", "file2"):
            response = httpx.post(
                url + "/api/reports",
                files=[("file", ("Bạc Liêu.md", NEW.encode())), (second, ("Hậu Giang.md", other))],
                headers=ADMIN,
                timeout=120,
            )
            assert response.status_code == 400, response.text
            detail = response.json()["detail"]
            assert detail.startswith("mỗi lần chỉ thêm một báo cáo, yêu cầu này có 2 tệp"), detail
            assert "one report per upload" in detail and "one at a time" in detail
        assert sources(url) == set(REPORTS)
        assert (home / "data" / "index" / "manifest.json").read_bytes() == manifest
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []


def upload_in_background(service: Any, source: Path) -> tuple[threading.Thread, list[HoidapError]]:
    """``service.add_report(source)`` started on a thread, and the list its failure goes to."""
    failed: list[HoidapError] = []

    def upload() -> None:
        try:
            service.add_report(source, original_name=source.name)
        except HoidapError as exc:
            failed.append(exc)

    thread = threading.Thread(target=upload)
    thread.start()
    return thread, failed


def test_an_upload_killed_after_placing_its_file_leaves_the_reports_folder(home: Path) -> None:
    """A worker killed between placing the report in the reports folder and
    swapping in the new index (out of CPU time, out of memory, the server stopping) left
    the file there unindexed: the upload was reported failed, yet the same file again was
    "a report with this name exists", and the next `hoidap index` indexed it."""
    import os
    import signal
    import time

    from tests.reliability.conftest import make_service

    folder = home / "data" / "reports"
    manifest = (home / "data" / "index" / "manifest.json").read_bytes()
    source = home / "lớn.md"
    source.write_text(big_report(400), encoding="utf-8")
    service = make_service(home, token=TOKEN)
    try:
        thread, failed = upload_in_background(service, source)
        deadline = time.monotonic() + 120
        while not (folder / source.name).exists():  # placed: the index build follows
            assert thread.is_alive() and time.monotonic() < deadline, failed
            time.sleep(0.001)
        running = service.uploader._running
        assert running is not None
        os.killpg(running.pid, signal.SIGKILL)
        thread.join(120)
        assert failed and "indexing failed" in str(failed[0])
        assert sorted(p.name for p in folder.iterdir()) == sorted(REPORTS)
        assert (home / "data" / "index" / "manifest.json").read_bytes() == manifest
        # The same upload again is indexed, not refused as a name that is taken.
        assert service.add_report(source, original_name=source.name).source == source.name
    finally:
        service.close()
    assert staging_left(home) == []


def test_an_upload_out_of_cpu_time_says_so_and_what_to_do(home: Path) -> None:
    """A worker stopped by the CPU-time limit said "stopped by signal 24; out of CPU
    time or memory?" and "the previous index is still in use", not which limit nor what to
    do about it."""
    import os
    import signal
    import time

    from tests.reliability.conftest import make_service

    source = home / "lớn.md"
    source.write_text(big_report(400), encoding="utf-8")
    # qa-pass3: the command named is the one that builds this server's index.
    service = make_service(home, token=TOKEN, upload_seconds=120, config_file="máy chủ.toml")
    try:
        thread, failed = upload_in_background(service, source)
        deadline = time.monotonic() + 60
        while service.uploader._running is None:
            assert thread.is_alive() and time.monotonic() < deadline, failed
            time.sleep(0.005)
        os.killpg(service.uploader._running.pid, signal.SIGXCPU)  # as the kernel sends it
        thread.join(120)
        (error,) = failed
        assert "hết thời gian CPU (120 giây) / out of CPU time (120 s)" in error.message, error
        assert "upload_seconds" in error.hint, error
        assert "`hoidap index --config 'máy chủ.toml'` trên máy chủ" in error.hint, error
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    finally:
        service.close()


# Blocks of ``pending_upload`` entered and never left, as a killed process leaves them
# (kept referenced: a context manager collected would run its ``finally``).
NEVER_LEFT: list[Any] = []


def left_pending(home: Path, name: str, data: bytes) -> Path:
    """A pending-upload record for ``name`` as a process killed while placing ``data``
    leaves it, and the placed file; the file's path."""
    from index.pending import pending_upload

    target = home / "data" / "reports" / name
    block = pending_upload(config_for(home), target, hashlib.sha256(data).hexdigest())
    block.__enter__()
    NEVER_LEFT.append(block)
    target.write_bytes(data)
    return target


def test_files_of_uploads_stopped_midway_are_removed_only_when_still_theirs(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """qa-pass: a file an upload placed before its server was killed stayed in the reports
    folder, not to be told from an administrator's copy. With the record the upload keeps
    until its index is in, `hoidap index` (and a server's start, test_processes) removes
    it, saying so, when its bytes are the upload's and the index does not hold it; a file
    an administrator changed since, or one the index holds, stays."""
    from index.pending import pending_folder

    folder = home / "data" / "reports"
    stopped = left_pending(home, "dừng giữa chừng.md", NEW.encode())
    (folder / ".dừng giữa chừng.md.1a2b3c4d.upload").write_bytes(NEW.encode()[:10])
    changed = left_pending(home, "đã sửa.md", NEW.encode())
    changed.write_bytes(NEW.replace("12.345", "12.346").encode())  # the admin's edit
    held = left_pending(home, REPORTS[0], (REPO / "data" / "reports" / REPORTS[0]).read_bytes())
    left_pending(home, "chưa đặt.md", NEW.encode()).unlink()  # killed before placing
    run_cli_index(config_for(home))
    err = capsys.readouterr().err
    assert f"hoidap: đã xóa {stopped}: tệp của một lần tải lên bị dừng giữa chừng" in err, err
    assert f"removed {stopped}: the file of an upload stopped midway" in err
    assert f"hoidap: giữ {changed}: nội dung đã khác" in err
    assert not stopped.exists() and changed.exists() and held.exists()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*REPORTS, changed.name])
    assert on_disk(home) == {*REPORTS, changed.name}  # the admin's copy is theirs to index
    assert not pending_folder(home / "data" / "index").exists()


def test_what_is_not_a_record_among_the_records_is_reported_and_kept(home: Path) -> None:
    """qa-pass3: a folder made by hand in `.index.pending/` made `hoidap index` fail
    (IsADirectoryError) until it was removed, and any other file there was deleted unread.
    They are named and left as they were; the records beside them are still settled."""
    from index.pending import pending_folder

    pending = pending_folder(home / "data" / "index")
    stopped = left_pending(home, "dừng giữa chừng.md", NEW.encode())
    strangers = [pending / "ghi chú", pending / "0123.json", pending / "đọc tôi.txt"]
    strangers[0].mkdir()
    strangers[1].mkdir()
    strangers[2].write_text("của quản trị viên", encoding="utf-8")
    done = hoidap_index(home)
    assert done.returncode == 0, done.stderr
    for path in strangers:
        assert f"hoidap: bỏ qua {path}: không phải bản ghi tải lên của hoidap" in done.stderr
        assert f"skipped {path}: not a hoidap upload record, left in place" in done.stderr
    assert f"hoidap: đã xóa {stopped}" in done.stderr and not stopped.exists()
    assert sorted(pending.iterdir()) == sorted(strangers)
    assert strangers[2].read_text(encoding="utf-8") == "của quản trị viên"
    assert on_disk(home) == set(REPORTS)
