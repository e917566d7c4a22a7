"""Loading the Atlas: read every data file, refuse bad data, build the indexes once.

Parsing YAML and validating records is most of the cost of a cold start, so once a set of data
files has passed every check, its records are kept as JSON in the user's cache folder, keyed by
a hash of the files' bytes, the package's version and its code (every module: a hand-kept list
of "the checking code" would miss the next module a rule moves to). The next load of the same bytes
verifies the cache's signature and then builds each record (plain frozen classes,
:mod:`natoatlas.kb.record`) without validating it again (it was checked before it was written)
and without importing pydantic at all. Each data file is a separate span of the cache, decoded
only when a query first reads it: ``members`` never decodes the spending figures, and a query
about one release decodes only that release's figures (:data:`_GROUPED`). Any change to
any file, or to any code, changes the key, so the full checks run again.

The cache is a cache, never a source of truth: the file is written atomically, readable only by
its user, and signed (HMAC-SHA256 with a secret kept beside it) over its key and its index of
spans, which names each span's SHA-256: a span is checked when first read, so a query hashes
only what it reads. Any file that is not exactly what this loader wrote — another shape, version
or key, a bad signature — is ignored with a one-line warning and rebuilt from the checked data;
a span found changed when read is reported the same way, and the data read and checked again.
"""

# A query from the cache reads a few files by name: os.path, not pathlib, whose import (with
# urllib.parse and ipaddress) is a few per cent of such a start. Paths given in are any os.PathLike.
# ruff: noqa: PTH100, PTH103, PTH110, PTH111, PTH116, PTH118, PTH120, PTH123, PTH208

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import mmap
import os
import sys
import time
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from natoatlas._version import __version__
from natoatlas.dates import PartialDate
from natoatlas.kb.base import LazyRecords
from natoatlas.kb.model import FILES
from natoatlas.kb.record import MISSING, Frozen

if TYPE_CHECKING:
    from pathlib import Path

    from natoatlas.kb.validate import Problem

__all__ = ["cache_dir", "check", "records"]

_FORMAT = 7  # bump when the cached shape changes


def check(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data (an empty list when it is valid)."""
    return read_all(data_dir)[1]


def read_all(data_dir: Path | None) -> tuple[dict[str, tuple[Any, ...]], list[Problem]]:
    """:func:`natoatlas.kb.validate.read_all`, imported when data is first checked: a load from the
    cache needs neither the validator nor YAML."""
    from natoatlas.kb.validate import read_all as read_and_check

    return read_and_check(data_dir)


def records(data_dir: Path | None = None) -> Mapping[str, tuple[Any, ...]]:
    """The checked records of the packaged data (cached), or of the data in ``data_dir``, by data
    file; :func:`natoatlas.load` makes the Atlas of them.

    Raises :class:`DataError` listing every problem when the data is not valid.
    """
    if data_dir is None:
        return _packaged()
    return _build(data_dir)


@functools.cache
def _packaged() -> Mapping[str, tuple[Any, ...]]:
    return _build(None)


def is_packaged(records: object) -> bool:
    """Whether ``records`` are the packaged data's, as :func:`records` gave them in this process."""
    return _packaged.cache_info().currsize > 0 and _packaged() is records


def cache_dir() -> Path | None:
    """Where checked data is cached (``$NATOATLAS_CACHE``, else the XDG cache); None if disabled."""
    from pathlib import Path

    folder = _cache_folder()
    return None if folder is None else Path(folder)


def _cache_folder() -> str | None:
    """:func:`cache_dir` as text."""
    if os.environ.get("NATOATLAS_NO_CACHE"):
        return None
    configured = os.environ.get("NATOATLAS_CACHE")
    if configured:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "natoatlas")


def _default_dir() -> str:
    """The packaged data folder, as :func:`natoatlas.kb.datafile.default_dir` gives it.

    ``datafile`` imports YAML, which a load from the cache does not need: it is asked only once
    something (checking, an import, a test) has imported it, and may have replaced the folder.
    """
    datafile = sys.modules.get("natoatlas.kb.datafile")
    if datafile is not None:
        folder: str = os.fspath(datafile.default_dir())
        return folder
    return os.path.join(os.fspath(_package_root()), "data")


