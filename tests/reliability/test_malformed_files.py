"""≥ 50 malformed report files through the CLI, the API and the chat's upload handler:
each is one clear per-file error (never a traceback, never a 5xx), every good file is
indexed, and the previous index and reports stay as they were."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.reliability.conftest import (
    ADMIN,
    REPORTS,
    TOKEN,
    config_for,
    hoidap_index,
    served,
    staging_left,
)
from tests.reliability.malformed import make_corpus, make_good

# One of each kind goes through the upload paths (each upload is a worker process, ~2 s).
UPLOAD_SAMPLE = (
    "empty.md",
    "nul.txt",
    "one_line.txt",
    "truncated.pdf",
    "encrypted_user.pdf",
    "many_pages.pdf",
    "stream_bomb.pdf",
    "bad_xml.docx",
    "zip_bomb.docx",
    "not_zip.docx",
    "flipped_0.pdf",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("malformed")
    return folder, make_corpus(folder)


def test_the_corpus_is_large_enough(corpus: tuple[Path, dict[str, str]]) -> None:
    assert len(corpus[1]) >= 50


def test_hoidap_index_builds_every_good_file_and_lists_the_bad(
    corpus: tuple[Path, dict[str, str]], home: Path
) -> None:
    """Defect 4: one unreadable file (AES PDF, inflate limit, bad DOCX XML) aborted the
    whole build with a traceback."""
    folder, expected = corpus
    reports = home / "data" / "reports"
    for path in folder.iterdir():
        shutil.copy(path, reports / path.name)
    good = make_good(reports)
    # A symlink could pull any readable file on the server into the index.
    outside = home / "outside.md"
    outside.write_bytes((reports / "good.md").read_bytes().replace(b"859.463", b"111.111"))
    (reports / "link.md").symlink_to(outside)
    done = hoidap_index(home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("hoidap: bỏ qua")]
    from index.store import load_index

    indexed = {r.source for r in load_index(config_for(home)).reports}
    assert indexed >= {*REPORTS, *good}  # the owner-password-only PDF opens
    assert "link.md" not in indexed
    assert any("/link.md:" in line and "symbolic link" in line for line in skipped)
    for name, word in expected.items():
        lines = [line for line in skipped if f"/{name}:" in line]
        if name in indexed:
            assert not word, f"{name} should have been refused ({word})"
            continue
        assert len(lines) == 1, (name, lines)
        assert word.lower() in lines[0].lower(), (name, word, lines[0])


def test_bad_uploads_through_the_api_and_the_chat(
    corpus: tuple[Path, dict[str, str]], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, expected = corpus
    gradio_tmp = home / "gradio-uploads"
    gradio_tmp.mkdir()
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(gradio_tmp))
    from ui.app import ChatHandlers

    manifest = home / "data" / "index" / "manifest.json"
    before = manifest.read_bytes()
    with served(home, token=TOKEN) as (url, service):
        handlers = ChatHandlers(service, service.config)
        for name in UPLOAD_SAMPLE:
            data = (folder / name).read_bytes()
            response = httpx.post(
                url + "/api/reports", files={"file": (name, data)}, headers=ADMIN, timeout=300
            )
            assert 400 <= response.status_code < 500, (name, response.status_code)
            detail = response.json()["detail"]
            assert name in detail and "Traceback" not in detail
            assert expected[name].lower() in detail.lower(), (name, detail)
            assert str(home) not in detail  # no server paths in messages
            # The same file through the chat's upload button (as Gradio hands it over).
            received = gradio_tmp / name
            received.write_bytes(data)
            message, added = handlers.upload(str(received), TOKEN, "vi")
            assert added is None and name in message and "Traceback" not in message
            assert not received.exists()  # Gradio's copy is removed
        assert {r.source for r in service.reports()} == set(REPORTS)
    assert manifest.read_bytes() == before
    assert sorted(p.name for p in (home / "data" / "reports").iterdir()) == sorted(REPORTS)
    assert staging_left(home) == []
