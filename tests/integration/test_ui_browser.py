"""Chromium drives the chat like an official would (fake pipeline, real server).

Type a question, see the answer with its figure and [1], open the source and see the
cited sentence highlighted; the compact chat embedded from another origin (iframe and
``<gradio-app>``); behind a sub-path proxy; hostile report text shown as text.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hoidap.config import Config
from tests.integration.browser import CHROMIUM, CHROMIUM_ARGS
from tests.ui_fakes import (
    CA_MAU_FILE,
    REPO,
    FakePipeline,
    free_port,
    running_server,
    subpath_proxy,
)
from ui.feedback import read_feedback
from ui.service import Service

pytestmark = [pytest.mark.integration, pytest.mark.browser]

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"
TOKEN = "s3cret-admin"
TIMEOUT = 30_000  # generous: CI machines also build indexes
AXE = REPO / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install chromium (make test does)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Site:
    """A running hoidap server with its fake pipeline and config."""

    def __init__(self, url: str, fake: FakePipeline, config: Config) -> None:
        self.url, self.fake, self.config = url, fake, config


def _site(tmp: Path, token: str = TOKEN, cors_origins: str = "") -> Any:
    from ui.app import create_server

    fake = FakePipeline.from_reports()
    config = Config(
        home=tmp,
        reports_dir=REPO / "data" / "reports",
        feedback_path=tmp / "fb" / "feedback.jsonl",
        token=token,
        cors_origins=cors_origins,
    )
    return fake, config, create_server(Service(fake, config), config)


def sign_in(page: Any, url: str) -> None:
    """With a token set every page needs it: sign in once, as an official would."""
    page.goto(url + "/")
    page.locator("input[name=token]").fill(TOKEN)
    page.locator("button[type=submit]").click()
    page.wait_for_url(url + "/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    fake, config, app = _site(tmp_path_factory.mktemp("site"))
    with running_server(app) as url:
        yield Site(url, fake, config)


@pytest.fixture(scope="module")
def open_site(
    tmp_path_factory: pytest.TempPathFactory, intranet: tuple[Path, str]
) -> Iterator[Site]:
    """No token (open reading, uploads off) and CORS for the intranet's origin: how a page
    on another origin embeds the chat (see README, access)."""
    fake, config, app = _site(tmp_path_factory.mktemp("open"), token="", cors_origins=intranet[1])
    with running_server(app) as url:
        yield Site(url, fake, config)


@pytest.fixture()
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="vi-VN")
    pg = context.new_page()
    pg.dialogs = []  # any alert() from report text would land here
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    if "site" in request.fixturenames:
        sign_in(pg, request.getfixturevalue("site").url)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def intranet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Another origin (another port) serving the intranet's own pages."""
    folder = tmp_path_factory.mktemp("intranet")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def ask(root: Any, question: str) -> None:
    box = root.locator("#hd-question textarea")
    box.fill(question, timeout=TIMEOUT)
    box.press("Enter")


def expect_answer(root: Any, figure: str = "859.463") -> None:
    from playwright.sync_api import expect

    expect(root.locator("#hd-chat")).to_contain_text(figure, timeout=TIMEOUT)
    expect(root.locator("#hd-sources mark").first).to_contain_text(figure, timeout=TIMEOUT)


def test_chat_answers_with_figure_citation_and_highlighted_source(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    chat = page.locator("#hd-chat")
    expect(chat).to_contain_text("[1]")
    expect(chat).to_contain_text("số liệu đến 16/11/2021")
    source = page.locator("#hd-src-1")
    expect(source).to_contain_text("Kết quả thực hiện công tác phòng, chống dịch COVID-19")
    expect(source).to_contain_text("d) Về công tác tiêm chủng")
    expect(source).to_contain_text("Dòng")
    # Close and reopen the source: the sentence is marked inside its section passage.
    source.locator("summary").click()
    expect(source.locator("mark")).to_be_hidden()
    source.locator("summary").click()
    mark = source.locator(".hd-passage mark")
    expect(mark).to_be_visible()
    expect(mark).to_have_text(
        "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
        "859.463 người, chiếm tỷ lệ 74,8% dân số"
    )
    expect(source.locator(".hd-passage")).to_contain_text("Trước tháng 4/2021")
    mark.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)


