"""Find anything by name (issue 14, item 2): ``search`` over countries, places, operations,
summits, people, frameworks, bodies and territories, in English and Japanese.

Every name a record has had (a country's names over time, its ISO codes, an operation's
acronym, a person's name in both languages) is folded once per Atlas (NFKC + casefold, as the
knowledge base folds country names) into an index; a query is folded the same way and ranked:
an exact name first, then a name (or a word of one) it begins, then a name it is part of.
Each hit says what it is, its name in both languages, the page that shows it and whether it
held on the day asked about (with a day on which it did, for the link).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable
from typing import Literal, get_args
from urllib.parse import urlencode

from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, format_date
from natoatlas.kb.model import PDate, Summit, Text
from natoatlas.messages import msg
from natoatlas.views.base import SECTION_OF, Bi, bi, data_as_of, view

__all__ = [
    "KINDS",
    "KIND_LABELS",
    "MATCHES",
    "SearchHit",
    "SearchKind",
    "SearchView",
    "fold",
    "search",
    "summit_name",
]

#: What a hit can be, in the order hits of the same match are listed.
SearchKind = Literal["country", "place", "operation", "summit", "person", "framework", "body", "territory"]
KINDS: tuple[SearchKind, ...] = get_args(SearchKind)
#: The message of each kind's label (messages.cli), for the CLI and the pages.
KIND_LABELS: dict[SearchKind, str] = {
    "country": "cli.search.kind.country",
    "place": "cli.search.kind.place",
    "operation": "cli.search.kind.operation",
    "summit": "cli.search.kind.summit",
    "person": "cli.search.kind.person",
    "framework": "cli.search.kind.framework",
    "body": "cli.search.kind.body",
    "territory": "cli.search.kind.territory",
}
#: How a name matched, best first.
Match = Literal["exact", "prefix", "substring"]
MATCHES: tuple[Match, ...] = get_args(Match)
#: At most this many hits are given (the best ones).
LIMIT = 50
#: Word separators inside a name, so that "rutte" begins a word of "Mark Rutte" (and ルッテ of マルク・ルッテ).
_WORDS = re.compile(r"[\s・·=,/()（）\-–—‐]+")


def fold(text: str) -> str:
    """The form names are compared in: NFKC (full-width ＦＩＮ is FIN) and casefolded."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


Span = tuple[PartialDate | None, PartialDate | None]


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    """One findable thing: its keys (folded names with the name as written), its spans of time."""

    kind: SearchKind
    id: str
    name: Text | Bi
    keys: tuple[tuple[str, str], ...]
    spans: tuple[Span, ...]
    path: str
    query: tuple[tuple[str, str], ...] = ()


@view
class SearchHit:
    """A thing found: its kind, id and names, the name that matched and how, the page showing it
    (``path``; ``url`` adds the day on which it held and the language), and whether it held on ``on``."""

    kind: SearchKind
    id: str
    name: Bi
    matched: str
    match: Match
    path: str
    url: str
    holds: bool
    shown_on: dt.date
    start: PDate | None
    end: PDate | None


@view
class SearchView:
    """The hits for a query on a day, best first (at most :data:`LIMIT`); ``count`` is all of them."""

    query: str
    on: dt.date
    lang: str
    count: int
    hits: tuple[SearchHit, ...]
    #: When nothing matched, the names of what is closest to the query ("did you mean"), best first.
    suggestions: tuple[Bi, ...]
    data_as_of: str | None


def _keys(*names: str | None) -> tuple[tuple[str, str], ...]:
    seen: dict[str, str] = {}
    for name in names:
        if name:
            seen.setdefault(fold(name), name)
    return tuple(seen.items())


def _text_keys(*texts: Text | None) -> list[str | None]:
    return [n for t in texts if t is not None for n in (t.en, t.ja)]


