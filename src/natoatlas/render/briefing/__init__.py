"""The briefing, built for any date and language as format-free blocks; writers render it."""

from natoatlas.render.briefing.blocks import (
    Block,
    Briefing,
    Bullets,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Section,
    Table,
)
from natoatlas.render.briefing.build import SECTIONS, build, chosen_sections

__all__ = [
    "SECTIONS",
    "Block",
    "Briefing",
    "Bullets",
    "Facts",
    "Figure",
    "Heading",
    "Paragraph",
    "Section",
    "Table",
    "build",
    "chosen_sections",
]
