"""The maps of :mod:`natoatlas.render.maps` as plain SVG for the web pages: each map's country
shapes drawn once, as a document of their own, and coloured per date by a style.

Drawing a map spec with vl-convert costs about 100 ms of CPU, almost all of it the country
shapes, which are the same on every date: only their colours change (and the marks, legends and
titles on them, a few dozen elements). So the countries of each map are written once, as an SVG
document the web app serves (``/maps/NAME.svg``, one ``<path>`` per feature filled by the custom
property of its ISO alpha-3, ``--c-FRA``), which the browser fetches and caches once. A day's
map is a small inline ``<svg>``: a ``<use>`` of those shapes whose ``style`` sets each Ally's,
partner's or other country's colour (custom properties inherit into the copy ``<use>`` makes),
plus the day's other layers written here from the same spec. No script.

What a map shows stays the spec's (:mod:`natoatlas.render.maps` computes it once for the briefing
and the pages); this module only draws the subset of Vega-Lite those specs use: geoshapes of
pixel coordinates (the identity projection), points (circle, square, triangle, diamond), circles,
text and rules positioned by ``longitude``/``latitude`` fields that hold pixels, and a title with
subtitles. The briefing's PPTX and PDF still draw the same specs with vl-convert.
"""

from __future__ import annotations

import html
import math
import threading
from collections.abc import Iterable
from typing import Any

from natoatlas.render.fonts import FAMILY

__all__ = ["COUNTRIES", "colours", "document", "geometry", "href", "is_map", "render"]

#: The spec's ``usermeta`` key naming the map, whose countries are then drawn once.
COUNTRIES = "natoatlas-map"
_LOCK = threading.Lock()
_GEOMETRY: dict[str, str] = {}
_TITLE_SIZE = 15.0
_SUBTITLE_SIZE = 10.0
_TITLE_GAP = 4.0


def is_map(spec: dict[str, Any]) -> bool:
    """Whether the spec is a map this module draws (it names its geometry in ``usermeta``)."""
    return isinstance(spec.get("usermeta"), dict) and COUNTRIES in spec["usermeta"]


def _num(value: float) -> str:
    """A coordinate, short: one decimal is a tenth of a pixel."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ring(points: Iterable[Iterable[float]], close: bool) -> str:
    parts = []
    for i, point in enumerate(points):
        x, y = list(point)[:2]
        parts.append(("M" if i == 0 else "L") + _num(x) + "," + _num(y))
    return "".join(parts) + ("Z" if close else "")


def path_data(geometry: dict[str, Any]) -> str:
    """A GeoJSON geometry in pixel coordinates as SVG path data."""
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return "".join(_ring(r, True) for r in coords)
    if kind == "MultiPolygon":
        return "".join(_ring(r, True) for polygon in coords for r in polygon)
    if kind == "LineString":
        return _ring(coords, False)
    if kind == "MultiLineString":
        return "".join(_ring(line, False) for line in coords)
    raise ValueError(f"a map draws Polygon, MultiPolygon and LineString geometries, not {kind}")


def _features(layer: dict[str, Any]) -> list[dict[str, Any]]:
    values = layer.get("data", {}).get("values")
    if isinstance(values, dict):
        features: list[dict[str, Any]] = values.get("features", [])
        return features
    return []


def _countries_layer(layer: dict[str, Any]) -> bool:
    """The layer of country shapes: geoshapes filled by each feature's ``fill`` and named by ``a3``."""
    features = _features(layer)
    return bool(features) and all("a3" in f.get("properties", {}) for f in features)


