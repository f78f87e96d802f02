"""The report viewer page and the offline API docs, over HTTP (no browser).

The browser tests check highlighting and scrolling; these check what the server sends:
metadata, outline, every line numbered and escaped, 404 for unknown files, and /docs
pointing only at this server's own assets.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hoidap.config import Config
from hoidap.types import Report, Section
from tests.ui_fakes import CA_MAU_FILE, CA_MAU_TITLE, HOSTILE_FILE, REPO, FakePipeline
from ui import viewer
from ui.api import create_api
from ui.app import viewer_routes
from ui.service import Service


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tmp = tmp_path_factory.mktemp("viewer")
    config = Config(home=tmp, reports_dir=REPO / "data" / "reports", feedback_path=tmp / "f")
    service = Service(FakePipeline.from_reports(), config)
    app = create_api(service, config)
    viewer_routes(app, service, config)
    return TestClient(app)


def test_report_page_has_metadata_outline_and_numbered_text(client: TestClient) -> None:
    response = client.get(f"/reports/{CA_MAU_FILE}")
    assert response.status_code == 200
    page = response.text
    assert f'<h1 id="title">{CA_MAU_TITLE}</h1>' in page
    assert "<dt>Tỉnh</dt><dd>Cà Mau</dd>" in page and CA_MAU_FILE in page
    source = (REPO / "data" / "reports" / CA_MAU_FILE).read_text(encoding="utf-8")
    assert page.count("class='ln'") == len(source.split("\n"))
    assert "id='L133'" in page and "859.463 người" in page
    assert 'href="../"' in page  # back to the chat, from /reports/ and /embed/reports/ alike
    assert client.get(f"/embed/reports/{CA_MAU_FILE}?lang=en").text.count("Full text") == 1


def test_hostile_report_text_is_escaped_and_rebuilt_from_passages(client: TestClient) -> None:
    page = client.get(f"/reports/{HOSTILE_FILE}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<b>thử" not in page and "<em>" not in page
    assert "ghép từ các đoạn đã lập chỉ mục" in page  # no file on disk: passages fill in
    assert len(re.findall(r"<script>", page)) == 1  # only the page's own script


def test_a_file_edited_after_indexing_shows_the_indexed_passages(tmp_path: Path) -> None:
    """review6: a report edited on disk after `hoidap index` was shown as it is now, so the
    citation's #L133 highlighted whatever sentence had moved there."""
    folder = tmp_path / "reports"
    folder.mkdir()
    source = (REPO / "data" / "reports" / CA_MAU_FILE).read_text(encoding="utf-8")
    (folder / CA_MAU_FILE).write_text("Dòng thêm ở đầu.\n" * 3 + source, encoding="utf-8")
    config = Config(home=tmp_path, reports_dir=folder, feedback_path=tmp_path / "f")
    service = Service(FakePipeline.from_reports(), config)
    app = create_api(service, config)
    viewer_routes(app, service, config)
    page = TestClient(app).get(f"/reports/{CA_MAU_FILE}").text
    assert "Tệp gốc đã bị sửa sau khi lập chỉ mục" in page and "Dòng thêm ở đầu" not in page
    line = re.search(r"id='L133'.*?<span class='tx'>(.*?)</span>", page)
    assert line is not None and "859.463 người" in line.group(1)


def test_a_report_in_a_subfolder_is_shown_from_its_file(tmp_path: Path) -> None:
    """review6: `hoidap index` reads the reports folder's subfolders, but the viewer looked
    only at the top: every such report said its file was no longer there."""
    folder = tmp_path / "reports"
    (folder / "2021").mkdir(parents=True)
    source = (REPO / "data" / "reports" / CA_MAU_FILE).read_text(encoding="utf-8")
    (folder / "2021" / CA_MAU_FILE).write_text(source, encoding="utf-8")
    config = Config(home=tmp_path, reports_dir=folder, feedback_path=tmp_path / "f")
    service = Service(FakePipeline.from_reports(), config)
    app = create_api(service, config)
    viewer_routes(app, service, config)
    page = TestClient(app).get(f"/reports/{CA_MAU_FILE}").text
    assert "class='note'" not in page
    assert page.count("class='ln'") == len(source.split("\n"))


@pytest.mark.parametrize("name", ["nope.txt", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E.md"])
def test_unknown_report_is_a_404_page(client: TestClient, name: str) -> None:
    response = client.get(f"/reports/{name}")
    assert response.status_code == 404
    assert "<script>" not in response.text and "root:" not in response.text
    if "%2F" not in name:  # a "/" never reaches the viewer (no such route)
        assert "Không có báo cáo" in response.text


def test_api_lists_each_report_with_its_viewer_link(client: TestClient) -> None:
    reports = client.get("/api/reports").json()["reports"]
    viewers = {r["source"]: r["viewer"] for r in reports}
    assert viewers[CA_MAU_FILE] == f"reports/{CA_MAU_FILE}"
    assert client.get("/" + viewers[CA_MAU_FILE]).status_code == 200


def test_metadata_shows_newer_fields_when_present() -> None:
    report = Report("r", "a.md", "Kế hoạch", "kế hoạch", "Bắc Ninh", "h", number="12/KH-UBND")
    rows = dict(viewer.metadata_rows(report, "vi"))
    assert rows["Số"] == "12/KH-UBND" and "Người ký" not in rows
    # A Report from the newer ingest (signer, issuer) is shown with those fields.
    extended = dataclasses.replace(
        report, signer="Nguyễn Văn A", signer_title="Phó Chủ tịch", issuer="UBND <tỉnh>"
    )
    rows = dict(viewer.metadata_rows(extended, "vi"))
    assert rows["Người ký"] == "Nguyễn Văn A (Phó Chủ tịch)"
    assert rows["Cơ quan ban hành"] == "UBND &lt;tỉnh&gt;"


def test_outline_nests_sections_and_links_their_lines() -> None:
    sections = (
        Section("a", "I", "I. Tình hình", 1, ("I. Tình hình",), 3, 20),
        Section("b", "1", "1. Ca mắc", 2, ("I. Tình hình", "1. Ca mắc"), 5, 9),
        Section("c", "II", "II. <Nhiệm vụ>", 1, ("II. <Nhiệm vụ>",), 21, 40),
    )
    html = viewer.outline_html(sections)
    assert html.count("<ul>") == html.count("</ul>") == 2
    assert "<ul><ul>" not in html and "</ul><ul>" not in html  # sub-lists inside items
    assert "href='#L5-9'>1. Ca mắc</a>" in html and "&lt;Nhiệm vụ&gt;" in html


def test_docs_use_only_local_assets(tmp_path: Path) -> None:
    config = Config(home=tmp_path, feedback_path=tmp_path / "f")
    app: FastAPI = create_api(Service(FakePipeline.from_reports(), config), config)
    local = TestClient(app)
    page = local.get("/docs").text
    urls = re.findall(r"""(?:src|href)=['"]([^'"]+)['"]|url: ?['"]([^'"]+)['"]""", page)
    found = [u for pair in urls for u in pair if u]
    assert found and all(u.startswith("/") for u in found), found
    assert "cdn" not in page.lower() and "validatorUrl" in page
    for url in found:
        assert local.get(url).status_code == 200, url
