"""Importing NATO's yearly defence expenditure workbook ("Defence Expenditure of NATO Countries").

NATO publishes its tables as an Excel workbook: sheets ``TABLE1`` … ``TABLE8b``, each with a
title, a row of years (``2014`` … ``'2023e'``, ``'2024e'``; ``e`` marks an estimate), blocks
headed by a label (``Share of real GDP (%)``), one row per Ally in NATO's spelling (``Slovak
Republic``, ``Türkiye``; ``*`` marks Allies with a national law on 2 % of GDP), then the
aggregates and notes. Anything else is refused with the sheet and cell that did not fit, and so
is a value outside its measure's range (a share below 0 or above 100, negative money, ``TRUE``).

An import never loses data: a release id must be new or one of NATO's tables releases (never
another source), an existing release is replaced only when asked (:class:`Plan` says what
changes first), and the files are written as one transaction (see :func:`natoatlas.kb.transaction.commit`).
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from natoatlas.atlas import Atlas, load
from natoatlas.dates import PartialDate, parse_day
from natoatlas.kb import datafile
from natoatlas.kb.model import Release, Source, SpendingFigure, SpendingMeasure
from natoatlas.kb.transaction import DataChanged, commit, digest, recover
from natoatlas.kb.validate import DataError, read_all

__all__ = [
    "Change",
    "DataChanged",
    "LayoutError",
    "OptionError",
    "Plan",
    "Workbook",
    "import_workbook",
    "plan_import",
    "read_workbook",
    "recover",
]

#: sheet → {block label (None: the sheet's only block) → measure}; the sheets and blocks taken.
LAYOUT: dict[str, dict[str | None, str]] = {
    "TABLE2": {"Current prices and exchange rates": "usd_million"},
    "TABLE3": {"Share of real GDP (%)": "pct_gdp"},
    "TABLE5": {"Current prices and exchange rates": "gdp_usd_million"},
    "TABLE7": {None: "personnel_thousands"},
    "TABLE8a": {"Equipment (a)": "equipment_share"},
}
AGGREGATE_LABELS = {"NATO Europe and Canada": "nato-europe-canada", "NATO Total": "nato-total"}
DIGITS = {
    "pct_gdp": 4,
    "equipment_share": 4,
    "personnel_thousands": 3,
    "usd_million": 1,
    "gdp_usd_million": 1,
}
#: The values a measure can take: shares in per cent; money (US$ million) and personnel (thousands)
#: not negative and below a bound far above any Ally's (NATO's total spending is about US$1.5
#: million million, its GDP about US$50 million million, its personnel about 3.5 million), so a
#: stray 1e308 is refused.
BOUNDS: dict[str, tuple[float, float]] = {
    "pct_gdp": (0.0, 100.0),
    "equipment_share": (0.0, 100.0),
    "usd_million": (0.0, 1e7),
    "gdp_usd_million": (0.0, 1e9),
    "personnel_thousands": (0.0, 1e5),
}
_YEAR = re.compile(r"^(\d{4})(e?)$", re.ASCII)
_RELEASE_ID = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)


class LayoutError(ValueError):
    """The workbook is not in the layout of NATO's tables; the message names sheet and cell."""


class OptionError(ValueError):
    """An option of the import is refused; ``option`` names it (``--release``, ``--published``)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True, slots=True)
class Workbook:
    """What a workbook holds: its figures and the Allies it marks with a national 2 % law."""

    figures: tuple[SpendingFigure, ...]
    national_2pct_law: tuple[str, ...]
    years: tuple[int, ...]
    estimate_years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Change:
    """What an import does to one measure of a release: rows added, removed, changed, kept."""

    measure: str
    added: int
    removed: int
    changed: int
    unchanged: int


@dataclass(frozen=True)
class Plan:
    """An import worked out but not yet written: what it changes, and the files it will write."""

    folder: Path
    release: str
    book: Workbook
    new: bool
    rows_before: int
    changes: tuple[Change, ...]
    files: dict[str, str]
    #: sha256 of each file to be written, as read: :meth:`apply` refuses if one changed since.
    base: dict[str, str]

    def apply(self) -> None:
        """Write the import as one transaction: all its files, or none."""
        commit(self.folder, self.files, self.base, _check)


def _year(cell: Any) -> tuple[int, bool] | None:
    if isinstance(cell, int) and 1949 <= cell <= 2100:
        return cell, False
    if isinstance(cell, str):
        match = _YEAR.match(cell.strip())
        if match:
            return int(match.group(1)), bool(match.group(2))
    return None


def read_workbook(path: Path, release: str, atlas: Atlas) -> Workbook:
    """Read the figures of one release from a workbook in NATO's layout."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any reader error means: not a workbook we can read
        raise LayoutError(f"{path.name}: not an Excel workbook ({err})") from None
    figures: list[SpendingFigure] = []
    marked: set[str] = set()
    years: dict[int, bool] = {}
    try:
        for sheet, blocks in LAYOUT.items():
            if sheet not in book.sheetnames:
                raise LayoutError(
                    f"{path.name}: no sheet {sheet} (found {', '.join(book.sheetnames)}); "
                    "expected NATO's tables TABLE1 … TABLE8"
                )
            rows = list(book[sheet].iter_rows(values_only=True))
            found, stars = _read_sheet(sheet, rows, blocks, release, atlas, years)
            figures.extend(found)
            if sheet == "TABLE3":
                marked |= stars
    finally:
        book.close()
    return Workbook(
        figures=tuple(figures),
        national_2pct_law=tuple(sorted(marked)),
        years=tuple(sorted(years)),
        estimate_years=tuple(sorted(y for y, e in years.items() if e)),
    )