def document(features: Iterable[dict[str, Any]]) -> str:
    """The countries of a map as an SVG document of their own, served once and cached by the
    browser: one path per feature in the group ``#land``, filled by the custom property of its
    ISO alpha-3 (``--c-FRA``), else ``--land``. Custom properties inherit into the copy a
    ``<use>`` makes, so a page colours the shared shapes for its day with a style, no script."""
    paths = "".join(
        f'<path class="c-{html.escape(a3)}" style="fill:var(--c-{html.escape(a3)},var(--land))"'
        f' d="{path_data(f["geometry"])}"/>'
        for f in features
        for a3 in [f["properties"]["a3"]]
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg"><g id="land">{paths}</g></svg>'


def geometry(name: str, features: Iterable[dict[str, Any]]) -> str:
    """:func:`document` of map ``name``, written once per process."""
    with _LOCK:
        found = _GEOMETRY.get(name)
    if found is None:
        found = document(features)
        with _LOCK:
            found = _GEOMETRY.setdefault(name, found)
    return found


def href(name: str) -> str:
    """Where the pages fetch the countries of map ``name`` (the web app serves :func:`geometry` there)."""
    return f"/maps/{name}.svg#land"


def _fills(layer: dict[str, Any]) -> dict[str, str]:
    """Each country's fill on the spec's day: ISO alpha-3 → colour."""
    return {f["properties"]["a3"]: f["properties"]["fill"] for f in _features(layer)}


def colours(fills: dict[str, str]) -> str:
    """The day's colours as custom properties: the most common fill as ``--land``, each other
    country by its code (sorted, so that a day's drawing is always the same text)."""
    if not fills:
        return ""
    counts: dict[str, int] = {}
    for colour in fills.values():
        counts[colour] = counts.get(colour, 0) + 1
    default = max(counts, key=lambda c: (counts[c], c))
    return ";".join(
        [f"--land:{default}"]
        + [f"--c-{html.escape(code)}:{colour}" for code, colour in sorted(fills.items()) if colour != default]
    )


def _countries(name: str, layer: dict[str, Any]) -> str:
    """The countries of a day: the shared shapes, coloured by custom properties on the ``<use>``."""
    mark = layer.get("mark", {})
    stroke, width = mark.get("stroke", "white"), mark.get("strokeWidth", 0.5)
    return (
        f'<use href="{href(name)}" class="land"{_attr("stroke", stroke)}{_attr("stroke-width", width)}'
        f"{_attr('style', colours(_fills(layer)))}/>"
    )


def _attr(name: str, value: Any) -> str:
    return f' {name}="{html.escape(str(value))}"'


def _value(row: dict[str, Any], encoding: dict[str, Any], channel: str, default: Any = None) -> Any:
    """A channel's value for a row: a field of the row, or a constant (``value``)."""
    spec = encoding.get(channel)
    if spec is None:
        return default
    if "field" in spec:
        return row.get(spec["field"], default)
    return spec.get("value", default)


def _symbol(shape: str, x: float, y: float, size: float) -> tuple[str, dict[str, Any]]:
    """A Vega symbol of area ``size`` at (x, y): the element and its geometry attributes."""
    if shape == "circle":
        return "circle", {"cx": _num(x), "cy": _num(y), "r": f"{math.sqrt(size / math.pi):.2f}"}
    r = math.sqrt(size) / 2
    if shape == "square":
        return "rect", {"x": _num(x - r), "y": _num(y - r), "width": _num(2 * r), "height": _num(2 * r)}
    if shape == "diamond":
        points = [(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]
    elif shape == "triangle-up":
        h = r * math.sqrt(3)
        points = [(x, y - h * 2 / 3), (x + r * 1.15, y + h / 3), (x - r * 1.15, y + h / 3)]
    else:
        return "circle", {"cx": _num(x), "cy": _num(y), "r": f"{math.sqrt(size / math.pi):.2f}"}
    return "polygon", {"points": " ".join(f"{_num(px)},{_num(py)}" for px, py in points)}


_BASELINE = {"middle": "central", "top": "hanging", "bottom": "text-after-edge", "alphabetic": "auto"}
_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


def _marks(layer: dict[str, Any]) -> str:
    """A layer of rows (points, circles, text, rules) at pixel positions."""
    mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
    kind = mark["type"]
    encoding = layer.get("encoding", {})
    rows = layer.get("data", {}).get("values", [])
    out = []
    for row in rows if isinstance(rows, list) else []:
        x = float(_value(row, encoding, "longitude", 0.0))
        y = float(_value(row, encoding, "latitude", 0.0))
        if kind == "rule":
            x2 = float(
                _value(row, encoding, "longitude2", x) if "field" in encoding.get("longitude2", {}) else x
            )
            y2 = float(
                _value(row, encoding, "latitude2", y) if "field" in encoding.get("latitude2", {}) else y
            )
            out.append(
                f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x2)}" y2="{_num(y2)}"'
                f"{_attr('stroke', mark.get('color', '#000'))}{_attr('stroke-width', mark.get('strokeWidth', 1))}/>"
            )
        elif kind in ("point", "circle"):
            shape = (
                "circle" if kind == "circle" else _value(row, encoding, "shape", mark.get("shape", "circle"))
            )
            colour = _value(row, encoding, "color", mark.get("color", "#4c78a8"))
            fill = mark.get("fill", colour if mark.get("filled", kind == "circle") else "none")
            stroke = _value(row, encoding, "stroke", mark.get("stroke", "none" if fill != "none" else colour))
            element, geometry = _symbol(str(shape), x, y, float(mark.get("size", 30)))
            attrs = "".join(_attr(k, v) for k, v in geometry.items())
            out.append(
                f"<{element}{attrs}{_attr('fill', fill)}{_attr('stroke', stroke or 'none')}"
                f"{_attr('stroke-width', mark.get('strokeWidth', 1))}/>"
            )
        elif kind == "text":
            text = _value(row, encoding, "text", mark.get("text", ""))
            anchor = _ANCHOR.get(mark.get("align", "center"), "middle")
            baseline = _BASELINE.get(mark.get("baseline", "middle"), "central")
            weight = _attr("font-weight", mark["fontWeight"]) if "fontWeight" in mark else ""
            out.append(
                f'<text x="{_num(x + float(mark.get("dx", 0)))}" y="{_num(y + float(mark.get("dy", 0)))}"'
                f"{_attr('text-anchor', anchor)}{_attr('dominant-baseline', baseline)}"
                f"{_attr('font-size', mark.get('fontSize', 11))}{weight}"
                f"{_attr('fill', _value(row, encoding, 'color', mark.get('color', '#000')))}>"
                f"{html.escape(str(text))}</text>"
            )
        else:
            raise ValueError(f"a map draws geoshape, point, circle, text and rule marks, not {kind}")
    return "".join(out)


