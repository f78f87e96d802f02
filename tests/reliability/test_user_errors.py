"""What a user meets when a file or a name is not what hoidap expects (review5).

The real app (API + Gradio, real pipeline with the fake encoder) and the real upload
worker: a refused upload says why in Vietnamese first, then English, and leaves every
report and the index as they were; a report's file name typed in decomposed Unicode
(macOS, a name pasted from a file manager) finds the report it spells.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

import httpx

from tests.reliability.conftest import ADMIN, REPORTS, TOKEN, served, staging_left

NEW = (
    "# Báo cáo Bạc Liêu\n\nI. KẾT QUẢ\n\n"
    "Tỉnh Bạc Liêu đã tiêm 12.345 liều đến hết ngày 01/12/2021.\n"
)
NAME = "Báo cáo Bạc Liêu.md"
# Vietnamese letters beyond ASCII: the part before " / " of a message is Vietnamese.
VIETNAMESE = re.compile(r"[À-ỹđĐ]")


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _empty_docx() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def test_refused_uploads_say_why_vietnamese_first(home: Path) -> None:
    """They said "empty file", "no text in the file", "not a readable PDF", "PDF has no
    text, even after OCR", "no section headings found" in English only."""
    files = {
        "rỗng.md": b"",
        "trống.docx": _empty_docx(),
        "giả.pdf": b"this is a text file named .pdf\n",
        "trắng.pdf": _blank_pdf(),
        "không mục.txt": "Tỉnh Bạc Liêu đã tiêm 12.345 liều.\n".encode(),
    }
    with served(home, token=TOKEN) as (url, _service):
        manifest = (home / "data" / "index" / "manifest.json").read_bytes()
        for name, data in files.items():
            response = httpx.post(
                url + "/api/reports", files={"file": (name, data)}, headers=ADMIN, timeout=120
            )
            assert response.status_code == 400, (name, response.text)
            detail = response.json()["detail"]
            reason = detail.split(": ", 1)[1]
            assert " / " in reason and VIETNAMESE.search(reason.split(" / ", 1)[0]), detail
            assert "Traceback" not in detail
        assert (home / "data" / "index" / "manifest.json").read_bytes() == manifest
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []


def test_a_decomposed_file_name_finds_its_report(home: Path) -> None:
    """`--report`/"report" and the viewer's /reports/<file> compared the name as typed
    with the stored NFC name: the same name in NFD was "unknown report" and a 404."""
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    with served(home, token=TOKEN) as (url, _service):
        added = httpx.post(
            url + "/api/reports",
            files={"file": (NAME, NEW.encode())},
            headers=ADMIN,
            timeout=120,
        )
        assert added.status_code == 201, added.text
        assert added.json()["source"] == NAME
        page = httpx.get(f"{url}/reports/{quote(decomposed)}", headers=ADMIN, timeout=30)
        assert page.status_code == 200 and "12.345" in page.text
        body = httpx.post(
            url + "/api/ask",
            json={"question": "Bạc Liêu đã tiêm bao nhiêu liều?", "report": decomposed},
            headers=ADMIN,
            timeout=30,
        )
        assert body.status_code == 200, body.text
        assert body.json()["hits"] and {h["report"] for h in body.json()["hits"]} == {NAME}


def test_a_misspelt_field_is_refused_not_dropped(home: Path) -> None:
    """A filter under a wrong name ("provice", the CLI's "issued-from") was ignored and
    the question answered over every report; now a 422 names it and the known fields."""
    with served(home, token=TOKEN) as (url, _service):
        for field in ("provice", "issued-from"):
            response = httpx.post(
                url + "/api/ask",
                json={"question": "Có bao nhiêu ca mắc?", field: "Cà Mau"},
                headers=ADMIN,
                timeout=30,
            )
            assert response.status_code == 422, response.text
            detail = response.json()["detail"]
            assert f"unknown field '{field}'" in detail and "province" in detail
            assert detail.startswith("trường không có / unknown field")


def test_an_upload_named_past_the_file_systems_limit_is_a_400(home: Path) -> None:
    """A name over 255 bytes failed when staged (OSError: File name too long): a 500."""
    with served(home, token=TOKEN) as (url, _service):
        for name in ("a" * 300 + ".md", "Báo cáo tình hình " * 12 + ".md"):
            response = httpx.post(
                url + "/api/reports",
                files={"file": (name, NEW.encode())},
                headers=ADMIN,
                timeout=120,
            )
            assert response.status_code == 400, response.text
            assert "tên tệp quá dài / file name too long" in response.json()["detail"]
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []


def test_a_body_too_large_says_the_limit_and_what_to_do(home: Path) -> None:
    """qa-pass: a report over 20 MB was refused with "request body larger than 21037056
    bytes" (sent whole or in chunks: "request body too large"), which names neither the
    limit a user knows (20 MB) nor what to do; an over-long /api/ask body likewise."""
    from ui.uploads import MAX_UPLOAD_BYTES

    big = b"x" * (MAX_UPLOAD_BYTES + (1 << 20))  # past the multipart allowance too
    with served(home, token=TOKEN) as (url, _service):
        manifest = (home / "data" / "index" / "manifest.json").read_bytes()
        whole = httpx.post(
            url + "/api/reports", files={"file": ("lớn.txt", big)}, headers=ADMIN, timeout=120
        )
        head = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        body = head + big + b"\r\n--x--\r\n"
        chunked = httpx.post(
            url + "/api/reports",
            content=(body[i : i + (1 << 20)] for i in range(0, len(body), 1 << 20)),
            headers={**ADMIN, "content-type": "multipart/form-data; boundary=x"},
            timeout=120,
        )
        for response in (whole, chunked):
            assert response.status_code == 413, response.text
            detail = response.json()["detail"]
            assert detail.startswith("tệp quá lớn / file larger than 20 MB"), detail
            assert "tách báo cáo / split the report" in detail
        asked = httpx.post(
            url + "/api/ask",
            json={"question": "a" * 300_000},
            headers=ADMIN,
            timeout=30,
        )
        assert asked.status_code == 413, asked.text
        detail = asked.json()["detail"]
        assert detail.startswith("yêu cầu quá lớn / request body larger than 256 KB"), detail
        assert "1000" in detail  # the question's own limit, which is what to fix
        assert (home / "data" / "index" / "manifest.json").read_bytes() == manifest
        assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []
