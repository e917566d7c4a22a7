"""The briefing's sections as questions: the Treaty, enlargement, partners, the organisation,
offices, commands and forces, Strategic Concepts, summits, operations, timelines.

Records are given whole, as the data file has them (every field present, null if unset), with
their texts filled for the day asked (:func:`natoatlas.views.base.filled`) and what the query
derived for that day (``active``, ``chair_on``, ``lead_on``, ``ongoing`` …).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from natoatlas.atlas import Atlas
from natoatlas.kb.model import (
    AccessionStep,
    Body,
    Concept,
    Event,
    Framework,
    Holder,
    Lead,
    Office,
    Operation,
    PDate,
    Place,
    Status,
    Summit,
    TreatyArticle,
)
from natoatlas.views.base import FLAT, SECTION_OF, Bi, bi, data_as_of, filled, key, source_ids, view
from natoatlas.views.params import TIMELINE_TOPICS

__all__ = [
    "TIMELINE_TOPICS",
    "Commands",
    "Concepts",
    "Enlargements",
    "Forces",
    "Offices",
    "Operations",
    "Organisation",
    "Partners",
    "Summits",
    "Timeline",
    "Treaty",
    "commands",
    "concepts",
    "consultations",
    "enlargements",
    "forces",
    "offices",
    "operations",
    "organisation",
    "partners",
    "places",
    "summits",
    "timeline",
    "treaty",
]


@view
class Treaty:
    """The North Atlantic Treaty as it read on a day: every article, or the one asked for."""

    on: dt.date
    articles: tuple[TreatyArticle, ...]
    data_as_of: str | None


def treaty(atlas: Atlas, day: dt.date, number: int | None = None) -> Treaty:
    """The Treaty on ``day``; article ``number`` only (0: the preamble) when given."""
    articles = atlas.treaty(day) if number is None else (atlas.article(number, day),)
    return Treaty(
        on=day, articles=filled(articles, atlas, day), data_as_of=data_as_of(atlas, SECTION_OF["treaty"])
    )


@view
class Accession:
    """A country of a round, with its accession's steps up to the day."""

    code: str
    name: Bi
    steps: tuple[AccessionStep, ...]


@view
class Round:
    date: PDate
    founding: bool
    countries: tuple[Accession, ...]


@view
class Enlargements:
    """The rounds of enlargement up to a day, each accession with its milestones."""

    on: dt.date
    rounds: tuple[Round, ...]
    data_as_of: str | None


def enlargements(atlas: Atlas, day: dt.date) -> Enlargements:
    """The founding and every round of accession up to ``day``."""
    return Enlargements(
        on=day,
        rounds=tuple(
            Round(
                date=r.date,
                founding=r.founding,
                countries=tuple(
                    Accession(
                        code=c.id,
                        name=bi(c.name_on(day)),
                        steps=filled(
                            tuple(s for s in atlas.accession_history(c.id) if s.date.first_day <= day),
                            atlas,
                            day,
                        ),
                    )
                    for c in r.countries
                ),
            )
            for r in atlas.enlargements(day)
        ),
        data_as_of=data_as_of(atlas, SECTION_OF["enlargement"]),
    )


@view
class FrameworkName(Bi):
    acronym: str | None

    def titled(self, lang: str) -> str:
        """The name in ``lang`` followed by its acronym where the name lacks it: Partnership for
        Peace (PfP), as a framework is named in a heading."""
        name = self.get(lang)
        return f"{name} ({self.acronym})" if self.acronym and self.acronym not in name else name


@view
class PartnerEntry:
    code: str
    name: Bi
    from_: Annotated[PDate, key("from")]
    status: Status | None
    sources: tuple[str, ...]


@view
class FrameworkEntry:
    """A framework as its record, its name and whether it existed on the day, and its partners."""

    framework: Annotated[Framework, FLAT]
    name: FrameworkName
    active: bool
    partners: tuple[PartnerEntry, ...]


@view
class Partners:
    """Partnership frameworks and their partners on a day."""

    on: dt.date
    frameworks: tuple[FrameworkEntry, ...]
    data_as_of: str | None


def framework_entry(atlas: Atlas, value: Framework, day: dt.date) -> FrameworkEntry:
    name = value.name_on(day)
    return FrameworkEntry(
        framework=filled(value, atlas, day),
        name=FrameworkName(en=name.en, ja=name.ja, acronym=name.acronym),
        active=value.holds_on(day),
        partners=tuple(
            PartnerEntry(
                code=p.code,
                name=bi(p.country.name_on(day)),
                from_=p.partnership.start,
                status=filled(p.status, atlas, day),
                sources=source_ids(atlas, p.partnership.sources),
            )
            for p in atlas.partners(value.id, day)
        ),
    )


def partners(atlas: Atlas, day: dt.date, framework_id: str | None = None) -> Partners:
    """Every framework (or the one named) on ``day``; an unknown name raises LookupError."""
    found = [atlas.framework(framework_id)] if framework_id else list(atlas.frameworks.values())
    return Partners(
        on=day,
        frameworks=tuple(framework_entry(atlas, f, day) for f in found),
        data_as_of=data_as_of(atlas, SECTION_OF["partners"]),
    )


@view
class BodyEntry:
    body: Annotated[Body, FLAT]
    chair_on: Holder | None


@view
class Organisation:
    """The principal bodies on a day, each with its chair that day."""

    on: dt.date
    bodies: tuple[BodyEntry, ...]
    data_as_of: str | None


