"""The API's questions answered from the answer cache (:mod:`natoatlas.web.answers`).

Each :class:`Question` says how its parameters are read (the same functions as the routes':
:mod:`natoatlas.web.params`), which one gives the day, and which view answers it. :func:`ask`
reads the parameters, then answers from the cache: the routes of :mod:`natoatlas.web.api`
call it, and so does :class:`DirectAnswers`, which answers a plain query before FastAPI's
routing and parameter machinery (about 20 times the cost of a cached answer itself) and the
thread pool. Why both: every answer has one way to be made, so the bytes are the same
whichever way the request came; the routes still declare the parameters in the OpenAPI and
answer what the fast path leaves to them (repeated or unknown parameters, errors).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from natoatlas.atlas import Atlas
from natoatlas.kb import geo
from natoatlas.kb.model import SOURCE_KINDS
from natoatlas.rules.spending import MEASURES_AVAILABLE
from natoatlas.views import members as members_views
from natoatlas.views import overview as overview_views
from natoatlas.views import params as checks
from natoatlas.views import rules, sections
from natoatlas.views import sources as source_views
from natoatlas.views import spending as spending_views
from natoatlas.views.base import SECTION_OF, data_as_of, to_json
from natoatlas.web import params
from natoatlas.web.answers import Answers
from natoatlas.web.params import ParameterError

__all__ = ["QUESTIONS", "DirectAnswers", "Question", "answers_of", "ask", "lookup"]

Read = Callable[[Atlas, str], Any]
View = Callable[[Atlas, "dt.date | None", Mapping[str, Any]], Any]
Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Question:
    """One API question: its cache name, the view answering it, and how its parameters are read."""

    name: str
    view: View
    #: Each parameter (the path's one included) and how its text is read; a bad one raises ParameterError.
    reads: Mapping[str, Read] = field(default_factory=dict)
    #: The parameter that gives the day (today when absent); None: the answer names no day.
    day: str | None = "on"
    #: Parameters without which the routes answer (422 "is required").
    required: tuple[str, ...] = ()
    #: The section whose cut-off a list answer carries as ``X-Data-As-Of``.
    listed: str | None = None
    #: A check across parameters (``from`` not after ``to``), given the values read.
    across: Callable[[Mapping[str, Any]], None] | None = None
    #: The name of the path's own parameter (``/countries/{code}``), if any.
    arg: str | None = None
    #: Whether an answer is worth keeping, given the values read (default: always).
    keep: Callable[[Mapping[str, Any]], bool] | None = None
    #: Whether the view looks places up in the country geometry (loaded off the event loop first).
    geometry: bool = False


def _day(parameter: str) -> Read:
    return lambda _atlas, text: params.day(text, parameter)


def _choice(parameter: str, choices: tuple[str, ...] | frozenset[str]) -> Read:
    return lambda _atlas, text: params.choice(text, parameter, choices)


def _country(atlas: Atlas, text: str) -> str:
    return params.country(atlas, text).id


def _framework(atlas: Atlas, text: str) -> str:
    try:
        atlas.framework(text)
    except LookupError as err:
        raise ParameterError(404, "framework", str(err.args[0])) from None
    return text


def _place(_atlas: Atlas, text: str) -> str:
    if text == "":
        raise ParameterError(422, "place", "give a place, a country, a territory or 'lat,lon'")
    return text


def _named_place(values: Mapping[str, Any]) -> bool:
    """A place by name is asked again and again (a few thousand names); coordinates seldom are,
    so keeping them would only push other answers out."""
    return not _COORDINATES.fullmatch(values["place"])


_COORDINATES = re.compile(r"\s*[-+0-9.]+\s*,\s*[-+0-9.]+\s*")


def _span(values: Mapping[str, Any]) -> None:
    params.span(values.get("from"), values.get("to"))


def _on(day: dt.date | None) -> dt.date:
    if day is None:  # pragma: no cover - a dated question always has its day
        raise ValueError("a dated question without its day")
    return day


_ON = {"on": _day("on")}

#: The questions by path (a path with its own parameter ends in ``/``: ``/api/v1/countries/``).
QUESTIONS: dict[str, Question] = {
    "/api/v1/members": Question("members", lambda a, d, _: members_views.members(a, _on(d)), _ON),
    "/api/v1/sg": Question("sg", lambda a, d, _: members_views.secretary_general(a, _on(d)), _ON),
    "/api/v1/summits": Question("summits", lambda a, d, _: sections.summits(a, _on(d)), _ON),
    "/api/v1/commands": Question("commands", lambda a, d, _: sections.places(a, _on(d), "commands"), _ON),
    "/api/v1/forces": Question("forces", lambda a, d, _: sections.places(a, _on(d), "forces"), _ON),
    "/api/v1/operations": Question(
        "operations",
        lambda a, d, v: sections.operations(a, _on(d), v.get("status")),
        {**_ON, "status": _choice("status", checks.STATUSES)},
    ),
    "/api/v1/overview": Question("overview", lambda a, d, _: overview_views.overview(a, _on(d)), _ON),
    "/api/v1/countries": Question(
        "countries", lambda a, d, _: members_views.countries(a, _on(d)), _ON, listed="countries"
    ),
    "/api/v1/countries/": Question(
        "country",
        lambda a, d, v: members_views.country(a, a.countries[v["code"]], _on(d)),
        {**_ON, "code": _country},
        arg="code",
    ),
    "/api/v1/enlargement": Question("enlargement", lambda a, d, _: sections.enlargements(a, _on(d)), _ON),
    "/api/v1/partners": Question(
        "partners",
        lambda a, d, v: sections.partners(a, _on(d), v.get("framework")),
        {**_ON, "framework": _framework},
    ),
    "/api/v1/organisation": Question("organisation", lambda a, d, _: sections.organisation(a, _on(d)), _ON),
    "/api/v1/concepts": Question("concepts", lambda a, d, _: sections.concepts(a, _on(d)), _ON),
    "/api/v1/treaty": Question(
        "treaty",
        lambda a, d, v: sections.treaty(a, _on(d), v.get("article")),
        {**_ON, "article": lambda _a, t: params.whole(t, "article", *checks.ARTICLES)},
    ),
    # A name several places have (Paris) raises AmbiguousPlace: the route answers it (409).
    "/api/v1/covers": Question(
        "covers",
        lambda a, d, v: rules.covers(a, v["place"], _on(d), v.get("kind", "territory")),
        {**_ON, "place": _place, "kind": _choice("kind", checks.COVERS_KINDS)},
        required=("place",),
        keep=_named_place,
        geometry=True,
    ),
    "/api/v1/accession/": Question(
        "accession",
        lambda a, d, v: rules.accession(a, v["code"], _on(d)),
        {**_ON, "code": _country},
        arg="code",
    ),
    "/api/v1/diff": Question(
        "diff",
        lambda a, _, v: rules.changes(a, v["from"], v["to"]),
        {"from": _day("from"), "to": _day("to")},
        day=None,
        required=("from", "to"),
        across=_span,
    ),
    # Its texts are filled for ``to`` (default today): that is its day.
    "/api/v1/timeline/": Question(
        "timeline",
        lambda a, _, v: sections.timeline(a, v["topic"], v.get("from"), v.get("to")),
        {"topic": lambda _a, t: params.topic(t), "from": _day("from"), "to": _day("to")},
        day="to",
        across=_span,
        arg="topic",
    ),
    "/api/v1/consultations": Question(
        "consultations",
        lambda a, _, v: sections.consultations(a, v.get("article")),
        {"article": lambda _a, t: int(params.choice(t, "article", checks.CONSULTATION_ARTICLES))},
        day=None,
        listed="consultations",
    ),
    "/api/v1/spending": Question(
        "spending",
        lambda a, d, v: params.spending_rows(
            a, v.get("year"), v.get("target"), v.get("release"), v.get("measure", "pct_gdp"), _on(d)
        ),
        {
            **_ON,
            "year": lambda _a, t: params.whole(t, "year", *params.YEARS),
            "target": lambda _a, t: params.target(t),
            "release": lambda _a, t: t,  # checked against the data by the view (404)
            "measure": _choice("measure", MEASURES_AVAILABLE),
        },
        listed="spending",
    ),
    "/api/v1/spending/releases": Question(
        "releases", lambda a, _d, _v: spending_views.releases(a), day=None, listed="spending"
    ),
    "/api/v1/spending/targets": Question(
        "targets", lambda a, d, _: spending_views.targets(a, _on(d)), _ON, listed="spending"
    ),
    "/api/v1/sources": Question(
        "sources",
        lambda a, _, v: source_views.registry(a, v.get("kind")),
        {"kind": _choice("kind", SOURCE_KINDS)},
        day=None,
    ),
    "/api/v1/sources/check": Question(
        "sources-check", lambda a, _d, _v: source_views.sources_check(a), day=None
    ),
}


def answers_of(state: Any) -> Answers:
    """The app's cache of serialised answers, made on first use for the app's Atlas."""
    found: Answers | None = getattr(state, "answers", None)
    if found is None or found.atlas is not state.atlas:
        found = state.answers = Answers(state.atlas)
    return found


def _read(
    atlas: Atlas, question: Question, raw: Mapping[str, str]
) -> tuple[str, dt.date | None, dict[str, Any]]:
    """The cache key's name, the day and the values of ``raw``; ParameterError for a bad value,
    KeyError for a parameter the question does not take."""
    values = {name: question.reads[name](atlas, text) for name, text in raw.items()}
    if question.across is not None:
        question.across(values)
    day: dt.date | None = None
    if question.day is not None:
        day = values.get(question.day) or dt.date.today()
    # The day is the cache's interval, not a part of the name; whether it was given is (the
    # timeline without ``to`` reads every event).
    named = sorted((k, v) for k, v in values.items() if k != question.day)
    name = question.name + "".join(f"&{k}={v}" for k, v in named)
    if question.day is not None and question.day != "on" and question.day in values:
        name += f"&{question.day}"
    return name, day, values


def _headers(atlas: Atlas, question: Question) -> Headers:
    headers = [(b"content-type", b"application/json")]
    if question.listed is not None:
        found = data_as_of(atlas, SECTION_OF[question.listed]) or "not reviewed"
        headers.append((b"x-data-as-of", found.encode()))
    return headers


def ask(state: Any, path: str, raw: Mapping[str, str | None]) -> tuple[bytes, Headers]:
    """The answer to the question of ``path`` with the parameters ``raw`` (None: not given),
    as its bytes and headers; ParameterError for a bad parameter."""
    question = QUESTIONS[path]
    atlas: Atlas = state.atlas
    name, day, values = _read(atlas, question, {k: v for k, v in raw.items() if v is not None})
    keep = question.keep is None or question.keep(values)
    body = answers_of(state).answer(name, day, lambda d: to_json(question.view(atlas, d, values)), keep)
    return body, _headers(atlas, question)


def lookup(path: str) -> tuple[Question, str | None] | None:
    """The question of a request's path, and the text of its own parameter (``FIN``), if any."""
    found = QUESTIONS.get(path)
    if found is not None:
        return found, None
    head, _, rest = path.rpartition("/")
    found = QUESTIONS.get(head + "/")
    if found is None or not rest:
        return None
    return found, rest


