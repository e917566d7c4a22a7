"""The briefing's defence expenditure charts, as Altair charts rendered offline by vl-convert.

Three charts, each in Japanese or English: every Ally's share of GDP in a year, sorted, with the
target line; the five largest Allies' share of GDP over the years; and how many Allies met the
target each year. Each names its release and marks estimates, as the briefing does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from natoatlas.fonts import FAMILY, register_vl_convert
from natoatlas.spending import AGGREGATES

if TYPE_CHECKING:
    import altair as alt

    from natoatlas.atlas import Atlas

__all__ = ["allies_chart", "compliance_chart", "render", "save", "spec", "top5_chart"]

BLUE = "#1f4e9c"
GREY = "#a9b4c2"
RED = "#c0392b"
TEXT = {
    "allies": {
        "ja": "NATO加盟国の国防費対GDP比({year}年)",
        "en": "Defence expenditure as a share of GDP, {year}",
    },
    "top5": {
        "ja": "NATO加盟主要5か国の国防費対GDP比",
        "en": "Defence expenditure as a share of GDP: the five largest Allies",
    },
    "compliance": {
        "ja": "国防費対GDP比{target}%以上の加盟国数",
        "en": "Allies spending at least {target}% of GDP on defence",
    },
    "ally": {"ja": "加盟国", "en": "Ally"},
    "share": {"ja": "対GDP比(%)", "en": "% of GDP"},
    "year": {"ja": "年", "en": "Year"},
    "count": {"ja": "加盟国数", "en": "Allies"},
    "meets": {"ja": "達成", "en": "meets"},
    "below": {"ja": "未達成", "en": "below"},
    "estimate": {"ja": "注:{years}年は推計値。", "en": "Figures for {years} are estimates."},
    "source": {"ja": "出典:{title}({published})", "en": "Source: {title} ({published})"},
    "target": {"ja": "目標 {target}%", "en": "target {target}%"},
}


def _t(key: str, lang: str, **values: Any) -> str:
    return TEXT[key][lang].format(**values)


def _number(value: float) -> str:
    return f"{value:g}"


def _name(atlas: Atlas, code: str, lang: str, year: int) -> str:
    if code in AGGREGATES:
        return AGGREGATES[code][lang]
    import datetime as dt

    return atlas.countries[code].name_on(dt.date(year, 12, 31)).get(lang)


def _footer(atlas: Atlas, release: str, estimates: list[int], lang: str) -> list[str]:
    source = atlas.sources[release]
    published = source.published.isoformat() if source.published else ""
    lines = []
    if estimates:
        sep = "、" if lang == "ja" else ", "
        lines.append(_t("estimate", lang, years=sep.join(map(str, estimates))))
    lines.append(_t("source", lang, title=source.title, published=published))
    return lines


def allies_chart(
    atlas: Atlas, year: int, target: float = 2.0, release: str | None = None, lang: str = "ja"
) -> alt.TopLevelMixin:
    """Every Ally's share of GDP in ``year``, highest first, bars coloured by the target."""
    import altair as alt

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
            "status": _t("meets" if f.value >= target else "below", lang),
        }
        for f in figures
    ]
    order = [str(r["ally"]) for r in rows]
    bars = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("ally:N", sort=order, title=_t("ally", lang), axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("value:Q", title=_t("share", lang)),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=[_t("meets", lang), _t("below", lang)], range=[BLUE, GREY]),
                legend=alt.Legend(title=None, orient="top-right"),
            ),
            tooltip=["ally:N", "code:N", "value:Q"],
        )
    )
    labels = bars.mark_text(dy=-6, fontSize=9, color="#333").encode(text=alt.Text("value:Q", format=".2f"))
    rule_data = alt.InlineData(
        values=[{"target": target, "label": _t("target", lang, target=_number(target))}]
    )
    rule = alt.Chart(rule_data).mark_rule(color=RED, strokeDash=[6, 4], size=2).encode(y="target:Q")
    rule_label = (
        alt.Chart(rule_data)
        .mark_text(color=RED, align="left", dx=4, dy=-8, fontSize=11)
        .encode(y="target:Q", x=alt.value(0), text="label:N")
    )
    release_id = figures[0].release
    estimates = [year] if any(f.estimate for f in figures) else []
    title = alt.Title(
        _t("allies", lang, year=year),
        subtitle=_footer(atlas, release_id, estimates, lang),
        anchor="start",
    )
    return alt.layer(bars, labels, rule, rule_label).properties(width=760, height=360, title=title)


