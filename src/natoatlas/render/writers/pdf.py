"""PDF: the HTML page printed by WeasyPrint, figures as PNG, the fonts embedded.

WeasyPrint is imported only here (it takes about half a second to import). The fonts are read
from the local files pip installs (IPAexGothic, then matplotlib's DejaVu Sans for İ, Greek,
Cyrillic and ➤); Pango falls back on the machine's fonts for the rest (Noto CJK, Lohit …), and
what none of them has is transliterated. Nothing is fetched from a network.
"""

from __future__ import annotations

import ctypes.util
import sys
from typing import Any

from natoatlas.render.briefing import Briefing
from natoatlas.render.fonts import FAMILY, fallback_files, font_file, renders
from natoatlas.render.writers.html import page

__all__ = ["render"]


def _weasyprint() -> Any:
    """``weasyprint.HTML``, imported without ``ctypes.util.find_library`` on Linux.

    WeasyPrint tries names such as ``libgobject-2.0-0`` before ``libgobject-2.0.so.0``; cffi asks
    ``find_library`` about each, which runs ``ldconfig`` and ``gcc`` (half a second in all). On
    Linux the ``.so.0`` names that follow are opened by ``dlopen`` itself, which searches the
    same places, so the failing look-ups can answer at once.
    """
    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        from weasyprint import HTML  # type: ignore[import-untyped]

        return HTML
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        from weasyprint import HTML
    finally:
        ctypes.util.find_library = real
    return HTML


#: The characters the PDF sets in DejaVu Sans before IPAexGothic: accented Latin (Latin-1's
#: letters, Extended-A and -B), Greek (with its extended block) and Cyrillic, which IPAexGothic
#: has only as full-width glyphs or not at all, and the superscript digits of the footnotes
#: (IPAexGothic lacks ⁴ to ⁹: the numbers would mix two fonts).
SCRIPTS_RANGE = "U+00B2-00B3, U+00B9, U+00C0-024F, U+0370-03FF, U+0400-052F, U+1E00-1FFF, U+2070-209F"


def _font_faces() -> list[dict[str, str]]:
    faces = [{"family": FAMILY, "weight": "normal", "url": font_file().as_uri()}]
    for weight, path in fallback_files().items():
        faces.append({"family": "DejaVu Sans", "weight": weight, "url": path.as_uri()})
        faces.append(
            {"family": "Atlas Scripts", "weight": weight, "url": path.as_uri(), "range": SCRIPTS_RANGE}
        )
    return faces


def render(briefing: Briefing) -> bytes:
    html_class = _weasyprint()
    html = page(
        briefing,
        images="png",
        font_faces=_font_faces(),
        can_render=renders,
        plain_footnotes=True,
        fixed_tables=True,
    )
    pdf: bytes = html_class(string=html, base_url=str(font_file().parent)).write_pdf()
    return pdf
