"""One self-contained HTML file: styles inline, figures inline (SVG, or PNG for print), no request
to any other host. The PDF writer prints the same page with PNG figures and the bundled font.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Literal

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup

from natoatlas.kb.loader import cache_dir
from natoatlas.messages import msg
from natoatlas.render import charts
from natoatlas.render.briefing import Briefing, Figure
from natoatlas.render.briefing.blocks import OrgChart
from natoatlas.render.briefing.orgchart import svg
from natoatlas.render.writers.common import footnotes

__all__ = ["page", "render"]


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """The compiled template, kept in the user cache folder: Jinja compiles the page's template
    in a tenth of a second, a fifth of the HTML's whole run. Keyed by the template's source, so an
    edited template is compiled again; None when caching is off or the folder cannot be made."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder / "templates"))


_ENV = Environment(
    loader=PackageLoader("natoatlas", "templates"),
    autoescape=select_autoescape(["html"]),
    bytecode_cache=_bytecode_cache(),
)
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


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _anything(text: str) -> bool:
    return True


def page(
    briefing: Briefing,
    images: Literal["svg", "png"] = "svg",
    font_faces: Sequence[dict[str, str]] = (),
    can_render: Callable[[str], bool] = _anything,
    plain_footnotes: bool = False,
) -> str:
    """The HTML text of the briefing. ``font_faces`` (family, weight, url) are embedded by the PDF;
    ``can_render`` says which characters its fonts draw (others are transliterated). A browser
    falls back on the reader's fonts itself, so the HTML keeps every title as written.
    ``plain_footnotes`` writes each footnote as text with a superscript number, no element of its
    own: WeasyPrint lays out a paragraph of 100 inline boxes a third slower than its text."""
    return _ENV.get_template("briefing.html").render(
        b=briefing,
        figure=lambda block: _figure(block, images),
        orgchart=_orgchart,
        font_faces=font_faces,
        footnotes=lambda sources: footnotes(sources, briefing.lang, can_render),
        plain_footnotes=plain_footnotes,
        superscript=lambda n: str(n).translate(_SUPERSCRIPT),
    )


def render(briefing: Briefing) -> bytes:
    return page(briefing).encode("utf-8")
