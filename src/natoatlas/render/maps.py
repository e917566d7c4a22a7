"""The briefing's maps, drawn offline from Natural Earth geometry shipped in the package.

Three maps, each sized for a 16:9 slide's content area (888 × about 420 pt, so one pixel of
the spec is about one point on the slide): the Allies on a day (the North Atlantic with Europe
enlarged beside it), NATO's partners by framework (the world, Asia-Pacific included) and the
page-6 map of commands, NFIUs and battlegroups in Europe with numbered badges placed so that
none overlaps (leader lines to their places). What each shows comes from the Atlas.

The geometry is derived once by ``scripts/make_geometry.py --derive`` (``data/geo/map-*.json``):
already projected onto the map's pixels, clipped to what it shows and simplified, so a map spec
carries a few hundred kilobytes and Vega-Lite draws it with the identity projection; places are
projected here with the same :class:`natoatlas.kb.geo.Projection`. The specs are plain Vega-Lite
(no Altair needed), rendered and cached by :mod:`natoatlas.render.charts`.
Geometry: Visionscarto's modification of Natural Earth (see ``data/geo/ATTRIBUTION.md``):
Crimea is drawn as part of Ukraine; Greenland, the Faroe Islands and Svalbard are separate
features and are coloured with the Ally whose territory they are.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from typing import TYPE_CHECKING, Any

from natoatlas.dates import as_of
from natoatlas.kb.geo import Projection, country_rings, derived_map, topology
from natoatlas.messages import msg
from natoatlas.render.fonts import text_width
from natoatlas.views.numbering import numbering

if TYPE_CHECKING:
    import altair as alt

    from natoatlas.atlas import Atlas

__all__ = [
    "CIRCLED",
    "circled",
    "countries",
    "forces_map",
    "members_map",
    "partner_frameworks",
    "partners_map",
    "world_map",
]
BLUE = "#1f4e9c"
LIGHT = "#d9dde3"
#: The colours of the partners map's frameworks, in the order frameworks.yaml shows them.
PARTNER_COLOURS = ("#7fb3d5", "#f5b041", "#af7ac5", "#58d68d", "#ec7063", "#85929e")
SEA = "#e9f0f7"
FRAME = "#8a9bb0"
INK = "#1b2631"
#: A partner drawn smaller than this (px²) also gets a dot, so that Bahrain or Malta can be seen.
SMALL = 40.0
#: The longitudes and latitudes the members map's Europe panel shows (``scripts/make_geometry.py``).
EUROPE = (-24.0, 34.5, 44.5, 71.5)
#: Smallest text on a map, in spec pixels (about points on the slide).
MIN_FONT = 10
#: The commands map's key, in spec pixels.
KEY_FONT = 11
#: The briefing numbers its page-6 places ①…㉙.
CIRCLED = [chr(c) for c in range(0x2460, 0x2474)] + [chr(c) for c in range(0x3251, 0x325F)]


def _countries(resolution: str) -> alt.NamedData:
    """The country shapes, by name: the TopoJSON joins the spec once, in ``datasets`` (see
    :func:`natoatlas.render.charts.spec`), instead of being copied into every layer by Altair."""
    import altair as alt

    topojson = alt.DataFormat(type="topojson", feature="countries")  # type: ignore[no-untyped-call]
    return alt.NamedData(name=f"world-{resolution}", format=topojson)


def datasets(names: set[str]) -> dict[str, Any]:
    """The topologies a spec names (``world-110m``, ``world-50m``)."""
    return {name: topology(name.removeprefix("world-")) for name in names if name.startswith("world-")}


def shapes(
    resolution: str, groups: dict[str, str], domain: list[str], colours: list[str], legend: Any = None
) -> Any:
    """Country shapes coloured by group (``groups``: ISO alpha-3 → group; others: ``other``)."""
    import altair as alt

    return (
        alt.Chart(_countries(resolution))
        .transform_calculate(a3="datum.properties.a3")
        .transform_calculate(group=f"{json.dumps(groups, ensure_ascii=False)}[datum.a3] || 'other'")
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "group:N", scale=alt.Scale(domain=[*domain, "other"], range=colours), legend=legend
            ),
            tooltip=[alt.Tooltip("properties.name:N", title="")],
        )
    )


def ally_groups(atlas: Atlas, on: dt.date) -> dict[str, str]:
    """The features drawn as Allies on a day: the Allies and the territories drawn apart from them."""
    members = {m.code for m in atlas.members(on=on)}
    # The features drawn apart from the Ally whose territory they are: the data's map_feature.
    return {code: "ally" for code in members} | {
        t.map_feature: "ally" for t in atlas.territories if t.map_feature and t.sovereign in members
    }


# -- Vega-Lite building blocks (pixels: the derived geometry is already projected) ---------------


def _spec(name: str, title: Any, layers: list[dict[str, Any]]) -> dict[str, Any]:
    width, height = derived_map(name)["size"]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "padding": 4,
        "title": title,
        # Names the geometry, so that the pages draw its countries once (natoatlas.render.svgmap).
        "usermeta": {"natoatlas-map": name},
        "projection": {"type": "identity", "scale": 1, "translate": [0, 0]},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }


def _title(text: str, subtitle: list[str]) -> dict[str, Any]:
    return {"text": text, "subtitle": subtitle, "anchor": "start"}


def _projection(name: str, panel: str) -> Projection:
    return Projection.from_dict(derived_map(name)["panels"][panel]["projection"])


def _box(name: str, panel: str) -> tuple[float, float, float, float]:
    x, y, w, h = derived_map(name)["panels"][panel]["box"]
    return float(x), float(y), float(w), float(h)


def _rect(x: float, y: float, w: float, h: float) -> dict[str, Any]:
    ring = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _land(name: str, fill: dict[str, str], default: str) -> list[dict[str, Any]]:
    """The sea of every panel, the countries filled by ISO alpha-3 (``fill``) and the panel frames."""
    panels = derived_map(name)["panels"]
    sea = [{"type": "Feature", "properties": {}, "geometry": _rect(*_box(name, p))} for p in panels]
    countries = [
        {
            "type": "Feature",
            "properties": {
                "name": f["properties"]["name"],
                "a3": f["properties"]["a3"],
                "fill": fill.get(f["properties"]["a3"], default),
            },
            "geometry": f["geometry"],
        }
        for f in derived_map(name)["features"]
    ]
    geo = {"type": "json", "property": "features"}
    return [
        {
            "data": {"values": {"type": "FeatureCollection", "features": sea}, "format": geo},
            "mark": {"type": "geoshape", "fill": SEA, "stroke": None},
        },
        {
            "data": {"values": {"type": "FeatureCollection", "features": countries}, "format": geo},
            "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.5},
            "encoding": {
                "color": {"field": "properties.fill", "type": "nominal", "scale": None, "legend": None},
                "tooltip": [{"field": "properties.name", "type": "nominal", "title": ""}],
            },
        },
        {
            "data": {"values": {"type": "FeatureCollection", "features": sea}, "format": geo},
            "mark": {"type": "geoshape", "filled": False, "stroke": FRAME, "strokeWidth": 0.8},
        },
    ]


def _points(rows: list[dict[str, Any]], mark: dict[str, Any], **encoding: Any) -> dict[str, Any]:
    """A layer of marks at pixel positions (fields ``x`` and ``y`` of each row)."""
    base = {
        "longitude": {"field": "x", "type": "quantitative"},
        "latitude": {"field": "y", "type": "quantitative"},
    }
    return {"data": {"values": rows}, "mark": mark, "encoding": base | encoding}


def _legend(items: list[tuple[str, str, str]], x: float, y: float, step: float = 18) -> list[dict[str, Any]]:
    """A legend drawn at (x, y): one row per (shape, colour, label)."""
    rows = [
        {"x": x + 7, "y": y + i * step, "tx": x + 18, "shape": shape, "colour": colour, "label": label}
        for i, (shape, colour, label) in enumerate(items)
    ]
    symbols = _points(
        rows,
        {"type": "point", "filled": True, "size": 110, "opacity": 1, "stroke": "white", "strokeWidth": 0.5},
        shape={"field": "shape", "type": "nominal", "scale": None},
        color={"field": "colour", "type": "nominal", "scale": None},
    )
    labels = {
        "data": {"values": rows},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 11, "color": INK},
        "encoding": {
            "longitude": {"field": "tx", "type": "quantitative"},
            "latitude": {"field": "y", "type": "quantitative"},
            "text": {"field": "label", "type": "nominal"},
        },
    }
    return [symbols, labels]


def _caption(text: str, x: float, y: float) -> dict[str, Any]:
    return _points(
        [{"x": x, "y": y, "text": text}],
        {
            "type": "text",
            "align": "left",
            "baseline": "top",
            "fontSize": 11,
            "fontWeight": "bold",
            "color": INK,
        },
        text={"field": "text", "type": "nominal"},
    )


def _outline(projection: Projection, extent: tuple[float, float, float, float]) -> dict[str, Any]:
    """A longitude-latitude box drawn as a line in another panel (where the enlarged panel lies)."""
    west, south, east, north = extent
    steps = 24
    ring = [(west + (east - west) * i / steps, south) for i in range(steps + 1)]
    ring += [(east, south + (north - south) * i / steps) for i in range(1, steps + 1)]
    ring += [(east - (east - west) * i / steps, north) for i in range(1, steps + 1)]
    ring += [(west, north - (north - south) * i / steps) for i in range(1, steps + 1)]
    line = [[round(v, 1) for v in projection(lon, lat)] for lon, lat in ring]
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": line}}
    return {
        "data": {
            "values": {"type": "FeatureCollection", "features": [feature]},
            "format": {"type": "json", "property": "features"},
        },
        "mark": {
            "type": "geoshape",
            "filled": False,
            "stroke": "#c0392b",
            "strokeWidth": 1.2,
            "strokeDash": [4, 3],
        },
    }


def _allies_fill(atlas: Atlas, on: dt.date) -> dict[str, str]:
    return {code: BLUE for code in ally_groups(atlas, on)}


# -- the maps ---------------------------------------------------------------------------------------


def members_map(atlas: Atlas, on: dt.date, lang: str = "ja", partners: bool = False) -> dict[str, Any]:
    """The Allies on ``on`` in blue: the North Atlantic, and Europe enlarged beside it.

    With ``partners``, the partners map instead (:func:`partners_map`)."""
    if partners:
        return partners_map(atlas, on, lang)
    members = {m.code for m in atlas.members(on=on)}
    title = msg("map.members.title", lang, n=len(members))
    layers = _land("members", _allies_fill(atlas, on), LIGHT)
    x, y, _, h = _box("members", "atlantic")
    ex, ey, _, eh = _box("members", "europe")
    layers.append(_outline(_projection("members", "atlantic"), EUROPE))
    layers.append(_caption(msg("map.members.atlantic", lang), x + 6, y + h - 20))
    layers.append(_caption(msg("map.members.europe", lang), ex + 6, ey + eh - 20))
    return _spec("members", _title(title, [msg("map.attribution", lang), as_of(on, lang)]), layers)


def partners_map(atlas: Atlas, on: dt.date, lang: str = "ja") -> dict[str, Any]:
    """NATO's partners on ``on`` by framework (PfP, MD, ICI, partners across the globe) and the Allies."""
    fill = _allies_fill(atlas, on)
    legend: list[tuple[str, str, str]] = [("square", BLUE, msg("map.partners.allies", lang))]
    partner_codes: dict[str, str] = {}
    for index, framework in enumerate(partner_frameworks(atlas)):
        found = atlas.partners(framework, on=on)
        new = [p.code for p in found if p.code not in partner_codes and p.code not in fill]
        if not found:
            continue
        colour = PARTNER_COLOURS[index % len(PARTNER_COLOURS)]
        for code in new:
            partner_codes[code] = colour
        name = atlas.framework(framework).name_on(on).get(lang)
        legend.append(("square", colour, msg("map.partners.framework", lang, name=name, n=len(found))))
    drawn: dict[str, float] = {}
    at: dict[str, list[float]] = {}
    for feature in derived_map("partners")["features"]:
        code = feature["properties"]["a3"]
        if code in partner_codes:
            drawn[code] = drawn.get(code, 0.0) + feature["properties"]["area"]
            if feature["properties"]["area"] >= max(drawn[code] - feature["properties"]["area"], 0.0):
                at[code] = feature["properties"]["at"]
    layers = _land("partners", fill | partner_codes, LIGHT)
    dots = [
        {
            "x": at[c][0],
            "y": at[c][1],
            "colour": partner_codes[c],
            "name": atlas.countries[c].name_on(on).get(lang),
        }
        for c in partner_codes
        if c in at and drawn[c] < SMALL
    ]
    if dots:
        layers.append(
            _points(
                dots,
                {"type": "circle", "size": 45, "opacity": 1, "stroke": INK, "strokeWidth": 0.6},
                color={"field": "colour", "type": "nominal", "scale": None},
                tooltip=[{"field": "name", "type": "nominal", "title": ""}],
            )
        )
    x, y, _, h = _box("partners", "world")
    layers += _legend(legend, x + 8, y + h - 18 * len(legend) - 4)
    title = msg("map.partners.title", lang)
    return _spec("partners", _title(title, [msg("map.attribution", lang), as_of(on, lang)]), layers)


