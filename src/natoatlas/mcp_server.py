"""The Atlas over the Model Context Protocol, so an AI assistant can ask it and cite it.

Every tool returns the same view as the JSON API (:mod:`natoatlas.views`), sources included, so an
assistant can quote the source of each fact instead of guessing. Each tool takes ``on`` (the day
asked about, ``YYYY-MM-DD``; default today) and ``lang``: ``both`` keeps the API's bilingual
``{"en": …, "ja": …}`` texts, ``en`` or ``ja`` keeps only that language's. Bad input is a tool
error naming the parameter, never a crash. Resources: each data file, and the briefing of a day
as Markdown. Served with the official Python SDK (``mcp``), over stdio or streamable HTTP on
loopback.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError

from natoatlas import views
from natoatlas.atlas import Atlas
from natoatlas.dates import parse_day
from natoatlas.kb import datafile
from natoatlas.kb.model import FILES
from natoatlas.views import members as members_views
from natoatlas.views import params as checks
from natoatlas.views import rules, sections
from natoatlas.views import search as search_views
from natoatlas.views import sources as source_views
from natoatlas.views import spending as spending_views
from natoatlas.views.base import bi, source_ids

__all__ = ["build_server", "serve"]

Lang = Literal["both", "en", "ja"]
Topic = Literal["japan", "article-4", "article-5"]

_INSTRUCTIONS = (
    "NATO Atlas: sourced, dated facts about NATO (members, Secretaries General, the Treaty and "
    "Article 5/6 coverage, accessions, partners, commands and forces, operations, summits, "
    "Strategic Concepts, defence expenditure by release, what changed between two dates). "
    "Every answer lists its sources, official first, each with its kind: cite them. Give "
    "'on' as YYYY-MM-DD for any day from 1949 to today."
)


def _day(on: str | None, parameter: str = "on") -> dt.date:
    if on is None or on == "":
        return dt.date.today()
    try:
        return parse_day(on)
    except ValueError as err:
        raise ToolError(f"{parameter}: {err}") from None


def _in(lang: str, value: Any) -> Any:
    """The view with its bilingual texts kept in ``lang`` only (``both``: unchanged)."""
    if lang == "both":
        return value
    if isinstance(value, dict):
        if set(value) >= {"en", "ja"} and set(value) <= {"en", "ja", "ja_ours", "ja_short"}:
            return value.get(lang)
        return {k: _in(lang, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in(lang, v) for v in value]
    return value


def _checked_lang(lang: str) -> str:
    if lang not in ("both", "en", "ja"):
        raise ToolError(f"lang: must be 'both', 'en' or 'ja', not {lang!r}")
    return lang


def build_server(atlas: Atlas) -> MCPServer:
    """An MCP server answering from ``atlas`` (tools and resources registered)."""
    server: MCPServer = MCPServer(name="natoatlas", instructions=_INSTRUCTIONS, log_level="WARNING")

    def tool(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            lang = _checked_lang(kwargs.get("lang", "both"))
            try:
                return _in(lang, fn(*args, **kwargs))
            except LookupError as err:
                raise ToolError(str(err.args[0]) if err.args else str(err)) from None
            except ValueError as err:
                raise ToolError(str(err)) from None

        server.add_tool(wrapped, name=fn.__name__, description=fn.__doc__)
        return wrapped

    @tool
    def members(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """The Allies on a day, each with the day it joined, and the sources."""
        return dict(views.to_json(members_views.members(atlas, _day(on))))

    @tool
    def country(name: str, on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """A country by ISO code or name (English or Japanese): names over time, membership,
        partnerships and accession steps, with sources."""
        return dict(views.to_json(members_views.country(atlas, atlas.country(name), _day(on))))

    @tool
    def search(query: str, on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """Find anything by name, in English or Japanese, any case or width: countries (every name
        over time, ISO codes), commands and units, operations, summits, people, partnership
        frameworks, bodies, territories; best match first, each with its kind, id, names, the
        dashboard page showing it and whether it held on the day. Ask the other tools by its id."""
        if not query.strip():
            raise ToolError("query: give a name to search for")
        found = search_views.search(atlas, _day(on), query, "en" if lang == "both" else lang)
        return dict(views.to_json(found))

    @tool
    def secretary_general(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """The Secretary General of NATO on a day (acting holders marked), with sources."""
        return dict(views.to_json(members_views.secretary_general(atlas, _day(on))))

    @tool
    def offices(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """Who held NATO's principal offices on a day: SACEUR, SACT, the Chair of the Military
        Committee, the Deputy Secretary General."""
        day = _day(on)
        found = {entry.office.id: entry for entry in sections.offices(atlas, day).offices}
        held = {}
        for office_id in atlas.offices:  # in the data's order
            office, holder = found[office_id].office, found[office_id].holder_on
            held[office_id] = {
                "name": views.to_json(bi(office.name)),
                "acronym": office.acronym,
                "holder": views.to_json(holder),
                "sources": list(source_ids(atlas, (*office.sources, *(holder.sources if holder else ())))),
            }
        return {"on": day.isoformat(), "offices": held}

    @tool
    def treaty(article: int | None = None, on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """The North Atlantic Treaty as it read on a day: every article, or one (0 is the preamble)."""
        if article is not None and not 0 <= article <= 14:
            raise ToolError(f"article: must be 0 (the preamble) to 14, not {article}")
        return dict(views.to_json(sections.treaty(atlas, _day(on), article)))

    @tool
    def covers(
        place: str,
        on: str | None = None,
        kind: checks.CoversKind = "territory",
        lang: Lang = "both",
    ) -> dict[str, Any]:
        """Would Article 5 cover an armed attack on a place on a day (Article 6's area)? ``place``
        is a city, island or territory by name (English or Japanese), a country, or 'lat,lon'; a
        name several places share is an error listing them."""
        from natoatlas.rules.gazetteer import AmbiguousPlace

        try:
            return dict(views.to_json(rules.covers(atlas, place, _day(on), kind)))
        except AmbiguousPlace as err:
            raise ToolError(f"place: {err.args[0]}") from None

    @tool
    def accession(country: str, on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """Where a country's accession under Article 10 stood on a day: steps done and to come."""
        return dict(views.to_json(rules.accession(atlas, atlas.country(country).id, _day(on))))

    @tool
    def partners(framework: str | None = None, on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """Partnership frameworks (pfp, md, ici, pag, ip4, nrc …) and their partners on a day."""
        if framework is not None:
            atlas.framework(framework)
        return dict(views.to_json(sections.partners(atlas, _day(on), framework)))

    @tool
    def commands(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """The NATO command structure on a day, with who leads each command."""
        return dict(views.to_json(sections.places(atlas, _day(on), "commands")))

    @tool
    def forces(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """NATO Force Integration Units and forward land forces (battlegroups) on a day, with their
        framework nations."""
        return dict(views.to_json(sections.places(atlas, _day(on), "forces")))

    @tool
    def operations(
        status: checks.Status | None = None, on: str | None = None, lang: Lang = "both"
    ) -> dict[str, Any]:
        """Operations, missions and activities started by a day (ongoing or ended that day)."""
        return dict(views.to_json(sections.operations(atlas, _day(on), status)))

    @tool
    def summits(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """Every summit of NATO Heads of State and Government up to a day, with its decisions."""
        return dict(views.to_json(sections.summits(atlas, _day(on))))

    @tool
    def concepts(on: str | None = None, lang: Lang = "both") -> dict[str, Any]:
        """The Strategic Concepts, with the one in force on the day marked."""
        return dict(views.to_json(sections.concepts(atlas, _day(on))))

    @tool
    def spending(
        year: int | None = None,
        target: float | None = None,
        release: str | None = None,
        measure: str = "pct_gdp",
        on: str | None = None,
        lang: Lang = "both",
    ) -> dict[str, Any]:
        """Every Ally's defence expenditure in a year, from one release (default: the newest
        published by ``on``); with ``target`` (e.g. 2 or 3.5), whether each met it. Partial
        releases say so."""
        from natoatlas.rules.spending import MEASURES_AVAILABLE

        if measure not in MEASURES_AVAILABLE:
            raise ToolError(f"measure: unknown {measure!r}; measures: {', '.join(MEASURES_AVAILABLE)}")
        rows = spending_views.spending_rows(atlas, year, target, release, measure, _day(on))
        return {"rows": views.to_json(rows), "data_as_of": views.data_as_of(atlas, ["spending"])}

    @tool
    def spending_releases(lang: Lang = "both") -> dict[str, Any]:
        """The defence expenditure releases held: publication day, years, Allies given, coverage."""
        return {"releases": views.to_json(spending_views.releases(atlas))}

    @tool
    def diff(start: str, end: str, lang: Lang = "both") -> dict[str, Any]:
        """What changed between two dates (accessions, offices, partners, operations …)."""
        first, last = _day(start, "start"), _day(end, "end")
        if last < first:
            raise ToolError(f"end: {last} is before start ({first})")
        return dict(views.to_json(rules.changes(atlas, first, last)))

    @tool
    def timeline(
        topic: Topic, start: str | None = None, end: str | None = None, lang: Lang = "both"
    ) -> dict[str, Any]:
        """Dated events of a topic: japan (Japan–NATO relations), article-4, article-5."""
        first = _day(start, "start") if start else None
        last = _day(end, "end") if end else None
        if first and last and last < first:
            raise ToolError(f"end: {last} is before start ({first})")
        return dict(views.to_json(sections.timeline(atlas, sections.TIMELINE_TOPICS[topic], first, last)))

    @tool
    def sources(kind: Literal["official", "reference", "press", "mirror"] | None = None) -> dict[str, Any]:
        """The source registry, official first: what every other answer cites."""
        return dict(views.to_json(source_views.registry(atlas, kind)))

    for name in FILES:
        _data_resource(server, name)

    @server.resource(
        "natoatlas://briefing/{lang}/{day}",
        name="briefing",
        description="The briefing of a day as Markdown (lang: ja or en; day: YYYY-MM-DD).",
        mime_type="text/markdown",
    )
    def briefing(lang: str, day: str) -> str:
        from natoatlas.render.briefing import build
        from natoatlas.render.writers.markdown import render

        if lang not in checks.LANGS:
            raise ResourceNotFoundError(f"lang must be ja or en, not {lang!r}")
        try:
            when = parse_day(day)
        except ValueError as err:
            raise ResourceNotFoundError(str(err)) from None
        return render(build(atlas, on=when, lang=lang)).decode("utf-8")

    return server


def _data_resource(server: MCPServer, name: str) -> None:
    path = datafile.default_dir() / name
    mime = "text/csv" if name.endswith(".csv") else "application/yaml"

    @server.resource(
        f"natoatlas://data/{name}", name=name, description=f"The data file {name}", mime_type=mime
    )
    def read() -> str:
        return path.read_text(encoding="utf-8")


def serve(atlas: Atlas, transport: Literal["stdio", "http"] = "stdio", port: int = 8765) -> None:
    """Run the server: over stdio (for an assistant that starts it), or streamable HTTP on loopback."""
    server = build_server(atlas)
    if transport == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=port)
