"""Checking the data files: every problem named by file, record and rule.

The models check one record at a time; this module turns their errors into :class:`Problem`
values and adds the checks that span records: duplicate ids, references to countries and
sources, intervals that end before they start, and intervals of one kind that overlap.
Nothing loads while a problem remains, so no query ever sees half-valid data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from natoatlas import datafile
from natoatlas.dates import PartialDate, Precision
from natoatlas.model import FILES, DeniedHost, Event, Figure, Membership, Source, Summit

__all__ = ["DataError", "Problem", "read_all"]

_DATE_FIELDS = {"from", "to", "published", "date", "end", "period", "in_force", "adopted", "reviewed"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the data: where it is and which rule it breaks."""

    file: str
    record: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: [{self.rule}] {self.message}"


class DataError(Exception):
    """The data did not load; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")


Records = dict[str, tuple[Any, ...]]


def read_all(data_dir: Path | None = None) -> tuple[Records, list[Problem]]:
    """Read and check every data file; return the valid records and all problems found."""
    folder = data_dir or datafile.default_dir()
    records: Records = {}
    problems: list[Problem] = []
    broken: set[tuple[str, str]] = set()
    for name, model in FILES.items():
        valid, found = _read_file(folder / name, name, model)
        records[name] = valid
        problems.extend(found)
        broken.update((name, p.record) for p in found)
    # A record that failed its own checks is missing from ``records``: what refers to it is not
    # reported again, so one bad value gives one problem.
    problems.extend(p for p in _cross_checks(records) if not _follows(p, broken))
    return records, problems


def _follows(problem: Problem, broken: set[tuple[str, str]]) -> bool:
    """Whether a cross-record problem only follows from a record that was already refused."""
    if problem.rule == "inconsistent" and problem.file == "accession_steps.yaml":
        country = problem.message.rsplit(" of ", 1)[-1].split(" ", 1)[0]
        return ("memberships.yaml", country) in broken
    if problem.rule in ("unknown-reference", "unknown-source"):
        quoted = problem.message.split("'")
        target = quoted[1] if len(quoted) > 2 else ""
        return any(record == target for _, record in broken)
    return False


def _read_file(path: Path, name: str, model: type[BaseModel]) -> tuple[tuple[Any, ...], list[Problem]]:
    if not path.exists():
        return (), [Problem(name, "-", "missing-file", f"{path} does not exist")]
    try:
        parsed = datafile.parse(path)
    except Exception as err:  # noqa: BLE001 - any parse error is reported, not raised
        return (), [Problem(name, "-", "yaml", " ".join(str(err).split()))]
    raw = parsed.value
    if not isinstance(raw, list):
        return (), [Problem(name, "-", "schema", "the file must hold a list of records")]
    problems = [
        Problem(name, "-", "duplicate-key", f"key {d.key!r} is given twice in one mapping (line {d.line})")
        for d in parsed.duplicates
    ]
    if name.endswith(".csv") and not raw:
        problems.append(Problem(name, "-", "empty-file", "the file has a header but no rows"))
    valid: list[Any] = []
    for index, item in enumerate(raw):
        label = _label(item, index)
        line = f" (line {parsed.lines[index]})" if index < len(parsed.lines) else ""
        try:
            valid.append(model.model_validate(item))
        except ValidationError as err:
            problems.extend(_explain(name, label, e, line) for e in err.errors())
    return tuple(valid), problems


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict) and "ally" in item:
        return "/".join(str(item.get(k)) for k in ("release", "ally", "year", "measure"))
    if isinstance(item, dict):
        for key in ("id", "country"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return f"record {index + 1}"


def _explain(file: str, record: str, error: ErrorDetails, line: str = "") -> Problem:
    problem = _explained(file, record, error)
    return Problem(problem.file, problem.record, problem.rule, problem.message + line)


def _explained(file: str, record: str, error: ErrorDetails) -> Problem:
    loc = [str(part) for part in error["loc"]]
    where = ".".join(loc) or "(record)"
    field = next((p for p in reversed(loc) if not p.isdigit()), "")
    kind = error["type"]
    if field in ("en", "ja") and kind in ("missing", "string_too_short", "string_type"):
        language = "Japanese" if field == "ja" else "English"
        return Problem(file, record, "missing-name", f"{where}: missing {language} name")
    if field == "sources" and kind in ("missing", "too_short"):
        return Problem(file, record, "missing-source", f"{where}: no source given")
    if field in _DATE_FIELDS and kind != "missing":
        message = str(error["msg"]).removeprefix("Value error, ")
        return Problem(file, record, "malformed-date", f"{where}: {message}")
    if kind == "extra_forbidden":
        return Problem(file, record, "unknown-field", f"{where}: field not in the schema")
    return Problem(file, record, "schema", f"{where}: {error['msg']}")


def _cross_checks(records: Records) -> Iterator[Problem]:
    sources = {s.id for s in records["sources.yaml"]}
    countries = {c.id for c in records["countries.yaml"]}
    yield from _grading(records["sources.yaml"], records["denied_hosts.yaml"])
    for file, items in records.items():
        yield from _duplicates(file, items)
        if file in ("sources.yaml", "denied_hosts.yaml", "reviews.yaml"):
            continue
        for item in items:
            for path, node in _walk(item):
                yield from _node_checks(file, item.key, path, node, sources, countries)
    yield from _links(records)
    yield from _spending_rows(records)
    yield from _regions(records)
    yield from _choice_references(records)
    yield from _precision(records["memberships.yaml"])
    yield from _deposits(records)
    for file, what, spans in _interval_groups(records):
        yield from _overlaps(file, what, list(spans))


def denied(url: str, deny: Iterable[DeniedHost]) -> DeniedHost | None:
    """The deny-list entry that refuses ``url``, if any (a host and its subdomains, or a pattern)."""
    host = (urllib.parse.urlsplit(url).hostname or "").rstrip(".").lower()
    for entry in deny:
        if entry.host is not None and (host == entry.host or host.endswith("." + entry.host)):
            return entry
        if entry.pattern is not None and re.search(entry.pattern, url):
            return entry
    return None


def _grading(sources: tuple[Source, ...], deny: tuple[DeniedHost, ...]) -> Iterator[Problem]:
    """Every source is graded; a mirror names what it copies; no URL comes from a denied host."""
    for entry in deny:
        if (entry.host is None) == (entry.pattern is None):
            yield Problem("denied_hosts.yaml", entry.id, "schema", "give exactly one of host and pattern")
        elif entry.pattern is not None:
            try:
                re.compile(entry.pattern)
            except re.error as err:
                yield Problem("denied_hosts.yaml", entry.id, "schema", f"pattern: {err}")
    valid = tuple(d for d in deny if d.pattern is None or _compiles(d.pattern))
    for source in sources:
        if source.kind == "mirror" and not source.copies:
            yield Problem(
                "sources.yaml", source.id, "mirror-original", "a mirror must say what it copies (copies:)"
            )
        if source.url is not None:
            if not re.match(r"^https?://[^\s/]+", source.url):
                yield Problem("sources.yaml", source.id, "url", f"{source.url!r} is not an http(s) URL")
            hit = denied(source.url, valid)
            if hit is not None:
                yield Problem(
                    "sources.yaml",
                    source.id,
                    "denied-host",
                    f"{source.url} is on the deny list ({hit.id}: {hit.reason}); cite the publisher instead",
                )


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def _duplicates(file: str, items: tuple[Any, ...]) -> Iterator[Problem]:
    if file == "memberships.yaml":
        return  # keyed by country; a country may leave and rejoin (checked as overlap)
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            yield Problem(file, item.key, "duplicate-id", f"id {item.key!r} is used twice")
        seen.add(item.key)


def _walk(model: BaseModel, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    """The record and every model nested in it, with a path such as ``leads[1].``."""
    yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from _walk(value, f"{path}{name}.")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _walk(item, f"{path}{name}[{i}].")


def _node_checks(
    file: str, record: str, path: str, node: BaseModel, sources: set[str], countries: set[str]
) -> Iterator[Problem]:
    cited = list(getattr(node, "sources", ()) or ())
    if isinstance(node, Figure):
        cited.append(node.release)
    for source in cited:
        if source not in sources:
            yield Problem(file, record, "unknown-source", f"{path}source {source!r} is not in sources.yaml")
    for i, citation in enumerate(getattr(node, "citations", ()) or ()):
        if citation.source not in cited:
            yield Problem(
                file,
                record,
                "citation",
                f"{path}citations[{i}] quotes {citation.source!r}, which the record does not cite in sources",
            )
    codes = [getattr(node, "country", None), getattr(node, "by", None), getattr(node, "sovereign", None)]
    for field in ("countries", "interested", "allies", "national_2pct_law"):
        codes += getattr(node, field, ())
    for code in codes:
        if isinstance(code, str) and code not in countries:
            yield Problem(
                file, record, "unknown-reference", f"{path}country {code!r} is not in countries.yaml"
            )
    yield from _interval_order(file, record, path, node)


def _interval_order(file: str, record: str, path: str, node: BaseModel) -> Iterator[Problem]:
    start = getattr(node, "start", None) or getattr(node, "date", None)
    end = getattr(node, "end", None)
    if not isinstance(start, PartialDate) or not isinstance(end, PartialDate):
        return
    # Summits and events name their last day; every other interval ends on the first day on
    # which it no longer holds.
    inclusive = isinstance(node, Summit | Event)
    if end.first_day < start.first_day or (not inclusive and end.first_day == start.first_day):
        when = "before" if inclusive else "before or when"
        yield Problem(
            file, record, "interval-order", f"{path}interval ends ({end}) {when} it starts ({start})"
        )


def _links(records: Records) -> Iterator[Problem]:
    """Ids that records use to point at other records must exist."""
    frameworks = {f.id for f in records["frameworks.yaml"]}
    places = {p.id for p in records["places.yaml"]}
    operations = {o.id for o in records["operations.yaml"]}
    for p in records["partnerships.yaml"]:
        if p.framework not in frameworks:
            yield Problem(
                "partnerships.yaml", p.key, "unknown-reference", f"framework {p.framework!r} is unknown"
            )
    for place in records["places.yaml"]:
        if place.parent is not None and place.parent not in places:
            yield Problem(
                "places.yaml", place.key, "unknown-reference", f"parent {place.parent!r} is unknown"
            )
    offices = {o.id for o in records["offices.yaml"]}
    for body in records["bodies.yaml"]:
        if body.chair_office is not None and body.chair_office not in offices:
            yield Problem(
                "bodies.yaml", body.key, "unknown-reference", f"office {body.chair_office!r} is unknown"
            )
    for op in records["operations.yaml"]:
        for link in (op.predecessor, op.successor):
            if link is not None and link not in operations:
                yield Problem(
                    "operations.yaml", op.key, "unknown-reference", f"operation {link!r} is unknown"
                )


#: The range a value of each measure can take: shares in per cent, money and people not negative.
_RANGES: dict[str, tuple[float, float]] = {
    "pct_gdp": (0.0, 100.0),
    "equipment_share": (0.0, 100.0),
    "usd_million": (0.0, math.inf),
    "gdp_usd_million": (0.0, math.inf),
    "personnel_thousands": (0.0, math.inf),
}


def _regions(records: Records) -> Iterator[Problem]:
    """Every Ally has a home region for Article 6, and every region named is in regions.yaml."""
    known = {r.id for r in records["regions.yaml"]}
    allies = {m.country for m in records["memberships.yaml"]}
    for country in records["countries.yaml"]:
        if country.id in allies and country.region is None:
            yield Problem(
                "countries.yaml", country.key, "missing-region", "an Ally needs its home region (region:)"
            )
    named = [("countries.yaml", c.key, c.region) for c in records["countries.yaml"]]
    named += [("territories.yaml", t.key, t.region) for t in records["territories.yaml"]]
    for file, key, region in named:
        if region is not None and region not in known:
            yield Problem(file, key, "unknown-reference", f"region {region!r} is not in regions.yaml")


def _choice_references(records: Records) -> Iterator[Problem]:
    """The ids the editors' choices name exist: a framework's part_of, a body's or a strategic
    command's under, a command's commander office."""
    frameworks = {f.id for f in records["frameworks.yaml"]}
    bodies = {b.id for b in records["bodies.yaml"]}
    offices = {o.id for o in records["offices.yaml"]}
    named = [("frameworks.yaml", f.key, "part_of", f.part_of, frameworks) for f in records["frameworks.yaml"]]
    named += [("bodies.yaml", b.key, "under", b.under, bodies) for b in records["bodies.yaml"]]
    for place in records["places.yaml"]:
        named += [
            ("places.yaml", place.key, "under", place.under, bodies),
            ("places.yaml", place.key, "commander", place.commander, offices),
        ]
    files = {id(frameworks): "frameworks.yaml", id(bodies): "bodies.yaml", id(offices): "offices.yaml"}
    for file, key, field, value, known in named:
        if value is not None and value not in known:
            yield Problem(file, key, "unknown-reference", f"{field} {value!r} is not in {files[id(known)]}")


def _spending_rows(records: Records) -> Iterator[Problem]:
    """Every row of spending.csv names a release and an Ally (or an aggregate) that exist, with a
    value in range; a country said to have no armed forces cites a known source for it."""
    releases = {r.id for r in records["releases.yaml"]}
    countries = {c.id for c in records["countries.yaml"]}
    aggregates = {a.id for a in records["aggregates.yaml"]}
    sources = {s.id for s in records["sources.yaml"]}
    for country in records["countries.yaml"]:
        if country.no_armed_forces is not None and country.no_armed_forces.source not in sources:
            yield Problem(
                "countries.yaml",
                country.key,
                "unknown-source",
                f"no_armed_forces.source {country.no_armed_forces.source!r} is not in sources.yaml",
            )
    for row in records["spending.csv"]:
        if row.release not in releases:
            yield Problem(
                "spending.csv",
                row.key,
                "unknown-reference",
                f"release {row.release!r} is not in releases.yaml",
            )
        if row.ally not in countries and row.ally not in aggregates:
            yield Problem(
                "spending.csv",
                row.key,
                "unknown-reference",
                f"ally {row.ally!r} is not in countries.yaml nor aggregates.yaml",
            )
        low, high = _RANGES.get(row.measure, (-math.inf, math.inf))
        if not math.isfinite(row.value):
            yield Problem("spending.csv", row.key, "range", f"value {row.value!r} is not a finite number")
        elif not low <= row.value <= high:
            yield Problem(
                "spending.csv",
                row.key,
                "range",
                f"value {row.value!r} is outside {low:g}–{high:g} for {row.measure}",
            )


def _deposits(records: Records) -> Iterator[Problem]:
    """An accession's deposit is the day its membership begins (Article 10): they must agree."""
    starts = {(m.country, m.start.first_day) for m in records["memberships.yaml"]}
    for step in records["accession_steps.yaml"]:
        if step.step == "deposit" and (step.country, step.date.first_day) not in starts:
            yield Problem(
                "accession_steps.yaml",
                step.key,
                "inconsistent",
                f"deposit on {step.date} but no membership of {step.country} starts that day",
            )


