"""The operations timeline: one bar per operation on a time axis, a legend of its colours, drawn
here as plain SVG (no script, no Vega), in Japanese or English.

Every text is measured with the font the pages and charts use (:func:`natoatlas.render.fonts.text_width`,
with a margin for a browser's fallback font) and a name too long for the label column wraps onto
more lines, so that no label runs past the drawing: the SVG scales with the page (``viewBox``),
so what fits the drawing fits any width the page allows.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from natoatlas.messages import msg
from natoatlas.render.fonts import FAMILY, text_width

if TYPE_CHECKING:
    from natoatlas.kb.model import Operation

__all__ = ["ENDED", "FONT_SIZE", "ONGOING", "WIDTH", "WIDTH_SLACK", "lines_of", "timeline_svg"]

#: The drawing's width in SVG units (it scales to the page's width).
WIDTH = 900
#: Bar colours: under way on the day, and ended by then.
ONGOING = "#1f4e9c"
ENDED = "#a9b4c2"
FONT_SIZE = 11
#: Measured widths are multiplied by this: a browser without IPAexGothic draws with a wider font.
WIDTH_SLACK = 1.15
_LEFT = 300  # where the time axis starts: the label column is left of it
_RIGHT = 24  # room for half of the last year's label
_LINE = 14  # a label line's height
_TOP = 24  # below the years


def _width(text: str) -> float:
    return text_width(text, FONT_SIZE) * WIDTH_SLACK


def lines_of(text: str, room: float) -> list[str]:
    """``text`` broken into lines no wider than ``room``: between words where it has spaces, else
    between characters (Japanese), a word wider than ``room`` broken between its characters."""
    spaced = " " in text
    pieces = text.split() if spaced else list(text)
    lines: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current and spaced else current + piece
        if not current or _width(candidate) <= room:
            current = candidate
            continue
        lines.append(current)
        current = piece
    if current:
        lines.append(current)
    out: list[str] = []
    for line in lines:  # a single word wider than the room: cut between its characters
        while _width(line) > room and len(line) > 1:
            cut = 1
            while cut < len(line) and _width(line[: cut + 1]) <= room:
                cut += 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT_SIZE}" text-anchor="{anchor}">{html.escape(text)}</text>'


def timeline_svg(operations: Sequence[Operation], day: dt.date, lang: str, day_text: str) -> str:
    """The operations (started by ``day``) as bars from their start to their end or ``day``,
    coloured by whether they are under way on ``day``, with a legend; "" for none."""
    if not operations:
        return ""
    first = min(o.start.first_day for o in operations).year
    last = day.year + 1
    scale = (WIDTH - _LEFT - _RIGHT) / (last - first)
    room = _LEFT - 16
    body: list[str] = []
    y = _TOP + 4
    for op in operations:
        name = op.name.get(lang)
        lines = lines_of(name, room)
        height = max(22, len(lines) * _LINE + 8)
        for i, line in enumerate(lines):
            body.append(_text(_LEFT - 8, y + 12 + i * _LINE, line, "end"))
        begin = op.start.first_day
        end = op.end.first_day if op.end and op.end.first_day <= day else day
        x0 = _LEFT + (begin.year - first + begin.timetuple().tm_yday / 366) * scale
        x1 = _LEFT + (end.year - first + end.timetuple().tm_yday / 366) * scale
        colour = ONGOING if op.holds_on(day) else ENDED
        bar_y = y + (height - 16) / 2 - 1
        body.append(
            f'<rect x="{x0:.1f}" y="{bar_y:.1f}" width="{max(2.0, x1 - x0):.1f}" height="16" fill="{colour}">'
            f"<title>{html.escape(name)}: {op.start} – {op.last_day or op.end or ''}</title></rect>"
        )
        y += height
    rows_end = y
    # The legend, below the bars: a swatch and its meaning, side by side where they fit.
    legend = [(ONGOING, msg("chart.timeline.ongoing", lang, day=day_text)),
              (ENDED, msg("chart.timeline.ended", lang, day=day_text))]  # fmt: skip
    x, y = 8.0, rows_end + 14
    for colour, text in legend:
        wide = 14 + 6 + _width(text)
        if x > 8 and x + wide > WIDTH - 8:
            x, y = 8.0, y + 20
        body.append(f'<rect class="legend" x="{x:.1f}" y="{y:.1f}" width="14" height="14" fill="{colour}"/>')
        body.append(_text(x + 20, y + 11, text))
        x += wide + 24
    height = y + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" font-family="{FAMILY}, sans-serif" '
        f'aria-label="{html.escape(msg("chart.timeline", lang))}">',
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="white"/>',
    ]
    for year in range(first, last + 1, max(1, (last - first) // 12)):
        x = _LEFT + (year - first) * scale
        parts.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{rows_end:.1f}" stroke="#d5dbe1"/>')
        parts.append(_text(x, 14, str(year), "middle"))
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)
