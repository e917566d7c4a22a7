"""Country geometry for questions about places: which country's territory a point lies in.

The same Natural Earth geometry as the maps (``data/geo/world-50m.json``), decoded from TopoJSON
into shapely shapes once and indexed with an STR-tree. "Once" holds under threads too: the web
app answers requests in a thread pool, and 32 concurrent first questions must not each decode
the geometry (418 MB instead of 105 MB), so each one-time load runs under a lock and the others
wait for its result. A point that falls in no country (the
sea, or an islet below the geometry's resolution) can be matched to the nearest country within a
distance, which the caller chooses.
"""

from __future__ import annotations

import functools
import json
import math
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "Feature",
    "Projection",
    "country_at",
    "country_rings",
    "derived_map",
    "load",
    "nearest_country",
    "ready",
    "topology",
]

T = TypeVar("T")
_loaded: dict[str, Any] = {}
# Two locks, taken in one order (index, then map), so building the index, which reads the
# map, never waits for itself, and a page that needs only the 110m map is not held up by it.
_INDEX_LOCK = threading.Lock()
_MAP_LOCK = threading.Lock()

KM_PER_DEGREE = 111.2


@dataclass(frozen=True, slots=True)
class Feature:
    """A country feature: ISO alpha-3 (Kosovo: XKX), name and shapely geometry."""

    code: str
    name: str
    geometry: Any


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded and quantized: undo both (TopoJSON spec, "transform")."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def country_rings(resolution: str) -> tuple[tuple[str, str, list[list[list[tuple[float, float]]]]], ...]:
    """Each country of the world map at ``resolution`` as ISO alpha-3, name and polygons (each a
    list of rings of longitude, latitude): for maps drawn without a projection library."""
    world = topology(resolution)
    arcs = _decode_arcs(world)
    found = []
    for item in world["objects"]["countries"]["geometries"]:
        polygons = item.get("arcs") or []
        if item.get("type") == "Polygon":
            polygons = [polygons]
        decoded = [[_ring(arcs, r) for r in rings] for rings in polygons]
        properties = item.get("properties", {})
        found.append((properties.get("a3", ""), properties.get("name", ""), decoded))
    return tuple(found)


def _once(key: str, lock: threading.Lock, make: Callable[[], T]) -> T:
    """``make()`` run once per process even when many threads ask at the same moment."""
    try:
        found: T = _loaded[key]
        return found
    except KeyError:
        pass
    with lock:
        if key not in _loaded:
            _loaded[key] = make()
        value: T = _loaded[key]
        return value


def _data_dir() -> Path:
    """The packaged data folder, as ``natoatlas.kb.datafile.default_dir`` gives it, without
    importing ``datafile`` (and YAML, 30 ms, which drawing a map from its geometry never needs):
    found as ``natoatlas.kb.loader`` finds it, following a folder a test has put in its place."""
    datafile = sys.modules.get("natoatlas.kb.datafile")
    if datafile is not None:
        folder: Path = datafile.default_dir()
        return folder
    return Path(str(resources.files("natoatlas") / "data"))


def topology(resolution: str) -> dict[str, Any]:
    """The world map at ``50m`` or ``110m`` (TopoJSON), read once for the maps and the rules."""

    def read() -> dict[str, Any]:
        path = _data_dir() / "geo" / f"world-{resolution}.json"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    return _once(f"topology-{resolution}", _MAP_LOCK, read)


def ready() -> bool:
    """Whether the country index is built (then :func:`country_at` costs a lookup, not a load)."""
    return "index" in _loaded


def load() -> None:
    """Build the country index now (the web app does it in a worker thread, off the event loop)."""
    _features()


def _features() -> tuple[tuple[Feature, ...], Any]:
    return _once("index", _INDEX_LOCK, _build_features)


