"""Writing files so that a reader never sees half of one: briefings, charts, data and the cache.

Besides :func:`atomic_write` (one file), the helpers here make a change to a whole folder atomic:
:func:`exchange` swaps two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``), and
:func:`fsync_tree` / :func:`fsync_dir` put a staged folder and a rename on disk before it counts.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["atomic_write", "exchange", "fsync_dir", "fsync_tree"]


def atomic_write(path: Path, data: bytes | str, mode: int = 0o644) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place.

    Text is written as UTF-8. The file is readable by all (0644), as a plain write would leave it,
    unless ``mode`` says otherwise (the cache is 0600: only its user reads it).
    """
    import tempfile  # only a write needs it (a query from the cache writes nothing)

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        handle.flush()
        os.fsync(handle.fileno())
    temp = Path(handle.name)
    try:
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (the renames into it) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename is still atomic
    finally:
        os.close(fd)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder under ``root`` to disk (a copy made by shutil is not)."""
    for folder, _, names in os.walk(root):
        for name in names:
            fd = os.open(Path(folder) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(folder))


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux's renameat2(RENAME_EXCHANGE); False where unsupported.

    Either name always holds one of the two folders: there is no moment at which ``b`` is missing,
    which two plain renames cannot promise.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: the file system cannot exchange
        return False
    raise OSError(errno, os.strerror(errno), str(b))
