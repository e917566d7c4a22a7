"""The JSON API under ``/api/v1/``: every query the CLI offers, the same JSON as its ``--json``.

Each route answers with a view of :mod:`natoatlas.views` as the bytes of ``to_json`` (orjson);
its ``response_model`` is the view's type, so ``/openapi.json`` names every key of the answer.

Parameters are read as text and checked by :mod:`natoatlas.web.params` (the same rules as the
pages), so that a malformed date, an unknown code or a year without data comes back as a 4xx
JSON error ``{error, parameter}`` naming the parameter; the OpenAPI declares each parameter's
pattern or choices and each error (:func:`natoatlas.web.params.document`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from natoatlas.atlas import Atlas
from natoatlas.kb.model import SOURCE_KINDS, Target
from natoatlas.rules.spending import MEASURES_AVAILABLE
from natoatlas.views import members as members_views
from natoatlas.views import overview as overview_views
from natoatlas.views import params as checks
from natoatlas.views import rules, sections
from natoatlas.views import search as search_views
from natoatlas.views import sources as source_views
from natoatlas.views import spending as spending_views
from natoatlas.views.base import SECTION_OF, data_as_of, to_json
from natoatlas.web import heavy, params
from natoatlas.web.answers import Answers, Build, dumps
from natoatlas.web.params import ParameterError

__all__ = ["DATED", "ApiError", "DirectAnswers", "router"]

router = APIRouter(prefix="/api/v1", tags=["NATO Atlas"])

ON = Query(None, description="The day asked about, YYYY-MM-DD (default: today).")
#: Kept for callers of the first API: the error every parameter check raises.
ApiError = ParameterError


def atlas_of(request: Request) -> Atlas:
    atlas: Atlas = request.app.state.atlas
    return atlas


def answers_of(request: Request) -> Answers:
    """The app's cache of serialised dated answers, made on first use for the app's Atlas."""
    return _answers(request.app.state)


def _answers(state: Any) -> Answers:
    found: Answers | None = getattr(state, "answers", None)
    if found is None or found.atlas is not state.atlas:
        found = state.answers = Answers(state.atlas)
    return found


#: The dated questions answered from cached bytes: path → (question, its view's JSON for a day,
#: the value of ``status`` or None); the routes below and :class:`DirectAnswers` share them.
DATED: dict[str, tuple[str, Callable[[Atlas, dt.date, str | None], dict[str, Any]]]] = {
    "/api/v1/members": ("members", lambda atlas, day, _: to_json(members_views.members(atlas, day))),
    "/api/v1/sg": ("sg", lambda atlas, day, _: to_json(members_views.secretary_general(atlas, day))),
    "/api/v1/summits": ("summits", lambda atlas, day, _: to_json(sections.summits(atlas, day))),
    "/api/v1/commands": ("commands", lambda atlas, day, _: to_json(sections.places(atlas, day, "commands"))),
    "/api/v1/forces": ("forces", lambda atlas, day, _: to_json(sections.places(atlas, day, "forces"))),
    "/api/v1/operations": (
        "operations",
        lambda atlas, day, status: to_json(sections.operations(atlas, day, status)),
    ),
}
_STATUS = checks.STATUSES


def _dated(request: Request, path: str, on: str | None, status: str | None = None) -> Response:
    question, build = DATED[path]
    atlas = atlas_of(request)
    name = question if status is None else f"{question}:{status}"
    return cached(request, name, on, lambda day: build(atlas, day, status))


class DirectAnswers:
    """The dated questions of :data:`DATED` answered from their cached bytes before FastAPI's
    routing and parameter machinery (which cost about 20 times the cached answer itself).

    Only a plain query is answered here: nothing, ``on=YYYY-MM-DD`` (a calendar date) and, for
    operations, ``status=ongoing|ended``, each at most once. Anything else (an error, an encoded
    or unknown parameter) goes on to the routes, which answer it as before; the bytes are the
    same either way (one cache, one view function). Installed inside the host check, which
    also adds the security headers and answers HEAD.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = DATED.get(scope["path"]) if scope["type"] == "http" and scope["method"] == "GET" else None
        query = self._query(scope["query_string"], scope["path"]) if found else None
        if found is None or query is None:
            await self.app(scope, receive, send)
            return
        day, status = query
        state = scope["app"].state
        question, build = found
        atlas: Atlas = state.atlas
        name = question if status is None else f"{question}:{status}"
        body = _answers(state).answer(name, day, lambda d: build(atlas, d, status))
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    def _query(query: bytes, path: str) -> tuple[dt.date, str | None] | None:
        """The day and status of a plain query; None for anything the routes should read."""
        accepted = _ACCEPTED_OPERATIONS if path == "/api/v1/operations" else _ACCEPTED
        found = params.plain_query(query, accepted)
        if found is None:
            return None
        return found.get(b"on") or dt.date.today(), found.get(b"status")