def test_follow_up_keeps_history_and_feedback_is_stored(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    ask(page, "còn Sóc Trăng thì sao?")
    expect(page.locator("#hd-chat")).to_contain_text("còn Sóc Trăng thì sao?", timeout=TIMEOUT)
    expect(page.locator("#hd-chat")).to_contain_text("Không tìm thấy", timeout=TIMEOUT)
    assert site.fake.calls[-1]["history"] == [QUESTION]
    page.locator("#hd-comment textarea").fill("nên trả lời theo Sóc Trăng")
    page.locator("#hd-wrong").click()
    expect(page.locator("#hd-notice")).to_contain_text("Đã ghi nhận góp ý", timeout=TIMEOUT)
    last = read_feedback(site.config.feedback_file)[-1]
    assert last["verdict"] == "sai" and last["question"] == "còn Sóc Trăng thì sao?"
    assert last["comment"] == "nên trả lời theo Sóc Trăng" and last["history"] == [QUESTION]
    # A new chat forgets the history: the next follow-up stands alone.
    page.locator("#hd-new-chat").click()
    expect(page.locator("#hd-sources")).to_contain_text("Các đoạn được trích dẫn sẽ hiện ở đây")
    ask(page, "còn Bạc Liêu thì sao?")
    expect(page.locator("#hd-chat")).to_contain_text("Không tìm thấy", timeout=TIMEOUT)
    expect(page.locator("#hd-chat")).not_to_contain_text(QUESTION)
    assert site.fake.calls[-1]["history"] == []


def test_not_found_shows_the_closest_passages(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    ask(page, "Giá vàng hôm nay là bao nhiêu?")
    expect(page.locator("#hd-chat")).to_contain_text(site.fake.abstain_text, timeout=TIMEOUT)
    sources = page.locator("#hd-sources")
    expect(sources).to_contain_text("Các đoạn gần nhất")
    expect(sources.locator(".hd-hit")).to_have_count(2)
    expect(sources.locator("mark")).to_have_count(0)


def test_hostile_report_text_renders_as_text(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    ask(page, "báo cáo thử nghiệm")
    chat, sources = page.locator("#hd-chat"), page.locator("#hd-sources")
    expect(chat).to_contain_text("<script>alert(1)</script>", timeout=TIMEOUT)
    expect(chat).to_contain_text("**12.345 ca**")
    expect(chat).to_contain_text("[link](javascript:alert(1))")
    expect(sources).to_contain_text("<script>alert(1)</script>")
    expect(sources).to_contain_text("Báo cáo <b>thử nghiệm</b> **đậm**")
    expect(sources).to_contain_text("<img src=x onerror=alert(2)>")
    for root in (chat, sources):
        assert root.locator("script, img, a[href^='javascript'], em, b").count() == 0
    # The only bold is hoidap's own: the figure, inside the report's literal asterisks.
    assert sources.locator("strong").count() == 0
    assert chat.locator("strong").all_inner_texts() == ["12.345 ca"]
    page.wait_for_timeout(300)
    assert page.dialogs == []
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_language_switch(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    page.locator("#hd-lang").get_by_text("English").click()
    expect(page.locator("#hd-send")).to_have_text("Ask", timeout=TIMEOUT)
    expect(page.locator("#hd-sources-title")).to_contain_text("Cited sources")
    expect(page.locator("#hd-sources")).to_contain_text("Cited passages appear here")
    ask(page, QUESTION)
    expect_answer(page)
    expect(page.locator("#hd-src-1")).to_contain_text("Figures as of")


def test_document_filters_by_keyboard(page: Any, site: Site) -> None:
    """Kind of document and issue dates, found by their Vietnamese labels and set with
    the keyboard only, go with the question to the pipeline."""
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    kind = page.get_by_label("Loại văn bản")
    kind.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Báo")
    # Only a chosen option fills the box with the whole kind (typing alone gives "Báo").
    option = page.get_by_role("option", name="Báo cáo")
    expect(option).to_be_visible(timeout=TIMEOUT)
    # Arrow down until the option is the active one (the list may still be filtering
    # when the first key arrives; the arrow keys cycle through it), then Enter.
    for _ in range(12):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(150)
        if "active" in (option.get_attribute("class") or "").split():
            break
    else:
        raise AssertionError("the arrow keys never made «Báo cáo» the active option")
    page.keyboard.press("Enter")
    expect(kind).to_have_value("Báo cáo", timeout=TIMEOUT)
    expect(kind).to_have_attribute("aria-expanded", "false", timeout=TIMEOUT)
    page.get_by_label("Ban hành từ ngày").focus()
    page.keyboard.type("01/11/2021")
    page.keyboard.press("Tab")
    page.keyboard.type("2021-11-30")
    expect(page.get_by_label("Ban hành đến ngày")).to_have_value("2021-11-30")
    ask(page, QUESTION)
    expect_answer(page)
    call = site.fake.calls[-1]
    assert (call["kind"], call["issued_from"], call["issued_to"]) == (
        "báo cáo",
        "01/11/2021",
        "2021-11-30",
    )


def test_admin_upload_needs_the_token(page: Any, site: Site, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    report = tmp_path / "Báo cáo Bạc Liêu.md"
    report.write_text("# Báo cáo phòng chống dịch tỉnh Bạc Liêu\nNội dung.", encoding="utf-8")
    page.goto(site.url + "/")
    page.locator("#hd-admin").get_by_text("Thêm báo cáo").click()
    page.locator("#hd-upload input[type=file]").set_input_files(str(report))
    # Gradio's file list may set the extension apart from the name ("Báo cáo Bạc Liêu .md").
    name = re.compile(r"Báo cáo Bạc Liêu\s*\.md")
    expect(page.locator("#hd-upload")).to_contain_text(name, timeout=TIMEOUT)
    page.locator("#hd-token input").fill("not-the-token")
    page.locator("#hd-add").click()
    status = page.locator("#hd-upload-status")
    expect(status).to_contain_text("Sai mã quản trị", timeout=TIMEOUT)
    assert site.fake.added == []
    page.locator("#hd-token input").fill(TOKEN)
    page.locator("#hd-add").click()
    expect(status).to_contain_text(
        "Đã thêm: Báo cáo phòng chống dịch tỉnh Bạc Liêu", timeout=TIMEOUT
    )
    assert [p.name for p in site.fake.added] == ["Báo cáo Bạc Liêu.md"]
    page.locator("#hd-province input").click()
    expect(page.get_by_role("option", name="Bạc Liêu")).to_be_visible(timeout=TIMEOUT)


def test_embed_in_an_iframe_on_another_origin(
    page: Any, open_site: Site, intranet: tuple[Path, str]
) -> None:
    site = open_site
    from playwright.sync_api import expect

    folder, origin = intranet
    (folder / "iframe.html").write_text(
        "<!doctype html><meta charset='utf-8'><h1>Cổng thông tin nội bộ tỉnh Cà Mau</h1>"
        f"<iframe id='hoidap' src='{site.url}/embed/?province=Cà Mau&kind=báo cáo' title='hoidap'"
        " style='width:480px;height:1100px;border:1px solid #ccc'></iframe>",
        encoding="utf-8",
    )
    page.goto(f"{origin}/iframe.html")
    frame = page.frame_locator("#hoidap")
    # ?province= is applied by the page's load event; the folded filter shows it.
    frame.locator("#hd-filters").get_by_text("Bộ lọc").click()
    expect(frame.locator("#hd-province input")).to_have_value("Cà Mau", timeout=TIMEOUT)
    expect(frame.locator("#hd-kind input")).to_have_value("Báo cáo", timeout=TIMEOUT)
    ask(frame, QUESTION)
    expect_answer(frame)
    assert site.fake.calls[-1]["province"] == "Cà Mau"  # preset by ?province=
    assert site.fake.calls[-1]["kind"] == "báo cáo"  # and ?kind=
    assert frame.locator("#hd-upload").count() == 0
    frame.locator("#hd-sources mark").first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "embed-iframe.png"), full_page=True)


def test_web_component_on_another_origin(
    page: Any, open_site: Site, intranet: tuple[Path, str]
) -> None:
    site = open_site
    folder, origin = intranet
    (folder / "component.html").write_text(
        "<!doctype html><meta charset='utf-8'>"
        f"<script type='module' src='{site.url}/gradio.js'></script>"
        "<h1>Cổng thông tin nội bộ tỉnh Cà Mau</h1>"
        f"<gradio-app src='{site.url}/embed/'></gradio-app>",
        encoding="utf-8",
    )
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{origin}/component.html")
    ask(page, QUESTION)
    expect_answer(page)
    assert not [u for u in failed if "/assets/" in u or "gradio.js" in u]
    page.screenshot(path=str(ARTIFACTS / "embed-component.png"), full_page=True)


def test_behind_a_reverse_proxy_under_a_sub_path(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _, _, app = _site(tmp_path_factory.mktemp("proxied"))
    with (
        running_server(app, root_path="/hoidap") as url,
        subpath_proxy(int(url.rsplit(":", 1)[1]), "/hoidap") as public,
    ):
        sign_in(page, public)  # the sign-in page and its cookie work under a sub-path too
        page.goto(public + "/")
        ask(page, QUESTION)
        expect_answer(page)
        page.goto(public + "/embed")
        ask(page, QUESTION)
        expect_answer(page)
        assert page.url == public + "/embed/"
        page.goto("about:blank")  # close the chat's streams before the server stops


def wcag_aa_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2 A/AA findings on the page as it is now (contrast included)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it runs npm ci in tests/a11y)")
    page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})).violations.map(
             v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""
    )
    return found


