"""Checking the data files: every problem named by file, record and rule.

The models check one record at a time; this module turns their errors into :class:`Problem`
values and adds the checks that span records: duplicate ids, references to countries and
sources, intervals that end before they start, and intervals of one kind that overlap.
Nothing loads while a problem remains, so no query ever sees half-valid data.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from natoatlas import datafile
from natoatlas.dates import Precision
from natoatlas.model import (
    FILES,
    CommandWithdrawal,
    Country,
    CountryName,
    Figure,
    Headquarters,
    Interval,
    Membership,
    SecretaryGeneral,
)

__all__ = ["DataError", "Problem", "read_all"]

_DATE_FIELDS = {"from", "to", "published", "date", "period", "in_force"}


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
    for name, model in FILES.items():
        valid, found = _read_file(folder / name, name, model)
        records[name] = valid
        problems.extend(found)
    problems.extend(_cross_checks(records))
    return records, problems


def _read_file(path: Path, name: str, model: type[BaseModel]) -> tuple[tuple[Any, ...], list[Problem]]:
    if not path.exists():
        return (), [Problem(name, "-", "missing-file", f"{path} does not exist")]
    try:
        raw = datafile.read(path)
    except Exception as err:  # noqa: BLE001 - any parse error is reported, not raised
        return (), [Problem(name, "-", "yaml", " ".join(str(err).split()))]
    if not isinstance(raw, list):
        return (), [Problem(name, "-", "schema", "the file must hold a list of records")]
    valid: list[Any] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        label = _label(item, index)
        try:
            valid.append(model.model_validate(item))
        except ValidationError as err:
            problems.extend(_explain(name, label, e) for e in err.errors())
    return tuple(valid), problems


def _label(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ("id", "country"):
            if isinstance(item.get(key), str):
                return str(item[key])
    return f"record {index + 1}"


def _explain(file: str, record: str, error: ErrorDetails) -> Problem:
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
    for file, items in records.items():
        yield from _duplicates(file, items)
        for item in items:
            yield from _references(file, item, sources, countries)
            yield from _interval_order(file, item)
    yield from _precision(records["memberships.yaml"])
    groups: list[tuple[str, Iterable[tuple[str, Iterable[Any]]]]] = [
        ("memberships.yaml", _grouped(records["memberships.yaml"], lambda m: m.country)),
        ("command_withdrawals.yaml", _grouped(records["command_withdrawals.yaml"], lambda w: w.country)),
        ("secretaries_general.yaml", [("Secretary General", records["secretaries_general.yaml"])]),
        ("headquarters.yaml", [("headquarters", records["headquarters.yaml"])]),
        ("countries.yaml", ((c.id, c.names) for c in records["countries.yaml"])),
    ]
    for file, grouped in groups:
        for what, spans in grouped:
            yield from _overlaps(file, what, list(spans))


def _duplicates(file: str, items: tuple[Any, ...]) -> Iterator[Problem]:
    if file == "memberships.yaml":
        return  # keyed by country; a country may leave and rejoin (checked as overlap)
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            yield Problem(file, item.key, "duplicate-id", f"id {item.key!r} is used twice")
        seen.add(item.key)


def _references(file: str, item: Any, sources: set[str], countries: set[str]) -> Iterator[Problem]:
    cited: list[str] = list(getattr(item, "sources", ()))
    cited += [s for alt in getattr(item, "alternatives", ()) for s in alt.sources]
    if isinstance(item, Country):
        cited += [s for name in item.names for s in name.sources]
    if isinstance(item, Membership):
        cited += [s for event in item.events for s in event.sources]
    if isinstance(item, Figure):
        cited.append(item.release)
    for source in cited:
        if source not in sources:
            yield Problem(file, item.key, "unknown-source", f"source {source!r} is not in sources.yaml")
    code = getattr(item, "country", None)
    if (
        isinstance(item, Membership | SecretaryGeneral | Headquarters | CommandWithdrawal)
        and code not in countries
    ):
        yield Problem(file, item.key, "unknown-reference", f"country {code!r} is not in countries.yaml")


def _interval_order(file: str, item: Any) -> Iterator[Problem]:
    spans: list[tuple[str, Any]] = []
    if isinstance(item, Interval):
        spans.append(("", item))
    if isinstance(item, Country):
        spans.extend((f"names[{i}] ", n) for i, n in enumerate(item.names))
    for prefix, span in spans:
        if span.start is not None and span.end is not None and span.end.first_day <= span.start.first_day:
            yield Problem(
                file,
                item.key,
                "interval-order",
                f"{prefix}interval ends ({span.end}) before or when it starts ({span.start})",
            )


def _precision(memberships: tuple[Membership, ...]) -> Iterator[Problem]:
    # Article 10 makes membership start on the day of deposit: a year or month is not enough.
    for m in memberships:
        if m.start.precision is not Precision.DAY:
            yield Problem(
                "memberships.yaml", m.key, "precision", f"membership must start on a day, not {m.start}"
            )


def _grouped(items: tuple[Any, ...], key: Any) -> Iterator[tuple[str, Iterable[Any]]]:
    ordered = sorted(items, key=key)
    return ((k, list(g)) for k, g in itertools.groupby(ordered, key=key))


def _overlaps(file: str, what: str, spans: list[Interval | CountryName]) -> Iterator[Problem]:
    dated = sorted(
        (s for s in spans if s.start is not None),
        key=lambda s: s.start.first_day if s.start else None,  # type: ignore[arg-type,return-value]
    )
    undated = [s for s in spans if s.start is None]
    if len(undated) > 1 or (undated and dated and dated[0].start and undated[0].end is None):
        yield Problem(file, what, "overlap", "more than one interval has no start")
    for earlier, later in itertools.pairwise(dated):
        assert later.start is not None
        if earlier.end is None or earlier.end.first_day > later.start.first_day:
            yield Problem(
                file,
                what,
                "overlap",
                f"interval from {earlier.start} to {earlier.end or 'open'} "
                f"overlaps the one from {later.start}",
            )
