"""Open data out: every record of the Atlas as tidy tables (:mod:`natoatlas.kb.tables`), written
as CSV, JSON, SQLite, a Frictionless data package or an Excel workbook.

The tables are derived from the model types (:data:`natoatlas.kb.model.FILES`), never from the
values that happen to be present, so nothing the Atlas holds is left out and an empty table or
column is still there: each data file becomes a table, each field a column (a nested record's
fields become columns after it: texts ``…_en`` / ``…_ja`` / ``…_ja_ours``; dates keep their
precision as ISO text; validity bounds are ``from_date`` / ``to_date``), and each list of nested
records (a country's names, a battlegroup's leads, a lead's citations …) a child table keyed by
its parent and the item's position. Column types, descriptions and constraints (required, enum,
bounds, patterns) come from the fields' types and metadata. Every row has a ``sources`` column.
The same data gives byte-identical files, and a folder is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from natoatlas.files import exchange
from natoatlas.kb.tables import Column, Table, frame, tables
from natoatlas.render.workbook import Sheet, write_workbook

if TYPE_CHECKING:
    from natoatlas.atlas import Atlas

__all__ = ["FOLDER_FORMATS", "FORMATS", "Column", "Table", "export", "export_xlsx", "frame", "tables"]

#: Formats written as a folder of files; ``xlsx`` is one workbook file.
FOLDER_FORMATS = ("csv", "json", "sqlite", "datapackage")
FORMATS = (*FOLDER_FORMATS, "xlsx")

# -- writers ---------------------------------------------------------------------------------------


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                ""
                if row[c.name] is None
                else ("true" if row[c.name] is True else "false" if row[c.name] is False else row[c.name])
                for c in table.columns
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _json(table: Table) -> bytes:
    return (json.dumps(table.rows, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _sqlite(built: dict[str, Table], path: Path) -> None:
    import sqlite_utils

    types = {"string": str, "integer": int, "number": float, "boolean": int}
    db = sqlite_utils.Database(path)
    # The file is written in a staging folder that takes the target's place only once complete,
    # so SQLite need not sync after each of the hundred statements below (the indexes and the
    # full-text tables each commit on their own): the file is synced once, when closed.
    db.execute("PRAGMA synchronous = OFF")
    with db.conn:  # every table and row in one transaction
        for table in built.values():
            db[table.name].create(  # type: ignore[union-attr]
                {c.name: types[c.type] for c in table.columns},
                pk=table.primary_key[0]
                if len(table.primary_key) == 1
                else (tuple(table.primary_key) or None),
                foreign_keys=table.foreign_keys,
            )
            db[table.name].insert_all(table.rows)  # type: ignore[union-attr]
    for table in built.values():
        for col in table.columns:
            if col.date:
                db[table.name].create_index([col.name], if_not_exists=True)  # type: ignore[union-attr]
        text = [c.name for c in table.columns if c.language or c.name in ("title", "publisher")]
        if text:
            db[table.name].enable_fts(text, create_triggers=False)  # type: ignore[union-attr]
    db.vacuum()
    db.close()
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _datapackage(built: dict[str, Table], atlas: Atlas) -> bytes:
    resources = []
    for table in built.values():
        schema: dict[str, Any] = {
            "fields": [
                {
                    "name": c.name,
                    "type": c.type,
                    "description": c.description,
                    **({"rdfType": f"lang:{c.language}"} if c.language else {}),
                    **({"constraints": dict(c.constraints)} if c.constraints else {}),
                }
                for c in table.columns
            ]
        }
        if table.primary_key:
            schema["primaryKey"] = table.primary_key
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": column,
                    "reference": {"resource": target.replace("_", "-"), "fields": target_column},
                }
                for column, target, target_column in table.foreign_keys
            ]
        if table.parent and len(table.parent[0]) > 1:
            # The whole key of the parent row (SQLite gets the single-column links only).
            columns, parent, parent_columns = table.parent
            schema.setdefault("foreignKeys", []).append(
                {
                    "fields": list(columns),
                    "reference": {"resource": parent.replace("_", "-"), "fields": list(parent_columns)},
                }
            )
        resources.append(
            {
                "name": table.name.replace("_", "-"),
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": schema,
            }
        )
    package = {
        "name": "nato-atlas",
        "title": "NATO Atlas: sourced, temporal, bilingual facts about NATO",
        "description": "Every record of NATO Atlas with its sources and validity dates, in English and Japanese. "
        "Each row's 'sources' column names rows of the 'sources' resource.",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "sources": [
            {"title": s.title, "path": s.url} if s.url else {"title": s.title}
            for s in sorted(atlas.sources.values(), key=lambda s: s.id)
            if "data-package" in s.highlight
        ],
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


#: Written into every export folder, so that ``--force`` replaces only what an export wrote.
MARKER = ".natoatlas-export"


def export(atlas: Atlas, fmt: str, folder: Path, force: bool = False) -> list[Path]:
    """Write every table to ``folder`` in ``fmt``; refuse an existing folder unless ``force``.

    The files are written to a staging folder beside the target, which then takes its place in
    one step (``renameat2(RENAME_EXCHANGE)`` where the system has it): at every moment either the
    old folder or the new one is at ``folder``. Leftovers of a run that was killed are recovered
    or removed by the next run. ``--force`` replaces only a folder that an export wrote (or an
    empty one), never the working directory or one of its parents.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    if fmt == "xlsx":
        return [export_xlsx(atlas, folder, force=force)]
    folder = _target(folder)
    recover(folder)
    if folder.exists():
        if not force:
            raise FileExistsError(f"{folder} exists: give --force to replace it")
        if not folder.is_dir():
            raise FileExistsError(f"{folder} is a file, not an export folder")
        if any(folder.iterdir()) and not (folder / MARKER).exists():
            raise FileExistsError(f"{folder} holds files that no export wrote: refusing to replace it")
    built = tables(atlas)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.staging-", dir=folder.parent))
    try:
        if fmt == "sqlite":
            _sqlite(built, staging / "nato.db")
        else:
            for table in built.values():
                data = _json(table) if fmt == "json" else _csv(table)
                (staging / f"{table.name}.{'json' if fmt == 'json' else 'csv'}").write_bytes(data)
            if fmt == "datapackage":
                (staging / "datapackage.json").write_bytes(_datapackage(built, atlas))
        (staging / MARKER).write_text(f"{fmt}\n", encoding="utf-8")
        staging.chmod(0o755)
        for child in staging.iterdir():
            child.chmod(0o644)
        _swap_in(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in folder.iterdir() if p.name != MARKER)


