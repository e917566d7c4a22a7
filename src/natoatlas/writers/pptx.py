"""PPTX: a 16:9 deck with native text and tables, figures as images, sources in the notes.

Blocks are laid out top to bottom and continue on a new slide when the slide is full; every
slide's notes list the sources of its section. Text is set in IPAexGothic for both Latin and
East Asian script, the font every other output uses.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from natoatlas import charts
from natoatlas.briefing import Briefing, Bullets, Facts, Figure, Heading, Paragraph, Section, Table
from natoatlas.briefing.blocks import Block, source_line
from natoatlas.fonts import FAMILY

__all__ = ["render"]

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's 16:9
LEFT, TOP, RIGHT = Inches(0.5), Inches(1.25), Inches(0.5)
BOTTOM = Inches(7.1)
CONTENT_WIDTH = Emu(WIDTH - LEFT - RIGHT)
BLUE = RGBColor.from_string("1F4E9C")  # type: ignore[no-untyped-call]
GREY = RGBColor.from_string("4D5B69")  # type: ignore[no-untyped-call]


@dataclass
class _Page:
    slide: Slide
    y: int


def _font(run_or_paragraph: object, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    font = run_or_paragraph.font  # type: ignore[attr-defined]
    font.size = Pt(size)
    font.bold = bold
    font.name = FAMILY
    if colour is not None:
        font.color.rgb = colour
    rpr = font._element
    for tag in ("a:ea", "a:cs"):
        node = rpr.find(qn(tag))
        if node is None:
            node = rpr.makeelement(qn(tag), {})
            rpr.append(node)
        node.set("typeface", FAMILY)


def _chars_per_line(width: int, size: float, lang: str) -> int:
    points = width / 12700
    return max(10, int(points / (size if lang == "ja" else size * 0.52)))


def _lines(text: str, width: int, size: float, lang: str) -> int:
    per_line = _chars_per_line(width, size, lang)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


class _Deck:
    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        self.lang = briefing.lang

    # -- slides ----------------------------------------------------------------------------

    def title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.blank)
        self._text(
            slide, self.briefing.title, Inches(1), Inches(2.4), WIDTH - Inches(2), Inches(1.2), 40, bold=True
        )
        self._text(slide, self.briefing.date_line, Inches(1), Inches(3.7), WIDTH - Inches(2), Inches(0.6), 24)
        self._text(
            slide,
            self.briefing.publisher,
            Inches(1),
            Inches(4.4),
            WIDTH - Inches(2),
            Inches(0.6),
            16,
            colour=GREY,
        )
        label = "出典" if self.lang == "ja" else "Sources"
        self._notes(
            slide,
            f"{label}:\n" + "\n".join(source_line(s, self.lang) for s in self.briefing.sources),
        )

    def new_page(self, section: Section, continued: bool) -> _Page:
        slide = self.prs.slides.add_slide(self.blank)
        title = section.title + ((" (続き)" if self.lang == "ja" else " (cont.)") if continued else "")
        self._text(slide, title, LEFT, Inches(0.35), CONTENT_WIDTH, Inches(0.7), 26, bold=True, colour=BLUE)
        line = slide.shapes.add_connector(1, LEFT, Inches(1.05), WIDTH - RIGHT, Inches(1.05))
        line.line.color.rgb = BLUE
        line.line.width = Pt(2)
        label = "出典" if self.lang == "ja" else "Sources"
        notes = "\n".join(source_line(s, self.lang, url=True) for s in section.sources)
        as_of = f"\n\n{section.as_of}" if section.as_of else ""
        self._notes(slide, (f"{label}:\n{notes}" if notes else "") + as_of)
        if section.as_of:
            self._text(slide, section.as_of, LEFT, BOTTOM, CONTENT_WIDTH, Inches(0.3), 9, colour=GREY)
        return _Page(slide, TOP)

    def section(self, section: Section) -> None:
        page = self.new_page(section, continued=False)
        for block in section.blocks:
            for part in self._split(block):
                height = self._height(part)
                if page.y + height > BOTTOM and page.y > TOP:
                    page = self.new_page(section, continued=True)
                page.y += self._draw(page.slide, part, page.y) + Inches(0.15)

    # -- blocks ----------------------------------------------------------------------------

    def _split(self, block: Block) -> Iterator[Block]:
        """Blocks too tall for one slide, cut into parts that fit."""
        room = BOTTOM - TOP
        if isinstance(block, Bullets):
            chunk: list[str] = []
            title = block.title
            for item in block.items:
                if chunk and self._height(Bullets((*chunk, item), title)) > room:
                    yield Bullets(tuple(chunk), title)
                    chunk, title = [], None
                chunk.append(item)
            yield Bullets(tuple(chunk), title)
        elif isinstance(block, Table):
            rows: list[tuple[str, ...]] = []
            title = block.title
            for row in block.rows:
                if rows and self._height(Table(block.columns, (*rows, row), title)) > room:
                    yield Table(block.columns, tuple(rows), title)
                    rows, title = [], None
                rows.append(row)
            yield Table(block.columns, tuple(rows), title)
        else:
            yield block

    def _height(self, block: Block) -> int:
        if isinstance(block, Heading):
            return int(Inches(0.5))
        if isinstance(block, Paragraph):
            return int(Inches(0.3) * _lines(block.text, CONTENT_WIDTH, 14, self.lang) + Inches(0.1))
        if isinstance(block, Bullets):
            lines = sum(_lines("• " + i, CONTENT_WIDTH - Inches(0.3), 14, self.lang) for i in block.items)
            return int(Inches(0.3) * (lines + (1 if block.title else 0)) + Inches(0.1))
        if isinstance(block, Facts):
            return int(Inches(0.4) * len(block.pairs))
        if isinstance(block, Table):
            widths = self._widths(block)
            total = Inches(0.35) if block.title else 0
            for row in (block.columns, *block.rows):
                lines = max(
                    _lines(c, w - Inches(0.1), 10.5, self.lang) for c, w in zip(row, widths, strict=True)
                )
                total += Inches(0.22) * lines + Inches(0.1)
            return int(total)
        return int(BOTTOM - TOP)

    def _widths(self, table: Table) -> list[int]:
        longest = [
            max(len(c) for c in (col, *(r[i] for r in table.rows))) for i, col in enumerate(table.columns)
        ]
        weights = [min(max(n, 4), 60) for n in longest]
        total = sum(weights)
        return [int(CONTENT_WIDTH * w / total) for w in weights]

    def _draw(self, slide: Slide, block: Block, y: int) -> int:
        height = self._height(block)
        if isinstance(block, Heading):
            self._text(slide, block.text, LEFT, y, CONTENT_WIDTH, height, 18, bold=True)
        elif isinstance(block, Paragraph):
            self._text(slide, block.text, LEFT, y, CONTENT_WIDTH, height, 14)
        elif isinstance(block, Bullets):
            box = slide.shapes.add_textbox(LEFT, Emu(y), CONTENT_WIDTH, Emu(height))
            frame = box.text_frame
            frame.word_wrap = True
            first = True
            if block.title:
                paragraph = frame.paragraphs[0]
                paragraph.text = block.title
                _font(paragraph, 15, bold=True, colour=BLUE)
                first = False
            for item in block.items:
                paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
                first = False
                paragraph.text = f"• {item}"
                _font(paragraph, 14)
        elif isinstance(block, Facts):
            self._table(slide, ("", ""), block.pairs, y, height, header=False)
        elif isinstance(block, Table):
            if block.title:
                self._text(
                    slide, block.title, LEFT, y, CONTENT_WIDTH, Inches(0.35), 15, bold=True, colour=BLUE
                )
                y += Inches(0.35)
            self._table(
                slide,
                block.columns,
                block.rows,
                y,
                height - (Inches(0.35) if block.title else 0),
                widths=self._widths(block),
            )
        elif isinstance(block, Figure):
            png = charts.render(block.spec, "png")
            picture = slide.shapes.add_picture(io.BytesIO(png), LEFT, Emu(y))
            scale = min(CONTENT_WIDTH / picture.width, (BOTTOM - y) / picture.height, 1.0)
            picture.width, picture.height = Emu(int(picture.width * scale)), Emu(int(picture.height * scale))
            picture.left = Emu(int(LEFT + (CONTENT_WIDTH - picture.width) / 2))
            picture.name = block.title
            self._describe(picture, block.alt or block.title)
        return height

    def _table(
        self,
        slide: Slide,
        columns: tuple[str, ...],
        rows: tuple[tuple[str, ...], ...],
        y: int,
        height: int,
        header: bool = True,
        widths: list[int] | None = None,
    ) -> None:
        count = len(rows) + (1 if header else 0)
        shape = slide.shapes.add_table(
            count, len(columns), LEFT, Emu(y), CONTENT_WIDTH, Emu(max(height, Inches(0.3)))
        )
        table = shape.table
        table.first_row = header
        if widths is None:
            widths = [int(CONTENT_WIDTH * 0.22), int(CONTENT_WIDTH * 0.78)]
        for i, width in enumerate(widths):
            table.columns[i].width = Emu(width)
        all_rows = ([columns] if header else []) + list(rows)
        for r, row in enumerate(all_rows):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.text = text
                for paragraph in cell.text_frame.paragraphs:
                    _font(paragraph, 10.5, bold=(header and r == 0) or (not header and c == 0))

    def _text(
        self,
        slide: Slide,
        text: str,
        left: int,
        top: int,
        width: int,
        height: int,
        size: float,
        bold: bool = False,
        colour: RGBColor | None = None,
    ) -> None:
        box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
        box.text_frame.word_wrap = True
        paragraph = box.text_frame.paragraphs[0]
        paragraph.text = text
        _font(paragraph, size, bold=bold, colour=colour)

    def _notes(self, slide: Slide, text: str) -> None:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            frame.text = text

    def _describe(self, picture: object, text: str) -> None:
        """Alt text for the image (``descr`` of its non-visual properties)."""
        element = picture._element  # type: ignore[attr-defined]
        element.nvPicPr.cNvPr.set("descr", text[:1000])

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def render(briefing: Briefing) -> bytes:
    deck = _Deck(briefing)
    deck.title_slide()
    for section in briefing.sections:
        deck.section(section)
    return deck.bytes()
