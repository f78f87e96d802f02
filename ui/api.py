"""HTTP JSON API next to the chat: ``POST /api/ask``, ``GET/POST /api/reports``, ``/healthz``.

Intranet pages and scripts call the same Pipeline the chat uses and get back exactly the
object of ``hoidap ask --json``. The Gradio app is mounted into this FastAPI app (see
``ui.app.create_server``), so one process, one port and one loaded index serve both.

Access is checked by :class:`ui.guard.Guard` in front of every route, before any body is
read: with a token configured (``token`` / ``read_token`` in hoidap.toml or
``HOIDAP_TOKEN`` / ``HOIDAP_READ_TOKEN``) every route but ``/healthz``, ``/login`` and
the API docs needs ``Authorization: Bearer <token>`` (or the sign-in cookie); a token in
the URL is never accepted, since URLs end up in proxy logs and browser history. CORS is
off unless origins are configured (``cors_origins`` / ``--allow-origin``).

Request bodies are parsed strictly: not UTF-8, NaN, Infinity, numbers that overflow and
lone surrogates are a 400/422 with the reason, never a 500. Endpoints are plain ``def``
functions: FastAPI runs them in its threadpool, so a slow question never blocks the event
loop (nor the chat's websocket/SSE traffic); past ``max_pending`` questions at once the
API answers 503 with ``Retry-After``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, File, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile as FormFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from hoidap import __version__
from hoidap.config import Config, cors_origins
from hoidap.errors import HoidapError, InputError
from hoidap.types import Report
from ui.apidocs import add_docs
from ui.guard import Guard
from ui.service import (
    MAX_HISTORY,
    MAX_QUESTION_CHARS,
    RETRY_AFTER_SECONDS,
    AnswerFailed,
    BusyError,
    Service,
    UnavailableError,
    clean_question,
)
from ui.uploads import (
    MAX_UPLOAD_BYTES,
    ReportExistsError,
    TooLargeError,
    copy_limited,
    staging_folder,
    upload_name,
)

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
    kind: str | None = Field(
        None, description='only reports of this kind ("kế hoạch", "quyết định", "báo cáo")'
    )
    issued_from: str | None = Field(
        None, description="only reports issued on or after this date (2025-11-01 or 01/11/2025)"
    )
    issued_to: str | None = Field(
        None, description="only reports issued on or before this date (2025-11-30 or 30/11/2025)"
    )
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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]!r} out of range")
    return value


def _check_strings(value: Any) -> None:
    """Refuse lone surrogates anywhere in a parsed body (``"\\ud800"`` is valid JSON)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("lone surrogate in a string (not valid Unicode)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            _check_strings(k)
            _check_strings(v)
    elif isinstance(value, list):
        for v in value:
            _check_strings(v)


def parse_json_body(raw: bytes) -> Any:
    """Strict JSON: UTF-8, no NaN/Infinity, finite numbers, no lone surrogates, nesting
    within reason; InputError naming the problem otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"thân yêu cầu không phải UTF-8 / request body is not UTF-8 (byte {exc.start})",
            "gửi JSON UTF-8 / send UTF-8 JSON",
        ) from None
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
        _check_strings(value)
    except RecursionError:
        raise InputError("JSON lồng quá sâu / JSON nested too deeply") from None
    except ValueError as exc:
        raise InputError(
            f"JSON không hợp lệ / invalid JSON: {str(exc)[:200]}",
            'ví dụ / e.g. {"question": "Cà Mau đã tiêm bao nhiêu người?"}',
        ) from None
    return value


def _validation_detail(exc: ValidationError | RequestValidationError) -> str:
    """Pydantic's errors without the input values (which may not even be JSON-encodable)."""
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where or 'body'}: {error.get('msg', 'invalid')}")
    return "yêu cầu không hợp lệ / invalid request: " + "; ".join(parts)


