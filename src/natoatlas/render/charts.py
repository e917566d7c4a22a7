"""The briefing's defence expenditure charts, as Vega-Lite specs rendered offline by vl-convert.

Three charts, each in Japanese or English: every Ally's share of GDP in a year, sorted, with the
target line; the five largest Allies' share of GDP over the years; and how many Allies met the
target each year. Each names its release and marks estimates, as the briefing does.

The specs are plain Vega-Lite (dicts), as :mod:`natoatlas.render.maps` builds too: importing Altair
costs half a second a process. :func:`spec` still accepts Altair charts (the web pages' world
map). :func:`render` caches every drawing on disk by content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.util
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from natoatlas.files import atomic_write
from natoatlas.kb.loader import cache_dir
from natoatlas.messages import msg
from natoatlas.render.fonts import FAMILY, font_file, register_vl_convert
from natoatlas.render.maps import datasets

if TYPE_CHECKING:
    import altair as alt

    from natoatlas.atlas import Atlas
    from natoatlas.views.spending import SpendingSeries

__all__ = [
    "allies_chart",
    "compliance_chart",
    "country_chart",
    "render",
    "save",
    "spec",
    "svg_png",
    "top5_chart",
]

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BLUE = "#1f4e9c"
GREY = "#a9b4c2"
RED = "#c0392b"


def _number(value: float) -> str:
    return f"{value:g}"


def _name(atlas: Atlas, code: str, lang: str, year: int) -> str:
    if code in atlas.aggregates:
        return atlas.aggregates[code].name.get(lang)
    return atlas.countries[code].name_on(dt.date(year, 12, 31)).get(lang)


def _footer(atlas: Atlas, release: str, estimates: list[int], lang: str) -> list[str]:
    source = atlas.sources[release]
    published = source.published.isoformat() if source.published else ""
    lines = []
    if estimates:
        lines.append(msg("chart.estimate", lang, years=msg("list.sep", lang).join(map(str, estimates))))
    lines.append(msg("chart.source", lang, title=source.title, published=published))
    return lines


def _data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"values": rows}


def _chart(layers: list[dict[str, Any]], width: int, height: int, title: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "layer": layers,
        "width": width,
        "height": height,
        "title": title,
    }


def _title(text: str, subtitle: list[str]) -> dict[str, Any]:
    return {"text": text, "subtitle": subtitle, "anchor": "start"}


def _target_lines(
    targets: Iterable[float], lang: str, *, size: float, dy: float, font_size: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The layers that draw each target as a dashed red rule across the chart, and its label
    ("目標 2%") at the rule's left end: the same in every chart but for their weight."""
    data = _data([{"target": t, "label": msg("chart.target", lang, target=_number(t))} for t in targets])
    target_y = {"field": "target", "type": "quantitative"}
    rule = {
        "data": data,
        "mark": {"type": "rule", "color": RED, "strokeDash": [6, 4], "size": size},
        "encoding": {"y": target_y},
    }
    label = {
        "data": data,
        "mark": {"type": "text", "color": RED, "align": "left", "dx": 4, "dy": dy, "fontSize": font_size},
        "encoding": {"y": target_y, "x": {"value": 0}, "text": {"field": "label", "type": "nominal"}},
    }
    return rule, label