def export_xlsx(atlas: Atlas, path: Path, force: bool = False) -> Path:
    """Every table as one Excel workbook: a sheet per table, the sources, and a README sheet."""
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path}: an Excel workbook's name ends in .xlsx")
    if path.is_dir():
        raise FileExistsError(f"{path} is a folder: name the .xlsx file to write")
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists: give --force to replace it")
    built = tables(atlas)
    ordered = (
        [built["sources"], *(t for name, t in built.items() if name != "sources")]
        if "sources" in built
        else list(built.values())
    )
    sheets = [
        Sheet(
            t.name,
            [c.name for c in t.columns],
            [[row.get(c.name) for c in t.columns] for row in t.rows],
            frozenset(c.name for c in t.columns if c.date),
        )
        for t in ordered
    ]
    readme = [
        "NATO Atlas — open data",
        "A sourced, temporal, bilingual (日本語 / English) knowledge base about NATO. One sheet per table; "
        "the 'sources' sheet lists every source the rows cite (column 'sources': ids separated by ';').",
        "Dates: a date the source gives to the day is an Excel date; a date known only to the month or year "
        "(2018-07, 1994) stays text, because an Excel date would claim a day the source does not give. "
        "'to_date' is the first day a record no longer holds (empty: it still holds).",
        "Sheets: " + ", ".join(t.name for t in ordered),
        *(f"{t.name}: {t.description}" for t in ordered),
        "Licence: the compilation CC-BY-4.0; each source keeps its own terms (NATO figures: reuse with attribution).",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_workbook(path, sheets, readme)


def _target(folder: Path) -> Path:
    """The folder to write, refused where replacing it would be a mistake."""
    if folder.name in ("", ".", ".."):
        raise FileExistsError(f"{folder} is not a folder name: name the export folder itself")
    resolved = folder.resolve()
    here = Path.cwd().resolve()
    if resolved == here or resolved in here.parents or resolved == Path(resolved.anchor):
        raise FileExistsError(f"{folder} is the working directory or one of its parents: name a new folder")
    return resolved


def _swap_in(staging: Path, folder: Path) -> None:
    if not folder.exists():
        staging.rename(folder)
        return
    if exchange(staging, folder):
        shutil.rmtree(staging)  # now the old export
        return
    # Without an atomic exchange: keep the old folder as ``.NAME.old`` until the new one is in
    # place; ``recover`` puts it back if a kill comes between the two renames.
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old)


def recover(folder: Path) -> None:
    """Undo what a killed export left beside ``folder``: restore the old folder if the new one
    never arrived, and remove staging folders (never live, so never needed)."""
    old = folder.with_name(f".{folder.name}.old")
    if old.is_dir():
        if folder.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(folder)
    if folder.parent.is_dir():
        for leftover in folder.parent.glob(f".{folder.name}.staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