@pytest.mark.parametrize("width", [360, 390, 430, 1360])
def test_layout_fits_phones_and_passes_wcag_aa(browser: Any, site: Site, width: int) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": 844}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, site.url)
    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    # No sideways scrolling; the title wraps on a few lines instead of one letter per line.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    title = page.locator("#hd-header h2").bounding_box()
    assert title is not None and title["width"] > min(width - 80, 600) and title["height"] < 120
    chat, sources = page.locator("#hd-chat").bounding_box(), page.locator("#hd-sources")
    box = sources.bounding_box()
    assert chat is not None and box is not None
    if width < 640:  # one column: the sources come under the chat
        assert box["y"] > chat["y"] + chat["height"] and box["width"] > width - 80
    else:  # side by side
        assert box["x"] > chat["x"] + chat["width"] - 1
    assert page.locator("#hd-chat strong").first.inner_text() == "859.463 người"
    assert wcag_aa_violations(page) == []
    if width in (390, 1360):
        name = "phone" if width < 640 else "desktop"
        page.screenshot(path=str(ARTIFACTS / f"layout-{name}.png"), full_page=True)
        ask(page, "Giá vàng hôm nay là bao nhiêu?")
        expect(sources.locator(".hd-hit")).to_have_count(2, timeout=TIMEOUT)
        assert wcag_aa_violations(page) == []
        page.screenshot(path=str(ARTIFACTS / f"not-found-{name}.png"), full_page=True)
    context.close()


