"""The Allies on a day, one country, and the Secretary General: ``members``, ``country``, ``sg``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from natoatlas.atlas import Atlas, Member
from natoatlas.kb.model import Country, PDate
from natoatlas.views.base import (
    SECTION_OF,
    Bi,
    SourceEntry,
    bi,
    cited,
    data_as_of,
    key,
    source_ids,
    view,
)

__all__ = [
    "CountryEntry",
    "CountryView",
    "MemberEntry",
    "Members",
    "SecretaryGeneralView",
    "countries",
    "country",
    "members",
    "members_note",
    "secretary_general",
]


@view
class MemberEntry:
    """One Ally: its codes, its name on the day, when it joined and on what sources."""

    code: str
    alpha2: str
    name: Bi
    joined: PDate
    founder: bool
    wikidata: str | None
    sources: tuple[str, ...]


@view
class Members:
    """The Allies on a day in order of accession; ``note`` says why the list is empty, if it is."""

    on: dt.date
    count: int
    members: tuple[MemberEntry, ...]
    note: str | None
    sources: tuple[SourceEntry, ...]
    data_as_of: str | None


def members_note(atlas: Atlas, day: dt.date) -> str | None:
    """Why a membership list is empty, when it is."""
    if day < atlas.founded.first_day:
        return (
            f"NATO had no members before {atlas.founded.isoformat()}, the day the North Atlantic "
            "Treaty was signed in Washington."
        )
    return None


def member_entry(value: Member, day: dt.date) -> MemberEntry:
    m = value.membership
    return MemberEntry(
        code=value.code,
        alpha2=value.country.alpha2,
        name=bi(value.country.name_on(day)),
        joined=m.start,
        founder=m.founder,
        wikidata=value.country.wikidata,
        sources=tuple(m.sources),
    )


def members(atlas: Atlas, day: dt.date) -> Members:
    """The Allies on ``day``."""
    found = atlas.members(day)
    return Members(
        on=day,
        count=len(found),
        members=tuple(member_entry(m, day) for m in found),
        note=members_note(atlas, day),
        sources=cited(atlas, (s for m in found for s in m.membership.sources)),
        data_as_of=data_as_of(atlas, SECTION_OF["members"]),
    )


@view
class NameEntry:
    """A name of the country and the interval it was used (open: still used)."""

    en: str
    ja: str
    from_: Annotated[PDate | None, key("from")]
    to: PDate | None


@view
class EventEntry:
    date: PDate
    text: Bi
    sources: tuple[str, ...]


@view
class MembershipEntry:
    from_: Annotated[PDate, key("from")]
    to: PDate | None
    founder: bool
    in_force: PDate | None
    note: Bi | None
    events: tuple[EventEntry, ...]


@view
class OutsideCommand:
    """An interval the country stood outside the integrated military command."""

    from_: Annotated[PDate, key("from")]
    to: PDate | None
    text: Bi


@view
class CountryView:
    """A country on a day: its codes, its names over time, its memberships and its sources."""

    code: str
    alpha2: str
    numeric: str | None
    iso: bool
    wikidata: str | None
    on: dt.date
    name: Bi
    names: tuple[NameEntry, ...]
    member: bool
    memberships: tuple[MembershipEntry, ...]
    outside_integrated_command: tuple[OutsideCommand, ...]
    sources: tuple[SourceEntry, ...]
    data_as_of: str | None


def country(atlas: Atlas, value: Country, day: dt.date) -> CountryView:
    """The country ``value`` as of ``day``."""
    memberships = atlas.membership(value.id)
    withdrawals = [w for w in atlas.command_withdrawals if w.country == value.id]
    ids = [
        *value.sources,
        *(s for n in value.names for s in n.sources),
        *(s for m in memberships for s in m.sources),
        *(s for w in withdrawals for s in w.sources),
    ]
    return CountryView(
        code=value.id,
        alpha2=value.alpha2,
        numeric=value.numeric,
        iso=value.iso,
        wikidata=value.wikidata,
        on=day,
        name=bi(value.name_on(day), atlas, day),
        names=tuple(
            NameEntry(en=n.en, ja=n.ja, from_=n.start, to=n.end) for n in value.names
        ),  # filled below
        member=any(m.holds_on(day) for m in memberships),
        memberships=tuple(
            MembershipEntry(
                from_=m.start,
                to=m.end,
                founder=m.founder,
                in_force=m.in_force,
                note=None if m.note is None else bi(m.note, atlas, day),
                events=tuple(
                    EventEntry(date=e.date, text=bi(e.text, atlas, day), sources=source_ids(atlas, e.sources))
                    for e in m.events
                ),
            )
            for m in memberships
        ),
        outside_integrated_command=tuple(
            OutsideCommand(from_=w.start, to=w.end, text=bi(w.text, atlas, day)) for w in withdrawals
        ),
        sources=cited(atlas, ids),
        data_as_of=data_as_of(atlas, SECTION_OF["country"]),
    )


@view
class Incumbent:
    """A Secretary General: who, from which Ally, acting or not, when, and the office before."""

    id: str
    name: Bi
    country: str
    acting: bool
    from_: Annotated[PDate, key("from")]
    to: PDate | None
    previous_office: Bi | None


@view
class SecretaryGeneralView:
    """The Secretary General on a day (None before the first took office)."""

    on: dt.date
    secretary_general: Incumbent | None
    sources: tuple[SourceEntry, ...]
    data_as_of: str | None


def secretary_general(atlas: Atlas, day: dt.date) -> SecretaryGeneralView:
    """The Secretary General on ``day``, acting ones included."""
    value = atlas.secretary_general(day)
    holder = None
    if value is not None:
        holder = Incumbent(
            id=value.person,
            name=bi(value.name, atlas, day),
            country=value.country,
            acting=value.acting,
            from_=value.start,
            to=value.end,
            previous_office=None if value.previous_office is None else bi(value.previous_office, atlas, day),
        )
    return SecretaryGeneralView(
        on=day,
        secretary_general=holder,
        sources=cited(atlas, value.sources if value else ()),
        data_as_of=data_as_of(atlas, SECTION_OF["sg"]),
    )


@view
class CountryEntry:
    """A country the Atlas knows, by its name on the day, and whether it was an Ally then."""

    code: str
    alpha2: str
    name: Bi
    member: bool


def countries(atlas: Atlas, day: dt.date) -> tuple[CountryEntry, ...]:
    """Every country the Atlas knows, by code."""
    return tuple(
        CountryEntry(code=c.id, alpha2=c.alpha2, name=bi(c.name_on(day)), member=atlas.is_member(c.id, day))
        for c in sorted(atlas.countries.values(), key=lambda c: c.id)
    )
