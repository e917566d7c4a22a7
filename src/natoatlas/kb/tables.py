"""The Atlas as tidy tables, derived from the model types: what every export writes and what
``atlas.frame()`` returns.

The tables are derived from the model types (:data:`natoatlas.kb.model.FILES`), never from the
values that happen to be present, so nothing the Atlas holds is left out and an empty table or
column is still there: each data file becomes a table, each field a column (a nested record's
fields become columns after it: texts ``…_en`` / ``…_ja`` / ``…_ja_ours``; dates keep their
precision as ISO text; validity bounds are ``from_date`` / ``to_date``), and each list of nested
records (a country's names, a battlegroup's leads, a lead's citations …) a child table keyed by
its parent and the item's position. Column types, descriptions and constraints (required, enum,
bounds, patterns) come from the fields' types and metadata. Every row has a ``sources`` column.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from natoatlas.dates import DateLike, PartialDate, as_day
from natoatlas.kb.base import KnowledgeBase
from natoatlas.kb.choices import is_choice
from natoatlas.kb.model import FILES
from natoatlas.kb.record import Frozen

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Column", "Table", "frame", "tables"]

#: Formats written as a folder of files; ``xlsx`` is one workbook file.
FOLDER_FORMATS = ("csv", "json", "sqlite", "datapackage")
FORMATS = (*FOLDER_FORMATS, "xlsx")
#: A model field's name → its column's name: validity bounds are ``from_date`` / ``to_date``.
RENAMED = {"start": "from_date", "end": "to_date", "to": "to_date"}
#: Descriptions of columns by name, where the model's field gives none (``Field(description=…)``).
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
    "last_day": "Last day the record holds (inclusive), where its source names that day: a summit's or an event's closing day, the day NATO says an operation ended; ISO 8601 at the source's precision",
    "date": "Date of the event (ISO 8601 at the source's precision)",
    "sources": "Ids of the sources (table sources) that support the row, separated by ';'",
    "lat": "Latitude in decimal degrees (WGS 84)",
    "lon": "Longitude in decimal degrees (WGS 84)",
    "position": "Order of the item within its parent record",
    "release": "Id of the publication (table releases and sources) the figure comes from",
    "ally": "ISO 3166-1 alpha-3 code of the Ally, or nato-total / nato-europe-canada",
    "year": "Year the figure describes",
    "measure": "What the figure measures",
    "value": "The figure as the release gives it",
    "estimate": "True if the release marks the figure as an estimate",
}
#: Tables named otherwise than their data file.
TABLE_NAMES = {"treaty.yaml": "treaty_articles"}
#: The Atlas attribute that holds a table's records (in the Atlas's order, with what the Atlas
#: fills in: a body's chairs from offices.yaml), where it is not named as the table.
_HELD_AS = {"headquarters": "headquarters_history", "spending": "spending_figures"}
#: Tables whose records have no ``id``: the columns that identify a row.
PRIMARY_KEYS = {
    "memberships": ("country", "from_date"),
    "spending": ("release", "ally", "year", "measure"),
    "reviews": ("section",),
}
#: How a child row names a parent that has no ``id``: child column → parent column.
PARENT_KEYS = {"memberships": {"country": "country", "membership_from": "from_date"}}
#: Tables whose records are their own source: the column a row's ``sources`` repeats.
SELF_SOURCED = {"sources": "id", "spending": "release"}


@dataclass(frozen=True, slots=True)
class Column:
    """One column, derived from a field of the model: ``type`` is a Table Schema type (string,
    integer, number, boolean); ``date``: ISO date text at its own precision; ``constraints``: the
    Table Schema constraints the model's field declares (required, enum, minimum, pattern …)."""

    name: str
    type: str
    description: str
    language: str | None = None
    date: bool = False
    constraints: tuple[tuple[str, Any], ...] = ()


@dataclass
class Table:
    """One exported table: its columns, rows, key and links to other tables."""

    name: str
    description: str
    columns: list[Column] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # column, table, column
    #: A child table's link to its parent: its key columns, the parent table, the parent's columns.
    parent: tuple[tuple[str, ...], str, tuple[str, ...]] | None = None


