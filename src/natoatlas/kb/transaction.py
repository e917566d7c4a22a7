"""A write of several data files as one transaction: all of them or none, checked as a whole.

An importer (or ``natoatlas fmt``) hands :func:`commit` the new text of the files it changes; a
reader runs :func:`recover` first (the loader does), so nobody ever sees half a write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from natoatlas import files as files_module
from natoatlas.files import atomic_write, fsync_dir, fsync_tree
from natoatlas.kb.model import FILES

__all__ = ["DataChanged", "commit", "digest", "recover"]


# --- the transaction --------------------------------------------------------------------------
#
# An import writes three files (sources.yaml, releases.yaml, spending.csv) that only make sense
# together. It copies the whole data folder to a sibling ``.NAME.import-XXXX``, writes the new
# files there, flushes it to disk and checks it with the loader's checks. Then:
#
# * where the file system can (Linux, renameat2), the staged folder and the data folder are
#   exchanged in one step: at every moment the data folder is either all old or all new; the old
#   one, now at the staging name, is removed (or by the next import, if killed before);
# * elsewhere, a journal (``.import-journal``, the list of files to move) is written into the
#   staged folder and the files are renamed into the data folder one by one. :func:`recover`,
#   which every import runs first, finishes the renames of a journalled staging folder (roll
#   forward: its files are complete, they were flushed before the journal was written) and
#   removes any staging folder without a journal (roll back: the data folder was not touched).
#
# ``_step`` is called after each change on disk; tests replace it to kill the import there.

_STAGING = ".import-"
_JOURNAL = ".import-journal"


def _step(name: str) -> None:
    """A point at which the import may be killed; tests replace this to do so."""


def digest(path: Path) -> str:
    """The digest of a data file as planned against (``missing`` if there is none)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


class DataChanged(RuntimeError):
    """The data files changed between planning an import and applying it."""


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (the data folder's parent), one import at a time."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, imports must not overlap
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(folder: Path) -> None:
    """Finish or undo what a killed import left beside ``folder``; afterwards no staging is left."""
    if not folder.parent.is_dir():
        return
    with _locked(folder.parent):
        _recover(folder)


def _recover(folder: Path) -> None:
    for leftover in sorted(folder.parent.glob(f".{folder.name}{_STAGING}*")):
        journal = leftover / _JOURNAL
        if journal.is_file():
            try:
                names = json.loads(journal.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                names = None  # a journal is written atomically: an unreadable one was never ours
            if isinstance(names, list) and all(isinstance(n, str) and n in FILES for n in names):
                _roll_forward(leftover, folder, names)
        shutil.rmtree(leftover, ignore_errors=True)


def _roll_forward(staging: Path, folder: Path, names: list[str]) -> None:
    for name in names:
        staged = staging / name
        if staged.exists():
            staged.replace(folder / name)
            _step(f"moved {name}")
    fsync_dir(folder)
    (staging / _JOURNAL).unlink(missing_ok=True)
    _step("journal removed")


def commit(folder: Path, files: dict[str, str], base: dict[str, str], check: Callable[[Path], None]) -> None:
    """Write ``files`` into ``folder`` as one transaction: ``base`` holds the digests the files had
    when the change was planned, and ``check`` (which raises) judges the staged folder as a whole
    before it counts."""
    parent = folder.parent
    with _locked(parent):
        _recover(folder)
        for name, planned in base.items():
            if digest(folder / name) != planned:
                raise DataChanged(f"{folder / name} changed while the import was prepared; run it again")
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}{_STAGING}"))
        try:
            _step("staging made")
            shutil.copytree(folder, staging, symlinks=True, dirs_exist_ok=True)
            staging.chmod(stat.S_IMODE(folder.stat().st_mode))
            _step("copied")
            for name, text in files.items():
                target = folder / name
                mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
                atomic_write(staging / name, text, mode)
                _step(f"staged {name}")
            fsync_tree(staging)
            _step("flushed")
            check(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if files_module.exchange(staging, folder):
            fsync_dir(parent)
            _step("exchanged")
            shutil.rmtree(staging)  # the old data folder
            _step("old removed")
            return
        atomic_write(staging / _JOURNAL, json.dumps(sorted(files)))
        fsync_dir(staging)
        _step("journal written")
        _roll_forward(staging, folder, sorted(files))
        shutil.rmtree(staging)
        _step("staging removed")