def organisation(atlas: Atlas, day: dt.date) -> Organisation:
    """The North Atlantic Council, the Military Committee … on ``day``."""
    bodies = []
    for b in atlas.organisation(day):
        body = filled(b, atlas, day)
        bodies.append(BodyEntry(body=body, chair_on=body.chair_on(day)))
    return Organisation(
        on=day, bodies=tuple(bodies), data_as_of=data_as_of(atlas, SECTION_OF["organisation"])
    )


@view
class OfficeEntry:
    office: Annotated[Office, FLAT]
    holder_on: Holder | None


@view
class Offices:
    """The principal offices (SACEUR, SACT, Chair of the Military Committee …), by id, each
    with who held it on the day."""

    on: dt.date
    offices: tuple[OfficeEntry, ...]


def offices(atlas: Atlas, day: dt.date) -> Offices:
    """Each office and its holder on ``day`` (None: vacant, or not known)."""
    found = []
    for o in sorted(atlas.offices.values(), key=lambda o: o.id):
        office = filled(o, atlas, day)
        found.append(OfficeEntry(office=office, holder_on=office.holder_on(day)))
    return Offices(on=day, offices=tuple(found))


@view
class LeadOn:
    """The nation leading a place on the day, by code and name."""

    code: str
    name: Bi


@view
class PlaceEntry:
    place: Annotated[Place, FLAT]
    lead_on: LeadOn | None


@view
class Commands:
    """The command structure on a day, with the nation leading each command."""

    on: dt.date
    commands: tuple[PlaceEntry, ...]
    data_as_of: str | None


@view
class Forces:
    """Forward presence on a day: NFIUs and battlegroups with their framework nations."""

    on: dt.date
    forces: tuple[PlaceEntry, ...]
    data_as_of: str | None


def _lead(atlas: Atlas, lead: Lead | None, day: dt.date) -> LeadOn | None:
    return (
        None
        if lead is None
        else LeadOn(code=lead.country, name=bi(atlas.countries[lead.country].name_on(day)))
    )


def places(atlas: Atlas, day: dt.date, kind: str) -> Commands | Forces:
    """The command structure (``kind`` ``commands``) or forward presence (``forces``) on ``day``."""
    found = atlas.commands(day) if kind == "commands" else atlas.forces(day)
    entries = tuple(
        PlaceEntry(place=filled(p, atlas, day), lead_on=_lead(atlas, p.lead_on(day), day)) for p in found
    )
    cut = data_as_of(atlas, SECTION_OF[kind])
    if kind == "commands":
        return Commands(on=day, commands=entries, data_as_of=cut)
    return Forces(on=day, forces=entries, data_as_of=cut)


def commands(atlas: Atlas, day: dt.date) -> Commands:
    """The command structure on ``day``: :func:`places` of kind ``commands``, typed so."""
    found = places(atlas, day, "commands")
    assert isinstance(found, Commands)
    return found


def forces(atlas: Atlas, day: dt.date) -> Forces:
    """Forward presence on ``day``: :func:`places` of kind ``forces``, typed so."""
    found = places(atlas, day, "forces")
    assert isinstance(found, Forces)
    return found


@view
class Concepts:
    """Every Strategic Concept, and the id of the one in force on the day (None before the first)."""

    on: dt.date
    current: str | None
    concepts: tuple[Concept, ...]
    data_as_of: str | None


def concepts(atlas: Atlas, day: dt.date) -> Concepts:
    current = atlas.concept(day)
    return Concepts(
        on=day,
        current=current.id if current else None,
        concepts=filled(atlas.concepts, atlas, day),
        data_as_of=data_as_of(atlas, SECTION_OF["concepts"]),
    )


@view
class Summits:
    """Every summit up to a day, with the decisions the sources record."""

    on: dt.date
    summits: tuple[Summit, ...]
    data_as_of: str | None


def summits(atlas: Atlas, day: dt.date) -> Summits:
    return Summits(
        on=day,
        summits=filled(atlas.summits_until(day), atlas, day),
        data_as_of=data_as_of(atlas, SECTION_OF["summits"]),
    )


@view
class OperationEntry:
    operation: Annotated[Operation, FLAT]
    ongoing: bool


@view
class Operations:
    """Operations and missions started by a day, each marked ongoing or not that day."""

    on: dt.date
    operations: tuple[OperationEntry, ...]
    data_as_of: str | None


def operations(atlas: Atlas, day: dt.date, status: str | None = None) -> Operations:
    """Operations started by ``day``; ``status`` ``ongoing`` or ``ended`` keeps only those."""
    return Operations(
        on=day,
        operations=tuple(
            OperationEntry(operation=filled(o, atlas, day), ongoing=o.holds_on(day))
            for o in atlas.operations_on(day, status)
        ),
        data_as_of=data_as_of(atlas, SECTION_OF["operations"]),
    )


@view
class Timeline:
    """The dated events of a topic between two days."""

    topic: str
    events: tuple[Event, ...]
    data_as_of: str | None


def timeline(atlas: Atlas, topic: str, first: dt.date | None, last: dt.date | None) -> Timeline:
    """Events of the data's ``topic`` (``japan-nato``, ``article-4``, ``article-5``) from ``first``
    to ``last`` (either open), their texts filled for ``last`` (or today)."""
    day = last or dt.date.today()
    return Timeline(
        topic=topic,
        events=filled(atlas.timeline(topic, first, last), atlas, day),
        data_as_of=data_as_of(atlas, SECTION_OF[topic]),
    )


@view
class Consultation:
    event: Annotated[Event, FLAT]
    article: int


def consultations(atlas: Atlas, article: int | None = None) -> tuple[Consultation, ...]:
    """Every Article 4 consultation and the invocation of Article 5 (or one article's), by date."""
    return tuple(
        Consultation(event=filled(e, atlas, e.date.first_day), article=int(e.topic[-1]))
        for e in atlas.consultations(article)
    )
