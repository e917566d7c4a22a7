"""The briefing model: sections made of blocks, with no notion of any file format.

Every writer (PPTX, PDF, HTML, Markdown) renders the same blocks; figures are carried as
Vega-Lite specs (plain data) and drawn by the writer in the format it needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from natoatlas.kb.model import Source
from natoatlas.messages import LANGS, msg

__all__ = [
    "KIND_LABELS",
    "SOURCE_KINDS",
    "Block",
    "Briefing",
    "Bullets",
    "Facts",
    "Figure",
    "Heading",
    "OrgChart",
    "OrgNode",
    "Paragraph",
    "Section",
    "Table",
    "source_line",
    "source_text",
]

#: The kinds of source, in the order a list of sources gives them (official ones first).
SOURCE_KINDS = ("official", "reference", "press", "mirror")
#: How each kind of source is labelled, by language: the catalogue's ``source.kind.*``.
KIND_LABELS = {lang: {kind: msg(f"source.kind.{kind}", lang) for kind in SOURCE_KINDS} for lang in LANGS}


def source_text(source: Source, lang: str) -> str:
    """A source as its citation reads: ``publisher, title (2025-05)``, and what a mirror copies."""
    text = f"{source.publisher}, {source.title}"
    if source.published:
        text += f" ({source.published})"
    if source.kind == "mirror" and source.copies:
        text += msg("source.copy-of", lang) + source.copies
    return text


def source_line(source: Source, lang: str, url: bool = False) -> str:
    """One entry of a list of sources, with its kind: ``[id] (公式) publisher, title (2025-05)``."""
    label = msg(f"source.kind.{source.kind}", lang)
    line = f"[{source.id}] ({label}) {source_text(source, lang)}"
    if url and source.url:
        line += f" {source.url}"
    return line


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list of points, with an optional heading."""

    items: tuple[str, ...]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Label–value pairs, as the briefing's page-1 box (加盟国 / 32か国 …)."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    #: A long table of short rows, set in two halves side by side where a page has room (the
    #: reference's page 6 lists ①–⑬ beside ⑭–㉙); writers without pages give it whole.
    halves: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Figure:
    """A chart or map: a Vega-Lite spec, its title and a text alternative."""

    kind: str
    title: str
    alt: str
    spec: dict[str, Any] = field(repr=False)


@dataclass(frozen=True, slots=True)
class OrgNode:
    """One box of an organisation chart: a body or command, the office or holder under its name."""

    id: str
    label: str
    detail: str = ""
    #: The id of the box it hangs from (None for the top of the chart).
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class OrgChart:
    """The organisation as boxes and lines (a tree: each node names its parent)."""

    nodes: tuple[OrgNode, ...]
    title: str | None = None

    def children(self, parent: str | None) -> tuple[OrgNode, ...]:
        return tuple(n for n in self.nodes if n.parent == parent)

    def levels(self) -> list[tuple[OrgNode, ...]]:
        """The nodes level by level from the top, each level in the order of its parents."""
        levels: list[tuple[OrgNode, ...]] = []
        current = self.children(None)
        while current:
            levels.append(current)
            current = tuple(c for n in current for c in self.children(n.id))
        return levels


Block = Heading | Paragraph | Bullets | Facts | Table | Figure | OrgChart


@dataclass(frozen=True, slots=True)
class Section:
    """One section of the briefing (the reference has ten) with the sources it rests on."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    sources: tuple[Source, ...]
    #: The section's data cut-off as a line in the briefing's language ("data as of 2026-12-01").
    as_of: str = ""


@dataclass(frozen=True, slots=True)
class Briefing:
    """The whole briefing for one day and language."""

    on: dt.date
    lang: str
    title: str
    date_line: str
    publisher: str
    sections: tuple[Section, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source cited: official ones first, then reference works, press and mirrors,
        each kind in order of first use."""
        seen: dict[str, Source] = {}
        for section in self.sections:
            for source in section.sources:
                seen.setdefault(source.id, source)
        return tuple(sorted(seen.values(), key=lambda s: s.rank))

    def text(self) -> str:
        """All the text of the briefing, for searching and tests."""
        parts = [self.title, self.date_line]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                parts.extend(_texts(block))
            parts.append(section.as_of)
        return "\n".join(parts)


def _texts(block: Block) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return [block.title or "", *block.items]
    if isinstance(block, Facts):
        return [f"{k} {v}" for k, v in block.pairs]
    if isinstance(block, Table):
        return [block.title or "", " ".join(block.columns), *(" ".join(r) for r in block.rows)]
    if isinstance(block, OrgChart):
        return [block.title or "", *(f"{n.label} {n.detail}".strip() for n in block.nodes)]
    return [block.title, block.alt]
