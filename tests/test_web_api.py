"""The JSON API: every endpoint, the same JSON as the CLI, 4xx JSON errors naming the parameter,
security headers and read-only. The OpenAPI contract (schemathesis) is in test_web_contract.py,
headers, methods and hosts in test_web_headers.py."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.web import create_app

APP = create_app(natoatlas.load())


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(APP)


ENDPOINTS = [
    ("/api/v1/members?on=1999-03-11", ["members", "--on", "1999-03-11", "--json"]),
    ("/api/v1/countries/FIN?on=2025-05-01", ["country", "FIN", "--on", "2025-05-01", "--json"]),
    ("/api/v1/sg?on=2015-01-01", ["sg", "--on", "2015-01-01", "--json"]),
    ("/api/v1/enlargement?on=2025-05-01", ["enlargement", "--on", "2025-05-01", "--json"]),
    ("/api/v1/partners?on=2025-05-01&framework=pfp", ["partners", "pfp", "--on", "2025-05-01", "--json"]),
    ("/api/v1/organisation?on=2025-05-01", ["organisation", "--on", "2025-05-01", "--json"]),
    ("/api/v1/commands?on=2025-05-01", ["commands", "--on", "2025-05-01", "--json"]),
    ("/api/v1/forces?on=2023-01-01", ["forces", "--on", "2023-01-01", "--json"]),
    (
        "/api/v1/operations?on=2025-05-01&status=ongoing",
        ["operations", "--on", "2025-05-01", "--status", "ongoing", "--json"],
    ),
    ("/api/v1/concepts?on=2019-12-31", ["concepts", "--on", "2019-12-31", "--json"]),
    ("/api/v1/summits?on=2025-05-01", ["summits", "--on", "2025-05-01", "--json"]),
    ("/api/v1/treaty?on=1950-01-01&article=6", ["treaty", "6", "--on", "1950-01-01", "--json"]),
    (
        "/api/v1/covers?place=59.437,24.7536&on=2004-03-29",
        ["covers", "59.437,24.7536", "--on", "2004-03-29", "--json"],
    ),
    ("/api/v1/accession/FIN?on=2023-04-01", ["accession", "FIN", "--on", "2023-04-01", "--json"]),
    ("/api/v1/diff?from=2024-05-01&to=2025-05-01", ["diff", "2024-05-01", "2025-05-01", "--json"]),
    (
        "/api/v1/timeline/japan?from=2022-01-01&to=2022-12-31",
        ["timeline", "japan", "--from", "2022-01-01", "--to", "2022-12-31", "--json"],
    ),
    ("/api/v1/consultations?article=4", ["consultations", "--article", "4", "--json"]),
    (
        "/api/v1/spending?on=2025-05-01&year=2024&target=2",
        ["spending", "--on", "2025-05-01", "--year", "2024", "--target", "2", "--json"],
    ),
    ("/api/v1/spending/releases", ["spending", "releases", "--json"]),
    ("/api/v1/spending/targets?on=2026-01-01", ["spending", "targets", "--on", "2026-01-01", "--json"]),
]


@pytest.mark.parametrize(("path", "args"), ENDPOINTS)
def test_api_gives_the_cli_json(client: TestClient, run: Any, path: str, args: list[str]) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == run(*args).json()


def test_api_utf8_without_escapes(client: TestClient) -> None:
    response = client.get("/api/v1/members?on=2025-05-01")
    assert "北マケドニア" in response.content.decode("utf-8")
    assert "\\u" not in response.text
    assert response.json()["count"] == 32


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/api/v1/members?on=2025-13-01", 422, "on"),
        ("/api/v1/members?on=yesterday-ish", 422, "on"),
        ("/api/v1/countries/XXX", 404, "code"),
        ("/api/v1/accession/Atlantis", 404, "code"),
        ("/api/v1/spending?year=2031", 404, "year"),
        ("/api/v1/spending?release=nope", 404, "release"),
        ("/api/v1/spending?target=abc", 422, "target"),
        ("/api/v1/spending?measure=bananas", 422, "measure"),
        ("/api/v1/covers?place=95,10", 422, "place"),
        ("/api/v1/covers?place=Xqzvwpl", 404, "place"),
        ("/api/v1/covers?place=Tallinn&kind=ships", 422, "kind"),
        ("/api/v1/diff?from=2025-01-01&to=2024-01-01", 400, "to"),
        ("/api/v1/timeline/weather", 404, "topic"),
        ("/api/v1/treaty?article=15", 422, "article"),
        ("/api/v1/operations?status=paused", 422, "status"),
        ("/api/v1/partners?framework=nope", 404, "framework"),
        ("/api/v1/covers", 422, "place"),
    ],
)
def test_api_errors_name_the_parameter(client: TestClient, path: str, status: int, parameter: str) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["parameter"] == parameter
    assert body["error"]


def test_security_headers_and_read_only(client: TestClient) -> None:
    for path in ("/", "/api/v1/members", "/api/docs"):
        response = client.get(path)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.post("/api/v1/members").status_code == 405
    assert client.delete("/").status_code == 405


def test_docs_are_served_locally(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assert "/api/docs-static/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
    assert client.get("/api/docs-static/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/members", "/api/v1/covers", "/api/v1/spending", "/api/v1/diff"} <= set(schema["paths"])


def test_pages_escape_and_error_pages(client: TestClient) -> None:
    response = client.get("/treaty?place=<script>alert(1)</script>")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
    bad = client.get("/?on=2025-13-01")
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"] and "on:" in bad.text
    assert client.get("/country/ZZZ").status_code == 404


def test_spending_csv(client: TestClient) -> None:
    response = client.get("/spending.csv?on=2025-05-01&year=2024&target=2&release=nato-ar2024")
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert lines[0].startswith("code,name_en,name_ja,year,value")
    assert sum(1 for line in lines[1:] if line.split(",")[7] == "True") == 22