def _build(data_dir: Path | None) -> Mapping[str, tuple[Any, ...]]:
    folder = os.fspath(data_dir) if data_dir else _default_dir()
    _finish_killed_import(folder)
    key = _key(folder)
    cached = _read_cache(key, folder)
    if cached is not None:
        return cached
    from pathlib import Path

    records, problems = read_all(Path(folder))
    if problems:
        from natoatlas.kb.validate import DataError

        raise DataError(problems)
    _write_cache(key, records)
    return records


def _key(folder: str | os.PathLike[str]) -> str:
    """The cache key of the data in ``folder``: a hash of the files' bytes (with the format and
    the code). Hashing 60 MB of data at 100× the records is a third of a second at every start,
    so the key found for the files' sizes, times and inodes is kept beside the cache, signed
    (:func:`_stamped`), and trusted while they are the same, as Python trusts its ``.pyc`` files
    by a module's size and time."""
    folder = os.fspath(folder)
    stats: list[str] = []
    newest = 0
    for name in FILES:
        try:
            stat = os.stat(os.path.join(folder, name))
        except FileNotFoundError:
            stats.append(f"{name}\0missing")
            continue
        stats.append(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}")
        newest = max(newest, stat.st_mtime_ns)
    return _stamped(folder, "\0".join(stats), newest, lambda: _content_key(folder))


def _stamped(folder: str, stats: str, newest: int, compute: Callable[[], str]) -> str:
    """``compute()``, or the key kept for these ``stats`` of ``folder``'s files (signed with the
    cache's secret: a stamp that does not verify is recomputed). No stamp is kept for a file
    changed in the last two seconds: a change within a file system's time resolution could keep
    its size and time (git's "racily clean" entries)."""
    cache = _cache_folder()
    if cache is None:
        return compute()
    stamp = hashlib.sha256(
        b"\0".join([f"{_FORMAT}".encode(), _code_digest(), os.path.abspath(folder).encode(), stats.encode()])
    ).hexdigest()
    path = os.path.join(cache, f"stamp-{stamp[:32]}")
    secret = _secret(cache, create=False)
    if secret is not None:
        try:
            key, _, signature = _read(path).decode().partition(" ")
            if hmac.compare_digest(signature, _signature(secret, stamp, key.encode())):
                return key
        except (OSError, UnicodeDecodeError):
            pass
    key = compute()
    if time.time_ns() - newest < 2_000_000_000:
        return key
    try:
        os.makedirs(cache, mode=0o700, exist_ok=True)
        secret = _secret(cache, create=True)
        if secret is not None:
            _write(path, f"{key} {_signature(secret, stamp, key.encode())}".encode())
    except OSError:
        pass  # no writable cache: the key is hashed at every load, which is only slower
    return key


def _content_key(folder: str) -> str:
    digest = hashlib.sha256(f"{_FORMAT}".encode())
    digest.update(_code_digest())
    for name in FILES:
        digest.update(name.encode())
        try:
            with open(os.path.join(folder, name), "rb") as handle:
                digest.update(handle.read())
        except FileNotFoundError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def _finish_killed_import(folder: str) -> None:
    """An import killed where the file system could not swap folders leaves a journal beside the
    data: finish it before reading, so a load never sees half an import."""
    parent, name = os.path.split(os.path.abspath(folder))
    try:
        journals = [f for f in os.listdir(parent) if f.startswith(f".{name}.import-")]
    except OSError:
        return
    if journals:
        from pathlib import Path

        from natoatlas.kb.transaction import recover  # only after a killed import

        try:
            recover(Path(folder))
        except OSError:
            return  # a read-only install: the files are read as they are, and checked as always


