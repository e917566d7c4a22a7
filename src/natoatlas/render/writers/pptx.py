"""PPTX: a 16:9 deck with native text, tables and organisation chart, figures as images.

Text is laid out, not estimated: every line is wrapped by measuring it with the font that
renders it here (IPAexGothic, :func:`natoatlas.render.fonts.text_width`, with a margin for Yu Gothic),
lines have an exact pitch, and every text box, table row and column gets the size its text
needs. A section is set at the largest of a few type scales that needs the fewest slides, so
continuation slides appear only where the content cannot fit at a readable size. The deck names
游ゴシック / Yu Gothic in its runs and theme (OOXML has no list of fall-backs), the Japanese font
office machines have. Every slide's notes list its section's sources (official first, with their
kind); the last slide summarises all of them.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from natoatlas.messages import msg
from natoatlas.render import charts
from natoatlas.render.briefing import Briefing, Bullets, Facts, Figure, Heading, Paragraph, Section, Table
from natoatlas.render.briefing.blocks import Block, OrgChart, source_line
from natoatlas.render.fonts import OFFICE_FAMILY, OFFICE_LATIN, WIDTH_MARGIN, text_width
from natoatlas.render.writers.common import sources_summary

__all__ = ["layout_pages", "render", "wrap"]

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's 16:9
LEFT, TOP, RIGHT = Inches(0.5), Inches(1.2), Inches(0.5)
BOTTOM = Inches(7.0)  # the data cut-off line sits below
CONTENT_WIDTH = Emu(WIDTH - LEFT - RIGHT)
BLUE = RGBColor.from_string("1F4E9C")  # type: ignore[no-untyped-call]
GREY = RGBColor.from_string("4D5B69")  # type: ignore[no-untyped-call]
PALE = RGBColor.from_string("E8EEF6")  # type: ignore[no-untyped-call]
WHITE = RGBColor.from_string("FFFFFF")  # type: ignore[no-untyped-call]
PT = 12700  # EMU per point
PITCH = 1.25  # line pitch, in em (set as exact line spacing)
INSET_X, INSET_Y = Inches(0.06), Inches(0.03)  # text box and cell margins
GAP = Inches(0.12)  # between blocks
SCALES = (1.0, 0.93, 0.86, 0.8)  # the type scales a section may be set at
BODY, TITLE_SIZE, HEAD, TABLE_SIZE = 14.0, 15.0, 17.0, 11.0
MIN_FIGURE = Inches(3.0)
_TOKEN = re.compile(r"[0-9A-Za-z\u00c0-\u024f'’.,:;!?%&/()\[\]\-–+=\"#*@$€]+|\s+|.[、。,.)\]」』】〕)]*")


def _width(text: str, size: float) -> float:
    """Width in EMU of one line at ``size`` points, with the margin for the office font."""
    return text_width(text, size) * WIDTH_MARGIN * PT


#: The lines of each (text, width, size) wrapped so far: a table's rows are measured again for
#: every slice of them :meth:`_Layout.parts` tries, at every type scale.
_WRAPPED: dict[tuple[str, int, float], tuple[str, ...]] = {}
#: Each (cell text, size): its widest word and its widest line, in EMU (for column widths).
_SPANS: dict[tuple[str, float], tuple[float, float]] = {}


def wrap(text: str, width: int, size: float) -> list[str]:
    """``text`` cut into the lines it takes in a box ``width`` EMU wide at ``size`` points.

    Latin words stay whole (cut only if one is wider than the box); Japanese breaks between
    characters, never before a closing mark.

    >>> wrap("North Atlantic Council", int(_width("North Atlantic", 12)) + 1, 12)
    ['North Atlantic', 'Council']
    """
    key = (text, int(width), size)
    lines = _WRAPPED.get(key)
    if lines is None:
        if len(_WRAPPED) > 100_000:  # a long-running server: keep the memory bounded
            _WRAPPED.clear()
        lines = _WRAPPED[key] = tuple(_wrap(text, width, size))
    return list(lines)


def _wrap(text: str, width: int, size: float) -> list[str]:
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for token in _TOKEN.findall(part):
            w = _width(token, size)
            if used + w <= width or (token.isspace() and not line):
                line, used = line + token, used + w
                continue
            if token.isspace():
                lines.append(line.rstrip())
                line, used = "", 0.0
                continue
            if line.strip():
                lines.append(line.rstrip())
            line, used = "", 0.0
            while _width(token, size) > width and len(token) > 1:
                cut = max(
                    1, max(i for i in range(1, len(token) + 1) if _width(token[:i], size) <= width or i == 1)
                )
                lines.append(token[:cut])
                token = token[cut:]
            line, used = token, _width(token, size)
        lines.append(line.rstrip())
    return lines


def _text_height(lines: int, size: float) -> int:
    return int(lines * size * PITCH * PT + 2 * INSET_Y + 2 * PT)


@dataclass
class _Placed:
    block: Block
    y: int
    height: int


def _smallest_font(spec: dict[str, object]) -> float | None:
    """The smallest font size (px) a chart or map spec sets: titles, subtitles, text marks
    (not in its data: a map's geometry is most of a spec and holds none)."""
    sizes: list[float] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if (
                    isinstance(value, int | float)
                    and not isinstance(value, bool)
                    and key.lower().endswith("fontsize")
                ):
                    sizes.append(float(value))
                elif key not in ("values", "datasets"):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return min(sizes) if sizes else None


class _Pictures:
    """Each figure's PNG and least height, found once for a deck: the layout tries every type
    scale, and each look-up in the figure cache hashes the whole spec (its geometry too)."""

    def __init__(self) -> None:
        # keyed by the figure itself, which hashes by identity (eq=False: its spec is a dict)
        self._png: dict[Figure, bytes] = {}
        self._least: dict[Figure, int] = {}

    def png(self, figure: Figure) -> bytes:
        if figure not in self._png:
            self._png[figure] = charts.render(figure.spec, "png")
        return self._png[figure]

    def least(self, figure: Figure) -> int:
        if figure not in self._least:
            self._least[figure] = _min_figure(figure, self)
        return self._least[figure]


def _min_figure(figure: Figure, pictures: _Pictures) -> int:
    """The least height a figure may take on a slide: enough for its smallest text to be 9 pt
    (where the spec gives its height and fonts), and never less than MIN_FIGURE."""
    smallest = _smallest_font(figure.spec)
    if smallest is None:
        return int(MIN_FIGURE)
    png = pictures.png(figure)  # cached by content: drawn once for placing and for the slide
    width, height = struct.unpack(">II", png[16:24])
    # At the slide's width the picture is scaled to CONTENT_WIDTH; its text must still be 9 pt.
    needed = Pt(9 / smallest * height / charts.PNG_SCALE)
    by_width = CONTENT_WIDTH * height / width
    return int(min(max(MIN_FIGURE, needed), by_width, BOTTOM - TOP))


@dataclass
class _Page:
    placed: list[_Placed] = field(default_factory=list)


#: The list mark of each deck's language. Japanese takes the full-width 「・」: a "•" before Japanese
#: text is set in the East Asian font (wide, spaced) and before a digit or Latin letter in the
#: Latin one, so one list showed two marks.
_BULLETS = {"ja": "・"}


def _bulleted(item: str, lang: str) -> str:
    """A list item with its language's mark."""
    return _BULLETS.get(lang, "• ") + item


class _Layout:
    """A section's blocks placed on slides at one type scale."""

    def __init__(self, scale: float, pictures: _Pictures | None = None, lang: str = "en") -> None:
        self.scale, self.lang = scale, lang
        self.pictures = pictures or _Pictures()
        self.body, self.title = BODY * scale, TITLE_SIZE * scale
        self.head, self.cell = HEAD * scale, TABLE_SIZE * scale

    # -- sizes -------------------------------------------------------------------------------

    def paragraph_lines(self, text: str, size: float, width: int = CONTENT_WIDTH) -> int:
        return len(wrap(text, width - 2 * INSET_X, size))

    def height(self, block: Block) -> int:
        if isinstance(block, Heading):
            return _text_height(self.paragraph_lines(block.text, self.head), self.head)
        if isinstance(block, Paragraph):
            return _text_height(self.paragraph_lines(block.text, self.body), self.body)
        if isinstance(block, Bullets):
            total: float = 2 * INSET_Y + 2 * PT
            if block.title:
                total += self.paragraph_lines(block.title, self.title) * self.title * PITCH * PT
            for item in block.items:
                total += self.paragraph_lines(_bulleted(item, self.lang), self.body) * self.body * PITCH * PT
            return int(total)
        if isinstance(block, Table) and block.halves:
            total = max(sum(self.row_heights(block.columns, half, HALF)) for half in _halves(block.rows))
            if block.title:
                total += _text_height(self.paragraph_lines(block.title, self.title), self.title)
            return int(total)
        if isinstance(block, Facts | Table):
            columns, rows, title = _table_parts(block)
            total = sum(self.row_heights(columns, rows))
            if title:
                total += _text_height(self.paragraph_lines(title, self.title), self.title)
            return int(total)
        if isinstance(block, OrgChart):
            return int(len(block.levels()) * (Inches(0.95) * self.scale + Inches(0.4)))
        return int(MIN_FIGURE)

    def widths(
        self, columns: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...], room: int = CONTENT_WIDTH
    ) -> list[int]:
        """Column widths in ``room``: each at least its longest word, the rest shared by how much
        text it has."""
        all_rows = ([columns] if columns else []) + list(rows)
        n = len(all_rows[0])
        pad = 2 * INSET_X + Inches(0.02)
        least: list[float] = [0.0] * n
        want: list[float] = [0.0] * n
        for r, row in enumerate(all_rows):
            size = self.cell
            for c, text in enumerate(row):
                spans = _SPANS.get((text, size))
                if spans is None:
                    words = [t for t in _TOKEN.findall(text) if not t.isspace()] or [""]
                    if len(_SPANS) > 100_000:
                        _SPANS.clear()
                    whole = max(_width(p, size) for p in text.split("\n"))
                    # A short cell (a date: 2010年6月25日, a number) is not broken: its whole width, with room for
                    # the renderer's wider glyphs, is its least.
                    shortest = whole * 1.1 if len(text) <= _UNBROKEN else max(_width(w, size) for w in words)
                    spans = _SPANS[(text, size)] = (shortest, whole)
                least[c] = max(least[c], spans[0] + pad)
                want[c] = max(want[c], spans[1] + pad)
            del r
        least = [min(x, room * 0.45) for x in least]
        if sum(want) <= room:
            extra = room - sum(want)
            return _exact([w + extra * w / sum(want) for w in want], room)
        if sum(least) >= room:
            return _exact([w * room / sum(least) for w in least], room)
        spare = room - sum(least)
        need = [max(w - m, 0.0) for w, m in zip(want, least, strict=True)]
        # share the spare room so long columns are not starved: by the square root of need
        weights = [x**0.75 for x in need]
        total = sum(weights) or 1.0
        return _exact([m + spare * w / total for m, w in zip(least, weights, strict=True)], room)

    def row_heights(
        self, columns: tuple[str, ...] | None, rows: tuple[tuple[str, ...], ...], room: int = CONTENT_WIDTH
    ) -> list[int]:
        widths = self.widths(columns, rows, room)
        all_rows = ([columns] if columns else []) + list(rows)
        return [
            _text_height(
                max(len(wrap(c, w - 2 * INSET_X, self.cell)) for c, w in zip(row, widths, strict=True)),
                self.cell,
            )
            for row in all_rows
        ]

    # -- placing -----------------------------------------------------------------------------

    def pages(self, blocks: tuple[Block, ...]) -> list[_Page]:
        pages = [_Page()]
        y: int = int(TOP)
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            # A short note right after a figure (注:2024年は推計値) stays on the figure's slide.
            note = self.height(following) + GAP if isinstance(following, Paragraph) and following.text else 0
            if note > (BOTTOM - TOP) // 4:
                note = 0
            first_part = len(pages[-1].placed)
            for part in self.parts(block, BOTTOM - y):
                if _blank(part):  # the rest starts on the next slide: a break, not a line of space
                    if pages[-1].placed:
                        pages.append(_Page())
                        y = int(TOP)
                        first_part = 0
                    continue
                height = self.height(part)
                last = pages[-1].placed[-1] if len(pages[-1].placed) > first_part else None
                if isinstance(part, Table) and last is not None and isinstance(last.block, Table):
                    # A table's next part on the same slide: one table (cut only where a slide ends).
                    merged = Table(last.block.columns, last.block.rows + part.rows, last.block.title)
                    merged_height = self.height(merged)
                    if last.y + merged_height <= BOTTOM:
                        pages[-1].placed[-1] = _Placed(merged, last.y, merged_height)
                        y = last.y + merged_height + GAP
                        continue
                if isinstance(part, Figure):
                    height = max(int(BOTTOM - y - note), 0)
                    if height < self.pictures.least(part) and pages[-1].placed:
                        pages.append(_Page())
                        y = int(TOP)
                        height = int(BOTTOM - TOP - note)
                elif y + height > BOTTOM and pages[-1].placed:
                    pages.append(_Page())
                    y = int(TOP)
                    first_part = 0
                pages[-1].placed.append(_Placed(part, int(y), height))
                y += height + GAP
        return pages

    def parts(self, block: Block, room: int) -> list[Block]:
        """The block cut where a slide ends: the rest of this slide first, then whole slides;
        never fewer than two rows or items on a slide of their own."""
        if isinstance(block, Table) and block.halves:
            if self.height(block) <= BOTTOM - TOP:
                return [block]  # whole, in halves: here or at the top of the next slide
            block = Table(block.columns, block.rows, block.title)  # too long even so: cut as any table
        if isinstance(block, Table) and len(block.rows) > 1:
            table = block

            def make(chunk: tuple[object, ...], first: bool) -> Block:
                return Table(table.columns, chunk, table.title if first else None)  # type: ignore[arg-type]

            items: tuple[object, ...] = block.rows
        elif isinstance(block, Bullets) and len(block.items) > 1:
            bullets = block
            if len(block.items) <= 3 and room < self.height(block) <= BOTTOM - TOP:
                # A short list is not cut (a heading and one item here, one item over the page).
                return [Paragraph(""), block]

            def make(chunk: tuple[object, ...], first: bool) -> Block:
                return Bullets(chunk, bullets.title if first else None)  # type: ignore[arg-type]

            items = block.items
        else:
            return [block]
        parts: list[Block] = []
        start = 0
        space: int = room
        while start < len(items):
            end = start + 1
            while end < len(items) and self.height(make(items[start : end + 1], not parts)) <= space:
                end += 1
            if self.height(make(items[start:end], not parts)) > space and not parts and space < BOTTOM - TOP:
                parts.append(Paragraph(""))  # nothing fits here: start on the next slide
                space = int(BOTTOM - TOP)
                continue
            if len(items) - end == 1 and end - start > 2:
                end -= 1  # keep the last row company
            parts.append(make(items[start:end], not [p for p in parts if not _blank(p)]))
            start, space = end, int(BOTTOM - TOP)
        return [p for p in parts if not _blank(p)] if len(parts) == 1 else parts


