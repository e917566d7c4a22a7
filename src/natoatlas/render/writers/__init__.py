"""Writers: one module per format, all rendering the same :class:`~natoatlas.render.briefing.Briefing`.

:func:`write` picks the writer from the file's extension and writes atomically: the file
appears whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from natoatlas.files import atomic_write
from natoatlas.render.briefing import Briefing

__all__ = ["FORMATS", "atomic_write", "render", "write"]

FORMATS = {".pptx": "pptx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "markdown"}


def render(briefing: Briefing, fmt: str) -> bytes:
    """The briefing as the bytes of one format: ``pptx``, ``pdf``, ``html`` or ``markdown``."""
    if fmt == "pptx":
        from natoatlas.render.writers.pptx import render as pptx

        return pptx(briefing)
    if fmt == "pdf":
        from natoatlas.render.writers.pdf import render as pdf

        return pdf(briefing)
    if fmt == "html":
        from natoatlas.render.writers.html import render as html

        return html(briefing)
    if fmt == "markdown":
        from natoatlas.render.writers.markdown import render as markdown

        return markdown(briefing)
    raise ValueError(f"unknown format {fmt!r}; formats: pptx, pdf, html, markdown")


def write(briefing: Briefing, path: Path) -> Path:
    """Write the briefing to ``path`` in the format its extension names (.pptx .pdf .html .md)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name!r}: give a .pptx, .pdf, .html or .md file")
    return atomic_write(path, render(briefing, fmt))
