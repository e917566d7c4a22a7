"""The briefing's maps: what they show comes from the Atlas, and people can read them on a slide.

Members: the North Atlantic with Europe enlarged. Partners: the world, every partner drawn,
Asia-Pacific included, with its own title. Commands: numbered badges that never overlap, one
legend. Every map's smallest text is at least 9 pt where the PPTX places it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation

import natoatlas
from natoatlas.kb.geo import Projection, derived_map
from natoatlas.render import charts, maps
from natoatlas.render.briefing import Figure, build
from natoatlas.render.writers import write
from natoatlas.views.numbering import numbering

DAY = dt.date(2025, 5, 1)
ROOT = Path(__file__).resolve().parents[1]


def layer_rows(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """Each layer's inline rows (the features of a FeatureCollection for shapes)."""
    found = []
    for layer in spec["layer"]:
        values = layer["data"]["values"]
        found.append(values["features"] if isinstance(values, dict) else values)
    return found


def shape_fills(spec: dict[str, Any]) -> dict[str, set[str]]:
    """Country name → the fills its parts are drawn with."""
    fills: dict[str, set[str]] = {}
    for rows in layer_rows(spec):
        for row in rows:
            properties = row.get("properties", {}) if isinstance(row, dict) else {}
            if "fill" in properties:
                fills.setdefault(properties["name"], set()).add(properties["fill"])
    return fills


def bounds(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    points: list[list[float]] = []

    def walk(node: Any) -> None:
        if node and isinstance(node[0], (int, float)):
            points.append(node)
        else:
            for child in node:
                walk(child)

    walk(geometry["coordinates"])
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_members_map_enlarges_europe_and_colours_the_allies_of_the_day(atlas: natoatlas.Atlas) -> None:
    spec = maps.members_map(atlas, DAY, "en")
    assert spec["title"]["text"] == "NATO Allies (32, in blue)"
    x0, y0, w, h = derived_map("members")["panels"]["europe"]["box"]
    europe = Projection.from_dict(derived_map("members")["panels"]["europe"]["projection"])
    # Europe is legible: Luxembourg, the smallest Ally on the mainland, is drawn about 4 px across
    # (it was 1 px in the world-wide map), Montenegro and Slovenia 9 to 11.
    areas = {
        f["properties"]["a3"]: f["properties"]["area"]
        for f in derived_map("members")["features"]
        if f["properties"]["panel"] == "europe"
    }
    assert areas["LUX"] >= 12 and areas["MNE"] >= 60 and areas["SVN"] >= 90
    # Every European capital region lies in the enlarged panel (Brussels, Reykjavík, Ankara, Helsinki).
    for lon, lat in ((4.35, 50.85), (-21.9, 64.1), (32.9, 39.9), (24.9, 60.2)):
        x, y = europe(lon, lat)
        assert x0 < x < x0 + w and y0 < y < y0 + h
    fills = shape_fills(spec)
    assert fills["Luxembourg"] == {maps.BLUE} and fills["United States of America"] == {maps.BLUE}
    assert maps.BLUE not in fills["Austria"]
    old = maps.members_map(atlas, dt.date(1999, 3, 11), "ja")
    assert old["title"]["text"].startswith("北大西洋条約機構加盟国(16か国")
    assert maps.BLUE not in shape_fills(old)["Poland"]


def test_partners_map_draws_every_partner_with_its_own_title(atlas: natoatlas.Atlas) -> None:
    spec = maps.partners_map(atlas, DAY, "en")
    assert spec["title"]["text"] == "NATO's partners, by framework"
    assert "Allies (" not in spec["title"]["text"]
    assert maps.members_map(atlas, DAY, "en", partners=True) == spec  # the web page's map
    codes = {f["properties"]["name"]: f["properties"]["a3"] for f in derived_map("partners")["features"]}
    by_code = {a3: name for name, a3 in codes.items()}
    fills = shape_fills(spec)
    expected = set()
    for framework in maps.partner_frameworks(atlas):
        for partner in atlas.partners(framework, on=DAY):
            expected.add(partner.code)
            assert partner.code in by_code, partner.code
            assert fills[by_code[partner.code]] - {maps.LIGHT}, partner.code
    assert {"JPN", "KOR", "AUS", "NZL", "MNG", "COL"} <= expected
    width, height = derived_map("partners")["size"]
    for feature in derived_map("partners")["features"]:
        west, north, east, south = bounds(feature["geometry"])
        assert west >= 0 and east <= width and north >= 0 and south <= height
        geometry = feature["geometry"]
        parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for part in parts:  # no shape drawn across the world (a ring crossing the antimeridian)
            west, _, east, _ = bounds({"coordinates": part})
            assert east - west < 0.5 * width, feature["properties"]["name"]
    dots = [r for r in layer_rows(spec)[3]] if spec["layer"][3]["mark"]["type"] == "circle" else []
    assert {"Bahrain", "Malta"} <= {d["name"] for d in dots}
    svg = charts.render(charts.spec(spec), "svg").decode()
    assert "NATO&#39;s partners, by framework" in svg or "NATO's partners, by framework" in svg
    assert "Partners across the globe: 9" in svg


def test_commands_map_badges_never_overlap(atlas: natoatlas.Atlas) -> None:
    for lang in ("ja", "en"):
        spec = maps.forces_map(atlas, DAY, lang)
        x0, y0, w, h = derived_map("commands")["panels"]["europe"]["box"]
        marker_layer = next(
            lay for lay in spec["layer"] if lay["mark"]["type"] == "point" and "tooltip" in lay["encoding"]
        )
        markers = marker_layer["data"]["values"]
        badges = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "circle")["data"]["values"]
        numbered = {n.entry.place.id: str(n.number) for n in numbering(atlas, DAY) if n.number}
        assert len(badges) == len(markers) == len(numbered)  # Norfolk, off the map, has no number
        for i, a in enumerate(badges):
            assert x0 + maps.BADGE <= a["bx"] <= x0 + w - maps.BADGE
            assert y0 + maps.BADGE <= a["by"] <= y0 + h - maps.BADGE
            for b in badges[i + 1 :]:
                assert math.dist((a["bx"], a["by"]), (b["bx"], b["by"])) >= 2 * maps.BADGE, (a["n"], b["n"])
            for m in markers:
                assert math.dist((a["bx"], a["by"]), (m["x"], m["y"])) >= maps.BADGE + maps.MARKER
        rules = next(lay for lay in spec["layer"] if lay["mark"]["type"] == "rule")["data"]["values"]
        baltics = ("nfiu-tallinn", "nfiu-riga", "nfiu-vilnius", "bg-estonia", "bg-latvia", "bg-lithuania")
        assert {numbered[p] for p in baltics} <= {r["n"] for r in rules}  # the Baltics: leader lines
        svg = charts.render(charts.spec(spec), "svg").decode()
        assert 'aria-roledescription="legend"' not in svg  # the one legend is drawn by the map itself
        key = [
            lay
            for lay in spec["layer"]
            if lay["mark"]["type"] == "text" and lay["mark"].get("align") == "left"
        ]
        labels = [r["label"] for lay in key for r in lay["data"]["values"]]
        assert ("ノーフォーク(地図外)" if lang == "ja" else "Norfolk (off the map)") in labels
        assert ("バトルグループ" if lang == "ja" else "battlegroups") in labels