# -- the shape of a table, from the model type -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A column and where its value is: the path of attributes from the record."""

    column: Column
    path: tuple[str, ...]
    joined: bool  # a tuple of values, written joined by ';'


@dataclass(frozen=True, slots=True)
class _Nest:
    """A list of nested records: a child table."""

    table: str
    path: tuple[str, ...]
    model: type[Frozen]


@dataclass(frozen=True, slots=True)
class _Shape:
    leaves: tuple[_Leaf, ...]
    nests: tuple[_Nest, ...]

    @property
    def sourced(self) -> bool:
        """Whether the model has a ``sources`` column of its own."""
        return any(leaf.column.name == "sources" for leaf in self.leaves)


@dataclass(frozen=True, slots=True)
class _Type:
    """A field's type with ``Annotated`` and ``| None`` taken off: the type, whether it may be
    None, and the constraints the annotations carried."""

    kind: Any
    optional: bool
    metadata: tuple[Any, ...]


def _strip(annotation: Any, metadata: Iterable[Any] = ()) -> _Type:
    found = list(metadata)
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            found += extra
        elif origin is Union or origin is types.UnionType:
            kinds = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(kinds) < len(get_args(annotation))
            if len(kinds) != 1:
                return _Type(str, optional, ())  # a union of several types is written as text
            annotation = kinds[0]
        else:
            return _Type(annotation, optional, tuple(found))


def _item(kind: Any) -> Any | None:
    """The item type of a ``tuple[X, ...]`` field; None for any other type."""
    if get_origin(kind) not in (tuple, list):
        return None
    args = [a for a in get_args(kind) if a is not Ellipsis]
    return _strip(args[0]).kind if args else str


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, Frozen)


def _scalar(kind: Any) -> tuple[str, tuple[str, ...]]:
    """A scalar type's Table Schema type, and its values where the type lists them."""
    if get_origin(kind) is Literal:
        values = get_args(kind)
        if all(isinstance(v, str) for v in values):
            return "string", tuple(values)
        return _scalar(type(values[0]))[0], ()
    if kind is bool:
        return "boolean", ()
    if isinstance(kind, type) and issubclass(kind, int):
        return "integer", ()
    if isinstance(kind, type) and issubclass(kind, float):
        return "number", ()
    return "string", ()


#: Table Schema constraints from the constraints of pydantic's annotations (annotated-types
#: ``Ge``/``Le``…, ``StringConstraints``), by attribute name.
_CONSTRAINTS = {
    "ge": "minimum",
    "le": "maximum",
    "min_length": "minLength",
    "max_length": "maxLength",
    "pattern": "pattern",
}


