"""One self-contained HTML file: styles inline, figures inline (SVG, or PNG for print), no request
to any other host. The PDF writer prints the same page with PNG figures and the bundled font.
"""

from __future__ import annotations

import base64
from typing import Literal

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from natoatlas.messages import msg
from natoatlas.render import charts
from natoatlas.render.briefing import Briefing, Figure
from natoatlas.render.briefing.blocks import OrgChart
from natoatlas.render.briefing.orgchart import svg
from natoatlas.render.writers.common import printable_source_line

__all__ = ["page", "render"]

_ENV = Environment(loader=PackageLoader("natoatlas", "templates"), autoescape=select_autoescape(["html"]))
#: The template's text comes from the catalogue: ``{{ msg("source.label", b.lang) }}``.
_ENV.globals["msg"] = msg


def _figure(figure: Figure, images: Literal["svg", "png"]) -> Markup:
    data = charts.render(figure.spec, images)
    if images == "svg":
        svg = data.decode("utf-8")
        svg = svg[svg.index("<svg") :]  # drop any XML prologue: the SVG sits inside the page
        label = Markup.escape(figure.alt or figure.title)
        # vl-convert's own SVG output, with an escaped label added: trusted markup.
        return Markup(svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))  # noqa: S704
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return Markup('<img src="{}" alt="{}">').format(uri, figure.alt or figure.title)


def _orgchart(chart: OrgChart) -> Markup:
    # drawn by natoatlas.render.briefing.orgchart.svg, which escapes every label: trusted markup.
    return Markup(svg(chart, label=" / ".join(n.label for n in chart.nodes)))  # noqa: S704


def page(briefing: Briefing, images: Literal["svg", "png"] = "svg", font_url: str | None = None) -> str:
    """The HTML text of the briefing."""
    return _ENV.get_template("briefing.html").render(
        b=briefing,
        figure=lambda block: _figure(block, images),
        orgchart=_orgchart,
        font_url=font_url,
        source_line=lambda source: printable_source_line(source, briefing.lang),
    )


def render(briefing: Briefing) -> bytes:
    return page(briefing).encode("utf-8")
