"""Defence expenditure: every Ally's figure of a year from one release, the releases, the targets."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from natoatlas.atlas import Atlas
from natoatlas.kb.model import Release, Target
from natoatlas.views.base import FLAT, Bi, bi, filled, view

__all__ = ["ReleaseEntry", "SpendingRow", "TargetRow", "releases", "spending_rows", "targets"]


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
