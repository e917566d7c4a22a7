"""Defence expenditure: every Ally's figure of a year from one release, the releases, the targets."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from natoatlas.atlas import Atlas
from natoatlas.kb.model import Release, Target
from natoatlas.views.base import FLAT, Bi, bi, filled, view

__all__ = [
    "ReleaseEntry",
    "SeriesPoint",
    "SpendingRow",
    "SpendingSeries",
    "TargetRow",
    "releases",
    "series",
    "spending_rows",
    "subjects",
    "targets",
]


@view
class SpendingRow:
    """One Ally's figure of a year from one release (``value`` None: the release gives none)."""

    code: str
    name: Bi
    year: int
    measure: str
    value: float | None
    release: str
    published: str
    estimate: bool | None
    coverage: str


@view
class TargetRow(SpendingRow):
    """A row asked against a target: whether the Ally met it (None: the partial release does
    not say), and whether that rests on the figures or on the release's own statement."""

    target: float
    meets: bool | None
    basis: str


def spending_rows(
    atlas: Atlas, year: int | None, target: float | None, release: str | None, measure: str, day: dt.date
) -> tuple[SpendingRow, ...]:
    """One row per Ally of the year (Iceland without a figure), highest value first.

    Raises ``LookupError`` for an unknown release and ``ValueError`` for a year or measure the
    release does not cover.
    """
    spending = atlas.spending
    chosen = spending.release(release, day)
    years = spending.years(chosen.id, measure=measure)
    if not years:
        raise ValueError(f"release {chosen.id!r} has no {measure} figures")
    year = year if year is not None else years[-1]
    if year not in years:
        raise ValueError(
            f"release {chosen.id!r} has no {measure} data for {year} (it covers {years[0]}–{years[-1]})"
        )
    answer = spending.compliance(year, target or 2.0, measure, chosen.id)
    end_of_year = dt.date(year, 12, 31)
    figures = {f.ally: f for f in spending.figures(year, measure, chosen.id)}
    codes = [m.code for m in atlas.members(on=end_of_year)] or list(figures)
    published = spending.published_text(chosen)
    rows: list[SpendingRow] = []
    for code in codes:
        figure = figures.get(code)
        common = {
            "code": code,
            "name": bi(atlas.countries[code].name_on(end_of_year)),
            "year": year,
            "measure": measure,
            "value": figure.value if figure else None,
            "release": chosen.id,
            "published": published,
            "estimate": figure.estimate if figure else None,
            "coverage": answer.coverage,
        }
        if target is None:
            rows.append(SpendingRow(**common))  # type: ignore[arg-type]
            continue
        # A partial release says nothing of the Allies it does not give: unknown, not "no".
        unknown = (
            answer.coverage == "partial" and figure is None and code not in atlas.spending.no_armed_forces
        )
        meets = None if unknown else code in answer.allies
        rows.append(TargetRow(**common, target=target, meets=meets, basis=answer.basis))  # type: ignore[arg-type]
    return tuple(sorted(rows, key=lambda r: (r.value is None, -(r.value or 0), r.code)))


@view
class ReleaseEntry:
    """A release as its record, with the day it was published, its coverage and how many Allies
    it gives."""

    release: Annotated[Release, FLAT]
    published: str
    coverage: str
    allies_given: int


def releases(atlas: Atlas) -> tuple[ReleaseEntry, ...]:
    """The defence expenditure releases, oldest first, each with the day it was published."""
    data = atlas.spending
    return tuple(
        ReleaseEntry(
            release=r,
            published=data.published_text(r),
            coverage=r.coverage,
            allies_given=data.allies_given(r),
        )
        for r in data.releases
    )


def targets(atlas: Atlas, day: dt.date) -> tuple[Target, ...]:
    """The spending targets agreed by ``day`` and not superseded then."""
    return filled(atlas.spending.targets_on(day), atlas, day)


@view
class SeriesPoint:
    """One figure of a series: a year's value in one release (``estimate``: the release says so)."""

    release: str
    published: str
    year: int
    value: float
    estimate: bool


@view
class SpendingSeries:
    """An Ally's (or NATO group's) figures over the years, in every release published by a day,
    oldest release first: what the line chart across releases draws and its table lists."""

    code: str
    name: Bi
    measure: str
    releases: tuple[str, ...]
    points: tuple[SeriesPoint, ...]


def subjects(atlas: Atlas, day: dt.date) -> tuple[tuple[str, Bi], ...]:
    """What a series may be asked of on ``day``: the NATO groups (``aggregates.yaml``), then every
    Ally of that day, by code."""
    groups = tuple((a.id, bi(a.name)) for a in atlas.aggregates.values())
    allies = tuple((m.code, bi(atlas.countries[m.code].name_on(day))) for m in atlas.members(on=day))
    return groups + allies


def series(atlas: Atlas, code: str, day: dt.date, measure: str = "pct_gdp") -> SpendingSeries:
    """``code``'s figures in every release published by ``day`` (an Ally by its code, or a NATO
    group by its id). Raises ``LookupError`` for a code that is neither."""
    spending = atlas.spending
    if code in atlas.aggregates:
        name = bi(atlas.aggregates[code].name)
    else:
        country = atlas.country(code)
        code, name = country.id, bi(country.name_on(day))
    held = tuple(r for r in spending.releases if spending.published(r) <= day)
    points = tuple(
        SeriesPoint(
            release=r.id,
            published=spending.published_text(r),
            year=f.year,
            value=f.value,
            estimate=f.estimate,
        )
        for r in held
        for f in spending.series(code, measure, r.id)
    )
    return SpendingSeries(
        code=code, name=name, measure=measure, releases=tuple(r.id for r in held), points=points
    )