def _build_features() -> tuple[tuple[Feature, ...], Any]:
    from shapely import STRtree
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.validation import make_valid

    features = []
    for a3, name, polygons in country_rings("50m"):
        shapes = []
        for rings in polygons:
            decoded = [r for r in rings if len(r) >= 4]  # 50m holds one degenerate ring: skip it
            if decoded:
                shapes.append(Polygon(decoded[0], decoded[1:]))
        if not shapes:
            continue
        geometry = make_valid(MultiPolygon(shapes)) if len(shapes) > 1 else make_valid(shapes[0])
        features.append(Feature(a3, name, geometry))
    return tuple(features), STRtree([f.geometry for f in features])


def country_at(lat: float, lon: float) -> Feature | None:
    """The country whose territory contains the point, or None (sea, or too small to be drawn)."""
    from shapely.geometry import Point

    features, tree = _features()
    point = Point(lon, lat)
    for index in tree.query(point, predicate="intersects"):
        return features[int(index)]
    return None


def nearest_country(lat: float, lon: float, within_km: float) -> tuple[Feature, float] | None:
    """The nearest country within ``within_km`` of the point, with its distance in km (approximate)."""
    from shapely.geometry import Point

    features, tree = _features()
    point = Point(lon, lat)
    index = tree.nearest(point)
    if index is None:
        return None
    feature = features[int(index)]
    km = feature.geometry.distance(point) * KM_PER_DEGREE
    return (feature, km) if km <= within_km else None


@dataclass(frozen=True, slots=True)
class Projection:
    """A map projection onto an image's pixels (y down), as the derived map files record it.

    ``kind`` is ``conic`` (Lambert conformal conic, spherical, on ``parallels``) or ``equalearth``
    (Šavrič, Patterson and Jenny 2018), about the meridian ``lon0``; the projected plane is then
    scaled by ``k`` and shifted by ``tx``, ``ty`` (pixel = tx + k·x, ty − k·y).
    """

    kind: str
    lon0: float
    parallels: tuple[float, float] = (0.0, 0.0)
    k: float = 1.0
    tx: float = 0.0
    ty: float = 0.0

    def plane(self, lon: float, lat: float) -> tuple[float, float]:
        """The point on the projected plane (unscaled, y up)."""
        delta = lon - self.lon0  # kept within ±180 (inclusive: the antimeridian's edge stays on its side)
        delta = delta - 360.0 if delta > 180.0 else delta + 360.0 if delta < -180.0 else delta
        lam = math.radians(delta)
        phi = math.radians(max(-89.9, min(89.9, lat)))
        if self.kind == "conic":
            p1, p2 = (math.radians(p) for p in self.parallels)
            t1, t2, tp = (math.tan(math.pi / 4 + a / 2) for a in (p1, p2, phi))
            n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t2 / t1) if p1 != p2 else math.sin(p1)
            f = math.cos(p1) * t1**n / n
            rho = f / tp**n
            return rho * math.sin(n * lam), f - rho * math.cos(n * lam)
        if self.kind == "equalearth":
            a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
            m = math.sqrt(3) / 2
            theta = math.asin(m * math.sin(phi))
            t2 = theta * theta
            t6 = t2 * t2 * t2
            x = lam * math.cos(theta) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
            return x, theta * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
        raise ValueError(f"unknown projection {self.kind!r}")

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """The pixel (x right, y down) of a longitude and latitude."""
        x, y = self.plane(lon, lat)
        return self.tx + self.k * x, self.ty - self.k * y

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "lon0": self.lon0,
            "parallels": list(self.parallels),
            "k": self.k,
            "tx": self.tx,
            "ty": self.ty,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Projection:
        p1, p2 = data.get("parallels", (0.0, 0.0))
        return cls(data["kind"], data["lon0"], (p1, p2), data["k"], data["tx"], data["ty"])


@functools.cache
def derived_map(name: str) -> dict[str, Any]:
    """A map's geometry as ``scripts/make_geometry.py`` derived it: projected to the map's pixels,
    clipped to its panels and simplified (``data/geo/map-NAME.json``), read once."""
    path = _data_dir() / "geo" / f"map-{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine), for "is this the same place" and "how
    far from the coast" questions, where a sphere is close enough."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