def _read_sheet(
    sheet: str,
    rows: list[tuple[Any, ...]],
    blocks: dict[str | None, str],
    release: str,
    atlas: Atlas,
    years: dict[int, bool],
) -> tuple[list[SpendingFigure], set[str]]:
    from openpyxl.utils import get_column_letter

    header = next(
        (i for i, row in enumerate(rows) if sum(_year(c) is not None for c in row) >= 3),
        None,
    )
    if header is None:
        raise LayoutError(f"sheet {sheet}: no row of years (2014, 2015, … '2024e') found")
    columns = {j: y for j, c in enumerate(rows[header]) if (y := _year(c)) is not None}
    first = min(columns)
    for year, estimate in columns.values():
        years[year] = years.get(year, False) or estimate
    block: str | None = None
    seen_blocks: set[str | None] = set()
    figures: list[SpendingFigure] = []
    stars: set[str] = set()
    for i in range(header + 1, len(rows)):
        row = rows[i]
        labels = [c for c in row[:first] if isinstance(c, str) and c.strip()]
        label = labels[-1].strip() if labels else None
        # Cells holding a spreadsheet error (#REF!) are left-overs below a table, not figures.
        numbers = {
            j: row[j]
            for j in columns
            if j < len(row)
            and row[j] is not None
            and not (isinstance(row[j], str) and row[j].startswith("#"))
        }
        if label is None and not numbers:
            continue
        if label is not None and (
            label.startswith("Notes") or label.startswith("-") or label.startswith("#")
        ):
            if label.startswith("#"):
                continue  # a spreadsheet error cell (#REF!) left below the table
            break
        if label is None:
            raise LayoutError(f"sheet {sheet} row {i + 1}: figures without an Ally's name")
        if not numbers:
            block = label
            continue
        if block not in blocks:
            continue
        measure = blocks[block]
        seen_blocks.add(block)
        name = label.rstrip("*").strip()
        code = AGGREGATE_LABELS.get(name)
        if code is None:
            country = atlas.get_country(name)
            if country is None:
                raise LayoutError(f"sheet {sheet} row {i + 1}: {name!r} is not an Ally's name NATO uses")
            code = country.id
            if label.endswith("*"):
                stars.add(code)
        for j, value in numbers.items():
            where = f"sheet {sheet} cell {get_column_letter(j + 1)}{i + 1} ({name}, {rows[header][j]!r})"
            year, estimate = columns[j]
            figures.append(
                SpendingFigure(
                    release=release,
                    ally=code,
                    year=year,
                    measure=typing.cast("SpendingMeasure", measure),
                    value=_checked(value, measure, where),
                    estimate=estimate,
                )
            )
    missing = [b for b in blocks if b not in seen_blocks]
    if missing:
        raise LayoutError(f"sheet {sheet}: no block {missing[0]!r} with Allies' figures")
    return figures, stars


