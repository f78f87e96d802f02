"""``/docs``: Swagger UI served from this server, not from a CDN.

hoidap runs on intranet servers with no internet, where FastAPI's default docs page
(scripts from a public CDN) stays blank. The ``fastapi-offline`` package ships Swagger
UI's script, stylesheet and icon; they are mounted here and the page is FastAPI's own
``get_swagger_ui_html`` pointed at them. The validator badge (a call to
validator.swagger.io) is off for the same reason.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_URL = "/docs-static"


def swagger_assets() -> Path:
    """The folder with swagger-ui-bundle.js, swagger-ui.css and favicon.png."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def add_docs(app: FastAPI, path: str = "/docs") -> None:
    """Serve Swagger UI at ``path`` with its assets from this server (works under a
    ``--root-path`` prefix: every URL is built from the request's root path)."""
    app.mount(STATIC_URL, StaticFiles(directory=swagger_assets()), name="docs-static")
    redirect = path + "/oauth2-redirect"

    @app.get(path, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{redirect}",
            swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True},
        )

    @app.get(redirect, include_in_schema=False)
    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
