"""The Japanese font every renderer uses: IPAexGothic, installed by pip with matplotlib-fontja.

A font that pip installs means ``make run`` needs no root and every machine renders the same
glyphs. The package is located without importing it (importing it would import matplotlib).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

__all__ = ["FAMILY", "font_dir", "font_file", "register_vl_convert"]

#: The family name inside ipaexg.ttf.
FAMILY = "IPAexGothic"


@functools.cache
def font_dir() -> Path:
    """The folder holding ``ipaexg.ttf``; ``RuntimeError`` if matplotlib-fontja is missing."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the Japanese font is missing: install the matplotlib-fontja package")
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    if not (folder / "ipaexg.ttf").exists():
        raise RuntimeError(f"the Japanese font is missing: no ipaexg.ttf in {folder}")
    return folder


def font_file() -> Path:
    return font_dir() / "ipaexg.ttf"


@functools.cache
def register_vl_convert() -> None:
    """Let vl-convert find the font: without it, it silently drops every text it cannot draw."""
    import vl_convert

    vl_convert.register_font_directory(str(font_dir()))
