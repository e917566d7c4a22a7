"""Loading the Atlas: read every data file, refuse bad data, build the indexes once.

Parsing YAML is most of the cost of a cold start, so once a set of data files has passed every
check, its parsed records are kept as JSON in the user's cache folder, keyed by a hash of the
files' bytes and of the code that checks them. The next load of the same bytes reads that JSON
and only re-validates each record's shape; any change to any file, or to the checking code,
changes the key, so the full checks run again.

The cache is a cache, never a source of truth: the file is written atomically, readable only by
its user, and signed (HMAC-SHA256 with a secret kept beside it) over its key and content. Any
file that is not exactly what this loader wrote — another shape, version or key, a bad
signature — is ignored with a one-line warning and rebuilt from the checked data.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from natoatlas import datafile
from natoatlas.atlas import Atlas
from natoatlas.files import atomic_write
from natoatlas.model import FILES
from natoatlas.validate import DataError, Problem, read_all

__all__ = ["cache_dir", "check", "load"]

_FORMAT = 2  # bump when the cached shape changes
#: The modules whose code decides what passes the checks: a change to any of them is a new key.
_CHECKING_CODE = ("model.py", "validate.py", "datafile.py", "dates.py", "loader.py")


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
    _finish_killed_import(folder)
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
    digest.update(_code_digest())
    for name in FILES:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"\0missing")
    return digest.hexdigest()


def _finish_killed_import(folder: Path) -> None:
    """An import killed where the file system could not swap folders leaves a journal beside the
    data: finish it before reading, so a load never sees half an import."""
    if folder.parent.is_dir() and any(folder.parent.glob(f".{folder.name}.import-*")):
        from natoatlas.spending_import import recover

        try:
            recover(folder)
        except OSError:
            return  # a read-only install: the files are read as they are, and checked as always


@functools.cache
def _code_digest() -> bytes:
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _CHECKING_CODE:
        digest.update((here / name).read_bytes())
    return digest.digest()


def _secret(folder: Path, create: bool) -> bytes | None:
    """The per-user key that signs cache files; made on first write, readable only by its user."""
    path = folder / "secret"
    try:
        value = path.read_bytes()
        return value if len(value) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    atomic_write(path, secrets.token_bytes(32), mode=0o600)
    return path.read_bytes()


def _signature(secret: bytes, key: str, body: bytes) -> str:
    return hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def _warn(path: Path, why: str) -> None:
    print(f"natoatlas: warning: ignoring the data cache {path} ({why}); rebuilding it", file=sys.stderr)


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"data-{key[:32]}.json"


def _read_cache(key: str) -> dict[str, tuple[Any, ...]] | None:
    path = _cache_file(key)
    if path is None or not path.exists():
        return None
    try:
        head, _, body = path.read_bytes().partition(b"\n")
        meta = json.loads(head)
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT or meta.get("key") != key:
            _warn(path, "not written by this version")
            return None
        secret = _secret(path.parent, create=False)
        if secret is None or not hmac.compare_digest(
            str(meta.get("signature")), _signature(secret, key, body)
        ):
            _warn(path, "its signature does not match")
            return None
        raw = json.loads(body)
        return {name: tuple(FILES[name].model_validate(r) for r in raw[name]) for name in FILES}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        _warn(path, type(err).__name__)
        return None


def _write_cache(key: str, records: dict[str, tuple[Any, ...]]) -> None:
    path = _cache_file(key)
    if path is None:
        return
    content = {
        name: [r.model_dump(mode="json", by_alias=True, exclude_defaults=True) for r in items]
        for name, items in records.items()
    }
    body = json.dumps(content, ensure_ascii=False).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        secret = _secret(path.parent, create=True)
        if secret is None:
            return
        meta = {"format": _FORMAT, "key": key, "signature": _signature(secret, key, body)}
        atomic_write(path, json.dumps(meta).encode() + b"\n" + body, mode=0o600)
    except OSError:
        return  # no writable cache: every load parses the YAML, which is only slower
