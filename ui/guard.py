"""The gate in front of every route: token, body size, Gradio's file routes.

With ``HOIDAP_TOKEN`` set, every route that can return report content (the API, the chat
page and its queue, Gradio's file and upload routes) needs a token, checked here before
any body is read, so a 300 MB request costs nothing before its 401. Scripts send
``Authorization: Bearer <token>``; a browser signs in once at ``/login`` and then carries
an HttpOnly cookie that holds a hash of the token (never the token itself).

Two tokens, one role each (see the README, "Quyền truy cập / Access"):

- ``token`` (admin): reads and uploads;
- ``read_token`` (optional): asks and reads only, for officials who never upload.

Only ``/healthz``, ``/login`` and the API description (``/docs``) stay open. Without any
token configured the server is open for reading (a loopback-only default) and uploads
are off.

Bodies are capped before parsing: ``Content-Length`` over the limit is refused at once
(413), and a chunked body is counted as it streams.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from hoidap.config import Config
from ui.service import MAX_QUESTION_CHARS
from ui.uploads import MAX_UPLOAD_BYTES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "hoidap_session"
MAX_BODY_BYTES = 256 * 1024
# Multipart framing around the largest accepted upload.
MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
# Health checks and the API description hold no report content.
OPEN_PATHS = frozenset({"/healthz", "/login", "/docs", "/openapi.json"})
# Swagger UI's own script and stylesheet (ui.apidocs): no report content, needed by /docs.
OPEN_PREFIXES = ("/docs-static/",)
READ, ADMIN = "read", "admin"


def session_value(secret: str) -> str:
    """The cookie for a token: a keyed hash, so the cookie cannot be turned back into it."""
    return hmac.new(secret.encode("utf-8"), b"hoidap-session-v1", hashlib.sha256).hexdigest()


def is_upload_path(path: str, method: str) -> bool:
    return method == "POST" and (
        path == "/api/reports" or path.endswith("/gradio_api/upload") or path.endswith("/upload")
    )


def too_large(upload: bool) -> str:
    """The 413's words: the limit as the user knows it and what to do (it was "request body
    larger than 21037056 bytes")."""
    if upload:
        return (
            f"tệp quá lớn / file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB "
            "(tách báo cáo / split the report)"
        )
    return (
        f"yêu cầu quá lớn / request body larger than {MAX_BODY_BYTES // 1024} KB "
        f"(câu hỏi tối đa {MAX_QUESTION_CHARS} ký tự / a question takes at most "
        f"{MAX_QUESTION_CHARS} characters)"
    )


def _file_route(path: str) -> str | None:
    """The file a Gradio ``/file=`` route asks for, or None for other paths."""
    marker = "/file="
    if marker not in path:
        return None
    return unquote(path.split(marker, 1)[1])


def gradio_upload_folder() -> Path:
    """Where Gradio keeps uploaded files (the only files its file route may serve)."""
    import tempfile

    folder = os.environ.get("GRADIO_TEMP_DIR") or str(Path(tempfile.gettempdir()) / "gradio")
    return Path(folder).resolve()


def is_gradio_upload(path: Path) -> bool:
    """True for a regular file (not a symlink) inside Gradio's upload folder."""
    try:
        return (
            not path.is_symlink()
            and path.is_file()
            and path.resolve().is_relative_to(gradio_upload_folder())
        )
    except (OSError, ValueError):
        return False


def _html(body: str, status: int = 200) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    data = body.encode("utf-8")
    return status, [(b"content-type", b"text/html; charset=utf-8")], data


def login_page(next_path: str, error: str = "") -> str:
    safe_next = html.escape(next_path, quote=True)
    note = f'<p style="color:#b00">{html.escape(error)}</p>' if error else ""
    return (
        '<!doctype html><html lang="vi"><meta charset="utf-8">'
        "<title>hoidap – đăng nhập / sign in</title>"
        '<body style="font-family:sans-serif;max-width:28em;margin:4em auto">'
        "<h2>hoidap</h2><p>Nhập mã truy cập / enter the access token.</p>"
        f"{note}"
        '<form method="post" action="login">'
        f'<input type="hidden" name="next" value="{safe_next}">'
        '<input type="password" name="token" autocomplete="current-password" autofocus '
        'style="width:100%;padding:.4em" aria-label="token">'
        '<p><button type="submit">Đăng nhập / Sign in</button></p></form></body></html>'
    )


