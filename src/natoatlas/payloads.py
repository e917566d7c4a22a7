"""The JSON shape of each answer, shared by the CLI's ``--json`` and (later) the web API.

Payloads are plain dicts of str, int, bool, list and None, so ``json.dumps`` writes them as
they are; their keys are documented in the README and kept stable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from natoatlas import choices, texts
from natoatlas.atlas import Atlas, Enlargement, Member
from natoatlas.dates import PartialDate, format_ja
from natoatlas.model import Body, Country, Framework, Place, SecretaryGeneral, Source, Text

__all__ = [
    "SECTION_OF",
    "body",
    "change_points",
    "country",
    "data_as_of",
    "data_as_of_line",
    "enlargements",
    "framework",
    "members",
    "members_note",
    "overview",
    "place",
    "record",
    "secretary_general",
    "source",
    "sources_check",
    "sources_registry",
    "text",
]

#: The briefing section whose review date (``reviews.yaml``) dates each query's data.
SECTION_OF = {
    "overview": ("overview",),
    "members": ("overview",),
    "countries": ("overview",),
    "country": ("overview", "enlargement"),
    "sg": ("overview",),
    "summits": ("overview",),
    "treaty": ("treaty",),
    "covers": ("treaty",),
    "consultations": ("treaty",),
    "enlargement": ("enlargement",),
    "accession": ("enlargement",),
    "partners": ("partners",),
    "organisation": ("organisation",),
    "commands": ("commands",),
    "forces": ("commands",),
    "concepts": ("concept",),
    "spending": ("spending",),
    "operations": ("operations",),
    "japan-nato": ("japan",),
    "article-4": ("treaty",),
    "article-5": ("treaty",),
    "diff": (
        "overview", "treaty", "enlargement", "partners", "organisation", "commands", "concept", "spending",
        "operations", "japan",
    ),
}  # fmt: skip


def data_as_of(atlas: Atlas, sections: Iterable[str]) -> str | None:
    """The data cut-off of these sections: the earliest day one of them was reviewed against its
    sources (ISO, at its precision), or None when any of them has not been reviewed."""
    dates = [atlas.reviewed(s) for s in sections]
    known = [d for d in dates if d is not None]
    if not known or len(known) < len(dates):
        return None
    return min(known, key=lambda d: d.first_day).isoformat()


def data_as_of_line(atlas: Atlas, sections: Iterable[str], lang: str) -> str:
    """The line every view ends with: ``data as of 2026-12-01`` / ``データは 2026年12月1日 現在``."""
    found = data_as_of(atlas, sections)
    if found is None:
        return "データ確認日: 未確認" if lang == "ja" else "data as of: not reviewed"
    if lang == "ja":
        return f"データは {format_ja(PartialDate.parse(found))} 現在"
    return f"data as of {found}"


def _dated(atlas: Atlas, day: dt.date, query: str, data: dict[str, Any]) -> dict[str, Any]:
    """A section's payload with its texts filled for the day and its ``data_as_of``."""
    filled: dict[str, Any] = texts.resolve(data, atlas, day)
    filled["data_as_of"] = data_as_of(atlas, SECTION_OF[query])
    return filled


