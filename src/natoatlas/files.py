"""Writing files so that a reader never sees half of one: briefings, charts, data and the cache."""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Text is written as UTF-8. The file is readable by all (0644), as a plain write would leave it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    temp = Path(handle.name)
    try:
        temp.chmod(0o644)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path
