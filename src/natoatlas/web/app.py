"""The web application: server-rendered pages and the JSON API, served by uvicorn on loopback.

Read-only: GET (and HEAD, answered as GET without the body) only; any other method is 405 with
``Allow: GET, HEAD``. A request whose ``Host`` is not one of the names served (the loopback names,
the address the server is bound to, and those given with ``natoatlas serve --allowed-host``) is
refused with 400 before it reaches a route, so the Host header never reaches a redirect or a
link (and a DNS-rebinding page cannot read the API). Every response, 404, 405, 500 and redirects
included, carries a Content-Security-Policy that allows this host only,
``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` and ``X-Frame-Options:
DENY``. The API documentation's assets are served locally (fastapi-offline), never from a CDN.

HTTP caching (:class:`HttpCache`): every 200 answer to GET or HEAD carries an ``ETag`` made from
the data version (a digest of the package's code, templates and data) and the URL, so that a
client that already holds a page or an API answer gets ``304`` from ``If-None-Match`` without it
being rendered again. A URL that names its day (``on=``, or ``from``/``to``) answers the same for as
long as the data does: ``Cache-Control: public, max-age=3600``; one without a day means "today"
(and a page without ``lang=`` follows ``Accept-Language``): ``no-cache``, so it is revalidated
each time, with today's date and that header in its ``ETag``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import secrets
import socket
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from natoatlas.atlas import Atlas
from natoatlas.web import heavy, params
from natoatlas.web.api import DirectAnswers
from natoatlas.web.api import router as api_router
from natoatlas.web.pagecache import DirectPages
from natoatlas.web.pages import render_error
from natoatlas.web.pages import router as page_router
from natoatlas.web.params import ParameterError

__all__ = ["LOOPBACK_HOSTS", "HttpCache", "NoDelayH11", "create_app", "data_version"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Swagger UI starts itself with an inline script that FastAPI writes; it stays same-origin.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
#: The names a request may give as its Host unless more are allowed.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
ALLOW = "GET, HEAD"


def _host_name(value: str) -> str:
    """A Host header's name without the port, lower case: ``[::1]:8000`` → ``::1``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def secure(headers: MutableHeaders, path: str) -> None:
    """Set the security headers every response carries."""
    headers["Content-Security-Policy"] = DOCS_CSP if path.startswith("/api/docs") else CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"


