"""Importing NATO's yearly defence expenditure workbook ("Defence Expenditure of NATO Countries").

NATO publishes its tables as an Excel workbook: sheets ``TABLE1`` … ``TABLE8b``, each with a
title, a row of years (``2014`` … ``'2023e'``, ``'2024e'``; ``e`` marks an estimate), blocks
headed by a label (``Share of real GDP (%)``), one row per Ally in NATO's spelling (``Slovak
Republic``, ``Türkiye``; ``*`` marks Allies with a national law on 2 % of GDP), then the
aggregates and notes. Anything else is refused with the sheet and row that did not fit.

The import replaces the release's rows in ``spending.csv`` and its entry in ``releases.yaml``,
checks the whole data set in a scratch copy, and only then replaces the files.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from natoatlas import datafile
from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate
from natoatlas.files import atomic_write
from natoatlas.model import Release, Source, SpendingFigure
from natoatlas.validate import DataError, read_all

__all__ = ["LayoutError", "Workbook", "import_workbook", "read_workbook"]

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
_YEAR = re.compile(r"^(\d{4})(e?)$")


class LayoutError(ValueError):
    """The workbook is not in the layout of NATO's tables; the message names sheet and row."""


@dataclass(frozen=True, slots=True)
class Workbook:
    """What a workbook holds: its figures and the Allies it marks with a national 2 % law."""

    figures: tuple[SpendingFigure, ...]
    national_2pct_law: tuple[str, ...]
    years: tuple[int, ...]
    estimate_years: tuple[int, ...]


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
            if not isinstance(value, int | float):
                raise LayoutError(
                    f"sheet {sheet} row {i + 1}: {value!r} under {rows[header][j]!r} is not a number"
                )
            year, estimate = columns[j]
            figures.append(
                SpendingFigure(
                    release=release,
                    ally=code,
                    year=year,
                    measure=measure,
                    value=round(float(value), DIGITS[measure]),
                    estimate=estimate,
                )
            )
    missing = [b for b in blocks if b not in seen_blocks]
    if missing:
        raise LayoutError(f"sheet {sheet}: no block {missing[0]!r} with Allies' figures")
    return figures, stars


def import_workbook(
    path: Path,
    release: str,
    data_dir: Path | None = None,
    title: str | None = None,
    published: str | None = None,
) -> Workbook:
    """Import a workbook as ``release`` into the data folder; files change only if all is valid."""
    from natoatlas.loader import load

    folder = data_dir or datafile.default_dir()
    atlas = load(folder)
    sources: list[Source] = list(atlas.sources.values())
    if release not in atlas.sources:
        if not (title and published):
            raise LookupError(
                f"release {release!r} is not in sources.yaml: give --title and --published to add it"
            )
        sources.append(
            Source(
                id=release,
                kind="official",
                title=title,
                publisher="NATO Public Diplomacy Division",
                language="en",
                published=PartialDate.parse(published),
            )
        )
    book = read_workbook(path, release, atlas)
    figures = [f for f in atlas.spending_figures if f.release != release] + list(book.figures)
    old = next((r for r in atlas.releases if r.id == release), None)
    entry = Release(
        id=release,
        kind="tables",
        years=book.years,
        estimate_years=book.estimate_years,
        national_2pct_law=book.national_2pct_law,
        counts=old.counts if old else (),
        note=old.note if old else None,
        sources=(release,),
    )
    releases: list[Release] = [r for r in atlas.releases if r.id != release] + [entry]
    releases.sort(key=lambda r: r.id)
    sources.sort(key=lambda s: s.id)
    files = {
        "spending.csv": datafile.dump_csv(figures),
        "releases.yaml": datafile.dump_records(releases),
        "sources.yaml": datafile.dump_records(sources),
    }
    _replace_checked(folder, files)
    return book


def _replace_checked(folder: Path, files: dict[str, str]) -> None:
    """Check the data with the new files in a scratch copy, then swap each file in atomically."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(folder, copy)
        for name, text in files.items():
            (copy / name).write_text(text, encoding="utf-8")
        problems = read_all(copy)[1]
        if problems:
            raise DataError(problems)
    for name, text in files.items():
        atomic_write(folder / name, text)