def summit_name(summit: Summit, summits: Iterable[Summit]) -> Bi:
    """A summit's name: its city and year, and its month too when another summit met in that
    city that year (Brussels, May and December 1989), so that no two summits share a name."""
    city, start = summit.city, summit.start
    namesakes = [s for s in summits if s.city.en == city.en and s.start.year == start.year]
    if len(namesakes) > 1 and start.month is not None:
        when = PartialDate(start.year, start.month)
        return Bi(
            en=msg("cli.search.summit-in", "en", city=city.en, when=format_date(when, "en")),
            ja=msg("cli.search.summit-in", "ja", city=city.ja, when=format_date(when, "ja")),
        )
    return Bi(
        en=msg("cli.search.summit", "en", city=city.en, year=start.year),
        ja=msg("cli.search.summit", "ja", city=city.ja, year=start.year),
    )


def _entries(atlas: Atlas) -> tuple[_Entry, ...]:
    """Every findable thing of the Atlas with its names (built once per Atlas: :func:`_index`)."""
    found: list[_Entry] = []
    for c in atlas.countries.values():
        names = [v for n in c.names for v in (n.en, n.ja, n.ja_short)]
        spans = tuple((n.start, n.end) for n in c.names)
        found.append(
            _Entry("country", c.id, bi(c.current_name), _keys(c.id, c.alpha2, c.numeric, *names, *c.aliases),
                   spans, f"/country/{c.id}")
        )  # fmt: skip
    for p in atlas.places:
        found.append(
            _Entry("place", p.id, p.name, _keys(*_text_keys(p.name), p.acronym, p.id), ((p.start, p.end),),
                   "/organisation")
        )  # fmt: skip
    for o in atlas.operations:
        found.append(
            _Entry("operation", o.id, o.name, _keys(*_text_keys(o.name), o.acronym, o.id), ((o.start, o.end),),
                   "/operations")
        )  # fmt: skip
    for s in atlas.summits:
        name = summit_name(s, atlas.summits)
        found.append(
            _Entry("summit", s.id, name, _keys(name.en, name.ja, *_text_keys(s.city), s.id), ((s.start, s.end),),
                   f"/summits/{s.id}")
        )  # fmt: skip
    people: dict[str, tuple[Text, list[Span], str]] = {}
    for g in atlas.secretaries_general:
        held = people.setdefault(g.person, (g.name, [], "/"))
        held[1].append((g.start, g.end))
    for office in atlas.offices.values():
        for h in office.holders:
            held = people.setdefault(f"{office.id}:{fold(h.name.en)}", (h.name, [], "/organisation"))
            held[1].append((h.start, h.end))
    for pid, (text, terms, path) in people.items():
        found.append(_Entry("person", pid, text, _keys(*_text_keys(text)), tuple(terms), path))
    for f in atlas.frameworks.values():
        names = [v for n in f.names for v in (n.en, n.ja, n.acronym)]
        found.append(
            _Entry("framework", f.id, bi(f.name_on(None)),
                   _keys(*names, f.id), ((f.start, f.end),), "/partners")
        )  # fmt: skip
    for b in atlas.bodies:
        found.append(
            _Entry("body", b.id, b.name, _keys(*_text_keys(b.name), b.acronym, b.id), ((b.start, b.end),),
                   "/organisation")
        )  # fmt: skip
    for t in atlas.territories:
        found.append(
            _Entry("territory", t.id, t.name, _keys(*_text_keys(t.name), *t.aliases, t.id), ((t.start, t.end),),
                   "/treaty", (("place", t.name.en),))
        )  # fmt: skip
    return tuple(found)


