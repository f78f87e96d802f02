"""HTTP JSON API next to the chat: ``POST /api/ask``, ``GET/POST /api/reports``, ``/healthz``.

Intranet pages and scripts call the same Pipeline the chat uses and get back exactly the
object of ``hoidap ask --json``. The Gradio app is mounted into this FastAPI app (see
``ui.app.create_server``), so one process, one port and one loaded index serve both.

When a token is configured (``token`` in hoidap.toml or ``HOIDAP_TOKEN``), every
``/api/*`` call needs ``Authorization: Bearer <token>``; a token in the URL is never
accepted, since URLs end up in proxy logs and browser history. ``/healthz`` and the
OpenAPI docs at ``/docs`` stay open so load balancers and developers can use them.

Endpoints are plain ``def`` functions: FastAPI runs them in its threadpool, so a slow
question never blocks the event loop (nor the chat's websocket/SSE traffic).
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, HTTPException, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from hoidap import __version__
from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.types import Report
from ui.apidocs import add_docs
from ui.service import MAX_HISTORY, MAX_QUESTION_CHARS, Service, clean_question

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
EXAMPLE_QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"


class AskRequest(BaseModel):
    """One question, with the same options as ``hoidap ask``."""

    question: str = Field(
        "",
        description=f"Câu hỏi / the question (1–{MAX_QUESTION_CHARS} characters)",
        examples=[EXAMPLE_QUESTION],
    )
    k: int | None = Field(None, ge=1, le=50, description="passages to return (default: config k)")
    province: str | None = Field(None, description="only this province (old or 2025 name)")
    report: str | None = Field(None, description="only this report file (see GET /api/reports)")
    history: list[str] = Field(
        default_factory=list,
        max_length=MAX_HISTORY * 5,
        description="the user's previous questions in this chat, oldest first, so that "
        "'còn Sóc Trăng thì sao?' inherits the province and date asked before",
    )
    id: str | int | None = Field(None, description="echoed back in the answer")


def report_json(report: Report) -> dict[str, Any]:
    """A report as listed by the API: its metadata without the section tree."""
    data = report.to_dict()
    data.pop("sections", None)
    data.pop("content_hash", None)
    # The report viewer's page, relative to the server root (like the chat at "/").
    data["viewer"] = "reports/" + quote(report.source, safe="")
    return data


def create_api(
    service: Service, config: Config, *, allow_origins: Sequence[str] = ("*",)
) -> FastAPI:
    """The FastAPI app (API routes only); ``ui.app.create_server`` mounts the chat into it."""
    app = FastAPI(
        title="hoidap API",
        version=__version__,
        description=(
            "Hỏi đáp có trích dẫn trên báo cáo của tỉnh / cited question answering over "
            "provincial reports. Khi có token: header `Authorization: Bearer <token>`."
        ),
        docs_url=None,  # ui.apidocs serves /docs with local assets (no CDN)
        redoc_url=None,
    )
    add_docs(app)
    # Intranet pages on other origins embed the chat and call the API from the browser.
    # No cookies are involved (the token is a header), so credentials stay off.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(allow_origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        allow_credentials=False,
    )
    bearer = HTTPBearer(auto_error=False, description="HOIDAP_TOKEN")

    def require_token(
        credentials: HTTPAuthorizationCredentials | None = Depends(bearer),  # noqa: B008
    ) -> None:
        if not config.token:
            return
        given = credentials.credentials if credentials else ""
        if not secrets.compare_digest(given.encode("utf-8"), config.token.encode("utf-8")):
            raise HTTPException(
                status_code=401,
                detail="cần token / token required: header 'Authorization: Bearer <token>'",
                headers={"WWW-Authenticate": "Bearer"},
            )

    @app.get("/healthz", tags=["meta"])
    def healthz() -> dict[str, Any]:
        """Liveness for load balancers: the index is loaded and how big it is."""
        return {"status": "ok", "version": __version__, "reports": len(service.reports())}

    @app.post("/api/ask", tags=["qa"], dependencies=[Depends(require_token)])
    def ask(body: AskRequest) -> dict[str, Any]:
        """Trả lời một câu hỏi / answer one question: the ``hoidap ask --json`` object."""
        try:
            question = clean_question(body.question)
        except InputError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        try:
            answer = service.ask(
                question,
                k=body.k,
                province=body.province,
                report=body.report,
                history=body.history,
                id=body.id,
            )
        except HoidapError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        return answer.to_json()

    @app.get("/api/reports", tags=["reports"], dependencies=[Depends(require_token)])
    def reports() -> dict[str, Any]:
        """Các báo cáo đã lập chỉ mục / the indexed reports (file name, title, province, date)."""
        items = [report_json(r) for r in service.reports()]
        return {"count": len(items), "reports": items}

    @app.post(
        "/api/reports",
        tags=["reports"],
        status_code=201,
        dependencies=[Depends(require_token)],
    )
    def add_report(file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
        """Thêm một báo cáo / add one report (.md, .txt, .pdf, .docx); needs the token.

        A bad file is refused with the reason and the index is left untouched.
        """
        if not service.upload_enabled:
            raise HTTPException(
                status_code=403,
                detail="thêm báo cáo đang tắt / uploads are disabled: set HOIDAP_TOKEN",
            )
        with tempfile.TemporaryDirectory(prefix="hoidap-api-") as tmp:
            staged = Path(tmp) / "upload"
            size = 0
            with staged.open("wb") as out:
                while chunk := file.file.read(1 << 20):
                    size += len(chunk)
                    if size > MAX_UPLOAD_BYTES:
                        raise HTTPException(
                            status_code=413,
                            detail=f"tệp quá lớn / file larger than {MAX_UPLOAD_BYTES} bytes",
                        )
                    out.write(chunk)
            try:
                report = service.add_report(staged, original_name=file.filename or "report.txt")
            except HoidapError as exc:
                raise HTTPException(status_code=400, detail=str(exc)) from None
        return report_json(report)

    return app
