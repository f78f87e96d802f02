"""The shared pipeline: one set of question checks, safe uploads, no torn index."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from hoidap.config import Config
from hoidap.errors import HoidapError, IngestError, InputError
from tests.ui_fakes import FakePipeline
from ui.service import (
    MAX_HISTORY,
    MAX_QUESTION_CHARS,
    Service,
    _ReadWriteLock,
    clean_history,
    clean_question,
    safe_filename,
)


@pytest.fixture()
def service(tmp_path: Path) -> Service:
    return Service(FakePipeline.from_reports(), Config(home=tmp_path, token="t0k"))


@pytest.mark.parametrize("bad", ["", "   \n", None, 42])
def test_empty_questions_are_refused(bad: object) -> None:
    with pytest.raises(InputError, match="empty question"):
        clean_question(bad)


def test_long_questions_are_refused_with_the_limit() -> None:
    assert clean_question("  Cà Mau?  ") == "Cà Mau?"
    assert clean_question("x" * MAX_QUESTION_CHARS)
    with pytest.raises(InputError, match=f"at most {MAX_QUESTION_CHARS}"):
        clean_question("x" * (MAX_QUESTION_CHARS + 1))


def test_history_keeps_the_recent_questions() -> None:
    history = [f"q{i}" for i in range(50)] + ["  ", ""]
    kept = clean_history(history)
    assert kept == [f"q{i}" for i in range(50 - MAX_HISTORY, 50)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bc.md", "bc.md"),
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\Báo cáo.docx", "Báo cáo.docx"),
        (".hidden.txt", "hidden.txt"),
        ("", "report.txt"),
        ("a\x00b.txt", "ab.txt"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_ask_passes_filters_and_history(service: Service) -> None:
    fake = service.pipeline
    assert isinstance(fake, FakePipeline)
    service.ask("còn Sóc Trăng thì sao?", province="", report="", history=["Cà Mau tiêm?"], id=7)
    assert fake.calls[-1] == {
        "question": "còn Sóc Trăng thì sao?",
        "k": None,
        "province": None,
        "report": None,
        "history": ["Cà Mau tiêm?"],
        "id": 7,
    }


def test_lookups(service: Service) -> None:
    assert service.provinces() == ["Cà Mau", "Sóc Trăng"]
    assert service.report_of("001_fa29380e2daf4212.txt") is not None
    assert service.report_of("nope.txt") is None and service.chunk_of("nope") is None
    assert service.upload_enabled and not Service(service.pipeline, Config()).upload_enabled


def test_add_report_keeps_the_original_name(service: Service, tmp_path: Path) -> None:
    upload = tmp_path / "tmpabc123"
    upload.write_text("# Báo cáo Bạc Liêu\nNội dung.", encoding="utf-8")
    report = service.add_report(upload, original_name="../Bạc Liêu.md")
    assert report.source == "Bạc Liêu.md" and report.title == "Báo cáo Bạc Liêu"
    assert service.report_of("Bạc Liêu.md") == report


def test_bad_uploads_change_nothing(service: Service, tmp_path: Path) -> None:
    before = service.reports()
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(IngestError, match="empty"):
        service.add_report(empty)
    with pytest.raises(InputError, match="unsupported"):
        service.add_report(empty, original_name="virus.exe")
    assert service.reports() == before
    assert issubclass(IngestError, HoidapError)


def test_writer_waits_for_readers_and_blocks_new_ones() -> None:
    lock = _ReadWriteLock()
    events: list[str] = []
    reading = threading.Event()

    def reader(name: str, hold: float) -> None:
        with lock.read():
            events.append(f"{name}+")
            reading.set()
            time.sleep(hold)
            events.append(f"{name}-")

    def writer() -> None:
        with lock.write():
            events.append("w")

    first = threading.Thread(target=reader, args=("r1", 0.2))
    first.start()
    reading.wait()
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.05)
    late = threading.Thread(target=reader, args=("r2", 0.0))
    late.start()
    for t in (first, w, late):
        t.join(5)
    assert events == ["r1+", "r1-", "w", "r2+", "r2-"]


def test_upload_errors_name_the_file_not_the_staging_folder(
    service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> None:
        raise IngestError(str(path), "not a readable PDF", "re-export it")

    monkeypatch.setattr(service.pipeline, "add_report", refuse)
    upload = tmp_path / "x"
    upload.write_bytes(b"%PDF-garbage")
    with pytest.raises(IngestError) as caught:
        service.add_report(upload, original_name="Báo cáo.pdf")
    assert str(caught.value) == "Báo cáo.pdf: not a readable PDF (re-export it)"
