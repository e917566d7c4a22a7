"""The Atlas: validated records, indexed once, answering questions for any date.

Every query takes ``on=`` (a :class:`datetime.date`, an ISO ``YYYY-MM-DD`` string or None for
today). The Atlas is immutable: it holds tuples of frozen records and indexes built at load.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import itertools
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from natoatlas.dates import PartialDate, parse_day
from natoatlas.model import (
    CommandWithdrawal,
    Country,
    Figure,
    Headquarters,
    Membership,
    SecretaryGeneral,
    Source,
)

__all__ = ["Atlas", "DateLike", "Enlargement", "Member", "as_day"]

DateLike = dt.date | str | None


def as_day(on: DateLike) -> dt.date:
    """The day a query is about: ``None`` is today; a string must be ``YYYY-MM-DD``."""
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    return parse_day(on)


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


def _fold(text: str) -> str:
    """Case- and width-insensitive key, so ``fin``, ``FIN`` and full-width ``ＦＩＮ`` all match."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


class Atlas:
    """NATO's facts over time, with their sources.

    >>> import natoatlas
    >>> atlas = natoatlas.load()
    >>> len(atlas.members(on="1999-03-12"))
    19
    """

    def __init__(self, records: Mapping[str, tuple[Any, ...]]) -> None:
        self.sources: Mapping[str, Source] = MappingProxyType({s.id: s for s in records["sources.yaml"]})
        self.countries: Mapping[str, Country] = MappingProxyType({c.id: c for c in records["countries.yaml"]})
        self.memberships: tuple[Membership, ...] = tuple(
            sorted(records["memberships.yaml"], key=lambda m: (m.start.first_day, m.country))
        )
        self.command_withdrawals: tuple[CommandWithdrawal, ...] = tuple(
            sorted(records["command_withdrawals.yaml"], key=lambda w: w.start.first_day)
        )
        self.secretaries_general: tuple[SecretaryGeneral, ...] = tuple(
            sorted(records["secretaries_general.yaml"], key=lambda s: s.start.first_day)
        )
        self.headquarters_history: tuple[Headquarters, ...] = tuple(
            sorted(records["headquarters.yaml"], key=lambda h: h.start.first_day)
        )
        self.figures: tuple[Figure, ...] = tuple(records["figures.yaml"])
        self._names = self._name_index()
        self._bounds, self._snapshots = self._membership_index()

    def __repr__(self) -> str:
        return f"<Atlas: {len(self.countries)} countries, {len(self.memberships)} memberships>"

    # -- countries -------------------------------------------------------------------------

    def _name_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for country in self.countries.values():
            keys = [country.id, country.alpha2, *(country.numeric or "",)]
            for name in country.names:
                keys += [name.en, name.ja, name.ja_short or ""]
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
        i = bisect.bisect_right(self._bounds, day) - 1
        if i < 0:
            return ()
        return tuple(Member(self.countries[m.country], m) for m in self._snapshots[i])

    def is_member(self, code_or_name: str, on: DateLike = None) -> bool:
        code = self.country(code_or_name).id
        return any(m.code == code for m in self.members(on))

    def membership(self, code_or_name: str) -> tuple[Membership, ...]:
        """Every membership interval of a country (empty for a non-member)."""
        code = self.country(code_or_name).id
        return tuple(m for m in self.memberships if m.country == code)

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
        day = as_day(on)
        return tuple(w for w in self.command_withdrawals if w.holds_on(day))

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
        known = [f for f in self.figures if f.measure == measure and self._published(f.release) <= day]
        return max(known, key=lambda f: (self._published(f.release), f.period.first_day), default=None)

    def _published(self, source_id: str) -> dt.date:
        published = self.sources[source_id].published
        return published.first_day if published else dt.date.min

    def cite(self, *ids: str) -> tuple[Source, ...]:
        """The source records for these ids, in the order given, without repeats."""
        return tuple(self.sources[i] for i in dict.fromkeys(ids))