def _precision(memberships: tuple[Membership, ...]) -> Iterator[Problem]:
    # Article 10 makes membership start on the day of deposit: a year or month is not enough.
    for m in memberships:
        if m.start.precision is not Precision.DAY:
            yield Problem(
                "memberships.yaml", m.key, "precision", f"membership must start on a day, not {m.start}"
            )


def _grouped(items: tuple[Any, ...], key: Any) -> Iterator[tuple[str, list[Any]]]:
    ordered = sorted(items, key=key)
    return ((str(k), list(g)) for k, g in itertools.groupby(ordered, key=key))


def _interval_groups(records: Records) -> Iterator[tuple[str, str, Iterable[Any]]]:
    """Intervals of one kind that must not overlap, grouped by what they describe."""
    for code, items in _grouped(records["memberships.yaml"], lambda m: m.country):
        yield "memberships.yaml", code, items
    for code, items in _grouped(records["command_withdrawals.yaml"], lambda w: w.country):
        yield "command_withdrawals.yaml", code, items
    yield "secretaries_general.yaml", "Secretary General", records["secretaries_general.yaml"]
    yield "headquarters.yaml", "headquarters", records["headquarters.yaml"]
    for country in records["countries.yaml"]:
        yield "countries.yaml", country.id, country.names
    for key, items in _grouped(records["partnerships.yaml"], lambda p: f"{p.framework}:{p.country}"):
        yield "partnerships.yaml", key, items
    for framework in records["frameworks.yaml"]:
        yield "frameworks.yaml", framework.id, framework.names
    for place in records["places.yaml"]:
        yield "places.yaml", place.id, place.leads
    for body in records["bodies.yaml"]:
        yield "bodies.yaml", body.id, body.chairs
    for office in records["offices.yaml"]:
        yield "offices.yaml", office.id, office.holders
    for number, items in _grouped(records["treaty.yaml"], lambda a: a.number):
        yield "treaty.yaml", f"article {number}", items


def _overlaps(file: str, what: str, spans: list[Any]) -> Iterator[Problem]:
    def begin(span: Any) -> dt.date:
        return span.start.first_day if span.start is not None else dt.date.min

    for earlier, later in itertools.pairwise(sorted(spans, key=begin)):
        if earlier.end is None or earlier.end.first_day > begin(later):
            yield Problem(
                file,
                what,
                "overlap",
                f"interval from {earlier.start or 'the beginning'} to {earlier.end or 'open'} "
                f"overlaps the one from {later.start or 'the beginning'}",
            )
