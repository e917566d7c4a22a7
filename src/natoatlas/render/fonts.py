"""Fonts: IPAexGothic renders here (installed by pip with matplotlib-fontja); office machines get Yu Gothic.

A font that pip installs means ``make run`` needs no root and every machine renders the same
glyphs. The package is located without importing it (importing it would import matplotlib).

The PPTX names 游ゴシック / Yu Gothic, the Japanese font Windows and macOS offices have, and lays
its text out by measuring it with IPAexGothic, whose CJK glyphs have the same full-width advance;
:data:`WIDTH_MARGIN` covers the difference in Latin widths between the two. :func:`fontconfig_file`
lets LibreOffice render such a deck here with IPAexGothic in place of the office fonts.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import os
import struct
import unicodedata
from pathlib import Path

__all__ = [
    "FAMILY",
    "OFFICE_FALLBACKS",
    "OFFICE_FAMILY",
    "OFFICE_LATIN",
    "WIDTH_MARGIN",
    "covers",
    "fallback_files",
    "font_dir",
    "font_file",
    "fontconfig_file",
    "register_vl_convert",
    "renders",
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


#: The characters IPAexGothic's default OpenType features (``ccmp``, ``liga``) join with a
#: neighbour (kana with a combining sound mark, a letter with a combining accent, tone letters):
#: a text holding one is measured whole, as shaped. ``tests/test_fonts.py`` derives the set from
#: the font's GSUB table, so a new font cannot slip past it.
JOINING = frozenset("\u0060\u00b4\u02e5\u02e9\u0300\u0301\u3099\u309a")
_SHAPED = -1.0  # the advance recorded for a character measured only within its text
#: Each character's advance at 200 px, measured once: a text's width is their sum.
_ADVANCES: dict[str, float] = {}


def _advance(char: str) -> float:
    """One character's advance at 200 px, or ``_SHAPED`` for one that shaping may join with its
    neighbours or that takes no room of its own (marks, format and control characters)."""
    if char in JOINING or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return _SHAPED
    metrics = _metrics(font_file())
    if metrics is None:
        return float(_font().getlength(char))  # type: ignore[attr-defined]
    return metrics.advance(ord(char))


class _Metrics:
    """A font's horizontal advances by character, read from its ``cmap`` (format 12) and ``hmtx``
    tables with ``struct``: what HarfBuzz gives for one character at 200 px, scaled and rounded
    to 1/64 px as it does (``tests/test_fonts.py`` compares every character the font maps), without
    importing Pillow, a tenth of a Markdown briefing's start."""

    def __init__(self, groups: list[tuple[int, int, int]], hmtx: bytes, upem: int) -> None:
        self._rows, self._hmtx, self._upem = groups, hmtx, upem
        self._starts = [first for first, _, _ in groups]

    def glyph(self, code: int) -> int:
        """The glyph of a character: 0 (.notdef) for one the font does not map."""
        i = bisect.bisect_right(self._starts, code) - 1
        if i < 0:
            return 0
        first, last, glyph = self._rows[i]
        return glyph + code - first if code <= last else 0

    def advance(self, code: int) -> float:
        glyph = min(self.glyph(code), len(self._hmtx) // 4 - 1)  # the last advance repeats for the rest
        units: int = struct.unpack_from(">H", self._hmtx, 4 * glyph)[0]
        return ((units * 200 * 64 + self._upem // 2) // self._upem) / 64


@functools.cache
def _metrics(path: Path) -> _Metrics | None:
    """The font's advances (:class:`_Metrics`); None without a format 12 ``cmap`` subtable.
    Only the tables' parts it needs are read (a few kB; the file is 4 MB)."""
    with path.open("rb") as file:

        def read(offset: int, size: int) -> bytes:
            file.seek(offset)
            return file.read(size)

        (count,) = struct.unpack_from(">H", read(4, 2))
        directory = read(12, 16 * count)
        tables = dict(struct.unpack_from(">4s4xI4x", directory, 16 * i) for i in range(count))
        if not {b"cmap", b"hmtx", b"hhea", b"head"} <= tables.keys():
            return None
        (upem,) = struct.unpack_from(">H", read(tables[b"head"] + 18, 2))
        (metrics,) = struct.unpack_from(">H", read(tables[b"hhea"] + 34, 2))
        cmap = tables[b"cmap"]
        (subtables,) = struct.unpack_from(">H", read(cmap + 2, 2))
        records = read(cmap + 4, 8 * subtables)
        for i in range(subtables):
            platform, encoding, offset = struct.unpack_from(">HHI", records, 8 * i)
            if (platform, encoding) == (3, 10) and read(cmap + offset, 2) == b"\x00\x0c":
                (groups,) = struct.unpack(">I", read(cmap + offset + 12, 4))
                rows = list(struct.iter_unpack(">III", read(cmap + offset + 16, 12 * groups)))
                return _Metrics(rows, read(tables[b"hmtx"], 4 * metrics), upem)
    return None


def text_width(text: str, size: float) -> float:
    """The width in points of one line of ``text`` at ``size`` points, set in IPAexGothic.

    The font has no kerning (its GPOS holds only the optional ``palt``/``halt``), so a line's
    width is the sum of its characters' advances: measured once each, and exactly what shaping
    the whole line gives (advances are multiples of 1/64 px, their float sums exact). The slide
    layout measures hundreds of thousands of words; shaping each took seconds.

    >>> round(text_width("北大西洋", 10), 1)
    40.0
    """
    advances = _ADVANCES
    total = 0.0
    for char in text:
        advance = advances.get(char)
        if advance is None:
            advance = advances[char] = _advance(char)
        if advance == _SHAPED:
            return float(_font().getlength(text)) * size / 200  # type: ignore[attr-defined]
        total += advance
    return total * size / 200


@functools.cache
def _file_cmap(path: Path) -> frozenset[int]:
    """The characters a TrueType font maps, read from its cmap's format 12 subtable (Windows,
    full Unicode) with ``struct``: fontTools takes a fifth of a second to decompile the table."""
    data = path.read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    offsets = dict(struct.unpack_from(">4s4xI4x", data, 12 + 16 * i) for i in range(tables))
    cmap = offsets.get(b"cmap")
    if cmap is not None:
        (subtables,) = struct.unpack_from(">H", data, cmap + 2)
        for i in range(subtables):
            platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
            start = cmap + offset
            if (platform, encoding) == (3, 10) and struct.unpack_from(">H", data, start)[0] == 12:
                (groups,) = struct.unpack_from(">I", data, start + 12)
                codes: set[int] = set()
                for g in range(groups):
                    first, last, _ = struct.unpack_from(">III", data, start + 16 + 12 * g)
                    codes.update(range(first, last + 1))
                return frozenset(codes)
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(str(path), lazy=True) as font:  # no format 12 subtable: decompile it all
        return frozenset(font.getBestCmap())


def _cmap() -> frozenset[int]:
    return _file_cmap(font_file())


def covers(text: str) -> bool:
    """Whether IPAexGothic has a glyph for every character of ``text`` (no tofu).

    >>> covers("NATO 北大西洋条約"), covers("नाटो")
    (True, False)
    """
    cmap = _cmap()
    return all(ord(c) in cmap or c in "\n\t" for c in text)


@functools.cache
def fallback_files() -> dict[str, Path]:
    """DejaVu Sans (regular and bold), which matplotlib installs with pip: the PDF's second font,
    for what IPAexGothic lacks (İ ğ ı, Greek with tonos, Cyrillic ј і ї, ➤), found without
    importing matplotlib. Empty if matplotlib's fonts are missing."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    files = {"normal": folder / "DejaVuSans.ttf", "bold": folder / "DejaVuSans-Bold.ttf"}
    return {weight: path for weight, path in files.items() if path.exists()}


@functools.cache
def _system_cmap() -> frozenset[int]:
    """Every character some font that fontconfig knows maps (``fc-list``, about 50 ms, asked only
    for a character neither bundled font has): WeasyPrint's Pango falls back to those fonts."""
    import shutil  # with subprocess: only for the PDF's fall-back fonts
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\\n"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    codes: set[int] = set()
    for span in out.split():
        first, _, last = span.partition("-")
        try:
            codes.update(range(int(first, 16), int(last or first, 16) + 1))
        except ValueError:
            continue
    return frozenset(codes)


def renders(text: str) -> bool:
    """Whether the PDF can draw every character of ``text``: with IPAexGothic, DejaVu Sans or a
    font installed on this machine (Noto CJK for simplified Chinese, Lohit for Marathi …).

    >>> renders("İzmir Ά ї ➤")
    True
    """
    chars = {ord(c) for c in text if c not in "\n\t"} - _cmap()
    for path in fallback_files().values():
        if not chars:
            break
        chars -= _file_cmap(path)
    return not chars or chars <= _system_cmap()


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
    import tempfile

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
