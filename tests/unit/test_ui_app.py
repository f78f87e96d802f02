"""Chat handlers without a browser: answers, follow-ups, feedback, upload rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hoidap.config import Config
from tests.ui_fakes import CA_MAU_FILE, FakePipeline
from ui.app import ChatHandlers, new_session, province_choices, report_choices
from ui.feedback import read_feedback
from ui.service import Service

QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"


def _handlers(tmp_path: Path, token: str = "") -> tuple[ChatHandlers, FakePipeline, Config]:
    fake = FakePipeline.from_reports()
    config = Config(home=tmp_path, feedback_path=Path("fb/feedback.jsonl"), token=token)
    return ChatHandlers(Service(fake, config), config), fake, config


def test_answer_shows_in_chat_and_sources(tmp_path: Path) -> None:
    h, _, _ = _handlers(tmp_path)
    messages, session, box, sources, notice = h.respond(QUESTION, new_session(), "", "", "vi")
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "859.463" in messages[1]["content"] and r"\[1\]" in messages[1]["content"]
    assert "<mark>Lũy kế từ đầu năm đến hết ngày 16/11/2021" in sources
    assert box == "" and notice == "" and len(session["turns"]) == 1


def test_follow_up_sends_previous_questions_and_filters(tmp_path: Path) -> None:
    h, fake, _ = _handlers(tmp_path)
    session = new_session()
    h.respond(QUESTION, session, "", "", "vi")
    h.respond("còn Sóc Trăng thì sao?", session, "Sóc Trăng", CA_MAU_FILE, "vi")
    assert fake.calls[0]["history"] == []
    assert fake.calls[1]["history"] == [QUESTION]
    assert fake.calls[1]["province"] == "Sóc Trăng" and fake.calls[1]["report"] == CA_MAU_FILE
    assert len(session["messages"]) == 4


def test_not_found_shows_closest_passages(tmp_path: Path) -> None:
    h, fake, _ = _handlers(tmp_path)
    messages, _, _, sources, _ = h.respond("Giá vàng hôm nay?", None, "", "", "vi")
    assert messages[-1]["content"].startswith(fake.abstain_text)
    assert "Các đoạn gần nhất" in sources and sources.count("hd-hit") == 2


def test_empty_and_long_questions_do_not_reach_the_pipeline(tmp_path: Path) -> None:
    h, fake, _ = _handlers(tmp_path)
    messages, _, _, _, notice = h.respond("   ", None, "", "", "vi")
    assert messages == [] and notice == "Hãy nhập câu hỏi."
    _, _, box, _, notice = h.respond("x" * 1001, None, "", "", "en")
    assert "at most 1000" in notice and box == "x" * 1001
    # qa-pass: a question of punctuation only was told it was too long.
    _, _, box, _, notice = h.respond("?!…", None, "", "", "vi")
    assert notice == "Câu hỏi chưa có chữ nào; hãy nhập câu hỏi bằng chữ." and box == "?!…"
    _, _, _, _, notice = h.respond("😀", None, "", "", "en")
    assert notice == "The question has no words; type it in words."
    assert fake.calls == []


def test_pipeline_errors_are_shown_in_the_chat(tmp_path: Path) -> None:
    h, _, _ = _handlers(tmp_path)
    messages, session, _, _, _ = h.respond(QUESTION, None, "Atlantis", "", "vi")
    assert "Atlantis" in messages[-1]["content"] and messages[-1]["content"].startswith("Lỗi")
    assert session["turns"] == []


def test_feedback_is_stored_with_the_answer(tmp_path: Path) -> None:
    h, _, config = _handlers(tmp_path)
    notice, _ = h.feedback("sai", "", new_session(), "", "", "vi")
    assert notice == "Chưa có câu trả lời nào để đánh giá."
    _, session, _, _, _ = h.respond(QUESTION, None, "Cà Mau", "", "vi")
    notice, comment = h.feedback("sai", "số đúng là 860.000", session, "Cà Mau", "", "vi")
    assert notice == "Đã ghi nhận góp ý. Cảm ơn!" and comment == ""
    (record,) = read_feedback(config.feedback_file)
    assert record["verdict"] == "sai" and record["question"] == QUESTION
    assert "859.463" in record["answer"] and record["citations"][0]["report"] == CA_MAU_FILE
    assert record["comment"] == "số đúng là 860.000"
    assert record["filters"] == {"province": "Cà Mau", "report": None}


def test_feedback_that_cannot_be_written_says_so_and_keeps_the_comment(tmp_path: Path) -> None:
    """review6: a feedback file that could not be written (full disk, a folder in its place)
    was an exception, Gradio's bare "Error", and the official's comment was lost."""
    h, _, config = _handlers(tmp_path)
    config.feedback_file.mkdir(parents=True)  # a folder where the file should be
    _, session, _, _, _ = h.respond(QUESTION, None, "Cà Mau", "", "vi")
    notice, comment = h.feedback("sai", "số đúng là 860.000", session, "Cà Mau", "", "vi")
    assert notice.startswith("Chưa lưu được góp ý (") and "quản trị viên" in notice
    assert comment == "số đúng là 860.000"


def test_upload_is_disabled_without_a_token(tmp_path: Path) -> None:
    h, fake, _ = _handlers(tmp_path)
    message, added = h.upload(str(tmp_path / "x.md"), "", "vi")
    assert added is None and "HOIDAP_TOKEN" in message and fake.added == []


def test_upload_needs_the_right_token_and_a_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    h, fake, _ = _handlers(tmp_path, token="s3cret")
    good = tmp_path / "Báo cáo Bạc Liêu.md"
    good.write_text("# Báo cáo Bạc Liêu năm 2021\nNội dung.", encoding="utf-8")
    empty = tmp_path / "trống.md"
    empty.write_text("", encoding="utf-8")
    assert h.upload(None, "s3cret", "vi") == ("Chưa chọn tệp.", None)
    assert h.upload(str(good), "wrong", "vi") == ("Sai mã quản trị.", None)
    assert "Chỉ nhận tệp" in h.upload(str(tmp_path / "a.exe"), "s3cret", "vi")[0]
    # review6: an old Word file was told only which types are taken, not how to make one.
    assert "Lưu thành (Save As) .docx" in h.upload(str(tmp_path / "BC.doc"), "s3cret", "vi")[0]
    message, added = h.upload(str(empty), "s3cret", "vi")
    assert added is None and "chỉ mục giữ nguyên" in message and "trống.md" in message
    assert fake.added == []
    message, added = h.upload(str(good), "s3cret", "en")
    assert added is not None and message.startswith("Added: Báo cáo Bạc Liêu năm 2021")
    assert ("Bạc Liêu", "Bạc Liêu") in province_choices(h.service, "vi")
    assert any(v == good.name for _, v in report_choices(h.service, "vi"))


def test_upload_reads_only_files_gradio_received(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client-chosen server path in the event payload (e.g. ~/x.md) is never read."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    h, fake, _ = _handlers(tmp_path, token="s3cret")
    secret = tmp_path / "secret.md"
    secret.write_text("# Mật\nKhông được đọc.", encoding="utf-8")
    link = tmp_path / "gradio" / "link.md"
    link.parent.mkdir()
    link.symlink_to(secret)
    for path in (secret, link, tmp_path / "gradio" / ".." / "secret.md"):
        _message, added = h.upload(str(path), "s3cret", "vi")
        assert added is None and fake.added == [], path
    assert secret.exists()


def test_choices_start_with_all(tmp_path: Path) -> None:
    h, _, _ = _handlers(tmp_path)
    assert province_choices(h.service, "vi")[0] == ("Tất cả", "")
    assert report_choices(h.service, "en")[0] == ("All", "")
    label, value = report_choices(h.service, "vi")[1]
    assert value == CA_MAU_FILE and label.startswith("Cà Mau · số liệu đến 16/11/2021 · ")


def test_new_chat_forgets_the_session(tmp_path: Path) -> None:
    h, _, _ = _handlers(tmp_path)
    messages, session, sources, _ = h.new_chat("en")
    assert messages == [] and session == new_session() and "hd-empty" in sources


def test_importing_the_ui_does_not_import_gradio() -> None:
    code = (
        "import sys, ui.app, ui.api, ui.command, ui.render\n"
        "print('gradio' in sys.modules, 'uvicorn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), ("/", ""), ("hoidap", "/hoidap"), ("/hoidap/", "/hoidap"), ("/a/b/", "/a/b")],
)
def test_root_path_is_normalized(value: str, expected: str) -> None:
    from ui.command import normalize_root_path

    assert normalize_root_path(value) == expected


def test_serve_help_lists_its_flags() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hoidap.cli", "serve", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for flag in ("--host", "--port", "--root-path", "--allow-origin"):
        assert flag in out


def test_reports_of_one_province_with_and_without_dates_sort(tmp_path: Path) -> None:
    import datetime as dt

    from hoidap.types import Report

    fake = FakePipeline.from_reports()
    fake.index.reports += [
        Report("a", "a.txt", "Không ngày", "báo cáo", "Cà Mau", "h1"),
        Report("b", "b.txt", "Có ngày", "báo cáo", "Cà Mau", "h2", issued=dt.date(2020, 1, 2)),
    ]
    service = Service(fake, Config(home=tmp_path))
    values = [v for _, v in report_choices(service, "vi")]
    assert values[:4] == ["", "a.txt", "b.txt", CA_MAU_FILE]


def test_document_filters_reach_the_pipeline_and_the_feedback(tmp_path: Path) -> None:
    h, fake, config = _handlers(tmp_path)
    _, session, _, _, _ = h.respond(
        QUESTION, None, "Cà Mau", "", "vi", "báo cáo", " 01/11/2021 ", "2021-11-30"
    )
    call = fake.calls[-1]
    assert (call["kind"], call["issued_from"], call["issued_to"]) == (
        "báo cáo",
        "01/11/2021",
        "2021-11-30",
    )
    h.feedback("đúng", "", session, "Cà Mau", "", "vi", "báo cáo", "01/11/2021", "")
    filters = read_feedback(config.feedback_file)[-1]["filters"]
    assert filters == {
        "province": "Cà Mau",
        "report": None,
        "kind": "báo cáo",
        "issued_from": "01/11/2021",
    }
    # Empty filters are not sent at all (every pipeline takes them then).
    h.respond(QUESTION, None, "", "", "vi", "", "", "")
    assert not {"kind", "issued_from", "issued_to"} & set(fake.calls[-1])


def test_kind_choices_are_the_indexed_kinds(tmp_path: Path) -> None:
    from ui.app import kind_choices

    h, _, _ = _handlers(tmp_path)
    kinds = kind_choices(h.service, "en")
    assert kinds[0] == ("All", "") and ("Báo cáo", "báo cáo") in kinds


def test_chat_filters_with_the_real_pipeline(tmp_path: Path) -> None:
    """Through the chat handlers to a real index of two documents of different kinds:
    the kind and date filters pick the document; a bad date is one clear line in the
    chat, not a traceback."""
    from index.store import build_index, load_index
    from ingest.pipeline import ingest_source
    from ingest.readers import read_source
    from qa.pipeline import Pipeline
    from tests.unit.test_index_contract import config_at
    from tests.unit.test_ingest_real_table import REAL

    plan = tmp_path / "ke_hoach.txt"
    plan.write_text(
        "ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 12/KH-UBND\nCà Mau, ngày 05 tháng 3 năm 2025\n\n"
        "KẾ HOẠCH\nTriển khai dịch vụ công trực tuyến năm 2025\n\n"
        "I. MỤC TIÊU\n\nThời hạn giải quyết hồ sơ trực tuyến là 10 ngày làm việc.\n",
        encoding="utf-8",
    )
    ingested = [ingest_source(read_source(p), Config()) for p in (REAL, plan)]
    config = config_at(tmp_path / "idx")
    build_index(config, [r for r, _ in ingested], [c for _, cs in ingested for c in cs])
    service = Service(Pipeline(load_index(config), config), config)
    h = ChatHandlers(service, config)
    question = "Thời hạn giải quyết là bao nhiêu ngày?"
    for kind, since, source in (
        ("kế hoạch", "", plan.name),
        ("quyết định", "", REAL.name),
        ("", "01/01/2025", plan.name),
    ):
        messages, session, _, _, _ = h.respond(question, None, "", "", "vi", kind, since, "")
        answer = session["turns"][-1][1]
        assert answer.hits and {hit.chunk.source for hit in answer.hits} == {source}
    messages, session, _, _, _ = h.respond(question, None, "", "", "vi", "", "31/02/2025", "")
    assert session["turns"] == [] and "31/02/2025" in messages[-1]["content"]
    assert "Traceback" not in messages[-1]["content"]


def test_an_upload_with_scanned_pages_not_read_says_which(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review7: a PDF whose scanned pages the server could not OCR was "Đã thêm" without a
    word about the pages left out."""
    import dataclasses

    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    h, fake, _ = _handlers(tmp_path, token="s3cret")
    add = fake.add_report
    monkeypatch.setattr(
        fake, "add_report", lambda path: dataclasses.replace(add(path), unread_pages=(2, 5))
    )
    for lang, words in (("vi", "Chưa đọc được trang 2, 5"), ("en", "Pages 2, 5 were not read")):
        good = tmp_path / f"Báo cáo {lang}.md"
        good.write_text("# Báo cáo Bạc Liêu năm 2021\nNội dung.", encoding="utf-8")
        message, added = h.upload(str(good), "s3cret", lang)
        assert added is not None and words in message and "Tesseract" in message
