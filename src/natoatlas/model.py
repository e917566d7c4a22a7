"""The record types of the data files, as pydantic models.

Each data file holds a list of one kind of record (:data:`FILES` maps file to kind). The models
check each record's own shape — fields, dates, names in both languages — and the loader checks
what spans records (references, sources, overlapping intervals). Models are frozen: an Atlas
built from them cannot be changed by the code that queries it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
)

from natoatlas.dates import PartialDate

__all__ = [
    "FILES",
    "Alternative",
    "CommandWithdrawal",
    "Country",
    "CountryName",
    "DatedNote",
    "Figure",
    "Headquarters",
    "Membership",
    "Record",
    "SecretaryGeneral",
    "Source",
    "Text",
]


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        # YAML reads an unquoted 2023-04-04 as a date; accept it, it is day-precise.
        return PartialDate.of(value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    return PartialDate.parse(value)


PDate = Annotated[
    PartialDate,
    BeforeValidator(_partial_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
SourceIds = Annotated[tuple[Slug, ...], Field(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Text(_Frozen):
    """A short text in both languages; neither may be missing.

    ``ja_ours`` marks a Japanese text that is this project's own translation or rendering,
    where no published Japanese was found.
    """

    en: NonEmpty
    ja: NonEmpty
    ja_ours: bool = False

    def __str__(self) -> str:
        return self.en

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class Alternative(_Frozen):
    """What another source says where sources disagree: kept, never silently dropped."""

    field: NonEmpty
    value: NonEmpty
    sources: SourceIds
    note: str | None = None


class Record(_Frozen):
    """What every record has: the sources that support it, and any disagreeing sources."""

    sources: SourceIds
    alternatives: tuple[Alternative, ...] = ()

    @property
    def key(self) -> str:
        """The record's identity, used in error messages and indexes."""
        return str(getattr(self, "id", "?"))


class Interval(Record):
    """A record true from ``from`` until ``to`` (exclusive; open ``to``: still true)."""

    start: PDate = Field(alias="from")
    end: PDate | None = Field(default=None, alias="to")

    def holds_on(self, day: dt.date) -> bool:
        """Whether the record is true on ``day`` (bounds compared by their first day)."""
        if day < self.start.first_day:
            return False
        return self.end is None or day < self.end.first_day


class Source(_Frozen):
    """A publication that facts cite: the reference briefing is one of them."""

    id: Slug
    title: NonEmpty
    publisher: NonEmpty
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    url: str | None = None
    published: PDate | None = None
    note: str | None = None

    @property
    def key(self) -> str:
        return self.id


class CountryName(_Frozen):
    """A country's name in both languages, as used during an interval (open = still used)."""

    en: NonEmpty
    ja: NonEmpty
    ja_short: str | None = None
    start: PDate | None = Field(default=None, alias="from")
    end: PDate | None = Field(default=None, alias="to")
    sources: tuple[Slug, ...] = ()

    def holds_on(self, day: dt.date) -> bool:
        if self.start is not None and day < self.start.first_day:
            return False
        return self.end is None or day < self.end.first_day

    def get(self, lang: str, short: bool = False) -> str:
        if lang == "ja":
            return (self.ja_short if short and self.ja_short else None) or self.ja
        return self.en


class Country(Record):
    """A country, keyed by its ISO 3166-1 alpha-3 code, with its names over time."""

    id: CountryCode
    alpha2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    numeric: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = None
    iso: bool = True
    names: Annotated[tuple[CountryName, ...], Field(min_length=1)]

    def name_on(self, day: dt.date | None = None) -> CountryName:
        """The name in use on ``day`` (the current name when ``day`` is None or before any)."""
        if day is not None:
            for name in self.names:
                if name.holds_on(day):
                    return name
        return self.current_name

    @property
    def current_name(self) -> CountryName:
        return next((n for n in self.names if n.end is None), self.names[-1])

    def __repr__(self) -> str:
        return f"Country({self.id!r}, {self.current_name.en!r})"


class DatedNote(_Frozen):
    """A dated remark on a record, with its own sources."""

    date: PDate
    text: Text
    sources: SourceIds


class Membership(Interval):
    """A country's membership of the Alliance.

    ``from`` is the day the country became an Ally: for the twelve founders the signature of
    the Treaty (1949-04-04), for the others the deposit of their instrument of accession with
    the Government of the United States (Article 10). ``in_force`` is the day the Treaty's
    obligations began to bind the country, when that differs (Article 11: 1949-08-24).
    """

    country: CountryCode
    founder: bool = False
    in_force: PDate | None = None
    note: Text | None = None
    events: tuple[DatedNote, ...] = ()

    @property
    def key(self) -> str:
        return self.country


class CommandWithdrawal(Interval):
    """An Ally's absence from NATO's integrated military command (France 1966–2009, …)."""

    id: Slug
    country: CountryCode
    text: Text


class SecretaryGeneral(Interval):
    """A term as Secretary General of NATO; acting terms are marked."""

    id: Slug
    person: Slug
    name: Text
    country: CountryCode
    acting: bool = False
    previous_office: Text | None = None


class Headquarters(Interval):
    """Where NATO's headquarters stood during an interval."""

    id: Slug
    city: Text
    country: CountryCode
    site: Text | None = None


class Figure(Record):
    """A headline figure as a publication gives it, for the period it describes.

    ``value × multiplier`` is the quantity: NATO publishes personnel in thousands and money in
    millions, and the reference briefing rounds (約335万人), which ``approximate`` marks.
    """

    id: Slug
    measure: Literal["armed-forces-personnel", "defence-expenditure"]
    value: float
    multiplier: int = 1
    unit: Literal["persons", "EUR", "USD"]
    period: PDate
    release: Slug
    estimate: bool = False
    approximate: bool = False
    label: Text
    note: Text | None = None

    @property
    def quantity(self) -> float:
        return self.value * self.multiplier


#: Data file name → the record type it holds, in load order (sources first: all cite them).
FILES: dict[str, type[_Frozen]] = {
    "sources.yaml": Source,
    "countries.yaml": Country,
    "memberships.yaml": Membership,
    "command_withdrawals.yaml": CommandWithdrawal,
    "secretaries_general.yaml": SecretaryGeneral,
    "headquarters.yaml": Headquarters,
    "figures.yaml": Figure,
}
