"""Fonts: IPAexGothic renders here (installed by pip with matplotlib-fontja); office machines get Yu Gothic.

A font that pip installs means ``make run`` needs no root and every machine renders the same
glyphs. The package is located without importing it (importing it would import matplotlib).

The PPTX names 游ゴシック / Yu Gothic, the Japanese font Windows and macOS offices have, and lays
its text out by measuring it with IPAexGothic, whose CJK glyphs have the same full-width advance;
:data:`WIDTH_MARGIN` covers the difference in Latin widths between the two. :func:`fontconfig_file`
lets LibreOffice render such a deck here with IPAexGothic in place of the office fonts.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import tempfile
from pathlib import Path

__all__ = [
    "FAMILY",
    "OFFICE_FALLBACKS",
    "OFFICE_FAMILY",
    "OFFICE_LATIN",
    "WIDTH_MARGIN",
    "covers",
    "font_dir",
    "font_file",
    "fontconfig_file",
    "register_vl_convert",
    "text_width",
]

#: The family name inside ipaexg.ttf.
FAMILY = "IPAexGothic"
#: The Japanese font the PPTX asks for (East Asian runs) and its Latin name (Latin runs).
OFFICE_FAMILY = "游ゴシック"
OFFICE_LATIN = "Yu Gothic"
#: Fonts an office may have instead (Windows, then macOS): LibreOffice here maps them to IPAexGothic.
OFFICE_FALLBACKS = ("Meiryo", "Hiragino Sans")
#: Measured widths are multiplied by this before text is wrapped: Yu Gothic's Latin letters are a
#: little wider than IPAexGothic's (its CJK glyphs have the same 1 em advance).
WIDTH_MARGIN = 1.08


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
def _font() -> object:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_file()), 200)


@functools.cache
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(str(font_file()), lazy=True) as font:
        return frozenset(font.getBestCmap())


def text_width(text: str, size: float) -> float:
    """The width in points of one line of ``text`` at ``size`` points, set in IPAexGothic.

    >>> round(text_width("北大西洋", 10), 1)
    40.0
    """
    return float(_font().getlength(text)) * size / 200  # type: ignore[attr-defined]


def covers(text: str) -> bool:
    """Whether IPAexGothic has a glyph for every character of ``text`` (no tofu).

    >>> covers("NATO 北大西洋条約"), covers("नाटो")
    (True, False)
    """
    cmap = _cmap()
    return all(ord(c) in cmap or c in "\n\t" for c in text)


@functools.cache
def fontconfig_file() -> Path:
    """A fontconfig file adding IPAexGothic and mapping the office fonts to it, for LibreOffice.

    Use it as ``FONTCONFIG_FILE`` when rendering a deck here: the fonts the deck names
    (游ゴシック, Yu Gothic, Meiryo, Hiragino Sans) are then drawn with IPAexGothic.
    """
    aliases = "".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{FAMILY}</family></prefer></alias>"
        for name in (OFFICE_FAMILY, OFFICE_LATIN, "Yu Gothic UI", "YuGothic", *OFFICE_FALLBACKS)
    )
    text = (
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{font_dir()}</dir>{aliases}</fontconfig>"
    )
    folder = Path(tempfile.gettempdir()) / f"natoatlas-fontconfig-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    path = folder / "fonts.conf"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


@functools.cache
def register_vl_convert() -> None:
    """Let vl-convert find the font: without it, it silently drops every text it cannot draw."""
    import vl_convert

    vl_convert.register_font_directory(str(font_dir()))
