"""The North Atlantic Treaty as rules: Articles 5 and 6 (which places an armed attack on would be
an attack on all), Article 10 in practice (where an accession stood), Article 13 (withdrawal).

Article 6, as amended by the 1951 protocol on the accession of Greece and Turkey, names what
Article 5 covers: (i) the territory of any Party in Europe or North America, the Algerian
departments of France, the territory of Turkey, and islands under any Party's jurisdiction in the
North Atlantic area north of the Tropic of Cancer; (ii) the forces, vessels or aircraft of any
Party on or over those territories, any area in Europe where occupation forces of any Party were
stationed when the Treaty entered into force, the Mediterranean Sea or the North Atlantic area
north of the Tropic of Cancer. Places are located on the Natural Earth geometry of the maps; the
territories that geometry cannot tell apart (Ceuta, the Canary Islands, Hawaii …) are data with
sources in ``territories.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from natoatlas.dates import PartialDate, as_day, format_date
from natoatlas.kb import geo
from natoatlas.kb.bilingual import both, each
from natoatlas.kb.model import AccessionStep, Territory, Text, TreatyArticle
from natoatlas.messages import msg

if TYPE_CHECKING:
    from natoatlas.dates import DateLike
    from natoatlas.kb.base import KnowledgeBase
    from natoatlas.rules.gazetteer import Place

__all__ = [
    "TROPIC_OF_CANCER",
    "Accession",
    "AccessionStatus",
    "Coverage",
    "Treaty",
]

#: The Tropic of Cancer, about 23°26′ N: Article 6's southern limit in the North Atlantic.
TROPIC_OF_CANCER = 23.44
#: How far from a territory's representative point a coordinate still counts as that territory.
TERRITORY_RADIUS_KM = 25.0
#: A coordinate in the sea this close to a country is taken as on that country (small islands).
COAST_KM = 25.0
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")

#: The clauses of Article 6 an answer names, in words: the catalogue's ``covers.clause.*``.
CLAUSES: dict[str, Text] = {
    "europe-north-america": both("covers.clause.europe-north-america"),
    "algerian-departments": both("covers.clause.algerian-departments"),
    "turkey": both("covers.clause.turkey"),
    "north-atlantic-islands": both("covers.clause.north-atlantic-islands"),
    "forces-mediterranean": both("covers.clause.forces-mediterranean"),
    "forces-north-atlantic": both("covers.clause.forces-north-atlantic"),
    "forces-territory": both("covers.clause.forces-territory"),
}


@dataclass(frozen=True, slots=True)
class Coverage:
    """Whether Article 5 covers a place on a day, why, and which Allies are bound to assist."""

    place: str
    lat: float | None
    lon: float | None
    on: dt.date
    kind: str
    covered: bool
    clause: str | None
    country: str | None
    allies: tuple[str, ...]
    reason: Text
    sources: tuple[str, ...] = ()
    #: The place's name in English and Japanese (``Tallinn`` / ``タリン``).
    name: Text | None = None
    #: For a place found by name in the gazetteer: a name that finds it alone (``Paris, Texas``).
    found: str | None = None

    @property
    def clause_text(self) -> Text | None:
        return CLAUSES.get(self.clause or "")


@dataclass(frozen=True, slots=True)
class AccessionStatus:
    """Where a country's accession stood on a day, as Article 10 works in practice."""

    country: str
    on: dt.date
    stage: str | None
    steps: tuple[AccessionStep, ...]
    ratified: tuple[str, ...]
    awaiting: tuple[str, ...] | None
    member: bool


