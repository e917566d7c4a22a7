"""The MCP server, started as an assistant starts it (``natoatlas mcp`` over stdio) and asked
with the official SDK's own client: tools, their answers with sources, errors, resources."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")

from mcp import Client, StdioServerParameters


def _params() -> StdioServerParameters:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return StdioServerParameters(command=sys.executable, args=["-m", "natoatlas", "mcp"], env=env)


async def _session() -> dict[str, Any]:
    found: dict[str, Any] = {}
    async with Client(_params(), read_timeout_seconds=60) as client:
        found["tools"] = {t.name for t in (await client.list_tools()).tools}
        members = await client.call_tool("members", {"on": "1999-03-12", "lang": "en"})
        found["members"] = json.loads(members.content[0].text)  # type: ignore[union-attr]
        sg = await client.call_tool("secretary_general", {"on": "2015-06-01", "lang": "ja"})
        found["sg"] = json.loads(sg.content[0].text)  # type: ignore[union-attr]
        covers = await client.call_tool("covers", {"place": "59.437,24.7536", "on": "2004-03-28"})
        found["covers"] = json.loads(covers.content[0].text)  # type: ignore[union-attr]
        tallinn = await client.call_tool("covers", {"place": "タリン", "on": "2004-03-29", "lang": "ja"})
        found["tallinn"] = json.loads(tallinn.content[0].text)  # type: ignore[union-attr]
        found["paris"] = await client.call_tool("covers", {"place": "Paris"})
        found["bad_date"] = await client.call_tool("members", {"on": "２０２５-０１-０１"})
        found["bad_country"] = await client.call_tool("country", {"name": "Atlantis"})
        found["bad_range"] = await client.call_tool("diff", {"start": "2025-01-01", "end": "2020-01-01"})
        found["resources"] = {str(r.uri) for r in (await client.list_resources()).resources}
        data = await client.read_resource("natoatlas://data/memberships.yaml")
        found["memberships"] = data.contents[0].text  # type: ignore[union-attr]
    return found


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return asyncio.run(_session())


def test_tools_cover_the_api(session: dict[str, Any]) -> None:
    expected = {"members", "country", "secretary_general", "offices", "treaty", "covers", "accession", "partners",
                "commands", "forces", "operations", "summits", "concepts", "spending", "spending_releases", "diff",
                "timeline", "sources"}  # fmt: skip
    assert expected <= session["tools"]


def test_answers_are_the_api_views_with_sources(session: dict[str, Any]) -> None:
    members = session["members"]
    assert len(members["members"]) == 19  # Czechia, Hungary and Poland joined on 1999-03-12
    assert {m["code"] for m in members["members"]} >= {"CZE", "HUN", "POL"}
    assert isinstance(members["members"][0]["name"], str)  # lang=en keeps the English only
    assert session["sg"]["secretary_general"]["name"] == "イェンス・ストルテンベルグ"
    assert session["sg"]["sources"] and all("kind" in s for s in session["sg"]["sources"])
    kinds = [s["kind"] for s in session["sg"]["sources"]]
    assert kinds == sorted(kinds, key=["official", "reference", "press", "mirror"].index)  # official first
    assert session["covers"]["covered"] is False  # Estonia joined on 2004-03-29
    assert session["tallinn"]["covered"] is True and len(session["tallinn"]["allies_named"]) == 26
    assert session["paris"].is_error and "Paris, Texas" in session["paris"].content[0].text


def test_bad_input_is_a_tool_error_naming_the_parameter(session: dict[str, Any]) -> None:
    assert session["bad_date"].is_error and "on:" in session["bad_date"].content[0].text
    assert session["bad_country"].is_error and "Atlantis" in session["bad_country"].content[0].text
    assert session["bad_range"].is_error and "before start" in session["bad_range"].content[0].text


def test_resources_are_the_data_files_and_the_briefing(session: dict[str, Any]) -> None:
    assert "natoatlas://data/memberships.yaml" in session["resources"]
    assert "country: FIN" in session["memberships"]
