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

from natoatlas.atlas import Atlas, DateLike, as_day
from natoatlas.dates import PartialDate
from natoatlas.model import Text

__all__ = ["Change", "diff"]


@dataclass(frozen=True, slots=True)
class Change:
    """One change between two dates."""

    date: PartialDate
    kind: str
    text: Text
    sources: tuple[str, ...]


def _t(en: str, ja: str) -> Text:
    return Text(en=en, ja=ja)


def _within(value: PartialDate | None, first: dt.date, last: dt.date) -> bool:
    return value is not None and first < value.first_day <= last


def diff(atlas: Atlas, start: DateLike, end: DateLike) -> tuple[Change, ...]:
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


def _name(atlas: Atlas, code: str, day: dt.date) -> tuple[str, str]:
    name = atlas.countries[code].name_on(day)
    return name.en, name.ja


def _members(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for m in atlas.memberships:
        if _within(m.start, first, last):
            en, ja = _name(atlas, m.country, m.start.first_day)
            yield Change(m.start, "ally-joined", _t(f"{en} joined NATO", f"{ja}がNATOに加盟"), m.sources)


def _offices(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for sg in atlas.secretaries_general:
        if _within(sg.start, first, last):
            acting = (" (acting)", "(代行)") if sg.acting else ("", "")
            yield Change(
                sg.start,
                "secretary-general",
                _t(
                    f"{sg.name.en} became Secretary General{acting[0]}",
                    f"{sg.name.ja}が事務総長{acting[1]}に就任",
                ),
                sg.sources,
            )


def _partners(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for p in atlas.partnerships:
        framework = atlas.frameworks[p.framework]
        fw = framework.name_on(p.start.first_day)
        en, ja = _name(atlas, p.country, p.start.first_day)
        if _within(p.start, first, last):
            yield Change(
                p.start, "partner-joined", _t(f"{en} joined {fw.en}", f"{ja}が{fw.ja}に参加"), p.sources
            )
        if _within(p.end, first, last):
            assert p.end is not None
            yield Change(p.end, "partner-left", _t(f"{en} left {fw.en}", f"{ja}が{fw.ja}から離脱"), p.sources)
        for status in p.statuses:
            if _within(status.start, first, last):
                yield Change(
                    status.start,
                    "partner-suspended",
                    _t(f"{en} ({fw.en}): {status.text.en}", f"{ja}({fw.ja}):{status.text.ja}"),
                    status.sources,
                )
    for framework in atlas.frameworks.values():
        name = framework.name_on(framework.start.first_day)
        if _within(framework.start, first, last):
            yield Change(
                framework.start, "framework", _t(f"{name.en} began", f"{name.ja}が発足"), framework.sources
            )


def _places(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for place in atlas.places:
        if _within(place.start, first, last):
            yield Change(
                place.start,
                "place-opened",
                _t(f"{place.name.en} opened ({place.city.en})", f"{place.name.ja}開設({place.city.ja})"),
                place.sources,
            )
        if _within(place.end, first, last):
            assert place.end is not None
            yield Change(
                place.end,
                "place-closed",
                _t(f"{place.name.en} closed", f"{place.name.ja}閉鎖"),
                place.sources,
            )
        for earlier, later in zip(place.leads, place.leads[1:], strict=False):
            if _within(later.start, first, last):
                old_en, old_ja = _name(atlas, earlier.country, later.start.first_day)
                new_en, new_ja = _name(atlas, later.country, later.start.first_day)
                where_en, where_ja = _name(atlas, place.country, later.start.first_day)
                yield Change(
                    later.start,
                    "lead-changed",
                    _t(
                        f"Battlegroup in {where_en}: lead passed from {old_en} to {new_en}",
                        f"{where_ja}のバトルグループ:主導国が{old_ja}から{new_ja}に交代",
                    ),
                    later.sources,
                )


def _operations(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for op in atlas.operations:
        if _within(op.start, first, last):
            yield Change(
                op.start, "operation-started", _t(f"{op.name.en} began", f"{op.name.ja}開始"), op.sources
            )
        ended = op.last_day or op.end  # the day NATO names, where it names the last day
        if _within(ended, first, last):
            assert ended is not None
            yield Change(ended, "operation-ended", _t(f"{op.name.en} ended", f"{op.name.ja}終了"), op.sources)


def _documents(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    for concept in atlas.concepts:
        if _within(concept.adopted, first, last):
            yield Change(
                concept.adopted,
                "concept-adopted",
                _t(f"Strategic Concept adopted: {concept.name.en}", f"「戦略概念」採択:{concept.name.ja}"),
                concept.sources,
            )
    for summit in atlas.summits:
        if _within(summit.start, first, last):
            decisions = "; ".join(d.en for d in summit.decisions[:2])
            decisions_ja = "。".join(d.ja for d in summit.decisions[:2])
            yield Change(
                summit.start,
                "summit",
                _t(
                    f"Summit in {summit.city.en}" + (f": {decisions}" if decisions else ""),
                    f"{summit.city.ja}首脳会合" + (f":{decisions_ja}" if decisions_ja else ""),
                ),
                summit.sources,
            )
    for event in atlas.events:
        if _within(event.date, first, last):
            yield Change(event.date, event.topic, event.title, event.sources)


def _spending(atlas: Atlas, first: dt.date, last: dt.date) -> Iterator[Change]:
    """Allies that crossed 2 % of GDP: the newest release of each date, for its latest year."""
    spending = atlas.spending
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
        names_en = ", ".join(_name(atlas, a, last)[0] for a in crossed)
        names_ja = "、".join(_name(atlas, a, last)[1] for a in crossed)
        yield Change(
            PartialDate.of(published),
            "spending",
            _t(
                f"{after.id}: {now.count} Allies at or above 2 % of GDP in {year}"
                + (f" (newly: {names_en})" if then and crossed else ""),
                f"{after.id}:{year}年の対GDP比2%達成国は{now.count}か国"
                + (f"(新たに{names_ja})" if then and crossed else ""),
            ),
            after.sources,
        )
