"""How well the data is sourced: official sources first, quotes where a fact stands.

A record counts as officially sourced when it, or any item nested in it, cites an ``official``
source (for a spending figure: its release). :func:`report` gives the figures the project
tracks (share of records with an official source, records citing only mirrors) and
:func:`gaps` lists what an editor should fix, record by record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from natoatlas.kb.base import KnowledgeBase
from natoatlas.kb.model import Citation
from natoatlas.kb.record import Frozen

__all__ = ["Gap", "Report", "gaps", "report"]

#: Files that hold no facts of their own (the registry, the deny list, review dates).
_NOT_FACTS = ("sources.yaml", "denied_hosts.yaml", "reviews.yaml", "spending.csv")
#: Kinds of record that must quote the sentence stating the fact, as the project promises.
QUOTED = (
    "memberships.yaml",
    "secretaries_general.yaml",
    "summits.yaml",
    "operations.yaml",
    "targets.yaml",
    "releases.yaml",
)


@dataclass(frozen=True, slots=True)
class Gap:
    """One thing an editor should fix: a record without an official source, or without a quote."""

    file: str
    record: str
    problem: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.problem}"


@dataclass(frozen=True, slots=True)
class Report:
    """The sourcing figures of the data."""

    records: int
    official: int
    only_mirrors: int
    quoted: int
    to_quote: int
    by_kind: dict[str, int] = field(default_factory=dict)
    #: Citations anywhere in the data (nested items included), and how many quote the source.
    citations: int = 0
    citations_quoted: int = 0

    @property
    def official_share(self) -> float:
        return self.official / self.records if self.records else 0.0


def _cited(record: Frozen) -> Iterator[str]:
    """Every source id a record cites, nested items and alternatives included."""
    yield from getattr(record, "sources", ()) or ()
    release = getattr(record, "release", None)
    if isinstance(release, str):
        yield release
    for name in type(record).fields():
        value = getattr(record, name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, Frozen) and name != "alternatives":
                yield from _cited(item)


def _citations(record: Frozen) -> Iterator[Citation]:
    """Every citation of a record and of the items nested in it."""
    for name in type(record).fields():
        value = getattr(record, name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, Citation):
                yield item
            elif isinstance(item, Frozen) and name != "alternatives":
                yield from _citations(item)


def _kinds(atlas: KnowledgeBase, record: Frozen) -> set[str]:
    return {atlas.sources[s].kind for s in _cited(record) if s in atlas.sources}


def _facts(atlas: KnowledgeBase) -> Iterator[tuple[str, Frozen]]:
    for file, items in atlas.records.items():
        if file not in _NOT_FACTS:
            for item in items:
                yield file, item


def report(atlas: KnowledgeBase) -> Report:
    """Count the records with an official source, those citing only mirrors, and the quotes."""
    records = official = only_mirrors = quoted = to_quote = citations = citations_quoted = 0
    by_kind = dict.fromkeys(("official", "reference", "press", "mirror"), 0)
    for source in atlas.sources.values():
        by_kind[source.kind] += 1
    for file, record in _facts(atlas):
        kinds = _kinds(atlas, record)
        records += 1
        official += "official" in kinds
        only_mirrors += kinds == {"mirror"}
        if file in QUOTED:
            to_quote += 1
            quoted += any(c.quote for c in getattr(record, "citations", ()))
        for citation in _citations(record):
            citations += 1
            citations_quoted += citation.quote is not None
    return Report(records, official, only_mirrors, quoted, to_quote, by_kind, citations, citations_quoted)


def gaps(atlas: KnowledgeBase) -> tuple[Gap, ...]:
    """Records without an official source, citing only mirrors, lacking a quote they need, and
    citations that name a source without quoting the sentence."""
    found: list[Gap] = []
    for file, record in _facts(atlas):
        key = str(getattr(record, "key", "?"))
        kinds = _kinds(atlas, record)
        if kinds == {"mirror"}:
            found.append(Gap(file, key, "cites only mirrors"))
        elif "official" not in kinds:
            found.append(Gap(file, key, "no official source"))
        if file in QUOTED and not any(c.quote for c in getattr(record, "citations", ())):
            found.append(Gap(file, key, "no quote of the sentence that states the fact"))
        for citation in _citations(record):
            if citation.quote is None:
                found.append(Gap(file, key, f"citation of {citation.source} without a quote"))
    return tuple(found)