#: The parameters a plain query may carry (:func:`natoatlas.web.params.plain_query`).
_ACCEPTED: dict[bytes, Callable[[str], bool]] = {b"on": bool}
_ACCEPTED_OPERATIONS: dict[bytes, Callable[[str], bool]] = {**_ACCEPTED, b"status": _STATUS.__contains__}


def cached(request: Request, question: str, on: str | None, build: Build) -> Response:
    """The answer for the day asked about as ready bytes: built once per interval between the
    data's change points (:mod:`natoatlas.web.answers`), the same JSON as the view's (:func:`natoatlas.views.to_json`)."""
    body = answers_of(request).answer(question, day_of(on), build)
    return Response(body, media_type="application/json")


def as_view(model: Any) -> dict[str, Any]:
    """The route's answer is the view ``model`` (its fields declared in /openapi.json), given as
    the bytes of :func:`natoatlas.views.to_json` (the same JSON as ``--json``)."""
    return {"response_model": model}


def answer(value: Any) -> Response:
    """A view as the API's JSON bytes (orjson, as FastAPI's ``JSONResponse`` writes them)."""
    return Response(dumps(to_json(value)), media_type="application/json")


def day_of(value: str | None, parameter: str = "on") -> dt.date:
    """The day asked about; today when the parameter is absent (an empty value is an error)."""
    return dt.date.today() if value is None else params.day(value, parameter)


def country_of(atlas: Atlas, value: str, parameter: str = "code") -> str:
    try:
        return atlas.country(value).id
    except LookupError as err:
        raise ParameterError(404, parameter, str(err.args[0])) from None


def _as_of_header(response: Response, atlas: Atlas, query: str) -> None:
    """Answers that are lists carry their section's data cut-off as a header (``not reviewed``
    when the section has not been reviewed); every other answer has a ``data_as_of`` key."""
    found = data_as_of(atlas, SECTION_OF[query])
    response.headers["X-Data-As-Of"] = found or "not reviewed"


def _listed(response: Response, atlas: Atlas, query: str) -> Response:
    """A list answer with its section's data cut-off header (:func:`_as_of_header`)."""
    _as_of_header(response, atlas, query)
    return response


@router.get(
    "/overview",
    summary="The overview of NATO on a day, in Japanese and English",
    **as_view(overview_views.Overview),
)
def overview(request: Request, on: str | None = ON) -> Response:
    return answer(overview_views.overview(atlas_of(request), day_of(on)))


@router.get(
    "/sources",
    summary="The sources held, official first, each with its kind",
    **as_view(source_views.Registry),
)
def sources(
    request: Request, kind: str | None = Query(None, description="official, reference, press or mirror")
) -> Response:
    if kind is not None:
        params.choice(kind, "kind", SOURCE_KINDS)
    return answer(source_views.registry(atlas_of(request), kind))


@router.get(
    "/sources/check",
    summary="How well the data is sourced, and what to fix",
    **as_view(source_views.SourcesCheck),
)
def sources_check(request: Request) -> Response:
    return answer(source_views.sources_check(atlas_of(request)))


@router.get("/members", summary="The Allies on a day", **as_view(members_views.Members))
async def members(request: Request, on: str | None = ON) -> Response:
    return _dated(request, "/api/v1/members", on)


@router.get(
    "/countries",
    summary="Every country the Atlas knows, with its names",
    **as_view(tuple[members_views.CountryEntry, ...]),
)
def countries(request: Request, on: str | None = ON) -> Response:
    atlas, day = atlas_of(request), day_of(on)
    return _listed(answer(members_views.countries(atlas, day)), atlas, "countries")


@router.get(
    "/countries/{code}",
    summary="A country: names over time, membership, sources",
    **as_view(members_views.CountryView),
)
def country(request: Request, code: str, on: str | None = ON) -> Response:
    atlas = atlas_of(request)
    found = atlas.countries[country_of(atlas, code)]
    return answer(members_views.country(atlas, found, day_of(on)))


@router.get("/sg", summary="The Secretary General on a day", **as_view(members_views.SecretaryGeneralView))
async def secretary_general(request: Request, on: str | None = ON) -> Response:
    return _dated(request, "/api/v1/sg", on)