def _constraints(type_: str, enum: tuple[str, ...], metadata: tuple[Any, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {"enum": enum} if enum else {}
    for item in metadata:
        for attribute, constraint in _CONSTRAINTS.items():
            value = getattr(item, attribute, None)
            if value is None:
                continue
            if constraint in ("minimum", "maximum") and type_ not in ("integer", "number"):
                continue
            if constraint in ("minLength", "maxLength", "pattern") and type_ != "string":
                continue
            found[constraint] = value
    return found


@functools.cache
def _shape(model: type[Frozen], table: str) -> _Shape:
    """The columns and child tables of ``table``, whose rows are records of ``model``: every
    field is a column (a nested record's fields are columns named after it: ``name_en``), and
    every list of nested records a child table, whether or not any record has a value."""
    leaves: list[_Leaf] = []
    nests: list[_Nest] = []
    _walk(model, table, "", (), True, leaves, nests)
    return _Shape(tuple(leaves), tuple(nests))


def _walk(
    model: type[Frozen],
    table: str,
    prefix: str,
    path: tuple[str, ...],
    present: bool,
    leaves: list[_Leaf],
    nests: list[_Nest],
) -> None:
    """Add the columns of ``model``'s fields to ``leaves`` and its child tables to ``nests``;
    ``present``: the record (or the nested record) is always there."""
    for name, info in model.fields().items():
        if is_choice(model, name):
            continue  # the editors' choices (kb.choices) are not part of the published tables
        found = _strip(info.annotation, info.metadata)
        kind = found.kind
        column = f"{prefix}_{RENAMED.get(name, name)}" if prefix else RENAMED.get(name, name)
        where = (*path, name)
        item = _item(kind)
        required = present and not found.optional
        if _is_model(kind):
            _walk(kind, table, column, where, required, leaves, nests)
        elif item is not None and _is_model(item):
            nests.append(_Nest(f"{table}_{prefix}_{name}" if prefix else f"{table}_{name}", where, item))
        else:
            joined = item is not None
            type_, enum = ("string", ()) if joined else _scalar(kind)
            date = not joined and isinstance(kind, type) and issubclass(kind, PartialDate | dt.date)
            described = DESCRIPTIONS.get(column) or _describe(column, name, date, joined)
            if enum:
                described = f"{described}: one of {', '.join(enum)}"
            language = "ja" if name in ("ja", "ja_short") else "en" if name == "en" else None
            constraints = {} if joined else _constraints(type_, enum, found.metadata)
            if required and not joined:
                constraints = {"required": True, **constraints}
            leaves.append(
                _Leaf(
                    Column(column, type_, described, language, date, tuple(constraints.items())),
                    where,
                    joined,
                )
            )


def _describe(column: str, name: str, date: bool, joined: bool) -> str:
    """A description made from a column's name and type, where none is given."""
    if name == "ja_ours":
        return "True if the Japanese text is NATO Atlas's own translation"
    label = column.removesuffix(name).rstrip("_").replace("_", " ").capitalize() or "Text"
    if name == "en":
        return f"{label}, in English"
    if name == "ja":
        return f"{label}, in Japanese"
    if name == "ja_short":
        return f"{label}, short form in Japanese"
    text = column.replace("_", " ").capitalize()
    if date:
        text += " (ISO 8601 at the source's precision: YYYY, YYYY-MM or YYYY-MM-DD)"
    if joined:
        text += ", separated by ';'"
    return text


# -- the tables ------------------------------------------------------------------------------------


def _get(record: Frozen, path: tuple[str, ...]) -> Any:
    value: Any = record
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def _row(shape: _Shape, record: Frozen) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for leaf in shape.leaves:
        value = _get(record, leaf.path)
        if value is not None and leaf.joined:
            value = ";".join(str(_plain(v)) for v in value)
        row[leaf.column.name] = _plain(value)
    return row


def _plain(value: Any) -> Any:
    """A value as CSV, JSON and SQLite take it: dates as ISO text, anything else unknown as text."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, PartialDate | dt.date):
        return value.isoformat()
    return str(value)


def _id_column(table: str) -> str:
    """The column naming a record of ``table`` in its child tables: sources → source_id."""
    return f"{table[:-3]}y_id" if table.endswith("ies") else f"{table.rstrip('s')}_id"


def _records(atlas: KnowledgeBase, file: str, table: str, model: type[Frozen]) -> tuple[Frozen, ...]:
    """The records of ``file`` as the Atlas holds them (its order, what it fills in); as loaded
    where the Atlas has no attribute of that name."""
    held = getattr(atlas, _HELD_AS.get(table, table), None)
    records = tuple(held.values()) if isinstance(held, Mapping) else held
    if isinstance(records, tuple) and all(isinstance(r, model) for r in records):
        return records
    return tuple(atlas.records[file])


_SOURCES = Column("sources", "string", DESCRIPTIONS["sources"])
_REQUIRED = (("required", True),)
_POSITION = Column("position", "integer", DESCRIPTIONS["position"], constraints=_REQUIRED)


def tables(atlas: KnowledgeBase) -> dict[str, Table]:
    """Every record of the Atlas as tables, in a fixed order: a table per data file, followed
    by its child tables. Tables and columns come from the model types, so an empty table or
    column is still there."""
    built: dict[str, Table] = {}
    for file, model in FILES.items():
        name = TABLE_NAMES.get(file, file.rsplit(".", 1)[0])
        shape = _shape(model, name)
        columns = [leaf.column for leaf in shape.leaves]
        if not shape.sourced:
            columns.append(_SOURCES)
        records = _records(atlas, file, name, model)
        rows = []
        for record in records:
            row = _row(shape, record)
            if not shape.sourced:
                own = SELF_SOURCED.get(name)
                row["sources"] = row[own] if own else None
            rows.append(row)
        keyed = "id" in model.fields()
        built[name] = Table(
            name, f"Records of {file}", columns, rows, ["id"] if keyed else list(PRIMARY_KEYS.get(name, ()))
        )
        if not shape.nests:
            continue
        singular = _id_column(name).removesuffix("_id")
        links = (
            {_id_column(name): "id"}
            if keyed
            else PARENT_KEYS.get(name) or {f"{singular}_{c}": c for c in PRIMARY_KEYS.get(name, ())}
        )
        by_name = {c.name: c for c in columns}
        key_columns = [
            Column(
                child,
                by_name[parent].type,
                f"Key of the row of table {name} the item belongs to ({parent})",
                constraints=_REQUIRED,
            )
            for child, parent in links.items()
        ]
        entries = [
            (record, {c: row[p] for c, p in links.items()}, row["sources"])
            for record, row in zip(records, rows, strict=True)
        ]
        children: dict[str, Table] = {}
        _children(shape, name, key_columns, tuple(links.values()), entries, children)
        built.update(sorted(children.items()))
    _keys(built)
    return built


def _children(
    shape: _Shape,
    parent: str,
    key_columns: list[Column],
    parent_key: tuple[str, ...],
    entries: list[tuple[Frozen, dict[str, Any], Any]],
    out: dict[str, Table],
) -> None:
    """The child tables of ``parent`` (and theirs) into ``out``; ``entries``: each parent record,
    its key in the child rows, and its sources, which an item without its own inherits."""
    for nest in shape.nests:
        inner = _shape(nest.model, nest.table)
        columns = [*key_columns, _POSITION, *(leaf.column for leaf in inner.leaves)]
        if not inner.sourced:
            columns.append(_SOURCES)
        rows = []
        nested = []
        for record, key, sources in entries:
            for position, item in enumerate(_get(record, nest.path) or (), start=1):
                row = {**key, "position": position, **_row(inner, item)}
                if not row.get("sources"):
                    row["sources"] = sources
                rows.append(row)
                nested.append((item, {**key, f"{nest.table}_position": position}, row["sources"]))
        out[nest.table] = Table(
            nest.table,
            f"Items of {parent}: {nest.table.removeprefix(parent + '_')}",
            columns,
            rows,
            [*(c.name for c in key_columns), "position"],
            parent=(tuple(c.name for c in key_columns), parent, parent_key),
        )
        if inner.nests:
            within = Column(
                f"{nest.table}_position",
                "integer",
                f"Key of the row of table {nest.table} the item belongs to (position)",
                constraints=_REQUIRED,
            )
            primary = (*(c.name for c in key_columns), "position")
            _children(inner, nest.table, [*key_columns, within], primary, nested, out)


def _keys(built: dict[str, Table]) -> None:
    """The links between tables, for SQLite and the data package."""
    for table in built.values():
        columns = [c.name for c in table.columns]
        links = [
            ("country", "countries"),
            ("sovereign", "countries"),
            ("by", "countries"),
            ("framework", "frameworks"),
            ("summit", "summits"),
            ("source", "sources"),
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


def frame(atlas: KnowledgeBase, kind: str, on: DateLike | None = None) -> pd.DataFrame:
    """One table as a pandas DataFrame; with ``on``, only the rows that held that day."""
    import pandas as pd

    built = tables(atlas)
    if kind not in built:
        raise LookupError(f"unknown table {kind!r}; tables: {', '.join(built)}")
    table = built[kind]
    names = [c.name for c in table.columns]
    rows = table.rows
    if on is not None and "from_date" in names:
        day = as_day(on).isoformat()

        def holds(row: dict[str, Any]) -> bool:
            start, end = row.get("from_date"), row.get("to_date")
            first = (
                PartialDate.parse(start).first_day.isoformat() if isinstance(start, str) and start else "0000"
            )
            last = PartialDate.parse(end).first_day.isoformat() if isinstance(end, str) and end else "9999"
            return first <= day < last

        rows = [row for row in rows if holds(row)]
    # Built from the columns, so a table with no row (that day) still has them all.
    return pd.DataFrame(rows, columns=names)