def _days_in(value: Any, found: set[dt.date]) -> None:
    if isinstance(value, PartialDate):
        found.add(value.first_day)
    elif isinstance(value, dt.date):
        found.add(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _days_in(getattr(value, name), found)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            _days_in(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _days_in(item, found)


def change_points(atlas: Atlas) -> tuple[dt.date, ...]:
    """The days on which a dated answer (``members``, ``sg``, ``summits`` …) may change, sorted.

    Every dated query compares its day with the days the data names (a bound's first day,
    :func:`natoatlas.model.holds`), before (``<``) or through (``<=``, a summit's last day), and
    texts are filled from the same queries. So each day named in the data and the day after it
    are all the points where an answer can change: between two consecutive points, every dated
    answer is the same but for its ``on`` (the web API caches one answer per interval).
    """
    named: set[dt.date] = set()
    for records in atlas.records.values():
        _days_in(records, named)
    return tuple(sorted(named | {d + dt.timedelta(days=1) for d in named if d < dt.date.max}))


def record(value: BaseModel) -> dict[str, Any]:
    """A record as JSON: the data file's own field names, every field present (null if unset);
    the editors' choices (:mod:`natoatlas.choices`) are not part of the record's published shape."""
    return value.model_dump(mode="json", by_alias=True, exclude=choices.excluded(type(value)))


def text(value: Text | None) -> dict[str, str] | None:
    return None if value is None else {"en": value.en, "ja": value.ja}


def source(value: Source) -> dict[str, Any]:
    """A cited source: what it is, who published it, and its ``kind`` (mirrors name what they copy)."""
    found: dict[str, Any] = {
        "id": value.id,
        "kind": value.kind,
        "title": value.title,
        "publisher": value.publisher,
        "url": value.url,
        "published": value.published.isoformat() if value.published else None,
    }
    if value.kind == "mirror":
        found["copies"] = value.copies
    return found


def source_ids(atlas: Atlas, ids: Iterable[str]) -> list[str]:
    """Source ids without repeats, official ones first (the order of :meth:`Atlas.cite`)."""
    return [s.id for s in atlas.cite(*(i for i in ids if i in atlas.sources))]


def sources_registry(atlas: Atlas, kind: str | None = None) -> dict[str, Any]:
    """Every source held (or those of one ``kind``), official first, then by id."""
    found = sorted(
        (s for s in atlas.sources.values() if kind is None or s.kind == kind), key=lambda s: (s.rank, s.id)
    )
    return {
        "kind": kind,
        "count": len(found),
        "sources": [dict(source(s), language=s.language) for s in found],
    }


def sources_check(atlas: Atlas) -> dict[str, Any]:
    """How well the data is sourced (:func:`natoatlas.grading.report`) and what to fix (``gaps``)."""
    from natoatlas import grading

    figures = grading.report(atlas)
    return {
        "records": figures.records,
        "official": figures.official,
        "official_share": round(figures.official_share, 4),
        "only_mirrors": figures.only_mirrors,
        "quoted": figures.quoted,
        "to_quote": figures.to_quote,
        "citations": figures.citations,
        "citations_quoted": figures.citations_quoted,
        "sources_by_kind": figures.by_kind,
        "gaps": [{"file": g.file, "record": g.record, "problem": g.problem} for g in grading.gaps(atlas)],
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
    return _dated(atlas, day, "members", {
        "on": day.isoformat(),
        "count": len(found),
        "members": [member(m, day) for m in found],
        "note": members_note(atlas, day),
        "sources": _sources(atlas, (s for m in found for s in m.membership.sources)),
    })  # fmt: skip


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
    return _dated(atlas, day, "country", {
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
                    {"date": e.date.isoformat(), "text": text(e.text), "sources": source_ids(atlas, e.sources)}
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
    })  # fmt: skip


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
    return _dated(atlas, day, "sg", {
        "on": day.isoformat(),
        "secretary_general": holder,
        "sources": _sources(atlas, value.sources if value else ()),
    })  # fmt: skip


def enlargements(atlas: Atlas, rounds: tuple[Enlargement, ...], day: dt.date) -> dict[str, Any]:
    return _dated(atlas, day, "enlargement", {
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
    })  # fmt: skip


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
                "sources": source_ids(atlas, p.partnership.sources),
            }
            for p in atlas.partners(value.id, day)
        ],
    }


def body(value: Body, day: dt.date) -> dict[str, Any]:
    chair = value.chair_on(day)
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


# -- one function per query: the CLI's --json and the web API return exactly these ---------------


def treaty(atlas: Atlas, day: dt.date, number: int | None = None) -> dict[str, Any]:
    articles = atlas.treaty(day) if number is None else (atlas.article(number, day),)
    return _dated(atlas, day, "treaty", {"on": day.isoformat(), "articles": [record(a) for a in articles]})


def partners(atlas: Atlas, day: dt.date, framework_id: str | None = None) -> dict[str, Any]:
    found = [atlas.framework(framework_id)] if framework_id else list(atlas.frameworks.values())
    return _dated(
        atlas,
        day,
        "partners",
        {"on": day.isoformat(), "frameworks": [framework(atlas, f, day) for f in found]},
    )


def organisation(atlas: Atlas, day: dt.date) -> dict[str, Any]:
    return _dated(
        atlas,
        day,
        "organisation",
        {"on": day.isoformat(), "bodies": [body(b, day) for b in atlas.organisation(day)]},
    )


def places(atlas: Atlas, day: dt.date, kind: str) -> dict[str, Any]:
    found = atlas.commands(day) if kind == "commands" else atlas.forces(day)
    return _dated(atlas, day, kind, {"on": day.isoformat(), kind: [place(atlas, p, day) for p in found]})


def concepts(atlas: Atlas, day: dt.date) -> dict[str, Any]:
    current = atlas.concept(day)
    return _dated(atlas, day, "concepts", {
        "on": day.isoformat(),
        "current": current.id if current else None,
        "concepts": [record(c) for c in atlas.concepts],
    })  # fmt: skip


def summits(atlas: Atlas, day: dt.date) -> dict[str, Any]:
    return _dated(
        atlas,
        day,
        "summits",
        {"on": day.isoformat(), "summits": [record(s) for s in atlas.summits_until(day)]},
    )