@dataclass(frozen=True, slots=True)
class Accession:
    """A country's accession: its steps, and its status on any day."""

    atlas: KnowledgeBase
    country: str
    steps: tuple[AccessionStep, ...] = field(default=())

    def status(self, on: DateLike = None) -> AccessionStatus:
        day = as_day(on)
        done = tuple(s for s in self.steps if s.date.first_day <= day)
        own = [s for s in done if s.step != "ratification"]
        member = self.atlas.is_member(self.country, day)
        stage = "member" if member else (own[-1].step if own else None)
        recorded = [s for s in self.steps if s.step == "ratification" and s.by]
        ratified: set[str] = set()
        for ally in {s.by for s in recorded if s.by}:
            # An Ally has ratified once its last recorded step (e.g. the president's signature) is done.
            last = max((s for s in recorded if s.by == ally), key=lambda s: s.date.first_day)
            if last.date.first_day <= day:
                ratified.add(ally)
        awaiting: tuple[str, ...] | None = None
        signed = any(s.step == "protocol-signed" for s in done)
        if recorded and signed and not member:
            allies = [m.code for m in self.atlas.members(on=day)]
            awaiting = tuple(a for a in allies if a not in ratified)
        return AccessionStatus(self.country, day, stage, done, tuple(sorted(ratified)), awaiting, member)


