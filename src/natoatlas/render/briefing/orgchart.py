"""The organisation chart of a day (section 5): boxes for the bodies and the strategic commands.

:func:`organisation_chart` builds an :class:`~natoatlas.render.briefing.blocks.OrgChart` from the views of
the day: every body in ``bodies.yaml`` that existed (its chair of the day under its name: the
Secretary General for the Council, the ``chair_office`` holder for the others) and every
strategic command in ``places.yaml`` with its commander of the day. The lines are the
structure: the Council at the top, the other bodies under it, the strategic commands under
the Military Committee. :func:`svg` draws it for the HTML, PDF and Markdown writers; the PPTX
writer draws it with native shapes and connectors.
"""

from __future__ import annotations

import datetime as dt

from natoatlas.atlas import Atlas
from natoatlas.messages import msg
from natoatlas.render.briefing.blocks import OrgChart, OrgNode
from natoatlas.render.fonts import text_width
from natoatlas.views.members import SecretaryGeneralView
from natoatlas.views.members import secretary_general as secretary_general_view
from natoatlas.views.sections import Commands, Offices, Organisation
from natoatlas.views.sections import commands as commands_view
from natoatlas.views.sections import offices as offices_view
from natoatlas.views.sections import organisation as organisation_view

__all__ = ["chart_of", "organisation_chart", "svg"]

#: The languages whose chart names the bodies without their acronyms, as the reference's
#: Japanese chart does (北大西洋理事会); the others add them: North Atlantic Council (NAC).
NAMES_ONLY = frozenset({"ja"})


def organisation_chart(atlas: Atlas, day: dt.date, lang: str) -> OrgChart | None:
    """The chart of ``day`` in ``lang``; None before the Council's first session."""
    return chart_of(
        organisation_view(atlas, day),
        secretary_general_view(atlas, day),
        commands_view(atlas, day),
        offices_view(atlas, day),
        lang,
    )


def chart_of(
    organisation: Organisation,
    secretary_general: SecretaryGeneralView,
    commands: Commands,
    offices: Offices,
    lang: str,
) -> OrgChart | None:
    """The chart of the views' day in ``lang``; None before the Council's first session.

    The bodies and their chairs, the Secretary General, the strategic commands and their
    commanders are the views' (:mod:`natoatlas.views.sections`, :mod:`natoatlas.views.members`).
    """
    bodies = {e.body.id: e for e in organisation.bodies}
    # The structure is the data's: each body's ``under``, the Council at the top (none).
    root = next((e.body.id for e in bodies.values() if e.body.under is None), None)
    if root is None:
        return None
    nodes = []
    for entry in bodies.values():
        body = entry.body
        name = body.name.get(lang)
        spelled = body.acronym and lang not in NAMES_ONLY
        label = msg("org.label", lang, name=name, acronym=body.acronym) if spelled else str(name)
        detail = ""
        if body.id == root:
            sg = secretary_general.secretary_general
            if sg is not None:
                detail = msg("org.chair.secretary-general", lang, name=sg.name.get(lang))
        elif entry.chair_on is not None:
            detail = msg("org.chair", lang, name=entry.chair_on.name.get(lang))
        parent = body.under
        if parent is not None and parent not in bodies:
            parent = root
        nodes.append(OrgNode(body.id, label, detail, parent))
    held = {e.office.id: e for e in offices.offices}
    for place in (e.place for e in commands.commands):
        if place.kind != "strategic-command":
            continue
        name = place.name.get(lang)
        label = f"{name} ({place.acronym})" if place.acronym else str(name)
        top = place.under if place.under in bodies else root
        office = held.get(place.commander) if place.commander else None
        detail = ""
        if office is not None and office.holder_on is not None:
            detail = f"{office.office.acronym or ''} {office.holder_on.name.get(lang)}".strip()
        nodes.append(OrgNode(place.id, label, detail, top))
    return OrgChart(tuple(nodes))


# -- SVG ----------------------------------------------------------------------------------------

_BOX_H, _GAP_X, _GAP_Y, _PAD, _SIZE, _SMALL = 58, 16, 44, 10, 14, 11.5


def _box_width(node: OrgNode) -> float:
    return max(text_width(node.label, _SIZE), text_width(node.detail, _SMALL)) * 1.05 + 2 * _PAD


def svg(chart: OrgChart, label: str = "") -> str:
    """The chart as an SVG document: boxes centred level by level, lines from each parent."""
    from html import escape  # the HTML and PDF writers' only

    levels = chart.levels()
    widths = {n.id: _box_width(n) for n in chart.nodes}
    row_widths = [sum(widths[n.id] for n in level) + _GAP_X * (len(level) - 1) for level in levels]
    total = max(row_widths, default=0) + 2 * _GAP_X
    height = len(levels) * (_BOX_H + _GAP_Y) - _GAP_Y + 2 * _GAP_X
    where: dict[str, tuple[float, float]] = {}
    parts = []
    for i, level in enumerate(levels):
        x = (total - row_widths[i]) / 2
        y = _GAP_X + i * (_BOX_H + _GAP_Y)
        for node in level:
            w = widths[node.id]
            where[node.id] = (x + w / 2, y)
            fill = "#1f4e9c" if i == 0 else "#e8eef6"
            colour = "#ffffff" if i == 0 else "#1b2631"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{_BOX_H}" rx="6" '
                f'fill="{fill}" stroke="#1f4e9c" stroke-width="1.5"/>'
                f'<text x="{x + w / 2:.1f}" y="{y + 24:.1f}" font-size="{_SIZE}" font-weight="bold" '
                f'fill="{colour}" text-anchor="middle">{escape(node.label)}</text>'
            )
            if node.detail:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 44:.1f}" font-size="{_SMALL}" fill="{colour}" '
                    f'text-anchor="middle">{escape(node.detail)}</text>'
                )
            x += w + _GAP_X
    lines = []
    for node in chart.nodes:
        if node.parent is None or node.parent not in where:
            continue
        (px, py), (cx, cy) = where[node.parent], where[node.id]
        mid = cy - _GAP_Y / 2
        lines.append(
            f'<path d="M{px:.1f},{py + _BOX_H:.1f} V{mid:.1f} H{cx:.1f} V{cy:.1f}" '
            'fill="none" stroke="#4d5b69" stroke-width="1.5"/>'
        )
    aria = f' role="img" aria-label="{escape(label)}"' if label else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total:.0f} {height:.0f}" '
        f'width="{total:.0f}" height="{height:.0f}"{aria} '
        "font-family=\"IPAexGothic, 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, 'Hiragino Sans', sans-serif\">"
        + "".join(lines)
        + "".join(parts)
        + "</svg>"
    )