def _smallest_font(spec: dict[str, Any]) -> float:
    config = spec.get("config", {})
    sizes = [config["title"]["fontSize"], config["title"]["subtitleFontSize"]]
    for layer in spec["layer"]:
        if layer["mark"]["type"] == "text":
            sizes.append(layer["mark"].get("fontSize", 11))  # Vega's default text size: 11
    return float(min(sizes))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.slow
def test_map_text_is_at_least_9_pt_on_the_slide(atlas: natoatlas.Atlas, tmp_path: Path, lang: str) -> None:
    brief = build(atlas, on=DAY, lang=lang)
    specs = {
        b.title: b.spec for s in brief.sections for b in s.blocks if isinstance(b, Figure) and b.kind == "map"
    }
    assert len(specs) == 3  # members, partners, commands
    deck = write(brief, tmp_path / "deck.pptx")
    seen = 0
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.shape_type != 13 or shape.name not in specs:
                continue
            pixels = Image.open(io.BytesIO(shape.image.blob)).size[0] / charts.PNG_SCALE
            points_per_pixel = shape.width / 12700 / pixels
            assert _smallest_font(specs[shape.name]) * points_per_pixel >= 9, shape.name
            seen += 1
    assert seen == 3


def test_derived_geometry_is_what_the_script_makes() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_geometry
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    made = make_geometry.derive_map("commands", make_geometry.MAPS["commands"])
    assert json.loads(json.dumps(made)) == derived_map("commands")
    for name in make_geometry.MAPS:
        assert (ROOT / "src/natoatlas/data/geo" / f"map-{name}.json").stat().st_size < 300_000


def test_projection_places_points_where_the_map_draws_them() -> None:
    commands = Projection.from_dict(derived_map("commands")["panels"]["europe"]["projection"])
    x0, y0, w, h = derived_map("commands")["panels"]["europe"]["box"]
    mons = commands(3.98, 50.5)
    lisbon, tallinn = commands(-9.1, 38.7), commands(24.7, 59.4)
    assert x0 < mons[0] < x0 + w and y0 < mons[1] < y0 + h
    assert lisbon[0] < mons[0] < tallinn[0] and tallinn[1] < mons[1] < lisbon[1]
    belgium = next(f for f in derived_map("commands")["features"] if f["properties"]["a3"] == "BEL")
    west, north, east, south = bounds(belgium["geometry"])
    assert west < mons[0] < east and north < mons[1] < south
    world = Projection.from_dict(derived_map("partners")["panels"]["world"]["projection"])
    assert world(180.0, 0.0)[0] > world(179.0, 0.0)[0] > world(-179.0, 0.0)[0]  # the antimeridian's edge