def test_citation_marker_opens_and_scrolls_to_its_source(browser: Any, site: Site) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, site.url)
    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    card = page.locator("#hd-src-1")
    card.locator("summary").click()  # close it, then go back up to the answer
    expect(card.locator("mark")).to_be_hidden()
    marker = page.locator("#hd-chat a[href='#hd-src-1']").first
    marker.scroll_into_view_if_needed()
    assert not card.evaluate("e => e.getBoundingClientRect().top < innerHeight")
    marker.click()
    expect(card.locator(".hd-passage mark")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function(
        "() => { const r = document.querySelector('#hd-src-1').getBoundingClientRect();"
        " return r.top >= -1 && r.top < innerHeight / 2; }",
        timeout=TIMEOUT,
    )
    assert page.url == site.url + "/"  # no navigation, no new tab
    page.screenshot(path=str(ARTIFACTS / "marker-scrolled-phone.png"))
    context.close()


def test_report_viewer_highlights_the_cited_lines(browser: Any, site: Site) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, site.url)
    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    # From the source card: the report opens in a new tab at the cited lines.
    with context.expect_page() as opened:
        page.locator("#hd-src-1 a.hd-open").click()
    viewer = opened.value
    viewer.wait_for_load_state()
    assert viewer.url == f"{site.url}/reports/{CA_MAU_FILE}#L133"
    expect(viewer.locator("#title")).to_have_text(
        "Kết quả thực hiện công tác phòng, chống dịch COVID-19 trên địa bàn tỉnh Cà Mau năm 2021"
    )
    expect(viewer.locator("#meta")).to_contain_text("Cà Mau")
    expect(viewer.locator("#L133.hl")).to_contain_text("859.463 người")
    assert viewer.locator(".ln.hl").count() == 1
    # A shared link to a range: every line highlighted, the first in view.
    viewer.goto(f"{site.url}/reports/{CA_MAU_FILE}#L127-133")
    viewer.reload()
    expect(viewer.locator(".ln.hl")).to_have_count(7)
    expect(viewer.locator("#L127")).to_be_in_viewport()
    viewer.locator("#outline a").first.click()  # elsewhere, then back through the outline
    expect(viewer.locator("#L29.hl")).to_be_in_viewport()
    # The outline jumps to a section's lines.
    outline = viewer.locator("#outline a", has_text="d) Về công tác tiêm chủng")
    outline.click()
    expect(viewer.locator(".ln.hl")).to_have_count(7)
    expect(viewer.locator("#L127.hl")).to_be_in_viewport()
    assert viewer.url.endswith("#L127-133")
    assert wcag_aa_violations(viewer) == []
    viewer.goto(f"{site.url}/reports/{CA_MAU_FILE}#L127-133")
    viewer.reload()
    viewer.screenshot(path=str(ARTIFACTS / "viewer-desktop.png"))
    viewer.set_viewport_size(PHONE)
    viewer.reload()
    assert viewer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    viewer.screenshot(path=str(ARTIFACTS / "viewer-phone.png"))
    context.close()


