"""A deterministic stand-in for ``qa.pipeline.Pipeline``, and helpers to run the real server
in tests (uvicorn in a thread; a sub-path reverse proxy like nginx's).

The UI must be testable without building an index (seconds of model loading) and before
the real pipeline exists, so this fake answers from real passages of a bundled report
(Cà Mau, 2021) with real ``Answer`` / ``Citation`` / ``Hit`` / ``Chunk`` values. It also
holds a hostile report whose text contains ``<script>``, ``**`` and a ``javascript:``
link, to prove the UI shows report text as text.

>>> fake = FakePipeline.from_reports()
>>> answer = fake.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
>>> "859.463" in answer.text, answer.citations[0].lines
(True, (133, 133))
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import http.server
import socket
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hoidap.errors import IngestError, InputError
from hoidap.types import Answer, Chunk, Citation, Hit, Report, Section, stable_id

REPO = Path(__file__).resolve().parents[1]
CA_MAU_FILE = "001_fa29380e2daf4212.txt"
CA_MAU_TITLE = (
    "Kết quả thực hiện công tác phòng, chống dịch COVID-19 trên địa bàn tỉnh Cà Mau năm 2021"
)
VACCINE_QUOTE = (
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người, chiếm tỷ lệ 74,8% dân số"
)
HOSTILE_FILE = "999_hostile.md"
HOSTILE_TEXT = (
    "Tỉnh X báo cáo <script>alert(1)</script> có **12.345 ca** được ghi nhận "
    "[link](javascript:alert(1)) và <img src=x onerror=alert(2)> đến hết ngày 01/12/2021."
)
ABSTAIN_VI = "Không tìm thấy thông tin này trong các báo cáo."
_PATH = ("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "2. Công tác y tế", "d) Về công tác tiêm chủng")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _chunk(
    report: Report, lines: list[str], start: int, end: int, path: tuple[str, ...], ordinal: int
) -> Chunk:
    raw = _nfc("\n".join(lines[start - 1 : end]).strip())
    clean = raw.replace("**", "")
    return Chunk(
        chunk_id=stable_id(report.report_id, path, ordinal, raw),
        report_id=report.report_id,
        source=report.source,
        province=report.province,
        section_id=stable_id(report.report_id, path),
        section_path=path,
        ordinal=ordinal,
        text=raw,
        clean=clean,
        segmented=clean.lower(),
        unaccented=clean.lower(),
        line_start=start,
        line_end=end,
        char_start=0,
        char_end=len(raw),
        report_title=report.title,
        report_issued=report.issued,
        province_2025=report.province_2025,
    )


class FakeIndex:
    """Reports and chunks, looked up the way ``Pipeline.index`` is."""

    def __init__(self, reports: list[Report], chunks: list[Chunk]) -> None:
        self.reports = reports
        self.chunks = chunks

    def chunk_by_id(self, chunk_id: str) -> Chunk:
        for chunk in self.chunks:
            if chunk.chunk_id == chunk_id:
                return chunk
        raise KeyError(chunk_id)


class FakePipeline:
    """Answers three kinds of question the way the real pipeline would:

    - vaccination in Cà Mau: the 859.463 figure, cited to line 133 of the Cà Mau report;
    - anything mentioning "thử nghiệm" / "hostile": an answer quoting the hostile report;
    - anything else: abstains and returns the closest passages as hits.

    Every call is recorded in ``calls`` so tests can check what the UI passed (history,
    province, report).
    """

    abstain_text = ABSTAIN_VI

    def __init__(self, index: FakeIndex, *, delay: float = 0.0) -> None:
        self.index = index
        self.calls: list[dict[str, Any]] = []
        self.added: list[Path] = []
        self.delay = delay

    @classmethod
    def from_reports(cls, reports_dir: Path | None = None) -> FakePipeline:
        folder = reports_dir or REPO / "data" / "reports"
        text = _nfc((folder / CA_MAU_FILE).read_text(encoding="utf-8"))
        lines = text.splitlines()
        ca_mau = Report(
            report_id=stable_id("report", CA_MAU_FILE),
            source=CA_MAU_FILE,
            title=CA_MAU_TITLE,
            kind="báo cáo",
            province="Cà Mau",
            province_2025="Cà Mau",
            # As ingest hashes it, so the viewer sees the file on disk is the one indexed.
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            period_end=dt.date(2021, 11, 16),
            sections=(
                Section("s2", "II", "CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", 1, _PATH[:1], 29, 290),
                Section("s22", "2", "Công tác y tế", 2, _PATH[:2], 83, 160),
                Section("s22d", "d)", "Về công tác tiêm chủng", 3, _PATH, 127, 133),
            ),
        )
        section = _PATH[:2]
        vaccine = _chunk(ca_mau, lines, 129, 133, _PATH, 0)
        cases = _chunk(ca_mau, lines, 83, 87, section, 1)
        hostile_report = Report(
            report_id=stable_id("report", HOSTILE_FILE),
            source=HOSTILE_FILE,
            title="Báo cáo <b>thử nghiệm</b> **đậm**",
            kind="báo cáo",
            province="Sóc Trăng",
            province_2025="Cần Thơ",
            content_hash=stable_id("content", HOSTILE_FILE),
            number="1/BC-<i>X</i>",
            issued=dt.date(2021, 12, 2),
        )
        hostile = _chunk(
            hostile_report,
            ["# I. <em>Mục</em> **một**", HOSTILE_TEXT],
            1,
            2,
            ("I. <em>Mục</em> **một**",),
            0,
        )
        return cls(FakeIndex([ca_mau, hostile_report], [vaccine, cases, hostile]))

    def _chunk(self, source: str, ordinal: int = 0) -> Chunk:
        return next(c for c in self.index.chunks if c.source == source and c.ordinal == ordinal)

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
        **documents: str,
    ) -> Answer:
        if self.delay:
            import time

            time.sleep(self.delay)
        self.calls.append(
            {
                "question": question,
                "k": k,
                "province": province,
                "report": report,
                "history": list(history),
                "id": id,
                **documents,
            }
        )
        known = {r.province for r in self.index.reports} | {"Cần Thơ"}
        if province and province not in known:
            raise InputError(f"không nhận ra tỉnh {province!r} / unknown province {province!r}")
        if report and report not in {r.source for r in self.index.reports}:
            raise InputError(f"không có báo cáo {report!r} / unknown report {report!r}")
        q = question.lower()
        vaccine = self._chunk(CA_MAU_FILE, 0)
        if "thử nghiệm" in q or "hostile" in q:
            chunk = self._chunk(HOSTILE_FILE)
            citation = Citation(
                1,
                chunk.chunk_id,
                chunk.source,
                chunk.province,
                chunk.breadcrumb,
                (2, 2),
                chunk.clean.splitlines()[-1],
            )
            hit = Hit(chunk, 1.0, 1)
            return Answer(question, f"{HOSTILE_TEXT} [1]", (citation,), (hit,), False, {}, id)
        if ("tiêm" in q or "vắc" in q or "vaccin" in q) and province in (None, "Cà Mau"):
            citation = Citation(
                1,
                vaccine.chunk_id,
                vaccine.source,
                vaccine.province,
                vaccine.breadcrumb,
                (133, 133),
                VACCINE_QUOTE,
            )
            text = (
                "Đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người, "
                "chiếm tỷ lệ 74,8% dân số [1]."
            )
            hits = (Hit(vaccine, 0.9, 1), Hit(self._chunk(CA_MAU_FILE, 1), 0.4, 2))
            return Answer(question, text, (citation,), hits[: k or 5], False, {"total": 1.0}, id)
        hits = (Hit(self._chunk(CA_MAU_FILE, 1), 0.2, 1), Hit(vaccine, 0.1, 2))
        return Answer(question, self.abstain_text, (), hits[: k or 5], True, {"total": 1.0}, id)

    def add_report(self, path: Path) -> Report:
        """Accepts a non-empty .md/.txt file; anything else fails and changes nothing."""
        path = Path(path)
        if path.suffix.lower() not in {".md", ".txt"}:
            raise IngestError(path.name, "fake pipeline reads only .md/.txt")
        body = _nfc(path.read_text(encoding="utf-8", errors="replace")).strip()
        if not body:
            raise IngestError(path.name, "tệp rỗng / empty file", "upload a report with text")
        title = body.splitlines()[0].strip("# *")
        report = Report(
            report_id=stable_id("report", path.name),
            source=path.name,
            title=title,
            kind="báo cáo",
            province="Bạc Liêu",
            content_hash=stable_id("content", body),
        )
        self.index.reports.append(report)
        self.added.append(path)
        return report


def free_port() -> int:
    """A localhost port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(app: Any, *, root_path: str = "", timeout: float = 30.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn in a thread; yields its base URL (``http://127.0.0.1:port``)."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        root_path=root_path,
        log_level="warning",
        proxy_headers=True,
        # Open chat pages keep a heartbeat stream; don't wait for them on shutdown.
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "proxy-connection",
    "content-length",
    "te",
    "trailer",
}


@contextmanager
def subpath_proxy(backend_port: int, prefix: str) -> Iterator[str]:
    """A reverse proxy that serves the backend under ``prefix`` and strips it, the way
    ``location /hoidap/ { proxy_pass http://127.0.0.1:7860/; }`` does in nginx. Responses
    are streamed (Gradio's queue uses server-sent events). Yields the proxy's base URL."""
    prefix = "/" + prefix.strip("/")
    open_upstreams: set[http.client.HTTPConnection] = set()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _forward(self) -> None:
            if not (self.path == prefix or self.path.startswith(prefix + "/")):
                self.send_error(404, "outside the proxied prefix")
                return
            path = self.path[len(prefix) :] or "/"
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
            host = self.headers.get("Host", "")
            headers.update(
                {
                    "X-Forwarded-Host": host,
                    "X-Forwarded-Proto": "http",
                    "X-Forwarded-For": self.client_address[0],
                }
            )
            upstream = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=60)
            open_upstreams.add(upstream)
            upstream.request(self.command, path, body=body, headers=headers)
            response = upstream.getresponse()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                while chunk := response.read1(65536):
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (OSError, ValueError, http.client.HTTPException):
                pass  # the browser or the server went away mid-stream (page closed, shutdown)
            finally:
                open_upstreams.discard(upstream)
                upstream.close()

        do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = _forward

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, name="subpath-proxy", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        for upstream in list(open_upstreams):  # end streams still open (chat heartbeats)
            if upstream.sock is not None:
                upstream.sock.shutdown(socket.SHUT_RDWR)
            upstream.close()