def top5_chart(atlas: Atlas, release: str | None = None, lang: str = "ja") -> alt.TopLevelMixin:
    """The five Allies with the largest defence expenditure (US$, latest year) over the years."""
    import altair as alt

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
    title = alt.Title(_t("top5", lang), subtitle=_footer(atlas, chosen.id, estimates, lang), anchor="start")
    chart: alt.TopLevelMixin = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title=_t("year", lang)),
            y=alt.Y("value:Q", title=_t("share", lang)),
            color=alt.Color("ally:N", sort=[_name(atlas, c, lang, latest) for c in largest], title=None),
            tooltip=["ally:N", "year:O", "value:Q"],
        )
        .properties(width=640, height=340, title=title)
    )
    return chart


def compliance_chart(
    atlas: Atlas, target: float = 2.0, release: str | None = None, lang: str = "ja"
) -> alt.TopLevelMixin:
    """How many Allies met the target each year, in one release."""
    import altair as alt

    spending = atlas.spending
    chosen = spending.release(release)
    counts = spending.compliance_by_year(target, "pct_gdp", chosen.id)
    rows: list[dict[str, Any]] = [{"year": year, "count": count} for year, count in counts.items()]
    estimates = [y for y in counts if y in chosen.estimate_years]
    title = alt.Title(
        _t("compliance", lang, target=_number(target)),
        subtitle=_footer(atlas, chosen.id, estimates, lang),
        anchor="start",
    )
    bars = (
        alt.Chart(alt.InlineData(values=rows))
        .mark_bar(color=BLUE)
        .encode(x=alt.X("year:O", title=_t("year", lang)), y=alt.Y("count:Q", title=_t("count", lang)))
    )
    labels = bars.mark_text(dy=-6, fontSize=11).encode(text="count:Q")
    return alt.layer(bars, labels).properties(width=560, height=300, title=title)


def spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    """The chart (an Altair chart, or a Vega-Lite spec such as :mod:`natoatlas.maps` builds) as a
    Vega-Lite spec (plain data) with the Japanese font configured."""
    # Schema validation of a spec holding the TopoJSON costs seconds; the charts here are fixed code.
    vega_lite: dict[str, Any] = dict(chart) if isinstance(chart, dict) else chart.to_dict(validate=False)
    named = _named_data(vega_lite)
    if named:
        from natoatlas.maps import datasets

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
        for value in node.values():
            found |= _named_data(value)
    elif isinstance(node, list):
        for value in node:
            found |= _named_data(value)
    return found


#: PNG pixels per spec pixel: a map sized for the slide (one spec pixel ≈ one point) is drawn at 144 dpi.
PNG_SCALE = 2


def _cache_path(vega_lite: dict[str, Any], fmt: str) -> Path | None:
    """Where the drawing of this spec is cached: named by a hash of everything that shapes it
    (the spec, the format and scale, the renderer's version, the font), in the user cache folder."""
    import hashlib
    import json

    import vl_convert

    from natoatlas.fonts import font_file
    from natoatlas.loader import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256()
    font = font_file().stat()
    digest.update(f"{fmt} {PNG_SCALE} {vl_convert.__version__} {FAMILY} {font.st_size}\n".encode())
    digest.update(json.dumps(vega_lite, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    return folder / "figures" / f"{digest.hexdigest()[:40]}.{fmt}"


def render(chart: alt.TopLevelMixin | dict[str, Any], fmt: str) -> bytes:
    """The chart (or its spec) as ``svg`` or ``png`` bytes, drawn offline with the Japanese font.

    Drawings are cached on disk by content (see :func:`_cache_path`), written atomically: the
    same figure is drawn once, whichever process asks for it later."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"charts are written as .svg or .png, not .{fmt}")
    vega_lite = chart if isinstance(chart, dict) else spec(chart)
    cached = _cache_path(vega_lite, fmt)
    if cached is not None:
        try:
            return cached.read_bytes()
        except OSError:
            pass
    import vl_convert

    register_vl_convert()
    if fmt == "svg":
        data = vl_convert.vegalite_to_svg(vega_lite).encode("utf-8")
    else:
        data = bytes(vl_convert.vegalite_to_png(vega_lite, scale=PNG_SCALE))
    if cached is not None:
        from natoatlas.files import atomic_write

        try:
            atomic_write(cached, data, mode=0o600)
        except OSError:
            pass  # a read-only cache folder: the figure is still drawn
    return data


def save(chart: alt.TopLevelMixin, path: Path) -> Path:
    """Write the chart to ``path`` (format from its extension), atomically."""
    from natoatlas.files import atomic_write

    return atomic_write(path, render(chart, path.suffix.lower().lstrip(".")))