def _blank(block: Block) -> bool:
    return isinstance(block, Paragraph) and not block.text


def _exact(widths: list[float], room: int = CONTENT_WIDTH) -> list[int]:
    out = [int(w) for w in widths]
    out[-1] += room - sum(out)
    return out


#: The most characters a table cell may have to be kept on one line (dates, numbers, short names).
_UNBROKEN = 12

#: The width of each half of a table set in halves, and the gutter between them.
GUTTER = Inches(0.3)
HALF = Emu(int((CONTENT_WIDTH - GUTTER) / 2))


def _halves(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """A table's rows in two halves, cut at the unnumbered row (a group's heading) nearest the
    middle, so that a group starts the right half as it does on the reference's page 6."""
    middle = (len(rows) + 1) // 2
    cuts = [i for i in range(1, len(rows)) if not rows[i][0]] or [middle]
    cut = min(cuts, key=lambda i: (abs(i - middle), i))
    return rows[:cut], rows[cut:]


def _table_parts(
    block: Facts | Table,
) -> tuple[tuple[str, ...] | None, tuple[tuple[str, ...], ...], str | None]:
    if isinstance(block, Facts):
        return None, block.pairs, None
    return block.columns, block.rows, block.title


def layout_pages(
    section: Section, pictures: _Pictures | None = None, lang: str = "en"
) -> tuple[float, list[_Page]]:
    """The scale a section is set at and its slides: the fewest slides, then the fewest cuts (a
    table or list in two parts on one slide), then the largest type."""
    best: tuple[float, list[_Page]] | None = None
    pictures = pictures or _Pictures()

    def cost(pages: list[_Page]) -> tuple[int, int]:
        return len(pages), sum(len(p.placed) for p in pages)

    for scale in SCALES:
        pages = _Layout(scale, pictures, lang).pages(section.blocks)
        if best is None or cost(pages) < cost(best[1]):
            best = (scale, pages)
    assert best is not None
    return best


# -- drawing ----------------------------------------------------------------------------------


def _font(paragraph: object, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    paragraph.line_spacing = Pt(size * PITCH)  # type: ignore[attr-defined]
    paragraph.space_before = Pt(0)  # type: ignore[attr-defined]
    paragraph.space_after = Pt(0)  # type: ignore[attr-defined]
    # no punctuation hanging past the margin: the lines are measured to the frame
    paragraph._p.get_or_add_pPr().set("hangingPunct", "0")  # type: ignore[attr-defined]
    font = paragraph.font  # type: ignore[attr-defined]
    font.size = Pt(size)
    font.bold = bold
    font.name = OFFICE_LATIN
    if colour is not None:
        font.color.rgb = colour
    rpr = font._element
    for tag in ("a:ea", "a:cs"):
        node = rpr.find(qn(tag))
        if node is None:
            node = rpr.makeelement(qn(tag), {})
            rpr.append(node)
        node.set("typeface", OFFICE_FAMILY if tag == "a:ea" else OFFICE_LATIN)
    for run in paragraph.runs:  # type: ignore[attr-defined]
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, OFFICE_LATIN
        if colour is not None:
            run.font.color.rgb = colour
        rpr = run.font._element
        for tag, face in (("a:ea", OFFICE_FAMILY), ("a:cs", OFFICE_LATIN)):
            node = rpr.find(qn(tag))
            if node is None:
                node = rpr.makeelement(qn(tag), {})
                rpr.append(node)
            node.set("typeface", face)


def _frame(shape: object) -> object:
    frame = shape.text_frame  # type: ignore[attr-defined]
    frame.word_wrap = True
    frame.auto_size = None
    frame.margin_left = frame.margin_right = INSET_X
    frame.margin_top = frame.margin_bottom = INSET_Y
    return frame


class _Deck:
    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        self.blank = self.prs.slide_layouts[6]
        self.lang = briefing.lang
        self.pictures = _Pictures()
        self._theme_fonts()

    def _theme_fonts(self) -> None:
        """The theme's fonts: Yu Gothic for Latin text, 游ゴシック for East Asian and Japanese script."""
        part = self.prs.slide_master.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
        )
        root = etree.fromstring(part.blob)
        for kind in ("majorFont", "minorFont"):
            font = root.find(f".//{qn('a:' + kind)}")
            if font is None:
                continue
            font.find(qn("a:latin")).set("typeface", OFFICE_LATIN)
            font.find(qn("a:ea")).set("typeface", OFFICE_FAMILY)
            for script in font.findall(qn("a:font")):
                if script.get("script") == "Jpan":
                    script.set("typeface", OFFICE_FAMILY)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _label(self) -> str:
        return msg("source.label", self.lang)

    # -- slides ------------------------------------------------------------------------------

    def title_slide(self) -> None:
        slide = self.prs.slides.add_slide(self.blank)
        width = int(WIDTH - Inches(2))
        y: int = int(Inches(2.2))
        for text, size, bold, colour in (
            (self.briefing.title, 36.0, True, BLUE),
            (self.briefing.date_line, 22.0, False, None),
            (self.briefing.publisher, 16.0, False, GREY),
        ):
            if not text:
                continue
            height = _text_height(len(wrap(text, width - 2 * INSET_X, size)), size)
            self._text(slide, text, Inches(1), y, width, height, size, bold=bold, colour=colour)
            y += height + Inches(0.25)
        self._notes(
            slide,
            f"{self._label()}:\n" + "\n".join(source_line(s, self.lang) for s in self.briefing.sources),
        )

    def header(self, section: Section, continued: bool, scale: float) -> Slide:
        slide = self.prs.slides.add_slide(self.blank)
        title = msg("slide.continued", self.lang, title=section.title) if continued else section.title
        self._text(slide, title, LEFT, Inches(0.3), CONTENT_WIDTH, Inches(0.7), 24, bold=True, colour=BLUE)
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, LEFT, Inches(1.02), WIDTH - RIGHT, Inches(1.02)
        )
        line.line.color.rgb = BLUE
        line.line.width = Pt(2)
        notes = "\n".join(source_line(s, self.lang, url=True) for s in section.sources)
        as_of = f"\n\n{section.as_of}" if section.as_of else ""
        self._notes(slide, (f"{self._label()}:\n{notes}" if notes else "") + as_of)
        if section.as_of:
            self._text(
                slide, section.as_of, LEFT, BOTTOM + Inches(0.08), CONTENT_WIDTH, Inches(0.3), 9, colour=GREY
            )
        del scale
        return slide  # type: ignore[no-any-return]

    def section(self, section: Section) -> None:
        scale, pages = layout_pages(section, self.pictures, self.lang)
        layout = _Layout(scale, self.pictures, self.lang)
        for i, page in enumerate(pages):
            slide = self.header(section, continued=i > 0, scale=scale)
            for placed in page.placed:
                self._draw(slide, layout, placed)

    def sources_slide(self) -> None:
        sources = self.briefing.sources
        if not sources:
            return
        slide = self.prs.slides.add_slide(self.blank)
        title = msg("source.list.title", self.lang)
        self._text(slide, title, LEFT, Inches(0.3), CONTENT_WIDTH, Inches(0.7), 24, bold=True, colour=BLUE)
        intro = msg("source.list.intro", self.lang, n=len(sources))
        lines = [intro, *sources_summary(sources, self.lang)]
        y: int = int(Inches(1.3))
        for k, text in enumerate(lines):
            size = 14.0 if k == 0 else 13.0
            height = _text_height(len(wrap(text, CONTENT_WIDTH - 2 * INSET_X, size)), size)
            if y + height > BOTTOM:
                break
            self._text(slide, text, LEFT, y, CONTENT_WIDTH, height, size, bold=False)
            y += height + Inches(0.15)
        self._notes(
            slide,
            f"{self._label()}:\n" + "\n".join(source_line(s, self.lang, url=True) for s in sources),
        )

    # -- blocks ------------------------------------------------------------------------------

    def _draw(self, slide: Slide, layout: _Layout, placed: _Placed) -> None:
        block, y, height = placed.block, placed.y, placed.height
        if isinstance(block, Heading):
            self._text(slide, block.text, LEFT, y, CONTENT_WIDTH, height, layout.head, bold=True)
        elif isinstance(block, Paragraph):
            if block.text:
                self._text(slide, block.text, LEFT, y, CONTENT_WIDTH, height, layout.body)
        elif isinstance(block, Bullets):
            box = slide.shapes.add_textbox(LEFT, Emu(y), CONTENT_WIDTH, Emu(height))
            frame = _frame(box)
            paragraphs = ([(block.title, layout.title, True, BLUE)] if block.title else []) + [
                (_bulleted(item, self.lang), layout.body, False, None) for item in block.items
            ]
            for k, (text, size, bold, colour) in enumerate(paragraphs):
                paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()  # type: ignore[attr-defined]
                paragraph.text = text
                _font(paragraph, size, bold=bold, colour=colour)
        elif isinstance(block, Facts | Table):
            columns, rows, title = _table_parts(block)
            if title:
                h = _text_height(layout.paragraph_lines(title, layout.title), layout.title)
                self._text(slide, title, LEFT, y, CONTENT_WIDTH, h, layout.title, bold=True, colour=BLUE)
                y += h
            if isinstance(block, Table) and block.halves:
                for k, half in enumerate(_halves(rows)):
                    self._table(slide, layout, columns, half, y, Emu(int(LEFT + k * (HALF + GUTTER))), HALF)
            else:
                self._table(slide, layout, columns, rows, y)
        elif isinstance(block, OrgChart):
            self._orgchart(slide, layout, block, y)
        elif isinstance(block, Figure):
            png = layout.pictures.png(block)
            picture = slide.shapes.add_picture(io.BytesIO(png), LEFT, Emu(y))
            scale = min(CONTENT_WIDTH / picture.width, height / picture.height, 1.0)
            picture.width, picture.height = Emu(int(picture.width * scale)), Emu(int(picture.height * scale))
            picture.left = Emu(int(LEFT + (CONTENT_WIDTH - picture.width) / 2))
            picture.name = block.title
            element = picture._element
            element.nvPicPr.cNvPr.set(  # type: ignore[union-attr]
                "descr", (block.alt or block.title)[:1000]
            )

    def _table(
        self,
        slide: Slide,
        layout: _Layout,
        columns: tuple[str, ...] | None,
        rows: tuple[tuple[str, ...], ...],
        y: int,
        left: int = LEFT,
        room: int = CONTENT_WIDTH,
    ) -> None:
        widths = layout.widths(columns, rows, room)
        heights = layout.row_heights(columns, rows, room)
        all_rows = ([columns] if columns else []) + list(rows)
        shape = slide.shapes.add_table(
            len(all_rows), len(widths), Emu(left), Emu(y), Emu(room), Emu(sum(heights))
        )
        table = shape.table
        table.first_row = columns is not None
        for i, width in enumerate(widths):
            table.columns[i].width = Emu(width)
        for r, row in enumerate(all_rows):
            table.rows[r].height = Emu(heights[r])
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.margin_left = cell.margin_right = INSET_X
                cell.margin_top = cell.margin_bottom = INSET_Y
                cell.vertical_anchor = MSO_ANCHOR.TOP
                cell.text = text
                header = columns is not None and r == 0
                for paragraph in cell.text_frame.paragraphs:
                    _font(paragraph, layout.cell, bold=header or (columns is None and c == 0))

    def _orgchart(self, slide: Slide, layout: _Layout, chart: OrgChart, y: int) -> None:
        """Boxes level by level, centred; elbow connectors from each parent's bottom to its child."""
        size, small = 13.0 * layout.scale, 11.0 * layout.scale
        box_h = int(Inches(0.95) * layout.scale)
        gap_y, gap_x = Inches(0.4), Inches(0.2)
        shapes: dict[str, object] = {}
        for i, level in enumerate(chart.levels()):
            widths = [
                int(max(_width(n.label, size), _width(n.detail, small)) + 2 * INSET_X + Inches(0.2))
                for n in level
            ]
            total = sum(widths) + gap_x * (len(level) - 1)
            if total > CONTENT_WIDTH:  # too wide: share the width, the text wraps
                widths = [int((CONTENT_WIDTH - gap_x * (len(level) - 1)) / len(level))] * len(level)
                total = CONTENT_WIDTH
            x = LEFT + (CONTENT_WIDTH - total) // 2
            top = y + i * (box_h + gap_y)
            for node, w in zip(level, widths, strict=True):
                box = slide.shapes.add_shape(
                    MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(top), Emu(w), Emu(box_h)
                )
                box.name = node.id
                box.fill.solid()
                box.fill.fore_color.rgb = BLUE if i == 0 else PALE
                box.line.color.rgb = BLUE
                frame = _frame(box)
                frame.vertical_anchor = MSO_ANCHOR.MIDDLE  # type: ignore[attr-defined]
                colour = WHITE if i == 0 else RGBColor.from_string("1B2631")  # type: ignore[no-untyped-call]
                for k, (text, s, bold) in enumerate(((node.label, size, True), (node.detail, small, False))):
                    if not text:
                        continue
                    paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()  # type: ignore[attr-defined]
                    paragraph.text = text
                    paragraph.alignment = PP_ALIGN.CENTER
                    _font(paragraph, s, bold=bold, colour=colour)
                shapes[node.id] = box
                x += w + gap_x
        for node in chart.nodes:
            if node.parent is None or node.parent not in shapes or node.id not in shapes:
                continue
            line = slide.shapes.add_connector(MSO_CONNECTOR.ELBOW, Emu(0), Emu(0), Emu(0), Emu(0))
            line.begin_connect(shapes[node.parent], 2)  # type: ignore[no-untyped-call]
            line.end_connect(shapes[node.id], 0)  # type: ignore[no-untyped-call]
            line.line.color.rgb = GREY
            line.line.width = Pt(1.5)

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
        frame = _frame(box)
        paragraph = frame.paragraphs[0]  # type: ignore[attr-defined]
        paragraph.text = text
        _font(paragraph, size, bold=bold, colour=colour)

    def _notes(self, slide: Slide, text: str) -> None:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            frame.text = text

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


def render(briefing: Briefing) -> bytes:
    deck = _Deck(briefing)
    deck.title_slide()
    for section in briefing.sections:
        deck.section(section)
    deck.sources_slide()
    return deck.bytes()
