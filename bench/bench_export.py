"""Benchmark of the exports: time of each format (prints only)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import natoatlas
from natoatlas.render.export import FORMATS, export, tables


def main() -> None:
    atlas = natoatlas.load()
    start = time.perf_counter()
    built = tables(atlas)
    print(
        f"tables: {len(built)} tables, {sum(len(t.rows) for t in built.values()):,} rows in {time.perf_counter() - start:.2f} s"
    )
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            start = time.perf_counter()
            written = export(atlas, fmt, Path(folder) / fmt)
            elapsed = time.perf_counter() - start
            size = sum(p.stat().st_size for p in written)
            print(f"{fmt:12} {elapsed:6.2f} s   {len(written):3} files   {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