def _package_root() -> str | os.PathLike[str]:
    """The folder of the whole ``natoatlas`` package, wherever in it this module lives (the
    package is installed as files: the data and the cache key read them)."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.cache
def _code_digest() -> bytes:
    """The package's version and every module's path, size and modification time: what decides
    whether data passes its checks is spread over the model, the validator and what they import,
    so any change to the code is a new key, and a new rule always runs against the data. Size
    and time are what Python itself trusts to know a module changed (its ``.pyc`` files), and
    reading them is a tenth of the cost of hashing every module at every start."""
    root = os.fspath(_package_root())
    digest = hashlib.sha256(__version__.encode() + b"\0")
    found: list[tuple[str, int, int]] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    stat = entry.stat()
                    found.append((os.path.relpath(entry.path, root), stat.st_size, stat.st_mtime_ns))
    for name, size, mtime in sorted(found):
        digest.update(f"{name}\0{size}\0{mtime}\0".encode())
    return digest.digest()


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _write(path: str, data: bytes) -> None:
    """:func:`natoatlas.files.atomic_write`, readable only by its user (imported to write)."""
    from pathlib import Path

    from natoatlas.files import atomic_write

    atomic_write(Path(path), data, mode=0o600)


def _secret(folder: str, create: bool) -> bytes | None:
    """The per-user key that signs cache files; made on first write, readable only by its user."""
    path = os.path.join(folder, "secret")
    try:
        value = _read(path)
        return value if len(value) == 32 else None
    except FileNotFoundError:
        if not create:
            return None
    import secrets  # only the first write of a cache makes a key

    _write(path, secrets.token_bytes(32))
    return _read(path)


def _signature(secret: bytes, key: str, body: bytes) -> str:
    return hmac.new(secret, key.encode() + b"\0" + body, hashlib.sha256).hexdigest()


def _warn(path: str, why: str) -> None:
    print(f"natoatlas: warning: ignoring the data cache {path} ({why}); rebuilding it", file=sys.stderr)


def _cache_file(key: str) -> str | None:
    folder = _cache_folder()
    return None if folder is None else os.path.join(folder, f"data-{key[:32]}.json")


def _read_cache(key: str, folder: str | None = None) -> Mapping[str, tuple[Any, ...]] | None:
    """The records of the cache of ``key`` (None: none valid); ``folder``: the data that a cache
    found tampered with when read is rebuilt from (without it, :class:`CacheTampered`)."""
    path = _cache_file(key)
    if path is None or not os.path.exists(path):
        return None
    try:
        with open(path, "rb") as handle:
            # Mapped, not read: a query reads the spans of a few files of a cache that is 87 MB
            # at 100× the records (an empty file cannot be mapped: ValueError, a damaged cache).
            whole = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        end = whole.find(b"\n")
        if end < 0:
            raise ValueError("no header line")
        meta = json.loads(whole[:end])
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT or meta.get("key") != key:
            _warn(path, "not written by this version")
            return None
        index = meta["index"]
        secret = _secret(os.path.dirname(path), create=False)
        if secret is None or not hmac.compare_digest(
            str(meta.get("signature")), _signature(secret, key, _index_bytes(index))
        ):
            _warn(path, "its signature does not match")
            return None
        body = _Body(whole, end + 1)
        spans = {name: (int(index[name][0]), int(index[name][1])) for name in FILES}
        digests = {name: str(index["digests"][name]) for name in FILES}
        items = {name: {str(key): (int(a), int(b)) for key, a, b in index["items"][name]} for name in _KEYED}
        groups: dict[str, dict[str, list[tuple[int, int, str]]]] = {}
        for name in _GROUPED:
            runs = groups[name] = {}
            for group, a, b, digest in index["groups"][name]:
                runs.setdefault(str(group), []).append((int(a), int(b), str(digest)))
        everything = [
            *spans.values(),
            *(span for found in items.values() for span in found.values()),
            *(run[:2] for found in groups.values() for runs in found.values() for run in runs),
        ]
        if any(a < 0 or b > len(body) or a > b for a, b in everything):
            raise ValueError("span outside the file")
        return _CachedRecords(body, spans, items, groups, digests, path, folder, key)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        _warn(path, type(err).__name__)
        return None


class _Body:
    """The cache's content after its header line, mapped: slices of it by offsets into the content."""

    def __init__(self, whole: mmap.mmap, start: int) -> None:
        self._whole = whole
        self._start = start

    def __len__(self) -> int:
        return len(self._whole) - self._start

    def span(self, a: int, b: int) -> bytes:
        return self._whole[self._start + a : self._start + b]


