"""Query parameters, read the same way by the JSON API and the pages, and declared in the OpenAPI.

A value is checked once, by :mod:`natoatlas.views.params` (which the CLI's parameter types use
too), so that the same text gets the same answer from ``/api/v1/…``, a page and the CLI: dates are ASCII ``YYYY-MM-DD``,
numbers are ASCII digits with nothing stripped, and a choice is one of its listed values. A bad
value raises :class:`ParameterError`: 422 for a value the parameter never takes, 404 for one the
data does not hold, 400 for values that contradict each other (``from`` after ``to``).

:data:`SCHEMAS` is what the OpenAPI declares for each parameter; :func:`document` writes it, and
the error responses with their real body, into the schema FastAPI generates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from natoatlas.atlas import Atlas
from natoatlas.kb.model import SOURCE_KINDS, Country
from natoatlas.rules.spending import MEASURES_AVAILABLE
from natoatlas.views import params as checks
from natoatlas.views.params import DATE_PATTERN, TARGET_PATTERN, TIMELINE_TOPICS, YEARS

T = TypeVar("T")

if TYPE_CHECKING:
    from natoatlas.views.spending import SpendingRow

__all__ = [
    "DATE_PATTERN",
    "SCHEMAS",
    "TARGET_PATTERN",
    "TIMELINE_TOPICS",
    "YEARS",
    "ParameterError",
    "choice",
    "country",
    "day",
    "document",
    "plain_query",
    "span",
    "subject",
    "target",
    "whole",
]


class ParameterError(Exception):
    """A bad parameter: ``status`` 400, 404 or 422, the parameter at fault and what was wrong."""

    def __init__(self, status: int, parameter: str, message: str) -> None:
        super().__init__(message)
        self.status, self.parameter, self.message = status, parameter, message


def _named(parameter: str, check: Callable[[], T]) -> T:
    """The value ``check`` reads (:mod:`natoatlas.views.params`), its error naming ``parameter``."""
    try:
        return check()
    except checks.ParamError as err:
        raise ParameterError(err.status, parameter, err.message) from None


_PLAIN_DAY = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def plain_query(query: bytes, accepted: Mapping[bytes, Callable[[str], bool]]) -> dict[bytes, Any] | None:
    """A query string the pages' cache answers itself, read as bytes before any routing (the
    API's :class:`~natoatlas.web.questions.DirectAnswers` reads as Starlette does instead, escapes
    included, since its questions take free text such as a place's name): each name at most once, none but ``accepted``,
    each value plain (no escapes) and one its check accepts; ``on`` a calendar day, read as
    :func:`day` reads it (a :class:`datetime.date`). The names, in their order, map to their
    values; None for anything else, which the routes then read and answer."""
    found: dict[bytes, Any] = {}
    for part in query.split(b"&") if query else ():
        name, _, raw = part.partition(b"=")
        check = accepted.get(name)
        if check is None or name in found or b"%" in raw or b"+" in raw:
            return None
        value = raw.decode("ascii", "replace")
        if name == b"on":
            if not _PLAIN_DAY.fullmatch(raw):
                return None
            try:
                found[name] = day(value)
            except ParameterError:
                return None
        elif check(value):
            found[name] = value
        else:
            return None
    return found


def country(atlas: Atlas, code: str, parameter: str = "code") -> Country:
    """The country ``code`` names (alpha-3, alpha-2 or name, as :meth:`Atlas.country` reads it); a 404 naming ``parameter`` otherwise."""
    try:
        return atlas.country(code)
    except LookupError as err:
        raise ParameterError(404, parameter, str(err.args[0])) from None


def day(value: str, parameter: str = "on") -> dt.date:
    """A day-precise ASCII ISO date; the reason from :mod:`natoatlas.dates` otherwise."""
    return _named(parameter, lambda: checks.day(value))


def whole(value: str, parameter: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, written in ASCII digits (``'²'`` and ``'２'`` are not)."""
    return _named(parameter, lambda: checks.whole(value, low, high))


def target(value: str, parameter: str = "target") -> float:
    """A target in percent of GDP, above 0 and at most 100, in ASCII digits (``2``, ``3.5``)."""
    return _named(parameter, lambda: checks.target(value))


def choice(value: str, parameter: str, choices: Iterable[str]) -> str:
    """One of ``choices``, exactly as written."""
    return _named(parameter, lambda: checks.choice(value, choices))


def topic(value: str, parameter: str = "topic") -> str:
    """The data's topic of a timeline topic (404 for one the data does not have)."""
    return _named(parameter, lambda: checks.topic(value))


def subject(value: str, codes: Iterable[str], parameter: str = "country") -> str:
    """An Ally's code or a NATO group's id among ``codes`` (404 for another)."""
    return _named(parameter, lambda: checks.subject(value, codes))


def span(first: dt.date | None, last: dt.date | None, names: tuple[str, str] = ("from", "to")) -> None:
    """``from`` must not be after ``to``: the same rule for the API, the pages and the CLI."""
    _named(names[1], lambda: checks.span(first, last, (repr(names[0]), repr(names[1]))))


