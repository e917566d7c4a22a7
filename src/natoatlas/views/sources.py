"""The sources held, and how well the data cites them."""

from __future__ import annotations

from natoatlas.atlas import Atlas
from natoatlas.kb.model import SourceKind
from natoatlas.rules import grading
from natoatlas.views.base import SourceEntry, source_entry, view

__all__ = ["Gap", "Registry", "RegistrySource", "SourcesCheck", "registry", "sources_check"]


@view
class RegistrySource(SourceEntry):
    """A source of the registry: as cited, with the language it is written in."""

    language: str


@view
class Registry:
    """Every source held (or those of one ``kind``), official first, then by id."""

    kind: SourceKind | None
    count: int
    sources: tuple[RegistrySource, ...]


def registry(atlas: Atlas, kind: str | None = None) -> Registry:
    found = sorted(
        (s for s in atlas.sources.values() if kind is None or s.kind == kind), key=lambda s: (s.rank, s.id)
    )
    entries = []
    for s in found:
        cited = source_entry(s)
        entries.append(
            RegistrySource(
                id=cited.id,
                kind=cited.kind,
                title=cited.title,
                publisher=cited.publisher,
                url=cited.url,
                published=cited.published,
                copies=cited.copies,
                language=s.language,
            )
        )
    return Registry(kind=kind, count=len(found), sources=tuple(entries))  # type: ignore[arg-type]


@view
class Gap:
    """One thing an editor should fix: a record without an official source, or without a quote."""

    file: str
    record: str
    problem: str


@view
class SourcesCheck:
    """How well the data is sourced (:func:`natoatlas.rules.grading.report`) and what to fix."""

    records: int
    official: int
    official_share: float
    only_mirrors: int
    quoted: int
    to_quote: int
    citations: int
    citations_quoted: int
    sources_by_kind: dict[str, int]
    gaps: tuple[Gap, ...]


def sources_check(atlas: Atlas) -> SourcesCheck:
    figures = grading.report(atlas)
    return SourcesCheck(
        records=figures.records,
        official=figures.official,
        official_share=round(figures.official_share, 4),
        only_mirrors=figures.only_mirrors,
        quoted=figures.quoted,
        to_quote=figures.to_quote,
        citations=figures.citations,
        citations_quoted=figures.citations_quoted,
        sources_by_kind=dict(figures.by_kind),
        gaps=tuple(Gap(file=g.file, record=g.record, problem=g.problem) for g in grading.gaps(atlas)),
    )
