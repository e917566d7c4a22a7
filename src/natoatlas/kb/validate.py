"""Checking the data files: every problem named by file, record and rule.

The models check one record at a time; this module turns their errors into :class:`Problem`
values and adds the checks that span records: duplicate ids, references (every field the model
declares with a :class:`~natoatlas.kb.refs.Ref`, found by :func:`natoatlas.kb.refs.dangling`),
alternatives that name a field and a value of its type, intervals that end before they start,
and intervals of one kind that overlap. Nothing loads while a problem remains, so no query ever
sees half-valid data.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import hashlib
import itertools
import math
import re
import threading
import types
import typing
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from natoatlas.dates import Precision
from natoatlas.kb import datafile, refs, shapes
from natoatlas.kb.model import FILES, Alternative, DeniedHost, Figure, Interval, Membership, Record, Source
from natoatlas.kb.record import Frozen

__all__ = ["DataError", "Problem", "read_all"]

_DATE_FIELDS = {
    "from",
    "to",
    "published",
    "date",
    "last_day",
    "period",
    "in_force",
    "adopted",
    "reviewed",
    "agreed",
    "deadline",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the data: where it is and which rule it breaks."""

    file: str
    record: str
    rule: str
    message: str
    #: The record (file, key) the problem is about when it is another one (a reference's
    #: target): if that record was refused, this problem only follows from it.
    refers: tuple[str, str] | None = None

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
        if found and not valid:
            broken.add((name, "*"))  # the whole file was lost: nothing in it can be referred to
    # A record that failed its own checks is missing from ``records``: what refers to it is not
    # reported again, so one bad value gives one problem.
    problems.extend(p for p in _cross_checks(records) if not _follows(p, broken))
    return records, problems


def _follows(problem: Problem, broken: set[tuple[str, str]]) -> bool:
    """Whether a cross-record problem only follows from a record that was already refused."""
    if problem.refers is None:
        return False
    return problem.refers in broken or (problem.refers[0], "*") in broken


#: What reading each file found, by file, model and the SHA-256 of its bytes: the same bytes
#: always give the same records and problems (the records are frozen), so a file that did not
#: change since it was last checked in this process (the server re-reading its folder, an
#: editor's check after changing one file, a copy of the data folder) is not parsed again.
_Found = tuple[tuple[Any, ...], tuple["Problem", ...]]
_READ: collections.OrderedDict[tuple[str, type[Frozen], bytes], _Found] = collections.OrderedDict()
_READ_SIZE = 128  # a few folders' worth of files (26 a folder)
_READ_LOCK = threading.Lock()


def _read_file(path: Path, name: str, model: type[Frozen]) -> tuple[tuple[Any, ...], list[Problem]]:
    if not path.exists():
        return (), [Problem(name, "-", "missing-file", f"{path} does not exist")]
    data = path.read_bytes()
    key = (name, model, hashlib.sha256(data).digest())
    with _READ_LOCK:
        known = _READ.get(key)
        if known is not None:
            _READ.move_to_end(key)
            return known[0], list(known[1])
    valid, problems = _check_file(data, name, model)
    with _READ_LOCK:
        _READ[key] = (valid, tuple(problems))
        while len(_READ) > _READ_SIZE:
            _READ.popitem(last=False)
    return valid, problems


def _check_file(data: bytes, name: str, model: type[Frozen]) -> tuple[tuple[Any, ...], list[Problem]]:
    try:
        parsed = datafile.parse_bytes(data, csv_file=name.endswith(".csv"))
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
            valid.append(shapes.validate(model, item))
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
    return Problem(file, record, "schema", f"{where}: {str(error['msg']).removeprefix('Value error, ')}")


def _cross_checks(records: Records) -> Iterator[Problem]:
    sources = {s.id for s in records["sources.yaml"]}
    yield from _grading(records["sources.yaml"], records["denied_hosts.yaml"])
    for file, items in records.items():
        yield from _duplicates(file, items)
        for item in items:
            for path, node in _walk(item):
                yield from _node_checks(file, item.key, path, node, sources)
            if isinstance(item, Record):
                yield from _alternatives(file, item)
    yield from _references(records)
    yield from _spending_rows(records)
    yield from _regions(records)
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
        if entry.pattern is not None and _pattern(entry.pattern).search(url):
            return entry
    return None


@functools.lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    """A deny-list pattern compiled once, not looked up in ``re``'s cache for every URL."""
    return re.compile(pattern)


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


def _walk(model: Frozen, path: str = "") -> Iterator[tuple[str, Frozen]]:
    """The record and every model nested in it, with a path such as ``leads[1].``."""
    yield path, model
    for name in _fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, Frozen):
            yield from _walk(value, f"{path}{name}.")
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Frozen):
                    yield from _walk(item, f"{path}{name}[{i}].")


@functools.cache
def _fields(model: type[Frozen]) -> tuple[str, ...]:
    """A record type's field names in order, looked up once a class (cheaper than asking the
    class each time, in a walk over every node of every record)."""
    return tuple(model.fields())


