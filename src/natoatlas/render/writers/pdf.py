"""PDF: the HTML page printed by WeasyPrint, figures as PNG, the Japanese font embedded.

WeasyPrint is imported only here (it takes about half a second to import). The font is read
from the local file the package installs; nothing is fetched from a network.
"""

from __future__ import annotations

from natoatlas.render.briefing import Briefing
from natoatlas.render.fonts import font_file
from natoatlas.render.writers.html import page

__all__ = ["render"]


def render(briefing: Briefing) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = page(briefing, images="png", font_url=font_file().as_uri())
    pdf: bytes = HTML(string=html, base_url=str(font_file().parent)).write_pdf()
    return pdf
