"""Page 6's numbering: the places of the commands map and its table, each with its number that day.

One answer for the briefing's table and the map's badges, so that they cannot disagree. What is
listed, in which order, which places share a number and which have none are choices in the data
(``maps``, ``rank``, ``shares_number``, ``numbered`` of places.yaml); the numbers are counted
over the places that hold on the day, so they stay consecutive as places open and close.
"""

from __future__ import annotations

import datetime as dt

from natoatlas.atlas import Atlas
from natoatlas.views.base import view
from natoatlas.views.sections import PlaceEntry, commands, forces

__all__ = ["Numbered", "numbering"]


@view
class Numbered:
    """A page-6 place on a day with its number (1 for ①; None: listed without one)."""

    number: int | None
    entry: PlaceEntry


def numbering(atlas: Atlas, day: dt.date) -> tuple[Numbered, ...]:
    """The places the Commands and Forces views give on ``day`` that the ``commands`` map shows,
    in their ``rank`` order, numbered 1, 2 … (a place sharing another's number takes it when
    both hold; an unnumbered place takes none)."""
    entries = [
        e for e in (*commands(atlas, day).commands, *forces(atlas, day).forces) if "commands" in e.place.maps
    ]
    entries.sort(key=lambda e: (e.place.rank is None, e.place.rank or 0, e.place.start.first_day, e.place.id))
    given: dict[str, int] = {}
    count = 0
    found: list[Numbered] = []
    for entry in entries:
        place = entry.place
        number: int | None = None
        if place.numbered:
            shared = given.get(place.shares_number) if place.shares_number else None
            if shared is None:
                count += 1
                shared = count
            number = given[place.id] = shared
        found.append(Numbered(number=number, entry=entry))
    return tuple(found)
