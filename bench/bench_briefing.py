"""Benchmark of the briefing: time to build each format for one date, cold and warm (prints only).

Cold: a fresh process that imports, loads the Atlas, builds the briefing and writes the file.
Warm: the same briefing written again in a process that has already done it once.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import natoatlas
from natoatlas.briefing import build
from natoatlas.writers import write

DAY = "2025-05-01"
FORMATS = ("md", "html", "pdf", "pptx")
COLD = """
import time, sys
start = time.perf_counter()
import natoatlas
from natoatlas.briefing import build
from natoatlas.writers import write
from pathlib import Path
write(build(natoatlas.load(), on="{day}", lang="ja"), Path(sys.argv[1]))
print(time.perf_counter() - start)
"""


def main() -> None:
    atlas = natoatlas.load()
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            path = Path(folder) / f"brief.{fmt}"
            cold = subprocess.run(
                [sys.executable, "-c", COLD.format(day=DAY), str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            write(build(atlas, on=DAY, lang="ja"), path)  # warm the caches in this process
            start = time.perf_counter()
            brief = build(atlas, on=DAY, lang="ja")
            built = time.perf_counter()
            write(brief, path)
            done = time.perf_counter()
            print(
                f"{fmt:5} cold {float(cold.stdout):6.1f} s   warm {done - start:6.2f} s "
                f"(build {built - start:.2f} s, write {done - built:.2f} s)   {path.stat().st_size / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    main()
