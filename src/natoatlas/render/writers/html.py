"""One self-contained HTML file: styles inline, figures inline (SVG, or PNG for print), no request
to any other host. The PDF writer prints the same page with PNG figures and the bundled font.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import unicodedata
from collections.abc import Callable, Sequence
from typing import Literal

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup

from natoatlas.files import atomic_write
from natoatlas.kb.loader import cache_dir
from natoatlas.messages import msg
from natoatlas.render import charts
from natoatlas.render.briefing import Briefing, Figure
from natoatlas.render.briefing.blocks import OrgChart, Table
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
    uri = "data:image/png;base64," + base64.b64encode(_opaque(data)).decode("ascii")
    return Markup('<img src="{}" alt="{}">').format(uri, figure.alt or figure.title)


def _opaque(png: bytes) -> bytes:
    """A PNG figure on white, without its alpha channel (for print), cached on disk by content.

    WeasyPrint writes an image with alpha as two images (colour and mask), each re-encoded: a
    figure without alpha is encoded once. The charts are drawn on white, so nothing changes.
    """
    folder = cache_dir()
    cached = None
    if folder is not None:
        cached = folder / "figures" / f"opaque-{hashlib.sha256(png).hexdigest()[:40]}.png"
        with contextlib.suppress(OSError):
            return cached.read_bytes()
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
            return png
        rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, format="PNG", compress_level=1)  # WeasyPrint re-encodes it anyway
    data = out.getvalue()
    if cached is not None:
        with contextlib.suppress(OSError):
            atomic_write(cached, data, mode=0o600)
    return data


def _orgchart(chart: OrgChart) -> Markup:
    # drawn by natoatlas.render.briefing.orgchart.svg, which escapes every label: trusted markup.
    return Markup(svg(chart, label=" / ".join(n.label for n in chart.nodes)))  # noqa: S704


#: A printed table's width in half-em columns (A4 landscape, 14 mm margins, at the tables' 0.9rem),
#: less each cell's padding: what :func:`column_widths` shares out.
_TABLE_UNITS = 130
_CELL_UNITS = 2


def _units(text: str) -> int:
    """A text's width in half-ems: 2 for a full-width (CJK) character, 1 for any other."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def column_widths(table: Table) -> list[float]:
    """Each column's share of a printed table (per cent): a short column (its longest cell within
    a sixth of the table) keeps just that width; the long ones share the rest by the square root
    of their longest cell (a column of 300 characters beside one of 30 gets three times its
    width, not ten), never narrower than their longest Latin word or their heading.

    WeasyPrint's automatic layout measures every cell twice (a fifth of the PDF's time); with
    these widths the table is laid out fixed, once.
    """
    rows = [table.columns, *table.rows]
    count = len(table.columns)
    longest = [max(_units(row[j]) for row in rows if j < len(row)) + 1 for j in range(count)]
    word = [
        max((_units(w) for row in rows if j < len(row) for w in row[j].split() if w.isascii()), default=1)
        for j in range(count)
    ]
    word = [max(w, _units(table.columns[j])) + 1 for j, w in enumerate(word)]
    room = float(_TABLE_UNITS - _CELL_UNITS * count)
    short = [j for j in range(count) if longest[j] <= room / 6]
    widths = [longest[j] + 2.0 if j in short else 0.0 for j in range(count)]  # 2: slack for rounding
    rest = max(room - sum(widths), room / 2)
    weights = {j: longest[j] ** 0.5 for j in range(count) if j not in short}
    for j, weight in weights.items():
        widths[j] = max(float(word[j]), rest * weight / sum(weights.values()))
    widths = [w + _CELL_UNITS for w in widths]  # a column's width includes its cells' padding
    total = sum(widths)
    return [round(100 * w / total, 1) for w in widths]


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _anything(text: str) -> bool:
    return True


def page(
    briefing: Briefing,
    images: Literal["svg", "png"] = "svg",
    font_faces: Sequence[dict[str, str]] = (),
    can_render: Callable[[str], bool] = _anything,
    plain_footnotes: bool = False,
    fixed_tables: bool = False,
) -> str:
    """The HTML text of the briefing. ``font_faces`` (family, weight, url) are embedded by the PDF;
    ``can_render`` says which characters its fonts draw (others are transliterated). A browser
    falls back on the reader's fonts itself, so the HTML keeps every title as written.
    ``plain_footnotes`` writes each footnote as text with a superscript number, no element of its
    own: WeasyPrint lays out a paragraph of 100 inline boxes a third slower than its text.
    ``fixed_tables`` gives each table its :func:`column_widths` and a fixed layout."""
    return _ENV.get_template("briefing.html").render(
        b=briefing,
        figure=lambda block: _figure(block, images),
        orgchart=_orgchart,
        font_faces=font_faces,
        footnotes=lambda sources: footnotes(sources, briefing.lang, can_render),
        plain_footnotes=plain_footnotes,
        column_widths=column_widths if fixed_tables else None,
        superscript=lambda n: str(n).translate(_SUPERSCRIPT),
    )


def render(briefing: Briefing) -> bytes:
    return page(briefing).encode("utf-8")
