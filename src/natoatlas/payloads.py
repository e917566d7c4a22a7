"""The JSON shape of each answer, shared by the CLI's ``--json`` and (later) the web API.

Payloads are plain dicts of str, int, bool, list and None, so ``json.dumps`` writes them as
they are; their keys are documented in the README and kept stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from natoatlas.atlas import Atlas, Enlargement, Member
from natoatlas.model import Body, Country, Framework, Place, SecretaryGeneral, Source, Text

__all__ = [
    "body",
    "country",
    "enlargements",
    "framework",
    "members",
    "members_note",
    "place",
    "record",
    "secretary_general",
    "source",
    "text",
]


def record(value: BaseModel) -> dict[str, Any]:
    """A record as JSON: the data file's own field names, every field present (null if unset)."""
    return value.model_dump(mode="json", by_alias=True)


def text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else {"en": value.en, "ja": value.ja}


def source(value: Source) -> dict[str, Any]:
    return {
        "id": value.id,
        "title": value.title,
        "publisher": value.publisher,
        "url": value.url,
        "published": value.published.isoformat() if value.published else None,
    }


def _sources(atlas: Atlas, ids: Iterable[str]) -> list[dict[str, Any]]:
    return [source(s) for s in atlas.cite(*ids)]


def members_note(atlas: Atlas, day: dt.date) -> str | None:
    """Why a membership list is empty, when it is."""
    if day < atlas.founded.first_day:
        return (
            f"NATO had no members before {atlas.founded.isoformat()}, the day the North Atlantic "
            "Treaty was signed in Washington."
        )
    return None


def member(value: Member, day: dt.date) -> dict[str, Any]:
    name = value.country.name_on(day)
    m = value.membership
    return {
        "code": value.code,
        "alpha2": value.country.alpha2,
        "name": {"en": name.en, "ja": name.ja},
        "joined": m.start.isoformat(),
        "founder": m.founder,
        "wikidata": value.country.wikidata,
        "sources": list(m.sources),
    }


def members(atlas: Atlas, day: dt.date) -> dict[str, Any]:
    found = atlas.members(day)
    return {
        "on": day.isoformat(),
        "count": len(found),
        "members": [member(m, day) for m in found],
        "note": members_note(atlas, day),
        "sources": _sources(atlas, (s for m in found for s in m.membership.sources)),
    }


def country(atlas: Atlas, value: Country, day: dt.date) -> dict[str, Any]:
    current = value.name_on(day)
    memberships = atlas.membership(value.id)
    withdrawals = [w for w in atlas.command_withdrawals if w.country == value.id]
    cited = [
        *value.sources,
        *(s for n in value.names for s in n.sources),
        *(s for m in memberships for s in m.sources),
        *(s for w in withdrawals for s in w.sources),
    ]
    return {
        "code": value.id,
        "alpha2": value.alpha2,
        "numeric": value.numeric,
        "iso": value.iso,
        "wikidata": value.wikidata,
        "on": day.isoformat(),
        "name": {"en": current.en, "ja": current.ja},
        "names": [
            {
                "en": n.en,
                "ja": n.ja,
                "from": n.start.isoformat() if n.start else None,
                "to": n.end.isoformat() if n.end else None,
            }
            for n in value.names
        ],
        "member": any(m.holds_on(day) for m in memberships),
        "memberships": [
            {
                "from": m.start.isoformat(),
                "to": m.end.isoformat() if m.end else None,
                "founder": m.founder,
                "in_force": m.in_force.isoformat() if m.in_force else None,
                "note": text(m.note),
                "events": [
                    {"date": e.date.isoformat(), "text": text(e.text), "sources": list(e.sources)}
                    for e in m.events
                ],
            }
            for m in memberships
        ],
        "outside_integrated_command": [
            {
                "from": w.start.isoformat(),
                "to": w.end.isoformat() if w.end else None,
                "text": text(w.text),
            }
            for w in withdrawals
        ],
        "sources": _sources(atlas, cited),
    }


def secretary_general(atlas: Atlas, value: SecretaryGeneral | None, day: dt.date) -> dict[str, Any]:
    holder = None
    if value is not None:
        holder = {
            "id": value.person,
            "name": text(value.name),
            "country": value.country,
            "acting": value.acting,
            "from": value.start.isoformat(),
            "to": value.end.isoformat() if value.end else None,
            "previous_office": text(value.previous_office),
        }
    return {
        "on": day.isoformat(),
        "secretary_general": holder,
        "sources": _sources(atlas, value.sources if value else ()),
    }


def enlargements(atlas: Atlas, rounds: tuple[Enlargement, ...], day: dt.date) -> dict[str, Any]:
    return {
        "on": day.isoformat(),
        "rounds": [
            {
                "date": r.date.isoformat(),
                "founding": r.founding,
                "countries": [
                    {
                        "code": c.id,
                        "name": {"en": c.name_on(day).en, "ja": c.name_on(day).ja},
                        "steps": [
                            record(s) for s in atlas.accession_history(c.id) if s.date.first_day <= day
                        ],
                    }
                    for c in r.countries
                ],
            }
            for r in rounds
        ],
    }


def framework(atlas: Atlas, value: Framework, day: dt.date) -> dict[str, Any]:
    name = value.name_on(day)
    return {
        **record(value),
        "name": {"en": name.en, "ja": name.ja, "acronym": name.acronym},
        "active": value.holds_on(day),
        "partners": [
            {
                "code": p.code,
                "name": {"en": p.country.name_on(day).en, "ja": p.country.name_on(day).ja},
                "from": p.partnership.start.isoformat(),
                "status": record(p.status) if p.status else None,
                "sources": list(p.partnership.sources),
            }
            for p in atlas.partners(value.id, day)
        ],
    }


def body(value: Body, day: dt.date) -> dict[str, Any]:
    chair = next((c for c in value.chairs if c.holds_on(day)), None)
    return {**record(value), "chair_on": record(chair) if chair else None}


def place(atlas: Atlas, value: Place, day: dt.date) -> dict[str, Any]:
    lead = value.lead_on(day)
    return {
        **record(value),
        "lead_on": None if lead is None else {"code": lead.country, **_name(atlas, lead.country, day)},
    }


def _name(atlas: Atlas, code: str, day: dt.date) -> dict[str, Any]:
    name = atlas.countries[code].name_on(day)
    return {"name": {"en": name.en, "ja": name.ja}}
