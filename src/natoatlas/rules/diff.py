"""What changed between two dates: the yearly update of a briefing, as data.

Each change has its date, a kind, text in Japanese and English and the sources that support
it. Changes come from the records' own dates: memberships, offices, partnerships and their
suspensions, places and battlegroup leads, operations, Strategic Concepts, summits, Japan–NATO
events, and which Allies crossed a spending target according to the releases of each date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from natoatlas.dates import DateLike, PartialDate, as_day
from natoatlas.kb.base import KnowledgeBase
from natoatlas.kb.bilingual import both, each
from natoatlas.kb.model import Text
from natoatlas.messages import LANGS, msg
from natoatlas.rules.spending import Spending

__all__ = ["Change", "diff"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change between two dates."""

    date: PartialDate
    kind: str
    text: Text
    sources: tuple[str, ...]


def _within(value: PartialDate | None, first: dt.date, last: dt.date) -> bool:
    return value is not None and first < value.first_day <= last


def diff(atlas: KnowledgeBase, start: DateLike, end: DateLike) -> tuple[Change, ...]:
    """Every change after ``start`` up to and including ``end``, in date order."""
    first, last = as_day(start), as_day(end)
    if last < first:
        raise ValueError(f"the second date ({last}) is before the first ({first})")
    changes = [*_members(atlas, first, last), *_offices(atlas, first, last), *_partners(atlas, first, last)]
    changes += [
        *_places(atlas, first, last),
        *_operations(atlas, first, last),
        *_documents(atlas, first, last),
    ]
    changes += list(_spending(atlas, first, last))
    return tuple(sorted(changes, key=lambda c: (c.date.first_day, c.kind, c.text.en)))


def _name(atlas: KnowledgeBase, code: str, day: dt.date) -> Text:
    name = atlas.countries[code].name_on(day)
    return Text(en=name.en, ja=name.ja)


def _members(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for m in atlas.memberships:
        if _within(m.start, first, last):
            name = _name(atlas, m.country, m.start.first_day)
            yield Change(m.start, "ally-joined", both("change.ally-joined", name=name), m.sources)


def _offices(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for sg in atlas.secretaries_general:
        if _within(sg.start, first, last):
            became = "change.secretary-general.acting" if sg.acting else "change.secretary-general"
            yield Change(sg.start, "secretary-general", both(became, name=sg.name), sg.sources)


def _partners(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for p in atlas.partnerships:
        framework = atlas.frameworks[p.framework]
        named = framework.name_on(p.start.first_day)
        fw = Text(en=named.en, ja=named.ja)
        name = _name(atlas, p.country, p.start.first_day)
        if _within(p.start, first, last):
            yield Change(
                p.start, "partner-joined", both("change.partner-joined", name=name, framework=fw), p.sources
            )
        if _within(p.end, first, last):
            assert p.end is not None
            yield Change(
                p.end, "partner-left", both("change.partner-left", name=name, framework=fw), p.sources
            )
        for status in p.statuses:
            if _within(status.start, first, last):
                yield Change(
                    status.start,
                    "partner-suspended",
                    both("change.partner-suspended", name=name, framework=fw, status=status.text),
                    status.sources,
                )
    for framework in atlas.frameworks.values():
        began = framework.name_on(framework.start.first_day)
        if _within(framework.start, first, last):
            yield Change(
                framework.start,
                "framework",
                both("change.framework", name=Text(en=began.en, ja=began.ja)),
                framework.sources,
            )


def _places(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for place in atlas.places:
        if _within(place.start, first, last):
            yield Change(
                place.start,
                "place-opened",
                both("change.place-opened", name=place.name, city=place.city),
                place.sources,
            )
        if _within(place.end, first, last):
            assert place.end is not None
            yield Change(
                place.end,
                "place-closed",
                both("change.place-closed", name=place.name),
                place.sources,
            )
        for earlier, later in zip(place.leads, place.leads[1:], strict=False):
            if _within(later.start, first, last):
                old = _name(atlas, earlier.country, later.start.first_day)
                new = _name(atlas, later.country, later.start.first_day)
                where = _name(atlas, place.country, later.start.first_day)
                yield Change(
                    later.start,
                    "lead-changed",
                    both("change.lead-changed", where=where, old=old, new=new),
                    later.sources,
                )


def _operations(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for op in atlas.operations:
        if _within(op.start, first, last):
            yield Change(
                op.start, "operation-started", both("change.operation-started", name=op.name), op.sources
            )
        ended = op.last_day or op.end  # the day NATO names, where it names the last day
        if _within(ended, first, last):
            assert ended is not None
            yield Change(ended, "operation-ended", both("change.operation-ended", name=op.name), op.sources)


def _documents(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    for concept in atlas.concepts:
        if _within(concept.adopted, first, last):
            yield Change(
                concept.adopted,
                "concept-adopted",
                both("change.concept-adopted", name=concept.name),
                concept.sources,
            )
    for summit in atlas.summits:
        if _within(summit.start, first, last):
            decided = summit.decisions[:2]
            decisions = {
                lang: msg("change.summit.sep", lang).join(d.get(lang) for d in decided) for lang in LANGS
            }
            held = "change.summit.decisions" if summit.decisions else "change.summit"
            yield Change(
                summit.start, "summit", both(held, city=summit.city, decisions=decisions), summit.sources
            )
    for event in atlas.events:
        if _within(event.date, first, last):
            yield Change(event.date, event.topic, event.title, event.sources)


def _spending(atlas: KnowledgeBase, first: dt.date, last: dt.date) -> Iterator[Change]:
    """Allies that crossed 2 % of GDP: the newest release of each date, for its latest year."""
    spending = Spending.of(atlas)
    try:
        before = spending.release(on=first)
    except LookupError:
        before = None
    try:
        after = spending.release(on=last)
    except LookupError:
        return
    if before is not None and before.id == after.id:
        return
    year = max(spending.years(after.id), default=None)
    if year is None:
        return
    now = spending.compliance(year, 2.0, release=after.id)
    then = set()
    if before is not None and year in spending.years(before.id):
        then = set(spending.compliance(year, 2.0, release=before.id).allies)
    published = spending.published(after)
    crossed = [a for a in now.allies if a not in then]
    if crossed or before is None:
        names = each(
            lambda lang: msg("list.sep", lang).join(_name(atlas, a, last).get(lang) for a in crossed)
        )
        newly = "change.spending.newly" if then and crossed else "change.spending"
        yield Change(
            PartialDate.of(published),
            "spending",
            both(newly, release=after.id, n=now.count, year=year, names=names),
            after.sources,
        )
