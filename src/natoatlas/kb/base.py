"""The knowledge base: validated records, indexed once, answering questions for any date.

Every query takes ``on=`` (a :class:`datetime.date`, an ISO ``YYYY-MM-DD`` string or None for
today). The knowledge base is immutable: it holds tuples of frozen records and indexes built at load.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from natoatlas.dates import DateLike, PartialDate, as_day
from natoatlas.kb.model import (
    STEP_ORDER,
    AccessionStep,
    Aggregate,
    Area,
    Body,
    CommandWithdrawal,
    Concept,
    Country,
    DeniedHost,
    Event,
    Figure,
    Framework,
    Headquarters,
    Holder,
    Membership,
    Office,
    Operation,
    Partnership,
    Place,
    Release,
    Review,
    SecretaryGeneral,
    Source,
    SpendingFigure,
    Status,
    Summit,
    Target,
    Territory,
    TreatyArticle,
)

__all__ = ["Enlargement", "KnowledgeBase", "LazyRecords", "Member", "Partner"]

#: Kinds of place shown as forward presence; every other kind is part of the command structure.
FORCE_KINDS = frozenset({"nfiu", "battlegroup"})


@dataclass(frozen=True, slots=True)
class Member:
    """An Ally on a given day: the country and its membership record."""

    country: Country
    membership: Membership

    @property
    def code(self) -> str:
        return self.country.id

    @property
    def joined(self) -> PartialDate:
        return self.membership.start


@dataclass(frozen=True, slots=True)
class Enlargement:
    """A round of accession: the countries that became Allies on one day."""

    date: PartialDate
    countries: tuple[Country, ...]
    founding: bool


@dataclass(frozen=True, slots=True)
class Partner:
    """A country taking part in a framework on a given day, with its status that day."""

    country: Country
    partnership: Partnership
    status: Status | None

    @property
    def code(self) -> str:
        return self.country.id


def _with_chairs(body: Body, offices: Mapping[str, Office]) -> Body:
    """The body with its chairs read from the office that names them (``chair_office``)."""
    office = offices.get(body.chair_office) if body.chair_office else None
    return body if office is None else body.replace(chairs=office.holders)


class LazyRecords(Mapping[str, tuple[Any, ...]]):
    """A mapping of records decoded on first read (the loader's cache): kept as it is, not copied."""

    def keyed(self, name: str) -> Mapping[str, Any] | None:
        """The records of data file ``name`` by key, each decoded when first asked for, where
        the cache can give them so (None: read them all from ``self[name]``)."""
        return None

    def grouped(self, name: str, value: str) -> tuple[Any, ...] | None:
        """The records of data file ``name`` whose grouping field (a spending figure's release)
        is ``value``, in file order, decoded alone where the cache can (None: filter ``self[name]``)."""
        return None


def _fold(text: str) -> str:
    """Case- and width-insensitive key, so ``fin``, ``FIN`` and full-width ``ＦＩＮ`` all match."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


_T = TypeVar("_T")


class _Spans(Generic[_T]):
    """Answers that change only on given days, each computed once per span between them.

    Every interval in the data holds from the first day of its start until the first day of its
    end, so a query over intervals gives the same answer on every day between two consecutive
    bounds: the answer for one day of a span is the answer for all of it. ``limit`` caps how
    many spans are kept (the cache is emptied when full), so memory stays bounded however many
    distinct days the data has.
    """

    def __init__(self, bounds: set[dt.date], limit: int = 4096) -> None:
        self._bounds = sorted(bounds)
        self._answers: dict[Any, _T] = {}
        self._limit = limit

    def get(self, day: dt.date, compute: Callable[[dt.date], _T], extra: Any = None) -> _T:
        key = (bisect.bisect_right(self._bounds, day), extra)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= self._limit:
                self._answers.clear()
            found = self._answers[key] = compute(day)
        return found


def _span_bounds(items: Iterable[Any]) -> set[dt.date]:
    """The first days of the starts and ends of intervals (those left open give none)."""
    days: set[dt.date] = set()
    for item in items:
        for bound in (item.start, item.end):
            if bound is not None:
                days.add(bound.first_day)
    return days


class KnowledgeBase:
    """NATO's facts over time, with their sources: the records, indexed when first asked for, and
    the questions every rule builds on (:class:`natoatlas.Atlas` adds the rules).

    >>> import natoatlas
    >>> atlas = natoatlas.load()
    >>> len(atlas.members(on="1999-03-12"))
    19
    """

    def __init__(self, records: Mapping[str, tuple[Any, ...]]) -> None:
        # Each table and index is built when first used, from the data file it needs: a query
        # about members never reads (nor, from the cache, decodes) the spending figures.
        #: Every record as loaded, by data file: for checks that walk all of them (source grading).
        self.records: Mapping[str, tuple[Any, ...]] = MappingProxyType(
            records if isinstance(records, dict | LazyRecords) else dict(records)
        )
        self._lazy = records if isinstance(records, LazyRecords) else None

    @functools.cached_property
    def sources(self) -> Mapping[str, Source]:
        # A query cites a few dozen of the hundreds of sources: from the cache, only those are decoded.
        records = self.records
        lazy = self._lazy.keyed("sources.yaml") if self._lazy is not None else None
        if lazy is not None:
            return lazy
        return MappingProxyType({s.id: s for s in records["sources.yaml"]})

    @functools.cached_property
    def countries(self) -> Mapping[str, Country]:
        return MappingProxyType({c.id: c for c in self.records["countries.yaml"]})

    @functools.cached_property
    def memberships(self) -> tuple[Membership, ...]:
        return tuple(sorted(self.records["memberships.yaml"], key=lambda m: (m.start.first_day, m.country)))

    @functools.cached_property
    def command_withdrawals(self) -> tuple[CommandWithdrawal, ...]:
        return tuple(sorted(self.records["command_withdrawals.yaml"], key=lambda w: w.start.first_day))

    @functools.cached_property
    def secretaries_general(self) -> tuple[SecretaryGeneral, ...]:
        return tuple(sorted(self.records["secretaries_general.yaml"], key=lambda s: s.start.first_day))

    @functools.cached_property
    def headquarters_history(self) -> tuple[Headquarters, ...]:
        return tuple(sorted(self.records["headquarters.yaml"], key=lambda h: h.start.first_day))

    @functools.cached_property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(self.records["figures.yaml"])

    @functools.cached_property
    def treaty_articles(self) -> tuple[TreatyArticle, ...]:
        return tuple(
            sorted(
                self.records["treaty.yaml"],
                key=lambda a: (a.number, a.start.first_day if a.start else dt.date.min),
            )
        )

    @functools.cached_property
    def accession_steps(self) -> tuple[AccessionStep, ...]:
        return tuple(
            sorted(
                self.records["accession_steps.yaml"],
                key=lambda s: (s.country, s.date.first_day, STEP_ORDER.index(s.step), s.id),
            )
        )

    @functools.cached_property
    def frameworks(self) -> Mapping[str, Framework]:
        return MappingProxyType(
            {f.id: f for f in sorted(self.records["frameworks.yaml"], key=lambda f: f.start.first_day)}
        )

    @functools.cached_property
    def partnerships(self) -> tuple[Partnership, ...]:
        return tuple(
            sorted(
                self.records["partnerships.yaml"], key=lambda p: (p.framework, p.start.first_day, p.country)
            )
        )

    @functools.cached_property
    def bodies(self) -> tuple[Body, ...]:
        return tuple(
            sorted(
                (_with_chairs(b, self.offices) for b in self.records["bodies.yaml"]),
                key=lambda b: b.start.first_day,
            )
        )

    @functools.cached_property
    def places(self) -> tuple[Place, ...]:
        return tuple(self.records["places.yaml"])

    @functools.cached_property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(sorted(self.records["concepts.yaml"], key=lambda c: c.adopted.first_day))

    @functools.cached_property
    def summits(self) -> tuple[Summit, ...]:
        return tuple(sorted(self.records["summits.yaml"], key=lambda s: s.start.first_day))

    @functools.cached_property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(sorted(self.records["operations.yaml"], key=lambda o: (o.start.first_day, o.id)))

    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        return tuple(sorted(self.records["events.yaml"], key=lambda e: (e.date.first_day, e.id)))

    @functools.cached_property
    def releases(self) -> tuple[Release, ...]:
        return tuple(self.records["releases.yaml"])

    @functools.cached_property
    def targets(self) -> tuple[Target, ...]:
        return tuple(self.records["targets.yaml"])

    @functools.cached_property
    def spending_figures(self) -> tuple[SpendingFigure, ...]:
        return tuple(self.records["spending.csv"])

    def spending_figures_of(self, release: str) -> tuple[SpendingFigure, ...]:
        """The figures of one release, in file order: from the cache, only they are decoded."""
        found = self._release_figures.get(release)
        if found is None:
            lazy = self._lazy.grouped("spending.csv", release) if self._lazy is not None else None
            found = lazy if lazy is not None else self._figures_by_release.get(release, ())
            self._release_figures[release] = found
        return found

    @functools.cached_property
    def _release_figures(self) -> dict[str, tuple[SpendingFigure, ...]]:
        return {}

    @functools.cached_property
    def _figures_by_release(self) -> dict[str, tuple[SpendingFigure, ...]]:
        """Every release's figures, for records not read from the cache (one pass over them)."""
        index: dict[str, list[SpendingFigure]] = {}
        for f in self.spending_figures:
            index.setdefault(f.release, []).append(f)
        return {k: tuple(v) for k, v in index.items()}

    @functools.cached_property
    def territories(self) -> tuple[Territory, ...]:
        return tuple(self.records["territories.yaml"])

    @functools.cached_property
    def regions(self) -> Mapping[str, Area]:
        """The regions a Party's territory can lie in, with Article 6's clause there (``regions.yaml``)."""
        return MappingProxyType({r.id: r for r in self.records["regions.yaml"]})

    @functools.cached_property
    def aggregates(self) -> Mapping[str, Aggregate]:
        """NATO's totals beside the Allies in its tables (``aggregates.yaml``), by id."""
        return MappingProxyType({a.id: a for a in self.records["aggregates.yaml"]})

    @functools.cached_property
    def offices(self) -> Mapping[str, Office]:
        return MappingProxyType({o.id: o for o in self.records["offices.yaml"]})

    @functools.cached_property
    def reviews(self) -> Mapping[str, Review]:
        return MappingProxyType({r.section: r for r in self.records["reviews.yaml"]})

    @functools.cached_property
    def denied_hosts(self) -> tuple[DeniedHost, ...]:
        return tuple(self.records["denied_hosts.yaml"])

    @functools.cached_property
    def _names(self) -> dict[str, str]:
        return self._name_index()

    @functools.cached_property
    def _membership_spans(self) -> tuple[list[dt.date], list[tuple[Membership, ...]]]:
        return self._membership_index()

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}: {len(self.countries)} countries, {len(self.memberships)} memberships>"
        )

    # -- countries -------------------------------------------------------------------------

    def _name_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for country in self.countries.values():
            keys = [country.id, country.alpha2, *(country.numeric or "",)]
            for name in country.names:
                keys += [name.en, name.ja, name.ja_short or ""]
            keys += list(country.aliases)
            for key in filter(None, keys):
                index.setdefault(_fold(key), country.id)
        return index

    def get_country(self, code: str) -> Country | None:
        """The country with this alpha-3 or alpha-2 code or name, or None."""
        found = self._names.get(_fold(code))
        return self.countries[found] if found else None

    def country(self, code_or_name: str) -> Country:
        """Find a country by ISO code or any of its names, in English or Japanese.

        >>> import natoatlas
        >>> natoatlas.load().country("フィンランド").id
        'FIN'

        Raises :class:`LookupError` with the closest names when nothing matches.
        """
        found = self.get_country(code_or_name)
        if found is not None:
            return found
        import difflib  # only a name that matches nothing needs it

        close = difflib.get_close_matches(_fold(code_or_name), self._names, n=3, cutoff=0.6)
        names = ", ".join(repr(self.countries[self._names[c]].current_name.en) for c in close)
        hint = f"; did you mean {names}?" if close else ""
        raise LookupError(f"unknown country {code_or_name!r}{hint}")

    # -- membership ------------------------------------------------------------------------

    def _membership_index(self) -> tuple[list[dt.date], list[tuple[Membership, ...]]]:
        """Membership changes only on start and end days: keep one snapshot per span."""
        bounds = sorted(
            {m.start.first_day for m in self.memberships}
            | {m.end.first_day for m in self.memberships if m.end}
        )
        snapshots = [tuple(m for m in self.memberships if m.holds_on(day)) for day in bounds]
        return bounds, snapshots

    def members(self, on: DateLike = None) -> tuple[Member, ...]:
        """The Allies on a day, in order of accession (then by code).

        Before the Treaty was signed (1949-04-04) the answer is empty: see :attr:`founded`.
        """
        day = as_day(on)
        bounds, snapshots = self._membership_spans
        i = bisect.bisect_right(bounds, day) - 1
        if i < 0:
            return ()
        found = self._member_snapshots.get(i)
        if found is None:
            found = tuple(Member(self.countries[m.country], m) for m in snapshots[i])
            self._member_snapshots[i] = found
        return found

    @functools.cached_property
    def _member_snapshots(self) -> dict[int, tuple[Member, ...]]:
        """The :class:`Member` tuple of each membership snapshot, made the first time it is asked."""
        return {}

    @functools.cached_property
    def _member_codes(self) -> dict[int, frozenset[str]]:
        return {}

    def is_member(self, code_or_name: str, on: DateLike = None) -> bool:
        code = self.country(code_or_name).id
        day = as_day(on)
        i = bisect.bisect_right(self._membership_spans[0], day) - 1
        if i < 0:
            return False
        codes = self._member_codes.get(i)
        if codes is None:
            codes = self._member_codes[i] = frozenset(m.code for m in self.members(day))
        return code in codes

    @functools.cached_property
    def _memberships_by_country(self) -> dict[str, tuple[Membership, ...]]:
        index: dict[str, list[Membership]] = {}
        for m in self.memberships:
            index.setdefault(m.country, []).append(m)
        return {k: tuple(v) for k, v in index.items()}

    def membership(self, code_or_name: str) -> tuple[Membership, ...]:
        """Every membership interval of a country (empty for a non-member)."""
        code = self.country(code_or_name).id
        return self._memberships_by_country.get(code, ())

    @property
    def founded(self) -> PartialDate:
        """The day the first Allies became members: the Treaty's signature."""
        return self.memberships[0].start

    def newest_members(self, on: DateLike = None) -> tuple[Member, ...]:
        """The Allies that joined last (one or several on the same day)."""
        members = self.members(on)
        if not members:
            return ()
        last = max(m.joined.first_day for m in members)
        return tuple(m for m in members if m.joined.first_day == last)

    def enlargements(self, on: DateLike = None) -> tuple[Enlargement, ...]:
        """The rounds up to ``on``: the founding and each day on which countries acceded."""
        day = as_day(on)
        rounds = []
        started = [m for m in self.memberships if m.start.first_day <= day]
        for start, group in itertools.groupby(started, key=lambda m: m.start):
            ms = list(group)
            rounds.append(
                Enlargement(
                    date=start,
                    countries=tuple(self.countries[m.country] for m in ms),
                    founding=all(m.founder for m in ms),
                )
            )
        return tuple(rounds)

    def outside_integrated_command(self, on: DateLike = None) -> tuple[CommandWithdrawal, ...]:
        """Allies that were outside NATO's integrated military command on a day."""
        return self._withdrawal_spans.get(
            as_day(on), lambda day: tuple(w for w in self.command_withdrawals if w.holds_on(day))
        )

    @functools.cached_property
    def _withdrawal_spans(self) -> _Spans[tuple[CommandWithdrawal, ...]]:
        return _Spans(_span_bounds(self.command_withdrawals))

    # -- offices ---------------------------------------------------------------------------

    def secretary_general(self, on: DateLike = None) -> SecretaryGeneral | None:
        """Who held the office (acting or appointed) on a day; None before the first."""
        day = as_day(on)
        return next((s for s in self.secretaries_general if s.holds_on(day)), None)

    def headquarters(self, on: DateLike = None) -> Headquarters | None:
        """Where the headquarters stood on a day."""
        day = as_day(on)
        return next((h for h in self.headquarters_history if h.holds_on(day)), None)

    def figure(self, measure: str, on: DateLike = None) -> Figure | None:
        """The newest headline figure for ``measure`` whose release was published by ``on``."""
        day = as_day(on)
        known = [f for f in self.figures if f.measure == measure and self.published(f.release) <= day]
        return max(known, key=lambda f: (self.published(f.release), f.period.first_day), default=None)

    def published(self, source_id: str) -> dt.date:
        """The first day of a source's publication (the earliest date when it has none)."""
        published = self.sources[source_id].published
        return published.first_day if published else dt.date.min

    def cite(self, *ids: str) -> tuple[Source, ...]:
        """The source records for these ids without repeats: official sources first, then
        reference works, the press and mirrors, each kind in the order given."""
        found = [self.sources[i] for i in dict.fromkeys(ids)]
        return tuple(sorted(found, key=lambda s: s.rank))

    def office(self, id_: str, on: DateLike = None) -> Holder | None:
        """Who held an office (``saceur``, ``sact``, ``cmc`` …) on a day; None if vacant or unknown."""
        office = self.offices.get(id_)
        return None if office is None else office.holder_on(as_day(on))

    def reviewed(self, section: str) -> PartialDate | None:
        """The data cut-off of a section: the last day its records were reviewed against sources."""
        review = self.reviews.get(section)
        return None if review is None else review.reviewed

    # -- the treaty ------------------------------------------------------------------------

    # -- accessions ------------------------------------------------------------------------

    def accession_history(self, code_or_name: str) -> tuple[AccessionStep, ...]:
        """The dated steps of a country's accession (application, invitation, protocol …)."""
        code = self.country(code_or_name).id
        return self._steps_by_country.get(code, ())

    @functools.cached_property
    def _steps_by_country(self) -> dict[str, tuple[AccessionStep, ...]]:
        index: dict[str, list[AccessionStep]] = {}
        for step in self.accession_steps:
            index.setdefault(step.country, []).append(step)
        return {k: tuple(v) for k, v in index.items()}

    # -- partners --------------------------------------------------------------------------

    @functools.cached_property
    def _framework_names(self) -> dict[str, Framework]:
        """Every folded name of every framework; the first framework (by start) wins a shared name."""
        index: dict[str, Framework] = {}
        for framework in self.frameworks.values():
            names = [framework.id, *(n.acronym or "" for n in framework.names)]
            names += [n.en for n in framework.names] + [n.ja for n in framework.names]
            # "地中海ダイアログ(MD)" is also found as "地中海ダイアログ".
            names += [n.split("(")[0] for n in names]
            for name in names:
                if name:
                    index.setdefault(_fold(name), framework)
        return index

    def framework(self, id_or_name: str) -> Framework:
        """A framework by id (``pfp``), acronym (``PfP``) or name in English or Japanese."""
        found = self._framework_names.get(_fold(id_or_name))
        if found is not None:
            return found
        known = ", ".join(self.frameworks)
        raise LookupError(f"unknown partnership framework {id_or_name!r}; known: {known}")

    @functools.cached_property
    def _partnerships_by_framework(self) -> dict[str, tuple[Partnership, ...]]:
        index: dict[str, list[Partnership]] = {}
        for p in self.partnerships:
            index.setdefault(p.framework, []).append(p)
        return {k: tuple(v) for k, v in index.items()}

    @functools.cached_property
    def _partner_spans(self) -> dict[str, _Spans[tuple[Partner, ...]]]:
        """Per framework, the days its answer can change: partnerships, statuses and the
        partners' names (the answer is sorted by name) begin or end."""
        spans: dict[str, _Spans[tuple[Partner, ...]]] = {}
        for framework, partnerships in self._partnerships_by_framework.items():
            bounds = _span_bounds(partnerships)
            for p in partnerships:
                bounds |= _span_bounds(p.statuses)
                bounds |= _span_bounds(self.countries[p.country].names)
            spans[framework] = _Spans(bounds)
        return spans

    def partners(self, framework: str, on: DateLike = None) -> tuple[Partner, ...]:
        """The countries taking part in a framework on a day, by name; empty before it began."""
        found = self.framework(framework)
        day = as_day(on)
        spans = self._partner_spans.get(found.id)
        if spans is None:
            return ()
        return spans.get(day, lambda d: self._partners_on(found.id, d))

    def _partners_on(self, framework: str, day: dt.date) -> tuple[Partner, ...]:
        partners = [
            Partner(
                self.countries[p.country],
                p,
                next((s for s in p.statuses if s.holds_on(day)), None),
            )
            for p in self._partnerships_by_framework.get(framework, ())
            if p.holds_on(day)
        ]
        return tuple(sorted(partners, key=lambda p: p.country.name_on(day).en))

    @functools.cached_property
    def _partnerships_by_country(self) -> dict[str, tuple[Partnership, ...]]:
        index: dict[str, list[Partnership]] = {}
        for p in self.partnerships:
            index.setdefault(p.country, []).append(p)
        return {k: tuple(v) for k, v in index.items()}

    def partnerships_of(self, code_or_name: str) -> tuple[Partnership, ...]:
        code = self.country(code_or_name).id
        return self._partnerships_by_country.get(code, ())

    # -- organisation, commands and forces --------------------------------------------------

    def organisation(self, on: DateLike = None) -> tuple[Body, ...]:
        day = as_day(on)
        return tuple(b for b in self.bodies if b.holds_on(day))

    @functools.cached_property
    def _place_spans(self) -> _Spans[tuple[Place, ...]]:
        return _Spans(_span_bounds(self.places))

    def commands(self, on: DateLike = None) -> tuple[Place, ...]:
        """The command structure on a day: commands, headquarters, air centres, divisions."""
        return self._place_spans.get(
            as_day(on),
            lambda day: tuple(p for p in self.places if p.kind not in FORCE_KINDS and p.holds_on(day)),
            "commands",
        )

    def forces(self, on: DateLike = None) -> tuple[Place, ...]:
        """Forward presence on a day: NATO Force Integration Units and battlegroups."""
        return self._place_spans.get(
            as_day(on),
            lambda day: tuple(p for p in self.places if p.kind in FORCE_KINDS and p.holds_on(day)),
            "forces",
        )

    # -- concepts, summits, operations, events ---------------------------------------------

    def concept(self, on: DateLike = None) -> Concept | None:
        """The Strategic Concept in force on a day: the last adopted on or before it."""
        day = as_day(on)
        adopted = [c for c in self.concepts if c.adopted.first_day <= day]
        return adopted[-1] if adopted else None

    @functools.cached_property
    def _summit_starts(self) -> list[dt.date]:
        """The first day of each summit, in the order of :attr:`summits` (sorted by it)."""
        return [s.start.first_day for s in self.summits]

    def summits_until(self, on: DateLike = None) -> tuple[Summit, ...]:
        """The summits that had begun by ``on``."""
        return self.summits[: bisect.bisect_right(self._summit_starts, as_day(on))]

    @functools.cached_property
    def _operation_spans(self) -> _Spans[tuple[Operation, ...]]:
        return _Spans(_span_bounds(self.operations))

    def operations_on(self, on: DateLike = None, status: str | None = None) -> tuple[Operation, ...]:
        """Operations that had started by ``on``; ``status`` ``ongoing`` or ``ended`` filters them."""
        if status not in (None, "ongoing", "ended"):
            raise ValueError(f"status must be 'ongoing' or 'ended', not {status!r}")
        return self._operation_spans.get(as_day(on), lambda day: self._operations_on(day, status), status)

    def _operations_on(self, day: dt.date, status: str | None) -> tuple[Operation, ...]:
        started = [o for o in self.operations if o.start.first_day <= day]
        if status == "ongoing":
            return tuple(o for o in started if o.holds_on(day))
        if status == "ended":
            return tuple(o for o in started if not o.holds_on(day))
        return tuple(started)

    def timeline(
        self, topic: str, start: DateLike | dt.date | None = None, end: DateLike | dt.date | None = None
    ) -> tuple[Event, ...]:
        """Events of a topic (``japan-nato``, ``article-4``, ``article-5``) between two days."""
        first = as_day(start) if start is not None else dt.date.min
        last = as_day(end) if end is not None else dt.date.max
        events, days = self._events_by_topic.get(topic, ((), []))
        return events[bisect.bisect_left(days, first) : bisect.bisect_right(days, last)]

    @functools.cached_property
    def _events_by_topic(self) -> dict[str, tuple[tuple[Event, ...], list[dt.date]]]:
        """Each topic's events in the order of :attr:`events` (by date), with their first days."""
        index: dict[str, list[Event]] = {}
        for event in self.events:
            index.setdefault(event.topic, []).append(event)
        return {k: (tuple(v), [e.date.first_day for e in v]) for k, v in index.items()}

    def consultations(self, article: int | None = None) -> tuple[Event, ...]:
        """Article 4 consultations and the invocation of Article 5 (or one article's), by date."""
        topics = [f"article-{article}"] if article else ["article-4", "article-5"]
        return tuple(sorted((e for t in topics for e in self.timeline(t)), key=lambda e: e.date.first_day))