class Treaty:
    """The Treaty's text and its rules, over an Atlas."""

    def __init__(self, atlas: KnowledgeBase) -> None:
        self._atlas = atlas

    @functools.cached_property
    def in_force(self) -> dt.date:
        """The day the Treaty entered into force: the founders' ratifications."""
        return min((m.in_force or m.start).first_day for m in self._atlas.memberships if m.founder)

    def __call__(self, on: DateLike = None) -> tuple[TreatyArticle, ...]:
        """The preamble and the articles in the version in force on ``on``."""
        day = as_day(on)
        return tuple(a for a in self._atlas.treaty_articles if a.holds_on(day))

    def article(self, number: int, on: DateLike = None) -> TreatyArticle:
        """One article (0 is the preamble) as it read on ``on``; ``LookupError`` if there is none."""
        found = [a for a in self(on) if a.number == number]
        if not found:
            raise LookupError(f"the North Atlantic Treaty has no article {number} (give 0 to 14)")
        return found[0]

    # -- Article 13 --------------------------------------------------------------------------

    def withdrawal(self, notice: dt.date) -> dt.date:
        """The day a Party ceases to be one after giving notice of denunciation (Article 13).

        A Party may leave one year after its notice reaches the US Government, once the Treaty
        has been in force for twenty years (from 1969-08-24).
        """
        earliest = self.in_force.replace(year=self.in_force.year + 20)
        if notice < earliest:
            raise ValueError(f"notice of denunciation is possible only from {earliest} (Article 13)")
        try:
            return notice.replace(year=notice.year + 1)
        except ValueError:  # 29 February: a year later is 1 March
            return dt.date(notice.year + 1, 3, 1)

    # -- Article 10 ----------------------------------------------------------------------------

    def accession(self, country: str) -> Accession:
        code = self._atlas.country(country).id
        return Accession(self._atlas, code, self._atlas.accession_history(code))

    # -- Articles 5 and 6 ------------------------------------------------------------------------

    def covers(
        self,
        place: str | tuple[float, float],
        on: DateLike = None,
        kind: Literal["territory", "forces"] = "territory",
    ) -> Coverage:
        """Would Article 5 cover an armed attack on ``place`` on ``on``, and why.

        ``place`` is ``(lat, lon)``, ``"lat,lon"``, a named territory (``Canary Islands``), a
        country (code or name: it answers by its territory that day, so ``Algeria`` in 1955 is the
        Algerian departments of France) or any populated place by name in English or Japanese
        (``Tallinn``, ``タリン``, ``Paris, Texas``) from :mod:`natoatlas.rules.gazetteer`, which raises
        :class:`~natoatlas.rules.gazetteer.AmbiguousPlace` (with the candidates) or
        :class:`~natoatlas.rules.gazetteer.UnknownPlace` (with "did you mean"), both ``LookupError``.
        ``kind="forces"`` asks about Allied forces, vessels or aircraft there rather than about
        the territory.
        """
        if kind not in ("territory", "forces"):
            raise ValueError(f"kind must be 'territory' or 'forces', not {kind!r}")
        day = as_day(on)
        return self._decide(self._locate(place, day), day, kind)

    def _locate(self, place: str | tuple[float, float], day: dt.date) -> _Where:
        if isinstance(place, tuple):
            lat, lon = float(place[0]), float(place[1])
            label = f"{lat:g},{lon:g}"
        else:
            match = _LATLON.match(place)
            if match is None:
                return self._named(place, day)
            lat, lon = float(match.group(1)), float(match.group(2))
            label = place.strip()
        _check(lat, lon)
        territory = self._territory_at(lat, lon)
        return _Where(
            Text(en=label, ja=label), "point", lat, lon, territory, territory.sovereign if territory else None
        )

    def _named(self, place: str, day: dt.date) -> _Where:
        """A territory, a country (by its territory on ``day``) or a place from the gazetteer."""
        territory = self._territory(place)
        if territory is not None:
            return _Where(
                territory.name, "territory", territory.lat, territory.lon, territory, territory.sovereign
            )
        country = self._atlas.get_country(place)
        if country is not None:
            name = Text(en=country.current_name.en, ja=country.current_name.ja)
            held = next(
                (t for t in self._atlas.territories if t.feature == country.id and t.holds_on(day)), None
            )
            if held is not None:  # Algeria before 1962-07-03: the Algerian departments of France
                return _Where(name, "country-as-territory", held.lat, held.lon, held, held.sovereign)
            return _Where(name, "country", None, None, None, country.id)
        # The gazetteer (SQLite, GeoNames' version by importlib.metadata) only when a name is none of
        # the data's: the briefing and the views read the treaty without it.
        from natoatlas.rules import gazetteer

        try:
            found = gazetteer.find(place)
        except gazetteer.UnknownPlace as err:
            names = [t.name.en for t in self._atlas.territories] + [
                c.current_name.en for c in self._atlas.countries.values()
            ]
            raise gazetteer.UnknownPlace(err.name, gazetteer.suggest(place, tuple(names))) from None
        lat, lon = found.lat, found.lon
        _check(lat, lon)
        territory = self._territory_at(lat, lon) or (self._territory(found.state) if found.state else None)
        state = self._atlas.get_country(found.country)
        sovereign = territory.sovereign if territory else state.id if state else None
        label = Text(en=found.name, ja=found.ja or found.name, ja_ours=True)
        return _Where(label, "place", lat, lon, territory, sovereign, found, hint=state is not None)

    def _territory(self, name: str) -> Territory | None:
        key = name.strip().casefold()
        for t in self._atlas.territories:
            if key in {t.id, t.name.en.casefold(), t.name.ja, *(a.casefold() for a in t.aliases)}:
                return t
        return None

    def _territory_at(self, lat: float, lon: float) -> Territory | None:
        """A named territory whose representative point is within a few kilometres."""
        best = None
        for t in self._atlas.territories:
            km = geo.km(lat, lon, t.lat, t.lon)
            if km <= TERRITORY_RADIUS_KM and (best is None or km < best[0]):
                best = (km, t)
        return best[1] if best else None

    def ally_names(self, answer: Coverage, lang: str) -> tuple[str, ...]:
        """The Allies bound to assist, by their names on the day, in ``lang``, in alphabetical order."""
        names = [self._atlas.countries[c].name_on(answer.on).get(lang) for c in answer.allies]
        return tuple(sorted(names))

    def _decide(self, where: _Where, day: dt.date, kind: str) -> Coverage:
        atlas = self._atlas
        label, lat, lon, territory, country = (
            where.label,
            where.lat,
            where.lon,
            where.territory,
            where.country,
        )
        on = each(lambda lang: format_date(PartialDate.of(day), lang))
        past = day < dt.date.today()
        tense = "past" if past else "present"

        def answer(covered: bool, clause: str | None, at: str | None, reason: Text, *cited: str) -> Coverage:
            allies = tuple(m.code for m in atlas.members(on=day)) if covered else ()
            sources = [*cited, *(territory.sources if territory else ())]
            if clause:
                sources += [s for a in self(day) if a.number in (5, 6) for s in a.sources]
            return Coverage(
                label.en, lat, lon, day, kind, covered, clause, at, allies,
                Text(en=reason.en, ja=reason.ja, ja_ours=True), tuple(dict.fromkeys(sources)), label,
                where.found.label if where.found else None,
            )  # fmt: skip

        in_force = self.in_force
        if day < in_force:
            start = each(lambda lang: format_date(PartialDate.of(in_force), lang))
            return answer(
                False, None, country,
                both("covers.reason.before-treaty", on=on, start=start),
            )  # fmt: skip
        region: str | None = territory.region if territory else None
        lies_on: Territory | None = None  # a territory of another state the place lies on (Akrotiri: Cyprus)
        if territory is None and lat is not None and lon is not None and (country is None or where.hint):
            feature = geo.country_at(lat, lon)
            if feature is None:
                near = geo.nearest_country(lat, lon, COAST_KM)
                feature = near[0] if near else None
            if feature is not None:
                owner = next((t for t in atlas.territories if t.feature == feature.code), None)
                if owner is not None and (country is None or owner.sovereign == country):
                    territory, country, region = owner, owner.sovereign, owner.region
                elif owner is not None:
                    lies_on, region = owner, owner.region
                elif country is None and atlas.get_country(feature.code) is not None:
                    country = feature.code
                    region = self._region_of_part(feature, lat, lon, country)
                elif feature.code == country:
                    region = self._region_of_part(feature, lat, lon, country)
        if country is None:
            return self._sea(label, lat, lon, day, kind, answer)
        official = atlas.countries[country].name_on(day)
        name = Text(en=_the(official.en), ja=official.ja)
        itself = where.kind == "country"
        membership = next((m for m in atlas.memberships if m.country == country and m.holds_on(day)), None)
        if membership is None:
            joined = next((m.start for m in atlas.memberships if m.country == country), None)
            later = joined is not None and joined.first_day > day
            joined_later = (
                each(lambda lang: msg("covers.reason.joined-later", lang, date=format_date(joined, lang)))
                if later and joined
                else ""
            )
            outside = f"covers.reason.not-ally.{'itself' if itself else 'in'}.{tense}"
            reason = both(outside, name=name, Name=_capital(name), label=label, on=on, later=joined_later)
            return answer(False, None, country, reason)  # fmt: skip
        binding = (membership.in_force or membership.start).first_day
        if day < binding:
            bound_from = each(lambda lang: format_date(PartialDate.of(binding), lang))
            return answer(
                False, None, country,
                both("covers.reason.not-bound", on=on, name=name, start=bound_from, label=label),
            )  # fmt: skip
        if territory is not None and not territory.holds_on(day):
            return answer(
                False, None, country,
                both("covers.reason.not-territory", territory=territory.name, name=name, on=on),
            )  # fmt: skip
        region = region or self._home(country)
        area = atlas.regions.get(region)
        clause: str | None = area.clause if area is not None else None
        if territory is not None and territory.clause is not None:
            clause = territory.clause
        if clause == "north-atlantic-islands" and not (
            (territory is None or territory.island) and (lat or 0) > TROPIC_OF_CANCER
        ):
            clause = None  # only the islands north of the Tropic of Cancer
        belongs, values = self._belongs(where, territory, name, on, lies_on is not None)
        if clause is None:
            where_text: Text | str = area.name if area is not None else str(region)
            if lies_on is not None:
                where_text = both("covers.area.on", area=where_text, territory=lies_on.name)
            return answer(
                False, None, country,
                both("covers.reason.outside-area", belongs=both(f"{belongs}.but", **values), area=where_text),
            )  # fmt: skip
        if kind == "forces":
            clause = "forces-territory"
        text = CLAUSES[clause]
        count = len(atlas.members(on=day))
        them = both("covers.them.forces" if kind == "forces" else "covers.them.place")
        return answer(
            True, clause, country,
            both("covers.reason.covered", belongs=both(belongs, **values), them=them, clause=text, count=count),
            *atlas.countries[country].sources[:1],
        )  # fmt: skip

    @staticmethod
    def _belongs(
        where: _Where, territory: Territory | None, name: Text, on: dict[str, str], elsewhere: bool
    ) -> tuple[str, dict[str, object]]:
        """Where the place is, as the first half of a sentence ("Tallinn is in Estonia, a NATO Ally"):
        the message's id and its values; ``id.but`` is the same half ending in "but"."""
        label = where.label
        if where.kind == "country":
            return "covers.belongs.country", {"Name": _capital(name)}
        if where.kind == "country-as-territory" and territory is not None:
            return "covers.belongs.was-territory", {
                "on": on,
                "label": label,
                "territory": territory.name,
                "name": name,
            }
        if territory is not None and label.en == territory.name.en:
            return "covers.belongs.territory", {"label": label, "name": name}
        if territory is not None:
            return "covers.belongs.in-territory", {"label": label, "territory": territory.name, "name": name}
        if elsewhere:  # Akrotiri: the United Kingdom's, on Cyprus
            return "covers.belongs.territory", {"label": label, "name": name}
        return "covers.belongs.in", {"label": label, "name": name}

    def _home(self, country: str) -> str:
        """An Ally's home region, as the data gives it (every Ally has one: ``natoatlas check``)."""
        return self._atlas.countries[country].region or "europe"

    def _region_of_part(self, feature: object, lat: float, lon: float, country: str) -> str | None:
        """For a point in a Party's feature: the region of a named territory on the same part, if any."""
        from shapely.geometry import MultiPolygon, Point

        geometry = getattr(feature, "geometry", None)
        if not isinstance(geometry, MultiPolygon):
            return None
        point = Point(lon, lat)
        parts = sorted(geometry.geoms, key=lambda g: g.area, reverse=True)
        part = min(parts, key=lambda g: g.distance(point))
        if part is parts[0]:
            return None  # the mainland: the state's home region
        for t in self._atlas.territories:
            if t.sovereign == country and part.distance(Point(t.lon, t.lat)) * 111.2 <= TERRITORY_RADIUS_KM:
                return t.region
        return None

    def _sea(
        self,
        label: Text,
        lat: float | None,
        lon: float | None,
        day: dt.date,
        kind: str,
        make: Callable[..., Coverage],
    ) -> Coverage:
        if kind == "forces" and lat is not None and lon is not None:
            for clause, sea, test in (
                ("forces-mediterranean", "covers.sea.mediterranean", _mediterranean),
                ("forces-north-atlantic", "covers.sea.north-atlantic", _north_atlantic),
            ):  # fmt: skip
                if test(lat, lon):
                    text = CLAUSES[clause]
                    return make(
                        True, clause, None,
                        both("covers.reason.sea", label=label, sea=both(sea), clause=text),
                    )  # fmt: skip
        return make(
            False, None, None,
            both("covers.reason.no-territory.forces" if kind == "forces" else "covers.reason.no-territory", label=label),
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Where:
    """A place located: its name, kind (point, territory, country, place), coordinates, owner."""

    label: Text
    kind: str
    lat: float | None
    lon: float | None
    territory: Territory | None
    country: str | None
    found: Place | None = None
    hint: bool = False  # ``country`` is the gazetteer's, to be checked against the map


def _capital(name: Text) -> dict[str, str]:
    """A name at the start of a sentence: "The Netherlands" (the Japanese as it is)."""
    return {"en": name.en[0].upper() + name.en[1:], "ja": name.ja}


def _the(name: str) -> str:
    """A country's name as it reads inside a sentence: "the United States", "the Netherlands"."""
    plural = (
        "United ",
        "Netherlands",
        "Czech Republic",
        "Slovak Republic",
        "Republic of ",
        "Russian Federation",
    )
    return f"the {name}" if name.startswith(plural) else name


def _check(lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat:g} is out of range (-90 to 90)")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon:g} is out of range (-180 to 180)")


def _mediterranean(lat: float, lon: float) -> bool:
    """The Mediterranean Sea, approximately: from the Strait of Gibraltar to the Levant, below the Dardanelles."""
    return 30.0 <= lat <= 45.8 and -5.6 <= lon <= 36.3 and not (lon > 26.0 and lat > 40.3)


def _north_atlantic(lat: float, lon: float) -> bool:
    """The North Atlantic north of the Tropic of Cancer, approximately (the Treaty draws no other line)."""
    return TROPIC_OF_CANCER < lat <= 85.0 and -100.0 <= lon <= 20.0
