"""The printed briefing (PDF and HTML): source footnotes per section, and every glyph drawn.

The titles below are real sources of the data in scripts IPAexGothic lacks (Turkish İ and ı,
Greek with tonos, Ukrainian and Macedonian Cyrillic, simplified Chinese, Marathi).
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

import natoatlas
from natoatlas.render.briefing import Table, build
from natoatlas.render.briefing.blocks import source_line
from natoatlas.render.fonts import covers, renders
from natoatlas.render.writers import render, write
from natoatlas.render.writers.common import footnotes, printable
from natoatlas.render.writers.html import column_widths

#: Sources whose titles need a font other than IPAexGothic, one per script.
SCRIPTS = {
    "cumhuriyet-swe-2024": "İsveç",  # Turkish
    "todayszaman-landcom": "İzmir",  # Latin İ in an English title
    "sofokleous10-2022-09-15-grc-ratifies": "κυρώθηκε",  # Greek
    "lygeros-art12-14": "Άρθρου",  # Greek with tonos
    "kirovograd-hun-swe": "ратифікац",  # Ukrainian
    "macedonism-enc-mk-nato": "МАКЕДОНИЈА",  # Macedonian
    "genha-solana": "索拉纳",  # simplified Chinese
    "mrwiki-izmir": "इझ्मिर",  # Marathi
}


def test_the_script_titles_need_more_than_ipaexgothic(atlas: natoatlas.Atlas) -> None:
    for sid, word in SCRIPTS.items():
        assert word in atlas.sources[sid].title, sid
    assert not any(covers(word) for word in SCRIPTS.values())


def test_a_title_is_transliterated_not_dropped(atlas: natoatlas.Atlas) -> None:
    # With IPAexGothic alone, İ is written I and Marathi in Latin letters: the title stays.
    line = printable(source_line(atlas.sources["todayszaman-landcom"], "ja"))
    assert "New NATO land forces command activated in Izmir" in line
    marathi = printable(source_line(atlas.sources["mrwiki-izmir"], "ja"))
    assert "(Izmir)" in marathi and re.search(r"[a-z]{4} \(Izmir\)", marathi) and covers(marathi)
    assert printable("ภาษาไทย NATO", covers).endswith(" NATO") and covers(printable("ภาษาไทย", covers))
    # With the PDF's fonts, İ and Greek are drawn as written (DejaVu Sans, which pip installs).
    assert renders("New NATO land forces command activated in İzmir Άρθρου ➤")


def test_the_decks_notes_keep_every_title_as_written(atlas: natoatlas.Atlas) -> None:
    # PowerPoint draws notes with the office machine's own fall-back fonts: nothing is transliterated.
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["commands"])
    deck = Presentation(io.BytesIO(render(brief, "pptx")))
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    for sid in ("todayszaman-landcom", "mrwiki-izmir"):
        assert atlas.sources[sid].title in notes, sid


def test_footnotes_are_grouped_by_kind_official_first(atlas: natoatlas.Atlas) -> None:
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["commands"])
    (section,) = brief.sections
    groups = footnotes(section.sources, "ja")
    kinds = [kind for kind, _ in groups]
    order = ["公式", "参考", "報道", "転載"]
    assert kinds[0] == "公式" and kinds == sorted(kinds, key=order.index)
    assert sum(len(entries) for _, entries in groups) == len(section.sources)
    source, text = groups[0][1][0]
    assert source.kind == "official" and source.id not in text and text.startswith(source.publisher)


def test_html_keeps_every_title_and_has_no_columns(atlas: natoatlas.Atlas) -> None:
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["commands"])
    html = render(brief, "html").decode("utf-8")
    assert "New NATO land forces command activated in İzmir" in html and "इझ्मिर (İzmir)" in html
    assert "columns:" not in html
    (section,) = brief.sections
    assert html.count('class="fn"') == len(section.sources)
    assert f'id="commands-src-{len(section.sources)}"' in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make test")
@pytest.mark.slow
def test_pdf_draws_every_script(
    atlas: natoatlas.Atlas, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["overview", "treaty"])
    extra = tuple(atlas.sources[sid] for sid in SCRIPTS)
    overview, treaty = brief.sections
    brief = dataclasses.replace(brief, sections=(overview, dataclasses.replace(treaty, sources=extra)))
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        path = write(brief, tmp_path / "b.pdf")
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]  # no tofu
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert "➤" in flat
    for sid, word in SCRIPTS.items():
        if renders(word):  # Noto CJK and Lohit Marathi are installed by make system
            assert word in flat, sid
        else:
            assert printable(word, renders) in flat, sid
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    names = [row[0] for row in rows]
    assert any("IPAexGothic" in n for n in names) and any("DejaVu-Sans" in n for n in names)
    assert not any("Serif" in n for n in names)  # the page number is in the body's font
    assert all(row[-5] == "yes" for row in rows)  # every font embedded


def test_printed_tables_get_widths_by_content(atlas: natoatlas.Atlas) -> None:
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["treaty", "japan"])
    tables = [b for s in brief.sections for b in s.blocks if isinstance(b, Table)]
    assert tables
    for table in tables:
        widths = column_widths(table)
        assert len(widths) == len(table.columns) and abs(sum(widths) - 100) < 0.5
    japan = next(t for t in tables if t.columns[0] == "年月")
    date, _, details = column_widths(japan)
    assert 8 < date < 20 and details > 45  # the date on one line, the details the widest
    html = render(brief, "html").decode("utf-8")
    assert "<colgroup>" not in html  # a browser lays the HTML out itself


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make test")
@pytest.mark.slow
def test_pdf_dates_fit_their_column(atlas: natoatlas.Atlas, tmp_path: Path) -> None:
    brief = build(atlas, on="2025-05-01", lang="ja", sections=["japan"])
    path = write(brief, tmp_path / "b.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # each of the tables' dates (2017年10月29日 …) is on one line, not wrapped after 月
    assert re.search(r"^\s*2017年10月29日\s", text, re.M)


def test_print_figures_lose_their_alpha_channel_not_their_pixels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    from natoatlas.render.writers.html import _opaque

    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    image = Image.new("RGBA", (4, 2), (0, 0, 0, 0))  # transparent: the page's white
    image.putpixel((1, 1), (31, 78, 156, 255))  # NATO blue, opaque
    out = io.BytesIO()
    image.save(out, format="PNG")
    flat = _opaque(out.getvalue())
    with Image.open(io.BytesIO(flat)) as result:
        assert result.mode == "RGB" and result.size == (4, 2)
        assert result.getpixel((0, 0)) == (255, 255, 255) and result.getpixel((1, 1)) == (31, 78, 156)
    assert list((tmp_path / "cache" / "figures").glob("opaque-*.png"))  # cached by content
    assert _opaque(out.getvalue()) == flat
