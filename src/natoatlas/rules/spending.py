"""Defence expenditure analytics: figures by release, targets, compliance, gaps and trends.

NATO revises its figures from release to release, so every answer names the release it comes
from. Without ``release=``, a query uses the newest release published on or before ``on``.
A release that states only which Allies met a target (the Secretary General's Annual Report,
as the reference briefing cites it) answers compliance from that statement, marked as such.
A release held only in part (``coverage: partial``: the Allies the press reported) answers
with the Allies it gives and says so (``basis="partial"``); it never stands for a total.
A release whose publication is known only to the month counts as published at the month's end.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from natoatlas.dates import as_day
from natoatlas.kb.model import MEASURES, Aggregate, Count, Release, SpendingFigure, Target

if TYPE_CHECKING:
    import pandas as pd

    from natoatlas.dates import DateLike
    from natoatlas.kb.base import KnowledgeBase

__all__ = ["MEASURES_AVAILABLE", "Compliance", "Gap", "Spending"]

#: The measures the figures hold.
MEASURES_AVAILABLE = tuple(MEASURES)


@dataclass(frozen=True, slots=True)
class Compliance:
    """Which Allies met a target in a year, according to one release.

    ``basis`` is ``"figures"`` when computed from the release's figures, ``"stated"`` when the
    release only states the list (then ``values`` holds no numbers).
    """

    release: Release
    year: int
    target: float
    allies: tuple[str, ...]
    values: dict[str, float | None]
    basis: str
    estimate: bool
    stated_count: int | None = None
    #: How many Allies the release gives a figure for that year, and how many had armed forces.
    given: int = 0
    expected: int = 0

    @property
    def coverage(self) -> str:
        """``complete`` where the answer covers every Ally, ``partial`` where it covers only some."""
        return "partial" if self.basis == "partial" else "complete"

    @property
    def count(self) -> int:
        """The number of Allies: as the release states it where it gives a number without a list."""
        if self.basis == "stated" and not self.allies and self.stated_count is not None:
            return self.stated_count
        return len(self.allies)


@dataclass(frozen=True, slots=True)
class Gap:
    """How far an Ally was from a target: in percentage points of GDP and in million US$."""

    ally: str
    year: int
    target: float
    value: float
    points: float
    usd_million: float | None


class Spending:
    """Queries over ``spending.csv``, ``releases.yaml`` and ``targets.yaml``."""

    @classmethod
    def of(cls, atlas: KnowledgeBase) -> Spending:
        """The one Spending of ``atlas`` (its indexes are built once): kept where the Atlas's
        ``spending`` property keeps it, so a rule holding only the knowledge base shares it."""
        found = vars(atlas).get("spending")
        if isinstance(found, Spending):
            return found
        made = vars(atlas)["spending"] = cls(atlas)
        return made

    def __init__(self, atlas: KnowledgeBase) -> None:
        self._atlas = atlas
        self.releases: tuple[Release, ...] = ()
        self.releases = tuple(sorted(atlas.releases, key=lambda r: (self.published(r), r.id)))
        self.targets: tuple[Target, ...] = tuple(sorted(atlas.targets, key=lambda t: t.agreed.first_day))
        self._figures: dict[tuple[str, str, str, int], SpendingFigure] = {
            (f.release, f.measure, f.ally, f.year): f for f in atlas.spending_figures
        }
        #: ``expected_allies`` by year, as a tuple and as a set (compliance asks it every call).
        self._expected: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}
        #: NATO's totals beside the Allies (``aggregates.yaml``), by id.
        self.aggregates: Mapping[str, Aggregate] = atlas.aggregates
        #: The countries a source says have no armed forces (Iceland): NATO's tables give them no
        #: figure, which is not a zero.
        self.no_armed_forces: frozenset[str] = frozenset(
            c.id for c in atlas.countries.values() if not c.armed_forces
        )

    # -- indexes (built on first use, so a query that needs none pays for none) --------------

    @functools.cached_property
    def _by_id(self) -> dict[str, Release]:
        return {r.id: r for r in self.releases}

    @functools.cached_property
    def _published_days(self) -> list[dt.date]:
        """``published(r)`` of each release, in the order of :attr:`releases` (sorted by it)."""
        return [self.published(r) for r in self.releases]

    @functools.cached_property
    def _by_year(self) -> dict[tuple[str, str, int], list[SpendingFigure]]:
        """Figures by (release, measure, year), in the order of the data: one lookup per table."""
        index: dict[tuple[str, str, int], list[SpendingFigure]] = {}
        for f in self._figures.values():
            index.setdefault((f.release, f.measure, f.year), []).append(f)
        return index

    @functools.cached_property
    def _by_ally(self) -> dict[tuple[str, str, str], list[SpendingFigure]]:
        """Figures by (release, measure, ally): one Ally's series."""
        index: dict[tuple[str, str, str], list[SpendingFigure]] = {}
        for f in self._figures.values():
            index.setdefault((f.release, f.measure, f.ally), []).append(f)
        return index

    @functools.cached_property
    def _years_of(self) -> dict[tuple[str, str], frozenset[int]]:
        """The years each (release, measure) has figures for."""
        index: dict[tuple[str, str], set[int]] = {}
        for release, measure, year in self._by_year:
            index.setdefault((release, measure), set()).add(year)
        return {k: frozenset(v) for k, v in index.items()}

    @functools.cached_property
    def _tables(self) -> dict[tuple[str, str, int], tuple[SpendingFigure, ...]]:
        """:meth:`figures` answers, filled as they are asked: they never change."""
        return {}

    # -- releases --------------------------------------------------------------------------

    def release(self, release: str | None = None, on: DateLike = None) -> Release:
        """A release by id, or the newest published on or before ``on`` (default today)."""
        if release is not None:
            found = self._by_id.get(release)
            if found is None:
                known = ", ".join(r.id for r in self.releases)
                raise LookupError(f"unknown release {release!r}; known: {known}")
            return found
        day = as_day(on)
        # ``releases`` is sorted by publication: the newest out by ``day`` is the last at or before it.
        i = bisect.bisect_right(self._published_days, day)
        if i == 0:
            raise LookupError(self.before_first(day))
        return self.releases[i - 1]

    def published(self, release: Release) -> dt.date:
        """The day by which the release was out: its day, or the last day of the month or year
        where the sources give only that."""
        date = self._atlas.sources[release.id].published
        if date is None:
            return dt.date.min
        if date.day is not None:
            return date.first_day
        if date.month is not None:
            following = dt.date(date.year + (date.month == 12), date.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(date.year, 12, 31)

    def published_text(self, release: Release) -> str:
        """The publication date as precise as the sources give it (``2022-06``, ``2024-06-17``)."""
        date = self._atlas.sources[release.id].published
        return date.isoformat() if date is not None else "undated"

    def first_covering(self, year: int, measure: str = "pct_gdp") -> Release | None:
        """The earliest-published release held that gives figures for ``year``."""
        return next((r for r in self.releases if (r.id, measure, year) in self._by_year), None)

    def before_first(self, day: dt.date, year: int | None = None) -> str:
        """Why there is no answer on ``day``: the first release held, and which covers ``year``."""
        if not self.releases:
            return f"no defence expenditure release is held (asked for {day})"
        first = self.releases[0]
        years = self.years(first.id)
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "no year")
        message = (
            f"no defence expenditure release was published by {day}: the first held is {first.id} "
            f"(published {self.published_text(first)}, covering {span})"
        )
        wanted = year if year is not None else day.year
        covering = self.first_covering(wanted)
        if covering is not None and covering.id != first.id:
            message += f"; figures for {wanted} are first given by {covering.id} (published {self.published_text(covering)})"
        return message

    def allies_given(self, release: Release, measure: str = "pct_gdp") -> int:
        """How many Allies the release gives ``measure`` for in its latest year (aggregates left out)."""
        years = self._years_of.get((release.id, measure))
        if not years:
            return 0
        latest = self._by_year[(release.id, measure, max(years))]
        return sum(1 for f in latest if f.ally not in self.aggregates)

    def has_figures(self, release: Release, measure: str = "pct_gdp") -> bool:
        return (release.id, measure) in self._years_of

    def newest_with(self, measure: str, on: DateLike = None) -> Release | None:
        """The newest release published by ``on`` that has ``measure``; an annual report may
        give a single year only, so a chart over the years needs the newest that has a series."""
        day = as_day(on)
        return next(
            (r for r in reversed(self.releases) if self.published(r) <= day and self.has_figures(r, measure)),
            None,
        )

    # -- figures ---------------------------------------------------------------------------

    def value(
        self,
        ally: str,
        year: int,
        measure: str = "pct_gdp",
        release: str | None = None,
        on: DateLike = None,
    ) -> SpendingFigure | None:
        """One figure; None where the release has none (Iceland has no armed forces)."""
        chosen = self.release(release, on)
        code = ally if ally in self.aggregates else self._atlas.country(ally).id
        return self._figures.get((chosen.id, measure, code, year))

    def figures(
        self, year: int, measure: str = "pct_gdp", release: str | None = None, on: DateLike = None
    ) -> tuple[SpendingFigure, ...]:
        """Every Ally's figure in a year (aggregates excluded), highest first."""
        chosen = self.release(release, on)
        key = (chosen.id, measure, year)
        table = self._tables.get(key)
        if table is None:
            found = [f for f in self._by_year.get(key, ()) if f.ally not in self.aggregates]
            table = self._tables[key] = tuple(sorted(found, key=lambda f: (-f.value, f.ally)))
        return table

    def series(
        self, ally: str, measure: str = "pct_gdp", release: str | None = None, on: DateLike = None
    ) -> tuple[SpendingFigure, ...]:
        """An Ally's (or aggregate's) figures over the years of one release."""
        chosen = self.release(release, on)
        code = ally if ally in self.aggregates else self._atlas.country(ally).id
        return tuple(sorted(self._by_ally.get((chosen.id, measure, code), ()), key=lambda f: f.year))

    def years(
        self, release: str | None = None, on: DateLike = None, measure: str = "pct_gdp"
    ) -> tuple[int, ...]:
        """The years a release covers, from its figures or, failing those, its stated counts."""
        chosen = self.release(release, on)
        years = set(self._years_of.get((chosen.id, measure), ()))
        years |= {c.year for c in chosen.counts if c.measure == measure}
        return tuple(sorted(years))

    # -- targets and compliance ------------------------------------------------------------

    def compliance(
        self,
        year: int,
        target: float = 2.0,
        measure: str = "pct_gdp",
        release: str | None = None,
        on: DateLike = None,
    ) -> Compliance:
        """Which Allies met ``target`` in ``year`` according to one release.

        Computed from the release's figures when it has one for every Ally with armed forces;
        otherwise taken from what the release states (values shown where figures exist);
        failing both, computed from the figures there are (``basis="partial"``).
        """
        chosen = self.release(release, on)
        figures = self.figures(year, measure, chosen.id)
        values: dict[str, float | None] = {f.ally: f.value for f in figures}
        estimate = any(f.estimate for f in figures) or year in chosen.estimate_years
        stated = self.stated(year, target, measure, chosen)
        expected, expected_set = self._expected_on(year)
        if figures and expected_set <= values.keys():
            basis, allies = "figures", tuple(f.ally for f in figures if f.value >= target)
        elif stated is not None and (stated.allies or not figures):
            basis, allies = "stated", stated.allies
        elif figures:
            basis, allies = "partial", tuple(f.ally for f in figures if f.value >= target)
        else:
            covered = ", ".join(map(str, self.years(chosen.id, measure=measure))) or "no year"
            raise LookupError(
                f"release {chosen.id!r} has no {measure} figures for {year} (it covers {covered})"
            )
        return Compliance(
            release=chosen,
            year=year,
            target=target,
            allies=allies,
            values={a: values.get(a) for a in allies},
            basis=basis,
            estimate=estimate,
            stated_count=stated.count if stated is not None else None,
            given=len([a for a in values if a in expected_set]),
            expected=len(expected),
        )

    def expected_allies(self, year: int) -> tuple[str, ...]:
        """The Allies at the end of ``year`` that have armed forces (NATO's tables leave out Iceland)."""
        return self._expected_on(year)[0]

    def _expected_on(self, year: int) -> tuple[tuple[str, ...], frozenset[str]]:
        found = self._expected.get(year)
        if found is None:
            members = self._atlas.members(on=dt.date(year, 12, 31))
            codes = tuple(m.code for m in members if m.code not in self.no_armed_forces)
            found = self._expected[year] = (codes, frozenset(codes))
        return found

    def stated(self, year: int, target: float, measure: str, release: Release) -> Count | None:
        return next(
            (c for c in release.counts if c.year == year and c.target == target and c.measure == measure),
            None,
        )

    def compliance_by_year(
        self, target: float = 2.0, measure: str = "pct_gdp", release: str | None = None, on: DateLike = None
    ) -> dict[int, int]:
        """How many Allies met the target each year of one release (years it covers only in part left out)."""
        chosen = self.release(release, on)
        counts = {}
        for year in self.years(chosen.id, measure=measure):
            try:
                answer = self.compliance(year, target, measure, chosen.id)
            except LookupError:
                continue  # the release says nothing about this target in this year
            if answer.basis != "partial":
                counts[year] = answer.count
        return counts

    def compare(
        self, year: int, target: float = 2.0, measure: str = "pct_gdp", on: DateLike = None
    ) -> tuple[Compliance, ...]:
        """The same question answered by every release published by ``on`` that covers the year."""
        day = as_day(on)
        answers = []
        for release in self.releases:
            if self.published(release) > day:
                continue
            try:
                answers.append(self.compliance(year, target, measure, release.id))
            except LookupError:
                continue
        return tuple(answers)

    def change_since(
        self,
        ally: str,
        year: int,
        base: int = 2014,
        measure: str = "pct_gdp",
        release: str | None = None,
        on: DateLike = None,
    ) -> float | None:
        """Change in percentage points (or the measure's unit) from ``base`` to ``year``."""
        first = self.value(ally, base, measure, release, on)
        last = self.value(ally, year, measure, release, on)
        return None if first is None or last is None else round(last.value - first.value, 4)

    def gap(
        self, ally: str, year: int, target: float = 2.0, release: str | None = None, on: DateLike = None
    ) -> Gap | None:
        """The shortfall to a share-of-GDP target, in points and in million US$ (from GDP)."""
        share = self.value(ally, year, "pct_gdp", release, on)
        if share is None:
            return None
        points = round(max(0.0, target - share.value), 4)
        gdp = self.value(ally, year, "gdp_usd_million", release, on)
        money = None if gdp is None else round(points / 100 * gdp.value, 1)
        return Gap(share.ally, year, target, share.value, points, money)

    def trend(
        self,
        ally: str,
        measure: str = "pct_gdp",
        release: str | None = None,
        on: DateLike = None,
        years: Iterable[int] | None = None,
    ) -> float | None:
        """Least-squares slope of the series, in the measure's unit per year."""
        chosen = set(years) if years is not None else None
        points = [
            (f.year, f.value)
            for f in self.series(ally, measure, release, on)
            if chosen is None or f.year in chosen
        ]
        if len(points) < 2:
            return None
        import statistics  # fractions and decimal: only a trend needs them

        slope, _ = statistics.linear_regression([p[0] for p in points], [p[1] for p in points])
        return round(slope, 4)

    def national_laws(self, release: str | None = None, on: DateLike = None) -> tuple[str, ...]:
        """Allies that the release marks (``*``) as having a national law on 2 % of GDP."""
        return self.release(release, on).national_2pct_law

    def target(self, target_id: str) -> Target:
        found = next((t for t in self.targets if t.id == target_id), None)
        if found is None:
            raise LookupError(f"unknown target {target_id!r}")
        return found

    def targets_on(self, on: DateLike = None) -> tuple[Target, ...]:
        """Targets agreed by ``on`` and not yet superseded then."""
        day = as_day(on)
        agreed = [t for t in self.targets if t.agreed.first_day <= day]
        superseding = {t.id: t for t in agreed}
        return tuple(t for t in agreed if t.superseded_by is None or t.superseded_by not in superseding)

    # -- tables ------------------------------------------------------------------------------

    def frame(self) -> pd.DataFrame:
        """Every figure as a tidy DataFrame: ally, year, measure, value, release, estimate."""
        import pandas as pd

        rows: list[dict[str, Any]] = [
            {
                "ally": f.ally,
                "year": f.year,
                "measure": f.measure,
                "value": f.value,
                "release": f.release,
                "published": self._atlas.published(f.release),
                "estimate": f.estimate,
            }
            for f in self._figures.values()
        ]
        frame = pd.DataFrame(
            rows, columns=["ally", "year", "measure", "value", "release", "published", "estimate"]
        )
        return frame.sort_values(["release", "measure", "ally", "year"], ignore_index=True)
