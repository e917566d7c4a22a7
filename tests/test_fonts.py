"""The fast font measurements give exactly what the font's own tables and shaping give."""

from __future__ import annotations

import datetime as dt

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

import natoatlas
from natoatlas.render import fonts
from natoatlas.render.briefing import build
from natoatlas.render.writers import render


def _shaped(text: str, size: float) -> float:
    """The width as the font shapes the whole line (what text_width used to compute)."""
    return float(fonts._font().getlength(text)) * size / 200  # type: ignore[attr-defined]


def test_the_joining_characters_are_every_one_the_default_features_join() -> None:
    with TTFont(str(fonts.font_file())) as font:
        gsub = font["GSUB"].table
        components: set[str] = set()
        for record in gsub.FeatureList.FeatureRecord:
            if record.FeatureTag not in ("ccmp", "liga", "clig", "calt", "rlig", "locl"):
                continue  # the features HarfBuzz applies by default to horizontal text
            for index in record.Feature.LookupListIndex:
                for table in gsub.LookupList.Lookup[index].SubTable:
                    for ligatures in getattr(table, "ligatures", {}).values():
                        for ligature in ligatures:
                            components.update(ligature.Component)
        joining = {chr(code) for code, glyph in font.getBestCmap().items() if glyph in components}
        # no kerning either: the positioning features are only the optional proportional ones
        assert {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord} <= {
            "palt",
            "halt",
            "vpal",
            "vhal",
        }
    assert joining == set(fonts.JOINING)


def test_widths_summed_by_character_are_the_shaped_widths() -> None:
    atlas = natoatlas.load()
    texts = {"か\u3099", "e\u0301te", "a`b", "x\u200by", "\ufe0f", "AVAWA To ffi", "北大西洋条約機構 (NATO)"}
    for lang in ("ja", "en"):  # every line of the briefing's text, as the Markdown gives it
        markdown = render(build(atlas, dt.date(2025, 5, 1), lang), "markdown").decode("utf-8")
        texts.update(line for line in markdown.splitlines() if line and "data:" not in line)
    assert len(texts) > 300
    for text in texts:
        for size in (11.0, 13.02):
            assert fonts.text_width(text, size) == _shaped(text, size), text


def test_the_cmap_read_with_struct_is_the_one_fonttools_reads() -> None:
    with TTFont(str(fonts.font_file()), lazy=True) as font:
        expected = frozenset(font.getBestCmap())
    assert fonts._cmap() == expected
    assert fonts.covers("NATO 北大西洋条約 ①㉙") and not fonts.covers("İzmir")


def test_advances_read_from_the_tables_are_the_shaped_ones_for_every_character() -> None:
    """Every character the font maps (and one it does not: .notdef) measures as Pillow shapes it."""
    with TTFont(str(fonts.font_file()), lazy=True) as font:
        codes = sorted(font.getBestCmap())
    metrics = fonts._metrics(fonts.font_file())
    assert metrics is not None and len(codes) > 11000
    for code in [*codes, 0x0900, 0x1F600]:
        char = chr(code)
        if fonts._advance(char) != fonts._SHAPED:
            assert metrics.advance(code) == _shaped(char, 200), hex(code)
