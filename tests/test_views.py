"""The view layer: one typed, frozen view per question, the same JSON from the CLI, the API and
MCP, an OpenAPI schema that names every key, and parameters checked once for click and FastAPI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.views import members as member_views
from natoatlas.views import params, rules, sections, to_json
from natoatlas.views import spending as spending_views
from natoatlas.web import create_app

DAY = dt.date(2025, 5, 1)


@pytest.fixture(scope="module")
def client(atlas: natoatlas.Atlas) -> TestClient:
    return TestClient(create_app(atlas))


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    schema: dict[str, Any] = client.get("/api/openapi.json").json()
    return schema


def test_a_view_is_frozen_and_typed(atlas: natoatlas.Atlas) -> None:
    view = member_views.members(atlas, DAY)
    assert dataclasses.is_dataclass(view) and view.count == 32 == len(view.members)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.count = 1  # type: ignore[misc]
    assert view.members[0].joined.isoformat() == "1949-04-04"


def test_cli_json_api_and_mcp_give_the_same_view(
    atlas: natoatlas.Atlas, client: TestClient, run: Callable[..., Any]
) -> None:
    from natoatlas.mcp_server import build_server

    view = to_json(sections.operations(atlas, DAY, "ongoing"))
    assert run("operations", "--on", "2025-05-01", "--status", "ongoing", "--json").json() == view
    assert client.get("/api/v1/operations?on=2025-05-01&status=ongoing").json() == view
    assert build_server(atlas) is not None  # the MCP tools return to_json of the same functions
    country = to_json(member_views.country(atlas, atlas.country("FIN"), DAY))
    assert run("country", "FIN", "--on", "2025-05-01", "--json").json() == country
    assert client.get("/api/v1/countries/FIN?on=2025-05-01").json() == country


def test_json_keys_keep_the_data_files_names_and_order(atlas: natoatlas.Atlas) -> None:
    # A FLAT record's own keys come first, in the data file's order; what the day derives follows.
    place = to_json(sections.places(atlas, DAY, "forces"))["forces"][0]
    assert list(place)[:5] == ["sources", "citations", "alternatives", "from", "to"]
    assert list(place)[-1] == "lead_on"
    # A key that is not a Python name is written as the data writes it.
    assert list(to_json(rules.changes(atlas, dt.date(2024, 1, 1), DAY))) == [
        "from",
        "to",
        "changes",
        "data_as_of",
    ]
    # A mirror names what it copies; other sources have no such key.
    registry = to_json(natoatlas_sources(atlas))
    kinds = {s["kind"]: set(s) for s in registry["sources"]}
    assert "copies" in kinds["mirror"] and "copies" not in kinds["official"]


def natoatlas_sources(atlas: natoatlas.Atlas) -> Any:
    from natoatlas.views.sources import registry

    return registry(atlas)


def test_a_target_adds_its_keys_only_when_asked(atlas: natoatlas.Atlas) -> None:
    plain = to_json(spending_views.spending_rows(atlas, 2024, None, "nato-ar2024", "pct_gdp", DAY))
    asked = to_json(spending_views.spending_rows(atlas, 2024, 2.0, "nato-ar2024", "pct_gdp", DAY))
    assert all("meets" not in r for r in plain)
    assert all(list(r)[-3:] == ["target", "meets", "basis"] for r in asked)
    assert {r["code"] for r in plain} == {r["code"] for r in asked}


def test_texts_are_filled_for_the_day_in_the_view(atlas: natoatlas.Atlas) -> None:
    # The data writes the North Atlantic Council's composition with {allies}: 15 Allies in 1960.
    day = dt.date(1960, 1, 1)
    view = sections.organisation(atlas, day)
    text = json.dumps(to_json(view), ensure_ascii=False)
    assert "{allies}" not in text and len(atlas.members(day)) == 15
    assert any(e.body.composition and e.body.composition.ja == "加盟15か国の代表" for e in view.bodies)
    assert any(
        e.body.composition and e.body.composition.en.endswith("the 15 member countries") for e in view.bodies
    )


def _resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/members", "/api/v1/members?on=2025-05-01"),
        ("/api/v1/forces", "/api/v1/forces?on=2025-05-01"),
        ("/api/v1/partners", "/api/v1/partners?on=2025-05-01"),
        ("/api/v1/overview", "/api/v1/overview?on=2025-05-01"),
        ("/api/v1/diff", "/api/v1/diff?from=2024-01-01&to=2025-05-01"),
        ("/api/v1/accession/{code}", "/api/v1/accession/SWE?on=2024-01-01"),
    ],
)
def test_the_openapi_names_every_key_of_the_answer(
    openapi: dict[str, Any], client: TestClient, path: str, url: str
) -> None:
    schema = _resolve(
        openapi, openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    )
    assert schema.get("additionalProperties") is not True and schema["type"] == "object"
    body = client.get(url).json()
    assert list(schema["properties"]) == list(body)
    assert set(schema["required"]) <= set(body)
    # One level down: each item's keys are declared too.
    for name, value in body.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            item = _resolve(openapi, _resolve(openapi, schema["properties"][name]).get("items", {}))
            assert set(value[0]) <= set(item["properties"]), (path, name)


def test_list_answers_are_described_too(openapi: dict[str, Any]) -> None:
    for path in (
        "/api/v1/spending",
        "/api/v1/consultations",
        "/api/v1/countries",
        "/api/v1/spending/releases",
    ):
        schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema["type"] == "array" and schema["items"], path


@pytest.mark.parametrize(
    ("args", "url", "message"),
    [
        (
            ["spending", "--year", "２０２４"],
            "/api/v1/spending?year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94",
            "ASCII digits",
        ),
        (["spending", "--target", "-1"], "/api/v1/spending?target=-1", "is not a percentage above 0"),
        (["spending", "--target", "two"], "/api/v1/spending?target=two", "'two' is not a number"),
        (["members", "--on", "2025-5-1"], "/api/v1/members?on=2025-5-1", params.day.__name__ and ""),
    ],
)
def test_one_check_gives_one_reason_in_the_cli_and_the_api(
    run: Callable[..., Any], client: TestClient, args: list[str], url: str, message: str
) -> None:
    cli = run(*args)
    api = client.get(url)
    assert cli.code == 2 and api.status_code == 422
    reason = api.json()["error"]
    assert message in reason and reason in cli.err


def test_parameter_checks_are_declared_once() -> None:
    assert params.article("第5条") == params.article("article-5") == params.article("5") == 5
    assert params.article("preamble") == 0
    with pytest.raises(params.ParamError, match="14 articles"):
        params.article("15")
    assert params.topic("japan") == "japan-nato"
    with pytest.raises(params.ParamError) as found:
        params.topic("nato")
    assert found.value.status == 404
    with pytest.raises(params.ParamError) as found:
        params.span(dt.date(2025, 1, 1), dt.date(2020, 1, 1))
    assert found.value.status == 400 and str(found.value) == "'to' (2020-01-01) is before 'from' (2025-01-01)"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_briefing_box_and_the_overview_state_the_same_facts(atlas: natoatlas.Atlas, lang: str) -> None:
    from natoatlas.render.briefing import Facts, build
    from natoatlas.views import overview as overview_views

    day = dt.date(2025, 5, 1)
    brief = build(atlas, on=day, lang=lang, sections=["overview"])
    (box,) = [b for b in brief.sections[0].blocks if isinstance(b, Facts)]
    assert box.pairs == tuple(
        (r.label, r.value) for r in overview_views.facts(atlas, day, lang, briefing=True)
    )
    rows = {r.label: r.value for r in getattr(overview_views.overview(atlas, day).rows, lang)}
    # The same count and founding; the box dates the Secretary General to the month only.
    for label, value in box.pairs[:2]:
        assert rows[label] == value
    assert len(rows) == len(box.pairs) + 1  # the overview adds the newest Ally
