"""Reading and writing the data files in their one canonical YAML form.

The files are reviewed as diffs, so their formatting must never drift: every file is written by
:func:`render` (sorted keys, two-space indent, Unicode kept, optional fields left out, and on a
YAML file the :func:`header` that points editors at its JSON Schema) and a test re-serialises
each one and compares bytes. ``natoatlas fmt`` rewrites a file an editor changed into this form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from natoatlas.kb.record import Frozen

__all__ = [
    "DuplicateKey",
    "Parsed",
    "default_dir",
    "dump",
    "dump_csv",
    "dump_records",
    "header",
    "parse",
    "read",
    "render",
    "schema_file",
]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """The safe loader, but a date is read as its text: the schema parses it, so an impossible
    date such as 2023-02-30 is one record's problem, not the whole file's."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def default_dir() -> Path:
    """The data folder shipped inside the package."""
    return Path(str(resources.files("natoatlas") / "data"))


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key given twice in one mapping: YAML keeps the last silently, so the first is lost."""

    key: str
    line: int


@dataclass(frozen=True, slots=True)
class Parsed:
    """A data file as read: its value, the line each top-level record starts on, duplicate keys."""

    value: Any
    lines: tuple[int, ...] = ()
    duplicates: tuple[DuplicateKey, ...] = ()


def read(path: Path) -> Any:
    """Parse one data file: YAML (libyaml when available), or CSV as a list of row dicts."""
    return parse(path).value


def parse(path: Path) -> Parsed:
    """Parse one data file, keeping the line of each record (1-based; a CSV row's line)."""
    return parse_bytes(path.read_bytes(), csv_file=path.suffix == ".csv")


def parse_bytes(data: bytes, *, csv_file: bool) -> Parsed:
    """:func:`parse` of a file's bytes, read once: a caller that keys what it found by the
    bytes (see :mod:`natoatlas.kb.validate`) parses exactly what it hashed."""
    text = data.decode("utf-8")
    if csv_file:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        return Parsed(rows, tuple(range(2, len(rows) + 2)))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None)
        duplicates = tuple(_duplicates(node))
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    lines = (
        tuple(item.start_mark.line + 1 for item in node.value) if isinstance(node, yaml.SequenceNode) else ()
    )
    return Parsed(value, lines, duplicates)


def _duplicates(node: yaml.Node) -> Iterator[DuplicateKey]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield DuplicateKey(str(key.value), key.start_mark.line + 1)
                seen.add(key.value)
            yield from _duplicates(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicates(item)


def dump(data: Any) -> str:
    """The canonical text of ``data``: PyYAML quotes ``'NO'`` and dates, so they read back as text."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=True,
        indent=2,
        width=100,
        default_flow_style=False,
    )


def dump_records(records: Sequence[Frozen]) -> str:
    """The canonical text of a list of records: aliases as field names, defaults left out."""
    return dump([r.dump(defaults=False) for r in records])


def dump_csv(records: Sequence[Frozen]) -> str:
    """The canonical CSV of flat records: columns in field order, rows sorted, LF line ends."""
    if not records:
        return ""
    fields = list(type(records[0]).fields())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(fields)
    writer.writerows(sorted([_cell(getattr(r, f)) for f in fields] for r in records))
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value)


def schema_file(name: str) -> str:
    """The JSON Schema of a data file, relative to the data folder: ``schema/summits.json``."""
    return f"schema/{name.rsplit('.', 1)[0]}.json"


def header(name: str) -> str:
    """The first line of a YAML data file: the modeline with which editors that use the YAML
    language server (VS Code, Neovim, Helix …) validate the file against its schema as one types.
    A CSV file has none: a comment line would be a row."""
    return "" if name.endswith(".csv") else f"# yaml-language-server: $schema={schema_file(name)}\n"


def render(name: str, records: Sequence[Frozen]) -> str:
    """The canonical text of a data file, whichever its format, with its :func:`header`."""
    return dump_csv(records) if name.endswith(".csv") else header(name) + dump_records(records)