_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}

#: The schema of each query and path parameter, by name; ``(path, name)`` where one name means
#: different things on different operations. Values the data decides are filled by :func:`document`.
SCHEMAS: dict[str | tuple[str, str], dict[str, Any]] = {
    "on": {**_DATE, "examples": ["2025-05-01"]},
    "from": _DATE,
    "to": _DATE,
    "year": {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
    "target": {"type": "string", "pattern": TARGET_PATTERN, "examples": ["2", "3.5", "5"]},
    "measure": {"type": "string", "enum": list(MEASURES_AVAILABLE)},
    "status": {"type": "string", "enum": list(checks.STATUSES)},
    ("/api/v1/sources", "kind"): {"type": "string", "enum": list(SOURCE_KINDS)},
    ("/api/v1/covers", "kind"): {"type": "string", "enum": list(checks.COVERS_KINDS)},
    ("/api/v1/treaty", "article"): {
        "type": "integer",
        "minimum": checks.ARTICLES[0],
        "maximum": checks.ARTICLES[1],
    },
    ("/api/v1/consultations", "article"): {
        "type": "integer",
        "enum": [int(a) for a in checks.CONSULTATION_ARTICLES],
    },
    "topic": {"type": "string", "enum": list(TIMELINE_TOPICS)},
    # Looked up by id, code or name in either language (as the CLI does): any text, 404 if unknown.
    "code": {**_TEXT, "examples": ["FIN"]},
    "framework": {**_TEXT, "examples": ["pfp"]},
    "place": {**_TEXT, "examples": ["59.437,24.7536"]},
    "q": {**_TEXT, "examples": ["Finland"]},
    "lang": {"type": "string", "enum": list(checks.LANGS)},
}

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["error", "parameter"],
    "properties": {
        "error": {"type": "string", "description": "What was wrong, in English."},
        "parameter": {
            "type": ["string", "null"],
            "description": "The parameter at fault (null when no parameter is: an unknown path).",
        },
    },
    "additionalProperties": False,
}
_ERRORS = {
    "400": "Parameters that contradict each other ('from' after 'to').",
    "404": "A code, release, place, framework, topic or year the data does not hold, or no such path.",
    "422": "A value the parameter never takes: not ASCII, not of its pattern, outside its range or choices.",
}
#: Answers that are lists carry their section's data cut-off as a header (the others a key).
_AS_OF_HEADER = {
    "X-Data-As-Of": {
        "description": "The section's data cut-off (YYYY-MM-DD), or 'not reviewed'.",
        "required": True,
        "schema": {"type": "string"},
    }
}


def _schema_of(path: str, name: str, atlas: Atlas) -> dict[str, Any]:
    if name == "release":
        return {"type": "string", "enum": [r.id for r in atlas.spending.releases]}
    found = SCHEMAS.get((path, name)) or SCHEMAS.get(name)
    if found is None:
        raise KeyError(f"no schema declared for parameter {name!r} of {path}")
    return dict(found)


def _errors_of(parameters: list[dict[str, Any]]) -> list[str]:
    names = {p["name"] for p in parameters}
    codes = []
    if {"from", "to"} <= names:
        codes.append("400")
    if any(p["in"] == "path" for p in parameters) or names & {"framework", "place", "release", "year"}:
        codes.append("404")
    if parameters:
        codes.append("422")
    return codes


def document(openapi: dict[str, Any], atlas: Atlas) -> dict[str, Any]:
    """Declare every parameter's pattern or choices and every error response with its real body."""
    components = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Error"] = ERROR_SCHEMA
    for path, operations in openapi.get("paths", {}).items():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            for parameter in parameters:
                parameter["schema"] = _schema_of(path, parameter["name"], atlas)
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for code in _errors_of(parameters):
                responses[code] = {
                    "description": _ERRORS[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            ok = responses.get("200", {})
            if ok.get("content", {}).get("application/json", {}).get("schema", {}).get("type") == "array":
                ok["headers"] = _AS_OF_HEADER
    return openapi


def spending_rows(
    atlas: Atlas, year: int | None, target: float | None, release: str | None, measure: str, on: dt.date
) -> tuple[SpendingRow, ...]:
    """The spending rows of :func:`natoatlas.views.spending.spending_rows`, each data error as a 404
    naming the parameter it comes from (no release by ``on``, a release, measure or year not held)."""
    from natoatlas.views.spending import spending_rows as rows

    try:
        chosen = atlas.spending.release(release, on)
    except LookupError as err:
        raise ParameterError(404, "on" if release is None else "release", str(err.args[0])) from None
    years = atlas.spending.years(chosen.id, measure=measure)
    parameter = "year" if years and year is not None else "measure"
    try:
        return rows(atlas, year, target, chosen.id, measure, on)
    except ValueError as err:
        raise ParameterError(404, parameter, str(err)) from None
