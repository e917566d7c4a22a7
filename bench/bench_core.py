"""Benchmark of the foundation: prints figures, asserts nothing (run with `make bench`).

- cold start of `natoatlas members --json` as a whole process;
- Atlas load time (read, validate and index every data file);
- mean time of `atlas.members(on=…)` over 10,000 random dates.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from natoatlas.atlas import Atlas, load
from natoatlas.kb.loader import _build


def cold_start(runs: int = 10) -> list[float]:
    exe = shutil.which("natoatlas") or str(Path(sys.executable).with_name("natoatlas"))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, "members", "--json"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def load_times(runs: int = 20, cached: bool = True) -> list[float]:
    """Load time with the cache of checked data, or with every file parsed and checked."""
    os.environ.pop("NATOATLAS_NO_CACHE", None)
    if not cached:
        os.environ["NATOATLAS_NO_CACHE"] = "1"
    _build(None)  # warm the cache (and imports) once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        Atlas(_build(None))
        times.append(time.perf_counter() - start)
    os.environ.pop("NATOATLAS_NO_CACHE", None)
    return times


def members_mean(queries: int = 10_000) -> float:
    atlas = load()
    rng = random.Random(1949)
    first, last = dt.date(1940, 1, 1).toordinal(), dt.date(2030, 12, 31).toordinal()
    days = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(queries)]
    start = time.perf_counter()
    for day in days:
        atlas.members(on=day)
    return (time.perf_counter() - start) / queries


def main() -> None:
    cold = cold_start()
    loads = load_times()
    full = load_times(runs=5, cached=False)
    mean = members_mean()
    print(
        f"cold start `natoatlas members --json`: median {statistics.median(cold) * 1000:.0f} ms, "
        f"min {min(cold) * 1000:.0f} ms over {len(cold)} runs"
    )
    print(
        f"Atlas load: median {statistics.median(loads) * 1000:.1f} ms, min {min(loads) * 1000:.1f} ms "
        f"over {len(loads)} loads from the cache of checked data; "
        f"full parse and check: median {statistics.median(full) * 1000:.0f} ms"
    )
    print(f"atlas.members(on=…): mean {mean * 1e6:.2f} µs over 10,000 random dates")


if __name__ == "__main__":
    main()