def allies_chart(
    atlas: Atlas, year: int, target: float = 2.0, release: str | None = None, lang: str = "ja"
) -> dict[str, Any]:
    """Every Ally's share of GDP in ``year``, highest first, bars coloured by the target."""
    figures = atlas.spending.figures(year, "pct_gdp", release)
    if not figures:
        raise LookupError(
            f"no share-of-GDP figures for {year} in release {atlas.spending.release(release).id!r}"
        )
    rows: list[dict[str, Any]] = [
        {
            "ally": _name(atlas, f.ally, lang, year),
            "code": f.ally,
            "value": round(f.value, 2),
            "status": msg("chart.meets", lang) if f.value >= target else msg("chart.below", lang),
        }
        for f in figures
    ]
    order = [str(r["ally"]) for r in rows]
    encoding: dict[str, Any] = {
        "x": {
            "field": "ally",
            "type": "nominal",
            "sort": order,
            "title": msg("chart.ally", lang),
            "axis": {"labelAngle": -60},
        },
        "y": {"field": "value", "type": "quantitative", "title": msg("chart.share", lang)},
        "color": {
            "field": "status",
            "type": "nominal",
            "scale": {"domain": [msg("chart.meets", lang), msg("chart.below", lang)], "range": [BLUE, GREY]},
            "legend": {"title": None, "orient": "top-right"},
        },
        "tooltip": [
            {"field": "ally", "type": "nominal"},
            {"field": "code", "type": "nominal"},
            {"field": "value", "type": "quantitative"},
        ],
    }
    bars = {"data": _data(rows), "mark": {"type": "bar"}, "encoding": encoding}
    labels = {
        "data": _data(rows),
        "mark": {"type": "text", "dy": -6, "fontSize": 9, "color": "#333"},
        "encoding": encoding | {"text": {"field": "value", "type": "quantitative", "format": ".2f"}},
    }
    rule, rule_label = _target_lines([target], lang, size=2, dy=-8, font_size=11)
    release_id = figures[0].release
    estimates = [year] if any(f.estimate for f in figures) else []
    title = _title(msg("chart.allies.title", lang, year=year), _footer(atlas, release_id, estimates, lang))
    return _chart([bars, labels, rule, rule_label], 760, 360, title)


def country_chart(
    series: SpendingSeries,
    releases: dict[str, str],
    targets: tuple[float, ...] = (2.0,),
    lang: str = "ja",
) -> dict[str, Any] | None:
    """An Ally's (or NATO group's) share of GDP over the years (``series``, from
    :func:`natoatlas.views.spending.series`), a line for each release in ``releases`` (id → its
    label in ``lang``, oldest first), estimates as hollow points, and the target lines; None when
    no release gives a figure for it."""
    rows: list[dict[str, Any]] = [
        {"year": p.year, "value": round(p.value, 2), "release": releases[p.release], "estimate": p.estimate}
        for p in series.points
        if p.release in releases
    ]
    if not rows:
        return None
    name = series.name.get(lang)
    colour = {
        "field": "release",
        "type": "nominal",
        "sort": list(releases.values()),
        "legend": {
            "title": msg("chart.release", lang),
            "orient": "bottom",
            "direction": "vertical",
            "labelLimit": 600,
            # a line for each release, as drawn: a hollow symbol would read as "estimate"
            "symbolType": "stroke",
            "symbolStrokeWidth": 2,
        },
    }
    x = {"field": "year", "type": "quantitative", "title": msg("chart.year", lang), "axis": {"format": "d"},
         "scale": {"zero": False}}  # fmt: skip
    y = {"field": "value", "type": "quantitative", "title": msg("chart.share", lang), "scale": {"zero": True}}
    lines = {"data": _data(rows), "mark": {"type": "line"}, "encoding": {"x": x, "y": y, "color": colour}}
    points = {
        "data": _data(rows),
        "mark": {"type": "point", "size": 40},
        "encoding": {
            "x": x,
            "y": y,
            "color": colour,
            "fill": {
                "condition": {"test": "datum.estimate", "value": "white"},
                "field": "release",
                "type": "nominal",
                "sort": list(releases.values()),
                "legend": None,
            },
            "tooltip": [{"field": "year"}, {"field": "value"}, {"field": "release"}],
        },
    }
    rule, rule_label = _target_lines(targets, lang, size=1.5, dy=-6, font_size=10)
    subtitle = [msg("chart.country.note", lang)] if any(r["estimate"] for r in rows) else []
    title = _title(msg("chart.country.title", lang, name=name), subtitle)
    return _chart([lines, points, rule, rule_label], 640, 280, title)


