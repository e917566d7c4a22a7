"""Headers, methods and hosts: the security headers on every response (404, 405, 500, redirects
and host refusals included), 405 with ``Allow``, HEAD wherever GET is, and a Host check so that
a Host header the server does not serve never reaches a route, a redirect or a link."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

import natoatlas
from natoatlas.web import create_app
from natoatlas.web.api import router as api_router
from natoatlas.web.pages import router as page_router

ATLAS = natoatlas.load()
APP = create_app(ATLAS)
SECURITY = {"content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"}
#: A value for each path parameter, so that every GET route can be asked.
SAMPLES = {"code": "FIN", "topic": "japan", "name": "members", "summit_id": "summit-2022-madrid"}
#: The query a route cannot answer without.
REQUIRED = {
    "/api/v1/covers": "?place=59.437,24.7536",
    "/api/v1/diff": "?from=2024-01-01&to=2025-01-01",
    "/api/v1/search": "?q=Finland",
    "/briefing/download": "?format=md&section=overview",
    "/briefing/status": "?format=md&section=overview",
    "/sections/figure.svg": "?page=overview&n=1",
    "/sections/figure.png": "?page=overview&n=1",
    "/sections/table.csv": "?page=japan&n=1",
}


def _boom() -> None:
    raise RuntimeError("a bug")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(APP)


@pytest.fixture(scope="module")
def broken() -> TestClient:
    """An app with a page and an API route that fail, to see the 500s."""
    app = create_app(ATLAS)
    app.add_api_route("/api/v1/boom", _boom)
    app.add_api_route("/boom", _boom)
    return TestClient(app, raise_server_exceptions=False)


def _secured(response: Any) -> None:
    assert set(response.headers) >= SECURITY, (response.request.url, response.status_code, response.headers)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-frame-options"] == "DENY"


def _get_urls(app: FastAPI) -> list[str]:
    """Every GET route of the app and of its routers, path parameters filled, and a file of each mount."""
    urls = []
    for route in [*app.routes, *api_router.routes, *page_router.routes]:
        if isinstance(route, Route) and route.methods and "GET" in route.methods:
            urls.append(route.path.format(**SAMPLES))
        elif isinstance(route, Mount):
            urls.append(route.path + ("/web.css" if route.path == "/static" else "/swagger-ui.css"))
    return urls


def test_every_get_route_is_found() -> None:
    urls = _get_urls(APP)
    assert {"/", "/spending", "/spending.csv", "/api/v1/members", "/api/v1/countries/FIN", "/api/docs",
            "/api/openapi.json", "/static/web.css", "/api/docs-static/swagger-ui.css"} <= set(urls)  # fmt: skip
    assert len(urls) > 40


def test_head_is_answered_wherever_get_is(client: TestClient) -> None:
    # The briefing's worker starts on first use: until then its download is a "being prepared" page (202).
    deadline = time.monotonic() + 120
    while client.get("/briefing/download" + REQUIRED["/briefing/download"]).status_code == 202:
        assert time.monotonic() < deadline
        time.sleep(0.5)
    for url in _get_urls(APP):
        url += REQUIRED.get(url, "")
        got, head = client.get(url), client.head(url)
        assert got.status_code == head.status_code == 200, (url, got.status_code, head.status_code)
        assert head.content == b"", url
        assert head.headers["content-type"] == got.headers["content-type"], url
        if "content-length" in got.headers:
            assert head.headers["content-length"] == got.headers["content-length"], url
        _secured(head)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("url", ["/api/v1/members", "/", "/static/web.css", "/no/such/page"])
def test_other_methods_are_405_with_allow(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json() == {"error": "this server is read-only: GET and HEAD only", "parameter": "method"}
    _secured(response)


def test_errors_and_redirects_carry_the_headers(client: TestClient, broken: TestClient) -> None:
    for url, status in [("/api/v1/nope", 404), ("/nope", 404), ("/country/ZZZ", 404), ("/?on=2025-13-01", 422),
                        ("/api/v1/members?on=x", 422), ("/api/v1/diff?from=2025-01-01&to=2024-01-01", 400)]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == status, url
        _secured(response)
    for url in ("/api/v1/members/", "/static"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 307, url
        assert response.headers["location"].startswith("http://testserver/")
        _secured(response)
    api, page = broken.get("/api/v1/boom"), broken.get("/boom")
    assert api.status_code == page.status_code == 500
    assert api.json() == {"error": "internal error", "parameter": None}
    assert "text/html" in page.headers["content-type"] and "a bug" not in page.text
    _secured(api)
    _secured(page)


def test_docs_allow_their_own_inline_script_only(client: TestClient) -> None:
    assert "script-src 'self' 'unsafe-inline'" in client.get("/api/docs").headers["content-security-policy"]
    assert "'unsafe-inline'" not in client.get("/").headers["content-security-policy"].split("style-src")[0]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]", "[::1]:8000"]
)
def test_loopback_names_are_served(client: TestClient, host: str) -> None:
    response = client.get("/api/v1/members/", headers={"Host": host}, follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"http://{host}/api/v1/members"


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.evil.example",
        "localhost.evil.example",
        "[::2]",
        "0.0.0.0",
    ],
)
def test_another_host_never_reaches_a_redirect(client: TestClient, host: str) -> None:
    for url in ("/api/v1/members/", "/static", "/api/v1/members", "/"):
        response = client.get(url, headers={"Host": host}, follow_redirects=False)
        assert response.status_code == 400, (url, host)
        assert "location" not in response.headers
        assert "evil.example/" not in response.text
        _secured(response)
    api = client.get("/api/v1/members", headers={"Host": host})
    assert api.json() == {"error": f"host {host!r} is not served here", "parameter": "host"}
    page = client.get("/", headers={"Host": host})
    assert "text/html" in page.headers["content-type"] and "host:" in page.text


def test_allowed_hosts_are_added_to_the_loopback_names() -> None:
    client = TestClient(create_app(ATLAS, allowed_hosts=["atlas.example", "[fd00::5]"]))
    assert client.get("/api/v1/sg", headers={"Host": "atlas.example:8000"}).status_code == 200
    assert client.get("/api/v1/sg", headers={"Host": "[fd00::5]:8000"}).status_code == 200
    assert client.get("/api/v1/sg", headers={"Host": "localhost"}).status_code == 200
    assert client.get("/api/v1/sg", headers={"Host": "other.example"}).status_code == 400


def test_serve_takes_allowed_host(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.update(app=app, **kwargs))
    result = run("serve", "--allowed-host", "atlas.example", "--allowed-host", "nato.lan", "--port", "8123")
    assert result.code == 0, result.err
    assert served["host"] == "127.0.0.1" and served["port"] == 8123
    client = TestClient(served["app"])
    for host, status in [
        ("atlas.example", 200),
        ("nato.lan:8123", 200),
        ("127.0.0.1", 200),
        ("evil.example", 400),
    ]:
        assert client.get("/api/v1/sg", headers={"Host": host}).status_code == status, host
    bad = run("serve", "--allowed-host", "evil.example/x")
    assert bad.code == 2
    assert (
        bad.err.startswith("natoatlas: error:")
        and "--allowed-host" in bad.err
        and len(bad.err.splitlines()) == 1
    )


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    """The app behind uvicorn on loopback, as `natoatlas serve` runs it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    instance = uvicorn.Server(
        uvicorn.Config(create_app(ATLAS), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(200):
        if instance.started:
            break
        time.sleep(0.05)
    yield port
    instance.should_exit = True
    thread.join(timeout=10)


def _raw(port: int, method: str, path: str, host: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_a_real_server_checks_the_host(server: int) -> None:
    refused = _raw(server, "GET", "/api/v1/members/", "evil.example")
    assert refused.status == 400 and refused.getheader("location") is None
    assert refused.getheader("x-content-type-options") == "nosniff"
    # The server's own address is always served, and redirects stay on it.
    moved = _raw(server, "GET", "/api/v1/members/", f"127.0.0.1:{server}")
    assert moved.status == 307 and moved.getheader("location") == f"http://127.0.0.1:{server}/api/v1/members"
    head = _raw(server, "HEAD", "/api/v1/members", "localhost")
    assert head.status == 200 and head.getheader("content-type") == "application/json"
    post = _raw(server, "POST", "/api/v1/members", "localhost")
    assert post.status == 405 and post.getheader("allow") == "GET, HEAD"