def _error(request: Request, status: int, parameter: str | None, message: str) -> Response:
    """An error as the API gives it (``{error, parameter}``) or as a page (HTML)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "parameter": parameter}, status_code=status)
    return render_error(request, status, f"{parameter}: {message}" if parameter else message)


#: Query parameters that fix a URL's day: its answer does not change while the data does not.
DATED = frozenset({"on", "from", "to"})
DATED_CACHE = "public, max-age=3600"


@functools.cache
def _package_digest() -> str:
    """A digest of every file of the installed package (code, templates, static files, data):
    what a page or an answer is made from, so that a new version or new data gives new ETags."""
    root = Path(str(resources.files("natoatlas")))
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def data_version(atlas: Atlas | None) -> str:
    """The version ETags are made from: the package's digest, stable across restarts, for the
    packaged data; for an Atlas loaded from elsewhere, that digest and a token of this process
    (its files may change between runs, never while it runs: data is loaded once)."""
    from natoatlas.atlas import is_packaged

    packaged = atlas is None or is_packaged(atlas)
    return _package_digest()[:32] + ("" if packaged else secrets.token_hex(8))


def _etag_matches(header: str, etag: str) -> bool:
    """``If-None-Match`` by weak comparison (RFC 9110 13.1.2): ``*`` or any listed tag."""
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


class HttpCache:
    """``ETag``, ``Cache-Control`` and ``304 Not Modified`` for every route's GET (HEAD arrives
    here as GET): a plain ASGI middleware inside :class:`Guard`, so a 304 gets the security headers.

    The tag is known before the route runs (data version, path, query, and for an undated URL
    today's date and, on pages, ``Accept-Language``), so a revalidation costs no rendering.
    Static files keep the tags StaticFiles gives them; errors are ``no-store``.
    """

    def __init__(self, app: ASGIApp, version: str) -> None:
        self.app = app
        self.version = version

    def etag(self, scope: Scope) -> tuple[str, bool]:
        """The tag for a request, and whether its URL names its day."""
        path: str = scope["path"]
        query = scope.get("query_string", b"").decode("latin-1")
        names = {part.split("=", 1)[0] for part in query.split("&") if "=" in part and part.split("=", 1)[1]}
        dated = bool(names & DATED)
        parts = [self.version, path, query]
        if not dated:
            parts.append(dt.date.today().isoformat())
        if not path.startswith("/api/") and "lang" not in names:
            parts.append(Headers(scope=scope).get("accept-language", ""))
        return '"' + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32] + '"', dated

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        etag, dated = self.etag(scope)
        control = DATED_CACHE if dated else "no-cache"
        page = not scope["path"].startswith("/api/")
        asked = Headers(scope=scope).get("if-none-match")
        if asked is not None and _etag_matches(asked, etag):
            headers = {"ETag": etag, "Cache-Control": control}
            if page:
                headers["Vary"] = "Accept-Language"
            await Response(status_code=304, headers=headers)(scope, receive, send)
            return

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 200:
                    headers.setdefault("ETag", etag)
                    headers.setdefault("Cache-Control", control)
                elif message["status"] >= 400:
                    headers.setdefault("Cache-Control", "no-store")
                if page:
                    headers.add_vary_header("Accept-Language")
            await send(message)

        await self.app(scope, receive, send_tagged)


class Guard:
    """Host check, read-only methods, HEAD as GET, and the security headers: a plain ASGI
    middleware, so that it sees every response the application sends (not only a route's)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(_host_name(h) for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        head = scope["method"] == "HEAD"

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                secure(MutableHeaders(scope=message), path)
            elif message["type"] == "http.response.body" and head:
                message = {**message, "body": b""}
            await send(message)

        hosts = Headers(scope=scope).getlist("host")
        server = scope.get("server")
        # The address the server is bound to is its own name (an IP from the socket, or the test
        # client's "testserver"), never a name an attacker's DNS can point here.
        served = self.allowed | ({_host_name(str(server[0]))} if server else set())
        if len(hosts) > 1 or (hosts and _host_name(hosts[0]) not in served):
            shown = hosts[0][:80] if hosts else ""
            response = _error(Request(scope), 400, "host", f"host {shown!r} is not served here")
            await response(scope, receive, send_secured)
            return
        if scope["method"] not in ("GET", "HEAD"):
            response = JSONResponse(
                {"error": "this server is read-only: GET and HEAD only", "parameter": "method"},
                status_code=405,
                headers={"Allow": ALLOW},
            )
            await response(scope, receive, send_secured)
            return
        await self.app({**scope, "method": "GET"} if head else scope, receive, send_secured)


class NoDelayH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with ``TCP_NODELAY`` on each connection (``serve --workers``).

    The socket uvicorn shares between its workers is made without its protocol number, so
    asyncio does not set ``TCP_NODELAY`` on the connections it accepts; an answer is written as
    headers then body, and the body then waits for the client's delayed ACK (Nagle): about
    44 ms per request, measured by ``bench/bench_api.py``.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        found = transport.get_extra_info("socket")
        if found is not None and found.family in (socket.AF_INET, socket.AF_INET6):
            found.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def create_app(atlas: Atlas | None = None, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The application over ``atlas`` (default: the packaged data), answering requests for the
    loopback names and ``allowed_hosts``."""
    from natoatlas.atlas import load

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
    # Innermost first (the last added is the outermost): the dated answers' and pages' fast paths, then the
    # HTTP cache (ETag, 304), then the host check and headers.
    app.add_middleware(DirectAnswers)
    app.add_middleware(DirectPages)  # the dated pages' fast path (natoatlas.web.pagecache)
    app.add_middleware(HttpCache, version=data_version(atlas))
    app.add_middleware(Guard, allowed_hosts=(*LOOPBACK_HOSTS, *allowed_hosts))
    # The schema is written once, from the routes and the data (release ids), then served as is.
    params.document(app.openapi(), app.state.atlas)
    heavy.settle()  # the Atlas and the app, out of the collector's reach (natoatlas.web.heavy)

    @app.exception_handler(ParameterError)
    async def parameter_error(request: Request, exc: ParameterError) -> Response:
        return _error(request, exc.status, exc.parameter, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
        parameter = str(first.get("loc", ["", "?"])[-1])
        missing = first.get("type") == "missing"
        return _error(request, 422, parameter, "is required" if missing else str(first.get("msg", "invalid")))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error(request, exc.status_code, None, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        # Answered outside the middleware: the headers are set here.
        response = _error(request, 500, None, "internal error")
        secure(response.headers, request.url.path)
        return response

    return app