class DirectAnswers:
    """The questions of :data:`QUESTIONS` answered from their cached bytes before FastAPI.

    Only a plain query is answered here: each parameter the question takes at most once, read
    (as Starlette reads it) without error. Anything else (an error, a repeated or unknown
    parameter) goes on to the routes, which answer it as before; the bytes
    are the same either way (one cache, one view function). A cache miss is built in a worker
    thread, so that a slow view (the timeline, 20 ms) never holds the event loop alone. Installed
    inside the host check, which also adds the security headers and answers HEAD.
    """

    #: Queries read, kept for their next request (bounded: emptied when full).
    READ_LIMIT = 20_000

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # (path, query) -> the Atlas read for, question, cache name, day, values. Why: reading
        # the day and the name costs about as much as the cached answer itself.
        self._read: dict[tuple[str, bytes], tuple[Atlas, Question, str, dt.date | None, dict[str, Any]]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        atlas: Atlas = state.atlas
        asked = (scope["path"], scope["query_string"])
        known = self._read.get(asked)
        if known is not None and known[0] is atlas:
            _, question, name, day, values = known
        else:
            read = self._parse(atlas, *asked)
            if read is None:
                await self.app(scope, receive, send)
                return
            question, name, day, values = read
            if question.day is None or question.day in values:  # not "today", which changes
                if len(self._read) >= self.READ_LIMIT:
                    self._read.clear()
                self._read[asked] = (atlas, question, name, day, values)
        if question.geometry and not geo.ready():  # the route loads it off the event loop, once
            await self.app(scope, receive, send)
            return
        answers = answers_of(state)
        keep = question.keep is None or question.keep(values)
        body = answers.cached(name, day) if keep else None
        if body is None:
            try:
                body = await anyio.to_thread.run_sync(
                    answers.answer, name, day, lambda d: to_json(question.view(atlas, d, values)), keep
                )
            except Exception:  # noqa: BLE001 - a 404 of the data (a release not held), any error: the routes say it
                await self.app(scope, receive, send)
                return
        headers = [(b"content-length", str(len(body)).encode()), *_headers(atlas, question)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    @classmethod
    def _parse(
        cls, atlas: Atlas, path: str, query: bytes
    ) -> tuple[Question, str, dt.date | None, dict[str, Any]] | None:
        """The question, cache name, day and values of a plain query; None for the routes."""
        found = lookup(path)
        raw = None if found is None else cls._query(query, *found)
        if found is None or raw is None:
            return None
        try:
            return (found[0], *_read(atlas, found[0], raw))
        except (ParameterError, KeyError):
            return None

    @staticmethod
    def _query(query: bytes, question: Question, arg: str | None) -> dict[str, str] | None:
        """The parameters of a plain query; None for anything the routes should read."""
        raw: dict[str, str] = {}
        if (arg is None) != (question.arg is None):
            return None
        if arg is not None:
            if "%" in arg or question.arg is None:
                return None
            raw[question.arg] = arg
        # Read as Starlette reads it for the routes (percent-escapes and '+' decoded), so that
        # both give a parameter the same text ('Canary%20Islands').
        for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
            if key in raw or key not in question.reads or key == question.arg:
                return None
            raw[key] = value
        if any(name not in raw for name in question.required):
            return None
        return raw