_INDEXES: weakref.WeakKeyDictionary[Atlas, tuple[_Entry, ...]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def _index(atlas: Atlas) -> tuple[_Entry, ...]:
    """The entries of ``atlas``, built on its first search and kept while the Atlas lives."""
    with _LOCK:
        found = _INDEXES.get(atlas)
    if found is None:
        found = _entries(atlas)
        with _LOCK:
            _INDEXES[atlas] = found
    return found


def _match(query: str, keys: Iterable[tuple[str, str]]) -> tuple[int, str] | None:
    """How well ``query`` (folded) matches the best of ``keys``: 0 exact, 1 prefix, 2 substring."""
    best: tuple[int, str] | None = None
    for key, name in keys:
        if key == query:
            return 0, name
        if key.startswith(query) or any(w.startswith(query) for w in _WORDS.split(key)[1:]):
            rank = 1
        elif query in key:
            rank = 2
        else:
            continue
        if best is None or rank < best[0]:
            best = rank, name
    return best


def _holds(span: Span, day: dt.date) -> bool:
    start, end = span
    return (start is None or start.first_day <= day) and (end is None or day < end.first_day)


def _shown_on(spans: tuple[Span, ...], day: dt.date) -> tuple[bool, dt.date]:
    """Whether any span holds on ``day``, and the day nearest to it on which one does."""
    if any(_holds(s, day) for s in spans):
        return True, day
    days = []
    for start, end in spans:
        if start is not None and day < start.first_day:
            days.append(start.first_day)
        elif end is not None and end.first_day > dt.date.min:
            days.append(end.first_day - dt.timedelta(days=1))
    return False, min(days, key=lambda d: abs((d - day).days)) if days else day


def _outer(bounds: list[PartialDate | None], pick: Callable[..., PartialDate]) -> PartialDate | None:
    """The first start (or last end) of several spans; None when one of them is open."""
    known = [b for b in bounds if b is not None]
    return None if len(known) < len(bounds) else pick(known, key=lambda d: d.first_day)


def _url(path: str, query: tuple[tuple[str, str], ...], day: dt.date, lang: str) -> str:
    return f"{path}?{urlencode((*query, ('on', day.isoformat()), ('lang', lang)))}"


def search(atlas: Atlas, day: dt.date, query: str, lang: str = "en") -> SearchView:
    """What the Atlas knows by a name like ``query`` (any language, case or width), best first."""
    folded = fold(query)
    scored = []
    if folded:
        for entry in _index(atlas):
            found = _match(folded, entry.keys)
            if found is not None:
                holds, shown = _shown_on(entry.spans, day)
                scored.append((found[0], not holds, KINDS.index(entry.kind), fold(entry.name.en), entry, found[1],
                               holds, shown))  # fmt: skip
    scored.sort(key=lambda s: s[:4])
    suggestions: list[Bi] = []
    if folded and not scored:
        names = {k: e for e in _index(atlas) for k, _ in e.keys if len(k) > 2}
        for close in difflib.get_close_matches(folded, names, n=3, cutoff=0.7):
            entry = names[close]
            name = entry.name if isinstance(entry.name, Bi) else bi(entry.name)
            if name not in suggestions:
                suggestions.append(name)
    hits = []
    for rank, _, _, _, entry, matched, holds, shown in scored[:LIMIT]:
        name = entry.name if isinstance(entry.name, Bi) else bi(entry.name, atlas, shown)
        if entry.kind == "country":
            name = bi(atlas.countries[entry.id].name_on(shown))
        elif entry.kind == "framework":
            name = bi(atlas.frameworks[entry.id].name_on(shown))
        starts = [s for s, _ in entry.spans]
        ends = [e for _, e in entry.spans]
        hits.append(
            SearchHit(
                kind=entry.kind,
                id=entry.id,
                name=name,
                matched=matched,
                match=MATCHES[rank],
                path=entry.path,
                url=_url(entry.path, entry.query, shown, lang),
                holds=holds,
                shown_on=shown,
                start=_outer(starts, min),
                end=_outer(ends, max),
            )
        )
    return SearchView(
        query=query,
        on=day,
        lang=lang,
        count=len(scored),
        hits=tuple(hits),
        suggestions=tuple(suggestions),
        data_as_of=data_as_of(atlas, SECTION_OF["diff"]),
    )