def test_report_viewer_from_the_embed_and_for_hostile_text(
    page: Any, site: Site, intranet: tuple[Path, str]
) -> None:
    from playwright.sync_api import expect

    folder, origin = intranet
    (folder / "viewer.html").write_text(
        "<!doctype html><meta charset='utf-8'>"
        f"<iframe id='hoidap' src='{site.url}/embed/' style='width:420px;height:1000px'>"
        "</iframe>",
        encoding="utf-8",
    )
    page.goto(f"{origin}/viewer.html")
    frame = page.frame_locator("#hoidap")
    ask(frame, "báo cáo thử nghiệm")
    link = frame.locator("#hd-src-1 a.hd-open")
    expect(link).to_have_attribute("href", "reports/999_hostile.md#L2", timeout=TIMEOUT)
    with page.context.expect_page() as opened:
        link.click()
    viewer = opened.value
    viewer.wait_for_load_state()
    assert viewer.url == f"{site.url}/embed/reports/999_hostile.md#L2"
    expect(viewer.locator("#L2.hl")).to_contain_text("<script>alert(1)</script>")
    expect(viewer.locator("#title")).to_have_text("Báo cáo <b>thử nghiệm</b> **đậm**")
    assert viewer.locator("#text script, #text img, #text b, #text em").count() == 0
    viewer.wait_for_timeout(200)
    assert page.dialogs == []


def test_docs_work_with_the_network_closed(browser: Any, site: Site) -> None:
    """Only loopback answers: anything else the page asks for is blocked and recorded."""
    from urllib.parse import urlsplit

    from playwright.sync_api import expect

    context = browser.new_context(locale="vi-VN")
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    sign_in(page, site.url)
    page.goto(site.url + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hoidap API", timeout=TIMEOUT)
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert page.locator(".opblock").count() >= 4
    page.screenshot(path=str(ARTIFACTS / "docs-offline.png"))
    page.goto(site.url + "/")
    ask(page, QUESTION)
    expect_answer(page)
    assert outside == []
    context.close()


def test_gradio_widgets_speak_vietnamese(page: Any, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    page.locator("#hd-admin").get_by_text("Thêm báo cáo").click()
    upload = page.locator("#hd-upload")
    expect(upload).to_contain_text("Thả tệp vào đây", timeout=TIMEOUT)
    expect(upload).to_contain_text("Bấm để chọn tệp")
    ask(page, QUESTION)
    expect_answer(page)
    english = page.evaluate(
        """() => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             const seen = []; for (let n = w.nextNode(); n; n = w.nextNode()) {
               const t = n.nodeValue.trim(); if (t && n.parentElement.offsetParent !== null)
               seen.push(t); }
             const labels = [...document.querySelectorAll('[aria-label]')]
               .map(e => e.getAttribute('aria-label'));
             return seen.concat(labels); }"""
    )
    leftovers = {"Drop File Here", "Click to Upload", "Copy message", "Clear", "Built with Gradio"}
    assert not leftovers & set(english), leftovers & set(english)
    page.locator("#hd-lang").get_by_text("English").click()
    expect(upload).to_contain_text("Drop File Here", timeout=TIMEOUT)
