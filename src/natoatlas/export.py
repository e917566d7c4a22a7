"""Open data out: every record of the Atlas as tidy tables, written as CSV, JSON, SQLite or a
Frictionless data package, and as pandas DataFrames.

The tables are derived from the data model itself, so nothing the Atlas holds is left out: each
data file becomes a table (texts become ``…_en`` / ``…_ja`` columns, dates keep their precision
as ISO text, validity intervals become ``from_date`` / ``to_date``), and each list of nested
records (a country's names, a battlegroup's leads, a summit's decisions …) becomes a child table
keyed by its parent. Every row has a ``sources`` column. The same data gives byte-identical
files, and a folder is written whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from natoatlas import choices
from natoatlas.dates import PartialDate
from natoatlas.files import exchange
from natoatlas.model import FILES, Text

if TYPE_CHECKING:
    import pandas as pd

    from natoatlas.atlas import Atlas, DateLike

__all__ = ["FOLDER_FORMATS", "FORMATS", "Column", "Table", "export", "export_xlsx", "frame", "tables"]

#: Formats written as a folder of files; ``xlsx`` is one workbook file.
FOLDER_FORMATS = ("csv", "json", "sqlite", "datapackage")
FORMATS = (*FOLDER_FORMATS, "xlsx")
#: Columns whose name says they hold a date (ISO text at its own precision).
DATE_COLUMNS = {
    "from_date",
    "to_date",
    "date",
    "end_date",
    "published",
    "adopted",
    "agreed",
    "period",
    "in_force",
    "deadline",
}
RENAMED = {"start": "from_date", "end": "to_date"}
DESCRIPTIONS = {
    "id": "Stable identifier of the record",
    "code": "ISO 3166-1 alpha-3 code (Kosovo: the user-assigned XKX)",
    "country": "ISO 3166-1 alpha-3 code of the country",
    "sovereign": "ISO 3166-1 alpha-3 code of the sovereign state",
    "by": "ISO 3166-1 alpha-3 code of the Ally that took the step",
    "alpha2": "ISO 3166-1 alpha-2 code",
    "numeric": "ISO 3166-1 numeric code",
    "wikidata": "Wikidata QID",
    "from_date": "First day the record holds (ISO 8601 at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD)",
    "to_date": "Day the record stops holding (exclusive; empty: still holds), ISO 8601 at the source's precision",
    "date": "Date of the event (ISO 8601 at the source's precision)",
    "sources": "Ids of the sources (table sources) that support the row, separated by ';'",
    "lat": "Latitude in decimal degrees (WGS 84)",
    "lon": "Longitude in decimal degrees (WGS 84)",
    "position": "Order of the item within its parent record",
    "release": "Id of the publication (table releases and sources) the figure comes from",
    "ally": "ISO 3166-1 alpha-3 code of the Ally, or nato-total / nato-europe-canada",
    "year": "Year the figure describes",
    "measure": "What the figure measures: pct_gdp, equipment_share, usd_million, gdp_usd_million, personnel_thousands",
    "value": "The figure as the release gives it",
    "estimate": "True if the release marks the figure as an estimate",
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # string, integer, number, boolean
    description: str
    language: str | None = None


@dataclass
class Table:
    """One exported table: its columns, rows, key and links to other tables."""

    name: str
    description: str
    columns: list[Column] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # column, table, column


def _value(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(str(v) for v in value)
    return value


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _flatten(
    model: BaseModel,
    parent: str,
    children: dict[str, list[tuple[dict[str, Any], BaseModel, int]]],
    key: dict[str, Any],
) -> dict[str, Any]:
    """A record as one flat row; nested record lists are set aside as child rows."""
    row: dict[str, Any] = {}
    for name in type(model).model_fields:
        if choices.is_choice(type(model), name):
            continue  # the editors' choices are not part of the published tables
        value = getattr(model, name)
        column = RENAMED.get(name, name)
        if isinstance(value, Text):
            row[f"{column}_en"] = value.en
            row[f"{column}_ja"] = value.ja
            if value.ja_ours:
                row[f"{column}_ja_ours"] = True
        elif isinstance(value, BaseModel):
            for sub, sub_value in _flatten(value, parent, children, key).items():
                row[f"{column}_{sub}"] = sub_value
        elif isinstance(value, tuple) and value and isinstance(value[0], BaseModel):
            for position, item in enumerate(value, start=1):
                children.setdefault(f"{parent}_{name}", []).append((key, item, position))
        else:
            row[column] = _value(value)
    return row


def _key_of(table: str, record: BaseModel) -> dict[str, Any]:
    model: Any = record
    if table == "memberships":
        return {"country": model.country, "membership_from": model.start.isoformat()}
    if table == "spending":
        return {}
    return {_id_column(table): model.id}


def _id_column(table: str) -> str:
    """The column naming a record of ``table`` in its child tables: sources → source_id."""
    return f"{table[:-3]}y_id" if table.endswith("ies") else f"{table.rstrip('s')}_id"


def tables(atlas: Atlas) -> dict[str, Table]:
    """Every record of the Atlas as tables, in a fixed order."""
    records: dict[str, Iterable[BaseModel]] = {
        "sources": atlas.sources.values(),
        "countries": atlas.countries.values(),
        "memberships": atlas.memberships,
        "command_withdrawals": atlas.command_withdrawals,
        "secretaries_general": atlas.secretaries_general,
        "headquarters": atlas.headquarters_history,
        "figures": atlas.figures,
        "treaty_articles": atlas.treaty_articles,
        "accession_steps": atlas.accession_steps,
        "frameworks": atlas.frameworks.values(),
        "partnerships": atlas.partnerships,
        "bodies": atlas.bodies,
        "places": atlas.places,
        "concepts": atlas.concepts,
        "summits": atlas.summits,
        "operations": atlas.operations,
        "events": atlas.events,
        "releases": atlas.releases,
        "targets": atlas.targets,
        "spending": atlas.spending_figures,
        "territories": atlas.territories,
    }
    names = {model.__name__: name for name, model in FILES.items()}
    built: dict[str, Table] = {}
    for table_name, items in records.items():
        children: dict[str, list[tuple[dict[str, Any], BaseModel, int]]] = {}
        rows = []
        parent_sources: dict[tuple[Any, ...], str] = {}
        for model in items:
            key = _key_of(table_name, model)
            row = _flatten(model, table_name, children, key)
            parent_sources[tuple(key.items())] = str(row.get("sources") or "")
            rows.append(row)
        if table_name == "spending":
            for row in rows:
                row["sources"] = row["release"]
        if table_name == "sources":
            for row in rows:
                row["sources"] = row["id"]
        first = next(iter(items), None)
        model_name = type(first).__name__ if first is not None else ""
        file_name = names.get(model_name, table_name)
        built[table_name] = _table(table_name, f"Records of {file_name}", rows)
        for child_name, entries in sorted(children.items()):
            child_rows = []
            for key, item, position in entries:
                nested: dict[str, list[tuple[dict[str, Any], BaseModel, int]]] = {}
                row = {**key, "position": position, **_flatten(item, child_name, nested, key)}
                if not row.get("sources"):
                    row["sources"] = parent_sources.get(tuple(key.items()), "")
                child_rows.append(row)
            built[child_name] = _table(
                child_name, f"Items of {table_name}: {child_name.removeprefix(table_name + '_')}", child_rows
            )
    _keys(built)
    return built


def _table(name: str, description: str, rows: list[dict[str, Any]]) -> Table:
    order: dict[str, str] = {}
    for row in rows:
        for column, value in row.items():
            if value is not None and column not in order:
                order[column] = _type(value)
            order.setdefault(column, "string")
    # Every row gets every column, empty where the record has no value.
    full = [{column: row.get(column) for column in order} for row in rows]
    columns = [
        Column(
            name=column,
            type=kind,
            description=DESCRIPTIONS.get(column) or _describe(column),
            language="ja"
            if column.endswith(("_ja", "_ja_short"))
            else "en"
            if column.endswith("_en")
            else None,
        )
        for column, kind in order.items()
    ]
    return Table(name, description, columns, full)


def _describe(column: str) -> str:
    if column.endswith("_ja_ours"):
        return "True if the Japanese text is NATO Atlas's own translation"
    if column.endswith("_ja"):
        return f"{column.removesuffix('_ja').replace('_', ' ').capitalize()}, in Japanese"
    if column.endswith("_en"):
        return f"{column.removesuffix('_en').replace('_', ' ').capitalize()}, in English"
    return column.replace("_", " ").capitalize()


def _keys(built: dict[str, Table]) -> None:
    """Primary keys and the links between tables, for SQLite and the data package."""
    for table in built.values():
        columns = {c.name for c in table.columns}
        if "id" in columns and len({r["id"] for r in table.rows}) == len(table.rows):
            table.primary_key = ["id"]
        elif table.name == "memberships":
            table.primary_key = ["country", "from_date"]
        elif table.name == "spending":
            table.primary_key = ["release", "ally", "year", "measure"]
        links = [
            ("country", "countries"),
            ("sovereign", "countries"),
            ("by", "countries"),
            ("framework", "frameworks"),
            ("summit", "summits"),
        ]
        # A headline figure's release may be any publication; a spending figure's is a release.
        links.append(("release", "releases" if table.name == "spending" else "sources"))
        for column, target in links:
            if column in columns and target in built and table.name != target:
                table.foreign_keys.append((column, target, "id"))
        for column in columns:
            if column.endswith("_id"):
                parent = next((t for t in built if column == _id_column(t)), None)
                if parent is not None and parent != table.name:
                    table.foreign_keys.append((column, parent, "id"))


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
            if col.name in DATE_COLUMNS:
                db[table.name].create_index([col.name], if_not_exists=True)  # type: ignore[union-attr]
        text = [
            c.name
            for c in table.columns
            if c.name.endswith(("_en", "_ja")) or c.name in ("title", "publisher")
        ]
        if text:
            db[table.name].enable_fts(text, create_triggers=False)  # type: ignore[union-attr]
    db.vacuum()
    db.close()


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
            if s.id in ("mofa-briefing-2025-05", "nato-defexp-2024-06", "nato-defexp-2025-08", "nato-ar2024")
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
    from natoatlas.workbook import Sheet, write_workbook

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
            frozenset(c.name for c in t.columns if c.name in DATE_COLUMNS),
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


def frame(atlas: Atlas, kind: str, on: DateLike | None = None) -> pd.DataFrame:
    """One table as a pandas DataFrame; with ``on``, only the rows that held that day."""
    import pandas as pd

    from natoatlas.atlas import as_day

    built = tables(atlas)
    if kind not in built:
        raise LookupError(f"unknown table {kind!r}; tables: {', '.join(built)}")
    table = built[kind]
    data = pd.DataFrame(table.rows, columns=[c.name for c in table.columns])
    if on is not None and "from_date" in data.columns:
        day = as_day(on).isoformat()

        def holds(row: Any) -> bool:
            start, end = row.get("from_date"), row.get("to_date")
            first = (
                PartialDate.parse(start).first_day.isoformat() if isinstance(start, str) and start else "0000"
            )
            last = PartialDate.parse(end).first_day.isoformat() if isinstance(end, str) and end else "9999"
            return first <= day < last

        data = data[data.apply(holds, axis=1)].reset_index(drop=True)
    return data