def _safe_next(value: str, root: str) -> str:
    """Only a path on this server (no ``//host``, no scheme) may follow a sign-in."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return root + "/"
    return value


class Guard:
    """Pure ASGI middleware (it must see requests before FastAPI or Gradio read them)."""

    def __init__(self, app: ASGIApp, config: Config) -> None:
        self.app = app
        self.secrets: dict[str, str] = {}
        if config.token:
            self.secrets[ADMIN] = config.token
        if config.read_token:
            self.secrets[READ] = config.read_token
        self.sessions = {session_value(s): role for role, s in self.secrets.items()}
        self.uploads_enabled = bool(config.token)

    # ------------------------------------------------------------------ roles
    def role(self, scope: Scope) -> str | None:
        """ADMIN, READ, or None (no valid credential). Without tokens everyone reads."""
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        auth = headers.get(b"authorization", b"").decode("latin-1")
        if auth[:7].lower() == "bearer ":
            given = auth[7:].strip().encode("utf-8", "replace")
            for role, secret in self.secrets.items():
                if hmac.compare_digest(given, secret.encode("utf-8")):
                    return role
            return None
        cookie = headers.get(b"cookie", b"").decode("latin-1")
        for part in cookie.split(";"):
            key, _, value = part.strip().partition("=")
            if key == COOKIE:
                for session, role in self.sessions.items():
                    if hmac.compare_digest(value.encode("latin-1"), session.encode("ascii")):
                        return role
        return None if self.secrets else READ

    # ------------------------------------------------------------------ ASGI
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "") or ""
        path = scope.get("path", "")
        if root and path.startswith(root):
            path = path[len(root) :] or "/"
        method = scope.get("method", "GET")
        if path == "/login":
            await self._login(scope, receive, send, root)
            return
        if path not in OPEN_PATHS and not path.startswith(OPEN_PREFIXES):
            role = self.role(scope)
            if role is None:
                await self._refuse(scope, send, root, path)
                return
            if is_upload_path(path, method) and not (self.uploads_enabled and role == ADMIN):
                await _respond(
                    send,
                    403,
                    "thêm báo cáo cần mã quản trị / uploads need the admin token (HOIDAP_TOKEN)",
                )
                return
            wanted = _file_route(path)
            if wanted is not None and not _inside(wanted, gradio_upload_folder()):
                await _respond(send, 403, "không được phép / not allowed")
                return
        if scope["type"] == "http":
            upload = is_upload_path(path, method)
            limit = MAX_UPLOAD_BODY_BYTES if upload else MAX_BODY_BYTES
            headers = dict(scope.get("headers", []))
            declared = headers.get(b"content-length")
            if declared is not None:
                try:
                    too_big = int(declared) > limit
                except ValueError:
                    await _respond(send, 400, "Content-Length không hợp lệ / bad Content-Length")
                    return
                if too_big:
                    await _respond(send, 413, too_large(upload))
                    return
            receive = _counting(receive, limit)
            await self._within(scope, receive, send, too_large(upload))
            return
        await self.app(scope, receive, send)

    async def _within(self, scope: Scope, receive: Receive, send: Send, refusal: str) -> None:
        """Run the app on a body counted by :func:`_counting`; past the limit, a 413 with
        ``refusal``. A form parser catches the error its read raised and answers its own
        400 ("There was an error parsing the body"): that reply is dropped for the 413."""
        over = False
        started = False

        async def counted() -> Message:
            nonlocal over
            try:
                return await receive()
            except _TooLarge:
                over = True
                raise

        async def replying(message: Message) -> None:
            nonlocal started
            if over and not started:
                return
            started = True
            await send(message)

        with suppress(_TooLarge):
            await self.app(scope, counted, replying)
        if over and not started:
            await _respond(send, 413, refusal)

    async def _refuse(self, scope: Scope, send: Send, root: str, path: str) -> None:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        wants_page = (
            scope["type"] == "http"
            and scope.get("method") == "GET"
            and b"text/html" in headers.get(b"accept", b"")
        )
        if wants_page:
            target = f"{root}/login?next={quote(root + path)}"
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [(b"location", target.encode("latin-1"))],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await _respond(
            send,
            401,
            "cần token / token required: header 'Authorization: Bearer <token>' "
            "hoặc đăng nhập / or sign in at /login",
            [(b"www-authenticate", b"Bearer")],
        )

    async def _login(self, scope: Scope, receive: Receive, send: Send, root: str) -> None:
        if scope["type"] != "http":
            await _respond(send, 404, "not found")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        next_path = _safe_next(query.get("next", [root + "/"])[0], root)
        if scope.get("method") != "POST":
            await _send_raw(send, *_html(login_page(next_path)))
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > 8192:
                await _respond(send, 413, "request body too large")
                return
            if not message.get("more_body"):
                break
        form = parse_qs(body.decode("utf-8", "replace"))
        given = form.get("token", [""])[0]
        next_path = _safe_next(form.get("next", [next_path])[0], root)
        for secret in self.secrets.values():
            if hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8")):
                cookie = (
                    f"{COOKIE}={session_value(secret)}; Path={root or '/'}; HttpOnly; SameSite=Lax"
                )
                await send(
                    {
                        "type": "http.response.start",
                        "status": 303,
                        "headers": [
                            (b"location", next_path.encode("latin-1", "replace")),
                            (b"set-cookie", cookie.encode("latin-1")),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
        await _send_raw(send, *_html(login_page(next_path, "Sai mã / wrong token"), 401))


class _TooLarge(Exception):
    pass


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
        return message

    return wrapped


def _inside(wanted: str, folder: Path) -> bool:
    try:
        resolved = Path(wanted).resolve()
    except (OSError, ValueError, RuntimeError):
        return False
    return resolved.is_relative_to(folder)


async def _send_raw(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _respond(
    send: Send, status: int, detail: str, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json"), *(extra or [])]
    await _send_raw(send, status, headers, body)