def top5_chart(atlas: Atlas, release: str | None = None, lang: str = "ja") -> dict[str, Any]:
    """The five Allies with the largest defence expenditure (US$, latest year) over the years."""
    spending = atlas.spending
    chosen = spending.release(release)
    latest = max(spending.years(chosen.id, measure="usd_million"), default=None)
    if latest is None:
        raise LookupError(f"release {chosen.id!r} has no expenditure in US$ to rank the Allies by")
    largest = [f.ally for f in spending.figures(latest, "usd_million", chosen.id)[:5]]
    rows: list[dict[str, Any]] = [
        {
            "ally": _name(atlas, code, lang, latest),
            "year": f.year,
            "value": round(f.value, 2),
            "estimate": f.estimate,
        }
        for code in largest
        for f in spending.series(code, "pct_gdp", chosen.id)
    ]
    estimates = sorted({int(r["year"]) for r in rows if r["estimate"]})
    title = _title(msg("chart.top5.title", lang), _footer(atlas, chosen.id, estimates, lang))
    line = {
        "data": _data(rows),
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": msg("chart.year", lang)},
            "y": {"field": "value", "type": "quantitative", "title": msg("chart.share", lang)},
            "color": {
                "field": "ally",
                "type": "nominal",
                "sort": [_name(atlas, c, lang, latest) for c in largest],
                "title": None,
            },
            "tooltip": [
                {"field": "ally", "type": "nominal"},
                {"field": "year", "type": "ordinal"},
                {"field": "value", "type": "quantitative"},
            ],
        },
    }
    return _chart([line], 640, 340, title)


def compliance_chart(
    atlas: Atlas, target: float = 2.0, release: str | None = None, lang: str = "ja"
) -> dict[str, Any]:
    """How many Allies met the target each year, in one release."""
    spending = atlas.spending
    chosen = spending.release(release)
    counts = spending.compliance_by_year(target, "pct_gdp", chosen.id)
    rows: list[dict[str, Any]] = [{"year": year, "count": count} for year, count in counts.items()]
    estimates = [y for y in counts if y in chosen.estimate_years]
    title = _title(
        msg("chart.compliance.title", lang, target=_number(target)),
        _footer(atlas, chosen.id, estimates, lang),
    )
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": msg("chart.year", lang)},
        "y": {"field": "count", "type": "quantitative", "title": msg("chart.count", lang)},
    }
    bars = {"data": _data(rows), "mark": {"type": "bar", "color": BLUE}, "encoding": encoding}
    labels = {
        "data": _data(rows),
        "mark": {"type": "text", "dy": -6, "fontSize": 11},
        "encoding": encoding | {"text": {"field": "count", "type": "quantitative"}},
    }
    return _chart([bars, labels], 560, 300, title)


def spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The chart (an Altair chart, or a Vega-Lite spec such as :mod:`natoatlas.render.maps` builds) as a
    Vega-Lite spec (plain data) with the Japanese font configured."""
    # Schema validation of a spec holding the TopoJSON costs seconds; the charts here are fixed code.
    vega_lite: dict[str, Any] = dict(chart) if isinstance(chart, dict) else chart.to_dict(validate=False)
    named = _named_data(vega_lite)
    if named:
        vega_lite.setdefault("datasets", {}).update(datasets(named))
    vega_lite["config"] = {
        **vega_lite.get("config", {}),
        **{
            "font": FAMILY,
            "title": {"font": FAMILY, "fontSize": 15, "subtitleFont": FAMILY, "subtitleFontSize": 10},
            "axis": {"labelFont": FAMILY, "titleFont": FAMILY},
            "legend": {"labelFont": FAMILY, "titleFont": FAMILY},
            "text": {"font": FAMILY},
            "background": "white",
        },
    }
    return vega_lite


def _named_data(node: Any) -> set[str]:
    """The names of the named data sources a spec uses."""
    found: set[str] = set()
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("name"), str) and "values" not in data:
            found.add(data["name"])
        for key, value in node.items():
            if key not in ("values", "datasets"):  # inline data holds no references: skip it
                found |= _named_data(value)
    elif isinstance(node, list):
        for value in node:
            found |= _named_data(value)
    return found


#: PNG pixels per spec pixel: a map sized for the slide (one spec pixel ≈ one point) is drawn at 144 dpi.
PNG_SCALE = 2


@functools.cache
def _renderer_version() -> str:
    """vl-convert's version, from the name of its ``.dist-info`` folder beside the package:
    ``importlib.metadata`` (email, zipfile, csv …) cost a Markdown briefing a twentieth of its
    start to read the same name, and importing vl_convert itself loads its renderer."""
    spec = importlib.util.find_spec("vl_convert")
    if spec is None or spec.origin is None:
        return "unknown"
    for info in Path(spec.origin).parents[1].glob("vl_convert_python-*.dist-info"):
        return info.name.removeprefix("vl_convert_python-").removesuffix(".dist-info")
    return "unknown"


def _cache_path(vega_lite: dict[str, Any], fmt: str) -> Path | None:
    """Where the drawing of this spec is cached: named by a hash of everything that shapes it
    (the spec, the format and scale, the renderer's version, the font), in the user cache folder."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    font = font_file().stat()
    digest.update(f"{fmt} {PNG_SCALE} {_renderer_version()} {FAMILY} {font.st_size}\n".encode())
    # pickle, not JSON: the maps' specs hold 700 kB of geometry, which json.dumps took 40 ms to
    # write out (a tenth of a Markdown briefing), pickle 5 ms. Equal specs built by the same code
    # pickle alike; one built another way (shared strings) may get a key of its own, drawn once.
    digest.update(pickle.dumps(vega_lite, protocol=5))
    return folder / "figures" / f"{digest.hexdigest()[:40]}.{fmt}"


def render(chart: alt.TopLevelMixin | dict[str, Any], fmt: str) -> bytes:
    """The chart (or its spec) as ``svg`` or ``png`` bytes, drawn offline with the Japanese font.

    Drawings are cached on disk by content (see :func:`_cache_path`), written atomically: the
    same figure is drawn once, whichever process asks for it later."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"charts are written as .svg or .png, not .{fmt}")
    configured = isinstance(chart, dict) and chart.get("config", {}).get("font") == FAMILY
    vega_lite = chart if configured and isinstance(chart, dict) else spec(chart)
    cached = _cache_path(vega_lite, fmt)
    if cached is not None:
        with contextlib.suppress(OSError):
            return cached.read_bytes()
    import vl_convert

    register_vl_convert()
    if fmt == "svg":
        data = vl_convert.vegalite_to_svg(vega_lite).encode("utf-8")
    else:
        data = bytes(vl_convert.vegalite_to_png(vega_lite, scale=PNG_SCALE))
    if cached is not None:
        with contextlib.suppress(OSError):  # a read-only cache folder: the figure is still drawn
            atomic_write(cached, data, mode=0o600)
    return data


def svg_png(svg: str) -> bytes:
    """An SVG drawn here (the operations timeline) as PNG, at the charts' scale and with their
    font, cached on disk by content as :func:`render` caches charts."""
    folder = cache_dir()
    digest = hashlib.sha256(f"svg-png {PNG_SCALE} {_renderer_version()} {FAMILY}\n{svg}".encode()).hexdigest()
    cached = None if folder is None else folder / "figures" / f"{digest[:40]}.png"
    if cached is not None:
        with contextlib.suppress(OSError):
            return cached.read_bytes()
    import vl_convert

    register_vl_convert()
    data = bytes(vl_convert.svg_to_png(svg, scale=PNG_SCALE))
    if cached is not None:
        with contextlib.suppress(OSError):
            atomic_write(cached, data, mode=0o600)
    return data


def save(chart: alt.TopLevelMixin | dict[str, Any], path: Path) -> Path:
    """Write the chart to ``path`` (format from its extension), atomically."""
    return atomic_write(path, render(chart, path.suffix.lower().lstrip(".")))