class CacheTampered(Exception):
    """A span of the cache is not the bytes its signed index names (see :func:`_build`)."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _index_bytes(index: Any) -> bytes:
    return json.dumps(index, sort_keys=True).encode() + b"\0"


#: The data files whose records the cache also indexes one by one, by key (:meth:`LazyRecords.keyed`).
_KEYED = ("sources.yaml",)

#: The data files whose records the cache also indexes by the value of one field (each run of
#: consecutive records sharing it is one span): a query about one release decodes its figures
#: only (:meth:`LazyRecords.grouped`). The index stays as small as the runs are few.
_GROUPED = {"spending.csv": "release"}


class _CachedRecords(LazyRecords):
    """The records of a signed cache, one data file decoded (and its records built) when first read.

    The signed index names the SHA-256 of each file's span (and of each run of a grouped file):
    a span is checked against it when first read, so a query hashes only what it reads. A span
    that does not match is a cache not written by this loader: it is reported, the data is read
    and checked again, the cache rewritten, and every record served from the checked data.
    """

    def __init__(
        self,
        body: _Body,
        spans: dict[str, tuple[int, int]],
        items: dict[str, dict[str, tuple[int, int]]],
        groups: dict[str, dict[str, list[tuple[int, int, str]]]],
        digests: dict[str, str],
        path: str,
        folder: str | None = None,
        key: str | None = None,
    ) -> None:
        self._body = body
        self._spans = spans
        self._items = items
        self._groups = groups
        self._digests = digests
        self._path = path
        self._folder = folder
        self._key = key
        self._checked: set[str] = set()
        self._done: dict[str, tuple[Any, ...]] = {}
        self._keyed: dict[str, _Keyed] = {}
        self._grouped: dict[tuple[str, str], tuple[Any, ...]] = {}

    def _span(self, a: int, b: int, digest: str) -> bytes | None:
        """The bytes of a span, None (the records rebuilt from the data) if they are not those signed."""
        data = self._body.span(a, b)
        if hmac.compare_digest(_digest(data), digest):
            return data
        self._recover()
        return None

    def _file(self, name: str) -> bytes | None:
        """The span of a whole file, checked (once: the items of a keyed file lie inside it)."""
        a, b = self._spans[name]
        data = self._body.span(a, b)
        if name in self._checked or hmac.compare_digest(_digest(data), self._digests[name]):
            self._checked.add(name)
            return data
        self._recover()
        return None

    def _recover(self) -> None:
        _warn(self._path, "its content does not match its signed index")
        if self._folder is None or self._key is None:
            raise CacheTampered(self._path)
        from pathlib import Path

        fresh, problems = read_all(Path(self._folder))
        if problems:
            from natoatlas.kb.validate import DataError

            raise DataError(problems)
        _write_cache(self._key, fresh)
        self._done = dict(fresh)
        self._groups = {}
        self._grouped = {}

    def grouped(self, name: str, value: str) -> tuple[Any, ...] | None:
        if name not in self._groups:
            return None
        found = self._grouped.get((name, value))
        if found is None:
            whole = self._done.get(name)
            if whole is None:
                build = _builder(FILES[name])
                records = []
                for a, b, digest in self._groups[name].get(value, ()):
                    data = self._span(a, b, digest)
                    if data is None:
                        return None  # rebuilt: the knowledge base reads the whole file
                    records += [build(r) for r in json.loads(b"[" + data + b"]")]
                found = tuple(records)
            else:
                field = _GROUPED[name]
                found = tuple(r for r in whole if getattr(r, field) == value)
            self._grouped[(name, value)] = found
        return found

    def keyed(self, name: str) -> Mapping[str, Any] | None:
        if name not in self._items:
            return None
        found = self._keyed.get(name)
        if found is None:
            found = self._keyed[name] = _Keyed(self, name)
        return found

    def __getitem__(self, name: str) -> tuple[Any, ...]:
        found = self._done.get(name)
        if found is None:
            data = self._file(name)
            if data is None:
                return self._done[name]
            build = _builder(FILES[name])
            found = self._done[name] = tuple(build(r) for r in json.loads(data))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


class _Keyed(Mapping[str, Any]):
    """One data file's records by key, each decoded from its own span when first asked for (all
    of them at once, the same objects, once the whole file has been read)."""

    def __init__(self, cache: _CachedRecords, name: str) -> None:
        self._cache = cache
        self._name = name
        self._spans = cache._items[name]
        self._built: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        found = self._built.get(key)
        if found is not None:
            return found
        cache = self._cache
        whole = cache._done.get(self._name)
        if whole is None:
            a, b = self._spans[key]  # KeyError: no such record
            if cache._file(self._name) is not None:
                data = cache._body.span(a, b)
                found = self._built[key] = _builder(FILES[self._name])(json.loads(data))
                return found
            whole = cache._done[self._name]
        self._built = {r.key: r for r in whole}
        return self._built[key]

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


_Build = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _converter(annotation: Any) -> _Build:
    """How to turn the JSON of a field back into its value: the inverse of :meth:`Frozen.dump`
    for the types the records use (dates, nested records, tuples, optional values)."""
    if annotation is PartialDate:
        return PartialDate.parse
    if isinstance(annotation, type) and issubclass(annotation, Frozen):
        return _builder(annotation)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _converter(args[0])
    if origin is tuple:
        item = _converter(args[0])
        if item is _same:
            return tuple
        return lambda values: tuple(item(v) for v in values)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            convert = _converter(inner[0])
            if convert is _same:
                return _same
            return lambda v: None if v is None else convert(v)
    return _same


@functools.cache
def _builder(model: type[Frozen]) -> _Build:
    """A function that builds a record of ``model`` from its cached JSON (the fields that differ
    from their defaults) without validating it: the record was checked before it was cached."""
    plan = [(f.key, _converter(f.annotation), f.default) for f in model.fields().values()]
    make = model._make

    def build(raw: dict[str, Any]) -> Any:
        values = [convert(raw[key]) if key in raw else default for key, convert, default in plan]
        if any(v is MISSING for v in values):
            raise KeyError(f"{model.__name__}: a required field is missing")
        return make(values)

    return build


def _write_cache(key: str, records: dict[str, tuple[Any, ...]]) -> None:
    path = _cache_file(key)
    if path is None:
        return
    # One JSON object, {file name: [record, …]}, each file's list a span the index points to.
    # The files of _KEYED also index each record's own span, by its key.
    parts: list[bytes] = [b"{"]
    index: dict[str, Any] = {"items": {}, "groups": {}, "digests": {}}
    offset = 1
    for i, (name, items) in enumerate(records.items()):
        prefix = (", " if i else "").encode() + json.dumps(name).encode() + b": "
        pieces = [json.dumps(r.dump(defaults=False), ensure_ascii=False).encode("utf-8") for r in items]
        span = b"[" + b", ".join(pieces) + b"]"
        start = offset + len(prefix)
        index[name] = [start, start + len(span)]
        index["digests"][name] = _digest(span)
        if name in _KEYED:
            where, keyed = start + 1, []
            for record, piece in zip(items, pieces, strict=True):
                keyed.append([record.key, where, where + len(piece)])
                where += len(piece) + 2
            index["items"][name] = keyed
        if name in _GROUPED:
            field, where = _GROUPED[name], start + 1
            runs: list[list[Any]] = []
            for record, piece in zip(items, pieces, strict=True):
                value = getattr(record, field)
                if runs and runs[-1][0] == value:
                    runs[-1][2] = where + len(piece)
                else:
                    runs.append([value, where, where + len(piece)])
                where += len(piece) + 2
            index["groups"][name] = [
                [value, a, b, _digest(span[a - start : b - start])] for value, a, b in runs
            ]
        parts += [prefix, span]
        offset += len(prefix) + len(span)
    parts.append(b"}")
    body = b"".join(parts)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        secret = _secret(os.path.dirname(path), create=True)
        if secret is None:
            return
        signature = _signature(secret, key, _index_bytes(index))
        meta = {"format": _FORMAT, "key": key, "index": index, "signature": signature}
        _write(path, json.dumps(meta).encode() + b"\n" + body)
    except OSError:
        return  # no writable cache: every load parses the YAML, which is only slower
