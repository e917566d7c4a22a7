"""Rewriting the data files into their canonical form (``natoatlas fmt``).

An editor changes a data file by hand: keys in any order, a date unquoted, a default spelled out.
The canonical form is the one every writer of the project produces, :func:`natoatlas.kb.datafile.render`
(the importer writes with it too, and a test holds the packaged files to it), so a formatted
file's diff shows only what changed. A file is formatted by reading its records through their
model and writing them back: every record is equal, after loading, to what it was.

A file whose records do not all load is left as it is (formatting would drop what the model
refused), as is a file with a key given twice (YAML keeps the last silently); ``natoatlas check``
names each problem. The data files hold no comments: what an editor would say in one belongs in
a record's ``note``. PyYAML drops comments, so a file with one is refused rather than formatted
(keeping them would need a round-tripping library such as ruamel.yaml, which the project does
not use); the one comment a file has, the schema header on its first line, is part of the
canonical form.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from natoatlas.kb import datafile, shapes
from natoatlas.kb.model import FILES
from natoatlas.kb.transaction import commit, digest

__all__ = ["Outcome", "Refused", "canonical", "comments", "format_folder"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MODELINE = "# yaml-language-server:"


class Refused(ValueError):
    """A data file that cannot be formatted, with the reason in one line."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What formatting a folder found: files not in canonical form (rewritten unless only
    checked), and files refused with the reason."""

    changed: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]


def comments(text: str) -> list[int]:
    """The lines (1-based) of the comments in a YAML text, other than a ``yaml-language-server``
    modeline: each ``#`` outside every scalar token (a quoted ``"x # y"`` or a block scalar holds
    text, not a comment). Raises :class:`yaml.YAMLError` where the text does not scan."""
    covered: list[tuple[int, int]] = [
        (token.start_mark.index, token.end_mark.index)
        for token in yaml.scan(text, Loader=_Loader)
        if isinstance(token, yaml.ScalarToken)
    ]
    lines: list[int] = []
    spans = iter(covered)
    span = next(spans, None)
    position = text.find("#")
    while position != -1:
        while span is not None and span[1] <= position:
            span = next(spans, None)
        if span is not None and span[0] <= position:
            position = text.find("#", span[1])
            continue
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        if not text[position : end if end != -1 else len(text)].startswith(_MODELINE):
            lines.append(text.count("\n", 0, start) + 1)
        if end == -1:
            break
        position = text.find("#", end)
    return lines


def canonical(name: str, path: Path) -> str:
    """The canonical text of the data file ``name`` read from ``path``; :class:`Refused` if its
    records do not all load, or if formatting would lose something (a comment, a repeated key)."""
    outcome = _canonical(name, path.read_bytes())
    if isinstance(outcome, Refused):
        raise Refused(str(outcome))
    return outcome


@functools.lru_cache(maxsize=128)
def _canonical(name: str, data: bytes) -> str | Refused:
    """:func:`canonical` of a file's bytes, remembered: formatting a copy of a folder, or the
    same folder again (``fmt --check`` then ``fmt``), reads each unchanged file once."""
    try:
        return _canonical_text(name, data)
    except Refused as err:
        return err


def _canonical_text(name: str, data: bytes) -> str:
    try:
        parsed = datafile.parse_bytes(data, csv_file=name.endswith(".csv"))
        found = [] if name.endswith(".csv") else comments(data.decode("utf-8"))
    except Exception as err:  # a file YAML cannot read is refused, with the reason
        raise Refused(f"cannot be read: {' '.join(str(err).split())}") from err
    if found:
        raise Refused(
            f"holds a comment (line {found[0]}), which formatting would drop: "
            "put what it says in a note field of the record"
        )
    if parsed.duplicates:
        first = parsed.duplicates[0]
        raise Refused(f"key {first.key!r} is given twice in one mapping (line {first.line})")
    raw: Any = parsed.value
    if not isinstance(raw, list):
        raise Refused("the file must hold a list of records")
    model = FILES[name]
    records = []
    bad = 0
    for item in raw:
        try:
            records.append(shapes.validate(model, item))
        except ValidationError:
            bad += 1
    if bad:
        raise Refused(f"{bad} of {len(raw)} record(s) do not load")
    return datafile.render(name, records)


def format_folder(folder: Path, names: Iterable[str] | None = None, *, write: bool = True) -> Outcome:
    """Format the data files of ``folder`` (all of them, or ``names``): each file that is not in
    canonical form is rewritten, unless ``write`` is false (``fmt --check``).

    Nothing is written while any file is refused, and the files are rewritten as one transaction
    (:func:`natoatlas.kb.transaction.commit`), so a run never leaves a folder half formatted.
    """
    base: dict[str, str] = {}
    changed: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    for name in names if names is not None else FILES:
        path = folder / name
        if not path.exists():
            refused.append((name, f"{path} does not exist"))
            continue
        base[name] = digest(path)
        try:
            text = canonical(name, path)
        except Refused as err:
            refused.append((name, str(err)))
            continue
        if path.read_bytes() != text.encode("utf-8"):
            changed.append((name, text))
    if write and not refused and changed:
        commit(folder, dict(changed), {name: base[name] for name, _ in changed}, _unchanged_records)
    return Outcome(tuple(name for name, _ in changed), tuple(refused))


def _unchanged_records(staging: Path) -> None:
    """The transaction's check: nothing to judge beyond :func:`canonical`, which has already
    proved each rewritten file loads to the same records."""
