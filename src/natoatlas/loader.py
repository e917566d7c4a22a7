"""Loading the Atlas: read every data file, refuse bad data, build the indexes once."""

from __future__ import annotations

import functools
from pathlib import Path

from natoatlas.atlas import Atlas
from natoatlas.validate import DataError, Problem, read_all

__all__ = ["check", "load"]


def check(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data (an empty list when it is valid)."""
    return read_all(data_dir)[1]


def load(data_dir: Path | None = None) -> Atlas:
    """The Atlas of the packaged data (cached), or of the data in ``data_dir``.

    Raises :class:`DataError` listing every problem when the data is not valid.
    """
    if data_dir is None:
        return _packaged()
    return _build(data_dir)


@functools.cache
def _packaged() -> Atlas:
    return _build(None)


def _build(data_dir: Path | None) -> Atlas:
    records, problems = read_all(data_dir)
    if problems:
        raise DataError(problems)
    return Atlas(records)