def _shapes(layer: dict[str, Any]) -> str:
    """A layer of geoshapes other than the countries (the sea, panel frames, an outline)."""
    mark = layer["mark"]
    filled = mark.get("filled", True)
    fill = mark.get("fill", "none") if filled else "none"
    stroke = mark.get("stroke") or "none"
    attrs = _attr("fill", fill) + _attr("stroke", stroke)
    if stroke != "none":
        attrs += _attr("stroke-width", mark.get("strokeWidth", 1))
    if "strokeDash" in mark:
        attrs += _attr("stroke-dasharray", ",".join(str(v) for v in mark["strokeDash"]))
    paths = "".join(f'<path d="{path_data(f["geometry"])}"/>' for f in _features(layer))
    return f"<g{attrs}>{paths}</g>"


def _title(title: Any) -> tuple[list[tuple[str, float]], float]:
    """The title's lines (text, font size) and the height they take above the plot."""
    if not title:
        return [], 0.0
    if isinstance(title, str):
        title = {"text": title}
    lines = [(str(title.get("text", "")), _TITLE_SIZE)]
    subtitle = title.get("subtitle") or []
    lines += [(str(s), _SUBTITLE_SIZE) for s in ([subtitle] if isinstance(subtitle, str) else subtitle)]
    height = sum(size * 1.25 for _, size in lines) + _TITLE_GAP
    return lines, height


def render(spec: dict[str, Any], map_id: str, label: str = "") -> str:
    """The map ``spec`` as an inline ``<svg id=map_id>``: its countries a ``<use>`` of the shapes
    drawn once (:func:`href`), coloured for its day; the other layers written here."""
    name = spec["usermeta"][COUNTRIES]
    width, height = float(spec["width"]), float(spec["height"])
    padding = float(spec.get("padding", 0))
    lines, title_height = _title(spec.get("title"))
    total_w, total_h = width + 2 * padding, height + title_height + 2 * padding
    body = []
    for layer in spec["layer"]:
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
        if mark["type"] == "geoshape" and _countries_layer(layer):
            body.append(_countries(name, layer))
        elif mark["type"] == "geoshape":
            body.append(_shapes(layer))
        else:
            body.append(_marks(layer))
    head = []
    y = padding
    for text, size in lines:
        y += size
        weight = ' font-weight="bold"' if size == _TITLE_SIZE else ""
        head.append(
            f'<text x="{_num(padding)}" y="{_num(y)}" font-size="{_num(size)}"{weight} fill="#000">'
            f"{html.escape(text)}</text>"
        )
        y += size * 0.25
    aria = _attr("aria-label", label or (lines[0][0] if lines else ""))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{map_id}" class="map-drawing" role="img"{aria}'
        f' width="{_num(total_w)}" height="{_num(total_h)}" viewBox="0 0 {_num(total_w)} {_num(total_h)}"'
        f' font-family="{FAMILY}, sans-serif">'
        f'<rect width="{_num(total_w)}" height="{_num(total_h)}" fill="white"/>{"".join(head)}'
        f'<g transform="translate({_num(padding)},{_num(padding + title_height)})">{"".join(body)}</g></svg>'
    )
