"""Loading the Atlas: read every data file, refuse bad data, build the indexes once.

Parsing YAML is most of the cost of a cold start, so once a set of data files has passed every
check, its parsed records are kept as JSON in the user's cache folder, keyed by a hash of the
files' bytes. The next load of the same bytes reads that JSON and only re-validates each record's
shape; any change to any file changes the key, so the full checks run again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from natoatlas import datafile
from natoatlas.atlas import Atlas
from natoatlas.files import atomic_write
from natoatlas.model import FILES
from natoatlas.validate import DataError, Problem, read_all

__all__ = ["cache_dir", "check", "load"]

_FORMAT = 1  # bump when the cached shape changes


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


def cache_dir() -> Path | None:
    """Where checked data is cached (``$NATOATLAS_CACHE``, else the XDG cache); None if disabled."""
    if os.environ.get("NATOATLAS_NO_CACHE"):
        return None
    configured = os.environ.get("NATOATLAS_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "natoatlas"


def _build(data_dir: Path | None) -> Atlas:
    folder = data_dir or datafile.default_dir()
    key = _key(folder)
    cached = _read_cache(key)
    if cached is not None:
        return Atlas(cached)
    records, problems = read_all(folder)
    if problems:
        raise DataError(problems)
    _write_cache(key, records)
    return Atlas(records)


def _key(folder: Path) -> str:
    digest = hashlib.sha256(f"{_FORMAT}".encode())
    for name in FILES:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    return digest.hexdigest()


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"data-{key[:32]}.json"


def _read_cache(key: str) -> dict[str, tuple[Any, ...]] | None:
    path = _cache_file(key)
    if path is None or not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("key") != key:
            return None
        return {name: tuple(FILES[name].model_validate(r) for r in raw["records"][name]) for name in FILES}
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged cache is ignored and rewritten


def _write_cache(key: str, records: dict[str, tuple[Any, ...]]) -> None:
    path = _cache_file(key)
    if path is None:
        return
    payload = {
        "key": key,
        "records": {
            name: [r.model_dump(mode="json", by_alias=True, exclude_defaults=True) for r in items]
            for name, items in records.items()
        },
    }
    try:
        atomic_write(path, json.dumps(payload, ensure_ascii=False))
    except OSError:
        return  # no writable cache: every load parses the YAML, which is only slower
