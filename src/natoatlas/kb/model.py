"""The record types of the data files, as pydantic models.

Each data file holds a list of one kind of record (:data:`FILES` maps file to kind). The models
check each record's own shape — fields, dates, names in both languages — and the loader checks
what spans records (references, sources, overlapping intervals). Models are frozen: an Atlas
built from them cannot be changed by the code that queries it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from natoatlas.dates import PartialDate
from natoatlas.kb.choices import CHOICE
from natoatlas.messages import LANGS

__all__ = [
    "FILES",
    "Alternative",
    "Citation",
    "CommandWithdrawal",
    "Country",
    "CountryName",
    "DatedNote",
    "DeniedHost",
    "Figure",
    "Headquarters",
    "Interval",
    "Membership",
    "Office",
    "Record",
    "Ref",
    "Review",
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
    # What an editor writes (and the JSON Schema of the data files shows): the text, not the parts.
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "examples": ["1949", "2018-07", "2023-04-04"],
        }
    ),
]


class Ref(NamedTuple):
    """Marks a field as naming a record of ``kind`` (a model's class name) by its key:
    ``Annotated[Slug, Ref("Summit")]``. :func:`natoatlas.kb.refs.dangling` checks every one.

    ``also`` names other kinds the value may name instead (a spending row's ``ally`` is a
    country or one of NATO's aggregates).
    """

    kind: str
    also: tuple[str, ...] = ()

    @property
    def noun(self) -> str:
        """What one referenced record is called in a message: ``TreatyArticle`` → ``treaty article``."""
        return re.sub(r"(?<!^)(?=[A-Z])", " ", self.kind).lower()


NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
#: A reference to a source (``sources.yaml``), checked by :mod:`natoatlas.kb.refs`.
SourceRef = Annotated[Slug, Ref("Source")]
#: A reference to a country (``countries.yaml``) by its ISO alpha-3 code.
CountryRef = Annotated[CountryCode, Ref("Country")]
SourceIds = Annotated[tuple[SourceRef, ...], Field(min_length=1)]
#: The bounds of an :class:`Interval` as the data files write them: ``from`` and ``to``.
Start = Annotated[PDate, Field(alias="from")]
OpenStart = Annotated[PDate | None, Field(alias="from")]
End = Annotated[PDate | None, Field(alias="to")]


def holds(start: PartialDate | None, end: PartialDate | None, day: dt.date) -> bool:
    """The rule of every interval: from ``start`` (open: always) until ``end`` (exclusive; open:
    still true), each bound compared by the first day of its period."""
    return (start is None or start.first_day <= day) and (end is None or day < end.first_day)


class Interval:
    """The one shape of time in the model: true from ``start`` (inclusive) until ``end``
    (exclusive), either bound open (None: from the beginning, or still true).

    Most records store both bounds as ``from``/``to`` (:data:`Start`, :data:`OpenStart`,
    :data:`End`). Where a source states the last day instead (a summit's closing day, an
    event's, the day NATO says an operation ended), the record stores it as ``last_day`` and
    its ``end`` is the period after it (:meth:`PartialDate.following`), computed: no field
    holds a day that means something else. The checks (bounds in order, no overlap)
    and every query use ``start``, ``end`` and :meth:`holds_on`, whatever the record.
    """

    __slots__ = ()

    if TYPE_CHECKING:

        @property
        def start(self) -> PartialDate | None: ...

        @property
        def end(self) -> PartialDate | None: ...

    def holds_on(self, day: dt.date) -> bool:
        """Whether the record is true on ``day`` (bounds compared by their first day)."""
        return holds(self.start, self.end, day)


_N = TypeVar("_N", "CountryName", "NameSpan")


def _name_on(names: tuple[_N, ...], day: dt.date | None) -> _N:
    """The name in use on ``day``; the current one (open-ended, else the last) otherwise."""
    if day is not None:
        for name in names:
            if name.holds_on(day):
                return name
    return next((n for n in names if n.end is None), names[-1])


class _Frozen(BaseModel):
    # ``defer_build``: a class builds its validation schema the first time it validates (when
    # data is checked), never on import, so a query answered from the signed cache builds none.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


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
        """The text in ``lang``: the field of that name (English for a language not held)."""
        return str(getattr(self, lang)) if lang in LANGS else self.en


Highlight = Literal[
    "china",
    "spending-pledge",
    "pm-at-summit",
    "last-met",
    "indo-pacific",
    "core-task",
    "cyber",
    "crisis-management",
    "afghanistan",
    "maritime-security",
    "treaty-summary",
    "caption",
    "background",
    "principal",
]
#: What the briefing picks an item for (a choice of the editors, see :mod:`natoatlas.kb.choices`):
#: ``china`` the overview's line on China (a summit decision, a Strategic Concept's point);
#: ``spending-pledge`` a summit decision reaffirming a spending target (section 8);
#: ``pm-at-summit`` a Japanese Prime Minister at a NATO summit (the overview);
#: ``last-met`` a council's meeting, the latest told as "last met" (section 4);
#: ``indo-pacific`` and ``core-task`` a Concept's point in that group (section 7);
#: ``cyber`` the overview's cyber-defence centre; ``crisis-management`` an operation the
#: overview names as what NATO does, ``afghanistan`` one it tells as the Afghan operations,
#: ``maritime-security`` the overview's maritime-security operation;
#: ``treaty-summary`` an article the treaty section summarises; ``caption`` a Japan–NATO event
#: told as a line under its page's table, not a row of it (the reference's 2021 summit);
#: ``background`` a Japan–NATO event the briefing leaves out (the timeline and pages keep it);
#: ``principal`` an ended operation the operations section lists (the others are in the data, the
#: Operations view and the pages; the briefing names only these, as the reference does).
Highlights = Annotated[tuple[Highlight, ...], CHOICE]

#: The regions a Party's territory can lie in (``regions.yaml``), as Article 6 tells them apart.
Region = Literal[
    "europe",
    "north-america",
    "turkey",
    "north-atlantic-island",
    "africa",
    "caribbean",
    "pacific",
    "south-america",
    "south-atlantic",
    "asia",
]

#: The clauses of Article 6 (the 1951 text) that say what Article 5 covers.
Clause = Literal[
    "europe-north-america",
    "algerian-departments",
    "turkey",
    "north-atlantic-islands",
    "forces-mediterranean",
    "forces-north-atlantic",
    "forces-territory",
]


class Point(Text):
    """A text in a list (a summit's decision, a Concept's point) that the briefing may highlight."""

    highlight: Highlights = ()


class Citation(_Frozen):
    """Where in a cited source a fact stands: a locator (page, paragraph, table) and the
    sentence that states it, quoted in the source's own language."""

    source: SourceRef
    locator: str | None = None
    quote: NonEmpty | None = None


Citations = tuple[Citation, ...]


class Alternative(_Frozen):
    """What another source says where sources disagree: kept, never silently dropped."""

    field: NonEmpty
    value: NonEmpty
    sources: SourceIds
    note: str | None = None


class Record(_Frozen):
    """What every record has: the sources that support it, and any disagreeing sources."""

    sources: SourceIds
    citations: Citations = ()
    alternatives: tuple[Alternative, ...] = ()

    @property
    def key(self) -> str:
        """The record's identity, used in error messages and indexes."""
        return str(getattr(self, "id", "?"))


SourceKind = Literal["official", "reference", "press", "mirror"]
#: The order in which sources are shown: the publisher of a fact before those who report it.
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]


class Source(_Frozen):
    """A publication that facts cite: the reference briefing is one of them.

    ``kind`` grades it: ``official`` (NATO and its commands, governments, parliaments,
    depositaries), ``reference`` (encyclopaedias, academic works, archives), ``press`` (news
    organisations) or ``mirror`` (a copy of another publication, which ``copies`` names).
    """

    id: Slug
    kind: SourceKind
    title: NonEmpty
    publisher: NonEmpty
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
    url: str | None = None
    published: PDate | None = None
    copies: NonEmpty | None = None
    note: str | None = None
    #: ``data-package``: a source the open-data package names as its own (``natoatlas export``).
    highlight: Annotated[tuple[Literal["data-package"], ...], CHOICE] = ()

    @property
    def rank(self) -> int:
        """Where the source stands in a list of sources: official first, mirrors last."""
        return SOURCE_KINDS.index(self.kind)

    @property
    def key(self) -> str:
        return self.id


class CountryName(_Frozen, Interval):
    """A country's name in both languages, as used during an interval (open = still used)."""

    en: NonEmpty
    ja: NonEmpty
    ja_short: str | None = None
    start: OpenStart = None
    end: End = None
    sources: tuple[SourceRef, ...] = ()

    def get(self, lang: str, short: bool = False) -> str:
        """The name in ``lang``, its short form (``ja_short``: 英国) where asked and held."""
        name = str(getattr(self, lang)) if lang in LANGS else self.en
        shorter = getattr(self, f"{lang}_short", None) if short else None
        return shorter or name


class Country(Record):
    """A country, keyed by its ISO 3166-1 alpha-3 code, with its names over time."""

    id: CountryCode
    alpha2: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    numeric: Annotated[str, StringConstraints(pattern=r"^\d{3}$")] | None = None
    wikidata: Annotated[str, StringConstraints(pattern=r"^Q\d+$")] | None = None
    iso: bool = True
    names: Annotated[tuple[CountryName, ...], Field(min_length=1)]
    aliases: tuple[str, ...] = ()
    #: Where a source states that the country has no armed forces (Iceland): NATO's tables give
    #: it no defence figure, which is not a zero, and counts of Allies leave it out.
    no_armed_forces: Annotated[Citation | None, CHOICE] = None
    #: An Ally's home region for Article 6 (``regions.yaml``): where its mainland lies.
    region: Annotated[Annotated[Region, Ref("Area")] | None, CHOICE] = None

    @property
    def armed_forces(self) -> bool:
        return self.no_armed_forces is None

    def name_on(self, day: dt.date | None = None) -> CountryName:
        """The name in use on ``day`` (the current name when ``day`` is None or before any)."""
        return _name_on(self.names, day)

    @property
    def current_name(self) -> CountryName:
        return _name_on(self.names, None)

    def __repr__(self) -> str:
        return f"Country({self.id!r}, {self.current_name.en!r})"


class DatedNote(_Frozen):
    """A dated remark on a record, with its own sources."""

    date: PDate
    text: Text
    sources: SourceIds
    citations: Citations = ()
    highlight: Highlights = ()


class Membership(Record, Interval):
    """A country's membership of the Alliance.

    ``from`` is the day the country became an Ally: for the twelve founders the signature of
    the Treaty (1949-04-04), for the others the deposit of their instrument of accession with
    the Government of the United States (Article 10). ``in_force`` is the day the Treaty's
    obligations began to bind the country, when that differs (Article 11: 1949-08-24).
    """

    start: Start
    end: End = None
    country: CountryRef
    founder: bool = False
    in_force: PDate | None = None
    note: Text | None = None
    events: tuple[DatedNote, ...] = ()
    #: The Ally's position among those that joined the same day, where the briefing lists them
    #: (the reference's order: トルコ before ギリシャ); none: after the ranked, in the file's order.
    rank: Annotated[int | None, CHOICE] = None

    @property
    def key(self) -> str:
        return self.country


class CommandWithdrawal(Record, Interval):
    """An Ally's absence from NATO's integrated military command (France 1966–2009, …)."""

    start: Start
    end: End = None
    id: Slug
    country: CountryRef
    text: Text


class SecretaryGeneral(Record, Interval):
    """A term as Secretary General of NATO; acting terms are marked."""

    start: Start
    end: End = None
    id: Slug
    person: Slug
    name: Text
    country: CountryRef
    acting: bool = False
    previous_office: Text | None = None


class Headquarters(Record, Interval):
    """Where NATO's headquarters stood during an interval."""

    start: Start
    end: End = None
    id: Slug
    city: Text
    country: CountryRef
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
    #: The publication the figure comes from: a source (a release of ``releases.yaml`` is one).
    release: SourceRef
    estimate: bool = False
    approximate: bool = False
    label: Text
    cited: Text | None = None
    note: Text | None = None

    @property
    def quantity(self) -> float:
        return self.value * self.multiplier


class TreatyArticle(Record, Interval):
    """The preamble (number 0) or an article of the North Atlantic Treaty, in one version.

    Article 6 has two versions: the 1949 text and the text amended by the 1951 protocol on the
    accession of Greece and Turkey. ``text.ja`` is the official or the briefing's Japanese where
    one is cited, else this project's translation (``ja_ours``). ``briefing`` keeps the reference
    briefing's own summary where it quotes the article. ``amended_by`` names the instrument that
    replaced this version, by the source that gives its official text.
    """

    start: OpenStart = None
    end: End = None
    id: Slug
    number: Annotated[int, Field(ge=0, le=14)]
    title: Text | None = None
    text: Text
    briefing: str | None = None
    amended_by: SourceRef | None = None
    highlight: Highlights = ()


class NameSpan(_Frozen, Interval):
    """A name used during an interval (frameworks change names: AP4 → IP4)."""

    en: NonEmpty
    ja: NonEmpty
    ja_ours: bool = False
    acronym: str | None = None
    start: OpenStart = None
    end: End = None
    sources: tuple[SourceRef, ...] = ()

    def get(self, lang: str) -> str:
        name = str(getattr(self, lang)) if lang in LANGS else self.en
        return f"{name} ({self.acronym})" if self.acronym and self.acronym not in name else name


class Framework(Record, Interval):
    """A partnership framework or a bilateral council (PfP, Mediterranean Dialogue, NRC …)."""

    start: Start
    end: End = None
    id: Slug
    kind: Literal["partnership", "council", "commission", "programme", "group"]
    names: Annotated[tuple[NameSpan, ...], Field(min_length=1)]
    description: Text
    interested: tuple[CountryRef, ...] = ()
    notes: tuple[DatedNote, ...] = ()
    #: The position in the briefing's list of frameworks (lower first; none: after, by start).
    rank: Annotated[int | None, CHOICE] = None
    #: The framework this one is told within (IP4 within PaG, MAP within PfP).
    part_of: Annotated[Annotated[Slug, Ref("Framework")] | None, CHOICE] = None
    #: The maps that colour its partners (``partners``: the briefing's map of partners, in the
    #: order of frameworks.yaml; a partner in two takes the first).
    maps: Annotated[tuple[Literal["partners"], ...], CHOICE] = ()

    def name_on(self, day: dt.date | None = None) -> NameSpan:
        return _name_on(self.names, day)


class _Dated(_Frozen, Interval):
    """A nested item true from ``from`` until ``to`` (exclusive; open: still true), with sources."""

    start: Start
    end: End = None
    sources: SourceIds
    citations: Citations = ()


class Status(_Dated):
    """A dated change in how a partner takes part (practical cooperation suspended …)."""

    kind: Literal["practical-cooperation-suspended", "suspended", "political-dialogue-only"]
    text: Text


class Partnership(Record, Interval):
    """A country's participation in a framework, from joining to leaving (e.g. on accession)."""

    start: Start
    end: End = None
    id: Slug
    framework: Annotated[Slug, Ref("Framework")]
    country: CountryRef
    note: Text | None = None
    statuses: tuple[Status, ...] = ()
    #: The partner's position where the briefing names the framework's partners (Japan first in IP4).
    rank: Annotated[int | None, CHOICE] = None


class Holder(_Dated):
    """Someone who held an office (a chair) during an interval."""

    name: Text
    country: CountryRef | None = None
    title: Text | None = None
    acting: bool = False
    note: Text | None = None


class Body(Record, Interval):
    """A principal body of the organisation (North Atlantic Council, Military Committee …)."""

    start: Start
    end: End = None
    id: Slug
    name: Text
    acronym: str | None = None
    description: Text
    composition: Text | None = None
    chair: Text | None = None
    levels: tuple[Text, ...] = ()
    chairs: tuple[Holder, ...] = ()
    #: An office in ``offices.yaml`` whose holders are the body's chairs (the Military
    #: Committee's chair is the ``cmc`` office); the Atlas fills ``chairs`` from it.
    chair_office: Annotated[Slug, Ref("Office")] | None = None
    #: The body whose box this one hangs from in the organisation chart (none: the top, the
    #: Council, which the Secretary General chairs).
    under: Annotated[Annotated[Slug, Ref("Body")] | None, CHOICE] = None

    def chair_on(self, day: dt.date) -> Holder | None:
        return next((c for c in self.chairs if c.holds_on(day)), None)


class Lead(_Dated):
    """The nation leading a battlegroup or a command during an interval."""

    country: CountryRef
    note: Text | None = None


PlaceKind = Literal[
    "strategic-command",
    "joint-force-command",
    "support-command",
    "single-service-command",
    "caoc",
    "daccc",
    "mnd",
    "nfiu",
    "battlegroup",
    "centre",
]


class Place(Record, Interval):
    """A command, headquarters, NFIU, battlegroup or centre, with where it stands."""

    start: Start
    end: End = None
    id: Slug
    kind: PlaceKind
    name: Text
    acronym: str | None = None
    city: Text
    country: CountryRef
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    coords_of: Literal["base", "city"]
    #: Other countries where elements of the headquarters are located in peacetime (MND North:
    #: Ādaži, Latvia, and Karup, Denmark); ``country`` is where it is based.
    elements_in: tuple[CountryRef, ...] = ()
    parent: Annotated[Slug, Ref("Place")] | None = None
    leads: tuple[Lead, ...] = ()
    note: Text | None = None
    highlight: Highlights = ()
    #: The maps that show the place (``commands``: the briefing's page-6 map and its table).
    maps: Annotated[tuple[Literal["commands"], ...], CHOICE] = ()
    #: The position in page 6's list and on its map (lower first; none: after, by start). The
    #: numbers ① … are counted over the places that hold on the day, in this order.
    rank: Annotated[int | None, CHOICE] = None
    #: The place whose page-6 number this one shares, on a day both hold (the two CAOCs are one
    #: row, ⑫, of the reference's list); ranked right after it.
    shares_number: Annotated[Annotated[Slug, Ref("Place")] | None, CHOICE] = None
    #: Whether page 6 numbers the place: JFC Norfolk, off the map of Europe, is listed without one.
    numbered: Annotated[bool, CHOICE] = True
    #: In the organisation chart: the body the command hangs from and the office of its commander.
    under: Annotated[Annotated[Slug, Ref("Body")] | None, CHOICE] = None
    commander: Annotated[Annotated[Slug, Ref("Office")] | None, CHOICE] = None

    def lead_on(self, day: dt.date) -> Lead | None:
        return next((lead for lead in self.leads if lead.holds_on(day)), None)


class Concept(Record):
    """A Strategic Concept: current from its adoption until the next one."""

    id: Slug
    adopted: PDate
    place: Text | None = None
    document: str | None = None
    name: Text
    points: tuple[Point, ...] = ()
    note: Text | None = None
    #: The document's length as the reference briefing notes it (全体構成は11ページ、計49パラ).
    extent: Annotated[Text | None, CHOICE] = None
    #: The step of the Concepts' history this one closes, as the reference briefing tells it.
    history: Annotated[Text | None, CHOICE] = None


class Summit(Record, Interval):
    """A meeting of NATO Heads of State and Government, from its first day (``from``) to its
    ``last_day`` (as the declarations date it; none given: a one-day meeting)."""

    start: Start
    last_day: PDate | None = None
    id: Slug
    kind: Literal["summit", "extraordinary", "special"] = "summit"
    city: Text
    country: CountryRef
    decisions: tuple[Point, ...] = ()

    @property
    def end(self) -> PartialDate:
        """The day after the last day: the summit's exclusive end, as every interval has."""
        return (self.last_day or self.start).following()


class Operation(Record, Interval):
    """An operation, mission or activity, ongoing (open end) or ended.

    It ends on ``to`` (the first day it no longer ran), or, where NATO names the day it ended
    as its last day (Unified Protector "ended on 31 October 2011"), on the day after its
    ``last_day``: one or the other, never both.
    """

    start: Start
    to: PDate | None = None
    last_day: PDate | None = None
    id: Slug
    kind: Literal["operation", "mission", "activity"]
    name: Text
    acronym: str | None = None
    area: Text
    mandate: Text | None = None
    article5: bool | None = None
    predecessor: Annotated[Slug, Ref("Operation")] | None = None
    successor: Annotated[Slug, Ref("Operation")] | None = None
    description: Text | None = None
    highlight: Highlights = ()
    #: How the overview names the operation among what NATO does (コソボでの治安維持活動(KFOR)).
    summary: Annotated[Text | None, CHOICE] = None
    #: The briefing's group of ongoing operations (maritime security, air policing) and the
    #: position in its list of them (lower first; none: after, by start).
    group: Annotated[Literal["maritime", "air-policing"] | None, CHOICE] = None
    rank: Annotated[int | None, CHOICE] = None
    #: Why the briefing's group of this operation was reinforced, from when (air policing, 2022).
    reinforced: Annotated[DatedNote | None, CHOICE] = None

    @model_validator(mode="after")
    def _one_end(self) -> Operation:
        if self.to is not None and self.last_day is not None:
            raise ValueError("give its end as to or as last_day, not both")
        return self

    @property
    def end(self) -> PartialDate | None:
        """The exclusive end: ``to``, or the day after the ``last_day``; None while it runs."""
        return self.to if self.last_day is None else self.last_day.following()


class Person(_Frozen):
    """Someone taking part in an event, with the office they held at the time."""

    name: Text
    office: Text | None = None
    country: CountryRef | None = None


class Event(Record, Interval):
    """A dated event: Japan–NATO relations, Article 4 consultations, Article 5 …

    ``date`` is its (first) day; an event over several days gives its ``last_day``.
    """

    id: Slug
    topic: Literal["japan-nato", "article-4", "article-5"]
    date: PDate
    last_day: PDate | None = None
    title: Text
    countries: tuple[CountryRef, ...] = ()
    people: tuple[Person, ...] = ()
    documents: tuple[Text, ...] = ()
    details: tuple[Text, ...] = ()
    highlight: Highlights = ()
    #: How many of ``details`` (the first) the briefing gives: the reference's points (0: the
    #: title alone); none: up to four.
    points: Annotated[int | None, Field(ge=0), CHOICE] = None

    @property
    def start(self) -> PartialDate:
        return self.date

    @property
    def end(self) -> PartialDate:
        """The day after the event's last day (its only day, when it gives none)."""
        return (self.last_day or self.date).following()


StepKind = Literal[
    "map-joined",
    "application",
    "invitation",
    "talks",
    "protocol-signed",
    "ratification",
    "protocol-in-force",
    "invitation-to-accede",
    "deposit",
]
#: The order of the steps of Article 10 in practice, for steps that fall on the same day.
STEP_ORDER: tuple[str, ...] = StepKind.__args__  # type: ignore[attr-defined]


class AccessionStep(Record):
    """One step of an accession under Article 10, with the date sources give."""

    id: Slug
    country: CountryRef
    step: StepKind
    date: PDate
    by: CountryRef | None = None
    text: Text | None = None


MEASURES: dict[str, str] = {
    "pct_gdp": "defence expenditure as a share of GDP (%)",
    "equipment_share": "major equipment incl. related R&D, share of defence expenditure (%)",
    "usd_million": "defence expenditure, million US$ (current prices and exchange rates)",
    "gdp_usd_million": "GDP, million US$ (current prices and exchange rates)",
    "personnel_thousands": "military personnel (thousands)",
}


class Aggregate(Record):
    """A total NATO's tables give beside the Allies (NATO Europe and Canada, NATO Total): a
    ``spending.csv`` row names it in ``ally``."""

    id: Slug
    name: Text


class SpendingFigure(_Frozen):
    """One figure of one release: a row of ``spending.csv``; the release is its source."""

    release: Annotated[Slug, Ref("Release")]
    #: An Ally (ISO alpha-3) or an aggregate of ``aggregates.yaml``.
    ally: Annotated[
        str,
        StringConstraints(pattern=r"^([A-Z]{3}|[a-z0-9][a-z0-9-]*)$"),
        Ref("Country", also=("Aggregate",)),
    ]
    year: Annotated[int, Field(ge=1949, le=2100)]
    measure: Literal["pct_gdp", "equipment_share", "usd_million", "gdp_usd_million", "personnel_thousands"]
    value: float
    estimate: bool

    @property
    def key(self) -> str:
        return f"{self.release}/{self.ally}/{self.year}/{self.measure}"


class Count(_Frozen):
    """What a publication states about how many Allies met a target in a year, and which."""

    year: int
    target: float
    measure: Literal["pct_gdp", "equipment_share"] = "pct_gdp"
    count: int
    allies: tuple[CountryRef, ...] = ()
    text: Text | None = None
    sources: SourceIds


class Release(Record):
    """A publication of defence expenditure figures (its ``id`` is also a source id).

    ``coverage`` says whether the figures held give every Ally with armed forces
    (``complete``) or only some (``partial``: as the press reported them, or an extract);
    counts computed from a partial release are never presented as totals. ``precision`` is
    the step the release gives its shares in (0.01 in NATO's tables, 0.1 in some reports).
    """

    id: Slug
    kind: Literal["tables", "annual-report", "transcription", "press-report"]
    years: tuple[int, ...] = ()
    estimate_years: tuple[int, ...] = ()
    national_2pct_law: tuple[CountryRef, ...] = ()
    counts: tuple[Count, ...] = ()
    coverage: Literal["complete", "partial"] = "complete"
    precision: float | None = None
    note: Text | None = None
    #: How the briefing names the release when it cites it (出典:NATO事務総長年次報告書(2025年4月)),
    #: where that differs from the source's title: the briefing's wording, a choice (not exported).
    cited: Annotated[Text | None, CHOICE] = None

    @property
    def partial(self) -> bool:
        return self.coverage == "partial"


class Target(Record):
    """A spending target agreed by Allies, with the summit and date that set it."""

    id: Slug
    name: Text
    summit: Annotated[Slug, Ref("Summit")] | None = None
    agreed: PDate
    measure: Literal["pct_gdp", "equipment_share", "pct_gdp_core", "pct_gdp_related"]
    value: float
    deadline: PDate | None = None
    kind: Literal["guideline", "pledge", "commitment"]
    text: Text
    superseded_by: Annotated[Slug, Ref("Target")] | None = None


class Territory(Record, Interval):
    """A named territory whose place in Article 6 needs saying: an island group, an exclave …

    ``feature`` is the Natural Earth feature (ISO alpha-3) that draws it apart from its
    sovereign, where the geometry does; ``lat``/``lon`` a representative point (main town).
    """

    start: OpenStart = None
    end: End = None
    id: Slug
    name: Text
    aliases: tuple[str, ...] = ()
    sovereign: CountryRef
    region: Annotated[Region, Ref("Area")]
    island: bool = False
    feature: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    note: Text | None = None
    #: The clause of Article 6 that names this territory itself (the Algerian departments of France).
    clause: Annotated[Clause | None, CHOICE] = None
    #: The feature of the briefing's maps (Natural Earth admin-0) that draws the territory apart
    #: from its sovereign, to be coloured with it (Greenland, the Faroe Islands, Svalbard).
    map_feature: Annotated[Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None, CHOICE] = None


class Area(Record):
    """A region a Party's territory can lie in, in words, and the clause of Article 6 that covers
    a Party's territory there (none: outside the Treaty's area). ``north-atlantic-islands`` covers
    only islands north of the Tropic of Cancer: the rule checks both."""

    id: Region
    name: Text
    clause: Clause | None = None


class DeniedHost(_Frozen):
    """A host, or a pattern of URLs, that no source may be cited from, and why.

    ``host`` matches that host and its subdomains; ``pattern`` is a regular expression matched
    against the whole URL (bare IP addresses, cache and proxy URLs).
    """

    id: Slug
    host: str | None = None
    pattern: str | None = None
    reason: Literal["spam", "content-farm", "machine-generated", "ip-address", "cache", "proxy"]
    note: str | None = None

    @property
    def key(self) -> str:
        return self.id


Section = Literal[
    "overview",
    "treaty",
    "enlargement",
    "partners",
    "organisation",
    "commands",
    "concept",
    "spending",
    "operations",
    "japan",
]


class Review(_Frozen):
    """The data cut-off of a section: the last day its records were reviewed against sources."""

    section: Section
    reviewed: PDate
    note: Text | None = None

    @property
    def key(self) -> str:
        return self.section


class Office(Record):
    """A principal NATO office other than the Secretary General (SACEUR, SACT, CMC …), with
    everyone who held it."""

    id: Slug
    name: Text
    acronym: str | None = None
    description: Text | None = None
    holders: Annotated[tuple[Holder, ...], Field(min_length=1)]

    def holder_on(self, day: dt.date) -> Holder | None:
        return next((h for h in self.holders if h.holds_on(day)), None)


#: Data file name → the record type it holds, in load order (sources first: all cite them).
FILES: dict[str, type[_Frozen]] = {
    "sources.yaml": Source,
    "denied_hosts.yaml": DeniedHost,
    "reviews.yaml": Review,
    "countries.yaml": Country,
    "memberships.yaml": Membership,
    "command_withdrawals.yaml": CommandWithdrawal,
    "secretaries_general.yaml": SecretaryGeneral,
    "headquarters.yaml": Headquarters,
    "figures.yaml": Figure,
    "treaty.yaml": TreatyArticle,
    "accession_steps.yaml": AccessionStep,
    "frameworks.yaml": Framework,
    "partnerships.yaml": Partnership,
    "bodies.yaml": Body,
    "offices.yaml": Office,
    "places.yaml": Place,
    "concepts.yaml": Concept,
    "summits.yaml": Summit,
    "operations.yaml": Operation,
    "events.yaml": Event,
    "releases.yaml": Release,
    "aggregates.yaml": Aggregate,
    "targets.yaml": Target,
    "spending.csv": SpendingFigure,
    "territories.yaml": Territory,
    "regions.yaml": Area,
}
