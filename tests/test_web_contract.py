"""The API's contract: the OpenAPI declares each parameter's pattern or choices and every error
with its real body, schemathesis (every check, positive and negative data, fixed seed) finds no
failure against the ASGI app, and one parameter value gets one answer from the API and the pages."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

import natoatlas
from natoatlas.web import create_app
from natoatlas.web.params import DATE_PATTERN

APP = create_app(natoatlas.load())
#: Looked up by id, code or name in either language, as the CLI does: any text, 404 if unknown.
FREE_TEXT = {"code", "framework", "place", "q"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(APP)


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    return schema


def _parameters(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, p)
        for path, ops in openapi["paths"].items()
        for op in ops.values()
        for p in op.get("parameters", [])
    ]


def test_every_parameter_declares_its_pattern_or_choices(openapi: dict[str, Any]) -> None:
    found = _parameters(openapi)
    assert len(found) > 30
    for path, parameter in found:
        schema, name = parameter["schema"], parameter["name"]
        assert "anyOf" not in schema, (path, name)
        if name in FREE_TEXT:
            assert schema == {"type": "string", "minLength": 1, "examples": schema["examples"]}, (path, name)
        elif schema["type"] == "integer":
            assert "enum" in schema or {"minimum", "maximum"} <= set(schema), (path, name)
        else:
            assert "enum" in schema or "pattern" in schema, (path, name)
        if name in ("on", "from", "to"):
            assert schema["pattern"] == DATE_PATTERN == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
            assert schema["format"] == "date"
    by_name = {(path, p["name"]): p["schema"] for path, p in found}
    assert by_name[("/api/v1/operations", "status")]["enum"] == ["ongoing", "ended"]
    assert by_name[("/api/v1/covers", "kind")]["enum"] == ["territory", "forces"]
    assert by_name[("/api/v1/sources", "kind")]["enum"] == ["official", "reference", "press", "mirror"]
    assert "usd_million" in by_name[("/api/v1/spending", "measure")]["enum"]
    assert {"nato-ar2024", "nato-defexp-2024-06"} <= set(by_name[("/api/v1/spending", "release")]["enum"])
    assert by_name[("/api/v1/consultations", "article")]["enum"] == [4, 5]
    assert set(by_name[("/api/v1/timeline/{topic}", "topic")]["enum"]) >= {"japan", "article-4", "article-5"}


def test_every_error_is_documented_with_its_real_body(openapi: dict[str, Any], client: TestClient) -> None:
    schemas = openapi["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert schemas["Error"]["required"] == ["error", "parameter"]
    ref = {"$ref": "#/components/schemas/Error"}
    documented: dict[str, set[str]] = {}
    for path, ops in openapi["paths"].items():
        for op in ops.values():
            codes = {c for c in op["responses"] if c != "200"}
            documented[path] = codes
            for code in codes:
                schema = op["responses"][code]["content"]["application/json"]["schema"]
                if (path, code) == ("/api/v1/covers", "409"):  # a name several places have: the candidates
                    assert schema["required"] == ["error", "parameter", "candidates"]
                    continue
                assert schema == ref, (path, code)
            if op.get("parameters"):
                assert "422" in codes, path
    assert documented["/api/v1/diff"] == {"400", "422"}
    assert documented["/api/v1/timeline/{topic}"] == {"400", "404", "422"}
    assert documented["/api/v1/countries/{code}"] == {"404", "422"}
    assert documented["/api/v1/spending/releases"] == set()
    # Each documented status, as the API really answers it.
    for url, status in [
        ("/api/v1/diff?from=2025-01-01&to=2024-01-01", 400),
        ("/api/v1/countries/Atlantis", 404),
        ("/api/v1/members?on=2025-02-30", 422),
        ("/api/v1/covers", 422),
        ("/api/v1/no-such-thing", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        body = response.json()
        assert set(body) == {"error", "parameter"} and body["error"], url
        assert str(status) in documented.get(url.split("?")[0], {str(status)})


def test_list_answers_declare_their_data_as_of_header(openapi: dict[str, Any]) -> None:
    for path in (
        "/api/v1/countries",
        "/api/v1/consultations",
        "/api/v1/spending",
        "/api/v1/spending/targets",
    ):
        assert "X-Data-As-Of" in openapi["paths"][path]["get"]["responses"]["200"]["headers"], path


@pytest.mark.slow
def test_schemathesis_finds_no_failure() -> None:
    """Every built-in check, positive and negative data, 25 examples per operation, seed fixed."""
    config = SchemathesisConfig.from_dict(
        {
            "seed": 20250501,
            "generation": {"max-examples": 25, "mode": "all"},
            # 'from' after 'to' is a 400 by design: OpenAPI cannot state a rule between two parameters.
            "operations": [
                {
                    "include-path-regex": "^/api/v1/(diff|timeline/)",
                    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}},
                }
            ],
        }
    )
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP, config=config)
    failures: list[str] = []
    ran: Counter[str] = Counter()
    operations: set[str] = set()
    for event in from_schema(schema).execute():
        assert not isinstance(event, (events.NonFatalError, events.FatalError)), event
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        operations.add(recorder.label)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                ran[check.name] += 1
                if check.status == Status.FAILURE:
                    case = recorder.cases[case_id].value
                    failures.append(f"{recorder.label} {check.name}: {case.path_parameters} {case.query}")
    assert not failures, "\n".join(failures[:20])
    assert len(operations) == len(APP.openapi()["paths"]) >= 24
    wanted = {"not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
              "response_headers_conformance", "positive_data_acceptance", "negative_data_rejection",
              "unsupported_method", "missing_required_header"}  # fmt: skip
    assert wanted <= set(ran), set(ran)
    assert ran["negative_data_rejection"] > 200 and ran["unsupported_method"] > 500


BAD_NUMBERS = ["２０２４", "²⁰²⁴", "٢٠٢٤", " 2024", "2024 ", "2024\n", "+2024", "2024.0", "2_024", "0x7e8"]
BAD_DATES = [
    "２０２５-０１-０１",
    "٢٠٢٥-٠١-٠١",
    "2025-01-01\n",
    " 2025-01-01 ",
    "2025-1-1",
    "2025-02-30",
    "20250101",
]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_year_is_ascii_digits_on_pages_and_api(client: TestClient, value: str) -> None:
    api = client.get("/api/v1/spending", params={"year": value})
    page = client.get("/spending", params={"year": value})
    assert api.status_code == page.status_code == 422, (api.text, value)
    assert api.json()["parameter"] == "year" and "year:" in page.text


@pytest.mark.parametrize("value", ["２", "²", " 2", "2\n", "nan", "inf", "1e1", "0", "100.5", "-2", "2."])
def test_target_is_ascii_digits_on_pages_and_api(client: TestClient, value: str) -> None:
    api = client.get("/api/v1/spending", params={"target": value})
    page = client.get("/spending", params={"target": value})
    assert api.status_code == page.status_code == 422, (api.text, value)
    assert api.json()["parameter"] == "target"


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_are_strict_on_pages_api_and_cli(client: TestClient, run: Any, value: str) -> None:
    assert client.get("/api/v1/members", params={"on": value}).status_code == 422
    assert client.get("/", params={"on": value}).status_code == 422
    assert (
        client.get("/api/v1/diff", params={"from": value, "to": "2025-01-01"}).json()["parameter"] == "from"
    )
    assert client.get("/changes", params={"from": value}).status_code == 422
    assert run("members", "--on", value).code == 2
    assert re.fullmatch(DATE_PATTERN, value) is None or value == "2025-02-30"


@pytest.mark.parametrize("value", ["²", "①", "２００５", "1948", "3000", " 2005", "2005.0"])
def test_year_slider_refuses_what_is_not_a_year(client: TestClient, value: str) -> None:
    response = client.get("/", params={"year_slider": value})
    assert response.status_code == 422, value
    assert "year_slider:" in response.text


def test_year_slider_sets_the_end_of_its_year(client: TestClient) -> None:
    assert "(26)" in client.get("/?lang=en&year_slider=2005").text
    assert "(19)" in client.get("/?lang=en&year_slider=1999").text


@pytest.mark.parametrize(
    ("api", "page", "status"),
    [
        ("/api/v1/spending?year=2031", "/spending?year=2031", 404),
        ("/api/v1/spending?year=1948", "/spending?year=1948", 422),
        ("/api/v1/spending?release=nope", "/spending?release=nope", 404),
        ("/api/v1/spending?on=2000-01-01", "/spending?on=2000-01-01", 404),
        ("/api/v1/spending?year=2024&release=nato-defexp-2024-06", "/spending?year=2024&release=nato-defexp-2024-06", 200),
        ("/api/v1/operations?status=paused", "/operations?status=paused", 422),
        ("/api/v1/operations?status=ended", "/operations?status=ended", 200),
        ("/api/v1/covers?place=Tallinn&kind=ships", "/treaty?place=Tallinn&kind=ships", 422),
        ("/api/v1/countries/Atlantis", "/country/Atlantis", 404),
        ("/api/v1/diff?from=2025-01-01&to=2024-01-01", "/changes?from=2025-01-01&on=2024-01-01", 400),
    ],
)  # fmt: skip
def test_same_value_same_answer(client: TestClient, api: str, page: str, status: int) -> None:
    assert client.get(api).status_code == status, client.get(api).text
    assert client.get(page).status_code == status


def test_from_after_to_is_an_error_everywhere(client: TestClient) -> None:
    for url in (
        "/api/v1/diff?from=2025-01-01&to=2020-01-01",
        "/api/v1/timeline/japan?from=2025-01-01&to=2020-01-01",
    ):
        response = client.get(url)
        assert response.status_code == 400 and response.json()["parameter"] == "to", url
    assert client.get("/api/v1/timeline/japan?from=2020-01-01&to=2020-01-01").status_code == 200
    assert client.get("/changes?from=2025-01-02&on=2025-01-01").status_code == 400


def test_empty_values(client: TestClient) -> None:
    """The API refuses an empty value; a page's form sends empty fields, which mean 'not given'."""
    for url in (
        "/api/v1/members?on=",
        "/api/v1/spending?year=",
        "/api/v1/covers?place=",
        "/api/v1/sources?kind=",
    ):
        assert client.get(url).status_code == 422, url
    assert client.get("/?on=&year_slider=2005&lang=en").status_code == 200
    assert "(26)" in client.get("/?on=&year_slider=2005&lang=en").text
    assert client.get("/spending?year=&target=&release=").status_code == 200
    assert client.get("/briefing/download?section=&section=&format=md").status_code == 422