def partner_frameworks(atlas: Atlas) -> tuple[str, ...]:
    """The frameworks the data shows on the partners map (``maps: [partners]``), in the order of
    frameworks.yaml: a partner in two takes the first's colour."""
    return tuple(f.id for f in atlas.records["frameworks.yaml"] if "partners" in f.maps)


def circled(number: int | None) -> str:
    """A page-6 number as the briefing writes it (1 → ①; past ㉞ plain; none: empty)."""
    if number is None:
        return ""
    return CIRCLED[number - 1] if number <= len(CIRCLED) else str(number)


def _number(label: str) -> str:
    """The plain number of a circled one (① → 1), as drawn in a badge."""
    return str(CIRCLED.index(label) + 1) if label in CIRCLED else label


BADGE = 9.0  # badge radius, px
MARKER = 5.0  # marker radius, px


def place_badges(
    points: list[tuple[float, float]], box: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """A badge position for each point: near it, inside ``box``, overlapping no other badge and no marker.

    Greedy, crowded points first; candidates on rings of growing radius around the point."""
    x0, y0, w, h = box
    order = sorted(
        range(len(points)),
        key=lambda i: -sum(1 for p in points if math.dist(p, points[i]) < 40),
    )
    placed: dict[int, tuple[float, float]] = {}
    angles = [-math.pi / 4 + k * math.pi / 8 for k in range(16)]
    for i in order:
        px, py = points[i]
        best: tuple[float, float] | None = None
        for radius in (15, 20, 26, 33, 41, 50, 60, 72, 86, 100, 120):
            for angle in angles:
                cx, cy = px + radius * math.cos(angle), py + radius * math.sin(angle)
                if not (
                    x0 + BADGE + 1 <= cx <= x0 + w - BADGE - 1 and y0 + BADGE + 1 <= cy <= y0 + h - BADGE - 1
                ):
                    continue
                if any(math.dist((cx, cy), b) < 2 * BADGE + 1.5 for b in placed.values()):
                    continue
                if any(math.dist((cx, cy), p) < BADGE + MARKER + 1 for p in points):
                    continue
                best = (cx, cy)
                break
            if best:
                break
        placed[i] = best or (px, py)
    return [placed[i] for i in range(len(points))]


def _badge_layers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A numbered badge at each row's ``bx``/``by``: a white disc ringed in the row's colour with
    its number ``n``; the same badges on the map and in its key."""
    at = {
        "longitude": {"field": "bx", "type": "quantitative"},
        "latitude": {"field": "by", "type": "quantitative"},
    }
    disc = {
        "type": "circle",
        "size": math.pi * BADGE * BADGE,
        "opacity": 1,
        "fill": "white",
        "strokeWidth": 1.3,
    }
    number = {
        "type": "text",
        "fontSize": MIN_FONT,
        "fontWeight": "bold",
        "color": INK,
        "baseline": "middle",
        "dy": 0.5,
    }
    return [
        {
            "data": {"values": rows},
            "mark": disc,
            "encoding": at | {"stroke": {"field": "colour", "type": "nominal", "scale": None}},
        },
        {
            "data": {"values": rows},
            "mark": number,
            "encoding": at | {"text": {"field": "n", "type": "nominal"}},
        },
    ]


def forces_map(atlas: Atlas, on: dt.date, lang: str = "ja") -> dict[str, Any]:
    """Commands (●), NFIUs (▲) and battlegroups (◆) in Europe, numbered badges, one legend, a key."""
    kinds = {
        "nfiu": ("triangle-up", "#d35400", msg("map.forces.nfiu", lang)),
        "battlegroup": ("diamond", "#c0392b", msg("map.forces.battlegroup", lang)),
    }
    command = ("circle", BLUE, msg("map.forces.command", lang))
    projection = _projection("commands", "europe")
    x0, y0, w, h = _box("commands", "europe")
    # The places of page 6 as the briefing's table numbers them (the numbering view): a numbered
    # place on the map has a marker and a badge (the two CAOCs, far apart, one each with their
    # one number); every place is in the key, one unnumbered (Norfolk) without a badge.
    numbered = [(circled(n.number), n.entry.place) for n in numbering(atlas, on)]
    markers: list[dict[str, Any]] = []
    inside: list[dict[str, Any]] = []
    ordered: list[dict[str, Any]] = []
    for number, place in numbered:
        shape, colour, _ = kinds.get(place.kind, command)
        x, y = projection(place.lon, place.lat)
        short = (
            atlas.countries[place.country].name_on(on).get(lang)
            if place.kind == "battlegroup"
            else place.city.get(lang)
        )
        row: dict[str, Any] = {
            "n": _number(number),
            "x": round(x, 1),
            "y": round(y, 1),
            "shape": shape,
            "colour": colour,
            "name": place.name.get(lang),
            "city": place.city.get(lang),
            "short": short.split(",")[0],
        }
        ordered.append(row)
        if number and x0 <= x <= x0 + w and y0 <= y <= y0 + h:
            inside.append(row)
            markers.append(row)
    badges = place_badges([(r["x"], r["y"]) for r in inside], (x0, y0, w, h))
    for row, (bx, by) in zip(inside, badges, strict=True):
        row["bx"], row["by"] = round(bx, 1), round(by, 1)
    layers = _land("commands", {code: "#c9d6ea" for code in ally_groups(atlas, on)}, "#f3f4f6")
    badge_rows = inside  # places off the map of Europe are in the key only
    lines = [r for r in inside if math.dist((r["x"], r["y"]), (r["bx"], r["by"])) > BADGE]
    layers.append(
        {
            "data": {"values": lines},
            "mark": {"type": "rule", "color": "#5d6d7e", "strokeWidth": 0.8},
            "encoding": {
                "longitude": {"field": "x", "type": "quantitative"},
                "latitude": {"field": "y", "type": "quantitative"},
                "longitude2": {"field": "bx"},
                "latitude2": {"field": "by"},
            },
        }
    )
    layers.append(
        _points(
            markers,
            {
                "type": "point",
                "filled": True,
                "size": 70,
                "opacity": 1,
                "stroke": "white",
                "strokeWidth": 0.6,
            },
            shape={"field": "shape", "type": "nominal", "scale": None},
            color={"field": "colour", "type": "nominal", "scale": None},
            tooltip=[
                {"field": "n", "type": "nominal"},
                {"field": "name", "type": "nominal"},
                {"field": "city", "type": "nominal"},
            ],
        )
    )
    layers += _badge_layers(badge_rows)
    # The key: one legend of the three kinds, then every number with its place, in two columns.
    kx = x0 + w + 14
    layers += _legend([command, kinds["nfiu"], kinds["battlegroup"]], kx, y0 + 8)
    # One key row a number: places sharing one (the CAOCs) are named together where the names
    # fit the column (トレホン・ウエデム), else each in its own row with the same badge.
    column = float(derived_map("commands")["size"][0]) - kx
    room = column / 2 - 8 - BADGE - 4 - 4
    rows: list[dict[str, Any]] = []
    for row in ordered:
        label = row["short"] if row in inside else msg("map.forces.off-map", lang, label=row["short"])
        joined = rows[-1]["label"] + msg("list.sep.short", lang) + label if rows else ""
        if rows and row["n"] and rows[-1]["n"] == row["n"] and text_width(joined, KEY_FONT) <= room:
            rows[-1]["label"] = joined
        else:
            rows.append(row | {"label": label})
    per_column = math.ceil(len(rows) / 2) if rows else 0
    key = []
    for i, row in enumerate(rows):
        cx = kx + (i // per_column) * (column / 2) + 8 if per_column else kx
        cy = y0 + 70 + (i % per_column) * ((h - 74) / max(per_column, 1)) if per_column else y0
        key.append(
            {
                "bx": cx,
                "by": cy,
                "tx": cx + BADGE + 4,
                "n": row["n"],
                "colour": row["colour"],
                "label": row["label"],
            }
        )
    layers += [
        *_badge_layers([k for k in key if k["n"]]),
        {
            "data": {"values": key},
            "mark": {
                "type": "text",
                "fontSize": KEY_FONT,
                "align": "left",
                "baseline": "middle",
                "color": INK,
            },
            "encoding": {
                "longitude": {"field": "tx", "type": "quantitative"},
                "latitude": {"field": "by", "type": "quantitative"},
                "text": {"field": "label", "type": "nominal"},
            },
        },
    ]
    title = msg("map.forces.title", lang)
    return _spec("commands", _title(title, [msg("map.attribution", lang), as_of(on, lang)]), layers)


#: The world map of the Article 5 checker: equirectangular, so that a click's x and y on it map
#: linearly to longitude and latitude (``static/web.js``), two pixels a degree.
WORLD_SIZE = (720, 360)


@functools.cache
def _world_features() -> tuple[dict[str, Any], ...]:
    """The 110m countries projected once onto the world map's pixels (x = 2·(lon+180), y = 2·(90−lat))."""
    scale = WORLD_SIZE[0] / 360
    features = []
    for a3, name, polygons in country_rings("110m"):
        projected = [
            [
                [[round((lon + 180) * scale, 1), round((90 - lat) * scale, 1)] for lon, lat in ring]
                for ring in rings
            ]
            for polygon in polygons
            for rings in _across_antimeridian(polygon)
        ]
        geometry = {"type": "MultiPolygon", "coordinates": projected}
        features.append({"type": "Feature", "properties": {"name": name, "a3": a3}, "geometry": geometry})
    return tuple(features)


def _across_antimeridian(rings: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    """A polygon that crosses the antimeridian (Russia, Fiji) as it lies on the flat map: its
    rings kept continuous (a jump of more than 180° of longitude undone), then once more shifted
    by 360° where they run off the map, so each side shows its part; a ring that goes round a pole
    (Antarctica) closed along the map's edge, not across it."""
    unwrapped: list[list[tuple[float, float]]] = []
    for ring in rings:
        points: list[tuple[float, float]] = []
        shift = 0.0
        for lon, lat in ring:
            if points and abs(lon + shift - points[-1][0]) > 180:
                shift += 360.0 if lon + shift < points[-1][0] else -360.0
            points.append((lon + shift, lat))
        if points and abs(points[-1][0] - points[0][0]) > 180:  # round a pole: close along its edge
            pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
            points += [(points[-1][0], pole), (points[0][0], pole), points[0]]
        unwrapped.append(points)
    lons = [lon for ring in unwrapped for lon, _ in ring]
    if not lons or (min(lons) >= -180 and max(lons) <= 180):
        return [unwrapped]
    offset = 360.0 if min(lons) < -180 else -360.0
    return [unwrapped, [[(lon + offset, lat) for lon, lat in ring] for ring in unwrapped]]


def countries(name: str) -> tuple[dict[str, Any], ...]:
    """The country features of map ``name`` in pixels (each with ``a3``): a derived map's
    (``members``, ``partners``, ``commands``) or the world's (``world-110m``)."""
    if name == "world-110m":
        return _world_features()
    return tuple(derived_map(name)["features"])


def world_map(atlas: Atlas, on: dt.date) -> dict[str, Any]:
    """The Allies of ``on`` on the world, equirectangular and without margins, for the Article 5 checker.

    A territory Article 6 names itself (the Algerian departments of France, until 3 July 1962)
    is drawn by a feature of its own (``DZA``): coloured with the Allies while it is covered."""
    fill = _allies_fill(atlas, on)
    members = {m.code for m in atlas.members(on=on)}
    for t in atlas.territories:
        if t.clause and t.feature and t.sovereign in members and t.holds_on(on):
            fill[t.feature] = BLUE
    countries = [
        {**f, "properties": {**f["properties"], "fill": fill.get(f["properties"]["a3"], LIGHT)}}
        for f in _world_features()
    ]
    width, height = WORLD_SIZE
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width,
        "height": height,
        "padding": 0,
        "autosize": "none",
        "usermeta": {"natoatlas-map": "world-110m"},
        "projection": {"type": "identity", "scale": 1, "translate": [0, 0]},
        "layer": [
            {
                "data": {
                    "values": {"type": "FeatureCollection", "features": countries},
                    "format": {"type": "json", "property": "features"},
                },
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.4},
                "encoding": {
                    "color": {"field": "properties.fill", "type": "nominal", "scale": None, "legend": None},
                },
            }
        ],
        "config": {"view": {"stroke": None}},
    }
