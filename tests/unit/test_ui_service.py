"""The shared pipeline: one set of question checks, safe uploads, swaps instead of locks."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from hoidap.config import Config
from hoidap.errors import HoidapError, IngestError, InputError
from tests.ui_fakes import FakePipeline
from ui.service import (
    MAX_HISTORY,
    MAX_QUESTION_CHARS,
    BusyError,
    Service,
    clean_history,
    clean_question,
)
from ui.uploads import ReportExistsError, upload_name


@pytest.fixture()
def service(tmp_path: Path) -> Service:
    return Service(FakePipeline.from_reports(), Config(home=tmp_path, token="t0k"))


@pytest.mark.parametrize("bad", ["", "   \n", None, 42])
def test_empty_questions_are_refused(bad: object) -> None:
    with pytest.raises(InputError, match="empty question"):
        clean_question(bad)


@pytest.mark.parametrize("bad", ["?!...", " 😀 ", "…"])
def test_questions_without_a_word_are_refused(bad: str) -> None:
    with pytest.raises(InputError, match="no words"):
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
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\x\\Báo cáo.docx", "Báo cáo.docx"),
    ],
)
def test_upload_name_keeps_the_last_part(name: str, expected: str) -> None:
    assert upload_name(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        ".hidden.txt",
        "",
        "a\x00b.txt",
        "báo cáo\u202egpj.txt",
        "x\u200b.md",
        "tool.exe",
        "..",
        "a\nb.md",
    ],
)
def test_unsafe_upload_names_are_refused_not_rewritten(name: str) -> None:
    with pytest.raises(InputError):
        upload_name(name)


def test_an_old_word_upload_is_told_to_be_saved_as_docx() -> None:
    """review6: uploading "Báo cáo.doc" said only which types to use, not how to get one."""
    with pytest.raises(InputError) as err:
        upload_name("Báo cáo.doc")
    assert "Lưu thành (Save As) .docx" in str(err.value)
    assert str(err.value).startswith("Báo cáo.doc: loại tệp không hỗ trợ / unsupported file type")


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


def test_a_name_clash_is_refused_and_the_report_kept(service: Service, tmp_path: Path) -> None:
    upload = tmp_path / "tmpabc"
    upload.write_text("# Báo cáo khác\nNội dung khác.", encoding="utf-8")
    before = service.reports()
    with pytest.raises(ReportExistsError, match="never overwritten"):
        service.add_report(upload, original_name="001_fa29380e2daf4212.txt")
    existing = service.config.reports_path / "kept.md"
    existing.parent.mkdir(parents=True)
    existing.write_text("gốc", encoding="utf-8")
    with pytest.raises(ReportExistsError):
        service.add_report(upload, original_name="kept.md")
    assert existing.read_text(encoding="utf-8") == "gốc" and service.reports() == before


def test_questions_past_the_bound_get_busy(tmp_path: Path) -> None:
    fake = FakePipeline.from_reports()
    fake.delay = 0.3
    service = Service(fake, Config(home=tmp_path), max_pending=2)
    outcomes: list[str] = []

    def one() -> None:
        try:
            service.ask("Cà Mau?")
            outcomes.append("ok")
        except BusyError:
            outcomes.append("busy")

    threads = [threading.Thread(target=one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert outcomes.count("ok") == 2 and outcomes.count("busy") == 3
    service.ask("Cà Mau?")  # slots are given back


def test_questions_keep_their_pipeline_while_another_is_swapped_in(tmp_path: Path) -> None:
    old, new = FakePipeline.from_reports(), FakePipeline.from_reports()
    old.delay = 0.3
    (tmp_path / "data" / "index").mkdir(parents=True)
    manifest = tmp_path / "data" / "index" / "manifest.json"
    manifest.write_text("{}", encoding="utf-8")
    service = Service(old, Config(home=tmp_path), reload=lambda _old: new)
    asking = threading.Thread(target=service.ask, args=("Cà Mau?",))
    asking.start()
    time.sleep(0.05)
    started = time.perf_counter()
    manifest.write_text('{"built_at": "later"}', encoding="utf-8")
    assert service.refresh() is True
    assert time.perf_counter() - started < 0.2  # the swap did not wait for the question
    asking.join(5)
    assert service.pipeline is new and len(old.calls) == 1 and new.calls == []
    assert service.refresh() is False  # unchanged manifest: nothing to do


def test_an_index_that_cannot_be_loaded_is_tried_and_said_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review6: an index rebuilt with another encoder was loaded again, and the same line
    printed, every second until the index changed."""
    from hoidap.errors import IndexMismatchError

    old, new = FakePipeline.from_reports(), FakePipeline.from_reports()
    (tmp_path / "data" / "index").mkdir(parents=True)
    manifest = tmp_path / "data" / "index" / "manifest.json"
    manifest.write_text("{}", encoding="utf-8")
    tries: list[int] = []

    def reload(_old: Any) -> Any:
        tries.append(1)
        if len(tries) == 1:
            raise IndexMismatchError("built with encoder 'fake'")
        return new

    service = Service(old, Config(home=tmp_path), reload=reload)
    manifest.write_text('{"built_at": "later"}', encoding="utf-8")
    assert [service.refresh() for _ in range(5)] == [False] * 5
    err = capsys.readouterr().err
    assert len(tries) == 1 and err.count("new index not loaded") == 1 and service.pipeline is old
    assert err.startswith("hoidap: chỉ mục mới chưa dùng được")
    manifest.write_text('{"built_at": "later still"}', encoding="utf-8")
    assert service.refresh() is True and service.pipeline is new


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
