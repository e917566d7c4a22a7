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
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

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
from natoatlas.views.base import to_json
from natoatlas.web import heavy, params
from natoatlas.web.answers import dumps
from natoatlas.web.params import ParameterError
from natoatlas.web.questions import DirectAnswers, ask

__all__ = ["ApiError", "DirectAnswers", "router"]

router = APIRouter(prefix="/api/v1", tags=["NATO Atlas"])
_STATUS = checks.STATUSES

ON = Query(None, description="The day asked about, YYYY-MM-DD (default: today).")
#: Kept for callers of the first API: the error every parameter check raises.
ApiError = ParameterError


def atlas_of(request: Request) -> Atlas:
    atlas: Atlas = request.app.state.atlas
    return atlas


def _ask(request: Request, path: str, **raw: str | None) -> Response:
    """The answer to the question of ``path`` (:data:`natoatlas.web.questions.QUESTIONS`) from the
    answer cache: built once per interval between the data's change points, the same bytes as
    :class:`DirectAnswers` gives a plain query (:func:`natoatlas.views.to_json`, orjson)."""
    body, headers = ask(request.app.state, path, raw)
    return Response(
        body, headers={k.decode(): v.decode() for k, v in headers[1:]}, media_type="application/json"
    )


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
    return params.country(atlas, value, parameter).id


@router.get(
    "/overview",
    summary="The overview of NATO on a day, in Japanese and English",
    **as_view(overview_views.Overview),
)
def overview(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/overview", on=on)


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
    return _ask(request, "/api/v1/sources", kind=kind)


@router.get(
    "/sources/check",
    summary="How well the data is sourced, and what to fix",
    **as_view(source_views.SourcesCheck),
)
def sources_check(request: Request) -> Response:
    return _ask(request, "/api/v1/sources/check")


@router.get("/members", summary="The Allies on a day", **as_view(members_views.Members))
async def members(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/members", on=on)


@router.get(
    "/countries",
    summary="Every country the Atlas knows, with its names",
    **as_view(tuple[members_views.CountryEntry, ...]),
)
def countries(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/countries", on=on)


@router.get(
    "/countries/{code}",
    summary="A country: names over time, membership, sources",
    **as_view(members_views.CountryView),
)
def country(request: Request, code: str, on: str | None = ON) -> Response:
    country_of(atlas_of(request), code)
    return _ask(request, "/api/v1/countries/", code=code, on=on)


@router.get("/sg", summary="The Secretary General on a day", **as_view(members_views.SecretaryGeneralView))
async def secretary_general(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/sg", on=on)


@router.get(
    "/enlargement",
    summary="The rounds of enlargement with each accession's steps",
    **as_view(sections.Enlargements),
)
def enlargement(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/enlargement", on=on)


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
    return _ask(request, "/api/v1/partners", on=on, framework=framework)


@router.get(
    "/organisation", summary="The principal bodies and their chairs", **as_view(sections.Organisation)
)
def organisation(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/organisation", on=on)


@router.get("/commands", summary="The command structure on a day", **as_view(sections.Commands))
async def commands(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/commands", on=on)


@router.get(
    "/forces", summary="NFIUs and battlegroups on a day, with framework nations", **as_view(sections.Forces)
)
async def forces(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/forces", on=on)


@router.get("/operations", summary="Operations and missions started by a day", **as_view(sections.Operations))
async def operations(
    request: Request, on: str | None = ON, status: str | None = Query(None, description="ongoing or ended")
) -> Response:
    if status is not None:
        params.choice(status, "status", _STATUS)
    return _ask(request, "/api/v1/operations", on=on, status=status)


@router.get(
    "/concepts", summary="The Strategic Concepts, the one in force marked", **as_view(sections.Concepts)
)
def concepts(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/concepts", on=on)


@router.get("/summits", summary="Every summit up to a day", **as_view(sections.Summits))
async def summits(request: Request, on: str | None = ON) -> Response:
    return _ask(request, "/api/v1/summits", on=on)


@router.get("/treaty", summary="The North Atlantic Treaty as it read on a day", **as_view(sections.Treaty))
def treaty(
    request: Request,
    on: str | None = ON,
    article: str | None = Query(None, description="0 (the preamble) to 14"),
) -> Response:
    if article is not None:
        params.whole(article, "article", *checks.ARTICLES)
    return _ask(request, "/api/v1/treaty", on=on, article=article)


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
        return _ask(request, "/api/v1/covers", place=place, on=on, kind=kind)
    except AmbiguousPlace as err:
        found = to_json(rules.candidates(atlas, err.candidates))
        body = {"error": str(err.args[0]), "parameter": "place", "candidates": found}
        return Response(dumps(body), status_code=409, media_type="application/json")
    except LookupError as err:
        raise ParameterError(404, "place", str(err.args[0])) from None
    except ValueError as err:
        raise ParameterError(422, "place", str(err)) from None


@router.get("/accession/{code}", summary="Where an accession stood on a day", **as_view(rules.AccessionView))
def accession(request: Request, code: str, on: str | None = ON) -> Response:
    country_of(atlas_of(request), code)
    return _ask(request, "/api/v1/accession/", code=code, on=on)


@router.get("/diff", summary="What changed between two dates", **as_view(rules.Changes))
def diff(
    request: Request,
    start: str = Query(..., alias="from", description="YYYY-MM-DD"),
    end: str = Query(..., alias="to", description="YYYY-MM-DD"),
) -> Response:
    first, last = day_of(start, "from"), day_of(end, "to")
    params.span(first, last)
    return _ask(request, "/api/v1/diff", **{"from": start, "to": end})


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
    params.topic(topic)
    first = None if start is None else day_of(start, "from")
    last = None if end is None else day_of(end, "to")
    params.span(first, last)
    return _ask(request, "/api/v1/timeline/", topic=topic, **{"from": start, "to": end})


@router.get(
    "/consultations",
    summary="Article 4 consultations and the Article 5 invocation",
    **as_view(tuple[sections.Consultation, ...]),
)
def consultations(request: Request, article: str | None = Query(None, description="4 or 5")) -> Response:
    if article is not None:
        params.choice(article, "article", checks.CONSULTATION_ARTICLES)
    return _ask(request, "/api/v1/consultations", article=article)


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
    del atlas, day, chosen_year, chosen_target  # read for their errors; the data's 404s come from the view
    return _ask(
        request, "/api/v1/spending", year=year, target=target, release=release, measure=measure, on=on
    )


@router.get(
    "/spending/releases",
    summary="The defence expenditure releases held",
    **as_view(tuple[spending_views.ReleaseEntry, ...]),
)
def releases(request: Request) -> Response:
    return _ask(request, "/api/v1/spending/releases")


@router.get(
    "/spending/targets", summary="The spending targets agreed by a day", **as_view(tuple[Target, ...])
)
def targets(request: Request, on: str | None = ON) -> Response:
    day_of(on)
    return _ask(request, "/api/v1/spending/targets", on=on)


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