def _node_checks(file: str, record: str, path: str, node: Frozen, sources: set[str]) -> Iterator[Problem]:
    fields = _fields(type(node))
    if "citations" not in fields and not isinstance(node, Interval):
        return
    cited = list((node.sources or ()) if "sources" in fields else ())  # type: ignore[attr-defined]
    if isinstance(node, Figure):
        cited.append(node.release)
    for i, citation in enumerate((node.citations or ()) if "citations" in fields else ()):  # type: ignore[attr-defined]
        # A citation of an unknown source is that reference's problem (see _references).
        if citation.source not in cited and citation.source in sources:
            yield Problem(
                file,
                record,
                "citation",
                f"{path}citations[{i}] quotes {citation.source!r}, which the record does not cite in sources",
            )
    if isinstance(node, Interval):
        yield from _interval_order(file, record, path, node)


def _interval_order(file: str, record: str, path: str, node: Interval) -> Iterator[Problem]:
    """Every interval ends after it starts (its end is exclusive: a day later at least)."""
    start, end = node.start, node.end
    if start is None or end is None or start.first_day < end.first_day:
        return
    last = getattr(node, "last_day", None)
    if last is not None:  # the end is the day after a last day the record names
        message = f"{path}last day ({last}) is before the first ({start})"
    else:
        message = f"{path}interval ends ({end}) before or when it starts ({start})"
    yield Problem(file, record, "interval-order", message)


def _references(records: Records) -> Iterator[Problem]:
    """Every reference the model declares (a field typed with a ``Ref``) names a record that exists."""
    for found in refs.dangling(records, FILES):
        rule = "unknown-source" if found.link.ref.kind == "Source" else "unknown-reference"
        yield Problem(found.file, found.record, rule, found.message, refers=(found.target, found.link.value))


_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?")


def _alternatives(file: str, record: Record) -> Iterator[Problem]:
    for i, alternative in enumerate(record.alternatives):
        message = _alternative_problem(record, alternative)
        if message is not None:
            yield Problem(file, record.key, "alternative", f"alternatives[{i}]: {message}")


def _alternative_problem(record: Record, alternative: Alternative) -> str | None:
    """What is wrong with what an alternative says, if anything: its ``field`` must be a field
    of the record (by its name in the data file, ``names[1].from`` into nested records), and
    its ``value`` must parse as that field's type. A field holding texts or records (``name``,
    ``points``, ``leads``) takes the alternative in words."""
    model: type[Frozen] | None = type(record)
    value: Any = record
    kind: Any = None
    for part in alternative.field.split("."):
        step = _STEP.fullmatch(part)
        if step is None or model is None:
            return f"field {alternative.field!r} does not name a field of {type(record).__name__}"
        name, index = step.group(1), step.group(2)
        found = next(((k, f) for k, f in model.fields().items() if f.key == name), None)
        if found is None:
            return f"field {alternative.field!r}: {model.__name__} has no field {name!r}"
        key, info = found
        kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        value = getattr(value, key, None)
        if index is not None:
            if not isinstance(value, tuple) or int(index) >= len(value):
                return f"field {alternative.field!r}: the record has no {name}[{index}]"
            value = value[int(index)]
            kind = _item_type(kind)
        model = _model_in(kind)
    if model is not None or _item_type(kind) is not None:
        return None  # texts, records or lists of them: the value says it in words
    try:
        _adapter(kind).validate_python(alternative.value)
    except ValidationError as err:
        reason = str(err.errors()[0]["msg"]).removeprefix("Value error, ")
        return f"value {alternative.value!r} is not a valid {alternative.field}: {reason}"
    return None


@functools.lru_cache(maxsize=256)
def _adapter(kind: Any) -> TypeAdapter[Any]:
    """One validator per field type: building one costs a pydantic schema, and the same few
    types (dates, ids, numbers) recur in every file's alternatives."""
    return TypeAdapter(shapes.translate(kind))


def _unwrap(kind: Any) -> Any:
    """A type without ``Annotated`` and ``| None``."""
    while True:
        origin = typing.get_origin(kind)
        if origin is Annotated:
            kind = typing.get_args(kind)[0]
        elif origin in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(kind) if a is not type(None)]
            if len(inner) != 1:
                return kind
            kind = inner[0]
        else:
            return kind


def _item_type(kind: Any) -> Any:
    """The item type of a tuple type, or None."""
    bare = _unwrap(kind)
    return typing.get_args(bare)[0] if typing.get_origin(bare) is tuple else None


def _model_in(kind: Any) -> type[Frozen] | None:
    bare = _unwrap(kind)
    return bare if isinstance(bare, type) and issubclass(bare, Frozen) else None


#: The range a value of each measure can take: shares in per cent, money and people not negative.
_RANGES: dict[str, tuple[float, float]] = {
    "pct_gdp": (0.0, 100.0),
    "equipment_share": (0.0, 100.0),
    "usd_million": (0.0, math.inf),
    "gdp_usd_million": (0.0, math.inf),
    "personnel_thousands": (0.0, math.inf),
}


def _regions(records: Records) -> Iterator[Problem]:
    """Every Ally has a home region for Article 6 (the region itself is a reference, checked by
    the walker)."""
    allies = {m.country for m in records["memberships.yaml"]}
    for country in records["countries.yaml"]:
        if country.id in allies and country.region is None:
            yield Problem(
                "countries.yaml", country.key, "missing-region", "an Ally needs its home region (region:)"
            )


def _spending_rows(records: Records) -> Iterator[Problem]:
    """Every row of spending.csv has a value in range (its release and Ally are references)."""
    for row in records["spending.csv"]:
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
                refers=("memberships.yaml", step.country),
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
