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
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from natoatlas.model import AccessionStep, Territory, Text, TreatyArticle

if TYPE_CHECKING:
    from natoatlas.atlas import Atlas, DateLike

__all__ = ["TROPIC_OF_CANCER", "Accession", "AccessionStatus", "Coverage", "Treaty"]

#: The Tropic of Cancer, about 23°26′ N: Article 6's southern limit in the North Atlantic.
TROPIC_OF_CANCER = 23.44
#: How far from a territory's representative point a coordinate still counts as that territory.
TERRITORY_RADIUS_KM = 25.0
#: A coordinate in the sea this close to a country is taken as on that country (small islands).
COAST_KM = 25.0
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")

CLAUSES: dict[str, Text] = {
    "europe-north-america": Text(
        en="Article 6 (i): the territory of any of the Parties in Europe or North America",
        ja="第6条(i):欧州又は北米におけるいずれかの締約国の領域",
        ja_ours=True,
    ),
    "algerian-departments": Text(
        en="Article 6 (i): the Algerian Departments of France",
        ja="第6条(i):フランス領アルジェリアの諸県",
        ja_ours=True,
    ),
    "turkey": Text(en="Article 6 (i): the territory of Turkey", ja="第6条(i):トルコの領域", ja_ours=True),
    "north-atlantic-islands": Text(
        en="Article 6 (i): the islands under the jurisdiction of any of the Parties in the North Atlantic area "
        "north of the Tropic of Cancer",
        ja="第6条(i):北回帰線以北の北大西洋地域におけるいずれかの締約国の管轄下にある島",
        ja_ours=True,
    ),
    "forces-mediterranean": Text(
        en="Article 6 (ii): the forces, vessels or aircraft of any of the Parties in or over the Mediterranean Sea",
        ja="第6条(ii):地中海におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
    "forces-north-atlantic": Text(
        en="Article 6 (ii): the forces, vessels or aircraft of any of the Parties in or over the North Atlantic "
        "area north of the Tropic of Cancer",
        ja="第6条(ii):北回帰線以北の北大西洋地域におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
    "forces-territory": Text(
        en="Article 6 (ii): the forces, vessels or aircraft of any of the Parties on or over these territories",
        ja="第6条(ii):これらの領域におけるいずれかの締約国の軍隊、船舶又は航空機",
        ja_ours=True,
    ),
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

    atlas: Atlas
    country: str
    steps: tuple[AccessionStep, ...] = field(default=())

    def status(self, on: DateLike = None) -> AccessionStatus:
        from natoatlas.atlas import as_day

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

    def __init__(self, atlas: Atlas) -> None:
        self._atlas = atlas

    @functools.cached_property
    def in_force(self) -> dt.date:
        """The day the Treaty entered into force: the founders' ratifications."""
        return min((m.in_force or m.start).first_day for m in self._atlas.memberships if m.founder)

    def __call__(self, on: DateLike = None) -> tuple[TreatyArticle, ...]:
        """The preamble and the articles in the version in force on ``on``."""
        from natoatlas.atlas import as_day

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

        ``place`` is ``(lat, lon)``, ``"lat,lon"``, a named territory (``Canary Islands``) or a
        country (code or name). ``kind="forces"`` asks about Allied forces, vessels or aircraft
        there rather than about the territory.
        """
        from natoatlas.atlas import as_day

        if kind not in ("territory", "forces"):
            raise ValueError(f"kind must be 'territory' or 'forces', not {kind!r}")
        day = as_day(on)
        label, lat, lon, territory, country = self._locate(place)
        return self._decide(label, lat, lon, territory, country, day, kind)

    def _locate(
        self, place: str | tuple[float, float]
    ) -> tuple[str, float | None, float | None, Territory | None, str | None]:
        if isinstance(place, tuple):
            lat, lon = float(place[0]), float(place[1])
            label = f"{lat:g},{lon:g}"
        else:
            match = _LATLON.match(place)
            if match is None:
                territory = self._territory(place)
                if territory is not None:
                    return territory.name.en, territory.lat, territory.lon, territory, territory.sovereign
                country = self._atlas.get_country(place)
                if country is None:
                    raise LookupError(
                        f"unknown place {place!r}: give 'lat,lon', a country or a territory such as 'Canary Islands'"
                    )
                return country.current_name.en, None, None, None, country.id
            lat, lon = float(match.group(1)), float(match.group(2))
            label = place.strip()
        if not -90 <= lat <= 90:
            raise ValueError(f"latitude {lat:g} is out of range (-90 to 90)")
        if not -180 <= lon <= 180:
            raise ValueError(f"longitude {lon:g} is out of range (-180 to 180)")
        territory = self._territory_at(lat, lon)
        return label, lat, lon, territory, territory.sovereign if territory else None

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
            km = _km(lat, lon, t.lat, t.lon)
            if km <= TERRITORY_RADIUS_KM and (best is None or km < best[0]):
                best = (km, t)
        return best[1] if best else None

    def _decide(
        self,
        label: str,
        lat: float | None,
        lon: float | None,
        territory: Territory | None,
        country: str | None,
        day: dt.date,
        kind: str,
    ) -> Coverage:
        from natoatlas import geo

        atlas = self._atlas

        def answer(
            covered: bool, clause: str | None, where: str | None, en: str, ja: str, *cited: str
        ) -> Coverage:
            if territory is not None and label == territory.name.en:
                ja = ja.replace(label, territory.name.ja)
            allies = tuple(m.code for m in atlas.members(on=day)) if covered else ()
            sources = [*cited, *(territory.sources if territory else ())]
            if clause:
                sources += [s for a in self(day) if a.number in (5, 6) for s in a.sources]
            return Coverage(
                label,
                lat,
                lon,
                day,
                kind,
                covered,
                clause,
                where,
                allies,
                Text(en=en, ja=ja, ja_ours=True),
                tuple(dict.fromkeys(sources)),
            )

        in_force = self.in_force
        if day < in_force:
            return answer(
                False,
                None,
                country,
                f"The North Atlantic Treaty entered into force on {in_force}.",
                f"北大西洋条約は{in_force}に発効した。",
            )
        region: str | None = territory.region if territory else None
        if territory is None and country is None and lat is not None and lon is not None:
            feature = geo.country_at(lat, lon)
            if feature is None:
                near = geo.nearest_country(lat, lon, COAST_KM)
                feature = near[0] if near else None
            if feature is not None:
                owner = next((t for t in atlas.territories if t.feature == feature.code), None)
                if owner is not None:
                    territory, country, region = owner, owner.sovereign, owner.region
                elif atlas.get_country(feature.code) is not None:
                    country = feature.code
                    region = self._region_of_part(feature, lat, lon, country)
        if country is None:
            return self._sea(label, lat, lon, day, kind, answer)
        name = atlas.countries[country].name_on(day)
        membership = next((m for m in atlas.memberships if m.country == country and m.holds_on(day)), None)
        if membership is None:
            joined = next((m.start for m in atlas.memberships if m.country == country), None)
            later = f" (it became an Ally on {joined})" if joined and joined.first_day > day else ""
            later_ja = f"({joined}に加盟)" if joined and joined.first_day > day else ""
            return answer(
                False,
                None,
                country,
                f"{label} is in {name.en}, which was not a Party on {day}{later}.",
                f"{label}は{name.ja}にあり、{day}時点で{name.ja}は締約国ではない{later_ja}。",
            )
        binding = (membership.in_force or membership.start).first_day
        if day < binding:
            return answer(
                False,
                None,
                country,
                f"The Treaty was not yet in force for {name.en} on {day} (from {binding}).",
                f"{day}時点で条約は{name.ja}について未発効({binding}に発効)。",
            )
        if territory is not None and not territory.holds_on(day):
            return answer(
                False,
                None,
                country,
                f"{territory.name.en} was not {name.en}'s on {day}.",
                f"{day}時点で{territory.name.ja}は{name.ja}の領域ではない。",
            )
        region = region or self._home(country)
        clause = {
            "europe": "europe-north-america",
            "north-america": "europe-north-america",
            "turkey": "turkey",
        }.get(region)
        if territory is not None and territory.id == "algerian-departments":
            clause = "algerian-departments"
        if (
            region == "north-atlantic-island"
            and (territory is None or territory.island)
            and (lat or 0) > TROPIC_OF_CANCER
        ):
            clause = "north-atlantic-islands"
        if clause is None:
            where = territory.name.en if territory else label
            where_ja = territory.name.ja if territory else label
            return answer(
                False,
                None,
                country,
                f"{where} is {name.en}'s territory but lies outside Article 6's area ({region}).",
                f"{where_ja}は{name.ja}の領域だが、第6条の対象地域外にある({region})。",
            )
        if kind == "forces":
            clause = "forces-territory"
        text = CLAUSES[clause]
        return answer(
            True,
            clause,
            country,
            f"{label}: {text.en}.",
            f"{label}:{text.ja}。",
            *atlas.countries[country].sources[:1],
        )

    def _home(self, country: str) -> str:
        return "turkey" if country == "TUR" else "north-america" if country in ("USA", "CAN") else "europe"

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
        label: str,
        lat: float | None,
        lon: float | None,
        day: dt.date,
        kind: str,
        make: Callable[..., Coverage],
    ) -> Coverage:
        if kind == "forces" and lat is not None and lon is not None:
            if _mediterranean(lat, lon):
                return make(
                    True,
                    "forces-mediterranean",
                    None,
                    f"{label}: {CLAUSES['forces-mediterranean'].en}.",
                    f"{label}:{CLAUSES['forces-mediterranean'].ja}。",
                )
            if _north_atlantic(lat, lon):
                return make(
                    True,
                    "forces-north-atlantic",
                    None,
                    f"{label}: {CLAUSES['forces-north-atlantic'].en}.",
                    f"{label}:{CLAUSES['forces-north-atlantic'].ja}。",
                )
        return make(
            False,
            None,
            None,
            f"{label} is not the territory of any Party.",
            f"{label}はいずれの締約国の領域でもない。",
        )


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _mediterranean(lat: float, lon: float) -> bool:
    """The Mediterranean Sea, approximately: from the Strait of Gibraltar to the Levant, below the Dardanelles."""
    return 30.0 <= lat <= 45.8 and -5.6 <= lon <= 36.3 and not (lon > 26.0 and lat > 40.3)


def _north_atlantic(lat: float, lon: float) -> bool:
    """The North Atlantic north of the Tropic of Cancer, approximately (the Treaty draws no other line)."""
    return TROPIC_OF_CANCER < lat <= 85.0 and -100.0 <= lon <= 20.0
