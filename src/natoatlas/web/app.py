"""The web application: server-rendered pages and the JSON API, served by uvicorn on loopback.

Read-only: only GET routes. Every response carries a Content-Security-Policy that allows this
host only, ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``; the API
documentation's assets are served locally (fastapi-offline), never from a CDN.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from natoatlas.atlas import Atlas
from natoatlas.web.api import ApiError
from natoatlas.web.api import router as api_router
from natoatlas.web.pages import PageError, render_error
from natoatlas.web.pages import router as page_router

__all__ = ["create_app"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Swagger UI starts itself with an inline script that FastAPI writes; it stays same-origin.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def create_app(atlas: Atlas | None = None) -> FastAPI:
    """The application over ``atlas`` (default: the packaged data)."""
    from natoatlas.loader import load

    app = FastAPIOffline(
        title="NATO Atlas",
        version="0.1.0",
        description="Sourced, temporal, bilingual facts about NATO for any date: the same JSON as `natoatlas … --json`.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
        static_url="/api/docs-static",
    )
    app.state.atlas = atlas or load()
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(resources.files("natoatlas") / "static")), name="static")

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method not in ("GET", "HEAD"):
            return JSONResponse({"error": "this server is read-only", "parameter": "method"}, status_code=405)
        response = await call_next(request)
        docs = request.url.path.startswith("/api/docs")
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message, "parameter": exc.parameter}, status_code=exc.status)

    @app.exception_handler(PageError)
    async def page_error(request: Request, exc: PageError) -> HTMLResponse:
        return render_error(request, exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
        parameter = str(first.get("loc", ["", "?"])[-1])
        message = f"{parameter}: {first.get('msg', 'invalid value')}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "parameter": parameter}, status_code=422)
        return render_error(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "parameter": None}, status_code=exc.status_code)
        return render_error(request, exc.status_code, message)

    return app
