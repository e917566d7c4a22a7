"""Markdown: headings, lists and tables; charts and maps as inline SVG images (data URIs).

One self-contained file: a data URI keeps the figures inside it, readable offline.
"""

from __future__ import annotations

import base64

from natoatlas.messages import msg
from natoatlas.render import charts
from natoatlas.render.briefing import Briefing, Bullets, Facts, Figure, Heading, Paragraph, Table
from natoatlas.render.briefing.blocks import Block, OrgChart, source_line

__all__ = ["render"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"### {block.text}", ""]
    if isinstance(block, Paragraph):
        return [block.text, ""]
    if isinstance(block, Bullets):
        head = [f"**{block.title}**", ""] if block.title else []
        return [*head, *(f"- {item}" for item in block.items), ""]
    if isinstance(block, Facts):
        return ["| | |", "|---|---|", *(f"| **{_cell(k)}** | {_cell(v)} |" for k, v in block.pairs), ""]
    if isinstance(block, Table):
        head = [f"**{block.title}**", ""] if block.title else []
        lines = ["| " + " | ".join(_cell(c) for c in block.columns) + " |", "|" + "---|" * len(block.columns)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
        return [*head, *lines, ""]
    if isinstance(block, OrgChart):
        depth: dict[str, int] = {}
        lines = [f"**{block.title}**", ""] if block.title else []
        for node in block.nodes:
            depth[node.id] = 0 if node.parent is None else depth.get(node.parent, 0) + 1
            detail = f" ({node.detail})" if node.detail else ""
            lines.append("  " * depth[node.id] + f"- {node.label}{detail}")
        return [*lines, ""]
    assert isinstance(block, Figure)
    svg = charts.render(block.spec, "svg")
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return [f"![{_cell(block.title)}]({uri})", "", f"*{block.title}*", ""]


def render(briefing: Briefing) -> bytes:
    byline = " · ".join(part for part in (briefing.date_line, briefing.publisher) if part)
    lines = [f"# {briefing.title}", "", byline, ""]
    for section in briefing.sections:
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            lines += _block(block)
        if section.sources:
            label = msg("source.label", briefing.lang)
            lines += [f"<small>{label}:</small>", ""]
            # The reader's viewer picks its own fonts: every title stays as written (no transliteration).
            lines += [
                f"{i}. <small>{source_line(s, briefing.lang, url=True)}</small>"
                for i, s in enumerate(section.sources, start=1)
            ]
            lines += [""]
        if section.as_of:
            lines += [f"<small>{section.as_of}</small>", ""]
    return "\n".join(lines).encode("utf-8")
