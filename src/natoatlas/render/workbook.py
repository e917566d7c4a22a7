"""Excel workbooks for the desk officers who live in Excel: one sheet per table, frozen header
rows, sized columns, day-precise dates as Excel dates, a sources sheet and a README sheet.

A date known only to the month or year (``2018-07``, ``1994``) stays text: an Excel date would
claim a day the source does not give. Written atomically, like every file the project writes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from natoatlas.files import atomic_write

__all__ = ["Sheet", "write_workbook"]

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MAX_WIDTH = 60


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: its name (cut to Excel's 31 characters), header and rows."""

    name: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    date_columns: frozenset[str] = frozenset()


def _cell(value: Any, is_date: bool) -> Any:
    if value is None:
        return None
    if is_date and isinstance(value, str) and _DAY.fullmatch(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _names(sheets: Iterable[Sheet]) -> list[str]:
    """Unique sheet names of at most 31 characters (Excel's limit), in order."""
    used: set[str] = set()
    names = []
    for sheet in sheets:
        base = re.sub(r"[\[\]:*?/\\]", "_", sheet.name)[:31]
        name, n = base, 2
        while name.lower() in used:
            suffix = f"~{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        names.append(name)
    return names


def write_workbook(path: Path, sheets: Sequence[Sheet], readme: Sequence[str]) -> Path:
    """Write ``sheets`` after a README sheet (``readme``: one paragraph per row) to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "README"
    about.column_dimensions["A"].width = 110
    for line in readme:
        about.append([line])
    for (paragraph,) in about.iter_rows():
        paragraph.alignment = Alignment(wrap_text=True, vertical="top")
    about["A1"].font = Font(bold=True, size=14)
    for sheet, name in zip(sheets, _names(sheets), strict=True):
        ws = book.create_sheet(name)
        ws.append(list(sheet.columns))
        dates = [c in sheet.date_columns for c in sheet.columns]
        for values in sheet.rows:
            ws.append([_cell(v, d) for v, d in zip(values, dates, strict=True)])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = ws.dimensions
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            if dates[index - 1]:
                for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                    if isinstance(cell.value, dt.date):
                        cell.number_format = "yyyy-mm-dd"
            longest = max(
                [len(str(column))]
                + [len(str(r[index - 1])) for r in sheet.rows[:500] if r[index - 1] is not None]
            )
            ws.column_dimensions[letter].width = min(_MAX_WIDTH, max(8, longest + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return atomic_write(path, buffer.getvalue())
