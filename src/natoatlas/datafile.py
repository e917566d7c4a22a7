"""Reading and writing the data files in their one canonical YAML form.

The files are reviewed as diffs, so their formatting must never drift: every file is written by
:func:`dump` (sorted keys, two-space indent, Unicode kept, optional fields left out) and a test
re-serialises each one and compares bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

__all__ = ["default_dir", "dump", "dump_csv", "dump_records", "read", "render"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def default_dir() -> Path:
    """The data folder shipped inside the package."""
    return Path(str(resources.files("natoatlas") / "data"))


def read(path: Path) -> Any:
    """Parse one data file: YAML (libyaml when available), or CSV as a list of row dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix == ".csv":
            return list(csv.DictReader(handle))
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a safe loader


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


def dump_records(records: Sequence[BaseModel]) -> str:
    """The canonical text of a list of records: aliases as field names, defaults left out."""
    return dump([r.model_dump(mode="json", by_alias=True, exclude_defaults=True) for r in records])


def dump_csv(records: Sequence[BaseModel]) -> str:
    """The canonical CSV of flat records: columns in field order, rows sorted, LF line ends."""
    if not records:
        return ""
    fields = list(type(records[0]).model_fields)
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


def render(name: str, records: Sequence[BaseModel]) -> str:
    """The canonical text of a data file, whichever its format."""
    return dump_csv(records) if name.endswith(".csv") else dump_records(records)