def _checked(value: Any, measure: str, where: str) -> float:
    """The cell's value rounded to the release's digits, if it is a number in the measure's range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise LayoutError(f"{where}: {value!r} is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise LayoutError(f"{where}: {value!r} is not a finite number")
    low, high = BOUNDS[measure]
    if not low <= number <= high:
        raise LayoutError(f"{where}: {value!r} is outside {low:g}–{high:g} for {measure}")
    return round(number, DIGITS[measure])


def import_workbook(
    path: Path,
    release: str,
    data_dir: Path | None = None,
    title: str | None = None,
    published: str | None = None,
    replace: bool = False,
) -> Workbook:
    """Import a workbook as ``release`` into the data folder; files change only if all is valid."""
    plan = plan_import(path, release, data_dir, title, published, replace)
    plan.apply()
    return plan.book


def plan_import(
    path: Path,
    release: str,
    data_dir: Path | None = None,
    title: str | None = None,
    published: str | None = None,
    replace: bool = False,
) -> Plan:
    """Work out what importing ``path`` as ``release`` would write, refusing what would lose data.

    Nothing is written here (except the recovery of a killed import): :meth:`Plan.apply` does it.
    """
    # The real folder, not a link to it: the exchange swaps the path it is given.
    folder = (data_dir or datafile.default_dir()).resolve()
    if not folder.is_dir():
        raise OptionError("--data", f"{folder} is not a folder of data files")
    recover(folder)
    if not _RELEASE_ID.fullmatch(release):
        raise OptionError(
            "--release", f"{release!r} is not a release id: lower-case letters, digits and '-' only"
        )
    atlas = load(folder)
    old = next((r for r in atlas.releases if r.id == release), None)
    known = atlas.sources.get(release)
    sources: list[Source] = list(atlas.sources.values())
    if old is None and known is not None:
        releases = ", ".join(r.id for r in atlas.releases if r.kind == "tables")
        raise OptionError(
            "--release",
            f"{release!r} is a source ({known.kind}: {known.title}), not a release; give a new id "
            f"or one of NATO's tables releases ({releases})",
        )
    if old is not None:
        if old.kind != "tables":
            raise OptionError(
                "--release",
                f"{release!r} is a release of kind {old.kind}, not NATO's tables: a workbook is "
                "imported only as a tables release",
            )
        for option, given in (("--title", title), ("--published", published)):
            if given is not None:
                raise OptionError(option, f"{option} describes a new release; {release!r} is already one")
    else:
        if title is None or published is None:
            raise LookupError(
                f"release {release!r} is not in sources.yaml: give --title and --published to add it"
            )
        if not title.strip():
            raise OptionError("--title", "the title of a release cannot be empty")
        try:
            day = parse_day(published)
        except ValueError as err:
            raise OptionError("--published", str(err)) from None
        sources.append(
            Source(
                id=release,
                kind="official",
                title=title.strip(),
                publisher="NATO Public Diplomacy Division",
                language="en",
                published=PartialDate.parse(day.isoformat()),
            )
        )
    book = read_workbook(path, release, atlas)
    before = [f for f in atlas.spending_figures if f.release == release]
    if old is not None and not replace:
        raise OptionError(
            "--release",
            f"release {release!r} already holds {len(before):,} rows; the workbook has "
            f"{len(book.figures):,}: give --replace to replace them (it shows what changes)",
        )
    figures = [f for f in atlas.spending_figures if f.release != release] + list(book.figures)
    if old is None:
        entry = Release(
            id=release,
            kind="tables",
            years=book.years,
            estimate_years=book.estimate_years,
            national_2pct_law=book.national_2pct_law,
            sources=(release,),
        )
    else:
        entry = old.replace(
            years=book.years, estimate_years=book.estimate_years, national_2pct_law=book.national_2pct_law
        )
    releases_list: list[Release] = [r for r in atlas.releases if r.id != release] + [entry]
    releases_list.sort(key=lambda r: r.id)
    sources.sort(key=lambda s: s.id)
    files = {
        "spending.csv": datafile.render("spending.csv", figures),
        "releases.yaml": datafile.render("releases.yaml", releases_list),
        "sources.yaml": datafile.render("sources.yaml", sources),
    }
    return Plan(
        folder=folder,
        release=release,
        book=book,
        new=old is None,
        rows_before=len(before),
        changes=_changes(before, book.figures),
        files=files,
        base={name: digest(folder / name) for name in files},
    )


def _changes(before: Sequence[SpendingFigure], after: Sequence[SpendingFigure]) -> tuple[Change, ...]:
    """Rows added, removed, changed (value or estimate flag) and unchanged, per measure."""
    old = {(f.measure, f.ally, f.year): (f.value, f.estimate) for f in before}
    new = {(f.measure, f.ally, f.year): (f.value, f.estimate) for f in after}
    result = []
    for measure in sorted({k[0] for k in old} | {k[0] for k in new}):
        mine_old = {k for k in old if k[0] == measure}
        mine_new = {k for k in new if k[0] == measure}
        both = mine_old & mine_new
        changed = sum(old[k] != new[k] for k in both)
        result.append(
            Change(
                measure=measure,
                added=len(mine_new - mine_old),
                removed=len(mine_old - mine_new),
                changed=changed,
                unchanged=len(both) - changed,
            )
        )
    return tuple(result)


def _check(staging: Path) -> None:
    """Refuse a staged data folder that does not pass every check of the loader."""
    problems = read_all(staging)[1]
    if problems:
        raise DataError(problems)