def validation_error_response(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 with the reasons; FastAPI's default echoes the input and fails (HTTP 500) when
    that input is bytes that are not UTF-8. Installed on the Gradio apps too."""
    return JSONResponse({"detail": _validation_detail(exc)}, status_code=422)


def not_found_detail(path: str, root: str = "") -> str:
    """What a request for a path the server does not have is told, Vietnamese first:
    where the chat, the API and its docs are (``root``: the server's sub-path behind a
    proxy, "" at the top)."""
    shown = path if len(path) <= 200 else path[:199] + "…"
    api = f"POST {root}/api/ask, GET/POST {root}/api/reports"
    return (
        f"không có đường dẫn {shown}: trang hỏi đáp ở {root}/, API ở {api}, tài liệu API ở "
        f"{root}/docs / no such path {shown}: the chat is at {root}/, the API at {api}, its "
        f"docs at {root}/docs"
    )


# The order methods are listed in (an ``Allow`` header, a 405's detail).
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allow_text(methods: Iterable[str]) -> str:
    """Methods as an ``Allow`` header lists them, in one fixed order.

    >>> allow_text({"HEAD", "GET"}), allow_text(["POST", "GET"])
    ('GET, HEAD', 'GET, POST')
    """
    rank = {m: i for i, m in enumerate(METHOD_ORDER)}
    found = {m.strip().upper() for m in methods if m.strip()}
    return ", ".join(sorted(found, key=lambda m: (rank.get(m, len(rank)), m)))


def wrong_method_detail(path: str, method: str, allow: str, root: str = "") -> str:
    """What a request with a method the path does not take is told, Vietnamese first: the
    methods it takes and where the API docs are (``root`` as in :func:`not_found_detail`).

    >>> wrong_method_detail("/api/ask", "GET", "POST").split(" / ")[0]
    '/api/ask không nhận GET, hãy dùng POST (tài liệu API ở /docs)'
    """
    shown = path if len(path) <= 200 else path[:199] + "…"
    method = method if len(method) <= 20 else method[:19] + "…"
    return (
        f"{shown} không nhận {method}, hãy dùng {allow} (tài liệu API ở {root}/docs) / "
        f"{shown} does not take {method}: use {allow} (API docs at {root}/docs)"
    )


def _root(request: Request) -> str:
    """The server's sub-path behind a proxy ("" at the top), also inside a mounted app."""
    return str(request.scope.get("app_root_path", request.scope.get("root_path", ""))).rstrip("/")


def server_methods(request: Request) -> set[str]:
    """The methods the server's own routes take at the request's path (the API, /healthz,
    /docs, the report viewer; not a catch-all ``{…:path}`` route, nor a mounted app).
    The chat is mounted at "/" and takes every path, so a wrong method on one of those
    routes reached the chat and was told the path does not exist."""
    from starlette.routing import Match, Route

    router = request.scope.get("router")  # the outermost app's: a mount keeps it
    scope = {
        "type": "http",
        "path": request.scope.get("path", request.url.path),
        "root_path": _root(request),
        "method": request.method,
    }
    methods: set[str] = set()
    for route in getattr(router, "routes", ()):
        if (
            isinstance(route, Route)
            and route.methods
            and not route.path.endswith(":path}")
            and route.matches(scope)[0] is not Match.NONE
        ):
            methods |= route.methods
    return methods


def wrong_method_json(
    request: Request, allow: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The 405 of a method the path does not take, with its ``Allow`` header."""
    return JSONResponse(
        {"detail": wrong_method_detail(request.url.path, request.method, allow, _root(request))},
        status_code=405,
        headers={**(headers or {}), "Allow": allow},
    )


async def not_found_response(request: Request, exc: Exception) -> Response:
    """A path no route serves (or no file of a route that serves files, such as Gradio's
    ``/assets/{path:path}``) was FastAPI's English ``{"detail": "Not Found"}``: it is
    :func:`not_found_detail` now, or a 405 when one of the server's own routes takes the
    path with another method (:func:`server_methods`). A method a route does not take was
    the English ``{"detail": "Method Not Allowed"}``: it is :func:`wrong_method_detail`,
    with the route's ``Allow``. A 404 another route raised itself (Gradio's queue for a
    session it does not know) and every other error keep FastAPI's answer. Installed
    on this app and on the chat's Gradio apps (``ui.app``)."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.routing import Route

    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 405 and exc.detail == "Method Not Allowed":
        headers = dict(exc.headers or {})
        allow = allow_text(headers.pop("Allow", "").split(","))
        return wrong_method_json(request, allow, headers)
    route = request.scope.get("route")
    unserved = not isinstance(route, Route) or route.path.endswith(":path}")
    if exc.status_code != 404 or exc.detail != "Not Found" or not unserved:
        return await http_exception_handler(request, exc)
    methods = server_methods(request)
    if methods:
        return wrong_method_json(request, allow_text(methods))
    return not_found_json(request)


def not_found_json(request: Request) -> JSONResponse:
    """The 404 of a path the server does not have, with the links under its sub-path."""
    return JSONResponse(
        {"detail": not_found_detail(request.url.path, _root(request))}, status_code=404
    )


def one_report_per_upload(count: int) -> InputError:
    """What an upload request carrying ``count`` files is told (each upload is one report,
    checked and indexed on its own, so one failing never half-adds the others)."""
    return InputError(
        f"mỗi lần chỉ thêm một báo cáo, yêu cầu này có {count} tệp / one report per upload, "
        f"this request carries {count} files",
        "gửi từng tệp một, mỗi tệp một yêu cầu POST /api/reports / send them one at a time, "
        "one POST /api/reports each",
    )


def create_api(service: Service, config: Config, *, allow_origins: Sequence[str] = ()) -> FastAPI:
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
    app.add_middleware(Guard, config=config)
    origins = cors_origins(allow_origins, config)
    if origins:
        # Intranet pages on other origins embed the chat and call the API from the browser.
        # No cookies cross origins (the API token is a header), so credentials stay off.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            allow_credentials=False,
        )

    app.add_exception_handler(RequestValidationError, validation_error_response)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, not_found_response)

    @app.get("/healthz", tags=["meta"])
    def healthz() -> JSONResponse:
        """Readiness for load balancers: 200 once the index and models are loaded; how many
        answer worker processes answer (0: the server process itself)."""
        body = {
            "status": "ok" if service.ready else "starting",
            "version": __version__,
            "reports": len(service.reports()),
            "answer_workers": service.answer_workers,
        }
        return JSONResponse(body, status_code=200 if service.ready else 503)

    @app.post(
        "/api/ask",
        tags=["qa"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": AskRequest.model_json_schema()}},
            }
        },
    )
    async def ask(request: Request) -> Any:
        """Trả lời một câu hỏi / answer one question: the ``hoidap ask --json`` object."""
        from starlette.concurrency import run_in_threadpool

        try:
            data = parse_json_body(await request.body())
            if not isinstance(data, dict):
                raise InputError('cần một đối tượng JSON / expected a JSON object {"question": …}')
            unknown = sorted(str(key) for key in data if key not in AskRequest.model_fields)
            if unknown:
                # A misspelt filter ("provice", "issued-from") was dropped without a word and
                # the question answered over every report.
                raise InputError(
                    f"trường không có / unknown field {', '.join(map(repr, unknown[:5]))}",
                    "các trường / fields: " + ", ".join(AskRequest.model_fields),
                )
            body = AskRequest.model_validate(data)
            question = clean_question(body.question)
        except InputError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from None
        except ValidationError as exc:
            raise HTTPException(status_code=422, detail=_validation_detail(exc)) from None
        try:
            body_bytes = await run_in_threadpool(
                service.ask_body,
                question,
                k=body.k,
                province=body.province,
                report=body.report,
                history=body.history,
                id=body.id,
                kind=body.kind,
                issued_from=body.issued_from,
                issued_to=body.issued_to,
            )
        except (BusyError, UnavailableError) as exc:
            raise HTTPException(
                status_code=503,
                detail=str(exc),
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            ) from None
        except AnswerFailed as exc:
            raise HTTPException(status_code=500, detail=str(exc)) from None
        except HoidapError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        # ``Answer.to_json()`` rendered as JSONResponse renders it (``ui.wire.api_body``),
        # by an answer worker or here: FastAPI's jsonable_encoder (a recursive walk of
        # every hit's text, ~0.07 ms a request on the event loop, which holds the GIL the
        # worker threads need) is skipped, and a worker's body is passed on unparsed.
        return Response(body_bytes, media_type="application/json")

    @app.get("/api/reports", tags=["reports"])
    def reports() -> dict[str, Any]:
        """Các báo cáo đã lập chỉ mục / the indexed reports (file name, title, province, date)."""
        items = [report_json(r) for r in service.reports()]
        return {"count": len(items), "reports": items}

    @app.post("/api/reports", tags=["reports"], status_code=201)
    async def add_report(request: Request, file: UploadFile = File(...)) -> dict[str, Any]:  # noqa: B008
        """Thêm một báo cáo / add one report (.md, .txt, .pdf, .docx); needs the admin token.

        A bad file, a name that is already taken or more than one file in the request is
        refused with the reason (400/409), and every report and the index are left untouched.
        """
        from starlette.concurrency import run_in_threadpool

        if not service.upload_enabled:
            raise HTTPException(
                status_code=403,
                detail="thêm báo cáo đang tắt / uploads are disabled: set HOIDAP_TOKEN",
            )
        # The form FastAPI parsed for ``file`` (cached on the request): two files under
        # "file" were taken as the last one, the others dropped without a word.
        count = sum(isinstance(v, FormFile) for _, v in (await request.form()).multi_items())
        if count > 1:
            raise HTTPException(status_code=400, detail=str(one_report_per_upload(count)))
        return await run_in_threadpool(add_one, file)

    def add_one(file: UploadFile) -> dict[str, Any]:
        """Stage one uploaded file and index it (a worker process; minutes at most)."""
        try:
            name = upload_name(file.filename or "report.txt")
            with staging_folder(config) as folder:
                received = folder / "received"
                copy_limited(file.file, received, MAX_UPLOAD_BYTES)
                report = service.add_report(received, original_name=name)
        except BusyError as exc:
            raise HTTPException(status_code=503, detail=str(exc)) from None
        except HoidapError as exc:
            status = (
                409
                if isinstance(exc, ReportExistsError)
                else 413
                if isinstance(exc, TooLargeError)
                else 400
            )
            raise HTTPException(status_code=status, detail=str(exc)) from None
        return report_json(report)

    # The chat is mounted at "/" after these routes, so a request the API does not route
    # fell through to Gradio and came back {"detail": "Not Found"}, also for a GET of
    # /api/ask (a POST route): say which method and which paths there are.
    @app.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    def api_elsewhere(rest: str, request: Request) -> JSONResponse:
        methods = server_methods(request)
        if methods:
            return wrong_method_json(request, allow_text(methods))
        return not_found_json(request)

    return app
