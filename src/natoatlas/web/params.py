"""Query parameters, read the same way by the JSON API and the pages, and declared in the OpenAPI.

A value is checked here once, so that the same text gets the same answer from ``/api/v1/…`` and
from a page (and, through :mod:`natoatlas.dates`, from the CLI): dates are ASCII ``YYYY-MM-DD``,
numbers are ASCII digits with nothing stripped, and a choice is one of its listed values. A bad
value raises :class:`ParameterError`: 422 for a value the parameter never takes, 404 for one the
data does not hold, 400 for values that contradict each other (``from`` after ``to``).

:data:`SCHEMAS` is what the OpenAPI declares for each parameter; :func:`document` writes it, and
the error responses with their real body, into the schema FastAPI generates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from natoatlas.atlas import Atlas
from natoatlas.dates import parse_day
from natoatlas.kb.model import SOURCE_KINDS
from natoatlas.rules.spending import MEASURES_AVAILABLE
from natoatlas.views.payloads import TIMELINE_TOPICS

__all__ = [
    "DATE_PATTERN",
    "SCHEMAS",
    "TARGET_PATTERN",
    "ParameterError",
    "choice",
    "day",
    "document",
    "span",
    "target",
    "whole",
]

#: What ``natoatlas.dates.parse_day`` accepts, in JSON Schema words (a calendar date, ``format: date``).
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A whole number in ASCII decimal, without sign, spaces or leading zeros.
_WHOLE = re.compile(r"^(0|[1-9][0-9]*)$")
#: A percentage above 0 and at most 100 in ASCII decimal: ``2``, ``3.5``, ``100``, ``0.5``.
TARGET_PATTERN = r"^(100(\.0+)?|[1-9][0-9]?(\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$"
#: Years of defence expenditure a request may ask for (figures are held for fewer).
YEARS = (1949, 2100)


class ParameterError(Exception):
    """A bad parameter: ``status`` 400, 404 or 422, the parameter at fault and what was wrong."""

    def __init__(self, status: int, parameter: str, message: str) -> None:
        super().__init__(message)
        self.status, self.parameter, self.message = status, parameter, message


def day(value: str, parameter: str = "on") -> dt.date:
    """A day-precise ASCII ISO date; the reason from :mod:`natoatlas.dates` otherwise."""
    try:
        return parse_day(value)
    except ValueError as err:
        raise ParameterError(422, parameter, str(err)) from None


def whole(value: str, parameter: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, written in ASCII digits (``'²'`` and ``'２'`` are not)."""
    if not _WHOLE.fullmatch(value) or not low <= int(value) <= high:
        raise ParameterError(422, parameter, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def target(value: str, parameter: str = "target") -> float:
    """A target in percent of GDP, above 0 and at most 100, in ASCII digits (``2``, ``3.5``)."""
    if not re.fullmatch(TARGET_PATTERN, value):
        raise ParameterError(
            422, parameter, f"{value!r} is not a percentage above 0 and at most 100 (such as 2, 3.5 or 5)"
        )
    return float(value)


def choice(value: str, parameter: str, choices: Iterable[str]) -> str:
    """One of ``choices``, exactly as written."""
    known = tuple(choices)
    if value not in known:
        raise ParameterError(422, parameter, f"{value!r} is not one of {', '.join(known)}")
    return value


def span(first: dt.date | None, last: dt.date | None, names: tuple[str, str] = ("from", "to")) -> None:
    """``from`` must not be after ``to``: the same rule for the API, the pages and the CLI."""
    if first is not None and last is not None and last < first:
        raise ParameterError(400, names[1], f"{names[1]!r} ({last}) is before {names[0]!r} ({first})")


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
    "status": {"type": "string", "enum": ["ongoing", "ended"]},
    ("/api/v1/sources", "kind"): {"type": "string", "enum": list(SOURCE_KINDS)},
    ("/api/v1/covers", "kind"): {"type": "string", "enum": ["territory", "forces"]},
    ("/api/v1/treaty", "article"): {"type": "integer", "minimum": 0, "maximum": 14},
    ("/api/v1/consultations", "article"): {"type": "integer", "enum": [4, 5]},
    "topic": {"type": "string", "enum": list(TIMELINE_TOPICS)},
    # Looked up by id, code or name in either language (as the CLI does): any text, 404 if unknown.
    "code": {**_TEXT, "examples": ["FIN"]},
    "framework": {**_TEXT, "examples": ["pfp"]},
    "place": {**_TEXT, "examples": ["59.437,24.7536"]},
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
) -> list[dict[str, Any]]:
    """The spending rows of :func:`natoatlas.views.payloads.spending_rows`, each data error as a 404
    naming the parameter it comes from (no release by ``on``, a release, measure or year not held)."""
    from natoatlas.views import payloads

    try:
        chosen = atlas.spending.release(release, on)
    except LookupError as err:
        raise ParameterError(404, "on" if release is None else "release", str(err.args[0])) from None
    years = atlas.spending.years(chosen.id, measure=measure)
    parameter = "year" if years and year is not None else "measure"
    try:
        return payloads.spending_rows(atlas, year, target, chosen.id, measure, on)
    except ValueError as err:
        raise ParameterError(404, parameter, str(err)) from None