@router.get(
    "/enlargement",
    summary="The rounds of enlargement with each accession's steps",
    **as_view(sections.Enlargements),
)
def enlargement(request: Request, on: str | None = ON) -> Response:
    return answer(sections.enlargements(atlas_of(request), day_of(on)))


@router.get(
    "/partners", summary="Partnership frameworks and their partners on a day", **as_view(sections.Partners)
)
def partners(
    request: Request,
    on: str | None = ON,
    framework: str | None = Query(None, description="pfp, md, ici, pag, ip4, nrc …"),
) -> Response:
    atlas = atlas_of(request)
    if framework is not None:
        try:
            atlas.framework(framework)
        except LookupError as err:
            raise ParameterError(404, "framework", str(err.args[0])) from None
    return answer(sections.partners(atlas, day_of(on), framework))


@router.get(
    "/organisation", summary="The principal bodies and their chairs", **as_view(sections.Organisation)
)
def organisation(request: Request, on: str | None = ON) -> Response:
    return answer(sections.organisation(atlas_of(request), day_of(on)))


@router.get("/commands", summary="The command structure on a day", **as_view(sections.Commands))
async def commands(request: Request, on: str | None = ON) -> Response:
    return _dated(request, "/api/v1/commands", on)


@router.get(
    "/forces", summary="NFIUs and battlegroups on a day, with framework nations", **as_view(sections.Forces)
)
async def forces(request: Request, on: str | None = ON) -> Response:
    return _dated(request, "/api/v1/forces", on)


@router.get("/operations", summary="Operations and missions started by a day", **as_view(sections.Operations))
async def operations(
    request: Request, on: str | None = ON, status: str | None = Query(None, description="ongoing or ended")
) -> Response:
    if status is not None:
        params.choice(status, "status", _STATUS)
    return _dated(request, "/api/v1/operations", on, status)


@router.get(
    "/concepts", summary="The Strategic Concepts, the one in force marked", **as_view(sections.Concepts)
)
def concepts(request: Request, on: str | None = ON) -> Response:
    return answer(sections.concepts(atlas_of(request), day_of(on)))


@router.get("/summits", summary="Every summit up to a day", **as_view(sections.Summits))
async def summits(request: Request, on: str | None = ON) -> Response:
    return _dated(request, "/api/v1/summits", on)


@router.get("/treaty", summary="The North Atlantic Treaty as it read on a day", **as_view(sections.Treaty))
def treaty(
    request: Request,
    on: str | None = ON,
    article: str | None = Query(None, description="0 (the preamble) to 14"),
) -> Response:
    number = None if article is None else params.whole(article, "article", *checks.ARTICLES)
    return answer(sections.treaty(atlas_of(request), day_of(on), number))


@router.get(
    "/covers",
    summary="Would Article 5 cover an attack on a place on a day",
    dependencies=[Depends(heavy.geometry)],
    response_model=rules.CoverageView,
    responses={
        409: {
            "description": "A name that several places have (Paris): the candidates, each with a 'place' that "
            "finds it alone, its country and coordinates.",
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["error", "parameter", "candidates"],
                        "properties": {
                            "error": {"type": "string"},
                            "parameter": {"type": "string", "enum": ["place"]},
                            "candidates": {
                                "type": "array",
                                "minItems": 2,
                                "items": {
                                    "type": "object",
                                    "required": ["place", "name", "country", "lat", "lon"],
                                    "properties": {
                                        "place": {"type": "string"},
                                        "name": {"type": "object"},
                                        "country": {"type": "string"},
                                        "country_name": {"type": "object"},
                                        "state": {"type": ["string", "null"]},
                                        "lat": {"type": "number"},
                                        "lon": {"type": "number"},
                                        "population": {"type": "integer"},
                                    },
                                },
                            },
                        },
                        "additionalProperties": False,
                    }
                }
            },
        }
    },
)
def covers(
    request: Request,
    place: str = Query(
        ...,
        description="A town or city in English or Japanese (Tallinn, タリン, 'Paris, Texas'), "
        "a country, a territory or 'lat,lon'",
    ),
    on: str | None = ON,
    kind: str = Query("territory", description="territory or forces"),
) -> Any:
    """The answer also names the place in both languages (``name``), the gazetteer's match (``found``)
    and the Allies bound to assist by name (``allies_named``); an ambiguous name answers 409."""
    from natoatlas.rules.gazetteer import AmbiguousPlace

    params.choice(kind, "kind", checks.COVERS_KINDS)
    if place == "":
        raise ParameterError(422, "place", "give a place, a country, a territory or 'lat,lon'")
    atlas = atlas_of(request)
    try:
        view = rules.covers(atlas, place, day_of(on), kind)  # type: ignore[arg-type]
    except AmbiguousPlace as err:
        found = to_json(rules.candidates(atlas, err.candidates))
        body = {"error": str(err.args[0]), "parameter": "place", "candidates": found}
        return Response(dumps(body), status_code=409, media_type="application/json")
    except LookupError as err:
        raise ParameterError(404, "place", str(err.args[0])) from None
    except ValueError as err:
        raise ParameterError(422, "place", str(err)) from None
    return answer(view)


