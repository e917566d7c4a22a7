"""The Treaty as rules: ``covers`` (Article 5 and 6), ``accession`` (Article 10), and what
changed between two days (``diff``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from natoatlas.atlas import Atlas
from natoatlas.kb.model import AccessionStep, PDate
from natoatlas.views.base import SECTION_OF, Bi, bi, data_as_of, filled, key, source_ids, view
from natoatlas.views.params import CoversKind

if TYPE_CHECKING:
    from natoatlas.rules.gazetteer import Place

__all__ = [
    "AccessionView",
    "Candidate",
    "Changes",
    "CoverageView",
    "accession",
    "candidates",
    "changes",
    "covers",
]


@view
class AllyNamed:
    code: str
    name: Bi


@view
class CoverageView:
    """Whether Article 5 covers a place on a day, the clause that decides it, why, and the
    Allies bound to assist; the place's name in both languages and the gazetteer's match."""

    place: str
    lat: float | None
    lon: float | None
    on: dt.date
    kind: str
    covered: bool
    clause: str | None
    clause_text: Bi | None
    country: str | None
    allies: tuple[str, ...]
    reason: Bi
    sources: tuple[str, ...]
    data_as_of: str | None
    name: Bi | None
    found: str | None
    allies_named: tuple[AllyNamed, ...]


def covers(atlas: Atlas, place: str, day: dt.date, kind: CoversKind = "territory") -> CoverageView:
    """The answer of :meth:`natoatlas.rules.treaty.Treaty.covers` for ``place`` on ``day``: raises
    :class:`~natoatlas.rules.gazetteer.AmbiguousPlace` for a name several places have, LookupError for
    an unknown one, ValueError for a malformed ``lat,lon``."""
    value = atlas.treaty.covers(place, on=day, kind=kind)
    on = value.on
    return CoverageView(
        place=value.place,
        lat=value.lat,
        lon=value.lon,
        on=on,
        kind=value.kind,
        covered=value.covered,
        clause=value.clause,
        clause_text=None if value.clause_text is None else bi(value.clause_text, atlas, on),
        country=value.country,
        allies=tuple(value.allies),
        reason=bi(value.reason, atlas, on),
        sources=source_ids(atlas, value.sources),
        data_as_of=data_as_of(atlas, SECTION_OF["covers"]),
        name=None if value.name is None else bi(value.name),
        found=value.found,
        allies_named=tuple(AllyNamed(code=c, name=bi(atlas.countries[c].name_on(on))) for c in value.allies),
    )


@view
class MaybeBi:
    """A name in English and, where one is known, Japanese."""

    en: str
    ja: str | None

    def get(self, lang: str) -> str:
        """The name in ``lang``; the English one where no Japanese is known."""
        found: str | None = getattr(self, lang)
        return found or self.en


@view
class Candidate:
    """A place of an ambiguous name: ``place`` finds it alone; its country and coordinates."""

    place: str
    name: MaybeBi
    country: str
    country_name: MaybeBi
    state: str | None
    lat: float
    lon: float
    population: int


def candidates(atlas: Atlas, found: tuple[Place, ...]) -> tuple[Candidate, ...]:
    """The namesakes of :class:`~natoatlas.rules.gazetteer.AmbiguousPlace`, each a ``place`` that finds it alone."""
    out = []
    for c in found:
        country = atlas.get_country(c.country)
        out.append(
            Candidate(
                place=c.label,
                name=MaybeBi(en=c.name, ja=c.ja),
                country=country.id if country else c.country,
                country_name=MaybeBi(en=country.current_name.en, ja=country.current_name.ja)
                if country
                else MaybeBi(en=c.country_name, ja=None),
                state=c.state,
                lat=c.lat,
                lon=c.lon,
                population=c.population,
            )
        )
    return tuple(out)


@view
class AccessionView:
    """Where a country's accession stood on a day: its stage, the steps taken, the Allies that
    had ratified its protocol and those yet to (None when no protocol awaited ratification)."""

    country: str
    on: dt.date
    stage: str | None
    member: bool
    ratified: tuple[str, ...]
    awaiting: tuple[str, ...] | None
    steps: tuple[AccessionStep, ...]
    data_as_of: str | None


def accession(atlas: Atlas, code: str, day: dt.date) -> AccessionView:
    """The accession of ``code`` (a code or name; LookupError if unknown) on ``day``."""
    status = atlas.accession(code).status(on=day)
    return AccessionView(
        country=status.country,
        on=status.on,
        stage=status.stage,
        member=status.member,
        ratified=tuple(status.ratified),
        awaiting=None if status.awaiting is None else tuple(status.awaiting),
        steps=filled(status.steps, atlas, day),
        data_as_of=data_as_of(atlas, SECTION_OF["accession"]),
    )


@view
class ChangeEntry:
    date: PDate
    kind: str
    text: Bi
    sources: tuple[str, ...]


@view
class Changes:
    """What changed after one day up to another, each change dated and sourced."""

    from_: Annotated[dt.date, key("from")]
    to: dt.date
    changes: tuple[ChangeEntry, ...]
    data_as_of: str | None


def changes(atlas: Atlas, start: dt.date, end: dt.date) -> Changes:
    """The changes after ``start`` up to ``end``, their texts filled for ``end``."""
    return Changes(
        from_=start,
        to=end,
        changes=tuple(
            ChangeEntry(
                date=c.date, kind=c.kind, text=bi(c.text, atlas, end), sources=source_ids(atlas, c.sources)
            )
            for c in atlas.diff(start, end)
        ),
        data_as_of=data_as_of(atlas, SECTION_OF["diff"]),
    )
