"""The JSON Schema of each data file, derived from its record type's pydantic shape (:mod:`natoatlas.kb.shapes`).

Editors validate a data file as they type against its schema (each YAML file's first line names
it, see :func:`natoatlas.kb.datafile.header`); the schemas are published in the package under
``data/schema/`` and written by ``natoatlas schema --write``. They are generated, never edited:
a test compares the committed files with :func:`render`, so a model changed without regenerating
them fails with the command to run.

A schema says what one record may hold (fields, types, patterns, required fields, no unknown
fields); what spans records (references, overlaps) is ``natoatlas check``'s job.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from natoatlas.files import atomic_write
from natoatlas.kb import datafile, shapes
from natoatlas.kb.model import FILES

__all__ = ["DIALECT", "render", "schema", "stale", "write"]

#: The JSON Schema dialect pydantic generates.
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the data file ``name``: a list of its kind of record, as an editor
    writes it (field names as in the file, dates as text)."""
    model = FILES[name]
    body = shapes.adapter(list[model]).json_schema(by_alias=True, mode="validation")  # type: ignore[valid-type]
    kind = "rows" if name.endswith(".csv") else "records"
    return {
        "$schema": DIALECT,
        "title": name,
        "description": f"The {kind} of natoatlas's data file {name}, one {model.__name__} each "
        "(natoatlas schema --write generates this file from the model; do not edit it).",
        **body,
    }


def render(name: str) -> str:
    """The published text of the schema of ``name``: stable bytes, so a diff shows a model change."""
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"


def rendered() -> dict[str, str]:
    """Every data file's schema, by its path relative to the data folder."""
    return {datafile.schema_file(name): render(name) for name in FILES}


def stale(folder: Path) -> list[str]:
    """The schema files under ``folder`` (a data folder) that are missing or differ from the
    model's, by their path relative to it."""
    return [
        relative
        for relative, text in rendered().items()
        if not (folder / relative).exists() or (folder / relative).read_text(encoding="utf-8") != text
    ]


def write(folder: Path) -> list[str]:
    """Write the stale schema files under ``folder`` (each atomically); the paths written."""
    texts = rendered()
    changed = stale(folder)
    for relative in changed:
        atomic_write(folder / relative, texts[relative])
    return changed