@router.get("/accession/{code}", summary="Where an accession stood on a day", **as_view(rules.AccessionView))
def accession(request: Request, code: str, on: str | None = ON) -> Response:
    atlas = atlas_of(request)
    return answer(rules.accession(atlas, country_of(atlas, code), day_of(on)))


@router.get("/diff", summary="What changed between two dates", **as_view(rules.Changes))
def diff(
    request: Request,
    start: str = Query(..., alias="from", description="YYYY-MM-DD"),
    end: str = Query(..., alias="to", description="YYYY-MM-DD"),
) -> Response:
    first, last = day_of(start, "from"), day_of(end, "to")
    params.span(first, last)
    return answer(rules.changes(atlas_of(request), first, last))


@router.get(
    "/timeline/{topic}",
    summary="Dated events: japan-nato, article-4, article-5",
    **as_view(sections.Timeline),
)
def timeline(
    request: Request,
    topic: str,
    start: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    end: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
) -> Response:
    found = params.topic(topic)
    first = None if start is None else day_of(start, "from")
    last = None if end is None else day_of(end, "to")
    params.span(first, last)
    return answer(sections.timeline(atlas_of(request), found, first, last))


@router.get(
    "/consultations",
    summary="Article 4 consultations and the Article 5 invocation",
    **as_view(tuple[sections.Consultation, ...]),
)
def consultations(request: Request, article: str | None = Query(None, description="4 or 5")) -> Response:
    number = None if article is None else int(params.choice(article, "article", checks.CONSULTATION_ARTICLES))
    return _listed(
        answer(sections.consultations(atlas_of(request), number)), atlas_of(request), "consultations"
    )


@router.get(
    "/spending",
    summary="Every Ally's defence expenditure in a year, from one release",
    **as_view(tuple[spending_views.TargetRow | spending_views.SpendingRow, ...]),
)
def spending(
    request: Request,
    year: str | None = Query(None, description="the year of the figures (default: the release's latest)"),
    target: str | None = Query(None, description="% of GDP: 2, 3.5, 5 …; adds 'meets'"),
    release: str | None = Query(None, description="release id (default: the newest published by 'on')"),
    measure: str = Query("pct_gdp", description=", ".join(MEASURES_AVAILABLE)),
    on: str | None = ON,
) -> Response:
    atlas, day = atlas_of(request), day_of(on)
    chosen_year = None if year is None else params.whole(year, "year", *params.YEARS)
    chosen_target = None if target is None else params.target(target)
    params.choice(measure, "measure", MEASURES_AVAILABLE)
    rows = params.spending_rows(atlas, chosen_year, chosen_target, release, measure, day)
    return _listed(answer(rows), atlas, "spending")


@router.get(
    "/spending/releases",
    summary="The defence expenditure releases held",
    **as_view(tuple[spending_views.ReleaseEntry, ...]),
)
def releases(request: Request) -> Response:
    atlas = atlas_of(request)
    return _listed(answer(spending_views.releases(atlas)), atlas, "spending")


@router.get(
    "/spending/targets", summary="The spending targets agreed by a day", **as_view(tuple[Target, ...])
)
def targets(request: Request, on: str | None = ON) -> Response:
    atlas = atlas_of(request)
    return _listed(answer(spending_views.targets(atlas, day_of(on))), atlas, "spending")


@router.get(
    "/search",
    summary="Find countries, places, operations, summits, people and frameworks by name",
    **as_view(search_views.SearchView),
)
def search(
    request: Request,
    q: str = Query(
        ..., description="A name or part of one, in English or Japanese (Finland, フィンランド, FIN, KFOR)"
    ),
    on: str | None = ON,
    lang: str = Query("en", description="ja or en: the language of the links (url) of the hits"),
) -> Response:
    """Hits best first (an exact name, then a prefix, then a part of a name), each with its kind,
    its name in both languages, the page showing it and whether it held on the day."""
    params.choice(lang, "lang", checks.LANGS)
    if not q.strip():
        raise ParameterError(422, "q", "give a name to search for")
    return answer(search_views.search(atlas_of(request), day_of(on), q, lang))