def operations(atlas: Atlas, day: dt.date, status: str | None = None) -> dict[str, Any]:
    found = atlas.operations_on(day, status)
    return _dated(
        atlas,
        day,
        "operations",
        {"on": day.isoformat(), "operations": [dict(record(o), ongoing=o.holds_on(day)) for o in found]},
    )


#: The timeline topics a user may name, and the data's topic each stands for.
TIMELINE_TOPICS = {
    "japan": "japan-nato",
    "japan-nato": "japan-nato",
    "article-4": "article-4",
    "article-5": "article-5",
}


def timeline(atlas: Atlas, topic: str, first: dt.date | None, last: dt.date | None) -> dict[str, Any]:
    day = last or dt.date.today()
    return _dated(
        atlas, day, topic, {"topic": topic, "events": [record(e) for e in atlas.timeline(topic, first, last)]}
    )


def consultations(atlas: Atlas, article: int | None = None) -> list[dict[str, Any]]:
    return [dict(record(e), article=int(e.topic[-1])) for e in atlas.consultations(article)]


def coverage(atlas: Atlas, value: Any) -> dict[str, Any]:
    """A :class:`natoatlas.treaty.Coverage` as JSON."""
    return _dated(atlas, value.on, "covers", {
        "place": value.place,
        "lat": value.lat,
        "lon": value.lon,
        "on": value.on.isoformat(),
        "kind": value.kind,
        "covered": value.covered,
        "clause": value.clause,
        "clause_text": text(value.clause_text),
        "country": value.country,
        "allies": list(value.allies),
        "reason": text(value.reason),
        "sources": source_ids(atlas, value.sources),
    })  # fmt: skip


def accession(atlas: Atlas, code: str, day: dt.date) -> dict[str, Any]:
    status = atlas.accession(code).status(on=day)
    return _dated(atlas, day, "accession", {
        "country": status.country,
        "on": status.on.isoformat(),
        "stage": status.stage,
        "member": status.member,
        "ratified": list(status.ratified),
        "awaiting": list(status.awaiting) if status.awaiting is not None else None,
        "steps": [record(s) for s in status.steps],
    })  # fmt: skip


def changes(atlas: Atlas, start: dt.date, end: dt.date) -> dict[str, Any]:
    return _dated(atlas, end, "diff", {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "changes": [
            {"date": c.date.isoformat(), "kind": c.kind, "text": text(c.text), "sources": source_ids(atlas, c.sources)}
            for c in atlas.diff(start, end)
        ],
    })  # fmt: skip


def releases(atlas: Atlas) -> list[dict[str, Any]]:
    """The defence expenditure releases, oldest first, each with the day it was published."""
    data = atlas.spending
    return [
        dict(
            record(r),
            published=data.published_text(r),
            coverage=r.coverage,
            allies_given=data.allies_given(r),
        )
        for r in data.releases
    ]


def targets(atlas: Atlas, day: dt.date) -> list[dict[str, Any]]:
    return [record(t) for t in atlas.spending.targets_on(day)]


def spending_rows(
    atlas: Atlas, year: int | None, target: float | None, release: str | None, measure: str, day: dt.date
) -> list[dict[str, Any]]:
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
    rows = []
    for code in codes:
        figure = figures.get(code)
        name = atlas.countries[code].name_on(end_of_year)
        row: dict[str, Any] = {
            "code": code,
            "name": {"en": name.en, "ja": name.ja},
            "year": year,
            "measure": measure,
            "value": figure.value if figure else None,
            "release": chosen.id,
            "published": spending.published_text(chosen),
            "estimate": figure.estimate if figure else None,
            "coverage": answer.coverage,
        }
        if target is not None:
            row["target"] = target
            # A partial release says nothing of the Allies it does not give: unknown, not "no".
            unknown = answer.coverage == "partial" and figure is None and code not in spending.no_armed_forces
            row["meets"] = None if unknown else code in answer.allies
            row["basis"] = answer.basis
        rows.append(row)
    return sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0), r["code"]))


def overview(atlas: Atlas, day: dt.date) -> dict[str, Any]:
    """The overview of :func:`natoatlas.overview.overview` in both languages, as labelled rows."""
    from natoatlas.overview import overview as build

    views = {lang: build(atlas, on=day, lang=lang) for lang in ("ja", "en")}
    return _dated(atlas, day, "overview", {
        "on": day.isoformat(),
        "title": {lang: view.title for lang, view in views.items()},
        "rows": {lang: [{"label": k, "value": v} for k, v in view.rows] for lang, view in views.items()},
        "sources": [source(s) for s in views["en"].sources],
    })  # fmt: skip
