"""Writers: one module per format, all rendering the same :class:`~natoatlas.briefing.Briefing`.

:func:`write` picks the writer from the file's extension and writes atomically: the file
appears whole or not at all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from natoatlas.briefing import Briefing

__all__ = ["FORMATS", "atomic_write", "render", "write"]

FORMATS = {".pptx": "pptx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "markdown"}


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        handle.write(data)
    temp = Path(handle.name)
    try:
        temp.chmod(0o644)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def render(briefing: Briefing, fmt: str) -> bytes:
    """The briefing as the bytes of one format: ``pptx``, ``pdf``, ``html`` or ``markdown``."""
    renderers: dict[str, Callable[[Briefing], bytes]] = {}
    if fmt == "pptx":
        from natoatlas.writers.pptx import render as pptx

        renderers[fmt] = pptx
    elif fmt == "pdf":
        from natoatlas.writers.pdf import render as pdf

        renderers[fmt] = pdf
    elif fmt == "html":
        from natoatlas.writers.html import render as html

        renderers[fmt] = html
    elif fmt == "markdown":
        from natoatlas.writers.markdown import render as markdown

        renderers[fmt] = markdown
    else:
        raise ValueError(f"unknown format {fmt!r}; formats: pptx, pdf, html, markdown")
    return renderers[fmt](briefing)


def write(briefing: Briefing, path: Path) -> Path:
    """Write the briefing to ``path`` in the format its extension names (.pptx .pdf .html .md)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name!r}: give a .pptx, .pdf, .html or .md file")
    return atomic_write(path, render(briefing, fmt))
