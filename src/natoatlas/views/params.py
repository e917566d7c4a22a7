"""The parameters of the questions, declared once: their allowed values and how a text is read.

The CLI (click parameter types in :mod:`natoatlas.cli`) and the web (FastAPI, in
:mod:`natoatlas.web.params`) both read a value through these functions, so that the same text
gets the same answer, or the same one-line reason, everywhere. A bad value raises
:class:`ParamError`, whose ``status`` says how the web answers it: 422 for a value the
parameter never takes, 404 for one the data does not hold, 400 for values that contradict
each other (``from`` after ``to``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal, get_args

from natoatlas.dates import parse_day

__all__ = [
    "ARTICLES",
    "CHART_FORMATS",
    "CONSULTATION_ARTICLES",
    "COVERS_KINDS",
    "DATE_PATTERN",
    "DEFAULT_SUBJECT",
    "LANGS",
    "SPENDING_CHARTS",
    "STATUSES",
    "TARGET_PATTERN",
    "TIMELINE_TOPICS",
    "YEARS",
    "ChartFormat",
    "CoversKind",
    "Lang",
    "ParamError",
    "Status",
    "article",
    "choice",
    "day",
    "span",
    "subject",
    "target",
    "whole",
]

#: The languages of names and text.
Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)
#: An operation's status on a day.
Status = Literal["ongoing", "ended"]
STATUSES: tuple[Status, ...] = get_args(Status)
#: What ``covers`` asks about: the territory, or Allied forces there.
CoversKind = Literal["territory", "forces"]
COVERS_KINDS: tuple[CoversKind, ...] = get_args(CoversKind)
#: The formats a chart downloads as (a table downloads as CSV).
ChartFormat = Literal["svg", "png"]
CHART_FORMATS: tuple[ChartFormat, ...] = get_args(ChartFormat)
#: The spending page's charts, by the name ``chart=`` gives: the series across releases, every
#: Ally's share in the year, the five largest over the years, how many met the target each year.
SPENDING_CHARTS = ("series", "allies", "top5", "compliance")
#: The group a spending series shows unless ``country=`` names another (``aggregates.yaml``).
DEFAULT_SUBJECT = "nato-total"
#: The Treaty's parts: 0 (the preamble) to 14.
ARTICLES = (0, 14)
#: The articles whose consultations and invocations the data records.
CONSULTATION_ARTICLES = ("4", "5")
#: Years of defence expenditure a request may ask for (figures are held for fewer).
YEARS = (1949, 2100)
#: The timeline topics a user may name, and the data's topic each stands for.
TIMELINE_TOPICS = {
    "japan": "japan-nato",
    "japan-nato": "japan-nato",
    "article-4": "article-4",
    "article-5": "article-5",
}

#: What :func:`day` accepts, in JSON Schema words (a calendar date, ``format: date``).
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A percentage above 0 and at most 100 in ASCII decimal: ``2``, ``3.5``, ``100``, ``0.5``.
TARGET_PATTERN = r"^(100(\.0+)?|[1-9][0-9]?(\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$"
#: A whole number in ASCII decimal, without sign, spaces or leading zeros.
_WHOLE = re.compile(r"^(0|[1-9][0-9]*)$")
#: An ASCII decimal (``float()`` also reads '２', ' 2 ', '1e1', 'nan' and '2_0').
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


class ParamError(ValueError):
    """A bad parameter value: what was wrong, in one line, and the web status it answers with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def day(text: str) -> dt.date:
    """A day-precise ASCII ISO date (``YYYY-MM-DD``); the reason from :mod:`natoatlas.dates` otherwise."""
    try:
        return parse_day(text)
    except ValueError as err:
        raise ParamError(str(err)) from None


def whole(text: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` in ASCII digits: ``int()`` also reads '２０２４',
    '²', ' 5' and '2_0', which a year or a count written on a command line or in a URL is not."""
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise ParamError(f"{text!r} is not a whole number from {low} to {high} in ASCII digits")
    return int(text)


def target(text: str) -> float:
    """A target in percent of GDP, above 0 and at most 100, in ASCII digits (``2``, ``3.5``)."""
    if not _DECIMAL.fullmatch(text):
        raise ParamError(f"{text!r} is not a number (give a percentage such as 2, 3.5 or 5)")
    if not re.fullmatch(TARGET_PATTERN, text):
        raise ParamError(f"{text!r} is not a percentage above 0 and at most 100 (such as 2, 3.5 or 5)")
    return float(text)


def choice(text: str, choices: Iterable[str]) -> str:
    """One of ``choices``, exactly as written."""
    known = tuple(choices)
    if text not in known:
        raise ParamError(f"{text!r} is not one of {', '.join(known)}")
    return text


def subject(text: str, codes: Iterable[str]) -> str:
    """An Ally's ISO code or a NATO group's id (``nato-total``) among ``codes``, in any case: 404
    for one the data does not hold on that day (as an unknown country is)."""
    known = tuple(codes)
    found = next((c for c in known if c.lower() == text.lower()), None)
    if found is None:
        raise ParamError(
            f"{text!r} is not an Ally or NATO group of this day ({', '.join(known[:4])}, …)", 404
        )
    return found


def article(text: str) -> int:
    """A part of the Treaty: ``0``/``preamble``/``前文``, or 1–14 (``5``, ``article-5``, ``第5条``)."""
    if text.lower() in ("0", "preamble", "前文"):
        return 0
    digits = text.removeprefix("article-").removeprefix("第").removesuffix("条")
    if not re.fullmatch(r"[0-9]{1,2}", digits):  # ASCII digits only: int() also reads '５' and ' 5'
        raise ParamError(f"{text!r} is not an article number (1–14 or 'preamble')")
    number = int(digits)
    if not ARTICLES[0] <= number <= ARTICLES[1]:
        raise ParamError(f"the Treaty has 14 articles, not {number}")
    return number


def topic(text: str) -> str:
    """The data's topic of a timeline topic a user names (``japan`` → ``japan-nato``)."""
    if text not in TIMELINE_TOPICS:
        raise ParamError(f"unknown topic {text!r}; topics: {', '.join(TIMELINE_TOPICS)}", 404)
    return TIMELINE_TOPICS[text]


def span(
    first: dt.date | None,
    last: dt.date | None,
    names: tuple[str, str] = ("'from'", "'to'"),
    wording: Literal["before", "after"] = "before",
) -> None:
    """The first day must not be after the last: the same rule for the API, the pages and the CLI,
    said of the last day (``'to' (D2) is before 'from' (D1)``) or, where options are named as
    typed, of the first (``--from D1 is after --to D2``)."""
    if first is not None and last is not None and last < first:
        if wording == "after":
            raise ParamError(f"{names[0]} {first} is after {names[1]} {last}", 400)
        raise ParamError(f"{names[1]} ({last}) is before {names[0]} ({first})", 400)
